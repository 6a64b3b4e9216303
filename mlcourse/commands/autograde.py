"""Autograding in a private scratch course: the full autograder, hidden tests included, per exercise.

:func:`autograde_in_scratch` grades submitted notebooks in a scratch course folder of its own
(the lesson's source, ``generate_assignment``, then ``autograde`` one notebook at a time): the
instructor's gradebook is never touched. ``mlcourse check`` and each worker of ``mlcourse grade``
call it.
"""
import shutil
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade, is_task

from .course import LESSONS_DIR, lesson_notebooks
from .messages import failure_reason, first_line, strip_ansi
from .nbgrader_apps import CONFIG_FILE, GradingError, load_nbgrader_config, quiet_logger, run_app
from .release import generate_assignment
from .submissions import notebook_problem, restore_cell_metadata, unreadable


def prepare_template(root, lesson, folder):
    """Make ``folder`` a scratch course with ``lesson`` released and recorded in its own gradebook.

    :func:`autograde_in_scratch` copies it (``template=folder``) instead of running
    ``generate_assignment`` again: what a class of students shares is done once.
    Returns ``folder`` as an absolute Path.
    """
    folder = Path(folder).resolve()
    config = _scratch_course(Path(root).resolve(), lesson, folder)
    generate_assignment(config, lesson)
    return folder


def autograde_in_scratch(root, lesson, notebooks, student="learner", scratch=None, template=None, timeout=None,
                         timings=None):
    """Grade submitted copies of a lesson's notebooks with the full autograder, privately.

    root: course root holding the lesson's source; lesson: lesson name; notebooks: mapping
    notebook file name (``"softmax_numpy.ipynb"``) -> path of the submitted copy; student: the
    student id used in the scratch gradebook; scratch: an existing folder to grade in (kept for
    inspection), default a temporary folder removed afterwards.

    The scratch folder is a course of its own: the root's nbgrader_config.py, the lesson's
    source, ``generate_assignment``, the copies under ``submitted/STUDENT/LESSON/``, then
    ``autograde`` one notebook at a time (one that fails cannot spoil the others). Autograde
    restores the locked test cells, hidden tests included, from the gradebook.

    Returns ``{notebook_name: {"exercises": {grade_id: {"score", "max_score", "error"}},
    "total", "max_total", "failed", "unread", "restored"}}`` with exercises in notebook order;
    ``error`` is the first line of the test cell's failure (``ename: evalue``) or None; ``failed``
    says why the notebook as a whole could not be graded (bad JSON, kernel died, ...) or is None;
    ``unread`` is True when the file itself could not be read (permissions: not the student's
    fault); ``restored`` lists the graded cells whose nbgrader settings were put back
    (:func:`restore_cell_metadata`).

    template: a folder made by :func:`prepare_template` for this lesson, copied instead of
    releasing the lesson again; timeout: seconds a cell may run (default: the config's
    ``Execute.timeout``); timings: a dict that receives ``{notebook_name: seconds}`` of autograde.
    """
    root = Path(root).resolve()
    sources = {path.name: path for path in lesson_notebooks(root, lesson)}
    unknown = sorted(set(notebooks) - set(sources))
    if unknown:
        raise GradingError(f"{', '.join(unknown)} is not a notebook of lesson {lesson} "
                           f"(its notebooks: {', '.join(sources) or 'none'}).")
    with ExitStack() as stack:
        if scratch is None:
            scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="mlcourse-grade-"))
        scratch = Path(scratch).resolve()
        if template:
            shutil.copytree(template, scratch, dirs_exist_ok=True)
            config = _scratch_config(scratch)
        else:
            config = _scratch_course(root, lesson, scratch)
            generate_assignment(config, lesson)
        if timeout:
            config.Execute.timeout = int(timeout)
        submitted = scratch / "submitted" / student / lesson
        shutil.rmtree(submitted, ignore_errors=True)
        submitted.mkdir(parents=True)
        failed, unread, restored = {}, set(), {}
        release_dir = scratch / config.CourseDirectory.get("release_directory", "release") / lesson
        for name, path in notebooks.items():
            problem = unreadable(path)
            if problem:
                unread.add(name)
            else:
                problem = notebook_problem(path)
            if problem:
                failed[name] = problem
                continue
            nb = nbformat.read(path, as_version=4)
            restored[name] = restore_cell_metadata(nb, nbformat.read(release_dir / name, as_version=4))
            nbformat.write(nb, submitted / name)
        for name in notebooks:
            if name not in failed:
                started = time.perf_counter()
                failed[name] = _autograde_one(config, lesson, student, Path(name).stem)
                if timings is not None:
                    timings[name] = round(time.perf_counter() - started, 1)
        autograded = scratch / "autograded" / student / lesson
        results = {}
        for name in notebooks:
            results[name] = _read_scores(config, lesson, student, sources[name], autograded / name, failed[name])
            results[name].update(unread=name in unread, restored=restored.get(name, []))
        return results


def _scratch_course(root, lesson, scratch):
    """Make ``scratch`` a course holding only ``lesson``'s source; return its Config."""
    source_dir = load_nbgrader_config(root).CourseDirectory.get("source_directory", "source")
    scratch.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / CONFIG_FILE, scratch / CONFIG_FILE)
    target = scratch / source_dir / lesson
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root / LESSONS_DIR / lesson, target,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return _scratch_config(scratch)


def _scratch_config(scratch):
    """The Config of a scratch course: its nbgrader_config.py, and its own gradebook."""
    config = load_nbgrader_config(scratch)
    # Whatever the instructor's config says, the scratch course keeps its own gradebook.
    config.CourseDirectory.db_url = f"sqlite:///{scratch / 'gradebook.db'}"
    return config


def _autograde_one(config, lesson, student, notebook_id):
    """``nbgrader autograde`` of one submitted notebook; None, or why it failed as a whole."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = lesson
    coursedir.student_id = student
    coursedir.notebook_id = notebook_id
    app = Autograde(coursedir=coursedir, config=config, log=quiet_logger())
    app.force = True
    app.create_student = True
    ok, log = run_app(app)
    return None if ok else failure_reason(log)


def _read_scores(config, lesson, student, source, autograded, failed):
    """Per-exercise scores of one notebook from the scratch gradebook, in notebook order."""
    from nbgrader.api import Gradebook, MissingEntry

    errors = _test_cell_errors(autograded) if autograded.is_file() and not failed else {}
    order = _grade_ids(source)
    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        try:
            submission = gradebook.find_submission_notebook(source.stem, lesson, student)
            grades = {grade.cell.name: grade for grade in submission.grades}
        except MissingEntry:  # nothing of this student was graded: every notebook was unreadable
            notebook = gradebook.find_notebook(source.stem, lesson)
            grades = {cell.name: _Ungraded(cell.max_score) for cell in notebook.grade_cells + notebook.task_cells}
        exercises = {}
        for grade_id in sorted(grades, key=lambda g: order.get(g, len(order))):
            grade = grades[grade_id]
            score, max_score = float(grade.score), float(grade.max_score)
            if failed:
                error = "not graded: the notebook could not be run"
            elif autograded.is_file() and grade_id not in errors:
                error = "test cell missing from the notebook: it was deleted or its metadata changed"
            elif grade.auto_score is None:
                error = "graded by hand by the instructor"
            elif score < max_score:
                error = errors.get(grade_id) or (
                    f"partial credit: the test cell's last line showed a number ({score:g}), "
                    "which nbgrader takes as the score")
            else:
                error = None
            exercises[grade_id] = {"score": score, "max_score": max_score, "error": error}
    return {
        "exercises": exercises,
        "total": sum(e["score"] for e in exercises.values()),
        "max_total": sum(e["max_score"] for e in exercises.values()),
        "failed": failed,
    }


class _Ungraded:
    """Stands in for an nbgrader Grade of a cell that was never graded: score 0."""

    score = 0.0
    auto_score = None

    def __init__(self, max_score):
        self.max_score = max_score


def _grade_ids(path):
    """{grade_id: position} of the graded cells of a notebook."""
    nb = nbformat.read(path, as_version=4)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if is_grade(c) or is_task(c)]
    return {grade_id: i for i, grade_id in enumerate(ids)}


def _test_cell_errors(path):
    """{grade_id: first line of the failure or None} for the graded cells of an autograded notebook."""
    nb = nbformat.read(path, as_version=4)
    errors = {}
    for cell in nb.cells:
        if (is_grade(cell) or is_task(cell)) and "grade_id" in cell.metadata["nbgrader"]:
            errors[cell.metadata["nbgrader"]["grade_id"]] = _cell_failure(cell)
    return errors


def _cell_failure(cell):
    """First line of what made a graded code cell fail (error, or output on stderr), else None."""
    outputs = cell.get("outputs", [])
    if any(o.output_type == "error" and o.ename == "CellTimeoutError" for o in outputs):
        return "CellTimeoutError: the cell ran past the time limit per cell (an endless loop, or too slow?)"
    for output in outputs:
        if output.output_type == "error":
            evalue = first_line(output.get("evalue", ""))
            if evalue:
                return f"{output.ename}: {evalue}"
            # No message (NotImplementedError, or nbgrader's CellTimeoutError that has it in the
            # traceback): the traceback's last line.
            lines = [strip_ansi(line).strip().rstrip(":") for line in output.get("traceback", [])]
            message = next((line for line in reversed(lines) if line), output.ename)
            if output.ename == "NotImplementedError":
                message += " (an exercise is not done yet)"
            return message
        if output.output_type == "stream" and output.name == "stderr":
            return f"the cell wrote to stderr, which nbgrader scores 0: {first_line(output.text)}"
    return None
