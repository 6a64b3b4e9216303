"""Where the course lives on disk: the course root and its lessons.

The course root is the folder holding ``nbgrader_config.py`` and ``lessons/``. It is found from
``MLCOURSE_ROOT``, else the current folder or one of its parents, else the checkout this package
was installed from (``pip install -e .``).
"""
import os
from pathlib import Path

LESSONS_DIR = "lessons"
# A file being written beside the one it replaces (then renamed over it): never read as the real one.
STAGING_PREFIX = ".mlcourse-new-"


class CourseError(RuntimeError):
    """Bad input from the user of the command line: the message says what to do."""


def _is_course_root(path):
    return (path / "nbgrader_config.py").is_file() and (path / LESSONS_DIR).is_dir()


def find_course_root(start=None):
    """Return the course root as a Path, or raise CourseError saying how to point at it."""
    env = os.environ.get("MLCOURSE_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if not _is_course_root(root):
            raise CourseError(f"MLCOURSE_ROOT={env} is not a course folder (no nbgrader_config.py and lessons/).")
        return root
    here = Path(start or Path.cwd()).resolve()
    for candidate in [here, *here.parents, Path(__file__).resolve().parents[2]]:
        if _is_course_root(candidate):
            return candidate
    raise CourseError("cannot find the course: run this from the mlcourse folder, or set MLCOURSE_ROOT to it.")


def lesson_names(root):
    """Sorted names of the lessons under ``root/lessons`` (folders holding at least one notebook)."""
    lessons = Path(root) / LESSONS_DIR
    return sorted(p.name for p in lessons.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def resolve_lessons(root, names):
    """Turn user input (lesson names, or 'all') into lesson names, or raise CourseError.

    Accepts a full name ('01_softmax') or its unique number prefix ('01', '1').
    """
    available = lesson_names(root)
    if not names or list(names) == ["all"]:
        return available
    chosen = []
    for name in names:
        matches = [n for n in available if n == name or n.split("_")[0].lstrip("0") == name.lstrip("0")]
        if len(matches) != 1:
            raise CourseError(f"no lesson called '{name}'; the lessons are: {', '.join(available)}.")
        chosen.append(matches[0])
    return chosen


def resolve_notebooks(root, names):
    """Turn user input for ``mlcourse run`` into notebook paths, or raise CourseError.

    Each name is a lesson (see ``resolve_lessons``), 'all', or one notebook of a lesson written
    'LESSON/NOTEBOOK' ('03_conv/conv_tensorflow', '3/conv_tensorflow.ipynb').
    """
    paths = []
    for name in names or ["all"]:
        if name == "all":
            paths += [p for lesson in lesson_names(root) for p in lesson_notebooks(root, lesson)]
            continue
        lesson_name, _, notebook = name.partition("/")
        lessons = resolve_lessons(root, [lesson_name]) if lesson_name != "all" else []
        if len(lessons) != 1:
            raise CourseError(f"no lesson called '{lesson_name}'; the lessons are: {', '.join(lesson_names(root))}.")
        notebooks = lesson_notebooks(root, lessons[0])
        if notebook:
            notebooks = [p for p in notebooks if notebook in (p.stem, p.name)]
            if not notebooks:
                known = ", ".join(p.stem for p in lesson_notebooks(root, lessons[0]))
                raise CourseError(f"no notebook called '{notebook}' in {lessons[0]}; its notebooks are: {known}.")
        paths += notebooks
    return paths


def lesson_notebooks(root, lesson):
    """Source notebooks of a lesson in the order a learner works through them: by name.

    Every command, the README and the handouts follow this order. Names alone order a lesson of
    one pair (``x_numpy`` before ``x_tensorflow``); a lesson with more notebooks numbers them
    (``1_rbm_numpy``, ``2_rbm_tensorflow``, ``3_autoencoder_numpy``, ...), which also orders them in
    JupyterLab's file browser.
    """
    return sorted((Path(root) / LESSONS_DIR / lesson).glob("*.ipynb"))
