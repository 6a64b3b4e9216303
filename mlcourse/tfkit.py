"""TensorFlow support: only the TensorFlow notebooks import this module (it imports TensorFlow)."""
import contextlib
import logging
import os
import sys
import warnings


@contextlib.contextmanager
def c_stderr_silenced():
    """Point file descriptor 2 at /dev/null for the duration, then restore it.

    TensorFlow's C++ runtime prints notices ("Could not find cuda drivers", absl's "All log
    messages before absl::InitializeLog()") straight to file descriptor 2 while it loads, before
    TF_CPP_MIN_LOG_LEVEL applies; in a notebook they would land in the cell's output.
    """
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


with c_stderr_silenced():
    import tensorflow as tf


def quiet_tensorflow():
    """Silence TensorFlow's and Keras' Python-side logs and warnings (C++ logs: ``mlcourse/__init__.py``)."""
    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"(tensorflow|keras)(\..*)?")


def describe_device():
    """One line saying where TensorFlow runs: the GPU(s) by name, or the CPU and why."""
    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = [tf.config.experimental.get_device_details(g).get("device_name", g.name) for g in gpus]
        return f"GPU ({', '.join(details)})"
    if not tf.test.is_built_with_cuda():
        return "CPU (this TensorFlow build has no GPU support; see the README for tensorflow[and-cuda])"
    return "CPU (no GPU found)"


def prepare_tensorflow(seed=0):
    """Quiet logs, turn on GPU memory growth, seed TensorFlow and Keras; return the device line."""
    quiet_tensorflow()
    with c_stderr_silenced():
        for gpu in tf.config.list_physical_devices("GPU"):
            try:
                tf.config.experimental.set_memory_growth(gpu, True)
            except RuntimeError:  # already initialised by an earlier cell: growth cannot change now
                pass
        tf.keras.utils.set_random_seed(seed)
        return describe_device()
