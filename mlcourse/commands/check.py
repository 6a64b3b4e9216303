"""``mlcourse check``: grade the learner's workspace copy of a lesson and print the scores."""
from pathlib import Path

from .autograde import autograde_in_scratch
from .course import CourseError, lesson_notebooks


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
            line = f"  {grade_id:<{width}}  {grade['score']:g} / {grade['max_score']:g}"
            if grade["error"] and not result["failed"]:
                line += f"   {grade['error']}"
            print(line)
        print(f"  {'subtotal':<{width}}  {result['total']:g} / {result['max_total']:g}")
        total += result["total"]
        max_total += result["max_total"]
    print(f"\nTotal for {lesson}: {total:g} / {max_total:g}"
          + ("" if complete else " (incomplete: see above)"))
    return 0 if complete and total == max_total else 1
