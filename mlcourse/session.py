"""``mlcourse.setup()``: the first code cell of every notebook."""
import random

import numpy as np
from threadpoolctl import threadpool_limits

from . import __version__
from .modes import mode


def setup(seed=0, tensorflow=False, blas_threads=1):
    """Seed the random generators, quiet TensorFlow, and print the mode and the device.

    seed: int used for Python's ``random``, NumPy's global generator, the returned generator
    and (with ``tensorflow=True``) TensorFlow and Keras.
    tensorflow: import TensorFlow here, in the ungraded setup cell, with its logs silenced,
    GPU memory growth on, and report the device it will use.
    blas_threads: how many threads NumPy's matrix products may use (None: leave it to the BLAS
    library). The lessons multiply small matrices (batches of about 100 images), where BLAS
    threads spend their time waiting for each other: measured on 2 cores with another program
    busy, lesson 02's fast run took 17 s with one thread and 69 s with two.
    Returns a ``np.random.Generator`` seeded with ``seed``.
    """
    if blas_threads is not None:
        threadpool_limits(limits=blas_threads, user_api="blas")
    random.seed(seed)
    np.random.seed(seed)
    if tensorflow:
        from .tfkit import prepare_tensorflow

        device = prepare_tensorflow(seed)
    else:
        device = "CPU (NumPy)"
    hint = "short training; unset MLCOURSE_FAST for the full run" if mode() == "fast" else (
        "full training; set MLCOURSE_FAST=1 for a one-minute run")
    print(f"mlcourse {__version__} | mode: {mode()} ({hint}) | device: {device}")
    return np.random.default_rng(seed)
