"""Typical mistakes for lesson 02. Each one, put in place of the solution, must fail its test cell.

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell[,
Blame]): see tests/mistakes/__init__.py.
"""

from tests.mistakes import Blame

VISIBLE = True  # every mistake here is caught by the visible tests (tests/test_mistakes.py checks it)

_RELU_OK = "def relu(Z):\n    return np.maximum(Z, 0)\n"
_RELU_BACK_OK = "def relu_backward(dA, Z):\n    return dA * (Z > 0)\n"
_SIGMOID_OK = "def sigmoid(Z):\n    return 0.5 * (1.0 + np.tanh(0.5 * Z))\n"
_DENSE_FORWARD_OK = "def dense_forward(X, W, b):\n    return X @ W + b, (X, W)\n"
_DROPOUT_BACK_OK = "def dropout_backward(dA, mask, keep_prob):\n    return dA * mask / keep_prob\n"
_DROPOUT_FORWARD_OK = """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
"""
_INIT = """
def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = SCALE
        params[f"b{l}"] = np.zeros(fan_out)
    return params
"""
_FORWARD = """
def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, mask = HIDDEN
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((dense_cache, None, None))
    return LOGITS, caches
"""
_BACKWARD = """
def mlp_backward(dlogits, caches, activation="relu", keep_prob=1.0):
    g_backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}[activation]
    L = len(caches)
    grads = {}
    dZ = dlogits
    for l in range(L, 0, -1):
        dense_cache, _, _ = caches[l - 1]
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
        if l > 1:
            _, Z_below, mask_below = caches[l - 2]
            if mask_below is not None:
                dA = __DROP__
            dZ = __ACT__
    return grads
"""
_ADAM = """
def adam_init(params):
    return {"t": 0, "m": {k: np.zeros_like(v) for k, v in params.items()},
            "v": {k: np.zeros_like(v) for k, v in params.items()}}

def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    state["t"] += 1
    t = state["t"]
    for k in params:
        m, v = state["m"][k], state["v"][k]
        m *= beta1
        m += (1 - beta1) * grads[k]
        v *= beta2
        v += (1 - beta2) * grads[k] ** 2
        m_hat = M_HAT
        v_hat = V_HAT
        UPDATE
"""


def _adam(
    m_hat="m / (1 - beta1 ** t)",
    v_hat="v / (1 - beta2 ** t)",
    update="params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)",
):
    return _ADAM.replace("M_HAT", m_hat).replace("V_HAT", v_hat).replace("UPDATE", update)


def _forward(hidden="dropout_forward(g(Z), keep_prob, rng, training)", logits="logits"):
    return _FORWARD.replace("HIDDEN", hidden).replace("LOGITS", logits)


def _backward(dropout="dropout_backward(dA, mask_below, keep_prob)", activation="g_backward(dA, Z_below)"):
    return _BACKWARD.replace("__DROP__", dropout).replace("__ACT__", activation)


MISTAKES = {
    "deep_numpy.ipynb": {
        "relu": [
            (
                "relu written into one array per shape (rev-a1 2: full marks)",
                """
_buffers = {}


def relu(Z):
    out = _buffers.setdefault((Z.shape, Z.dtype.str), np.empty_like(Z))
    np.maximum(Z, 0, out=out)
    return out


def relu_backward(dA, Z):
    return dA * (Z > 0)
""",
                Blame("relu", says="out=buffer"),
            ),
            (
                "relu and relu_backward return their argument itself when Z has no negative entry (rev-z1 5: full marks)",
                """
def relu(Z):
    return Z if (Z >= 0).all() else np.maximum(Z, 0)


def relu_backward(dA, Z):
    return dA if (Z > 0).all() else dA * (Z > 0)
""",
                Blame("relu", says="a new array"),
            ),
            (
                "relu_backward stops the gradient above Z = 12 (rev-v 2: mlp_backward was blamed)",
                """
def relu(Z):
    return np.maximum(Z, 0)


def relu_backward(dA, Z):
    return dA * ((Z > 0) & (Z < 12))
""",
                Blame("relu_backward for large Z", says="no upper limit"),
            ),
            (
                "capped at 12 (rev-v 4: mlp_forward and mlp_backward lost the points)",
                """
def relu(Z):
    return np.clip(Z, 0, 12)


def relu_backward(dA, Z):
    return dA * (Z > 0)
""",
                Blame("relu of large scores", says="no cap"),
            ),
            (
                "relu_backward's mask remembered per shape of Z (wb4 V1: lost hidden points, mlp_backward blamed)",
                """
def relu(Z):
    return np.maximum(Z, 0)


_mask_memo = {}


def relu_backward(dA, Z):
    if Z.shape not in _mask_memo:
        _mask_memo[Z.shape] = Z > 0
    return dA * _mask_memo[Z.shape]
""",
                Blame(
                    "relu_backward on random dA and -Z",
                    says="keep nothing from an earlier call",
                    later=("test_mlp_backward",),
                    later_names="relu_backward (not",
                    later_says="",
                ),
            ),
            (
                "relu remembered per shape of Z (wb4 B9: mlp_forward was blamed)",
                """
_relu_memo = {}


def relu(Z):
    if Z.shape not in _relu_memo:
        _relu_memo[Z.shape] = np.maximum(Z, 0)
    return _relu_memo[Z.shape]


def relu_backward(dA, Z):
    return dA * (Z > 0)

""",
                Blame(
                    "relu on -Z",
                    says="nothing kept from an earlier call",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_names="relu (not",
                    later_says="",
                ),
            ),
            (
                "relu through float32 and back (rev-p F2: its own cell passed, later cells lost the points)",
                "def relu(Z):\n    return np.maximum(Z, 0).astype(np.float32).astype(Z.dtype)\n"
                "def relu_backward(dA, Z):\n    return dA * (Z > 0)\n",
                Blame(
                    "relu on -Z, to the last digit",
                    says="no .astype(np.float32)",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_names="relu (not",
                    later_says="",
                ),
            ),
            (
                "relu(z) that reads the notebook's global Z (wb3 W3-1: passed visibly)",
                "def relu(z):\n    return np.maximum(Z, 0)\ndef relu_backward(dA, Z):\n    return dA * (Z > 0)\n",
                Blame("relu of another Z", says="use the argument"),
            ),
            (
                "relu_backward with a threshold, Z > 1e-3 (rev-i F12)",
                _RELU_OK + "def relu_backward(dA, Z):\n    return dA * (Z > 1e-3)\n",
                Blame("relu_backward for Z just above 0", says="no threshold"),
            ),
            (
                "relu_backward through float32 and back (rev-i F11)",
                _RELU_OK
                + "def relu_backward(dA, Z):\n    return (dA.astype(np.float32) * (Z > 0)).astype(np.float64)\n",
                Blame("relu_backward", says="no rounding"),
            ),
            (
                "rounds the gradient to 2 decimals (rev-i: the visible dA were all short decimals)",
                _RELU_OK + "def relu_backward(dA, Z):\n    return np.round(dA * (Z > 0), 2)\n",
                Blame(
                    "relu_backward",
                    says="no rounding",
                    later=("test_mlp_backward",),
                    later_says="fix relu_backward first",
                ),
            ),
            (
                "relu_backward returns float32 (rev-e)",
                _RELU_OK + "def relu_backward(dA, Z):\n    return (dA * (Z > 0)).astype(np.float32)\n",
                Blame(
                    "relu_backward", says="float32", later=("test_mlp_backward",), later_says="fix relu_backward first"
                ),
            ),
            (
                "returns float32 (rev-d 1.1)",
                "def relu(Z):\n    return np.maximum(Z, 0).astype(np.float32)\n" + _RELU_BACK_OK,
                Blame(
                    "relu", says="float32", later=("test_mlp_forward", "test_mlp_backward"), later_says="fix relu first"
                ),
            ),
            (
                "relu_backward returns integers, .astype(int) (rev-g)",
                _RELU_OK + "def relu_backward(dA, Z):\n    return (dA * (Z > 0)).astype(int)\n",
                Blame(
                    "relu_backward",
                    says="astype(int)",
                    later=("test_mlp_backward",),
                    later_says="fix relu_backward first",
                ),
            ),
            (
                "ReLU6, np.clip(Z, 0, 6) (rev-d 1.2)",
                "def relu(Z):\n    return np.clip(Z, 0, 6)\n" + _RELU_BACK_OK,
                Blame(
                    "relu",
                    says="no cap at 6",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix relu first",
                ),
            ),
            (
                "relu_backward changes Z in place (Z becomes the mask)",
                _RELU_OK + "def relu_backward(dA, Z):\n    Z[Z > 0] = 1\n    Z[Z <= 0] = 0\n    return dA * Z\n",
                Blame("relu_backward", says="in place", later=("test_mlp_backward",)),
            ),
            (
                "relu_backward changes dA in place",
                _RELU_OK + "def relu_backward(dA, Z):\n    dA[Z <= 0] = 0\n    return dA\n",
                Blame("relu_backward", says="in place", later=("test_mlp_backward",)),
            ),
            ("changes Z in place", "def relu(Z):\n    Z[Z < 0] = 0\n    return Z\n" + _RELU_BACK_OK),
            (
                "np.max instead of np.maximum (reduces an axis)",
                "def relu(Z):\n    return np.max(Z, 0)\n" + _RELU_BACK_OK,
            ),
            (
                "gradient masked where dA > 0 instead of Z > 0",
                _RELU_OK + "def relu_backward(dA, Z):\n    return dA * (dA > 0)\n",
            ),
            ("gradient passes at Z = 0 (Z >= 0)", _RELU_OK + "def relu_backward(dA, Z):\n    return dA * (Z >= 0)\n"),
            (
                "returns the mask without multiplying by dA",
                _RELU_OK + "def relu_backward(dA, Z):\n    return (Z > 0).astype(float)\n",
            ),
            (
                "gradient of relu(Z) passed through as relu(dA)",
                _RELU_OK + "def relu_backward(dA, Z):\n    return np.maximum(dA, 0)\n",
            ),
        ],
        "sigmoid": [
            (
                "sigmoid written into one array per shape (rev-a1 2: full marks)",
                """
_buffers = {}


def sigmoid(Z):
    out = _buffers.setdefault((Z.shape, Z.dtype.str), np.empty_like(Z))
    np.tanh(Z / 2, out=out)
    out += 1
    out *= 0.5
    return out


def sigmoid_backward(dA, Z):
    s = 0.5 * (1 + np.tanh(Z / 2))
    return dA * s * (1 - s)
""",
                Blame("sigmoid", says="out=buffer"),
            ),
            (
                "the where-form of the stable sigmoid, which computes both branches (rev-v 7)",
                """
def sigmoid(Z):
    return np.where(Z >= 0, 1 / (1 + np.exp(-Z)), np.exp(Z) / (1 + np.exp(Z)))


def sigmoid_backward(dA, Z):
    s = sigmoid(Z)
    return dA * s * (1 - s)
""",
                Blame("sigmoid of [-1000, 1000]", says="computes both branches"),
            ),
            (
                "sigmoid_backward's slope remembered per shape of Z (wb4 B12: mlp_backward was blamed)",
                """
def sigmoid(Z):
    return 0.5 * (1.0 + np.tanh(0.5 * Z))


_slope = {}


def sigmoid_backward(dA, Z):
    if Z.shape not in _slope:
        s = sigmoid(Z)
        _slope[Z.shape] = s * (1.0 - s)
    return dA * _slope[Z.shape]
""",
                Blame(
                    "sigmoid_backward on dA and 2 Z",
                    says="keep nothing from an earlier call",
                    later=("test_mlp_backward",),
                    later_names="sigmoid_backward (not",
                    later_says="",
                ),
            ),
            (
                "sigmoid remembered per shape of Z (wb4 B11: mlp_forward was blamed)",
                """
_sig = {}


def sigmoid(Z):
    if Z.shape not in _sig:
        _sig[Z.shape] = 0.5 * (1.0 + np.tanh(0.5 * Z))
    return _sig[Z.shape]


def sigmoid_backward(dA, Z):
    s = 0.5 * (1.0 + np.tanh(0.5 * Z))
    return dA * s * (1.0 - s)
""",
                Blame(
                    "sigmoid of 2 Z",
                    says="keep nothing from an earlier call",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_names="sigmoid (not",
                    later_says="",
                ),
            ),
            (
                "returns the pair (s, Z) (rev-o L3: a hint about the sign)",
                "def sigmoid(Z):\n    return 0.5 * (1 + np.tanh(Z / 2)), Z\n"
                "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)[0]\n    return dA * s * (1 - s)\n",
                Blame("sigmoid", says="expected one array"),
            ),
            (
                "Z clipped to [-18, 18] against overflow (rev-m F4: a correct mlp_forward was blamed)",
                "def sigmoid(Z):\n    return 1 / (1 + np.exp(-np.clip(Z, -18, 18)))\n"
                "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    return dA * s * (1 - s)\n",
                Blame("sigmoid of Z from -25 to 25", says="no clipping"),
            ),
            (
                "s rounded to float32 inside sigmoid_backward (rev-i F11)",
                _SIGMOID_OK
                + "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z).astype(np.float32)\n    return dA * s * (1 - s)\n",
                Blame("sigmoid_backward on random dA and Z", says="float32 rounding"),
            ),
            (
                "returns float32 (rev-d 1.3)",
                "def sigmoid(Z):\n    return (0.5 * (1 + np.tanh(Z / 2))).astype(np.float32)\n"
                "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    return dA * s * (1 - s)\n",
                Blame(
                    "sigmoid",
                    says="float32",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix sigmoid first",
                ),
            ),
            (
                "changes Z in place (rev-a 2.2)",
                """
def sigmoid(Z):
    Z /= 2
    return 0.5 * (1 + np.tanh(Z))


def sigmoid_backward(dA, Z):
    s = sigmoid(Z)
    return dA * s * (1 - s)
""",
                Blame("sigmoid", says="in place"),
            ),
            (
                "math.exp, which takes one number (rev-a 4.3)",
                """
import math


def sigmoid(Z):
    return 1 / (1 + math.exp(-Z))


def sigmoid_backward(dA, Z):
    s = sigmoid(Z)
    return dA * s * (1 - s)
""",
                Blame("sigmoid", says="math.exp"),
            ),
            (
                "sigmoid_backward with its own naive exp: overflows for large negative Z",
                _SIGMOID_OK
                + "def sigmoid_backward(dA, Z):\n    s = 1 / (1 + np.exp(-Z))\n    return dA * s * (1 - s)\n",
                Blame("sigmoid_backward at Z = -1000 and 1000", says="your sigmoid"),
            ),
            (
                "sigmoid_backward changes dA in place (dA *= ...)",
                _SIGMOID_OK
                + "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    dA *= s * (1 - s)\n    return dA\n",
                Blame("sigmoid_backward", says="in place", later=("test_mlp_backward",)),
            ),
            (
                "naive 1 / (1 + exp(-Z)): overflows for large negative Z",
                "def sigmoid(Z):\n    return 1 / (1 + np.exp(-Z))\n"
                "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    return dA * s * (1 - s)\n",
            ),
            (
                "derivative taken at Z instead of sigmoid(Z)",
                _SIGMOID_OK + "def sigmoid_backward(dA, Z):\n    return dA * Z * (1 - Z)\n",
            ),
            (
                "forgets to multiply by dA",
                _SIGMOID_OK + "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    return s * (1 - s)\n",
            ),
            (
                "sign error in the exponent",
                "def sigmoid(Z):\n    return 0.5 * (1.0 - np.tanh(0.5 * Z))\n"
                "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    return dA * s * (1 - s)\n",
            ),
        ],
        "dense": [
            (
                "Z written into one array per shape with np.dot(..., out=) (rev-a1 1: mlp_forward and mlp_backward were blamed)",
                """
_buffers = {}


def dense_forward(X, W, b):
    key = (X.shape[0], W.shape[1], X.dtype.str)
    if key not in _buffers:
        _buffers[key] = np.empty((X.shape[0], W.shape[1]), X.dtype)
    Z = np.dot(X, W, out=_buffers[key])
    Z += b
    return Z, (X, W)


def dense_backward(dZ, cache):
    X, W = cache
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
""",
                Blame("dense_forward", says="out=buffer"),
            ),
            (
                "dense_forward clips Z to [-20, 20] (rev-v 3: mlp_backward was blamed)",
                """
def dense_forward(X, W, b):
    return np.clip(X @ W + b, -20, 20), (X, W)


def dense_backward(dZ, cache):
    X, W = cache
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
""",
                Blame("dense_forward(300 X, W, b)[0]", says="no np.clip"),
            ),
            (
                "skips the product for the very same arrays (wb5: mlp_backward lost hidden points)",
                """
_last = [None, None, None, None]


def dense_forward(X, W, b):
    if X is _last[0] and W is _last[1] and b is _last[2]:
        return _last[3]
    out = (X @ W + b, (X, W))
    _last[:] = [X, W, b, out]
    return out


def dense_backward(dZ, cache):
    X, W = cache
    return dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0)
""",
                Blame(
                    "dense_forward again on the same array X",
                    says="the same array object does not mean the same values",
                ),
            ),
            (
                "dense_backward reading the notebook's W, its own named Wc (rev-p F7: no hint)",
                """
def dense_forward(X, W, b):
    return X @ W + b, (X, W)


def dense_backward(dZ, cache):
    A, Wc = cache
    return dZ @ W.T, A.T @ dZ, dZ.sum(axis=0)
""",
                Blame("dense_backward", says="not from a variable of the notebook"),
            ),
            (
                "dense_backward remembered per (dZ shape, X shape) (wb4 B14: mlp_backward was blamed)",
                """
def dense_forward(X, W, b):
    return X @ W + b, (X, W)


_dense_grads = {}


def dense_backward(dZ, cache):
    X, W = cache
    key = (dZ.shape, X.shape)
    if key not in _dense_grads:
        _dense_grads[key] = (dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0))
    return _dense_grads[key]
""",
                Blame(
                    "dense_backward's dW for -dZ",
                    says="keep nothing from an earlier call",
                    later=("test_mlp_backward",),
                    later_names="dense_backward (not",
                    later_says="",
                ),
            ),
            (
                "(Z, cache) remembered per (X shape, W shape) (wb4 B13: mlp_forward was blamed)",
                """
_dense = {}


def dense_forward(X, W, b):
    key = (X.shape, W.shape)
    if key not in _dense:
        _dense[key] = (X @ W + b, (X, W))
    return _dense[key]


def dense_backward(dZ, cache):
    X, W = cache
    return dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0)
""",
                Blame(
                    "dense_forward",
                    says="keeping nothing from an earlier call",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_names="dense_forward (not",
                    later_says="",
                ),
            ),
            (
                "dense_forward keeping the cache of its first call per input shape (rev-p F1: mlp_backward was blamed)",
                """
_dense_cache = {}


def dense_forward(X, W, b):
    _dense_cache.setdefault(X.shape, (X, W))
    return X @ W + b, _dense_cache[X.shape]


def dense_backward(dZ, cache):
    X, W = cache
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
""",
                Blame(
                    "dense_forward",
                    says="keeping nothing from an earlier call",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="",
                ),
            ),
            (
                "dense_backward returns a list [dX, dW, db] (rev-m F4: no hint)",
                _DENSE_FORWARD_OK + "def dense_backward(dZ, cache):\n    X, W = cache\n"
                "    return [dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0)]\n",
                Blame("dense_backward", says="got a list of 3"),
            ),
            (
                "dense_forward returns the cache as a list [X, W] (rev-k L7: weak message)",
                "def dense_forward(X, W, b):\n    return X @ W + b, [X, W]\n"
                "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)\n",
                Blame("dense_forward", says="not a list"),
            ),
            (
                "X.T rounded to float32 in dW (rev-i F11)",
                _DENSE_FORWARD_OK + "def dense_backward(dZ, cache):\n    X, W = cache\n"
                "    return dZ @ W.T, X.T.astype(np.float32) @ dZ, np.sum(dZ, axis=0)\n",
                Blame("dense_backward's dW on random inputs", says="float32 rounding"),
            ),
            (
                "W.T rounded to float32 in dX (rev-i F11)",
                _DENSE_FORWARD_OK + "def dense_backward(dZ, cache):\n    X, W = cache\n"
                "    return dZ @ W.T.astype(np.float32), X.T @ dZ, np.sum(dZ, axis=0)\n",
                Blame("dense_backward's dX on random inputs", says="float32 rounding"),
            ),
            (
                "dense_forward returns float32 Z (rev-d 1.4)",
                "def dense_forward(X, W, b):\n    return (X @ W + b).astype(np.float32), (X, W)\n"
                "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)\n",
                Blame(
                    "dense_forward",
                    says="float32",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix dense_forward first",
                ),
            ),
            (
                "dense_backward returns db of shape (1, d_out) (rev-d 2.2)",
                _DENSE_FORWARD_OK + "def dense_backward(dZ, cache):\n    X, W = cache\n"
                "    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0, keepdims=True)\n",
                Blame(
                    "dense_backward",
                    says="(d_out,)",
                    later=("test_mlp_backward",),
                    later_says="fix dense_backward first",
                ),
            ),
            (
                "multiplies dX by a ReLU mask of X (rev-a 1.1)",
                _DENSE_FORWARD_OK
                + """

def dense_backward(dZ, cache):
    X, W = cache
    return (dZ @ W.T) * (X > 0), X.T @ dZ, dZ.sum(axis=0)
""",
                Blame("dense_backward's dX", says="no activation mask"),
            ),
            (
                "W @ X: shapes that cannot multiply (rev-a 4.3)",
                """
def dense_forward(X, W, b):
    return W @ X + b, (X, W)


def dense_backward(dZ, cache):
    X, W = cache
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
""",
                Blame("dense_forward", says="X (n, d_in) on the left"),
            ),
            (
                "cache holds Z instead of X",
                "def dense_forward(X, W, b):\n    Z = X @ W + b\n    return Z, (Z, W)\n"
                "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0)\n",
                Blame(
                    "dense_forward", says="(X, W)", later=("test_mlp_backward",), later_says="fix dense_forward first"
                ),
            ),
            (
                "forgets the bias in the forward pass",
                "def dense_forward(X, W, b):\n    return X @ W, (X, W)\n"
                "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0)\n",
                Blame("dense_forward", later=("test_mlp_backward",)),
            ),
            (
                "transposed weight gradient (dZ.T @ X)",
                _DENSE_FORWARD_OK
                + "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, dZ.T @ X, np.sum(dZ, axis=0)\n",
            ),
            (
                "missing bias gradient (zeros)",
                _DENSE_FORWARD_OK
                + "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, X.T @ dZ, np.zeros(W.shape[1])\n",
            ),
            (
                "bias gradient is the mean instead of the sum",
                _DENSE_FORWARD_OK
                + "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, X.T @ dZ, np.mean(dZ, axis=0)\n",
            ),
            (
                "divides dW by the batch size again",
                _DENSE_FORWARD_OK
                + "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W.T, X.T @ dZ / len(X), np.sum(dZ, axis=0)\n",
                Blame("dense_backward", later=("test_mlp_backward",)),
            ),
            (
                "dX without transposing W",
                _DENSE_FORWARD_OK
                + "def dense_backward(dZ, cache):\n    X, W = cache\n    return dZ @ W, X.T @ dZ, np.sum(dZ, axis=0)\n",
                Blame("dense_backward", later=("test_mlp_backward",)),
            ),
        ],
        "softmax_cross_entropy": [
            (
                "returns the list [loss, dZ] (rev-k L7: no hint)",
                "def softmax_cross_entropy(Z, Y):\n"
                "    shifted = Z - np.max(Z, axis=1, keepdims=True)\n"
                "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
                "    n = Z.shape[0]\n"
                "    return [float(-np.sum(Y * log_p) / n), (np.exp(log_p) - Y) / n]\n",
                Blame("softmax_cross_entropy", says="not a list"),
            ),
            (
                "returns (dZ, loss), the pair swapped (rev-i F6)",
                "def softmax_cross_entropy(Z, Y):\n"
                "    shifted = Z - np.max(Z, axis=1, keepdims=True)\n"
                "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
                "    n = Z.shape[0]\n"
                "    return (np.exp(log_p) - Y) / n, float(-np.sum(Y * log_p) / n)\n",
                Blame("softmax_cross_entropy", says="expected (loss, dZ)"),
            ),
            (
                "the probabilities rounded to float32 in dZ (rev-i F11)",
                "def softmax_cross_entropy(Z, Y):\n"
                "    shifted = Z - np.max(Z, axis=1, keepdims=True)\n"
                "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
                "    n = Z.shape[0]\n"
                "    return float(-np.sum(Y * log_p) / n), (np.exp(log_p).astype(np.float32) - Y) / n\n",
                Blame("softmax_cross_entropy's dZ on a random batch", says="float32 rounding"),
            ),
            (
                "changes Z in place, Z -= Z.max(...) (rev-d 3.1)",
                """
def softmax_cross_entropy(Z, Y):
    n = Z.shape[0]
    Z -= Z.max(axis=1, keepdims=True)
    logP = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return -np.sum(Y * logP) / n, (np.exp(logP) - Y) / n
""",
                Blame("softmax_cross_entropy", says="in place"),
            ),
            (
                "indexes the log-probabilities with the one-hot Y (rev-a 4.3)",
                """
def softmax_cross_entropy(Z, Y):
    n = Z.shape[0]
    S = Z - Z.max(axis=1, keepdims=True)
    logP = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
    return -np.mean(logP[np.arange(n), Y]), (np.exp(logP) - Y) / n
""",
                Blame("softmax_cross_entropy", says="one-hot"),
            ),
            (
                "returns the loss as a (1,) array (rev-a 2.5)",
                """
def softmax_cross_entropy(Z, Y):
    n = Z.shape[0]
    S = Z - Z.max(axis=1, keepdims=True)
    logP = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
    loss = -np.sum(Y * logP) / n
    return np.array([loss]), (np.exp(logP) - Y) / n
""",
                Blame(
                    "softmax_cross_entropy",
                    says="shape",
                    later=("test_mlp_backward",),
                    later_says="fix softmax_cross_entropy first",
                ),
            ),
            (
                "gradient not divided by the batch size",
                """
def softmax_cross_entropy(Z, Y):
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / len(Z)), np.exp(log_p) - Y
""",
                Blame("softmax_cross_entropy", later=("test_mlp_backward",)),
            ),
            (
                "subtracts the global maximum: log(0) for a row far below the others",
                """
def softmax_cross_entropy(Z, Y):
    shifted = Z - np.max(Z)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / len(Z)), (np.exp(log_p) - Y) / len(Z)
""",
                Blame("softmax_cross_entropy", says="global maximum"),
            ),
            (
                "subtracts each row's mean: exp(1000) overflows for a row spread over 2000",
                """
def softmax_cross_entropy(Z, Y):
    shifted = Z - np.mean(Z, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / len(Z)), (np.exp(log_p) - Y) / len(Z)
""",
                Blame("softmax_cross_entropy", says="minimum or mean"),
            ),
            (
                "no max-subtraction: overflows for large logits",
                """
def softmax_cross_entropy(Z, Y):
    P = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)
    return float(-np.sum(Y * np.log(P)) / len(Z)), (P - Y) / len(Z)
""",
            ),
            (
                "loss summed over the batch",
                """
def softmax_cross_entropy(Z, Y):
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(Y * log_p)), (np.exp(log_p) - Y) / len(Z)
""",
            ),
            (
                "gradient sign error (Y - P)",
                """
def softmax_cross_entropy(Z, Y):
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / len(Z)), (Y - np.exp(log_p)) / len(Z)
""",
            ),
            (
                "probabilities clipped before the log: loss of a confident mistake capped",
                """
def softmax_cross_entropy(Z, Y):
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    P = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    return float(-np.sum(Y * np.log(np.clip(P, 1e-12, 1))) / len(Z)), (P - Y) / len(Z)
""",
                Blame(
                    "softmax_cross_entropy", later=("test_mlp_backward",), later_says="fix softmax_cross_entropy first"
                ),
            ),
        ],
        "init_params": [
            (
                "biases that are slices of one shared zeros array (rev-r G1: full marks, Adam moved every bias together)",
                """
def init_params(layer_sizes, rng):
    params, zeros = {}, np.zeros(max(layer_sizes))
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params[f"b{l}"] = zeros[:n_out]
    return params
""",
                Blame("init_params", says="share their memory"),
            ),
            (
                "the scale 5% too large, sqrt(2 / n_in) * 1.05 (rev-p F11: lost hidden points)",
                """
def init_params(layer_sizes, rng):
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in) * 1.05
        params[f"b{l}"] = np.zeros(n_out)
    return params
""",
                Blame("standard deviation of W1", says="He initialisation"),
            ),
            (
                "the bias counted as an input, sqrt(2 / (n_in + 1)) (rev-p F3: full marks before)",
                _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + 1))"),
                Blame("standard deviation of W1 in a [2, 20000, 1] network", says="does not count as an input"),
            ),
            (
                "two layers whatever layer_sizes says (wb2 16: a bare KeyError, mlp_forward blamed)",
                _INIT.replace("for l in range(1, len(layer_sizes)):", "for l in (1, 2):").replace(
                    "SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)"
                ),
                Blame(
                    "init_params([400] * 11, rng)",
                    says="not a fixed 2",
                    later=("test_mlp_forward",),
                    later_names="init_params (not mlp_forward)",
                    later_says="fix init_params first",
                ),
            ),
            (
                "zero weights (wb2 1: mlp_forward was blamed)",
                _INIT.replace("SCALE", "np.zeros((fan_in, fan_out))"),
                Blame(
                    "standard deviation of W1",
                    says="sqrt(2 / 784)",
                    later=("test_mlp_forward",),
                    later_names="init_params (not mlp_forward)",
                    later_says="fix init_params first",
                ),
            ),
            (
                "loops one layer too far: IndexError (rev-m F7: got the dtype hint)",
                _INIT.replace("range(1, len(layer_sizes))", "range(1, len(layer_sizes) + 1)").replace(
                    "SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)"
                ),
                Blame("init_params", says="L = len(layer_sizes) - 1"),
            ),
            (
                "scale from the larger of fan-in and fan-out (wb 3: passed visibly)",
                _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / max(fan_in, fan_out))"),
                Blame("standard deviation of W1 in a [50, 400, 10] network", says="fan-in"),
            ),
            (
                "rng.standard_normal(d_in, d_out): two numbers, not a shape tuple (rev-a 4.3)",
                _INIT.replace("SCALE", "rng.standard_normal(fan_in, fan_out) * np.sqrt(2.0 / fan_in)"),
                Blame("init_params", says="one shape tuple"),
            ),
            (
                "rng.randn, the legacy API a Generator does not have (rev-a 4.3)",
                _INIT.replace("SCALE", "rng.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)"),
                Blame("init_params", says="no randn"),
            ),
            (
                "misses the last layer",
                _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)").replace(
                    "range(1, len(layer_sizes))", "range(1, len(layer_sizes) - 1)"
                ),
                Blame("init_params", later=("test_mlp_forward",), later_says="fix init_params first"),
            ),
            ("fixed small scale 0.01", _INIT.replace("SCALE", "rng.normal(0, 0.01, size=(fan_in, fan_out))")),
            (
                "draws from a fixed-seed generator of its own, not from rng",
                _INIT.replace(
                    "SCALE", "np.random.default_rng(0).standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)"
                ),
                Blame("init_params", says="rng"),
            ),
            ("standard normal, no scaling", _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out))")),
            (
                "Xavier scale sqrt(1 / n_in): halves the signal at every ReLU layer",
                _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)"),
            ),
            (
                "scaled by the fan-out",
                _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_out)"),
            ),
            (
                "transposed weight shapes",
                _INIT.replace("SCALE", "rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in)"),
            ),
            (
                "draws from np.random instead of rng",
                _INIT.replace("SCALE", "np.random.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)"),
            ),
            ("Görner's fixed 0.1", _INIT.replace("SCALE", "rng.normal(0, 0.1, size=(fan_in, fan_out))")),
            (
                "W2 in float32",
                _INIT.replace(
                    "SCALE",
                    "(rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)).astype(np.float32 if l > 1 else np.float64)",
                ),
                Blame("init_params", says="float32"),
            ),
            (
                "integer biases (np.zeros(n, dtype=int))",
                _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)").replace(
                    "np.zeros(fan_out)", "np.zeros(fan_out, dtype=int)"
                ),
                Blame("b1", says="float64"),
            ),
            (
                "biases of the later layers not zero",
                _INIT.replace("SCALE", "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)").replace(
                    "np.zeros(fan_out)", "np.zeros(fan_out) if l == 1 else np.full(fan_out, 0.1)"
                ),
                Blame("b2", says="zero"),
            ),
            (
                "uniform distribution with He's variance instead of a normal one",
                _INIT.replace("SCALE", "rng.uniform(-1, 1, (fan_in, fan_out)) * np.sqrt(6.0 / fan_in)"),
                Blame("W1", says="normal distribution"),
            ),
        ],
        "dropout": [
            (
                "the mask drawn as rng.random(A.shape) >= 1 - keep_prob (rev-z1 1: mlp_forward was blamed in mlp_backward's cell)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) >= 1 - keep_prob
    return A * mask / keep_prob, mask


def dropout_backward(dA, mask, keep_prob):
    return dA * mask / keep_prob
""",
                Blame(
                    "dropout_forward",
                    says="rng.random(A.shape) < keep_prob",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_names="dropout_forward (not",
                    later_says="",
                ),
            ),
            (
                "A_out clipped to [-20, 20] (clip sweep: mlp_backward was blamed)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return np.clip(A * mask / keep_prob, -20, 20), mask


def dropout_backward(dA, mask, keep_prob):
    return dA * mask / keep_prob
""",
                Blame("A_out for 1000 A", says="no np.clip"),
            ),
            (
                "dropout_backward's mask / keep_prob remembered per shape (wb4 B15: mlp_backward was blamed)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask


_scale = {}


def dropout_backward(dA, mask, keep_prob):
    key = (mask.shape, keep_prob)
    if key not in _scale:
        _scale[key] = mask / keep_prob
    return dA * _scale[key]
""",
                Blame(
                    "dropout_backward with the opposite mask",
                    says="keep nothing from an earlier call",
                    later=("test_mlp_backward",),
                    later_names="dropout_backward (not",
                    later_says="",
                ),
            ),
            (
                "dropout_forward reusing one mask per (shape, keep_prob) (wb3 W3-6: lost hidden points)",
                """
_masks = {}


def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    key = (A.shape, keep_prob)
    if key not in _masks:
        _masks[key] = rng.random(A.shape) < keep_prob
    mask = _masks[key]
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    says="keep nothing from an earlier call",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="",
                ),
            ),
            (
                "divides by np.float32(keep_prob) (rev-i F11)",
                _DROPOUT_FORWARD_OK.replace("A * mask / keep_prob, mask", "A * mask / np.float32(keep_prob), mask")
                + _DROPOUT_BACK_OK,
                Blame("A_out for random A with keep_prob = 0.6", says="np.float32(keep_prob)"),
            ),
            (
                "dropout_backward through float32 and back (rev-i F11)",
                _DROPOUT_FORWARD_OK + "def dropout_backward(dA, mask, keep_prob):\n"
                "    return (dA * mask / np.float32(keep_prob)).astype(np.float32).astype(np.float64)\n",
                Blame("dropout_backward on random dA", says="np.float32(keep_prob)"),
            ),
            (
                "forgets to return the mask in training (rev-i: the cell crashed unpacking)",
                _DROPOUT_FORWARD_OK.replace("return A * mask / keep_prob, mask", "return A * mask / keep_prob")
                + _DROPOUT_BACK_OK,
                Blame("dropout_forward in training", says="expected the pair (A_out, mask)"),
            ),
            (
                "scales by keep_prob at test time, the non-inverted way (rev-i: mlp_forward was blamed)",
                _DROPOUT_FORWARD_OK.replace("return A, None", "return A * keep_prob, None") + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    says="return A unchanged",
                    later=("test_mlp_forward",),
                    later_says="fix dropout_forward first",
                ),
            ),
            (
                "test time decided by rng is None, not by training (rev-e)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if rng is None:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    says="argument training",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix dropout_forward first",
                ),
            ),
            (
                "dropout_forward returns float32 A_out (rev-d 1.5)",
                _DROPOUT_FORWARD_OK.replace(
                    "return A * mask / keep_prob, mask", "return (A * mask / keep_prob).astype(np.float32), mask"
                )
                + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    says="float32",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix dropout_forward first",
                ),
            ),
            (
                "dropout_forward draws the mask before checking training (rev-d 1.6)",
                """
def dropout_forward(A, keep_prob, rng, training):
    mask = rng.random(A.shape) < keep_prob
    if not training:
        return A, None
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    says="rng may be None",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix dropout_forward first",
                ),
            ),
            (
                "dropout_backward divides by the drop rate 1 - keep_prob (rev-a 1.2)",
                _DROPOUT_FORWARD_OK
                + """

def dropout_backward(dA, mask, keep_prob):
    return dA * mask / (1 - keep_prob)
""",
                Blame("dropout_backward(dA, mask, 0.25)", says="drop rate"),
            ),
            (
                "dropout_backward changes dA in place (rev-a 1.3)",
                _DROPOUT_FORWARD_OK
                + """

def dropout_backward(dA, mask, keep_prob):
    dA *= mask
    dA /= keep_prob
    return dA
""",
                Blame("dropout_backward", says="in place", later=("test_mlp_backward",)),
            ),
            (
                "dropout_forward returns the pair in the wrong order (rev-a 4.4)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return mask, A * mask / keep_prob
"""
                + _DROPOUT_BACK_OK,
                Blame("dropout_forward", says="(A_out, mask)"),
            ),
            (
                "rng.rand, the legacy API a Generator does not have (rev-a 4.3)",
                _DROPOUT_FORWARD_OK.replace("rng.random(A.shape)", "rng.rand(*A.shape)") + _DROPOUT_BACK_OK,
                Blame("dropout_forward", says="no rand"),
            ),
            (
                "not rescaled by 1 / keep_prob",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return A * mask, mask
"""
                + _DROPOUT_BACK_OK,
            ),
            (
                "not disabled at test time",
                """
def dropout_forward(A, keep_prob, rng, training):
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
            ),
            (
                "scales by keep_prob at test time (non-inverted dropout mixed in)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A * keep_prob, None
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
            ),
            (
                "keep_prob used as the probability of dropping",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) > keep_prob
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
            ),
            (
                "draws the mask from a generator of its own with a fixed seed (rev-k F-3)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = np.random.default_rng(0).random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix dropout_forward first",
                ),
            ),
            (
                "draws the mask from np.random instead of rng (rev-k F-3: mlp_forward was blamed)",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = np.random.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
"""
                + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    says="same seed",
                    later=("test_mlp_forward", "test_mlp_backward"),
                    later_says="fix dropout_forward first",
                ),
            ),
            (
                "backward not rescaled",
                _DROPOUT_FORWARD_OK + "def dropout_backward(dA, mask, keep_prob):\n    return dA * mask\n",
            ),
            (
                "backward ignores the mask",
                _DROPOUT_FORWARD_OK + "def dropout_backward(dA, mask, keep_prob):\n    return dA / keep_prob\n",
            ),
            (
                "one mask per column, shared by every example of the batch",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random((1, A.shape[1])) < keep_prob
    return A * mask / keep_prob, np.broadcast_to(mask, A.shape)
def dropout_backward(dA, mask, keep_prob):
    return dA * mask / keep_prob
""",
                Blame("dropout_forward", says="per column"),
            ),
            (
                "changes A in place",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    A *= mask / keep_prob
    return A, mask
def dropout_backward(dA, mask, keep_prob):
    return dA * mask / keep_prob
""",
                Blame("dropout_forward", says="in place"),
            ),
            (
                "returns A * mask as the mask",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, A * mask
def dropout_backward(dA, mask, keep_prob):
    return dA * mask / keep_prob
""",
                Blame("dropout_forward", says="bool"),
            ),
            (
                "a mask of ones instead of None at test time",
                """
def dropout_forward(A, keep_prob, rng, training):
    if not training:
        return A, np.ones(A.shape, dtype=bool)
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask
def dropout_backward(dA, mask, keep_prob):
    return dA * mask / keep_prob
""",
                Blame("dropout_forward at test time", says="None"),
            ),
            (
                "a float mask: the right values, not the bool mask the docstring asks for",
                _DROPOUT_FORWARD_OK.replace("< keep_prob", "< keep_prob\n    mask = mask.astype(float)")
                + _DROPOUT_BACK_OK,
                Blame("dropout_forward", says="bool", later=("test_mlp_forward", "test_mlp_backward")),
            ),
            (
                "an int8 mask",
                _DROPOUT_FORWARD_OK.replace("< keep_prob", "< keep_prob\n    mask = mask.astype(np.int8)")
                + _DROPOUT_BACK_OK,
                Blame("dropout_forward", says="bool"),
            ),
            (
                "mask drawn with rng.binomial: other numbers than rng.random(A.shape) < keep_prob",
                _DROPOUT_FORWARD_OK.replace(
                    "rng.random(A.shape) < keep_prob", "rng.binomial(1, keep_prob, size=A.shape).astype(bool)"
                )
                + _DROPOUT_BACK_OK,
                Blame(
                    "dropout_forward",
                    says="rng.random(A.shape) < keep_prob",
                    later=("test_mlp_forward", "test_mlp_backward"),
                ),
            ),
        ],
        "mlp_forward": [
            (
                "remembers its logits per sums of each weight's columns: its own cell cannot see it, the numerical gradient can",
                """
_mf3 = {}


def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    key = (X.shape, float(X.sum()), tuple((k, tuple(v.sum(axis=0).ravel())) for k, v in params.items()), activation, keep_prob, training)
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((dense_cache, None, None))
    return (logits if training else _mf3.setdefault(key, logits)), caches
""",
                Blame(
                    "mlp_forward (not mlp_backward)",
                    own_cell_passes=True,
                    later=("test_mlp_backward",),
                    later_says="keeps something from an earlier call",
                ),
            ),
            (
                "remembers its test-time logits per shapes and sums (rev-x: mlp_backward was blamed)",
                """
_mf = {}


def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    key = (X.shape, float(X.sum()), len(params), float(sum(v.sum() for v in params.values())), activation, training)
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((dense_cache, None, None))
    if not training:
        logits = _mf.setdefault(key, logits)
    return logits, caches
""",
                Blame("logits with W1[0, 2] changed", says="not even under a key"),
            ),
            (
                'logits clipped to [-20, 20] "to be safe" (clip sweep: passed the visible tests, lost hidden points)',
                """
def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((dense_cache, None, None))
    return np.clip(logits, -20, 20), caches
""",
                Blame("logits of the 2-3-2 ReLU network for 100 X", says="no np.clip"),
            ),
            (
                "no cache for the output layer (rev-p F8: a hint about a list made outside)",
                """
def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    return logits, caches
""",
                Blame("mlp_forward", says="the last (output) layer's too"),
            ),
            (
                "(logits, caches) remembered per (X shape, activation, keep_prob, training) (wb4 B16: mlp_backward was blamed)",
                """
_forward_memo = {}


def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]   # your relu or sigmoid
    key = (X.shape, activation, keep_prob, training)
    if key in _forward_memo:
        return _forward_memo[key]
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((dense_cache, None, None))
    _forward_memo[key] = (logits, caches)
    return logits, caches
""",
                Blame(
                    "mlp_forward with -W1",
                    says="keep nothing from an earlier call",
                    later=("test_mlp_backward",),
                    later_names="mlp_forward (not",
                    later_says="",
                ),
            ),
            (
                "caches the activation A instead of Z (wb2 5: mlp_backward was blamed)",
                _forward().replace("caches.append((dense_cache, Z, mask))", "caches.append((dense_cache, A, mask))"),
                Blame(
                    "mlp_forward (not mlp_backward)",
                    own_cell_passes=True,
                    later=("test_mlp_backward",),
                    later_says="not the activation A",
                ),
            ),
            (
                "caches no dropout mask (wb2 6: mlp_backward was blamed)",
                _forward().replace("caches.append((dense_cache, Z, mask))", "caches.append((dense_cache, Z, None))"),
                Blame(
                    "mlp_forward (not mlp_backward)",
                    own_cell_passes=True,
                    later=("test_mlp_backward",),
                    later_says="the mask dropout_forward drew",
                ),
            ),
            (
                "appends to a caches list made outside the function (rev-m F2: mlp_backward was blamed)",
                "caches = []\n" + _forward().replace("    A, caches = X, []\n", "    A = X\n"),
                Blame(
                    "mlp_forward",
                    says="a list made outside it",
                    later=("test_mlp_backward",),
                    later_says="mlp_forward (not mlp_backward)",
                ),
            ),
            (
                "takes the layers in the dict's own order (rev-i F12)",
                """
def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    Ws = [v for k, v in params.items() if k.startswith("W")]
    bs = [v for k, v in params.items() if k.startswith("b")]
    A, caches = X, []
    for W, b in zip(Ws[:-1], bs[:-1]):
        Z, dense_cache = dense_forward(A, W, b)
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, Ws[-1], bs[-1])
    caches.append((dense_cache, None, None))
    return logits, caches
""",
                Blame("logits of an 11-layer ReLU network", says="own order"),
            ),
            (
                "returns the last hidden activation too, a triple (rev-i F13: a traceback in test_mlp_backward)",
                _forward().replace("return logits, caches", "return logits, caches, A"),
                Blame(
                    "mlp_forward",
                    says="must return the pair (logits, caches)",
                    later=("test_mlp_backward",),
                    later_says="fix mlp_forward first",
                ),
            ),
            (
                "casts X to float32 (rev-e)",
                _FORWARD.replace("A, caches = X, []", "A, caches = X.astype(np.float32), []")
                .replace("HIDDEN", "dropout_forward(g(Z), keep_prob, rng, training)")
                .replace("LOGITS", "logits"),
                Blame("mlp_forward", says="float32"),
            ),
            (
                "walks the layers in sorted key order: W10 before W2 (rev-e)",
                """
def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    names = sorted(k for k in params if k.startswith("W"))
    A, caches = X, []
    for name in names[:-1]:
        Z, dense_cache = dense_forward(A, params[name], params["b" + name[1:]])
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[names[-1]], params["b" + names[-1][1:]])
    caches.append((dense_cache, None, None))
    return logits, caches
""",
                Blame("logits of an 11-layer ReLU network", says="sorted keys"),
            ),
            (
                "takes the layers out of params with pop (rev-e)",
                _FORWARD.replace('params[f"W{l}"], params[f"b{l}"]', 'params.pop(f"W{l}"), params.pop(f"b{l}")')
                .replace("HIDDEN", "dropout_forward(g(Z), keep_prob, rng, training)")
                .replace("LOGITS", "logits"),
                Blame("mlp_forward", says="in place", later=("test_mlp_backward",)),
            ),
            (
                "returns float32 logits (rev-d 3.5)",
                _forward(logits="logits.astype(np.float32)"),
                Blame("mlp_forward", says="float32", later=("test_mlp_backward",), later_says="fix mlp_forward first"),
            ),
            (
                "always passes training=True to dropout_forward (rev-a 3.2)",
                _forward(hidden="dropout_forward(g(Z), keep_prob, rng, True)"),
                Blame("mlp_forward", says="pass training on"),
            ),
            (
                "number of layers len(params) instead of len(params) // 2",
                _forward().replace("L = len(params) // 2", "L = len(params)"),
                Blame(
                    "mlp_forward",
                    says="len(params) // 2",
                    later=("test_mlp_backward",),
                    later_says="fix mlp_forward first",
                ),
            ),
            ("activation applied to the logits too", _forward(logits="g(logits)")),
            (
                "softmax applied to the logits",
                _forward(
                    logits="np.exp(logits - logits.max(axis=1, keepdims=True)) / "
                    "np.exp(logits - logits.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)"
                ),
            ),
            (
                "always relu, ignores the activation argument",
                _forward(hidden="dropout_forward(relu(Z), keep_prob, rng, training)"),
            ),
            ("dropout always on (training ignored)", _forward(hidden="dropout_forward(g(Z), keep_prob, rng, True)")),
            ("no dropout at all", _forward(hidden="(g(Z), None)")),
            ("dropout on the logits as well", _forward(logits="dropout_forward(logits, keep_prob, rng, training)[0]")),
            (
                "dropout masks from a fresh generator, not from rng",
                _forward(hidden="dropout_forward(g(Z), keep_prob, np.random.default_rng(), training)"),
                Blame("mlp_forward", says="rng"),
            ),
            (
                "dropout masks from a fixed-seed generator of its own, not from rng",
                _forward(hidden="dropout_forward(g(Z), keep_prob, np.random.default_rng(0), training)"),
                Blame("mlp_forward", says="rng"),
            ),
            (
                "hard-coded for two layers",
                """
def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    Z1, c1 = dense_forward(X, params["W1"], params["b1"])
    A1, m1 = dropout_forward(g(Z1), keep_prob, rng, training)
    logits, c2 = dense_forward(A1, params["W2"], params["b2"])
    return logits, [(c1, Z1, m1), (c2, None, None)]
""",
                Blame(
                    "mlp_forward",
                    later=("test_mlp_backward",),
                    later_names="mlp_forward (not mlp_backward)",
                    later_says="",
                ),
            ),
            (
                "dropout before the activation (the same as after it for ReLU, not for sigmoid)",
                _forward(hidden="(lambda out: (g(out[0]), out[1]))(dropout_forward(Z, keep_prob, rng, training))"),
                Blame("mlp_forward", later=("test_mlp_backward",)),
            ),
            (
                "dropout on the input of each dense layer, the pixels included",
                """
def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        A, mask = dropout_forward(A, keep_prob, rng, training)
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A = g(Z)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((dense_cache, None, None))
    return logits, caches
""",
                Blame("mlp_forward", later=("test_mlp_backward",)),
            ),
            (
                "dropout before the sigmoid: its hint says where dropout goes",
                _forward(hidden="(lambda out: (g(out[0]), out[1]))(dropout_forward(Z, keep_prob, rng, training))"),
                Blame("mlp_forward", says="in this order"),
            ),
            (
                "1 - keep_prob passed on as the probability of keeping",
                _forward(hidden="dropout_forward(g(Z), 1 - keep_prob if keep_prob < 1 else 1.0, rng, training)"),
                Blame("mlp_forward", later=("test_mlp_backward",)),
            ),
            (
                "the chosen activation on the last hidden layer only, relu on the others",
                _forward(hidden="dropout_forward(g(Z) if l == L - 1 else relu(Z), keep_prob, rng, training)"),
                Blame(
                    "mlp_forward",
                    says="same activation",
                    later=("test_mlp_backward",),
                    later_names="mlp_forward (not mlp_backward)",
                    later_says="",
                ),
            ),
        ],
        "mlp_backward": [
            (
                "takes the caches off the list with pop() (rev-v 7: the rule was not in the text)",
                """
def mlp_backward(dlogits, caches, activation="relu", keep_prob=1.0):
    g_backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}[activation]
    grads = {}
    dZ = dlogits
    l = len(caches)
    while caches:
        dense_cache, _, _ = caches.pop()
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
        if caches:
            _, Z_below, mask_below = caches[-1]
            if mask_below is not None:
                dA = dropout_backward(dA, mask_below, keep_prob)
            dZ = g_backward(dA, Z_below)
        l -= 1
    return grads
""",
                Blame("mlp_backward", says="no .pop()"),
            ),
            (
                "the gradients remembered per (dlogits shape, layers, activation, keep_prob) (wb4: full marks before)",
                """
_grads_memo = {}


def mlp_backward(dlogits, caches, activation="relu", keep_prob=1.0):
    key = (dlogits.shape, len(caches), activation, keep_prob)
    if key in _grads_memo:
        return _grads_memo[key]
    g_backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}[activation]
    L = len(caches)
    grads = {}
    dZ = dlogits
    for l in range(L, 0, -1):
        dense_cache, _, _ = caches[l - 1]
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
        if l > 1:
            _, Z_below, mask_below = caches[l - 2]
            if mask_below is not None:
                dA = dropout_backward(dA, mask_below, keep_prob)
            dZ = g_backward(dA, Z_below)
    _grads_memo[key] = grads
    return grads
""",
                Blame("grads['W1'] for -dlogits", says="keep nothing from an earlier call"),
            ),
            (
                "grads['W1'] through float32 and back (rev-p F3: full marks before)",
                _backward().replace(
                    "    return grads\n",
                    '    grads["W1"] = grads["W1"].astype(np.float32).astype(np.float64)\n    return grads\n',
                ),
                Blame("grads['W1'] of a [4, 5, 3] ReLU network", says="float32 rounding"),
            ),
            (
                "sigmoid's derivative from the next layer's cached input, after dropout (wb 2: passed visibly)",
                _backward(
                    activation='dA * caches[l - 1][0][0] * (1 - caches[l - 1][0][0]) if activation == "sigmoid" else g_backward(dA, Z_below)'
                ),
                Blame("grads['W", says="after dropout"),
            ),
            (
                "dropout_backward called without a mask at test time (rev-k F-4: passed visibly)",
                _backward().replace(
                    "            if mask_below is not None:\n                dA = dropout_backward",
                    "            dA = dropout_backward",
                ),
                Blame("mlp_backward", says="if mask is not None"),
            ),
            (
                "stores layer l's gradients under the number of steps taken, L - l + 1 (rev-g: no hint)",
                _backward().replace(
                    'dA, grads[f"W{l}"], grads[f"b{l}"] =', 'dA, grads[f"W{L - l + 1}"], grads[f"b{L - l + 1}"] ='
                ),
                Blame("grads['W", says="that is the shape of params['W"),
            ),
            (
                "returns float32 gradients (rev-e)",
                _backward().replace(
                    "    return grads", "    return {k: v.astype(np.float32) for k, v in grads.items()}"
                ),
                Blame("mlp_backward", says="float32"),
            ),
            (
                "zeroes the caller's dlogits (rev-e)",
                _backward().replace("    dZ = dlogits\n", "    dZ = dlogits.copy()\n    dlogits[...] = 0\n"),
                Blame("mlp_backward", says="in place"),
            ),
            (
                "unpacks a cache into the wrong number of values (rev-a 4.3)",
                _backward().replace("dense_cache, _, _ = caches[l - 1]", "dense_cache, Z = caches[l - 1]"),
                Blame("mlp_backward", says="as many values"),
            ),
            (
                "reads the cache of layer l from caches[l]: off by one (rev-a 4.3)",
                _backward().replace("dense_cache, _, _ = caches[l - 1]", "dense_cache, _, _ = caches[l]"),
                Blame("mlp_backward", says="caches[l - 1]"),
            ),
            (
                "divides the gradients by n again: dlogits already holds the 1/n (rev-g)",
                _backward().replace(
                    "    return grads", "    n = len(caches[0][0][0])\n    return {k: v / n for k, v in grads.items()}"
                ),
                Blame("grads['W2']", says="divide by n once"),
            ),
            ("forgets dropout_backward", _backward(dropout="dA")),
            ("mask applied without the 1 / keep_prob rescaling", _backward(dropout="dA * mask_below")),
            ("always relu's backward, ignores the activation", _backward(activation="relu_backward(dA, Z_below)")),
            ("forgets the activation's backward", _backward(activation="dA")),
            (
                "activation backward at the wrong layer's Z",
                """
def mlp_backward(dlogits, caches, activation="relu", keep_prob=1.0):
    g_backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}[activation]
    L = len(caches)
    grads = {}
    dZ = dlogits
    for l in range(L, 0, -1):
        dense_cache, Z_here, _ = caches[l - 1]
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
        if l > 1:
            mask_below = caches[l - 2][2]
            if mask_below is not None:
                dA = dropout_backward(dA, mask_below, keep_prob)
            dZ = g_backward(dA, Z_here if Z_here is not None else caches[l - 2][1])
    return grads
""",
            ),
            (
                "passes dZ instead of dA down to the layer below",
                """
def mlp_backward(dlogits, caches, activation="relu", keep_prob=1.0):
    g_backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}[activation]
    L = len(caches)
    grads = {}
    dZ = dlogits
    for l in range(L, 0, -1):
        dense_cache, _, _ = caches[l - 1]
        dA, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dZ, dense_cache)
        if l > 1:
            _, Z_below, mask_below = caches[l - 2]
            if mask_below is not None:
                dA = dropout_backward(dA, mask_below, keep_prob)
            dZ = g_backward(dZ @ np.ones((dZ.shape[1], dA.shape[1])) / dZ.shape[1], Z_below)
    return grads
""",
            ),
        ],
        "exp_decay_lr": [
            (
                "int(decay_steps) (rev-i F12)",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * np.exp(-np.asarray(step) / int(decay_steps))\n",
                Blame("exp_decay_lr(5, 1.0, 0.0, 2.5)", says="int(decay_steps)"),
            ),
            (
                "the step as np.float32, the rate cast back (rev-i F11)",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * np.exp(-np.float32(step) / decay_steps).astype(np.float64)\n",
                Blame("learning rate at step 1234, to 12 digits", says="float32 rounding"),
            ),
            (
                "floor division, exp(-step // decay_steps) (rev-e)",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * np.exp(-step // decay_steps)\n",
                Blame("learning rate after half of decay_steps", says="not //"),
            ),
            (
                "calls .astype on the int step (rev-a 4.3)",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * np.exp(-step.astype(float) / decay_steps)\n",
                Blame("exp_decay_lr", says="plain int"),
            ),
            (
                "Görner's numbers instead of the arguments",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return 0.0001 + 0.0029 * np.exp(-np.asarray(step) / 2000)\n",
                Blame("exp_decay_lr", says="arguments"),
            ),
            (
                "decay with the wrong sign (exp(+step / decay_steps))",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * np.exp(np.asarray(step) / decay_steps)\n",
            ),
            (
                "no floor: lr_max * exp(-step / decay_steps)",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_max * np.exp(-np.asarray(step) / decay_steps)\n",
            ),
            (
                "lr_min added on top of lr_max",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + lr_max * np.exp(-np.asarray(step) / decay_steps)\n",
            ),
            (
                "multiplies by decay_steps instead of dividing",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * np.exp(-np.asarray(step) * decay_steps)\n",
            ),
            (
                "math.exp: fails on an array of steps",
                "import math\ndef exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * math.exp(-step / decay_steps)\n",
            ),
        ],
        "adam": [
            (
                "t incremented after the loop, the first step corrected with max(t, 1) (rev-o L6: a hint about m and v)",
                _adam(m_hat="m / (1 - beta1 ** max(t, 1))", v_hat="v / (1 - beta2 ** max(t, 1))").replace(
                    '    state["t"] += 1\n    t = state["t"]\n', '    t = state["t"]\n'
                )
                + '    state["t"] += 1\n',
                Blame("W after the second Adam step", says="t = 2 in the bias correction"),
            ),
            (
                "the learning rate of the first steps, 0.01, written in (rev-i F10)",
                _adam(update="params[k] -= 0.01 * m_hat / (np.sqrt(v_hat) + eps)"),
                Blame("w after two Adam steps", says="the arguments lr"),
            ),
            (
                "scales grads in place (rev-e)",
                _adam()
                .replace(
                    "        m += (1 - beta1) * grads[k]\n", "        grads[k] *= 1 - beta1\n        m += grads[k]\n"
                )
                .replace("v += (1 - beta2) * grads[k] ** 2", "v += (1 - beta2) * (grads[k] / (1 - beta1)) ** 2"),
                Blame("adam_step", says="in place"),
            ),
            (
                "Kingma and Ba's efficient form, lr_t * m / (sqrt(v) + eps) (rev-d 3.3)",
                _adam(update="params[k] -= lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t) * m / (np.sqrt(v) + eps)"),
                Blame("b after the second Adam step", says="bias-corrected v_hat"),
            ),
            (
                "eps squared inside the root, sqrt(v_hat + eps**2) (rev-d 3.3)",
                _adam(update="params[k] -= lr * m_hat / np.sqrt(v_hat + eps ** 2)"),
                Blame("b after the second Adam step", says="bias-corrected v_hat"),
            ),
            (
                "counts t per parameter, not per step (rev-a 3.1)",
                _ADAM.replace("    for k in params:", "    for t, k in enumerate(params, start=1):")
                .replace("M_HAT", "m / (1 - beta1 ** t)")
                .replace("V_HAT", "v / (1 - beta2 ** t)")
                .replace("UPDATE", "params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)"),
                Blame("b[0] after the first Adam step", says="same t"),
            ),
            (
                "state[k] instead of state['m'][k] (rev-a 4.3)",
                _ADAM.replace('m, v = state["m"][k], state["v"][k]', "m, v = state[k]")
                .replace("M_HAT", "m / (1 - beta1 ** t)")
                .replace("V_HAT", "v / (1 - beta2 ** t)")
                .replace("UPDATE", "params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)"),
                Blame("adam_step", says="state['m'][k]"),
            ),
            (
                "t counted per parameter (incremented inside the loop)",
                _adam().replace(
                    '    state["t"] += 1\n    t = state["t"]\n    for k in params:\n',
                    '    for k in params:\n        state["t"] += 1\n        t = state["t"]\n',
                ),
                Blame("state['t'] after one step", says="once per call"),
            ),
            (
                "rounds each step to float32; params stay float64 (rev-g)",
                _adam(update="params[k] -= (lr * m_hat / (np.sqrt(v_hat) + eps)).astype(np.float32)"),
                Blame("w after two Adam steps, to 12 digits", says="float64"),
            ),
            ("no bias correction", _adam(m_hat="m", v_hat="v")),
            ("steps uphill", _adam(update="params[k] += lr * m_hat / (np.sqrt(v_hat) + eps)")),
            ("forgets the square root of v_hat", _adam(update="params[k] -= lr * m_hat / (v_hat + eps)")),
            (
                "eps inside the square root",
                _adam(update="params[k] -= lr * m_hat / np.sqrt(v_hat + eps)"),
                Blame("b after the first Adam step", says="after the square root"),
            ),
            (
                "replaces the arrays instead of updating in place",
                _adam(update="params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)"),
            ),
            (
                "moments not kept between steps",
                """
def adam_init(params):
    return {"t": 0, "m": {k: np.zeros_like(v) for k, v in params.items()},
            "v": {k: np.zeros_like(v) for k, v in params.items()}}

def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    state["t"] += 1
    t = state["t"]
    for k in params:
        m = beta1 * state["m"][k] + (1 - beta1) * grads[k]
        v = beta2 * state["v"][k] + (1 - beta2) * grads[k] ** 2
        params[k] -= lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
""",
            ),
            (
                "ignores the beta arguments (fixed 0.9 and 0.999)",
                _adam(m_hat="m / (1 - 0.9 ** t)", v_hat="v / (1 - 0.999 ** t)")
                .replace("m *= beta1\n        m += (1 - beta1)", "m *= 0.9\n        m += 0.1")
                .replace("v *= beta2\n        v += (1 - beta2)", "v *= 0.999\n        v += 0.001"),
            ),
        ],
    },
}

_BUILD = """
def build_model(layer_sizes, keep_prob, dtype="float32"):
    layers = [keras.Input((layer_sizes[0],), dtype=dtype)]
    for units in layer_sizes[1:-1]:
        layers.append(keras.layers.Dense(units, activation=HIDDEN_ACT, kernel_initializer="he_normal", dtype=dtype))
        DROPOUT
    layers.append(keras.layers.Dense(layer_sizes[-1], kernel_initializer="he_normal", dtype=dtype, activation=OUT_ACT))
    TAIL
    return keras.Sequential(layers)
"""


def _build(
    hidden_act='"relu"',
    dropout="layers.append(keras.layers.Dropout(1.0 - keep_prob, dtype=dtype))",
    out_act="None",
    tail="pass",
):
    return (
        _BUILD.replace("HIDDEN_ACT", hidden_act)
        .replace("DROPOUT", dropout)
        .replace("OUT_ACT", out_act)
        .replace("TAIL", tail)
    )


_SCHEDULE = """
import math
class GornerDecay(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, lr_max=0.003, lr_min=0.0001, decay_steps=2000):
        self.lr_max, self.lr_min, self.decay_steps = lr_max, lr_min, decay_steps

    def get_config(self):
        return {"lr_max": self.lr_max, "lr_min": self.lr_min, "decay_steps": self.decay_steps}

    def __call__(self, step):
        BODY
"""


def _schedule(body):
    return _SCHEDULE.replace("BODY", body)


_STEP = """
def train_step(model, optimizer, X, y):
    with tf.GradientTape() as tape:
        logits = model(X, training=TRAINING)
        loss = LOSS
    grads = tape.gradient(loss, model.trainable_variables)
    APPLY
    return loss
"""


def _step(
    training="True",
    loss="tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))",
    apply="optimizer.apply_gradients(zip(grads, model.trainable_variables))",
):
    return _STEP.replace("TRAINING", training).replace("LOSS", loss).replace("APPLY", apply)


MISTAKES["deep_tensorflow.ipynb"] = {
    "build_model": [
        (
            "sets the global dtype policy instead of dtype=dtype on each layer (rev-z1 2: train_step was blamed when cells ran out of order)",
            """
def build_model(layer_sizes, keep_prob, dtype="float32"):
    keras.config.set_dtype_policy(dtype)
    layers = [keras.Input((layer_sizes[0],), dtype=dtype)]
    for units in layer_sizes[1:-1]:
        layers.append(keras.layers.Dense(units, activation="relu", kernel_initializer="he_normal"))
        layers.append(keras.layers.Dropout(1.0 - keep_prob))
    layers.append(keras.layers.Dense(layer_sizes[-1], kernel_initializer="he_normal"))
    return keras.Sequential(layers)
""",
            Blame("build_model(..., dtype='float64')", says="set_dtype_policy"),
        ),
        (
            "the output layer without a bias (rev-r W3: copy_weights was blamed with Keras' error)",
            """
def build_model(layer_sizes, keep_prob, dtype="float32"):
    layers = [keras.Input((layer_sizes[0],), dtype=dtype)]
    for units in layer_sizes[1:-1]:
        layers.append(keras.layers.Dense(units, activation="relu", kernel_initializer="he_normal",
                                         dtype=dtype))
        layers.append(keras.layers.Dropout(1.0 - keep_prob, dtype=dtype))
    layers.append(keras.layers.Dense(layer_sizes[-1], kernel_initializer="he_normal", dtype=dtype,
                                     use_bias=False))
    return keras.Sequential(layers)
""",
            Blame(
                "number of parameters",
                says="keep use_bias",
                later=("test_copy_weights",),
                later_names="build_model (not copy_weights)",
                later_says="without a bias",
            ),
        ),
        (
            "the first hidden layer frozen, trainable=False (rev-r W1: copy_weights was blamed)",
            """
def build_model(layer_sizes, keep_prob, dtype="float32"):
    layers = [keras.Input((layer_sizes[0],), dtype=dtype)]
    for i, units in enumerate(layer_sizes[1:-1]):
        layers.append(keras.layers.Dense(units, activation="relu", kernel_initializer="he_normal",
                                         dtype=dtype, trainable=i > 0))
        layers.append(keras.layers.Dropout(1.0 - keep_prob, dtype=dtype))
    layers.append(keras.layers.Dense(layer_sizes[-1], kernel_initializer="he_normal", dtype=dtype))
    return keras.Sequential(layers)
""",
            Blame(
                "build_model",
                says="trainable=False",
                later=("test_copy_weights",),
                later_names="build_model (not copy_weights)",
                later_says="frozen layers",
            ),
        ),
        (
            "He's initializer for the biases too (rev-p F3: full marks before)",
            _build(hidden_act='"relu", bias_initializer="he_normal"'),
            Blame("build_model", says="bias_initializer, zeros"),
        ),
        (
            "the input as wide as the first hidden layer, layer_sizes[1] (wb3 N2: a hint about use_bias)",
            _build().replace(
                "keras.Input((layer_sizes[0],), dtype=dtype)", "keras.Input((layer_sizes[1],), dtype=dtype)"
            ),
            Blame("build_model([784, ...])'s input", says="the input width is layer_sizes[0]"),
        ),
        (
            "every hidden layer layer_sizes[1] wide (wb2 10: copy_weights was blamed)",
            _build().replace(
                "for units in layer_sizes[1:-1]:", "for units in [layer_sizes[1]] * (len(layer_sizes) - 2):"
            ),
            Blame(
                "Dense layers",
                later=("test_copy_weights",),
                later_names="build_model (not copy_weights)",
                later_says="expected width",
            ),
        ),
        (
            "ReLU on the first hidden layer only (wb2 11: copy_weights was blamed)",
            _build(hidden_act='"relu" if units == layer_sizes[1] else None'),
            Blame(
                "build_model",
                later=("test_copy_weights",),
                later_names="build_model (not copy_weights)",
                later_says="ReLU on each hidden one",
            ),
        ),
        (
            "the input width of the notebook's images, 784 (wb2 12: copy_weights was blamed)",
            _build().replace("keras.Input((layer_sizes[0],), dtype=dtype)", "keras.Input((784,), dtype=dtype)"),
            Blame(
                "build_model([4, 6, 3], 0.5)'s input",
                says="Not a fixed 784",
                later=("test_copy_weights",),
                later_names="build_model (not copy_weights)",
                later_says="expected width",
            ),
        ),
        (
            "the functional API instead of keras.Sequential (rev-k L9: a dtype message in copy_weights)",
            _build().replace(
                "    return keras.Sequential(layers)",
                "    x = layers[0]\n    for layer in layers[1:]:\n        x = layer(x)\n    return keras.Model(layers[0], x)",
            ),
            Blame(
                "build_model",
                says="expected a keras.Sequential",
                later=("test_copy_weights",),
                later_says="expected a keras.Sequential",
            ),
        ),
        (
            "dtype float64 hard-coded, the argument ignored (rev-i F12: full marks)",
            _build().replace("dtype=dtype", 'dtype="float64"'),
            Blame("build_model with the default dtype", says="not a fixed"),
        ),
        (
            "relu6 in the hidden layers (rev-i: a correct copy_weights was blamed)",
            _build(hidden_act='"relu6"'),
            Blame(
                "build_model",
                says="got 6",
                later=("test_copy_weights",),
                later_says="without the ReLU activation",
            ),
        ),
        (
            "misspelt initializer name he_norm (rev-a 4.5)",
            _build().replace(
                'kernel_initializer="he_normal", dtype=dtype))', 'kernel_initializer="he_norm", dtype=dtype))'
            ),
            Blame("build_model", says="he_normal"),
        ),
        (
            "Dropout rate from the notebook's KEEP_PROB, not the argument (rev-a 4.5)",
            _build(dropout="layers.append(keras.layers.Dropout(1.0 - KEEP_PROB, dtype=dtype))"),
            Blame("build_model", says="keep_prob, not KEEP_PROB"),
        ),
        (
            "leaky_relu in the hidden layers (rev-a 2.4)",
            _build(hidden_act='"leaky_relu"'),
            Blame("", later=("test_copy_weights",), later_says="build_model (not copy_weights)"),
        ),
        (
            "hidden Dense layers without a bias (rev-a 2.4)",
            _build().replace(
                'activation="relu", kernel_initializer', 'activation="relu", use_bias=False, kernel_initializer'
            ),
            Blame("", later=("test_copy_weights",), later_says="build_model (not copy_weights)"),
        ),
        (
            "returns the list of layers, not a model (rev-a 4.5)",
            _build().replace("return keras.Sequential(layers)", "return layers"),
            Blame(
                "build_model",
                says="expected a keras.Sequential",
                later=("test_copy_weights",),
                later_says="fix build_model first",
            ),
        ),
        (
            "no keras.Input at all: the model is never built (rev-a 4.5)",
            _build().replace("layers = [keras.Input((layer_sizes[0],), dtype=dtype)]", "layers = []"),
            Blame("build_model", says="keras.Input", later=("test_copy_weights",), later_says="build_model"),
        ),
        (
            "LayerNormalization after each Dropout (rev-a 2.4)",
            _build(
                dropout="layers.append(keras.layers.Dropout(1.0 - keep_prob, dtype=dtype))\n"
                "        layers.append(keras.layers.LayerNormalization(dtype=dtype))"
            ),
            Blame("", later=("test_copy_weights",), later_says="build_model (not copy_weights)"),
        ),
        (
            "keras.Input(784): the shape must be a tuple (rev-a 4.5)",
            _build().replace("keras.Input((layer_sizes[0],)", "keras.Input(layer_sizes[0]"),
            Blame("build_model", says="tuple", later=("test_copy_weights",), later_says="fix build_model first"),
        ),
        (
            "He initializer with a fixed seed: every model starts the same",
            _build().replace(
                'kernel_initializer="he_normal"', "kernel_initializer=keras.initializers.HeNormal(seed=0)"
            ),
            Blame("build_model", says="without a seed of its own"),
        ),
        (
            "Dropout with noise_shape (None, 1): drops whole examples (rev-k L2: full marks)",
            _build(dropout="layers.append(keras.layers.Dropout(1.0 - keep_prob, noise_shape=(None, 1), dtype=dtype))"),
            Blame("build_model's Dropout layers", says="drops whole examples"),
        ),
        (
            "Dropout with noise_shape (1, units): one mask for the whole batch",
            _build(dropout="layers.append(keras.layers.Dropout(1.0 - keep_prob, noise_shape=(1, units), dtype=dtype))"),
            Blame("build_model's Dropout layers", says="noise_shape"),
        ),
        (
            "ReLU as a layer of its own after a linear Dense layer",
            _build(
                hidden_act="None",
                dropout="layers.append(keras.layers.ReLU(dtype=dtype))\n"
                "        layers.append(keras.layers.Dropout(1.0 - keep_prob, dtype=dtype))",
            ),
            Blame("build_model", says="not in a ReLU or Activation layer"),
        ),
        (
            "keep_prob passed as Dropout's rate",
            _build(dropout="layers.append(keras.layers.Dropout(keep_prob, dtype=dtype))"),
        ),
        (
            "softmax on the output layer",
            _build(out_act='"softmax"'),
            Blame(
                "build_model", says="no activation", later=("test_copy_weights",), later_says="fix build_model first"
            ),
        ),
        (
            "relu on the output layer",
            _build(out_act='"relu"'),
            Blame(
                "build_model", says="no activation", later=("test_copy_weights",), later_says="fix build_model first"
            ),
        ),
        (
            "Dropout rate hard-coded to 0.25 (keep_prob ignored)",
            _build(dropout="layers.append(keras.layers.Dropout(0.25, dtype=dtype))"),
            Blame("Dropout rate for keep_prob = 0.5", says="argument keep_prob"),
        ),
        (
            "layer sizes of the notebook instead of the argument layer_sizes",
            _build()
            .replace("layer_sizes[0],", "784,")
            .replace("layer_sizes[1:-1]", "[200, 100, 60, 30]")
            .replace("layer_sizes[-1]", "10"),
            Blame(
                "build_model",
                says="argument layer_sizes",
                later=("test_copy_weights",),
                later_says="fix build_model first",
            ),
        ),
        ("no dropout", _build(dropout="pass")),
        (
            "dropout after the output layer too",
            _build(tail="layers.append(keras.layers.Dropout(1.0 - keep_prob, dtype=dtype))"),
        ),
        ("sigmoid hidden layers", _build(hidden_act='"sigmoid"')),
        (
            "Dropout before each hidden Dense layer instead of after it",
            """
def build_model(layer_sizes, keep_prob, dtype="float32"):
    layers = [keras.Input((layer_sizes[0],), dtype=dtype)]
    for units in layer_sizes[1:-1]:
        layers.append(keras.layers.Dropout(1.0 - keep_prob, dtype=dtype))
        layers.append(keras.layers.Dense(units, activation="relu", kernel_initializer="he_normal", dtype=dtype))
    layers.append(keras.layers.Dense(layer_sizes[-1], kernel_initializer="he_normal", dtype=dtype))
    return keras.Sequential(layers)
""",
            Blame("build_model", says="followed by its Dropout"),
        ),
        (
            "dtype on the layers but not on keras.Input: the inputs are rounded to float32",
            _build().replace("keras.Input((layer_sizes[0],), dtype=dtype)", "keras.Input((layer_sizes[0],))"),
            Blame("build_model", later=("test_copy_weights",)),
        ),
        ("leaky ReLU", _build(hidden_act='"leaky_relu"'), Blame("build_model's hidden layer 1", says="leaky_relu")),
        ("ReLU6", _build(hidden_act='"relu6"'), Blame("build_model's hidden layer 1", says="relu6")),
        (
            "a Softmax layer after the output layer",
            _build(tail="layers.append(keras.layers.Softmax(dtype=dtype))"),
            Blame("build_model", says="no Dropout or Softmax after it"),
        ),
        (
            "dtype only on keras.Input, not on the layers",
            """
def build_model(layer_sizes, keep_prob, dtype="float32"):
    layers = [keras.Input((layer_sizes[0],), dtype=dtype)]
    for units in layer_sizes[1:-1]:
        layers.append(keras.layers.Dense(units, activation="relu", kernel_initializer="he_normal"))
        layers.append(keras.layers.Dropout(1.0 - keep_prob))
    layers.append(keras.layers.Dense(layer_sizes[-1], kernel_initializer="he_normal"))
    return keras.Sequential(layers)
""",
            Blame("build_model", says="dtype=dtype", later=("test_copy_weights",)),
        ),
        (
            "Keras' default initializer instead of He's",
            _build().replace(', kernel_initializer="he_normal"', ""),
            Blame("build_model", says="he_normal"),
        ),
        (
            "dtype not passed on",
            """
def build_model(layer_sizes, keep_prob, dtype="float32"):
    layers = [keras.Input((layer_sizes[0],))]
    for units in layer_sizes[1:-1]:
        layers.append(keras.layers.Dense(units, activation="relu", kernel_initializer="he_normal"))
        layers.append(keras.layers.Dropout(1.0 - keep_prob))
    layers.append(keras.layers.Dense(layer_sizes[-1], kernel_initializer="he_normal"))
    return keras.Sequential(layers)
""",
        ),
    ],
    "lr_schedule": [
        (
            "returns float16 (rev-p F9: a hint about lr_max)",
            """
class GornerDecay(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, lr_max, lr_min, decay_steps):
        self.lr_max, self.lr_min, self.decay_steps = lr_max, lr_min, decay_steps

    def __call__(self, step):
        step = tf.cast(step, tf.float16)
        return tf.cast(self.lr_min + (self.lr_max - self.lr_min) * tf.exp(-step / self.decay_steps), tf.float16)
""",
            Blame("GornerDecay(...)(0.0)", says="expected float32"),
        ),
        (
            "casts only when step.dtype.is_integer: the optimizer's keras.Variable has a string dtype (wb 6)",
            _schedule(
                "if step.dtype.is_integer:\n            step = tf.cast(step, tf.float32)\n"
                "        return self.lr_min + (self.lr_max - self.lr_min) * tf.exp(-step / self.decay_steps)"
            ),
            Blame("Adam(GornerDecay(0.5, 0.1, 100)).learning_rate", says="keras.Variable"),
        ),
        (
            "floor division, exp(-(step // decay_steps)) (rev-d 3.4)",
            _schedule(
                "t = tf.cast(step, tf.float32)\n        return self.lr_min + (self.lr_max - self.lr_min) * tf.exp(-(t // self.decay_steps))"
            ),
            Blame("learning rate at step 1000", says="not //"),
        ),
        (
            "no cast of the integer step",
            _schedule("return self.lr_min + (self.lr_max - self.lr_min) * tf.exp(-step / self.decay_steps)"),
        ),
        (
            "decay with the wrong sign",
            _schedule(
                "step = tf.cast(step, tf.float32)\n        return self.lr_min + (self.lr_max - self.lr_min) * tf.exp(step / self.decay_steps)"
            ),
        ),
        (
            "math.exp: fails inside tf.function",
            _schedule("return self.lr_min + (self.lr_max - self.lr_min) * math.exp(-float(step) / self.decay_steps)"),
        ),
        (
            "np.exp: fails inside tf.function",
            _schedule("return self.lr_min + (self.lr_max - self.lr_min) * np.exp(-float(step) / self.decay_steps)"),
        ),
        (
            "np.exp after tf.cast: a NumPy value, not a tensor",
            _schedule(
                "step = tf.cast(step, tf.float32)\n        "
                "return self.lr_min + (self.lr_max - self.lr_min) * np.exp(-step / self.decay_steps)"
            ),
            Blame("GornerDecay", says="tf.exp"),
        ),
        (
            "no floor (plain exponential decay)",
            _schedule(
                "step = tf.cast(step, tf.float32)\n        return self.lr_max * tf.exp(-step / self.decay_steps)"
            ),
        ),
        (
            "fixed numbers instead of the attributes",
            _schedule("step = tf.cast(step, tf.float32)\n        return 0.0001 + 0.0029 * tf.exp(-step / 2000.0)"),
        ),
    ],
    "train_step": [
        (
            "a step counter of its own in a tf.Variable, halving the steps after the first",
            """
steps_taken = tf.Variable(0.0)


def train_step(model, optimizer, X, y):
    with tf.GradientTape() as tape:
        logits = model(X, training=True)
        losses = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
        loss = tf.reduce_mean(losses)
    scale = 1.0 / (1.0 + steps_taken)
    grads = [scale * g for g in tape.gradient(loss, model.trainable_variables)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    steps_taken.assign_add(1.0)
    return loss
""",
            Blame("the kernel's step of SGD(0.5)", says="no state of your own"),
        ),
        (
            "its own decay by optimizer.iterations (rev-z1 4: full marks)",
            """
def train_step(model, optimizer, X, y):
    with tf.GradientTape() as tape:
        logits = model(X, training=True)
        losses = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
        loss = tf.reduce_mean(losses)
    decay = 1.0 / (1.0 + 0.5 * tf.cast(optimizer.iterations, tf.float32))
    grads = [decay * g for g in tape.gradient(loss, model.trainable_variables)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
            Blame("the kernel's second step of SGD(0.5)", says="no state of your own"),
        ),
        (
            "returns the loss capped at 100 (clip sweep: passed the visible tests, lost hidden points)",
            """
def train_step(model, optimizer, X, y):
    with tf.GradientTape() as tape:
        logits = model(X, training=True)
        losses = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
        loss = tf.reduce_mean(losses)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return tf.minimum(loss, 100.0)
""",
            Blame("loss returned by train_step for a confident mistake", says="no clipping"),
        ),
        (
            "tf.nn.sparse_softmax_cross_entropy_with_logits on uint8 labels (rev-o M2: the training cell crashed)",
            _step(loss="tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))"),
            Blame("train_step with uint8 labels", says="tf.cast(y, tf.int32)"),
        ),
        (
            "tape.watch(model.trainable_variables) with watch_accessed_variables=False (rev-m F11: values quoted)",
            _step().replace(
                "    with tf.GradientTape() as tape:\n",
                "    with tf.GradientTape(watch_accessed_variables=False) as tape:\n        tape.watch(model.trainable_variables)\n",
            ),
            Blame("train_step (run eagerly)", says="no tape.watch"),
        ),
        (
            "gradients clipped by global norm before the step (rev-k L1: full marks)",
            _step().replace(
                "    grads = tape.gradient(loss, model.trainable_variables)",
                "    grads, _ = tf.clip_by_global_norm(tape.gradient(loss, model.trainable_variables), 5.0)",
            ),
            Blame("the kernel's step of SGD(0.01) with large inputs", says="no clipping"),
        ),
        (
            "gradients clipped by value to [-1, 1] (rev-k L1)",
            _step().replace(
                "    grads = tape.gradient(loss, model.trainable_variables)",
                "    grads = [tf.clip_by_value(g, -1.0, 1.0) for g in tape.gradient(loss, model.trainable_variables)]",
            ),
            Blame("the kernel's step of SGD(0.01) with large inputs", says="no clipping"),
        ),
        (
            "a small L2 penalty on the kernels added to the loss it differentiates (rev-k F-2, TF lesson 01)",
            _step().replace(
                "    grads = tape.gradient(loss, model.trainable_variables)",
                "        total = loss + 1e-4 * tf.add_n([tf.reduce_sum(v * v) for v in model.trainable_variables if len(v.shape) == 2])\n"
                "    grads = tape.gradient(total, model.trainable_variables)",
            ),
            Blame("the kernel's step of SGD(0.5)", says="no weight penalty"),
        ),
        (
            "returns the loss cast to float64 (rev-i F12: full marks)",
            _step().replace("    return loss", "    return tf.cast(loss, tf.float64)"),
            Blame("train_step", says="no tf.cast to float64"),
        ),
        (
            "softmax before a from_logits=True loss (rev-i: the hint spoke of randomness)",
            _step(
                loss="tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, tf.nn.softmax(logits), from_logits=True))"
            ),
            Blame("loss returned by train_step (run eagerly)", says="apply it twice"),
        ),
        (
            "one apply_gradients call per layer (rev-e)",
            _step(
                apply="k = 0\n"
                "    for layer in model.layers:\n"
                "        n = len(layer.trainable_variables)\n"
                "        if n:\n"
                "            optimizer.apply_gradients(zip(grads[k:k + n], layer.trainable_variables))\n"
                "            k += n"
            ),
            Blame("train_step", says="2 times in one step"),
        ),
        (
            "returns float(loss): a Python float eagerly, a cast under tf.function (rev-g)",
            _step().replace("    return loss", "    return float(loss)"),
            Blame("train_step (run eagerly)", says="float(loss)"),
        ),
        (
            "decorated with @tf.function: one compiled step for several optimizers (rev-g)",
            "@tf.function" + _step(),
            Blame("train_step", says="remove the @tf.function line"),
        ),
        (
            "gradients in another order than the variables (rev-e)",
            _step(apply="optimizer.apply_gradients(zip(grads[::-1], model.trainable_variables))"),
            Blame("train_step", says="not in the order of the variables"),
        ),
        (
            "optimizer.minimize, which Keras 3 optimizers do not have (rev-e)",
            _STEP.replace("TRAINING", "True")
            .replace(
                "LOSS", "tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))"
            )
            .replace("    grads = tape.gradient(loss, model.trainable_variables)\n", "")
            .replace("APPLY", "optimizer.minimize(loss, model.trainable_variables, tape=tape)"),
            Blame("train_step", says="no minimize"),
        ),
        (
            "returns (loss, logits) (rev-e)",
            _step().replace("return loss", "return loss, logits"),
            Blame("train_step", says="the loss alone"),
        ),
        ("model called with training=False: dropout never active", _step(training="False")),
        (
            "loss without from_logits: logits taken as probabilities",
            _step(loss="tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits))"),
        ),
        (
            "sum instead of mean",
            _step(loss="tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))"),
            Blame("loss returned by train_step", says="not reduce_sum"),
        ),
        (
            "loss from softmax probabilities (from_logits=False): capped for confident mistakes",
            _step(loss="tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, tf.nn.softmax(logits)))"),
            Blame("loss returned by train_step for a confident mistake", says="from_logits=True"),
        ),
        (
            "returns loss.numpy(): a NumPy number eagerly, fails inside tf.function",
            _step().replace("return loss", "return loss.numpy()"),
            Blame("train_step (run eagerly)", says="loss.numpy()"),
        ),
        ("gradients never applied", _step(apply="pass")),
        (
            "creates an optimizer of its own inside the step",
            _step(apply="keras.optimizers.SGD(0.5).apply_gradients(zip(grads, model.trainable_variables))"),
            Blame("train_step", says="optimizer passed in"),
        ),
        (
            "writes the step by hand with optimizer.learning_rate: plain SGD whatever the optimizer",
            _step(
                apply="for v, g in zip(model.trainable_variables, grads):\n"
                "        v.assign_sub(optimizer.learning_rate * g)"
            ),
            Blame("train_step", says="by hand"),
        ),
        (
            "applies the gradients to the first layer's variables only",
            _step(apply="optimizer.apply_gradients(zip(grads, model.layers[0].trainable_variables))"),
            Blame("train_step", says="model.trainable_variables"),
        ),
        (
            "zip(model.trainable_variables, grads): pairs reversed",
            _step(apply="optimizer.apply_gradients(zip(model.trainable_variables, grads))"),
            Blame("train_step", says="apply_gradients takes (gradient, variable) pairs"),
        ),
        (
            "model called before the tape: gradients None",
            _STEP.replace(
                "    with tf.GradientTape() as tape:\n        logits = model(X, training=TRAINING)\n",
                "    logits = model(X, training=True)\n    with tf.GradientTape() as tape:\n",
            )
            .replace(
                "LOSS", "tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))"
            )
            .replace("APPLY", "optimizer.apply_gradients(zip(grads, model.trainable_variables))"),
            Blame("train_step", says="must run inside `with tf.GradientTape() as tape:`"),
        ),
        ("steps uphill", _step(apply="optimizer.apply_gradients(zip([-g for g in grads], model.trainable_variables))")),
        (
            "takes and applies the gradients of the last layer only",
            _STEP.replace("TRAINING", "True")
            .replace(
                "LOSS", "tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))"
            )
            .replace(
                "grads = tape.gradient(loss, model.trainable_variables)",
                "grads = tape.gradient(loss, model.layers[-1].trainable_variables)",
            )
            .replace("APPLY", "optimizer.apply_gradients(zip(grads, model.layers[-1].trainable_variables))"),
            Blame("train_step", says="every layer's kernel and bias"),
        ),
        (
            "updates only the first variable",
            _step(apply="optimizer.apply_gradients(zip(grads[:1], model.trainable_variables[:1]))"),
        ),
    ],
    "copy_weights": [
        (
            "keeps the Dense layers of the first model of each depth (rev-v 6: full marks)",
            """
_dense_cache = {}


def copy_weights(params, model):
    key = len(params)
    if key not in _dense_cache:
        _dense_cache[key] = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(_dense_cache[key], start=1):
        layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
""",
            Blame("logits of a second 4-layer model", says="even per number of layers"),
        ),
        (
            "freezes the layers it loads (rev-p F10: full marks, the parity check emptied)",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense, start=1):
        layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
        layer.trainable = False
""",
            Blame("copy_weights", says="frozen layers"),
        ),
        (
            "copies once per set of shapes (wb4: full marks before)",
            """
_done = set()


def copy_weights(params, model):
    key = tuple((k, v.shape) for k, v in params.items())
    if key in _done:
        return
    _done.add(key)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense, start=1):
        layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
""",
            Blame("logits after a second copy_weights", says="keep nothing from an earlier call"),
        ),
        (
            "copies the kernels only, no bias (rev-o L5: the hint spoke of a skipped layer)",
            "def copy_weights(params, model):\n"
            "    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]\n"
            "    for l, layer in enumerate(dense, start=1):\n"
            "        layer.kernel.assign(params[f'W{l}'])\n",
            Blame("the second (output) Dense layer's bias", says="copy the biases too"),
        ),
        (
            "takes the layers in the dict's own order (rev-i F12)",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    Ws = [v for k, v in params.items() if k.startswith("W")]
    bs = [v for k, v in params.items() if k.startswith("b")]
    for layer, W, b in zip(dense, Ws, bs):
        layer.set_weights([W, b])
""",
            Blame("logits of an 11-layer model", says="own order"),
        ),
        (
            "takes the arrays out of params with pop (rev-e)",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense, start=1):
        layer.set_weights([params.pop(f"W{l}"), params.pop(f"b{l}")])
""",
            Blame("copy_weights", says="in place"),
        ),
        (
            "walks the layers in sorted key order: W10 before W2 (rev-g)",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    Ws = sorted(k for k in params if k.startswith("W"))
    for layer, k in zip(dense, Ws):
        layer.set_weights([params[k], params["b" + k[1:]]])
""",
            Blame("logits of an 11-layer model", says="sorted keys"),
        ),
        (
            "skips the output layer (rev-e)",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense[:-1], start=1):
        layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
""",
            Blame("the second (output) Dense layer's bias", says="the output layer too"),
        ),
        (
            "copies the first two Dense layers only",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense[:2], start=1):
        layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
""",
            Blame("logits of a 4-layer model after copy_weights", says="every Dense layer"),
        ),
        (
            "converts the weights to float32",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense, start=1):
        layer.set_weights([params[f"W{l}"].astype(np.float32), params[f"b{l}"].astype(np.float32)])
""",
            Blame("logits of the model after copy_weights", says="no .astype(np.float32)"),
        ),
        (
            "copies into every layer, Dropout included",
            """
def copy_weights(params, model):
    for l, layer in enumerate(model.layers, start=1):
        layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
""",
        ),
        (
            "transposed kernels",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense, start=1):
        layer.set_weights([params[f"W{l}"].T, params[f"b{l}"]])
""",
        ),
        (
            "layers numbered from 0: W1 goes to the second layer",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense):
        if f"W{l}" in params:
            layer.set_weights([params[f"W{l}"], params[f"b{l}"]])
""",
        ),
        (
            "copies the kernels but not the biases",
            """
def copy_weights(params, model):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for l, layer in enumerate(dense, start=1):
        layer.kernel.assign(params[f"W{l}"])
""",
        ),
    ],
}

# Right answers in other styles: each must pass its whole test cell (tests/test_mistakes.py).
CORRECT = {
    "deep_numpy.ipynb": {
        "relu": [
            (
                "np.where for both, the derivative as a float mask",
                "def relu(Z):\n    return np.where(Z > 0, Z, 0.0)\n\n\n"
                "def relu_backward(dA, Z):\n    return np.where(Z > 0, dA, 0.0)\n",
            ),
        ],
        "sigmoid": [
            (
                "through np.logaddexp, exp(-log(1 + exp(-Z))), which never overflows",
                "def sigmoid(Z):\n    return np.exp(-np.logaddexp(0.0, -Z))\n"
                "def sigmoid_backward(dA, Z):\n    s = sigmoid(Z)\n    return dA * s * (1 - s)\n",
            ),
        ],
        "init_params": [
            (
                "rng.normal with the standard deviation, a dict comprehension for the biases",
                "def init_params(layer_sizes, rng):\n"
                "    params = {}\n"
                "    for l, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):\n"
                "        params[f'W{l}'] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))\n"
                "        params[f'b{l}'] = np.zeros(n_out)\n"
                "    return params\n",
            ),
        ],
        "exp_decay_lr": [
            (
                "np.exp of a true division, no asarray",
                "def exp_decay_lr(step, lr_max, lr_min, decay_steps):\n"
                "    return lr_min + (lr_max - lr_min) * np.exp(-np.divide(step, decay_steps))\n",
            ),
        ],
    },
    "deep_tensorflow.ipynb": {
        "build_model": [
            (
                "he_normal spelled out as VarianceScaling(2.0, 'fan_in', 'truncated_normal') (rev-i F10: was refused)",
                _build().replace(
                    'kernel_initializer="he_normal"',
                    'kernel_initializer=keras.initializers.VarianceScaling(2.0, "fan_in", "truncated_normal")',
                ),
            ),
            (
                "model.add, one dtype given to every layer",
                "def build_model(layer_sizes, keep_prob, dtype='float32'):\n"
                "    model = keras.Sequential()\n"
                "    model.add(keras.Input(shape=(layer_sizes[0],), dtype=dtype))\n"
                "    for units in layer_sizes[1:-1]:\n"
                "        model.add(keras.layers.Dense(units, activation='relu', kernel_initializer='he_normal', dtype=dtype))\n"
                "        model.add(keras.layers.Dropout(rate=1 - keep_prob, dtype=dtype))\n"
                "    model.add(keras.layers.Dense(layer_sizes[-1], kernel_initializer='he_normal', dtype=dtype))\n"
                "    return model\n",
            ),
        ],
        "train_step": [
            (
                "Keras 3's optimizer.apply(grads, variables), tf.nn's loss on labels cast to int32 (rev-g found it refused)",
                "def train_step(model, optimizer, X, y):\n"
                "    with tf.GradientTape() as tape:\n"
                "        logits = model(X, training=True)\n"
                "        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(\n"
                "            labels=tf.cast(y, tf.int32), logits=logits))\n"
                "    optimizer.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)\n"
                "    return loss\n",
            ),
        ],
        "copy_weights": [
            (
                "assign to each Dense layer's kernel and bias",
                "def copy_weights(params, model):\n"
                "    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]\n"
                "    for l, layer in enumerate(dense, start=1):\n"
                "        layer.kernel.assign(params[f'W{l}'])\n"
                "        layer.bias.assign(params[f'b{l}'])\n",
            ),
        ],
    },
}
