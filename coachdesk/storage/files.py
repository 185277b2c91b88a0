"""The data file at the SQLite level, with the standard library only.

Recognising a file, copying it with SQLite's online backup API and plain
connections with CoachDesk's pragmas live here, apart from SQLAlchemy, because
they run at start-up before SQLAlchemy (the slowest import of the app) is
loaded.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from importlib import resources
from pathlib import Path

from coachdesk.storage.errors import Problem, StorageError, message_for, translated

APPLICATION_ID = 0x43446B31  # "CDk1": marks a file as CoachDesk's in the SQLite header
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def known_revisions() -> list[str]:
    """The schema revisions this version knows, oldest first (from the migration files)."""
    versions = resources.files("coachdesk.storage.migrations") / "versions"
    return sorted(
        entry.name[:4]
        for entry in versions.iterdir()
        if entry.name.endswith(".py") and entry.name[:4].isdigit()
    )


def head_revision() -> str:
    return known_revisions()[-1]


class FileState(Enum):
    NEW = "new"
    CURRENT = "current"
    OLDER = "older"


@dataclass(frozen=True)
class Inspection:
    state: FileState
    revision: str | None


def _cannot_open(path: Path) -> StorageError:
    return StorageError(Problem.CANNOT_OPEN, message_for(Problem.CANNOT_OPEN, path))


def inspect_file(path: Path) -> Inspection:
    """Say what ``path`` holds without changing it; raise ``StorageError`` if it is not ours."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Inspection(FileState.NEW, None)
    except OSError as exc:
        raise _cannot_open(path) from exc
    if size == 0:
        return Inspection(FileState.NEW, None)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _cannot_open(path) from exc
    if header != SQLITE_HEADER:
        raise StorageError(Problem.NOT_A_DATABASE, message_for(Problem.NOT_A_DATABASE, path))
    read_only = f"{path.absolute().as_uri()}?mode=ro"
    with translated(path), closing(sqlite3.connect(read_only, uri=True)) as conn:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    if application_id != APPLICATION_ID:
        if application_id == 0 and not tables:
            return Inspection(FileState.NEW, None)
        raise StorageError(Problem.NOT_COACHDESK, message_for(Problem.NOT_COACHDESK, path))
    if revision is None:
        # Ours by its header, but the schema record is gone: damaged, not from the future.
        raise StorageError(Problem.CORRUPT, message_for(Problem.CORRUPT, path))
    known = known_revisions()
    if revision not in known:
        raise StorageError(Problem.TOO_NEW, message_for(Problem.TOO_NEW, path))
    if revision == known[-1]:
        return Inspection(FileState.CURRENT, revision)
    return Inspection(FileState.OLDER, revision)


def create_owner_only(path: Path) -> None:
    """Create ``path`` empty and readable by the owner only, unless it exists."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise _cannot_open(path) from exc
    os.close(fd)


def sqlite_backup(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` with SQLite's online backup API.

    The copy is written under a temporary name and renamed into place only when
    complete, so a failure (a full disk) never leaves a partial file that looks
    like a good backup.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise _cannot_open(target.parent) from exc
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    create_owner_only(partial)
    try:
        with (
            closing(sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def apply_pragmas(connection: sqlite3.Connection) -> None:
    """CoachDesk's settings for every connection: WAL, full fsync, foreign keys, patience."""
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection with CoachDesk's pragmas, in autocommit mode (for reads)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        apply_pragmas(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def utc_text(value: datetime) -> str:
    """An aware datetime as the UTC text the ``UTCDateTime`` column stores."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def utc_from_text(value: str | None) -> datetime | None:
    """The aware datetime behind a stored ``UTCDateTime`` text."""
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)
