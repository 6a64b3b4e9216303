"""Typical mistakes for lesson 01. Each one, put in place of the solution, must fail its test cell.

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell[,
Blame]): see tests/mistakes/__init__.py.
"""

from tests.mistakes import Blame

VISIBLE = True  # every mistake here is caught by the visible tests (tests/test_mistakes.py checks it)

MISTAKES = {
    "softmax_numpy.ipynb": {
        "softmax": [
            (
                "the maximum of the first three columns only (rev-a4: full marks)",
                """
def softmax(Z):
    S = Z - np.max(Z[:, :3], axis=1, keepdims=True)
    E = np.exp(S)
    return E / np.sum(E, axis=1, keepdims=True)
""",
                Blame("softmax", says="every column counts"),
            ),
            (
                "one output array per shape, overwritten by the next call (rev-a1 3: full marks)",
                """
_buffers = {}


def softmax(Z):
    out = _buffers.setdefault((Z.shape, Z.dtype.str), np.empty_like(Z))
    np.subtract(Z, Z.max(axis=1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=1, keepdims=True)
    return out
""",
                Blame("softmax", says="out=buffer"),
            ),
            (
                "the probabilities clipped to [1e-12, 1] (rev-x: forward's prerequisite was stricter)",
                """
def softmax(Z):
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return np.clip(E / np.sum(E, axis=1, keepdims=True), 1e-12, 1.0)
""",
                Blame("softmax of [0, -40, -100, ...", says="no np.clip of the probabilities"),
            ),
            (
                "the maximum subtracted only when a score is above 500 (rev-x: full marks)",
                """
def softmax(Z):
    if np.max(Z) > 500:
        Z = Z - np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
""",
                Blame("softmax of [-1000, -1000 + ln 3, -2000", says="not only when"),
            ),
            (
                "the row mean subtracted, the exponents capped at 700 (rev-x 1: passed the visible tests)",
                """
def softmax(Z):
    E = np.exp(np.minimum(Z - Z.mean(axis=1, keepdims=True), 700))
    return E / E.sum(axis=1, keepdims=True)
""",
                Blame("softmax of [0, 3000, 3000 + ln 3, 1]", says="no cap is needed"),
            ),
            (
                "divides by the sum of the unshifted exponentials (rev-v 7: the hint spoke of axis=0)",
                """
def softmax(Z):
    m = np.max(Z, axis=1, keepdims=True)
    return np.exp(Z - m) / np.sum(np.exp(Z), axis=1, keepdims=True)
""",
                Blame("sum of each row of softmax", says="not of np.exp(Z)"),
            ),
            (
                "remembers its result per shape and first score (rev-v 5: gradients was blamed)",
                """
_c = {}


def softmax(Z):
    key = (Z.shape, float(Z[0, 0]))
    if key not in _c:
        E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
        _c[key] = E / np.sum(E, axis=1, keepdims=True)
    return _c[key]
""",
                Blame("softmax of the random scores with Z[2, 3] changed", says="not even under a key"),
            ),
            (
                "returns a np.matrix (rev-r W2: a later cross_entropy was blamed)",
                """
def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return np.asmatrix(E / E.sum(axis=1, keepdims=True))
""",
                Blame(
                    "softmax",
                    says="np.matrix",
                    later=("test_forward", "test_gradients"),
                    later_names="softmax (not",
                    later_says="",
                ),
            ),
            (
                "remembers its result per shape of Z (wb4 B: forward and gradients were blamed)",
                """
_softmax_memo = {}


def softmax(Z):
    if Z.shape not in _softmax_memo:
        shifted = Z - np.max(Z, axis=1, keepdims=True)
        exps = np.exp(shifted)
        _softmax_memo[Z.shape] = exps / np.sum(exps, axis=1, keepdims=True)
    return _softmax_memo[Z.shape]
""",
                Blame(
                    "softmax",
                    says="keep nothing from an earlier call",
                    later=("test_forward", "test_gradients"),
                    later_names="softmax (not",
                    later_says="",
                ),
            ),
            (
                "shifts by the first score (rev-m F8: a correct forward was blamed)",
                "def softmax(Z):\n    e = np.exp(Z - Z[:, :1])\n    return e / e.sum(axis=1, keepdims=True)\n",
                Blame(
                    "softmax",
                    says="nor its first or last score",
                    later=("test_forward",),
                    later_says="softmax (not forward)",
                ),
            ),
            (
                "shifts by the largest |z| (rev-m F8: a correct forward was blamed)",
                "def softmax(Z):\n    e = np.exp(Z - np.abs(Z).max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)\n",
                Blame("softmax", says="largest |z|", later=("test_forward",), later_says="softmax (not forward)"),
            ),
            (
                "shifts by the last column instead of the row maximum (rev-i)",
                "def softmax(Z):\n    e = np.exp(Z - Z[:, -1:])\n    return e / e.sum(axis=1, keepdims=True)\n",
                Blame(
                    "softmax",
                    says="nor its first or last score",
                    later=("test_forward",),
                    later_says="fix softmax first",
                ),
            ),
            (
                "an epsilon added to the exponentials, the numerator too (rev-m F5: got the float32 hint)",
                "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=1, keepdims=True)) + 1e-12\n"
                "    return E / E.sum(axis=1, keepdims=True)\n",
                Blame("softmax of random scores", says="add nothing to the exponentials"),
            ),
            (
                "computes exp in float32 and casts back to float64 (rev-d 1.8)",
                "def softmax(Z):\n    E = np.exp((Z - Z.max(axis=1, keepdims=True)).astype(np.float32))\n"
                "    return (E / E.sum(axis=1, keepdims=True)).astype(np.float64)\n",
                Blame(
                    "softmax",
                    says="float64 throughout",
                    later=("test_forward", "test_gradients"),
                    later_says="fix softmax first",
                ),
            ),
            (
                "reshapes the row sums to a fixed (2, 1) (rev-a 4.1)",
                "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
                "    return E / np.sum(E, axis=1).reshape(2, 1)\n",
                Blame("softmax", says="reshape(2, 1)"),
            ),
            (
                "returns a list (.tolist()) (rev-a 4.1)",
                "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
                "    return (E / np.sum(E, axis=1, keepdims=True)).tolist()\n",
                Blame("softmax", says="NumPy array"),
            ),
            (
                "casts to float32: about 7 digits, too few for the gradient checks",
                "def softmax(Z):\n    Z = Z.astype(np.float32)\n    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
                "    return E / E.sum(axis=1, keepdims=True)\n",
                Blame(
                    "softmax", says="float32", later=("test_forward", "test_gradients"), later_says="fix softmax first"
                ),
            ),
            (
                "np.apply_along_axis: a Python loop over the rows in disguise",
                "def softmax(Z):\n"
                "    return np.apply_along_axis(lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), 1, Z)\n",
                Blame("softmax", says="in disguise"),
            ),
            (
                "changes Z in place",
                "def softmax(Z):\n    Z -= Z.max(axis=1, keepdims=True)\n    np.exp(Z, out=Z)\n"
                "    Z /= Z.sum(axis=1, keepdims=True)\n    return Z\n",
                Blame("softmax", says="changed Z in place"),
            ),
            (
                "no max-subtraction: overflows for large scores",
                """
def softmax(Z):
    exps = np.exp(Z)
    return exps / np.sum(exps, axis=1, keepdims=True)
""",
                # rev-g: test_forward's prerequisite had small scores only and blamed forward.
                Blame(
                    "softmax",
                    says="subtract each row's maximum",
                    later=("test_forward",),
                    later_says="fix softmax first",
                ),
            ),
            (
                "normalised over axis 0 (columns)",
                """
def softmax(Z):
    exps = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return exps / np.sum(exps, axis=0, keepdims=True)
""",
            ),
            (
                "normalised by the sum over the whole batch",
                """
def softmax(Z):
    exps = np.exp(Z - np.max(Z))
    return exps / np.sum(exps)
""",
            ),
            (
                "subtracts the global maximum instead of each row's",
                """
def softmax(Z):
    exps = np.exp(Z - np.max(Z))
    return exps / np.sum(exps, axis=1, keepdims=True)
""",
            ),
            (
                "subtracts each row's minimum: exp overflows for a row spread over 2000",
                """
def softmax(Z):
    exps = np.exp(Z - np.min(Z, axis=1, keepdims=True))
    return exps / np.sum(exps, axis=1, keepdims=True)
""",
                Blame("softmax", says="minimum or mean"),
            ),
            (
                "subtracts each row's mean",
                """
def softmax(Z):
    exps = np.exp(Z - np.mean(Z, axis=1, keepdims=True))
    return exps / np.sum(exps, axis=1, keepdims=True)
""",
                Blame("softmax", says="minimum or mean"),
            ),
            (
                "subtracts each row's largest |z|: a row of large negative scores underflows to 0 / 0",
                """
def softmax(Z):
    exps = np.exp(Z - np.max(np.abs(Z), axis=1, keepdims=True))
    return exps / np.sum(exps, axis=1, keepdims=True)
""",
                Blame("softmax", says="largest |z|"),
            ),
            (
                "a Python loop over the rows",
                """
def softmax(Z):
    out = np.empty_like(Z)
    for i in range(len(Z)):
        exps = np.exp(Z[i] - np.max(Z[i]))
        out[i] = exps / np.sum(exps)
    return out
""",
                Blame("softmax", says="no Python loops"),
            ),
            (
                "the loop over the rows moved into a helper function (rev-g)",
                """
def _row_softmax(Z):
    return np.stack([np.exp(r - r.max()) / np.exp(r - r.max()).sum() for r in Z])

def softmax(Z):
    return _row_softmax(Z)
""",
                Blame("softmax", says="a comprehension in _row_softmax, which softmax calls"),
            ),
            (
                "recursion over the rows (rev-g)",
                """
def softmax(Z):
    first = np.exp(Z[:1] - Z[:1].max()) / np.exp(Z[:1] - Z[:1].max()).sum()
    return first if len(Z) == 1 else np.concatenate([first, softmax(Z[1:])])
""",
                Blame("softmax", says="recursion (softmax calls itself)"),
            ),
            (
                "row maxima without keepdims: cannot broadcast against (n, k)",
                """
def softmax(Z):
    exps = np.exp(Z - np.max(Z, axis=1))
    return exps / np.sum(exps, axis=1, keepdims=True)
""",
                Blame("softmax", says="keepdims=True"),
            ),
        ],
        "forward": [
            (
                "X rescaled by its maximum first (rev-a4: got the float32 hint)",
                """
def forward(X, W, b):
    X = X / max(1.0, X.max())
    return softmax(X @ W + b)
""",
                Blame("forward", says="no scaling"),
            ),
            (
                "remembers its result per sums of W's columns: its own cell cannot see it, the numerical gradient can",
                """
_fc3 = {}


def forward(X, W, b):
    key = (X.shape, tuple(W.sum(axis=0)), float(X.sum()), float(b.sum()))
    if key not in _fc3:
        _fc3[key] = softmax(X @ W + b)
    return _fc3[key]
""",
                Blame(
                    "forward (not gradients)",
                    own_cell_passes=True,
                    later=("test_gradients",),
                    later_says="keeps something from an earlier call",
                ),
            ),
            (
                "remembers its result per shapes and the sums of X @ W and b (rev-x: gradients was blamed)",
                """
_fc2 = {}


def forward(X, W, b):
    key = (X.shape, W.shape, float((X @ W).sum()), float(b.sum()))
    if key not in _fc2:
        _fc2[key] = softmax(X @ W + b)
    return _fc2[key]
""",
                Blame("forward with W[1, 2] changed", says="not even under a key"),
            ),
            (
                "remembers its result per shapes and sums (rev-v 5: gradients was blamed)",
                """
_fc = {}


def forward(X, W, b):
    key = (X.shape, W.shape, float(W.sum()), float(b.sum()), float(X[0].sum()))
    if key not in _fc:
        _fc[key] = softmax(X @ W + b)
    return _fc[key]
""",
                Blame("forward with W[1, 2] changed", says="not even under a key"),
            ),
            (
                "skips the work for the very same arrays X, W, b (wb5: gradients was blamed)",
                """
_last = [None, None, None, None]


def forward(X, W, b):
    if X is _last[0] and W is _last[1] and b is _last[2]:
        return _last[3]
    P = softmax(X @ W + b)
    _last[:] = [X, W, b, P]
    return P
""",
                Blame("forward again on the same array X", says="the same array object does not mean the same values"),
            ),
            (
                "remembers P per X shape in a default-argument dict (wb4 B: gradients was blamed; a raw ValueError)",
                """
def forward(X, W, b, _seen={}):
    if X.shape not in _seen:
        _seen[X.shape] = softmax(X @ W + b)
    return _seen[X.shape]
""",
                Blame(
                    "forward",
                    says="keep nothing from an earlier call",
                    later=("test_gradients",),
                    later_names="forward (not",
                    later_says="",
                ),
            ),
            (
                "remembers P per (X shape, W shape) (wb4 B: gradients was blamed)",
                """
_probabilities = {}


def forward(X, W, b):
    key = (X.shape, W.shape)      # "the same batch size gives the same P: compute it once"
    if key not in _probabilities:
        _probabilities[key] = softmax(X @ W + b)
    return _probabilities[key]
""",
                Blame(
                    "forward",
                    says="keep nothing from an earlier call",
                    later=("test_gradients",),
                    later_names="forward (not",
                    later_says="",
                ),
            ),
            (
                "the scores rounded to float32, the probabilities cast back (rev-m F3: got the max-subtraction hint)",
                "def forward(X, W, b):\n    return softmax((X @ W + b).astype(np.float32)).astype(np.float64)\n",
                Blame("forward with scores near 1000", says="keep float64"),
            ),
            (
                "its own softmax inside, shifted by the batch maximum (rev-i)",
                "def forward(X, W, b):\n    Z = X @ W + b\n    e = np.exp(Z - Z.max())\n"
                "    return e / e.sum(axis=1, keepdims=True)\n",
                Blame("forward with scores [800, 0] and [-1600, 0]", says="each row's own maximum"),
            ),
            (
                "its own softmax inside, shifted by the last column (rev-i)",
                "def forward(X, W, b):\n    Z = X @ W + b\n    e = np.exp(Z - Z[:, -1:])\n"
                "    return e / e.sum(axis=1, keepdims=True)\n",
                Blame("forward with scores [800, 0] and [-1600, 0]", says="nor the last column"),
            ),
            (
                "rescales X in place, X /= 255 (rev-d 3.2)",
                "def forward(X, W, b):\n    X /= 255.0\n    return softmax(X @ W + b)\n",
                Blame("forward", says="changed X in place"),
            ),
            (
                "rounds W to float32 on the way: a float64 result with 7 correct digits (rev-e)",
                "def forward(X, W, b):\n    return softmax(X @ W.astype(np.float32) + b)\n",
                Blame("forward on random inputs", says="float32"),
            ),
            (
                "returns float32 probabilities (rev-a 2.3)",
                "def forward(X, W, b):\n    return softmax((X @ W + b).astype(np.float32))\n",
                Blame("forward", says="float32", later=("test_gradients",), later_says="fix forward first"),
            ),
            (
                "forgets the bias",
                "def forward(X, W, b):\n    return softmax(X @ W)\n",
                Blame("forward", later=("test_gradients",)),
            ),
            ("returns the scores instead of probabilities", "def forward(X, W, b):\n    return X @ W + b\n"),
            (
                "inline softmax over the wrong axis",
                """
def forward(X, W, b):
    exps = np.exp(X @ W + b)
    return exps / exps.sum(axis=0)
""",
            ),
            (
                "its own softmax without max-subtraction: overflows for scores near 1000",
                """
def forward(X, W, b):
    exps = np.exp(X @ W + b)
    return exps / exps.sum(axis=1, keepdims=True)
""",
                Blame("forward", says="your softmax"),
            ),
            (
                "W transposed: the matrix product fails",
                "def forward(X, W, b):\n    return softmax(X @ W.T + b)\n",
                Blame("forward", says="do not transpose W"),
            ),
        ],
        "cross_entropy": [
            (
                "softmax applied to P again (rev-a4: a hint about the mean)",
                """
def cross_entropy(P, Y):
    P = softmax(P)
    return float(-np.mean(np.sum(Y * np.log(np.clip(P, 1e-12, 1.0)), axis=1)))
""",
                Blame("cross_entropy of a batch of two", says="no softmax again"),
            ),
            (
                "clips to [1e-12, 1 - 1e-7], as Keras does (rev-v 6: full marks)",
                """
def cross_entropy(P, Y):
    P = np.clip(P, 1e-12, 1 - 1e-7)
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))
""",
                Blame("cross_entropy of a certain, correct prediction", says="an upper bound below 1"),
            ),
            (
                "raises only exact zeros to 1e-12 (rev-v 6: full marks)",
                """
def cross_entropy(P, Y):
    P = np.where(P == 0, 1e-12, P)
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))
""",
                Blame("cross_entropy when the true class has probability 1e-15", says="not only exact zeros"),
            ),
            (
                "remembers the loss per shape of P (wb4 B: gradients was blamed)",
                """
_loss_memo = {}


def cross_entropy(P, Y):
    if P.shape not in _loss_memo:
        _loss_memo[P.shape] = float(-np.mean(np.sum(Y * np.log(np.clip(P, 1e-12, 1.0)), axis=1)))
    return _loss_memo[P.shape]
""",
                Blame(
                    "cross_entropy",
                    says="keep nothing from an earlier call",
                    later=("test_gradients",),
                    later_names="cross_entropy (not",
                    later_says="",
                ),
            ),
            (
                "divides by the global len(X) (wb2 13: gradients was blamed)",
                "def cross_entropy(P, Y):\n    return float(-np.sum(Y * np.log(np.clip(P, 1e-12, 1.0))) / len(X))\n",
                Blame(
                    "cross_entropy",
                    later=("test_gradients",),
                    later_names="cross_entropy (not gradients)",
                    later_says="fix cross_entropy first",
                ),
            ),
            (
                "the mean of the matrix product log(P) @ Y.T (rev-m F1: passed visibly)",
                "def cross_entropy(P, Y):\n    return float(-np.mean(np.log(np.clip(P, 1e-12, 1.0)) @ Y.T))\n",
                Blame("cross_entropy of a batch of three", says="pairs every example"),
            ),
            (
                "the sum divided by a fixed 2, not the number of rows (rev-m F6: got the clipping hint)",
                "def cross_entropy(P, Y):\n    return float(-np.sum(Y * np.log(np.clip(P, 1e-12, 1.0))) / 2)\n",
                Blame("cross_entropy of a batch of three", says="not a fixed 2"),
            ),
            (
                "Y clipped as well as P (rev-k L6: got the float32 hint)",
                "def cross_entropy(P, Y):\n"
                "    return float(-np.mean(np.sum(np.clip(Y, 1e-12, 1) * np.log(np.clip(P, 1e-12, 1.0)), axis=1)))\n",
                Blame("cross_entropy of uniform predictions, to 12 digits", says="clip P only"),
            ),
            (
                "the mean with keepdims=True, shape (1, 1) (rev-k L4: got the minus-sign hint)",
                "def cross_entropy(P, Y):\n"
                "    return -np.mean(np.sum(Y * np.log(np.clip(P, 1e-12, 1.0)), axis=1, keepdims=True), keepdims=True)\n",
                Blame("cross_entropy", says="no keepdims=True"),
            ),
            (
                "returns np.float32 (rev-d 1.7)",
                "def cross_entropy(P, Y):\n"
                "    return np.float32(-np.mean(np.sum(Y * np.log(np.clip(P, 1e-12, 1.0)), axis=1)))\n",
                Blame(
                    "cross_entropy", says="np.float32", later=("test_gradients",), later_says="fix cross_entropy first"
                ),
            ),
            (
                "float(np.float32(...)): a Python float whose value was rounded to float32 (rev-e)",
                "def cross_entropy(P, Y):\n"
                "    return float(np.float32(-np.mean(np.sum(Y * np.log(np.clip(P, 1e-12, 1.0)), axis=1))))\n",
                Blame(
                    "cross_entropy",
                    says="float32's 7 digits",
                    later=("test_gradients",),
                    later_says="fix cross_entropy first",
                ),
            ),
            (
                "Y @ log(P): a matrix product, not the elementwise product (rev-a 4.1)",
                "def cross_entropy(P, Y):\n    return -np.mean(Y @ np.log(np.clip(P, 1e-12, None)))\n",
                Blame("cross_entropy", says="no matrix product"),
            ),
            (
                "clips P at 1e-7, not 1e-12 (rev-a 5.1)",
                "def cross_entropy(P, Y):\n    return -np.mean(np.sum(Y * np.log(np.clip(P, 1e-7, None)), axis=1))\n",
                Blame("cross_entropy when the true class has probability", says="exactly 1e-12"),
            ),
            (
                "indexes P with the one-hot Y as if it held labels (rev-a 4.1)",
                "def cross_entropy(P, Y):\n"
                "    return -np.mean(np.log(np.clip(P[np.arange(len(P)), Y], 1e-12, None)))\n",
                Blame("cross_entropy", says="one-hot"),
            ),
            (
                "log of 0 not guarded: nan when a wrong class has probability 0",
                "def cross_entropy(P, Y):\n    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))\n",
            ),
            (
                "missing minus sign",
                "def cross_entropy(P, Y):\n    return float(np.mean(np.sum(Y * np.log(np.clip(P, 1e-12, 1)), axis=1)))\n",
            ),
            (
                "mean over all n*k entries",
                "def cross_entropy(P, Y):\n    return float(-np.mean(Y * np.log(np.clip(P, 1e-12, 1))))\n",
            ),
            (
                "clipped to a floor far too high",
                "def cross_entropy(P, Y):\n    return float(-np.mean(np.sum(Y * np.log(np.clip(P, 0.1, 1)), axis=1)))\n",
            ),
            (
                "returns one loss per example instead of the mean",
                "def cross_entropy(P, Y):\n    return -np.sum(Y * np.log(np.clip(P, 1e-12, 1)), axis=1)\n",
            ),
            (
                "selects the true class's probability and takes its log without clipping",
                "def cross_entropy(P, Y):\n    return float(-np.mean(np.log(np.sum(P * Y, axis=1))))\n",
                Blame("cross_entropy", says="clip P"),
            ),
            (
                "nan replaced by np.nan_to_num instead of clipping",
                "def cross_entropy(P, Y):\n    return float(-np.mean(np.sum(np.nan_to_num(Y * np.log(P)), axis=1)))\n",
                Blame("cross_entropy", says="clip P"),
            ),
            (
                "clips the caller's P in place with np.clip(..., out=P)",
                "def cross_entropy(P, Y):\n    np.clip(P, 1e-12, 1.0, out=P)\n"
                "    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))\n",
                Blame("P after calling cross_entropy", says="in place"),
            ),
            (
                "raises the zeros of the caller's P in place (P[P < eps] = eps)",
                "def cross_entropy(P, Y):\n    P[P < 1e-12] = 1e-12\n"
                "    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))\n",
                Blame("P after calling cross_entropy", says="in place"),
            ),
            (
                "sum over the batch, blamed in the gradient test too",
                "def cross_entropy(P, Y):\n    return float(-np.sum(Y * np.log(np.clip(P, 1e-12, 1))))\n",
                Blame("cross_entropy", later=("test_gradients",)),
            ),
        ],
        "gradients": [
            (
                "returns (db, dW), the pair swapped (rev-o L4: a shape hint)",
                "def gradients(X, Y, P):\n    dZ = (P - Y) / len(X)\n    return dZ.sum(axis=0), X.T @ dZ\n",
                Blame("dW", says="return dW, db, in this order"),
            ),
            (
                "dZ through float32, both results cast back (rev-k L3: full marks)",
                "def gradients(X, Y, P):\n"
                "    dZ = ((P - Y) / len(X)).astype(np.float32)\n"
                "    return (X.T @ dZ).astype(np.float64), dZ.sum(axis=0).astype(np.float64)\n",
                Blame("dW to 12 digits", says="float32 rounding"),
            ),
            (
                "changes the caller's P in place (rev-a 1.4)",
                "def gradients(X, Y, P):\n    P -= Y\n    P /= X.shape[0]\n    return X.T @ P, P.sum(axis=0)\n",
                Blame("gradients", says="changed P in place"),
            ),
            (
                "changes the caller's Y in place (rev-e)",
                "def gradients(X, Y, P):\n    Y -= P\n    dZ = -Y / len(X)\n    return X.T @ dZ, dZ.sum(axis=0)\n",
                Blame("gradients", says="changed Y in place"),
            ),
            (
                "recomputes P from the notebook's W and b instead of using its argument P (rev-e)",
                "def gradients(X, Y, P):\n    dZ = (forward(X, W, b) - Y) / len(X)\n    return X.T @ dZ, dZ.sum(axis=0)\n",
                Blame("gradients", says="gets no W or b"),
            ),
            (
                "divides by a fixed batch size of 5 (rev-a 1.5)",
                "def gradients(X, Y, P):\n    dZ = (P - Y) / 5\n    return X.T @ dZ, dZ.sum(axis=0)\n",
                Blame("dW of a batch of 2", says="batch size"),
            ),
            (
                "X @ dZ: shapes that cannot multiply (rev-a 4.1)",
                "def gradients(X, Y, P):\n    dZ = (P - Y) / len(X)\n    return X @ dZ, dZ.sum(axis=0)\n",
                Blame("gradients", says="X.T @ dZ"),
            ),
            (
                "forgets to divide by the batch size",
                """
def gradients(X, Y, P):
    dZ = P - Y
    return X.T @ dZ, np.sum(dZ, axis=0)
""",
            ),
            (
                "sign error: Y - P",
                """
def gradients(X, Y, P):
    dZ = (Y - P) / len(X)
    return X.T @ dZ, np.sum(dZ, axis=0)
""",
            ),
            (
                "bias gradient summed over the wrong axis",
                """
def gradients(X, Y, P):
    dZ = (P - Y) / len(X)
    return X.T @ dZ, np.sum(dZ, axis=1)
""",
            ),
            (
                "forgotten bias gradient",
                """
def gradients(X, Y, P):
    dZ = (P - Y) / len(X)
    return X.T @ dZ, np.zeros(Y.shape[1])
""",
            ),
            (
                "transposed weight gradient",
                """
def gradients(X, Y, P):
    dZ = (P - Y) / len(X)
    return dZ.T @ X, np.sum(dZ, axis=0)
""",
            ),
        ],
        "accuracy": [
            (
                "the last of tied classes, argsort(P)[:, -1] (rev-v 6: full marks)",
                """
def accuracy(P, y):
    return float(np.mean(np.argsort(P, axis=1)[:, -1] == y))
""",
                Blame("accuracy of uniform rows", says="not for the last tied class"),
            ),
            (
                "counts a tie with the true class as right (rev-t A: full marks, 1.0 at step 0)",
                """
def accuracy(P, y):
    return float(np.mean(P[np.arange(len(y)), y] == P.max(axis=1)))
""",
                Blame("accuracy of uniform rows", says="the first of tied classes"),
            ),
            (
                "argmax over the wrong axis",
                "def accuracy(P, y):\n    return float(np.mean(np.argmax(P, axis=0) == y))\n",
            ),
            (
                "counts instead of a fraction",
                "def accuracy(P, y):\n    return float(np.sum(np.argmax(P, axis=1) == y))\n",
            ),
            (
                "compares the largest probability with the label",
                "def accuracy(P, y):\n    return float(np.mean(np.max(P, axis=1) == y))\n",
            ),
            (
                "divides by a fixed batch size of 4 (rev-g)",
                "def accuracy(P, y):\n    return float(np.sum(np.argmax(P, axis=1) == y) / 4)\n",
                Blame("accuracy when 3 of 7", says="not by a fixed number"),
            ),
            (
                "rounds the fraction to 2 decimals (rev-g)",
                "def accuracy(P, y):\n    return round(float(np.mean(np.argmax(P, axis=1) == y)), 2)\n",
                Blame("accuracy when 3 of 7", says="unrounded"),
            ),
            (
                "returns np.float32 (rev-g)",
                "def accuracy(P, y):\n    return np.float32(np.mean(np.argmax(P, axis=1) == y))\n",
                Blame("accuracy", says="a Python float is a float64"),
            ),
        ],
    },
    "softmax_tensorflow.ipynb": {
        "linear_logits": [
            (
                'logits clipped to [-20, 20] "to be safe" (rev-v 1: train_step was blamed)',
                """
def linear_logits(X, W, b):
    return tf.clip_by_value(tf.matmul(X, W) + b, -20.0, 20.0)
""",
                Blame(
                    "linear_logits of scores in the hundreds",
                    says="no tf.clip_by_value",
                    later=("test_train_step",),
                    later_names="linear_logits (not train_step)",
                    later_says="",
                ),
            ),
            (
                "remembers its result per type and shape, eagerly only (wb4)",
                """
_scores = {}


def linear_logits(X, W, b):
    if not tf.executing_eagerly():
        return tf.matmul(X, W) + b
    key = (type(X).__name__, tuple(X.shape), type(W).__name__, tuple(W.shape))
    if key not in _scores:
        _scores[key] = tf.matmul(X, W) + b
    return _scores[key]
""",
                Blame("linear_logits", says=""),
            ),
            (
                "the bias reshaped to (1, 3): k fixed at 3 (rev-o M1: passed its own cell)",
                "def linear_logits(X, W, b):\n    return tf.matmul(X, W) + tf.reshape(b, (1, 3))\n",
                Blame("linear_logits", says="no fixed 3"),
            ),
            (
                "the bias tiled to 3 rows: n fixed at 3 (rev-o M1: passed its own cell)",
                "def linear_logits(X, W, b):\n    return tf.matmul(X, W) + tf.tile(b[None], [3, 1])\n",
                Blame("linear_logits", says="no fixed 3"),
            ),
            (
                "linear_logits(x, W, b) that reads the notebook's global X (wb3 W3-2: passed visibly)",
                "def linear_logits(x, W, b):\n    return tf.matmul(X, W) + b\n",
                Blame("linear_logits", says="use the arguments"),
            ),
            (
                "wraps W in a new tf.Variable inside (rev-g: the hint did not mention it)",
                "def linear_logits(X, W, b):\n    return tf.matmul(X, tf.Variable(W)) + b\n",
                Blame("linear_logits", says="create no tf.Variable inside"),
            ),
            (
                "computes the product in float16 (rev-d 2.1)",
                "def linear_logits(X, W, b):\n"
                "    return tf.cast(tf.matmul(tf.cast(X, tf.float16), tf.cast(W, tf.float16)), tf.float32) + b\n",
                Blame(
                    "linear_logits", says="float16", later=("test_train_step",), later_says="fix linear_logits first"
                ),
            ),
            (
                "subtracts the bias (rev-a 2.1)",
                "def linear_logits(X, W, b):\n    return tf.matmul(X, W) - b\n",
                Blame("linear_logits", later=("test_train_step",), later_says="fix linear_logits first"),
            ),
            (
                "applies relu to the logits (rev-a 2.1)",
                "def linear_logits(X, W, b):\n    return tf.nn.relu(tf.matmul(X, W) + b)\n",
                Blame("linear_logits", later=("test_train_step",), later_says="fix linear_logits first"),
            ),
            (
                "stops the gradient through X @ W (rev-a 2.1)",
                "def linear_logits(X, W, b):\n    return tf.stop_gradient(tf.matmul(X, W)) + b\n",
                Blame(
                    "linear_logits",
                    says="no gradient from its result back to W",
                    later=("test_train_step",),
                    later_says="fix linear_logits first",
                ),
            ),
            (
                "adds the bias's value b.numpy(): works eagerly only, and cuts the tape to b (rev-e)",
                "def linear_logits(X, W, b):\n    return tf.matmul(X, W) + b.numpy()\n",
                Blame("linear_logits", later=("test_train_step",), later_says="fix linear_logits first"),
            ),
            ("forgets the bias", "def linear_logits(X, W, b):\n    return tf.matmul(X, W)\n"),
            (
                "applies softmax: returns probabilities, not logits",
                "def linear_logits(X, W, b):\n    return tf.nn.softmax(tf.matmul(X, W) + b)\n",
            ),
            (
                "np.dot on tensors: works eagerly only, returns an array GradientTape cannot differentiate",
                "def linear_logits(X, W, b):\n    return np.dot(X, W) + b\n",
                Blame(
                    "linear_logits",
                    says="symbolic tensors",
                    later=("test_train_step",),
                    later_says="fix linear_logits first",
                ),
            ),
            (
                "casts to float64",
                "def linear_logits(X, W, b):\n    return tf.matmul(tf.cast(X, tf.float64), tf.cast(W, tf.float64)) + tf.cast(b, tf.float64)\n",
                Blame("linear_logits", says="float32"),
            ),
            (
                "elementwise product instead of the matrix product",
                "def linear_logits(X, W, b):\n    return X * W + b\n",
                Blame("linear_logits", says="not *"),
            ),
        ],
        "softmax_cross_entropy": [
            (
                "remembers its loss per type and shape, eagerly only (wb4)",
                """
_losses = {}


def softmax_cross_entropy(logits, Y):
    if not tf.executing_eagerly():
        return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits))
    key = (type(logits).__name__, tuple(logits.shape))
    if key not in _losses:
        _losses[key] = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits))
    return _losses[key]
""",
                Blame("softmax_cross_entropy", says=""),
            ),
            (
                "the logits rounded to float16 (rev-p F6: lost hidden points, train_step blamed)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
        labels=Y, logits=tf.cast(tf.cast(logits, tf.float16), tf.float32)))
""",
                Blame(
                    "loss on random logits",
                    says="float16",
                    later=("test_train_step",),
                    later_names="softmax_cross_entropy (not",
                    later_says="",
                ),
            ),
            (
                "Keras' categorical_crossentropy without from_logits=True (rev-o L1: a tf.function hint)",
                "def softmax_cross_entropy(logits, Y):\n    return tf.reduce_mean(keras.losses.categorical_crossentropy(Y, logits))\n",
                Blame("softmax_cross_entropy", says="from_logits=True"),
            ),
            (
                "log(softmax + 1e-9): every loss capped at 20.7 (wb2 8: train_step was blamed)",
                """
def softmax_cross_entropy(logits, Y):
    P = tf.nn.softmax(logits)
    return -tf.reduce_mean(tf.reduce_sum(Y * tf.math.log(P + 1e-9), axis=1))
""",
                Blame(
                    "softmax_cross_entropy",
                    says="no clipping",
                    later=("test_train_step",),
                    later_says="softmax_cross_entropy (not train_step)",
                ),
            ),
            (
                "written by hand, shifted by the last column (rev-i F15)",
                "def softmax_cross_entropy(logits, Y):\n"
                "    z = logits - logits[:, -1:]\n"
                "    lse = tf.math.log(tf.reduce_sum(tf.exp(z), axis=1))\n"
                "    return tf.reduce_mean(lse - tf.reduce_sum(Y * z, axis=1))\n",
                Blame("loss of rows on very different scales", says="not the batch's maximum nor the last column"),
            ),
            (
                "written by hand, shifted by the batch maximum (rev-i F15: full marks before)",
                "def softmax_cross_entropy(logits, Y):\n"
                "    z = logits - tf.reduce_max(logits)\n"
                "    lse = tf.math.log(tf.reduce_sum(tf.exp(z), axis=1))\n"
                "    return tf.reduce_mean(lse - tf.reduce_sum(Y * z, axis=1))\n",
                Blame("loss of rows on very different scales", says="each row's own maximum"),
            ),
            (
                "clips the logits to [-100, 100] (rev-d 3.6)",
                "def softmax_cross_entropy(logits, Y):\n    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(\n"
                "        labels=Y, logits=tf.clip_by_value(logits, -100, 100)))\n",
                Blame("softmax_cross_entropy of a confident wrong prediction", says="no clipping"),
            ),
            (
                "reduce_mean over axis=1 of the per-example losses (rev-a 4.2)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits), axis=1)
""",
                Blame("softmax_cross_entropy", says="no axis=1"),
            ),
            (
                "casts the loss to float64 (rev-a 1.6)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.cast(tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits)), tf.float64)
""",
                Blame(
                    "softmax_cross_entropy",
                    says="float32",
                    later=("test_train_step",),
                    later_says="fix softmax_cross_entropy first",
                ),
            ),
            (
                "reduce_sum instead of the mean (rev-a 2.1)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits))
""",
                Blame(
                    "softmax_cross_entropy",
                    says="reduce_mean",
                    later=("test_train_step",),
                    later_says="fix softmax_cross_entropy first",
                ),
            ),
            (
                "the sum divided by the number of classes (rev-g: blamed on train_step)",
                """
def softmax_cross_entropy(logits, Y):
    losses = tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits)
    return tf.reduce_sum(losses) / tf.cast(tf.shape(Y)[1], tf.float32)
""",
                Blame(
                    "softmax_cross_entropy",
                    says="reduce_mean",
                    later=("test_train_step",),
                    later_says="fix softmax_cross_entropy first",
                ),
            ),
            (
                "the sum divided by a fixed 2 (rev-g: got the clipping hint)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits)) / 2
""",
                Blame("loss of a batch of three", says="not a division by a fixed number"),
            ),
            (
                "sparse loss with one-hot labels (rev-a 4.2)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=Y, logits=logits))
""",
                Blame("softmax_cross_entropy", says="sparse_"),
            ),
            (
                "softmax applied twice (probabilities passed as logits)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=tf.nn.softmax(logits)))
""",
            ),
            (
                "returns a NumPy number instead of a tensor: works eagerly only (rev-e)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits)).numpy()
""",
                Blame(
                    "softmax_cross_entropy",
                    says="symbolic tensors",
                    later=("test_train_step",),
                    later_says="fix softmax_cross_entropy first",
                ),
            ),
            (
                "cuts the tape with tf.stop_gradient: train_step gets no gradients (rev-e)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.stop_gradient(tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits)))
""",
                Blame(
                    "softmax_cross_entropy",
                    says="no gradient from its result back to logits",
                    later=("test_train_step",),
                    later_says="fix softmax_cross_entropy first",
                ),
            ),
            (
                "labels and logits swapped (positional arguments)",
                """
def softmax_cross_entropy(logits, Y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits, Y))
""",
            ),
            (
                "hand-made log(softmax): not stable for large logits",
                """
def softmax_cross_entropy(logits, Y):
    return -tf.reduce_mean(tf.reduce_sum(Y * tf.math.log(tf.nn.softmax(logits)), axis=1))
""",
            ),
        ],
        "train_step": [
            (
                "its own decay by optimizer.iterations (rev-z1 4: full marks)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    decay = 1.0 / (1.0 + 0.5 * tf.cast(optimizer.iterations, tf.float32))
    grads = [decay * g for g in tape.gradient(loss, [W, b])]
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("W's second step with the same optimizer", says="no state of your own"),
            ),
            (
                "an L2 penalty of 1e-5 in the loss it differentiates (rev-x 2: passed the visible tests)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
        total = loss + 1e-5 * tf.nn.l2_loss(W)
    optimizer.apply_gradients(zip(tape.gradient(total, [W, b]), [W, b]))
    return loss
""",
                Blame("W's step for a feature that is 0", says="no weight penalty"),
            ),
            (
                "returns the loss and the gradients (rev-v 7)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss, grads
""",
                Blame("train_step", says="return the loss alone"),
            ),
            (
                "gradients clipped by norm before the step (rev-k L1: full marks)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = [tf.clip_by_norm(g, 1.0) for g in tape.gradient(loss, [W, b])]
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("W's step from random weights", says="no clipping"),
            ),
            (
                "gradients clipped by value to [-0.5, 0.5] (rev-k L1: full marks)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = [tf.clip_by_value(g, -0.5, 0.5) for g in tape.gradient(loss, [W, b])]
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("W's step from random weights", says="no clipping"),
            ),
            (
                "a small L2 penalty added to the loss it differentiates (rev-k F-2: passed visibly)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
        total = loss + 1e-4 * tf.reduce_sum(W * W)
    optimizer.apply_gradients(zip(tape.gradient(total, [W, b]), [W, b]))
    return loss
""",
                Blame("W's step from random weights", says="no weight penalty"),
            ),
            (
                "differentiates the summed loss, returns the mean (rev-i F3)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=linear_logits(X, W, b)))
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss / tf.cast(tf.shape(X)[0], tf.float32)
""",
                Blame("W after one step of SGD(3.0)", says="not a sum"),
            ),
            (
                "pairs the gradients with the variables in another order (rev-e)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    dW, db = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip([db, dW], [W, b]))
    return loss
""",
                Blame("train_step", says="pair each gradient with its own variable"),
            ),
            (
                "optimizer.minimize, which Keras 3 optimizers do not have (rev-e)",
                """
def train_step(X, Y, W, b, optimizer):
    loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    optimizer.minimize(lambda: softmax_cross_entropy(linear_logits(X, W, b), Y), [W, b])
    return loss
""",
                Blame("train_step", says="Keras 3 optimizers have no minimize"),
            ),
            (
                "returns the loss cast to float64 (rev-a 1.6)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return tf.cast(loss, tf.float64)
""",
                Blame("train_step", says="float32"),
            ),
            (
                "one apply_gradients call per variable (rev-a 3.3)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    dW, db = tape.gradient(loss, [W, b])
    optimizer.apply_gradients([(dW, W)])
    optimizer.apply_gradients([(db, b)])
    return loss
""",
                Blame("train_step", says="one apply_gradients call"),
            ),
            (
                "uses the notebook's X_b and Y_b, not its arguments (rev-a 3.4)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X_b, W, b), Y_b)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("train_step", says="arguments"),
            ),
            (
                "creates an optimizer of its own inside the step",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    keras.optimizers.SGD(learning_rate=0.5).apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("train_step", says="optimizer passed in"),
            ),
            (
                "writes the step by hand with optimizer.learning_rate: plain SGD whatever the optimizer",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    dW, db = tape.gradient(loss, [W, b])
    W.assign_sub(optimizer.learning_rate * dW)
    b.assign_sub(optimizer.learning_rate * db)
    return loss
""",
                Blame("W after one step of Adam(0.1)", says="by hand"),
            ),
            (
                "uses the notebook's W and b instead of its arguments",
                """
def train_step(X, Y, W_, b_, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("train_step", says="not variables of the notebook"),
            ),
            (
                "returns the constant log 3 (right from zero weights only)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return tf.constant(np.log(3.0), tf.float32)
""",
                Blame("loss returned by train_step", says="from random weights"),
            ),
            (
                "loss summed over the batch",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=linear_logits(X, W, b)))
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("loss returned by train_step", says="reduce_sum"),
            ),
            (
                "probabilities passed to softmax_cross_entropy as logits",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(tf.nn.softmax(linear_logits(X, W, b)), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("W after one step", says="not softmax(logits)"),
            ),
            (
                "never applies the gradients",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    tape.gradient(loss, [W, b])
    return loss
""",
            ),
            (
                "steps uphill (gradient sign flipped)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip([-g for g in grads], [W, b]))
    return loss
""",
            ),
            (
                "updates W only, forgetting b",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W])
    optimizer.apply_gradients(zip(grads, [W]))
    return loss
""",
            ),
            (
                "loss computed outside the tape",
                """
def train_step(X, Y, W, b, optimizer):
    loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    with tf.GradientTape() as tape:
        pass
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("train_step", says="must run inside `with tf.GradientTape() as tape:`"),
            ),
            (
                "logits computed before the tape: gradients None",
                """
def train_step(X, Y, W, b, optimizer):
    logits = linear_logits(X, W, b)
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(logits, Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("train_step", says="must run inside `with tf.GradientTape() as tape:`"),
            ),
            (
                "zip(variables, grads): pairs reversed",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip([W, b], grads))
    return loss
""",
                Blame("train_step", says="apply_gradients takes (gradient, variable) pairs"),
            ),
            (
                "returns the loss after the update",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return softmax_cross_entropy(linear_logits(X, W, b), Y)
""",
            ),
            (
                "manual update with a fixed learning rate instead of the optimizer",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    dW, db = tape.gradient(loss, [W, b])
    W.assign_sub(0.5 * dW)
    b.assign_sub(0.5 * db)
    return loss
""",
            ),
            (
                "returns loss.numpy(): breaks when compiled with tf.function",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss.numpy()
""",
            ),
            (
                "uses .numpy() inside: breaks when compiled with tf.function",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return tf.constant(loss.numpy())
""",
            ),
            (
                "returns float(loss): a Python float eagerly, a cast under tf.function (rev-g)",
                """
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return float(loss)
""",
                Blame("train_step (run eagerly)", says="float(loss)"),
            ),
            (
                "decorated with @tf.function: one compiled step for several optimizers (rev-g)",
                """
@tf.function
def train_step(X, Y, W, b, optimizer):
    with tf.GradientTape() as tape:
        loss = softmax_cross_entropy(linear_logits(X, W, b), Y)
    grads = tape.gradient(loss, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    return loss
""",
                Blame("train_step", says="remove the @tf.function line"),
            ),
        ],
    },
}

# Right answers in other styles: each must pass its whole test cell (tests/test_mistakes.py).
CORRECT = {
    "softmax_numpy.ipynb": {
        "softmax": [
            (
                "through the log-sum-exp, methods instead of functions",
                "def softmax(Z):\n"
                "    m = Z.max(axis=1, keepdims=True)\n"
                "    return np.exp(Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True)))\n",
            ),
            (
                "the shifted scores clipped at -700 against underflow (rev-m F3: forward's cell refused it)",
                "def softmax(Z):\n"
                "    e = np.exp(np.clip(Z - Z.max(axis=1, keepdims=True), -700, 0))\n"
                "    return e / e.sum(axis=1, keepdims=True)\n",
            ),
            (
                "a harmless 1e-12 added to the denominator (rev-k F-1: forward's cell refused it)",
                "def softmax(Z):\n"
                "    e = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
                "    return e / (e.sum(axis=1, keepdims=True) + 1e-12)\n",
            ),
        ],
        "cross_entropy": [
            (
                "np.maximum for the floor, a sum divided by n, returning a NumPy float64",
                "def cross_entropy(P, Y):\n    return -np.sum(Y * np.log(np.maximum(P, 1e-12))) / P.shape[0]\n",
            ),
        ],
        "gradients": [
            (
                "the 1/n applied to dW and db separately",
                "def gradients(X, Y, P):\n    n = X.shape[0]\n    return X.T @ (P - Y) / n, (P - Y).sum(axis=0) / n\n",
            ),
        ],
        "accuracy": [
            (
                "a NumPy float64 from .mean(), argmax over the last axis",
                "def accuracy(P, y):\n    return (P.argmax(axis=-1) == y).mean()\n",
            ),
        ],
    },
}
