"""mlcourse.checks.python_lines: the vectorisation check counts the learner's lines, not seconds."""
import numpy as np

from mlcourse.checks import python_lines

# Compiled under a notebook-like file name, as the learner's cells are (ipykernel's).
_LEARNER = compile('''
def vectorised(X):
    Y = X * 2
    return Y.sum(axis=1)

def per_row(X):
    out = []
    for row in X:
        out.append(row.sum() * 2)
    return np.array(out)
''', "/tmp/ipykernel_0/0000.py", "exec")
_namespace = {"np": np}
exec(_LEARNER, _namespace)


def test_vectorised_code_runs_the_same_lines_whatever_the_size():
    small, large = np.ones((2, 3)), np.ones((500, 3))
    assert python_lines(_namespace["vectorised"], small) == python_lines(_namespace["vectorised"], large) == 2


def test_a_loop_over_rows_runs_more_lines_on_more_rows():
    per_row = _namespace["per_row"]
    assert python_lines(per_row, np.ones((2, 3))) < 100 <= python_lines(per_row, np.ones((50, 3)))


def test_numpy_and_the_standard_library_are_not_counted():
    assert python_lines(np.pad, np.ones((4, 4)), 2) == 0


def test_the_limit_stops_a_long_call_early():
    assert python_lines(_namespace["per_row"], np.ones((100_000, 3)), limit=40) == 41
