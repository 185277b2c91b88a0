"""One error type for the failures that are the environment's fault, not a bug.

A locked, read-only, full, damaged or foreign file is something the coach can
act on, so it becomes a ``StorageError`` with a plain message.  Everything else
is a bug and goes to the crash dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Problem(StrEnum):
    LOCKED = "locked"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"
    CORRUPT = "corrupt"
    NOT_A_DATABASE = "not_a_database"
    NOT_COACHDESK = "not_coachdesk"
    TOO_NEW = "too_new"
    CANNOT_OPEN = "cannot_open"
    IO = "io"
    NEEDS_KEY = "needs_key"  # encrypted, and its key is not held: never a damaged file


class StorageError(Exception):
    """A known problem with the data file, with a message for the coach."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message


# SQLite primary result codes (https://sqlite.org/rescode.html).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def _problem_for(code: int) -> Problem | None:
    return {
        _SQLITE_BUSY: Problem.LOCKED,
        _SQLITE_LOCKED: Problem.LOCKED,
        _SQLITE_READONLY: Problem.READ_ONLY,
        _SQLITE_PERM: Problem.READ_ONLY,
        _SQLITE_IOERR: Problem.IO,
        _SQLITE_CORRUPT: Problem.CORRUPT,
        _SQLITE_FULL: Problem.DISK_FULL,
        _SQLITE_CANTOPEN: Problem.CANNOT_OPEN,
        _SQLITE_NOTADB: Problem.NOT_A_DATABASE,
    }.get(code & 0xFF)


def message_for(problem: Problem, path: Path | None) -> str:
    where = f" ({path})" if path else ""
    return {
        Problem.LOCKED: f"The data file{where} is busy: another program is using it. "
        "Close the other program (or the other CoachDesk window) and try again.",
        Problem.READ_ONLY: f"The data file{where} cannot be written: it or its folder is "
        "read-only. Check the file's permissions or move it to a folder you can write to.",
        Problem.DISK_FULL: f"The disk holding the data file{where} is full. Free some space "
        "and try again; nothing already saved was lost.",
        Problem.CORRUPT: f"The data file{where} is damaged. Do not delete it: restore it from "
        "a backup, and keep the damaged file for support.",
        Problem.NOT_A_DATABASE: f"The file{where} is not a database file. CoachDesk left it "
        "untouched; choose another data folder or restore a backup.",
        Problem.NOT_COACHDESK: f"The file{where} is a database, but not a CoachDesk one. "
        "CoachDesk left it untouched; choose another data folder.",
        Problem.TOO_NEW: f"The data file{where} was written by a newer version of CoachDesk. "
        "Install the newer CoachDesk to open it; this version left the file untouched.",
        Problem.CANNOT_OPEN: f"The data file{where} cannot be opened. Check that the folder "
        "exists and that you may read and write it.",
        Problem.IO: f"The data file{where} could not be read or written (a disk or "
        "removable-drive error). Check the drive and try again.",
        Problem.NEEDS_KEY: f"The data file{where} is protected with a passphrase. Unlock it "
        "with its passphrase or recovery key.",
    }[problem]


LOW_ON_ROOM = 1 << 20  # bytes: with less free, SQLite's "I/O error" is the disk being full


def _disk_full_at(path: Path) -> bool:
    """Whether the disk holding ``path`` (a file or a folder) is all but full: SQLite reports
    some writes to a full disk (the ``-shm`` it cannot grow, a short write) as an I/O
    error, not as SQLITE_FULL."""
    import shutil

    try:
        return shutil.disk_usage(path if path.is_dir() else path.parent).free < LOW_ON_ROOM
    except OSError:
        return False


def storage_error_from(exc: BaseException, path: Path | None = None) -> StorageError | None:
    """The ``StorageError`` an SQLite failure stands for, or ``None`` if it is a bug."""
    original = getattr(exc, "orig", None) or exc
    # Here: the window imports this module before its first paint.
    from coachdesk.storage.driver import dbapi

    if not isinstance(original, dbapi.Error):
        return None
    code = getattr(original, "sqlite_errorcode", None)
    problem = _problem_for(code) if code is not None else None
    if problem is None and isinstance(original, dbapi.OperationalError):
        text = str(original).lower()
        if "locked" in text:
            problem = Problem.LOCKED
        elif "readonly" in text or "read-only" in text:
            problem = Problem.READ_ONLY
        elif "disk is full" in text:
            problem = Problem.DISK_FULL
    if problem is None:
        return None
    if problem is Problem.IO and path is not None and _disk_full_at(path):
        problem = Problem.DISK_FULL
    return StorageError(problem, message_for(problem, path))


@contextmanager
def translated(path: Path | None = None) -> Iterator[None]:
    """Turn known SQLite failures raised inside the block into ``StorageError``."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        error = storage_error_from(exc, path)
        if error is None:
            raise
        raise error from exc


class RecordNotFound(LookupError):
    """The record was deleted (perhaps a moment ago, in another window) or never existed."""


class ChangedMeanwhile(RecordNotFound):
    """The record no longer holds what an undo (or redo) expects: it was changed since, and
    putting the old value back would overwrite the newer one."""


def fetch(
    session: Any, model: type[T], record_id: int, missing: type[RecordNotFound] = RecordNotFound
) -> T:
    """The ``model`` row ``record_id`` in an open unit of work, or ``missing`` raised: it was
    deleted meanwhile (perhaps in another window) or never existed."""
    record = session.get(model, record_id)
    if record is None:
        raise missing(record_id)
    return record


def require(session: Any, model: type, *ids: int | None) -> None:
    """Raise ``RecordNotFound`` unless every given id (None: not linked) of ``model`` exists:
    a link to something deleted meanwhile gets a plain message, not a constraint error."""
    for record_id in ids:
        if record_id is not None:
            fetch(session, model, record_id)


def check(errors: list) -> None:
    """Raise ``ValidationError`` when the domain rules found problems (nothing is written)."""
    if errors:
        from coachdesk.domain.clients import ValidationError

        raise ValidationError(tuple(errors))
