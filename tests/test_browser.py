"""A learner's first session in a real browser: Chromium, driven by Playwright, in the JupyterLab
that ``mlcourse start`` opens (fast mode, a temporary course and workspace, 127.0.0.1 only).

The browser is the Chromium installed on the machine (Debian's ``chromium``, or the program named
by ``MLCOURSE_CHROMIUM``); nothing is downloaded. Without one, the test is skipped. On failure, a
screenshot of the page is written next to the test's temporary files and named in the error.

JupyterLab 4 attaches a notebook's cells to the page a few at a time and does not render the ones
off screen, so the test waits for the cells it needs, reads ``textContent`` (never the rendered
text), and scrolls a cell into view before typing into it. Selectors are scoped to the visible notebook panel.
"""
import os
import re
import shutil
import sys
import time

import nbformat
import pytest

from tests.labserver import running_lab
from tests.lessons import LESSONS, ROOT
from tests.mistakes.lesson01_softmax import MISTAKES

CHROMIUM = os.environ.get("MLCOURSE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("no Chromium browser (Debian: apt-get install chromium; or set MLCOURSE_CHROMIUM)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

LESSON, NOTEBOOK = "01_softmax", "softmax_numpy.ipynb"
# Chromium's own network traffic (updates, sync, field trials) is switched off: only the lab is reachable.
BROWSER_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--disable-quic"]
WRONG_SOFTMAX = next(entry[1] for entry in MISTAKES[NOTEBOOK]["softmax"]
                     if entry[0] == "normalised over axis 0 (columns)").strip()
TIMEOUT_MS = 120_000  # generous: the test machine may be busy


def solution_source(grade_id):
    nb = nbformat.read(LESSONS / LESSON / NOTEBOOK, as_version=4)
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def cell_index(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


@pytest.fixture
def course(tmp_path):
    """A course holding lesson 01 only, with the repository's nbgrader settings."""
    root = tmp_path / "course"
    shutil.copytree(LESSONS / LESSON, root / "lessons" / LESSON)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    return root


def test_first_session_in_a_browser(course, tmp_path):
    workspace = tmp_path / "workspace"
    env = dict(os.environ, MLCOURSE_ROOT=str(course), MLCOURSE_FAST="1")
    env.pop("MLCOURSE_HEADLESS", None)
    command = [sys.executable, "-m", "mlcourse.commands.cli", "start", "--workspace", str(workspace), "--"]
    with running_lab(command, cwd=tmp_path, tmp=tmp_path, env=env) as lab, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        sync_api.expect.set_options(timeout=TIMEOUT_MS)
        page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" when reloading
        try:
            url = f"{lab.url}/lab/tree/{LESSON}/{NOTEBOOK}?token={lab.token}"
            first_session(page, url, workspace / LESSON / NOTEBOOK)
        except Exception as error:
            shot = tmp_path / "failure.png"
            page.screenshot(path=str(shot), full_page=True)
            error.add_note(f"screenshot of the page: {shot}; JupyterLab's log: {lab.log}")
            raise
        finally:
            browser.close()


def first_session(page, url, copy):
    """What a learner does with the notebook at ``url`` (its file: ``copy``), step by step, checked."""
    expect = sync_api.expect
    nb = nbformat.read(copy, as_version=4)
    setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    exercise, test = cell_index(nb, "softmax"), cell_index(nb, "test_softmax")
    after = next(i for i in range(test + 1, len(nb.cells)) if nb.cells[i].cell_type == "code")

    cells = open_notebook(page, url, after)
    menus = page.locator(".lm-MenuBar-itemLabel").all_text_contents()
    assert "Run" in menus and "Nbgrader" not in menus, f"menu bar of the learner's lab: {menus}"
    tabs = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all("els => els.map(e => e.title)")
    assert not [t for t in tabs if "Create Assignment" in t], f"side bar of the learner's lab: {tabs}"

    # Run > Run All Cells: the setup cell reports the mode and device; the first exercise stops the run.
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
    expect(cells.nth(test).locator(".jp-OutputArea")).to_contain_text("NotImplementedError")
    wait_idle(page)
    expect(cells.nth(setup).locator(".jp-OutputArea")).to_contain_text(re.compile(r"mode: fast .*\| device: \w+"))
    state = cells.evaluate_all("""els => els.map(e => ({
        code: e.classList.contains('jp-CodeCell'),
        prompt: (e.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
        error: !!e.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')}))""")
    ran = [i for i, s in enumerate(state) if s["code"] and re.search(r"\[\d+\]", s["prompt"])]
    failed = [i for i, s in enumerate(state) if s["error"]]
    assert failed == [test], f"cells with an error: {failed}; expected only the softmax test cell, {test}"
    assert ran[0] == setup and ran[-1] == test and len(state) > after, (
        f"cells that ran: {ran} of the {len(state)} on the page; the run must stop at cell {test}")

    # A wrong softmax: the test cell names the check that failed and gives the hint.
    type_into(page, cells.nth(exercise), WRONG_SOFTMAX)
    page.keyboard.press("Shift+Enter")   # run the exercise cell, move to its test cell
    page.keyboard.press("Shift+Enter")   # run the test cell
    output = cells.nth(test).locator(".jp-OutputArea")
    expect(output).to_contain_text("sum of each row of softmax: wrong values")
    expect(output).to_contain_text("Hint: normalise each row on its own")

    # The right one passes.
    right = solution_source("softmax")
    type_into(page, cells.nth(exercise), right)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    expect(output).to_contain_text("softmax: all visible tests passed")
    expect(output.locator('[data-mime-type="application/vnd.jupyter.stderr"]')).to_have_count(0)

    # Save, check the file, reload: the work is still there.
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while nbformat.read(copy, as_version=4).cells[exercise].source.strip() != right.strip():
        assert time.monotonic() < deadline, f"{copy} was not saved with the new softmax"
        time.sleep(0.5)
    page.reload()
    cells = open_notebook(page, None, test)
    cells.nth(exercise).scroll_into_view_if_needed()
    expect(cells.nth(exercise).locator(".cm-content")).to_contain_text("np.max(Z, axis=1, keepdims=True)")
    expect(cells.nth(test).locator(".jp-OutputArea")).to_contain_text("softmax: all visible tests passed")


def open_notebook(page, url, last):
    """Load ``url`` (None: the page as it is); wait for the kernel and for cells 0 to ``last``.

    Returns the locator of the notebook's cells (in order; the later ones may not be on the page yet).
    """
    if url:
        page.goto(url)
    panel = page.locator("#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)")
    cells = panel.locator(".jp-Notebook .jp-Cell")
    sync_api.expect(cells.nth(last)).to_be_attached()
    wait_idle(page)
    return cells


def wait_idle(page):
    """Wait until the notebook's kernel is idle (started, or done running)."""
    indicator = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator")
    sync_api.expect(indicator).to_have_attribute("data-status", "idle")


def type_into(page, cell, source):
    """Replace the code of ``cell`` with ``source``, as a learner would (pasted: no auto-indent)."""
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)
