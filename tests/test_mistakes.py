"""The mistake catalogue: every graded test must fail on the typical wrong answers.

For speed, each notebook gets one kernel: it runs the setup cell and the solution cells, then for
each mistake runs the wrong code in place of the solution and the test cell (its visible tests, then,
if they pass, the whole cell with the hidden tests, as the autograder would), expects it to fail, and
restores the solution. A mistake whose Blame says the visible tests catch it is run once, by the Blame
test, which asserts that and more.
"""
import importlib

import pytest

from tests.kernel import Kernel
from tests.lessons import (
    LESSONS,
    correct_variants,
    exercises,
    lesson_names,
    mistake_catalogue,
    notebook_paths,
    visible_part,
)

_kernels = {}


@pytest.fixture(scope="module", autouse=True)
def _close_kernels():
    yield
    for kernel in _kernels.values():
        kernel.close()
    _kernels.clear()


def _kernel_for(path):
    """A kernel that has run the notebook's setup cell and all of its solutions."""
    if path not in _kernels:
        kernel = Kernel(cwd=path.parent)
        setup, found = exercises(path)
        result = kernel.run(setup)
        assert result.ok, f"setup cell failed: {result.error}"
        for exercise in found:
            result = kernel.run(exercise.solution)
            assert result.ok, f"solution {exercise.solution_id} failed: {result.error}"
        _kernels[path] = kernel
    return _kernels[path]


def _cases():
    for path in notebook_paths():
        catalogue = mistake_catalogue(path.parent.name).get(path.name, {})
        for solution_id in (e.solution_id for e in exercises(path)[1]):
            for name, code, *blame in catalogue.get(solution_id, []):
                if blame and (blame[0].visible or blame[0].own_cell_passes):
                    continue  # the Blame test below runs its visible tests and asserts more
                hidden_only = bool(blame)  # a Blame for the hidden tests only
                yield pytest.param(path, solution_id, code, hidden_only,
                                   id=f"{path.parent.name}/{path.stem}/{solution_id}: {name}")


def _visible_required(path):
    """Whether the lesson's catalogue says its visible tests catch every mistake (VISIBLE = True)."""
    return getattr(importlib.import_module(f"tests.mistakes.lesson{path.parent.name}"), "VISIBLE", False)


def _blamed_cases():
    for path in notebook_paths():
        catalogue = mistake_catalogue(path.parent.name).get(path.name, {})
        for solution_id in (e.solution_id for e in exercises(path)[1]):
            for name, code, *blame in catalogue.get(solution_id, []):
                if blame:
                    yield pytest.param(path, solution_id, code, blame[0],
                                       id=f"{path.parent.name}/{path.stem}/{solution_id}: {name}")


def _exercise(path, solution_id):
    return next(e for e in exercises(path)[1] if e.solution_id == solution_id)


@pytest.mark.parametrize("lesson", lesson_names())
def test_catalogue_has_two_mistakes_per_graded_function(lesson):
    catalogue = mistake_catalogue(lesson)
    for path in sorted((LESSONS / lesson).glob("*.ipynb")):
        for solution_id in (e.solution_id for e in exercises(path)[1]):
            count = len(catalogue.get(path.name, {}).get(solution_id, []))
            assert count >= 2, f"{lesson}/{path.name}: '{solution_id}' has {count} catalogued mistakes, needs 2"


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_solutions_pass_their_tests_without_writing_to_stderr(path):
    kernel = _kernel_for(path)
    for test_id, test_source in ((e.test_id, e.test) for e in exercises(path)[1]):
        result = kernel.run(test_source)
        assert result.ok, f"{test_id} fails on the solution: {result.error}"
        assert result.stderr == "", f"{test_id} writes to stderr (nbgrader would score it 0): {result.stderr[:300]}"
        assert "all visible tests passed" in result.stdout


@pytest.mark.parametrize("path, solution_id, code, hidden_only", list(_cases()))
def test_mistake_fails_its_test_cell(path, solution_id, code, hidden_only):
    kernel = _kernel_for(path)
    exercise = _exercise(path, solution_id)
    solution, test_id, test_source = exercise.solution, exercise.test_id, exercise.test
    assert kernel.run(code).ok, "the mistake itself must be valid Python that defines the function"
    try:
        # The visible tests first: the cell starts with them, so when they fail the whole cell
        # fails at the same check, and only a mistake they let through needs the whole cell run.
        result = visible = kernel.run(visible_part(test_source))
        if visible.ok:
            result = kernel.run(test_source)
        assert not result.ok, f"{test_id} passes although the solution has this mistake"
        print(f"caught by {'visible' if not visible.ok else 'hidden'} tests: {result.error.splitlines()[0][:160]}")
        if _visible_required(path) and not hidden_only:
            assert not visible.ok, (f"only the hidden tests of {test_id} catch this mistake: the visible tests must "
                                    "check every requirement the exercise states")
    finally:
        assert kernel.run(solution).ok
    assert kernel.run(test_source).ok, f"{test_id} does not pass again after restoring the solution"


def _correct_cases():
    for path in notebook_paths():
        variants = correct_variants(path.parent.name).get(path.name, {})
        for solution_id in (e.solution_id for e in exercises(path)[1]):
            for name, code in variants.get(solution_id, []):
                yield pytest.param(path, solution_id, code, id=f"{path.parent.name}/{path.stem}/{solution_id}: {name}")


@pytest.mark.parametrize("path, solution_id, code", list(_correct_cases()))
def test_correct_variant_passes_its_whole_test_cell_and_every_later_one(path, solution_id, code):
    kernel = _kernel_for(path)
    found = exercises(path)[1]
    index = next(i for i, e in enumerate(found) if e.solution_id == solution_id)
    assert kernel.run(code).ok, "the variant itself must be valid Python that defines the function"
    try:
        # Its own cell, then the later ones, which may check it again: none may refuse or blame it.
        for exercise in found[index:]:
            result = kernel.run(exercise.test)
            assert result.ok, f"{exercise.test_id} refuses a correct answer: {result.error[:400]}"
            assert result.stderr == "", f"{exercise.test_id} writes to stderr for it: {result.stderr[:300]}"
    finally:
        assert kernel.run(found[index].solution).ok


def _assert_blames(result, blame, cell, says=None, names=None):
    says = blame.says if says is None else says
    names = blame.names if names is None else names
    first = result.error.split(": ", 1)[-1].splitlines()[0] if result.error else ""
    assert first.startswith(names), f"{cell} blames the wrong function: {result.error[:300]}"
    assert says in result.error, f"{cell}'s message does not say {says!r}: {result.error[:300]}"


@pytest.mark.parametrize("path, solution_id, code, blame", list(_blamed_cases()))
def test_mistake_fails_first_at_its_own_test_cell_naming_its_function(path, solution_id, code, blame):
    kernel = _kernel_for(path)
    found = exercises(path)[1]
    index = next(i for i, e in enumerate(found) if e.solution_id == solution_id)
    solution, test_id, test_source = found[index].solution, found[index].test_id, found[index].test
    assert kernel.run(code).ok, "the mistake itself must be valid Python that defines the function"
    try:
        for earlier_id, earlier_source in ((e.test_id, e.test) for e in found[:index]):
            result = kernel.run(earlier_source)
            assert result.ok, f"{earlier_id} fails before {test_id}: {result.error[:300]}"
        if blame.own_cell_passes:   # only the later function shows it, and it must not be blamed
            result = kernel.run(test_source)
            assert result.ok, f"{test_id} was expected to pass with this mistake: {result.error[:300]}"
        else:
            result = kernel.run(visible_part(test_source) if blame.visible else test_source)
            assert not result.ok, f"{test_id} passes {'its visible tests ' if blame.visible else ''}with this mistake"
            _assert_blames(result, blame, test_id)
        for later_id in blame.later:
            later = next(e for e in found if e.test_id == later_id)
            result = kernel.run(visible_part(later.test) if blame.own_cell_passes else later.test)
            assert not (blame.own_cell_passes and result.ok), f"{later_id} passes with this mistake"
            if not result.ok:
                _assert_blames(result, blame, later_id, blame.later_says, blame.later_names)
    finally:
        assert kernel.run(solution).ok
