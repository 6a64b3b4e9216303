"""What students hand in: safe student ids and folders, and notebooks fit for nbgrader.

A student id names a folder in submitted/, autograded/ and feedback/; a submitted notebook must
be readable, be a notebook, and keep the nbgrader settings of its graded cells, or nbgrader
refuses it whole. Everything here is checked before nbgrader sees a submission.
"""
import json
import os
from pathlib import Path

import nbformat

from .course import CourseError
from .messages import first_line


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


def survey(submitted_dir, lesson):
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
