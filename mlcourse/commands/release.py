"""Releasing a lesson: ``nbgrader generate_assignment`` into ``release/LESSON`` and a gradebook.

The student version has no solutions and no hidden tests; releasing also records the lesson's
cells in the gradebook (``gradebook.db`` at the root unless ``CourseDirectory.db_url`` says
otherwise), which autograde reads back.
"""
from pathlib import Path

from .gradebook import gradebook_file, gradebook_problem
from .messages import failure_reason
from .nbgrader_apps import GradingError, load_nbgrader_config, quiet_logger, run_app


def release(root, lessons, db_url=None):
    """Generate the student version of each lesson into ``release/LESSON`` (refreshed if present).

    root: course root; lessons: lesson names (folders of ``lessons/``); db_url: gradebook to record
    the lessons' cells in (default: the config's ``CourseDirectory.db_url``, else
    ``sqlite:///<root>/gradebook.db``). Returns the ``release/LESSON`` folders as Paths.
    Raises GradingError when nbgrader fails (bad cell metadata, duplicate grade_id, ...) or, before
    anything is written, when the course's own gradebook is damaged.
    """
    config = load_nbgrader_config(root)
    if db_url:
        config.CourseDirectory.db_url = db_url
    else:
        path = gradebook_file(root)
        problem = gradebook_problem(root) if path is not None and path.exists() else None
        if problem:
            raise GradingError(
                f"the gradebook {path} is damaged ({problem}): restore it from a "
                f"backup, or move it aside to start a new, empty one (its grades are then no longer in use), "
                f"and release again.")
    return [generate_assignment(config, lesson) for lesson in lessons]


def release_folder(root, lesson):
    """Where :func:`release` puts the student version of ``lesson`` (``<root>/release/LESSON``)."""
    directory = load_nbgrader_config(root).CourseDirectory.get("release_directory", "release")
    return Path(root).resolve() / directory / lesson


def generate_assignment(config, lesson):
    """``nbgrader generate_assignment LESSON --force`` with ``config``; return release/LESSON."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = lesson
    app = GenerateAssignment(coursedir=coursedir, config=config, log=quiet_logger())
    app.force = True
    app.create_assignment = True
    ok, log = run_app(app)
    if not ok:
        raise GradingError(f"nbgrader could not release {lesson}: {failure_reason(log)}")
    return Path(coursedir.format_path(coursedir.release_directory, ".", lesson)).resolve()
