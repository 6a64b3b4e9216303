"""A live training dashboard: accuracy, loss, weight and bias percentiles, and test digits.

In the spirit of Martin Görner's "TensorFlow without a PhD" MNIST dashboard. NumPy and matplotlib
only: the NumPy notebooks use it without importing TensorFlow (the Keras callback that feeds it
lives in ``mlcourse.keras_dashboard``).

    dash = Dashboard(x_test, y_test, title="Softmax regression")
    for step in progress(range(steps), desc="training"):
        ...
        dash.update(step, train_accuracy=acc, train_loss=loss)
    dash.show()

With a person watching in Jupyter the figure is redrawn in place, at most every ``min_interval``
seconds. Headless (nbgrader, ``mlcourse run``, nbconvert) nothing is drawn during training and
``show()`` displays one final figure. Outside Jupyter nothing is displayed; ``figure()`` still
returns the figure, e.g. for ``savefig``.
"""
import io
import sys
import time

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .modes import is_fast, is_headless

PERCENTILES = (0, 10, 25, 50, 75, 90, 100)
# Percentile bands: (columns of PERCENTILES, opacity, legend label).
BANDS = (((0, 6), 0.15, "min–max"), ((1, 5), 0.3, "10–90%"), ((2, 4), 0.5, "25–75%"))
SERIES = ("train_accuracy", "train_loss", "test_accuracy", "test_loss")
PANEL_TITLES = {"accuracy": "accuracy (y zoomed on the later steps)",
                "loss": "loss: cross-entropy (y zoomed on the later steps)",
                "weights": "weights: percentiles of all values",
                "biases": "biases: percentiles of all values"}
COLORS = {"train": "tab:blue", "test": "tab:orange", "weights": "tab:purple", "biases": "tab:green"}
WRONG_RGB, RIGHT_RGB = np.array([0.8, 0.0, 0.0]), np.array([0.3, 0.3, 0.3])  # digit labels
WRONG_TINT = np.array([1.0, 0.82, 0.82])  # background of a misclassified digit
LABEL_STRIP = 10  # rows of image pixels above each digit of a grid, for its label
MOSAIC_SCALE = 2  # mosaic pixels per image pixel
GLYPH_CHARS = "0123456789\u2192"
_GLYPHS = {}  # filled once by _glyph_bitmaps


def progress(iterable, total=None, desc=None):
    """A tqdm progress bar over ``iterable``, silent in headless and in fast mode.

    ``for step in progress(range(steps), desc="training"):``. Returns a tqdm object (an iterable).
    """
    if is_headless() or is_fast():
        from tqdm.std import tqdm  # not tqdm.auto: it may warn about ipywidgets, and nothing is shown

        return tqdm(iterable, total=total, desc=desc, disable=True)
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc)


def pooled_percentiles(arrays):
    """The percentiles ``PERCENTILES`` of all values of ``arrays``, pooled.

    arrays: one array of any shape, or a list of arrays of any shapes (anything ``np.asarray``
    takes). Returns float64 (7,).
    """
    if hasattr(arrays, "shape"):
        arrays = [arrays]
    values = np.concatenate([np.ravel(np.asarray(a, dtype=np.float64)) for a in arrays])
    if values.size == 0:
        raise ValueError("no values to take percentiles of")
    return np.percentile(values, PERCENTILES)


def as_images(images):
    """Digits as float32 (n, side, side) in [0, 1]: 0 background, 1 ink.

    images: (n, side, side), (n, side, side, 1) or (n, side*side); uint8 0..255, or float
    (scaled by its own minimum and maximum).
    """
    images = np.asarray(images)
    side = int(round(np.sqrt(images[0].size)))
    if side * side != images[0].size:
        raise ValueError(f"images of shape {images.shape} are not square")
    images = images.reshape(len(images), side, side)
    if images.dtype == np.uint8:
        return images.astype(np.float32) / 255.0
    images = images.astype(np.float32)
    low, high = images.min(), images.max()
    return (images - low) / max(high - low, 1e-12)


def misclassified_first(labels, predictions):
    """Indices that put the misclassified examples first, both groups in their original order.

    labels, predictions: int (n,). Returns int (n,).
    """
    return np.argsort(np.asarray(labels) == np.asarray(predictions), kind="stable")


def _glyph_bitmaps(fontsize=19):
    """Ink coverage of the characters "0".."9" and "→" in bold, rendered once with matplotlib's Agg.

    Returns dict char -> float32 (h, w) in [0, 1], all of the same height h (about 15 pixels).
    """
    if not _GLYPHS:
        slot = 2 * fontsize
        fig = Figure(figsize=(len(GLYPH_CHARS) * slot / 72, 2 * fontsize / 72), dpi=72)
        canvas = FigureCanvasAgg(fig)
        for k, char in enumerate(GLYPH_CHARS):
            fig.text((k + 0.5) / len(GLYPH_CHARS), 0.3, char, ha="center", va="baseline", fontsize=fontsize,
                     fontweight="bold", color="black")
        canvas.draw()
        ink = 1.0 - np.asarray(canvas.buffer_rgba())[..., 0].astype(np.float32) / 255.0
        rows = np.flatnonzero(ink.max(axis=1) > 0.02)
        ink = ink[rows[0]:rows[-1] + 1]
        for k, char in enumerate(GLYPH_CHARS):
            block = ink[:, k * slot:(k + 1) * slot]
            cols = np.flatnonzero(block.max(axis=0) > 0.02)
            _GLYPHS[char] = block[:, cols[0]:cols[-1] + 1]
    return _GLYPHS


def label_bitmap(text):
    """Ink coverage of ``text`` (digits and "→"): float32 (h, w) in [0, 1], glyphs 2 pixels apart."""
    glyphs = _glyph_bitmaps()
    pieces = [glyphs[char] for char in text]
    gap = np.zeros((pieces[0].shape[0], 2), dtype=np.float32)
    return np.concatenate([part for piece in pieces for part in (piece, gap)][:-1], axis=1)


def digit_mosaic(images, labels, predictions=None, count=100, cols=10):
    """One RGB image of up to ``count`` digits, misclassified first, each labelled above it.

    images: float (m, side, side) in [0, 1]; labels: int (m,); predictions: int (m,) or None.
    Digits are dark ink on white; a misclassified one sits on light red and is labelled in red
    "label→prediction" ("7→1"), a correct one in grey with its label ("7"). Everything is drawn
    at ``MOSAIC_SCALE`` pixels per image pixel, so that the labels stay sharp.
    Returns (float32 (rows * cell_h, cols * cell_w, 3), the number misclassified among all m),
    rows = ceil(count / cols), cell_h = scale * (LABEL_STRIP + side + 1), cell_w = scale * (side + 1).
    """
    if predictions is None:
        order, wrong = np.arange(len(labels)), np.zeros(len(labels), dtype=bool)
    else:
        order, wrong = misclassified_first(labels, predictions), labels != predictions
    shown = order[:count]
    rows, side, scale = -(-count // cols), images.shape[1], MOSAIC_SCALE
    strip, cell_h, cell_w = scale * LABEL_STRIP, scale * (LABEL_STRIP + side + 1), scale * (side + 1)
    digits = np.repeat(np.repeat(images[shown], scale, axis=1), scale, axis=2)  # (k, scale*side, scale*side)
    background = np.where(wrong[shown, None], WRONG_TINT, 1.0)  # (k, 3)
    cells = np.ones((rows * cols, cell_h, cell_w, 3), dtype=np.float32)
    ink_rgb = (1.0 - digits[..., None]) * background[:, None, None]  # (k, scale*side, scale*side, 3)
    cells[:len(shown), strip:strip + scale * side, :scale * side] = ink_rgb
    ink = np.zeros((rows * cols, strip, cell_w), dtype=np.float32)
    for k, i in enumerate(shown):
        bitmap = label_bitmap(f"{labels[i]}\u2192{predictions[i]}" if wrong[i] else f"{labels[i]}")
        h, w = bitmap.shape[0], min(bitmap.shape[1], cell_w)
        left = (cell_w - scale - w) // 2 if w < cell_w - scale else 0
        ink[k, strip - h - scale:strip - scale, left:left + w] = bitmap[:, :w]
    colors = np.where(wrong[shown, None], WRONG_RGB, RIGHT_RGB)  # (k, 3)
    cells[:len(shown), :strip] = 1.0 - ink[:len(shown), ..., None] * (1.0 - colors[:, None, None])
    mosaic = cells.reshape(rows, cols, cell_h, cell_w, 3).transpose(0, 2, 1, 3, 4)
    return mosaic.reshape(rows * cell_h, cols * cell_w, 3), int(wrong.sum())


def show_digits(images, labels, predictions=None, n=100, title=None):
    """A figure of up to ``n`` digits, misclassified first: labelled "7", or "7→1" in red.

    images: (m, 28, 28), (m, 28, 28, 1) or (m, 784), uint8 or float; labels: int (m,);
    predictions: int (m,) or None. Returns a matplotlib Figure: shown once when it is the last
    expression of a notebook cell, or saved with ``fig.savefig(path)``.
    """
    labels = np.asarray(labels).astype(int)
    predictions = None if predictions is None else np.asarray(predictions).astype(int)
    count = min(n, len(labels))
    if count == 0:
        fig = _unmanaged_figure((4, 0.6))
        message = f"{title}: no digits to show" if title else "no digits to show"
        fig.text(0.5, 0.5, message, ha="center", va="center")
        return fig
    cols = min(10, count)
    mosaic, wrong = digit_mosaic(as_images(images), labels, predictions, count=count, cols=cols)
    height, width = mosaic.shape[0] / 80, mosaic.shape[1] / 80  # inches at 40 image pixels an inch
    fig = _unmanaged_figure((width + 0.2, height + 0.45))
    ax = fig.add_axes((0.1 / fig.get_figwidth(), 0.05 / fig.get_figheight(), width / fig.get_figwidth(),
                       height / fig.get_figheight()))
    ax.imshow(mosaic)
    ax.set_axis_off()
    if predictions is not None:
        if wrong == len(labels):
            title = f"{title} (label\u2192prediction)" if title else "label\u2192prediction"
        else:
            summary = f"{wrong} of these {len(labels)} misclassified (in red: label\u2192prediction)"
            title = f"{title}: {summary}" if title else summary
    if title:
        fig.suptitle(title, fontsize=10, y=1 - 0.08 / fig.get_figheight(), va="top")
    return fig


def zoom_limits(curves, low_clip, high_clip, tail=0.8):
    """y-limits that show the last ``tail`` fraction (in steps) of ``curves`` in full.

    curves: list of (steps (k,), values (k,)) float arrays, k >= 1. Earlier values (the accuracy
    of the first steps, say) may fall outside. The limits keep a small margin around the data
    within [low_clip, high_clip] (e.g. accuracy stays within 0 and 1). Returns (low, high).
    """
    first = min(steps[0] for steps, _ in curves)
    last = max(steps[-1] for steps, _ in curves)
    start = last - tail * (last - first)
    values = np.concatenate([values[steps >= start] for steps, values in curves])
    low, high = max(values.min(), low_clip), min(values.max(), high_clip)
    pad = max(0.06 * (high - low), 0.005, 0.02 * abs(high))
    return max(low - pad, low_clip), min(high + pad, high_clip + pad / 10)


class Dashboard:
    """Accuracy and loss curves, weight and bias percentiles, and test digits, during training.

    test_images: (n, 28, 28), (n, 28, 28, 1) or (n, 784), uint8 or float: the digits of the grid.
    test_labels: int (n,). title: str. min_interval: seconds between live redraws. n_digits:
    digits in the grid, 10 a row. live: redraw during training; by default only in a Jupyter
    kernel with a person watching (not headless).

    Attributes: ``history``: series name (``SERIES``) -> list of (step, value);
    ``percentiles``: "weights" / "biases" -> list of (step, float64 (7,) at ``PERCENTILES``);
    ``predictions``: the latest test predictions, int (m,); ``redraws``: live redraws so far.
    """

    figsize = (14, 8)
    dpi = 80

    def __init__(self, test_images, test_labels, title="Training", min_interval=2.0, n_digits=100, live=None):
        self.images = as_images(test_images)
        self.labels = np.asarray(test_labels).astype(int)
        if len(self.labels) != len(self.images):
            raise ValueError(f"{len(self.images)} test images but {len(self.labels)} labels")
        self.title = title
        self.min_interval = min_interval
        self.n_digits = min(n_digits, len(self.labels))
        self.live = (not is_headless() and _in_jupyter()) if live is None else live
        self.history = {name: [] for name in SERIES}
        self.percentiles = {"weights": [], "biases": []}
        self.predictions = None
        self.step = None
        self.redraws = 0
        self._last_redraw = time.monotonic()
        self._fig = None
        self._handle = self._handle_cell_run = None

    def update(self, step, train_accuracy=None, train_loss=None, test_accuracy=None, test_loss=None,
               weights=None, biases=None, test_predictions=None):
        """Record what is given at training step ``step`` (int); redraw if live and it is time.

        Scalars: floats. weights, biases: one array or a list of arrays of any shapes; their
        pooled percentiles are recorded. test_predictions: int (m,), m <= n: the predicted labels
        of the first m test images (the digit grid shows the latest).
        """
        self.step = int(step)
        scalars = dict(train_accuracy=train_accuracy, train_loss=train_loss, test_accuracy=test_accuracy,
                       test_loss=test_loss)
        for name, value in scalars.items():
            if value is not None:
                self.history[name].append((self.step, float(value)))
        for name, arrays in (("weights", weights), ("biases", biases)):
            if arrays is not None:
                self.percentiles[name].append((self.step, pooled_percentiles(arrays)))
        if test_predictions is not None:
            predictions = np.asarray(test_predictions).astype(int).ravel()
            if len(predictions) > len(self.labels):
                raise ValueError(f"{len(predictions)} test predictions for {len(self.labels)} test images")
            self.predictions = predictions
        if self.live and time.monotonic() - self._last_redraw >= self.min_interval:
            self._publish(self.figure())
            self.redraws += 1
            self._last_redraw = time.monotonic()

    def figure(self):
        """The dashboard as a matplotlib Figure, up to date with everything recorded."""
        if self._fig is None:
            self._build()
        self._draw()
        return self._fig

    def show(self):
        """Draw the final state; in Jupyter display it (in place of the live figure, if any)."""
        fig = self.figure()
        if _in_jupyter():
            self._publish(fig)

    def _publish(self, fig):
        """Display ``fig`` as a PNG in Jupyter, in place of its earlier output in the same cell run."""
        from IPython import get_ipython
        from IPython.display import Image, display

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=self.dpi, pil_kwargs={"compress_level": 1})  # fast to encode
        image = Image(data=buffer.getvalue(), format="png")
        cell_run = get_ipython().execution_count  # a new cell run (or a re-run) gets its own output
        if self._handle is None or self._handle_cell_run != cell_run:
            self._handle, self._handle_cell_run = display(image, display_id=True), cell_run
        else:
            self._handle.update(image)

    def _build(self):
        """Make the figure, its axes and the artists that ``_draw`` updates."""
        fig = _unmanaged_figure(self.figsize, dpi=self.dpi)
        grid = fig.add_gridspec(2, 3, width_ratios=(1, 1, 1.2), left=0.05, right=0.995, bottom=0.07, top=0.9,
                                wspace=0.2, hspace=0.18)
        self._fig, self._axes, self._lines, self._bands, self._no_data = fig, {}, {}, {}, {}
        for name, cell in (("weights", grid[1, 0]), ("biases", grid[1, 1]), ("accuracy", grid[0, 0]),
                           ("loss", grid[0, 1])):
            ax = self._axes[name] = fig.add_subplot(cell, sharex=self._axes.get("weights"))
            ax.set_title(PANEL_TITLES[name], fontsize=11)
            ax.set_ylabel("value" if name in self.percentiles else name, fontsize=10)
            ax.tick_params(labelsize=9, labelbottom=name in self.percentiles)  # one x axis a column
            ax.xaxis.set_major_locator(MaxNLocator(6, steps=(1, 2, 2.5, 5, 10), integer=True))
            ax.yaxis.set_major_locator(MaxNLocator(5))
            ax.grid(alpha=0.3)
            self._no_data[name] = ax.text(0.5, 0.5, "no data yet", transform=ax.transAxes, ha="center",
                                          va="center", color="gray")
            if name in self.percentiles:
                ax.set_xlabel("training step", fontsize=10)
                self._build_bands(ax, name)
            else:
                self._build_curves(ax, name)
        digits = self._axes["digits"] = fig.add_subplot(grid[:, 2])
        self._digits = digits.imshow(digit_mosaic(self.images[:0], self.labels[:0], count=self.n_digits)[0])
        digits.set_axis_off()

    def _build_curves(self, ax, metric):
        for split in ("train", "test"):
            self._lines[f"{split}_{metric}"] = ax.plot([], [], color=COLORS[split], lw=1.2, marker="o", ms=3,
                                                       markevery=[-1])[0]

    def _build_bands(self, ax, name):
        color = COLORS[name]
        self._lines[name] = ax.plot([], [], color=color, lw=1.5, marker="o", ms=3, markevery=[-1],
                                    label="median")[0]
        self._bands[name] = []
        patches = [Patch(color=color, alpha=alpha, lw=0, label=label) for _, alpha, label in BANDS]
        ax.legend(handles=[*patches, self._lines[name]], loc="upper left", fontsize=9, ncol=4, frameon=False,
                  handlelength=1.2, columnspacing=0.8)

    def _draw(self):
        """Bring the artists up to date with everything recorded."""
        steps = [s for series in (*self.history.values(), *self.percentiles.values()) for s, _ in series]
        if steps:
            first, last = min(steps), max(steps)
            self._axes["weights"].set_xlim(first, max(last, first + 1))  # the four panels share it
        self._draw_curves("accuracy", (0.0, 1.0))
        self._draw_curves("loss", (0.0, np.inf))
        self._draw_bands("weights")
        self._draw_bands("biases")
        m = len(self.labels) if self.predictions is None else len(self.predictions)
        mosaic, wrong = digit_mosaic(self.images[:m], self.labels[:m], self.predictions, count=self.n_digits)
        self._digits.set_data(mosaic)
        if self.predictions is None:
            title = "test digits (no predictions yet)"
        else:
            title = f"test digits: {wrong} of {m} misclassified\nshown first, in red: label\u2192prediction"
        self._axes["digits"].set_title(title, fontsize=11)
        step = "" if self.step is None else f" (step {self.step})"
        self._fig.suptitle(f"{self.title}{step}", fontsize=14, fontweight="bold")

    def _draw_curves(self, metric, clip):
        curves, handles = [], []
        for split, digits in (("train", 3), ("test", 4)):
            line, points = self._lines[f"{split}_{metric}"], self.history[f"{split}_{metric}"]
            steps, values = np.array(points, dtype=float).reshape(-1, 2).T
            line.set_data(steps, values)
            if points:
                line.set_label(f"{split} ({values[-1]:.{digits}f})")
                curves.append((steps, values))
                handles.append(line)
        ax = self._axes[metric]
        if handles:
            ax.legend(handles=handles, loc="upper left" if metric == "accuracy" else "lower left", fontsize=9)
        self._set_ylim(metric, zoom_limits(curves, *clip) if curves else None)

    def _draw_bands(self, name):
        ax, points = self._axes[name], self.percentiles[name]
        for band in self._bands[name]:
            band.remove()
        self._bands[name] = []
        ax.get_legend().set_visible(bool(points))
        if not points:
            return self._set_ylim(name, None)
        steps = np.array([s for s, _ in points], dtype=float)
        values = np.array([p for _, p in points])  # (k, 7)
        self._bands[name] = [
            ax.fill_between(steps, values[:, lo], values[:, hi], color=COLORS[name], alpha=alpha, lw=0)
            for (lo, hi), alpha, _ in BANDS]
        self._lines[name].set_data(steps, values[:, 3])
        low, high = values.min(), values.max()
        span = max(high - low, 1e-6)
        self._set_ylim(name, (low - 0.05 * span, high + 0.25 * span))  # room for the legend on top

    def _set_ylim(self, name, ylim):
        """Set the y-limits of a panel, or say it has no data yet (ylim None)."""
        self._no_data[name].set_visible(ylim is None)
        if ylim is not None:
            self._axes[name].set_ylim(*ylim)


def _unmanaged_figure(figsize, dpi=None):
    """A new Figure that pyplot has let go of: Jupyter shows it only where we display or return it.

    Made by pyplot, so that Jupyter's inline backend is loaded and can show a returned figure,
    then closed, so that the backend does not show it a second time at the end of the cell.
    """
    fig = plt.figure(figsize=figsize, dpi=dpi)
    plt.close(fig)
    return fig


def _in_jupyter():
    """True inside a Jupyter kernel (IPython with a kernel); never imports IPython itself."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None
