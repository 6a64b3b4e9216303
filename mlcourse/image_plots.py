"""Pictures of images and codes: rows of digits side by side, learned features, 2-D codes, curves.

For models that learn from images without labels (RBMs, autoencoders, PCA), where
``mlcourse.dashboard`` shows classifiers. NumPy and matplotlib only. Each function returns a
matplotlib Figure: shown once when it is the last expression of a notebook cell (``display(fig)``
elsewhere), or saved with ``fig.savefig(path)``.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

SIDE = 28  # MNIST images are 28 x 28 pixels


def _figure(figsize):
    """A Figure that pyplot has let go of, so Jupyter shows it only where it is returned."""
    fig = plt.figure(figsize=figsize)
    plt.close(fig)
    return fig


def _as_square(images):
    """(m, 784), (m, 28, 28) or (m, 28, 28, 1) -> float (m, 28, 28)."""
    images = np.asarray(images, dtype=np.float32)
    return images.reshape(len(images), SIDE, SIDE)


def show_image_rows(rows, n=10, title=None):
    """One row of ``n`` images per entry of ``rows``, labelled on the left, e.g. originals above
    their reconstructions.

    rows: dict label -> images (m, 784), (m, 28, 28) or (m, 28, 28, 1), m >= n, values in [0, 1]
    (clipped to it for display); n: images a row. Returns a Figure.
    """
    labels = list(rows)
    fig = _figure((1.0 * n + 1.6, 1.0 * len(labels) + (0.4 if title else 0.1)))
    grid = fig.add_gridspec(len(labels), n, left=1.5 / (n + 1.6), right=0.99, bottom=0.02,
                            top=1 - (0.4 if title else 0.1) / fig.get_figheight(), wspace=0.05,
                            hspace=0.08)
    for r, label in enumerate(labels):
        images = np.clip(_as_square(rows[label])[:n], 0, 1)
        for c in range(n):
            ax = fig.add_subplot(grid[r, c])
            ax.imshow(images[c], cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def show_features(weights, n=100, title=None, percentile=98):
    """The incoming weights of hidden units as images: column j of ``weights`` is unit j's.

    weights: float (784, H); n: how many units to show (the first n, at most H). Each image is
    scaled on its own, grey 0, dark positive, light negative, with black and white at the
    ``percentile`` of its absolute values: the few largest weights (of pixels that are rarely
    inked, say) saturate instead of turning the rest grey. Returns a Figure.
    """
    weights = np.asarray(weights, dtype=np.float32)
    count = min(n, weights.shape[1])
    cols = min(10, count)
    rows = -(-count // cols)
    fig = _figure((0.9 * cols, 0.9 * rows + (0.4 if title else 0.1)))
    grid = fig.add_gridspec(rows, cols, left=0.01, right=0.99, bottom=0.01,
                            top=1 - (0.4 if title else 0.1) / fig.get_figheight(), wspace=0.05,
                            hspace=0.05)
    for j in range(count):
        image = weights[:, j].reshape(SIDE, SIDE)
        scale = max(float(np.percentile(np.abs(image), percentile)), 1e-12)
        ax = fig.add_subplot(grid[j // cols, j % cols])
        ax.imshow(image, cmap="gray_r", vmin=-scale, vmax=scale)
        ax.set_axis_off()
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def show_codes_2d(panels, labels, title=None, max_points=5000):
    """Scatter plots of 2-D codes coloured by digit, one panel per entry of ``panels``.

    panels: dict panel title -> codes float (m, 2); labels: int (m,) digits 0..9, the same for
    every panel; max_points: at most this many points a panel (the first ones). Returns a Figure.
    """
    labels = np.asarray(labels).astype(int)[:max_points]
    fig = _figure((5.2 * len(panels) + 1.2, 5.0))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    colors = plt.get_cmap("tab10")
    for ax, (name, codes) in zip(axes, panels.items()):
        codes = np.asarray(codes)[:max_points]
        for digit in range(10):
            points = codes[labels == digit]
            ax.scatter(points[:, 0], points[:, 1], s=3, color=colors(digit), label=str(digit))
        ax.set_title(name, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[-1].legend(title="digit", loc="center left", bbox_to_anchor=(1.0, 0.5), markerscale=4,
                    fontsize=9, frameon=False)
    fig.subplots_adjust(left=0.02, right=1 - 1.0 / fig.get_figwidth(), top=0.86 if title else 0.92,
                        bottom=0.03, wspace=0.08)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def plot_curves(curves, xlabel, ylabel, title=None, levels=None, log_y=False):
    """Lines of a measure during training, with horizontal reference levels.

    curves: dict label -> (x (k,), y (k,)); levels: dict label -> float, drawn as dashed lines
    (e.g. PCA's error); log_y: logarithmic y axis. Returns a Figure.
    """
    fig = _figure((8, 4))
    ax = fig.add_subplot()
    for label, (x, y) in curves.items():
        ax.plot(x, y, marker="o", ms=3, label=f"{label} (last {y[-1]:.2f})")
    for i, (label, value) in enumerate((levels or {}).items()):
        ax.axhline(value, ls="--", color=f"C{len(curves) + i}", label=f"{label} ({value:.2f})")
    if log_y:
        ax.set_yscale("log")
        plain = FuncFormatter(lambda value, _: f"{value:g}")   # 20, not 2 x 10^1
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig
