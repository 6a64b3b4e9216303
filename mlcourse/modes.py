"""Fast and full modes.

fast: on when ``MLCOURSE_FAST=1`` or nbgrader is executing the notebook (``NBGRADER_EXECUTION``
is set). Every notebook then runs end to end in about a minute on 2 CPU cores. full otherwise.
Notebooks size their training from the mode, never their exercises or tests.
"""
import os


def is_fast():
    """True in fast mode: ``MLCOURSE_FAST`` set to a true value, or nbgrader executing."""
    flag = os.environ.get("MLCOURSE_FAST", "").strip().lower()
    return flag in {"1", "true", "yes", "on"} or bool(os.environ.get("NBGRADER_EXECUTION"))


def mode():
    """'fast' or 'full'."""
    return "fast" if is_fast() else "full"


def by_mode(fast, full):
    """Return ``fast`` in fast mode and ``full`` otherwise, e.g. ``steps = by_mode(fast=200, full=6000)``."""
    return fast if is_fast() else full


def is_headless():
    """True when no person is watching: nbgrader, ``mlcourse run`` or nbconvert execute the notebook."""
    return bool(os.environ.get("NBGRADER_EXECUTION") or os.environ.get("MLCOURSE_HEADLESS"))
