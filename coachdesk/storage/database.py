"""Opening the CoachDesk data file: recognise it, back it up, migrate it, connect.

``open_database`` is the one way in.  Before anything is written it looks at
the file (``files.inspect_file``):

* missing or empty: a new database is created at the current schema;
* not an SQLite file, or an SQLite file that is not CoachDesk's (another
  ``application_id`` and tables of its own): refused, file untouched;
* a CoachDesk file at a schema this version does not know: refused as "too
  new", file untouched;
* a CoachDesk file at an older schema: copied to the backup folder with
  SQLite's online backup API, then migrated in one transaction.

A file already at the current schema is opened without importing SQLAlchemy:
the first list the coach sees is read with a plain connection (``read()``; the
idle ones are kept, each with its page cache, so the pages read again come from
memory, not from the disk and, for an encrypted file, not decrypted anew), and
the SQLAlchemy engine for writes is created on first use (or warmed up in
the background by the GUI).  Every connection runs with ``journal_mode=WAL``,
``synchronous=FULL`` and ``foreign_keys=ON``; transactions are real SQLite
transactions (``BEGIN`` is emitted by us, not guessed by the driver), so a
migration either completes or leaves the file as it was.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachdesk.storage import companions, files, search
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError, message_for, translated
from coachdesk.storage.files import FileState

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

READ_CACHE_KIB = 32 * 1024  # each kept read connection's page cache: Today's pages and more
IDLE_READERS = 2  # read connections kept between reads (the window's, a background one)


def _on_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: a unit of work that reads then writes
    # waits (busy_timeout) for another writer instead of failing half-way.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    from sqlalchemy import URL, create_engine, event

    # The connections come from ``creator``; the URL only names the dialect and, being a
    # file's, gets a pool of connections (URL.create: a formatted string could still be
    # misread, with a "?" in a folder's name taken for a query string).
    # The connections are autocommit ones: SQLAlchemy owns the transactions (``_on_begin``).
    url = URL.create(drivername="sqlite", database=str(path))
    engine = create_engine(
        url, module=dbapi, creator=lambda: files.connect(path), hide_parameters=True
    )
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
                search.install(raw)  # a table a migration rebuilt lost its triggers
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(Problem.CORRUPT, message_for(Problem.CORRUPT, path))
                connection.exec_driver_sql(f"PRAGMA application_id = {files.APPLICATION_ID}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


class Database:
    """An open CoachDesk data file.

    ``session()`` is one unit of work through SQLAlchemy; ``read()`` is a plain
    read-only use of a connection, for the hot lists.
    """

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        self._engine = engine
        self._sessions: Any = None
        self._lock = threading.Lock()
        self._readers: list[dbapi.Connection] = []  # idle read connections (``read``)
        self._closings = 0  # how many times close() ran: a read kept past one is closed
        self.writes = 0  # units of work committed through this object (for automatic backups)

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = make_engine(self.path)
            if self._sessions is None:
                from sqlalchemy.orm import sessionmaker

                import coachdesk.storage.models  # noqa: F401  (map the classes once, here)

                self._sessions = sessionmaker(self._engine, expire_on_commit=False)
            return self._engine

    def warm_up(self) -> None:
        """Import SQLAlchemy and the models and create the engine; safe from any thread."""
        self.engine  # noqa: B018

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        self.engine  # noqa: B018
        with translated(self.path), self._sessions.begin() as session:
            yield session
        self.writes += 1

    @contextmanager
    def read(self) -> Iterator[dbapi.Connection]:
        """A plain connection for reading (autocommit: each query sees the latest commit),
        to this block alone; a kept one when one is idle (see the module notes)."""
        with self._lock:
            connection = self._readers.pop() if self._readers else None
            opened_in = self._closings
        with translated(self.path):
            if connection is None:
                connection = files.connect(self.path)
                try:
                    connection.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
                except BaseException:
                    connection.close()
                    raise
            try:
                yield connection
            except BaseException:
                connection.close()  # after a failure, never handed out again
                raise
        with self._lock:
            # Not kept past a close() (that came while this block ran).
            kept = opened_in == self._closings and not connection.in_transaction
            if kept and len(self._readers) < IDLE_READERS:
                self._readers.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            self._closings += 1
            readers, self._readers = self._readers, []
        for connection in readers:
            connection.close()
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
                self._sessions = None


def _still_at(path: Path, revision: str | None) -> bool:
    """Whether the data file is still at ``revision`` (a migration left it as it was)."""
    try:
        return files.inspect_file(path).revision == revision
    except StorageError:
        return False


def open_database(path: Path, backup_dir: Path | None = None) -> Database:
    """Open (creating or migrating as needed) the CoachDesk database at ``path``."""
    files.clear_leftovers(path)
    companions.clear_scratch(path.parent)
    inspection = files.inspect_file(path)
    logger.info(
        "opening database: state=%s revision=%s", inspection.state.value, inspection.revision
    )
    if inspection.empty:  # new, or emptied: the backups beside it tell (read only then)
        from coachdesk.storage.backups import emptied_error

        emptied = emptied_error(path, inspection, backup_dir)
        if emptied is not None:
            raise emptied
    files.roll_back_hot_journal(path)  # the journal is the file's own: inspect_file said so
    if not inspection.empty and inspection.state is not FileState.NEW:
        files.clear_safety_copy(path)
    if inspection.state is FileState.CURRENT:
        with translated(path), closing(files.connect(path)):
            pass  # a write-capable connection with WAL proves the file and folder are usable
        return Database(path)
    safety_copy = None
    if inspection.state is FileState.OLDER:
        assert inspection.revision is not None
        from coachdesk.storage.backups import DEFAULT_FOLDER, BackupKind, make_backup

        folder = backup_dir or path.parent / DEFAULT_FOLDER
        if not folder.is_dir():  # a chosen folder not there: the data must open all the same
            logger.warning("the backup folder is not there: the copy goes in the data folder")
            folder = path.parent / DEFAULT_FOLDER
        safety_copy = make_backup(
            path, folder, BackupKind.BEFORE_MIGRATION, revision=inspection.revision
        ).path
        logger.info("backed up before migration to %s", safety_copy.name)
    else:
        files.create_owner_only(path)
    engine = make_engine(path)
    try:
        with translated(path):
            _migrate(engine, path)
    except BaseException:
        engine.dispose()
        if safety_copy is not None and _still_at(path, inspection.revision):
            safety_copy.unlink(missing_ok=True)  # not migrated: the file is as it was
        raise
    if safety_copy is not None:
        from coachdesk.storage.backups import rotate

        rotate(safety_copy.parent)
    logger.info("database migrated to %s", files.head_revision())
    return Database(path, engine)


# --- reading a data file on a read-only folder or medium ------------------------------------------


def _read_only_connection(path: Path, immutable: bool) -> dbapi.Connection:
    """A ``mode=ro`` connection to ``path`` that cannot write: no WAL switch, no journal."""
    return open_sqlite(
        path, read_only=True, immutable=immutable, pragmas=("foreign_keys = ON", "query_only = ON")
    )


def _needs_immutable(path: Path) -> bool:
    """Whether ``path`` can only be read as ``immutable`` (nothing written beside it).

    ``mode=ro`` first: it sees a writer elsewhere, if there is one.  SQLite cannot open
    a WAL-mode file that way when it may not create the ``-shm`` beside it (a read-only
    medium); with no ``-wal`` holding changes and no ``-shm`` (so no process has it open),
    the file alone is the data, and ``immutable=1`` reads it as it is."""
    try:
        with closing(_read_only_connection(path, immutable=False)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return False
    except dbapi.OperationalError:
        shm = path.with_name(path.name + "-shm")
        if files.wal_has_frames(path) or shm.exists():
            raise
    return True


def _check_read_only(connection: dbapi.Connection, path: Path) -> None:
    """Refuse what this version cannot read as it is: not CoachDesk's, newer or older."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    has_version = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()[0]
    if application_id != files.APPLICATION_ID or not has_version:
        raise StorageError(Problem.NOT_COACHDESK, message_for(Problem.NOT_COACHDESK, path))
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = row[0] if row else None
    known = files.known_revisions()
    if revision not in known:
        problem = Problem.TOO_NEW if revision is not None else Problem.CORRUPT
        raise StorageError(problem, message_for(problem, path))
    if revision != known[-1]:
        raise StorageError(
            Problem.READ_ONLY,
            f"The data file ({path}) was written by an older CoachDesk and its folder cannot "
            "be written, so it cannot be brought up to date here. Copy the data folder to a "
            "drive you may write to and open it there.",
        )


class ReadOnlyDatabase(Database):
    """A data file opened for reading only: every connection is ``mode=ro`` and
    ``query_only``, so nothing is written to the file or beside it (no ``-wal``, no lock)."""

    def __init__(self, path: Path, immutable: bool) -> None:
        from sqlalchemy import URL, create_engine, event

        engine = create_engine(
            URL.create(drivername="sqlite", database=str(path)),
            module=dbapi,
            creator=lambda: _read_only_connection(path, immutable),
            hide_parameters=True,
        )
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
        super().__init__(path, engine)
        self.immutable = immutable

    @contextmanager
    def read(self) -> Iterator[dbapi.Connection]:
        with (
            translated(self.path),
            closing(_read_only_connection(self.path, self.immutable)) as connection,
        ):
            yield connection


def open_read_only(path: Path) -> ReadOnlyDatabase:
    """Open the CoachDesk data file at ``path`` for reading only, for exports from a folder
    that cannot be written (a read-only medium).  Nothing is created, migrated or locked;
    ``StorageError`` when the file is missing, not CoachDesk's, or not at this version's
    schema (an older file cannot be brought up to date without writing)."""
    from coachdesk.storage.errors import storage_error_from

    if not path.is_file():
        raise StorageError(
            Problem.CANNOT_OPEN,
            f"There is no data file at {path}, and its folder cannot be written.",
        )
    with translated(path):
        try:
            immutable = _needs_immutable(path)
            with closing(_read_only_connection(path, immutable)) as connection:
                _check_read_only(connection, path)
        except dbapi.DatabaseError as exc:
            if storage_error_from(exc, path) is not None:
                raise
            raise StorageError(Problem.CORRUPT, message_for(Problem.CORRUPT, path)) from exc
    logger.info("opened the data file read-only%s", " (immutable)" if immutable else "")
    return ReadOnlyDatabase(path, immutable)
