"""Convolution and max-pooling in plain NumPy: what you wrote in lesson 03 (``lessons/03_conv/conv_numpy.ipynb``).

The same names, signatures and results as the lesson's solutions, ready for the lessons after it;
``tests/test_library_matches_lessons.py`` runs every function here against the lesson's own
solution on random inputs. Images are NHWC, ``(N, H, W, C)``; kernels are ``(kh, kw, C, F)``, as in
TensorFlow. The convolution is a cross-correlation (no kernel flip), like ``tf.nn.conv2d``.

Forward functions return ``(out, cache)``; the matching backward function takes ``dout``, the
gradient of the loss with respect to ``out``, and the cache. Float32 inputs give float32 outputs.
NumPy only: this module never imports TensorFlow.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_output_size(n, k, stride, pad):
    """Output length of a convolution (or pooling) along one axis.

    n: input length; k: kernel size; stride: step of the kernel; pad: zeros added on EACH side.
    Returns: int, floor((n + 2*pad - k) / stride) + 1.
    """
    return (n + 2 * pad - k) // stride + 1


def im2col(X, kh, kw, stride, pad):
    """All kh x kw windows of a zero-padded NHWC batch, one window per row.

    X: float (N, H, W, C). Returns: float (N * H_out * W_out, kh * kw * C); row (n * H_out + y) * W_out + x
    is the window of output position (y, x) of image n, flattened in the order (kh, kw, C).
    """
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)


def conv2d_forward(X, W, b, stride, pad):
    """Vectorised 2-D convolution (cross-correlation), NHWC, via im2col and one matrix product.

    X: float (N, H, W, C); W: float (kh, kw, C, F); b: float (F,); stride, pad: int.
    Returns: (out, cache); out: float (N, H_out, W_out, F);
    cache: (X.shape, W, cols, stride, pad) for conv2d_backward, cols being im2col's matrix.
    """
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)


def conv2d_backward(dout, cache):
    """Gradients of conv2d_forward.

    dout: float (N, H_out, W_out, F), gradient of the loss with respect to out;
    cache: what conv2d_forward returned with out.
    Returns: (dX (N, H, W, C), dW (kh, kw, C, F), db (F,)).
    """
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dout2 = dout.reshape(-1, f)
    dW = (cols.T @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.reshape(-1, f).T).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=dcols.dtype)
    for i in range(kh):          # col2im: one step per kernel offset, not per pixel
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db


def maxpool_forward(X, size, stride):
    """Max-pooling over size x size windows of each channel, no padding. NHWC.

    X: float (N, H, W, C); size, stride: int.
    Returns: (out, cache); out: float (N, H_out, W_out, C) with H_out = (H - size) // stride + 1;
    cache: (X.shape, where, size, stride) for maxpool_backward; where: int (N, H_out, W_out, C),
    the position of each window's maximum in the window flattened row by row.
    """
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    windows = windows.reshape(n, oh, ow, c, size * size)
    where = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, where[..., None], axis=-1)[..., 0]
    return out, (X.shape, where, size, stride)


def maxpool_backward(dout, cache):
    """Gradient of maxpool_forward: each output's gradient goes to its window's maximum only.

    dout: float (N, H_out, W_out, C); cache: what maxpool_forward returned.
    Returns: dX, float (N, H, W, C).
    """
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):        # one step per window offset
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
