"""``mlcourse grade`` and ``mlcourse feedback``: grade a class, safely, and return feedback.

The instructor's gradebook (``gradebook.db`` at the course root) is SQLite, which is not safe for
concurrent writers, and nbgrader fails a student's whole assignment when one notebook kills its
kernel. So a class is graded in two phases:

1. **Grade** (parallel, ``--jobs N``): each student is graded in a process of its own, forked
   from this one, in a private scratch course with its own gradebook
   (:func:`mlcourse.commands.grading.autograde_in_scratch`, one notebook at a time). The process has a
   memory limit (``RLIMIT_DATA``, inherited by the kernel it starts), each cell a time limit
   (``Execute.timeout``), and the whole student a wall-clock limit after which the process and
   its kernel are killed. Nothing a submission does there can reach another student's grades.
2. **Record** (one process, sequential): the scores are copied from each scratch gradebook into
   the instructor's gradebook through nbgrader's own API, and the autograded notebooks into
   ``autograded/STUDENT/LESSON/`` (outputs longer than :data:`MAX_OUTPUT_CHARS` cut). Then
   nbgrader's feedback and CSV export run on the instructor's course as usual.

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
import csv
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import nbformat

from .course import CourseError, lesson_notebooks
from .grading import (
    _ANSI,
    GradingError,
    _failure_reason,
    _quiet_logger,
    _run_app,
    autograde_in_scratch,
    first_line,
    load_nbgrader_config,
    prepare_template,
)

MAX_OUTPUT_CHARS = 20_000         # per output of a stored (feedback) notebook
DEFAULT_MEMORY_GB = 4.0           # per process: the grading worker and its kernel, each
STUDENT_SECONDS_PER_NOTEBOOK = 600  # wall-clock limit of one student's grading, per notebook
GUARD_MARK = "mlcourse: put back"  # printed by mlcourse.checks' guard when it undid a patch
GRADES_DIR = "grades"
SCRATCH_PREFIX = "scratch-"       # .mlcourse/scratch-*: one run's scratch courses, removed by the next run
STAGING_PREFIX = ".mlcourse-new-"  # feedback being written, beside the feedback it replaces
OLD_PREFIX = STAGING_PREFIX + "old-"


# --- what the command line calls -----------------------------------------------------------

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
    submitted_dir = _course_dir(root, "submitted_directory", "submitted")
    available, unreadable_students = _survey(submitted_dir, lesson)
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
        inside(_course_dir(root, "autograded_directory", "autograded"), student, lesson)
        inside(_course_dir(root, "feedback_directory", "feedback"), student, lesson)
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
    per_exercise = _show(root / GRADES_DIR / f"{lesson}.csv")
    feedback_dir = _show(_course_dir(root, "feedback_directory", "feedback"))
    out(f"\nGraded in {report['seconds']} s. Per exercise (the whole class): {per_exercise}; "
        f"all grades (nbgrader export): {_show(root / 'grades.csv')}"
        + (f"; feedback: {feedback_dir}/STUDENT/{lesson}/" if feedback else "")
        + ". Gradebook integrity: ok.")
    return report


def _grade_locked(root, lesson, names, chosen, unreadable_students, tmp, jobs, limits, hidden_tests, out):
    """grade_class's work once the course is locked: grade, record, report, feedback, export."""
    submitted_dir = _course_dir(root, "submitted_directory", "submitted")
    started = time.perf_counter()
    out(f"Grading {lesson}: {len(chosen)} student(s), {jobs} at a time...")
    template = prepare_template(root, lesson, tmp / "template")
    _record_assignment(root, lesson, tmp / "release")
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
    _grade_all(root, lesson, template, tasks, jobs, limits, out)
    results, problems = {}, []
    with warnings.catch_warnings():  # SQLAlchemy's notices about nbgrader's own session use
        warnings.simplefilter("ignore")
        for task in tasks:
            results[task["student"]] = _record_student(root, lesson, task, template, names, limits)
            problems += results[task["student"]]["problems"]
    report = _class_report(root, lesson, names, results, _previous_report(root, lesson))
    _write_reports(root, lesson, report)
    if hidden_tests:
        problems += generate_feedback(root, lesson, students=chosen, hidden_tests=hidden_tests,
                                      problems=True)["problems"]
    _export_csv(root)
    problem = gradebook_problem(root)
    if problem:
        raise GradingError(f"the gradebook failed its integrity check after grading: {problem}")
    report["problems"] = problems
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def check_student_id(student):
    """Raise CourseError unless ``student`` is a plain student id: one folder name, no '/' or '..'.

    A student id names a folder in submitted/, autograded/ and feedback/: ``../x`` would name a
    folder outside them (and ``mlcourse feedback`` once deleted one).
    """
    bad = (not student or student in (".", "..") or "\0" in student
           or any(sep and sep in student for sep in (os.sep, os.altsep, "/")))
    if bad:
        raise CourseError(f"{student!r} is not a student id: give the name of a student's folder in "
                          f"submitted/ (no '/', and not '.' or '..').")


def inside(base, *parts):
    """``base/parts...``, or CourseError if that path resolves outside ``base`` (symlinks followed)."""
    base = Path(base)
    path = base.joinpath(*parts)
    if not path.resolve().is_relative_to(base.resolve()) or path.resolve() == base.resolve():
        raise CourseError(f"{path} resolves to {path.resolve()}, outside {base}: refused.")
    return path


def _survey(submitted_dir, lesson):
    """(students with a submission of ``lesson``, {student: why their folder cannot be read})."""
    try:
        entries = sorted(os.scandir(submitted_dir), key=lambda e: e.name)
    except FileNotFoundError:
        return [], {}
    except OSError as error:
        raise CourseError(f"cannot read {submitted_dir} ({error.strerror or error}): fix its permissions.") from None
    available, unreadable_students = [], {}
    for entry in entries:
        folder = Path(entry.path) / lesson
        if not entry.is_dir():
            continue
        for where, look in ((entry.path, os.stat), (folder, os.listdir)):
            try:
                look(folder)
            except (FileNotFoundError, NotADirectoryError):
                break
            except OSError as error:
                unreadable_students[entry.name] = f"cannot read {where} ({error.strerror or error})"
                break
        else:
            available.append(entry.name)
    return available, unreadable_students


def writable_problem(root, feedback=True):
    """None if grading can write everything it writes, else one sentence saying what and why not.

    Checked before grading starts: the gradebook (a sound SQLite file that accepts a write, or a
    folder where it can be made), and the folders autograded/, feedback/, grades/ and .mlcourse/.
    """
    path = _gradebook_file(root)
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
    folders = [_course_dir(root, "autograded_directory", "autograded"), Path(root) / GRADES_DIR,
               Path(root) / ".mlcourse"] + ([_course_dir(root, "feedback_directory", "feedback")] if feedback else [])
    if path is not None:
        folders.append(path.parent)
    for folder in folders:
        existing = next(p for p in [folder, *folder.parents] if p.exists())
        try:
            tempfile.TemporaryFile(dir=existing).close()
        except OSError as error:
            return f"cannot write in {existing} ({error.strerror or error}): grading writes there; make it writable."
    return None


def generate_feedback(root, lesson, students=None, hidden_tests="withhold", problems=False):
    """nbgrader's ``generate_feedback`` for ``lesson``: HTML in ``feedback/STUDENT/LESSON/``.

    students: ids (default: every student with autograded notebooks of the lesson);
    hidden_tests: "withhold" replaces the hidden part of each test cell, and the traceback of a
    failing test cell, by a line saying so (the error message itself stays: it names the
    mistake); "show" is nbgrader's behaviour. Returns the list of HTML files written, or with
    ``problems=True`` ``{"written": [...], "problems": [sentences]}``: a student whose feedback
    could not be written keeps the previous one (new feedback is written beside it and swapped
    in when complete). A student id that is not a plain folder name is refused before anything
    is touched; a student with no autograded notebooks loses only stale feedback HTML.
    """
    if hidden_tests not in ("withhold", "show"):
        raise CourseError("hidden tests in feedback: choose 'withhold' or 'show'.")
    root = Path(root).resolve()
    for student in students or []:
        check_student_id(student)
    autograded = _course_dir(root, "autograded_directory", "autograded")
    have = sorted(p.parent.name for p in autograded.glob(f"*/{lesson}") if any(p.glob("*.ipynb")))
    if students is None:
        students = have
    feedback_dir = _course_dir(root, "feedback_directory", "feedback")
    targets = {student: inside(feedback_dir, student, lesson) for student in students}
    written, trouble = [], []
    for student in students:
        target = targets[student]
        _recover_swap(target)
        if student not in have:
            if target.is_dir() and all(p.suffix == ".html" and p.is_file() for p in target.iterdir()):
                shutil.rmtree(target)  # feedback on notebooks that are no longer graded
            continue
        try:
            written += _feedback_of(root, lesson, student, target, hidden_tests)
        except OSError as error:
            trouble.append(f"the feedback of {student} could not be written ({error.strerror or error}: "
                           f"{getattr(error, 'filename', '') or target}); the previous feedback is unchanged.")
    if problems:
        return {"written": written, "problems": trouble}
    if trouble:
        raise GradingError(" ".join(trouble))
    return written


def _feedback_of(root, lesson, student, target, hidden_tests):
    """Write one student's feedback beside ``target``, then swap it in; return the HTML files."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    try:
        config = load_nbgrader_config(root)
        config.CourseDirectory.feedback_directory = str(staging)  # absolute: os.path.join keeps it
        if hidden_tests == "withhold":
            from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
            from nbgrader.preprocessors import GetGrades

            config.GenerateFeedback.preprocessors = [GetGrades, WithholdHiddenTests, CSSHTMLHeaderPreprocessor]
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = lesson
        coursedir.student_id = student
        app = GenerateFeedback(coursedir=coursedir, config=config, log=_quiet_logger())
        app.force = True
        ok, log = _run_app(app)
        if not ok:
            raise GradingError(f"nbgrader could not write the feedback of {student}: {_failure_reason(log)}")
        new = staging / student / lesson
        old = target.parent / f"{OLD_PREFIX}{lesson}-{staging.name}"
        with _signals_deferred():  # the two renames happen together, or not at all
            if target.exists():
                os.rename(target, old)
            try:
                os.rename(new, target)
            except OSError:
                if old.exists():
                    os.rename(old, target)
                raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(target.glob("*.html"))


def _recover_swap(target):
    """Clean up what a killed run (kill -9) left beside ``target``; put back feedback it had moved away."""
    if not target.parent.is_dir():
        return
    for leftover in sorted(target.parent.glob(f"{STAGING_PREFIX}*")):
        if leftover.name.startswith(f"{OLD_PREFIX}{target.name}-") and not target.exists():
            os.rename(leftover, target)  # killed between the two renames of a swap
        else:
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _signals_deferred():
    """Hold Ctrl-C and SIGTERM back for the duration (main thread only); deliver them after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = {sig: signal.signal(sig, lambda number, frame: caught.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in caught:
            signal.raise_signal(sig)


def _gradebook_file(root):
    """The root gradebook's SQLite file as a Path, or None when it is not SQLite."""
    config = load_nbgrader_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{Path(root) / 'gradebook.db'}"
    return Path(db_url[len("sqlite:///"):]) if db_url.startswith("sqlite:///") else None


def gradebook_problem(root):
    """None if the root gradebook is a sound SQLite file that nbgrader reads, else what is wrong."""
    from nbgrader.api import Gradebook

    config = load_nbgrader_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{Path(root) / 'gradebook.db'}"
    path = _gradebook_file(root)
    if path is not None:
        try:
            with contextlib.closing(sqlite3.connect(path)) as con:
                check = con.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.Error as error:
            return f"SQLite cannot read it: {error}"
        if check != [("ok",)]:
            return f"PRAGMA integrity_check says {check[:3]}"
    try:
        with Gradebook(db_url, config.CourseDirectory.get("course_id", "default_course")) as gradebook:
            gradebook.student_dicts()
            for assignment in gradebook.assignments:
                gradebook.submission_dicts(assignment.name)
                for notebook in assignment.notebooks:
                    gradebook.notebook_submission_dicts(notebook.name, assignment.name)
    except Exception as error:  # nbgrader cannot read it
        return f"nbgrader cannot read it ({first_line(error)})"
    return None


def format_table(report):
    """Lines of the grade table: the students graded by this run x exercises, totals, what happened.

    A score given by hand in formgrader (the final one: it replaces autograde's) is marked ``*``.
    """
    keys = [e["key"] for e in report["exercises"]]
    rows = [["student", *keys, "total", "notes"]]
    shown = report.get("graded", list(report["students"]))
    for student in shown:
        r = report["students"][student]
        cells = ["-" if r["exercises"][k] is None else f"{r['exercises'][k]:g}" + ("*" if k in r["manual"] else "")
                 for k in keys]
        rows.append([student, *cells, f"{r['total']:g}/{r['max_total']:g}", "; ".join(r["notes"]) or "ok"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:])]
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    lines.insert(1, "-" * min(120, len(lines[0])))
    if any(r["manual"] for s, r in report["students"].items() if s in shown):
        lines.append("* graded by hand in formgrader: the final score (autograde's score is kept in the gradebook)")
    others = len(report["students"]) - len(shown)
    if others:
        lines.append(f"({others} other student(s) of the class, graded earlier, are in grades/{report['lesson']}.csv)")
    return [f"\nGrades for {report['lesson']} ({len(shown)} student(s)):"] + lines


# --- phase 1: grading, one process per student ----------------------------------------------

def _grade_all(root, lesson, template, tasks, jobs, limits, out):
    """Grade the tasks' students, ``jobs`` at a time, each in a process of its own.

    However this ends (done, Ctrl-C, SIGTERM, an error), no worker or kernel is left running;
    if this process is killed outright, the workers notice and stop (:func:`_die_with_parent`).
    """
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pending = [t for t in tasks if t["notebooks"]]
    running = []
    try:
        while pending or running:
            while pending and len(running) < jobs:
                task = pending.pop(0)
                process = context.Process(target=_student_worker, daemon=False,
                                          args=(str(root), lesson, task["student"],
                                                {n: str(p) for n, p in task["notebooks"].items()},
                                                str(template), str(task["scratch"]), str(task["result_file"]),
                                                limits["timeout"], limits["memory_gb"], os.getpid()))
                process.start()
                running.append((task, process, time.monotonic()))
            time.sleep(0.05)
            still = []
            for task, process, since in running:
                if process.exitcode is None and time.monotonic() - since > limits["wall"]:
                    _kill_tree(process.pid)
                    process.join(10)
                    task["killed"] = f"grading took longer than {limits['wall']} s and was stopped"
                if process.exitcode is None:
                    still.append((task, process, since))
                    continue
                process.join()
                _kill_tree(process.pid, children_only=True)  # a kernel left behind
                task["exitcode"] = process.exitcode
                out(f"  graded {task['student']} ({time.monotonic() - since:.1f} s{_per_notebook(task)})")
            running = still
    finally:
        for task, process, since in running:
            _kill_tree(process.pid)
            process.join(10)


def _per_notebook(task):
    """', softmax_numpy.ipynb 12.3 s, ...' from the worker's result file, or ''."""
    try:
        results = json.loads(Path(task["result_file"]).read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        return ""
    return "".join(f", {name} {r['seconds']} s" for name, r in results.items() if r.get("seconds") is not None)


def _student_worker(root, lesson, student, notebooks, template, scratch, result_file, timeout, memory_gb, parent):
    """In the student's own process: limits, then autograde_in_scratch; the result as JSON."""
    code = 0
    try:
        for fd in list(_LOCK_FDS):  # the class lock stays with the parent alone
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.setsid()  # its own process group
        _die_with_parent(parent)
        Path(scratch).mkdir(parents=True, exist_ok=True)
        log = os.open(str(Path(scratch) / "worker.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        if memory_gb:
            _limit_memory(memory_gb)
        os.environ["MLCOURSE_MEMORY_LIMIT_GB"] = f"{memory_gb:g}" if memory_gb else ""
        timings = {}
        result = autograde_in_scratch(root, lesson, {n: Path(p) for n, p in notebooks.items()}, student=student,
                                      scratch=scratch, template=template, timeout=timeout, timings=timings)
        for name, seconds in timings.items():
            result[name]["seconds"] = seconds
        payload = {"results": result}
    except BaseException as error:  # noqa: BLE001 - whatever it is, the parent must hear of it
        payload = {"error": f"{type(error).__name__}: {first_line(error)}"}
        code = 1
    Path(result_file).write_text(json.dumps(payload), encoding="utf-8")
    sys.stdout.flush()
    os._exit(code)


def _die_with_parent(parent):
    """Stop this worker, and the kernel it started, as soon as its parent ``parent`` is gone.

    Linux delivers SIGTERM when the parent dies (``PR_SET_PDEATHSIG``); elsewhere a thread
    notices that the parent changed. Either way the worker kills its own descendants and exits.
    """
    def stop(*_):
        _kill_tree(os.getpid(), children_only=True)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        stop()

    if os.getppid() != parent:  # died already, before the signal was asked for
        stop()
    threading.Thread(target=watch, daemon=True).start()


def _limit_memory(gigabytes):
    """Limit the data segment (heap, anonymous memory) of this process and its children.

    RLIMIT_DATA rather than RLIMIT_AS: TensorFlow and CUDA reserve gigabytes of address space
    that they never use, and RLIMIT_AS would count them. A Python allocation past the limit
    raises MemoryError in the cell, and the kernel lives on.
    """
    import resource

    limit = int(gigabytes * 2**30)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError):  # a system that does not let us: grade without the limit
        pass


def _kill_tree(pid, children_only=False):
    """SIGKILL ``pid``'s descendants (kernels start sessions of their own), then ``pid``."""
    import psutil

    try:
        process = psutil.Process(pid)
        descendants = process.children(recursive=True)
    except psutil.Error:  # gone already
        return
    for member in descendants + ([] if children_only else [process]):
        with contextlib.suppress(psutil.Error):
            member.kill()
    psutil.wait_procs(descendants, timeout=5)  # ``pid`` itself is left to whoever waits for it


# --- phase 2: recording, one process ---------------------------------------------------------

def _record_assignment(root, lesson, release_dir):
    """Record ``lesson``'s cells in the root gradebook (``release/`` is left as it is)."""
    from .grading import _generate_assignment

    config = load_nbgrader_config(root)
    config.CourseDirectory.release_directory = str(release_dir)  # absolute: os.path.join keeps it
    _generate_assignment(config, lesson)


def _record_student(root, lesson, task, template, names, limits):
    """Write one student's grades into the root gradebook; return the per-notebook results.

    A notebook that was not graded for a reason that is not the student's doing (its file or
    folder could not be read, the grading process failed) keeps the grades recorded earlier and
    its autograded copy (``"kept": True`` in its result); one the student broke (not a notebook,
    the kernel died, too slow) or left out scores 0. Returns ``{"results", "missing", "extra",
    "edited", "events", "guard", "limits", "problems"}``.
    """
    from nbgrader.api import Gradebook, MissingEntry

    student = task["student"]
    results = {name: None for name in names}
    reason, keep = task.get("killed"), False
    if task.get("unreadable"):
        reason, keep = f"{task['unreadable']}; fix the permissions and grade again", True
    elif task["notebooks"] and not reason:
        try:
            payload = json.loads(Path(task["result_file"]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            payload = {"error": f"the grading process ended without a result (exit code {task.get('exitcode')})"}
        if "error" in payload:
            reason, keep = f"could not be graded: {payload['error']}", True
        else:
            results.update(payload["results"])
    for name in (names if task.get("unreadable") else task["notebooks"]):
        if reason:
            results[name] = {"failed": reason, "unread": keep}
    keep_names = [n for n in names if results[n] and results[n].get("unread")]
    scratch = Path(task["scratch"])
    config = load_nbgrader_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
    scratch_grades = _scratch_grades(scratch, lesson, student) if not reason else {}
    for name in names:  # a notebook that could not be run scores 0, whatever nbgrader left half-written
        if results[name] and results[name].get("failed"):
            scratch_grades.pop(Path(name).stem, None)
    timestamp = _timestamp(task["folder"]) if not task.get("unreadable") else None
    with Gradebook(db_url, config.CourseDirectory.get("course_id", "default_course")) as gradebook:
        try:
            submission = gradebook.find_submission(lesson, student)
        except MissingEntry:  # first grading of this student
            submission = None
        earlier = {nb.name for nb in (submission.notebooks if submission else [])
                   if any(g.auto_score is not None or g.manual_score is not None for g in nb.grades)}
        for name in keep_names:
            results[name]["kept"] = Path(name).stem in earlier
        if len(keep_names) < len(names):  # something was graded, or found missing or broken
            gradebook.update_or_create_student(student)
            if submission is None:
                stamp = {"timestamp": timestamp} if timestamp else {}
                submission = gradebook.add_submission(lesson, student, **stamp)
            elif timestamp:
                submission.timestamp = timestamp
            for notebook in submission.notebooks:
                if notebook.name in earlier and any(Path(n).stem == notebook.name for n in keep_names):
                    continue  # not read this time: the grades recorded earlier stay
                graded = scratch_grades.get(notebook.name, {})
                for grade in notebook.grades:
                    auto = graded.get(("grade", grade.cell.name), 0.0)  # not graded (missing, failed): 0
                    grade.auto_score = auto
                    grade.needs_manual_grade = grade.manual_score is not None or auto is None
                for comment in notebook.comments:
                    comment.auto_comment = graded.get(("comment", comment.cell.name))
            gradebook.db.commit()
    problems = [f"{student}: {name} NOT GRADED: {results[name]['failed']}"
                + ("; the grades recorded earlier are kept" if results[name]["kept"] else "")
                for name in keep_names[:1 if task.get("unreadable") else None]]
    autograded = inside(_course_dir(root, "autograded_directory", "autograded"), student, lesson)
    try:
        _store_autograded(task, results, names, scratch / "autograded" / student / lesson, autograded)
    except OSError as error:
        problems.append(f"{student}: the autograded notebooks could not be written to {autograded} "
                        f"({error.strerror or error}); feedback shows the earlier ones.")
    return {"results": results, "missing": task["missing"], "extra": task["extra"],
            "edited": _edited_test_cells(task, template, lesson), "events": _cell_events(autograded),
            "guard": _guard_reports(autograded), "limits": limits, "problems": problems}


def _store_autograded(task, results, names, source, autograded):
    """Copy the autograded notebooks of one student into ``autograded`` (outputs cut), one by one.

    A notebook graded now replaces its copy (written beside it, then renamed over it); one not
    read this time keeps its copy; one graded 0 (missing, broken) loses it.
    """
    for name in names:
        result, target = results[name], autograded / name
        if result and result.get("unread"):
            continue
        if result and not result.get("failed") and (source / name).is_file():
            autograded.mkdir(parents=True, exist_ok=True)
            nb = truncate_outputs(nbformat.read(source / name, as_version=4))
            partial = autograded / f"{STAGING_PREFIX}{name}"
            nbformat.write(nb, partial)
            os.replace(partial, target)
        elif target.is_file():
            target.unlink()
    stamp = Path(task["folder"]) / "timestamp.txt"
    if autograded.is_dir() and not task.get("unreadable"):
        with contextlib.suppress(OSError):  # an unreadable timestamp: not timed, as nbgrader would do
            shutil.copyfile(stamp, autograded / "timestamp.txt")


def _scratch_grades(scratch, lesson, student):
    """{notebook: {("grade", id): auto_score, ("comment", id): auto_comment}} of a scratch gradebook."""
    from nbgrader.api import Gradebook

    found = {}
    if not (scratch / "gradebook.db").is_file():
        return found
    with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as gradebook:
        try:
            submission = gradebook.find_submission(lesson, student)
        except Exception:  # MissingEntry: nothing was graded
            return found
        for notebook in submission.notebooks:
            entry = found.setdefault(notebook.name, {})
            for grade in notebook.grades:
                entry[("grade", grade.cell.name)] = grade.auto_score
            for comment in notebook.comments:
                entry[("comment", comment.cell.name)] = comment.auto_comment
    return found


def _timestamp(folder):
    """The submission time nbgrader reads from ``timestamp.txt``, or None."""
    path = Path(folder) / "timestamp.txt"
    if not path.is_file():
        return None
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(path.read_text(encoding="utf-8").strip())
    except Exception:  # an unreadable timestamp: graded as not timed, as nbgrader would do
        return None


def truncate_outputs(nb, limit=MAX_OUTPUT_CHARS):
    """Cut every text output of ``nb`` longer than ``limit`` characters (in place); return nb."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and len(output.get("text", "")) > limit:
                output["text"] = _cut(output["text"], limit)
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str) and len(value) > limit:
                    output["data"][mime] = _cut(value, limit)
    return nb


def _cut(text, limit):
    return text[:limit] + f"\n... [{len(text) - limit} more characters cut by mlcourse grade]\n"


def _edited_test_cells(task, template, lesson):
    """grade_ids of the test cells the student changed (autograde put the originals back)."""
    edited = []
    for name, path in task["notebooks"].items():
        try:  # the student's version of each test cell, and the source's (with the hidden tests)
            released = _locked_sources(nbformat.read(Path(template) / "release" / lesson / name, as_version=4))
            source = _locked_sources(nbformat.read(Path(template) / "lessons" / lesson / name, as_version=4))
            submitted = _locked_sources(nbformat.read(path, as_version=4))
        except Exception:  # an unreadable submission is reported as such elsewhere
            continue
        edited += [g for g, text in submitted.items()
                   if g in released and text.strip() not in (released[g].strip(), source.get(g, "").strip())]
    return edited


def _locked_sources(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and "grade_id" in c.metadata["nbgrader"]}


def _cell_events(folder):
    """Notes on cells other than test cells that timed out or ran out of memory."""
    notes = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                continue  # reported with its exercise
            where = f"cell {meta['grade_id']}" if "grade_id" in meta else f"cell {index} of {path.name}"
            names = {o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"}
            if "CellTimeoutError" in names:
                notes.append(f"{where}: TIMED OUT")
            elif "MemoryError" in names:
                notes.append(f"{where}: OUT OF MEMORY")
    return notes


def _guard_reports(folder):
    """What mlcourse.checks' guard put back while grading, from the autograded notebooks."""
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                for line in output.get("text", "").splitlines():
                    if line.startswith(GUARD_MARK):
                        what = line[len(GUARD_MARK):].split(" (", 1)[0].strip(" :")
                        found += [w.strip() for w in what.split(",") if w.strip() and w.strip() not in found]
    return found


def _class_report(root, lesson, names, results, previous):
    """The whole class as the gradebook has it: exercise columns, per student final scores and notes.

    results: this run's students (from _record_student); previous: the students of the last
    report (notes of those not graded now). Scores are the gradebook's final ones (a manual
    score where the instructor gave one, listed in ``manual``); an exercise of a notebook not
    graded (missing, broken, not read and never graded before) is None.
    """
    exercises = []
    for name in names:
        for grade_id, points in _grade_cells(root, lesson, name):
            exercises.append({"notebook": name, "grade_id": grade_id, "max_score": points})
    ids = [e["grade_id"] for e in exercises]
    for e in exercises:
        e["key"] = e["grade_id"] if ids.count(e["grade_id"]) == 1 else f"{Path(e['notebook']).stem}:{e['grade_id']}"
    max_total = sum(e["max_score"] for e in exercises)
    finals = _final_scores(root, lesson)
    students = {}
    for student in sorted(set(finals) | set(results)):
        record, old = results.get(student), previous.get(student) or {}
        scores, manual = {}, []
        for e in exercises:
            if record is not None:
                result = record["results"][e["notebook"]]
                shown = bool(result) and (not result.get("failed") or bool(result.get("kept")))
            else:
                shown = old.get("exercises", {}).get(e["key"], 0) is not None
            final = finals.get(student, {}).get(Path(e["notebook"]).stem, {}).get(e["grade_id"])
            scores[e["key"]] = final[0] if shown and final else None
            if shown and final and final[1]:
                manual.append(e["key"])
        if record is None:
            notes, status, notebooks = old.get("notes", []), old.get("status", "graded"), old.get("notebooks", {})
        else:
            notes, status, notebooks = _notes(record, names, exercises, scores), "graded", record["results"]
            if any(r is None or r.get("failed") for r in record["results"].values()):
                status = "incomplete"
        students[student] = {"exercises": scores, "manual": manual, "total": sum(s or 0.0 for s in scores.values()),
                             "max_total": max_total, "status": status, "notes": notes, "notebooks": notebooks}
    return {"lesson": lesson, "exercises": exercises, "students": students, "graded": list(results)}


def _notes(record, names, exercises, scores):
    """What happened to one student's submission, for the table's notes column."""
    notes = []
    for name in names:
        result = record["results"][name]
        if result is None:
            hint = f" (found {', '.join(record['extra'])}: renamed? not graded)" if record["extra"] else ""
            notes.append(f"{name} MISSING{hint}")
        elif result.get("failed"):
            notes.append(f"{name} NOT GRADED: {result['failed']}"
                         + ("; the grades recorded earlier are kept" if result.get("kept") else ""))
    for e in exercises:
        result = record["results"][e["notebook"]]
        if result and not result.get("failed"):
            note = _exercise_note(e["key"], result["exercises"].get(e["grade_id"], {}).get("error"), record["limits"])
            if note:
                notes.append(note)
    for event in record["events"]:
        notes.append(event + (" (memory limit {:g} GiB)".format(record["limits"]["memory_gb"])
                              if event.endswith("MEMORY") and record["limits"].get("memory_gb") else ""))
    for name in names:
        notes += (record["results"][name] or {}).get("restored", [])
    for grade_id in record["edited"]:
        notes.append(f"{grade_id}: test cell edited, original put back")
    if record["guard"]:
        notes.append(f"tampering undone: {', '.join(record['guard'])}")
    not_done = [e["key"] for e in exercises
                if scores[e["key"]] is not None and not record["results"][e["notebook"]].get("failed")
                and "NotImplementedError" in str(record["results"][e["notebook"]]["exercises"]
                                                 .get(e["grade_id"], {}).get("error"))]
    if not_done:
        notes.append(f"not attempted: {', '.join(not_done)}")
    return notes


def _final_scores(root, lesson):
    """{student: {notebook: {grade_id: (final score, given by hand?)}}} of ``lesson`` in the root gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    config = load_nbgrader_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{Path(root) / 'gradebook.db'}"
    found = {}
    with warnings.catch_warnings(), \
            Gradebook(db_url, config.CourseDirectory.get("course_id", "default_course")) as gradebook:
        warnings.simplefilter("ignore")
        try:
            assignment = gradebook.find_assignment(lesson)
        except MissingEntry:
            return found
        for submission in assignment.submissions:
            for notebook in submission.notebooks:
                found.setdefault(submission.student.id, {})[notebook.name] = {
                    grade.cell.name: (float(grade.score), grade.manual_score is not None) for grade in notebook.grades}
    return found


def _previous_report(root, lesson):
    """The students of the last ``grades/LESSON.json``, or {} if there is none (or it is unreadable)."""
    try:
        return json.loads((Path(root) / GRADES_DIR / f"{lesson}.json").read_text(encoding="utf-8"))["students"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _exercise_note(key, error, limits):
    """A note for the table when an exercise's failure is out of the ordinary, else None."""
    if not error:
        return None
    if error.startswith("CellTimeoutError"):
        limit = f" of {limits['timeout']} s" if limits.get("timeout") else ""
        return f"{key}: TIMED OUT (cell limit{limit}; endless loop?)"
    if error.startswith("MemoryError"):
        limit = f" of {limits['memory_gb']:g} GiB" if limits.get("memory_gb") else ""
        return f"{key}: OUT OF MEMORY (limit{limit})"
    if "stderr" in error and error.startswith("the cell wrote"):
        return f"{key}: wrote to stderr (nbgrader scores that 0)"
    if error.startswith("test cell missing"):
        return f"{key}: test cell DELETED"
    if error.startswith("partial credit"):
        return f"{key}: {error}"
    return None


def _grade_cells(root, lesson, name):
    nb = nbformat.read(Path(root) / "lessons" / lesson / name, as_version=4)
    return [(c.metadata["nbgrader"]["grade_id"], float(c.metadata["nbgrader"].get("points", 0)))
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def _write_reports(root, lesson, report):
    """``grades/LESSON.csv`` (one row per student of the class) and ``grades/LESSON.json``.

    Each is written beside the old one and renamed over it: an interrupted run leaves the old.
    """
    folder = Path(root) / GRADES_DIR
    folder.mkdir(exist_ok=True)
    keys = [e["key"] for e in report["exercises"]]
    partial = folder / f"{STAGING_PREFIX}{lesson}.csv"
    with open(partial, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *keys, "total", "max_total", "status", "notes", "graded_by_hand"])
        for student, r in report["students"].items():
            writer.writerow([student, *["" if r["exercises"][k] is None else f"{r['exercises'][k]:g}" for k in keys],
                             f"{r['total']:g}", f"{r['max_total']:g}", r["status"], "; ".join(r["notes"]),
                             " ".join(r["manual"])])
    os.replace(partial, folder / f"{lesson}.csv")
    partial = folder / f"{STAGING_PREFIX}{lesson}.json"
    partial.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, folder / f"{lesson}.json")


def _export_csv(root):
    """nbgrader's CSV export of the whole gradebook into ``grades.csv`` at the root."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    config = load_nbgrader_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{Path(root) / 'gradebook.db'}"
    plugin = CsvExportPlugin(config=config, log=_quiet_logger())
    plugin.to = str(Path(root) / "grades.csv")
    with Gradebook(db_url, config.CourseDirectory.get("course_id", "default_course")) as gradebook:
        plugin.export(gradebook)


# --- feedback without the hidden tests -------------------------------------------------------

def _withhold_preprocessor_base():
    from nbgrader.preprocessors import NbGraderPreprocessor

    return NbGraderPreprocessor


class WithholdHiddenTests(_withhold_preprocessor_base()):
    """Feedback preprocessor: hidden tests and the tracebacks that quote them are left out.

    The part of a test cell between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
    becomes one comment line; a failing test cell's traceback becomes its last line (the
    exception and its message, which names the mistake) so no hidden line is quoted.
    """

    begin = "### BEGIN HIDDEN TESTS"
    end = "### END HIDDEN TESTS"

    def preprocess_cell(self, cell, resources, index):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or self.begin not in cell.source:
            return cell, resources
        lines, hidden = [], False
        for line in cell.source.splitlines():
            if line.strip() == self.begin:
                hidden = True
                lines.append("# (hidden tests: withheld by the instructor)")
            elif line.strip() == self.end:
                hidden = False
            elif not hidden:
                lines.append(line)
        cell.source = "\n".join(lines)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
                output["traceback"] = [message, "(traceback withheld: it would show the hidden tests)"]
        return cell, resources


# --- helpers ----------------------------------------------------------------------------------

def _course_dir(root, trait, default):
    name = load_nbgrader_config(root).CourseDirectory.get(trait, default)
    return Path(root) / name


_LOCK_FDS = set()  # file descriptors holding the class lock: closed in every grading worker


@contextlib.contextmanager
def class_lock(root):
    """One ``mlcourse grade`` or ``feedback`` at a time per course: another one stops with a clear message.

    The lock is released when this process ends, however it ends; the grading workers close
    their copy of it, so a worker that outlives a killed parent does not hold it.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    folder = Path(root) / ".mlcourse"
    try:
        folder.mkdir(exist_ok=True)
        handle = open(folder / "grade.lock", "a")
    except OSError as error:
        raise GradingError(f"cannot write the lock file {folder / 'grade.lock'} ({error.strerror or error}): "
                           f"make the course folder writable.") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise CourseError("another `mlcourse grade` or `mlcourse feedback` is running on this course; "
                              "wait for it to finish.") from None
        _LOCK_FDS.add(handle.fileno())
        try:
            yield
        finally:
            _LOCK_FDS.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clean_scratch(root):
    """Remove the scratch folders of earlier runs (killed ones leave theirs); return their parent.

    Called with the class lock held: no other run of this course is using them.
    """
    parent = Path(root) / ".mlcourse"
    parent.mkdir(exist_ok=True)
    for leftover in parent.glob(f"{SCRATCH_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return parent


def _show(path):
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def strip_ansi(text):
    return _ANSI.sub("", text)
