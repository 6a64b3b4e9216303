"""``mlcourse run``: execute a lesson's source notebooks headless; report wall time and metrics.

Each notebook runs with nbclient in a temporary copy of its folder (nothing is written into
``lessons/``), in a fresh kernel whose environment says how to run: ``MLCOURSE_HEADLESS=1``,
``MLCOURSE_FAST=1`` in fast mode (removed in full mode), and ``MLCOURSE_METRICS_FILE`` where
``mlcourse.record(...)`` appends the metrics the notebook measured.
"""
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from ..metrics import METRICS_FILE_ENV, read_recorded
from .course import LESSONS_DIR, CourseError
from .messages import first_line

# Seconds one cell may run: a full-mode training cell takes minutes, a fast-mode one seconds.
CELL_TIMEOUT = {"fast": 300, "full": 1200}
# Keep C-level output (TensorFlow's C++ log lines) out of the cells, as nbgrader does here.
KERNEL_ARGS = ["--IPKernelApp.capture_fd_output=False"]


def kernel_env(fast, metrics_file):
    """Environment of the kernel: this process's, plus the mode and where to record metrics."""
    env = dict(os.environ)
    env["MLCOURSE_HEADLESS"] = "1"
    env[METRICS_FILE_ENV] = str(metrics_file)
    env.pop("NBGRADER_EXECUTION", None)  # it would force fast mode
    if fast:
        env["MLCOURSE_FAST"] = "1"
    else:
        env.pop("MLCOURSE_FAST", None)
    return env


def execute_in_copy(nb, folder, fast=True, timeout=None, allow_errors=False, on_cell_start=None):
    """Execute ``nb`` (in place) in a fresh kernel, in a temporary copy of ``folder``.

    The copy holds what the notebook reads next to it; nothing is written into ``folder``.
    fast: fast mode, else full; timeout: seconds per cell (default by mode); allow_errors: go on
    after a cell's error (its output stays in the cell); on_cell_start: nbclient's hook.
    Returns ``(metrics, error)``: the metrics the notebook recorded (``mlcourse.record``), and the
    exception that stopped the run (the cell's, a timeout, a dead kernel), or None.
    """
    from nbclient import NotebookClient

    limit = timeout or CELL_TIMEOUT["fast" if fast else "full"]
    error = None
    with tempfile.TemporaryDirectory(prefix="mlcourse-run-") as tmp:
        work = Path(tmp) / Path(folder).name
        shutil.copytree(folder, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        metrics_file = Path(tmp) / "metrics.jsonl"
        client = NotebookClient(
            nb, timeout=limit, kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
            resources={"metadata": {"path": str(work)}}, extra_arguments=list(KERNEL_ARGS),
            allow_errors=allow_errors, on_cell_start=on_cell_start)
        with open(Path(tmp) / "kernel.log", "wb") as kernel_log:  # the kernel process's own output
            try:
                client.execute(env=kernel_env(fast, metrics_file), stdout=kernel_log, stderr=kernel_log)
            except Exception as failure:  # the cell's exception, a timeout, a dead kernel
                error = failure
        metrics = read_recorded(metrics_file)
    return metrics, error


def run_notebook(path, root, fast=True, save_dir=None, timeout=None):
    """Execute one notebook in a temporary copy of its folder and return its result.

    path: the notebook; root: course root (names are given relative to ``root/lessons``);
    fast: fast mode, else full; save_dir: folder to write the executed notebook to (as
    ``LESSON/NAME.ipynb``), also when it fails; timeout: seconds per cell (default by mode).
    Returns ``{"notebook": "01_softmax/softmax_numpy.ipynb", "mode": "fast", "seconds": 12.3,
    "metrics": {"test_accuracy": 0.93}, "error": None}``; ``error`` is, when the notebook stopped
    early, ``{"cell": index in the notebook, "source": its first line, "message": one line}``.
    """
    path = Path(path).resolve()
    mode = "fast" if fast else "full"
    limit = timeout or CELL_TIMEOUT[mode]
    result = {"notebook": path.relative_to(Path(root).resolve() / LESSONS_DIR).as_posix(), "mode": mode,
              "seconds": 0.0, "metrics": {}, "error": None}
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # broken JSON, not a notebook
        result["error"] = {"cell": None, "source": "", "message": f"not a valid notebook: {first_line(error)}"}
        return result
    current = {"cell": None}

    def on_cell_start(cell, cell_index):
        current["cell"] = cell_index

    start = time.perf_counter()
    result["metrics"], error = execute_in_copy(nb, path.parent, fast=fast, timeout=limit, on_cell_start=on_cell_start)
    result["seconds"] = round(time.perf_counter() - start, 2)
    if error is not None:
        result["error"] = _describe_failure(error, nb, current["cell"], limit)
    if save_dir:
        target = Path(save_dir) / result["notebook"]
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    return result


def run_notebooks(root, notebooks, fast=True, save_dir=None, json_file=None, timeout=None):
    """Run ``notebooks`` (paths) one after the other, print the table; return the exit code.

    Prints each notebook's line as it finishes, then the failures (cell and error). Writes the
    list of results to ``json_file`` when given. Returns 0 when all ran, 1 when one failed.
    """
    root = Path(root).resolve()
    notebooks = [Path(p).resolve() for p in notebooks]
    if not notebooks:
        raise CourseError(f"no notebooks to run: {root / LESSONS_DIR} holds no lesson notebooks.")
    mode = "fast" if fast else "full"
    width = max(len(p.relative_to(root / LESSONS_DIR).as_posix()) for p in notebooks)
    print(f"{'notebook':<{width}}  {'mode':<4}  {'seconds':>8}  metrics", flush=True)
    results = []
    for path in notebooks:
        result = run_notebook(path, root, fast=fast, save_dir=save_dir, timeout=timeout)
        results.append(result)
        metrics = "  ".join(f"{name}={value:.4f}" for name, value in result["metrics"].items())
        status = "FAILED  " if result["error"] else ""
        print(f"{result['notebook']:<{width}}  {mode:<4}  {result['seconds']:>8.1f}  {status}{metrics}", flush=True)
    if json_file:
        Path(json_file).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    failed = [r for r in results if r["error"]]
    for r in failed:
        error = r["error"]
        where = "" if error["cell"] is None else f" in cell index {error['cell']} (`{error['source']}`)"
        print(f"\nFAILED {r['notebook']}{where}: {error['message']}")
    return 1 if failed else 0


def _describe_failure(error, nb, cell_index, timeout):
    """{"cell", "source", "message"} for an exception raised while executing ``nb``."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if isinstance(error, CellExecutionError):
        evalue = first_line(error.evalue)
        message = f"{error.ename}: {evalue}" if evalue else error.ename
    elif isinstance(error, CellTimeoutError):
        message = f"the cell ran longer than {timeout} s and was stopped"
    elif isinstance(error, DeadKernelError):
        message = "the kernel died (out of memory, or the code ended the process)"
    else:
        message = f"{type(error).__name__}: {first_line(error)}"
    source = ""
    if cell_index is not None and cell_index < len(nb.cells):
        source = first_line(nb.cells[cell_index].source)
        source = source if len(source) <= 60 else source[:57] + "..."
    return {"cell": cell_index, "source": source, "message": message}

