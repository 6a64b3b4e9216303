"""``mlcourse handouts``: lesson notebooks, executed, as HTML handouts with their figures.

- student version (default): the released notebook (no solutions, no hidden tests), executed
  with errors allowed, so every demonstration and figure that does not need an exercise appears;
  the cells that stop at an unsolved exercise (``NotImplementedError``) keep their code and lose
  the error output, which teaches nothing on paper.
- ``--solutions``: the source notebook executed; an error there is a real failure.

Notebooks run headless in fast mode by default (about a minute each on 2 CPU cores; the figures
are the same kind, from less training); ``--full`` trains fully. HTML is nbconvert's, with the
figures inline (PNG, base64), one self-contained file per notebook. PDF goes through nbconvert's
LaTeX route and needs ``xelatex``, which this project does not install: without it ``--format
pdf`` says so and stops (print the HTML to PDF from a browser instead).
"""
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from .autograde import prepare_template
from .course import CourseError, lesson_notebooks
from .messages import first_line
from .runner import CELL_TIMEOUT, KERNEL_ARGS, kernel_env

HANDOUTS_DIR = "handouts"


def make_handouts(root, lessons, solutions=False, fmt="html", fast=True, output=None, out=print):
    """Write the handouts of ``lessons`` into ``output/LESSON/`` (default ``root/handouts``).

    File names: ``NAME.html`` (student version) or ``NAME-solutions.html`` (``.pdf`` likewise).
    Prints one line per notebook (time, figures, size). Returns 0, or 1 when a solutions
    notebook failed to run (its handout is still written, with the error).
    """
    root = Path(root).resolve()
    if fmt not in ("html", "pdf"):
        raise CourseError("handout format: choose html or pdf.")
    if fmt == "pdf" and not shutil.which("xelatex"):
        raise CourseError("PDF handouts need xelatex (a TeX installation), which this project does not install; "
                          "make HTML handouts and print them to PDF from a browser, or install TeX Live.")
    output = Path(output).resolve() if output else root / HANDOUTS_DIR
    status = 0
    with tempfile.TemporaryDirectory(prefix="mlcourse-handouts-") as tmp:
        for lesson in lessons:
            if solutions:
                folder = root / "lessons" / lesson
            else:  # a private release: neither release/ nor the gradebook is touched
                folder = prepare_template(root, lesson, Path(tmp) / lesson) / "release" / lesson
            names = [p.name for p in lesson_notebooks(root, lesson)]
            for name in names:
                started = time.perf_counter()
                nb, error = execute(folder / name, fast=fast, student=not solutions)
                suffix = "-solutions" if solutions else ""
                target = output / lesson / f"{Path(name).stem}{suffix}.{fmt}"
                target.parent.mkdir(parents=True, exist_ok=True)
                export(nb, target, fmt)
                figures = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
                line = (f"wrote {target} ({time.perf_counter() - started:.1f} s, {figures} figure(s), "
                        f"{target.stat().st_size // 1024} KiB)")
                if error:
                    status = 1
                    line += f"; FAILED: {error}"
                out(line)
    return status


def execute(path, fast=True, student=False, timeout=None):
    """Execute a notebook headless in a temporary copy of its folder; return (nb, error or None).

    student: errors are allowed and their outputs removed (an unsolved exercise raises
    NotImplementedError); otherwise the first error stops the run and is returned in one line.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    error = None
    with tempfile.TemporaryDirectory(prefix="mlcourse-handout-") as tmp:
        work = Path(tmp) / path.parent.name
        shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        client = NotebookClient(nb, timeout=timeout or CELL_TIMEOUT["fast" if fast else "full"],
                                kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
                                resources={"metadata": {"path": str(work)}}, extra_arguments=list(KERNEL_ARGS),
                                allow_errors=student)
        with open(Path(tmp) / "kernel.log", "wb") as log:
            try:
                client.execute(env=kernel_env(fast, Path(tmp) / "metrics.jsonl"), stdout=log, stderr=log)
            except CellExecutionError as failure:
                error = f"{failure.ename}: {first_line(failure.evalue)}" if failure.evalue else failure.ename
            except Exception as failure:  # a timeout, a dead kernel
                error = f"{type(failure).__name__}: {first_line(failure)}"
    if student:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs
                                if o.output_type != "error" and not (o.output_type == "stream" and o.name == "stderr")]
    return nb, error


def export(nb, target, fmt):
    """Write ``nb`` to ``target`` as self-contained HTML (figures inline) or PDF (xelatex)."""
    if fmt == "html":
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter(embed_images=True).from_notebook_node(nb)
        Path(target).write_text(body, encoding="utf-8")
    else:
        from nbconvert import PDFExporter

        body, _ = PDFExporter().from_notebook_node(nb)
        Path(target).write_bytes(body)
