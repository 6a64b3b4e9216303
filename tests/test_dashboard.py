"""The training dashboard (mlcourse.dashboard) and its Keras callback (mlcourse.keras_dashboard)."""
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

from mlcourse import dashboard as dashboard_module
from mlcourse.dashboard import (
    WRONG_TINT,
    Dashboard,
    as_images,
    digit_mosaic,
    misclassified_first,
    pooled_percentiles,
    progress,
    show_digits,
    zoom_limits,
)

N_TEST = 60


@pytest.fixture
def test_set():
    """Fake MNIST-like test set: uint8 (N_TEST, 28, 28) images, int (N_TEST,) labels."""
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (N_TEST, 28, 28), dtype=np.uint8), rng.integers(0, 10, N_TEST)


@pytest.fixture
def headless(monkeypatch):
    monkeypatch.setenv("MLCOURSE_HEADLESS", "1")


def fake_training(dash, labels, steps=30):
    """Feed ``dash`` made-up values, like a NumPy training loop; returns the last predictions."""
    rng = np.random.default_rng(1)
    predictions = labels
    for step in range(steps):
        predictions = np.where(rng.random(len(labels)) < 0.2, (labels + 1) % 10, labels)
        dash.update(step, train_accuracy=1 - 0.5 * np.exp(-step / 5), train_loss=np.exp(-step / 5),
                    test_accuracy=np.mean(predictions == labels), test_loss=1.5 * np.exp(-step / 5),
                    weights=[rng.normal(size=(784, 10)), rng.normal(size=(10, 5))],
                    biases=rng.normal(size=10), test_predictions=predictions)
    return predictions


def test_headless_loop_records_history_and_renders_a_png(test_set, headless, tmp_path):
    images, labels = test_set
    dash = Dashboard(images, labels, title="Fake training", min_interval=0.0)
    predictions = fake_training(dash, labels)
    assert not dash.live and dash.redraws == 0, "headless: nothing may be drawn during training"
    assert set(dash.history) == {"train_accuracy", "train_loss", "test_accuracy", "test_loss"}
    assert [step for step, _ in dash.history["train_loss"]] == list(range(30))
    assert dash.history["train_accuracy"][-1] == (29, pytest.approx(1 - 0.5 * np.exp(-29 / 5)))
    assert dash.history["test_accuracy"][-1][1] == pytest.approx(np.mean(predictions == labels))
    assert len(dash.percentiles["weights"]) == len(dash.percentiles["biases"]) == 30
    np.testing.assert_array_equal(dash.predictions, predictions)
    dash.show()  # outside Jupyter: draws, displays nothing, must not fail
    path = tmp_path / "dashboard.png"
    dash.figure().savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 50_000, "the dashboard PNG is nearly empty"


def test_empty_and_partial_dashboards_render(test_set, tmp_path):
    images, labels = test_set
    dash = Dashboard(images.reshape(N_TEST, 784), labels, live=False)
    dash.figure().savefig(tmp_path / "empty.png")
    dash.update(3, train_loss=2.3)
    dash.update(4, test_predictions=labels[:10])  # predictions for the first 10 test images only
    dash.figure().savefig(tmp_path / "partial.png")
    assert dash.history["train_loss"] == [(3, 2.3)] and dash.history["test_accuracy"] == []


def test_too_many_test_predictions_is_an_error(test_set):
    images, labels = test_set
    dash = Dashboard(images, labels, live=False)
    with pytest.raises(ValueError, match="test predictions"):
        dash.update(0, test_predictions=np.zeros(N_TEST + 1, dtype=int))


def test_misclassified_first_keeps_each_group_in_order():
    labels = np.array([1, 2, 3, 4, 5, 6])
    predictions = np.array([1, 0, 3, 0, 5, 0])
    np.testing.assert_array_equal(misclassified_first(labels, predictions), [1, 3, 5, 0, 2, 4])


def test_digit_mosaic_shows_misclassified_digits_first_on_red():
    images = np.zeros((4, 28, 28), dtype=np.float32)
    labels = np.array([3, 3, 3, 3])
    predictions = np.array([3, 3, 8, 3])
    mosaic, wrong = digit_mosaic(images, labels, predictions, count=4, cols=4)
    assert wrong == 1
    scale = dashboard_module.MOSAIC_SCALE
    cell_w = scale * 29
    digit_row = scale * (dashboard_module.LABEL_STRIP + 14)  # the middle of the digits
    first, second = mosaic[digit_row, scale * 14], mosaic[digit_row, cell_w + scale * 14]
    np.testing.assert_allclose(first, WRONG_TINT, err_msg="the misclassified digit should come first, on red")
    np.testing.assert_allclose(second, [1.0, 1.0, 1.0])
    strip = mosaic[:scale * dashboard_module.LABEL_STRIP]
    assert (strip[:, :cell_w, 0] - strip[:, :cell_w, 1]).max() > 0.5, "the first label should be red"
    assert (strip[:, cell_w:2 * cell_w, 0] - strip[:, cell_w:2 * cell_w, 1]).max() < 0.01, "others grey"
    assert (strip[:, cell_w:2 * cell_w] < 0.9).any(), "every digit has a label"


def test_show_digits_returns_a_figure(test_set, tmp_path):
    images, labels = test_set
    predictions = np.where(np.arange(N_TEST) % 4 == 0, (labels + 1) % 10, labels)
    fig = show_digits(images, labels, predictions, n=20, title="Fake")
    assert f"{np.sum(predictions != labels)} of these {N_TEST} misclassified" in fig._suptitle.get_text()
    fig.savefig(tmp_path / "digits.png")
    assert (tmp_path / "digits.png").stat().st_size > 5_000
    all_wrong = show_digits(images[:5], labels[:5], (labels[:5] + 1) % 10, title="Misclassified")
    assert all_wrong._suptitle.get_text() == "Misclassified (label\u2192prediction)", "no '5 of these 5'"
    empty = show_digits(images[:0], labels[:0], predictions[:0], title="Misclassified")
    assert "no digits to show" in empty.texts[0].get_text()


def test_as_images_accepts_the_usual_layouts():
    rng = np.random.default_rng(2)
    pixels = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    expected = pixels / 255.0
    for layout in (pixels, pixels.reshape(5, 784), pixels.reshape(5, 28, 28, 1)):
        np.testing.assert_allclose(as_images(layout), expected, atol=1e-6)
    np.testing.assert_allclose(as_images(pixels.reshape(5, 784) / 127.5 - 1.0), expected, atol=1e-6)


def test_percentiles_are_pooled_over_all_arrays():
    values = np.random.default_rng(3).permutation(101).astype(float)  # 0..100: percentile p is p
    weights = [values[:60].reshape(6, 10), values[60:90].reshape(3, 2, 5), values[90:]]
    dash = Dashboard(np.zeros((1, 28, 28), dtype=np.uint8), [0], live=False)
    dash.update(7, weights=weights, biases=np.array([[-1.0, 1.0]]))
    step, recorded = dash.percentiles["weights"][0]
    assert step == 7
    np.testing.assert_allclose(recorded, dashboard_module.PERCENTILES)
    np.testing.assert_allclose(dash.percentiles["biases"][0][1], [-1.0, -0.8, -0.5, 0.0, 0.5, 0.8, 1.0])
    random = np.random.default_rng(4).normal(size=(30, 7))
    np.testing.assert_allclose(pooled_percentiles([random[:10], random[10:]]),
                               np.percentile(random, [0, 10, 25, 50, 75, 90, 100]))


def test_throttling_limits_live_redraws(test_set):
    images, labels = test_set
    slow = Dashboard(images, labels, min_interval=1e9, live=True)
    slow._publish = lambda fig: pytest.fail("no redraw may happen within min_interval")
    fake_training(slow, labels, steps=10)
    assert slow.redraws == 0
    fast = Dashboard(images, labels, min_interval=0.0, live=True)
    published = []
    fast._publish = published.append
    fake_training(fast, labels, steps=3)
    assert fast.redraws == len(published) == 3


def test_live_only_in_jupyter_and_never_headless(test_set, monkeypatch):
    images, labels = test_set
    monkeypatch.delenv("MLCOURSE_HEADLESS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not Dashboard(images, labels).live, "outside Jupyter there is nothing to redraw"
    monkeypatch.setattr(dashboard_module, "_in_jupyter", lambda: True)
    assert Dashboard(images, labels).live
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    dash = Dashboard(images, labels, min_interval=0.0)
    assert not dash.live
    published = []
    dash._publish = published.append
    fake_training(dash, labels, steps=3)
    dash.show()
    assert len(published) == 1, "headless: show() displays one final figure, nothing before"


def test_accuracy_axis_zooms_on_the_end_of_training():
    steps = np.arange(0, 1000, 10.0)
    train = 1 - 0.9 * np.exp(-steps / 30)  # from 0.1 to about 1
    test = train - 0.02
    low, high = zoom_limits([(steps, train), (steps, test)], 0.0, 1.0)
    tail = steps >= 200
    assert low <= test[tail].min() and high >= train[tail].max(), "the last 80% of the curves must be visible"
    assert low > 0.9 and high <= 1.01, f"the axis does not zoom in: ({low}, {high})"


def test_progress_is_silent_in_fast_and_headless_mode(monkeypatch):
    monkeypatch.setenv("MLCOURSE_FAST", "1")
    bar = progress(range(5), desc="training")
    assert bar.disable and list(bar) == [0, 1, 2, 3, 4]
    monkeypatch.delenv("MLCOURSE_FAST")
    monkeypatch.setenv("MLCOURSE_HEADLESS", "1")
    assert progress(range(5)).disable


def test_importing_the_dashboard_does_not_import_tensorflow():
    code = "import sys, mlcourse.dashboard; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    keras = pytest.importorskip("keras")
    pytest.importorskip("mlcourse.keras_dashboard")
    return keras


def tiny_model(keras, softmax=True, learning_rate=0.0):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax" if softmax else None)])
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=not softmax)
    model.compile(keras.optimizers.SGD(learning_rate), loss, metrics=["accuracy"])
    return model


def random_digits(n, seed):
    rng = np.random.default_rng(seed)
    return rng.random((n, 28, 28)).astype(np.float32), rng.integers(0, 10, n)


def test_keras_callback_records_every_batch_across_epochs(keras, test_set, capfd):
    from mlcourse.keras_dashboard import DashboardCallback

    x, y = random_digits(100, 5)
    x_test, y_test = random_digits(200, 6)
    model = tiny_model(keras)  # learning rate 0: the model is the same for every batch, easy to check
    dash = Dashboard(x_test, y_test, live=False)
    callback = DashboardCallback(dash, x_test, y_test, every=1)
    capfd.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(x, y, batch_size=50, epochs=2, shuffle=False, verbose=0, callbacks=[callback])
    assert capfd.readouterr().err == "" and not caught, "the callback must write nothing to stderr"

    probabilities = np.asarray(model(x_test, training=False))
    batch_accuracy = [np.mean(np.asarray(model(x[i:i + 50])).argmax(1) == y[i:i + 50]) for i in (0, 50)]
    batch_loss = [keras.losses.sparse_categorical_crossentropy(y[i:i + 50], model(x[i:i + 50])).numpy().mean()
                  for i in (0, 50)]
    history = dash.history
    assert [step for step, _ in history["test_accuracy"]] == [1, 2, 3, 4], "one global step a batch"
    assert [v for _, v in history["train_accuracy"]] == pytest.approx(batch_accuracy * 2, abs=1e-5)
    assert [v for _, v in history["train_loss"]] == pytest.approx(batch_loss * 2, rel=1e-4)
    assert history["test_accuracy"][-1][1] == pytest.approx(np.mean(probabilities.argmax(1) == y_test))
    keras_loss = keras.losses.sparse_categorical_crossentropy(y_test, probabilities).numpy().mean()
    assert history["test_loss"][-1][1] == pytest.approx(keras_loss, rel=1e-4)
    np.testing.assert_array_equal(dash.predictions, probabilities.argmax(1))
    kernel, bias = (np.asarray(v) for v in model.layers[-1].weights)
    levels = [0, 10, 25, 50, 75, 90, 100]
    np.testing.assert_allclose(dash.percentiles["weights"][-1][1], np.percentile(kernel, levels))
    np.testing.assert_allclose(dash.percentiles["biases"][-1][1], np.percentile(bias, levels))


def test_keras_callback_takes_one_hot_labels_logits_and_a_test_subset(keras):
    from mlcourse.keras_dashboard import DashboardCallback

    x, y = random_digits(100, 7)
    x_test, y_test = random_digits(200, 8)
    model = tiny_model(keras, softmax=False, learning_rate=0.1)
    dash = Dashboard(x_test[:50], y_test[:50], live=False)
    one_hot = np.eye(10)[y_test]
    callback = DashboardCallback(dash, x_test, one_hot, every=3, test_subset=120, from_logits=True)
    model.fit(x, y, batch_size=50, epochs=2, verbose=0, callbacks=[callback])
    assert [step for step, _ in dash.history["test_loss"]] == [3, 4], "every 3 batches, and at the end"
    logits = np.asarray(model(x_test[:120], training=False))
    expected = keras.losses.sparse_categorical_crossentropy(y_test[:120], logits, from_logits=True)
    assert dash.history["test_loss"][-1][1] == pytest.approx(expected.numpy().mean(), rel=1e-4)
    assert dash.history["test_accuracy"][-1][1] == pytest.approx(np.mean(logits.argmax(1) == y_test[:120]))
    np.testing.assert_array_equal(dash.predictions, logits[:50].argmax(1))


def test_in_jupyter_the_dashboard_updates_one_output_per_cell_run(monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    for name in ("MLCOURSE_HEADLESS", "NBGRADER_EXECUTION", "MLCOURSE_FAST"):
        monkeypatch.delenv(name, raising=False)
    cells = [
        "import numpy as np\n"
        "from mlcourse.dashboard import Dashboard\n"
        "labels = np.arange(20) % 10\n"
        "dash = Dashboard(np.zeros((20, 28, 28), np.uint8), labels, min_interval=0.0)",
        "for step in range(3):\n"
        "    dash.update(step, train_accuracy=0.5, test_predictions=(labels + step) % 10)\n"
        "print(dash.live, dash.redraws)",
        "dash.show()",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    outputs = [cell.outputs for cell in notebook.cells]
    assert outputs[1][-1].text.split() == ["True", "3"]
    images = [[out for out in cell if "image/png" in out.get("data", {})] for cell in outputs]
    assert [len(cell) for cell in images] == [0, 1, 1], "one figure, updated in place, per cell run"
    assert not [out for cell in outputs for out in cell if out.get("name") == "stderr"]
