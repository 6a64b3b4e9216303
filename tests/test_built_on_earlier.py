"""Exercises built on earlier ones: a mistake in the earlier function is blamed on it.

A learner may build an exercise on an earlier one (maxpool_forward on im2col, through a helper;
maxpool_backward on conv_output_size; conv_relu on to_nchw). Each case puts a wrong earlier
function and a later one built on it in place of the solutions, runs the later exercise's visible
tests, and expects them to fail naming the earlier function; with the earlier function right, the
later one built on it passes (reviews rev-w and rev-y found these blamed on the later function).
"""
import pytest

from tests.kernel import Kernel
from tests.lessons import LESSONS, exercises, visible_part
from tests.mistakes.lesson03_conv import CORRECT


def _correct(solution_id, what):
    """A right answer of the catalogue, by the start of its description."""
    return next(code for described, code in CORRECT["conv_numpy.ipynb"][solution_id]
                if described.startswith(what))


mp_cos = _correct("maxpool_forward", "the output size from conv_output_size")
mpb_cos = _correct("maxpool_backward", "the output size from conv_output_size")

cos_wrong = "def conv_output_size(n, k, stride, pad):\n    return (n + 2 * pad - k + 1) // stride\n"
cos_while = """
def conv_output_size(n, k, stride, pad):
    count, start = 0, 0
    while start + k <= n + 2 * pad:
        count, start = count + 1, start + stride
    return count
"""
mp_helper = '''
def _pool_windows(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    return im2col(X, size, size, stride, 0).reshape(n, ho, wo, size * size, c)

def maxpool_forward(X, size, stride):
    cols = _pool_windows(X, size, stride)
    return cols.max(axis=3), (X.shape, cols.argmax(axis=3), size, stride)
'''
mp_direct = '''
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    cols = im2col(X, size, size, stride, 0).reshape(n, ho, wo, size * size, c)
    return cols.max(axis=3), (X.shape, cols.argmax(axis=3), size, stride)
'''
im_nostride = '''
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, kh, 1, pad), conv_output_size(w, kw, 1, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    v = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, :ho, :wo]
    return v.transpose(0, 1, 2, 4, 5, 3).reshape(n * ho * wo, kh * kw * c)
'''
im_f64 = '''
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))
    Xp[:, pad:pad + h, pad:pad + w, :] = X
    v = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    return v.transpose(0, 1, 2, 4, 5, 3).reshape(n * ho * wo, kh * kw * c)
'''
to_wrong = "def to_nchw(X):\n    return tf.transpose(X, [0, 3, 2, 1])\n"
to_numpy = """
def to_nchw(X):
    return tf.convert_to_tensor(np.transpose(X, (0, 3, 1, 2)))
"""
cr_nchw = '''
def conv_relu(X, W, b, stride):
    Z = tf.nn.conv2d(to_nchw(X), W, strides=stride, padding="SAME", data_format="NCHW")
    return tf.nn.relu(tf.transpose(Z, [0, 2, 3, 1]) + b)
'''
tl_nchw_with_conv_relu = """
def three_layer_logits(X, params):
    Y = X
    for k, stride in ((1, 1), (2, 2), (3, 2)):
        Y = conv_relu(Y, params[f"W{k}"], params[f"b{k}"], stride)
    Y = tf.transpose(to_nchw(Y), [0, 2, 3, 1])
    Y = tf.nn.relu(tf.reshape(Y, [-1, 7 * 7 * 12]) @ params["W4"] + params["b4"])
    return Y @ params["W5"] + params["b5"]
"""
mp_channels_first = """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    cols = im2col(X.transpose(0, 3, 1, 2).reshape(n * c, h, w, 1), size, size, stride, 0)
    where = cols.argmax(axis=1)
    out = cols[np.arange(len(cols)), where].reshape(n, c, ho, wo).transpose(0, 2, 3, 1)
    return out, (X.shape, where, size, stride)
"""
mpb_channels_first = """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    n, _, _, c = shape
    _, ho, wo, _ = dout.shape
    where = where.reshape(n, c, ho, wo).transpose(0, 2, 3, 1)
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            at = where == i * size + j
            dX[:, i:i + stride * ho:stride, j:j + stride * wo:stride, :] += dout * at
    return dX
"""
mp_flat_into_X = """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    win = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    flat = win.reshape(n, ho, wo, c, size * size)
    where = flat.argmax(axis=-1)
    rows = np.arange(ho)[None, :, None, None] * stride + where // size
    cols = np.arange(wo)[None, None, :, None] * stride + where % size
    images, channels = np.arange(n)[:, None, None, None], np.arange(c)[None, None, None, :]
    index = np.ravel_multi_index(np.broadcast_arrays(images, rows, cols, channels), X.shape)
    return flat.max(axis=-1), (X.shape, index, size, stride)
"""
mpb_flat_into_X = """
def maxpool_backward(dout, cache):
    shape, index, size, stride = cache
    dX = np.zeros(np.prod(shape), dtype=dout.dtype)
    np.add.at(dX, index.ravel(), dout.ravel())
    return dX.reshape(shape)
"""

CASES = [
    ("conv_numpy", "a wrong conv_output_size under maxpool_forward", [cos_wrong, mp_cos],
     "test_maxpool_forward", "conv_output_size (not maxpool_forward)"),
    ("conv_numpy", "a looping conv_output_size under maxpool_forward", [cos_while, mp_cos],
     "test_maxpool_forward", "conv_output_size (not maxpool_forward)"),
    ("conv_numpy", "a wrong conv_output_size under maxpool_backward", [cos_wrong, mpb_cos],
     "test_maxpool_backward", "conv_output_size (not maxpool_backward)"),
    ("conv_numpy", "a looping conv_output_size under maxpool_backward", [cos_while, mpb_cos],
     "test_maxpool_backward", "conv_output_size (not maxpool_backward)"),
    ("conv_numpy", "an im2col without stride under a helper of maxpool_forward",
     [im_nostride, mp_helper], "test_maxpool_forward", "im2col (not maxpool_forward)"),
    ("conv_numpy", "a float64 im2col under maxpool_forward", [im_f64, mp_direct],
     "test_maxpool_forward", "im2col (not maxpool_forward)"),
    ("conv_numpy", "maxpool_forward through a helper on a right im2col", [mp_helper],
     "test_maxpool_forward", None),
    ("conv_numpy", "maxpool_forward on a right conv_output_size", [mp_cos], "test_maxpool_forward",
     None),
    ("conv_numpy", "maxpool_backward on a right conv_output_size", [mpb_cos],
     "test_maxpool_backward", None),
    ("conv_numpy", "a channels-first argmax cache, raveled, from maxpool_forward on im2col "
     "(rev-a3 3: refused)", [mp_channels_first], "test_maxpool_forward", None),
    ("conv_numpy", "a channels-first argmax cache, and a maxpool_backward that reads it (rev-a3 3)",
     [mp_channels_first, mpb_channels_first], "test_maxpool_backward", None),
    ("conv_numpy", "a cache of indices into X (rev-a5 2: refused)", [mp_flat_into_X],
     "test_maxpool_forward", None),
    ("conv_numpy", "a cache of indices into X, and a maxpool_backward that reads it with np.add.at",
     [mp_flat_into_X, mpb_flat_into_X], "test_maxpool_backward", None),
    ("conv_tensorflow", "a wrong to_nchw under an NCHW conv_relu", [to_wrong, cr_nchw],
     "test_conv_relu", "to_nchw (not conv_relu)"),
    ("conv_tensorflow", "a NumPy to_nchw, which cuts the gradient, under an NCHW conv_relu",
     [to_numpy, cr_nchw], "test_conv_relu", "to_nchw (not conv_relu)"),
    ("conv_tensorflow", "an NCHW conv_relu on a right to_nchw", [cr_nchw], "test_conv_relu", None),
    ("conv_tensorflow", "a wrong to_nchw under a three_layer_logits that calls it and conv_relu",
     [to_wrong, tl_nchw_with_conv_relu], "test_three_layer_logits",
     "to_nchw (not three_layer_logits)"),
    ("conv_tensorflow", "a NumPy to_nchw under a three_layer_logits that calls it and conv_relu",
     [to_numpy, tl_nchw_with_conv_relu], "test_three_layer_logits",
     "to_nchw (not three_layer_logits)"),
    ("conv_tensorflow", "three_layer_logits through to_nchw and conv_relu, both right",
     [tl_nchw_with_conv_relu], "test_three_layer_logits", None),
]

_kernels = {}


@pytest.fixture(scope="module", autouse=True)
def _close_kernels():
    yield
    for kernel, _ in _kernels.values():
        kernel.close()
    _kernels.clear()


def _session(notebook):
    if notebook not in _kernels:
        path = LESSONS / "03_conv" / f"{notebook}.ipynb"
        kernel = Kernel(cwd=path.parent)
        setup, found = exercises(path)
        assert kernel.run(setup).ok
        for exercise in found:
            assert kernel.run(exercise.solution).ok, exercise.solution_id
        _kernels[notebook] = (kernel, found)
    return _kernels[notebook]


@pytest.mark.parametrize("notebook, what, codes, cell, blamed", CASES,
                         ids=[f"{case[0]}: {case[1]}" for case in CASES])
def test_a_later_exercise_names_the_earlier_function_it_is_built_on(notebook, what, codes, cell,
                                                                     blamed):
    kernel, found = _session(notebook)
    try:
        for code in codes:
            assert kernel.run(code).ok
        test = next(e for e in found if e.test_id == cell).test
        result = kernel.run(visible_part(test))
        if blamed is None:
            assert result.ok, f"{cell} refuses it: {result.error[:300]}"
        else:
            assert not result.ok, f"{cell} passes with {what}"
            first = result.error.split(": ", 1)[-1].splitlines()[0]
            assert first.startswith(blamed), f"{cell} blames the wrong function: {first}"
    finally:
        for exercise in found:
            assert kernel.run(exercise.solution).ok
