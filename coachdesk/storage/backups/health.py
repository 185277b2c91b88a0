"""The health of the data file: the start-up check (``diagnose``: is it damaged, so that a
restore should be offered?) and Check data file (``check_database``: SQLite's integrity
and foreign-key checks and the search index's, in plain words).  Both read only.
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from coachdesk.storage import companions, files, search
from coachdesk.storage.backups.listing import list_backups
from coachdesk.storage.backups.names import DEFAULT_FOLDER
from coachdesk.storage.backups.verification import read_only_connection
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError, message_for, storage_error_from
from coachdesk.storage.files import FileState

DAMAGED = (Problem.CORRUPT, Problem.NOT_A_DATABASE)


@dataclass(frozen=True)
class CheckReport:
    healthy: bool
    problems: tuple[str, ...]
    index_problem: str | None = None  # the search index's, when it is the only one

    def describe(self) -> str:
        if self.healthy:
            return "healthy"
        return "\n".join(self.problems)


def _checking(path: Path) -> dbapi.Connection:
    """A connection for the health check of ``path``: one that may write (SQLite parses CHECK
    constraints, and so verifies them, only on such a connection) but runs reads only.
    When the file's WAL still holds commits, closing would fold them into the file, so a
    read-only connection is used instead and the CHECK constraints go unverified."""
    if files.wal_has_frames(path) or not os.access(path.parent, os.W_OK):
        return read_only_connection(path)
    return open_sqlite(path, pragmas=("query_only = ON",))


def _integrity_problems(connection: dbapi.Connection, limit: int = 20) -> list[str]:
    try:
        rows = connection.execute(f"PRAGMA integrity_check({limit})").fetchall()
    except MemoryError:
        # SQLITE_NOMEM: a damaged length (the search index's pages hold many) asked for
        # more memory than there is; the file is damaged, not the computer short of it.
        return ["SQLite ran out of memory reading it"]
    messages = [row[0] for row in rows]
    return [] if messages == ["ok"] else messages


def _foreign_key_problems(connection: dbapi.Connection) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _index in connection.execute("PRAGMA foreign_key_check"):
        counts[(table, parent)] = counts.get((table, parent), 0) + 1
    return [
        f"{count} row(s) in {table} point to {parent} that no longer exist."
        for (table, parent), count in sorted(counts.items())
    ]


def emptied_error(
    database: Path, inspection: files.Inspection, backup_dir: Path | None = None
) -> StorageError | None:
    """A data file that is there but empty (0 bytes, or no table) while backups of a
    practice lie in its backup folders was emptied or cut short: damaged, not new."""
    if not inspection.empty:
        return None
    folders = [database.parent / DEFAULT_FOLDER, *([backup_dir] if backup_dir else [])]
    if not list_backups(*folders):
        return None
    return StorageError(
        Problem.CORRUPT,
        f"The data file ({database}) is empty, yet there are backups of a practice beside "
        "it: it was emptied or cut short. CoachDesk has not used it. Restore the newest "
        "backup (the empty file is kept aside), or remove the backups to start a new practice.",
    )


def diagnose(database: Path, backup_dir: Path | None = None) -> StorageError | None:
    """The start-up check: ``None`` when the data file is missing, new or whole; otherwise
    the problem (``problem in DAMAGED`` means damaged: a restore is offered).  Reads only,
    and writes nothing beside the file."""
    try:
        inspection = files.inspect_file(database)
    except StorageError as exc:
        return exc
    if inspection.state is FileState.NEW:
        return emptied_error(database, inspection, backup_dir)
    try:
        with companions.rolled_back(database) as readable, closing(_checking(readable)) as checks:
            problems = _integrity_problems(checks, limit=1)
    except UnicodeDecodeError as exc:  # SQLite's message quotes schema bytes that are not UTF-8
        problems = [str(exc)]
    except dbapi.DatabaseError as exc:
        error = storage_error_from(exc, database)
        if error is not None and error.problem not in DAMAGED:
            return error
        problems = [str(exc)]
    if problems:
        return StorageError(Problem.CORRUPT, message_for(Problem.CORRUPT, database))
    return None


def check_database(database: Path) -> CheckReport:
    """SQLite's integrity and foreign-key checks on the data file, in plain words."""
    if not database.exists():
        return CheckReport(False, (f"There is no data file at {database}.",))
    try:
        inspection = files.inspect_file(database)
    except StorageError as exc:
        return CheckReport(False, (exc.message,))
    if inspection.state is FileState.NEW:
        return CheckReport(True, ())
    try:
        with companions.rolled_back(database) as readable, closing(_checking(readable)) as checks:
            structure = _integrity_problems(checks)
            links = [] if structure else _foreign_key_problems(checks)
            index = None if structure else search.problem(checks)
    except UnicodeDecodeError as exc:  # SQLite's message quotes schema bytes that are not UTF-8
        structure = [str(exc)]
        links, index = [], None
    except dbapi.DatabaseError as exc:
        error = storage_error_from(exc, database)
        if error is not None and error.problem not in DAMAGED:
            return CheckReport(False, (error.message,))
        structure = [str(exc)]
        links, index = [], None
    problems: list[str] = []
    if structure:
        shown = "; ".join(structure[:3])
        problems.append(
            f"The data file's internal structure is damaged ({len(structure)} problem(s) found "
            f"by SQLite's integrity check, e.g. {shown}). Restore it from a backup, and keep "
            "the damaged file."
        )
    if links:
        problems.append("Some records point to records that are gone:")
        problems.extend(f"  {line}" for line in links)
    alone = index if index is not None and not problems else None
    if index is not None:
        problems.append(f"{index} {search.REPAIR_IT}")
    return CheckReport(not problems, tuple(problems), alone)
