"""deep_numpy.ipynb: fixing an earlier function is enough, without re-running mlp_forward's cell.

mlp_forward and mlp_backward look the activation functions up when they are called: a dict of
functions built when their cells ran would keep a wrong relu that the learner has since fixed.
"""
from tests.kernel import Kernel
from tests.lessons import LESSONS, exercises

_WRONG_RELU = "def relu(Z):\n    return np.abs(Z)\ndef relu_backward(dA, Z):\n    return dA * (Z > 0)\n"


def test_a_fixed_relu_is_used_without_re_running_the_later_cells():
    path = LESSONS / "02_deep" / "deep_numpy.ipynb"
    setup, found = exercises(path)
    kernel = Kernel(cwd=path.parent)
    try:
        assert kernel.run(setup).ok
        for solution_id, solution, *_ in found:
            assert kernel.run(_WRONG_RELU if solution_id == "relu" else solution).ok
        tests = {test_id: source for _, _, test_id, source, _ in found}
        assert not kernel.run(tests["test_mlp_forward"]).ok, "a wrong relu must fail mlp_forward's tests"
        fixed = next(solution for solution_id, solution, *_ in found if solution_id == "relu")
        assert kernel.run(fixed).ok
        for test_id in ("test_mlp_forward", "test_mlp_backward"):
            result = kernel.run(tests[test_id])
            assert result.ok, f"{test_id} still fails after relu was fixed: {result.error[:300]}"
    finally:
        kernel.close()
