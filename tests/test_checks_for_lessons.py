"""The checks written for the lessons: check_prerequisite names the earlier function at fault, not
the one under test; check_no_loops finds a Python loop where the text asks for vectorised NumPy.
"""
import numpy as np
import pytest

from mlcourse.checks import CheckFailed, check_no_loops, check_prerequisite


def test_a_wrong_earlier_function_is_named_before_the_function_under_test():
    with pytest.raises(CheckFailed) as failure:
        check_prerequisite("dense_backward", lambda: False, "mlp_backward")
    message = str(failure.value)
    assert message.startswith("dense_backward (not mlp_backward): gives wrong values")
    assert "Hint: fix dense_backward first" in message


def test_an_earlier_function_that_raises_is_named_with_its_error():
    with pytest.raises(CheckFailed) as failure:
        check_prerequisite("forward", lambda: 1 / 0, "gradients")
    assert str(failure.value).startswith("forward (not gradients): raised ZeroDivisionError")


def test_a_right_earlier_function_passes_and_a_skeleton_is_not_done_yet():
    check_prerequisite("relu", lambda: True, "mlp_forward")

    def skeleton():
        raise NotImplementedError()
    with pytest.raises(NotImplementedError):
        check_prerequisite("relu", skeleton, "mlp_forward")


def _rows_in_a_loop(Z):
    out = np.empty_like(Z)
    for i in range(len(Z)):
        out[i] = Z[i] / Z[i].sum()
    return out


def _rows_at_once(Z):
    return Z / Z.sum(axis=1, keepdims=True)


def test_a_loop_in_the_learners_function_is_named_and_vectorised_code_passes():
    with pytest.raises(CheckFailed) as failure:
        check_no_loops(_rows_in_a_loop, "softmax", hint="use axis=1, keepdims=True")
    assert str(failure.value).startswith("softmax: uses a for loop, where the exercise asks for no Python loops")
    check_no_loops(_rows_at_once, "softmax")
    check_no_loops(np.exp, "a function without Python source")


def _rows_by_apply_along_axis(Z):
    return np.apply_along_axis(lambda z: z / z.sum(), 1, Z)


def test_apply_along_axis_counts_as_a_loop():
    with pytest.raises(CheckFailed) as failure:
        check_no_loops(_rows_by_apply_along_axis, "softmax")
    assert str(failure.value).startswith("softmax: uses apply_along_axis, a Python loop in disguise,")


def _row_softmax(Z):
    return np.stack([np.exp(r - r.max()) / np.exp(r - r.max()).sum() for r in Z])


def _softmax_by_helper(Z):
    return _row_softmax(Z)


def _softmax_by_two_helpers(Z):
    return _softmax_by_helper(Z)


def _softmax_by_recursion(Z):
    if len(Z) == 0:
        return Z
    first = np.exp(Z[:1] - Z[:1].max()) / np.exp(Z[:1] - Z[:1].max()).sum()
    return np.concatenate([first, _softmax_by_recursion(Z[1:])])


def _ping(Z):
    return Z if len(Z) < 2 else _pong(Z[1:])


def _pong(Z):
    return _ping(Z)


def _forward_calling_softmax(Z):
    return _rows_at_once(np.exp(Z))


def test_a_loop_in_a_helper_it_calls_is_found_and_named_where_it_is():
    with pytest.raises(CheckFailed) as failure:
        check_no_loops(_softmax_by_helper, "softmax")
    assert str(failure.value).startswith(
        "softmax: uses a comprehension in _row_softmax, which _softmax_by_helper calls, where")
    with pytest.raises(CheckFailed, match="in _row_softmax, which _softmax_by_helper calls"):
        check_no_loops(_softmax_by_two_helpers, "softmax")
    # A call of another right, vectorised function (forward calling softmax) passes.
    check_no_loops(_forward_calling_softmax, "forward")


def test_recursion_is_a_loop_unless_only_disguised_loops_are_refused():
    with pytest.raises(CheckFailed) as failure:
        check_no_loops(_softmax_by_recursion, "softmax")
    assert str(failure.value).startswith("softmax: uses recursion (_softmax_by_recursion calls "
                                         "itself), a Python loop in disguise, where")
    with pytest.raises(CheckFailed, match=r"recursion \(_pong calls back _ping\)"):
        check_no_loops(_ping, "ping")
    check_no_loops(_softmax_by_recursion, "softmax", disguised_only=True)


def _windows_by_loop(X):
    return np.stack([row for row in X])


def _conv_on_windows(X):
    return _windows_by_loop(X) @ np.ones(X.shape[1])


def test_a_loop_in_an_earlier_exercise_is_reported_under_that_exercise():
    with pytest.raises(CheckFailed) as failure:
        check_no_loops(_conv_on_windows, "conv2d_forward", earlier=("_windows_by_loop",))
    message = str(failure.value)
    assert message.startswith("_windows_by_loop (not conv2d_forward): uses a comprehension in "
                              "_windows_by_loop, which _conv_on_windows calls")
    assert "fix _windows_by_loop first" in message
    # Without it, the loop counts against the checked exercise, as in a helper of its own.
    with pytest.raises(CheckFailed, match=r"^conv2d_forward: uses a comprehension"):
        check_no_loops(_conv_on_windows, "conv2d_forward")


def _windows_by_reduce(X):
    import functools
    return functools.reduce(lambda acc, row: acc + [row], X, [])


def _sum_by_ufunc_reduce(X):
    return np.add.reduce(X, axis=0)


def test_functools_reduce_is_a_loop_but_a_ufunc_reduce_is_not():
    with pytest.raises(CheckFailed, match="uses functools.reduce, a Python loop in disguise"):
        check_no_loops(_windows_by_reduce, "im2col")
    check_no_loops(_sum_by_ufunc_reduce, "softmax")


def _pool_by_helper(X):
    return _windows_helper(X).max(axis=-1)


def _windows_helper(X):
    return _conv_on_windows(X)


def test_calls_follows_helpers_and_lambdas():
    from mlcourse.checks import calls

    assert calls(_pool_by_helper, "_windows_by_loop")          # through two helpers
    assert calls(_conv_on_windows, "_windows_by_loop")
    assert not calls(_forward_calling_softmax, "_windows_by_loop")
    assert not calls(np.exp, "_windows_by_loop")               # no source: False


def test_a_loop_is_blamed_on_the_deepest_earlier_exercise_on_the_way():
    with pytest.raises(CheckFailed, match=r"^_windows_by_loop \(not pool\)"):
        check_no_loops(_pool_by_helper, "pool", earlier=("_conv_on_windows", "_windows_by_loop"))
