"""Grading with nbgrader: release student versions, and grade a learner's copies privately.

The repository root is the nbgrader course root and ``lessons/`` its source directory
(``nbgrader_config.py``). nbgrader's Python API does not read that file by itself, so every
function here loads it with :func:`load_nbgrader_config` and passes the config in.

- :func:`release` is ``nbgrader generate_assignment --force``: ``lessons/LESSON`` ->
  ``release/LESSON`` (no solutions, no hidden tests). It also records the lesson's cells in the
  gradebook (``gradebook.db`` at the root unless ``CourseDirectory.db_url`` says otherwise).
- :func:`autograde_in_scratch` grades submitted notebooks with the full autograder, hidden tests
  included, in a private scratch course folder: the instructor's gradebook is never touched.
- :func:`check` is ``mlcourse check``: it grades the learner's workspace copies of a lesson.
"""
import json
import logging
import os
import re
import shutil
import sysconfig
import tempfile
import time
import warnings
from contextlib import ExitStack, contextmanager
from pathlib import Path

import nbformat

from .course import LESSONS_DIR, CourseError, lesson_notebooks

CONFIG_FILE = "nbgrader_config.py"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# The last line of a Python traceback: "ValueError: message", "nbclient.exceptions.DeadKernelError: ..."
_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b.*)$")


class GradingError(CourseError):
    """nbgrader could not release or grade a lesson; the message says why in one sentence."""

    exit_code = 1  # of the command line: a failure, not a usage error


def load_nbgrader_config(root):
    """Load ``root/nbgrader_config.py`` as a traitlets Config, with ``CourseDirectory.root`` absolute.

    The relative root of the file (``"."``) would otherwise mean the current folder.
    """
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    root = Path(root).resolve()
    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except ConfigFileNotFound:
        raise GradingError(f"no {CONFIG_FILE} in {root}: is this the course folder?") from None
    except Exception as error:  # the file is Python: any error in it lands here
        raise GradingError(f"{root / CONFIG_FILE} does not load: {first_line(error)}") from None
    config.CourseDirectory.root = str(root)
    return config


def release(root, lessons, db_url=None):
    """Generate the student version of each lesson into ``release/LESSON`` (refreshed if present).

    root: course root; lessons: lesson names (folders of ``lessons/``); db_url: gradebook to record
    the lessons' cells in (default: the config's ``CourseDirectory.db_url``, else
    ``sqlite:///<root>/gradebook.db``). Returns the ``release/LESSON`` folders as Paths.
    Raises GradingError when nbgrader fails (bad cell metadata, duplicate grade_id, ...).
    """
    config = load_nbgrader_config(root)
    if db_url:
        config.CourseDirectory.db_url = db_url
    return [_generate_assignment(config, lesson) for lesson in lessons]


def release_folder(root, lesson):
    """Where :func:`release` puts the student version of ``lesson`` (``<root>/release/LESSON``)."""
    directory = load_nbgrader_config(root).CourseDirectory.get("release_directory", "release")
    return Path(root).resolve() / directory / lesson


def prepare_template(root, lesson, folder):
    """Make ``folder`` a scratch course with ``lesson`` released and recorded in its own gradebook.

    :func:`autograde_in_scratch` copies it (``template=folder``) instead of running
    ``generate_assignment`` again: what a class of students shares is done once.
    Returns ``folder`` as an absolute Path.
    """
    folder = Path(folder).resolve()
    config = _scratch_course(Path(root).resolve(), lesson, folder)
    _generate_assignment(config, lesson)
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
            _generate_assignment(config, lesson)
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


def unreadable(path):
    """None if the file ``path`` can be opened for reading, else one sentence saying why not.

    A submission that exists but cannot be read (permissions, an I/O error) is not the
    student's doing: the caller keeps what was graded before.
    """
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except FileNotFoundError:
        return None  # reported by notebook_problem
    except OSError as error:
        return f"{path} cannot be read ({error.strerror or error}); fix its permissions and grade again"
    return None


def notebook_problem(path):
    """None if ``path`` is a readable notebook, else one sentence saying what is wrong with it."""
    path = Path(path)
    if not path.is_file():
        return f"{path} does not exist"
    problem = unreadable(path)
    if problem:
        return problem
    try:
        text = path.read_text(encoding="utf-8")
        content = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"{path} is not valid JSON ({error}); fix it in a text editor or start again from a fresh copy"
    except OSError as error:
        return f"{path} cannot be read ({error.strerror or error}); fix its permissions and grade again"
    if not isinstance(content, dict) or "nbformat" not in content or not isinstance(content.get("cells"), list):
        return f"{path} is not a notebook (no nbformat version or no list of cells); start again from a fresh copy"
    try:
        nbformat.reads(text, as_version=4)
    except Exception as error:  # not a notebook: missing keys, unknown nbformat version
        return f"{path} is not a valid notebook ({first_line(error)}); start again from a fresh copy"
    return None


def restore_cell_metadata(nb, released):
    """Put back, in ``nb``, the nbgrader settings its graded cells have in the ``released`` notebook.

    nbgrader refuses a whole notebook whose test cell was renamed ("does not have a grade_id")
    or switched to ``grade: false`` ("Inconsistent checksums"), and the student would lose the
    points of every exercise. Cells are matched by grade_id; a cell with a grade_id the release
    does not have takes the first released grade_id of the same kind (test or solution) that the
    notebook lacks, in order; a second cell with the same grade_id loses its settings. Autograde
    then puts the original source of each test cell back. Changes ``nb`` in place; returns one
    note per cell put back (``"test_add: grade_id renamed to 'x'; original put back"``).
    """
    def is_test(meta):
        return bool(meta.get("grade") or meta.get("locked"))

    originals = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"] for c in released.cells
                 if "grade_id" in c.metadata.get("nbgrader", {})}
    present = {c.metadata["nbgrader"].get("grade_id") for c in nb.cells if "nbgrader" in c.metadata}
    lacking = [g for g in originals if g not in present]
    seen, notes = set(), []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        grade_id = meta.get("grade_id")
        if grade_id in originals and grade_id not in seen:
            changed = [k for k in ("grade", "solution", "locked", "task", "points")
                       if meta.get(k) != originals[grade_id].get(k)]
            if changed:
                notes.append(f"{grade_id}: nbgrader settings changed "
                             f"({', '.join(f'{k} {meta.get(k)}' for k in changed)}); original put back")
        elif grade_id not in originals:
            match = next((g for g in lacking if is_test(originals[g]) == is_test(meta)), None)
            if match is None:
                del cell.metadata["nbgrader"]
                notes.append(f"{grade_id}: a graded cell the release does not have; not graded")
                continue
            lacking.remove(match)
            notes.append(f"{match}: grade_id renamed to {grade_id!r}; original put back")
            grade_id = match
        else:  # a copy of a graded cell: an ordinary cell
            del cell.metadata["nbgrader"]
            notes.append(f"{grade_id}: a copy of this cell was not graded")
            continue
        seen.add(grade_id)
        cell.metadata["nbgrader"] = json.loads(json.dumps(originals[grade_id]))
    return notes


def check(root, lesson, workspace):
    """Grade the learner's workspace copies of ``lesson`` and print the scores; return the exit code.

    root: course root; lesson: lesson name; workspace: the learner's workspace folder (holding
    ``LESSON/*.ipynb``; the ``LESSON`` folder itself is accepted too). Prints, per notebook,
    each exercise's score and the first line of each failure, then the total. Returns 0 when
    every exercise has full marks, 1 otherwise (points lost, a notebook missing or not gradable).
    Raises CourseError when no copy of the lesson exists.
    """
    root = Path(root).resolve()
    if Path(workspace).exists() and not Path(workspace).is_dir():
        raise CourseError(f"the workspace {workspace} is a file, not a folder: give the folder that "
                          f"`mlcourse start --workspace` filled.")
    folder = Path(workspace) / lesson
    if Path(workspace).name == lesson and not folder.is_dir():  # given the lesson's own folder
        folder = Path(workspace)
    names = [path.name for path in lesson_notebooks(root, lesson)]
    present = {name: folder / name for name in names if (folder / name).is_file()}
    missing = [name for name in names if name not in present]
    if not present:
        raise CourseError(f"no copy of lesson {lesson} in {folder}: run `mlcourse start` first.")
    print(f"Grading {lesson} in {folder} with the full autograder (hidden tests included)...", flush=True)
    results = autograde_in_scratch(root, lesson, present)
    total = max_total = 0.0
    complete = not missing
    for name in names:
        if name in missing:
            print(f"\n{name}: MISSING from {folder}; run `mlcourse start` to get a fresh copy.")
            continue
        result = results[name]
        print(f"\n{name}")
        if result["failed"]:
            complete = False
            print(f"  NOT GRADED: {result['failed']}")
        for note in result["restored"]:
            print(f"  note: {note} (nbgrader settings of graded cells must not be changed)")
        width = max([len(g) for g in result["exercises"]] + [8])
        for grade_id, grade in result["exercises"].items():
            line = f"  {grade_id:<{width}}  {_points(grade['score'])} / {_points(grade['max_score'])}"
            if grade["error"] and not result["failed"]:
                line += f"   {grade['error']}"
            print(line)
        print(f"  {'subtotal':<{width}}  {_points(result['total'])} / {_points(result['max_total'])}")
        total += result["total"]
        max_total += result["max_total"]
    print(f"\nTotal for {lesson}: {_points(total)} / {_points(max_total)}"
          + ("" if complete else " (incomplete: see above)"))
    return 0 if complete and total == max_total else 1


# --- nbgrader plumbing ------------------------------------------------------------------------

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


def _run_app(app):
    """Run an nbgrader converter quietly; return (success, captured log text).

    The kernel's own stderr (ipykernel's TCP notice, TensorFlow's C++ lines: they do not reach
    the notebook with ``capture_fd_output=False``) and SQLAlchemy's warnings go to a scratch file.
    """
    from nbgrader.utils import capture_log

    with _fast_gradebook_creation(), _stderr_silenced(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = capture_log(app)
    return result["success"], result.get("log", "") + result.get("error", "")


@contextmanager
def _stderr_silenced():
    """Send file descriptor 2 (this process and its children) to a temporary file meanwhile."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


@contextmanager
def _fast_gradebook_creation():
    """Let nbgrader stamp a new gradebook with its schema version without running ``alembic``.

    nbgrader 0.9 runs the ``alembic heads`` command to create a gradebook: ~4 s (it imports
    nbgrader again), and "No such file or directory: 'alembic'" in a virtual environment that is
    not activated. The same answer comes from alembic's Python API in milliseconds.
    """
    import nbgrader.api

    original = getattr(nbgrader.api, "get_alembic_version", None)
    if original is None:  # another nbgrader version: leave it alone
        yield
        return

    def head():
        try:
            return _alembic_head()
        except Exception:  # fall back to nbgrader's own way, with the alembic command on PATH
            _scripts_on_path()
            return original()

    nbgrader.api.get_alembic_version = head
    try:
        yield
    finally:
        nbgrader.api.get_alembic_version = original


def _alembic_head():
    """The head revision of nbgrader's gradebook migrations, read in-process."""
    import nbgrader
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(nbgrader.__file__).parent / "alembic")).get_current_head()


def _scripts_on_path():
    """Put this Python's scripts folder (where ``alembic`` lives) first on PATH."""
    scripts = sysconfig.get_path("scripts")
    path = os.environ.get("PATH", "")
    if scripts and scripts not in path.split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + path if path else scripts


def _quiet_logger():
    """A logger for nbgrader that keeps its output to itself (capture_log adds the handler)."""
    log = logging.getLogger("mlcourse.nbgrader")
    log.propagate = False
    log.setLevel(logging.INFO)
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    return log


def _generate_assignment(config, lesson):
    """``nbgrader generate_assignment LESSON --force`` with ``config``; return release/LESSON."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = lesson
    app = GenerateAssignment(coursedir=coursedir, config=config, log=_quiet_logger())
    app.force = True
    app.create_assignment = True
    ok, log = _run_app(app)
    if not ok:
        raise GradingError(f"nbgrader could not release {lesson}: {_failure_reason(log)}")
    return Path(coursedir.format_path(coursedir.release_directory, ".", lesson)).resolve()


def _autograde_one(config, lesson, student, notebook_id):
    """``nbgrader autograde`` of one submitted notebook; None, or why it failed as a whole."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = lesson
    coursedir.student_id = student
    coursedir.notebook_id = notebook_id
    app = Autograde(coursedir=coursedir, config=config, log=_quiet_logger())
    app.force = True
    app.create_student = True
    ok, log = _run_app(app)
    return None if ok else _failure_reason(log)


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
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
           if c.metadata.get("nbgrader", {}).get("grade") or c.metadata.get("nbgrader", {}).get("task")]
    return {grade_id: i for i, grade_id in enumerate(ids)}


def _test_cell_errors(path):
    """{grade_id: first line of the failure or None} for the graded cells of an autograded notebook."""
    nb = nbformat.read(path, as_version=4)
    errors = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") or meta.get("task")) or "grade_id" not in meta:
            continue
        errors[meta["grade_id"]] = _cell_failure(cell)
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
            lines = [_ANSI.sub("", line).strip().rstrip(":") for line in output.get("traceback", [])]
            message = next((line for line in reversed(lines) if line), output.ename)
            if output.ename == "NotImplementedError":
                message += " (an exercise is not done yet)"
            return message
        if output.output_type == "stream" and output.name == "stderr":
            return f"the cell wrote to stderr, which nbgrader scores 0: {first_line(output.text)}"
    return None


def _failure_reason(log):
    """One line out of nbgrader's captured log: the first specific error it names, and where."""
    notebook = None
    errors = []
    for line in (_ANSI.sub("", line).strip() for line in log.splitlines()):
        converting = re.match(r"\[INFO\] (?:Converting notebook|Sanitizing|Autograding) (.*)$", line)
        if converting:
            notebook = Path(converting.group(1)).name
        match = _EXCEPTION_LINE.match(line)
        if match and "NbGraderException" not in line:
            return _explain(match.group(1)) + (f" (in {notebook})" if notebook else "")
        if line.startswith("[ERROR] ") and not line.startswith(("[ERROR] There was an error", "[ERROR] Please see",
                                                                "[ERROR] Traceback")):
            errors.append(line[len("[ERROR] "):])
    return errors[0] if errors else "see nbgrader's log (run the nbgrader command by hand)"


def _explain(exception_line):
    """Say in words what a few well-known nbgrader/nbclient failures mean."""
    exception_line = re.sub(r"^(?:\w+\.)+(?=\w+:)", "", exception_line)  # jsonschema.exceptions.X: -> X:
    if "DeadKernelError" in exception_line:
        return f"the kernel died (out of memory, or the code ended the process): {exception_line}"
    if "UnresponsiveKernelError" in exception_line or "Kernel didn't respond" in exception_line:
        return f"the kernel stopped responding (endless loop?): {exception_line}"
    return exception_line


def first_line(text):
    """The first non-empty line of ``str(text)``, without ANSI colours ('' if none)."""
    lines = [line.strip() for line in _ANSI.sub("", str(text)).splitlines() if line.strip()]
    return lines[0] if lines else ""


def _points(value):
    """2.0 -> '2', 1.5 -> '1.5'."""
    return f"{value:g}"

