"""No raw traceback from a learner's function: every call of it in a test cell is wrapped.

The wrapping rule (DESIGN.md, the grading contract): in a test cell, hidden tests included, every
call of a function the learner writes (one defined in a solution cell of the same notebook) runs
inside ``call(...)``, ``check_prerequisite(...)`` or ``python_lines(...)``: as the function object
passed to them, or in a lambda passed to them. Then an exception it raises reaches the learner as
"<function>: raised ...", with a hint, not as a traceback through NumPy's or Keras' internals.
A call inside a helper defined in the test cell counts as wrapped only if that helper itself is
only ever passed to, or called in a lambda passed to, one of those three.

The check is static (``ast``), so it needs no kernel.
"""
import ast

import nbformat
import pytest

from tests.lessons import LESSONS

NOTEBOOKS = ["01_softmax/softmax_numpy.ipynb", "01_softmax/softmax_tensorflow.ipynb",
             "02_deep/deep_numpy.ipynb", "02_deep/deep_tensorflow.ipynb",
             "03_conv/conv_numpy.ipynb", "03_conv/conv_tensorflow.ipynb"]
WRAPPERS = {"call", "check_prerequisite", "python_lines", "check_contract", "check_compiled"}


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


def _bare_calls(source, learner):
    """(line, function) of each call of a learner's function that is not wrapped."""
    tree = ast.parse(source)
    parents = _parents(tree)
    helpers = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    # A helper counts as wrapped when every use of its name is in a wrapped position.
    safe = set()
    for name in helpers:
        uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name]
        if uses and all(_wrapped_position(n, parents) for n in uses):
            safe.add(name)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in learner:
            if _wrapped_position(node, parents):
                continue
            enclosing, up = None, node
            while up in parents:
                up = parents[up]
                if isinstance(up, ast.FunctionDef):
                    enclosing = up.name
                    break
            if enclosing in safe:
                continue
            found.append((node.lineno, node.func.id))
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
