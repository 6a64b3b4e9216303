"""nbgrader_config.py as nbgrader's own commands read it: an absolute course root, no warnings."""
import os
import subprocess
import sys
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader


def test_course_root_is_the_config_files_own_folder(course, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # not the course: the root must not depend on the current folder
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    assert config.CourseDirectory.root == str(course.resolve())


def test_nbgrader_command_prints_no_warning(course):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "99_fixture"], cwd=course,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    warnings = [line for line in (proc.stdout + proc.stderr).splitlines() if "WARNING" in line]
    assert not warnings, "nbgrader warns:\n" + "\n".join(warnings)
    assert (course / "release" / "99_fixture" / "fixture.ipynb").is_file()
