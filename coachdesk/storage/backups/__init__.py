"""Backups, restore and the health check of the data file (standard library only).

This package's face: its public names, from where they live.

- ``making``: ``make_backup`` writes a verified backup (SQLite's online backup API into a
  partial file, fsynced and verified, then renamed into place); ``copy_backup`` copies one,
  verified, into a second folder; ``routine_backup`` does both and rotates each folder
  (Back up now, the automatic backups, the ``backup`` command); ``clear_partials`` removes
  what backups that were killed left.
- ``listing``: ``list_backups`` and ``latest_backup`` read a folder by the files' names,
  ``newest_verified`` finds the newest whole one, ``rotate`` thins each kind by its rule,
  ``changed_since`` says whether the data file was written since.
- ``restoring``: ``restore`` replaces the data file with a backup, killed at any moment
  leaving the old file or the new one, whole; ``set_aside`` renames a damaged file aside.
- ``health``: ``diagnose`` is the start-up check (``DAMAGED``: a restore is offered);
  ``check_database`` is Check data file.
- ``verification``: ``verify`` says whether a file is a whole CoachDesk backup; ``peek``
  what one holds, unchecked.
- ``names``: the kinds of backup and their file names; ``failures``: the messages of a
  backup that could not be written (a folder not there, a full disk …).

A backup that fails leaves no file that looks like a backup and never touches an older
one.  ``CHECK_WORKERS``, how many connections the integrity check uses, is read where it is
used: ``verification``.
"""

from coachdesk.storage.backups.health import (
    DAMAGED,
    CheckReport,
    check_database,
    diagnose,
    emptied_error,
)
from coachdesk.storage.backups.listing import (
    BackupEntry,
    changed_since,
    latest_backup,
    list_backups,
    newest_verified,
    rotate,
)
from coachdesk.storage.backups.making import (
    BackupOutcome,
    Progress,
    clear_partials,
    copy_backup,
    make_backup,
    routine_backup,
)
from coachdesk.storage.backups.names import (
    DEFAULT_FOLDER,
    PARTIAL_SUFFIX,
    BackupKind,
)
from coachdesk.storage.backups.restoring import RestoreResult, restore, set_aside
from coachdesk.storage.backups.verification import LOCKED, BackupSummary, peek, verify
from coachdesk.storage.files import RESTORING_SUFFIX

__all__ = [
    "DAMAGED",
    "DEFAULT_FOLDER",
    "LOCKED",
    "PARTIAL_SUFFIX",
    "RESTORING_SUFFIX",
    "BackupEntry",
    "BackupKind",
    "BackupOutcome",
    "BackupSummary",
    "CheckReport",
    "Progress",
    "RestoreResult",
    "changed_since",
    "check_database",
    "clear_partials",
    "copy_backup",
    "diagnose",
    "emptied_error",
    "latest_backup",
    "list_backups",
    "make_backup",
    "newest_verified",
    "peek",
    "restore",
    "rotate",
    "routine_backup",
    "set_aside",
    "verify",
]
