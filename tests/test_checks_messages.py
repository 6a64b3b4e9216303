"""What a learner reads when a check fails: the message, not the helpers' own traceback."""
import re

import pytest

from mlcourse.checks import CheckFailed, call, check_close
from tests.kernel import Kernel


def _message(function, *args, **kwargs):
    with pytest.raises(CheckFailed) as failure:
        function(*args, **kwargs)
    return str(failure.value)


def test_numbers_that_differ_are_printed_with_enough_digits_to_differ():
    message = _message(check_close, [[1.0, 1.11099 + 2.47e-7]], [[1.0, 1.11099]], "logits", rtol=1e-10, atol=1e-12)
    got, expected = re.search(r"got (\S+), expected (\S+) ", message).groups()
    assert got != expected, message
    assert "at index (0, 1)" in message


def test_a_scalar_that_differs_in_the_seventh_digit_prints_differently():
    message = _message(check_close, 2.0000031, 2.0, "loss", rtol=1e-9)
    got, expected = re.search(r"got (\S+), expected (\S+)", message).groups()
    assert got != expected, message


def test_call_keeps_the_line_of_a_tensorflow_error_that_says_what_went_wrong():
    def compiled(_):
        raise AttributeError("in user code:\n\n    File \"<cell>\", line 9, in train_step  *\n"
                             "        return loss.numpy()\n\n"
                             "    AttributeError: 'SymbolicTensor' object has no attribute 'numpy'\n")
    message = _message(call, "train_step", compiled, 1, hint="no .numpy() inside tf.function")
    assert message.startswith("train_step: raised AttributeError: 'SymbolicTensor' object has no attribute 'numpy'")
    assert "in user code" not in message


def test_call_lets_the_skeletons_bare_not_implemented_error_through():
    def skeleton():
        raise NotImplementedError()
    with pytest.raises(NotImplementedError):
        call("f", skeleton)


def test_call_fails_on_a_librarys_not_implemented_error_with_the_hint():
    def numpy_on_a_symbolic_tensor():
        raise NotImplementedError("Cannot convert a symbolic tf.Tensor (truediv:0) to a numpy array.")
    message = _message(call, "GornerDecay", numpy_on_a_symbolic_tensor, hint="use tf.exp")
    assert "raised NotImplementedError: Cannot convert a symbolic tf.Tensor" in message
    assert "Hint: use tf.exp" in message


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    kernel = Kernel(cwd=tmp_path_factory.mktemp("traceback"))
    yield kernel
    kernel.close()


@pytest.mark.parametrize("cell", [
    'check_close(np.ones(3), np.zeros(3), "f(x)", hint="look at the sign")',
    'call("f(x)", lambda: 1 / 0, hint="look at the sign")',
], ids=["check_close", "call"])
def test_the_learner_sees_the_message_and_not_the_frames_of_mlcourse_checks(kernel, cell):
    assert kernel.run("import numpy as np\nfrom mlcourse.checks import call, check_close").ok
    result = kernel.run(cell)
    assert not result.ok
    shown = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(result.traceback))
    # IPython always shows the frame that raised (checks._fail, 5 lines); the others are hidden.
    assert shown.count("checks.py") == 1 and "in _fail" in shown, shown
    assert "skipping hidden" in shown, shown
    assert "f(x)" in shown and "Hint: look at the sign" in shown
    assert len(shown.splitlines()) <= 16, shown
