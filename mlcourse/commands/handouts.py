"""``mlcourse handouts``: lesson notebooks, executed, as printable handouts that need no network.

- student version (default): the released notebook (no solutions, no hidden tests), executed.
  Every output up to the first cell that fails (the tests of the first unsolved exercise) is
  kept; from that cell on, outputs are left out, since they would show an untrained model or an
  empty plot as if it were a result, and each left-out output says what appears there once the
  exercises are solved.
- ``--solutions``: the source notebook executed, its hidden tests removed from the page; an error
  there is a real failure.

Notebooks run headless in fast mode by default (seconds to a minute each on 2 CPU cores); the
page says so, with the metrics it reached, and that the numbers in the text are a full run's
(``--full``: minutes per notebook). The HTML is self-contained: figures inline (PNG, base64),
math as MathML (``handout_math``), nothing loaded from the network or from disk (one inline
script shrinks a displayed formula wider than the page); code and outputs wrap in print and on
narrow screens. PDF: printed from that HTML by Chromium or
Chrome when one is installed (A4 or Letter), else through nbconvert's LaTeX route (xelatex).
"""
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat

from .autograde import prepare_template
from .course import CourseError, lesson_notebooks
from .handout_math import put_back_math, take_out_math
from .messages import first_line
from .runner import execute_in_copy

HANDOUTS_DIR = "handouts"
PAPER = {"a4": "A4", "letter": "Letter"}
CHROMIUM_ENV = "MLCOURSE_CHROMIUM"
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.M | re.S)

# Printed pages: code and outputs wrap instead of running off the page (also on narrow screens).
_CSS = """
@page { size: PAPER_SIZE; margin: 14mm 12mm; }
.mlcourse-note { border-left: 4px solid #888; background: #f4f4f4; padding: 6px 10px; margin: 8px 0; }
.mlcourse-pending { font-style: italic; color: #555; }
math[display="block"] { margin: 0.6em 0; overflow-x: hidden; }
@media print {
  pre, .jp-RenderedText pre, .highlight pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  .jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
  .jp-RenderedHTMLCommon math, .jp-RenderedMarkdown { overflow: visible !important; }
  .jp-OutputArea-output img { max-width: 100%; break-inside: avoid; }
  .jp-Cell { break-inside: auto; }
  h1, h2, h3 { break-after: avoid; }
}
@media (max-width: 900px) {
  pre, .jp-RenderedText pre, .highlight pre { white-space: pre-wrap; overflow-wrap: anywhere; }
}
"""
# A displayed formula wider than its column (MathML does not break lines) is set in a smaller
# font until it fits, on screen and again just before printing, when the column is the paper's.
_FIT_FORMULAS = """
function mlcourseFitFormulas() {
  document.querySelectorAll('math[display="block"]').forEach(function (formula) {
    formula.style.fontSize = '';
    var room = formula.clientWidth, need = formula.scrollWidth;
    if (need > room && room > 0) formula.style.fontSize = Math.floor(100 * room / need) + '%';
  });
}
window.addEventListener('load', mlcourseFitFormulas);
window.addEventListener('resize', mlcourseFitFormulas);
window.addEventListener('beforeprint', mlcourseFitFormulas);
"""
# nbconvert's lab template without its scripts (require.js, MathJax, Mermaid: all from a CDN).
_HTML_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}<script>{{ resources.mlcourse_js }}</script>{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.mlcourse_css }}</style>{%- endblock html_head_css -%}
"""
# nbconvert's LaTeX template with the notebook's own numbers ("## 2. Softmax") as the only ones.
_LATEX_TEMPLATE = """((*- extends 'index.tex.j2' -*))
((* block commands *))((( super() )))
    \\setcounter{secnumdepth}{0}
((* endblock commands *))
"""
# What loads or links something: src= and href= attributes, CSS url(...) and @import.
_REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)|url\(\s*["']?([^"')]*)|@import\s+["']?([^"';\s]*)""",
                        re.I)


def make_handouts(root, lessons, solutions=False, fmt="html", fast=True, output=None, paper="a4", out=print):
    """Write the handouts of ``lessons`` into ``output/LESSON/`` (default ``root/handouts``).

    File names: ``NAME.html`` (student version) or ``NAME-solutions.html`` (``.pdf`` likewise).
    paper: ``a4`` or ``letter`` (PDF and printing). Prints one line per notebook (time, figures,
    size; pages for a PDF). Returns 0, or 1 when a solutions notebook failed to run (its handout
    is still written, with the error).
    """
    root = Path(root).resolve()
    if fmt not in ("html", "pdf"):
        raise CourseError("handout format: choose html or pdf.")
    if paper not in PAPER:
        raise CourseError("paper size: choose a4 or letter.")
    browser = find_browser() if fmt == "pdf" else None
    if fmt == "pdf" and not browser and not (shutil.which("xelatex") and shutil.which("pandoc")):
        raise CourseError("PDF handouts need Chromium or Chrome (or else xelatex and pandoc), and none is "
                          "installed: install Chromium (Debian: apt-get install chromium), or make HTML "
                          "handouts and print them from a browser.")
    output = Path(output).resolve() if output else root / HANDOUTS_DIR
    status = 0
    with tempfile.TemporaryDirectory(prefix="mlcourse-handouts-") as tmp:
        for lesson in lessons:
            if solutions:
                folder = root / "lessons" / lesson
            else:  # a private release: neither release/ nor the gradebook is touched
                folder = prepare_template(root, lesson, Path(tmp) / lesson) / "release" / lesson
            for name in [p.name for p in lesson_notebooks(root, lesson)]:
                started = time.perf_counter()
                nb, error, metrics = execute(folder / name, fast=fast, student=not solutions)
                title = f"{lesson} / {Path(name).stem}" + (" (solutions)" if solutions else "")
                prepare(nb, title, solutions=solutions, fast=fast, metrics=metrics, command=f"{lesson}/{name}")
                suffix = "-solutions" if solutions else ""
                target = output / lesson / f"{Path(name).stem}{suffix}.{fmt}"
                target.parent.mkdir(parents=True, exist_ok=True)
                pages = export(nb, target, fmt, paper=paper, browser=browser)
                figures = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
                line = (f"wrote {target} ({time.perf_counter() - started:.1f} s, {figures} figure(s), "
                        f"{target.stat().st_size // 1024} KiB" + (f", {pages} page(s)" if pages else "") + ")")
                if error and solutions:
                    status = 1
                    line += f"; FAILED: {error}"
                out(line)
    return status


def execute(path, fast=True, student=False, timeout=None):
    """Execute a notebook headless in a temporary copy of its folder; return (nb, error, metrics).

    student: errors are allowed (an unsolved exercise raises NotImplementedError), and the
    outputs from the first failing cell on are replaced by notes (``leave_out_unsolved``);
    otherwise the first error stops the run. error: one line, or None; metrics: those recorded.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    metrics, failure = execute_in_copy(nb, path.parent, fast=fast, timeout=timeout, allow_errors=student)
    error = None
    if failure is not None:
        evalue = first_line(getattr(failure, "evalue", "") or "")
        ename = getattr(failure, "ename", None)
        if ename:
            error = f"{ename}: {evalue}" if evalue else ename
        else:
            error = f"{type(failure).__name__}: {first_line(failure)}"
    if student:
        leave_out_unsolved(nb)
    return nb, error, metrics


def leave_out_unsolved(nb):
    """From the first cell with an error on, replace code cells' outputs by a note (in place).

    A cell after an unsolved exercise shows an untrained model, an empty plot or an error: none of
    it is a result. A test cell (nbgrader ``grade``) loses its outputs; any other cell that had
    output gets one line saying what appears there once the exercises above are solved. Returns
    the index of the first failing cell, or None (nothing left out).
    """
    first = next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
                  and any(o.output_type == "error" for o in cell.outputs)), None)
    if first is None:
        return None
    for cell in nb.cells[first:]:
        if cell.cell_type != "code":
            continue
        had_figure = any("image/png" in o.get("data", {}) for o in cell.outputs)
        had_output = bool(cell.outputs)
        cell.outputs = []
        if cell.metadata.get("nbgrader", {}).get("grade") or not had_output:
            continue
        what = "A figure appears here" if had_figure else "The output appears here"
        text = f"{what} once the exercises above are solved."
        cell.outputs = [nbformat.v4.new_output(
            "display_data", data={"text/plain": f"[{text}]", "text/html": f'<p class="mlcourse-pending">{text}</p>'})]
    nb.cells.insert(first, nbformat.v4.new_markdown_cell(
        '<div class="mlcourse-note">From here on, the outputs need your solutions to the exercises: '
        "a figure or number made before they are solved would be an untrained model's. "
        "Run the notebook with your solutions to see them.</div>"))
    return first


def prepare(nb, title, solutions, fast, metrics, command):
    """Give ``nb`` its title and the note that says what the handout shows; remove hidden tests (in place)."""
    nb.metadata["title"] = title
    if solutions:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = _HIDDEN_TESTS.sub("", cell.source)
    if solutions and fast:
        reached = ", ".join(f"{name} = {value:.4f}" for name, value in metrics.items())
        mode = ("Run in fast mode (a part of the data, short training) so that it prints in a minute: its "
                "numbers and curves are below those the text gives, which are a full run's "
                f"(`mlcourse run {command} --full`, or `mlcourse handouts --solutions --full`)."
                + (f" Metrics this run recorded: {reached}." if reached else ""))
    elif solutions:
        reached = ", ".join(f"{name} = {value:.4f}" for name, value in metrics.items())
        mode = "Run in full mode." + (f" Metrics this run recorded: {reached}." if reached else "")
    else:
        mode = ("Student version: the exercises are to be solved, so the outputs that need them are "
                "left out, with a note in their place.")
    kind = "Solutions" if solutions else "Handout"
    note = f'<div class="mlcourse-note"><b>{kind}: {title}.</b> {mode}</div>'
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(note))


def export(nb, target, fmt, paper="a4", browser=None):
    """Write ``nb`` to ``target`` as self-contained HTML, or as PDF (through ``browser``, else xelatex).

    Returns the number of pages of a PDF printed by the browser, else None.
    """
    target = Path(target)
    if fmt == "html":
        target.write_text(to_html(nb, paper), encoding="utf-8")
        return None
    if browser:
        # Next to the target, not in /tmp: a confined browser (Ubuntu's snap) cannot read the system's /tmp.
        with tempfile.TemporaryDirectory(prefix=".mlcourse-print-", dir=target.parent) as tmp:
            page = Path(tmp) / "handout.html"
            page.write_text(to_html(nb, paper), encoding="utf-8")
            return print_to_pdf(browser, page, target)
    from nbconvert import PDFExporter

    body, _ = _latex_exporter(PDFExporter).from_notebook_node(nb, resources=_title(nb))
    target.write_bytes(body)
    return None


def to_latex(nb):
    """The LaTeX source of ``nb``'s handout (the xelatex route): its title, unnumbered sections."""
    from nbconvert import LatexExporter

    body, _ = _latex_exporter(LatexExporter).from_notebook_node(nb, resources=_title(nb))
    return body


def _latex_exporter(cls):
    import jinja2

    return cls(extra_loaders=[jinja2.DictLoader({"mlcourse.tex.j2": _LATEX_TEMPLATE})], template_file="mlcourse.tex.j2")


def _title(nb):
    return {"metadata": {"name": nb.metadata.get("title", "")}}


def to_html(nb, paper="a4"):
    """Self-contained HTML of ``nb``: math as MathML, nothing from the network (its one script is inline)."""
    import jinja2
    from nbconvert import HTMLExporter

    nb = nbformat.from_dict(nb)  # a copy: the math placeholders stay out of the caller's notebook
    nb.metadata.pop("widgets", None)  # widget state would bring its manager from a CDN; paper has no widgets
    mathml = take_out_math(nb)
    exporter = HTMLExporter(embed_images=True, template_file="mlcourse.html.j2",
                            extra_loaders=[jinja2.DictLoader({"mlcourse.html.j2": _HTML_TEMPLATE})])
    resources = {**_title(nb), "mlcourse_css": _CSS.replace("PAPER_SIZE", PAPER[paper]), "mlcourse_js": _FIT_FORMULAS}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = put_back_math(body, mathml)
    remote = network_references(body)
    if remote:
        raise CourseError(f"the handout would load {remote[0]} from outside the file; please report this.")
    return body


def network_references(html):
    """The targets of ``src=``, ``href=``, ``url(...)`` and ``@import`` in ``html`` that are not inside it.

    Allowed: ``data:`` URLs and in-page anchors (``#name``). Anything else (http, a file path) is
    returned, in order.
    """
    found = [next(t for t in match.groups() if t is not None) for match in _REFERENCE.finditer(html)]
    return [t for t in found if not (t.startswith("#") or t.lower().startswith("data:"))]


def find_browser():
    """Path of an installed Chromium or Chrome (``MLCOURSE_CHROMIUM`` first), or None."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        return shutil.which(chosen)
    return next((shutil.which(name) for name in _BROWSERS if shutil.which(name)), None)


def print_to_pdf(browser, page, target, timeout=120):
    """Print the HTML file ``page`` to the PDF ``target`` with headless Chromium; return its page count.

    The paper size is the page's CSS ``@page`` size. Raises CourseError in one sentence when the
    browser fails.
    """
    target = Path(target).resolve()
    with tempfile.TemporaryDirectory(prefix=".mlcourse-chromium-", dir=target.parent) as profile:
        command = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
                   f"--user-data-dir={profile}", f"--print-to-pdf={target}", Path(page).resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root (containers) without it
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CourseError(f"{browser} took longer than {timeout} s to print {target.name}.") from None
    if not target.is_file() or target.stat().st_size == 0:
        lines = done.stderr.strip().splitlines()
        detail = first_line(lines[-1]) if lines else f"exit status {done.returncode}"
        raise CourseError(f"{browser} could not print {target.name} to PDF ({detail}).")
    return pdf_pages(target)


def pdf_pages(path):
    """Number of pages of the PDF at ``path`` (counted from its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(path).read_bytes()))
