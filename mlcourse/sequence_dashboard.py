"""A training dashboard for language models: bits per character, weights, and the latest sample.

The digit dashboard (``mlcourse.dashboard``) shows a grid of test digits; a language model has no
digits, but it can write. This one shows, during training:

- the loss in bits per character, on the training batches and on held-out text, with dashed
  reference lines (e.g. the n-gram baselines the model must beat);
- the percentiles of all weights (as in the digit dashboard);
- the latest text the model wrote, as it was written (line breaks kept, long lines cut).

    dash = TextDashboard(baselines={"4-gram": 2.23}, title="Character LSTM")
    for step in ...:
        dash.update(step, train_bpc=..., valid_bpc=..., weights=model.get_weights(), sample=text)
    dash.show()

NumPy and matplotlib only. Live in Jupyter with a person watching, as ``Dashboard`` is; headless
(nbgrader, ``mlcourse run``) nothing is drawn until ``show()``.
"""
import io
import sys
import time

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .dashboard import BANDS, COLORS, pooled_percentiles, zoom_limits
from .modes import is_headless

SERIES = ("train_bpc", "valid_bpc")
SERIES_LABELS = {"train_bpc": "training batches", "valid_bpc": "held-out text"}
SERIES_COLORS = {"train_bpc": COLORS["train"], "valid_bpc": COLORS["test"]}


def sample_lines(text, width=70, lines=14):
    """``text`` as at most ``lines`` display lines of at most ``width`` characters.

    Line breaks of the text are kept; a longer line is cut and ends in "…"; tabs become spaces.
    Returns a list of str.
    """
    rows = text.expandtabs(4).split("\n")[:lines]
    return [row if len(row) <= width else row[:width - 1] + "\u2026" for row in rows]


class TextDashboard:
    """Bits-per-character curves, weight percentiles and the latest sample, during training.

    baselines: dict name -> bits per character, drawn as dashed lines (e.g. {"4-gram": 2.23}).
    title: str. min_interval: seconds between live redraws. live: redraw during training; by
    default only in a Jupyter kernel with a person watching (not headless). width, lines: the
    size of the sample panel in characters.

    Attributes: ``history``: "train_bpc" / "valid_bpc" -> list of (step, value);
    ``percentiles``: list of (step, float64 (7,)); ``samples``: list of (step, str);
    ``redraws``: live redraws so far.
    """

    figsize = (14, 7)
    dpi = 80

    def __init__(self, baselines=None, title="Language model", min_interval=2.0, live=None, width=70,
                 lines=14):
        self.baselines = dict(baselines or {})
        self.title = title
        self.min_interval = min_interval
        self.width, self.lines = width, lines
        self.live = (not is_headless() and _in_jupyter()) if live is None else live
        self.history = {name: [] for name in SERIES}
        self.percentiles = []
        self.samples = []
        self.step = None
        self.redraws = 0
        self._last_redraw = time.monotonic()
        self._handle = self._handle_cell_run = None

    def update(self, step, train_bpc=None, valid_bpc=None, weights=None, sample=None):
        """Record what is given at training step ``step`` (int); redraw if live and it is time.

        train_bpc, valid_bpc: floats. weights: one array or a list of arrays of any shapes (their
        pooled percentiles are recorded). sample: str, text the model wrote at this step.
        """
        self.step = int(step)
        for name, value in (("train_bpc", train_bpc), ("valid_bpc", valid_bpc)):
            if value is not None:
                self.history[name].append((self.step, float(value)))
        if weights is not None:
            self.percentiles.append((self.step, pooled_percentiles(weights)))
        if sample is not None:
            self.samples.append((self.step, str(sample)))
        if self.live and time.monotonic() - self._last_redraw >= self.min_interval:
            self._publish(self.figure())
            self.redraws += 1
            self._last_redraw = time.monotonic()

    def figure(self):
        """The dashboard as a new matplotlib Figure, with everything recorded so far."""
        fig = plt.figure(figsize=self.figsize, dpi=self.dpi)
        plt.close(fig)  # shown only where it is displayed or returned, never twice
        grid = fig.add_gridspec(2, 2, width_ratios=(1, 1.35), left=0.05, right=0.99, bottom=0.08, top=0.9,
                                wspace=0.1, hspace=0.3)
        self._draw_curves(fig.add_subplot(grid[0, 0]))
        self._draw_weights(fig.add_subplot(grid[1, 0]))
        self._draw_sample(fig.add_subplot(grid[:, 1]))
        step = "" if self.step is None else f" (step {self.step})"
        fig.suptitle(f"{self.title}{step}", fontsize=14, fontweight="bold")
        return fig

    def show(self):
        """Draw the final state; in Jupyter display it (in place of the live figure, if any)."""
        fig = self.figure()
        if _in_jupyter():
            self._publish(fig)

    def _draw_curves(self, ax):
        ax.set_title("bits per character (y zoomed on the later steps)", fontsize=11)
        ax.set_ylabel("bits per character", fontsize=10)
        curves = []
        for name in SERIES:
            points = self.history[name]
            if points:
                steps, values = np.array(points, dtype=float).T
                ax.plot(steps, values, color=SERIES_COLORS[name], marker="." if len(points) < 30 else None,
                        label=f"{SERIES_LABELS[name]} ({values[-1]:.3f})")
                curves.append((steps, values))
        for k, (name, value) in enumerate(sorted(self.baselines.items(), key=lambda item: -item[1])):
            ax.axhline(value, color="gray", linestyle="--", linewidth=1, alpha=0.5 + 0.5 * k / len(self.baselines))
            ax.annotate(f"{name} {value:.2f}", (1.0, value), xycoords=("axes fraction", "data"), ha="right",
                        va="bottom", fontsize=8, color="dimgray", annotation_clip=True)
        if curves:
            values = [v for _, v in curves] + [np.array(list(self.baselines.values()))]
            low, high = zoom_limits(curves, 0.0, np.inf)
            low = min(low, min(v.min() for v in values if v.size) - 0.05)
            ax.set_ylim(max(low, 0.0), high)
            ax.legend(loc="upper right", fontsize=9)
        else:
            ax.text(0.5, 0.5, "no data yet", transform=ax.transAxes, ha="center", va="center", color="gray")
        self._style(ax)

    def _draw_weights(self, ax):
        ax.set_title("weights: percentiles of all values", fontsize=11)
        ax.set_xlabel("training step", fontsize=10)
        ax.set_ylabel("value", fontsize=10)
        if self.percentiles:
            steps = np.array([s for s, _ in self.percentiles], dtype=float)
            values = np.array([p for _, p in self.percentiles])  # (k, 7)
            for (lo, hi), alpha, label in BANDS:
                ax.fill_between(steps, values[:, lo], values[:, hi], color=COLORS["weights"], alpha=alpha, lw=0,
                                label=label)
            ax.plot(steps, values[:, 3], color=COLORS["weights"], label="median")
            ax.legend(loc="upper left", fontsize=8, ncol=4)
        else:
            ax.text(0.5, 0.5, "no data yet", transform=ax.transAxes, ha="center", va="center", color="gray")
        self._style(ax)

    def _draw_sample(self, ax):
        ax.set_axis_off()
        if not self.samples:
            ax.set_title("sample: none yet", fontsize=11)
            return
        step, text = self.samples[-1]
        ax.set_title(f"what the model writes at step {step}", fontsize=11)
        ax.text(0.0, 1.0, "\n".join(sample_lines(text, self.width, self.lines)), transform=ax.transAxes,
                ha="left", va="top", family="monospace", fontsize=10,
                bbox=dict(boxstyle="round", facecolor="whitesmoke", edgecolor="lightgray"))

    @staticmethod
    def _style(ax):
        ax.tick_params(labelsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax.grid(alpha=0.3)

    def _publish(self, fig):
        """Display ``fig`` as a PNG in Jupyter, in place of its earlier output in the same cell run."""
        from IPython import get_ipython
        from IPython.display import Image, display

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=self.dpi)
        image = Image(data=buffer.getvalue(), format="png")
        cell_run = get_ipython().execution_count
        if self._handle is None or self._handle_cell_run != cell_run:
            self._handle, self._handle_cell_run = display(image, display_id=True), cell_run
        else:
            self._handle.update(image)


def _in_jupyter():
    """True inside a Jupyter kernel (IPython with a kernel); never imports IPython itself."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def char_label(char):
    """A character as it can be read on an axis: space "␣", newline "↵", tab "⇥", else itself."""
    return {" ": "\u2423", "\n": "\u21b5", "\t": "\u21e5"}.get(char, char)


def show_temperatures(logits, temperatures, chars, context=None, top=12, note=None):
    """Bars of the next-character probabilities softmax(logits / T) at each temperature T.

    logits: float (V,), a model's scores for the next character; temperatures: list of floats;
    chars: list of V str, the vocabulary; context: str, the text the logits follow (for the
    title); top: how many characters to show, the most likely at temperature 1 first; note: str
    added to the title (e.g. what a short run cannot show). Returns a matplotlib Figure.
    """
    order = np.argsort(-np.asarray(logits))[:top]
    fig = plt.figure(figsize=(11, 3.6))
    plt.close(fig)
    ax = fig.add_subplot()
    width = 0.8 / len(temperatures)
    for k, temperature in enumerate(temperatures):
        z = np.asarray(logits, dtype=np.float64) / temperature
        p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        ax.bar(np.arange(len(order)) + (k - (len(temperatures) - 1) / 2) * width, p[order], width,
               label=f"T = {temperature} (these {len(order)}: {p[order].sum():.0%})")
    ax.set_xticks(np.arange(len(order)), [char_label(chars[i]) for i in order], fontsize=12, family="monospace")
    ax.set_ylabel("probability")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=9)
    where = f" after {context!r}" if context else ""
    title = f"The {len(order)} most likely next characters{where}, at each temperature T"
    ax.set_title(title + (f"\n{note}" if note else ""), fontsize=11)
    fig.tight_layout()
    return fig


def show_row_predictions(images, probabilities, labels):
    """Each image beside the class probabilities after each of its rows is read.

    images: (k, side, side) uint8 or float; probabilities: float (k, steps, classes), the
    model's prediction after each step (row); labels: int (k,). The true class is marked on the
    probability map. Returns a matplotlib Figure.
    """
    images, probabilities = np.asarray(images), np.asarray(probabilities)
    k, steps, classes = probabilities.shape
    fig = plt.figure(figsize=(10, 1.55 * k + 0.5))
    plt.close(fig)
    grid = fig.add_gridspec(k, 2, width_ratios=(1, 7), left=0.03, right=0.9, top=1 - 0.8 / fig.get_figheight(),
                            bottom=0.5 / fig.get_figheight(), hspace=0.35, wspace=0.05)
    for row in range(k):
        image_ax, map_ax = fig.add_subplot(grid[row, 0]), fig.add_subplot(grid[row, 1])
        image_ax.imshow(images[row], cmap="gray_r")
        image_ax.set_axis_off()
        shown = map_ax.imshow(probabilities[row].T, aspect="auto", cmap="viridis", vmin=0, vmax=1,
                              origin="lower", extent=(0.5, steps + 0.5, -0.5, classes - 0.5))
        map_ax.axhline(labels[row], color="white", linestyle=":", linewidth=1)
        answers = probabilities[row].argmax(axis=1)  # (steps,)
        final = answers[-1]
        differs = np.flatnonzero(answers != final)
        settled = differs[-1] + 2 if differs.size else 1  # the first row of the final run of answers
        map_ax.set_title(f"label {labels[row]}: predicts {final} after all {steps} rows (p = "
                         f"{probabilities[row, -1, final]:.2f}), from row {settled} on", fontsize=9)
        map_ax.set_yticks(range(classes))
        map_ax.tick_params(labelsize=7, labelbottom=row == k - 1)
        if row == k - 1:
            map_ax.set_xlabel("rows read")
    fig.colorbar(shown, cax=fig.add_axes((0.92, 0.5 / fig.get_figheight(), 0.015, 0.6)), label="probability")
    fig.suptitle("What the model would answer after each row (dotted line: the true class)", fontsize=11)
    return fig
