"""Partial files (a backup's ``.partial`` with its ``-wal``/``-shm``, a restore's
``.restoring``) never outlive their writer: a failure removes them at once, and a writer
that was killed leaves them for the next backup, restore or start to remove, however
young they are.  One a running process still holds is left alone."""

from __future__ import annotations

import errno
import re
import signal
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest

from coachdesk.storage import files
from coachdesk.storage.backups import (
    PARTIAL_SUFFIX,
    RESTORING_SUFFIX,
    failures,
    list_backups,
    make_backup,
)
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError
from tests.helpers import held_by_another_process


def _companions(partial: Path) -> list[Path]:
    return [partial.with_name(partial.name + suffix) for suffix in ("-wal", "-shm")]


def test_the_next_backup_removes_what_a_killed_backup_left_however_young(db, app_paths):
    folder = app_paths.backup_dir
    folder.mkdir(exist_ok=True)
    killed = folder / f"coachdesk-backup-20260101-090000.sqlite3{PARTIAL_SUFFIX}"
    orphans = _companions(folder / f"coachdesk-backup-20260101-080000.sqlite3{PARTIAL_SUFFIX}")
    for path in (killed, *_companions(killed), *orphans):
        path.write_bytes(b"half a backup")  # written a moment ago
    made = make_backup(db.path, folder)
    assert sorted(folder.iterdir()) == [made.path]


def test_a_partial_file_its_writer_still_holds_is_left_alone_until_it_is_killed(db, app_paths):
    folder = app_paths.backup_dir
    folder.mkdir(exist_ok=True)
    in_progress = folder / f"coachdesk-backup-20260101-100000.sqlite3{PARTIAL_SUFFIX}"
    with held_by_another_process(in_progress) as writer:
        first = make_backup(db.path, folder)
        assert in_progress.exists()
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    second = make_backup(db.path, folder)
    assert sorted(folder.iterdir()) == sorted([first.path, second.path])


def test_a_backup_that_fails_after_sqlite_made_a_wal_leaves_nothing(db, app_paths, monkeypatch):
    """The copy is in WAL mode until its last step (the source is): a full disk there used
    to leave ``.partial-wal`` and ``.partial-shm`` behind for ever."""
    folder = app_paths.backup_dir
    older = make_backup(db.path, folder)
    before = older.path.read_bytes()
    real_backup = files.sqlite_backup

    def fills_up(source: Path, target: Path, progress: object = None) -> None:
        real_backup(source, target)
        with closing(dbapi.connect(target)) as copy:
            copy.execute("PRAGMA journal_mode = WAL")
            copy.execute("CREATE TABLE filler (x)")
            copy.execute("INSERT INTO filler VALUES (zeroblob(100000))")
            copy.commit()
            assert all(path.exists() for path in _companions(target))
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "sqlite_backup", fills_up)
    with pytest.raises(StorageError) as raised:
        make_backup(db.path, folder)
    assert sorted(folder.iterdir()) == [older.path]
    assert older.path.read_bytes() == before
    assert raised.value.problem is Problem.DISK_FULL
    message = raised.value.message
    assert re.search(
        rf"The backup folder {re.escape(str(folder))} is full \([\d,.]+ [kM]B free; about "
        r"[\d,.]+ kB needed\)",
        message,
    ), message
    assert "disk or drive error" not in message


def test_sqlite_calling_a_full_disk_an_io_error_is_still_a_full_disk(db, app_paths, monkeypatch):
    """SQLite reports some writes to a full disk as SQLITE_IOERR; with less room than the
    backup needs, the message says the folder is full, not "a disk or drive error"."""
    folder = app_paths.backup_dir
    folder.mkdir(exist_ok=True)

    def io_error(source: Path, target: Path, progress: object = None) -> None:
        error = dbapi.OperationalError("disk I/O error")
        error.sqlite_errorcode = 778  # SQLITE_IOERR_WRITE
        raise error

    monkeypatch.setattr(files, "sqlite_backup", io_error)
    monkeypatch.setattr(
        failures.shutil, "disk_usage", lambda _path: SimpleNamespace(total=10, used=10, free=0)
    )
    with pytest.raises(StorageError) as raised:
        make_backup(db.path, folder)
    assert raised.value.problem is Problem.DISK_FULL
    assert f"The backup folder {folder} is full (0 kB free; about" in raised.value.message
    assert list(folder.iterdir()) == []


def test_a_restore_cut_short_leaves_nothing_the_next_open_does_not_remove(db, app_paths):
    restoring = app_paths.database.with_name(app_paths.database.name + RESTORING_SUFFIX)
    for path in (restoring, *_companions(restoring)):
        path.write_bytes(b"half a restore")
    files.clear_leftovers(app_paths.database)
    assert not any(path.exists() for path in (restoring, *_companions(restoring)))


def test_a_restore_still_being_written_is_not_removed_by_another_open(db, app_paths):
    restoring = app_paths.database.with_name(app_paths.database.name + RESTORING_SUFFIX)
    with held_by_another_process(restoring):
        files.clear_leftovers(app_paths.database)
        assert restoring.exists()
    files.clear_leftovers(app_paths.database)
    assert not restoring.exists()


def test_list_backups_never_shows_partial_files(db, app_paths):
    folder = app_paths.backup_dir
    made = make_backup(db.path, folder)
    (folder / (made.path.name + PARTIAL_SUFFIX + "-wal")).write_bytes(b"x")
    assert [entry.path for entry in list_backups(folder)] == [made.path]
