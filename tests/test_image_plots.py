"""mlcourse.image_plots: the figures of models that learn without labels (RBMs, autoencoders, PCA)."""
import numpy as np
from matplotlib.figure import Figure

from mlcourse.image_plots import plot_curves, show_codes_2d, show_features, show_image_rows


def test_image_rows_one_row_per_entry_labelled_and_clipped_to_0_1():
    rng = np.random.default_rng(0)
    fig = show_image_rows({"original": rng.random((12, 784)), "rebuilt": rng.normal(size=(12, 28, 28, 1))},
                          n=5, title="t")
    assert isinstance(fig, Figure) and len(fig.axes) == 10
    assert [fig.axes[i].get_ylabel() for i in (0, 5)] == ["original", "rebuilt"]
    shown = fig.axes[5].images[0].get_array()
    assert shown.shape == (28, 28) and shown.min() >= 0 and shown.max() <= 1


def test_features_one_image_per_unit_scaled_to_a_percentile_of_its_weights():
    weights = np.random.default_rng(1).normal(size=(784, 7))
    weights[0, 0] = 1000.0                                   # one extreme weight
    fig = show_features(weights, n=30, title="features")
    assert len(fig.axes) == 7                                # at most H units
    low, high = fig.axes[0].images[0].get_clim()
    assert np.isclose(high, np.percentile(np.abs(weights[:, 0]), 98), rtol=1e-6) and low == -high < 10
    assert np.allclose(fig.axes[3].images[0].get_array(), weights[:, 3].reshape(28, 28), rtol=1e-6)


def test_codes_2d_one_panel_per_method_with_a_legend_of_the_ten_digits():
    rng = np.random.default_rng(2)
    labels = np.arange(200) % 10
    fig = show_codes_2d({"PCA": rng.normal(size=(200, 2)), "autoencoder": rng.normal(size=(200, 2))}, labels,
                        title="codes", max_points=100)
    assert [ax.get_title() for ax in fig.axes] == ["PCA", "autoencoder"]
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == 100
    assert [t.get_text() for t in fig.axes[1].get_legend().get_texts()] == [str(d) for d in range(10)]


def test_curves_with_reference_levels_in_the_legend():
    fig = plot_curves({"autoencoder": (np.arange(4), np.array([50.0, 20.0, 12.0, 9.5]))}, "epoch", "error",
                      levels={"PCA-30": 13.87}, log_y=True)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["autoencoder (last 9.50)", "PCA-30 (13.87)"]
