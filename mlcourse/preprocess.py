"""Preprocessing and mini-batches: what the lessons need but do not teach."""
import numpy as np


def flatten_images(images):
    """uint8 (n, 28, 28) pixels 0..255 -> float32 (n, 784) in [0, 1]."""
    images = np.asarray(images)
    return (images.reshape(len(images), -1) / np.float32(255)).astype(np.float32)


def scale_images(images):
    """uint8 (n, h, w) pixels 0..255 -> float32 (n, h, w, 1) in [0, 1], the NHWC layout of conv nets."""
    images = np.asarray(images)
    return (images / np.float32(255)).astype(np.float32)[..., np.newaxis]


def one_hot(labels, num_classes=10):
    """int (n,) labels 0..num_classes-1 -> float32 (n, num_classes) with a single 1 per row."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D, got shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1}")
    encoded = np.zeros((len(labels), num_classes), dtype=np.float32)
    encoded[np.arange(len(labels)), labels] = 1
    return encoded


def minibatches(X, Y, batch_size, rng, epochs=1):
    """Yield ``(X_batch, Y_batch)`` for ``epochs`` passes over the data, shuffled anew each pass.

    X: (n, ...) and Y: (n, ...) arrays with the same first dimension; rng: np.random.Generator.
    The last batch of a pass may be smaller than ``batch_size``.
    """
    n = len(X)
    if len(Y) != n:
        raise ValueError(f"X has {n} rows but Y has {len(Y)}")
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            yield X[batch], Y[batch]


def random_batches(X, Y, batch_size, steps, rng):
    """Yield ``steps`` batches of ``batch_size`` rows, reshuffling whenever a pass is used up.

    The training loops count steps rather than epochs, like the original TensorFlow tutorials.
    """
    epochs = -(-steps * batch_size // len(X))  # ceil
    batches = minibatches(X, Y, batch_size, rng, epochs=epochs + 1)
    for _ in range(steps):
        xb, yb = next(batches)
        while len(xb) < batch_size:  # skip the short tail of a pass
            xb, yb = next(batches)
        yield xb, yb
