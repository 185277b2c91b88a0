"""What backup files are called: their kinds, the names that say which kind a file is and
when it was taken, and the suffixes of what a backup or a restore writes first.

* ``coachdesk-backup-YYYYMMDD-HHMMSS.sqlite3``: routine (Backup now, automatic);
* ``coachdesk-before-migration-from-NNNN-YYYYMMDD-HHMMSS.sqlite3``;
* ``coachdesk-before-restore-YYYYMMDD-HHMMSS.sqlite3``: the safety copies.

Times in names are UTC; a second backup in the same second gets ``-2`` (and so on) after
its time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from coachdesk.storage import companions

STAMP_FORMAT = "%Y%m%d-%H%M%S"
PARTIAL_SUFFIX = ".partial"
COMPANIONS = companions.SUFFIXES  # what SQLite may keep beside a partial file
DEFAULT_FOLDER = "backups"  # in the data folder: the only backup folder made when missing
_NAME = re.compile(
    r"^coachdesk-(?P<kind>backup|before-migration-from-\d+|before-restore)-"
    r"(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$"
)


class BackupKind(StrEnum):
    ROUTINE = "backup"
    BEFORE_MIGRATION = "before-migration"
    BEFORE_RESTORE = "before-restore"


def stamp(now: datetime | None) -> str:
    """``now`` (by default the present) as a name's time, in UTC."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)


def free_name(folder: Path, stem: str) -> Path:
    """``<stem>.sqlite3`` in ``folder``, numbered when that file (or its partial file) is
    there already."""
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
    return free_name(folder, f"coachdesk-{label}-{stamp(now)}")


def label(path: Path) -> str | None:
    """What a backup's name says it is ("backup", "before-migration-from-0004" …)."""
    match = _NAME.match(path.name)
    return match["kind"] if match else None


def read_name(path: Path) -> tuple[BackupKind, datetime] | None:
    """The kind and time a backup's name says, or ``None`` for a file that is no backup."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    kind_text = match["kind"]
    kind = (
        BackupKind.BEFORE_MIGRATION
        if kind_text.startswith("before-migration")
        else BackupKind(kind_text)
    )
    return kind, datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
