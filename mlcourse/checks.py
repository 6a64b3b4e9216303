"""Assertions for the test cells, with messages a teaching assistant would write.

Each helper raises ``AssertionError`` (which nbgrader counts as a failed test) with one message
that says what was expected, what came back, and the likely mistake.

Grading runs the learner's code in the same kernel as the tests, with no sandbox. Two defences
make the tests robust to a learner's cell that patches what the tests rely on:

- the helpers here use private references to the NumPy functions and builtins they call, taken
  when this module is imported, so ``np.allclose = lambda *a, **k: True`` or a replaced
  ``builtins.abs`` changes nothing in them;
- while nbgrader executes a notebook (``NBGRADER_EXECUTION`` set), importing this module in the
  kernel installs a guard (:class:`_Guard`) that, before and after every cell, puts back what a
  cell replaced: NumPy's and ``numpy.testing``'s functions, the builtins, this module's functions
  (and the names the notebook imported from it), the notebook's module aliases (``np``) and
  IPython's error display (``showtraceback``, custom exception handlers, how a failed check is
  shown), and prints one line
  starting ``mlcourse: put back`` into the cell, which ``mlcourse grade`` reports. A cell that
  raised while the error display was disabled has its error shown again, so it scores 0.

This defends against patching, not against every trick: code that removes the guard itself can
still cheat, which is why the instructor reads the "tampering" notes of the grade table.
"""
import ast
import builtins
import inspect
import os
import re
import sys
import sysconfig
import textwrap
import types

import numpy as np

# Private references: what the helpers call, safe from later patches of numpy or builtins.
_asarray, _abs, _any, _all, _isfinite, _sum = np.asarray, np.abs, np.any, np.all, np.isfinite, np.sum
_argmax, _unravel_index, _float64, _ndarray = np.argmax, np.unravel_index, np.float64, np.ndarray
_bool, _float, _int, _tuple, _str, _type, _len, _max = bool, float, int, tuple, str, type, len, max
_settrace, _gettrace, _realpath, _sub = sys.settrace, sys.gettrace, os.path.realpath, re.sub
_array_equal = np.array_equal


class CheckFailed(AssertionError):  # AssertionError as this module saw it, whatever builtins says later
    """A test-cell check failed; the message is meant for the learner."""

    def _render_traceback_(self):
        """What IPython shows for it: the message alone, without the frames of the test cell."""
        return f"{_type(self).__name__}: {self}".splitlines()


def _fail(name, message, hint):
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    text = f"{name}: {message}"
    if hint:
        text += f"\n  Hint: {hint}"
    raise CheckFailed(text)


def as_array(value, name):
    """Convert a learner's return value (ndarray, tensor, list, number) to a NumPy array."""
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    if value is None:
        _fail(name, "returned None", "did you forget the return statement?")
    try:
        return _asarray(value)
    except Exception as error:  # a learner's object we cannot read as numbers
        failure = error
    # Raised outside the except clause: no "During handling of the above exception" and NumPy's
    # traceback above the message.
    _fail(name, f"returned a {_type(value).__name__} that is not an array ({failure})", "")


def check(condition, name, message, hint=""):
    """Fail with ``message`` unless ``condition`` is true."""
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    if not _truth(condition, name):
        _fail(name, message, hint)


def _truth(condition, name):
    """True or False of a test's condition; an object that only claims to be true is refused.

    A learner's function can return an object whose comparisons all say True; NumPy reads such
    an object as dtype ``object``, never as a boolean or a number.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    if _type(condition) in (_bool, np.bool_):
        return _bool(condition)
    try:
        array = _asarray(condition)
    except Exception:  # noqa: BLE001 - not readable as a value at all
        array = None
    if array is None or array.size != 1 or array.dtype.kind not in "biuf":
        _fail(name, f"the check needs True or False, but got a {_type(condition).__name__}",
              "return plain numbers or arrays, not objects of your own")
    return _bool(array.reshape(()).item())


def check_shape(value, expected_shape, name, hint=""):
    """Fail unless ``value`` has shape ``expected_shape``; return it as an array."""
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    array = as_array(value, name)
    expected_shape = _tuple(expected_shape)
    if array.shape != expected_shape:
        if expected_shape == () and array.size == 1:  # the right number, wrapped: say that
            hint = "return the number itself, a scalar: no keepdims=True, and no list or array around it."
        _fail(name, f"has shape {array.shape}, expected {expected_shape}", hint)
    return array


def check_finite(value, name, hint="look for exp() of large numbers or log(0)"):
    """Fail if ``value`` has NaN or infinite entries; return it as an array."""
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    array = as_array(value, name)
    if array.dtype.kind not in "biufc":  # objects of the learner's own, strings
        _fail(name, f"returned {_type(value).__name__} values that are not numbers (dtype {array.dtype})",
              "return a NumPy array or a number")
    if not _all(_isfinite(array)):
        _fail(name, f"contains {_int(_sum(~_isfinite(array)))} NaN or infinite value(s)", hint)
    return array


def check_close(value, expected, name, hint="", rtol=1e-5, atol=1e-7):
    """Fail unless ``value`` matches ``expected`` in shape and, entrywise, within tolerance.

    The message shows the largest difference and where it is. Returns None, so that a test cell
    ending with a check shows nothing but the checks' own messages.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    expected = _asarray(expected)
    array = check_shape(value, expected.shape, name, hint)
    array = check_finite(array, name, hint or "look for exp() of large numbers or log(0)")
    diff = _abs(array.astype(_float64) - expected.astype(_float64))
    allowed = atol + rtol * _abs(expected.astype(_float64))
    if _any(diff > allowed):
        if array.ndim == 0:
            got, want = _distinct(_float(array), _float(expected))
            _fail(name, f"got {got}, expected {want}", hint)
        where = _unravel_index(_argmax(diff - allowed), diff.shape)
        got, want = _distinct(_float(array[where]), _float(expected[where]))
        _fail(
            name,
            f"wrong values: at index {_tuple(_int(i) for i in where)} got {got}, "
            f"expected {want} (largest difference {diff.max():.3g})",
            hint,
        )


def _distinct(got, expected):
    """The two numbers printed with 6 significant digits, or with as many as it takes to differ."""
    for digits in (6, 9, 12, 17):
        text = (f"{got:.{digits}g}", f"{expected:.{digits}g}")
        if text[0] != text[1]:
            break
    return text


def call(name, function, *args, hint=""):
    """Call a learner's ``function(*args)``; an exception it raises fails the check with ``hint``.

    For mistakes that crash rather than return a wrong value (a shape that cannot broadcast, say).
    A bare ``NotImplementedError()`` (the skeleton's) passes through unchanged: the exercise is
    simply not done yet. One with a message comes from a library (TensorFlow raises it when NumPy
    meets a symbolic tensor) and fails the check like any other error.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    try:
        return function(*args)
    except CheckFailed:
        raise  # a check inside (check_contract in a prerequisite's test): its message is the one
    except NotImplementedError as error:
        if not _str(error).strip():
            raise
        failure = error
    except Exception as error:
        failure = error
    # Raised outside the except clause, so that the learner's (or TensorFlow's) long traceback is
    # not printed above the message; the message keeps the line that says what went wrong.
    _fail(name, f"raised {_gist(failure)}", hint)


def check_contract(name, function, *args, dtype="float64", user=None, may_change=(), hint="",
                   dtype_hint=None):
    """Call the learner's ``function(*args)`` through :func:`call`; check the contract every
    exercise shares; return what it returned.

    The contract: no argument changed in place (arrays, and the arrays in dicts, lists and tuples,
    are compared before and after; other objects such as random generators are not), and every
    floating-point value returned (arrays, tensors, NumPy scalars, also inside tuples, lists and
    dicts) has ``dtype`` (None: not checked). Arguments named in ``may_change`` (an update in
    place, such as Adam's ``params`` and ``state``) are not compared. With ``user``, the label is
    "name (not user)": for a prerequisite checked in a later exercise's cell. ``hint`` goes with
    an exception the call raises, and with a wrong dtype unless ``dtype_hint`` is given: a hint
    about a crash (a shape that cannot broadcast) then does not answer a float32 result.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    label = name if user is None else f"{name} (not {user})"
    first = _blamer(name, user)
    names = _argument_names(function, args)
    saved = [_snapshot(arg) for arg in args]
    result = call(label, function, *args, hint=first(hint))
    for arg_name, arg, before in zip(names, args, saved):
        if arg_name in may_change:
            continue
        where = _changed(arg, before, arg_name)
        if where is not None:
            reshaped = where.endswith(("(its length)", "(its keys)"))
            _fail(label, f"changed {where} in place; its arguments must stay as they were",
                  first("read the list or dict without changing it: walk it with an index or "
                        "reversed(...), no .pop(), .append(), del or new keys (the caller uses it "
                        "again after the call)" if reshaped else
                        "compute into a new array (x = x * 2, not x *= 2, x[...] = ... or "
                        "params[key] = ...): the caller uses its inputs again after the call"))
    for part in result if isinstance(result, _tuple) else (result,):
        if isinstance(part, np.matrix):
            _fail(label, "returned a np.matrix, expected a plain NumPy array",
                  first("return np.asarray(...), not np.asmatrix or np.matrix: a matrix keeps two "
                        "axes after a sum and turns * into a matrix product"))
    if dtype is not None:
        expected = np.dtype(dtype)
        for where, found in _float_dtypes(result, "its result"):
            if found != expected:
                inside = "" if where == "its result" else f" in {where}"
                _fail(label, f"returned {found} values{inside}, expected {expected}",
                      first(dtype_hint or hint or _DTYPE_HINTS.get(expected.name, "")))
    return result


def check_kept(name, earlier, function, *args, user=None, hint=""):
    """Call the learner's ``function(*args)`` again and check that ``earlier``, what an earlier
    call returned, is unchanged; return the new result.

    For a function whose result the caller keeps (a forward's cache, kept for the backward pass):
    one cache shared by every call (a mutable default argument, a dict outside the function
    updated in place) changes under the caller's feet when the function runs again.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    label = name if user is None else f"{name} (not {user})"
    first = _blamer(name, user)
    before = _snapshot(earlier)
    result = call(label, function, *args, hint=first(hint))
    where = _changed(earlier, before, "the result")
    if where is not None:
        _fail(label, f"changed {where} of an earlier call when it ran again",
              first("return new objects on every call: no array reused from call to call "
                    "(np.dot(..., out=buffer) into a buffer kept per shape), no mutable default "
                    "argument (cache={} or cache=[]) and no container outside the function "
                    "updated in place"))
    return result


def _blamer(name, user):
    """The hint-maker of a check of ``name``: in ``user``'s cell (a prerequisite), it puts "fix
    name first, then run this cell again" before the hint; with no hint, that sentence alone."""
    def first(hint):
        if user is None:
            return hint
        return f"fix {name} first, then run this cell again" + (f": {hint}" if hint else ".")
    return first


_DTYPE_HINTS = {
    "float64": "keep float64 throughout: a float32 constant, astype(np.float32), np.float32(...) or "
               "a float32 tensor rounds every value to 7 digits, and the gradient checks need 15",
    "float32": "keep float32, the dtype of the model's weights: TensorFlow does not mix float64 "
               "and float32 in one operation",
}


def _argument_names(function, args):
    """The parameter names ``args`` bind to in ``function``; "argument 1", ... where unknown."""
    try:
        bound = inspect.signature(function).bind_partial(*args).arguments
        names = [key for key in bound][: _len(args)]
    except (TypeError, ValueError):  # no signature, or it does not take these arguments
        names = []
    return names + [f"argument {i + 1}" for i in range(_len(names), _len(args))]


_UNCHECKED = object()


def _snapshot(value):
    """A copy of the arrays in ``value`` (also inside dicts, lists, tuples), to compare after a call."""
    if isinstance(value, _ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {key: _snapshot(item) for key, item in value.items()}
    if isinstance(value, (list, _tuple)):
        return [_snapshot(item) for item in value]
    return _UNCHECKED


def _changed(value, before, where):
    """Where ``value`` differs from its snapshot ``before`` (e.g. "params['W1']"), or None."""
    if before is _UNCHECKED:
        return None
    if isinstance(before, _ndarray):
        same = (isinstance(value, _ndarray) and value.shape == before.shape and value.dtype == before.dtype
                and _bool(_array_equal(value, before, equal_nan=before.dtype.kind in "fc")))
        return None if same else where
    if isinstance(before, dict):
        if not isinstance(value, dict) or list(value) != list(before):
            return f"{where} (its keys)"
        for key, item in before.items():
            found = _changed(value[key], item, f"{where}[{key!r}]")
            if found is not None:
                return found
        return None
    if _len(value) != _len(before):
        return f"{where} (its length)"
    for index, item in enumerate(before):
        found = _changed(value[index], item, f"{where}[{index}]")
        if found is not None:
            return found
    return None


def _float_dtypes(value, where):
    """(where, dtype) of each floating-point value in a returned ``value``, tensors included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _float_dtypes(item, f"{where}[{key!r}]")
    elif isinstance(value, (list, _tuple)):
        for index, item in enumerate(value):
            yield from _float_dtypes(item, f"{where}[{index}]")
    elif isinstance(value, _float):
        yield where, np.dtype(_float64)
    elif isinstance(value, (_ndarray, np.generic)):
        if value.dtype.kind == "f":
            yield where, value.dtype
    elif hasattr(getattr(value, "dtype", None), "as_numpy_dtype"):  # a TensorFlow tensor or variable
        kind = np.dtype(value.dtype.as_numpy_dtype)
        if kind.kind == "f":
            yield where, kind


def check_compiled(name, function, *args, through=(), user=None, hint=""):
    """Check that the learner's TensorFlow ``function(*args)`` also runs inside ``tf.function``
    with the same result, and that the tape differentiates its result with respect to each tensor
    or variable in ``through``. Returns the eager result.

    For functions that a training step calls under ``tf.function`` and ``tf.GradientTape``: code
    that works only eagerly (``.numpy()``, NumPy functions, a Python ``if`` on a tensor) or that
    cuts the tape otherwise passes its own cell and breaks the training step.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    import tensorflow as tf

    label = name if user is None else f"{name} (not {user})"
    first = _blamer(name, user)
    check(not tf.config.functions_run_eagerly(), label, "cannot be checked inside tf.function: "
          "tf.config.run_functions_eagerly(True) is on, and runs every tf.function eagerly",
          "remove run_functions_eagerly(True) from your cells and restart the kernel: it hides "
          "code that works only eagerly (.numpy(), NumPy functions), which training runs compiled.")
    eager = call(label, function, *args, hint=first(hint))
    compiled = call(label, tf.function(function), *args,
                    hint=first("inside tf.function, values are symbolic tensors: use tf "
                               "operations, not .numpy(), NumPy functions or a Python if on a "
                               "tensor's value; and create no tf.Variable inside (use the "
                               "variables it is given)"))
    flat_eager, flat_compiled = tf.nest.flatten(eager), tf.nest.flatten(compiled)
    check(_len(flat_eager) == _len(flat_compiled), label,
          "returns a different structure inside tf.function than when run eagerly", first(hint))
    for part in flat_eager:   # NaN run eagerly too: the cell's hint, not one about tf.function
        if tf.is_tensor(part) and part.dtype.is_floating:
            check_finite(part, label, first(hint))
    for got, expected in zip(flat_compiled, flat_eager):
        check_close(got, expected, label, first("it gives other values inside tf.function than "
                    "eagerly: does it depend on Python state or randomness, or go through Keras "
                    "probabilities (Keras recovers the logits from a softmax inside tf.function "
                    "only)?"), rtol=1e-4, atol=1e-5)
    if not through:
        return eager

    def floats(result):
        return [part for part in tf.nest.flatten(result) if tf.is_tensor(part) and part.dtype.is_floating]

    check(_len(floats(eager)) > 0, label,
          f"returned a {_type(eager).__name__}, not a float tensor that the tape can differentiate",
          first("return the TensorFlow tensor itself: no .numpy(), float() or NumPy functions"))

    def gradients():
        with tf.GradientTape(persistent=False) as tape:
            for source in through:
                if not isinstance(source, tf.Variable):
                    tape.watch(source)
            result = function(*args)
            total = tf.add_n([tf.reduce_sum(tf.cast(part, tf.float32)) for part in floats(result)])
        return tape.gradient(total, list(through))

    grads = call(label, gradients, hint=first(hint))
    names = _argument_names(function, args)
    for source, grad in zip(through, grads):
        where = next((arg_name for arg_name, arg in zip(names, args) if arg is source), "an input")
        check(grad is not None, label, f"the tape finds no gradient from its result back to {where}",
              first("the tape follows TensorFlow operations only: .numpy(), np.* functions, "
                    "tf.stop_gradient or a new tf.constant/tf.Variable built from a tensor cut it"))
    return eager


def count_operations(op_type, function, *args):
    """How many ``op_type`` operations (``"Conv2D"``, say) one call of ``function(*args)`` runs once
    compiled with ``tf.function``; ``args`` may hold ``tf.TensorSpec`` for the tensors.

    The operations of a nested ``tf.function`` (a learner's function decorated with it) count, as
    they run once per call; those in the body of a loop (``tf.map_fn``, ``tf.while_loop``) do not:
    the loop runs its body once per element.
    """
    import tensorflow as tf

    graph = tf.function(function).get_concrete_function(*args).graph.as_graph_def()
    bodies = {body.signature.name: body.node_def for body in graph.library.function}

    def count(nodes):
        calls = [node.attr["f"].func.name for node in nodes
                 if node.op in ("PartitionedCall", "StatefulPartitionedCall")]
        return sum(node.op == op_type for node in nodes) + sum(count(bodies[name]) for name in calls)

    return count(graph.node)


def _gist(error):
    """"ErrorType: the line of its message that says what went wrong".

    Usually the first line; TensorFlow's errors from compiled functions start with "in user code:"
    and a traceback, and end with the line that matters (which names its own error type). Keras
    starts with "Exception encountered when calling Sequential.call()." and says what went wrong
    on the next line, in bold (terminal colour codes, removed).
    """
    kind = _type(error).__name__
    text = _sub(r"\x1b\[[0-9;]*m", "", _str(error))
    # A Keras variable's repr spans lines with its values: keep its path only.
    text = _sub(r"<Variable (path=[^,>]*)[^>]*>", r"<Variable \1>", text)
    lines = [line.strip() for line in text.strip().splitlines()
             if line.strip() and not line.strip().startswith("[[{{node ")] or [""]  # TF's node line
    line = lines[-1] if lines[0].endswith(":") and _len(lines) > 1 else lines[0]
    if line.startswith("Exception encountered when calling") and _len(lines) > 1:
        line = lines[1]
    # TensorFlow's internals, which say nothing to the learner: "{{function_node __wrapped__...}}",
    # "'{{node MatMul}} = MatMul[T=DT_FLOAT, ...](x, b)'" (kept as "MatMul"), a last "name: ".
    line = _sub(r"\{\{function_node [^}]*\}\}\s*", "", line)
    line = _sub(r"'\{\{node ([^}]*)\}\} = [^']*'", r"\1", line)
    line = _sub(r"\s*name:\s*$", "", line)
    return (line if line.startswith(f"{kind}: ") else f"{kind}: {line}")[:200]


class _TooManyLines(BaseException):  # not an Exception: a learner's `except Exception` lets it through
    """Raised by the tracer of :func:`python_lines` to stop a call that passed its limit."""


def _library_paths():
    """Where installed code lives (standard library, site-packages, mlcourse): not the learner's."""
    paths = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    paths.add(os.path.dirname(os.path.abspath(__file__)))
    return _tuple(os.path.join(os.path.realpath(path), "") for path in paths)


def python_lines(function, *args, limit=None, name=None, hint=""):
    """How many lines of the learner's Python ``function(*args)`` runs (at most ``limit + 1``).

    Counts the lines executed in code outside the standard library, site-packages and mlcourse:
    the notebook's cells and whatever they define. Vectorised code runs the same lines whatever
    the size of its input; a Python loop over images or pixels runs more lines on a larger one.
    Unlike a timing, the count does not depend on the machine or on how busy it is. A call that
    passes ``limit`` is stopped there and ``limit + 1`` returned. An exception it raises fails the
    check as in :func:`call`, under ``name`` (the function's own name by default) with ``hint``.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    libraries, learners = _library_paths(), {}   # learners: filename -> whether to count its lines
    count = [0]

    def local(frame, event, arg):
        if event == "line":
            count[0] += 1
            if limit is not None and count[0] > limit:
                raise _TooManyLines
        return local

    def tracer(frame, event, arg):
        filename = frame.f_code.co_filename
        if filename not in learners:
            learners[filename] = not (filename.startswith("<frozen")
                                      or _realpath(filename).startswith(libraries))
        return local if learners[filename] else None

    previous, failure = _gettrace(), None
    _settrace(tracer)
    try:
        function(*args)
    except _TooManyLines:
        pass
    except NotImplementedError as error:
        if not _str(error).strip():
            raise  # the skeleton's: the exercise is not done yet
        failure = error
    except Exception as error:
        failure = error
    finally:
        _settrace(previous)
    if failure is not None:
        _fail(name or getattr(function, "__name__", "your function"), f"raised {_gist(failure)}", hint)
    return count[0] if limit is None or count[0] <= limit else limit + 1


def check_prerequisite(name, test, user):
    """Fail naming the earlier exercise ``name``, not ``user``, unless ``test()`` returns True.

    For a test cell of ``user`` whose checks also run the learner's ``name``: checked first, a
    mistake in ``name`` is reported under its own name, not as a wrong result of ``user``.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    label = f"{name} (not {user})"
    hint = f"fix {name} first (its test cell says what is wrong), run that cell, then this one."
    check(call(label, test, hint=hint), label, f"gives wrong values, and {user} relies on it", hint)


def check_no_loops(function, name, hint="", disguised_only=False, earlier=()):
    """Fail if the source of the learner's ``function`` has a Python loop or comprehension.

    For an exercise whose text asks for vectorised NumPy. The functions of the same module (the
    notebook's) that ``function`` calls by name are read too, and those they call, so that a loop
    moved into a helper is found; a function that calls itself, or calls back one of its callers
    (recursion, a loop in disguise), is refused. With ``disguised_only``, only the calls that loop
    in Python behind a NumPy name (``np.vectorize``, ``np.apply_along_axis``, ``map``) are refused:
    for an exercise that allows an explicit loop (over kernel offsets, say) whose size
    ``python_lines`` checks. A function whose source cannot be read is not checked.

    ``earlier``: names of earlier exercises' functions. A loop found in one of them, or in what it
    calls, is reported under that function's name, "im2col (not conv2d_forward)", as its own.
    """
    __tracebackhide__ = True  # IPython shows the learner's frames, not these
    asked = ("whole-array NumPy operations and plain for loops" if disguised_only
             else "no Python loops")
    found = _loop_in(function, (function,), set(), disguised_only)
    if found is None:
        return
    text, path = found
    culprit = next((f.__name__ for f in path[:0:-1] if f.__name__ in earlier), None)
    if culprit is None:
        _fail(name, f"uses {text}, where the exercise asks for {asked}", hint)
    _fail(f"{culprit} (not {name})", f"uses {text}, where {name}'s exercise asks for {asked} in "
          "all it runs", f"fix {culprit} first, then run this cell again: {name} calls it, so its "
          f"loop counts against {name}.")


def _loop_in(function, path, seen, disguised_only):
    """(what loops, the chain of calls to where it is) in ``function`` or the same-module
    functions it calls, or None.

    ``path``: the chain of calls from the checked function down to ``function``; ``seen``: the
    functions already read.
    """
    seen.add(function)
    tree = _source_tree(function)
    if tree is None:  # no source to read: nothing to check
        return None
    where = "" if _len(path) == 1 else f" in {function.__name__}, which {path[-2].__name__} calls"
    kinds = {ast.For: "a for loop", ast.While: "a while loop", ast.comprehension: "a comprehension"}
    if not disguised_only:
        for node in ast.walk(tree):
            if _type(node) in kinds:
                return kinds[_type(node)] + where, path
    called = next(_disguised_loops(tree), None)
    if called is not None:
        return f"{called}, a Python loop in disguise{where}", path
    for callee in _own_calls(function, tree):
        if callee in path:
            if disguised_only:
                continue
            back = "itself" if callee is function else f"back {callee.__name__}"
            return f"recursion ({function.__name__} calls {back}), a Python loop in disguise", path
        if callee not in seen:
            found = _loop_in(callee, path + (callee,), seen, disguised_only)
            if found is not None:
                return found
    return None


def _source_tree(function):
    """The syntax tree of ``function``'s source, or None when it has none to read."""
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None


def _own_calls(function, tree):
    """The plain Python functions of ``function``'s own module that ``tree`` calls by name."""
    scope, module = getattr(function, "__globals__", {}), getattr(function, "__module__", None)
    for node in ast.walk(tree):
        if _type(node) is ast.Call and _type(node.func) is ast.Name:
            callee = scope.get(node.func.id)
            if isinstance(callee, types.FunctionType) and callee.__module__ == module:
                yield callee


_LOOPING_CALLS = ("apply_along_axis", "apply_over_axes", "vectorize", "frompyfunc", "map", "starmap")


def _disguised_loops(tree):
    """Names of the calls in ``tree`` that run Python code once per element or row."""
    for node in ast.walk(tree):
        if _type(node) is ast.Call:
            called = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if called in _LOOPING_CALLS:
                yield called
            elif called == "reduce" and (_type(node.func) is ast.Name or getattr(
                    node.func.value, "id", "") == "functools"):   # not NumPy's np.add.reduce
                yield "functools.reduce"


def calls(function, name):
    """Whether ``function``, or a function of its module that it calls, calls ``name`` by name.

    For a test cell whose exercise may be built on an earlier one (maxpool_forward on im2col,
    directly, through a helper or a lambda): check the earlier function first only then.
    """
    return _calls(function, name, set())


def _calls(function, name, seen):
    seen.add(function)
    tree = _source_tree(function)
    if tree is None:  # no source to read
        return False
    if any(_type(node) is ast.Call and getattr(node.func, "id", None) == name
           for node in ast.walk(tree)):
        return True
    return any(_calls(callee, name, seen) for callee in _own_calls(function, tree)
               if callee not in seen)


def passed(name):
    """Print the line a learner sees when a test cell passes."""
    print(f"\u2714 {name}: all visible tests passed.")


# --- the guard against patching (installed in a kernel while nbgrader executes it) ----------

PUT_BACK = "mlcourse: put back"  # the start of the line the guard prints; mlcourse grade reads it
_API = ("check", "check_shape", "check_finite", "check_close", "call", "passed", "CheckFailed", "as_array",
        "python_lines", "check_prerequisite", "check_no_loops", "check_contract", "check_compiled",
        "count_operations", "check_kept", "calls")
_SHELL_METHODS = ("showtraceback", "_showtraceback", "showsyntaxerror", "run_cell", "run_code")
# Builtins that IPython and ipykernel themselves set per cell or per request.
_CHANGING = {"_", "__", "___", "input", "raw_input", "getpass", "display", "get_ipython", "exit", "quit"}


def _functions(module):
    return {k: v for k, v in vars(module).items() if callable(v) and not k.startswith("__")}


class _Guard:
    """Puts back, before and after every cell, what a cell replaced (see the module docstring)."""

    def __init__(self, shell):
        self.shell = shell
        self.module = sys.modules[__name__]
        self.own = {k: v for k, v in vars(self.module).items()
                    if isinstance(v, (types.FunctionType, type)) and getattr(v, "__module__", None) == __name__}
        self.functions = {k: v for k, v in self.own.items() if isinstance(v, types.FunctionType)}
        self.functions[_RENDER] = vars(CheckFailed)["_render_traceback_"]
        self.code = {k: (v.__code__, v.__defaults__, v.__kwdefaults__) for k, v in self.functions.items()}
        self.namespaces = [(np, "numpy", _functions(np)), (np.testing, "numpy.testing", _functions(np.testing)),
                           (builtins, "builtins", dict(vars(builtins)))]
        self.streams = {"stdout": sys.stdout, "stderr": sys.stderr}
        self.shell_class = {k: getattr(type(shell), k) for k in _SHELL_METHODS if hasattr(type(shell), k)}
        self.shell_own = {k: vars(shell).get(k, _MISSING) for k in _SHELL_METHODS}
        self.custom = (shell.custom_exceptions, shell.CustomTB)
        self.aliases = None  # the notebook's module names, taken after the cell that imported this

    def _put_back(self):
        """Undo the patches; return the names of what was put back."""
        fixed = []
        for namespace, label, saved in self.namespaces:
            current = vars(namespace)
            for key, value in saved.items():
                # Replaced only: a name that comes and goes (IPython's builtins trap) is left be.
                if key in current and current[key] is not value and key not in _CHANGING:
                    setattr(namespace, key, value)
                    fixed.append(f"{label}.{key}")
        for key, value in self.own.items():
            if vars(self.module).get(key) is not value:
                setattr(self.module, key, value)
                fixed.append(f"mlcourse.checks.{key}")
        for key, (code, defaults, kwdefaults) in self.code.items():
            function = self.functions[key]
            if (function.__code__, function.__defaults__, function.__kwdefaults__) != (code, defaults, kwdefaults):
                function.__code__, function.__defaults__, function.__kwdefaults__ = code, defaults, kwdefaults
                fixed.append(f"the code of mlcourse.checks.{key}")
        if vars(CheckFailed).get("_render_traceback_") is not self.functions[_RENDER]:
            CheckFailed._render_traceback_ = self.functions[_RENDER]
            fixed.append("IPython's display of CheckFailed")
        user = self.shell.user_ns
        for key in _API:
            if key in user and user[key] is not self.own[key] and key in self._imported:
                user[key] = self.own[key]
                fixed.append(key)
        for key, module in (self.aliases or {}).items():
            if user.get(key, _MISSING) is not module:
                user[key] = module
                fixed.append(key)
        for key, stream in self.streams.items():
            if getattr(sys, key) is not stream:
                setattr(sys, key, stream)
                fixed.append(f"sys.{key}")
        for key, value in self.shell_own.items():
            if vars(self.shell).get(key, _MISSING) is not value:
                if value is _MISSING:
                    delattr(self.shell, key)
                else:
                    setattr(self.shell, key, value)
                fixed.append(f"IPython's {key}")
        for key, value in self.shell_class.items():
            if getattr(type(self.shell), key) is not value:
                setattr(type(self.shell), key, value)
                fixed.append(f"IPython's {key}")
        if (self.shell.custom_exceptions, self.shell.CustomTB) != self.custom:
            self.shell.custom_exceptions, self.shell.CustomTB = self.custom
            fixed.append("IPython's custom exception handler")
        return fixed

    @property
    def _imported(self):
        """API names the notebook bound to this module's objects (remembered once seen)."""
        seen = self.__dict__.setdefault("seen", set())
        user = self.shell.user_ns
        seen.update(k for k in _API if user.get(k, _MISSING) is self.own[k])
        return seen

    def before(self, info=None):
        self._imported  # noqa: B018 - remember the names imported so far
        self._report(self._put_back(), "changed by an earlier cell")

    def after(self, result=None):
        if self.aliases is None:  # the end of the cell that imported mlcourse.checks
            self.aliases = {k: v for k, v in self.shell.user_ns.items()
                            if isinstance(v, types.ModuleType) and not k.startswith("_")}
        self._imported  # noqa: B018
        fixed = self._put_back()
        self._report(fixed, "changed while this cell ran")
        error = getattr(result, "error_in_exec", None)
        if error is not None and any(f.startswith("IPython's") or _RENDER in f for f in fixed):
            # The cell raised while its error display was replaced: show the error after all.
            self.shell.showtraceback((_type(error), error, error.__traceback__))

    @staticmethod
    def _report(fixed, when):
        if fixed:
            print(f"{PUT_BACK} {', '.join(fixed)} ({when}; the tests use the originals)", file=sys.stdout)


_MISSING = object()
_RENDER = "CheckFailed._render_traceback_"  # how IPython shows a failed check


def _install_guard():
    """Install the guard in this IPython kernel while nbgrader executes the notebook."""
    if not os.environ.get("NBGRADER_EXECUTION"):
        return None
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "_mlcourse_guard", None) is not None:
        return None
    guard = _Guard(shell)
    shell._mlcourse_guard = guard
    shell.events.register("pre_run_cell", guard.before)
    shell.events.register("post_run_cell", guard.after)
    return guard


_install_guard()
