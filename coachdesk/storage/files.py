"""The data file at the SQLite level, with the standard library only.

Recognising a file, copying it with SQLite's online backup API and plain
connections with CoachDesk's pragmas live here, apart from SQLAlchemy, because
they run at start-up before SQLAlchemy (the slowest import of the app) is
loaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from coachdesk.storage import companions, encrypted_files
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError, message_for, translated
from coachdesk.storage.private_files import remove_abandoned

APPLICATION_ID = 0x43446B31  # "CDk1": marks a file as CoachDesk's in the SQLite header
SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100


def known_revisions() -> list[str]:
    """The schema revisions this version knows, oldest first (from the migration files)."""
    # Beside this module, in the source tree as in the desktop package (which keeps the
    # migrations as files for Alembic); importlib.resources costs 2 ms before Today.
    versions = Path(__file__).with_name("migrations") / "versions"
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
    empty: bool = False  # NEW because the file is there but empty (0 bytes or no tables)


def truncated(header: bytes, size: int) -> bool:
    """Whether a file of ``size`` bytes is shorter than its SQLite header says it is.

    The header records the page size (offset 16) and the page count (offset 28); the
    count is trustworthy when the "version valid for" number (offset 92) equals the
    change counter (offset 24), as every SQLite since 3.7.0 writes it.
    """
    if len(header) < HEADER_SIZE:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[92:96] != header[24:28] or pages == 0:
        return False
    return size < pages * page_size


def wal_has_frames(path: Path) -> bool:
    # A checkpoint cut short may leave the header ahead of the file; the WAL still holds
    # the pages and SQLite replays them on open, so that file is not truncated.
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _cannot_open(path: Path) -> StorageError:
    return StorageError(Problem.CANNOT_OPEN, message_for(Problem.CANNOT_OPEN, path))


def roll_back_hot_journal(path: Path) -> None:
    """Let SQLite roll back a transaction that a crash cut short in rollback-journal mode
    (call once ``inspect_file`` has found the journal to be the file's own).

    A new file before it is switched to WAL, or a restored one before it is reopened, is
    in that mode; killed mid-write it keeps a "hot" ``-journal``, and until SQLite rolls
    it back (on the next open, by a connection that may write) the file's header and size
    may be half-written ones.
    """
    if not companions.has_hot_journal(path):
        return
    with translated(path), closing(open_sqlite(path)) as conn:
        conn.execute("PRAGMA schema_version").fetchone()  # rolls a hot journal back


# The tables of the newest schema (tests/storage/test_companions.py keeps this in step with
# the models): a file at that revision without one of them is damaged.
HEAD_TABLES = frozenset(
    {
        "alembic_version",
        "breaches",
        "clients",
        "coaching_sessions",
        "commitments",
        "guests",
        "honour_checks",
        "matter_triggers",
        "matters",
        "pulse_answers",
        "pulse_checks",
        "session_moves",
    }
)
# Enough of CoachDesk's schema to know a file for ours when its application id is damaged.
OUR_TABLES = frozenset({"alembic_version", "clients", "coaching_sessions"})


def _damaged(path: Path) -> StorageError:
    return StorageError(Problem.CORRUPT, message_for(Problem.CORRUPT, path))


def inspect_file(path: Path) -> Inspection:
    """Say what ``path`` holds without changing it or anything beside it; raise
    ``StorageError`` if it is not ours, or damaged in a way the header and schema show
    (a companion that is not its own among them: ``companions``)."""
    foreign = companions.foreign_companion_error(path)
    if foreign is not None:
        raise foreign
    with companions.rolled_back(path) as readable:
        return _inspect(readable, path)


def _inspect(path: Path, shown: Path) -> Inspection:
    """What ``path`` holds; messages name ``shown`` (the data file ``path`` is a copy of)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Inspection(FileState.NEW, None)
    except OSError as exc:
        raise _cannot_open(shown) from exc
    if size == 0:
        return Inspection(FileState.NEW, None, empty=True)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise _cannot_open(shown) from exc
    header = encrypted_files.header_of(path, HEADER_SIZE)  # NEEDS_KEY when locked
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StorageError(Problem.NOT_A_DATABASE, message_for(Problem.NOT_A_DATABASE, shown))
    if truncated(header, size) and not wal_has_frames(path):
        raise _damaged(shown)
    try:
        # Nothing beside the file: no connection has it open, so it is read as it is, without
        # the empty -wal and -shm a read-only connection would otherwise leave beside it.
        alone = not companions.has_companions(path)
        with (
            translated(shown),
            closing(open_sqlite(path, read_only=True, immutable=alone)) as conn,
        ):
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except (dbapi.DatabaseError, UnicodeDecodeError) as exc:
        # Not a known problem (locked, read-only, ...: those came as StorageError): SQLite
        # cannot read the header or schema of this SQLite file, e.g. "unsupported file
        # format", or a message quoting damaged schema bytes that are not UTF-8 (which
        # Python's sqlite3 raises as UnicodeDecodeError).
        raise _damaged(shown) from exc
    if application_id != APPLICATION_ID:
        if application_id == 0 and not tables:
            return Inspection(FileState.NEW, None, empty=True)
        if tables >= OUR_TABLES:
            raise _damaged(shown)  # CoachDesk's schema under a damaged mark
        raise StorageError(Problem.NOT_COACHDESK, message_for(Problem.NOT_COACHDESK, shown))
    if revision is None:
        # Ours by its header, but the schema record is gone: damaged, not from the future.
        raise _damaged(shown)
    known = known_revisions()
    if revision not in known:
        raise StorageError(Problem.TOO_NEW, message_for(Problem.TOO_NEW, shown))
    if revision == known[-1]:
        if not tables >= HEAD_TABLES:
            raise _damaged(shown)  # a table of this schema is gone
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


BACKUP_STEP_PAGES = 2048  # 8 MB at the default page size: progress several times a second


def fsync_file(path: Path) -> None:
    """Push ``path``'s bytes to the disk (a rename is only durable after its content is)."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def content_digest(connection: dbapi.Connection) -> str:
    """A digest of the schema and every row of every table, in a fixed order: equal for
    two files that hold exactly the same data, encrypted or not."""
    import hashlib  # here: its OpenSSL is not on the way to the first page of data

    digest = hashlib.sha256()
    tables = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    for name, sql in tables:
        digest.update(repr((name, sql)).encode())
        if sql.startswith("CREATE VIRTUAL TABLE"):
            continue  # its rows are those of its own tables (the search index's), read there
        order = "rowid"
        if "WITHOUT ROWID" in sql.upper():  # FTS5 keeps two such tables: every column, then
            width = len(connection.execute(f'PRAGMA table_info("{name}")').fetchall())
            order = ", ".join(str(position) for position in range(1, width + 1))
        for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY {order}'):
            digest.update(repr(row).encode())
    for pragma in ("application_id", "user_version"):
        digest.update(repr(connection.execute(f"PRAGMA {pragma}").fetchone()).encode())
    return digest.hexdigest()


SAME_KEY = object()  # ``sqlite_backup``'s default: the copy has the source's key


def export_copy(source: Path, source_key: bytes | None, target: Path, key: bytes | None) -> str:
    """Copy the database ``source`` (opened with ``source_key``, nothing writing it) into
    the new file ``target``, encrypted with ``key`` (None: plain), with SQLCipher's
    ``sqlcipher_export`` and the two header values it leaves out, then check the copy:
    SQLite's integrity check, and every row equal to the original's.  The online backup
    API cannot make a plain file's copy encrypted, or an encrypted file's plain.  Returns
    the data's ``content_digest``; ``StorageError`` (CORRUPT) when the copy differs."""
    key_text = f"x'{key.hex()}'" if key else ""
    with closing(open_sqlite(source, key=source_key)) as connection:
        expected = content_digest(connection)
        connection.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), key_text))
        connection.execute("SELECT sqlcipher_export('copy')")
        for pragma in ("application_id", "user_version"):
            value = connection.execute(f"PRAGMA main.{pragma}").fetchone()[0]
            connection.execute(f"PRAGMA copy.{pragma} = {int(value)}")
        connection.execute("DETACH DATABASE copy")
    with closing(open_sqlite(target, key=key, read_only=True)) as copy:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        same = content_digest(copy) == expected
    if verdict != "ok" or not same:
        raise StorageError(
            Problem.CORRUPT,
            "The copy of your data did not match the original, so it was not used. Your "
            "data file is unchanged; run Check data file.",
        )
    return expected


def sqlite_backup(
    source: Path,
    target: Path,
    progress: Callable[[float], None] | None = None,
    *,
    key: bytes | object | None = SAME_KEY,
) -> None:
    """Copy the database ``source`` into the new, empty file ``target`` with SQLite's online
    backup API.  The caller fsyncs ``target`` before relying on it.

    The copy is one consistent snapshot even while other connections or processes write:
    the source's read transaction is held across the backup's steps, so in WAL mode the
    snapshot cannot move (and the backup never restarts).  The copy is left in rollback
    (DELETE) journal mode, a single self-contained file any SQLite tool can open read-only.
    ``progress`` gets the fraction done after each step.

    An encrypted source's copy is encrypted with the same key, or with ``key`` (another
    data key: the pages are encrypted anew); a plain source's is plain.
    """
    if key is SAME_KEY:
        key = encrypted_files.key_for(source)
    with (
        closing(open_sqlite(source, read_only=True)) as src,
        closing(open_sqlite(target, key=key)) as dst,
    ):
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # pins the snapshot
        # The partial file is deleted on any failure, so it needs no journal of its own.
        dst.execute("PRAGMA journal_mode = OFF")
        dst.execute("PRAGMA synchronous = OFF")

        def report(_status: int, remaining: int, total: int) -> None:
            if progress is not None and total:
                progress((total - remaining) / total)

        src.backup(dst, pages=BACKUP_STEP_PAGES, progress=report)
        src.execute("COMMIT")
        dst.execute("PRAGMA journal_mode = DELETE")


WRITING_PRAGMAS = (
    "foreign_keys = ON",
    "journal_mode = WAL",
    "synchronous = FULL",
    "secure_delete = ON",
)
"""CoachDesk's settings for every connection to the data file that may write.  Freed space
is overwritten with zeros on every build of SQLite (Debian's does so by default, python.org's
and macOS's do not): the search index rewrites its pages as it grows, and an old copy of a
client's words must not linger in the file's free space until the client is erased."""


def connect(path: Path) -> dbapi.Connection:
    """A connection to the data file with CoachDesk's settings, in autocommit mode."""
    return open_sqlite(path, pragmas=WRITING_PRAGMAS)


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


RESTORING_SUFFIX = ".restoring"  # a restore writes the data file's new copy here first
CONVERTING_SUFFIX = ".converting"  # protecting or unprotecting writes the new copy here
SAFETY_SUFFIX = ".before-conversion"  # the original, until the converted file opens


def clear_leftovers(database: Path) -> None:
    """Remove the temporary file of a restore or a conversion that was cut short, with its
    ``-wal``/``-shm`` (the data file itself is whole either way), unless one still writes
    it."""
    restoring = database.with_name(database.name + RESTORING_SUFFIX)
    converting = database.with_name(database.name + CONVERTING_SUFFIX)
    if remove_abandoned(restoring, companions.SUFFIXES):
        encrypted_files.settle_next(database)  # no restore is writing: its envelope settles
    remove_abandoned(converting, companions.SUFFIXES)


def clear_safety_copy(database: Path) -> None:
    """Remove the copy a conversion cut short kept of the data file, once the data file
    has been found whole (the conversion either did not replace it or did, verified)."""
    database.with_name(database.name + SAFETY_SUFFIX).unlink(missing_ok=True)
