"""Backups, restore and the health check of the data file (standard library only).

A backup is made with SQLite's online backup API (never a plain file copy: in
WAL mode recent commits may live only in the ``-wal`` file) into
``<name>.partial``, then fsynced and verified at the same time (integrity check,
split over the machine's cores, and it must open as a CoachDesk database at a
schema this version knows), then renamed into place and the folder fsynced.
A failure removes the partial file (and the ``-wal``/``-shm`` SQLite may have made
beside it) and never touches an older backup.  A backup that was killed leaves them;
the next backup in that folder (and a restore, and a migration) removes them: a partial
file is another backup in progress only while its writer holds it locked
(``private_files``), never judged by its age.

Only the default backup folder, ``backups`` inside the data folder, is created when it
is missing.  A folder the coach chose that is not there (a drive not plugged in, a
synced folder whose app is not running) is reported, never made afresh: a new, local
folder in its place would hold backups the coach believes are elsewhere.

Names say what a backup is, and each kind is thinned by its own rule:

* ``coachdesk-backup-YYYYMMDD-HHMMSS.sqlite3``: routine (Backup now, automatic), rotated
  by ``domain.backups.backups_to_keep``;
* ``coachdesk-before-migration-from-NNNN-YYYYMMDD-HHMMSS.sqlite3``;
* ``coachdesk-before-restore-YYYYMMDD-HHMMSS.sqlite3``: the safety copies.

Safety copies are thinned by ``domain.backups.safety_copies_to_keep`` (the newest
three of each kind, and any from the last 30 days), by ``rotate`` after every backup,
restore and migration.  A safety copy made for a restore or a migration that did not
happen is removed, and one identical to a newer copy of the same kind (a restore or a
migration that was killed, then tried again) goes when the newer one is made.

Times in names are UTC.  A restore verifies the chosen file, saves the current
data as a safety copy (or, when it is damaged, renames it aside untouched),
takes the live file out of WAL mode, writes the new file under a temporary
name and renames it over the live one: killed at any moment, the data file is
either the old one or the new one, whole.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from coachdesk.domain.backups import backups_to_keep, safety_copies_to_keep
from coachdesk.storage import companions, files
from coachdesk.storage.errors import (
    LOW_ON_ROOM,
    Problem,
    StorageError,
    message_for,
    storage_error_from,
    translated,
)
from coachdesk.storage.files import FileState
from coachdesk.storage.private_files import (
    clear_abandoned,
    create_partial,
    remove_abandoned,
    remove_partial,
)

STAMP_FORMAT = "%Y%m%d-%H%M%S"
PARTIAL_SUFFIX = ".partial"
RESTORING_SUFFIX = ".restoring"
COMPANIONS = ("-wal", "-shm", "-journal")  # what SQLite may keep beside a partial file
DEFAULT_FOLDER = "backups"  # in the data folder: the only backup folder made when missing
_NAME = re.compile(
    r"^coachdesk-(?P<kind>backup|before-migration-from-\d+|before-restore)-"
    r"(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$"
)

Progress = Callable[[float], None]


class BackupKind(StrEnum):
    ROUTINE = "backup"
    BEFORE_MIGRATION = "before-migration"
    BEFORE_RESTORE = "before-restore"


@dataclass(frozen=True)
class BackupEntry:
    """A backup file found in a folder (not opened)."""

    path: Path
    kind: BackupKind
    taken_at: datetime
    size: int


@dataclass(frozen=True)
class BackupSummary:
    """A backup file that passed verification, with what it holds."""

    path: Path
    revision: str
    clients: int
    sessions: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupSummary
    safety_copy: Path | None  # the data as it was, kept before the restore
    set_aside: Path | None  # the damaged data file, renamed aside untouched


@dataclass(frozen=True)
class CheckReport:
    healthy: bool
    problems: tuple[str, ...]

    def describe(self) -> str:
        if self.healthy:
            return "healthy"
        return "\n".join(self.problems)


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


def _checking(path: Path) -> sqlite3.Connection:
    """A connection for the health check of ``path``: one that may write (SQLite parses CHECK
    constraints, and so verifies them, only on such a connection) but runs reads only.
    When the file's WAL still holds commits, closing would fold them into the file, so a
    read-only connection is used instead and the CHECK constraints go unverified."""
    if files.wal_has_frames(path) or not os.access(path.parent, os.W_OK):
        return _read_only(path)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA query_only = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; ``immutable`` for a file alone on a read-only medium (a copy
    in WAL mode there could not be opened otherwise: SQLite cannot make its ``-shm``)."""
    alone = not any(companions.companion(path, s).exists() for s in companions.SUFFIXES)
    immutable = alone and not os.access(path.parent, os.W_OK)
    connection = sqlite3.connect(files.read_only_uri(path, immutable=immutable), uri=True)
    connection.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
    return connection


def _integrity_problems(connection: sqlite3.Connection, limit: int = 20) -> list[str]:
    rows = connection.execute(f"PRAGMA integrity_check({limit})").fetchall()
    messages = [row[0] for row in rows]
    return [] if messages == ["ok"] else messages


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


CHECK_WORKERS = min(4, _usable_cores())


def _first_problem(path: Path, pragma: str) -> str | None:
    with closing(_read_only(path)) as connection:
        first = connection.execute(f"PRAGMA {pragma}").fetchone()
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
        with closing(_read_only(path)) as connection:
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall()
        checks = ["quick_check(1)", *(f"integrity_check({_quoted(t)})" for (t,) in tables)]
    with ThreadPoolExecutor(CHECK_WORKERS) as pool:
        problems = pool.map(lambda pragma: _first_problem(path, pragma), checks)
        return next((problem for problem in problems if problem), None)


def _counts(connection: sqlite3.Connection) -> tuple[int, int]:
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
        with closing(_read_only(path)) as connection:
            clients, sessions = _counts(connection)
    except sqlite3.DatabaseError as exc:
        raise _backup_problem(path, Problem.CORRUPT, "SQLite cannot read it") from exc
    return BackupSummary(path, inspection.revision, clients, sessions, path.stat().st_size)


def peek(path: Path) -> tuple[int, int] | None:
    """How many clients and sessions a backup holds, without checking it (``None`` when it
    cannot be read); for listing backups."""
    try:
        with closing(_read_only(path)) as connection:
            return _counts(connection)
    except sqlite3.Error:
        return None


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}.sqlite3"
    number = 1
    while candidate.exists() or candidate.with_name(candidate.name + PARTIAL_SUFFIX).exists():
        number += 1
        candidate = folder / f"{stem}-{number}.sqlite3"
    return candidate


def backup_name(
    folder: Path, kind: BackupKind, now: datetime | None = None, revision: str = ""
) -> Path:
    """A new, unused backup path in ``folder``."""
    label = f"before-migration-from-{revision}" if kind is BackupKind.BEFORE_MIGRATION else kind
    return _free_name(folder, f"coachdesk-{label}-{_stamp(now)}")


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


def _ensure_folder(folder: Path, data_file: Path) -> None:
    """Make sure ``folder`` is there: the default one (in the data folder of ``data_file``) is
    created; any other is reported when missing (see the module notes)."""
    if folder.is_dir():
        return
    if os.path.abspath(folder) != os.path.abspath(data_file.parent / DEFAULT_FOLDER):
        raise StorageError(Problem.CANNOT_OPEN, missing_folder_message(folder))
    try:
        folder.mkdir(exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(Problem.CANNOT_OPEN, _folder_message(folder, exc)) from exc


_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB" if size >= 10_000_000 else f"{size / 1000:,.0f} kB"


def _room(folder: Path, needed: int) -> str:
    """How much room a write of about ``needed`` bytes has in ``folder``, when known."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f" ({_mb(free)} free; about {_mb(needed)} needed)" if needed else f" ({_mb(free)} free)"


def _folder_message(
    folder: Path, exc: OSError, what: str = "backup folder", needed: int = 0
) -> str:
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


def clear_partials(folder: Path) -> list[Path]:
    """Remove the partial files (with their ``-wal``, ``-shm``, ``-journal``) of backups in
    ``folder`` that were cut short (a crash, a power cut, a kill): those no running process
    holds (see the module notes).  The partial files removed."""
    return clear_abandoned(folder, f"coachdesk-*{PARTIAL_SUFFIX}*", PARTIAL_SUFFIX, COMPANIONS)


_SQLITE_ROOM = 128 * 1024  # what SQLite needs beside a copy while it writes it


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


def _failure(
    source: Path, folder: Path, exc: OSError | sqlite3.Error, what: str = "backup folder"
) -> StorageError:
    """A failed backup, as a message about the data file or about the backup folder."""
    needed = _needed(source)
    if isinstance(exc, OSError):
        problem = Problem.DISK_FULL if exc.errno in _FULL else Problem.IO
        return StorageError(problem, _folder_message(folder, exc, what, needed))
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
    return StorageError(problem, _folder_message(folder, OSError(code, ""), what, needed))


def make_backup(
    source: Path,
    folder: Path,
    kind: BackupKind = BackupKind.ROUTINE,
    *,
    progress: Progress | None = None,
    revision: str = "",
    now: datetime | None = None,
) -> BackupSummary:
    """A verified backup of the database ``source`` in ``folder``; see the module notes."""
    if not source.is_file():
        raise StorageError(Problem.CANNOT_OPEN, message_for(Problem.CANNOT_OPEN, source))
    _ensure_folder(folder, source)
    clear_partials(folder)
    target = backup_name(folder, kind, now, revision)
    summary = _write_verified(
        source,
        target,
        lambda partial: files.sqlite_backup(source, partial, progress),
        "The backup failed its check (SQLite's integrity check on the copy), so the data "
        "file itself may be damaged: use Check data file. Older backups are untouched.",
    )
    if kind is not BackupKind.ROUTINE:
        _drop_older_twins(summary.path)
    return summary


def _label(path: Path) -> str | None:
    """What a backup's name says it is ("backup", "before-migration-from-0004" …)."""
    match = _NAME.match(path.name)
    return match["kind"] if match else None


def _drop_older_twins(copy: Path) -> None:
    """Remove the older safety copies of the same kind as ``copy`` holding exactly the same
    bytes: left by a restore or a migration that was killed and then made again, they
    would pile up and hold nothing ``copy`` does not."""
    import filecmp

    for entry in list_backups(copy.parent):
        path = entry.path
        if path == copy or _label(path) != _label(copy):
            continue
        try:
            if entry.size == copy.stat().st_size and filecmp.cmp(path, copy, shallow=False):
                path.unlink()
        except OSError:
            continue


def copy_backup(backup: Path, folder: Path) -> Path:
    """Copy a finished backup into a second folder (a USB stick, a synced folder), verified
    there too.  ``folder`` must exist: a missing one raises ``StorageError`` (CANNOT_OPEN)."""
    if not folder.is_dir():
        raise StorageError(
            Problem.CANNOT_OPEN,
            f"The copy-to folder {folder} is not available (is the drive plugged in?). "
            f"The backup itself was made.",
        )
    clear_partials(folder)
    target = _free_name(folder, backup.name.removesuffix(".sqlite3"))

    _write_verified(
        backup,
        target,
        lambda partial: shutil.copyfile(backup, partial),
        f"The copy in {folder} failed its check: the drive may be failing. The backup "
        "itself is fine.",
    )
    return target


def _close(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


def _write_verified(
    source: Path, target: Path, write: Callable[[Path], None], failed_check: str
) -> BackupSummary:
    """Write ``target`` as ``.partial`` (owner-only) with ``write``, fsync and verify it, then
    rename it into place and fsync its folder.  On any failure the partial file goes and
    nothing else is touched; ``failed_check`` is the message when the copy fails its check."""
    folder = target.parent
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    held = None
    try:
        held = create_partial(partial)  # held until renamed or removed: see the module notes
        write(partial)
        with ThreadPoolExecutor(1) as pool:
            synced = pool.submit(files.fsync_file, partial)  # the disk works while SQLite checks
            try:
                summary = verify(partial)
            except StorageError as exc:
                raise StorageError(Problem.CORRUPT, failed_check) from exc
            synced.result()
        if os.name == "nt":  # Windows renames no file held open
            _close(held)
            held = None
        os.replace(partial, target)
        files.fsync_folder(folder)
    except BaseException as exc:
        _close(held)
        held = None
        remove_partial(partial, COMPANIONS)
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise _failure(source, folder, exc) from exc
        raise
    finally:
        _close(held)
    return BackupSummary(target, summary.revision, summary.clients, summary.sessions, summary.size)


def list_backups(*folders: Path) -> list[BackupEntry]:
    """The backups in ``folders`` (by name), newest first; partial files are not backups."""
    entries: list[BackupEntry] = []
    for folder in folders:
        try:
            names = sorted(folder.iterdir())
        except OSError:
            continue
        for path in names:
            match = _NAME.match(path.name)
            if match is None:
                continue
            kind_text = match["kind"]
            kind = (
                BackupKind.BEFORE_MIGRATION
                if kind_text.startswith("before-migration")
                else BackupKind(kind_text)
            )
            taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
            try:
                size = path.stat().st_size
            except OSError:
                continue
            entries.append(BackupEntry(path, kind, taken_at, size))
    entries.sort(key=lambda entry: (entry.taken_at, entry.path.name), reverse=True)
    return entries


def latest_backup(*folders: Path) -> BackupEntry | None:
    entries = list_backups(*folders)
    return entries[0] if entries else None


def rotate(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups in ``folder`` that rotation no longer keeps; return them.  Routine
    backups by ``domain.backups.backups_to_keep``, the safety copies (before a migration or
    a restore) by ``domain.backups.safety_copies_to_keep``."""
    entries = list_backups(folder)
    routine = [e for e in entries if e.kind is BackupKind.ROUTINE]
    now = now or datetime.now(UTC)
    # Judge each file by its time: two backups taken in the same second share one, and a
    # mapping from time to file would hide one of them from rotation for ever.
    keep = backups_to_keep(
        {entry.taken_at.astimezone() for entry in routine}, now.astimezone().date()
    )
    kept_copies = safety_copies_to_keep(
        ((e.path, e.kind.value, e.taken_at) for e in entries if e.kind is not BackupKind.ROUTINE),
        now,
    )
    removed = []
    for entry in entries:
        if entry.kind is BackupKind.ROUTINE:
            if entry.taken_at.astimezone() in keep:
                continue
        elif entry.path in kept_copies:
            continue
        try:
            entry.path.unlink()
        except OSError:
            continue
        removed.append(entry.path)
    return removed


def newest_verified(*folders: Path, skip: Iterable[Path] = ()) -> BackupSummary | None:
    """The newest backup in ``folders`` that passes verification, if any."""
    skipped = {path.resolve() for path in skip}
    for entry in list_backups(*folders):
        if entry.path.resolve() in skipped:
            continue
        try:
            return verify(entry.path)
        except StorageError:
            continue
    return None


def changed_since(database: Path, when: datetime | None) -> bool:
    """Whether the data file (or its WAL) was written after ``when`` (None: never backed up).

    An empty WAL does not count: SQLite creates one, empty, for a mere reader."""
    latest = 0.0
    for path in (database, database.with_name(database.name + "-wal")):
        try:
            status = path.stat()
        except OSError:
            continue
        if status.st_size:
            latest = max(latest, status.st_mtime)
    if not latest:
        return False
    return when is None or latest > when.timestamp()


# --- restore --------------------------------------------------------------------------------


def set_aside(database: Path, now: datetime | None = None) -> Path:
    """Rename a damaged data file (and its -wal/-shm) aside, untouched; never overwrites."""
    target = _free_name(database.parent, f"coachdesk-damaged-{_stamp(now)}")
    for suffix in ("-wal", "-shm", "-journal"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(database, target)
    files.fsync_folder(database.parent)
    return target


def _leave_wal(database: Path) -> None:
    """Fold the WAL into the data file and switch it to rollback mode, so no ``-wal`` file
    is left to be replayed onto the file that replaces it.  Needs the only connection."""
    with translated(database), closing(sqlite3.connect(database, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise StorageError(Problem.LOCKED, message_for(Problem.LOCKED, database))
    database.with_name(database.name + "-shm").unlink(missing_ok=True)


def clear_leftovers(database: Path) -> None:
    """Remove the temporary file of a restore that was cut short, with its ``-wal``/``-shm``
    (the data file itself is whole either way), unless a restore still writes it."""
    remove_abandoned(database.with_name(database.name + RESTORING_SUFFIX), COMPANIONS)


def restore(source: Path, database: Path, backup_folder: Path) -> RestoreResult:
    """Replace the data file with the backup ``source``; see the module notes.

    Older schemas are migrated when the file is next opened (``open_database``)."""
    if database.exists() and source.resolve() == database.resolve():
        raise StorageError(Problem.CANNOT_OPEN, "That file is the data file itself.")
    summary = verify(source)
    clear_leftovers(database)
    safety_copy = aside = None
    damaged = False
    if database.exists() and database.stat().st_size > 0:
        try:
            files.inspect_file(database)
            safety_copy = make_backup(database, backup_folder, BackupKind.BEFORE_RESTORE).path
        except StorageError as exc:
            if exc.problem not in (Problem.CORRUPT, Problem.NOT_A_DATABASE, Problem.NOT_COACHDESK):
                raise
            damaged = True
        if damaged:
            aside = set_aside(database)
        else:
            try:
                _leave_wal(database)
            except BaseException:
                # Refused (the file is in use): nothing was restored, so no safety copy.
                if safety_copy is not None:
                    safety_copy.unlink(missing_ok=True)
                raise
    restoring = database.with_name(database.name + RESTORING_SUFFIX)
    held = None
    try:
        held = create_partial(restoring)
        files.sqlite_backup(source, restoring)
        files.fsync_file(restoring)
        if os.name == "nt":  # Windows renames no file held open
            _close(held)
            held = None
        os.replace(restoring, database)
        files.fsync_folder(database.parent)
    except BaseException as exc:
        _close(held)
        held = None
        remove_partial(restoring, COMPANIONS)
        if aside is None and safety_copy is not None:
            # Nothing was restored: the data file is as it was, so its copy is no use.
            safety_copy.unlink(missing_ok=True)
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise _failure(source, database.parent, exc, "data folder") from exc
        raise
    finally:
        _close(held)
    rotate(backup_folder)
    return RestoreResult(summary, safety_copy, aside)


# --- health check ---------------------------------------------------------------------------


def _foreign_key_problems(connection: sqlite3.Connection) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _index in connection.execute("PRAGMA foreign_key_check"):
        counts[(table, parent)] = counts.get((table, parent), 0) + 1
    return [
        f"{count} row(s) in {table} point to {parent} that no longer exist."
        for (table, parent), count in sorted(counts.items())
    ]


DAMAGED = (Problem.CORRUPT, Problem.NOT_A_DATABASE)


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
    except sqlite3.DatabaseError as exc:
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
    except UnicodeDecodeError as exc:  # SQLite's message quotes schema bytes that are not UTF-8
        structure = [str(exc)]
        links = []
    except sqlite3.DatabaseError as exc:
        error = storage_error_from(exc, database)
        if error is not None and error.problem not in (Problem.CORRUPT, Problem.NOT_A_DATABASE):
            return CheckReport(False, (error.message,))
        structure = [str(exc)]
        links = []
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
    return CheckReport(not problems, tuple(problems))
