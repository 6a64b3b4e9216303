"""No raw traceback from a learner's function: every call of it in a test cell is wrapped.

The wrapping rule (DESIGN.md, the grading contract): in a test cell, hidden tests included, every
call of a function the learner writes (one defined in a solution cell of the same notebook) runs
inside ``call(...)``, ``check_prerequisite(...)`` or ``python_lines(...)``: as the function object
passed to them, or in a lambda passed to them. Then an exception it raises reaches the learner as
"<function>: raised ...", with a hint, not as a traceback through NumPy's or Keras' internals.
A call inside a helper defined in the test cell counts as wrapped only if that helper itself is
only ever passed to, or called in a lambda passed to, one of those three.

What the learner's code returns is the learner's code too: a name the test cell binds to the result
of a learner's function or class (``model = build_model(...)``, also through ``call``), or to a
part of one (``layer = model.layers[0]``), may hold a model or a function of the learner's. Calling
it (``model(x)``) or its methods (``model.fit(...)``) must be wrapped too; the methods of arrays,
tensors and containers (``P.sum()``, ``Z.numpy()``, ``params.items()``) are data, not code.

The check is static (``ast``), so it needs no kernel.
"""
import ast

import nbformat
import numpy as np
import pytest

from tests.lessons import LESSONS, exercises, visible_part

NOTEBOOKS = ["01_softmax/softmax_numpy.ipynb", "01_softmax/softmax_tensorflow.ipynb",
             "02_deep/deep_numpy.ipynb", "02_deep/deep_tensorflow.ipynb",
             "03_conv/conv_numpy.ipynb", "03_conv/conv_tensorflow.ipynb"]
WRAPPERS = {"call", "check_prerequisite", "python_lines", "check_contract", "check_compiled"}
# Methods of what a learner's function returns that run no code of the learner's: those of NumPy
# arrays, containers, and a tensor's .numpy().
DATA_METHODS = set(dir(np.ndarray)) | set(dir(dict)) | set(dir(list)) | set(dir(tuple)) | {"numpy"}


def _learner_functions(nb):
    """Names of the functions (and classes) defined at the top level of the solution cells."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            for node in ast.parse(cell.source).body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    names.add(node.name)
    return names


def _called_name(node):
    return node.func.id if isinstance(node.func, ast.Name) else None


def _parents(tree):
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


def _wraps_loop_target(loop):
    """Whether the body of ``loop`` passes one of its targets to a wrapper."""
    targets = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    return any(isinstance(n, ast.Call) and _called_name(n) in WRAPPERS
               and any(isinstance(a, ast.Name) and a.id in targets for a in n.args)
               for statement in loop.body for n in ast.walk(statement))


def _wrapped_position(node, parents):
    """Whether ``node`` is an argument of a wrapper call, or inside a lambda that is one.

    Also a lambda or function in the list a loop runs over, when the loop passes each to a
    wrapper: ``for name, test in [("relu", lambda: ...)]: check_prerequisite(name, test, ...)``.
    """
    while node in parents:
        parent = parents[node]
        if isinstance(parent, ast.For) and node is parent.iter and _wraps_loop_target(parent):
            return True
        if isinstance(parent, ast.Call) and _called_name(parent) in WRAPPERS and node in parent.args:
            if not isinstance(node, ast.Call):   # the function object, or a lambda that calls it
                return True
        if isinstance(node, ast.Lambda) and isinstance(parent, ast.Call) \
                and _called_name(parent) in WRAPPERS and node in parent.args:
            return True
        node = parent
    return False


def _holds_learner_code(value, learner, objects):
    """Whether an assigned expression may hold what learner code returned.

    It calls a learner's function or class (directly, or passed to a wrapper: call("f", f, x)), or
    it is a part of a name already known to hold one (objects): model.layers[0], params["W1"].
    """
    root = value
    while isinstance(root, (ast.Attribute, ast.Subscript)):
        root = root.value
    if isinstance(root, ast.Name) and root.id in objects:
        return True
    return any(isinstance(node, ast.Call) and (_called_name(node) in learner or (
        _called_name(node) in WRAPPERS and any(isinstance(a, ast.Name) and a.id in learner
                                               for a in node.args)))
               for node in ast.walk(value))


def _learner_objects(tree, learner):
    """Names the cell binds to what a learner's function or class returned (see the docstring)."""
    objects, grown = set(), True
    while grown:
        grown = False
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                if _holds_learner_code(node.value, learner, objects):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        for name in ast.walk(target):
                            if isinstance(name, ast.Name) and name.id not in objects:
                                objects.add(name.id)
                                grown = True
    return objects


def _learner_call(node, learner, objects):
    """The name of the learner's code a call runs (``f``, ``model``, ``model.fit``), or None."""
    if _called_name(node) in learner | objects:
        return node.func.id
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id in objects and func.attr not in DATA_METHODS:
        return f"{func.value.id}.{func.attr}"
    return None


def _bare_calls(source, learner):
    """(line, name) of each call of a learner's function or object that is not wrapped."""
    tree = ast.parse(source)
    parents = _parents(tree)
    objects = _learner_objects(tree, learner)
    # Helpers: functions defined in the cell, and lambdas bound to a name on the way
    # (compiled = tf.function(lambda step: schedule(step))). A helper counts as wrapped when
    # every use of its name is in a wrapped position.
    helpers = {node: node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            helpers.update({n: node.targets[0].id for n in ast.walk(node.value)
                            if isinstance(n, ast.Lambda)})
    safe = set()
    for name in set(helpers.values()):
        uses = [n for n in ast.walk(tree)
                if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
        if uses and all(_wrapped_position(n, parents) for n in uses):
            safe.add(name)
    found = []
    for node in ast.walk(tree):
        called = _learner_call(node, learner, objects) if isinstance(node, ast.Call) else None
        if called is not None:
            if _wrapped_position(node, parents):
                continue
            enclosing, up = None, node
            while up in parents:
                up = parents[up]
                if up in helpers:
                    enclosing = helpers[up]
                    break
            if enclosing in safe:
                continue
            found.append((node.lineno, called))
    return sorted(found)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_call_of_learner_code_is_wrapped(notebook):
    nb = nbformat.read(LESSONS / notebook, as_version=4)
    learner = _learner_functions(nb)
    bare = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade"):
            bare += [f"{notebook} {meta['grade_id']} line {line}: {name}(...)"
                     for line, name in _bare_calls(cell.source, learner)]
    assert not bare, (f"{len(bare)} bare call(s) of the learner's functions in test cells; wrap each "
                      "in call(name, function, *args, hint=...):\n" + "\n".join(bare))


def test_the_check_finds_bare_calls():
    """The check itself: bare, nested, in a helper; and the wrapped forms it accepts."""
    learner = {"f", "g"}
    source = """
x = f(1)
check_close(g(2), 0, "g")
y = call("f", f, 1)
z = call("g", lambda: g(f(1)))
check_prerequisite("f", lambda: f(1) == 1, "g")
def wrapped():
    return f(3)
call("f", wrapped)
def bare_helper():
    return g(4)
bare_helper()
w = call("f", f, g(5))
for name, test in [("f", lambda: f(6) == 6), ("g", wrapped)]:
    check_prerequisite(name, test, "h")
for name, test in [("f", lambda: f(7) == 7)]:
    print(name, test())
"""
    assert _bare_calls(source, learner) == [(2, "f"), (3, "g"), (11, "g"), (13, "g"), (16, "f")]


def test_the_check_finds_bare_calls_of_what_learner_code_returns():
    """A model a learner's function builds, an instance of a learner's class, a part of one."""
    learner = {"build_model", "Layer", "forward"}
    source = """
model = build_model(3)
model(x)
wrapped = call("build_model", build_model, 3)
wrapped.fit(x, y)
call("model", model, x)
call("fit", lambda: wrapped.fit(x, y))
layer = Layer(2)
first = model.layers[0]
first(x)
P = call("forward", forward, x)
P.sum(axis=1)
loss_value = call("loss", lambda: model(x)).numpy()
layer.build((2, 3))
compiled = tf.function(lambda x: forward(x))
call("forward inside tf.function", compiled, x)
eager = tf.function(lambda x: forward(x))
eager(x)
"""
    assert _bare_calls(source, learner) == [(2, "build_model"), (3, "model"), (5, "wrapped.fit"),
                                            (8, "Layer"), (10, "first"), (14, "layer.build"),
                                            (17, "forward"), (18, "eager")]


# The contract of every exercise (DESIGN.md, the grading contract) is checked by one helper in its
# visible test cell: check_contract (NumPy: float64 out, arguments unchanged) or check_compiled
# (TensorFlow: same result under tf.function, the tape differentiates through it), run on the
# exercise's function or on what it returned (a schedule object). Where in the cell is the cell's
# choice: a crash hint or a check of what is returned (a pair, an array) may come first, and the
# TensorFlow cells check values eagerly before compiling, so that a wrong formula gets its own
# hint before a tf.function error. Exercises where neither helper applies, and why:
CONTRACT_EXEMPT = {
    ("01_softmax/softmax_tensorflow.ipynb", "train_step"):
        "updates W, b and the optimizer's state in place, so an eager and a compiled run cannot "
        "agree; its cell compiles it itself (tf.function(train_step)) and checks the gradients "
        "the optimizer receives",
    ("02_deep/deep_tensorflow.ipynb", "build_model"):
        "returns a Keras model, which any layers make compile; its contract (every layer in "
        "dtype, the float64 model computing in float64) is checked layer by layer in the cell",
    ("03_conv/conv_tensorflow.ipynb", "bigger_convnet"):
        "returns a Keras model, which any layers make compile; its dtype (float32 in and out, "
        "also after mixed precision) is checked in the cell",
    ("03_conv/conv_tensorflow.ipynb", "to_nchw"):
        "one transpose: the cell's tensor check refuses NumPy, the only way it could differ "
        "under tf.function",
    ("03_conv/conv_numpy.ipynb", "conv_output_size"):
        "integer arithmetic on ints: no array to change, no float to return; the cell checks "
        "that it returns an int",
}
CONTRACT_CHECKS = {"check_contract", "check_compiled"}


def _checks_contract(source, names):
    """Whether ``source`` passes one of ``names`` (or a name bound to what one returned) to
    check_contract or check_compiled, as an argument or in a lambda argument."""
    tree = ast.parse(source)
    runs = names | _learner_objects(tree, names)
    return any(isinstance(node, ast.Call) and _called_name(node) in CONTRACT_CHECKS
               and any(isinstance(n, ast.Name) and n.id in runs
                       for arg in node.args for n in ast.walk(arg))
               for node in ast.walk(tree))


def _solution_names(source):
    return {node.name for node in ast.parse(source).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_each_exercise_checks_its_contract(notebook):
    missing = [exercise.test_id for exercise in exercises(LESSONS / notebook)[1]
               if (notebook, exercise.solution_id) not in CONTRACT_EXEMPT
               and not _checks_contract(visible_part(exercise.test),
                                        _solution_names(exercise.solution))]
    assert not missing, ("visible test cells that never run check_contract or check_compiled on "
                         "their exercise's function: " + ", ".join(missing))


def test_the_contract_rule_finds_a_cell_without_one():
    names = {"softmax", "Decay"}
    assert _checks_contract("P = call('softmax', softmax, Z)\ncheck_contract('softmax', softmax, Z)",
                            names)
    assert _checks_contract("s = call('Decay', Decay, 1)\ncheck_compiled('s', s, 1.0)", names)
    assert _checks_contract("check_compiled('softmax', lambda z: softmax(z), Z)", names)
    assert not _checks_contract("check_close(call('softmax', softmax, Z), 1, 'softmax')", names)
    assert not _checks_contract("check_contract('relu', relu, Z)", names)
