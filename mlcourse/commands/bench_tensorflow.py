"""The references ``mlcourse bench`` compares the course's code with: TensorFlow, Keras, scikit-learn.

Each ``*_reference`` function builds the same computation as its ``bench_numpy`` workload, on the
same shapes, on one TensorFlow device ("CPU" or "GPU"), and returns a callable running it once.
Each call ends by fetching one number from the device, so that a GPU has finished its work when
the call returns (a sum of every result, computed inside the compiled function: negligible work).
Imports TensorFlow (through ``mlcourse.tfkit``, quietly).
"""
import numpy as np

from ..tfkit import c_stderr_silenced, prepare_tensorflow, tf
from . import bench_numpy as ours


def devices():
    """The TensorFlow devices to measure on: ["CPU"], plus "GPU" when TensorFlow sees one."""
    prepare_tensorflow(0)
    with c_stderr_silenced():
        return ["CPU"] + (["GPU"] if tf.config.list_physical_devices("GPU") else [])


def _on(device):
    return tf.device(f"/{device}:0")


def matmul_reference(m, k, n, rng, device):
    """tf.matmul of float32 (m, k) and (k, n) tensors, in a compiled tf.function."""
    with _on(device):
        a = tf.constant(rng.random((m, k), dtype=np.float32))
        b = tf.constant(rng.random((k, n), dtype=np.float32))
    product = tf.function(lambda a, b: tf.reduce_sum(tf.matmul(a, b)))

    def run():
        with _on(device):
            return product(a, b).numpy()

    return run


def mlp_reference(rng, device):
    """Keras ``train_on_batch`` of the same net: Dense ReLU layers, Dropout, logits, Adam."""
    keras = tf.keras
    with _on(device):
        layers = [keras.Input((ours.MLP_LAYERS[0],))]
        for units in ours.MLP_LAYERS[1:-1]:
            layers += [keras.layers.Dense(units, activation="relu"), keras.layers.Dropout(1 - ours.MLP_KEEP)]
        model = keras.Sequential(layers + [keras.layers.Dense(ours.MLP_LAYERS[-1])])
        model.compile(optimizer=keras.optimizers.Adam(1e-3),
                      loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    X = rng.random((ours.MLP_BATCH, ours.MLP_LAYERS[0]), dtype=np.float32)
    Y = np.eye(ours.MLP_LAYERS[-1], dtype=np.float32)[rng.integers(0, ours.MLP_LAYERS[-1], ours.MLP_BATCH)]

    def run():
        with _on(device):
            return model.train_on_batch(X, Y)

    return run


def conv_reference(rng, device):
    """tf.nn.conv2d forward and its gradients (input, kernel, bias) for both convolutions, compiled."""
    with _on(device):
        layers = [tuple(tf.constant(a) for a in layer) for layer in ours.conv_inputs(rng)]
    padding = [[0, 0], [ours.CONV_PAD] * 2, [ours.CONV_PAD] * 2, [0, 0]]

    @tf.function
    def step():
        total = 0.0
        for X, W, b, dout in layers:
            with tf.GradientTape() as tape:
                tape.watch([X, W, b])
                out = tf.nn.conv2d(X, W, strides=1, padding=padding) + b
                loss = tf.reduce_sum(out * dout)
            total += sum(tf.reduce_sum(g) for g in tape.gradient(loss, [X, W, b]))
        return total

    def run():
        with _on(device):
            return step().numpy()

    return run


def lstm_reference(rng, device):
    """keras.layers.LSTM (return_sequences) forward and its gradients (input, weights), compiled."""
    X, _, Wx, Wh, b, dH = ours.lstm_inputs(rng)
    with _on(device):
        layer = tf.keras.layers.LSTM(ours.LSTM_SHAPE["H"], return_sequences=True)
        layer.build((None, ours.LSTM_SHAPE["T"], ours.LSTM_SHAPE["D"]))
        layer.set_weights([Wx, Wh, b])
        X, dH = tf.constant(X), tf.constant(dH)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            tape.watch(X)
            loss = tf.reduce_sum(layer(X) * dH)
        return sum(tf.reduce_sum(g) for g in tape.gradient(loss, [X, *layer.trainable_weights]))

    def run():
        with _on(device):
            return step().numpy()

    return run


def sklearn_rbm_reference(rng, images):
    """scikit-learn's BernoulliRBM, one epoch (n_iter=1) of 500 hidden units; None when not installed.

    Returns (run, None) or (None, the reason it was skipped). scikit-learn runs on the CPU only and
    trains with persistent contrastive divergence (one Gibbs step per batch), without momentum.
    """
    try:
        from sklearn.neural_network import BernoulliRBM
    except ImportError as error:  # not installed, or one of its own dependencies is missing
        return None, f"scikit-learn cannot be imported ({error}); pip install -e '.[bench]' installs it"
    data = ours.rbm_data(rng, images)

    def run():
        BernoulliRBM(n_components=ours.RBM_SHAPE["H"], learning_rate=0.1, batch_size=ours.RBM_SHAPE["batch"], n_iter=1,
                     random_state=0).fit(data)

    return run, None

