"""Making backups: a verified backup of the data file (``make_backup``), a verified copy of
one in a second folder (``copy_backup``), and the routine backup that does both
(``routine_backup``).

A backup is made with SQLite's online backup API (never a plain file copy: in WAL mode
recent commits may live only in the ``-wal`` file) into ``<name>.partial``, then fsynced
and verified at the same time (integrity check, split over the machine's cores, and it
must open as a CoachDesk database at a schema this version knows), then renamed into place
and the folder fsynced.  A failure removes the partial file (and the ``-wal``/``-shm``
SQLite may have made beside it) and never touches an older backup.  A backup that was
killed leaves them; the next backup in that folder (and a restore, and a migration)
removes them: a partial file is another backup in progress only while its writer holds it
locked (``private_files``), never judged by its age.

Only the default backup folder, ``backups`` inside the data folder, is created when it is
missing.  A folder the coach chose that is not there (a drive not plugged in, a synced
folder whose app is not running) is reported, never made afresh: a new, local folder in
its place would hold backups the coach believes are elsewhere.

A safety copy (before a migration or a restore) identical to an older one of the same kind
(a restore or a migration that was killed, then tried again) makes that older one go.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coachdesk.storage import encrypted_files, files
from coachdesk.storage.backups.failures import (
    folder_message,
    missing_folder_message,
    write_failure,
)
from coachdesk.storage.backups.listing import list_backups, rotate
from coachdesk.storage.backups.names import (
    COMPANIONS,
    DEFAULT_FOLDER,
    PARTIAL_SUFFIX,
    BackupKind,
    backup_name,
    free_name,
    label,
)
from coachdesk.storage.backups.verification import BackupSummary, verify
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError, message_for
from coachdesk.storage.private_files import (
    clear_abandoned,
    renamed_into_place,
)

Progress = Callable[[float], None]  # the share of the copy done, from 0 to 1


@dataclass(frozen=True)
class BackupOutcome:
    """A routine backup, and its copy in the second folder or why there is none."""

    summary: BackupSummary
    copied_to: Path | None
    copy_warning: str | None


def clear_partials(folder: Path) -> list[Path]:
    """Remove the partial files (with their ``-wal``, ``-shm``, ``-journal``) of backups in
    ``folder`` that were cut short (a crash, a power cut, a kill): those no running process
    holds (see the module notes).  The partial files removed."""
    return clear_abandoned(folder, f"coachdesk-*{PARTIAL_SUFFIX}*", PARTIAL_SUFFIX, COMPANIONS)


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
        raise StorageError(Problem.CANNOT_OPEN, folder_message(folder, exc)) from exc


def _write_verified(
    source: Path, target: Path, write: Callable[[Path], None], failed_check: str
) -> BackupSummary:
    """Write ``target`` as ``.partial`` (owner-only) with ``write``, fsync and verify it, then
    rename it into place and fsync its folder.  On any failure the partial file goes and
    nothing else is touched; ``failed_check`` is the message when the copy fails its check."""
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        with renamed_into_place(partial, target, leftovers=COMPANIONS):
            write(partial)
            with ThreadPoolExecutor(1) as pool:
                # The disk works while SQLite checks.
                synced = pool.submit(files.fsync_file, partial)
                try:
                    summary = verify(partial)
                except StorageError as exc:
                    raise StorageError(Problem.CORRUPT, failed_check) from exc
                synced.result()
    except (OSError, dbapi.Error) as exc:
        raise write_failure(source, target.parent, exc) from exc
    return BackupSummary(target, summary.revision, summary.clients, summary.sessions, summary.size)


def _backed_up(source: Path, partial: Path, progress: Progress | None) -> None:
    """Copy ``source`` into ``partial``; an encrypted source's copy ends with its key
    envelope, so the backup alone opens with the passphrase or the recovery key."""
    files.sqlite_backup(source, partial, progress)
    envelope = encrypted_files.envelope_for(source)
    if envelope is not None:
        encrypted_files.add_trailer(partial, envelope)


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
        lambda partial: _backed_up(source, partial, progress),
        "The backup failed its check (SQLite's integrity check on the copy), so the data "
        "file itself may be damaged: use Check data file. Older backups are untouched.",
    )
    if kind is not BackupKind.ROUTINE:
        _drop_older_twins(summary.path)
    return summary


def _drop_older_twins(copy: Path) -> None:
    """Remove the older safety copies of the same kind as ``copy`` holding exactly the same
    bytes: left by a restore or a migration that was killed and then made again, they
    would pile up and hold nothing ``copy`` does not."""
    import filecmp

    for entry in list_backups(copy.parent):
        path = entry.path
        if path == copy or label(path) != label(copy):
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
    target = free_name(folder, backup.name.removesuffix(".sqlite3"))

    _write_verified(
        backup,
        target,
        lambda partial: shutil.copyfile(backup, partial),
        f"The copy in {folder} failed its check: the drive may be failing. The backup "
        "itself is fine.",
    )
    return target


def routine_backup(
    database: Path, folder: Path, copy_to: Path | None, progress: Progress | None = None
) -> BackupOutcome:
    """One routine backup (Back up now, the automatic ones, the ``backup`` command): made,
    verified and rotated in ``folder``, then copied to the second folder ``copy_to`` (when
    there is one) and rotated there.  A copy that fails is a warning, not a failure: the
    backup itself was made."""
    summary = make_backup(database, folder, progress=progress)
    rotate(folder)
    copied: Path | None = None
    warning: str | None = None
    if copy_to is not None:
        try:
            copied = copy_backup(summary.path, copy_to)
            rotate(copy_to)
        except StorageError as exc:
            warning = exc.message
    return BackupOutcome(summary, copied, warning)
