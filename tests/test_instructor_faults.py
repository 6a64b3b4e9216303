"""Faults in the instructor's workflow: what survives which fault (issue 11).

Each test breaks something on purpose (a path outside the course, an unreadable submission, a
read-only gradebook or feedback folder, a kill of ``mlcourse grade``, a manual grade then a
regrade, ...) and compares the sha256 of every submitted file and of the gradebook's grades
before and after. Access is really denied: the command runs without root's override
capabilities (``setpriv``), or the file is made immutable (``chattr +i``); a test skips, saying
why, where neither works. The fixture lesson grades in a few seconds per student.
"""
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from mlcourse.commands import cli, feedback
from mlcourse.commands.autograde import autograde_in_scratch
from mlcourse.commands.class_lock import class_lock
from mlcourse.commands.course import STAGING_PREFIX
from mlcourse.commands.gradebook import gradebook_problem
from mlcourse.commands.release import release
from tests.conftest import copy_fixture_course
from tests.helpers import edited_copy, grade_id, mlcourse

LESSON = "99_fixture"
FIRST, SECOND = "fixture.ipynb", "second.ipynb"
ADD = "def add(a, b):\n    return a + b"
SQUARE = "def square(x):\n    return x * x"
WRONG_SQUARE = "def square(x):\n    return 2 * x"


# --- helpers ---------------------------------------------------------------------------------

def two_notebook_course(root):
    """The fixture course with a lesson of two notebooks (the fixture, and a copy of it), released."""
    copy_fixture_course(root)
    shutil.copyfile(root / "lessons" / LESSON / FIRST, root / "lessons" / LESSON / SECOND)
    release(root, [LESSON])
    return root


def submit(root, student, sources, names=(FIRST, SECOND)):
    """``submitted/STUDENT/LESSON/``: the released notebooks with cells (by grade_id) replaced."""
    folder = root / "submitted" / student / LESSON
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        edited_copy(root / "release" / LESSON / name, folder / name, sources)
    return folder


def in_process(root, monkeypatch, capsys, *args):
    """``mlcourse ARGS`` in this process (for commands refused before any grading): (exit code, stderr)."""
    monkeypatch.setenv("MLCOURSE_ROOT", str(root))
    capsys.readouterr()
    code = cli.main(list(args))
    return code, capsys.readouterr().err


def file_hashes(folder):
    """{relative path: sha256} of every file under ``folder`` (as root: permissions do not stop it)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def gradebook_grades(root):
    """Every grade of the gradebook: [(student, notebook, cell, auto, manual)], and their sha256."""
    with contextlib.closing(sqlite3.connect(root / "gradebook.db")) as con:
        rows = con.execute(
            "select student.id, notebook.name, base_cell.name, grade.auto_score, grade.manual_score from grade "
            "join submitted_notebook on grade.notebook_id = submitted_notebook.id "
            "join notebook on submitted_notebook.notebook_id = notebook.id "
            "join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id "
            "join student on submitted_assignment.student_id = student.id "
            "join grade_cells on grade.cell_id = grade_cells.id join base_cell on grade_cells.id = base_cell.id "
            "order by 1, 2, 3").fetchall()
    return rows, hashlib.sha256(repr(rows).encode()).hexdigest()


def report(root):
    return json.loads((root / "grades" / f"{LESSON}.json").read_text())


def notes(root, student):
    return "; ".join(report(root)["students"][student]["notes"])


@pytest.fixture
def deny():
    """Skip unless a command run by mlcourse(privileged=False) is really refused a mode-000 file."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot deny access to a file")
    if os.name != "posix":
        pytest.skip("file permissions as tested here are POSIX")


@contextlib.contextmanager
def mode(path, bits):
    """``chmod bits path`` meanwhile."""
    old = path.stat().st_mode & 0o7777
    path.chmod(bits)
    try:
        yield
    finally:
        path.chmod(old)


@contextlib.contextmanager
def immutable(path):
    """``chattr +i path`` meanwhile (even root cannot write it); skip where chattr does not work."""
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here (not root, or a file system without it)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


# --- 1. a student id or path outside its folder is refused before anything is touched --------

@pytest.mark.parametrize("student", ["../submitted/dave", "../../outside", "..", "dave/../dave"])
def test_feedback_and_grade_refuse_a_student_id_outside_the_course_folders(tmp_path, monkeypatch, capsys, student):
    root = copy_fixture_course(tmp_path / "course")
    (root / "submitted" / "dave" / LESSON).mkdir(parents=True)
    shutil.copyfile(root / "lessons" / LESSON / FIRST, root / "submitted" / "dave" / LESSON / FIRST)
    outside = tmp_path / "outside" / LESSON
    outside.mkdir(parents=True)
    (outside / "precious.txt").write_text("not the course's")
    before = file_hashes(tmp_path)
    for command in ("feedback", "grade"):
        code, err = in_process(root, monkeypatch, capsys, command, LESSON, "--student", student)
        assert code == 2, err
        assert err.strip() == (f"mlcourse: error: {student!r} is not a student id: give the name of a "
                               "student's folder in submitted/ (no '/', and not '.' or '..').")
    assert file_hashes(tmp_path) == before  # nothing deleted, nothing written
    assert not (root / "feedback").exists() and not (root / "autograded").exists()


def test_feedback_refuses_a_student_folder_that_is_a_symlink_out_of_the_course(tmp_path, monkeypatch, capsys):
    root = copy_fixture_course(tmp_path / "course")
    outside = tmp_path / "elsewhere" / LESSON
    outside.mkdir(parents=True)
    (outside / "keep.html").write_text("someone else's")
    (root / "feedback").mkdir()
    (root / "feedback" / "eve").symlink_to(tmp_path / "elsewhere")
    code, err = in_process(root, monkeypatch, capsys, "feedback", LESSON, "--student", "eve")
    assert code == 2 and err.strip() == (f"mlcourse: error: {root / 'feedback' / 'eve' / LESSON} resolves to "
                                         f"{outside.resolve()}, outside {root / 'feedback'}: refused."), err
    assert (outside / "keep.html").read_text() == "someone else's"


# --- a class graded once, for the tests of feedback and of unreadable submissions -----------

@pytest.fixture(scope="module")
def graded_twice(tmp_path_factory):
    """A class of four graded once (2 of 3 points in each notebook): (root, that run's state).

    The feedback tests leave it as it was; the test of unreadable submissions, last, changes it.
    """
    root = two_notebook_course(tmp_path_factory.mktemp("class") / "course")
    partly = {"add": ADD, "square": WRONG_SQUARE}  # 2 of 3 points in each notebook
    for student in ("alice", "bob", "carol", "dave"):
        submit(root, student, partly)
    proc = mlcourse(root, "grade", LESSON)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root, {"grades": gradebook_grades(root)[0],
                  "autograded_second": (root / "autograded" / "alice" / LESSON / SECOND).read_bytes(),
                  "feedback": file_hashes(root / "feedback"), "submitted": file_hashes(root / "submitted")}


# --- 3. feedback is written beside the old and swapped in --------------------------------------

def test_feedback_that_cannot_be_written_leaves_the_previous_one(graded_twice):
    root, first = graded_twice
    target = root / "feedback" / "alice" / LESSON
    before = file_hashes(root / "feedback")
    with immutable(target):
        proc = mlcourse(root, "feedback", LESSON)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    [problem] = [line for line in proc.stdout.splitlines() if line.startswith("PROBLEM")]
    assert problem.startswith("PROBLEM: the feedback of alice could not be written (Operation not permitted")
    assert problem.endswith("the previous feedback is unchanged.")
    assert file_hashes(root / "feedback") == before
    assert [p.name for p in (root / "feedback" / "alice").iterdir()] == [LESSON]  # no staging left
    assert "wrote" in proc.stdout  # the others got theirs


def test_ctrl_c_during_feedback_leaves_the_previous_one(graded_twice, monkeypatch):
    root, first = graded_twice
    before = file_hashes(root / "feedback")

    def interrupted(app):  # nbgrader half way through writing the new feedback, then Ctrl-C
        out = app.coursedir.format_path(app.coursedir.feedback_directory, app.coursedir.student_id, LESSON)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "fixture.html"), "w") as handle:
            handle.write("<html>half")
        raise KeyboardInterrupt

    monkeypatch.setattr(feedback, "run_app", interrupted)
    with pytest.raises(KeyboardInterrupt):
        feedback.generate_feedback(root, LESSON)
    assert file_hashes(root / "feedback") == before
    assert sorted(p.name for p in (root / "feedback" / "alice").iterdir()) == [LESSON]


# --- 2 and 4. unreadable submissions: that notebook (or student) only, earlier grades kept --------

def test_unreadable_submissions_stop_only_themselves_and_keep_earlier_grades(graded_twice, deny):
    root, first = graded_twice
    submit(root, "bob", {"add": ADD, "square": SQUARE})  # bob improved: regraded to 6/6
    submitted = file_hashes(root / "submitted")
    alice_second = root / "submitted" / "alice" / LESSON / SECOND
    with mode(alice_second, 0), mode(root / "submitted" / "carol" / LESSON, 0), mode(root / "submitted" / "dave", 0):
        proc = mlcourse(root, "grade", LESSON, privileged=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr and "Errno" not in proc.stdout
    assert file_hashes(root / "submitted") == submitted  # grading never changes a submission
    rows = {(s, nb, cell): (auto, manual) for s, nb, cell, auto, manual in gradebook_grades(root)[0]}
    before = {(s, nb, cell): (auto, manual) for s, nb, cell, auto, manual in first["grades"]}
    # alice: the readable notebook regraded, the unreadable one keeps its grades and its files
    assert notes(root, "alice").startswith(f"{SECOND} NOT GRADED: {alice_second} cannot be read (Permission denied)")
    assert "the grades recorded earlier are kept" in notes(root, "alice")
    assert report(root)["students"]["alice"]["total"] == 4.0
    for key in [k for k in before if k[0] in ("alice", "carol", "dave")]:
        assert rows[key] == before[key]
    assert (root / "autograded" / "alice" / LESSON / SECOND).read_bytes() == \
        first["autograded_second"]  # and its feedback is made from it again
    assert (root / "feedback" / "alice" / LESSON / "second.html").is_file()
    # carol (lesson folder unreadable) and dave (student folder unreadable): reported, grades kept
    assert f"cannot read {root / 'submitted' / 'carol' / LESSON} (Permission denied)" in notes(root, "carol")
    assert f"cannot read {root / 'submitted' / 'dave'} (Permission denied)" in notes(root, "dave")
    for student in ("carol", "dave"):
        assert report(root)["students"][student]["total"] == 4.0
        assert f"PROBLEM: {student}: " in proc.stdout
        assert [line for line in proc.stdout.splitlines() if line.startswith(student)]  # in the table
    # the batch went on: bob regraded
    assert report(root)["students"]["bob"]["total"] == 6.0
    assert rows[("bob", "second", "test_square")] == (1.0, None)
    assert gradebook_problem(root) is None


def test_a_swap_killed_half_way_is_undone_by_the_next_run(tmp_path):
    target = tmp_path / "feedback" / "alice" / LESSON
    moved = tmp_path / "feedback" / "alice" / f"{feedback.OLD_PREFIX}{LESSON}-x1"
    moved.mkdir(parents=True)
    (moved / "fixture.html").write_text("the old feedback")
    (tmp_path / "feedback" / "alice" / f"{STAGING_PREFIX}x1").mkdir()
    feedback._recover_swap(target)
    assert (target / "fixture.html").read_text() == "the old feedback"
    assert [p.name for p in target.parent.iterdir()] == [LESSON]


# --- 5. an unwritable or damaged gradebook is one sentence, before any grading ----------------

@pytest.fixture(scope="module")
def graded_one(tmp_path_factory):
    """A course where alice was graded, and bob has submitted since."""
    root = copy_fixture_course(tmp_path_factory.mktemp("one") / "course")
    release(root, [LESSON])
    submit(root, "alice", {"add": ADD, "square": SQUARE}, names=[FIRST])
    assert mlcourse(root, "grade", LESSON).returncode == 0
    submit(root, "bob", {"add": ADD}, names=[FIRST])
    return root


def one_student_graded(graded_one, tmp_path):
    """A copy of graded_one for one test."""
    return Path(shutil.copytree(graded_one, tmp_path / "course", symlinks=True))


@pytest.mark.parametrize("what", ["gradebook", "course folder"])
def test_a_read_only_gradebook_is_one_sentence_before_grading(graded_one, tmp_path, what):
    root = one_student_graded(graded_one, tmp_path)
    grades, submitted = gradebook_grades(root)[1], file_hashes(root / "submitted")
    with immutable(root / "gradebook.db" if what == "gradebook" else root):
        proc = mlcourse(root, "grade", LESSON)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    [line] = proc.stderr.strip().splitlines()
    expected = "attempt to write a readonly database" if what == "gradebook" else "unable to open database file"
    assert line == (f"mlcourse: error: cannot write the gradebook {root / 'gradebook.db'} ({expected}): "
                    "make it and its folder writable, then grade again.")
    assert "graded" not in proc.stdout  # nobody was graded first
    assert not (root / "autograded" / "bob").exists()
    assert gradebook_grades(root)[1] == grades and file_hashes(root / "submitted") == submitted


def test_a_damaged_gradebook_names_the_file_and_what_to_do(graded_one, tmp_path):
    root = one_student_graded(graded_one, tmp_path)
    (root / "gradebook.db").write_bytes(b"this is not SQLite" * 100)
    damaged = (root / "gradebook.db").read_bytes()
    proc = mlcourse(root, "grade", LESSON)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith(f"mlcourse: error: the gradebook {root / 'gradebook.db'} is damaged (SQLite cannot "
                           "read it: file is not a database): restore it from a backup, or move it aside")
    assert "release" not in line
    assert (root / "gradebook.db").read_bytes() == damaged
    released = file_hashes(root / "release")
    proc = mlcourse(root, "release", LESSON)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr == (f"mlcourse: error: the gradebook {root / 'gradebook.db'} is damaged (SQLite cannot read "
                           "it: file is not a database): restore it from a backup, or move it aside to start a new, "
                           "empty one (its grades are then no longer in use), and release again.\n")
    assert (root / "gradebook.db").read_bytes() == damaged and file_hashes(root / "release") == released


# --- 6. tampered nbgrader metadata: the original cells are put back ---------------------------

@pytest.fixture(scope="module")
def released_course(tmp_path_factory):
    root = copy_fixture_course(tmp_path_factory.mktemp("tamper") / "course")
    release(root, [LESSON])
    return root


def tampered(root, tmp_path, change):
    nb = nbformat.read(root / "release" / LESSON / FIRST, as_version=4)
    cells = {grade_id(c): c for c in nb.cells}
    cells["add"].source, cells["square"].source = ADD, SQUARE
    change(cells)
    for cell in nb.cells:  # a renamed test cell that was edited too
        if cell.metadata.get("nbgrader", {}).pop("source_edited", False):
            cell.source = "assert True"
    path = tmp_path / FIRST
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("change, note", [
    (lambda cells: cells["test_square"].metadata.nbgrader.update(grade_id="my_test"),
     "test_square: grade_id renamed to 'my_test'; original put back"),
    (lambda cells: cells["test_square"].metadata.nbgrader.update(grade=False),
     "test_square: nbgrader settings changed (grade False); original put back"),
    (lambda cells: cells["test_add"].metadata.nbgrader.update(grade_id="x", points=20, source_edited=True),
     "test_add: grade_id renamed to 'x'; original put back"),
])
def test_tampered_test_cell_settings_are_put_back_and_reported(released_course, tmp_path, change, note):
    path = tampered(released_course, tmp_path, change)
    result = autograde_in_scratch(released_course, LESSON, {FIRST: path})[FIRST]
    assert result["failed"] is None
    assert {g: e["score"] for g, e in result["exercises"].items()} == {"test_add": 2.0, "test_square": 1.0}
    assert result["restored"] == [note]


def test_a_json_file_without_nbformat_is_not_a_notebook(released_course, tmp_path):
    path = tmp_path / FIRST
    path.write_text(json.dumps({"cells": [], "metadata": {}}))
    result = autograde_in_scratch(released_course, LESSON, {FIRST: path})[FIRST]
    assert result["failed"] == (f"{path} is not a notebook (no nbformat version or no list of cells); "
                                "start again from a fresh copy")
    assert result["total"] == 0.0


# --- 7. kills: workers die with their parent, no lock or scratch folder is left ----------------

def start_grading(root):
    """Start ``mlcourse grade --jobs 2`` in the course; return (process, its descendants) once a kernel runs."""
    env = dict(os.environ, MLCOURSE_ROOT=str(root))
    env.pop("MLCOURSE_FAST", None)
    command = [sys.executable, "-m", "mlcourse.commands.cli", "grade", LESSON, "--jobs", "2"]
    proc = subprocess.Popen(command, cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        family = psutil.Process(proc.pid).children(recursive=True)
        if any("ipykernel" in " ".join(p.cmdline()) for p in family if p.is_running()):
            return proc, family
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    raise AssertionError("no kernel started within 120 s")


def gone(processes, seconds=15):
    _, alive = psutil.wait_procs(processes, timeout=seconds)
    return [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


@pytest.fixture
def sleepy_class(tmp_path):
    root = copy_fixture_course(tmp_path / "course")
    release(root, [LESSON])
    submit(root, "sleepy", {"add": "import time\ntime.sleep(60)\n" + ADD, "square": SQUARE}, names=[FIRST])
    submit(root, "quick", {"add": ADD, "square": SQUARE}, names=[FIRST])
    return root


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_grade_leaves_no_process_lock_or_scratch_folder(sleepy_class, sig):
    root = sleepy_class
    submitted = file_hashes(root / "submitted")
    proc, family = start_grading(root)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143
        assert err.strip().splitlines()[-1] == "mlcourse: stopped (SIGTERM); what was recorded before is kept"
        assert "Traceback" not in err
        assert not list((root / ".mlcourse").glob("scratch-*"))
    assert gone(family) == []  # workers and kernels died with their parent
    with class_lock(root):  # free at once: no worker kept it
        pass
    assert file_hashes(root / "submitted") == submitted
    assert gradebook_grades(root)[0] == []  # killed while grading: nothing recorded, nothing half-recorded
    if sig == signal.SIGKILL:  # the next run removes the scratch folder the killed one left
        leftovers = list((root / ".mlcourse").glob("scratch-*"))
        assert leftovers
        submit(root, "sleepy", {"add": ADD, "square": SQUARE}, names=[FIRST])
        again = mlcourse(root, "grade", LESSON, "--student", "sleepy")
        assert again.returncode == 0, again.stdout + again.stderr
        assert not any(p.exists() for p in leftovers) and not list((root / ".mlcourse").glob("scratch-*"))
        assert report(root)["students"]["sleepy"]["total"] == 3.0


def test_a_kill_in_the_middle_of_a_gradebook_write_is_rolled_back_by_the_next_run(graded_one, tmp_path):
    root = one_student_graded(graded_one, tmp_path)
    rows, grades = gradebook_grades(root)
    # A process killed (-9) in the middle of a transaction, with changed pages already in the file.
    code = ("import os, sqlite3\ncon = sqlite3.connect('gradebook.db')\ncon.execute('pragma cache_size=1')\n"
            "con.execute('begin')\ncon.execute('update grade set auto_score = 99')\n"
            "con.execute('create table filler (x)')\n"
            "con.executemany('insert into filler values (?)', [('x' * 1000,)] * 2000)\n"
            "os.kill(os.getpid(), 9)")
    killed = subprocess.run([sys.executable, "-c", code], cwd=root)
    assert killed.returncode == -signal.SIGKILL
    assert (root / "gradebook.db-journal").is_file()  # a hot journal: the write was not finished
    proc = mlcourse(root, "grade", LESSON, "--student", "alice")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert gradebook_grades(root) == (rows, grades)
    assert gradebook_problem(root) is None


# --- 8 and 9. the final scores of the whole class, manual ones marked -------------------------

def test_manual_grades_are_shown_and_a_single_student_run_keeps_the_whole_class(tmp_path):
    from nbgrader.api import Gradebook

    root = copy_fixture_course(tmp_path / "course")
    release(root, [LESSON])
    submit(root, "fay", {"add": ADD, "square": SQUARE}, names=[FIRST])
    submit(root, "gus", {"add": ADD, "square": WRONG_SQUARE}, names=[FIRST])
    assert mlcourse(root, "grade", LESSON).returncode == 0
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:  # what formgrader does
        grade = gradebook.find_grade("test_square", "fixture", LESSON, "gus")
        grade.manual_score = 0.5
        gradebook.db.commit()
    submitted = file_hashes(root / "submitted")
    proc = mlcourse(root, "grade", LESSON, "--student", "gus")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [line] = [line for line in proc.stdout.splitlines() if line.startswith("gus")]
    assert line.split()[1:4] == ["2", "0.5*", "2.5/3"]
    assert "* graded by hand in formgrader" in proc.stdout
    assert "(1 other student(s) of the class, graded earlier, are in grades/99_fixture.csv)" in proc.stdout
    saved = report(root)
    assert {s: r["total"] for s, r in saved["students"].items()} == {"fay": 3.0, "gus": 2.5}
    assert saved["students"]["gus"]["manual"] == ["test_square"] and saved["students"]["fay"]["manual"] == []
    import csv

    with open(root / "grades" / f"{LESSON}.csv", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"fay", "gus"}
    gus = rows["gus"]
    assert (gus["test_square"], gus["total"], gus["graded_by_hand"]) == ("0.5", "2.5", "test_square")
    with open(root / "grades.csv", newline="") as handle:  # nbgrader's export agrees
        assert {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)} == {"fay": 3.0, "gus": 2.5}
    assert file_hashes(root / "submitted") == submitted


# --- 10. a workspace that is a file ---------------------------------------------------------

@pytest.mark.parametrize("command", ["start", "check"])
def test_a_workspace_that_is_a_file_is_one_sentence_before_anything(tmp_path, monkeypatch, capsys, command):
    root = copy_fixture_course(tmp_path / "course")
    (tmp_path / "notes.txt").write_text("mine")
    args = ["start", "--no-lab", "--workspace", str(tmp_path / "notes.txt")] if command == "start" else \
        ["check", LESSON, "--workspace", str(tmp_path / "notes.txt")]
    code, err = in_process(root, monkeypatch, capsys, *args)
    assert code == 2, err
    [line] = err.strip().splitlines()
    assert line.startswith(f"mlcourse: error: the workspace {tmp_path / 'notes.txt'} is a file, not a folder")
    assert not (root / "release").exists() and (tmp_path / "notes.txt").read_text() == "mine"
