"""Running nbgrader in this process: the course's config, its folders, and a quiet app runner.

The repository root is the nbgrader course root and ``lessons/`` its source directory
(``nbgrader_config.py``). nbgrader's Python API does not read that file by itself, so every
caller loads it with :func:`load_nbgrader_config` and passes the config in.
"""
import logging
import os
import sysconfig
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path

from .course import CourseError
from .messages import first_line

CONFIG_FILE = "nbgrader_config.py"


class GradingError(CourseError):
    """nbgrader could not release or grade a lesson; the message says why in one sentence."""

    exit_code = 1  # of the command line: a failure, not a usage error


def load_nbgrader_config(root):
    """Load ``root/nbgrader_config.py`` as a traitlets Config, with ``CourseDirectory.root`` absolute.

    The relative root of the file (``"."``) would otherwise mean the current folder.
    """
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    root = Path(root).resolve()
    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except ConfigFileNotFound:
        raise GradingError(f"no {CONFIG_FILE} in {root}: is this the course folder?") from None
    except Exception as error:  # the file is Python: any error in it lands here
        raise GradingError(f"{root / CONFIG_FILE} does not load: {first_line(error)}") from None
    config.CourseDirectory.root = str(root)
    return config


def course_folder(root, trait, default):
    """``root/<the CourseDirectory trait's folder>``, e.g. ``course_folder(root, "feedback_directory", "feedback")``."""
    name = load_nbgrader_config(root).CourseDirectory.get(trait, default)
    return Path(root) / name


def quiet_logger():
    """A logger for nbgrader that keeps its output to itself (capture_log adds the handler)."""
    log = logging.getLogger("mlcourse.nbgrader")
    log.propagate = False
    log.setLevel(logging.INFO)
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    return log


def run_app(app):
    """Run an nbgrader converter quietly; return (success, captured log text).

    The kernel's own stderr (ipykernel's TCP notice, TensorFlow's C++ lines: they do not reach
    the notebook with ``capture_fd_output=False``) and SQLAlchemy's warnings go to a scratch file.
    """
    from nbgrader.utils import capture_log

    with _fast_gradebook_creation(), _stderr_silenced(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = capture_log(app)
    return result["success"], result.get("log", "") + result.get("error", "")


@contextmanager
def _stderr_silenced():
    """Send file descriptor 2 (this process and its children) to a temporary file meanwhile."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


@contextmanager
def _fast_gradebook_creation():
    """Let nbgrader stamp a new gradebook with its schema version without running ``alembic``.

    nbgrader 0.9 runs the ``alembic heads`` command to create a gradebook: ~4 s (it imports
    nbgrader again), and "No such file or directory: 'alembic'" in a virtual environment that is
    not activated. The same answer comes from alembic's Python API in milliseconds.
    """
    import nbgrader.api

    original = getattr(nbgrader.api, "get_alembic_version", None)
    if original is None:  # another nbgrader version: leave it alone
        yield
        return

    def head():
        try:
            return _alembic_head()
        except Exception:  # fall back to nbgrader's own way, with the alembic command on PATH
            _scripts_on_path()
            return original()

    nbgrader.api.get_alembic_version = head
    try:
        yield
    finally:
        nbgrader.api.get_alembic_version = original


def _alembic_head():
    """The head revision of nbgrader's gradebook migrations, read in-process."""
    import nbgrader
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(nbgrader.__file__).parent / "alembic")).get_current_head()


def _scripts_on_path():
    """Put this Python's scripts folder (where ``alembic`` lives) first on PATH."""
    scripts = sysconfig.get_path("scripts")
    path = os.environ.get("PATH", "")
    if scripts and scripts not in path.split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + path if path else scripts
