"""Unit tests of mlcourse.nn against float64 numerical gradients and known values."""
import numpy as np
import pytest

from mlcourse import nn
from mlcourse.gradcheck import numerical_gradient, rel_error


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def test_he_normal_scale_shape_and_dtype(rng):
    W = nn.he_normal(rng, (400, 300), fan_in=400)
    assert W.shape == (400, 300) and W.dtype == np.float32
    assert abs(W.std() - np.sqrt(2 / 400)) < 0.002
    assert nn.he_normal(rng, (5, 5, 3, 8), fan_in=75, dtype=np.float64).dtype == np.float64


def test_dense_forward_and_gradients(rng):
    X, W, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    G = rng.normal(size=(4, 3))
    Z, cache = nn.dense_forward(X, W, b)
    np.testing.assert_allclose(Z, X @ W + b)
    dX, dW, db = nn.dense_backward(G, cache)
    assert rel_error(dX, numerical_gradient(lambda X_: np.sum(nn.dense_forward(X_, W, b)[0] * G), X.copy())) < 1e-7
    assert rel_error(dW, numerical_gradient(lambda W_: np.sum(nn.dense_forward(X, W_, b)[0] * G), W.copy())) < 1e-7
    assert rel_error(db, numerical_gradient(lambda b_: np.sum(nn.dense_forward(X, W, b_)[0] * G), b.copy())) < 1e-7


def test_relu_forward_and_gradient(rng):
    X = rng.normal(size=(6, 7))
    X[np.abs(X) < 1e-3] = 0.5  # keep away from the kink for the numerical gradient
    out, cache = nn.relu_forward(X)
    np.testing.assert_array_equal(out, np.where(X > 0, X, 0))
    G = rng.normal(size=X.shape)
    dX = nn.relu_backward(G, cache)
    assert rel_error(dX, numerical_gradient(lambda X_: np.sum(nn.relu_forward(X_)[0] * G), X.copy())) < 1e-7


def test_inverted_dropout_keeps_the_mean_and_its_gradient_uses_the_same_mask(rng):
    X = np.ones((200, 500), dtype=np.float32)
    out, cache = nn.dropout_forward(X, 0.25, rng)
    assert out.dtype == np.float32
    assert abs((out == 0).mean() - 0.25) < 0.01
    assert np.allclose(out[out != 0], 1 / 0.75)
    assert abs(out.mean() - 1.0) < 0.01
    G = rng.normal(size=X.shape).astype(np.float32)
    np.testing.assert_allclose(nn.dropout_backward(G, cache), G * out)  # X is ones: out is the mask
    off, cache_off = nn.dropout_forward(X, 0.25, rng, training=False)
    assert off is X and nn.dropout_backward(G, cache_off) is G


def test_softmax_cross_entropy_values_gradient_and_label_forms(rng):
    loss, d = nn.softmax_cross_entropy(np.zeros((2, 10)), np.array([3, 7]))
    assert loss == pytest.approx(np.log(10))
    Z = rng.normal(0, 3, size=(5, 4))
    labels = rng.integers(0, 4, size=5)
    loss, dZ = nn.softmax_cross_entropy(Z, labels)
    loss_onehot, dZ_onehot = nn.softmax_cross_entropy(Z, np.eye(4)[labels])
    assert loss == pytest.approx(loss_onehot)
    np.testing.assert_allclose(dZ, dZ_onehot)
    numeric = numerical_gradient(lambda Z_: nn.softmax_cross_entropy(Z_, labels)[0], Z.copy())
    assert rel_error(dZ, numeric) < 1e-7
    big, _ = nn.softmax_cross_entropy(np.array([[1000.0, -1000.0]]), np.array([1]))
    assert big == pytest.approx(2000.0)
    _, d32 = nn.softmax_cross_entropy(Z.astype(np.float32), labels)
    assert d32.dtype == np.float32


def test_exp_decay_lr_goes_from_max_to_min():
    assert nn.exp_decay_lr(0, 0.003, 0.0001, 2000) == pytest.approx(0.003)
    assert nn.exp_decay_lr(2000, 0.003, 0.0001, 2000) == pytest.approx(0.0001 + 0.0029 / np.e)
    assert nn.exp_decay_lr(10 ** 6, 0.003, 0.0001, 2000) == pytest.approx(0.0001)


def test_adam_first_step_moves_each_parameter_by_lr_against_the_gradient_sign():
    params = {"w": np.array([1.0, -2.0, 3.0]), "b": np.array([0.5])}
    grads = {"w": np.array([0.1, -5.0, 0.0]), "b": np.array([2.0])}
    adam = nn.Adam(lr=0.01)
    adam.step(params, grads)
    # bias-corrected m_hat = g and v_hat = g^2 after one step: the update is lr * sign(g)
    np.testing.assert_allclose(params["w"], [0.99, -1.99, 3.0], atol=1e-6)
    np.testing.assert_allclose(params["b"], [0.49], atol=1e-6)
    adam.step(params, grads, lr=0.0)
    np.testing.assert_allclose(params["w"], [0.99, -1.99, 3.0], atol=1e-6)
    assert adam.t == 2


def test_adam_minimises_a_quadratic():
    target = np.array([1.0, -2.0, 0.5], dtype=np.float32)
    params = {"x": np.zeros(3, dtype=np.float32)}
    adam = nn.Adam(lr=0.05)
    for _ in range(500):
        adam.step(params, {"x": 2 * (params["x"] - target)})
    assert params["x"].dtype == np.float32
    np.testing.assert_allclose(params["x"], target, atol=1e-2)
