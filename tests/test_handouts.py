"""Handouts: offline math (MathML), nothing from the network, no hidden tests, no untrained figures, PDF.

Most tests build small notebooks in memory and need no kernel; one runs the command on the fixture
lesson (about 20 s), and the PDF tests drive the machine's Chromium where there is one.
"""
import html
import re
import shutil

import nbformat
import pytest

from mlcourse.commands import handout_math, handouts
from tests.helpers import mlcourse
from tests.lessons import notebook_paths

LESSON = "99_fixture"
v4 = nbformat.v4
ALL_NOTEBOOKS = notebook_paths()


# --- math ------------------------------------------------------------------------------------

def test_formulas_are_found_inline_and_displayed_but_not_in_code():
    text = "Scores $z_j$ and\n$$\\sum_k e^{z_k}$$\nbut `np.sum($x)` and\n```\ncost = $5\n```\n costs \\$3."
    assert handout_math.formulas(text) == [("z_j", False), ("\\sum_k e^{z_k}", True)]


def test_a_formula_becomes_mathml():
    mathml = handout_math.to_mathml("\\frac{e^{z_j}}{\\sum_k e^{z_k}}", display=True)
    assert mathml.startswith("<math") and 'display="block"' in mathml and "<mfrac>" in mathml


def test_sized_angle_brackets_become_characters_not_latex_names():
    mathml = handout_math.to_mathml("\\big\\langle v_i h_j \\big\\rangle_\\text{data}", display=False)
    assert "\\langle" not in mathml and "&#x027E8;" in mathml and "&#x027E9;" in mathml


def test_an_unknown_command_is_an_error_not_silent_latex_text():
    with pytest.raises(ValueError, match=r"\\notacommand is not understood"):
        handout_math.to_mathml("x \\notacommand y", display=False)


def test_every_formula_of_every_lesson_becomes_mathml():
    failures, count = [], 0
    for path in ALL_NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for latex, display in handout_math.formulas(cell.source):
                count += 1
                try:
                    handout_math.to_mathml(latex, display)
                except ValueError as error:
                    failures.append(f"{path.parent.name}/{path.name}: {error}")
    assert count > 100, "the lessons' formulas were not found"
    assert not failures, f"{len(failures)} of {count} formulas cannot be typeset offline:\n" + "\n".join(failures)


def test_math_is_typeset_into_the_html_and_markdown_left_alone():
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("The **sum** $a_1 * b_2$ of\n\n$$x_i^2 + y_i^2$$\n\nand `$HOME`."),
                                v4.new_code_cell("price = '$5 and $6'")])
    nb.metadata["title"] = "01_softmax / softmax_numpy"
    page = handouts.to_html(nb)
    assert page.count("<math") == 2 and 'display="block"' in page
    assert "<strong>sum</strong>" in page and "$HOME" in page and "MLCOURSEMATH" not in page
    assert "$a_1" not in page and "$$" not in page  # no raw LaTeX left for a MathJax that is not there
    assert "price" in page and nb.cells[0].source.startswith("The **sum** $a_1")  # the caller's notebook is intact


# --- nothing from the network ------------------------------------------------------------------

def test_network_references_finds_every_kind_of_link_and_allows_data_and_anchors():
    page = ('<script src="https://cdn.x/mathjax.js"></script><link href="style.css" rel="stylesheet">'
            '<a href="#section-1">1</a><img src="data:image/png;base64,AAAA">'
            "<style>@import 'http://fonts/x.css'; body { background: url(http://x/bg.png); "
            "--icon: url(data:image/svg+xml;base64,AAAA); }</style>")
    assert handouts.network_references(page) == ["https://cdn.x/mathjax.js", "style.css",
                                                 "http://fonts/x.css", "http://x/bg.png"]


def test_the_handout_page_loads_no_script_and_prints_code_wrapped():
    nb = v4.new_notebook(cells=[v4.new_code_cell("x = 1  # " + "long comment " * 12)])
    nb.metadata["title"] = "02_deep / deep_numpy"
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2,
                                                                             "version_minor": 0}}
    page = handouts.to_html(nb, paper="letter")  # widget state would load its manager from a CDN
    assert re.findall(r"<script[^>]*>", page) == ["<script>"]  # only the inline one that fits wide formulas
    assert handouts.network_references(page) == []
    assert "<title>02_deep / deep_numpy</title>" in page
    assert "@page { size: Letter" in page
    assert re.search(r"@media print \{\s*pre, [^{]*\{ white-space: pre-wrap", page), "code does not wrap in print"
    assert re.search(r"@media \(max-width: \d+px\) \{\s*pre, [^{]*\{ white-space: pre-wrap", page)


# --- student and solution versions -------------------------------------------------------------

def executed_student_notebook():
    """What a student handout holds after execution: a demo, an exercise whose test fails, a plot."""
    png = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}
    cells = [
        v4.new_code_cell("show_digits(x)", outputs=[v4.new_output("display_data", data=png)]),
        v4.new_code_cell("def softmax(z):\n    raise NotImplementedError()", metadata={"nbgrader": {"solution": True}}),
        v4.new_code_cell("check(softmax)", metadata={"nbgrader": {"grade": True, "grade_id": "t"}},
                         outputs=[v4.new_output("error", ename="NotImplementedError", evalue="", traceback=[])]),
        v4.new_markdown_cell("The weights look like digits:"),
        v4.new_code_cell("plot_weights(W)", outputs=[v4.new_output("display_data", data=png)]),
        v4.new_code_cell("print(accuracy)", outputs=[v4.new_output("stream", name="stdout", text="0.098\n")]),
        v4.new_code_cell("x = 1"),
    ]
    return v4.new_notebook(cells=cells)


def test_student_handout_keeps_outputs_before_the_first_failing_exercise_only():
    nb = executed_student_notebook()
    assert handouts.leave_out_unsolved(nb) == 2
    assert nb.cells[0].outputs[0].data["image/png"]  # the demonstration before the exercise stays
    assert nb.cells[2].cell_type == "markdown" and "need your solutions" in nb.cells[2].source
    test_cell, weights, accuracy, silent = nb.cells[3], nb.cells[5], nb.cells[6], nb.cells[7]
    assert test_cell.outputs == []  # no traceback on paper
    assert [o.data["text/plain"] for o in weights.outputs] == [
        "[A figure appears here once the exercises above are solved.]"]
    assert "image/png" not in weights.outputs[0].data  # no untrained weights shown as a result
    assert [o.data["text/plain"] for o in accuracy.outputs] == [
        "[The output appears here once the exercises above are solved.]"]
    assert silent.outputs == []


def test_a_notebook_without_errors_keeps_all_its_outputs():
    nb = executed_student_notebook()
    nb.cells[2].outputs = []
    assert handouts.leave_out_unsolved(nb) is None
    assert nb.cells[4].outputs[0].data["image/png"]


def test_solution_handout_has_no_hidden_tests_and_says_what_fast_mode_shows():
    source = ("assert add(1, 2) == 3\n### BEGIN HIDDEN TESTS\nassert add(-2, 5) == 3\n### END HIDDEN TESTS\n"
              "assert add(0, 0) == 0")
    nb = v4.new_notebook(cells=[v4.new_code_cell(source)])
    handouts.prepare(nb, "03_conv / conv_numpy (solutions)", solutions=True, fast=True,
                     metrics={"test_accuracy": 0.909}, command="03_conv/conv_numpy.ipynb")
    assert nb.cells[1].source == "assert add(1, 2) == 3\nassert add(0, 0) == 0"
    note = nb.cells[0].source
    assert "fast mode" in note and "mlcourse run 03_conv/conv_numpy.ipynb --full" in note
    assert "test_accuracy = 0.9090" in note and nb.metadata["title"] == "03_conv / conv_numpy (solutions)"


def test_the_latex_route_has_the_lesson_as_title_and_numbers_sections_once():
    if not shutil.which("pandoc"):
        pytest.skip("nbconvert's LaTeX route needs pandoc, which is not installed here")
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("## 2. Softmax\n\n$z_j$")])
    nb.metadata["title"] = "01_softmax / softmax_numpy"
    tex = handouts.to_latex(nb)
    assert "\\title{01\\_softmax / softmax\\_numpy}" in tex
    assert "\\setcounter{secnumdepth}{0}" in tex  # "2. Softmax", not "1 2. Softmax"


# --- the command on the fixture lesson ------------------------------------------------------------

FIGURE = re.compile(r'<img [^>]*src="data:image/png')


def text_of(page):
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_handouts_of_the_fixture_are_offline_titled_and_free_of_hidden_tests(course):
    path = course / "lessons" / LESSON / "fixture.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, v4.new_markdown_cell("The square is $x^2 = x \\cdot x$."))
    nb.cells.append(v4.new_code_cell(
        "import matplotlib.pyplot as plt\nplt.plot([square(x) for x in range(5)])\nplt.show()"))
    nbformat.write(nb, path)
    proc_solutions = mlcourse(course, "handouts", LESSON, "--solutions", cwd=course.parent)
    assert proc_solutions.returncode == 0, proc_solutions.stdout + proc_solutions.stderr
    proc = mlcourse(course, "handouts", LESSON, cwd=course.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ["fixture.html", "fixture-solutions.html"]:
        page = (course / "handouts" / LESSON / name).read_text()
        assert handouts.network_references(page) == [], f"{name} loads something from outside the file"
        assert re.findall(r"<script[^>]*>", page) == ["<script>"] and "<math" in page and "$x^2" not in page
    solutions = (course / "handouts" / LESSON / "fixture-solutions.html").read_text()
    assert "HIDDEN TESTS" not in solutions and "add(-2, 5)" not in text_of(solutions)
    assert "<title>99_fixture / fixture (solutions)</title>" in solutions and FIGURE.search(solutions)
    assert "return a + b" in text_of(solutions) and "1 figure(s)" in proc_solutions.stdout
    student = (course / "handouts" / LESSON / "fixture.html").read_text()
    assert "<title>99_fixture / fixture</title>" in student
    assert "return a + b" not in text_of(student) and "raise NotImplementedError" in text_of(student)
    assert "Traceback" not in text_of(student) and "mode: fast" in text_of(student)  # setup output kept, not errors
    assert not FIGURE.search(student)  # the plot needs square(), unsolved in the student version
    assert "The output appears here once the exercises above are solved." in student  # it raised: no image
    assert not (course / "release").exists() and not (course / "gradebook.db").exists()


# --- PDF -------------------------------------------------------------------------------------------

def test_pdf_without_a_browser_or_tex_says_what_to_do(course, monkeypatch, capsys):
    from mlcourse.commands import cli

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv(handouts.CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("MLCOURSE_ROOT", str(course))
    assert cli.main(["handouts", LESSON, "--format", "pdf"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("mlcourse: error: PDF handouts need Chromium or Chrome")


BROWSER = handouts.find_browser()
needs_browser = pytest.mark.skipif(not BROWSER,
                                   reason="no Chromium or Chrome installed (Debian: apt-get install chromium)")


@needs_browser
@pytest.mark.parametrize("paper, size", [("a4", (595, 842)), ("letter", (612, 792))])
def test_chromium_prints_the_handout_to_pdf(tmp_path, paper, size):
    formula = "$$\\operatorname{softmax}(z)_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$$"
    nb = v4.new_notebook(cells=[v4.new_markdown_cell(f"# Title\n\n{formula}"),
                                v4.new_code_cell("y = 1  # " + "a long line " * 15)])
    nb.metadata["title"] = "01_softmax / softmax_numpy"
    assert handouts.export(nb, tmp_path / "h.pdf", "pdf", paper=paper, browser=BROWSER) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["h.pdf"]  # the page and the browser profile are gone
    pdf = (tmp_path / "h.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    width, height = (round(float(v)) for v in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
    assert (width, height) == size


def test_a_browser_that_fails_is_one_sentence(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    fake.chmod(0o755)
    page = tmp_path / "h.html"
    page.write_text("<html></html>")
    with pytest.raises(handouts.CourseError, match=r"could not print h\.pdf to PDF \(cannot open display\)"):
        handouts.print_to_pdf(str(fake), page, tmp_path / "h.pdf")


# --- notebook code fits on paper ------------------------------------------------------------------

def long_code_lines():
    return [f"{p.parent.name}/{p.name} cell {i}: {len(line)} characters"
            for p in ALL_NOTEBOOKS for i, cell in enumerate(nbformat.read(p, as_version=4).cells)
            if cell.cell_type == "code" for line in cell.source.splitlines() if len(line) > 100]


def test_every_code_line_of_every_lesson_fits_on_paper():
    long = long_code_lines()
    assert not long, f"{len(long)} code lines are longer than 100 characters:\n" + "\n".join(long[:20])
