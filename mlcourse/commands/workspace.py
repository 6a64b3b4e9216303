"""``mlcourse start``: the learner's workspace, then JupyterLab.

The workspace (``<root>/workspace`` unless told otherwise) holds the learner's own copies of the
released notebooks, one folder per lesson. Files are copied in only when absent: a learner's
work is never overwritten, whatever changed upstream.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

from .course import LESSONS_DIR, CourseError, lesson_names, lesson_notebooks, resolve_lessons
from .learner_lab import lab_options
from .messages import display_path
from .release import release, release_folder

WORKSPACE_DIR = "workspace"
_SKIP = {".ipynb_checkpoints", "__pycache__"}


def default_workspace(root):
    """The default workspace folder of the course at ``root``."""
    return Path(root) / WORKSPACE_DIR


def stale_lessons(root, lessons):
    """Lessons whose student version is missing, or older than (or different from) their source."""
    stale = []
    for lesson in lessons:
        source = _files(Path(root) / LESSONS_DIR / lesson)
        released = _files(release_folder(root, lesson))
        names = {p.name for p in source if p.suffix == ".ipynb"}
        if not released or names != {p.name for p in released if p.suffix == ".ipynb"}:
            stale.append(lesson)
        elif max(p.stat().st_mtime for p in source) > min(p.stat().st_mtime for p in released):
            stale.append(lesson)
    return stale


def fill_workspace(root, workspace, lessons):
    """Copy each lesson's released files into ``workspace/LESSON/`` where absent.

    Returns ``(new, kept)``: lists of workspace Paths copied now, and Paths already there (left
    exactly as they were).
    """
    new, kept = [], []
    for lesson in lessons:
        folder = release_folder(root, lesson)
        for path in _files(folder):
            target = Path(workspace) / lesson / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with open(path, "rb") as src, open(target, "xb") as dst:  # "x": never overwrite
                    dst.write(src.read())
            except FileExistsError:
                kept.append(target)
            else:
                new.append(target)
    return new, kept


def start(root, workspace=None, lab=True, lab_args=()):
    """Release what needs it, fill the workspace, then run JupyterLab there (unless ``lab`` is False).

    lab_args: further command-line options for JupyterLab. Returns the exit code (JupyterLab's,
    where the process is not replaced by it).
    """
    workspace = Path(workspace).resolve() if workspace else default_workspace(root)
    problem = workspace_problem(workspace)
    if problem:
        raise CourseError(problem)
    lessons = lesson_names(root)
    stale = stale_lessons(root, lessons)
    if stale:
        print(f"Preparing the student version of {', '.join(stale)}...", flush=True)
        release(root, stale)
    workspace.mkdir(parents=True, exist_ok=True)
    new, kept = fill_workspace(root, workspace, lessons)
    for path in new:
        print(f"  new   {display_path(path)}")
    for path in kept:
        lesson = path.relative_to(workspace).parts[0]
        update = f"; the updated lesson is in {display_path(release_folder(root, lesson))}" if lesson in stale else ""
        print(f"  kept  {display_path(path)} (yours, not overwritten{update})")
    print(f"Your workspace is {display_path(workspace)}: {len(new)} new file(s), {len(kept)} kept.")
    print("Grade your work with `mlcourse check LESSON` (hidden tests included); "
          "to start a notebook afresh, `mlcourse start --reset LESSON/NOTEBOOK` (your copy is kept aside).")
    if not lab:
        return 0
    return launch_lab(workspace, lab_args)


def reset(root, name, workspace=None, now=None):
    """Put fresh copies of the notebooks ``name`` names back into the workspace, keeping the old ones.

    name: ``LESSON`` (every notebook of the lesson the learner has) or ``LESSON/NOTEBOOK``. Each
    copy is renamed ``NOTEBOOK.reset-YYYYmmdd-HHMMSS.ipynb`` next to it (``-2``, ``-3``, ... if
    that name is taken: nothing is deleted or overwritten), then the released notebook is copied
    in. now: the time for the new names (default: the current local time). Returns a list of
    ``(fresh, kept_aside)`` Paths; raises CourseError in one sentence for an unknown lesson or
    notebook, or one the learner never started.
    """
    workspace = Path(workspace).resolve() if workspace else default_workspace(root)
    lesson_part, _, notebook = name.partition("/")
    [lesson] = resolve_lessons(root, [lesson_part])
    names = [p.name for p in lesson_notebooks(root, lesson)]
    if notebook:
        chosen = [n for n in names if notebook in (n, Path(n).stem)]
        if not chosen:
            known = ", ".join(Path(n).stem for n in names)
            raise CourseError(f"no notebook called '{notebook}' in {lesson}; its notebooks are: {known}.")
    else:
        chosen = [n for n in names if (workspace / lesson / n).is_file()]
    started = [n for n in chosen if (workspace / lesson / n).is_file()]
    if not started:
        what = f"{lesson}/{Path(chosen[0]).stem}" if notebook else lesson
        raise CourseError(f"there is no copy of {what} in {display_path(workspace)} to reset: "
                          "run `mlcourse start` to get the notebooks.")
    if lesson in stale_lessons(root, [lesson]):
        print(f"Preparing the student version of {lesson}...", flush=True)
        release(root, [lesson])
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    done = []
    for n in started:
        copy = workspace / lesson / n
        aside = _free_name(copy.with_name(f"{copy.stem}.reset-{stamp}{copy.suffix}"))
        copy.rename(aside)
        with open(release_folder(root, lesson) / n, "rb") as src, open(copy, "xb") as dst:
            dst.write(src.read())
        done.append((copy, aside))
        print(f"  fresh {display_path(copy)} (yours is now {aside.name})")
    print("If the notebook is open in JupyterLab, close its tab without saving, or use File > Reload Notebook "
          "from Disk, so that JupyterLab does not save the old one over the fresh copy.")
    return done


def _free_name(path):
    """``path``, or ``path`` with ``-2``, ``-3``, ... before its suffix: the first that does not exist."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def workspace_problem(folder):
    """None if ``folder`` is, or can become, a workspace folder; else one sentence saying why not."""
    folder = Path(folder)
    for path in [folder, *folder.parents]:
        if path.exists():
            if not path.is_dir():
                what = "is a file" if path == folder else f"is inside {path}, which is a file"
                return f"the workspace {folder} {what}, not a folder: choose a folder with --workspace DIR."
            return None
    return None


def launch_lab(folder, lab_args=()):
    """Run JupyterLab with ``folder`` as its root: this process becomes JupyterLab on POSIX."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", *lab_options(), *lab_args]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in lab_args:
        # Containers often run as root, where JupyterLab refuses to start without this flag.
        print("Running as root (a container?): starting JupyterLab with --allow-root.")
        command.append("--allow-root")
    print("Starting JupyterLab (stop it with Ctrl-C)...", flush=True)
    if os.name == "posix":
        os.execv(sys.executable, command)
    return subprocess.call(command)


def _files(folder):
    """Plain files under ``folder`` (recursively, no checkpoints or caches), sorted; [] if absent."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not _SKIP.intersection(p.relative_to(folder).parts))
