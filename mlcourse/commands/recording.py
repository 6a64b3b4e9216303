"""Phase 2 of grading a class: each student's results into the root gradebook and ``autograded/``.

One process, one student after the other (SQLite is not safe for concurrent writers): the scores
are copied from each scratch gradebook through nbgrader's own API, and the autograded notebooks
into ``autograded/STUDENT/LESSON/`` with outputs longer than :data:`MAX_OUTPUT_CHARS` cut. What
happened (test cells edited, cells that timed out, the guard's repairs) is read from them.
"""
import contextlib
import json
import os
import shutil
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade

from ..checks import PUT_BACK
from .course import STAGING_PREFIX
from .gradebook import open_gradebook, scratch_grades
from .nbgrader_apps import course_folder, load_nbgrader_config
from .release import generate_assignment
from .submissions import inside

MAX_OUTPUT_CHARS = 20_000         # per output of a stored (feedback) notebook


def record_assignment(root, lesson, release_dir):
    """Record ``lesson``'s cells in the root gradebook (``release/`` is left as it is)."""
    config = load_nbgrader_config(root)
    config.CourseDirectory.release_directory = str(release_dir)  # absolute: os.path.join keeps it
    generate_assignment(config, lesson)


def record_student(root, lesson, task, template, names, limits):
    """Write one student's grades into the root gradebook; return the per-notebook results.

    A notebook that was not graded for a reason that is not the student's doing (its file or
    folder could not be read, the grading process failed) keeps the grades recorded earlier and
    its autograded copy (``"kept": True`` in its result); one the student broke (not a notebook,
    the kernel died, too slow) or left out scores 0. Returns ``{"results", "missing", "extra",
    "edited", "events", "guard", "limits", "problems"}``.
    """
    from nbgrader.api import MissingEntry

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
    graded_now = scratch_grades(scratch, lesson, student) if not reason else {}
    for name in names:  # a notebook that could not be run scores 0, whatever nbgrader left half-written
        if results[name] and results[name].get("failed"):
            graded_now.pop(Path(name).stem, None)
    timestamp = _timestamp(task["folder"]) if not task.get("unreadable") else None
    with open_gradebook(root) as gradebook:
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
                graded = graded_now.get(notebook.name, {})
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
    autograded = inside(course_folder(root, "autograded_directory", "autograded"), student, lesson)
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
            if is_grade(c) and "grade_id" in c.metadata["nbgrader"]}


def _cell_events(folder):
    """Notes on cells other than test cells that timed out or ran out of memory."""
    notes = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if is_grade(cell):
                continue  # reported with its exercise
            meta = cell.metadata.get("nbgrader", {})
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
                    if line.startswith(PUT_BACK):
                        what = line[len(PUT_BACK):].split(" (", 1)[0].strip(" :")
                        found += [w.strip() for w in what.split(",") if w.strip() and w.strip() not in found]
    return found
