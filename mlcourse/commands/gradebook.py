"""The instructor's gradebook: where it is, opening it, checking it, and reading scores out of it."""
import contextlib
import sqlite3
import warnings
from pathlib import Path

from .messages import first_line
from .nbgrader_apps import load_nbgrader_config


def gradebook_url(config, root):
    """The gradebook's database URL: the config's ``CourseDirectory.db_url``, else ``root/gradebook.db``."""
    return config.CourseDirectory.get("db_url") or f"sqlite:///{Path(root) / 'gradebook.db'}"


def open_gradebook(root):
    """nbgrader's Gradebook of the course at ``root``, for a ``with`` block (closed at its end)."""
    from nbgrader.api import Gradebook

    config = load_nbgrader_config(root)
    return Gradebook(gradebook_url(config, root), config.CourseDirectory.get("course_id", "default_course"))


def gradebook_file(root):
    """The root gradebook's SQLite file as a Path, or None when it is not SQLite."""
    db_url = gradebook_url(load_nbgrader_config(root), root)
    return Path(db_url[len("sqlite:///"):]) if db_url.startswith("sqlite:///") else None


def gradebook_problem(root):
    """None if the root gradebook is a sound SQLite file that nbgrader reads, else what is wrong."""
    path = gradebook_file(root)
    if path is not None:
        try:
            with contextlib.closing(sqlite3.connect(path)) as con:
                check = con.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.Error as error:
            return f"SQLite cannot read it: {error}"
        if check != [("ok",)]:
            return f"PRAGMA integrity_check says {check[:3]}"
    try:
        with open_gradebook(root) as gradebook:
            gradebook.student_dicts()
            for assignment in gradebook.assignments:
                gradebook.submission_dicts(assignment.name)
                for notebook in assignment.notebooks:
                    gradebook.notebook_submission_dicts(notebook.name, assignment.name)
    except Exception as error:  # nbgrader cannot read it
        return f"nbgrader cannot read it ({first_line(error)})"
    return None


def final_scores(root, lesson):
    """{student: {notebook: {grade_id: (final score, given by hand?)}}} of ``lesson`` in the root gradebook."""
    from nbgrader.api import MissingEntry

    found = {}
    with warnings.catch_warnings(), open_gradebook(root) as gradebook:
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


def scratch_grades(scratch, lesson, student):
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
