"""Reading lesson notebooks for the tests: setup, solution and test cells by grade_id."""
import importlib
from pathlib import Path
from typing import NamedTuple

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"


def lesson_names():
    return sorted(p.name for p in LESSONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def notebook_paths():
    return sorted(LESSONS.glob("*/*.ipynb"))


class Exercise(NamedTuple):
    """A solution cell and the first graded test cell after it."""

    solution_id: str
    solution: str   # the solution cell's source
    test_id: str
    test: str       # the test cell's source, hidden tests included
    points: float


def exercises(path):
    """The notebook's setup code and its exercises: (setup_source, [Exercise, ...]) in notebook order."""
    nb = nbformat.read(path, as_version=4)
    setup = next(c.source for c in nb.cells if c.cell_type == "code")
    found, pending = [], None
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            pending = (meta["grade_id"], cell.source)
        elif meta.get("grade") and pending:
            found.append(Exercise(*pending, meta["grade_id"], cell.source, meta["points"]))
            pending = None
    return setup, found


def visible_part(test_source):
    """What a learner sees of a test cell: everything before the hidden tests."""
    return test_source.split("### BEGIN HIDDEN TESTS")[0]


def mistake_catalogue(lesson):
    """MISTAKES of tests/mistakes/lesson<lesson>.py, or {} if the lesson has none yet."""
    try:
        return importlib.import_module(f"tests.mistakes.lesson{lesson}").MISTAKES
    except ModuleNotFoundError:
        return {}


def correct_variants(lesson):
    """CORRECT of tests/mistakes/lesson<lesson>.py: right answers written another way, or {}."""
    try:
        return getattr(importlib.import_module(f"tests.mistakes.lesson{lesson}"), "CORRECT", {})
    except ModuleNotFoundError:
        return {}
