"""A Keras callback that feeds a ``mlcourse.dashboard.Dashboard`` (imports Keras and TensorFlow).

    dash = Dashboard(x_test_images, y_test, title="Conv net")
    model.fit(x, y, batch_size=100, epochs=3, verbose=0,
              callbacks=[DashboardCallback(dash, x_test, y_test, every=50)])

Only the TensorFlow notebooks import this module.
"""
import keras
import numpy as np

ACCURACY_KEYS = ("accuracy", "sparse_categorical_accuracy", "categorical_accuracy", "acc")
LOSS_KEYS = ("loss",)


def cross_entropy(outputs, labels, from_logits=False):
    """Mean cross-entropy of int ``labels`` (n,) under ``outputs`` float (n, classes).

    outputs are probabilities (clipped to [1e-7, 1] like Keras does) or, with
    ``from_logits=True``, logits (a numerically stable log-softmax is taken). Returns a float.
    """
    outputs = np.asarray(outputs, dtype=np.float64)
    if from_logits:
        shifted = outputs - outputs.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    else:
        log_probs = np.log(np.clip(outputs, 1e-7, 1.0))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def window_mean(mean_now, batches_now, mean_before, batches_before):
    """The mean of a metric over the batches between two of Keras' running means.

    Keras reports, after each batch, the mean of each metric since the start of the epoch.
    mean_now after batches_now batches and mean_before after batches_before < batches_now
    batches (0 and 0 at the start of the epoch) give the mean over the batches in between,
    exact when the batches are the same size. Returns a float.
    """
    return (mean_now * batches_now - mean_before * batches_before) / (batches_now - batches_before)


def first_key(logs, keys):
    """The first of ``keys`` in the dict ``logs``, or None."""
    return next((key for key in keys if key in logs), None)


def kernels_and_biases(model):
    """The trainable variables of ``model`` as NumPy arrays: (kernels, biases).

    Kernels are the variables named like "kernel" (including recurrent kernels), biases those
    named like "bias". Returns two lists of float arrays of any shapes.
    """
    kernels, biases = [], []
    for variable in model.trainable_variables:
        name = variable.name.split("/")[-1]
        if "bias" in name:
            biases.append(variable.numpy())
        elif "kernel" in name:
            kernels.append(variable.numpy())
    return kernels, biases


class DashboardCallback(keras.callbacks.Callback):
    """Records training and test metrics, weights and biases in a Dashboard every few batches.

    dashboard: a ``Dashboard`` built on the same test images (or on their first n).
    x_test: the model's input for the test set, (n_test, ...); y_test: int labels (n_test,) or
    one-hot (n_test, classes). every: batches between records. test_subset: evaluate on the
    first ``test_subset`` test examples only (None: all). from_logits: the model outputs logits
    rather than probabilities. batch_size: test examples per forward pass.

    Every ``every`` batches (steps counted across epochs and ``fit`` calls) it records the
    training accuracy and loss averaged over the batches since the last record (from Keras' logs,
    keys "accuracy"/"sparse_categorical_accuracy"/... and "loss"), the test accuracy, loss and
    predictions, and the percentiles of kernels and biases. At the end of training it records
    the final state and calls ``dashboard.show()``.
    """

    def __init__(self, dashboard, x_test, y_test, every=50, test_subset=None, from_logits=False,
                 batch_size=1000):
        super().__init__()
        self.dashboard = dashboard
        self.x_test = x_test[:test_subset]
        labels = np.asarray(y_test[:test_subset])
        self.y_test = labels.argmax(axis=1) if labels.ndim == 2 else labels.astype(int)
        self.every = every
        self.from_logits = from_logits
        self.batch_size = batch_size
        self.step = 0  # batches trained so far, across epochs and calls to fit
        self._epoch_start = 0  # self.step when the epoch began
        self._recorded = 0  # self.step at the last record
        self._logs = {}  # the logs of the latest batch
        self._marks = {}  # log key -> (running mean, batches this epoch) at the last record

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = self.step
        self._marks = {}

    def on_train_batch_end(self, batch, logs=None):
        self.step = self._epoch_start + batch + 1
        self._logs = logs or {}
        if self.step // self.every > self._recorded // self.every:
            self._record()

    def on_train_end(self, logs=None):
        if self.step > self._recorded:
            self._record()
        self.dashboard.show()

    def evaluate(self):
        """Test accuracy (float), cross-entropy (float) and predictions (int (n_test,))."""
        outputs = np.concatenate([
            keras.ops.convert_to_numpy(self.model(self.x_test[start:start + self.batch_size], training=False))
            for start in range(0, len(self.y_test), self.batch_size)])
        predictions = outputs.argmax(axis=1)
        accuracy = float(np.mean(predictions == self.y_test))
        return accuracy, cross_entropy(outputs, self.y_test, self.from_logits), predictions

    def _train_value(self, keys):
        """The mean of the first logged metric of ``keys`` since the last record, or None."""
        key = first_key(self._logs, keys)
        if key is None:
            return None
        batches = self.step - self._epoch_start
        mean_before, batches_before = self._marks.get(key, (0.0, 0))
        self._marks[key] = (float(self._logs[key]), batches)
        return window_mean(float(self._logs[key]), batches, mean_before, batches_before)

    def _record(self):
        accuracy, loss, predictions = self.evaluate()
        kernels, biases = kernels_and_biases(self.model)
        n = len(self.dashboard.labels)
        self.dashboard.update(self.step, train_accuracy=self._train_value(ACCURACY_KEYS),
                              train_loss=self._train_value(LOSS_KEYS), test_accuracy=accuracy,
                              test_loss=loss, weights=kernels or None, biases=biases or None,
                              test_predictions=predictions[:n])
        self._recorded = self.step
