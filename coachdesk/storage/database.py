"""Opening the CoachDesk data file: recognise it, back it up, migrate it, connect.

``open_database`` is the one way in.  Before anything is written it looks at
the file with a read-only connection:

* missing or empty: a new database is created at the current schema;
* not an SQLite file, or an SQLite file that is not CoachDesk's (another
  ``application_id`` and tables of its own): refused, file untouched;
* a CoachDesk file at a schema this version does not know: refused as "too
  new", file untouched;
* a CoachDesk file at an older schema: copied to the backup folder with
  SQLite's online backup API, then migrated in one transaction.

Every connection runs with ``journal_mode=WAL``, ``synchronous=FULL`` and
``foreign_keys=ON``; transactions are real SQLite transactions (``BEGIN`` is
emitted by us, not guessed by the driver), so a migration either completes or
leaves the file as it was.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from coachdesk.storage.errors import Problem, StorageError, message_for, translated

logger = logging.getLogger(__name__)

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


def inspect_file(path: Path) -> Inspection:
    """Say what ``path`` holds without changing it; raise ``StorageError`` if it is not ours."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Inspection(FileState.NEW, None)
    except OSError as exc:
        raise StorageError(Problem.CANNOT_OPEN, message_for(Problem.CANNOT_OPEN, path)) from exc
    if size == 0:
        return Inspection(FileState.NEW, None)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(Problem.CANNOT_OPEN, message_for(Problem.CANNOT_OPEN, path)) from exc
    if header != SQLITE_HEADER:
        raise StorageError(Problem.NOT_A_DATABASE, message_for(Problem.NOT_A_DATABASE, path))
    with translated(path), closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
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
    os.close(fd)


def sqlite_backup(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` with SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    create_owner_only(target)
    with (
        closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy own transactions: the driver must not open or commit them on its own.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _on_begin(connection: object) -> None:
    connection.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _migrate(engine: Engine, path: Path) -> None:
    """Bring the schema to head in one transaction (foreign keys off while tables are rebuilt)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "coachdesk.storage:migrations")
    with engine.connect() as connection:
        # PRAGMA foreign_keys is a no-op inside a transaction: set it on the raw connection.
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(Problem.CORRUPT, message_for(Problem.CORRUPT, path))
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


class Database:
    """An open CoachDesk data file.  Use ``session()`` for each unit of work."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with translated(self.path), self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def pre_migration_backup_path(backup_dir: Path, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return backup_dir / f"coachdesk-before-migration-from-{revision}-{stamp}.sqlite3"


def open_database(path: Path, backup_dir: Path | None = None) -> Database:
    """Open (creating or migrating as needed) the CoachDesk database at ``path``."""
    inspection = inspect_file(path)
    logger.info(
        "opening database: state=%s revision=%s", inspection.state.value, inspection.revision
    )
    if inspection.state is FileState.OLDER:
        assert inspection.revision is not None
        target = pre_migration_backup_path(
            backup_dir or path.parent / "backups", inspection.revision
        )
        with translated(path):
            sqlite_backup(path, target)
        logger.info("backed up before migration to %s", target.name)
    if inspection.state is FileState.NEW:
        try:
            create_owner_only(path)
        except OSError as exc:
            raise StorageError(Problem.CANNOT_OPEN, message_for(Problem.CANNOT_OPEN, path)) from exc
    engine = make_engine(path)
    try:
        with translated(path):
            if inspection.state is FileState.CURRENT:
                engine.connect().close()
            else:
                _migrate(engine, path)
                logger.info("database migrated to %s", head_revision())
    except BaseException:
        engine.dispose()
        raise
    return Database(path, engine)
