"""Course-level figures of ``mlcourse bench``: grading a simulated class, and notebook wall times.

The class is built in a temporary course (the lesson's source and ``nbgrader_config.py`` copied
from the user's course, which is never written to): the lesson is released, and every student
submits the released notebooks with the source's solutions filled in, so that each submission
should score full marks. The class is graded with ``mlcourse grade LESSON --jobs N --no-feedback``
in a process of its own (the grader forks one process per student; this process has imported
TensorFlow, which must not be forked).
"""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from .course import LESSONS_DIR, CourseError, lesson_names, lesson_notebooks, resolve_lessons

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
# The limits the design gives: a notebook in fast mode, one in full mode (seconds).
NOTEBOOK_LIMITS = {"fast": 60, "full": 600}


def solved(source_nb, released_nb):
    """The released notebook with each solution cell's source taken from the source notebook.

    The marker lines ``### BEGIN SOLUTION`` / ``### END SOLUTION`` are left out, as a learner's
    copy has none. Both arguments are nbformat notebooks; returns the released one, changed.
    """
    solutions = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = [line for line in cell.source.splitlines() if line.strip() not in SOLUTION_MARKERS]
            solutions[meta["grade_id"]] = "\n".join(lines)
    for cell in released_nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            cell.source = solutions[grade_id]
    return released_nb


def lesson_to_grade(root, name):
    """The lesson name ``name`` stands for in the course at ``root``, or CourseError in one sentence."""
    if not lesson_names(root):
        raise CourseError(f"the course at {root} has no lessons to grade ({Path(root) / LESSONS_DIR} holds no "
                          f"lesson notebooks): give --class-size 0 to skip the grading figures.")
    [lesson] = resolve_lessons(root, [name])
    return lesson


def build_class(root, lesson, size, folder):
    """A temporary course in ``folder`` with ``size`` submissions of ``lesson``, each with full solutions.

    root: the user's course (read only); folder: an empty or absent folder. Returns (folder, the
    notebook file names of the lesson).
    """
    from .release import release  # nbgrader: imported only when a class is graded

    folder = Path(folder)
    (folder / LESSONS_DIR).mkdir(parents=True)
    shutil.copytree(Path(root) / LESSONS_DIR / lesson, folder / LESSONS_DIR / lesson,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(Path(root) / "nbgrader_config.py", folder)
    [released] = release(folder, [lesson])
    names = [p.name for p in lesson_notebooks(folder, lesson)]
    submissions = {name: solved(nbformat.read(folder / LESSONS_DIR / lesson / name, as_version=4),
                                nbformat.read(released / name, as_version=4)) for name in names}
    for i in range(1, size + 1):
        target = folder / "submitted" / f"student{i:02d}" / lesson
        target.mkdir(parents=True)
        for name, nb in submissions.items():
            nbformat.write(nb, target / name)
    return folder, names


def grade_once(folder, lesson, jobs):
    """Grade the class in ``folder`` with ``--jobs jobs``; return (wall seconds, students with full marks).

    Raises CourseError (one sentence, with the grader's last line) when the grader fails.
    """
    for generated in ("autograded", "grades", ".mlcourse"):  # each run starts from the same state
        shutil.rmtree(folder / generated, ignore_errors=True)
    (folder / "gradebook.db").unlink(missing_ok=True)
    env = dict(os.environ, MLCOURSE_ROOT=str(folder))
    env.pop("MLCOURSE_FAST", None)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mlcourse.commands.cli", "grade", lesson, "--jobs", str(jobs),
                           "--no-feedback"], cwd=folder, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        last = (proc.stderr.strip() or proc.stdout.strip() or "no output").splitlines()[-1]
        raise CourseError(f"grading the simulated class of {lesson} failed (exit {proc.returncode}): {last}")
    report = json.loads((folder / "grades" / f"{lesson}.json").read_text(encoding="utf-8"))
    full = sum(1 for r in report["students"].values() if r["total"] == r["max_total"])
    return seconds, full


def notebook_rows(run_files):
    """Rows of notebook wall times from ``mlcourse run --json`` files: each against its mode's limit."""
    rows = []
    for path in run_files:
        try:
            results = json.loads(Path(path).read_text(encoding="utf-8"))
            entries = [(r["notebook"], r["mode"], float(r["seconds"]), r.get("error")) for r in results]
        except OSError as error:
            raise CourseError(f"cannot read --runs file {path}: {error.strerror or error}.") from None
        except (ValueError, TypeError, KeyError):
            raise CourseError(f"--runs file {path} is not the JSON that `mlcourse run --json FILE` writes.") from None
        for notebook, mode, seconds, error in entries:
            if mode not in NOTEBOOK_LIMITS:
                raise CourseError(f"--runs file {path}: mode '{mode}' of {notebook} is neither fast nor full.")
            limit = NOTEBOOK_LIMITS[mode]
            rows.append({"name": "notebook", "detail": f"{notebook} ({mode})", "device": "CPU", "ours": "notebook",
                         "ours_seconds": seconds, "reference": f"{mode}-mode limit", "reference_seconds": limit,
                         "ratio": seconds / limit, "failed": bool(error),
                         "goals": [{"goal": f"at most {limit} s in {mode} mode",
                                    "met": seconds <= limit and not error}]})
    return rows
