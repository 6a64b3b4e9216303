"""What the user reads: one-line messages out of exceptions, notebook outputs and nbgrader's logs, and paths."""
import re
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# The last line of a Python traceback: "ValueError: message", "nbclient.exceptions.DeadKernelError: ..."
_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)\b.*)$")


def strip_ansi(text):
    """``text`` without the ANSI colour codes of a terminal traceback."""
    return _ANSI.sub("", text)


def display_path(path):
    """``path`` as a user reads it: relative to the current folder when it is inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def first_line(text):
    """The first non-empty line of ``str(text)``, without ANSI colours ('' if none)."""
    lines = [line.strip() for line in strip_ansi(str(text)).splitlines() if line.strip()]
    return lines[0] if lines else ""


def failure_reason(log):
    """One line out of nbgrader's captured log: the first specific error it names, and where."""
    notebook = None
    errors = []
    for line in (strip_ansi(line).strip() for line in log.splitlines()):
        converting = re.match(r"\[INFO\] (?:Converting notebook|Sanitizing|Autograding) (.*)$", line)
        if converting:
            notebook = Path(converting.group(1)).name
        match = _EXCEPTION_LINE.match(line)
        if match and "NbGraderException" not in line:
            return _explain(match.group(1)) + (f" (in {notebook})" if notebook else "")
        if line.startswith("[ERROR] ") and not line.startswith(("[ERROR] There was an error", "[ERROR] Please see",
                                                                "[ERROR] Traceback")):
            errors.append(line[len("[ERROR] "):])
    return errors[0] if errors else "see nbgrader's log (run the nbgrader command by hand)"


def _explain(exception_line):
    """Say in words what a few well-known nbgrader/nbclient failures mean."""
    exception_line = re.sub(r"^(?:\w+\.)+(?=\w+:)", "", exception_line)  # jsonschema.exceptions.X: -> X:
    if "DeadKernelError" in exception_line:
        return f"the kernel died (out of memory, or the code ended the process): {exception_line}"
    if "CellTimeoutError" in exception_line:  # its "after N seconds" is what was left, not the limit
        return ("a cell ran past the time limit per cell and did not stop when interrupted (a long "
                "TensorFlow or NumPy computation: a loop over the examples?), so grading stopped there")
    if "UnresponsiveKernelError" in exception_line or "Kernel didn't respond" in exception_line:
        return f"the kernel stopped responding (endless loop?): {exception_line}"
    return exception_line
