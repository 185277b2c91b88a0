"""Protecting a practice with a passphrase, and the conversions: protect a plain data
file, change the passphrase, make a new recovery key, remove the protection.

Each conversion of the file (``protect``, ``unprotect``) writes the converted copy beside
the data file with ``sqlcipher_export``, checks it (SQLite's integrity check, and every
row of every table equal to the original's), keeps the original as a safety copy while
the copy is renamed into place and opened there, and only then lets the safety copy go.
A conversion cut short leaves the data file as it was or converted, never half; a
safety copy left behind is removed at the next open (``clear_leftovers``), once the data
file opens.  The caller holds the data folder's lock, and no other connection is open.

Changing the passphrase or the recovery key re-wraps the data key (``keys``): a new
envelope, written whole; the file itself is not touched.
"""

from __future__ import annotations

import os
import shutil
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.storage import encrypted_files, files, keys
from coachdesk.storage.companions import SUFFIXES as COMPANIONS
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.errors import Problem, StorageError, message_for, translated
from coachdesk.storage.private_files import fsync_folder, renamed_into_place


def is_protected(database: Path) -> bool:
    """Whether the data file is encrypted (or, new, is to be created encrypted)."""
    return encrypted_files.envelope_for(database) is not None


def unlock(path: Path, kind: str, secret: str) -> None:
    """Unwrap the key of the data file, or of any encrypted file of ours (a backup, a copy:
    its own envelope), with the passphrase or the recovery key (``kind``), and hold it for
    this process; ``keys.WrongKey`` when ``secret`` is not the one."""
    encrypted_files.hold(keys.unwrap(_envelope(path), kind, secret))


def _envelope(database: Path) -> keys.Envelope:
    envelope = encrypted_files.envelope_for(database)
    if envelope is None:
        raise StorageError(Problem.CANNOT_OPEN, f"{database} is not protected with a passphrase.")
    return envelope


def _held_key(database: Path) -> bytes:
    key = encrypted_files.held_key(_envelope(database).key_id)
    if key is None:
        raise StorageError(Problem.NEEDS_KEY, message_for(Problem.NEEDS_KEY, database))
    return key


def start_protected(database: Path, passphrase: str, now: datetime | None = None) -> str:
    """Make a new practice's data file (not there yet, or empty) one to be created
    encrypted: a new data key, held, and its envelope beside the file.  The recovery key."""
    problem = keys.passphrase_problem(passphrase)
    if problem is not None:
        raise keys.WrongKey(problem)
    if database.exists() and database.stat().st_size > 0:
        raise StorageError(Problem.CANNOT_OPEN, f"{database} already holds data.")
    data_key = keys.new_data_key()
    recovery_key = keys.new_recovery_key()
    envelope = keys.make_envelope(data_key, passphrase, recovery_key, now or datetime.now(UTC))
    encrypted_files.write_sidecar(database, envelope)
    encrypted_files.hold(data_key)
    return recovery_key


def protect(database: Path, passphrase: str, now: datetime | None = None) -> str:
    """Encrypt the plain data file ``database`` with a new data key, opened by
    ``passphrase`` or by the recovery key returned (shown once, printed on the sheet)."""
    problem = keys.passphrase_problem(passphrase)
    if problem is not None:
        raise keys.WrongKey(problem)
    if is_protected(database):
        raise StorageError(Problem.CANNOT_OPEN, "Your data is already protected.")
    data_key = keys.new_data_key()
    recovery_key = keys.new_recovery_key()
    envelope = keys.make_envelope(data_key, passphrase, recovery_key, now or datetime.now(UTC))
    _convert(database, source_key=None, target_key=data_key, envelope=envelope)
    encrypted_files.hold(data_key)
    return recovery_key


def unprotect(database: Path) -> None:
    """Decrypt the data file (its key held): afterwards it is a plain SQLite file."""
    _convert(database, source_key=_held_key(database), target_key=None, envelope=None)


def change_passphrase(database: Path, kind: str, secret: str, new_passphrase: str) -> None:
    """Wrap the data key anew with ``new_passphrase``, proven with the old passphrase or
    the recovery key (``kind``, ``secret``).  The file itself is not re-encrypted."""
    problem = keys.passphrase_problem(new_passphrase)
    if problem is not None:
        raise keys.WrongKey(problem)
    envelope = _envelope(database)
    data_key = keys.unwrap(envelope, kind, secret)
    changed = keys.rewrapped(envelope, data_key, keys.PASSPHRASE, new_passphrase)
    keys.unwrap(changed, keys.PASSPHRASE, new_passphrase)  # proven before it replaces the old
    encrypted_files.write_sidecar(database, changed)


def new_recovery_key(database: Path, kind: str, secret: str, now: datetime | None = None) -> str:
    """A new recovery key for the data file (the old one stops opening it and its future
    backups), proven with the passphrase or the current recovery key."""
    envelope = _envelope(database)
    data_key = keys.unwrap(envelope, kind, secret)
    recovery_key = keys.new_recovery_key()
    made = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    changed = keys.rewrapped(envelope, data_key, keys.RECOVERY, recovery_key, recovery_made=made)
    keys.unwrap(changed, keys.RECOVERY, recovery_key)
    encrypted_files.write_sidecar(database, changed)
    return recovery_key


def _convert(
    database: Path,
    *,
    source_key: bytes | None,
    target_key: bytes | None,
    envelope: keys.Envelope | None,
) -> None:
    """Replace ``database`` by its copy encrypted with ``target_key`` (None: plain),
    checked before and after it is renamed into place; see the module notes."""
    if not database.is_file():
        raise StorageError(Problem.CANNOT_OPEN, message_for(Problem.CANNOT_OPEN, database))
    converting = database.with_name(database.name + files.CONVERTING_SUFFIX)
    safety = database.with_name(database.name + files.SAFETY_SUFFIX)
    with translated(database):
        _leave_wal(database, source_key)
        try:
            with renamed_into_place(converting, database, leftovers=COMPANIONS):
                expected = files.export_copy(database, source_key, converting, target_key)
                files.fsync_file(converting)
                _keep_safety_copy(database, safety)
                if envelope is not None:
                    encrypted_files.write_sidecar(database, envelope)
        except BaseException:
            safety.unlink(missing_ok=True)
            raise
        with closing(open_sqlite(database, key=target_key, read_only=True)) as placed:
            if files.content_digest(placed) != expected:
                raise StorageError(Problem.CORRUPT, message_for(Problem.CORRUPT, database))
    if envelope is None:
        encrypted_files.sidecar(database).unlink(missing_ok=True)
    safety.unlink(missing_ok=True)
    fsync_folder(database.parent)


def _leave_wal(database: Path, key: bytes | None) -> None:
    """Fold the WAL in and switch to rollback mode: the file alone is then the data."""
    with closing(open_sqlite(database, key=key)) as connection:
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise StorageError(Problem.LOCKED, message_for(Problem.LOCKED, database))
    database.with_name(database.name + "-shm").unlink(missing_ok=True)


def _keep_safety_copy(database: Path, safety: Path) -> None:
    """The original under another name (a second link to it where the file system has
    them, else a copy) until the converted file is in place and opens."""
    safety.unlink(missing_ok=True)
    try:
        os.link(database, safety)
    except OSError:
        shutil.copyfile(database, safety)


def export_secrets(database: Path, passphrase: str) -> tuple[str, str | None]:
    """What an encrypted export of the protected practice opens with: ``passphrase``,
    proven to be the practice's (``keys.WrongKey`` otherwise), and the recovery key the
    envelope keeps sealed (None in an envelope made before it kept one)."""
    envelope = _envelope(database)
    data_key = keys.unwrap(envelope, keys.PASSPHRASE, passphrase)
    return passphrase, keys.recovery_key_of(envelope, data_key)


def recovery_made(database: Path) -> datetime:
    """When the data file's recovery key was made."""
    return datetime.fromisoformat(_envelope(database).recovery_made)


def prove_recovery(database: Path, backup_folder: Path, recovery_key: str) -> tuple[Path, int]:
    """The recovery drill: open the newest backup made under the current recovery key
    with ``recovery_key`` alone, read-only, without touching the data file or the held
    keys; the backup and how many clients it holds.  ``keys.WrongKey`` when the key does
    not open it; ``StorageError`` when there is no such backup (make one first)."""
    from coachdesk.storage.backups import list_backups

    current = _envelope(database)
    for entry in list_backups(backup_folder):
        envelope = encrypted_files.envelope_for(entry.path)
        if envelope is None or envelope.key_id != current.key_id:
            continue
        if envelope.slot(keys.RECOVERY) != current.slot(keys.RECOVERY):
            continue  # made under an earlier recovery sheet
        data_key = keys.unwrap(envelope, keys.RECOVERY, recovery_key)
        with (
            translated(entry.path),
            closing(open_sqlite(entry.path, read_only=True, key=data_key)) as connection,
        ):
            clients = connection.execute("SELECT count(*) FROM clients").fetchone()[0]
        return entry.path, int(clients)
    raise StorageError(
        Problem.CANNOT_OPEN,
        "There is no backup made with your current recovery sheet yet: back up first.",
    )
