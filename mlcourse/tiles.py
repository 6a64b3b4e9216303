"""Images in a grid: learned filters, reconstructions, samples (matplotlib only, no TensorFlow)."""
import matplotlib.pyplot as plt
import numpy as np


def tile_images(images, cols, pad=1, symmetric=False):
    """Arrange images in one grey-level mosaic, each scaled on its own to [0, 1].

    images: (n, side*side) or (n, side, side), any float or int dtype; cols: images per row;
    pad: pixels between images (shown at 1.0, white, or 0.5 with ``symmetric``).
    symmetric: scale each image so that 0 maps to 0.5 (for weights of either sign), else by its
    own minimum and maximum. Returns float32 (rows * (side + pad) - pad, cols * (side + pad) - pad).
    """
    images = np.asarray(images, dtype=np.float32)
    n = len(images)
    side = int(round(np.sqrt(images[0].size)))
    if side * side != images[0].size:
        raise ValueError(f"images of shape {images.shape} are not square")
    images = images.reshape(n, side, side)
    if symmetric:
        scale = np.abs(images).max(axis=(1, 2), keepdims=True)
        images = 0.5 + 0.5 * images / np.maximum(scale, 1e-12)
    else:
        low = images.min(axis=(1, 2), keepdims=True)
        high = images.max(axis=(1, 2), keepdims=True)
        images = (images - low) / np.maximum(high - low, 1e-12)
    rows = -(-n // cols)
    step = side + pad
    mosaic = np.full((rows * step - pad, cols * step - pad), 0.5 if symmetric else 1.0, np.float32)
    for i, image in enumerate(images):
        r, c = divmod(i, cols)
        mosaic[r * step:r * step + side, c * step:c * step + side] = image
    return mosaic


def show_tiles(images, cols, title=None, ax=None, symmetric=False, ylabel=None):
    """Draw ``tile_images(images, cols, symmetric=symmetric)`` on ``ax`` (a new figure if None).

    Dark is high for images (ink), and for weights (``symmetric``) dark is positive, light
    negative, mid-grey zero. Returns the matplotlib Axes.
    """
    if ax is None:
        rows = -(-len(images) // cols)
        _, ax = plt.subplots(figsize=(0.6 * cols, 0.6 * rows + 0.4))
    ax.imshow(tile_images(images, cols, symmetric=symmetric), cmap="gray_r", vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=9)
    return ax
