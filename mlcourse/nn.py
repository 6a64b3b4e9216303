"""A dense network in plain NumPy: what you wrote in lesson 02 (``lessons/02_deep/deep_numpy.ipynb``).

The same names, signatures and results as the lesson's solutions, so that later lessons can import
them instead of asking for them again (lesson 03's convolutional network uses the dense layer,
ReLU, the loss, the schedule and Adam around its own layers). ``tests/test_library_matches_lessons.py``
runs every function here against the lesson's own solution on random inputs.

Forward functions return ``(output, cache)``; the matching backward function takes the gradient of
the loss with respect to that output and the cache. Elementwise layers cache nothing but their
input: ``relu_backward(dA, Z)`` takes the ``Z`` given to ``relu``. Float32 inputs give float32
outputs, float64 inputs float64 ones. NumPy only: this module never imports TensorFlow.
"""
import numpy as np


def relu(Z):
    """Rectified linear unit, elementwise: max(Z, 0).

    Z: float array of any shape. Returns: float array of the same shape (Z itself is not changed).
    """
    return np.maximum(Z, 0)


def relu_backward(dA, Z):
    """Gradient through relu: dL/dZ = dL/dA where Z > 0, and 0 where Z <= 0.

    dA: float array, dL/dA for A = relu(Z); Z: float array of the same shape, the forward input.
    Returns: dZ, float array of the same shape.
    """
    return dA * (Z > 0)


def sigmoid(Z):
    """Logistic sigmoid 1 / (1 + exp(-Z)), elementwise, without overflow for large |Z|.

    Z: float array of any shape. Returns: float array of the same shape, values in [0, 1].
    """
    return 0.5 * (1.0 + np.tanh(0.5 * Z))


def sigmoid_backward(dA, Z):
    """Gradient through sigmoid: dL/dZ = dL/dA * s * (1 - s) with s = sigmoid(Z).

    dA: float array, dL/dA for A = sigmoid(Z); Z: float array of the same shape, the forward input.
    Returns: dZ, float array of the same shape.
    """
    s = sigmoid(Z)
    return dA * s * (1.0 - s)


def dense_forward(X, W, b):
    """Fully connected layer Z = X W + b.

    X: float array (n, d_in); W: float array (d_in, d_out); b: float array (d_out,).
    Returns: (Z, cache) with Z float array (n, d_out) and cache = (X, W) for dense_backward.
    """
    return X @ W + b, (X, W)


def dense_backward(dZ, cache):
    """Gradients of a dense layer.

    dZ: float array (n, d_out), dL/dZ; cache: (X, W) from dense_forward.
    Returns: (dX, dW, db) with dX (n, d_in), dW (d_in, d_out), db (d_out,).
    """
    X, W = cache
    return dZ @ W.T, X.T @ dZ, np.sum(dZ, axis=0)


def softmax_cross_entropy(Z, Y):
    """Mean softmax cross-entropy of logits against one-hot labels, and its gradient.

    Z: float array (n, k), logits; Y: float array (n, k), one-hot labels
    (``mlcourse.preprocess.one_hot`` makes them from integer labels).
    Returns: (loss, dZ) with loss a float and dZ float array (n, k), dL/dZ = (softmax(Z) - Y) / n.
    """
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    n = Z.shape[0]
    return float(-np.sum(Y * log_p) / n), (np.exp(log_p) - Y) / n


def init_params(layer_sizes, rng):
    """He-initialised weights and zero biases of a dense network.

    layer_sizes: list of ints [n_0, n_1, ..., n_L]: n_0 inputs, n_L outputs.
    rng: np.random.Generator.
    Returns: dict with, for l = 1..L, "W{l}": float64 (n_{l-1}, n_l) drawn from N(0, 2 / n_{l-1}),
    and "b{l}": float64 zeros (n_l,). Convert to float32 for training (``v.astype(np.float32)``).
    """
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
        params[f"b{l}"] = np.zeros(fan_out)
    return params


def dropout_forward(A, keep_prob, rng, training):
    """Inverted dropout.

    A: float array (n, d), activations; keep_prob: float in (0, 1], probability of keeping a unit;
    rng: np.random.Generator; training: bool.
    Returns: (A_out, mask). Training: mask is a bool array (n, d), True where a unit is kept,
    drawn as rng.random(A.shape) < keep_prob, and A_out = A * mask / keep_prob.
    Test time (training False): A_out is A unchanged and mask is None.
    """
    if not training:
        return A, None
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, mask


def dropout_backward(dA, mask, keep_prob):
    """Gradient through inverted dropout with the mask of the forward pass.

    dA: float array (n, d), dL/dA_out; mask: bool array (n, d); keep_prob: float.
    Returns: float array (n, d), dL/dA.
    """
    return dA * mask / keep_prob


def mlp_forward(X, params, activation="relu", keep_prob=1.0, rng=None, training=False):
    """Forward pass of a dense network with any number of layers.

    X: float array (n, n_0); params: dict from init_params ("W1", "b1", ..., "WL", "bL").
    activation: "relu" or "sigmoid", the activation g of the hidden layers.
    keep_prob, rng, training: dropout after each hidden activation (see dropout_forward).
    Returns: (logits, caches): logits float array (n, n_L), and caches, a list with, for each layer,
    (dense cache, Z, dropout mask); the last layer's Z and mask are None.
    """
    g = {"relu": relu, "sigmoid": sigmoid}[activation]
    L = len(params) // 2
    A, caches = X, []
    for l in range(1, L):
        Z, dense_cache = dense_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, mask = dropout_forward(g(Z), keep_prob, rng, training)
        caches.append((dense_cache, Z, mask))
    logits, dense_cache = dense_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((dense_cache, None, None))
    return logits, caches


def mlp_backward(dlogits, caches, activation="relu", keep_prob=1.0):
    """Backward pass of mlp_forward: the gradients of the loss with respect to every parameter.

    dlogits: float array (n, n_L), dL/dlogits (from softmax_cross_entropy);
    caches: from mlp_forward; activation, keep_prob: as given to mlp_forward.
    Returns: dict with, for l = 1..L, "W{l}": (n_{l-1}, n_l) and "b{l}": (n_l,).
    """
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
    return grads


def exp_decay_lr(step, lr_max, lr_min, decay_steps):
    """Learning rate at a training step: lr_min + (lr_max - lr_min) * exp(-step / decay_steps).

    step: int or int array; lr_max, lr_min: floats, lr_max >= lr_min; decay_steps: float > 0.
    Returns: float (or float array shaped like step), from lr_max at step 0 down towards lr_min.
    """
    return lr_min + (lr_max - lr_min) * np.exp(-np.asarray(step, dtype=np.float64) / decay_steps)


def adam_init(params):
    """Adam's state for params: {"t": 0, "m": {key: zeros like params[key]}, "v": {...}}."""
    return {"t": 0, "m": {k: np.zeros_like(v) for k, v in params.items()},
            "v": {k: np.zeros_like(v) for k, v in params.items()}}


def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step: updates params and state in place (their arrays keep their dtype).

    params, grads: dicts of float arrays with the same keys and shapes; state: from adam_init;
    lr: float learning rate; beta1, beta2, eps: Adam's constants. Returns None.
    """
    state["t"] += 1
    t = state["t"]
    for k in params:
        m, v = state["m"][k], state["v"][k]
        m *= beta1
        m += (1 - beta1) * grads[k]
        v *= beta2
        v += (1 - beta2) * grads[k] ** 2
        m_hat = m / (1 - beta1 ** t)
        v_hat = v / (1 - beta2 ** t)
        params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)
