"""Unit tests of mlcourse's NumPy-side helpers: preprocessing, gradient check, checks, modes, metrics."""
import json
import subprocess
import sys

import numpy as np
import pytest

import mlcourse
from mlcourse import checks
from mlcourse.gradcheck import numerical_gradient, rel_error
from mlcourse.metrics import read_recorded
from mlcourse.preprocess import flatten_images, minibatches, one_hot, random_batches, scale_images


def test_flatten_and_scale():
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    flat = flatten_images(images)
    assert flat.shape == (1, 4) and flat.dtype == np.float32
    np.testing.assert_allclose(flat, [[0.0, 1.0, 0.2, 0.4]], rtol=1e-6)
    nhwc = scale_images(images)
    assert nhwc.shape == (1, 2, 2, 1) and nhwc.dtype == np.float32


def test_one_hot_and_its_errors():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="0..2"):
        one_hot(np.array([3]), 3)
    with pytest.raises(ValueError, match="1-D"):
        one_hot(np.zeros((2, 2), int), 3)


def test_minibatches_cover_every_row_once_per_epoch():
    X = np.arange(10).reshape(10, 1)
    Y = np.arange(10)
    seen = [int(v) for _, yb in minibatches(X, Y, 3, np.random.default_rng(0)) for v in yb]
    assert sorted(seen) == list(range(10))
    for xb, yb in minibatches(X, Y, 4, np.random.default_rng(1), epochs=2):
        np.testing.assert_array_equal(xb[:, 0], yb)   # rows stay paired with their labels


def test_random_batches_gives_full_batches_for_the_requested_steps():
    X, Y = np.arange(10).reshape(10, 1), np.arange(10)
    batches = list(random_batches(X, Y, 4, 7, np.random.default_rng(0)))
    assert len(batches) == 7 and all(len(xb) == 4 for xb, _ in batches)


def test_numerical_gradient_matches_known_derivatives():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda v: np.sum(v ** 3), x)
    np.testing.assert_allclose(grad, 3 * x ** 2, rtol=1e-6)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])   # restored after perturbing
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda v: v.sum(), x.astype(np.float32))


def test_numerical_gradient_gives_each_call_a_fresh_array():   # wb5: an `is` cache of the input
    last = {}

    def cached_cube_sum(v):
        if last.get("input") is not v:
            last["input"], last["value"] = v, np.sum(v ** 3)
        return last["value"]

    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(cached_cube_sum, x), 3 * x ** 2, rtol=1e-6)


def test_rel_error():
    assert rel_error(np.ones(3), np.ones(3)) == 0
    assert rel_error([1.0], [1.1]) == pytest.approx(0.1 / 2.1)
    assert rel_error([0.0], [0.0]) == 0


def test_checks_pass_silently_and_fail_with_a_named_hint():
    checks.check_close(np.array([1.0, 2.0]), [1.0, 2.0], "f")
    with pytest.raises(AssertionError, match=r"f: has shape \(3,\), expected \(2,\)\n  Hint: axis"):
        checks.check_shape(np.zeros(3), (2,), "f", hint="axis")
    with pytest.raises(AssertionError, match=r"at index \(1,\) got 2.5, expected 2"):
        checks.check_close(np.array([1.0, 2.5]), [1.0, 2.0], "f")
    with pytest.raises(AssertionError, match=r"f: got 3, expected 2\n"):
        checks.check_close(3.0, 2.0, "f", hint="h")
    with pytest.raises(AssertionError, match="(?s)returned None.*return statement"):
        checks.check_close(None, [1.0], "f")
    with pytest.raises(AssertionError, match="NaN or infinite"):
        checks.check_finite(np.array([np.nan]), "f")
    with pytest.raises(AssertionError, match="f: boom"):
        checks.check(False, "f", "boom")


def test_modes(monkeypatch):
    monkeypatch.delenv("MLCOURSE_FAST", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert mlcourse.mode() == "full" and mlcourse.by_mode(fast=1, full=2) == 2
    monkeypatch.setenv("MLCOURSE_FAST", "1")
    assert mlcourse.mode() == "fast" and mlcourse.by_mode(fast=1, full=2) == 1
    monkeypatch.setenv("MLCOURSE_FAST", "0")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert mlcourse.is_fast()


def test_record_prints_and_appends_json(tmp_path, monkeypatch, capsys):
    path = tmp_path / "metrics.jsonl"
    monkeypatch.setenv("MLCOURSE_METRICS_FILE", str(path))
    mlcourse.record(test_accuracy=np.float64(0.91234))
    mlcourse.record(test_accuracy=0.95, loss=0.2)
    assert "test_accuracy = 0.9123" in capsys.readouterr().out
    assert [json.loads(line) for line in path.read_text().splitlines()][0] == {"test_accuracy": 0.91234}
    assert read_recorded(path) == {"test_accuracy": 0.95, "loss": 0.2}
    with pytest.raises(TypeError, match="must be a number"):
        mlcourse.record(name="x")


def test_setup_seeds_and_reports_mode(capsys, monkeypatch):
    monkeypatch.setenv("MLCOURSE_FAST", "1")
    first = mlcourse.setup(seed=3).normal(size=3)
    out = capsys.readouterr().out
    assert "mode: fast" in out and "device: CPU" in out
    np.testing.assert_array_equal(first, mlcourse.setup(seed=3).normal(size=3))


def test_numpy_side_never_imports_tensorflow():
    code = ("import sys, mlcourse, mlcourse.datasets, mlcourse.preprocess, mlcourse.checks, "
            "mlcourse.gradcheck, mlcourse.dashboard, mlcourse.nn, mlcourse.conv; mlcourse.setup(); "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'tensorflow imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_setup_caps_blas_threads_to_one_by_default():
    code = ("import numpy, mlcourse; from threadpoolctl import threadpool_info; mlcourse.setup(); "
            "blas = [i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas']; "
            "assert blas and set(blas) == {1}, blas")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
