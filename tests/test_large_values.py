"""A graded function whose output is clipped "to be safe" is caught by its own visible tests, or harmless.

A learner may clip or cap what a function returns (logits at ±20, a loss at 100). The visible
tests often use small values, where a clip changes nothing; a later exercise, or a hidden test, may
then feed it large values and lose the points under another name (reviews rev-v and rev-w found
such cases). This sweep wraps every function of every solution in a clip at each level of
``LEVELS`` (the first element only, when it returns a tuple; a class's ``__call__`` for a learning
rate schedule) and requires: when the function's own visible tests pass with the clip, its hidden
tests and every later test cell of the notebook pass too.
"""
import ast

import pytest

from tests.kernel import Kernel
from tests.lessons import exercises, notebook_paths, visible_part

LEVELS = (6, 1000)

CLIP_FUNCTION = '''
def _clip_value(value, c={c}):
    import numpy as _np
    if isinstance(value, _np.ndarray) and value.dtype.kind == "f":
        return _np.clip(value, -c, c)
    if isinstance(value, float):
        return min(max(value, -c), c)
    if "tensorflow" in __import__("sys").modules:
        import tensorflow as _tf
        if _tf.is_tensor(value) and value.dtype.is_floating:
            return _tf.clip_by_value(value, -c, c)
    return value


def _clip_first(value):
    return (_clip_value(value[0]),) + value[1:] if isinstance(value, tuple) and value else _clip_value(value)


_unclipped_{name} = {name}


def {name}(*args, **kwargs):
    return _clip_first(_unclipped_{name}(*args, **kwargs))
'''
CLIP_CALL = '''
import tensorflow as _tf
_unclipped_call = {name}.__call__
{name}.__call__ = lambda self, step: _tf.clip_by_value(_unclipped_call(self, step), -{c}, {c})
'''


def _first_line(result):
    return result.error.split(": ", 1)[-1].splitlines()[0][:160] if result.error else result.stderr[:160]


def _clipped_targets(solution):
    tree = ast.parse(solution)
    return ([(CLIP_FUNCTION, n.name) for n in tree.body if isinstance(n, ast.FunctionDef)]
            + [(CLIP_CALL, n.name) for n in tree.body if isinstance(n, ast.ClassDef)])


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_clipped_output_fails_its_own_visible_tests_or_nothing(path):
    setup, found = exercises(path)
    kernel = Kernel(cwd=path.parent)
    try:
        assert kernel.run(setup, timeout=600).ok
        for exercise in found:
            assert kernel.run(exercise.solution).ok, exercise.solution_id
        escaped = []
        for index, exercise in enumerate(found):
            for template, name in _clipped_targets(exercise.solution):
                for c in LEVELS:
                    assert kernel.run(template.format(c=c, name=name)).ok, (name, c)
                    if kernel.run(visible_part(exercise.test), timeout=600).ok:
                        for later in found[index:]:
                            result = kernel.run(later.test, timeout=600)
                            if not result.ok:
                                escaped.append(f"{name} clipped at ±{c}: its own visible tests "
                                               f"pass, {later.test_id} fails: {_first_line(result)}")
                    for again in found:                   # every solution back in place
                        kernel.run(again.solution)
    finally:
        kernel.close()
    assert not escaped, "\n".join(escaped)
