"""mlcourse.checks against a learner's cell that patches what the tests rely on.

In this process: the helpers keep working when numpy or builtins are patched, and refuse objects
that claim to equal anything. In a kernel run as nbgrader runs it (``NBGRADER_EXECUTION`` set):
the guard puts the patched names back before the next cell and says so.
"""
import builtins

import numpy as np
import pytest

from mlcourse import checks
from tests.kernel import Kernel


class AlwaysEqual:
    """What a learner's function might return to pass comparisons: compares as itself, true."""

    def __eq__(self, other):
        return self

    __gt__ = __lt__ = __ge__ = __le__ = __eq__

    def __bool__(self):
        return True


def test_check_close_ignores_patched_numpy_and_builtins(monkeypatch):
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "any", lambda *a, **k: False)
    monkeypatch.setattr(np, "abs", lambda x: 0 * x)
    monkeypatch.setattr(builtins, "AssertionError", type("Never", (Exception,), {}))
    with pytest.raises(checks.CheckFailed, match="got 2, expected 3"):
        checks.check_close(2.0, 3.0, "x")
    with pytest.raises(checks.CheckFailed, match="wrong values"):
        checks.check_close([1.0, 2.0], [1.0, 2.5], "v")


def test_an_object_that_equals_everything_fails():
    with pytest.raises(checks.CheckFailed):
        checks.check_close(AlwaysEqual(), 3.0, "x")
    with pytest.raises(checks.CheckFailed, match="needs True or False"):
        checks.check(AlwaysEqual() > 10, "loss", "should be large")
    checks.check(np.float64(11) > 10, "loss", "should be large")  # NumPy booleans are fine
    checks.check(np.array([True]), "flag", "should be true")


@pytest.fixture
def grading_kernel(tmp_path):
    kernel = Kernel(tmp_path, extra_env={"NBGRADER_EXECUTION": "autograde"})
    yield kernel
    kernel.close()


def test_the_guard_puts_back_patches_and_reports_them(grading_kernel):
    k = grading_kernel
    assert k.run("import numpy as np\nfrom mlcourse.checks import check, check_close").ok
    patch = k.run("np.allclose = lambda *a, **k: True\ncheck_close = lambda *a, **k: None\n"
                  "get_ipython().showtraceback = lambda *a, **k: None")
    assert patch.ok and patch.stdout == ("mlcourse: put back numpy.allclose, check_close, IPython's showtraceback "
                                         "(changed while this cell ran; the tests use the originals)\n")
    result = k.run("check_close(np.allclose(1, 2), 0.0, 'allclose of 1 and 2')")
    assert result.ok  # np.allclose(1, 2) is False again, which check_close accepts as 0.0
    result = k.run("check_close(1.0, 2.0, 'one')")
    assert not result.ok and "one: got 1, expected 2" in result.error
    quiet = k.run("x = 1")
    assert quiet.ok and quiet.stdout == ""  # nothing left to put back


def test_the_guard_shows_an_error_hidden_while_the_cell_ran(grading_kernel):
    k = grading_kernel
    assert k.run("from mlcourse.checks import check").ok
    result = k.run("get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n"
                   "assert 1 == 2, 'one is not two'")
    assert not result.ok and "one is not two" in result.error
    assert "IPython's custom exception handler" in result.stdout


def test_the_guard_shows_a_failed_check_whose_display_a_cell_broke(grading_kernel):
    k = grading_kernel
    assert k.run("from mlcourse.checks import CheckFailed, check").ok
    result = k.run("CheckFailed._render_traceback_ = lambda self: 1 / 0\ncheck(False, 'f', 'is wrong')")
    assert not result.ok and result.traceback == ["CheckFailed: f: is wrong"], result.traceback
    assert "IPython's display of CheckFailed" in result.stdout


def test_no_guard_outside_grading(tmp_path):
    kernel = Kernel(tmp_path)
    try:
        assert kernel.run("import numpy as np\nimport mlcourse.checks").ok
        assert kernel.run("np.allclose = lambda *a, **k: True").ok
        result = kernel.run("print(np.allclose(1, 2))")
        assert result.stdout == "True\n"  # a learner's own experiments are left alone
    finally:
        kernel.close()
