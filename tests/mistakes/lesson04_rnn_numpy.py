"""Typical mistakes for lesson 04's NumPy notebook (rnn_numpy).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

_RNN_STEP_BACKWARD = """
def rnn_step_backward(dh, cache):
    x, h_prev, Wx, Wh, h = cache
    dz = {dz}
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, {dWh}, {db}
"""

_RNN_BACKWARD = """
def rnn_backward(dH, cache):
    T = dH.shape[1]
    dX, dh_next, dWx, dWh, db = [None] * T, np.zeros_like(dH[:, 0]), 0, 0, 0
    for t in reversed(range(T)):
        dX[t], dh_prev, dWx_t, dWh_t, db_t = rnn_step_backward({upstream}, cache[t])
        {carry}
        dWx, db = dWx + dWx_t, db + db_t
        {dWh}
    return np.stack(dX, axis=1), dh_next, dWx, dWh, db
"""

_CLIP = """
def clip_by_global_norm(grads, max_norm):
    global_norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    {body}
"""

_LSTM_STEP = """
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    a = x @ Wx + h_prev @ Wh + b
    {split}
    i, f, g, o = sigmoid(i), sigmoid(f), {g_act}(g), sigmoid(o)
    c = {c}
    tanh_c = np.tanh(c)
    h = {h}
    return h, c, (x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c)
"""


def _lstm_step(split="i, f, g, o = np.split(a, 4, axis=1)", g_act="np.tanh", c="f * c_prev + i * g", h="o * tanh_c"):
    return _LSTM_STEP.format(split=split, g_act=g_act, c=c, h=h)


_LSTM_STEP_BACKWARD = """
def lstm_step_backward(dh, dc, cache):
    x, h_prev, c_prev, Wx, Wh, i, f, g, o, tanh_c = cache
    dc_total = {dc_total}
    di, df, dg, do = dc_total * g, dc_total * {df}, dc_total * i, dh * tanh_c
    dc_prev = {dc_prev}
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)], axis=1)
    return da @ Wx.T, da @ Wh.T, dc_prev, x.T @ da, h_prev.T @ da, da.sum(axis=0)
"""


def _lstm_step_backward(dc_total="dc + dh * o * (1.0 - tanh_c ** 2)", df="c_prev", dc_prev="dc_total * f"):
    return _LSTM_STEP_BACKWARD.format(dc_total=dc_total, df=df, dc_prev=dc_prev)


_LSTM_FORWARD = """
def lstm_forward(X, h0, Wx, Wh, b):
    h, c, states, cache = h0, {c0}, [], []
    for t in range(X.shape[1]):
        h, c, step_cache = lstm_step_forward(X[:, t], {h_in}, {c_in}, Wx, Wh, b)
        states.append(h)
        cache.append(step_cache)
    return {stack}, cache
"""


def _lstm_forward(c0="np.zeros_like(h0)", h_in="h", c_in="c", stack="np.stack(states, axis=1)"):
    return _LSTM_FORWARD.format(c0=c0, h_in=h_in, c_in=c_in, stack=stack)


_LSTM_BACKWARD = """
def lstm_backward(dH, cache):
    T = dH.shape[1]
    dX, dWx, db = [None] * T, 0, 0
    dWh = 0
    dh_next, dc_next = np.zeros_like(dH[:, 0]), np.zeros_like(dH[:, 0])
    for t in reversed(range(T)):
        dX[t], dh_prev, dc_prev, dWx_t, dWh_t, db_t = lstm_step_backward({dh}, {dc}, cache[t])
        {carry}
        dWx, db = dWx + dWx_t, db + db_t
        {dWh}
    return np.stack(dX, axis=1), dh_next, dWx, dWh, db
"""


def _lstm_backward(
    dh="dH[:, t] + dh_next", dc="dc_next", carry="dh_next, dc_next = dh_prev, dc_prev", dWh="dWh = dWh + dWh_t"
):
    return _LSTM_BACKWARD.format(dh=dh, dc=dc, carry=carry, dWh=dWh)


MISTAKES = {
    "rnn_numpy.ipynb": {
        "rnn_step_forward": [
            (
                "bias forgotten",
                "def rnn_step_forward(x, h_prev, Wx, Wh, b):\n"
                "    h = np.tanh(x @ Wx + h_prev @ Wh)\n    return h, (x, h_prev, Wx, Wh, h)\n",
            ),
            (
                "previous state ignored",
                "def rnn_step_forward(x, h_prev, Wx, Wh, b):\n"
                "    h = np.tanh(x @ Wx + b)\n    return h, (x, h_prev, Wx, Wh, h)\n",
            ),
            (
                "sigmoid instead of tanh",
                "def rnn_step_forward(x, h_prev, Wx, Wh, b):\n"
                "    h = 1 / (1 + np.exp(-(x @ Wx + h_prev @ Wh + b)))\n    return h, (x, h_prev, Wx, Wh, h)\n",
            ),
            (
                "recurrent weights transposed (h_prev @ Wh.T)",
                "def rnn_step_forward(x, h_prev, Wx, Wh, b):\n"
                "    h = np.tanh(x @ Wx + h_prev @ Wh.T + b)\n    return h, (x, h_prev, Wx, Wh, h)\n",
            ),
        ],
        "rnn_step_backward": [
            (
                "tanh derivative written as 1 - h",
                _RNN_STEP_BACKWARD.format(dz="dh * (1 - h)", dWh="h_prev.T @ dz", db="dz.sum(axis=0)"),
            ),
            ("tanh derivative forgotten", _RNN_STEP_BACKWARD.format(dz="dh", dWh="h_prev.T @ dz", db="dz.sum(axis=0)")),
            (
                "dWh from the new state h instead of h_prev",
                _RNN_STEP_BACKWARD.format(dz="dh * (1 - h ** 2)", dWh="h.T @ dz", db="dz.sum(axis=0)"),
            ),
            (
                "db averaged over the batch instead of summed",
                _RNN_STEP_BACKWARD.format(dz="dh * (1 - h ** 2)", dWh="h_prev.T @ dz", db="dz.mean(axis=0)"),
            ),
        ],
        "rnn_forward": [
            (
                "state not carried: every step starts from h0",
                """
def rnn_forward(X, h0, Wx, Wh, b):
    states, cache = [], []
    for t in range(X.shape[1]):
        h, step_cache = rnn_step_forward(X[:, t], h0, Wx, Wh, b)
        states.append(h)
        cache.append(step_cache)
    return np.stack(states, axis=1), cache
""",
            ),
            (
                "states stacked time-major (T, N, H)",
                """
def rnn_forward(X, h0, Wx, Wh, b):
    h, states, cache = h0, [], []
    for t in range(X.shape[1]):
        h, step_cache = rnn_step_forward(X[:, t], h, Wx, Wh, b)
        states.append(h)
        cache.append(step_cache)
    return np.stack(states), cache
""",
            ),
            (
                "h0 stored as the first state, the last step's state dropped",
                """
def rnn_forward(X, h0, Wx, Wh, b):
    h, states, cache = h0, [], []
    for t in range(X.shape[1]):
        states.append(h)
        h, step_cache = rnn_step_forward(X[:, t], h, Wx, Wh, b)
        cache.append(step_cache)
    return np.stack(states, axis=1), cache
""",
            ),
        ],
        "rnn_backward": [
            (
                "dWh summed from the last step only",
                _RNN_BACKWARD.format(
                    upstream="dH[:, t] + dh_next", carry="dh_next = dh_prev", dWh="dWh = dWh_t if t == T - 1 else dWh"
                ),
            ),
            (
                "gradient not carried back through time (dh_prev dropped)",
                _RNN_BACKWARD.format(upstream="dH[:, t]", carry="dh_next = dh_prev", dWh="dWh = dWh + dWh_t"),
            ),
            (
                "upstream gradient of the earlier steps ignored (only dH[:, -1] used)",
                _RNN_BACKWARD.format(
                    upstream="(dH[:, t] if t == T - 1 else 0) + dh_next",
                    carry="dh_next = dh_prev",
                    dWh="dWh = dWh + dWh_t",
                ),
            ),
            (
                "dWh overwritten instead of added (the first step's only)",
                _RNN_BACKWARD.format(upstream="dH[:, t] + dh_next", carry="dh_next = dh_prev", dWh="dWh = dWh_t"),
            ),
        ],
        "clip_by_global_norm": [
            (
                "element-wise clipping instead of the global norm",
                _CLIP.format(body="return [np.clip(g, -max_norm, max_norm) for g in grads], global_norm"),
            ),
            (
                "clipping that scales up small gradients",
                _CLIP.format(body="return [g * (max_norm / global_norm) for g in grads], global_norm"),
            ),
            (
                "each array clipped by its own norm",
                _CLIP.format(
                    body="return [g * (max_norm / max(np.linalg.norm(g), max_norm)) for g in grads], global_norm"
                ),
            ),
            (
                "returns the norm after clipping",
                _CLIP.format(
                    body="scale = max_norm / max(global_norm, max_norm)\n"
                    "    return [g * scale for g in grads], global_norm * scale"
                ),
            ),
            (
                "scales the arrays passed in, in place",
                _CLIP.format(
                    body="scale = max_norm / max(global_norm, max_norm)\n"
                    "    for g in grads:\n        g *= scale\n    return grads, global_norm"
                ),
            ),
        ],
        "lstm_step_forward": [
            ("forget gate missing (c = i * g)", _lstm_step(c="i * g")),
            ("h = o * c without tanh", _lstm_step(h="o * c")),
            ("input and forget gates swapped", _lstm_step(split="f, i, g, o = np.split(a, 4, axis=1)")),
            (
                "cell candidate and output gate swapped (order i, f, o, g)",
                _lstm_step(split="i, f, o, g = np.split(a, 4, axis=1)"),
            ),
            ("sigmoid on the cell candidate", _lstm_step(g_act="sigmoid")),
        ],
        "lstm_step_backward": [
            ("dc_prev dropped (cell gradient not passed back)", _lstm_step_backward(dc_prev="np.zeros_like(dc)")),
            ("tanh derivative written as 1 - h", _lstm_step_backward(dc_total="dc + dh * o * (1.0 - o * tanh_c)")),
            ("dh's path into the cell forgotten", _lstm_step_backward(dc_total="dc + 0 * dh")),
            ("dc_prev without the forget gate", _lstm_step_backward(dc_prev="dc_total")),
            ("forget gate gradient from the new cell instead of c_prev", _lstm_step_backward(df="tanh_c")),
        ],
        "lstm_forward": [
            ("cell state reset to zero at every step", _lstm_forward(c_in="np.zeros_like(h0)")),
            ("cell state started at h0 instead of zero", _lstm_forward(c0="h0")),
            ("hidden state not carried: every step starts from h0", _lstm_forward(h_in="h0")),
            ("states stacked time-major (T, N, H)", _lstm_forward(stack="np.stack(states)")),
        ],
        "lstm_backward": [
            ("dWh summed from the last step only", _lstm_backward(dWh="dWh = dWh_t if t == T - 1 else dWh")),
            (
                "cell gradient not carried back (dc_prev dropped)",
                _lstm_backward(carry="dh_next, dc_next = dh_prev, 0 * dc_prev"),
            ),
            ("hidden gradient not carried back (dh_prev dropped)", _lstm_backward(dh="dH[:, t]")),
            (
                "dH of the earlier steps ignored (only dH[:, -1] used)",
                _lstm_backward(dh="(dH[:, t] if t == T - 1 else 0) + dh_next"),
            ),
        ],
    },
}
