"""The dashboard and plots for sequence models (mlcourse.sequence_dashboard)."""
import subprocess
import sys

import numpy as np
import pytest

from mlcourse.sequence_dashboard import TextDashboard, char_label, sample_lines, show_row_predictions, show_temperatures

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def headless(monkeypatch):
    monkeypatch.setenv("MLCOURSE_HEADLESS", "1")


def fake_training(dash, steps=12):
    rng = np.random.default_rng(0)
    for step in range(0, steps * 50, 50):
        dash.update(step, train_bpc=2 + 3 * np.exp(-step / 200), valid_bpc=2.1 + 3 * np.exp(-step / 200),
                    weights=[rng.normal(size=(30, 40)), rng.normal(size=40)], sample=f"step {step}:\nThe value")


def test_headless_loop_records_history_and_renders_a_png(headless, tmp_path):
    dash = TextDashboard(baselines={"4-gram": 2.23, "3-gram": 2.54}, title="Fake LM", min_interval=0.0)
    fake_training(dash)
    assert not dash.live and dash.redraws == 0, "headless: nothing may be drawn during training"
    assert [step for step, _ in dash.history["train_bpc"]] == list(range(0, 600, 50))
    assert dash.history["valid_bpc"][-1] == (550, pytest.approx(2.1 + 3 * np.exp(-550 / 200)))
    assert len(dash.percentiles) == 12 and dash.percentiles[0][1].shape == (7,)
    assert dash.samples[-1] == (550, "step 550:\nThe value")
    dash.show()  # outside Jupyter: draws, displays nothing, must not fail
    path = tmp_path / "lm.png"
    dash.figure().savefig(path)
    assert path.read_bytes()[:8] == PNG and path.stat().st_size > 30_000


def test_the_figure_shows_the_curves_baselines_and_latest_sample():
    dash = TextDashboard(baselines={"4-gram": 2.23}, live=False)
    fake_training(dash)
    fig = dash.figure()
    curves, weights, sample = fig.axes
    labels = [line.get_label() for line in curves.get_lines()]
    assert any(label.startswith("training batches (") for label in labels)
    assert any(label.startswith("held-out text (2.") for label in labels)
    assert [t.get_text() for t in curves.texts] == ["4-gram 2.23"], "the baseline is named on its line"
    low, high = curves.get_ylim()
    assert low < 2.23 < high, "the zoomed curve panel keeps the baseline to beat in view"
    assert "step 550:\nThe value" in sample.texts[0].get_text()
    assert sample.get_title() == "what the model writes at step 550"


def test_an_empty_dashboard_renders_and_says_so(tmp_path):
    dash = TextDashboard(live=False)
    fig = dash.figure()
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert texts.count("no data yet") == 2
    assert fig.axes[2].get_title() == "sample: none yet"
    fig.savefig(tmp_path / "empty.png")


def test_live_updates_are_throttled():
    dash = TextDashboard(live=True, min_interval=3600.0)
    dash._publish = lambda fig: None  # no Jupyter here: count the redraws only
    fake_training(dash)
    assert dash.redraws == 0
    dash.min_interval = 0.0
    dash.update(1000, train_bpc=2.0)
    assert dash.redraws == 1


def test_sample_lines_keeps_line_breaks_and_cuts_long_lines():
    assert sample_lines("ab\n\tc", width=10) == ["ab", "    c"]
    assert sample_lines("x" * 12, width=10) == ["x" * 9 + "\u2026"]
    assert len(sample_lines("a\n" * 40, lines=5)) == 5


def test_char_label_makes_whitespace_visible():
    assert [char_label(c) for c in " \n\ta"] == ["\u2423", "\u21b5", "\u21e5", "a"]


def test_show_temperatures_draws_one_bar_group_per_temperature(tmp_path):
    logits = np.array([3.0, 1.0, 0.0, -2.0, 2.0])
    fig = show_temperatures(logits, [0.5, 1.0, 2.0], ["a", "b", " ", "\n", "e"], context="x", top=3,
                            note="short run")
    ax = fig.axes[0]
    assert ax.get_title().endswith("after 'x', at each temperature T\nshort run")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "e", "b"], "most likely first"
    heights = np.array([patch.get_height() for patch in ax.patches]).reshape(3, 3)  # temperature, char
    z = logits / 0.5
    np.testing.assert_allclose(heights[0], (np.exp(z) / np.exp(z).sum())[[0, 4, 1]])
    assert heights[0, 0] > heights[1, 0] > heights[2, 0], "a low temperature sharpens the distribution"
    fig.savefig(tmp_path / "t.png")


def test_show_row_predictions_says_when_the_answer_settles(tmp_path):
    probabilities = np.full((2, 5, 3), 1 / 3)
    probabilities[0, :, 0] = 0.9        # always class 0
    probabilities[1, :2, 1] = 0.9       # class 1 for two rows, then class 2 from row 3 on
    probabilities[1, 2:, 2] = 0.9
    fig = show_row_predictions(np.zeros((2, 5, 5)), probabilities, [0, 2])
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles[0].endswith("predicts 0 after all 5 rows (p = 0.90), from row 1 on")
    assert titles[1].endswith("predicts 2 after all 5 rows (p = 0.90), from row 3 on")
    fig.savefig(tmp_path / "rows.png")


def test_importing_it_does_not_import_tensorflow():
    code = "import mlcourse.sequence_dashboard, sys; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
