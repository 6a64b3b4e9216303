"""``mlcourse bench``: its quick form end to end, its FLOP counts and timer, its class, its errors.

The quick form measures for real (about a minute on 2 busy cores): the test checks what it wrote,
not how fast this machine is, except where no machine could make a wrong answer pass (im2col is
faster than Python loops; a ratio is ours / reference).
"""
import json
import subprocess
import sys

import nbformat
import pytest

from mlcourse.commands import bench_class, bench_numpy, cli
from mlcourse.commands.bench_timing import measure
from tests.conftest import ROOT, copy_fixture_course

ISSUE_KEYS = {"name", "ours_seconds", "reference", "reference_seconds", "ratio"}
KERNEL_ROWS = {"matmul", "mlp_step", "conv_forward_backward", "conv_naive_vs_im2col", "lstm_forward_backward",
               "rbm_epoch"}


def test_quick_bench_writes_every_row_the_issue_names(tmp_path):
    runs = tmp_path / "runs.json"
    runs.write_text(json.dumps([{"notebook": "01_softmax/softmax_numpy.ipynb", "mode": "fast", "seconds": 12.5,
                                 "metrics": {}, "error": None}]))
    proc = subprocess.run([sys.executable, "-m", "mlcourse.commands.cli", "bench", "--quick", "--json",
                           str(tmp_path / "bench.json"), "--plot", str(tmp_path / "bench.png"), "--runs", str(runs)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    rows = json.loads((tmp_path / "bench.json").read_text())
    assert isinstance(rows, list)
    names = {r["name"] for r in rows}
    assert KERNEL_ROWS | {"notebook"} <= names, f"rows missing: {KERNEL_ROWS | {'notebook'} - names}"
    assert "grade_notebook" not in names and "Grading throughput: skipped" in proc.stdout
    for r in rows:
        assert ISSUE_KEYS <= set(r), f"row {r['name']} lacks {ISSUE_KEYS - set(r)}"
        assert r["ours_seconds"] > 0, r
        if r["reference_seconds"] is None:  # only a reference that is not installed is skipped
            assert r["name"] == "rbm_epoch" and "scikit-learn" in r["skipped"], r
            assert f"rbm_epoch: reference skipped: {r['skipped']}" in proc.stdout
        else:
            assert r["ratio"] == pytest.approx(r["ours_seconds"] / r["reference_seconds"]), r
    [naive] = [r for r in rows if r["name"] == "conv_naive_vs_im2col"]
    assert naive["ratio"] < 0.2, "im2col should be far faster than Python loops: are the two swapped?"
    [notebook] = [r for r in rows if r["name"] == "notebook"]
    assert notebook["reference_seconds"] == 60 and notebook["ratio"] == pytest.approx(12.5 / 60)
    for r in rows:
        if r["name"] in KERNEL_ROWS - {"conv_naive_vs_im2col"}:
            assert 0 < r["ours_fraction_of_limit"] <= 1.0 + 1e-9, r  # the limit is the best rate measured
            assert r["ours_gflops"] == pytest.approx(r["flops"] / r["ours_seconds"] / 1e9)
    assert {r["device"] for r in rows} >= {"CPU"}
    assert any(line.startswith("name ") and "ratio" in line for line in proc.stdout.splitlines())
    assert "Goals:" in proc.stdout and "Matmul limit" in proc.stdout
    assert (tmp_path / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_flop_counts_are_the_lessons_matrix_products():
    # Lesson 02: forward 2 n sum(d_in d_out); backward dW for every layer and dX for all but the first.
    products = 2 * 100 * (784 * 200 + 200 * 100 + 100 * 60 + 60 * 30 + 30 * 10)
    assert bench_numpy.mlp_flops() == 3 * products - 2 * 100 * 784 * 200 == 79_580_000
    # Lesson 03: 64 images, 28x28 outputs of 5x5x1 windows to 8 maps, 14x14 outputs of 5x5x8 to 16; x3.
    assert bench_numpy.conv_flops() == 3 * (2 * 64 * 28 * 28 * 25 * 8 + 2 * 64 * 14 * 14 * 200 * 16)
    # Lesson 04: [x h] (128, 156) @ (156, 512) per step, 28 steps, x3.
    assert bench_numpy.lstm_flops() == 3 * 28 * 2 * 128 * 156 * 512
    assert bench_numpy.rbm_flops(100) == 5 * 2 * 100 * 784 * 500


def test_measure_warms_up_then_reports_median_and_spread():
    calls = []
    t = measure(lambda: calls.append(1), repeats=5, warmup=2)
    assert len(calls) == 7 and t["runs"] == 5
    assert t["min"] <= t["q1"] <= t["median"] <= t["q3"] <= t["max"]


def test_loops_baseline_computes_the_same_convolution_as_the_library():
    import numpy as np

    from mlcourse.conv import conv2d_forward

    g = np.random.default_rng(3)
    X, W, b = g.random((2, 6, 5, 3)), g.normal(size=(3, 3, 3, 4)), g.normal(size=4)
    for stride, pad in [(1, 1), (2, 0)]:
        np.testing.assert_allclose(bench_numpy.conv2d_loops(X, W, b, stride, pad),
                                   conv2d_forward(X, W, b, stride, pad)[0], rtol=1e-10, atol=1e-12)


def test_simulated_submissions_hold_the_solutions_without_markers(tmp_path):
    course = copy_fixture_course(tmp_path / "course")
    folder, names = bench_class.build_class(course, "99_fixture", 2, tmp_path / "class")
    for student in ("student01", "student02"):
        for name in names:
            nb = nbformat.read(folder / "submitted" / student / "99_fixture" / name, as_version=4)
            text = "\n".join(c.source for c in nb.cells)
            assert "NotImplementedError" not in text and "### BEGIN SOLUTION" not in text
            assert "HIDDEN TESTS" not in text  # the released version, not the source
    assert not (course / "release").exists() and not (course / "submitted").exists()  # the user's course untouched


def test_a_simulated_class_is_graded_with_one_and_two_jobs(tmp_path):
    course = copy_fixture_course(tmp_path / "course")
    lines = []
    [r] = bench_class_rows(course, lines)
    assert r["name"] == "grade_notebook" and r["class_size"] == 2
    assert r["full_marks_jobs_1"] == r["full_marks_jobs_2"] == 2, lines
    assert r["ours_seconds"] == pytest.approx(r["class_seconds_jobs_2"] / 2)
    assert r["ratio"] == pytest.approx(r["ours_seconds"] / r["reference_seconds"])
    assert all(g["met"] for g in r["goals"] if "full marks" in g["goal"])


def bench_class_rows(course, lines):
    from mlcourse.commands.bench import grading_rows

    return grading_rows(course, "99_fixture", 2, lines.append)


@pytest.mark.parametrize("args, message", [
    (["--json", "no/such/folder/x.json"], "--json no/such/folder/x.json: the folder"),
    (["--plot", "no/such/folder/x.png"], "--plot no/such/folder/x.png: the folder"),
    (["--plot", "ratios.xyz"], "--plot ratios.xyz: matplotlib cannot write that format"),
    (["--runs", "missing.json"], "cannot read --runs file missing.json"),
    (["--runs", "notrun.json"], "is not the JSON that `mlcourse run --json FILE` writes"),
    (["--class-size", "2"], "has no lessons to grade"),
    (["--class-size", "2", "--lesson", "42"], "no lesson called '42'"),
    (["--class-size", "-1"], "--class-size must be 0"),
])
def test_mistakes_are_one_sentence_before_anything_is_measured(tmp_path, monkeypatch, capsys, args, message):
    course = tmp_path / "course"
    (course / "lessons").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    if "42" in args:
        copy_fixture_course(tmp_path / "other")
        course = tmp_path / "other"
    (tmp_path / "notrun.json").write_text('{"not": "a list"}')
    monkeypatch.setenv("MLCOURSE_ROOT", str(course))
    monkeypatch.chdir(tmp_path)
    code = cli.main(["bench", "--quick", *args])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert err.startswith("mlcourse: error: ") and message in err and len(err.strip().splitlines()) == 1, err
    assert "Machine:" not in out  # nothing measured
