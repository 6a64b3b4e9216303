"""The command line ``mlcourse``: run, release, start, check, grade, feedback, handouts, doctor, bench.

Every command finds the course root (``MLCOURSE_ROOT``, the current folder or a parent, or the
checkout the package was installed from). A mistake of the user's prints one sentence,
``mlcourse: error: ...``, and exits with status 2 (1 when nbgrader fails: ``GradingError``).
"""
import argparse
import signal
import sys
import threading
from pathlib import Path

from .course import CourseError, find_course_root, resolve_lessons, resolve_notebooks


def build_parser():
    """The argparse parser of ``mlcourse`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="mlcourse", description="A graded deep-learning course: run, release and grade its lessons.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="execute a lesson's notebooks headless; report time and metrics",
                         description="Execute the source notebooks of a lesson (or all) headless, in a "
                                     "temporary copy, and report each one's wall time and recorded metrics.")
    run.add_argument("lessons", nargs="+", metavar="LESSON",
                     help="lesson name or number, 'all', or one notebook as LESSON/NOTEBOOK (03_conv/conv_tensorflow)")
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
    start.add_argument("--reset", metavar="LESSON[/NOTEBOOK]",
                       help="put a fresh copy of a notebook (or of a lesson's) back; yours is renamed "
                            "NOTEBOOK.reset-DATE-TIME.ipynb, never deleted")
    start.add_argument("lab_args", nargs=argparse.REMAINDER, metavar="-- LAB_OPTION",
                       help="options passed on to jupyter lab, after --, e.g. -- --port=8889 --no-browser")

    check = sub.add_parser("check", help="grade your workspace copy of a lesson, hidden tests included",
                           description="Grade your workspace notebooks of a lesson with the full autograder "
                                       "(hidden tests included), privately. Exit status 0: full marks.")
    check.add_argument("lesson", metavar="LESSON", help="lesson name or number")
    check.add_argument("--workspace", metavar="DIR", help="workspace folder (default: workspace/ in the course)")

    grade = sub.add_parser("grade", help="autograde a class's submissions; grade table, CSV and feedback",
                           description="Autograde every submission in submitted/STUDENT/LESSON/ (each student "
                                       "in a process of its own, with time and memory limits), record the grades "
                                       "in gradebook.db, write feedback/, grades.csv and grades/LESSON.csv, and "
                                       "print a table of students x exercises. Safe to run again.")
    grade.add_argument("lesson", metavar="LESSON", help="lesson name or number")
    grade.add_argument("--student", action="append", metavar="ID", dest="students",
                       help="grade only this student (repeat for more)")
    grade.add_argument("--jobs", type=int, default=1, metavar="N", help="students graded at once (default 1)")
    grade.add_argument("--timeout", type=int, metavar="SECONDS",
                       help="time limit per cell (default: Execute.timeout in nbgrader_config.py)")
    grade.add_argument("--memory-limit", type=float, default=4.0, metavar="GB", dest="memory_gb",
                       help="memory limit per process in GiB (default 4; 0 for none)")
    _hidden_option(grade)
    grade.add_argument("--no-feedback", dest="feedback", action="store_false", help="do not write feedback/")

    feedback = sub.add_parser("feedback", help="write each student's HTML feedback into feedback/ (nbgrader)",
                              description="Generate the HTML feedback of the graded students of a lesson into "
                                          "feedback/STUDENT/LESSON/. Hidden tests are withheld unless "
                                          "--show-hidden-tests.")
    feedback.add_argument("lesson", metavar="LESSON", help="lesson name or number")
    feedback.add_argument("--student", action="append", metavar="ID", dest="students",
                          help="only this student (repeat for more)")
    _hidden_option(feedback)

    handouts = sub.add_parser("handouts", help="executed notebooks as printable handouts (HTML or PDF), offline",
                              description="Execute lesson notebooks (fast mode) and export them with their "
                                          "figures and math into handouts/LESSON/, needing no network: the "
                                          "student version by default.")
    handouts.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson names or numbers (default: all)")
    handouts.add_argument("--solutions", action="store_true", help="the source notebooks, solutions included")
    handouts.add_argument("--format", choices=["html", "pdf"], default="html",
                          help="html (default) or pdf (printed by Chromium or Chrome if installed, else xelatex)")
    handouts.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default a4)")
    handouts.add_argument("--full", dest="fast", action="store_false",
                          help="execute in full mode (minutes per notebook) instead of fast mode")
    handouts.add_argument("--output", metavar="DIR", help="folder to write to (default: handouts/ in the course)")

    bench = sub.add_parser("bench", help="time the course's own code beside TensorFlow and the machine's limit",
                           description="Time the learner's library (the lessons' NumPy code) on the lessons' shapes "
                                       "beside TensorFlow, Keras and scikit-learn, the machine's matrix-product "
                                       "limit, and the grading of a simulated class; print a table with ratios.")
    bench.add_argument("--quick", action="store_true", help="fewer repeats, smaller epochs, no grading: a minute")
    bench.add_argument("--json", metavar="FILE", help="also write the rows to FILE as JSON")
    bench.add_argument("--plot", metavar="FILE", help="also draw the ratios as a bar chart in FILE (.png, .svg, .pdf)")
    bench.add_argument("--runs", action="append", default=[], metavar="FILE",
                       help="add the notebook wall times of `mlcourse run --json FILE` (repeat for more)")
    bench.add_argument("--lesson", default="01", metavar="LESSON", help="lesson whose class is graded (default 01)")
    bench.add_argument("--class-size", type=int, metavar="N", dest="class_size",
                       help="simulated submissions graded with --jobs 1 and 2 (default 30; 0 and --quick: none)")

    sub.add_parser("doctor", help="check this machine: versions, data, GPU, course",
                   description="Check Python, the packages, the MNIST file, the device TensorFlow will use "
                               "and the course folder; say what to do about anything broken.")
    return parser


def _hidden_option(parser):
    hidden = parser.add_mutually_exclusive_group()
    hidden.add_argument("--withhold-hidden-tests", dest="hidden_tests", action="store_const", const="withhold",
                        default="withhold", help="leave hidden tests out of the feedback (default)")
    hidden.add_argument("--show-hidden-tests", dest="hidden_tests", action="store_const", const="show",
                        help="show hidden tests in the feedback, as nbgrader does")


def cmd_run(args):
    """``mlcourse run``."""
    root = find_course_root()
    notebooks = resolve_notebooks(root, args.lessons)
    from .runner import run_notebooks  # after the checks: nbformat takes seconds to import

    return run_notebooks(root, notebooks, fast=args.fast, save_dir=args.save, json_file=args.json,
                       timeout=args.timeout)


def cmd_release(args):
    """``mlcourse release``."""
    root = find_course_root()
    lessons = resolve_lessons(root, args.lessons)
    from .release import release

    db_url = args.db
    if db_url and "://" not in db_url:  # a file name
        db_url = f"sqlite:///{Path(db_url).expanduser().resolve()}"
    for folder in release(root, lessons, db_url=db_url):
        notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
        print(f"released {folder}: {', '.join(notebooks)}")
    return 0


def cmd_start(args):
    """``mlcourse start``."""
    from .workspace import reset, start

    if args.reset:
        reset(find_course_root(), args.reset, workspace=args.workspace)
        return 0
    lab_args = args.lab_args[1:] if args.lab_args[:1] == ["--"] else args.lab_args
    return start(find_course_root(), workspace=args.workspace, lab=args.lab, lab_args=lab_args)


def cmd_check(args):
    """``mlcourse check``."""
    root = find_course_root()
    [lesson] = resolve_lessons(root, [args.lesson])
    from .check import check
    from .workspace import default_workspace

    workspace = Path(args.workspace).resolve() if args.workspace else default_workspace(root)
    return check(root, lesson, workspace)


def cmd_grade(args):
    """``mlcourse grade``."""
    root = find_course_root()
    [lesson] = resolve_lessons(root, [args.lesson])
    if args.timeout is not None and args.timeout < 1:
        raise CourseError("--timeout must be 1 second or more.")
    if args.memory_gb < 0:
        raise CourseError("--memory-limit must be 0 (no limit) or a number of GiB.")
    from .classroom import grade_class

    report = grade_class(root, lesson, students=args.students, jobs=args.jobs, timeout=args.timeout,
                         memory_gb=args.memory_gb, hidden_tests=args.hidden_tests, feedback=args.feedback,
                         out=lambda line: print(line, flush=True))
    # The table says which students could not be graded, and why; exit 1 only for a problem the
    # instructor must fix (a submission that could not be read, feedback that could not be written).
    return 1 if report["problems"] else 0


def cmd_feedback(args):
    """``mlcourse feedback``."""
    root = find_course_root()
    [lesson] = resolve_lessons(root, [args.lesson])
    from .class_lock import class_lock
    from .feedback import generate_feedback
    from .submissions import check_student_id

    for student in args.students or []:
        check_student_id(student)  # before the lock, before anything is written
    with class_lock(root):
        done = generate_feedback(root, lesson, students=args.students, hidden_tests=args.hidden_tests, problems=True)
    written = done["written"]
    if not written and not done["problems"]:
        raise CourseError(f"no graded notebooks of {lesson} to give feedback on: run `mlcourse grade {lesson}` first.")
    for path in written:
        print(f"wrote {path}")
    for problem in done["problems"]:
        print(f"PROBLEM: {problem}")
    shown = "withheld" if args.hidden_tests == "withhold" else "shown"
    print(f"{len(written)} feedback file(s); hidden tests {shown}.")
    return 1 if done["problems"] else 0


def cmd_handouts(args):
    """``mlcourse handouts``."""
    root = find_course_root()
    lessons = resolve_lessons(root, args.lessons)
    from .handouts import make_handouts

    return make_handouts(root, lessons, solutions=args.solutions, fmt=args.format, fast=args.fast,
                         output=args.output, paper=args.paper)


def cmd_bench(args):
    """``mlcourse bench``."""
    from .bench import run_bench

    return run_bench(quick=args.quick, json_file=args.json, plot_file=args.plot, run_files=args.runs,
                     lesson=args.lesson, class_size=args.class_size, out=lambda line: print(line, flush=True))


def cmd_doctor(args):
    """``mlcourse doctor``."""
    from .doctor import doctor

    return doctor()


COMMANDS = {"run": cmd_run, "release": cmd_release, "start": cmd_start, "check": cmd_check, "grade": cmd_grade,
            "feedback": cmd_feedback, "handouts": cmd_handouts, "doctor": cmd_doctor,
            "bench": cmd_bench}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that it cleans up as it does for Ctrl-C."""


def _terminate(signum, frame):
    raise Terminated()


def main(argv=None):
    """Entry point of ``mlcourse``; returns the exit status (130 after Ctrl-C, 143 after SIGTERM)."""
    args = build_parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return COMMANDS[args.command](args)
    except CourseError as error:
        print(f"mlcourse: error: {error}", file=sys.stderr)
        return getattr(error, "exit_code", 2)
    except OSError as error:  # a folder not writable, a disk full: say so without a traceback
        print(f"mlcourse: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:
        if isinstance(stop, Terminated):
            print("mlcourse: stopped (SIGTERM); what was recorded before is kept", file=sys.stderr)
            return 143
        print("mlcourse: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
