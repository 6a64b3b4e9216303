"""Helpers of the command-line tests: run ``mlcourse`` in a subprocess, edit notebook cells by grade_id."""
import os
import subprocess
import sys
from pathlib import Path

import nbformat

# Run a command without root's override capabilities, so that file permissions really apply.
NO_CAPS = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"]


def mlcourse(root, *args, cwd=None, privileged=True, timeout=600):
    """Run ``python -m mlcourse.commands.cli ARGS`` on the course ``root``; return the CompletedProcess.

    cwd: the current folder of the command (default ``root``); privileged=False: when the tests
    run as root, without root's override capabilities (:data:`NO_CAPS`). MLCOURSE_FAST is unset.
    """
    env = dict(os.environ, MLCOURSE_ROOT=str(root))
    env.pop("MLCOURSE_FAST", None)
    prefix = [] if privileged or os.geteuid() != 0 else NO_CAPS
    return subprocess.run([*prefix, sys.executable, "-m", "mlcourse.commands.cli", *args], cwd=cwd or root,
                          env=env, capture_output=True, text=True, timeout=timeout)


def grade_id(cell):
    """The nbgrader grade_id of ``cell``, or None for a cell that is not an nbgrader cell."""
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def set_sources(nb, sources):
    """Give the cells of ``nb`` named (by grade_id) in ``sources`` their new source, in place; return nb."""
    for cell in nb.cells:
        if grade_id(cell) in sources:
            cell.source = sources[grade_id(cell)]
    return nb


def edited_copy(source, target, sources):
    """Write to ``target`` the notebook ``source`` with the cells named in ``sources`` changed; return target."""
    nb = set_sources(nbformat.read(source, as_version=4), sources)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return Path(target)
