"""A backup killed half-way leaves a .partial file; the next backup clears it once it is
clearly abandoned, and never touches one that may still be written."""

from __future__ import annotations

import os
import time

from coachdesk.storage.backups import STALE_PARTIAL_AGE_S, list_backups, make_backup


def test_the_next_backup_clears_abandoned_partial_files_only(db, app_paths):
    folder = app_paths.backup_dir
    folder.mkdir(exist_ok=True)
    abandoned = folder / "coachdesk-backup-20260101-090000.sqlite3.partial"
    in_progress = folder / "coachdesk-backup-20260101-100000.sqlite3.partial"
    for path in (abandoned, in_progress):
        path.write_bytes(b"half a backup")
    old = time.time() - STALE_PARTIAL_AGE_S - 60
    os.utime(abandoned, (old, old))
    made = make_backup(db.path, folder)
    assert not abandoned.exists()
    assert in_progress.exists()
    assert [entry.path for entry in list_backups(folder)] == [made.path]
