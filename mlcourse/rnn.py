"""Recurrent layers in plain NumPy, as built in lesson 04: a tanh RNN, an LSTM, gradient clipping.

Shapes: a batch of N sequences of T steps of D features, ``X`` (N, T, D); hidden size H.
The LSTM's weights are stacked in Keras's gate order, input, forget, cell candidate, output:
``Wx`` (D, 4H), ``Wh`` (H, 4H), ``b`` (4H,), so the weights of a ``keras.layers.LSTM``
(``kernel``, ``recurrent_kernel``, ``bias``) can be used unchanged. Forward functions return a
``cache`` that the matching backward function takes. Never imports TensorFlow.
"""
import numpy as np


def _sigmoid(z):
    """Logistic function, written with tanh so that it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """One step of a tanh RNN: h = tanh(x Wx + h_prev Wh + b).

    x: (N, D); h_prev: (N, H); Wx: (D, H); Wh: (H, H); b: (H,).
    Returns (h (N, H), cache).
    """
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, Wx, Wh, h)


def rnn_step_backward(dh, cache):
    """Gradients of one RNN step. dh: (N, H), dL/dh.

    Returns (dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    x, h_prev, Wx, Wh, h = cache
    dz = dh * (1.0 - h * h)
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, h_prev.T @ dz, dz.sum(axis=0)


def rnn_forward(X, h0, Wx, Wh, b):
    """A tanh RNN over whole sequences. X: (N, T, D); h0: (N, H); Wx: (D, H); Wh: (H, H); b: (H,).

    Returns (H (N, T, H), the hidden state of every step; cache).
    """
    h, states, caches = h0, [], []
    for t in range(X.shape[1]):
        h, step_cache = rnn_step_forward(X[:, t], h, Wx, Wh, b)
        states.append(h)
        caches.append(step_cache)
    return np.stack(states, axis=1), caches


def rnn_backward(dH, cache):
    """Backpropagation through time. dH: (N, T, H), the upstream gradient of every step's state.

    Returns (dX (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    Wx, Wh = cache[0][2], cache[0][3]
    dX = np.zeros(dH.shape[:2] + (Wx.shape[0],), dtype=dH.dtype)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0], dtype=dH.dtype)
    dh_next = np.zeros_like(dH[:, 0])
    for t in reversed(range(dH.shape[1])):
        dX[:, t], dh_next, dWx_t, dWh_t, db_t = rnn_step_backward(dH[:, t] + dh_next, cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dX, dh_next, dWx, dWh, db


def clip_by_global_norm(grads, max_norm):
    """Scale a list of gradients so that their global norm is at most max_norm (as TensorFlow does).

    grads: list of arrays (any shapes); max_norm: float > 0. The global norm is
    sqrt(sum of the squares of every entry of every array). Every array is multiplied by
    max_norm / max(global_norm, max_norm): nothing changes below the limit, the direction never.
    Returns (clipped: list of arrays, new arrays; global_norm: float, the norm before clipping),
    like ``tf.clip_by_global_norm``.
    """
    global_norm = float(np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in grads)))
    scale = max_norm / max(global_norm, max_norm)
    return [g * np.asarray(scale, dtype=g.dtype) for g in grads], global_norm


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step, gates stacked in Keras's order: input, forget, cell candidate, output.

    x: (N, D); h_prev, c_prev: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).
    i, f, o = sigmoid(...), g = tanh(...); c = f * c_prev + i * g; h = o * tanh(c).
    Returns (h (N, H), c (N, H), cache).
    """
    a = x @ Wx + h_prev @ Wh + b
    i, f, g, o = np.split(a, 4, axis=1)
    i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    return h, c, (x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c)


def lstm_step_backward(dh, dc, cache):
    """Gradients of one LSTM step. dh, dc: (N, H), dL/dh and dL/dc from later in the network.

    Returns (dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c = cache
    dc = dc + dh * o * (1.0 - tanh_c * tanh_c)
    da = np.concatenate([dc * g * i * (1.0 - i), dc * c_prev * f * (1.0 - f),
                         dc * i * (1.0 - g * g), dh * tanh_c * o * (1.0 - o)], axis=1)
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def lstm_forward(X, h0, Wx, Wh, b):
    """An LSTM over whole sequences; the cell state starts at zero.

    X: (N, T, D); h0: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).
    Returns (H (N, T, H), the hidden state of every step; cache).
    """
    h, c = h0, np.zeros_like(h0)
    states, caches = [], []
    for t in range(X.shape[1]):
        h, c, step_cache = lstm_step_forward(X[:, t], h, c, Wx, Wh, b)
        states.append(h)
        caches.append(step_cache)
    return np.stack(states, axis=1), caches


def lstm_backward(dH, cache):
    """Backpropagation through time for lstm_forward. dH: (N, T, H), dL/dh of every step.

    Returns (dX (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    Wx, Wh = cache[0][3], cache[0][4]
    dX = np.zeros(dH.shape[:2] + (Wx.shape[0],), dtype=dH.dtype)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[1], dtype=dH.dtype)
    dh_next, dc_next = np.zeros_like(dH[:, 0]), np.zeros_like(dH[:, 0])
    for t in reversed(range(dH.shape[1])):
        dX[:, t], dh_next, dc_next, dWx_t, dWh_t, db_t = lstm_step_backward(
            dH[:, t] + dh_next, dc_next, cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dX, dh_next, dWx, dWh, db
