"""The MNIST loader: real data with known hashes, and clear errors for missing or damaged files."""
import hashlib
import shutil
import subprocess
import sys

import numpy as np
import pytest

from mlcourse.datasets import MNIST_PATH, MNIST_SHA256, DataFileError, load_mnist


def test_load_mnist_returns_keras_shaped_uint8_arrays_with_known_hashes():
    (x_train, y_train), (x_test, y_test) = load_mnist()
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    for name, array in arrays.items():
        assert array.dtype == np.uint8, name
        assert hashlib.sha256(array.tobytes()).hexdigest() == MNIST_SHA256[name], name
    assert set(np.unique(y_train)) == set(range(10))
    # The well-known first labels of MNIST's training and test sets.
    assert list(y_train[:5]) == [5, 0, 4, 1, 9] and list(y_test[:5]) == [7, 2, 1, 0, 4]


def test_missing_file_is_one_clear_sentence(tmp_path):
    with pytest.raises(DataFileError, match="not found.*reinstall"):
        load_mnist(tmp_path / "nope.npz")


def test_truncated_file_is_reported_as_damaged(tmp_path):
    broken = tmp_path / "mnist.npz"
    broken.write_bytes(MNIST_PATH.read_bytes()[: 1_000_000])
    with pytest.raises(DataFileError, match="damaged"):
        load_mnist(broken)


def test_garbage_file_is_reported_as_damaged(tmp_path):
    broken = tmp_path / "mnist.npz"
    broken.write_bytes(b"this is not a zip file at all")
    with pytest.raises(DataFileError, match="damaged"):
        load_mnist(broken)


def test_altered_pixels_fail_the_checksum(tmp_path):
    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_test = x_test.copy()
    x_test[0, 14, 14] ^= 1
    altered = tmp_path / "mnist.npz"
    np.savez(altered, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    with pytest.raises(DataFileError, match="'x_test' does not match its checksum"):
        load_mnist(altered)


def test_wrong_dtype_and_missing_array_are_named(tmp_path):
    (x_train, y_train), (x_test, y_test) = load_mnist()
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=x_train, y_train=y_train.astype(np.int64), x_test=x_test, y_test=y_test)
    with pytest.raises(DataFileError, match="'y_train' is int64"):
        load_mnist(path)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test)
    with pytest.raises(DataFileError, match="no array 'y_test'"):
        load_mnist(path)


def test_a_learner_sees_no_traceback_for_a_damaged_file(tmp_path):
    broken = tmp_path / "mnist.npz"
    shutil.copy(MNIST_PATH, broken)
    broken.write_bytes(broken.read_bytes()[:5000])
    result = subprocess.run(
        [sys.executable, "-c", f"from mlcourse.datasets import load_mnist; load_mnist({str(broken)!r})"],
        capture_output=True, text=True)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("mlcourse.datasets.DataFileError: MNIST data file") and "reinstall" in last
    assert "During handling of the above exception" not in result.stderr   # raised `from None`
    assert "numpy" not in result.stderr   # no frames from deep inside numpy
