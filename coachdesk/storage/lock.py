"""One writer per data folder: an advisory lock on ``coachdesk.lock`` in the data folder.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on
Windows), held on an open file for as long as the process runs, so a CoachDesk
killed with ``kill -9`` or by a power cut leaves no lock behind: the kernel
drops it with the process.  The file's text (the holder's process id and
whether it is the app or a command, "1234 gui") is only a hint for messages
and the log, written when the disk allows.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from coachdesk.storage.errors import Problem, StorageError

logger = logging.getLogger(__name__)

LOCK_NAME = "coachdesk.lock"


GUI = "gui"  # the holder is the app, with a window to switch to
COMMAND = "cli"  # the holder is a command (import, restore …) that ends on its own


class AlreadyOpen(StorageError):
    """Another CoachDesk holds the data folder."""

    def __init__(self, folder: Path, holder: str, kind: str = "") -> None:
        if kind == COMMAND:
            who = f" (pid {holder})" if holder else ""
            text = (
                f"Another CoachDesk command{who} is using this data folder: {folder}. "
                "Try again when it has finished."
            )
        elif kind == GUI:
            who = f" (process {holder})" if holder else ""
            text = (
                f"CoachDesk is already open on this data folder{who}: {folder}. "
                "Switch to that window, or close it and try again."
            )
        else:  # a lock written by an older CoachDesk: the pid alone
            who = f" (process {holder})" if holder else ""
            text = (
                f"Another CoachDesk{who} is using this data folder: {folder}. Close it, or "
                "wait for it to finish, and try again."
            )
        super().__init__(Problem.LOCKED, text)
        self.holder = holder
        self.kind = kind


class LockRefused(StorageError):
    """The data folder's lock cannot be taken for a reason other than another holder."""

    def __init__(self, folder: Path, problem: Problem, reason: str) -> None:
        super().__init__(problem, f"CoachDesk cannot use the data folder {folder}: {reason}.")
        self.folder = folder


def _refusal(folder: Path, lock_path: Path, exc: OSError) -> LockRefused:
    """What keeps the lock file ``lock_path`` from being opened, in the coach's words."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return LockRefused(
            folder, Problem.READ_ONLY, "it is read-only. Choose a folder you may write to"
        )
    if exc.errno == errno.EISDIR:
        return LockRefused(
            folder,
            Problem.CANNOT_OPEN,
            f"{lock_path.name} in it is a folder. CoachDesk needs that name for a file: "
            "move the folder away",
        )
    if exc.errno == errno.ENOENT:
        return LockRefused(folder, Problem.CANNOT_OPEN, "it does not exist")
    if exc.errno == errno.ENOTDIR:
        return LockRefused(folder, Problem.CANNOT_OPEN, "it is not a folder")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return LockRefused(folder, Problem.DISK_FULL, "the disk is full. Free some space")
    reason = exc.strerror or str(exc)
    return LockRefused(folder, Problem.CANNOT_OPEN, reason[:1].lower() + reason[1:])


def _read_hint(fd: int) -> tuple[str, str]:
    """The holder's pid and kind from the lock file ("pid kind", or a bare pid)."""
    try:
        text = os.read(fd, 64).decode("ascii", "replace")
    except OSError:
        return "", ""
    pid, _, kind = text.strip().partition(" ")
    return pid, kind.strip()


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

    def __init__(self, folder: Path, kind: str = GUI) -> None:
        self.folder = folder
        self.kind = kind  # GUI or COMMAND, written with the pid for another's messages
        self.path = folder / LOCK_NAME
        self._fd: int | None = None
        self.recovered = False  # the previous holder ended without releasing (a crash)

    def acquire(self) -> InstanceLock:
        """Take the lock or raise ``AlreadyOpen`` (another holder) or ``LockRefused`` (a
        read-only folder, a folder in the lock file's place …); returns ``self``."""
        if self._fd is not None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise _refusal(self.folder, self.path, exc) from exc
        try:
            locked = _try_lock(fd)
        except OSError as exc:  # a file system without locks (some network shares)
            os.close(fd)
            raise LockRefused(
                self.folder,
                Problem.CANNOT_OPEN,
                f"its file system cannot lock files ({exc.strerror or exc})",
            ) from exc
        if not locked:
            holder, kind = _read_hint(fd)
            os.close(fd)
            raise AlreadyOpen(self.folder, holder, kind)
        if _read_hint(fd)[0]:
            self.recovered = True
            logger.warning("recovered the lock of a CoachDesk that did not close cleanly")
        self._fd = fd
        # The pid is only a hint for others' messages: a full disk must not stop the lock.
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {self.kind}".encode("ascii"))
        except OSError as exc:
            logger.warning("cannot write the pid into the lock file: %s", exc.strerror or exc)
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)  # an empty file: the holder ended cleanly
        except OSError as exc:
            logger.warning("cannot empty the lock file: %s", exc.strerror or exc)
        os.close(self._fd)  # closing drops the lock
        self._fd = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._fd is not None
