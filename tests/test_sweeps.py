"""Sweeps over every solution: slips a learner makes in any function are caught where they are.

Each sweep replaces one solution function at a time by a wrapped copy and requires: when the
function's own visible tests still pass, its hidden tests and every later test cell of the notebook
pass too (run from a fresh start of the wrapper, as grading runs the notebook once). So a slip that
the visible tests let through costs no points, and is never blamed on a later exercise.

- A clip "to be safe" (reviews rev-v and rev-w): the output, or the first element of a returned
  tuple, clipped at ±6 or at ±1000; for a class (a learning-rate schedule), its ``__call__``.
  The visible tests often use small values, where a clip changes nothing.
- A result kept between calls under a key made of the arguments' shapes (reviews wb5 and rev-q):
  a later exercise, or a hidden test, calls the function again with other values of those shapes.
- An argument changed in place (x += ..., Z -= Z.max()): the caller, often a later exercise's
  numerical gradient, uses it again.
- float32 on the way (.astype(np.float32), even cast back): a later numerical gradient check
  needs float64's digits.
- One output array per shape, reused (np.dot(..., out=buffer)) (review rev-a1): each result is
  right when returned, and overwritten by the next call of that shape.
"""
import ast

import pytest

from tests.kernel import Kernel
from tests.lessons import exercises, notebook_paths, visible_part

CLIP = '''
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
KEPT_BY_SHAPES = '''
def _shapes_of(value):
    import sys as _sys
    import numpy as _np
    if isinstance(value, _np.ndarray):
        return ("array", value.shape, value.dtype.str)
    if "tensorflow" in _sys.modules:
        import tensorflow as _tf
        if _tf.is_tensor(value) or isinstance(value, _tf.Variable):
            return ("tensor", tuple(value.shape), value.dtype.name)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,) + tuple(_shapes_of(item) for item in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((key, _shapes_of(item)) for key, item in value.items())
    if isinstance(value, (int, float, str, bool, type(None))):
        return value
    return type(value).__name__


_kept_{name} = {{}}
_unkept_{name} = {name}


def {name}(*args, **kwargs):
    key = (_shapes_of(args), _shapes_of(kwargs))
    if key not in _kept_{name}:
        _kept_{name}[key] = _unkept_{name}(*args, **kwargs)
    return _kept_{name}[key]
'''
CHANGES_ITS_INPUT = '''
_unchanged_{name} = {name}


def {name}(*args, **kwargs):
    import numpy as _np
    result = _unchanged_{name}(*args, **kwargs)
    changed = next((arg for arg in args if isinstance(arg, _np.ndarray) and arg.dtype.kind == "f"
                    and arg.flags.writeable), None)
    if changed is not None:
        changed += 0.5
    return result
'''
ROUNDED_THROUGH_FLOAT32 = '''
def _through_float32(value):
    import numpy as _np
    if isinstance(value, _np.ndarray) and value.dtype == _np.float64:
        return value.astype(_np.float32).astype(_np.float64)
    if isinstance(value, float):
        return float(_np.float32(value))
    if isinstance(value, tuple):
        return tuple(_through_float32(item) for item in value)
    return value


_unrounded_{name} = {name}


def {name}(*args, **kwargs):
    return _through_float32(_unrounded_{name}(*args, **kwargs))
'''
ONE_BUFFER_PER_SHAPE = '''
_buffers_{name} = {{}}
_unbuffered_{name} = {name}


def _into_buffer_{name}(value):
    import numpy as _np
    if isinstance(value, _np.ndarray) and value.dtype.kind == "f":
        buffer = _buffers_{name}.setdefault((value.shape, value.dtype.str), _np.empty_like(value))
        buffer[...] = value
        return buffer
    return value


def {name}(*args, **kwargs):
    result = _unbuffered_{name}(*args, **kwargs)
    if isinstance(result, tuple) and result:
        return (_into_buffer_{name}(result[0]),) + result[1:]
    return _into_buffer_{name}(result)
'''
# (what the slip is, wrapper of a function, wrapper of a class or None)
SLIPS = [("clipped at ±6", CLIP.replace("{c}", "6"), CLIP_CALL.replace("{c}", "6")),
         ("clipped at ±1000", CLIP.replace("{c}", "1000"), CLIP_CALL.replace("{c}", "1000")),
         ("kept per argument shapes", KEPT_BY_SHAPES, None),
         ("changing its first float array argument in place", CHANGES_ITS_INPUT, None),
         ("rounded through float32", ROUNDED_THROUGH_FLOAT32, None),
         ("returning one array per shape, overwritten by the next call", ONE_BUFFER_PER_SHAPE,
          None)]


def _first_line(result):
    return result.error.split(": ", 1)[-1].splitlines()[0][:160] if result.error else result.stderr[:160]


def _wrapped(solution):
    """(slip, the code that wraps one of the solution's functions or classes) for every slip."""
    tree = ast.parse(solution)
    for slip, for_function, for_class in SLIPS:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                yield f"{node.name} {slip}", for_function.format(name=node.name)
            elif isinstance(node, ast.ClassDef) and for_class:
                yield f"{node.name} {slip}", for_class.format(name=node.name)


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_slip_fails_its_own_visible_tests_or_nothing(path):
    setup, found = exercises(path)
    kernel = Kernel(cwd=path.parent)

    def put_back_solutions():
        for exercise in found:
            assert kernel.run(exercise.solution).ok, exercise.solution_id

    try:
        assert kernel.run(setup, timeout=600).ok
        put_back_solutions()
        escaped = []
        for index, exercise in enumerate(found):
            for what, wrapper in _wrapped(exercise.solution):
                assert kernel.run(wrapper).ok, what
                if kernel.run(visible_part(exercise.test), timeout=600).ok:
                    put_back_solutions()
                    kernel.run(wrapper)                     # afresh, as in a graded run
                    for later in found[index:]:
                        result = kernel.run(later.test, timeout=600)
                        if not result.ok:
                            escaped.append(f"{what}: its own visible tests pass, {later.test_id} "
                                           f"fails: {_first_line(result)}")
                put_back_solutions()
    finally:
        kernel.close()
    assert not escaped, "\n".join(escaped)
