"""Typical mistakes for lesson 04's TensorFlow notebook (rnn_tensorflow).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

_STEP_HEAD = """
def lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = tf.matmul(x, kernel) + tf.matmul(h_prev, recurrent_kernel) + bias
    z_i, z_f, z_g, z_o = tf.split(z, 4, axis=1)
"""

_ROW_READER = """
def row_reader(units=128):
    return keras.Sequential([{layers}])
"""

_SAMPLE_HEAD = """
def sample_next(logits, temperature, rng):
    z = np.asarray(logits, dtype=np.float64)
"""

MISTAKES = {
    "rnn_tensorflow.ipynb": {
        "lstm_step": [
            (
                "forget gate missing: c = i * g",
                _STEP_HEAD
                + """
    c = tf.sigmoid(z_i) * tf.tanh(z_g)
    return tf.sigmoid(z_o) * tf.tanh(c), c
""",
            ),
            (
                "h = o * c without the tanh",
                _STEP_HEAD
                + """
    c = tf.sigmoid(z_f) * c_prev + tf.sigmoid(z_i) * tf.tanh(z_g)
    return tf.sigmoid(z_o) * c, c
""",
            ),
            (
                "input and forget gates swapped (order f, i, g, o)",
                """
def lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = tf.matmul(x, kernel) + tf.matmul(h_prev, recurrent_kernel) + bias
    z_f, z_i, z_g, z_o = tf.split(z, 4, axis=1)
    c = tf.sigmoid(z_f) * c_prev + tf.sigmoid(z_i) * tf.tanh(z_g)
    return tf.sigmoid(z_o) * tf.tanh(c), c
""",
            ),
            (
                "sigmoid on the cell candidate",
                _STEP_HEAD
                + """
    c = tf.sigmoid(z_f) * c_prev + tf.sigmoid(z_i) * tf.sigmoid(z_g)
    return tf.sigmoid(z_o) * tf.tanh(c), c
""",
            ),
            (
                "recurrent term forgotten (h_prev unused)",
                """
def lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = tf.matmul(x, kernel) + bias
    z_i, z_f, z_g, z_o = tf.split(z, 4, axis=1)
    c = tf.sigmoid(z_f) * c_prev + tf.sigmoid(z_i) * tf.tanh(z_g)
    return tf.sigmoid(z_o) * tf.tanh(c), c
""",
            ),
            (
                "returns (c, h) instead of (h, c)",
                _STEP_HEAD
                + """
    c = tf.sigmoid(z_f) * c_prev + tf.sigmoid(z_i) * tf.tanh(z_g)
    return c, tf.sigmoid(z_o) * tf.tanh(c)
""",
            ),
        ],
        "row_reader": [
            (
                "return_sequences=True: one output per row",
                _ROW_READER.format(
                    layers="keras.Input((28, 28)), keras.layers.LSTM(units, return_sequences=True), "
                    "keras.layers.Dense(10)"
                ),
            ),
            (
                "softmax on the output layer instead of logits",
                _ROW_READER.format(
                    layers="keras.Input((28, 28)), keras.layers.LSTM(units), keras.layers.Dense(10, activation='softmax')"
                ),
            ),
            (
                "reads the image pixel by pixel (784 steps of 1)",
                _ROW_READER.format(layers="keras.Input((784, 1)), keras.layers.LSTM(units), keras.layers.Dense(10)"),
            ),
            (
                "a SimpleRNN instead of an LSTM",
                _ROW_READER.format(
                    layers="keras.Input((28, 28)), keras.layers.SimpleRNN(units), keras.layers.Dense(10)"
                ),
            ),
            (
                "fixed size 128 instead of the units argument",
                _ROW_READER.format(layers="keras.Input((28, 28)), keras.layers.LSTM(128), keras.layers.Dense(10)"),
            ),
            (
                "ReLU activation in the LSTM (not the LSTM of the equations; no cuDNN)",
                _ROW_READER.format(
                    layers="keras.Input((28, 28)), keras.layers.LSTM(units, activation='relu'), keras.layers.Dense(10)"
                ),
            ),
        ],
        "bits_per_char": [
            (
                "bits per character computed with log base e (nats)",
                """
def bits_per_char(logits, targets):
    return float(tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.cast(targets, tf.int64), logits=tf.cast(logits, tf.float64))))
""",
            ),
            (
                "summed over the positions instead of averaged",
                """
def bits_per_char(logits, targets):
    return float(tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.cast(targets, tf.int64), logits=tf.cast(logits, tf.float64)))) / np.log(2)
""",
            ),
            (
                "softmax written as exp / sum without the max subtracted (overflows)",
                """
def bits_per_char(logits, targets):
    logits = tf.cast(logits, tf.float64)
    p = tf.exp(logits) / tf.reduce_sum(tf.exp(logits), axis=-1, keepdims=True)
    picked = tf.gather(p, tf.cast(targets, tf.int64), batch_dims=len(p.shape) - 1)
    return float(-tf.reduce_mean(tf.math.log(picked))) / np.log(2)
""",
            ),
            (
                "softmax over the first axis instead of the characters",
                """
def bits_per_char(logits, targets):
    log_p = tf.nn.log_softmax(tf.cast(logits, tf.float64), axis=0)
    picked = tf.gather(log_p, tf.cast(targets, tf.int64), batch_dims=len(log_p.shape) - 1)
    return float(-tf.reduce_mean(picked)) / np.log(2)
""",
            ),
        ],
        "sample_next": [
            (
                "temperature applied after the softmax (no effect once normalised)",
                _SAMPLE_HEAD
                + """
    p = np.exp(z - z.max())
    p = p / p.sum() / temperature
    return int(rng.choice(len(p), p=p / p.sum()))
""",
            ),
            (
                "logits multiplied by the temperature instead of divided",
                _SAMPLE_HEAD
                + """
    z = z * temperature
    p = np.exp(z - z.max())
    return int(rng.choice(len(p), p=p / p.sum()))
""",
            ),
            (
                "greedy: always the most likely character",
                _SAMPLE_HEAD
                + """
    return int(np.argmax(z / temperature))
""",
            ),
            (
                "no max subtracted before exp (overflows for large logits)",
                _SAMPLE_HEAD
                + """
    p = np.exp(z / temperature)
    return int(rng.choice(len(p), p=p / p.sum()))
""",
            ),
        ],
    },
}
