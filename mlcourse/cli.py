"""The command line ``mlcourse``: run, release, start, check, doctor.

Every command finds the course root (``MLCOURSE_ROOT``, the current folder or a parent, or the
checkout the package was installed from). A mistake of the user's prints one sentence,
``mlcourse: error: ...``, and exits with status 2 (1 when nbgrader fails: ``GradingError``).
"""
import argparse
import sys
from pathlib import Path

from .course import CourseError, find_course_root, resolve_lessons


def build_parser():
    """The argparse parser of ``mlcourse`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="mlcourse", description="A graded deep-learning course: run, release and grade its lessons.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="execute a lesson's notebooks headless; report time and metrics",
                         description="Execute the source notebooks of a lesson (or all) headless, in a "
                                     "temporary copy, and report each one's wall time and recorded metrics.")
    run.add_argument("lessons", nargs="+", metavar="LESSON", help="lesson name or number, or 'all'")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--fast", dest="fast", action="store_true", default=True,
                      help="small data, short training: about a minute per notebook (default)")
    mode.add_argument("--full", dest="fast", action="store_false", help="the full training that reaches the targets")
    run.add_argument("--json", metavar="FILE", help="also write the results to FILE as JSON")
    run.add_argument("--save", metavar="DIR", help="write the executed notebooks to DIR/LESSON/")
    run.add_argument("--timeout", type=int, metavar="SECONDS",
                     help="time limit per cell (default 300 fast, 1200 full)")

    release = sub.add_parser("release", help="generate the student versions into release/ (nbgrader)",
                             description="Run nbgrader generate_assignment for each lesson (default: all) "
                                         "into release/LESSON, replacing what was there.")
    release.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson names or numbers (default: all)")
    release.add_argument("--db", metavar="URL_OR_FILE",
                         help="gradebook to record the lessons in (default: gradebook.db at the course root)")

    start = sub.add_parser("start", help="copy the student notebooks into your workspace and open JupyterLab",
                           description="Release what is new, copy the student notebooks into your workspace "
                                       "(never overwriting your files) and start JupyterLab there.")
    start.add_argument("--no-lab", dest="lab", action="store_false", help="prepare the workspace only")
    start.add_argument("--workspace", metavar="DIR", help="workspace folder (default: workspace/ in the course)")
    start.add_argument("lab_args", nargs=argparse.REMAINDER, metavar="-- LAB_OPTION",
                       help="options passed on to jupyter lab, after --, e.g. -- --port=8889 --no-browser")

    check = sub.add_parser("check", help="grade your workspace copy of a lesson, hidden tests included",
                           description="Grade your workspace notebooks of a lesson with the full autograder "
                                       "(hidden tests included), privately. Exit status 0: full marks.")
    check.add_argument("lesson", metavar="LESSON", help="lesson name or number")
    check.add_argument("--workspace", metavar="DIR", help="workspace folder (default: workspace/ in the course)")

    sub.add_parser("doctor", help="check this machine: versions, data, GPU, course",
                   description="Check Python, the packages, the MNIST file, the device TensorFlow will use "
                               "and the course folder; say what to do about anything broken.")
    return parser


def cmd_run(args):
    """``mlcourse run``."""
    root = find_course_root()
    lessons = resolve_lessons(root, args.lessons)
    from .runner import run_lessons  # after the checks: nbformat takes seconds to import

    return run_lessons(root, lessons, fast=args.fast, save_dir=args.save, json_file=args.json,
                       timeout=args.timeout)


def cmd_release(args):
    """``mlcourse release``."""
    root = find_course_root()
    lessons = resolve_lessons(root, args.lessons)
    from .grading import release

    db_url = args.db
    if db_url and "://" not in db_url:  # a file name
        db_url = f"sqlite:///{Path(db_url).expanduser().resolve()}"
    for folder in release(root, lessons, db_url=db_url):
        notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
        print(f"released {folder}: {', '.join(notebooks)}")
    return 0


def cmd_start(args):
    """``mlcourse start``."""
    from .workspace import start

    lab_args = args.lab_args[1:] if args.lab_args[:1] == ["--"] else args.lab_args
    return start(find_course_root(), workspace=args.workspace, lab=args.lab, lab_args=lab_args)


def cmd_check(args):
    """``mlcourse check``."""
    root = find_course_root()
    [lesson] = resolve_lessons(root, [args.lesson])
    from .grading import check
    from .workspace import default_workspace

    workspace = Path(args.workspace).resolve() if args.workspace else default_workspace(root)
    return check(root, lesson, workspace)


def cmd_doctor(args):
    """``mlcourse doctor``."""
    from .doctor import doctor

    return doctor()


COMMANDS = {"run": cmd_run, "release": cmd_release, "start": cmd_start, "check": cmd_check, "doctor": cmd_doctor}


def main(argv=None):
    """Entry point of ``mlcourse``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CourseError as error:
        print(f"mlcourse: error: {error}", file=sys.stderr)
        return getattr(error, "exit_code", 2)
    except OSError as error:  # a folder not writable, a disk full: say so without a traceback
        print(f"mlcourse: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mlcourse: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
