"""Plain NumPy building blocks of a neural network, as built in lesson 02.

Lessons after 02 import these instead of asking for them again (lesson 03's convolutional network
uses them around its own convolution and pooling layers). Everything is vectorised NumPy, works in
float32 or float64 (the dtype of the inputs is kept), and never imports TensorFlow.

Forward functions return ``(out, cache)``; the matching backward functions take
``(dout, cache)``, where ``dout`` is the gradient of the loss with respect to ``out``.
"""
import numpy as np


def he_normal(rng, shape, fan_in, dtype=np.float32):
    """He initialisation for ReLU layers: normal with standard deviation sqrt(2 / fan_in).

    rng: np.random.Generator; shape: tuple, e.g. (d_in, d_out) for a dense layer or
    (kh, kw, c_in, c_out) for a convolution; fan_in: inputs per output unit (d_in, or
    kh * kw * c_in). Returns an array of ``shape`` and ``dtype``.
    """
    return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(dtype)


def dense_forward(X, W, b):
    """Fully connected layer Z = X W + b.

    X: (n, d_in); W: (d_in, d_out); b: (d_out,). Returns (Z (n, d_out), cache).
    """
    return X @ W + b, (X, W)


def dense_backward(dZ, cache):
    """Gradients of a dense layer. dZ: (n, d_out). Returns (dX (n, d_in), dW (d_in, d_out), db (d_out,))."""
    X, W = cache
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def relu_forward(X):
    """max(0, X), elementwise. X: any shape. Returns (out (same shape), cache)."""
    return np.maximum(X, 0), X > 0


def relu_backward(dout, cache):
    """Gradient of ReLU: dout where the input was positive, 0 elsewhere. Same shape as dout."""
    return dout * cache


def dropout_forward(X, rate, rng, training=True):
    """Inverted dropout: zero each entry with probability ``rate`` and scale the rest by 1 / (1 - rate).

    X: any shape; rate: float in [0, 1); rng: np.random.Generator; training: False turns dropout
    off (identity), as at test time. Returns (out (same shape as X), cache). The expected value of
    every entry is unchanged, so nothing needs rescaling at test time.
    """
    if not training or rate == 0:
        return X, None
    mask = (rng.random(X.shape) >= rate).astype(X.dtype) / X.dtype.type(1 - rate)
    return X * mask, mask


def dropout_backward(dout, cache):
    """Gradient of inverted dropout: dout times the same scaled mask (identity when it was off)."""
    return dout if cache is None else dout * cache


def softmax_cross_entropy(logits, labels):
    """Mean softmax cross-entropy and its gradient with respect to the logits.

    logits: float (n, k); labels: int (n,) class indices, or one-hot float (n, k).
    Returns (loss: float, dlogits: (n, k) with dlogits = (softmax(logits) - Y) / n).
    """
    n, k = logits.shape
    labels = np.asarray(labels)
    Y = labels if labels.ndim == 2 else np.eye(k, dtype=logits.dtype)[labels]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-np.mean(np.sum(Y * log_probs, axis=1)))
    return loss, ((np.exp(log_probs) - Y) / n).astype(logits.dtype)


def exp_decay_lr(step, lr_max, lr_min, decay_steps):
    """Exponentially decaying learning rate, from lr_max at step 0 towards lr_min.

    lr = lr_min + (lr_max - lr_min) * exp(-step / decay_steps)   (Görner's schedule). Returns a float.
    """
    return float(lr_min + (lr_max - lr_min) * np.exp(-step / decay_steps))


class Adam:
    """The Adam optimizer (Kingma and Ba, 2015) for a dict of NumPy parameters.

        adam = Adam(lr=1e-3)
        adam.step(params, grads)          # params, grads: {name: array}, updated in place
        adam.step(params, grads, lr=0.0005)  # override the learning rate (for a schedule)

    Holds the first and second moment estimates m and v of each parameter, and the step count t
    for the bias correction: m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t),
    param -= lr * m_hat / (sqrt(v_hat) + eps).
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads, lr=None):
        """One update of every ``params[name]`` (in place) from ``grads[name]`` (same shape)."""
        lr = self.lr if lr is None else lr
        self.t += 1
        correction1, correction2 = 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t
        for name, param in params.items():
            grad = grads[name]
            if name not in self.m:
                self.m[name], self.v[name] = np.zeros_like(param), np.zeros_like(param)
            self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * grad
            self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * grad * grad
            step = lr * (self.m[name] / correction1) / (np.sqrt(self.v[name] / correction2) + self.eps)
            param -= step.astype(param.dtype)
