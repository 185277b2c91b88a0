"""Restoring a backup over the data file (``restore``), and setting a damaged data file
aside untouched (``set_aside``).

A restore verifies the chosen file, saves the current data as a safety copy (or, when it
is damaged, renames it aside untouched), takes the live file out of WAL mode, writes the
new file under a temporary name and renames it over the live one: killed at any moment,
the data file is either the old one or the new one, whole.  A safety copy made for a
restore that did not happen is removed.

A protected practice stays protected, under the same passphrase and recovery sheet:
what a restore brings in is encrypted with the practice's own data key, a plain backup
(made before the protection) as much as one made under another key.  Only a practice
without a held key (a plain one, a new folder) takes the backup's own key, and its
envelope (``encrypted_files``, ``.keys.next``).
"""

from __future__ import annotations

import logging
import os
import shutil
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coachdesk.storage import encrypted_files, files, keys
from coachdesk.storage.backups.failures import write_failure
from coachdesk.storage.backups.listing import rotate
from coachdesk.storage.backups.making import make_backup
from coachdesk.storage.backups.names import (
    COMPANIONS,
    BackupKind,
    free_name,
    stamp,
)
from coachdesk.storage.backups.verification import BackupSummary, verify
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError, message_for, translated
from coachdesk.storage.private_files import (
    fsync_folder,
    renamed_into_place,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupSummary
    safety_copy: Path | None  # the data as it was, kept before the restore
    set_aside: Path | None  # the damaged data file, renamed aside untouched


def set_aside(database: Path, now: datetime | None = None) -> Path:
    """Rename a damaged data file (and its -wal, -shm, -journal) aside, untouched; never
    overwrites."""
    target = free_name(database.parent, f"coachdesk-damaged-{stamp(now)}")
    keys = encrypted_files.sidecar(database)
    if keys.exists():  # the file set aside keeps its key envelope (the data file's stays)
        shutil.copyfile(keys, encrypted_files.sidecar(target))
    for suffix in COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(database, target)
    fsync_folder(database.parent)
    return target


def _leave_wal(database: Path) -> None:
    """Fold the WAL into the data file and switch it to rollback mode, so no ``-wal`` file
    is left to be replayed onto the file that replaces it.  Needs the only connection."""
    with translated(database), closing(open_sqlite(database)) as conn:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise StorageError(Problem.LOCKED, message_for(Problem.LOCKED, database))
    database.with_name(database.name + "-shm").unlink(missing_ok=True)


def _new_envelope(source: Path, database: Path) -> keys.Envelope | None:
    """The envelope an encrypted backup brings for the data file: None when the backup is
    plain (an envelope left beside a plain file is never read), or when the data file's
    envelope already holds the same key (it may hold a newer passphrase)."""
    envelope = encrypted_files.envelope_for(source)
    if envelope is None:
        return None
    try:
        kept = keys.envelope_from_bytes(encrypted_files.sidecar(database).read_bytes())
    except (OSError, keys.DamagedEnvelope):
        kept = None
    return None if kept is not None and kept.key_id == envelope.key_id else envelope


def _practice_key(database: Path) -> bytes | None:
    """The held data key of the protected practice whose data file is ``database`` (even
    one to be created, or set aside as damaged: its envelope stays), or None."""
    try:
        envelope = encrypted_files.envelope_for(database)
    except StorageError:  # its envelope cannot be read: the backup's key, then
        return None
    return None if envelope is None else encrypted_files.held_key(envelope.key_id)


def restore(source: Path, database: Path, backup_folder: Path) -> RestoreResult:
    """Replace the data file with the backup ``source``; see the module notes.

    Older schemas are migrated when the file is next opened (``open_database``)."""
    if database.exists() and source.resolve() == database.resolve():
        raise StorageError(Problem.CANNOT_OPEN, "That file is the data file itself.")
    summary = verify(source)
    practice_key = _practice_key(database)
    files.clear_leftovers(database)
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
    restoring = database.with_name(database.name + files.RESTORING_SUFFIX)
    envelope = None if practice_key else _new_envelope(source, database)
    try:
        with renamed_into_place(restoring, database, leftovers=COMPANIONS):
            if practice_key is None:
                files.sqlite_backup(source, restoring)
            elif encrypted_files.key_for(source) is None:  # a plain backup: encrypted here
                files.export_copy(source, None, restoring, practice_key)
            else:
                files.sqlite_backup(source, restoring, key=practice_key)
            files.fsync_file(restoring)
            if envelope is not None:  # the restored file's envelope, until both are in place
                encrypted_files.write_next(database, restoring, envelope)
    except BaseException as exc:
        # The copy was not renamed in: the envelope it would have needed is no use.
        encrypted_files.next_sidecar(database).unlink(missing_ok=True)
        if aside is None and safety_copy is not None:
            # Nothing was restored: the data file is as it was, so its copy is no use.
            safety_copy.unlink(missing_ok=True)
        if isinstance(exc, (OSError, dbapi.Error)):
            raise write_failure(source, database.parent, exc, "data folder") from exc
        raise
    try:
        encrypted_files.settle_next(database)
    except OSError as exc:  # the envelope is read from .keys.next until the next open
        logger.warning("the restored file's key envelope stays in .keys.next for now: %s", exc)
    rotate(backup_folder)
    return RestoreResult(summary, safety_copy, aside)
