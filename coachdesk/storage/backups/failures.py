"""What a backup, copy or restore that could not be written tells the coach: a folder that
is not there, a full disk (with how much room there is and how much was needed), a folder
CoachDesk may not write to, a drive error.  Each message says the data and the older
backups are untouched, for they are.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import LOW_ON_ROOM, Problem, StorageError, storage_error_from

_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_SQLITE_ROOM = 128 * 1024  # what SQLite needs beside a copy while it writes it


def missing_folder_message(folder: Path, what: str = "backup folder") -> str:
    """Why a chosen folder that is not there was not used: the drive or share holding it
    is not connected, or a synced folder's app is not running."""
    gone = folder
    while not gone.parent.exists() and gone.parent != gone:
        gone = gone.parent
    if gone.exists() or gone.parent.is_file():
        in_the_way = gone if gone.exists() else gone.parent
        return (
            f"The {what} {folder} cannot be used: {in_the_way} is a file, not a folder. "
            "Choose another folder in File → Backup settings; your data and older backups "
            "are untouched."
        )
    if gone != folder:
        where = (
            f"{gone} is not there either: is the drive plugged in, or the network share connected?"
        )
    else:
        where = (
            "is the drive plugged in? If it is a synced folder, is Dropbox (or the app that "
            "syncs it) running?"
        )
    return (
        f"The {what} {folder} is not there: {where} Reconnect it, or choose another folder "
        "in File → Backup settings; your data and older backups are untouched."
    )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB" if size >= 10_000_000 else f"{size / 1000:,.0f} kB"


def _room(folder: Path, needed: int) -> str:
    """How much room a write of about ``needed`` bytes has in ``folder``, when known."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f" ({_mb(free)} free; about {_mb(needed)} needed)" if needed else f" ({_mb(free)} free)"


def folder_message(folder: Path, exc: OSError, what: str = "backup folder", needed: int = 0) -> str:
    """Why writing about ``needed`` bytes to ``folder`` failed with ``exc``, in plain words."""
    if exc.errno in _FULL:
        return (
            f"The {what} {folder} is full{_room(folder, needed)}. Free some space or choose "
            "another folder; your data and older backups are untouched."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"CoachDesk may not write to the {what} {folder}. Choose another folder or check "
            "its permissions; your data and older backups are untouched."
        )
    return (
        f"Writing to the {what} {folder} failed (a disk or drive error). Check the drive "
        "and try again; your data and older backups are untouched."
    )


def _needed(source: Path) -> int:
    """About how many bytes a copy of the database ``source`` takes."""
    total = _SQLITE_ROOM
    for path in (source, source.with_name(source.name + "-wal")):
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total


def _no_room(folder: Path, needed: int) -> bool:
    """Whether ``folder`` lacks the room for ``needed`` bytes (and SQLite's files beside
    them): what an SQLite write error there most likely means."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return False
    if free < needed + LOW_ON_ROOM:
        return True
    if os.name == "posix":
        import resource

        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]  # ulimit -f
        return limit != resource.RLIM_INFINITY and limit < needed
    return False


def write_failure(
    source: Path, folder: Path, exc: OSError | dbapi.Error, what: str = "backup folder"
) -> StorageError:
    """A failed backup, as a message about the data file or about the backup folder."""
    needed = _needed(source)
    if isinstance(exc, OSError):
        problem = Problem.DISK_FULL if exc.errno in _FULL else Problem.IO
        return StorageError(problem, folder_message(folder, exc, what, needed))
    error = storage_error_from(exc, source)
    if error is not None and error.problem in (
        Problem.CORRUPT,
        Problem.NOT_A_DATABASE,
        Problem.LOCKED,
    ):
        return error  # reading the data file failed
    problem = error.problem if error else Problem.IO
    if problem in (Problem.IO, Problem.DISK_FULL) and (
        problem is Problem.DISK_FULL or _no_room(folder, needed)
    ):
        problem = Problem.DISK_FULL  # SQLite says "I/O error" for some writes to a full disk
    code = {
        Problem.DISK_FULL: errno.ENOSPC,
        Problem.READ_ONLY: errno.EACCES,
        Problem.CANNOT_OPEN: errno.EACCES,
    }.get(problem, errno.EIO)
    return StorageError(problem, folder_message(folder, OSError(code, ""), what, needed))
