"""Numerical gradients and relative errors, to check analytic gradients."""
import numpy as np


def rel_error(a, b):
    """Relative error ``max|a-b| / max(1e-8, max(|a|+|b|))`` between two arrays of the same shape."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(1e-8, float(np.max(np.abs(a) + np.abs(b)))))


def numerical_gradient(f, x, h=1e-6):
    """Central-difference gradient of a scalar function ``f`` at ``x`` (float64 array, any shape).

    ``f(x)`` must return a number. Perturbs one entry of ``x`` at a time (in place, restored
    afterwards) and returns an array shaped like ``x``. Each call of ``f`` gets a fresh copy, so
    that an ``f`` that keeps or changes the array it is given cannot spoil the next call. Costs
    2 * x.size calls of ``f``: use it on small arrays, e.g.
    ``numerical_gradient(lambda W: loss(X, W, b), W)``.
    """
    if x.dtype != np.float64:
        raise TypeError("numerical_gradient needs a float64 array: float32 is too coarse for h=1e-6")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    for _ in it:
        i = it.multi_index
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x.copy())
        x[i] = saved - h
        f_minus = f(x.copy())
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
