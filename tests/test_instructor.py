"""The instructor's cycle on the fixture lesson: grade a class of bad submissions, feedback, handouts.

One class of students, each submission built here from the released fixture notebook (two
exercises: ``test_add``, 2 points with a hidden test, and ``test_square``, 1 point), is graded
in one batch with ``mlcourse grade --jobs 2`` (short cell time limit, 1 GiB memory limit), then
again with ``--jobs 1``. Each test checks what the table says about one student, and that the
others' grades are exact.
"""
import csv
import json
import sqlite3
import subprocess
import sys

import nbformat
import pytest

from mlcourse.commands import classroom, cli
from mlcourse.commands.gradebook import gradebook_problem
from mlcourse.commands.release import release
from tests.conftest import FIXTURE_LESSONS, copy_fixture_course
from tests.helpers import grade_id, mlcourse, set_sources

LESSON = "99_fixture"
NOTEBOOK = "fixture.ipynb"
ADD = "def add(a, b):\n    return a + b"
SQUARE = "def square(x):\n    return x * x"
TIMEOUT = 3      # seconds per cell for this class: the endless loop costs this much
MEMORY_GB = 1    # per process: the memory bomb asks for 2 GiB

# student -> how the released notebook is changed (cell sources by grade_id, or a function).
CLASS = {
    "correct": {"add": ADD, "square": SQUARE},
    "untouched": {},
    "edited_test": {"add": ADD, "square": "def square(x):\n    return 2 * x",
                    "test_square": "assert True  # the test, made to pass"},
    "deleted_test": {"add": ADD, "square": SQUARE, "delete": "test_square"},
    "renamed": {"add": ADD, "square": SQUARE, "rename": "fixture (1).ipynb"},
    "missing": {"rename": None},
    "endless_loop": {"add": "def add(a, b):\n    while True:\n        pass", "square": SQUARE},
    "kernel_crash": {"add": "import os\nos._exit(1)", "square": SQUARE},
    "memory_bomb": {"add": "import numpy as np\nbig = np.ones(2**28)  # 2 GiB\n" + ADD, "square": SQUARE},
    "loud": {"add": "print('x' * 3_000_000)\nfor i in range(20_000):\n    print(i)\n" + ADD, "square": SQUARE},
    "not_json": {"text": '{"cells": [{"cell_type": "code", '},
    # Patches before the test cells run: numpy.allclose, AssertionError, IPython's error display.
    "patcher": {"add": "import builtins\nimport numpy as np\n"
                       "np.allclose = lambda *a, **k: True\n"
                       "builtins.AssertionError = type('Never', (Exception,), {})\n"
                       "get_ipython().showtraceback = lambda *a, **k: None\n"
                       "check = lambda *a, **k: None\n"
                       "def add(a, b):\n    return 0",
                "square": SQUARE},
    # Patches while the test cell runs: a custom exception handler that swallows the failure.
    "sneaky_patcher": {"add": ADD,
                       "square": "def square(x):\n"
                                 "    get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n"
                                 "    return 0"},
    "stderr": {"add": "import sys\nprint('a note on stderr', file=sys.stderr)\n" + ADD,
               "square": "import sys\ndef square(x):\n    print('debugging', file=sys.stderr)\n    return x * x"},
}

EXPECTED = {  # student -> (test_add, test_square, total); None: notebook not graded
    "correct": (2, 1, 3), "untouched": (0, 0, 0), "edited_test": (2, 0, 2), "deleted_test": (2, 0, 2),
    "renamed": (None, None, 0), "missing": (None, None, 0), "endless_loop": (0, 1, 1),
    "kernel_crash": (None, None, 0), "memory_bomb": (0, 1, 1), "loud": (2, 1, 3), "not_json": (None, None, 0),
    "patcher": (0, 1, 1), "sneaky_patcher": (2, 0, 2), "stderr": (2, 0, 2),
}


def make_submission(root, release_nb, student, spec):
    """Write ``submitted/STUDENT/LESSON/`` for one student of CLASS."""
    folder = root / "submitted" / student / LESSON
    folder.mkdir(parents=True)
    if "text" in spec:
        (folder / NOTEBOOK).write_text(spec["text"])
        return
    nb = set_sources(nbformat.read(release_nb, as_version=4), spec)
    if "delete" in spec:
        nb.cells = [c for c in nb.cells if grade_id(c) != spec["delete"]]
    if "rename" in spec:
        if spec["rename"]:
            nbformat.write(nb, folder / spec["rename"])
        return
    nbformat.write(nb, folder / NOTEBOOK)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class, released, submitted and graded once with --jobs 2: (root, process, report)."""
    root = tmp_path_factory.mktemp("class") / "course"
    copy_fixture_course(root)
    [folder] = release(root, [LESSON])
    for student, spec in CLASS.items():
        make_submission(root, folder / NOTEBOOK, student, spec)
    proc = mlcourse(root, "grade", LESSON, "--jobs", "2", "--timeout", str(TIMEOUT), "--memory-limit", str(MEMORY_GB))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((root / "grades" / f"{LESSON}.json").read_text())
    return root, proc, report


def scores(report):
    return {s: (r["exercises"]["test_add"], r["exercises"]["test_square"], r["total"])
            for s, r in report["students"].items()}


def notes(report, student):
    return "; ".join(report["students"][student]["notes"])


def table_line(proc, student):
    [line] = [line for line in proc.stdout.splitlines() if line.split()[:1] == [student]]
    return line


# --- the whole class -------------------------------------------------------------------------

def test_every_student_is_graded_with_exact_scores(graded):
    root, proc, report = graded
    assert scores(report) == EXPECTED
    assert "Traceback" not in proc.stdout + proc.stderr
    assert table_line(proc, "correct").split()[1:] == ["2", "1", "3/3", "ok"]


def test_the_csv_files_agree_with_the_table(graded):
    root, _, report = graded
    with open(root / "grades" / f"{LESSON}.csv", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(CLASS)
    assert rows["correct"]["test_add"] == "2" and rows["correct"]["total"] == "3"
    assert rows["kernel_crash"]["test_add"] == "" and rows["kernel_crash"]["status"] == "incomplete"
    with open(root / "grades.csv", newline="") as handle:  # nbgrader's own export
        exported = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert exported == {s: float(total) for s, (_, _, total) in EXPECTED.items()}


def test_the_gradebook_is_sound_and_nbgrader_reads_it(graded, tmp_path):
    root, _, _ = graded
    with sqlite3.connect(root / "gradebook.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        totals = dict(con.execute(
            "select student.id, sum(coalesce(grade.manual_score, grade.auto_score, 0)) from grade "
            "join submitted_notebook on grade.notebook_id = submitted_notebook.id "
            "join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id "
            "join student on submitted_assignment.student_id = student.id group by student.id").fetchall())
    assert totals == {s: float(total) for s, (_, _, total) in EXPECTED.items()}
    out = tmp_path / "export.csv"
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", str(out)], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text().splitlines()) == 1 + len(CLASS)
    assert gradebook_problem(root) is None


def test_grading_again_with_one_job_gives_the_same_scores(graded, monkeypatch, capsys):
    root, _, first = graded
    monkeypatch.setenv("MLCOURSE_ROOT", str(root))
    monkeypatch.chdir(root)
    code = cli.main(["grade", LESSON, "--jobs", "1", "--timeout", str(TIMEOUT), "--memory-limit", str(MEMORY_GB)])
    capsys.readouterr()
    assert code == 0
    second = json.loads((root / "grades" / f"{LESSON}.json").read_text())
    assert scores(second) == scores(first) == EXPECTED
    def notes_of(report):
        return {student: row["notes"] for student, row in report["students"].items()}
    assert notes_of(second) == notes_of(first)
    assert gradebook_problem(root) is None
    with sqlite3.connect(root / "gradebook.db") as con:  # no duplicated submissions
        assert con.execute("select count(*) from submitted_assignment").fetchone() == (len(CLASS),)


# --- one bad submission each -----------------------------------------------------------------

def test_untouched_release_scores_zero_and_says_not_attempted(graded):
    _, proc, report = graded
    assert "not attempted: test_add, test_square" in notes(report, "untouched")
    assert table_line(proc, "untouched").split()[1:4] == ["0", "0", "0/3"]


def test_an_edited_test_cell_is_undone(graded):
    _, _, report = graded
    assert "test_square: test cell edited, original put back" in notes(report, "edited_test")
    error = report["students"]["edited_test"]["notebooks"][NOTEBOOK]["exercises"]["test_square"]["error"]
    assert error == "AssertionError: square(3) should be 9"


def test_a_deleted_test_cell_scores_zero(graded):
    _, _, report = graded
    assert "test_square: test cell DELETED" in notes(report, "deleted_test")


def test_a_renamed_or_missing_notebook_is_reported(graded):
    _, proc, report = graded
    assert "fixture.ipynb MISSING (found fixture (1).ipynb: renamed? not graded)" in notes(report, "renamed")
    assert notes(report, "missing") == "fixture.ipynb MISSING"
    assert table_line(proc, "missing").split()[1:4] == ["-", "-", "0/3"]


def test_an_endless_loop_times_out_and_the_rest_is_graded(graded):
    _, _, report = graded
    assert f"test_add: TIMED OUT (cell limit of {TIMEOUT} s; endless loop?)" in notes(report, "endless_loop")


def test_a_kernel_crash_is_reported(graded):
    _, proc, report = graded
    assert "fixture.ipynb NOT GRADED: the kernel died" in notes(report, "kernel_crash")
    assert "NOT GRADED: the kernel died" in table_line(proc, "kernel_crash")


def test_a_memory_bomb_hits_the_limit(graded):
    _, _, report = graded
    assert f"cell add: OUT OF MEMORY (memory limit {MEMORY_GB} GiB)" in notes(report, "memory_bomb")


def test_megabytes_of_output_are_cut_in_the_stored_notebook(graded):
    root, _, report = graded
    stored = root / "autograded" / "loud" / LESSON / NOTEBOOK
    assert stored.stat().st_size < 200_000
    text = stored.read_text()
    assert "more characters cut by mlcourse grade" in text
    original = nbformat.read(FIXTURE_LESSONS / LESSON / NOTEBOOK, as_version=4)
    assert len(nbformat.read(stored, as_version=4).cells) == len(original.cells)
    assert notes(report, "loud") == ""  # nothing to report: "ok" in the table


def test_a_notebook_that_is_not_json_is_reported(graded):
    _, _, report = graded
    assert "fixture.ipynb NOT GRADED:" in notes(report, "not_json") and "is not valid JSON" in notes(report, "not_json")


def test_monkeypatching_is_undone_and_reported(graded):
    _, _, report = graded
    patched = notes(report, "patcher")
    for what in ["numpy.allclose", "builtins.AssertionError", "IPython's showtraceback", "check"]:
        assert what in patched
    errors = report["students"]["patcher"]["notebooks"][NOTEBOOK]["exercises"]
    assert errors["test_add"]["error"] == "AssertionError: add(1, 2) should be 3"
    assert "IPython's custom exception handler" in notes(report, "sneaky_patcher")
    assert "tampering" not in notes(report, "correct")


def test_stderr_from_the_students_code(graded):
    _, _, report = graded
    # Outside a test cell it costs nothing; inside one, nbgrader scores the cell 0: the table says so.
    assert notes(report, "stderr") == "test_square: wrote to stderr (nbgrader scores that 0)"


# --- feedback -------------------------------------------------------------------------------

def test_feedback_withholds_hidden_tests_by_default_and_shows_them_on_request(graded):
    root, _, _ = graded
    html = root / "feedback" / "untouched" / LESSON / "fixture.html"
    text = html.read_text()
    assert "add(1, 2) should be 3" in text and "hidden tests: withheld by the instructor" in text
    assert "add(-2, 5)" not in text
    assert not (root / "feedback" / "kernel_crash" / LESSON).exists()
    proc = mlcourse(root, "feedback", LESSON, "--student", "untouched", "--show-hidden-tests")
    assert proc.returncode == 0, proc.stderr
    assert "add(-2, 5)" in html.read_text()
    proc = mlcourse(root, "feedback", LESSON, "--student", "untouched")
    assert proc.returncode == 0 and "add(-2, 5)" not in html.read_text()


# --- command-line errors --------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["grade", LESSON], "no submissions of 99_fixture: put each student's notebooks in"),
    (["grade", LESSON, "--jobs", "0"], "--jobs must be 1 or more."),
    (["feedback", LESSON], "no graded notebooks of 99_fixture to give feedback on"),
])
def test_command_line_mistakes_are_one_sentence(course, args, message):
    proc = mlcourse(course, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith(f"mlcourse: error: {message}")


def test_grading_an_unknown_student_is_one_sentence(course):
    (course / "submitted" / "alice" / LESSON).mkdir(parents=True)
    proc = mlcourse(course, "grade", LESSON, "--student", "bob")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"mlcourse: error: no submission of {LESSON} from bob in "
                                   f"{course / 'submitted'}/STUDENT/{LESSON}/ (found: alice).")


# --- the wall-clock limit of one student --------------------------------------------------

def test_a_student_past_the_wall_clock_limit_is_stopped_and_the_others_recorded(course, monkeypatch):
    # Each cell stays under the cell limit; together they exceed the student's wall-clock limit,
    # which leaves the correct student room to finish on a busy machine.
    [folder] = release(course, [LESSON])
    slow = {"add": "import time\ntime.sleep(6)\n" + ADD, "square": "import time\ntime.sleep(6)\n" + SQUARE}
    make_submission(course, folder / NOTEBOOK, "slow", slow)
    make_submission(course, folder / NOTEBOOK, "correct", CLASS["correct"])
    (course / "submitted" / "correct" / LESSON / "timestamp.txt").write_text("2026-03-01 12:00:00 UTC")
    monkeypatch.setattr(classroom, "STUDENT_SECONDS_PER_NOTEBOOK", 10)
    report = classroom.grade_class(course, LESSON, jobs=2, timeout=10, feedback=False, out=lambda line: None)
    assert scores(report) == {"slow": (None, None, 0), "correct": (2, 1, 3)}
    assert notes(report, "slow").startswith("fixture.ipynb NOT GRADED: grading took longer than 10 s and was stopped")
    assert gradebook_problem(course) is None
    with sqlite3.connect(course / "gradebook.db") as con:
        assert con.execute("select student_id, timestamp from submitted_assignment order by student_id").fetchall() \
            == [("correct", "2026-03-01 12:00:00.000000"), ("slow", None)]
