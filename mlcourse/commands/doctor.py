"""``mlcourse doctor``: is this machine ready for the course? Says what to do when it is not.

Checks the Python and package versions, the MNIST file shipped with the course, the device
TensorFlow will use (in a subprocess: importing TensorFlow takes seconds and may crash on an
unsupported CPU), the Jupyter kernel, and the course folder with its lessons.
"""
import subprocess
import sys
from importlib import metadata
from pathlib import Path

PACKAGES = ["numpy", "tensorflow", "keras", "nbgrader", "jupyterlab", "nbclient", "ipykernel", "matplotlib"]
REINSTALL = "run `pip install -e .` in the course folder (see the README)"
# The Python versions TensorFlow 2.21 has wheels for, from 3.11 on: requires-python in
# pyproject.toml and python in environment.yml say the same (a test keeps them in step).
SUPPORTED_PYTHON = [(3, 11), (3, 12), (3, 13)]
_DEVICE_SCRIPT = "from mlcourse.tfkit import describe_device; print(describe_device())"


def check_python():
    """(ok, what, fix) for the Python version: one of SUPPORTED_PYTHON."""
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info[:2] in SUPPORTED_PYTHON
    names = ", ".join(f"{major}.{minor}" for major, minor in SUPPORTED_PYTHON)
    return ok, f"Python {version} ({sys.executable})", "" if ok else (
        f"TensorFlow has wheels for Python {names}: make the environment with one of them (see the README)")


def check_packages():
    """[(ok, what, fix)] for each package the course needs, with its installed version."""
    checks = []
    for name in PACKAGES:
        try:
            checks.append((True, f"{name} {metadata.version(name)}", ""))
        except metadata.PackageNotFoundError:
            checks.append((False, f"{name} is not installed", REINSTALL))
    return checks


def check_mnist():
    """(ok, what, fix) for the MNIST file shipped in the package (present, checksums match)."""
    from ..datasets import MNIST_PATH, DataFileError, load_mnist

    try:
        (x_train, _), (x_test, _) = load_mnist()
    except DataFileError as error:
        return False, "MNIST data: " + str(error).split("; ")[0], str(error).split("; ")[-1]
    return True, f"MNIST data intact ({len(x_train)} training, {len(x_test)} test images; {MNIST_PATH})", ""


def check_device(timeout=300):
    """(ok, what, fix) for the device TensorFlow will use, found by importing it in a subprocess."""
    try:
        proc = subprocess.run([sys.executable, "-c", _DEVICE_SCRIPT], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"TensorFlow did not import within {timeout} s", REINSTALL
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        errors = [line for line in proc.stderr.strip().splitlines() if line.strip()]
        reason = errors[-1] if errors else f"exit status {proc.returncode}"
        return False, f"TensorFlow does not import: {reason}", REINSTALL
    device = lines[-1]
    if device.startswith("GPU"):
        return True, f"TensorFlow will use the {device}", ""
    detail = device[device.find("(") + 1:-1] if "(" in device else ""
    return True, "no GPU: TensorFlow will use the CPU" + (f" ({detail})" if detail else ""), ""


def check_kernel():
    """(ok, what, fix): the Jupyter kernel 'python3' runs a Python where mlcourse imports."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv = KernelSpecManager().get_kernel_spec("python3").argv
    except NoSuchKernel:
        return False, "no Jupyter kernel 'python3'", "run `python -m ipykernel install --user`"
    program = argv[0]
    # jupyter_client runs a kernel declared as plain "python" with this very Python.
    if program in {"python", "python3", f"python3.{sys.version_info[1]}"} or \
            Path(program).resolve() == Path(sys.executable).resolve():
        return True, f"Jupyter kernel 'python3' runs this Python ({sys.executable})", ""
    proc = subprocess.run([program, "-c", "import mlcourse"], capture_output=True)
    if proc.returncode == 0:
        return True, f"Jupyter kernel 'python3' runs {program}, where mlcourse imports", ""
    return (False, f"Jupyter kernel 'python3' runs {program}, where mlcourse does not import",
            f"run `{sys.executable} -m ipykernel install --user` to make this Python the kernel")


def check_course():
    """(ok, what, fix) for the course folder and its lessons."""
    from .course import CourseError, find_course_root, lesson_names

    try:
        root = find_course_root()
    except CourseError as error:
        return False, "course folder not found", str(error)
    lessons = lesson_names(root)
    if not lessons:
        return (False, f"course folder {root} has no lessons",
                "check that lessons/ holds the lesson folders (git status)")
    return True, f"course folder {root}, lessons: {', '.join(lessons)}", ""


def checks():
    """Yield (ok, what, fix) for each check, one at a time (the device check takes seconds)."""
    yield check_python()
    yield from check_packages()
    yield check_mnist()
    yield check_device()
    yield check_kernel()
    yield check_course()


def doctor():
    """Run every check, print one line each and what to do; return 0 if all is well, else 1."""
    print("mlcourse doctor", flush=True)
    problems = 0
    for ok, what, fix in checks():
        print(f"  {'ok  ' if ok else 'FAIL'}  {what}", flush=True)
        if not ok:
            problems += 1
            print(f"        -> {fix}")
    if problems:
        print(f"{problems} problem(s) found: fix them as shown above, then run `mlcourse doctor` again.")
        return 1
    print("All is well.")
    return 0
