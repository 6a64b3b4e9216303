"""The command line ``mlcourse`` on the fixture course (tests/fixtures/course).

Exit codes and messages are checked through ``python -m mlcourse.commands.cli`` in a subprocess; the
runner is also called directly where that is faster.
"""
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

from mlcourse.commands import cli, doctor, runner, workspace
from mlcourse.commands.course import resolve_notebooks
from mlcourse.commands.learner_lab import lab_options
from tests.helpers import edited_copy, mlcourse

LESSON = "99_fixture"
NOTEBOOK = "fixture.ipynb"


def mlcourse_here(course, monkeypatch, capsys, *args):
    """Call ``mlcourse ARGS`` in this process (faster); return (exit code, stdout, stderr)."""
    monkeypatch.setenv("MLCOURSE_ROOT", str(course))
    monkeypatch.chdir(course.parent)
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def add_lesson(course, name, *extra_cells):
    """A lesson ``name`` made of the fixture notebook with code cells inserted after the setup cell."""
    nb = nbformat.read(course / "lessons" / LESSON / NOTEBOOK, as_version=4)
    for offset, source in enumerate(extra_cells):
        nb.cells.insert(2 + offset, nbformat.v4.new_code_cell(source))
    folder = course / "lessons" / name
    folder.mkdir()
    nbformat.write(nb, folder / NOTEBOOK)
    return folder / NOTEBOOK


def workspace_copy(course, **sources):
    """Edit the workspace copy of the fixture notebook: cells named by grade_id get new sources."""
    path = course / "workspace" / LESSON / NOTEBOOK
    return edited_copy(path, path, sources)


def snapshot(folder):
    """{relative path: bytes} of every file under ``folder``."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- mlcourse run ---------------------------------------------------------------------------

def test_run_reports_time_and_metrics_as_table_and_json(course, tmp_path, monkeypatch, capsys):
    before = snapshot(course / "lessons")
    out = tmp_path / "run.json"
    code, stdout, stderr = mlcourse_here(course, monkeypatch, capsys, "run", "99", "--json", str(out),
                                         "--save", str(tmp_path / "executed"))
    assert code == 0, stdout + stderr
    [result] = json.loads(out.read_text())
    assert result["notebook"] == f"{LESSON}/{NOTEBOOK}" and result["mode"] == "fast"
    assert result["seconds"] > 0 and result["metrics"] == {"answer": 42.0} and result["error"] is None
    assert f"{LESSON}/{NOTEBOOK}" in stdout and "answer=42.0000" in stdout
    executed = nbformat.read(tmp_path / "executed" / LESSON / NOTEBOOK, as_version=4)
    assert "mode: fast" in executed.cells[1].outputs[0].text
    assert snapshot(course / "lessons") == before  # nothing written into lessons/


def test_run_sets_the_mode_and_headless_flag_for_the_kernel(course):
    path = add_lesson(course, "98_modes", "mlcourse.record(fast=mlcourse.is_fast(), "
                                          "headless=mlcourse.modes.is_headless())")
    fast = runner.run_notebook(path, course, fast=True)
    full = runner.run_notebook(path, course, fast=False)
    assert fast["metrics"] == {"fast": 1.0, "headless": 1.0, "answer": 42.0} and fast["mode"] == "fast"
    assert full["metrics"] == {"fast": 0.0, "headless": 1.0, "answer": 42.0} and full["mode"] == "full"


def test_run_names_the_failing_cell_runs_the_rest_and_exits_1(course, tmp_path):
    add_lesson(course, "98_broken", "x = 1\nraise ValueError('boom')")
    out = tmp_path / "run.json"
    proc = mlcourse(course, "run", "all", "--json", str(out), cwd=course.parent)
    assert proc.returncode == 1
    assert "FAILED 98_broken/fixture.ipynb in cell index 2 (`x = 1`): ValueError: boom" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    broken, fine = json.loads(out.read_text())
    assert broken["error"] == {"cell": 2, "source": "x = 1", "message": "ValueError: boom"}
    assert fine["notebook"] == f"{LESSON}/{NOTEBOOK}" and fine["metrics"] == {"answer": 42.0}


def test_run_takes_one_notebook_of_a_lesson(course, tmp_path):
    add_lesson(course, "98_other", "x = 1")
    other = course / "lessons" / LESSON / "second.ipynb"
    shutil.copy(course / "lessons" / LESSON / NOTEBOOK, other)
    number = LESSON.split("_")[0]
    for name in [f"{LESSON}/{NOTEBOOK}", f"{number}/{Path(NOTEBOOK).stem}"]:
        assert resolve_notebooks(course, [name]) == [course / "lessons" / LESSON / NOTEBOOK]
    assert resolve_notebooks(course, [LESSON]) == sorted([course / "lessons" / LESSON / NOTEBOOK, other])
    assert len(resolve_notebooks(course, ["all"])) == 3
    out = tmp_path / "run.json"
    proc = mlcourse(course, "run", f"{LESSON}/second", "--json", str(out), cwd=course.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [r["notebook"] for r in json.loads(out.read_text())] == [f"{LESSON}/second.ipynb"]


def test_unknown_notebook_names_the_lesson_notebooks(course):
    proc = mlcourse(course, "run", f"{LESSON}/nope", cwd=course.parent)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"mlcourse: error: no notebook called 'nope' in {LESSON}; its notebooks are: {Path(NOTEBOOK).stem}."]


def test_run_stops_a_cell_that_runs_too_long(course):
    path = add_lesson(course, "98_slow", "import time\ntime.sleep(60)")
    result = runner.run_notebook(path, course, timeout=2)
    assert result["error"]["cell"] == 2 and "longer than 2 s" in result["error"]["message"]


@pytest.mark.parametrize("command", [["run", "nope"], ["check", "nope"], ["release", "42"]])
def test_unknown_lesson_is_one_sentence_and_exit_2(course, command):
    proc = mlcourse(course, *command, cwd=course.parent)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"mlcourse: error: no lesson called '{command[1]}'; the lessons are: {LESSON}."]


def test_no_course_folder_is_one_sentence(tmp_path):
    proc = mlcourse(tmp_path / "nowhere", "run", "all", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("mlcourse: error: MLCOURSE_ROOT=")
    assert "Traceback" not in proc.stderr


# --- mlcourse release -----------------------------------------------------------------------

def test_release_into_release_folder_with_chosen_gradebook(course, tmp_path):
    proc = mlcourse(course, "release", "--db", str(tmp_path / "other.db"), cwd=course.parent)
    assert proc.returncode == 0, proc.stderr
    assert f"released {course / 'release' / LESSON}: {NOTEBOOK}" in proc.stdout
    assert (tmp_path / "other.db").is_file() and not (course / "gradebook.db").exists()
    assert "BEGIN SOLUTION" not in (course / "release" / LESSON / NOTEBOOK).read_text()


# --- mlcourse start -------------------------------------------------------------------------

def test_start_prepares_the_workspace_and_never_overwrites(course, monkeypatch, capsys):
    proc = mlcourse(course, "start", "--no-lab", cwd=course.parent)
    assert proc.returncode == 0, proc.stderr
    copy = course / "workspace" / LESSON / NOTEBOOK
    assert copy.read_bytes() == (course / "release" / LESSON / NOTEBOOK).read_bytes()
    assert f"  new   course/workspace/{LESSON}/{NOTEBOOK}\n" in proc.stdout  # relative to the current folder
    copy.write_text(copy.read_text().replace("# YOUR CODE HERE", "# my work"))
    edited = copy.read_bytes()
    # The source changes: the release is refreshed, the learner's copy is not.
    source = course / "lessons" / LESSON / NOTEBOOK
    source.write_text(source.read_text().replace("Fixture lesson", "Fixture lesson, revised"))
    code, stdout, _ = mlcourse_here(course, monkeypatch, capsys, "start", "--no-lab")
    assert code == 0
    assert "revised" in (course / "release" / LESSON / NOTEBOOK).read_text()
    assert copy.read_bytes() == edited
    assert (f"  kept  course/workspace/{LESSON}/{NOTEBOOK} (yours, not overwritten; "
            f"the updated lesson is in course/release/{LESSON})") in stdout
    # A deleted copy comes back fresh.
    copy.unlink()
    code, stdout, _ = mlcourse_here(course, monkeypatch, capsys, "start", "--no-lab")
    assert "revised" in copy.read_text() and f"  new   course/workspace/{LESSON}/{NOTEBOOK}" in stdout


def test_start_in_a_chosen_workspace_folder(course, tmp_path):
    new, kept = workspace.fill_workspace(course, tmp_path / "mine", [])
    assert new == kept == []
    assert workspace.start(course, workspace=tmp_path / "mine", lab=False) == 0
    assert (tmp_path / "mine" / LESSON / NOTEBOOK).is_file()


def test_start_runs_jupyterlab_in_the_workspace(course, tmp_path, monkeypatch, capsys):
    calls = []

    def fake_execv(program, argv):
        calls.append(argv)
        raise SystemExit(0)  # stands in for the process becoming JupyterLab

    monkeypatch.setattr(workspace.os, "execv", fake_execv)
    with pytest.raises(SystemExit):
        mlcourse_here(course, monkeypatch, capsys, "start", "--workspace", str(tmp_path / "ws"), "--", "--no-browser")
    as_root = ["--allow-root"] if os.geteuid() == 0 else []  # JupyterLab refuses root without it
    assert calls == [[sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={tmp_path / 'ws'}",
                      *lab_options(), "--no-browser", *as_root]]


def test_stale_lessons_are_those_whose_source_changed_since_the_release(course):
    assert workspace.stale_lessons(course, [LESSON]) == [LESSON]  # never released
    workspace.release(course, [LESSON])
    assert workspace.stale_lessons(course, [LESSON]) == []
    source = course / "lessons" / LESSON / NOTEBOOK
    later = (course / "release" / LESSON / NOTEBOOK).stat().st_mtime + 10
    os.utime(source, (later, later))
    assert workspace.stale_lessons(course, [LESSON]) == [LESSON]


# --- mlcourse check -------------------------------------------------------------------------

@pytest.fixture
def started(course):
    """The fixture course with a workspace (``mlcourse start --no-lab``)."""
    assert workspace.start(course, lab=False) == 0
    return course


ADD = "def add(a, b):\n    return a + b"
SQUARE = "def square(x):\n    return x * x"


def exercise_lines(stdout):
    """{grade_id: rest of its line} from the output of ``mlcourse check``."""
    lines = [line.split(None, 1) for line in stdout.splitlines() if line.startswith("  test_")]
    return {grade_id: rest for grade_id, rest in lines}


def test_check_full_marks_exit_0(started, monkeypatch, capsys):
    workspace_copy(started, add=ADD, square=SQUARE)
    gradebook = (started / "gradebook.db").read_bytes()
    code, stdout, stderr = mlcourse_here(started, monkeypatch, capsys, "check", LESSON)
    assert code == 0, stdout + stderr
    assert exercise_lines(stdout) == {"test_add": "2 / 2", "test_square": "1 / 1"}
    assert f"Total for {LESSON}: 3 / 3" in stdout
    assert (started / "gradebook.db").read_bytes() == gradebook  # the instructor's gradebook is untouched
    assert not (started / "submitted").exists()


def test_check_wrong_answer_loses_exactly_that_exercise(started):
    workspace_copy(started, add=ADD, square="def square(x):\n    return 2 * x")
    proc = mlcourse(started, "check", "99", cwd=started.parent)
    assert proc.returncode == 1
    assert exercise_lines(proc.stdout) == {"test_add": "2 / 2",
                                           "test_square": "0 / 1   AssertionError: square(3) should be 9"}
    assert f"Total for {LESSON}: 2 / 3" in proc.stdout


def test_check_untouched_release_scores_zero(started, monkeypatch, capsys):
    code, stdout, _ = mlcourse_here(started, monkeypatch, capsys, "check", LESSON)
    assert code == 1
    lines = exercise_lines(stdout)
    assert lines["test_add"].startswith("0 / 2   NotImplementedError")
    assert lines["test_square"].startswith("0 / 1   NotImplementedError")
    assert f"Total for {LESSON}: 0 / 3" in stdout


def test_check_without_workspace_says_run_start(course):
    proc = mlcourse(course, "check", LESSON, cwd=course.parent)
    assert proc.returncode == 2
    assert "run `mlcourse start` first" in proc.stderr and "Traceback" not in proc.stderr


def test_check_broken_json_names_the_file(started):
    copy = started / "workspace" / LESSON / NOTEBOOK
    copy.write_text(copy.read_text()[:-20])
    proc = mlcourse(started, "check", LESSON, cwd=started.parent)
    assert proc.returncode == 1
    assert f"NOT GRADED: {copy} is not valid JSON" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


# --- mlcourse start --reset ------------------------------------------------------------------

def test_start_reset_keeps_the_learners_copy_aside_and_puts_a_fresh_one_back(started, monkeypatch, capsys):
    copy = workspace_copy(started, add="def add(a, b):\n    return broken(")
    broken = copy.read_bytes()
    code, stdout, _ = mlcourse_here(started, monkeypatch, capsys, "start", "--reset", "99/fixture")
    assert code == 0
    assert copy.read_bytes() == (started / "release" / LESSON / NOTEBOOK).read_bytes()
    [aside] = (started / "workspace" / LESSON).glob("fixture.reset-*.ipynb")
    assert re.fullmatch(r"fixture\.reset-\d{8}-\d{6}\.ipynb", aside.name)
    assert aside.read_bytes() == broken and f"(yours is now {aside.name})" in stdout
    assert "Reload Notebook from Disk" in stdout  # else JupyterLab saves the old one over it
    # Twice in the same second: a new name, nothing overwritten.
    copy.write_text(copy.read_text().replace("# YOUR CODE HERE", "# second try"))
    second = copy.read_bytes()
    now = time.mktime(time.strptime(aside.name.split(".")[1][len("reset-"):], "%Y%m%d-%H%M%S"))
    [(fresh, aside2)] = workspace.reset(started, LESSON, now=now)  # the whole lesson: its one notebook
    assert fresh == copy and aside2.name == aside.name.replace(".ipynb", "-2.ipynb")
    assert aside.read_bytes() == broken and aside2.read_bytes() == second


@pytest.mark.parametrize("target, message", [
    ("42", "no lesson called '42'; the lessons are: 99_fixture."),
    ("99/nope", f"no notebook called 'nope' in {LESSON}; its notebooks are: fixture."),
    ("99/fixture", f"there is no copy of {LESSON}/fixture in WS to reset: run `mlcourse start` to get the notebooks."),
])
def test_start_reset_of_what_does_not_exist_is_one_sentence(course, target, message):
    proc = mlcourse(course, "start", "--reset", target, cwd=course.parent)
    assert proc.returncode == 2
    workspace_folder = os.path.relpath(course / "workspace", course.parent)
    assert proc.stderr == f"mlcourse: error: {message.replace('WS', workspace_folder)}\n"
    assert not (course / "workspace").exists()


# --- mlcourse doctor ------------------------------------------------------------------------

def test_doctor_is_happy_here_and_prints_versions(course):
    proc = mlcourse(course, "doctor", cwd=course.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for package in ["numpy", "tensorflow", "keras", "nbgrader", "jupyterlab"]:
        assert f"ok    {package} " in proc.stdout
    assert "MNIST data intact" in proc.stdout
    assert "no GPU: TensorFlow will use the CPU" in proc.stdout or "TensorFlow will use the GPU" in proc.stdout
    assert f"lessons: {LESSON}" in proc.stdout and "All is well." in proc.stdout


def test_doctor_reports_a_broken_course_folder_and_exits_1(tmp_path, monkeypatch, capsys):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "nbgrader_config.py").write_text("")
    monkeypatch.setattr(doctor, "check_device", lambda: (True, "device not checked in this test", ""))
    monkeypatch.setenv("MLCOURSE_ROOT", str(tmp_path))
    assert doctor.doctor() == 1
    stdout = capsys.readouterr().out
    assert "FAIL  course folder" in stdout and "has no lessons" in stdout and "1 problem(s) found" in stdout
