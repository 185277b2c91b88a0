"""One writer per data folder: an advisory lock on ``coachdesk.lock`` in the data folder.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on
Windows), held on an open file for as long as the process runs, so a CoachDesk
killed with ``kill -9`` or by a power cut leaves no lock behind: the kernel
drops it with the process.  The file's text (the holder's process id) is only
a hint for messages and the log.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from coachdesk.storage.errors import Problem, StorageError

logger = logging.getLogger(__name__)

LOCK_NAME = "coachdesk.lock"


class AlreadyOpen(StorageError):
    """Another CoachDesk holds the data folder."""

    def __init__(self, folder: Path, holder: str) -> None:
        who = f" (process {holder})" if holder else ""
        super().__init__(
            Problem.LOCKED,
            f"CoachDesk is already open on this data folder{who}: {folder}. "
            "Switch to that window, or close it and try again.",
        )
        self.holder = holder


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class InstanceLock:
    """Held from ``acquire()`` until ``release()`` or the end of the process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._fd: int | None = None
        self.recovered = False  # the previous holder ended without releasing (a crash)

    def acquire(self) -> InstanceLock:
        """Take the lock or raise ``AlreadyOpen``; returns ``self``."""
        if self._fd is not None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StorageError(
                Problem.CANNOT_OPEN,
                f"CoachDesk cannot use its data folder {self.folder}. Check that it exists "
                "and that you may write to it.",
            ) from exc
        if not _try_lock(fd):
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise AlreadyOpen(self.folder, holder)
        previous = os.read(fd, 32).decode("ascii", "replace").strip()
        if previous:
            self.recovered = True
            logger.warning("recovered the lock of a CoachDesk that did not close cleanly")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)  # an empty file: the holder ended cleanly
        os.close(self._fd)  # closing drops the lock
        self._fd = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._fd is not None
