"""Project-level rules: dependencies in step, CI runs the README's command, notebooks well formed."""
import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from packaging.specifiers import SpecifierSet

from mlcourse.commands import doctor
from mlcourse.commands.doctor import SUPPORTED_PYTHON

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "lessons").glob("*/*.ipynb"))


def _requirement_map(lines):
    found = {}
    for line in lines:
        match = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*([<>=!~].*)?$", line)
        if match:
            found[match.group(1).lower()] = (match.group(2) or "").replace(" ", "")
    return found


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _requirement_map(project["dependencies"] + project["optional-dependencies"]["test"])
    pip_lines = [line.strip()[2:] for line in (ROOT / "environment.yml").read_text().splitlines()
                 if line.strip().startswith("- ") and not line.strip().startswith("- -e")]
    conda = _requirement_map(pip_lines)
    for name, spec in wanted.items():
        assert conda.get(name) == spec, f"environment.yml has {name}{conda.get(name)}, pyproject {name}{spec}"
    assert conda["python"] == project["requires-python"], "environment.yml and pyproject admit different Pythons"


def test_supported_python_range_is_where_tensorflow_has_wheels():
    spec = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    admitted = [f"3.{minor}" for minor in range(8, 20) if f"3.{minor}.0" in spec]
    # TensorFlow 2.21 has wheels for 3.10-3.13; 3.14 has only a release candidate. Widen both
    # ends together when TensorFlow ships wheels for a newer Python.
    assert admitted == ["3.11", "3.12", "3.13"], f"requires-python admits {admitted}"
    assert admitted == [f"{major}.{minor}" for major, minor in SUPPORTED_PYTHON], "mlcourse doctor disagrees"


def test_doctor_names_the_supported_pythons_when_this_one_is_not(monkeypatch):
    ok, _, _ = doctor.check_python()
    assert ok, "this Python is in the supported range, so doctor must accept it"
    monkeypatch.setattr(doctor, "SUPPORTED_PYTHON", [(3, 98), (3, 99)])
    ok, what, fix = doctor.check_python()
    assert not ok and what.startswith(f"Python {sys.version_info.major}.{sys.version_info.minor}")
    assert "Python 3.98, 3.99" in fix


def test_installed_metadata_states_the_python_range():
    """pip enforces the installed (built) metadata, not pyproject.toml: the two must agree."""
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    installed = metadata.metadata("mlcourse")["Requires-Python"]
    assert SpecifierSet(installed) == SpecifierSet(wanted), (
        f"the installed mlcourse says Requires-Python {installed}, pyproject.toml {wanted}: "
        "run `pip install -e \".[test]\"` again")


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- test-command -->\n```bash\n(.+?)\n```\n<!-- /test-command -->", readme, re.S)
    assert block, "README needs the test command between <!-- test-command --> markers"
    extracted = subprocess.run(["bash", ".ci/run", "--print-command"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout
    assert extracted == block.group(1) + "\n"
    assert "pytest" in extracted and "pip install" in extracted


def test_generated_folders_are_ignored():
    ignored = (ROOT / ".gitignore").read_text().split()
    for folder in ["/release/", "/submitted/", "/autograded/", "/feedback/", "/handouts/", "/workspace/",
                   "/gradebook.db"]:
        assert folder in ignored


def test_there_are_lesson_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_nbgrader_metadata(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    ids = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if not meta:
            assert cell.cell_type == "markdown" or "BEGIN SOLUTION" not in cell.source
            continue
        assert meta["schema_version"] == 3
        ids.append(meta["grade_id"])
        if meta.get("solution"):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            assert not meta.get("locked")
        if meta.get("grade"):
            assert meta["points"] > 0 and meta["locked"]
            assert "### BEGIN HIDDEN TESTS" in cell.source, f"{meta['grade_id']} has no hidden tests"
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "mlcourse.setup(" in first_code.source, "the first code cell must call mlcourse.setup()"


def _private_names_crossing(path):
    """``file:line name`` for each private name that ``path`` takes from another mlcourse module.

    Caught: ``from .x import _name`` and ``from mlcourse.x import _name`` (also inside functions),
    and ``module._name`` where ``module`` was imported from mlcourse. Dunder names are not private.
    """
    def private(name):
        return name.startswith("_") and not name.endswith("__")

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "mlcourse"):
            found += [f"{path.name}:{node.lineno} {a.name}" for a in node.names if private(a.name)]
            modules.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name.split(".")[0] == "mlcourse")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr) and ast.unparse(node.value) in modules:
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


def test_no_private_name_crosses_a_module_boundary():
    crossing = [hit for path in sorted((ROOT / "mlcourse").rglob("*.py")) for hit in _private_names_crossing(path)]
    assert not crossing, (f"private names used outside their module: {crossing}; make what another module "
                          f"needs public (no underscore) in the module that owns it")


def test_private_name_check_catches_each_form(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from .grading import _ANSI, first_line\n"
                      "from mlcourse.commands.grading import _run_app\n"
                      "from . import classroom\n"
                      "def f():\n"
                      "    from .grading import _generate_assignment\n"
                      "    return classroom._kill_tree, classroom.__name__, first_line\n")
    assert _private_names_crossing(module) == ["example.py:1 _ANSI", "example.py:2 _run_app",
                                               "example.py:5 _generate_assignment", "example.py:6 classroom._kill_tree"]


def relative_imports_that_do_not_resolve(package):
    """'file:line module' for each ``from .x import ...`` in ``package`` (any depth, also inside
    functions, which run only when called) whose module file does not exist."""
    missing = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                target = base.joinpath(*node.module.split(".")) if node.module else base
                if not (target.with_suffix(".py").exists() or (target / "__init__.py").exists()):
                    missing.append(f"{path.relative_to(package.parent)}:{node.lineno} {'.' * node.level}{node.module}")
    return missing


def test_every_relative_import_names_a_module_that_exists(tmp_path):
    # A function-local import of a moved module only fails when that function runs.
    assert relative_imports_that_do_not_resolve(ROOT / "mlcourse") == []
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("def f():\n    from .gone import x\n")
    assert relative_imports_that_do_not_resolve(tmp_path / "pkg") == ["pkg/a.py:2 .gone"]
