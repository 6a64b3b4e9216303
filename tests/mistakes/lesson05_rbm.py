"""Typical mistakes for lesson 05's RBM and deep belief network notebooks (1_rbm_numpy, 2_rbm_tensorflow).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

_SAMPLE = "def sample_bernoulli(p, rng):\n    return BODY\n"
_HIDDEN_OK = "def hidden_probs(v, W, b_h):\n    return sigmoid(v @ W + b_h)\n"
_VISIBLE_OK = "def visible_probs(h, W, b_v):\n    return sigmoid(h @ W.T + b_v)\n"
_FREE = "def free_energy(v, W, b_v, b_h):\n    return BODY\n"
_CD = """
def cd_k(v0, W, b_v, b_h, k, rng):
    ph0 = hidden_probs(v0, W, b_h)
    ph, v = ph0, v0
    for _ in range(STEPS):
        h = sample_bernoulli(ph, rng)
        v = sample_bernoulli(visible_probs(h, W, b_v), rng)
        ph = hidden_probs(v, W, b_h)
    n = v0.shape[0]
    RETURN
"""
_CD_OK_RETURN = "return (v0.T @ ph0 - v.T @ ph) / n, np.mean(v0 - v, axis=0), np.mean(ph0 - ph, axis=0)"
_RECON = """
def reconstruction_error(v, W, b_v, b_h):
    reconstruction = RECON
    return ERROR
"""
_STACK = """
def pretrain_stack(X, sizes, train_rbm):
    stack, data = [], X
    for n_hidden in sizes:
        W_l, b_v_l, b_h_l = train_rbm(data, n_hidden)
        stack.append(PAIR)
        data = NEXT
    return stack
"""


def _cd(steps="k", ret=_CD_OK_RETURN):
    return _CD.replace("STEPS", steps).replace("RETURN", ret)


def _recon(recon="visible_probs(hidden_probs(v, W, b_h), W, b_v)", error="float(np.mean((v - reconstruction) ** 2))"):
    return _RECON.replace("RECON", recon).replace("ERROR", error)


def _stack(pair="(W_l, b_h_l)", nxt="hidden_probs(data, W_l, b_h_l)"):
    return _STACK.replace("PAIR", pair).replace("NEXT", nxt)


_NUMPY = {
    "sample_bernoulli": [
        (
            "p > u inverted (u > p: ones with probability 1 - p)",
            _SAMPLE.replace("BODY", "(rng.random(p.shape) > p).astype(p.dtype)"),
        ),
        ("a fixed threshold 0.5 instead of a random draw", _SAMPLE.replace("BODY", "(p > 0.5).astype(p.dtype)")),
        (
            "draws from np.random instead of the rng argument",
            _SAMPLE.replace("BODY", "(np.random.random(p.shape) < p).astype(p.dtype)"),
        ),
        ("returns booleans, not p's dtype", _SAMPLE.replace("BODY", "rng.random(p.shape) < p")),
    ],
    "conditionals": [
        (
            "hidden_probs adds the visible bias (biases of the wrong layer)",
            "def hidden_probs(v, W, b_h):\n    return sigmoid(v @ W + b_v)\n" + _VISIBLE_OK,
        ),
        (
            "visible_probs adds the hidden bias (biases of the wrong layer)",
            _HIDDEN_OK + "def visible_probs(h, W, b_v):\n    return sigmoid(h @ W.T + b_h)\n",
        ),
        ("no sigmoid in hidden_probs", "def hidden_probs(v, W, b_h):\n    return v @ W + b_h\n" + _VISIBLE_OK),
        (
            "sigmoid with the wrong sign in visible_probs",
            _HIDDEN_OK + "def visible_probs(h, W, b_v):\n    return sigmoid(-(h @ W.T + b_v))\n",
        ),
    ],
    "free_energy": [
        ("missing the softplus term", _FREE.replace("BODY", "-v @ b_v")),
        ("missing the visible-bias term", _FREE.replace("BODY", "-np.sum(np.logaddexp(0, v @ W + b_h), axis=1)")),
        (
            "softplus replaced by its argument (log(1 + e^x) taken as x)",
            _FREE.replace("BODY", "-v @ b_v - np.sum(v @ W + b_h, axis=1)"),
        ),
        (
            "log(1 + exp(x)) that overflows for large inputs",
            _FREE.replace("BODY", "-v @ b_v - np.sum(np.log(1 + np.exp(v @ W + b_h)), axis=1)"),
        ),
        (
            "signs flipped (the energy, not the free energy's minus)",
            _FREE.replace("BODY", "v @ b_v + np.sum(np.logaddexp(0, v @ W + b_h), axis=1)"),
        ),
    ],
    "cd_k": [
        (
            "negative phase minus positive (wrong sign)",
            _cd(ret="return (v.T @ ph - v0.T @ ph0) / n, np.mean(v - v0, axis=0), np.mean(ph - ph0, axis=0)"),
        ),
        (
            "samples instead of probabilities in the statistics",
            _cd(
                ret="h0 = sample_bernoulli(ph0, rng); hk = sample_bernoulli(ph, rng)\n"
                "    return (v0.T @ h0 - v.T @ hk) / n, np.mean(v0 - v, axis=0), np.mean(h0 - hk, axis=0)"
            ),
        ),
        (
            "sums instead of batch means",
            _cd(ret="return v0.T @ ph0 - v.T @ ph, np.sum(v0 - v, axis=0), np.sum(ph0 - ph, axis=0)"),
        ),
        ("no Gibbs step at all (k ignored)", _cd(steps="0")),
        ("one Gibbs step whatever k is", _cd(steps="1")),
        (
            "biases of the wrong layer (db_v and db_h swapped)",
            _cd(ret="return (v0.T @ ph0 - v.T @ ph) / n, np.mean(ph0 - ph, axis=0), np.mean(v0 - v, axis=0)"),
        ),
        (
            "the chain uses visible probabilities instead of samples (mean-field, not Gibbs)",
            _CD.replace("STEPS", "k")
            .replace("RETURN", _CD_OK_RETURN)
            .replace("v = sample_bernoulli(visible_probs(h, W, b_v), rng)", "v = visible_probs(h, W, b_v)"),
        ),
    ],
    "reconstruction_error": [
        (
            "sum over pixels, mean over examples (error per image)",
            _recon(error="float(np.mean(np.sum((v - reconstruction) ** 2, axis=1)))"),
        ),
        ("absolute instead of squared error", _recon(error="float(np.mean(np.abs(v - reconstruction)))")),
        (
            "the hidden layer sampled instead of its probabilities",
            _recon(recon="visible_probs(sample_bernoulli(hidden_probs(v, W, b_h), np.random.default_rng()), W, b_v)"),
        ),
        ("a sum instead of a mean", _recon(error="float(np.sum((v - reconstruction) ** 2))")),
    ],
    "pretrain_stack": [
        ("the stack trained on the raw images at every layer", _stack(nxt="data")),
        ("keeps the visible bias instead of the hidden one", _stack(pair="(W_l, b_v_l)")),
        (
            "next layer trained on 0/1 samples of the hidden units",
            _stack(
                nxt="(hidden_probs(data, W_l, b_h_l) > np.random.default_rng(0).random((len(data), n_hidden))) * 1.0"
            ),
        ),
        (
            "every layer gets the first size",
            _STACK.replace("train_rbm(data, n_hidden)", "train_rbm(data, sizes[0])")
            .replace("PAIR", "(W_l, b_h_l)")
            .replace("NEXT", "hidden_probs(data, W_l, b_h_l)"),
        ),
    ],
}

MISTAKES = {"1_rbm_numpy.ipynb": _NUMPY}

_CD_TF = """
def cd_k_tf(v0, W, b_v, b_h, k, generator):
    def sample(p):
        return tf.cast(UNIFORM < p, p.dtype)

    ph0 = tf.sigmoid(v0 @ W + b_h)
    ph, v = ph0, v0
    for _ in range(STEPS):
        h = sample(ph)
        v = sample(tf.sigmoid(h @ tf.transpose(W) + b_v))
        ph = tf.sigmoid(v @ W + b_h)
    n = tf.cast(tf.shape(v0)[0], v0.dtype)
    RETURN
"""
_CD_TF_OK = (
    "return (tf.transpose(v0) @ ph0 - tf.transpose(v) @ ph) / n, tf.reduce_mean(v0 - v, axis=0), "
    "tf.reduce_mean(ph0 - ph, axis=0)"
)


def _cd_tf(steps="k", ret=_CD_TF_OK, uniform="generator.uniform(tf.shape(p), dtype=p.dtype)"):
    return _CD_TF.replace("STEPS", steps).replace("RETURN", ret).replace("UNIFORM", uniform)


_TENSORFLOW = {
    "cd_k_tf": [
        (
            "negative phase minus positive (wrong sign)",
            _cd_tf(
                ret="return (tf.transpose(v) @ ph - tf.transpose(v0) @ ph0) / n, tf.reduce_mean(v - v0, axis=0), "
                "tf.reduce_mean(ph - ph0, axis=0)"
            ),
        ),
        (
            "samples instead of probabilities in the statistics",
            _cd_tf(
                ret="h0, hk = sample(ph0), sample(ph)\n"
                "    return (tf.transpose(v0) @ h0 - tf.transpose(v) @ hk) / n, tf.reduce_mean(v0 - v, axis=0), "
                "tf.reduce_mean(h0 - hk, axis=0)"
            ),
        ),
        (
            "sums instead of batch means",
            _cd_tf(
                ret="return tf.transpose(v0) @ ph0 - tf.transpose(v) @ ph, tf.reduce_sum(v0 - v, axis=0), "
                "tf.reduce_sum(ph0 - ph, axis=0)"
            ),
        ),
        ("no Gibbs step at all (k ignored)", _cd_tf(steps="0")),
        ("one Gibbs step whatever k is", _cd_tf(steps="1")),
        (
            "biases of the wrong layer (db_v and db_h swapped)",
            _cd_tf(
                ret="return (tf.transpose(v0) @ ph0 - tf.transpose(v) @ ph) / n, tf.reduce_mean(ph0 - ph, axis=0), "
                "tf.reduce_mean(v0 - v, axis=0)"
            ),
        ),
        (
            "draws from tf.random.uniform instead of the generator",
            _cd_tf(uniform="tf.random.uniform(tf.shape(p), dtype=p.dtype)"),
        ),
        (
            "NumPy inside (cannot run in a tf.function graph)",
            _cd_tf(
                ret="return tuple(tf.constant(x) for x in rbm.cd_k(np.asarray(v0), np.asarray(W), np.asarray(b_v), "
                "np.asarray(b_h), k, np.random.default_rng(0)))"
            ),
        ),
    ],
}

MISTAKES["2_rbm_tensorflow.ipynb"] = _TENSORFLOW
