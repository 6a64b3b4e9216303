"""Datasets shipped with the course, so that nothing is downloaded at run time."""
import hashlib
import zipfile
from pathlib import Path

import numpy as np

MNIST_PATH = Path(__file__).parent / "data" / "mnist.npz"

# sha256 of each array's ``.tobytes()``; the same arrays as Keras' ``mnist.npz``.
MNIST_SHA256 = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
MNIST_SHAPES = {
    "x_train": (60000, 28, 28),
    "y_train": (60000,),
    "x_test": (10000, 28, 28),
    "y_test": (10000,),
}
_REINSTALL = "reinstall the course (pip install --force-reinstall -e .) or restore the file with git checkout"


class DataFileError(RuntimeError):
    """A data file that ships with the course is missing or damaged."""


def verify_mnist(arrays):
    """Raise DataFileError unless ``arrays`` holds the four MNIST arrays, intact.

    arrays: mapping name -> ndarray with names x_train, y_train, x_test, y_test.
    """
    for name, shape in MNIST_SHAPES.items():
        if name not in arrays:
            raise DataFileError(f"MNIST file has no array '{name}'; {_REINSTALL}.")
        array = arrays[name]
        if array.shape != shape or array.dtype != np.uint8:
            raise DataFileError(
                f"MNIST array '{name}' is {array.dtype}{array.shape}, expected uint8{shape}; {_REINSTALL}."
            )
        if hashlib.sha256(array.tobytes()).hexdigest() != MNIST_SHA256[name]:
            raise DataFileError(f"MNIST array '{name}' does not match its checksum; {_REINSTALL}.")


def load_mnist(path=None):
    """Load MNIST from the copy shipped in the package, checked against known hashes.

    Returns ``(x_train, y_train), (x_test, y_test)`` like ``keras.datasets.mnist.load_data()``:
    x_train uint8 (60000, 28, 28), y_train uint8 (60000,), x_test uint8 (10000, 28, 28),
    y_test uint8 (10000,); pixels 0..255, labels 0..9.
    Raises DataFileError with one sentence saying what to do when the file is missing or damaged.
    """
    path = Path(path) if path is not None else MNIST_PATH
    if not path.is_file():
        raise DataFileError(f"MNIST data file not found at {path}; {_REINSTALL}.")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files if name in MNIST_SHAPES}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as error:
        raise DataFileError(f"MNIST data file {path} is damaged ({error}); {_REINSTALL}.") from None
    verify_mnist(arrays)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
