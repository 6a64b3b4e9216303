"""check_prerequisite: a test cell names the earlier function at fault, not the one it tests."""
import pytest

from mlcourse.checks import CheckFailed, check_prerequisite


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
