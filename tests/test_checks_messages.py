"""What a learner reads when a check fails: the message, not the helpers' own traceback."""
import re

import numpy as np
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
    # CheckFailed renders as its message alone: no frame of the test cell or of mlcourse/checks.py.
    # The error's ename and evalue, which nbgrader records, are unchanged.
    assert result.error.startswith("CheckFailed: f(x): ")
    assert result.traceback == result.error.splitlines(), result.traceback
    assert len(result.traceback) == 2 and result.traceback[1] == "  Hint: look at the sign"


def test_call_drops_tensorflows_node_names_and_keeps_what_went_wrong():
    def eager():
        raise ValueError("{{function_node __wrapped__MatMul_device_/job:localhost/replica:0/task:0/device:CPU:0}} "
                         "Matrix size-incompatible: In[0]: [3,2], In[1]: [3,2] [Op:MatMul] name: ")

    def compiled():
        raise ValueError("in user code:\n\n    File \"<cell>\", line 3, in f  *\n\n"
                         "    ValueError: Dimensions must be equal, but are 2 and 3 for '{{node MatMul}} = "
                         "MatMul[T=DT_FLOAT, transpose_a=false](x, MatMul/b)' with input shapes: [3,2], [3,2].\n")

    def at_run_time():
        raise ValueError("Graph execution error:\n\nDetected at node MatMul defined at (most recent call last):\n"
                         "  File \"<cell>\", line 3, in f\n\nMatrix size-incompatible: In[0]: [3,2], In[1]: [3,2]\n"
                         "\t [[{{node MatMul}}]] [Op:__inference_f_38]")

    assert _message(call, "f", eager).splitlines()[0] == (
        "f: raised ValueError: Matrix size-incompatible: In[0]: [3,2], In[1]: [3,2] [Op:MatMul]")
    assert _message(call, "f", compiled).splitlines()[0] == (
        "f: raised ValueError: Dimensions must be equal, but are 2 and 3 for MatMul with input shapes: [3,2], [3,2].")
    assert _message(call, "f", at_run_time).splitlines()[0] == (
        "f: raised ValueError: Matrix size-incompatible: In[0]: [3,2], In[1]: [3,2]")


KERAS_ERRORS = [
    # What Keras 3 raises from model(X) when X has the wrong width (rev-i F10): the line that matters
    # comes after its opening line, in bold.
    ("Exception encountered when calling Sequential.call().\n\n\x1b[1mInput 0 of layer 'dense' is incompatible "
     "with the layer: expected axis -1 of input shape to have value 4, but received input with shape (2, 5)"
     "\x1b[0m\n\nArguments received by Sequential.call():\n  • inputs=tf.Tensor(shape=(2, 5), dtype=float32)",
     "Input 0 of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to have value 4, "
     "but received input with shape (2, 5)"),
    # What tape.watch(model.trainable_variables) raises with Keras 3 (rev-m F11): the variable's values span
    # lines.
    ("Passed in object <Variable path=sequential/dense/kernel, shape=(5, 4), dtype=float32, value=[[ 0.74 -0.07]"
     "\n [ 0.01  0.13]]> of type 'Variable', not tf.Tensor or tf.Variable or ExtensionType.",
     "Passed in object <Variable path=sequential/dense/kernel> of type 'Variable', not tf.Tensor or tf.Variable "
     "or ExtensionType."),
]


@pytest.mark.parametrize("message, quoted", KERAS_ERRORS)
def test_call_quotes_what_a_keras_error_says_went_wrong_on_one_line(message, quoted):
    def failing():
        raise ValueError(message)

    with pytest.raises(CheckFailed) as failed:
        call("train_step", failing, hint="use the arguments")
    assert str(failed.value).splitlines()[0] == f"train_step: raised ValueError: {quoted}"


def test_a_single_number_wrapped_in_an_array_is_told_to_return_a_scalar():
    for wrapped in ([2.3], np.array([[2.3]])):   # np.mean(..., keepdims=True), [loss] (rev-k L4)
        with pytest.raises(CheckFailed) as failed:
            check_close(wrapped, 2.3, "cross_entropy", hint="check the minus sign")
        assert "no keepdims=True" in str(failed.value) and "minus sign" not in str(failed.value)
    with pytest.raises(CheckFailed) as failed:
        check_close([2.3, 1.0], 2.3, "cross_entropy", hint="check the minus sign")
    assert "minus sign" in str(failed.value)


def test_an_unreadable_value_fails_without_numpys_error_chained_above():
    class Unreadable:
        def __array__(self, *args, **kwargs):
            raise ValueError("cannot read me")

    with pytest.raises(CheckFailed) as failure:
        check_close(Unreadable(), [1.0], "logits")
    assert "not an array" in str(failure.value) and "cannot read me" in str(failure.value)
    assert failure.value.__context__ is None and failure.value.__cause__ is None
