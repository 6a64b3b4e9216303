"""Every source notebook runs end to end in fast mode within a minute (CONTRIBUTING.md), and records metrics."""
import shutil
import time

import nbformat
import pytest
from nbclient import NotebookClient

from mlcourse.metrics import read_recorded
from tests.lessons import notebook_paths

FAST_MODE_SECONDS = 60  # the target on an idle 2-core machine: measure it with `mlcourse run`
# This test often shares the machine (CI, other work): it fails only past 1.5 times the target.
# Measured: rnn_tensorflow 56 s idle and 75 s in a CI run, 4_autoencoder_tensorflow 51 s and 62 s.
BUSY_MACHINE_MARGIN = 1.5
# Fast mode trains briefly; these floors catch a broken training loop, not the full-mode targets.
FAST_MODE_FLOORS = {"test_accuracy": 0.85, "keras_test_accuracy": 0.85}


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_runs_in_fast_mode(path, tmp_path, monkeypatch):
    work = tmp_path / path.parent.name
    shutil.copytree(path.parent, work)
    metrics_file = tmp_path / "metrics.jsonl"
    monkeypatch.setenv("MLCOURSE_FAST", "1")
    monkeypatch.setenv("MLCOURSE_HEADLESS", "1")
    monkeypatch.setenv("MLCOURSE_METRICS_FILE", str(metrics_file))
    nb = nbformat.read(work / path.name, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}},
                            extra_arguments=["--IPKernelApp.capture_fd_output=False"])
    start = time.perf_counter()
    client.execute()   # raises CellExecutionError naming the cell if any cell fails
    seconds = time.perf_counter() - start
    assert seconds <= FAST_MODE_SECONDS * BUSY_MACHINE_MARGIN, (
        f"{path.name} took {seconds:.0f} s in fast mode: the target is {FAST_MODE_SECONDS} s on an idle machine")
    metrics = read_recorded(metrics_file)
    assert metrics, "the notebook must record its results (e.g. test_accuracy) with mlcourse.record"
    for name, value in metrics.items():
        if name in FAST_MODE_FLOORS:
            assert value >= FAST_MODE_FLOORS[name], f"{name} = {value:.4f} in fast mode: is training broken?"
    graded = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
    echoed = [c.metadata.nbgrader.grade_id for c in graded if any(o.output_type == "execute_result" for o in c.outputs)]
    assert not echoed, f"test cells {echoed} end in an expression whose value is displayed under the checks"
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert shown, "the notebook shows no figure"
