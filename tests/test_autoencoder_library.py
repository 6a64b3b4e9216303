"""mlcourse.autoencoder computes what lesson 05's autoencoder notebook teaches (no drift).

Each library function is run next to the notebook's own solution, taken from its solution cells,
on random inputs of several shapes, in float32 and float64: the results must agree in type,
shape, dtype and value, and a random generator must be left in the same state.
"""
import numpy as np
import pytest

from mlcourse import autoencoder
from tests.lessons import LESSONS, exercises

NOTEBOOK = LESSONS / "05_rbm_autoencoder" / "3_autoencoder_numpy.ipynb"
FUNCTIONS = ("pca_fit", "pca_encode", "pca_decode", "squared_error_per_image", "add_noise")
SHAPES = ((7, 5), (40, 12), (3, 784))


@pytest.fixture(scope="module")
def lesson():
    """The notebook's solution cells that define the library's functions, run in a namespace."""
    namespace = {"np": np}
    for _, source, *_ in exercises(NOTEBOOK)[1]:
        if any(f"def {name}(" in source for name in FUNCTIONS):
            exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    return namespace


def _same(a, b, dtype):
    assert type(a) is type(b)
    if isinstance(a, tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y, dtype)
    elif isinstance(a, np.ndarray):
        assert a.shape == b.shape and a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-6)
    else:
        assert a == pytest.approx(b, rel=1e-5 if dtype == np.float32 else 1e-12)


def test_every_library_function_is_in_the_notebook(lesson):
    assert {name for name in dir(autoencoder) if not name.startswith("_") and name != "np"} == set(FUNCTIONS)
    assert all(name in lesson for name in FUNCTIONS)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_pca_functions_match_the_notebook(lesson, shape, dtype):
    g = np.random.default_rng(sum(shape))
    X = g.random(shape).astype(dtype)
    k = min(shape) - 1
    fitted = autoencoder.pca_fit(X, k)
    _same(fitted, lesson["pca_fit"](X, k), dtype)
    assert fitted[1].dtype == dtype
    mean, components = fitted
    Z = autoencoder.pca_encode(X, mean, components)
    _same(Z, lesson["pca_encode"](X, mean, components), dtype)
    _same(autoencoder.pca_decode(Z, mean, components), lesson["pca_decode"](Z, mean, components), dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_squared_error_and_noise_match_the_notebook(lesson, shape, dtype):
    g = np.random.default_rng(sum(shape))
    X, X_hat = g.random(shape).astype(dtype), g.random(shape).astype(dtype)
    _same(autoencoder.squared_error_per_image(X, X_hat), lesson["squared_error_per_image"](X, X_hat), dtype)
    for rate in (0.0, 0.3, 1.0):
        rng_library, rng_lesson = np.random.default_rng(5), np.random.default_rng(5)
        noisy = autoencoder.add_noise(X, rate, rng_library)
        _same(noisy, lesson["add_noise"](X, rate, rng_lesson), dtype)
        assert rng_library.random() == rng_lesson.random()   # the same random numbers were drawn
        assert noisy is not X
