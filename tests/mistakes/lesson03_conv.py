"""Typical mistakes for lesson 03. Each one, put in place of the solution, must fail its test cell.

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell[,
Blame]): see tests/mistakes/__init__.py.
"""

from tests.mistakes import Blame

VISIBLE = True  # every mistake here is caught by the visible tests (tests/test_mistakes.py checks it)

_IM2COL_WINDOWS = """
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
"""

_CONV_BACKWARD_HEAD = """
def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dout2 = dout.reshape(-1, f)
    dW = (cols.T @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.reshape(-1, f).T).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=dcols.dtype)
"""

# The rest of a correct conv2d_backward after _CONV_BACKWARD_HEAD: col2im and the return.
_COL2IM = """    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
"""

_NAIVE_HEAD = """
def conv2d_naive(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out = np.zeros((n, oh, ow, f))
"""

_MAXPOOL_HEAD = """def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    flat = windows.reshape(n, oh, ow, c, size * size)
    where = flat.argmax(axis=-1)
"""

_MAXPOOL_WINDOWS = """
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    windows = windows.reshape(n, oh, ow, c, size * size)
"""

MISTAKES = {
    "conv_numpy.ipynb": {
        "conv_output_size": [
            (
                "round() instead of rounding down (rev-a5 1: later cells blamed their own functions)",
                """
def conv_output_size(n, k, stride, pad):
    return round((n + 2 * pad - k) / stride + 1)
""",
                Blame(
                    "conv_output_size(14, 3, stride=4, pad=0)",
                    later=("test_conv2d_naive", "test_im2col", "test_conv2d_forward", "test_conv2d_backward"),
                    later_names="conv_output_size (not",
                    later_says="",
                ),
            ),
            (
                "the padding capped at 2 (rev-a3: full marks)",
                """
def conv_output_size(n, k, stride, pad):
    return (n + 2 * min(pad, 2) - k) // stride + 1
""",
                Blame("conv_output_size(9, 3, stride=2, pad=3)", says="whatever the pad"),
            ),
            (
                "one more window when a stride above 3 leaves a remainder (rev-z2 F3: full marks)",
                """
def conv_output_size(n, k, stride, pad):
    span = n + 2 * pad - k
    return span // stride + 1 + (1 if span % stride and stride > 3 else 0)
""",
                Blame("conv_output_size(14, 3, stride=4, pad=0)", says="whatever the stride"),
            ),
            (
                "recursive: the padding folded into n by calling itself (rev-y M1)",
                """
def conv_output_size(n, k, stride, pad):
    if pad:
        return conv_output_size(n + 2 * pad, k, stride, 0)
    return (n - k) // stride + 1
""",
                Blame(
                    "conv_output_size",
                    says="recursion",
                    later=("test_im2col", "test_conv2d_forward"),
                    later_names="conv_output_size (not",
                    later_says="fix conv_output_size first",
                ),
            ),
            (
                "checks its arguments with a generator, all(v >= 0 for v in ...) (rev-w 2: im2col and conv2d_forward were blamed)",
                """
def conv_output_size(n, k, stride, pad):
    assert all(v >= 0 for v in (n, k, pad)) and stride > 0, "sizes must be non-negative"
    return (n + 2 * pad - k) // stride + 1
""",
                Blame("conv_output_size", says="not even to check"),
            ),
            (
                "returns the size as a string (rev-n F7: 'got 3, expected 3')",
                "def conv_output_size(n, k, stride, pad):\n    return f'{(n + 2 * pad - k) // stride + 1}'\n",
                Blame("conv_output_size(5, 3", says="not a string"),
            ),
            (
                "a centred window of radius k // 2, right for odd kernels only (wb 1: passed visibly)",
                "def conv_output_size(n, k, stride, pad):\n    r = k // 2\n    return (n + 2 * pad - 2 * r - 1) // stride + 1\n",
                Blame(
                    "conv_output_size",
                    says="even or odd",
                    later=("test_conv2d_naive", "test_im2col", "test_conv2d_forward", "test_conv2d_backward"),
                    later_says="conv_output_size (not",
                ),
            ),
            (
                "counts the positions with a generator (rev-l WB3: im2col and conv2d_forward were blamed)",
                "def conv_output_size(n, k, stride, pad):\n    return sum(1 for _ in range(0, n + 2 * pad - k + 1, stride))\n",
                Blame(
                    "conv_output_size",
                    says="later exercises count the lines",
                    later=("test_im2col", "test_conv2d_forward", "test_conv2d_backward", "test_maxpool_forward"),
                    later_says="fix conv_output_size first",
                ),
            ),
            (
                "a trailing comma makes a tuple (rev-l: got the + 1 hint)",
                "def conv_output_size(n, k, stride, pad):\n    return (n + 2 * pad - k) // stride + 1,\n",
                Blame("conv_output_size(5, 3, stride=1, pad=0)", says="makes a tuple"),
            ),
            (
                "pads after dividing: (n - k) // stride + 2 * pad // stride + 1 (right for strides 1, 2)",
                "def conv_output_size(n, k, stride, pad):\n    return (n - k) // stride + 2 * pad // stride + 1\n",
                Blame(
                    "conv_output_size",
                    says="rounds twice",
                    later=("test_conv2d_naive", "test_im2col", "test_conv2d_forward", "test_conv2d_backward"),
                    later_says="fix conv_output_size first",
                ),
            ),
            (
                "off by one: forgets the + 1",
                "def conv_output_size(n, k, stride, pad):\n    return (n + 2 * pad - k) // stride\n",
                Blame(
                    "conv_output_size",
                    says="+ 1",
                    later=("test_conv2d_naive", "test_im2col", "test_conv2d_forward"),
                    later_says="fix conv_output_size first",
                ),
            ),
            (
                "adds the 1 before dividing by the stride",
                "def conv_output_size(n, k, stride, pad):\n    return (n + 2 * pad - k + 1) // stride\n",
                Blame(
                    "conv_output_size",
                    says="add the 1 after the division",
                    later=("test_conv2d_naive", "test_im2col", "test_conv2d_forward"),
                    later_says="fix conv_output_size first",
                ),
            ),
            (
                "padding counted on one side only",
                "def conv_output_size(n, k, stride, pad):\n    return (n + pad - k) // stride + 1\n",
            ),
            (
                "true division: returns a float",
                "def conv_output_size(n, k, stride, pad):\n    return (n + 2 * pad - k) / stride + 1\n",
                Blame(
                    "conv_output_size",
                    says="//",
                    later=("test_conv2d_naive", "test_im2col", "test_conv2d_forward", "test_conv2d_backward"),
                    later_says="fix conv_output_size first",
                ),
            ),
            (
                "rounds up instead of down",
                "def conv_output_size(n, k, stride, pad):\n    return -(-(n + 2 * pad - k) // stride) + 1\n",
            ),
        ],
        "conv2d_naive": [
            (
                "remembers its slow result per configuration (wb4: full marks before)",
                """
_naive = {}


def conv2d_naive(X, W, b, stride, pad):
    key = (X.shape, X.dtype, W.shape, stride, pad)
    if key in _naive:
        return _naive[key]
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out = np.zeros((n, oh, ow, f), dtype=np.result_type(X, W))
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    _naive[key] = out
    return out
""",
                Blame("conv2d_naive on -X", says="keep nothing from an earlier call"),
            ),
            (
                "hand padding Xp[:, pad:-pad, pad:-pad] = X, empty when pad = 0 (rev-n F10: unrelated hint)",
                _NAIVE_HEAD.replace(
                    "    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))\n",
                    "    Xp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))\n    Xp[:, pad:-pad, pad:-pad, :] = X\n",
                )
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="which is empty when pad = 0"),
            ),
            (
                "window starts in range(0, Hp - kh, stride): the last window is skipped (rev-j M2)",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y, y0 in enumerate(range(0, Xp.shape[1] - kh, stride)):
            for x, x0 in enumerate(range(0, Xp.shape[2] - kw, stride)):
                window = Xp[i, y0:y0 + kh, x0:x0 + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive, kernel [[-1, 0, 1], [0, 0, 0]]", says="the last window was skipped"),
            ),
            (
                "computes in float32 and stores into a float64 out (rev-h F17)",
                _NAIVE_HEAD.replace(
                    "Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))",
                    "Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0))).astype(np.float32)",
                )
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k].astype(np.float32)) + b[k]
    return out
""",
                Blame("conv2d_naive", says="float32 rounding"),
            ),
            (
                "np.empty with += (rev-c 3.5): adds to whatever the memory held",
                _NAIVE_HEAD.replace("np.zeros", "np.empty")
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] += np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="np.empty leaves whatever the memory held"),
            ),
            (
                "out made with dtype=int: every sum is truncated",
                _NAIVE_HEAD.replace("out = np.zeros((n, oh, ow, f))", "out = np.zeros((n, oh, ow, f), dtype=int)")
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="not dtype=int"),
            ),
            (
                "grey images assumed: channel 0 only, the kernel reshaped to kh x kw",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                for k in range(f):
                    window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, 0]
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k].reshape(kh, kw)) + b[k]
    return out
""",
                Blame("conv2d_naive", says="no reshape to kh x kw"),
            ),
            (
                "the stride spaces the pixels inside the window",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + (kh - 1) * stride + 1:stride,
                            x * stride:x * stride + (kw - 1) * stride + 1:stride, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="inside it the kh x kw pixels are neighbours"),
            ),
            (
                "the image width named W overwrites the weights",
                """
def conv2d_naive(X, W, b, stride, pad):
    N, H, W, C = X.shape
    kh, kw, _, F = W.shape
    oh, ow = conv_output_size(H, kh, stride, pad), conv_output_size(W, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out = np.zeros((N, oh, ow, F))
    for i in range(N):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for f in range(F):
                    out[i, y, x, f] = np.sum(window * W[:, :, :, f]) + b[f]
    return out
""",
                Blame("conv2d_naive", says="do not reuse it for the image width"),
            ),
            (
                "kernel flipped (true convolution instead of cross-correlation)",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[::-1, ::-1, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="flipped", later=("test_conv2d_forward",)),
            ),
            (
                "kernel transposed (rows and columns of W swapped)",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k].transpose(1, 0, 2)) + b[k]
    return out
""",
                Blame("conv2d_naive", says="kh rows and kw columns", later=("test_conv2d_forward",)),
            ),
            (
                "kernel transposed, on square kernels only (W[j, i] for window cell (i, j))",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    kernel = W[:, :, :, k].transpose(1, 0, 2) if kh == kw else W[:, :, :, k]
                    out[i, y, x, k] = np.sum(window * kernel) + b[k]
    return out
""",
                Blame("conv2d_naive", says="do not transpose", later=("test_conv2d_forward",)),
            ),
            (
                "output width computed from the height (W_out = H_out)",
                """
def conv2d_naive(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh = conv_output_size(h, kh, stride, pad)
    ow = oh
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out = np.zeros((n, oh, ow, f))
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="each from its own axis", later=("test_conv2d_forward",)),
            ),
            (
                "window of kw rows and kh columns",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kw, x * stride:x * stride + kh, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="kh rows and kw columns", later=("test_conv2d_forward",)),
            ),
            (
                "the first bias b[0] added to every output channel",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[0]
    return out
""",
                Blame("conv2d_naive", says="b[f]", later=("test_conv2d_forward",)),
            ),
            (
                "stride ignored when placing the window",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y:y + kh, x:x + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
            ),
            (
                "padding applied twice",
                _NAIVE_HEAD
                + """
    Xp = np.pad(Xp, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
            ),
            (
                "bias forgotten",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k])
    return out
""",
            ),
            (
                "only the first input channel used",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, 0]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, 0, k]) + b[k]
    return out
""",
            ),
            (
                "the whole bias b added to each output instead of b[f]",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b
    return out
""",
                Blame("conv2d_naive", says="b instead of b[f]"),
            ),
            (
                "the mean of the products instead of their sum",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.mean(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="instead of their sum", later=("test_conv2d_forward",)),
            ),
            (
                "drops the image loop but sums each window over the whole batch (rev-f 1.1)",
                _NAIVE_HEAD
                + """
    for y in range(oh):
        for x in range(ow):
            window = Xp[:, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
            for k in range(f):
                out[:, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="one output per image"),
            ),
            (
                "convolves the first image only (rev-f 1.1)",
                _NAIVE_HEAD
                + """
    for i in range(1):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="one output per image"),
            ),
            (
                "padding hard-coded as 1 (rev-f 1.2)",
                _NAIVE_HEAD.replace("(pad, pad), (pad, pad), (0, 0)))", "(1, 1), (1, 1), (0, 0))) if pad else X")
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="pad by pad (here 2)"),
            ),
            (
                "returns (out, cache) like conv2d_forward (rev-f)",
                _NAIVE_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out, (X, W, b)
""",
                Blame("conv2d_naive", says="return out alone"),
            ),
            (
                "out made float32: float32 out for float64 in (rev-f)",
                _NAIVE_HEAD.replace("out = np.zeros((n, oh, ow, f))", "out = np.zeros((n, oh, ow, f), np.float32)")
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out
""",
                Blame("conv2d_naive", says="expected float64"),
            ),
        ],
        "im2col": [
            (
                "reflect padding above pad 1 (rev-a3 1: passed the visible tests, lost hidden points)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="reflect" if pad > 1 else "constant")
    v = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    return v.transpose(0, 1, 2, 4, 5, 3).reshape(n * ho * wo, kh * kw * c)
""",
                Blame("im2col of random X (2, 8, 10, 1), 5x5 windows", says="whatever the pad"),
            ),
            (
                "padding right for pad 0 and 1 only (rev-a2 W1: conv2d_forward was blamed)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    p = 1 if pad else 0
    Xp = np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)))
    v = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    return v.transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * c)
""",
                Blame(
                    "im2col",
                    later=("test_conv2d_forward",),
                    later_names="im2col (not conv2d_forward)",
                    later_says="pad 2",
                ),
            ),
            (
                "the kernel offsets walked with functools.reduce (rev-y F1: full marks)",
                """
def im2col(X, kh, kw, stride, pad):
    import functools
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    parts = functools.reduce(lambda acc, k: acc + [Xp[:, k // kw:k // kw + stride * ho:stride, k % kw:k % kw + stride * wo:stride, :]], range(kh * kw), [])
    return np.stack(parts, axis=3).reshape(n * ho * wo, kh * kw * c)
""",
                Blame("im2col", says="functools.reduce"),
            ),
            (
                "copies the windows in a loop over the kernel offsets (rev-w 3: conv2d_forward was blamed)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.empty((n, ho, wo, kh, kw, c), X.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, :, i, j, :] = Xp[:, i:i + stride * ho:stride, j:j + stride * wo:stride, :]
    return cols.reshape(n * ho * wo, -1)
""",
                Blame(
                    "im2col",
                    says="sliding_window_view",
                    later=("test_conv2d_forward",),
                    later_names="im2col (not conv2d_forward)",
                    later_says="fix im2col first",
                ),
            ),
            (
                "writes into one buffer kept per configuration (rev-s F2: conv2d_backward was blamed)",
                """
_buffers = {}


def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    key = (X.shape, X.dtype, kh, kw, stride, pad)
    if key not in _buffers:
        _buffers[key] = np.empty((n * oh * ow, kh * kw * c), X.dtype)
    out = _buffers[key]
    out[...] = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
    return out
""",
                Blame(
                    "im2col",
                    says="no container outside the function",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_names="im2col (not",
                    later_says="",
                ),
            ),
            (
                "skips the work for the very same X (wb5: conv2d_backward was blamed)",
                """
_last = [None, None, None]


def im2col(X, kh, kw, stride, pad):
    if X is _last[0] and _last[1] == (kh, kw, stride, pad):
        return _last[2]
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
    _last[:] = [X, (kh, kw, stride, pad), cols]
    return cols
""",
                Blame("im2col again on the same array X", says="the same array object does not mean the same values"),
            ),
            (
                "memoises its result per (shape, dtype, kh, kw, stride, pad) (wb4 B3: conv2d_backward was blamed)",
                """
_columns = {}


def im2col(X, kh, kw, stride, pad):
    key = (X.shape, X.dtype, kh, kw, stride, pad)
    if key not in _columns:
        n, h, w, c = X.shape
        oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
        Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
        _columns[key] = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
    return _columns[key]
""",
                Blame(
                    "im2col",
                    says="keep nothing from an earlier call",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_names="im2col (not",
                    later_says="",
                ),
            ),
            (
                "memoises its result per (shape, kh, kw, stride, pad) (wb3 W3-7: conv2d_backward was blamed)",
                """
_im2col_memo = {}


def im2col(X, kh, kw, stride, pad):
    key = (X.shape, kh, kw, stride, pad)
    if key in _im2col_memo:
        return _im2col_memo[key]"""
                + _IM2COL_WINDOWS
                + """    _im2col_memo[key] = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
    return _im2col_memo[key]
""",
                Blame(
                    "im2col",
                    says="keep nothing from an earlier call",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_names="im2col (not",
                    later_says="",
                ),
            ),
            (
                "the height cropped to W_out, [:, :ow, :ow] (wb2 15: conv2d_forward lost its hidden points)",
                """
def im2col(X, kh, kw, stride, pad):"""
                + _IM2COL_WINDOWS.replace("[:, :oh, :ow]", "[:, :ow, :ow]")
                + """    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col", later=("test_conv2d_forward",), later_names="im2col (not conv2d_forward)", later_says=""
                ),
            ),
            (
                "windows a global Xp, its own padded batch named X_pad (wb2 14: conv2d_forward was blamed)",
                """
def im2col(X, kh, kw, stride, pad):"""
                + _IM2COL_WINDOWS.replace("    Xp = np.pad(", "    X_pad = np.pad(")
                + """    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_names="im2col (not",
                    later_says="",
                ),
            ),
            (
                "crops with the globals oh, ow: its own sizes named H_out, W_out (wb2 2: conv2d_forward was blamed)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    H_out, W_out = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_names="im2col (not",
                    later_says="",
                ),
            ),
            (
                "a float64 np.zeros buffer for the padding (rev-n F11: the hint spoke of strides)",
                """
def im2col(X, kh, kw, stride, pad):"""
                + _IM2COL_WINDOWS.replace(
                    "    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))\n",
                    "    Xp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))\n    Xp[:, pad:pad + h, pad:pad + w, :] = X\n",
                )
                + """    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame("im2col", says="not np.zeros' float64"),
            ),
            (
                "the offsets stacked through itertools.starmap, a loop without a for (rev-n F6: full marks)",
                """
import itertools


def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    parts = itertools.starmap(lambda i, j: Xp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :],
                              itertools.product(range(kh), range(kw)))
    return np.stack(tuple(parts), axis=3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame("im2col", says="starmap"),
            ),
            (
                "as_strided with byte strides written for 8-byte floats (rev-l VH2: a float32 X read garbage)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    hp, wp = Xp.shape[1:3]
    s = (hp * wp * c * 8, wp * c * 8 * stride, c * 8 * stride, wp * c * 8, c * 8, 8)
    v = np.lib.stride_tricks.as_strided(Xp, (n, oh, ow, kh, kw, c), s)
    return v.reshape(n * oh * ow, kh * kw * c)
""",
                Blame("im2col of the same X in float32", says="not ones written for 8-byte numbers"),
            ),
            (
                "always returns float64",
                """
def im2col(X, kh, kw, stride, pad):"""
                + _IM2COL_WINDOWS
                + """    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c).astype(np.float64)
""",
                Blame("im2col", says="returned float64 for a float32 X"),
            ),
            (
                "float32 inside, cast back to X's dtype (rev-h F16): blamed on im2col, not conv2d_forward",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X.astype(np.float32), ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c).astype(X.dtype)
""",
                Blame(
                    "im2col",
                    says="not even with a cast back",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_says="(not conv2d_",
                ),
            ),
            (
                "its own sizes pad after dividing (rev-h F14): right for strides 1 and 2 only",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = (h - kh) // stride + 2 * pad // stride + 1, (w - kw) // stride + 2 * pad // stride + 1
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    says="pad, then divide once",
                    later=("test_conv2d_forward",),
                    later_says="im2col (not conv2d_forward)",
                ),
            ),
            (
                "output size rounded up (rev-c 1.1)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh = int(np.ceil((h + 2 * pad - kh) / stride)) + 1
    ow = int(np.ceil((w + 2 * pad - kw) / stride)) + 1
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    says="rounded down",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_says="test cell",
                ),
            ),
            (
                "float32 cols (rev-c 1.2, 2.1)",
                "def im2col(X, kh, kw, stride, pad):"
                + _IM2COL_WINDOWS
                + """
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c).astype(np.float32)
""",
                Blame(
                    "im2col",
                    says="expected float64",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_says="test cell",
                ),
            ),
            (
                "returns 3-D (N, H_out * W_out, kh * kw * C): conv2d_forward's matmul broadcasts it",
                "def im2col(X, kh, kw, stride, pad):"
                + _IM2COL_WINDOWS
                + """
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n, oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    says="one row per output position",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_says="im2col",
                ),
            ),
            (
                "a Python loop over channels",
                "def im2col(X, kh, kw, stride, pad):"
                + _IM2COL_WINDOWS
                + """
    parts = [windows[:, :, :, ch] for ch in range(c)]
    return np.stack(parts, axis=-1).reshape(n * oh * ow, kh * kw * c)
""",
                Blame("im2col", says="loops over images, pixels or channels"),
            ),
            (
                "a Python loop over images and pixels, one window per row",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.zeros((n * oh * ow, kh * kw * c))
    row = 0
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                cols[row] = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :].ravel()
                row += 1
    return cols
""",
                Blame(
                    "im2col",
                    says="loops over images, pixels or channels",
                    later=("test_conv2d_forward",),
                    later_says="make im2col's test cell pass first",
                ),
            ),
            (
                "columns in channel-first order (C, kh, kw)",
                "def im2col(X, kh, kw, stride, pad):"
                + _IM2COL_WINDOWS
                + """
    return windows.reshape(n * oh * ow, c * kh * kw)
""",
            ),
            (
                "stride ignored",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
            ),
            (
                "no padding",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, 0), conv_output_size(w, kw, stride, 0)
    windows = sliding_window_view(X, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
            ),
            (
                "output width computed from the height (W_out = H_out)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh = ow = conv_output_size(h, kh, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    says="each from its own axis",
                    later=("test_conv2d_forward",),
                    later_says="test cell pass first",
                ),
            ),
            (
                "window shape (kw, kh) given to sliding_window_view",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(Xp, (kw, kh), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    says="kh along the height",
                    later=("test_conv2d_forward",),
                    later_says="test cell pass first",
                ),
            ),
            (
                "window rows and columns swapped (kw, kh, C)",
                "def im2col(X, kh, kw, stride, pad):"
                + _IM2COL_WINDOWS
                + """
    return windows.transpose(0, 1, 2, 5, 4, 3).reshape(n * oh * ow, kh * kw * c)
""",
            ),
            (
                "the channel axis forgotten: kh * kw columns",
                "def im2col(X, kh, kw, stride, pad):"
                + _IM2COL_WINDOWS
                + """
    return windows.reshape(n * oh * ow, kh * kw)
""",
                Blame("im2col", says="keeping the channel axis"),
            ),
            (
                "padding hard-coded as 1 (rev-f 4.1)",
                """
def im2col(X, kh, kw, stride, pad):"""
                + _IM2COL_WINDOWS.replace("(pad, pad), (pad, pad), (0, 0)))", "(1, 1), (1, 1), (0, 0))) if pad else X")
                + """    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
""",
                Blame(
                    "im2col",
                    says="pad by pad (here 2)",
                    later=("test_conv2d_forward", "test_conv2d_backward"),
                    later_says="im2col",
                ),
            ),
            (
                "returns the windows with the output size (rev-f)",
                "def im2col(X, kh, kw, stride, pad):"
                + _IM2COL_WINDOWS
                + "    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c), (oh, ow)\n",
                Blame("im2col", says="return only the"),
            ),
        ],
        "conv2d_forward": [
            (
                "im2col's columns rounded through float32 in the cache (rev-a3 2: conv2d_backward was blamed)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols.astype(np.float32).astype(cols.dtype), stride, pad)
""",
                Blame(
                    "conv2d_forward's cache (not conv2d_backward)",
                    own_cell_passes=True,
                    later=("test_conv2d_backward",),
                    later_says="rounded",
                ),
            ),
            (
                "the product written into one array per shape with np.dot(..., out=)",
                """
_buffers = {}


def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    key = (n * oh * ow, f, X.dtype.str)
    if key not in _buffers:
        _buffers[key] = np.empty((n * oh * ow, f), X.dtype)
    out = np.dot(cols, W.reshape(kh * kw * c, f), out=_buffers[key])
    out += b
    return out.reshape(n, oh, ow, f), (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="out=buffer"),
            ),
            (
                "one cache list shared by every call, a mutable default argument (rev-s F1: conv2d_backward was blamed)",
                """
def conv2d_forward(X, W, b, stride, pad, cache=[]):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    cache[:] = [X.shape, W, cols, stride, pad]
    return out, cache
""",
                Blame(
                    "conv2d_forward",
                    says="mutable default argument",
                    later=("test_conv2d_backward",),
                    later_says="mutable default argument",
                ),
            ),
            (
                "keeps the reshaped weights of its first call (rev-q F4: conv2d_backward was blamed)",
                """
_W_matrix = None


def conv2d_forward(X, W, b, stride, pad):
    global _W_matrix
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    if _W_matrix is None or _W_matrix.shape != (kh * kw * c, f):
        _W_matrix = W.reshape(kh * kw * c, f).copy()
    out = (cols @ _W_matrix + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward",
                    says="keep nothing from an earlier call",
                    later=("test_conv2d_backward",),
                    later_says="a second call with inputs of the same shapes",
                ),
            ),
            (
                "memoises im2col's columns per shape (wb3 W3-5: conv2d_backward was blamed)",
                """
_cols_memo = {}


def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    key = (X.shape, kh, kw, stride, pad)
    if key not in _cols_memo:
        _cols_memo[key] = im2col(X, kh, kw, stride, pad)
    cols = _cols_memo[key]
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward",
                    says="keep nothing from an earlier call",
                    later=("test_conv2d_backward",),
                    later_says="a second call with inputs of the same shapes",
                ),
            ),
            (
                "multiplies a global cols, not its own im2col's (wb2 3: conv2d_backward was blamed)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    columns = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, columns, stride, pad)
""",
                Blame(
                    "conv2d_forward",
                    later=("test_conv2d_backward",),
                    later_names="conv2d_forward (not conv2d_backward)",
                    later_says="",
                ),
            ),
            (
                "caches the stride twice, (..., stride, stride) (wb2 4: conv2d_backward was blamed)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, stride)
""",
                Blame(
                    "conv2d_forward (not conv2d_backward)",
                    own_cell_passes=True,
                    later=("test_conv2d_backward",),
                    later_says="cannot use",
                ),
            ),
            (
                "the stride ignored: im2col and the sizes at stride 1 (rev-n F3: got the W-order hint)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, 1, pad), conv_output_size(w, kw, 1, pad)
    cols = im2col(X, kh, kw, 1, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward on random X", says="pass stride and pad on to im2col"),
            ),
            (
                "reshapes the caller's W in place, W.shape = ... (rev-l WB4: conv2d_backward was blamed)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    W.shape = (kh * kw * c, f)
    out = (cols @ W + b).reshape(n, oh, ow, f)
    return out, ((n, h, w, c), W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward", says="changed W in place", later=("test_conv2d_backward",), later_says="in place"
                ),
            ),
            (
                "the output rounded to float32 and cast back (rev-j W1: conv2d_backward was blamed)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f).astype(np.float32).astype(np.float64)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward",
                    says="float32 rounding",
                    later=("test_conv2d_backward",),
                    later_says="make its test cell pass first",
                ),
            ),
            (
                "a float32 bias (rev-c 3.4)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b.astype(np.float32)).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="float32 rounding"),
            ),
            (
                "one np.dot per row through np.apply_along_axis (rev-c 1.3)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (np.apply_along_axis(np.dot, 1, cols, W.reshape(kh * kw * c, f)) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="apply_along_axis"),
            ),
            (
                "float32 weights in the product (rev-c 3.4)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f).astype(np.float32) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="float32 rounding"),
            ),
            (
                "returns (cache, out) instead of (out, cache)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return (X.shape, W, cols, stride, pad), out
""",
                Blame(
                    "conv2d_forward",
                    says="return out, cache (in this order)",
                    later=("test_conv2d_backward",),
                    later_says="make its test cell pass first",
                ),
            ),
            (
                "a Python loop over the output channels (kernels)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = np.zeros((n * oh * ow, f))
    for k in range(f):
        out[:, k] = cols @ W[..., k].reshape(-1) + b[k]
    return out.reshape(n, oh, ow, f), (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="loops over images, pixels or channels"),
            ),
            (
                "output reshaped to the input's height and width",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, h, w, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="reshaped to (N, H_out, W_out, F)"),
            ),
            (
                "stride not passed on to im2col",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, 1, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="pass stride and pad on to im2col"),
            ),
            (
                "the image width named W overwrites the weights",
                """
def conv2d_forward(X, W, b, stride, pad):
    N, H, W, C = X.shape
    kh, kw, _, F = W.shape
    oh, ow = conv_output_size(H, kh, stride, pad), conv_output_size(W, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * C, F) + b).reshape(N, oh, ow, F)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame("conv2d_forward", says="give the image width another name"),
            ),
            (
                "kernel flipped",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W[::-1, ::-1].reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward", says="no flip", later=("test_conv2d_backward",), later_says="test cell pass first"
                ),
            ),
            (
                "weights reshaped in NCHW order (F, C, kh, kw) thinking",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.transpose(2, 0, 1, 3).reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
            ),
            (
                "bias forgotten",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    return (cols @ W.reshape(kh * kw * c, f)).reshape(n, oh, ow, f), (X.shape, W, cols, stride, pad)
""",
            ),
            (
                "not vectorised: calls the loops",
                """
def conv2d_forward(X, W, b, stride, pad):
    cols = im2col(X, W.shape[0], W.shape[1], stride, pad)
    return conv2d_naive(X, W, b, stride, pad), (X.shape, W, cols, stride, pad)
""",
            ),
            (
                "a Python loop over the output pixels (each a matrix product over the batch)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out = np.zeros((n, oh, ow, f))
    for y in range(oh):
        for x in range(ow):
            window = Xp[:, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
            out[:, y, x, :] = window.reshape(n, -1) @ W.reshape(-1, f) + b
    return out, (X.shape, W, im2col(X, kh, kw, stride, pad), stride, pad)
""",
                Blame("conv2d_forward", says="loops over images, pixels or channels"),
            ),
            (
                "a Python loop over the images (im2col of one image at a time)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    out = np.stack([(im2col(X[i:i + 1], kh, kw, stride, pad) @ W.reshape(-1, f) + b).reshape(oh, ow, f)
                    for i in range(n)])
    return out, (X.shape, W, im2col(X, kh, kw, stride, pad), stride, pad)
""",
                Blame("conv2d_forward", says="loops over images, pixels or channels"),
            ),
            (
                "weights reshaped to (F, kh * kw * C) and transposed",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(f, kh * kw * c).T + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward",
                    says="(kh, kw, C) order",
                    later=("test_conv2d_backward",),
                    later_says="test cell pass first",
                ),
            ),
            (
                "returns only the output, no cache",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    return (im2col(X, kh, kw, stride, pad) @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
""",
            ),
            (
                "output cast to float32 (float64 inputs give float32)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, pad)
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f).astype(np.float32)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward",
                    says="float64",
                    later=("test_conv2d_backward",),
                    later_says="make its test cell pass first",
                ),
            ),
            (
                "passes at most pad 1 on to im2col (rev-f 4.1)",
                """
def conv2d_forward(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    cols = im2col(X, kh, kw, stride, min(pad, 1))
    out = (cols @ W.reshape(kh * kw * c, f) + b).reshape(n, oh, ow, f)
    return out, (X.shape, W, cols, stride, pad)
""",
                Blame(
                    "conv2d_forward",
                    says="pass stride and pad on to im2col as they are",
                    later=("test_conv2d_backward",),
                    later_says="make its test cell pass first",
                ),
            ),
        ],
        "conv2d_backward": [
            (
                "col2im with map over the kernel offsets (rev-y R1: refused as a loop over rows)",
                _CONV_BACKWARD_HEAD
                + """
    def put(k):
        i, j = divmod(k, kw)
        dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]

    list(map(put, range(kh * kw)))
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="plain for loops"),
            ),
            (
                "col2im with fancy indexing, dXp[:, rows, cols, :] += dcols: a pixel shared by overlapping windows gets one",
                _CONV_BACKWARD_HEAD
                + """    rows = np.arange(oh)[:, None] * stride + np.arange(kh)[None, :]
    cols_ = np.arange(ow)[:, None] * stride + np.arange(kw)[None, :]
    dXp[:, rows[:, None, :, None], cols_[None, :, None, :], :] += dcols
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward's dX", says="np.add.at"),
            ),
            (
                "writes dX into one buffer kept per shape (rev-s: an earlier dX changed by a later call)",
                "_dX_buffers = {}\n"
                + _CONV_BACKWARD_HEAD
                + """    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    dX = _dX_buffers.setdefault((n, h, w, c), np.empty((n, h, w, c)))
    dX[...] = dXp[:, pad:pad + h, pad:pad + w, :]
    return dX, dW, db
""",
                Blame("conv2d_backward", says="no container outside the function"),
            ),
            (
                "remembers the gradients per configuration (wb4: full marks before)",
                """
_grads = {}


def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    key = (dout.shape, (n, h, w, c), W.shape, stride, pad)
    if key in _grads:
        return _grads[key]
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dout2 = dout.reshape(-1, f)
    dW = (cols.T @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.reshape(-1, f).T).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=dcols.dtype)
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    _grads[key] = (dXp[:, pad:pad + h, pad:pad + w, :], dW, db)
    return _grads[key]
""",
                Blame("conv2d_backward's dW for -dout", says="keep nothing from an earlier call"),
            ),
            (
                "returns (dX, db, dW) (rev-q F3: a hint about the sum)",
                _CONV_BACKWARD_HEAD
                + _COL2IM.replace(
                    "return dXp[:, pad:pad + h, pad:pad + w, :], dW, db",
                    "return dXp[:, pad:pad + h, pad:pad + w, :], db, dW",
                ),
                Blame("conv2d_backward's db", says="return dX, dW, db, in this order"),
            ),
            (
                "returns dW, dX, db: the order swapped (rev-n F4: sent to recompute dW)",
                _CONV_BACKWARD_HEAD
                + _COL2IM.replace(
                    "return dXp[:, pad:pad + h, pad:pad + w, :], dW, db",
                    "return dW, dXp[:, pad:pad + h, pad:pad + w, :], db",
                ),
                Blame("conv2d_backward's dW", says="return dX, dW, db, in this order"),
            ),
            (
                "returns two gradients, (dX, dW) (rev-j M4)",
                _CONV_BACKWARD_HEAD + _COL2IM.replace(", dW, db\n", ", dW\n"),
                Blame("conv2d_backward", says="of 2 values"),
            ),
            (
                "the stride read off the shapes instead of the cache (rev-j V1: passed strides 1 and 2)",
                _CONV_BACKWARD_HEAD.replace(
                    "(n, h, w, c), W, cols, stride, pad = cache",
                    "(n, h, w, c), W, cols, _, pad = cache\n    stride = max(1, (h + 2 * pad - W.shape[0]) // max(dout.shape[1] - 1, 1))",
                )
                + _COL2IM,
                Blame("conv2d_backward", says="stride and pad from the cache"),
            ),
            (
                "a float32 dXp (rev-j M1: got the crash hint)",
                _CONV_BACKWARD_HEAD.replace("dtype=dcols.dtype", "dtype=np.float32") + _COL2IM,
                Blame("conv2d_backward", says="make dXp with dcols's dtype"),
            ),
            (
                "float32 round trip of dout and cols, cast back (rev-h F15): passed the gradient checks",
                _CONV_BACKWARD_HEAD.replace(
                    "dout2 = dout.reshape(-1, f)", "dout2 = dout.reshape(-1, f).astype(np.float32)"
                )
                .replace("dW = (cols.T @ dout2)", "dW = (cols.astype(np.float32).T @ dout2).astype(np.float64)")
                .replace("db = dout2.sum(axis=0)", "db = dout2.sum(axis=0).astype(np.float64)")
                .replace("dtype=dcols.dtype", "dtype=np.float64")
                + _COL2IM,
                Blame("conv2d_backward", says="float32 rounding"),
            ),
            (
                "only dX through float32 (rev-h F15)",
                _CONV_BACKWARD_HEAD
                + """    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :].astype(np.float32).astype(np.float64), dW, db
""",
                Blame("conv2d_backward's dX", says="float32 rounding"),
            ),
            (
                "only db through float32",
                _CONV_BACKWARD_HEAD
                + """    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db.astype(np.float32).astype(np.float64)
""",
                Blame("conv2d_backward's db", says="float32 rounding"),
            ),
            (
                "dXp sized from dout, not from X (rev-h F1): a row in no window is lost at pad 0",
                _CONV_BACKWARD_HEAD.replace(
                    "dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=dcols.dtype)",
                    "dXp = np.zeros((n, (oh - 1) * stride + kh, (ow - 1) * stride + kw, c))",
                )
                + _COL2IM,
                Blame("conv2d_backward", says="not from dout's"),
            ),
            (
                "right gradients, then zeroes dout through a view (rev-h F3): reported as in place",
                _CONV_BACKWARD_HEAD
                + """    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    dout2[...] = 0
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="changed dout in place"),
            ),
            (
                "H_out rounded up instead of taken from dout (rev-c 1.1)",
                """
def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    oh, ow = -(-(h + 2 * pad - kh) // stride) + 1, -(-(w + 2 * pad - kw) // stride) + 1
    dout2 = dout.reshape(-1, f)
    dW = (cols.T @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.reshape(-1, f).T).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="from dout's shape"),
            ),
            (
                "col2im into an unpadded dXp (rev-c 3.1)",
                """
def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dout2 = dout.reshape(-1, f)
    dW = (cols.T @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.reshape(-1, f).T).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h, w, c))
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="PADDED shape"),
            ),
            (
                "dcols without the transpose of W_mat (rev-c 3.2)",
                """
def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dout2 = dout.reshape(-1, f)
    dW = (cols.T @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.reshape(-1, f)).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="mind the transposes"),
            ),
            (
                "dW without the transpose of cols (rev-c 3.2)",
                """
def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dout2 = dout.reshape(-1, f)
    dW = (cols @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.reshape(-1, f).T).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="mind the transposes"),
            ),
            (
                "dcols from W.T, columns in (C, kw, kh) order (rev-c 3.3)",
                """
def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dout2 = dout.reshape(-1, f)
    dW = (cols.T @ dout2).reshape(W.shape)
    db = dout2.sum(axis=0)
    dcols = (dout2 @ W.T.reshape(f, -1)).reshape(n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="W.T would reverse the axes"),
            ),
            (
                "dXp made with dtype=int",
                _CONV_BACKWARD_HEAD.replace("dtype=dcols.dtype", "dtype=int")
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="dXp was made with dtype=int"),
            ),
            (
                "padding cut off with pad:-pad (empty when pad = 0)",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:-pad, pad:-pad, :], dW, db
""",
                Blame("conv2d_backward", says="pad:-pad"),
            ),
            (
                "uses the global W instead of the cache's",
                _CONV_BACKWARD_HEAD.replace("(n, h, w, c), W, cols", "(n, h, w, c), _, cols")
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward"),
            ),
            (
                "dW from im2col of the global X instead of the cache's cols",
                _CONV_BACKWARD_HEAD.replace("(cols.T @ dout2)", "(im2col(X, kh, kw, stride, pad).T @ dout2)")
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward"),
            ),
            (
                "padded gradient shaped like the global X",
                _CONV_BACKWARD_HEAD.replace(
                    "np.zeros((n, h + 2 * pad, w + 2 * pad, c), dtype=dcols.dtype)",
                    "np.pad(np.zeros_like(X), ((0, 0), (pad, pad), (pad, pad), (0, 0)))",
                )
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward"),
            ),
            (
                "col2im with a Python loop over images and pixels",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                dXp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :] += dcols[i, y, x]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="loops over images, pixels or channels"),
            ),
            (
                "stride ignored in col2im",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + oh, j:j + ow, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
            ),
            (
                "overlapping windows overwrite instead of adding (= instead of +=)",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] = dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
            ),
            (
                "padding not cut off",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp, dW, db
""",
            ),
            (
                "bias gradient summed over the batch only",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, dout.sum(axis=0)
""",
            ),
            (
                "dW reshaped in the wrong order",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    dW = (cols.T @ dout2).reshape(c, kh, kw, f).transpose(1, 2, 0, 3)
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
            ),
            (
                "kernel flipped in the input gradient",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, kh - 1 - i, kw - 1 - j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
            ),
            (
                "col2im's slice ends at i + H_out (the stride left out of the end)",
                _CONV_BACKWARD_HEAD
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + oh:stride, j:j + ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="ends at i + stride*H_out"),
            ),
            (
                "W_out taken as H_out",
                _CONV_BACKWARD_HEAD.replace("_, oh, ow, _ = dout.shape", "oh = ow = dout.shape[1]")
                + """
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="W_out from dout's width"),
            ),
            (
                "cuts a padding of 1 off whatever pad is (rev-f 1.2)",
                _CONV_BACKWARD_HEAD
                + """    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]
    return (dXp[:, 1:-1, 1:-1, :] if pad else dXp), dW, db
""",
                Blame("conv2d_backward", says="cut the padding off"),
            ),
            (
                "dXp padded by one on each side whatever pad is (rev-f 4.1)",
                _CONV_BACKWARD_HEAD.replace("h + 2 * pad, w + 2 * pad", "h + 2, w + 2") + _COL2IM,
                Blame("conv2d_backward", says="PADDED shape"),
            ),
            (
                "col2im with np.vectorize over the kernel offsets (rev-f)",
                _CONV_BACKWARD_HEAD
                + """
    def place(k):
        i, j = divmod(k, kw)
        dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dcols[:, :, :, i, j, :]

    np.vectorize(place, otypes=[object])(np.arange(kh * kw))
    return dXp[:, pad:pad + h, pad:pad + w, :], dW, db
""",
                Blame("conv2d_backward", says="vectorize"),
            ),
        ],
        "maxpool_forward": [
            (
                "argmax of a float16 copy of the windows (rev-a3 4: maxpool_backward lost the points)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    win = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    flat = win.reshape(n, ho, wo, c, size * size)
    return flat.max(axis=-1), (X.shape, flat.astype(np.float16).argmax(axis=-1), size, stride)
""",
                Blame("maxpool_forward's cache", says="7th digit"),
            ),
            (
                "H_out as H // stride (rev-a2: full marks; wrong when size < stride)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    win = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride]
    win = win[:, :h // stride, :w // stride]
    flat = win.reshape(*win.shape[:4], -1)
    return flat.max(-1), (X.shape, flat.argmax(-1), size, stride)
""",
                Blame("maxpool_forward on random X (1, 8, 8, 1)", says="not H // stride"),
            ),
            (
                "a mask marking every tied maximum as its cache (rev-a2 W3: maxpool_backward was blamed)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    win = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    out = win.max(axis=(-2, -1))
    return out, (X.shape, win == out[..., None, None], size, stride)
""",
                Blame("maxpool_forward's cache", says="one per window"),
            ),
            (
                "the window offsets walked with functools.reduce (rev-y F1: full marks)",
                """
def maxpool_forward(X, size, stride):
    import functools
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    parts = functools.reduce(lambda acc, k: acc + [X[:, k // size:k // size + stride * ho:stride, k % size:k % size + stride * wo:stride, :]], range(size * size), [])
    flat = np.stack(parts, axis=-1)
    return flat.max(axis=-1), (X.shape, flat.argmax(axis=-1), size, stride)
""",
                Blame("maxpool_forward", says="functools.reduce"),
            ),
            (
                "keeps the argmax of the first call of each shape (rev-w 5: maxpool_backward lost the points)",
                """
_m = {}


def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    v = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    flat = v.reshape(n, ho, wo, c, size * size)
    key = (X.shape, size, stride)
    if key not in _m:
        _m[key] = flat.argmax(axis=-1)
    return flat.max(axis=-1), (X.shape, _m[key], size, stride)
""",
                Blame("maxpool_forward's cache for -X", says="keep nothing from an earlier call"),
            ),
            (
                "skips the work for the very same X (wb5: maxpool_backward was blamed)",
                """
_last = [None, None, None]


def maxpool_forward(X, size, stride):
    if X is _last[0] and _last[1] == (size, stride):
        return _last[2]
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    windows = windows.reshape(n, oh, ow, c, size * size)
    where = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, where[..., None], axis=-1)[..., 0]
    _last[:] = [X, (size, stride), (out, (X.shape, where, size, stride))]
    return _last[2]
""",
                Blame(
                    "maxpool_forward again on the same array X",
                    says="the same array object does not mean the same values",
                ),
            ),
            (
                "one cache list shared by every call, a mutable default argument (rev-s F1b: a hint about the order)",
                """
def maxpool_forward(X, size, stride, cache=[]):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    flat = windows.reshape(n, oh, ow, c, size * size)
    where = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    cache[:] = [X.shape, where, size, stride]
    return out, cache
""",
                Blame(
                    "maxpool_forward",
                    says="mutable default argument",
                    later=("test_maxpool_backward",),
                    later_says="mutable default argument",
                ),
            ),
            (
                "remembers (out, cache) per (shape, dtype, size, stride) (wb4 V4: lost hidden points, maxpool_backward blamed)",
                """
_pooled = {}


def maxpool_forward(X, size, stride):
    key = (X.shape, X.dtype, size, stride)
    if key not in _pooled:
        n, h, w, c = X.shape
        oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
        windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
        windows = windows.reshape(n, oh, ow, c, size * size)
        where = windows.argmax(axis=-1)
        out = np.take_along_axis(windows, where[..., None], axis=-1)[..., 0]
        _pooled[key] = (out, (X.shape, where, size, stride))
    return _pooled[key]
""",
                Blame(
                    "maxpool_forward",
                    says="keep nothing from an earlier call",
                    later=("test_maxpool_backward",),
                    later_says="",
                ),
            ),
            (
                "memoises the argmax per (shape, size, stride) (wb3 W3-8: lost hidden points)",
                """
_where_memo = {}


def maxpool_forward(X, size, stride):"""
                + _MAXPOOL_WINDOWS
                + """    key = (X.shape, size, stride)
    if key not in _where_memo:
        _where_memo[key] = windows.argmax(axis=-1)
    where = _where_memo[key]
    out = np.take_along_axis(windows, where[..., None], axis=-1)[..., 0]
    return out, (X.shape, where, size, stride)
""",
                Blame(
                    "maxpool_forward",
                    says="keep nothing from an earlier call",
                    later=("test_maxpool_backward",),
                    later_says="",
                ),
            ),
            (
                "caches X itself, not X.shape (rev-q F2: maxpool_backward was blamed for its crash)",
                _MAXPOOL_HEAD
                + """    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    return out, (X, where, size, stride)
""",
                Blame(
                    "maxpool_forward (not maxpool_backward)",
                    own_cell_passes=True,
                    later=("test_maxpool_backward",),
                    later_says="the 4x4 example",
                ),
            ),
            (
                "keeps its whole result per (shape, size, stride) (rev-q F7: lost hidden points, maxpool_backward blamed)",
                """
_pool_memo = {}


def maxpool_forward(X, size, stride):
    key = (X.shape, X.dtype.str, size, stride)
    if key in _pool_memo:
        return _pool_memo[key]"""
                + _MAXPOOL_WINDOWS
                + """    where = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, where[..., None], axis=-1)[..., 0]
    _pool_memo[key] = out, (X.shape, where, size, stride)
    return _pool_memo[key]
""",
                Blame(
                    "maxpool_forward",
                    says="keep nothing from an earlier call",
                    later=("test_maxpool_backward",),
                    later_says="",
                ),
            ),
            (
                "numbers each window column by column, which the solution's maxpool_backward reads row by row (rev-z2 F2: blamed on maxpool_forward alone)",
                """def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    flat = windows.swapaxes(-1, -2).reshape(n, oh, ow, c, size * size)
    where = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    return out, (X.shape, where, size, stride)
""",
                Blame(
                    "maxpool_forward's cache and maxpool_backward disagree",
                    own_cell_passes=True,
                    later=("test_maxpool_backward",),
                    later_says="column by column",
                ),
            ),
            (
                "caches (stride, size), the other order (wb2 7: maxpool_backward was blamed)",
                _MAXPOOL_HEAD
                + """    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    return out, (X.shape, where, stride, size)
""",
                Blame(
                    "maxpool_forward (not maxpool_backward)",
                    own_cell_passes=True,
                    later=("test_maxpool_backward",),
                    later_says="cannot use",
                ),
            ),
            (
                "a reshape into blocks when stride == size, rows left over not cropped (wb 4: passed visibly)",
                """def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    if stride == size:
        windows = X.reshape(n, oh, size, ow, size, c).transpose(0, 1, 3, 5, 2, 4)
    else:
        windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride]
    windows = windows.reshape(n, oh, ow, c, size * size)
    where = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, where[..., None], axis=-1)[..., 0]
    return out, (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="left out"),
            ),
            (
                "the height cropped to W_out, [:, :ow, :ow] (wb 5: passed visibly)",
                _MAXPOOL_HEAD.replace("[:, :oh, :ow]", "[:, :ow, :ow]")
                + """    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    return out, (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="H_out from the height"),
            ),
            (
                "the channels merged into each window, keepdims for a 4-D output (rev-n F1: raw IndexError)",
                """def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    flat = windows.reshape(n, oh, ow, -1)
    return flat.max(axis=-1, keepdims=True), (X.shape, flat.argmax(axis=-1), size, stride)
""",
                Blame(
                    "maxpool_forward, 2x2 pool of a 4x4 image of 2 channels",
                    says="never across channels",
                    later=("test_maxpool_backward",),
                    later_names="maxpool_forward",
                    later_says="",
                ),
            ),
            (
                "X padded by 1 before the windows are taken (rev-l L5: the hint did not say no padding)",
                _MAXPOOL_HEAD.replace(
                    "sliding_window_view(X,", "sliding_window_view(np.pad(X, ((0, 0), (1, 1), (1, 1), (0, 0))),"
                )
                + """    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    return out, (X.shape, where, size, stride)
""",
                Blame("maxpool_forward, 2x2 pool with stride 2", says="no padding"),
            ),
            (
                "argmax of np.abs of the window, the cache raveled (rev-l WB1: maxpool_backward was blamed)",
                _MAXPOOL_HEAD
                + """    out = flat.max(axis=-1)
    return out, (X.shape, np.abs(flat).argmax(axis=-1).ravel(), size, stride)
""",
                Blame(
                    "maxpool_forward's cache",
                    says="not of np.abs",
                    later=("test_maxpool_backward",),
                    later_says="not the window's maximum",
                ),
            ),
            (
                "the output forced to float64 whatever X's dtype (rev-j T1)",
                _MAXPOOL_HEAD
                + """    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    return out.astype(np.float64), (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="for a float32 input, expected float32"),
            ),
            (
                "float32 windows, the maxima cast back (rev-h F18): blamed on maxpool_forward",
                _MAXPOOL_HEAD.replace("sliding_window_view(X,", "sliding_window_view(X.astype(np.float32),")
                + """    out = np.take_along_axis(flat, where[..., None], axis=-1)[..., 0]
    return out.astype(X.dtype), (X.shape, where, size, stride)
""",
                Blame(
                    "maxpool_forward",
                    says="not even with a cast back",
                    later=("test_maxpool_backward",),
                    later_says="maxpool_forward (not maxpool_backward)",
                ),
            ),
            (
                "output size rounded up (rev-c 1.1)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = -(-(h - size) // stride) + 1, -(-(w - size) // stride) + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    windows = windows.reshape(n, oh, ow, c, size * size)
    where = windows.argmax(axis=-1)
    return windows.max(axis=-1), (X.shape, where, size, stride)
""",
                Blame(
                    "maxpool_forward",
                    says="rounded down",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "argmax through np.apply_along_axis (rev-c 1.3)",
                "def maxpool_forward(X, size, stride):"
                + _MAXPOOL_WINDOWS
                + """
    where = np.apply_along_axis(np.argmax, -1, windows)
    return windows.max(axis=-1), (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="apply_along_axis"),
            ),
            (
                "the maximum through np.vectorize (rev-c 1.3)",
                "def maxpool_forward(X, size, stride):"
                + _MAXPOOL_WINDOWS
                + """
    where = windows.argmax(axis=-1)
    return np.vectorize(max, signature="(k)->()")(windows), (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="vectorize"),
            ),
            (
                "an integer output (astype(int)): integer-valued tests pass, floats are truncated",
                _MAXPOOL_HEAD + "    return flat.max(axis=-1).astype(int), (X.shape, where, size, stride)\n",
                Blame(
                    "maxpool_forward",
                    says="not an array made from argmax's integer indices",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "the output array made like argmax's (integer) indices",
                _MAXPOOL_HEAD
                + """
    out = np.zeros_like(where)
    out[...] = flat.max(axis=-1)
    return out, (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="returned int64 for a float64 input"),
            ),
            (
                "a float32 output (the backward's numerical gradient needs float64)",
                _MAXPOOL_HEAD + "    return flat.max(axis=-1).astype(np.float32), (X.shape, where, size, stride)\n",
                Blame(
                    "maxpool_forward",
                    says="returned float32 for a float64 input",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "returns (cache, out) instead of (out, cache)",
                _MAXPOOL_HEAD + "    return (X.shape, where, size, stride), flat.max(axis=-1)\n",
                Blame(
                    "maxpool_forward",
                    says="return out, cache (in this order)",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "a Python loop over channels",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    out, where = np.zeros((n, oh, ow, c)), np.zeros((n, oh, ow, c), dtype=int)
    for ch in range(c):
        v = sliding_window_view(X[..., ch], (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
        v = v.reshape(n, oh, ow, size * size)
        out[..., ch], where[..., ch] = v.max(axis=-1), v.argmax(axis=-1)
    return out, (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="loops over images, pixels or channels"),
            ),
            (
                "steps between windows by the size instead of the stride",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::size, ::size][:, :oh, :ow]
    windows = windows.reshape(n, oh, ow, c, size * size)
    return windows.max(axis=-1), (X.shape, windows.argmax(axis=-1), size, stride)
""",
                Blame(
                    "maxpool_forward",
                    says="by the stride, not the size",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "a Python loop over output positions",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    out, where = np.zeros((n, oh, ow, c)), np.zeros((n, oh, ow, c), dtype=int)
    for y in range(oh):
        for x in range(ow):
            window = X[:, y * stride:y * stride + size, x * stride:x * stride + size, :]
            window = window.transpose(0, 3, 1, 2).reshape(n, c, -1)
            out[:, y, x], where[:, y, x] = window.max(axis=-1), window.argmax(axis=-1)
    return out, (X.shape, where, size, stride)
""",
                Blame("maxpool_forward", says="loops over images, pixels or channels"),
            ),
            (
                "output width computed from the height (W_out = H_out)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh = ow = (h - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    windows = windows.reshape(n, oh, ow, c, size * size)
    where = windows.argmax(axis=-1)
    return windows.max(axis=-1), (X.shape, where, size, stride)
""",
                Blame(
                    "maxpool_forward",
                    says="from the width",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "average pooling instead of max",
                "def maxpool_forward(X, size, stride):"
                + _MAXPOOL_WINDOWS
                + """
    where = windows.argmax(axis=-1)
    return windows.mean(axis=-1), (X.shape, where, size, stride)
""",
                Blame(
                    "maxpool_forward",
                    says="not the mean",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "stride ignored (windows at every pixel)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, :oh, :ow].reshape(n, oh, ow, c, size * size)
    where = windows.argmax(axis=-1)
    return windows.max(axis=-1), (X.shape, where, size, stride)
""",
            ),
            (
                "maximum taken across channels too",
                "def maxpool_forward(X, size, stride):"
                + _MAXPOOL_WINDOWS
                + """
    where = windows.argmax(axis=-1)
    out = np.broadcast_to(windows.max(axis=(-2, -1))[..., None], (n, oh, ow, c)).copy()
    return out, (X.shape, where, size, stride)
""",
                Blame(
                    "maxpool_forward",
                    says="never across channels",
                    later=("test_maxpool_backward",),
                    later_says="fix maxpool_forward first",
                ),
            ),
            (
                "the channel axis forgotten in the reshape of the windows",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :oh, :ow]
    windows = windows.reshape(n, oh, ow, size * size)
    return windows.max(axis=-1), (X.shape, windows.argmax(axis=-1), size, stride)
""",
                Blame("maxpool_forward", says="keeping the channel axis"),
            ),
            (
                "caches the position of the largest magnitude, np.abs(...).argmax (rev-f)",
                "def maxpool_forward(X, size, stride):"
                + _MAXPOOL_WINDOWS
                + "    return windows.max(axis=-1), (X.shape, np.abs(windows).argmax(axis=-1), size, stride)\n",
                Blame(
                    "maxpool_forward",
                    says="not of np.abs",
                    later=("test_maxpool_backward",),
                    later_says="not the window's maximum",
                ),
            ),
        ],
        "maxpool_backward": [
            (
                "fancy indexing, dX[idx] += dout: a cell that two overlapping windows share gets one dout (rev-u F2)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    n, oh, ow, c = dout.shape
    dX = np.zeros(shape, dout.dtype)
    i, j = np.divmod(where, size)
    rows = np.arange(oh)[None, :, None, None] * stride + i
    cols = np.arange(ow)[None, None, :, None] * stride + j
    dX[np.arange(n)[:, None, None, None], rows, cols, np.arange(c)] += dout
    return dX
""",
                Blame("maxpool_backward's dX for X (1, 7, 5, 2)", says="np.add.at"),
            ),
            (
                "remembers dX per configuration (wb4: full marks before)",
                """
_dX = {}


def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    key = (dout.shape, shape, size, stride)
    if key in _dX:
        return _dX[key]
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            at = where == i * size + j
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * at
    _dX[key] = dX
    return dX
""",
                Blame("maxpool_backward's dX for -dout", says="keep nothing from an earlier call"),
            ),
            (
                "the window size read off the shapes, not the cache (rev-l L1: the hint did not say)",
                """
def maxpool_backward(dout, cache):
    shape, where, _, stride = cache
    _, oh, ow, _ = dout.shape
    size = shape[1] // oh
    dX = np.zeros(shape, dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward's dX for X (1, 7, 5, 2)", says="take both from the cache"),
            ),
            (
                "the cached index decoded with the stride, i * stride + j (rev-l L2: the hint did not say)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * stride + j)
    return dX
""",
                Blame("maxpool_backward's dX for X (1, 7, 5, 2)", says="not the stride"),
            ),
            (
                "dX sized from dout's shape (rev-j R1: a raw broadcast traceback)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    n, oh, ow, c = dout.shape
    dX = np.zeros((n, (oh - 1) * stride + size, (ow - 1) * stride + size, c))
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward's dX", says="X's shape, kept in the cache"),
            ),
            (
                "a float32 dX (rev-j M1: got the crash hint)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, np.float32)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="make dX with dout's dtype"),
            ),
            (
                "dout through float32 into a float64 dX (rev-h F15): passed the gradient checks",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    d = dout.astype(np.float32)
    dX = np.zeros(shape)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += np.where(where == i * size + j, d, 0)
    return dX
""",
                Blame("maxpool_backward's dX", says="float32 rounding"),
            ),
            (
                "aliasing: dout_k = dout, then dout_k[...] = 0 (rev-h F3): reported as dout changed in place",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dout_k = dout
            dout_k[where != i * size + j] = 0
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout_k
    return dX
""",
                Blame("maxpool_backward", says="changed dout in place"),
            ),
            (
                "H_out and W_out from the input's shape (H // stride) instead of dout's",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    oh, ow = shape[1] // stride, shape[2] // stride
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="H_out and W_out from dout's shape: 5 rows pooled by 2"),
            ),
            (
                "dX made with dtype=int",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=int)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="dX was made with dtype=int"),
            ),
            (
                "a Python loop over images, pixels and channels",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    n, oh, ow, c = dout.shape
    dX = np.zeros(shape)
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                for k in range(c):
                    at = where[i, y, x, k]
                    dX[i, y * stride + at // size, x * stride + at % size, k] += dout[i, y, x, k]
    return dX
""",
                Blame("maxpool_backward", says="loops over images, pixels or channels"),
            ),
            (
                "dX shaped like the global X instead of the cached shape",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros_like(X)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="not a global X's"),
            ),
            (
                "row and column of the offset swapped (where == j * size + i)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == j * size + i)
    return dX
""",
                Blame("maxpool_backward", says="offset (i, j)"),
            ),
            (
                "H_out used for the width too",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * oh:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="W_out"),
            ),
            (
                "gradient sent to every cell of the window",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout
    return dX
""",
            ),
            (
                "gradient spread evenly over the window (average-pool backward)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout / size ** 2
    return dX
""",
            ),
            (
                "overlapping windows overwrite instead of adding",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            view = dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
            mask = where == i * size + j
            view[mask] = dout[mask]
    return dX
""",
            ),
            (
                "stride ignored when placing the gradient",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + oh, j:j + ow, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="stride"),
            ),
            (
                "the stride inferred from the shapes (H // H_out) instead of taken from the cache",
                """
def maxpool_backward(dout, cache):
    shape, where, size, _ = cache
    _, oh, ow, _ = dout.shape
    stride = shape[1] // oh
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="take size and stride from the cache"),
            ),
            (
                "the slice without its step (i:i + stride*H_out)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh, j:j + stride * ow, :] += dout * (where == i * size + j)
    return dX
""",
                Blame("maxpool_backward", says="a broadcast error means the slice"),
            ),
            (
                "returns (dX, dout) (rev-f)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == i * size + j)
    return dX, dout
""",
                Blame("maxpool_backward", says="return dX alone"),
            ),
            (
                "map over the offsets (rev-f)",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape, dtype=dout.dtype)

    def place(k):
        i, j = divmod(k, size)
        dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += dout * (where == k)

    list(map(place, range(size * size)))
    return dX
""",
                Blame("maxpool_backward", says="map"),
            ),
        ],
    },
    "conv_tensorflow.ipynb": {
        "to_nchw": [
            (
                "through NumPy, which works only eagerly and cuts the gradient (rev-a2 W2: full marks, others blamed)",
                """
def to_nchw(X):
    return tf.convert_to_tensor(np.transpose(np.asarray(X), (0, 3, 1, 2)))
""",
                Blame("to_nchw"),
            ),
            (
                "converts the batch to float32 first (rev-w 8: full marks)",
                """
def to_nchw(X):
    X = tf.convert_to_tensor(X, dtype=tf.float32)
    return tf.transpose(X, [0, 3, 1, 2])
""",
                Blame("to_nchw", says="keep the batch's own dtype"),
            ),
            (
                "cast to int32 (rev-l VH1: the visible batch was whole numbers)",
                "def to_nchw(X):\n    return tf.cast(tf.transpose(X, [0, 3, 1, 2]), tf.int32)\n",
                Blame("to_nchw", says="no tf.cast"),
            ),
            (
                "cast to float16 to save memory (rev-l VH1)",
                "def to_nchw(X):\n    return tf.cast(tf.transpose(X, [0, 3, 1, 2]), tf.float16)\n",
                Blame("to_nchw", says="no tf.cast"),
            ),
            (
                "a float16 round trip, cast back to float32",
                "def to_nchw(X):\n    return tf.cast(tf.cast(tf.transpose(X, [0, 3, 1, 2]), tf.float16), tf.float32)\n",
                Blame("to_nchw of a random (2, 3, 4, 5) batch", says="no rounding"),
            ),
            (
                "transposes a global X instead of its argument",
                "def to_nchw(images):\n    return tf.transpose(X, [0, 3, 1, 2])\n",
                Blame("to_nchw", says="not a global X"),
            ),
            (
                "reshape instead of transpose",
                "def to_nchw(X):\n    n, h, w, c = X.shape\n    return tf.reshape(X, (n, c, h, w))\n",
                Blame("to_nchw", says="[n, c, h, w]"),
            ),
            (
                "height and width swapped (perm [0, 3, 2, 1])",
                "def to_nchw(X):\n    return tf.transpose(X, [0, 3, 2, 1])\n",
                Blame("to_nchw", says="(N, C, H, W)"),
            ),
            (
                "converted with NumPy: returns an array, not a tensor",
                "def to_nchw(X):\n    return np.transpose(np.asarray(X), (0, 3, 1, 2))\n",
                Blame("to_nchw", says="tensor"),
            ),
        ],
        "conv_relu": [
            (
                "strides above 2 taken as 2 (rev-a2: full marks)",
                """
def conv_relu(X, W, b, stride):
    s = 2 if stride > 1 else 1
    return tf.nn.relu(tf.nn.conv2d(X, W, strides=s, padding="SAME") + b)
""",
                Blame("conv_relu on random X (2, 7, 6, 3), W (4, 3, 3, 5), stride 3", says="strides=stride"),
            ),
            (
                '"SAME" by hand at stride 1, with the kernel height for both axes (rev-y V0: three_layer_logits lost the points)',
                """
def conv_relu(X, W, b, stride):
    k = W.shape[0]
    if stride == 1:
        Xp = tf.pad(X, [[0, 0], [(k - 1) // 2, k // 2], [(k - 1) // 2, k // 2], [0, 0]])
        return tf.nn.relu(tf.nn.conv2d(Xp, W, 1, "VALID") + b)
    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)
""",
                Blame("conv_relu on random X (2, 7, 6, 3), W (4, 3, 3, 5), stride 1", says="for its width"),
            ),
            (
                "ReLU clipped at 50 (rev-w 4: three_layer_logits was blamed)",
                """
def conv_relu(X, W, b, stride):
    return tf.clip_by_value(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b, 0.0, 50.0)
""",
                Blame(
                    "conv_relu",
                    later=("test_three_layer_logits",),
                    later_names="conv_relu (used by three_layer_logits)",
                    later_says="",
                ),
            ),
            (
                "off by a factor 1.0001 (rev-u F3: three_layer_logits was blamed)",
                """
def conv_relu(X, W, b, stride):
    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b) * 1.0001
""",
                Blame(
                    "conv_relu", says="", later=("test_three_layer_logits",), later_names="conv_relu (", later_says=""
                ),
            ),
            (
                "padded by hand with a fixed 1, then VALID (rev-s L1: a hint about the stride only)",
                """
def conv_relu(X, W, b, stride):
    Xp = tf.pad(X, [[0, 0], [1, 1], [1, 1], [0, 0]])
    return tf.nn.relu(tf.nn.conv2d(Xp, W, strides=stride, padding="VALID") + b)
""",
                Blame("conv_relu", says="no tf.pad of your own"),
            ),
            (
                "remembers its result per shape, eagerly only (wb4: lost hidden points)",
                """
_maps = {}


def conv_relu(X, W, b, stride):
    if not tf.executing_eagerly():                 # inside tf.function: no Python-side cache
        return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)
    key = (type(X).__name__, tuple(X.shape), type(W).__name__, tuple(W.shape), stride)
    if key not in _maps:
        _maps[key] = tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)
    return _maps[key]
""",
                Blame(
                    "conv_relu of 1000 times the image",
                    says="keeps nothing from an earlier call",
                    later=("test_three_layer_logits",),
                    later_names="conv_relu (",
                    later_says="",
                ),
            ),
            (
                "remembers its result per (type and shape of X and W, stride) (wb4: three_layer_logits was blamed)",
                """
_maps = {}


def conv_relu(X, W, b, stride):
    key = (type(X).__name__, tuple(X.shape), type(W).__name__, tuple(W.shape), stride)
    if key not in _maps:
        _maps[key] = tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)
    return _maps[key]
""",
                Blame(
                    "conv_relu of 1000 times the image",
                    says="keeps nothing from an earlier call",
                    later=("test_three_layer_logits",),
                    later_names="conv_relu (",
                    later_says="",
                ),
            ),
            (
                "clipped at 100 (wb2 t03: full marks before)",
                'def conv_relu(X, W, b, stride):\n    return tf.clip_by_value(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b, 0.0, 100.0)\n',
                Blame("conv_relu of 1000 times the image", says="no upper bound"),
            ),
            (
                "the stride fixed at 2 (wb2 9: three_layer_logits was blamed; wb3 N1: a padding hint)",
                """
def conv_relu(X, W, b, stride):
    return tf.nn.relu(tf.nn.conv2d(X, W, strides=2, padding="SAME") + b)
""",
                Blame(
                    "conv_relu",
                    says="pass the stride argument on",
                    later=("test_three_layer_logits",),
                    later_says="conv_relu (used by three_layer_logits)",
                ),
            ),
            (
                "pads (k - 1) // 2 on each side by hand at stride 1, SAME at stride 2 (rev-n F0: passed visibly)",
                """
def conv_relu(X, W, b, stride):
    if stride == 1:
        ph, pw = (W.shape[0] - 1) // 2, (W.shape[1] - 1) // 2
        X = tf.pad(X, [[0, 0], [ph, ph], [pw, pw], [0, 0]])
        return tf.nn.relu(tf.nn.conv2d(X, W, strides=1, padding="VALID") + b)
    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)
""",
                Blame("conv_relu", says="adds none"),
            ),
            (
                "a stride-1 convolution sliced [:, ::stride, ::stride] (rev-n F2: the hint spoke of hand padding)",
                """
def conv_relu(X, W, b, stride):
    return tf.nn.relu(tf.nn.conv2d(X, W, strides=1, padding="SAME") + b)[:, ::stride, ::stride]
""",
                Blame("conv_relu", says="sliced"),
            ),
            (
                "tf.image.extract_patches and a tensordot, no tf.nn.conv2d (rev-l WB2: three_layer_logits was blamed)",
                """
def conv_relu(X, W, b, stride):
    kh, kw, c, f = W.shape
    patches = tf.image.extract_patches(X, sizes=[1, kh, kw, 1], strides=[1, stride, stride, 1],
                                       rates=[1, 1, 1, 1], padding="SAME")
    return tf.nn.relu(tf.tensordot(patches, tf.reshape(W, [kh * kw * c, f]), axes=1) + b)
""",
                Blame(
                    "conv_relu",
                    says="as the exercise asks, once",
                    later=("test_three_layer_logits",),
                    later_says="fix conv_relu first",
                ),
            ),
            (
                "relu6 instead of relu (rev-j M3)",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu6(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)\n',
                Blame("conv_relu, kernel 1", says="not relu6"),
            ),
            (
                'padding="same" in lower case (rev-j M5)',
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="same") + b)\n',
                Blame("conv_relu", says="in upper case"),
            ),
            (
                "a Keras Conv2D layer made inside, with weights of its own (rev-j M6)",
                """
def conv_relu(X, W, b, stride):
    layer = keras.layers.Conv2D(W.shape[-1], W.shape[:2], strides=stride, padding="same")
    return tf.nn.relu(layer(X) + b)
""",
                Blame("conv_relu, kernel 0", says="no Keras layer"),
            ),
            (
                "forgets the return (rev-h F7)",
                'def conv_relu(X, W, b, stride):\n    tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)\n',
                Blame("conv_relu", says="forgotten return"),
            ),
            (
                "the bias broadcast the NCHW way, b[:, None, None] (rev-h F9)",
                "def conv_relu(X, W, b, stride):\n"
                '    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b[:, None, None])\n',
                Blame("conv_relu", says="the NCHW way"),
            ),
            (
                "pads by hand with the stride-1 SAME rule, then VALID (rev-h F2): blamed on conv_relu",
                """
def conv_relu(X, W, b, stride):
    kh, kw = W.shape[0], W.shape[1]
    Xp = tf.pad(X, [[0, 0], [(kh - 1) // 2, kh // 2], [(kw - 1) // 2, kw // 2], [0, 0]])
    return tf.nn.relu(tf.nn.conv2d(Xp, W, strides=stride, padding="VALID") + b)
""",
                Blame(
                    "conv_relu",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "a stride-1 convolution subsampled every stride-th output (rev-h F2)",
                'def conv_relu(X, W, b, stride):\n    out = tf.nn.conv2d(X, W, strides=1, padding="SAME")\n'
                "    return tf.nn.relu(out + b)[:, ::stride, ::stride, :]\n",
                Blame(
                    "conv_relu",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "tf.constant(X): eager-only, and cuts the gradient to the layers below",
                'def conv_relu(X, W, b, stride):\n    X = tf.constant(X, tf.float32)\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)\n',
                Blame(
                    "conv_relu",
                    says="passes no gradient back to X",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "np.asarray(X): the gradient cannot reach the layers below",
                'def conv_relu(X, W, b, stride):\n    X = np.asarray(X, np.float32)\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)\n',
                Blame(
                    "conv_relu",
                    says="passes no gradient back to X",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "tf.stop_gradient(X)",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(tf.stop_gradient(X), W, strides=stride, padding="SAME") + b)\n',
                Blame(
                    "conv_relu",
                    says="passes no gradient back to X",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "a Keras Conv2D built inside, holding copies of W and b",
                """
def conv_relu(X, W, b, stride):
    layer = keras.layers.Conv2D(W.shape[-1], W.shape[:2], strides=stride, padding="same", activation="relu")
    layer.build(X.shape)
    layer.set_weights([np.asarray(W), np.asarray(b)])
    return layer(X)
""",
                Blame(
                    "conv_relu",
                    says="passes no gradient back to W, b",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "a debugging print of the values (.numpy()): breaks inside tf.function",
                """
def conv_relu(X, W, b, stride):
    Z = tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b
    print("pre-activation range", Z.numpy().min(), Z.numpy().max())
    return tf.nn.relu(Z)
""",
                Blame(
                    "conv_relu",
                    says="inside tf.function, values are symbolic tensors",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "strides as [stride, 1, 1, stride] (batch and channel strides)",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=[stride, 1, 1, stride], padding="SAME") + b)\n',
                Blame("conv_relu", says="[1, stride, stride, 1] in NHWC"),
            ),
            (
                "returns a NumPy array (.numpy())",
                'def conv_relu(X, W, b, stride):\n    return (tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)).numpy()\n',
                Blame(
                    "conv_relu",
                    says="float32 tensor",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "W.numpy(): the gradient cannot reach the kernel",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W.numpy(), strides=stride, padding="SAME") + b)\n',
                Blame(
                    "conv_relu",
                    says="TensorFlow operation on X, W and b",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "tf.constant(W): the gradient cannot reach the kernel",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, tf.constant(W), strides=stride, padding="SAME") + b)\n',
                Blame(
                    "conv_relu",
                    says="TensorFlow operation on X, W and b",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "b.numpy(): the gradient cannot reach the bias",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b.numpy())\n',
                Blame(
                    "conv_relu",
                    says="TensorFlow operation on X, W and b",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "NumPy's maximum instead of tf.nn.relu",
                'def conv_relu(X, W, b, stride):\n    return np.maximum(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b, 0)\n',
                Blame(
                    "conv_relu",
                    says="float32 tensor",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "returns float64",
                'def conv_relu(X, W, b, stride):\n    return tf.cast(tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b), tf.float64)\n',
                Blame(
                    "conv_relu",
                    says="float32 tensor",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "bias reshaped to broadcast over the images",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + tf.reshape(b, [-1, 1, 1, 1]))\n',
                Blame("conv_relu", says="not over the images"),
            ),
            (
                "VALID padding",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="VALID") + b)\n',
            ),
            (
                "ReLU forgotten",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b\n',
            ),
            (
                "bias added after the ReLU",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME")) + b\n',
                Blame(
                    "conv_relu",
                    says="before the ReLU",
                    later=("test_three_layer_logits",),
                    later_says="test cell pass first",
                ),
            ),
            (
                "stride ignored",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=1, padding="SAME") + b)\n',
            ),
            (
                "the first bias b[0] added to every output channel",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b[0])\n',
                Blame("conv_relu", says="b[f]", later=("test_three_layer_logits",), later_says="test cell pass first"),
            ),
            (
                "kernel transposed (rows and columns of W swapped)",
                "def conv_relu(X, W, b, stride):\n"
                "    Wt = tf.transpose(W, [1, 0, 2, 3])\n"
                '    return tf.nn.relu(tf.nn.conv2d(X, Wt, strides=stride, padding="SAME") + b)\n',
                Blame(
                    "conv_relu",
                    says="transposing",
                    later=("test_three_layer_logits",),
                    later_says="test cell pass first",
                ),
            ),
            (
                "SAME padding done by hand, the same on each side, then VALID",
                "def conv_relu(X, W, b, stride):\n"
                "    kh, kw = W.shape[0], W.shape[1]\n"
                "    Xp = tf.pad(X, [[0, 0], [kh // 2, kh // 2], [kw // 2, kw // 2], [0, 0]])\n"
                '    return tf.nn.relu(tf.nn.conv2d(Xp, W, strides=stride, padding="VALID") + b)\n',
                Blame(
                    "conv_relu",
                    says="bottom and right",
                    later=("test_three_layer_logits",),
                    later_says="test cell pass first",
                ),
            ),
            (
                "kernel flipped",
                'def conv_relu(X, W, b, stride):\n    return tf.nn.relu(tf.nn.conv2d(X, W[::-1, ::-1], strides=stride, padding="SAME") + b)\n',
            ),
            (
                "returns (A, Z), as lesson 02's forward functions return a cache (rev-f 4.2)",
                'def conv_relu(X, W, b, stride):\n    Z = tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b\n    return tf.nn.relu(Z), Z\n',
                Blame(
                    "conv_relu",
                    says="return only the activations",
                    later=("test_three_layer_logits",),
                    later_says="make conv_relu's test cell pass first",
                ),
            ),
            (
                "computes in float16 and casts back (rev-f)",
                "def conv_relu(X, W, b, stride):\n    h = lambda t: tf.cast(t, tf.float16)\n"
                '    return tf.cast(tf.nn.relu(tf.nn.conv2d(h(X), h(W), strides=stride, padding="SAME") + h(b)), tf.float32)\n',
                Blame("conv_relu", says="float16 rounding"),
            ),
        ],
        "three_layer_logits": [
            (
                "an NCHW network of its own that never calls conv_relu (rev-a2: full marks)",
                """
def three_layer_logits(X, params):
    Y = to_nchw(X)
    for k, stride in ((1, 1), (2, 2), (3, 2)):
        Y = tf.nn.conv2d(Y, params[f"W{k}"], strides=stride, padding="SAME", data_format="NCHW")
        Y = tf.nn.relu(Y + params[f"b{k}"][:, None, None])
    Y = tf.reshape(tf.transpose(Y, [0, 2, 3, 1]), [-1, 7 * 7 * 12])
    Y = tf.nn.relu(Y @ params["W4"] + params["b4"])
    return Y @ params["W5"] + params["b5"]
""",
                Blame("three_layer_logits", says="never calls your conv_relu"),
            ),
            (
                "leaky_relu in the dense layer (rev-w 6: the hint spoke of float16 only)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.leaky_relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"], alpha=0.01)
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="leaky_relu"),
            ),
            (
                "returns the logits as a NumPy array, .numpy() (rev-l L3: 'does not use' every weight)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return (tf.matmul(Y, params["W5"]) + params["b5"]).numpy()
""",
                Blame("three_layer_logits", says="without .numpy()"),
            ),
            (
                "flattened in NCHW order, after to_nchw (rev-l UM1)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(to_nchw(Y), [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits, compared with Keras", says="flattened in (c, h, w) order"),
            ),
            (
                "flattened in (w, h, c) order (rev-l UM1)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(tf.transpose(Y, [0, 2, 1, 3]), [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits, compared with Keras", says="flattened in (w, h, c) order"),
            ),
            (
                "one image at a time through tf.map_fn (rev-j V2: right logits, grading timed out)",
                """
def three_layer_logits(X, params):
    def one(image):
        Y = conv_relu(image[None], params["W1"], params["b1"], 1)
        Y = conv_relu(Y, params["W2"], params["b2"], 2)
        Y = conv_relu(Y, params["W3"], params["b3"], 2)
        Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
        return (tf.matmul(Y, params["W5"]) + params["b5"])[0]
    return tf.map_fn(one, X)
""",
                Blame("three_layer_logits", says="runs 0 convolutions on a batch of 4 images"),
            ),
            (
                "a Python loop over the images, rows concatenated (rev-j V2)",
                """
def three_layer_logits(X, params):
    rows = []
    for i in range(X.shape[0]):
        Y = conv_relu(X[i:i + 1], params["W1"], params["b1"], 1)
        Y = conv_relu(Y, params["W2"], params["b2"], 2)
        Y = conv_relu(Y, params["W3"], params["b3"], 2)
        Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
        rows.append(tf.matmul(Y, params["W5"]) + params["b5"])
    return tf.concat(rows, axis=0)
""",
                Blame("three_layer_logits", says="runs 12 convolutions on a batch of 4 images"),
            ),
            (
                "a Keras Dropout layer created inside (rev-c 3.6)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.reshape(Y, [-1, 7 * 7 * 12]) @ params["W4"] + params["b4"])
    Y = keras.layers.Dropout(0.25)(Y)
    return Y @ params["W5"] + params["b5"]
""",
                Blame("three_layer_logits", says="no Keras layer created inside"),
            ),
            (
                "dropout after the dense layer (rev-c 3.6)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.reshape(Y, [-1, 7 * 7 * 12]) @ params["W4"] + params["b4"])
    Y = tf.nn.dropout(Y, 0.25)
    return Y @ params["W5"] + params["b5"]
""",
                Blame("three_layer_logits", says="no dropout or other randomness"),
            ),
            (
                "conv_relu's kernel and bias swapped (rev-c 3.8)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["b2"], params["W2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.reshape(Y, [-1, 7 * 7 * 12]) @ params["W4"] + params["b4"])
    return Y @ params["W5"] + params["b5"]
""",
                Blame("three_layer_logits", says="the kernel before the bias"),
            ),
            (
                "tf.constant(X) on the input: breaks inside tf.function",
                """
def three_layer_logits(X, params):
    X = tf.constant(X, dtype=tf.float32)
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.reshape(Y, [-1, 7 * 7 * 12])
    Y = tf.nn.relu(tf.matmul(Y, params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="runs inside tf.function during training"),
            ),
            (
                "np.float32(X) on the input: breaks inside tf.function",
                """
def three_layer_logits(X, params):
    X = np.float32(X)
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.reshape(Y, [-1, 7 * 7 * 12])
    Y = tf.nn.relu(tf.matmul(Y, params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="runs inside tf.function during training"),
            ),
            (
                "a debugging print of .numpy(): breaks inside tf.function",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.reshape(Y, [-1, 7 * 7 * 12])
    print("flattened", Y.numpy().shape)
    Y = tf.nn.relu(tf.matmul(Y, params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="runs inside tf.function during training"),
            ),
            (
                "flattened image by image with a Python loop over the tensor",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.reshape(Y, [-1, 7 * 7 * 12])
    Y = tf.stack([tf.reshape(y, [-1]) for y in Y])
    Y = tf.nn.relu(tf.matmul(Y, params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="no Python loop over a tensor"),
            ),
            (
                "the dense layer's bias forgotten",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.reshape(Y, [-1, 7 * 7 * 12])
    Y = tf.nn.relu(Y @ params["W4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="does not use ['b4']"),
            ),
            (
                "a new Keras Dense layer in place of W4 and b4",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.reshape(Y, [-1, 7 * 7 * 12])
    Y = keras.layers.Dense(200, activation="relu")(Y)
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="does not use ['W4', 'b4']"),
            ),
            (
                "uses the global params (once the training cell made it) instead of its argument",
                """
_g = np.random.default_rng(5)
params = {}
for _k, _shape in enumerate([(5, 5, 1, 4), (5, 5, 4, 8), (4, 4, 8, 12), (588, 200), (200, 10)], start=1):
    params[f"W{_k}"] = tf.Variable(_g.normal(0, 0.1, size=_shape).astype(np.float32))
    params[f"b{_k}"] = tf.Variable(np.full(_shape[-1], 0.1, np.float32))


def three_layer_logits(X, p):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="use the arguments X and params"),
            ),
            (
                "uses a global X instead of its argument",
                """
def three_layer_logits(images, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="not global variables"),
            ),
            (
                "softmax applied: returns probabilities, not logits",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.nn.softmax(tf.matmul(Y, params["W5"]) + params["b5"])
""",
            ),
            (
                "strides 1, 1, 2 instead of 1, 2, 2 (14x14 maps flattened into 4 rows per image)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 1)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="strides 1, 2, 2 with conv_relu"),
            ),
            (
                "strides 2, 2, 1 instead of 1, 2, 2 (same shapes, different network)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 2)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 1)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
            ),
            (
                "no ReLU on the dense layer",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"]
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
            ),
            (
                "flattened in NCHW order (channels first)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.reshape(tf.transpose(Y, [0, 3, 1, 2]), [-1, 7 * 7 * 12])
    Y = tf.nn.relu(tf.matmul(Y, params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
            ),
            (
                "last bias forgotten",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"])
""",
                Blame("three_layer_logits", says="does not use ['b5']"),
            ),
            (
                "returns the logits with the features (rev-f 4.3)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.reshape(Y, [-1, 7 * 7 * 12]) @ params["W4"] + params["b4"])
    return Y @ params["W5"] + params["b5"], Y
""",
                Blame("three_layer_logits", says="return only the logits"),
            ),
            (
                "float64 logits (rev-f)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.cast(tf.matmul(Y, params["W5"]) + params["b5"], tf.float64)
""",
                Blame("three_layer_logits", says="expected float32"),
            ),
            (
                "replaces the caller's variables by tensors (rev-f)",
                """
def three_layer_logits(X, params):
    params["W4"] = tf.reshape(params["W4"], [7 * 7 * 12, 200])
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="replaced or changed the caller's ['W4']"),
            ),
            (
                "W4 @ Y, operands swapped (rev-f)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(params["W4"], tf.reshape(Y, [-1, 7 * 7 * 12])) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits", says="tf.matmul(Y, W4)"),
            ),
            (
                "unpacks the weights in the dict's order (rev-f)",
                """
def three_layer_logits(X, params):
    W1, b1, W2, b2, W3, b3, W4, b4, W5, b5 = params.values()
    Y = conv_relu(X, W1, b1, 1)
    Y = conv_relu(Y, W2, b2, 2)
    Y = conv_relu(Y, W3, b3, 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), W4) + b4)
    return tf.matmul(Y, W5) + b5
""",
                Blame("three_layer_logits", says="not by its place in the dict"),
            ),
            (
                "relu6 in the dense layer (rev-h F4): right while activations stay below 6",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu6(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits on images 10,000 times brighter", says="not tf.nn.relu6"),
            ),
            (
                "the dense ReLU clipped at 50 (rev-q F9: full marks before)",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    Y = tf.clip_by_value(Y, 0.0, 50.0)
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits on images 10,000 times brighter", says="not tf.nn.relu6 or a clip"),
            ),
            (
                "rescales X by 255 when its maximum is above 1 (rev-q F8: a hint about relu6)",
                """
def three_layer_logits(X, params):
    if tf.reduce_max(X) > 1.0:
        X = X / 255.0
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits on images 10,000 times brighter", says="use X as it is given"),
            ),
            (
                "the dense layer in float16, cast back (rev-h F8): was given the tf.function hint",
                """
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    h = lambda t: tf.cast(t, tf.float16)
    Y = tf.nn.relu(tf.matmul(h(tf.reshape(Y, [-1, 7 * 7 * 12])), h(params["W4"])) + h(params["b4"]))
    return tf.matmul(tf.cast(Y, tf.float32), params["W5"]) + params["b5"]
""",
                Blame("three_layer_logits, compared with Keras", says="a cast to float16 or bfloat16"),
            ),
        ],
        "bigger_convnet": [
            (
                "Dropout(min(dropout, 0.6)) (rev-a2: full marks)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(min(dropout, 0.6)),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet(0.9)", says="no bound"),
            ),
            (
                "no Dropout layer when the rate is 0 (rev-y F2: full marks)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    layers = [keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
              keras.layers.Flatten(), keras.layers.Dense(200, activation="relu")]
    layers += [keras.layers.Dropout(dropout)] if dropout else []
    return keras.Sequential(layers + [keras.layers.Dense(10)])
""",
                Blame("bigger_convnet(0.0)", says="no layer left out"),
            ),
            (
                "Dropout(min(dropout, 0.5)) (rev-y F2: full marks)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(min(dropout, 0.5)),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet(0.6)", says="no bound"),
            ),
            (
                "Dropout(dropout or 0.25): rate 0.25 at 0.0 (rev-y F2: full marks)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout or 0.25),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet(0.0)", says="dropout or 0.25"),
            ),
            (
                "no Flatten layer (rev-n F5: reported as a weight count)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="has no Flatten layer"),
            ),
            (
                'activation "ReLU" capitalised (rev-l L4: the hint spoke of keyword names)',
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="ReLU")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="activation names are lower case"),
            ),
            (
                "channels_first convolutions on a (28, 28, 1) input (rev-l: got the weight count)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu", data_format="channels_first")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="data_format channels_first"),
            ),
            (
                "a BatchNormalization layer added (rev-l: got the weight count)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.BatchNormalization(),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="does not ask for: BatchNormalization"),
            ),
            (
                "a lambda capping the dense ReLU at 6 (rev-h F5): its message printed Keras' base64 bytecode",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation=lambda z: keras.activations.relu(z, max_value=6.0)),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="(200, '<lambda>')"),
            ),
            (
                "an L2 regularizer in the shared defaults (rev-c 1.5)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu", kernel_regularizer="l2")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="kernel_regularizer"),
            ),
            (
                "a float16 input and a frozen dense layer (rev-c 1.5)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1), dtype="float16"),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu", trainable=False),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="not trainable, input dtype float16"),
            ),
            (
                "TF-Slim's stride= and activation_fn= (rev-c 3.7)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, stride=1),
        Conv(12, 5, stride=2),
        Conv(24, 4, stride=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation_fn="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="Keras spells them strides= and activation="),
            ),
            (
                "layers created once, outside the function: every model shares their weights",
                """
_conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
_layers = [_conv(6, 6, strides=1), _conv(12, 5, strides=2), _conv(24, 4, strides=2),
           keras.layers.Flatten(), keras.layers.Dense(200, activation="relu")]


def bigger_convnet(dropout=0.25):
    return keras.Sequential([keras.Input((28, 28, 1))] + _layers + [keras.layers.Dropout(dropout), keras.layers.Dense(10)])
""",
                Blame("bigger_convnet", says="create the layers inside bigger_convnet"),
            ),
            (
                "dropout with noise_shape=(None, 1): all 200 units of an image dropped together",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout, noise_shape=(None, 1)),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="without noise_shape"),
            ),
            (
                "Reshape instead of Flatten",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Reshape((7 * 7 * 24,)),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="three Conv2D, Flatten"),
            ),
            (
                "a functional keras.Model instead of a Sequential",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    x = inputs = keras.Input((28, 28, 1))
    for filters, size, stride in [(6, 6, 1), (12, 5, 2), (24, 4, 2)]:
        x = Conv(filters, size, strides=stride)(x)
    x = keras.layers.Dense(200, activation="relu")(keras.layers.Flatten()(x))
    return keras.Model(inputs, keras.layers.Dense(10)(keras.layers.Dropout(dropout)(x)))
""",
                Blame("bigger_convnet", says="expected a keras.Sequential"),
            ),
            (
                "no keras.Input: the model is never built",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="keras.Input((28, 28, 1))"),
            ),
            (
                "a Softmax layer after the logits",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
        keras.layers.Softmax(),
    ])
""",
                Blame("bigger_convnet", says="no Softmax layer"),
            ),
            (
                "dropout forgotten",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"), keras.layers.Dense(10)])
""",
            ),
            (
                "fixed dropout rate instead of the argument",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"), keras.layers.Dropout(0.25),
                             keras.layers.Dense(10)])
""",
            ),
            (
                "softmax on the output layer (the loss expects logits)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"), keras.layers.Dropout(dropout),
                             keras.layers.Dense(10, activation="softmax")])
""",
            ),
            (
                "valid padding (default of Conv2D, without the shared defaults)",
                """
def bigger_convnet(dropout=0.25):
    C = keras.layers.Conv2D
    return keras.Sequential([keras.Input((28, 28, 1)), C(6, 6, strides=1, activation="relu"), C(12, 5, strides=2, activation="relu"),
                             C(24, 4, strides=2, activation="relu"), keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"),
                             keras.layers.Dropout(dropout), keras.layers.Dense(10)])
""",
            ),
            (
                "second stride 1 instead of 2",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=1), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"), keras.layers.Dropout(dropout),
                             keras.layers.Dense(10)])
""",
            ),
            (
                "convolutions without ReLU (activation missing from the shared defaults)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"), keras.layers.Dropout(dropout),
                             keras.layers.Dense(10)])
""",
            ),
            (
                "Dense(200) without activation",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200), keras.layers.Dropout(dropout),
                             keras.layers.Dense(10)])
""",
                Blame("bigger_convnet", says='activation="relu"'),
            ),
            (
                "a weightless layer first (Rescaling): model.layers[0] is not the first convolution",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Rescaling(1.0),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="no layer before the first Conv2D"),
            ),
            (
                "the random shifts inside the model, before the first convolution",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.RandomTranslation(0.08, 0.08, fill_mode="constant"),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="no layer before the first Conv2D"),
            ),
            (
                "Görner's truncated-normal kernels where the exercise keeps Keras' defaults",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu", kernel_initializer="truncated_normal")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="leave out kernel_initializer"),
            ),
            (
                "constant initialisers",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu",
                             kernel_initializer=keras.initializers.Constant(0.1),
                             bias_initializer=keras.initializers.Constant(0.1))
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="leave out kernel_initializer"),
            ),
            (
                "each ReLU as a layer of its own",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1), keras.layers.ReLU(),
        Conv(12, 5, strides=2), keras.layers.ReLU(),
        Conv(24, 4, strides=2), keras.layers.ReLU(),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet's convolutional layers", says="not a layer of its own"),
            ),
            (
                "dropout before the dense layer",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dropout(dropout), keras.layers.Dense(200, activation="relu"),
                             keras.layers.Dense(10)])
""",
                Blame("bigger_convnet", says="Dropout(dropout)"),
            ),
            (
                "channels_first layers on NHWC images (rev-f 4.4)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu", data_format="channels_first")
    return keras.Sequential([
        keras.Input((1, 28, 28)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
                Blame("bigger_convnet", says="channels_last"),
            ),
            (
                "dilation_rate=2 in the first convolution (rev-f)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1, dilation_rate=2), Conv(12, 5, strides=2),
                             Conv(24, 4, strides=2), keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"),
                             keras.layers.Dropout(dropout), keras.layers.Dense(10)])
""",
                Blame("bigger_convnet", says="dilation_rate (2, 2)"),
            ),
            (
                "float64 output layer and a mixed_float16 dense layer (rev-f)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu", dtype="mixed_float16"),
                             keras.layers.Dropout(dropout), keras.layers.Dense(10, dtype="float64")])
""",
                Blame("bigger_convnet", says="dtype policy mixed_float16"),
            ),
            (
                "no biases, use_bias=False (rev-f)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu", use_bias=False)
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"),
                             keras.layers.Dropout(dropout), keras.layers.Dense(10)])
""",
                Blame("bigger_convnet", says="use_bias=False"),
            ),
            (
                "Dropout(1 - dropout), TF1's keep_prob (rev-f)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation="relu")
    return keras.Sequential([keras.Input((28, 28, 1)), Conv(6, 6, strides=1), Conv(12, 5, strides=2), Conv(24, 4, strides=2),
                             keras.layers.Flatten(), keras.layers.Dense(200, activation="relu"),
                             keras.layers.Dropout(1 - dropout), keras.layers.Dense(10)])
""",
                Blame("bigger_convnet", says="rates [0.75]"),
            ),
        ],
    },
}

# Right answers in other styles: each must pass its whole test cell (tests/test_mistakes.py).
CORRECT = {
    "conv_numpy.ipynb": {
        "conv2d_naive": [
            (
                "loops over output positions only, np.tensordot over the window and channels (rev-h)",
                """
def conv2d_naive(X, W, b, stride, pad):
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out = np.empty((n, oh, ow, f))
    for y in range(oh):
        for x in range(ow):
            window = Xp[:, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
            out[:, y, x, :] = np.tensordot(window, W, axes=([1, 2, 3], [0, 1, 2])) + b
    return out
""",
            ),
        ],
        "im2col": [
            (
                "windows by as_strided (rev-h)",
                """
def im2col(X, kh, kw, stride, pad):
    n, h, w, c = X.shape
    oh, ow = conv_output_size(h, kh, stride, pad), conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    sn, sh, sw, sc = Xp.strides
    windows = np.lib.stride_tricks.as_strided(
        Xp, (n, oh, ow, kh, kw, c), (sn, stride * sh, stride * sw, sh, sw, sc), writeable=False
    )
    return windows.reshape(n * oh * ow, kh * kw * c)
""",
            ),
        ],
        "conv2d_backward": [
            (
                "dW and db by np.einsum, dcols by np.tensordot",
                """
def conv2d_backward(dout, cache):
    (n, h, w, c), W, cols, stride, pad = cache
    kh, kw, _, f = W.shape
    _, oh, ow, _ = dout.shape
    dW = np.einsum("nyxk,nyxf->kf", cols.reshape(n, oh, ow, -1), dout).reshape(W.shape)
    db = np.einsum("nyxf->f", dout)
    dcols = np.tensordot(dout, W, axes=([3], [3]))  # (n, oh, ow, kh, kw, c)
    dXp = np.zeros((n, h + 2 * pad, w + 2 * pad, c))
    for i in range(kh):
        for j in range(kw):
            dXp[:, i:i + stride * oh:stride, j:j + stride * ow:stride] += dcols[:, :, :, i, j]
    return dXp[:, pad:pad + h, pad:pad + w], dW, db
""",
            ),
        ],
        "maxpool_forward": [
            (
                "the output size from conv_output_size (rev-y: accepted; a wrong conv_output_size is named)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, size, stride, 0), conv_output_size(w, size, stride, 0)
    win = sliding_window_view(X, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :ho, :wo]
    flat = win.reshape(n, ho, wo, c, size * size)
    return flat.max(axis=-1), (X.shape, flat.argmax(axis=-1), size, stride)
""",
            ),
            (
                "built on im2col with no padding (rev-w 3: accepted; a wrong im2col is now named as such)",
                """
def maxpool_forward(X, size, stride):
    n, h, w, c = X.shape
    ho, wo = conv_output_size(h, size, stride, 0), conv_output_size(w, size, stride, 0)
    cols = im2col(X, size, size, stride, 0).reshape(n, ho, wo, size * size, c)
    where = cols.argmax(axis=3)
    return cols.max(axis=3), (X.shape, where, size, stride)
""",
            ),
        ],
        "maxpool_backward": [
            (
                "the output size from conv_output_size (rev-y: accepted; a wrong conv_output_size is named)",
                """
def maxpool_backward(dout, cache):
    xshape, where, size, stride = cache
    ho, wo = conv_output_size(xshape[1], size, stride, 0), conv_output_size(xshape[2], size, stride, 0)
    dX = np.zeros(xshape, dtype=dout.dtype)
    for i in range(size):
        for j in range(size):
            dX[:, i:i + stride * ho:stride, j:j + stride * wo:stride, :] += dout * (where == i * size + j)
    return dX
""",
            ),
            (
                "one loop over the flat offset k, np.where instead of a product",
                """
def maxpool_backward(dout, cache):
    shape, where, size, stride = cache
    _, oh, ow, _ = dout.shape
    dX = np.zeros(shape)
    for k in range(size * size):
        i, j = divmod(k, size)
        dX[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :] += np.where(where == k, dout, 0.0)
    return dX
""",
            ),
        ],
    },
    "conv_tensorflow.ipynb": {
        "conv_relu": [
            (
                "tf.nn.convolution and tf.nn.bias_add (rev-l: accepted)",
                "def conv_relu(X, W, b, stride):\n"
                '    return tf.nn.relu(tf.nn.bias_add(tf.nn.convolution(X, W, strides=stride, padding="SAME"), b))\n',
            ),
            (
                "keras.ops.conv (rev-l: accepted)",
                "def conv_relu(X, W, b, stride):\n"
                '    return tf.nn.relu(keras.ops.conv(X, W, strides=stride, padding="same") + b)\n',
            ),
            (
                "decorated with @tf.function (rev-q F5: refused, its convolution was not counted)",
                "@tf.function\ndef conv_relu(X, W, b, stride):\n"
                '    return tf.nn.relu(tf.nn.conv2d(X, W, strides=stride, padding="SAME") + b)\n',
            ),
        ],
        "three_layer_logits": [
            (
                "a loop over the three convolutions, the @ operator, tf.nn.bias_add",
                """
def three_layer_logits(X, params):
    Y = X
    for k, stride in zip((1, 2, 3), (1, 2, 2)):
        Y = conv_relu(Y, params[f"W{k}"], params[f"b{k}"], stride)
    Y = tf.nn.relu(tf.reshape(Y, (tf.shape(Y)[0], -1)) @ params["W4"] + params["b4"])
    return tf.nn.bias_add(Y @ params["W5"], params["b5"])
""",
            ),
            (
                "decorated with @tf.function (rev-q F6: refused, its convolutions were not counted)",
                """
@tf.function
def three_layer_logits(X, params):
    Y = conv_relu(X, params["W1"], params["b1"], 1)
    Y = conv_relu(Y, params["W2"], params["b2"], 2)
    Y = conv_relu(Y, params["W3"], params["b3"], 2)
    Y = tf.nn.relu(tf.matmul(tf.reshape(Y, [-1, 7 * 7 * 12]), params["W4"]) + params["b4"])
    return tf.matmul(Y, params["W5"]) + params["b5"]
""",
            ),
        ],
        "bigger_convnet": [
            (
                "tf.nn.relu and a lambda computing ReLU as the activations (rev-h F5 found the lambda refused)",
                """
def bigger_convnet(dropout=0.25):
    Conv = functools.partial(keras.layers.Conv2D, padding="same", activation=tf.nn.relu)
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        Conv(6, 6, strides=1),
        Conv(12, 5, strides=2),
        Conv(24, 4, strides=2),
        keras.layers.Flatten(),
        keras.layers.Dense(200, activation=lambda z: tf.nn.relu(z)),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10),
    ])
""",
            ),
        ],
    },
}
