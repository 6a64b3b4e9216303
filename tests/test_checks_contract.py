"""check_contract, check_compiled and python_lines' error wrapping: the contract every exercise
shares is checked by one helper, and each broken clause fails with its own message."""
import numpy as np
import pytest

from mlcourse.checks import CheckFailed, check_compiled, check_contract, check_kept, count_operations, python_lines


def relu(Z):
    return np.maximum(Z, 0)


def relu_in_place(Z):
    Z[Z < 0] = 0
    return Z


def relu_float32(Z):
    return np.maximum(Z, 0).astype(np.float32)


def rounds_a_weight(params, X):
    params["W"] = params["W"].astype(np.float32)
    return X @ params["b"]


def pair_with_float32_scalar(X):
    return X, np.float32(1.0)


Z = np.array([[-1.0, 2.0]])


def test_a_correct_function_passes_and_its_result_is_returned():
    np.testing.assert_array_equal(check_contract("relu", relu, Z), [[0.0, 2.0]])


@pytest.mark.parametrize("function, args, expected", [
    (relu_in_place, lambda: (Z.copy(),), "changed Z in place"),
    (relu_float32, lambda: (Z,), "returned float32 values, expected float64"),
    (rounds_a_weight, lambda: ({"W": np.ones(2), "b": np.ones(2)}, np.ones((1, 2))),
     "changed params['W'] in place"),
    (pair_with_float32_scalar, lambda: (Z,), "returned float32 values in its result[1]"),
])
def test_each_broken_clause_fails_with_its_own_message(function, args, expected):
    with pytest.raises(CheckFailed, match=r"relu \(not mlp_forward\): ") as failure:
        check_contract("relu", function, *args(), user="mlp_forward")
    assert expected in str(failure.value)
    assert "fix relu first" in str(failure.value)


def test_dtype_hint_answers_a_wrong_dtype_and_hint_a_crash():
    def crashes(X):
        raise ValueError("operands could not be broadcast together")

    with pytest.raises(CheckFailed, match="Hint: keep the sums as columns"):
        check_contract("softmax", crashes, Z, hint="keep the sums as columns", dtype_hint="no float32")
    with pytest.raises(CheckFailed, match="Hint: no float32"):
        check_contract("softmax", relu_float32, Z, hint="keep the sums as columns", dtype_hint="no float32")
    with pytest.raises(CheckFailed, match="Hint: keep the sums as columns"):
        check_contract("softmax", relu_float32, Z, hint="keep the sums as columns")


def test_dtype_none_skips_the_dtype_clause_and_a_generator_is_not_compared():
    rng = np.random.default_rng(0)
    check_contract("draw", lambda g, X: g.random(X.shape).astype(np.float32), rng, Z, dtype=None)


def test_python_lines_reports_the_learners_exception_like_call():
    def broken(x):
        raise ValueError("boom")

    with pytest.raises(CheckFailed, match="broken: raised ValueError: boom"):
        python_lines(broken, 1)


def test_check_compiled_catches_eager_only_code_and_a_cut_tape():
    tf = pytest.importorskip("tensorflow")
    X, W = tf.ones((2, 3)), tf.Variable(tf.ones((3, 2)))
    assert check_compiled("linear", lambda X, W: tf.matmul(X, W), X, W, through=[W]).shape == (2, 2)
    with pytest.raises(CheckFailed, match="SymbolicTensor"):
        check_compiled("linear", lambda X, W: tf.constant(X.numpy() @ W.numpy()), X, W)
    with pytest.raises(CheckFailed, match="no gradient from its result back to W"):
        check_compiled("linear", lambda X, W: tf.stop_gradient(tf.matmul(X, W)), X, W, through=[W])
    with pytest.raises(CheckFailed, match="not a float tensor that the tape can differentiate"):
        check_compiled("loss", lambda X, W: float(tf.reduce_sum(tf.matmul(X, W))), X, W, through=[W])


def test_check_compiled_refuses_to_run_with_tf_functions_run_eagerly():   # rev-z1 3
    tf = pytest.importorskip("tensorflow")
    X, W = tf.ones((2, 3)), tf.Variable(tf.ones((3, 2)))
    tf.config.run_functions_eagerly(True)
    try:
        with pytest.raises(CheckFailed, match="run_functions_eagerly"):
            check_compiled("linear", lambda X, W: tf.constant(X.numpy() @ W.numpy()), X, W)
    finally:
        tf.config.run_functions_eagerly(False)


def test_check_compiled_gives_the_cells_hint_for_a_nan_that_comes_eagerly_too():   # rev-o L1
    tf = pytest.importorskip("tensorflow")
    with pytest.raises(CheckFailed) as failure:
        check_compiled("loss", lambda Z: tf.reduce_mean(tf.math.log(Z - 1.0)), tf.zeros(3),
                       hint="pass the logits, not probabilities")
    assert "pass the logits" in str(failure.value) and "inside tf.function" not in str(failure.value)


def test_count_operations_counts_a_nested_tf_function_but_not_a_loop_body():   # rev-q F5, F6
    tf = pytest.importorskip("tensorflow")

    def conv(X, W):
        return tf.nn.relu(tf.nn.conv2d(X, W, 1, "SAME"))

    decorated = tf.function(conv)

    def three_decorated(X, W):
        return decorated(decorated(decorated(X, W), W), W)

    def looped(X, W):
        return tf.map_fn(lambda x: conv(x[None], W)[0], X)

    spec, W = tf.TensorSpec((4, 6, 6, 1), tf.float32), tf.ones((3, 3, 1, 1))
    counts = [count_operations("Conv2D", f, spec, W) for f in (conv, decorated, three_decorated, looped)]
    assert counts == [1, 1, 3, 0]
    assert count_operations("Conv2D", tf.function(looped), spec, W) == 0


def test_check_kept_fails_a_cache_shared_between_calls_and_passes_fresh_ones():   # rev-s F1
    def shared(X, cache={}):
        cache["X"] = X
        return 2 * X, cache

    def fresh(X):
        return 2 * X, {"X": X}

    for forward in (shared, fresh):
        earlier = forward(np.ones(2))
        if forward is fresh:
            out, cache = check_kept("forward", earlier, forward, np.zeros(2))
            assert np.array_equal(out, np.zeros(2)) and np.array_equal(earlier[1]["X"], np.ones(2))
            continue
        with pytest.raises(CheckFailed) as failure:
            check_kept("forward", earlier, forward, np.zeros(2), user="backward")
        message = str(failure.value)
        assert message.startswith("forward (not backward): changed the result[1]['X'] of an earlier call")
        assert "mutable default argument" in message


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")   # np.asmatrix, on purpose
def test_check_contract_refuses_a_np_matrix():   # rev-r W2: it broke a later cross_entropy
    with pytest.raises(CheckFailed) as failure:
        check_contract("softmax", lambda Z: np.asmatrix(np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)), Z)
    assert str(failure.value).startswith("softmax: returned a np.matrix, expected a plain NumPy array")


def test_a_contract_check_inside_a_prerequisite_keeps_its_own_message():
    from mlcourse.checks import check_prerequisite

    with pytest.raises(CheckFailed) as failure:
        check_prerequisite("relu", lambda: check_contract("relu", relu_in_place, Z.copy(),
                                                          user="mlp_forward") is not None, "mlp_forward")
    assert str(failure.value).startswith("relu (not mlp_forward): changed Z in place")


def test_may_change_exempts_an_update_in_place_and_only_that_argument():
    def step(params, grads):
        params["W"] -= grads["W"]

    check_contract("step", step, {"W": np.ones(2)}, {"W": np.ones(2)}, may_change=("params",))

    def step_clearing_grads(params, grads):
        params["W"] -= grads["W"]
        grads["W"][:] = 0

    with pytest.raises(CheckFailed, match=r"changed grads\['W'\] in place"):
        check_contract("step", step_clearing_grads, {"W": np.ones(2)}, {"W": np.ones(2)}, may_change=("params",))


def test_check_no_loops_disguised_only_allows_a_plain_loop_but_not_vectorize():
    from mlcourse.checks import check_no_loops

    def offsets(X):
        return sum(X[i] for i in range(2))

    def vectorised_loop(X):
        return np.vectorize(lambda x: x * 2)(X)

    check_no_loops(offsets, "offsets", disguised_only=True)
    with pytest.raises(CheckFailed, match="vectorize"):
        check_no_loops(vectorised_loop, "vectorised_loop", disguised_only=True)


def test_check_no_loops_refuses_itertools_starmap():   # a loop with no for statement (rev-n F6)
    import itertools

    from mlcourse.checks import check_no_loops

    def starmapped(X):
        return np.stack(tuple(itertools.starmap(lambda i, j: X[i:, j:], [(0, 0), (0, 1)])))

    with pytest.raises(CheckFailed, match="starmap"):
        check_no_loops(starmapped, "starmapped")


def test_a_prerequisite_that_raises_with_no_hint_gets_a_whole_sentence():
    def forward(X):
        raise ValueError("operands could not be broadcast together")

    with pytest.raises(CheckFailed) as failure:
        check_contract("forward", forward, np.ones(2), user="gradients")
    assert str(failure.value).endswith("Hint: fix forward first, then run this cell again.")
    with pytest.raises(CheckFailed) as failure:
        check_contract("forward", forward, np.ones(2), user="gradients", hint="use X @ W")
    assert str(failure.value).endswith("Hint: fix forward first, then run this cell again: use X @ W")
