"""mlcourse: the helper package of the course (data, plots, checks, training loops, command line).

``import mlcourse`` is light: it never imports TensorFlow (see ``mlcourse.tfkit``).
"""
__version__ = "0.1.0"

from .metrics import record  # noqa: E402
from .modes import by_mode, is_fast, mode  # noqa: E402
from .session import setup  # noqa: E402

__all__ = ["__version__", "by_mode", "is_fast", "mode", "record", "setup"]
