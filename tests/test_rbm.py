"""mlcourse.rbm against lesson 05's own solution cells (1_rbm_numpy), so that the two cannot drift.

Each solution cell is extracted from the notebook and executed in a namespace of its own (with
NumPy and the sigmoid of mlcourse.nn, as the notebook's setup cell imports it); the library
function and the lesson's must give the same values on random inputs and the same random draws.
"""
import numpy as np
import pytest

from mlcourse import nn, rbm
from tests.lessons import LESSONS, exercises

NOTEBOOK = LESSONS / "05_rbm_autoencoder" / "1_rbm_numpy.ipynb"


@pytest.fixture(scope="module")
def lesson():
    """The names the notebook's solution cells define."""
    namespace = {"np": np, "sigmoid": nn.sigmoid}
    for exercise in exercises(NOTEBOOK)[1]:
        exec(compile(exercise.solution, f"{NOTEBOOK.name} solution", "exec"), namespace)
    return namespace


@pytest.fixture
def rbm_inputs():
    g = np.random.default_rng(0)
    return (g.random((7, 6)), g.normal(size=(6, 4)), g.normal(size=6), g.normal(size=4),
            (g.random((7, 4)) < 0.5) * 1.0)


def test_the_notebook_teaches_every_library_function(lesson):
    for name in ["sample_bernoulli", "hidden_probs", "visible_probs", "free_energy", "cd_k",
                 "reconstruction_error", "pretrain_stack"]:
        assert callable(lesson.get(name)), f"1_rbm_numpy.ipynb has no solution for {name}"


def test_sample_bernoulli_matches_the_lesson(lesson):
    p = np.random.default_rng(1).random((50, 9)).astype(np.float32)
    ours = rbm.sample_bernoulli(p, np.random.default_rng(2))
    theirs = lesson["sample_bernoulli"](p, np.random.default_rng(2))
    assert ours.dtype == theirs.dtype == np.float32
    np.testing.assert_array_equal(ours, theirs)


def test_conditionals_free_energy_and_reconstruction_error_match_the_lesson(lesson, rbm_inputs):
    v, W, b_v, b_h, h = rbm_inputs
    np.testing.assert_allclose(rbm.hidden_probs(v, W, b_h), lesson["hidden_probs"](v, W, b_h), rtol=1e-12)
    np.testing.assert_allclose(rbm.visible_probs(h, W, b_v), lesson["visible_probs"](h, W, b_v), rtol=1e-12)
    np.testing.assert_allclose(rbm.free_energy(v, W, b_v, b_h), lesson["free_energy"](v, W, b_v, b_h),
                               rtol=1e-12)
    assert rbm.reconstruction_error(v, W, b_v, b_h) == pytest.approx(
        lesson["reconstruction_error"](v, W, b_v, b_h), rel=1e-12)


@pytest.mark.parametrize("k", [1, 3])
def test_cd_k_matches_the_lesson_on_the_same_draws(lesson, rbm_inputs, k):
    v, W, b_v, b_h, _ = rbm_inputs
    ours = rbm.cd_k(v, W, b_v, b_h, k, np.random.default_rng(3))
    theirs = lesson["cd_k"](v, W, b_v, b_h, k, np.random.default_rng(3))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_pretrain_stack_matches_the_lesson(lesson):
    X = np.random.default_rng(4).random((5, 8))

    def stub(data, n_hidden):  # deterministic weights from the shapes alone
        g = np.random.default_rng(data.shape[1] * 100 + n_hidden)
        return g.normal(size=(data.shape[1], n_hidden)), g.normal(size=data.shape[1]), g.normal(size=n_hidden)

    ours, theirs = rbm.pretrain_stack(X, [6, 3], stub), lesson["pretrain_stack"](X, [6, 3], stub)
    assert len(ours) == len(theirs) == 2
    for (W_a, b_a), (W_b, b_b) in zip(ours, theirs):
        np.testing.assert_array_equal(W_a, W_b)
        np.testing.assert_array_equal(b_a, b_b)


def test_free_energy_is_minus_log_of_the_sum_over_hidden_states():
    g = np.random.default_rng(5)
    W, b_v, b_h, v = g.normal(size=(3, 4)), g.normal(size=3), g.normal(size=4), g.random((2, 3))
    hs = np.array(np.meshgrid(*[[0.0, 1.0]] * 4)).reshape(4, -1).T
    exact = -np.log(np.exp((v @ b_v)[:, None] + (hs @ b_h)[None, :] + v @ W @ hs.T).sum(axis=1))
    np.testing.assert_allclose(rbm.free_energy(v, W, b_v, b_h), exact, rtol=1e-12)
