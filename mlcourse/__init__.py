"""mlcourse: the helper package of the course (data, plots, checks, training loops, command line).

``import mlcourse`` is light: it never imports TensorFlow (see ``mlcourse.tfkit``).
"""
import os

__version__ = "0.1.0"

# Before TensorFlow's C++ runtime loads, wherever in the package it is imported (tfkit, keras_dashboard):
# only its errors are printed.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from .metrics import record  # noqa: E402
from .modes import by_mode, is_fast, mode  # noqa: E402
from .session import setup  # noqa: E402

__all__ = ["__version__", "by_mode", "is_fast", "mode", "record", "setup"]
