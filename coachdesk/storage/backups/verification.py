"""Whether a file is a whole CoachDesk backup this version can open (``verify``), and what
one holds without checking it (``peek``).

SQLite's integrity check is the slow part of every backup, restore and copy; with several
cores it is split over them (``CHECK_WORKERS``, see ``_first_integrity_problem``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from coachdesk.storage import companions, files
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError, message_for
from coachdesk.storage.files import FileState


@dataclass(frozen=True)
class BackupSummary:
    """A backup file that passed verification, with what it holds."""

    path: Path
    revision: str
    clients: int
    sessions: int
    size: int


def _backup_problem(path: Path, problem: Problem, detail: str = "") -> StorageError:
    text = {
        Problem.NOT_A_DATABASE: f"{path.name} is not a CoachDesk backup: it is not a "
        "database file.",
        Problem.NOT_COACHDESK: f"{path.name} is a database, but not a CoachDesk one.",
        Problem.TOO_NEW: f"{path.name} was made by a newer version of CoachDesk; install "
        "that version to restore it.",
        Problem.CORRUPT: f"{path.name} is damaged and cannot be used"
        + (f" ({detail})." if detail else "."),
        Problem.CANNOT_OPEN: f"{path.name} cannot be read. Check that it exists and that "
        "you may read it.",
    }.get(problem, message_for(problem, path))
    return StorageError(problem, text)


def read_only_connection(path: Path) -> dbapi.Connection:
    """A read-only connection; ``immutable`` for a file alone on a read-only medium (a copy
    in WAL mode there could not be opened otherwise: SQLite cannot make its ``-shm``)."""
    immutable = not companions.has_companions(path) and not os.access(path.parent, os.W_OK)
    return open_sqlite(path, read_only=True, immutable=immutable)


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


CHECK_WORKERS = min(4, _usable_cores())


def _first_problem(path: Path, pragma: str) -> str | None:
    with closing(read_only_connection(path)) as connection:
        try:
            first = connection.execute(f"PRAGMA {pragma}").fetchone()
        except MemoryError:  # SQLITE_NOMEM: a damaged length asked for more than there is
            return "SQLite ran out of memory reading it"
    return None if first == ("ok",) else str(first[0] if first else "no result")


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _first_integrity_problem(path: Path) -> str | None:
    """The first problem SQLite's integrity check finds in the file ``path`` (which nothing
    writes meanwhile), or ``None``.

    With several cores the check is split so a large file takes a fraction of the time:
    ``quick_check`` covers the whole file (every b-tree's structure, every record, the
    freelist, each page used exactly once) while ``integrity_check`` of each table adds
    what ``quick_check`` leaves out (index entries match their rows, UNIQUE constraints,
    the key order of a WITHOUT ROWID table).  Together they check everything
    ``integrity_check`` does; at most ``CHECK_WORKERS`` connections are open at a time."""
    checks = ["integrity_check(1)"]
    if CHECK_WORKERS > 1:
        with closing(read_only_connection(path)) as connection:
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall()
        checks = ["quick_check(1)", *(f"integrity_check({_quoted(t)})" for (t,) in tables)]
    with ThreadPoolExecutor(CHECK_WORKERS) as pool:
        problems = pool.map(lambda pragma: _first_problem(path, pragma), checks)
        return next((problem for problem in problems if problem), None)


def _counts(connection: dbapi.Connection) -> tuple[int, int]:
    clients = connection.execute("SELECT count(*) FROM clients").fetchone()[0]
    sessions = connection.execute("SELECT count(*) FROM coaching_sessions").fetchone()[0]
    return clients, sessions


def verify(path: Path) -> BackupSummary:
    """Check that ``path`` is a whole CoachDesk database this version can open: the SQLite
    header, CoachDesk's application id, a known schema revision and SQLite's integrity
    check.  Raises ``StorageError`` with a plain message otherwise."""
    try:
        inspection = files.inspect_file(path)
    except StorageError as exc:
        if exc.problem is Problem.NEEDS_KEY:
            raise  # its message says which key it needs
        raise _backup_problem(path, exc.problem) from exc
    if inspection.state is FileState.NEW:
        if not path.exists():
            raise _backup_problem(path, Problem.CANNOT_OPEN)
        raise _backup_problem(path, Problem.NOT_A_DATABASE)
    assert inspection.revision is not None
    try:
        # Read-only: SQLite's structural check without the CHECK constraints, which cost
        # a third more on a large file; ``check_database`` verifies those too.
        if _first_integrity_problem(path) is not None:
            raise _backup_problem(path, Problem.CORRUPT, "the integrity check failed")
        with closing(read_only_connection(path)) as connection:
            clients, sessions = _counts(connection)
    except dbapi.DatabaseError as exc:
        raise _backup_problem(path, Problem.CORRUPT, "SQLite cannot read it") from exc
    return BackupSummary(path, inspection.revision, clients, sessions, path.stat().st_size)


LOCKED = "locked"  # ``peek``: encrypted with a key this process does not hold


def peek(path: Path) -> tuple[int, int] | str | None:
    """How many clients and sessions a backup holds, without checking it, for listing
    backups: ``LOCKED`` when it is encrypted with a key not held (another practice's, or
    one from before the protection was set up anew: restoring it asks for its own
    passphrase), ``None`` when it cannot be read."""
    try:
        with closing(read_only_connection(path)) as connection:
            return _counts(connection)
    except StorageError as exc:
        return LOCKED if exc.problem is Problem.NEEDS_KEY else None
    except dbapi.Error:
        return None
