"""Restricted Boltzmann machines and their greedy stacking, as built in lesson 05 (1_rbm_numpy).

A binary RBM has visible units v (N, D), hidden units h (N, H), weights W (D, H), visible biases
b_v (D,) and hidden biases b_h (H,); its energy is E(v, h) = -v b_v - h b_h - v W h. The functions
have the names and signatures the lesson teaches, and a test runs each against the lesson's
solution cell (``tests/test_rbm.py``). Plain NumPy (float32 or float64, the dtype of the inputs is
kept); the sigmoid is lesson 02's, from ``mlcourse.nn``.
"""
import numpy as np

from .nn import sigmoid


def sample_bernoulli(p, rng):
    """0/1 samples with P(1) = p: a float array of p's shape and dtype.

    p: float array of probabilities in [0, 1], any shape; rng: np.random.Generator.
    An entry is 1 where a uniform draw u from rng.random is below p.
    """
    return (rng.random(p.shape) < p).astype(p.dtype)


def hidden_probs(v, W, b_h):
    """p(h = 1 | v) = sigmoid(v W + b_h). v: (N, D); W: (D, H); b_h: (H,). Returns (N, H)."""
    return sigmoid(v @ W + b_h)


def visible_probs(h, W, b_v):
    """p(v = 1 | h) = sigmoid(h W^T + b_v). h: (N, H); W: (D, H); b_v: (D,). Returns (N, D)."""
    return sigmoid(h @ W.T + b_v)


def free_energy(v, W, b_v, b_h):
    """F(v) = -v b_v - sum_j softplus(b_h_j + (v W)_j), so that p(v) is proportional to exp(-F(v)).

    v: (N, D); W: (D, H); b_v: (D,); b_h: (H,). Returns (N,).
    """
    return -v @ b_v - np.sum(np.logaddexp(0, v @ W + b_h), axis=1)


def cd_k(v0, W, b_v, b_h, k, rng):
    """Contrastive divergence CD-k: an estimate of the gradient of the mean log-likelihood.

    v0: (N, D) data; W: (D, H); b_v: (D,); b_h: (H,); k: Gibbs steps (int >= 1);
    rng: np.random.Generator for the samples. The chain is h ~ p(h | v), v ~ p(v | h), k times
    from v0. The statistics use the hidden probabilities: positive p(h | v0), negative p(h | v_k).
    Returns (dW (D, H), db_v (D,), db_h (H,)): positive minus negative statistics, batch means
    (the direction that increases the log-likelihood).
    """
    ph0 = hidden_probs(v0, W, b_h)
    ph, v = ph0, v0
    for _ in range(k):
        v = sample_bernoulli(visible_probs(sample_bernoulli(ph, rng), W, b_v), rng)
        ph = hidden_probs(v, W, b_h)
    n = v0.shape[0]
    return (v0.T @ ph0 - v.T @ ph) / n, np.mean(v0 - v, axis=0), np.mean(ph0 - ph, axis=0)


def reconstruction_error(v, W, b_v, b_h):
    """Mean squared error, over all entries, of one deterministic up-down pass.

    v: (N, D); W: (D, H); b_v: (D,); b_h: (H,). The reconstruction is
    visible_probs(hidden_probs(v)). Returns a float.
    """
    reconstruction = visible_probs(hidden_probs(v, W, b_h), W, b_v)
    return float(np.mean((v - reconstruction) ** 2))


def pretrain_stack(X, sizes, train_rbm):
    """Greedy layer-wise pretraining of a stack of RBMs.

    X: (N, D) data; sizes: hidden units per layer, e.g. [500, 500];
    train_rbm(data, n_hidden) -> (W, b_v, b_h): trains one RBM on data (N, d).
    Each RBM is trained on the hidden probabilities of the one below (the first on X).
    Returns [(W, b_h), ...], one pair per layer, bottom first.
    """
    stack, data = [], X
    for n_hidden in sizes:
        W, _, b_h = train_rbm(data, n_hidden)
        stack.append((W, b_h))
        data = hidden_probs(data, W, b_h)
    return stack
