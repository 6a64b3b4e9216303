"""The learner's lab (``mlcourse start``) hides nbgrader's instructor tools; plain JupyterLab keeps them."""
import os
import sys

from mlcourse.commands.learner_lab import INSTRUCTOR_PLUGINS, hide_instructor_plugins
from tests.labserver import python_lab, running_lab

VALIDATE_PLUGIN = "@jupyter/nbgrader:validate-assignment"


def test_hiding_adds_the_instructor_plugins_to_those_already_disabled():
    config = hide_instructor_plugins({"disabledExtensions": ["some:plugin", INSTRUCTOR_PLUGINS[0]]})
    assert config["disabledExtensions"] == ["some:plugin", *INSTRUCTOR_PLUGINS]
    assert hide_instructor_plugins(config)["disabledExtensions"] == ["some:plugin", *INSTRUCTOR_PLUGINS]
    assert VALIDATE_PLUGIN not in INSTRUCTOR_PLUGINS
    assert hide_instructor_plugins({})["disabledExtensions"] == INSTRUCTOR_PLUGINS


def test_mlcourse_start_opens_a_lab_without_instructor_tools(course, tmp_path):
    env = dict(os.environ, MLCOURSE_ROOT=str(course))
    command = [sys.executable, "-m", "mlcourse.commands.cli", "start", "--workspace", str(tmp_path / "ws"), "--"]
    with running_lab(command, cwd=tmp_path, tmp=tmp_path, env=env) as lab:
        disabled = lab.page_config()["disabledExtensions"]
        hidden = [plugin for plugin in INSTRUCTOR_PLUGINS if plugin in disabled]
        assert hidden == INSTRUCTOR_PLUGINS, f"the learner's lab shows {set(INSTRUCTOR_PLUGINS) - set(hidden)}"
        assert VALIDATE_PLUGIN not in disabled, "the learner's Validate button is gone"
        assert lab.get("/formgrader")[0] == 404, "the learner's lab serves the formgrader"
        assert lab.get("/nbgrader_version?version=0")[0] == 200, "the Validate button's server side is off"
    assert (tmp_path / "ws" / "99_fixture" / "fixture.ipynb").is_file()


def test_plain_jupyter_lab_keeps_the_instructor_tools(course, tmp_path):
    with running_lab(python_lab(), cwd=course, tmp=tmp_path) as lab:
        disabled = lab.page_config()["disabledExtensions"]
        assert not set(INSTRUCTOR_PLUGINS) & set(disabled)
        assert lab.get("/formgrader")[0] == 200
