"""``mlcourse feedback``: each student's HTML feedback, hidden tests withheld by default.

A student's new feedback is written beside the old and swapped in when complete, so a failure
or a kill leaves the previous feedback in place (:func:`_recover_swap` repairs a killed swap).
"""
import contextlib
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from .course import STAGING_PREFIX, CourseError
from .hidden_tests import WithholdHiddenTests
from .messages import failure_reason
from .nbgrader_apps import GradingError, course_folder, load_nbgrader_config, quiet_logger, run_app
from .submissions import check_student_id, inside

OLD_PREFIX = STAGING_PREFIX + "old-"  # feedback moved aside during a swap


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
    autograded = course_folder(root, "autograded_directory", "autograded")
    have = sorted(p.parent.name for p in autograded.glob(f"*/{lesson}") if any(p.glob("*.ipynb")))
    if students is None:
        students = have
    feedback_dir = course_folder(root, "feedback_directory", "feedback")
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
        app = GenerateFeedback(coursedir=coursedir, config=config, log=quiet_logger())
        app.force = True
        ok, log = run_app(app)
        if not ok:
            raise GradingError(f"nbgrader could not write the feedback of {student}: {failure_reason(log)}")
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
