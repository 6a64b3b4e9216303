"""``mlcourse grade`` and ``mlcourse feedback``: grade a class, safely, and return feedback.

The instructor's gradebook (``gradebook.db`` at the course root) is SQLite, which is not safe for
concurrent writers, and nbgrader fails a student's whole assignment when one notebook kills its
kernel. So a class is graded in two phases:

1. **Grade** (parallel, ``--jobs N``): each student is graded in a process of its own, forked
   from this one, in a private scratch course with its own gradebook
   (:func:`mlcourse.grading.autograde_in_scratch`, one notebook at a time). The process has a
   memory limit (``RLIMIT_DATA``, inherited by the kernel it starts), each cell a time limit
   (``Execute.timeout``), and the whole student a wall-clock limit after which the process and
   its kernel are killed. Nothing a submission does there can reach another student's grades.
2. **Record** (one process, sequential): the scores are copied from each scratch gradebook into
   the instructor's gradebook through nbgrader's own API, and the autograded notebooks into
   ``autograded/STUDENT/LESSON/`` (outputs longer than :data:`MAX_OUTPUT_CHARS` cut). Then
   nbgrader's feedback and CSV export run on the instructor's course as usual.

Grading the same class again gives the same scores: the auto scores are replaced, manual scores
that an instructor gave in formgrader are kept (nbgrader's rule).
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
import time
import warnings
from pathlib import Path

import nbformat

from .course import CourseError, lesson_notebooks
from .grading import (GradingError, _ANSI, _quiet_logger, _run_app, autograde_in_scratch, first_line,
                      load_nbgrader_config, prepare_template)

MAX_OUTPUT_CHARS = 20_000         # per output of a stored (feedback) notebook
DEFAULT_MEMORY_GB = 4.0           # per process: the grading worker and its kernel, each
STUDENT_SECONDS_PER_NOTEBOOK = 600  # wall-clock limit of one student's grading, per notebook
GUARD_MARK = "mlcourse: put back"  # printed by mlcourse.checks' guard when it undid a patch
GRADES_DIR = "grades"


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
    ``grades/LESSON.json`` (this lesson, per exercise, with what happened). Returns the dict
    written to the JSON file: ``{"lesson", "exercises": [{"notebook", "grade_id", "max_score"}],
    "students": {id: {"exercises": {key: score or None}, "total", "max_total", "status",
    "notes": [...], "notebooks": {name: result of autograde_in_scratch or None}}}}``.
    """
    root = Path(root).resolve()
    if jobs < 1:
        raise CourseError("--jobs must be 1 or more.")
    submitted_dir = _course_dir(root, "submitted_directory", "submitted")
    available = sorted(p.parent.name for p in submitted_dir.glob(f"*/{lesson}") if p.is_dir())
    if students:
        unknown = [s for s in students if s not in available]
        if unknown:
            raise CourseError(f"no submission of {lesson} from {', '.join(unknown)} in "
                              f"{submitted_dir}/STUDENT/{lesson}/ (found: {', '.join(available) or 'none'}).")
        chosen = sorted(set(students))
    else:
        chosen = available
    if not chosen:
        raise CourseError(f"no submissions of {lesson}: put each student's notebooks in "
                          f"{submitted_dir}/STUDENT_ID/{lesson}/ first.")
    names = [p.name for p in lesson_notebooks(root, lesson)]
    with _class_lock(root), tempfile.TemporaryDirectory(prefix="mlcourse-class-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        out(f"Grading {lesson}: {len(chosen)} student(s), {jobs} at a time...")
        template = prepare_template(root, lesson, tmp / "template")
        _record_assignment(root, lesson, tmp / "release")
        tasks = []
        for student in chosen:
            folder = submitted_dir / student / lesson
            present = {n: folder / n for n in names if (folder / n).is_file()}
            tasks.append({"student": student, "folder": folder, "notebooks": present,
                          "missing": [n for n in names if n not in present],
                          "extra": sorted(p.name for p in folder.glob("*.ipynb") if p.name not in names),
                          "scratch": tmp / "students" / student, "result_file": tmp / f"{student}.json"})
        limits = {"timeout": timeout, "memory_gb": memory_gb,
                  "wall": STUDENT_SECONDS_PER_NOTEBOOK * max(1, len(names))}
        _grade_all(root, lesson, template, tasks, jobs, limits, out)
        results = {}
        with warnings.catch_warnings():  # SQLAlchemy's notices about nbgrader's own session use
            warnings.simplefilter("ignore")
            for task in tasks:
                results[task["student"]] = _record_student(root, lesson, task, template, names, limits)
        report = _class_report(root, lesson, names, results)
        _write_reports(root, lesson, report)
        if feedback:
            generate_feedback(root, lesson, students=None if not students else chosen, hidden_tests=hidden_tests)
        _export_csv(root)
        problem = gradebook_problem(root)
        if problem:
            raise GradingError(f"the gradebook failed its integrity check after grading: {problem}")
        report["seconds"] = round(time.perf_counter() - started, 1)
    for line in format_table(report):
        out(line)
    out(f"\nGraded in {report['seconds']} s. Per exercise: {_show(root / GRADES_DIR / f'{lesson}.csv')}; "
        f"all grades (nbgrader export): {_show(root / 'grades.csv')}"
        + (f"; feedback: {_show(_course_dir(root, 'feedback_directory', 'feedback'))}/STUDENT/{lesson}/" if feedback else "")
        + ". Gradebook integrity: ok.")
    return report


def generate_feedback(root, lesson, students=None, hidden_tests="withhold"):
    """nbgrader's ``generate_feedback`` for ``lesson``: HTML in ``feedback/STUDENT/LESSON/``.

    students: ids (default: every student with autograded notebooks of the lesson);
    hidden_tests: "withhold" replaces the hidden part of each test cell, and the traceback of a
    failing test cell, by a line saying so (the error message itself stays: it names the
    mistake); "show" is nbgrader's behaviour. Returns the list of HTML files written.
    """
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    if hidden_tests not in ("withhold", "show"):
        raise CourseError("hidden tests in feedback: choose 'withhold' or 'show'.")
    root = Path(root).resolve()
    autograded = _course_dir(root, "autograded_directory", "autograded")
    have = sorted(p.parent.name for p in autograded.glob(f"*/{lesson}") if any(p.glob("*.ipynb")))
    if students is None:
        students = have
    feedback_dir = _course_dir(root, "feedback_directory", "feedback")
    written = []
    for student in students:
        shutil.rmtree(feedback_dir / student / lesson, ignore_errors=True)
        if student not in have:
            continue
        config = load_nbgrader_config(root)
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
            from .grading import _failure_reason

            raise GradingError(f"nbgrader could not write the feedback of {student}: {_failure_reason(log)}")
        written += sorted((feedback_dir / student / lesson).glob("*.html"))
    return written


def gradebook_problem(root):
    """None if the root gradebook is a sound SQLite file that nbgrader reads, else what is wrong."""
    from nbgrader.api import Gradebook

    config = load_nbgrader_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{Path(root) / 'gradebook.db'}"
    if db_url.startswith("sqlite:///"):
        path = db_url[len("sqlite:///"):]
        with contextlib.closing(sqlite3.connect(path)) as con:
            check = con.execute("PRAGMA integrity_check").fetchall()
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
    """Lines of the grade table: students x exercises, totals, and what happened."""
    keys = [e["key"] for e in report["exercises"]]
    rows = [["student", *keys, "total", "notes"]]
    for student, r in report["students"].items():
        cells = ["-" if r["exercises"][k] is None else f"{r['exercises'][k]:g}" for k in keys]
        rows.append([student, *cells, f"{r['total']:g}/{r['max_total']:g}", "; ".join(r["notes"]) or "ok"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:])]
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    lines.insert(1, "-" * min(120, len(lines[0])))
    return [f"\nGrades for {report['lesson']} ({len(report['students'])} student(s)):"] + lines


# --- phase 1: grading, one process per student ----------------------------------------------

def _grade_all(root, lesson, template, tasks, jobs, limits, out):
    """Grade the tasks' students, ``jobs`` at a time, each in a process of its own."""
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pending = [t for t in tasks if t["notebooks"]]
    running = []
    while pending or running:
        while pending and len(running) < jobs:
            task = pending.pop(0)
            process = context.Process(target=_student_worker, daemon=False,
                                      args=(str(root), lesson, task["student"],
                                            {n: str(p) for n, p in task["notebooks"].items()},
                                            str(template), str(task["scratch"]), str(task["result_file"]),
                                            limits["timeout"], limits["memory_gb"]))
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


def _per_notebook(task):
    """', softmax_numpy.ipynb 12.3 s, ...' from the worker's result file, or ''."""
    try:
        results = json.loads(Path(task["result_file"]).read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        return ""
    return "".join(f", {name} {r['seconds']} s" for name, r in results.items() if r.get("seconds") is not None)


def _student_worker(root, lesson, student, notebooks, template, scratch, result_file, timeout, memory_gb):
    """In the student's own process: limits, then autograde_in_scratch; the result as JSON."""
    code = 0
    try:
        with contextlib.suppress(OSError):
            os.setsid()  # its own process group
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
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    family, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            family.append(child)
            todo.append(child)
    if not children_only:
        family.append(pid)
    for member in family:
        with contextlib.suppress(OSError):
            os.kill(member, signal.SIGKILL)


# --- phase 2: recording, one process ---------------------------------------------------------

def _record_assignment(root, lesson, release_dir):
    """Record ``lesson``'s cells in the root gradebook (``release/`` is left as it is)."""
    from .grading import _generate_assignment

    config = load_nbgrader_config(root)
    config.CourseDirectory.release_directory = str(release_dir)  # absolute: os.path.join keeps it
    _generate_assignment(config, lesson)


def _record_student(root, lesson, task, template, names, limits):
    """Write one student's grades into the root gradebook; return the per-notebook results."""
    from nbgrader.api import Gradebook

    student = task["student"]
    results = {name: None for name in names}
    reason = task.get("killed")
    if task["notebooks"] and not reason:
        try:
            payload = json.loads(Path(task["result_file"]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            payload = {"error": f"the grading process ended without a result (exit code {task.get('exitcode')})"}
        if "error" in payload:
            reason = f"could not be graded: {payload['error']}"
        else:
            results.update(payload["results"])
    for name in task["notebooks"]:
        if reason:
            results[name] = {"failed": reason}
    scratch = Path(task["scratch"])
    config = load_nbgrader_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
    scratch_grades = _scratch_grades(scratch, lesson, student) if not reason else {}
    for name in names:  # a notebook that could not be run scores 0, whatever nbgrader left half-written
        if results[name] and results[name].get("failed"):
            scratch_grades.pop(Path(name).stem, None)
    timestamp = _timestamp(task["folder"])
    with Gradebook(db_url, config.CourseDirectory.get("course_id", "default_course")) as gradebook:
        gradebook.update_or_create_student(student)
        try:
            submission = gradebook.find_submission(lesson, student)
            if timestamp:
                submission.timestamp = timestamp
        except Exception:  # MissingEntry: first grading of this student
            submission = gradebook.add_submission(lesson, student, **({"timestamp": timestamp} if timestamp else {}))
        for notebook in submission.notebooks:
            graded = scratch_grades.get(notebook.name, {})
            for grade in notebook.grades:
                auto = graded.get(("grade", grade.cell.name), 0.0)  # not graded (missing, failed): 0
                grade.auto_score = auto
                grade.needs_manual_grade = grade.manual_score is not None or auto is None
            for comment in notebook.comments:
                comment.auto_comment = graded.get(("comment", comment.cell.name))
        gradebook.db.commit()
    # The autograded notebooks, for feedback and formgrader: replaced as a whole.
    autograded = _course_dir(root, "autograded_directory", "autograded") / student / lesson
    shutil.rmtree(autograded, ignore_errors=True)
    source = scratch / "autograded" / student / lesson
    for name in names:
        result = results[name]
        if result and not result.get("failed") and (source / name).is_file():
            autograded.mkdir(parents=True, exist_ok=True)
            nb = nbformat.read(source / name, as_version=4)
            truncate_outputs(nb)
            nbformat.write(nb, autograded / name)
    if autograded.is_dir() and (task["folder"] / "timestamp.txt").is_file():
        shutil.copyfile(task["folder"] / "timestamp.txt", autograded / "timestamp.txt")
    return {"results": results, "missing": task["missing"], "extra": task["extra"],
            "edited": _edited_test_cells(task, template, lesson), "events": _cell_events(autograded),
            "guard": _guard_reports(autograded), "limits": limits}


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


def _class_report(root, lesson, names, results):
    """The class results: exercise columns, and per student scores and notes."""
    exercises = []
    for name in names:
        for grade_id, points in _grade_cells(root, lesson, name):
            exercises.append({"notebook": name, "grade_id": grade_id, "max_score": points})
    ids = [e["grade_id"] for e in exercises]
    for e in exercises:
        e["key"] = e["grade_id"] if ids.count(e["grade_id"]) == 1 else f"{Path(e['notebook']).stem}:{e['grade_id']}"
    max_total = sum(e["max_score"] for e in exercises)
    students = {}
    for student, record in results.items():
        scores, notes, status = {}, [], "graded"
        for name in names:
            result = record["results"][name]
            if result is None:
                status = "incomplete"
                hint = f" (found {', '.join(record['extra'])}: renamed? not graded)" if record["extra"] else ""
                notes.append(f"{name} MISSING{hint}")
            elif result.get("failed"):
                status = "incomplete"
                notes.append(f"{name} NOT GRADED: {result['failed']}")
        for e in exercises:
            result = record["results"][e["notebook"]]
            if not result or result.get("failed"):
                scores[e["key"]] = None
                continue
            grade = result["exercises"].get(e["grade_id"], {})
            scores[e["key"]] = grade.get("score", 0.0)
            note = _exercise_note(e["key"], grade.get("error"), record["limits"])
            if note:
                notes.append(note)
        for event in record["events"]:
            notes.append(event + (" (memory limit {:g} GiB)".format(record["limits"]["memory_gb"])
                                  if event.endswith("MEMORY") and record["limits"].get("memory_gb") else ""))
        for grade_id in record["edited"]:
            notes.append(f"{grade_id}: test cell edited, original put back")
        if record["guard"]:
            notes.append(f"tampering undone: {', '.join(record['guard'])}")
        not_done = [k for e in exercises for k in [e["key"]]
                    if scores[k] is not None and "NotImplementedError"
                    in str(record["results"][e["notebook"]]["exercises"].get(e["grade_id"], {}).get("error"))]
        if not_done:
            notes.append(f"not attempted: {', '.join(not_done)}")
        total = sum(s or 0.0 for s in scores.values())
        students[student] = {"exercises": scores, "total": total, "max_total": max_total, "status": status,
                             "notes": notes, "notebooks": record["results"]}
    return {"lesson": lesson, "exercises": exercises, "students": students}


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
    """``grades/LESSON.csv`` (one row per student) and ``grades/LESSON.json``."""
    folder = Path(root) / GRADES_DIR
    folder.mkdir(exist_ok=True)
    keys = [e["key"] for e in report["exercises"]]
    with open(folder / f"{lesson}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *keys, "total", "max_total", "status", "notes"])
        for student, r in report["students"].items():
            writer.writerow([student, *["" if r["exercises"][k] is None else f"{r['exercises'][k]:g}" for k in keys],
                             f"{r['total']:g}", f"{r['max_total']:g}", r["status"], "; ".join(r["notes"])])
    (folder / f"{lesson}.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


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


@contextlib.contextmanager
def _class_lock(root):
    """One ``mlcourse grade`` at a time per course: a second one stops with a clear message."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    folder = Path(root) / ".mlcourse"
    folder.mkdir(exist_ok=True)
    with open(folder / "grade.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise CourseError("another `mlcourse grade` is running on this course; wait for it to finish.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _show(path):
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def strip_ansi(text):
    return _ANSI.sub("", text)
