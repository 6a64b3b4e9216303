"""``mlcourse grade``: grade a class, safely, in two phases, and report.

The instructor's gradebook (``gradebook.db`` at the course root) is SQLite, which is not safe for
concurrent writers, and nbgrader fails a student's whole assignment when one notebook kills its
kernel. So a class is graded in two phases:

1. **Grade** (parallel, ``--jobs N``; :mod:`.workers`): each student in a process of its own, in a
   private scratch course with its own gradebook (:func:`.autograde.autograde_in_scratch`), with
   a memory limit, a time limit per cell (``Execute.timeout``) and one for the whole student.
   Nothing a submission does there can reach another student's grades.
2. **Record** (one process, sequential; :mod:`.recording`): the scores go into the instructor's
   gradebook and the autograded notebooks into ``autograded/STUDENT/LESSON/``. Then the reports
   (:mod:`.reports`), feedback (:mod:`.feedback`) and nbgrader's CSV export.

Grading the same class again gives the same scores: the auto scores are replaced, manual scores
that an instructor gave in formgrader are kept (nbgrader's rule) and shown as the final score.

Faults stop one notebook or one student, never the class, and lose nothing: a student id that
is not a plain folder name is refused before the disk is touched; the gradebook and the output
folders are checked writable before anyone is graded; a submission that cannot be read keeps
the grades recorded earlier; feedback is written beside the old and swapped in; the scratch
courses live in ``.mlcourse/scratch-*`` (removed by the next run if this one is killed), and the
workers die with this process, without holding its lock.
"""
import contextlib
import shutil
import sqlite3
import tempfile
import time
import warnings
from pathlib import Path

from .autograde import prepare_template
from .class_lock import class_lock
from .course import CourseError, lesson_notebooks
from .feedback import generate_feedback
from .gradebook import gradebook_file, gradebook_problem
from .messages import display_path
from .nbgrader_apps import GradingError, course_folder
from .recording import record_assignment, record_student
from .reports import GRADES_DIR, class_report, export_csv, format_table, previous_report, write_reports
from .submissions import check_student_id, inside, survey
from .workers import grade_all

DEFAULT_MEMORY_GB = 4.0           # per process: the grading worker and its kernel, each
STUDENT_SECONDS_PER_NOTEBOOK = 600  # wall-clock limit of one student's grading, per notebook
SCRATCH_PREFIX = "scratch-"       # .mlcourse/scratch-*: one run's scratch courses, removed by the next run


def grade_class(root, lesson, students=None, jobs=1, timeout=None, memory_gb=DEFAULT_MEMORY_GB,
                hidden_tests="withhold", feedback=True, out=print):
    """Grade every submission of ``lesson`` (``submitted/*/LESSON/``); return the class results.

    root: course root; students: student ids to grade (default: all who submitted); jobs:
    students graded at once; timeout: seconds a cell may run (default: nbgrader_config.py);
    memory_gb: memory limit per process in GiB (0: none); hidden_tests: "withhold" or "show" in
    the feedback; feedback: also generate feedback; out: where lines of progress go.

    Writes the root gradebook, ``autograded/``, ``feedback/`` (unless ``feedback`` is False),
    ``grades.csv`` (nbgrader's export of every assignment) and ``grades/LESSON.csv`` and
    ``grades/LESSON.json`` (this lesson, per exercise, with what happened; the whole class as the
    gradebook has it, final scores: manual where given). Returns the dict written to the JSON
    file: ``{"lesson", "exercises": [{"notebook", "grade_id", "max_score", "key"}], "students":
    {id: {"exercises": {key: score or None}, "manual": [key], "total", "max_total", "status",
    "notes": [...], "notebooks": {name: result of autograde_in_scratch or None}}}, "graded":
    [ids graded by this run], "problems": [sentences], "seconds"}``. A problem is something the
    instructor must fix (a submission that cannot be read, feedback that could not be written);
    the grades recorded earlier for it are kept.
    """
    root = Path(root).resolve()
    if jobs < 1:
        raise CourseError("--jobs must be 1 or more.")
    for student in students or []:
        check_student_id(student)
    submitted_dir = course_folder(root, "submitted_directory", "submitted")
    available, unreadable_students = survey(submitted_dir, lesson)
    if students:
        unknown = [s for s in students if s not in available and s not in unreadable_students]
        if unknown:
            raise CourseError(f"no submission of {lesson} from {', '.join(unknown)} in "
                              f"{submitted_dir}/STUDENT/{lesson}/ (found: {', '.join(available) or 'none'}).")
        chosen = sorted(set(students))
    else:
        chosen = sorted(available + list(unreadable_students))
    if not chosen:
        raise CourseError(f"no submissions of {lesson}: put each student's notebooks in "
                          f"{submitted_dir}/STUDENT_ID/{lesson}/ first.")
    names = [p.name for p in lesson_notebooks(root, lesson)]
    for student in chosen:  # what grading writes for each student stays inside its folder
        inside(course_folder(root, "autograded_directory", "autograded"), student, lesson)
        inside(course_folder(root, "feedback_directory", "feedback"), student, lesson)
    with class_lock(root):
        problem = writable_problem(root, feedback)
        if problem:
            raise GradingError(problem)
        scratch_parent = _clean_scratch(root)
        with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=scratch_parent) as tmp:
            report = _grade_locked(root, lesson, names, chosen, unreadable_students, Path(tmp), jobs,
                                   {"timeout": timeout, "memory_gb": memory_gb,
                                    "wall": STUDENT_SECONDS_PER_NOTEBOOK * max(1, len(names))},
                                   hidden_tests if feedback else None, out)
    for line in format_table(report):
        out(line)
    for line in report["problems"]:
        out(f"PROBLEM: {line}")
    per_exercise = display_path(root / GRADES_DIR / f"{lesson}.csv")
    feedback_dir = display_path(course_folder(root, "feedback_directory", "feedback"))
    out(f"\nGraded in {report['seconds']} s. Per exercise (the whole class): {per_exercise}; "
        f"all grades (nbgrader export): {display_path(root / 'grades.csv')}"
        + (f"; feedback: {feedback_dir}/STUDENT/{lesson}/" if feedback else "")
        + ". Gradebook integrity: ok.")
    return report


def _grade_locked(root, lesson, names, chosen, unreadable_students, tmp, jobs, limits, hidden_tests, out):
    """grade_class's work once the course is locked: grade, record, report, feedback, export."""
    submitted_dir = course_folder(root, "submitted_directory", "submitted")
    started = time.perf_counter()
    out(f"Grading {lesson}: {len(chosen)} student(s), {jobs} at a time...")
    template = prepare_template(root, lesson, tmp / "template")
    record_assignment(root, lesson, tmp / "release")
    tasks = []
    for student in chosen:
        folder = submitted_dir / student / lesson
        task = {"student": student, "folder": folder, "notebooks": {}, "missing": [], "extra": [],
                "scratch": tmp / "students" / student, "result_file": tmp / f"{student}.json"}
        if student in unreadable_students:
            task["unreadable"] = unreadable_students[student]
        else:
            task["notebooks"] = {n: folder / n for n in names if (folder / n).is_file()}
            task["missing"] = [n for n in names if n not in task["notebooks"]]
            task["extra"] = sorted(p.name for p in folder.glob("*.ipynb") if p.name not in names)
        tasks.append(task)
    grade_all(root, lesson, template, tasks, jobs, limits, out)
    results, problems = {}, []
    with warnings.catch_warnings():  # SQLAlchemy's notices about nbgrader's own session use
        warnings.simplefilter("ignore")
        for task in tasks:
            results[task["student"]] = record_student(root, lesson, task, template, names, limits)
            problems += results[task["student"]]["problems"]
    report = class_report(root, lesson, names, results, previous_report(root, lesson))
    write_reports(root, lesson, report)
    if hidden_tests:
        problems += generate_feedback(root, lesson, students=chosen, hidden_tests=hidden_tests,
                                      problems=True)["problems"]
    export_csv(root)
    problem = gradebook_problem(root)
    if problem:
        raise GradingError(f"the gradebook failed its integrity check after grading: {problem}")
    report["problems"] = problems
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def writable_problem(root, feedback=True):
    """None if grading can write everything it writes, else one sentence saying what and why not.

    Checked before grading starts: the gradebook (a sound SQLite file that accepts a write, or a
    folder where it can be made), and the folders autograded/, feedback/, grades/ and .mlcourse/.
    """
    path = gradebook_file(root)
    if path is not None and path.exists():
        problem = gradebook_problem(root)
        if problem:
            return (f"the gradebook {path} is damaged ({problem}): restore it from a backup, or move it "
                    f"aside to start a new, empty one (its grades are then no longer in use), and grade again.")
        try:
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as con:
                con.execute("BEGIN IMMEDIATE")
                con.execute("CREATE TABLE mlcourse_write_probe (x)")
                con.rollback()
        except sqlite3.Error as error:
            return (f"cannot write the gradebook {path} ({error}): make it and its folder writable, "
                    f"then grade again.")
    folders = [course_folder(root, "autograded_directory", "autograded"), Path(root) / GRADES_DIR,
               Path(root) / ".mlcourse"] + ([course_folder(root, "feedback_directory", "feedback")] if feedback else [])
    if path is not None:
        folders.append(path.parent)
    for folder in folders:
        existing = next(p for p in [folder, *folder.parents] if p.exists())
        try:
            tempfile.TemporaryFile(dir=existing).close()
        except OSError as error:
            return f"cannot write in {existing} ({error.strerror or error}): grading writes there; make it writable."
    return None


def _clean_scratch(root):
    """Remove the scratch folders of earlier runs (killed ones leave theirs); return their parent.

    Called with the class lock held: no other run of this course is using them.
    """
    parent = Path(root) / ".mlcourse"
    parent.mkdir(exist_ok=True)
    for leftover in parent.glob(f"{SCRATCH_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return parent
