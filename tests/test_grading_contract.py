"""The grading contract (CONTRIBUTING.md, "The tests a lesson must pass"), for every lesson, through nbgrader.

Release: no solution code, no hidden tests. Autograde: the untouched release scores 0 on every
exercise without breaking the grader; the source notebooks score full marks within the time limit.
That the same submission scores the same twice is shown by this grading together with
test_notebooks_run.py, which executes every source notebook again in the same fast mode, hidden tests
included, and fails on any cell that fails (a second grading here cost 6 of the suite's 32 minutes).
"""
import shutil
import time

import nbformat
import pytest

from mlcourse.commands.autograde import autograde_in_scratch
from mlcourse.commands.release import release
from tests.lessons import LESSONS, ROOT, exercises, lesson_names

GRADING_SECONDS_PER_NOTEBOOK = 60   # grading one notebook takes at most 60 s on 2 cores


@pytest.fixture(scope="module", params=lesson_names())
def lesson(request):
    return request.param


@pytest.fixture(scope="module")
def course(lesson, tmp_path_factory):
    """A copy of the course holding just this lesson, released; never the repository itself."""
    root = tmp_path_factory.mktemp(f"course_{lesson}")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(LESSONS / lesson, root / "lessons" / lesson)
    release(root, [lesson])
    return root


def _sources(lesson):
    return sorted((LESSONS / lesson).glob("*.ipynb"))


def _secret_lines(path):
    """Lines of a source notebook that appear only inside solution or hidden-test regions.

    Lines that the notebook also shows elsewhere (a demo cell, the instructions) are not secret.
    """
    secret, public = set(), []
    regions = [("### BEGIN SOLUTION", "### END SOLUTION"), ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")]
    for cell in nbformat.read(path, as_version=4).cells:
        text = cell.source
        for begin, end in regions:
            while begin in text:
                before, rest = text.split(begin, 1)
                body, text = rest.split(end, 1)
                text = before + text
                secret |= {line.strip() for line in body.splitlines() if len(line.strip()) > 12}
        public.append(text)
    public_text = "\n".join(public)
    return {line for line in secret if line not in public_text}


def test_release_has_no_solutions_and_no_hidden_tests(lesson, course):
    for source in _sources(lesson):
        released = course / "release" / lesson / source.name
        nb = nbformat.read(released, as_version=4)
        text = "\n".join(cell.source for cell in nb.cells)
        for marker in ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]:
            assert marker not in text, f"{released.name} still contains '{marker}'"
        leaked = {line for line in _secret_lines(source) if line in text}
        assert not leaked, f"{released.name} leaks solution or hidden-test lines: {sorted(leaked)[:5]}"
        stubs = sum("raise NotImplementedError()" in c.source for c in nb.cells if c.cell_type == "code")
        assert stubs == len(exercises(source)[1]), "every exercise needs a stub for the learner"
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _grade(course, lesson, notebooks):
    start = time.perf_counter()
    report = autograde_in_scratch(course, lesson, notebooks)
    return report, time.perf_counter() - start


def test_untouched_release_scores_zero_on_every_exercise(lesson, course):
    released = {p.name: course / "release" / lesson / p.name for p in _sources(lesson)}
    report, _ = _grade(course, lesson, released)
    for name, result in report.items():
        assert result["failed"] is None, f"grading {name} broke: {result['failed']}"
        expected_ids = {e.test_id for e in exercises(LESSONS / lesson / name)[1]}
        assert set(result["exercises"]) == expected_ids
        for grade_id, score in result["exercises"].items():
            assert score["score"] == 0, f"{name}: {grade_id} scores {score['score']} on the untouched release"
            assert score["max_score"] > 0


def test_source_scores_full_marks_within_the_time_limit(lesson, course):
    sources = {p.name: p for p in _sources(lesson)}
    report, seconds = _grade(course, lesson, sources)
    for name, result in report.items():
        assert result["failed"] is None, f"grading {name} broke: {result['failed']}"
        for grade_id, score in result["exercises"].items():
            assert score["score"] == score["max_score"], f"{name}: {grade_id} {score} on the source ({score['error']})"
        assert result["total"] == result["max_total"] > 0
    assert seconds <= GRADING_SECONDS_PER_NOTEBOOK * len(sources) + 30, f"grading took {seconds:.0f} s"
