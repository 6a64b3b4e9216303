"""mlcourse.rnn and lesson 04's solutions cannot drift apart: same names, same results.

Each solution cell of rnn_numpy.ipynb (and the notebook's own helper cells it needs) is executed
in a fresh namespace, and every function of mlcourse.rnn is run against it on random inputs.
"""
import inspect

import nbformat
import numpy as np
import pytest

from mlcourse import rnn
from tests.lessons import LESSONS, exercises

NOTEBOOK = LESSONS / "04_rnn_lstm" / "rnn_numpy.ipynb"
FUNCTIONS = ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward", "clip_by_global_norm",
             "lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward"]


@pytest.fixture(scope="module")
def lesson():
    """The notebook's solutions, executed: name -> function."""
    namespace = {"np": np}
    helpers = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
               if c.cell_type == "code" and c.source.startswith("def sigmoid(")]
    for source in helpers + [solution for _, solution, *_ in exercises(NOTEBOOK)[1]]:
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    return namespace


def test_the_library_has_every_graded_function_with_the_lessons_signature(lesson):
    assert [solution_id for solution_id, *_ in exercises(NOTEBOOK)[1]] == FUNCTIONS
    for name in FUNCTIONS:
        assert inspect.signature(getattr(rnn, name)) == inspect.signature(lesson[name]), name


def _same(a, b, what):
    if isinstance(a, (tuple, list)):
        assert len(a) == len(b), what
        for k, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{what}[{k}]")
    elif isinstance(a, (np.ndarray, float)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12, err_msg=what)


@pytest.mark.parametrize("kind", ["rnn", "lstm"])
@pytest.mark.parametrize("seed", [0, 1])
def test_library_matches_the_lessons_solutions_on_random_inputs(lesson, kind, seed):
    g = np.random.default_rng(seed)
    n, t, d, h = 3, 5, 4, 6
    k = 4 if kind == "lstm" else 1
    X, h0 = g.normal(size=(n, t, d)), g.normal(size=(n, h))
    weights = g.normal(size=(d, k * h)) * 0.5, g.normal(size=(h, k * h)) * 0.5, g.normal(size=k * h)
    dH = g.normal(size=(n, t, h))
    ours, theirs = getattr(rnn, f"{kind}_forward")(X, h0, *weights), lesson[f"{kind}_forward"](X, h0, *weights)
    _same(ours[0], theirs[0], f"{kind}_forward")
    _same(getattr(rnn, f"{kind}_backward")(dH, ours[1]), lesson[f"{kind}_backward"](dH, theirs[1]),
          f"{kind}_backward")
    step_args = (X[:, 0], h0, g.normal(size=(n, h))) if kind == "lstm" else (X[:, 0], h0)
    ours = getattr(rnn, f"{kind}_step_forward")(*step_args, *weights)
    theirs = lesson[f"{kind}_step_forward"](*step_args, *weights)
    _same(ours[:-1], theirs[:-1], f"{kind}_step_forward")
    upstream = (dH[:, 0], g.normal(size=(n, h))) if kind == "lstm" else (dH[:, 0],)
    _same(getattr(rnn, f"{kind}_step_backward")(*upstream, ours[-1]),
          lesson[f"{kind}_step_backward"](*upstream, theirs[-1]), f"{kind}_step_backward")


@pytest.mark.parametrize("limit", [0.5, 3.0, 100.0])
def test_clip_by_global_norm_matches_the_lessons_solution(lesson, limit):
    g = np.random.default_rng(7)
    grads = [g.normal(size=(3, 4)), g.normal(size=5), g.normal(size=(2, 2, 2))]
    ours, theirs = rnn.clip_by_global_norm(grads, limit), lesson["clip_by_global_norm"](grads, limit)
    _same(ours[0], theirs[0], "clipped")
    assert ours[1] == pytest.approx(theirs[1], rel=1e-12)
