"""One ``mlcourse grade`` or ``mlcourse feedback`` at a time per course: a file lock.

The lock is released when this process ends, however it ends; a grading worker calls
:func:`close_inherited_locks` so that a worker that outlives a killed parent does not hold it.
"""
import contextlib
import os
from pathlib import Path

from .course import CourseError
from .nbgrader_apps import GradingError

_LOCK_FDS = set()  # file descriptors holding the class lock: closed in every grading worker


@contextlib.contextmanager
def class_lock(root):
    """One ``mlcourse grade`` or ``feedback`` at a time per course: another one stops with a clear message.

    The lock is released when this process ends, however it ends; the grading workers close
    their copy of it, so a worker that outlives a killed parent does not hold it.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    folder = Path(root) / ".mlcourse"
    try:
        folder.mkdir(exist_ok=True)
        handle = open(folder / "grade.lock", "a")
    except OSError as error:
        raise GradingError(f"cannot write the lock file {folder / 'grade.lock'} ({error.strerror or error}): "
                           f"make the course folder writable.") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise CourseError("another `mlcourse grade` or `mlcourse feedback` is running on this course; "
                              "wait for it to finish.") from None
        _LOCK_FDS.add(handle.fileno())
        try:
            yield
        finally:
            _LOCK_FDS.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def close_inherited_locks():
    """In a forked grading worker: close its copies of the class lock (the parent alone holds it)."""
    for fd in list(_LOCK_FDS):
        with contextlib.suppress(OSError):
            os.close(fd)
