"""Assertions for the test cells, with messages a teaching assistant would write.

Each helper raises ``AssertionError`` (which nbgrader counts as a failed test) with one message
that says what was expected, what came back, and the likely mistake.
"""
import numpy as np


class CheckFailed(AssertionError):
    """A test-cell check failed; the message is meant for the learner."""


def _fail(name, message, hint):
    text = f"{name}: {message}"
    if hint:
        text += f"\n  Hint: {hint}"
    raise CheckFailed(text)


def as_array(value, name):
    """Convert a learner's return value (ndarray, tensor, list, number) to a NumPy array."""
    if value is None:
        _fail(name, "returned None", "did you forget the return statement?")
    try:
        return np.asarray(value)
    except Exception as error:  # a learner's object we cannot read as numbers
        _fail(name, f"returned a {type(value).__name__} that is not an array ({error})", "")


def check(condition, name, message, hint=""):
    """Fail with ``message`` unless ``condition`` is true."""
    if not bool(condition):
        _fail(name, message, hint)


def check_shape(value, expected_shape, name, hint=""):
    """Fail unless ``value`` has shape ``expected_shape``; return it as an array."""
    array = as_array(value, name)
    expected_shape = tuple(expected_shape)
    if array.shape != expected_shape:
        _fail(name, f"has shape {array.shape}, expected {expected_shape}", hint)
    return array


def check_finite(value, name, hint="look for exp() of large numbers or log(0)"):
    """Fail if ``value`` has NaN or infinite entries; return it as an array."""
    array = as_array(value, name)
    if not np.all(np.isfinite(array)):
        _fail(name, f"contains {int(np.sum(~np.isfinite(array)))} NaN or infinite value(s)", hint)
    return array


def check_close(value, expected, name, hint="", rtol=1e-5, atol=1e-7):
    """Fail unless ``value`` matches ``expected`` in shape and, entrywise, within tolerance.

    The message shows the largest difference and where it is.
    """
    expected = np.asarray(expected)
    array = check_shape(value, expected.shape, name, hint)
    array = check_finite(array, name, hint or "look for exp() of large numbers or log(0)")
    diff = np.abs(array.astype(np.float64) - expected.astype(np.float64))
    allowed = atol + rtol * np.abs(expected.astype(np.float64))
    if np.any(diff > allowed):
        if array.ndim == 0:
            _fail(name, f"got {float(array):.6g}, expected {float(expected):.6g}", hint)
        where = np.unravel_index(np.argmax(diff - allowed), diff.shape)
        _fail(
            name,
            f"wrong values: at index {tuple(int(i) for i in where)} got {array[where]:.6g}, "
            f"expected {expected[where]:.6g} (largest difference {diff.max():.3g})",
            hint,
        )
    return array


def call(name, function, *args, hint=""):
    """Call a learner's ``function(*args)``; an exception it raises fails the check with ``hint``.

    For mistakes that crash rather than return a wrong value (a shape that cannot broadcast, say).
    ``NotImplementedError`` passes through unchanged: the exercise is simply not done yet.
    """
    try:
        return function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        _fail(name, f"raised {type(error).__name__}: {(str(error).strip().splitlines() or [''])[0][:200]}", hint)


def passed(name):
    """Print the line a learner sees when a test cell passes."""
    print(f"\u2714 {name}: all visible tests passed.")
