"""Mistake catalogues, one module per lesson: ``MISTAKES = {notebook: {solution_id: [entry, ...]}}``.

An entry is ``(what the mistake is, code replacing the solution cell)``: put in place of the
solution, the code must fail the exercise's test cell. An entry may have a third element, a
:class:`Blame`, for a mistake whose failure must land on the right function with the right words.

A module may also hold ``CORRECT = {notebook: {solution_id: [(what it does, code), ...]}}``: right
answers in another style than the solution's (a review found each refused once, or it is a likely
way to write the answer); each must pass its whole test cell, hidden tests included, and every later one.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Blame:
    """Where and how a catalogued mistake must fail.

    With the mistake in place, the test cells of the exercises before it pass, and the exercise's
    own test cell is the first to fail: its visible tests (unless ``visible`` is False) raise a
    message that starts with ``names`` and contains ``says``. Each test cell in ``later`` (a later
    exercise's, run with its correct solution) passes or blames ``names`` too, with a message that
    contains ``later_says`` (``says`` when None: a later cell that checks the earlier function
    first usually says "make its test cell pass" rather than repeat that cell's hint), starting with
    ``later_names`` (``names`` when None: the own cell's label may name a value, "standard deviation
    of W1", where a later cell names the function, "init_params (not mlp_forward)").

    With ``own_cell_passes``, the mistake is one its own cell cannot see (a cache in a layout of the
    learner's choice, read wrongly by the learner's later function): its whole test cell passes,
    and each cell in ``later`` must fail, blaming ``names`` with ``later_says``.
    """

    names: str
    says: str = ""
    visible: bool = True
    later: tuple = ()
    later_says: str | None = None
    later_names: str | None = None
    own_cell_passes: bool = False
