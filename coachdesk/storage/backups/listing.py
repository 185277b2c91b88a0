"""The backups in a folder: listed by their names (never opened), the latest, the newest
that passes verification, and their rotation; and whether the data file changed since a
backup.

Each kind of backup is thinned by its own rule, by ``rotate`` after every backup, restore
and migration: routine backups by ``domain.backups.backups_to_keep``, the safety copies
made before a migration or a restore by ``domain.backups.safety_copies_to_keep`` (the
newest three of each kind, and any from the last 30 days).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.domain.backups import backups_to_keep, safety_copies_to_keep
from coachdesk.storage.backups.names import BackupKind, read_name
from coachdesk.storage.backups.verification import BackupSummary, verify
from coachdesk.storage.errors import StorageError


@dataclass(frozen=True)
class BackupEntry:
    """A backup file found in a folder (not opened)."""

    path: Path
    kind: BackupKind
    taken_at: datetime
    size: int


def list_backups(*folders: Path) -> list[BackupEntry]:
    """The backups in ``folders`` (by name), newest first; partial files are not backups."""
    entries: list[BackupEntry] = []
    for folder in folders:
        try:
            names = sorted(folder.iterdir())
        except OSError:
            continue
        for path in names:
            named = read_name(path)
            if named is None:
                continue
            kind, taken_at = named
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
    """Delete the backups in ``folder`` that rotation no longer keeps; return them (see the
    module notes)."""
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
