"""Phase 1 of grading a class: one process per student, with limits, and nothing left running.

Each student is graded in a process of its own, forked from this one, by
:func:`mlcourse.commands.autograde.autograde_in_scratch`. The process has a memory limit
(``RLIMIT_DATA``, inherited by the kernel it starts) and a wall-clock limit after which it and
its kernel are killed (with psutil: portable to macOS); it dies with its parent.
"""
import contextlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from pathlib import Path

from .autograde import autograde_in_scratch
from .class_lock import close_inherited_locks
from .messages import first_line


def grade_all(root, lesson, template, tasks, jobs, limits, out):
    """Grade the tasks' students, ``jobs`` at a time, each in a process of its own.

    However this ends (done, Ctrl-C, SIGTERM, an error), no worker or kernel is left running;
    if this process is killed outright, the workers notice and stop (:func:`_die_with_parent`).
    """
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pending = [t for t in tasks if t["notebooks"]]
    running = []
    try:
        while pending or running:
            while pending and len(running) < jobs:
                task = pending.pop(0)
                process = context.Process(target=_student_worker, daemon=False,
                                          args=(str(root), lesson, task["student"],
                                                {n: str(p) for n, p in task["notebooks"].items()},
                                                str(template), str(task["scratch"]), str(task["result_file"]),
                                                limits["timeout"], limits["memory_gb"], os.getpid()))
                process.start()
                running.append((task, process, time.monotonic()))
            time.sleep(0.05)
            still = []
            for task, process, since in running:
                if process.exitcode is None and time.monotonic() - since > limits["wall"]:
                    _kill_tree(process.pid)
                    process.join(10)
                    task["killed"] = f"grading took longer than {limits['wall']} s and was stopped"
                if process.exitcode is None:
                    still.append((task, process, since))
                    continue
                process.join()
                _kill_tree(process.pid, children_only=True)  # a kernel left behind
                task["exitcode"] = process.exitcode
                out(f"  graded {task['student']} ({time.monotonic() - since:.1f} s{_per_notebook(task)})")
            running = still
    finally:
        for task, process, since in running:
            _kill_tree(process.pid)
            process.join(10)


def _per_notebook(task):
    """', softmax_numpy.ipynb 12.3 s, ...' from the worker's result file, or ''."""
    try:
        results = json.loads(Path(task["result_file"]).read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        return ""
    return "".join(f", {name} {r['seconds']} s" for name, r in results.items() if r.get("seconds") is not None)


def _student_worker(root, lesson, student, notebooks, template, scratch, result_file, timeout, memory_gb, parent):
    """In the student's own process: limits, then autograde_in_scratch; the result as JSON."""
    code = 0
    try:
        close_inherited_locks()  # the class lock stays with the parent alone
        with contextlib.suppress(OSError):
            os.setsid()  # its own process group
        _die_with_parent(parent)
        Path(scratch).mkdir(parents=True, exist_ok=True)
        log = os.open(str(Path(scratch) / "worker.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        if memory_gb:
            _limit_memory(memory_gb)
        os.environ["MLCOURSE_MEMORY_LIMIT_GB"] = f"{memory_gb:g}" if memory_gb else ""
        timings = {}
        result = autograde_in_scratch(root, lesson, {n: Path(p) for n, p in notebooks.items()}, student=student,
                                      scratch=scratch, template=template, timeout=timeout, timings=timings)
        for name, seconds in timings.items():
            result[name]["seconds"] = seconds
        payload = {"results": result}
    except BaseException as error:  # noqa: BLE001 - whatever it is, the parent must hear of it
        payload = {"error": f"{type(error).__name__}: {first_line(error)}"}
        code = 1
    Path(result_file).write_text(json.dumps(payload), encoding="utf-8")
    sys.stdout.flush()
    os._exit(code)


def _die_with_parent(parent):
    """Stop this worker, and the kernel it started, as soon as its parent ``parent`` is gone.

    Linux delivers SIGTERM when the parent dies (``PR_SET_PDEATHSIG``); elsewhere a thread
    notices that the parent changed. Either way the worker kills its own descendants and exits.
    """
    def stop(*_):
        _kill_tree(os.getpid(), children_only=True)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        stop()

    if os.getppid() != parent:  # died already, before the signal was asked for
        stop()
    threading.Thread(target=watch, daemon=True).start()


def _limit_memory(gigabytes):
    """Limit the data segment (heap, anonymous memory) of this process and its children.

    RLIMIT_DATA rather than RLIMIT_AS: TensorFlow and CUDA reserve gigabytes of address space
    that they never use, and RLIMIT_AS would count them. A Python allocation past the limit
    raises MemoryError in the cell, and the kernel lives on.
    """
    import resource

    limit = int(gigabytes * 2**30)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError):  # a system that does not let us: grade without the limit
        pass


def _kill_tree(pid, children_only=False):
    """SIGKILL ``pid``'s descendants (kernels start sessions of their own), then ``pid``."""
    import psutil

    try:
        process = psutil.Process(pid)
        descendants = process.children(recursive=True)
    except psutil.Error:  # gone already
        return
    for member in descendants + ([] if children_only else [process]):
        with contextlib.suppress(psutil.Error):
            member.kill()
    psutil.wait_procs(descendants, timeout=5)  # ``pid`` itself is left to whoever waits for it
