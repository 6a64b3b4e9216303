"""The grading API (release, autograde_in_scratch, the config) on the fixture lesson
tests/fixtures/course/lessons/99_fixture.

The fixture notebook has two exercises: ``add`` (test cell ``test_add``, 2 points, one visible
and one hidden assert) and ``square`` (``test_square``, 1 point).
"""
import shutil
import sqlite3

import nbformat
import pytest

from mlcourse.commands.autograde import autograde_in_scratch
from mlcourse.commands.nbgrader_apps import GradingError, load_nbgrader_config
from mlcourse.commands.release import release
from tests.conftest import copy_fixture_course
from tests.helpers import edited_copy, grade_id

LESSON = "99_fixture"
NOTEBOOK = "fixture.ipynb"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The release of the fixture lesson, made once: (course root, released notebook path)."""
    root = tmp_path_factory.mktemp("released") / "course"
    copy_fixture_course(root)
    [folder] = release(root, [LESSON])
    return root, folder / NOTEBOOK


def edited(release_nb, tmp_path, **sources):
    """A copy of the released notebook with the cells named by grade_id given new sources."""
    return edited_copy(release_nb, tmp_path / "submission" / NOTEBOOK, sources)


ADD = "def add(a, b):\n    return a + b"
SQUARE = "def square(x):\n    return x * x"


def test_release_has_no_solution_code_and_no_hidden_tests(released):
    root, release_nb = released
    assert release_nb == root / "release" / LESSON / NOTEBOOK
    text = release_nb.read_text()
    assert "BEGIN SOLUTION" not in text and "return a + b" not in text and "return x * x" not in text
    assert "HIDDEN TESTS" not in text and "add(-2, 5)" not in text
    assert "raise NotImplementedError()" in text
    assert 'assert add(1, 2) == 3' in text  # the visible test stays


def test_release_refreshes_and_records_the_lesson_in_the_chosen_gradebook(course, tmp_path):
    db = tmp_path / "elsewhere.db"
    [folder] = release(course, [LESSON], db_url=f"sqlite:///{db}")
    (folder / NOTEBOOK).write_text("stale")
    release(course, [LESSON], db_url=f"sqlite:///{db}")
    assert "NotImplementedError" in (folder / NOTEBOOK).read_text()
    assert not (course / "gradebook.db").exists()  # --db / CourseDirectory.db_url is honoured
    with sqlite3.connect(db) as con:
        assert con.execute("select name from assignment").fetchall() == [(LESSON,)]
        cells = dict(con.execute("select base_cell.name, grade_cells.max_score from grade_cells "
                                 "join base_cell on base_cell.id = grade_cells.id").fetchall())
    assert cells == {"test_add": 2.0, "test_square": 1.0}


def test_release_writes_the_gradebook_at_the_course_root_by_default(course):
    release(course, [LESSON])
    assert (course / "gradebook.db").is_file()


def test_release_says_which_grade_id_is_duplicated(course):
    path = course / "lessons" / LESSON / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    [square_tests] = [c for c in nb.cells if grade_id(c) == "test_square"]
    square_tests.metadata.nbgrader.grade_id = "test_add"
    nbformat.write(nb, path)
    with pytest.raises(GradingError, match="Duplicate grade id: test_add"):
        release(course, [LESSON])


def test_source_notebook_scores_full_marks(course):
    results = autograde_in_scratch(course, LESSON, {NOTEBOOK: course / "lessons" / LESSON / NOTEBOOK})
    assert results == {NOTEBOOK: {
        "exercises": {"test_add": {"score": 2.0, "max_score": 2.0, "error": None},
                      "test_square": {"score": 1.0, "max_score": 1.0, "error": None}},
        "total": 3.0, "max_total": 3.0, "failed": None, "unread": False, "restored": []}}
    assert not (course / "gradebook.db").exists()  # the instructor's gradebook is never touched
    assert not (course / "submitted").exists() and not (course / "autograded").exists()


def test_unmodified_release_scores_zero_on_every_exercise(released):
    root, release_nb = released
    result = autograde_in_scratch(root, LESSON, {NOTEBOOK: release_nb})[NOTEBOOK]
    assert result["failed"] is None
    assert {g: e["score"] for g, e in result["exercises"].items()} == {"test_add": 0.0, "test_square": 0.0}
    assert all("NotImplementedError" in e["error"] for e in result["exercises"].values())
    assert (result["total"], result["max_total"]) == (0.0, 3.0)


def test_hidden_tests_are_restored_and_can_fail(released, tmp_path):
    # Passes the visible test add(1, 2) == 3, fails the hidden add(-2, 5) == 3 that the
    # submitted copy does not contain.
    root, release_nb = released
    path = edited(release_nb, tmp_path, add="def add(a, b):\n    return abs(a) + abs(b)", square=SQUARE)
    assert "add(-2, 5)" not in path.read_text()
    exercises = autograde_in_scratch(root, LESSON, {NOTEBOOK: path})[NOTEBOOK]["exercises"]
    assert exercises["test_add"]["score"] == 0.0
    assert exercises["test_add"]["error"] == "AssertionError: add(-2, 5) should be 3: negative numbers too"
    assert exercises["test_square"] == {"score": 1.0, "max_score": 1.0, "error": None}


def test_a_wrong_answer_loses_exactly_its_exercise_even_with_its_test_cell_emptied(released, tmp_path):
    root, release_nb = released
    path = edited(release_nb, tmp_path, add=ADD, square="def square(x):\n    return 2 * x", test_square="pass")
    result = autograde_in_scratch(root, LESSON, {NOTEBOOK: path}, scratch=tmp_path / "scratch")[NOTEBOOK]
    assert result["exercises"]["test_add"] == {"score": 2.0, "max_score": 2.0, "error": None}
    assert result["exercises"]["test_square"]["score"] == 0.0
    assert result["exercises"]["test_square"]["error"] == "AssertionError: square(3) should be 9"
    assert (tmp_path / "scratch" / "autograded" / "learner" / LESSON / NOTEBOOK).is_file()  # kept


def test_a_deleted_test_cell_scores_zero_and_says_so(released, tmp_path):
    root, release_nb = released
    path = edited(release_nb, tmp_path, add=ADD, square=SQUARE)
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if grade_id(c) != "test_square"]
    nbformat.write(nb, path)
    exercises = autograde_in_scratch(root, LESSON, {NOTEBOOK: path})[NOTEBOOK]["exercises"]
    assert exercises["test_add"]["score"] == 2.0
    assert exercises["test_square"]["score"] == 0.0 and "missing" in exercises["test_square"]["error"]


def test_output_on_stderr_in_a_test_cell_scores_zero(released, tmp_path):
    root, release_nb = released
    noisy = "import sys\ndef square(x):\n    print('debug', file=sys.stderr)\n    return x * x"
    path = edited(release_nb, tmp_path, add=ADD, square=noisy)
    exercises = autograde_in_scratch(root, LESSON, {NOTEBOOK: path})[NOTEBOOK]["exercises"]
    assert exercises["test_add"]["score"] == 2.0
    assert exercises["test_square"]["score"] == 0.0 and "stderr" in exercises["test_square"]["error"]


def test_a_broken_notebook_fails_alone(course, tmp_path):
    # A lesson with two notebooks: one submitted as broken JSON, the other the source.
    lesson = course / "lessons" / LESSON
    shutil.copyfile(lesson / NOTEBOOK, lesson / "second.ipynb")
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [')
    results = autograde_in_scratch(course, LESSON, {NOTEBOOK: broken, "second.ipynb": lesson / "second.ipynb"})
    assert "is not valid JSON" in results[NOTEBOOK]["failed"] and str(broken) in results[NOTEBOOK]["failed"]
    assert results[NOTEBOOK]["total"] == 0.0 and results[NOTEBOOK]["max_total"] == 3.0
    assert results["second.ipynb"]["failed"] is None and results["second.ipynb"]["total"] == 3.0


def test_a_notebook_that_kills_its_kernel_is_reported_as_failed(released, tmp_path):
    root, release_nb = released
    path = edited(release_nb, tmp_path, add="import os\nos._exit(1)", square=SQUARE)
    result = autograde_in_scratch(root, LESSON, {NOTEBOOK: path})[NOTEBOOK]
    assert "kernel died" in result["failed"]
    assert result["total"] == 0.0


def test_a_cell_that_ignores_the_interrupt_after_its_time_limit_is_reported_in_words(released, tmp_path):
    # Python loops are interrupted at the time limit and the rest is graded (test_instructor.py); code
    # that does not stop when interrupted (here by design; in practice a long TensorFlow graph) makes
    # nbclient give up on the notebook, with a CellTimeoutError whose "after N seconds" is not the limit.
    deaf = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    root, release_nb = released
    path = edited(release_nb, tmp_path, add=deaf, square=SQUARE)
    result = autograde_in_scratch(root, LESSON, {NOTEBOOK: path}, timeout=2)[NOTEBOOK]
    assert result["failed"].startswith("a cell ran past the time limit per cell and did not stop"), result["failed"]
    assert "seconds" not in result["failed"] and release_nb.name in result["failed"]
    assert result["total"] == 0.0


def test_a_notebook_name_not_in_the_lesson_is_refused(course):
    with pytest.raises(GradingError, match="not a notebook of lesson"):
        autograde_in_scratch(course, LESSON, {"other.ipynb": course / "lessons" / LESSON / NOTEBOOK})


def test_load_nbgrader_config_makes_the_root_absolute(course):
    config = load_nbgrader_config(course)
    assert config.CourseDirectory.root == str(course.resolve())
    assert config.CourseDirectory.source_directory == "lessons"
    assert config.Execute.extra_arguments == ["--IPKernelApp.capture_fd_output=False"]
