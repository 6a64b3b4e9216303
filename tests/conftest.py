"""Shared fixtures: a private copy of the fixture course (tests never write into the repository)."""
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_LESSONS = Path(__file__).parent / "fixtures" / "course" / "lessons"


def copy_fixture_course(root):
    """Make ``root`` a course holding the fixture lesson, with the repository's own nbgrader settings."""
    shutil.copytree(FIXTURE_LESSONS, Path(root) / "lessons")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    return Path(root)


@pytest.fixture
def course(tmp_path):
    """A fresh copy of the fixture course for one test."""
    return copy_fixture_course(tmp_path / "course")
