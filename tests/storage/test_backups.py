"""Verified backups, rotation on disk, copies, restore, and the health checks of the data file."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coachdesk.demo import generate_demo
from coachdesk.domain.clients import ClientData
from coachdesk.paths import AppPaths
from coachdesk.storage import backups, files
from coachdesk.storage.backups import (
    BackupKind,
    changed_since,
    check_database,
    copy_backup,
    diagnose,
    latest_backup,
    list_backups,
    make_backup,
    newest_verified,
    restore,
    rotate,
    set_aside,
    verification,
    verify,
)
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError
from coachdesk.storage.files import FileState, head_revision, inspect_file
from tests.dumps import dump
from tests.storage.test_database import make_database_at

NOW = datetime(2026, 3, 18, 13, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(path: Path) -> list[str]:
    with dbapi.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT name FROM clients ORDER BY name").fetchall()
    conn.close()
    return [row[0] for row in rows]


def counts(path: Path) -> tuple[int, int]:
    with dbapi.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as conn:
        clients = conn.execute("SELECT count(*) FROM clients").fetchone()[0]
        sessions = conn.execute("SELECT count(*) FROM coaching_sessions").fetchone()[0]
    conn.close()
    return clients, sessions


def add_client(path: Path, name: str) -> None:
    db = open_database(path)
    try:
        create_client(db, ClientData(name=name))
    finally:
        db.close()


def zero_root_page(path: Path, table: str) -> None:
    """Overwrite the first page of ``table`` with zeros, as a failing disk might."""
    with dbapi.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * page_size)
        handle.write(bytes(page_size))


def desync_index(path: Path, index: str, table: str) -> None:
    """Change a row of ``table`` behind ``index``'s back, as a bug or a failing disk might: the
    file stays well-formed, only the index no longer matches its rows."""
    with closing(dbapi.connect(path, isolation_level=None)) as conn:
        entry = conn.execute(
            "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master WHERE name = ?",
            (index,),
        ).fetchone()
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("DELETE FROM sqlite_master WHERE name = ?", (index,))
    with closing(dbapi.connect(path, isolation_level=None)) as conn:
        conn.execute(f"UPDATE {table} SET start = '1999-01-01 00:00:00.000000' WHERE id = 1")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("INSERT INTO sqlite_master VALUES (?, ?, ?, ?, ?)", entry)


def add_keys_out_of_order(path: Path) -> None:
    """A WITHOUT ROWID table whose two keys trade places on disk: no index of its own, and
    only the table's own key order says something is wrong."""
    with closing(dbapi.connect(path, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE keyed (k TEXT PRIMARY KEY, v) WITHOUT ROWID")
        conn.execute("INSERT INTO keyed VALUES ('key_aaa', 1), ('key_bbb', 2)")
    data = path.read_bytes()
    assert data.count(b"key_aaa") == data.count(b"key_bbb") == 1
    swapped = data.replace(b"key_aaa", b"key_tmp").replace(b"key_bbb", b"key_aaa")
    path.write_bytes(swapped.replace(b"key_tmp", b"key_bbb"))


def add_unused_page(path: Path) -> None:
    """One more page that no table, index or freelist owns."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = int.from_bytes(data[28:32], "big")
    data[28:32] = (pages + 1).to_bytes(4, "big")
    path.write_bytes(bytes(data) + bytes(page_size))


def pragma(path: Path, check: str) -> list[str]:
    with closing(dbapi.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as conn:
        return [row[0] for row in conn.execute(f"PRAGMA {check}")]


@pytest.fixture
def live(app_paths: AppPaths) -> Path:
    """The data file with the demo practice in it, closed."""
    db = open_database(app_paths.database, app_paths.backup_dir)
    generate_demo(db, "demo", seed=1)
    db.close()
    return app_paths.database


def chosen(folder: Path) -> Path:
    """``folder``, made: a backup folder the coach chose must be there already."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A backup folder the coach chose (not the default one in the data folder)."""
    chosen = tmp_path / "backups"
    chosen.mkdir()
    return chosen


@pytest.fixture
def utc_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rotation counts days in the local zone: pin it so the dates below mean one thing."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- make_backup ----------------------------------------------------------------------------


def test_a_routine_backup_is_named_by_its_utc_time_and_holds_the_data(live, folder):
    when = datetime(2026, 3, 18, 9, 30, 15, tzinfo=timezone(timedelta(hours=2)))
    summary = make_backup(live, folder, now=when)
    assert summary.path == folder / "coachdesk-backup-20260318-073015.sqlite3"
    assert (summary.clients, summary.sessions) == counts(live)
    assert summary.clients > 0 and summary.sessions > 0
    assert summary.revision == head_revision()
    assert summary.size == summary.path.stat().st_size
    assert dump(summary.path) == dump(live)
    assert [p.name for p in folder.iterdir()] == [summary.path.name]


def test_safety_copies_are_named_for_what_they_are(live, folder):
    migration = make_backup(live, folder, BackupKind.BEFORE_MIGRATION, revision="0003", now=NOW)
    before_restore = make_backup(live, folder, BackupKind.BEFORE_RESTORE, now=NOW)
    assert migration.path.name == "coachdesk-before-migration-from-0003-20260318-130000.sqlite3"
    assert before_restore.path.name == "coachdesk-before-restore-20260318-130000.sqlite3"
    kinds = {entry.path.name: entry.kind for entry in list_backups(folder)}
    assert kinds == {
        migration.path.name: BackupKind.BEFORE_MIGRATION,
        before_restore.path.name: BackupKind.BEFORE_RESTORE,
    }


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_readable_by_the_owner_only(live, app_paths, folder):
    summary = make_backup(live, folder)
    assert summary.path.stat().st_mode & 0o777 == 0o600
    default = make_backup(live, app_paths.backup_dir)  # the folder is made for it
    assert default.path.stat().st_mode & 0o777 == 0o600
    assert app_paths.backup_dir.stat().st_mode & 0o777 == 0o700


def test_two_backups_in_the_same_second_get_distinct_names(live, folder):
    first = make_backup(live, folder, now=NOW)
    add_client(live, "Zoë Second")
    second = make_backup(live, folder, now=NOW)
    assert first.path != second.path
    assert second.path.name == "coachdesk-backup-20260318-130000-2.sqlite3"
    assert "Zoë Second" not in names(first.path)
    assert "Zoë Second" in names(second.path)
    assert {entry.path for entry in list_backups(folder)} == {first.path, second.path}


@pytest.fixture
def disk_events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Each fsync of a file and each rename, in order, by file name."""
    events: list[tuple[str, str]] = []
    fsync, replace = files.fsync_file, os.replace

    def fsync_file(path: Path) -> None:
        fsync(path)
        events.append(("fsync", path.name))

    def rename(source: str | Path, target: str | Path) -> None:
        replace(source, target)
        events.append(("rename", Path(source).name))

    monkeypatch.setattr(files, "fsync_file", fsync_file)
    monkeypatch.setattr(os, "replace", rename)
    return events


def test_a_backup_is_on_the_disk_before_it_takes_its_name(live, folder, disk_events):
    summary = make_backup(live, folder)
    partial = summary.path.name + ".partial"
    assert disk_events == [("fsync", partial), ("rename", partial)]


def test_the_copy_holds_commits_still_in_the_wal_and_needs_no_wal_of_its_own(live, folder):
    db = open_database(live)
    try:
        create_client(db, ClientData(name="Only In The Wal"))
        wal = live.with_name(live.name + "-wal")
        assert wal.stat().st_size > 0  # the commit is in the WAL, not yet in the main file
        plain = folder.parent / "plain-copy.sqlite3"
        shutil.copyfile(live, plain)
        assert "Only In The Wal" not in names(plain)  # why a plain file copy is not a backup
        summary = make_backup(live, folder)
    finally:
        db.close()
    assert summary.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL
    assert not summary.path.with_name(summary.path.name + "-wal").exists()
    alone = folder.parent / "alone" / "copy.sqlite3"
    alone.parent.mkdir()
    shutil.copyfile(summary.path, alone)  # the backup file by itself, nothing beside it
    assert "Only In The Wal" in names(alone)
    with dbapi.connect(alone) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_progress_is_reported_up_to_done(live, folder, monkeypatch):
    monkeypatch.setattr(files, "BACKUP_STEP_PAGES", 4)  # many steps for a small file
    seen: list[float] = []
    make_backup(live, folder, progress=seen.append)
    assert len(seen) > 2
    assert seen == sorted(seen)
    assert all(0.0 <= value <= 1.0 for value in seen)
    assert seen[-1] == 1.0


def test_backing_up_a_missing_data_file_is_a_plain_error(app_paths, folder):
    with pytest.raises(StorageError) as caught:
        make_backup(app_paths.database, folder)
    assert caught.value.problem is Problem.CANNOT_OPEN
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_damaged_data_file_gives_no_backup(live, folder):
    good = make_backup(live, folder, now=NOW - timedelta(days=1))
    before = digest(good.path)
    zero_root_page(live, "coaching_sessions")
    with pytest.raises(StorageError) as caught:
        make_backup(live, folder, now=NOW)
    assert caught.value.problem is Problem.CORRUPT
    assert "Older backups are untouched" in caught.value.message
    assert [p.name for p in folder.iterdir()] == [good.path.name]
    assert digest(good.path) == before


# --- verify ---------------------------------------------------------------------------------


def test_verify_accepts_a_backup_and_counts_what_it_holds(live, folder):
    summary = make_backup(live, folder)
    checked = verify(summary.path)
    assert checked == summary


def test_verify_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "holiday.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 a photo, not a database" * 100)
    with pytest.raises(StorageError) as caught:
        verify(path)
    assert caught.value.problem is Problem.NOT_A_DATABASE
    assert caught.value.message == (
        "holiday.jpg is not a CoachDesk backup: it is not a database file."
    )


def test_verify_refuses_an_empty_file(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(StorageError) as caught:
        verify(path)
    assert caught.value.problem is Problem.NOT_A_DATABASE
    assert "not a database file" in caught.value.message


def test_verify_refuses_a_missing_file(tmp_path):
    with pytest.raises(StorageError) as caught:
        verify(tmp_path / "gone.sqlite3")
    assert caught.value.problem is Problem.CANNOT_OPEN
    assert "gone.sqlite3 cannot be read" in caught.value.message


def test_verify_refuses_another_programs_database(tmp_path):
    path = tmp_path / "recipes.sqlite3"
    with dbapi.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()
    with pytest.raises(StorageError) as caught:
        verify(path)
    assert caught.value.problem is Problem.NOT_COACHDESK
    assert caught.value.message == "recipes.sqlite3 is a database, but not a CoachDesk one."


def test_verify_refuses_a_backup_from_a_newer_coachdesk(live, folder):
    summary = make_backup(live, folder)
    with dbapi.connect(summary.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    with pytest.raises(StorageError) as caught:
        verify(summary.path)
    assert caught.value.problem is Problem.TOO_NEW
    assert "made by a newer version of CoachDesk" in caught.value.message


def test_verify_refuses_a_backup_with_a_zeroed_page(live, folder):
    summary = make_backup(live, folder)
    zero_root_page(summary.path, "clients")
    with pytest.raises(StorageError) as caught:
        verify(summary.path)
    assert caught.value.problem is Problem.CORRUPT
    assert caught.value.message.startswith(f"{summary.path.name} is damaged and cannot be used")


@pytest.mark.parametrize("workers", [1, 2])
def test_verify_refuses_a_backup_whose_index_no_longer_matches_its_rows(
    live, folder, monkeypatch, workers
):
    monkeypatch.setattr(verification, "CHECK_WORKERS", workers)
    summary = make_backup(live, folder)
    desync_index(summary.path, "ix_coaching_sessions_start", "coaching_sessions")
    assert pragma(summary.path, "quick_check") == ["ok"]  # only the index check sees it
    with pytest.raises(StorageError) as caught:
        verify(summary.path)
    assert caught.value.problem is Problem.CORRUPT


@pytest.mark.parametrize("workers", [1, 2])
def test_verify_refuses_a_backup_whose_keyed_table_is_out_of_order(
    live, folder, monkeypatch, workers
):
    monkeypatch.setattr(verification, "CHECK_WORKERS", workers)
    summary = make_backup(live, folder)
    add_keys_out_of_order(summary.path)
    assert pragma(summary.path, "quick_check") == ["ok"]  # only the table's own check sees it
    with pytest.raises(StorageError) as caught:
        verify(summary.path)
    assert caught.value.problem is Problem.CORRUPT


@pytest.mark.parametrize("workers", [1, 2])
def test_verify_refuses_a_backup_with_a_page_nothing_owns(live, folder, monkeypatch, workers):
    monkeypatch.setattr(verification, "CHECK_WORKERS", workers)
    summary = make_backup(live, folder)
    add_unused_page(summary.path)
    with closing(dbapi.connect(summary.path)) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
    checks = {
        check for table in tables for check in pragma(summary.path, f"integrity_check('{table}')")
    }
    assert checks == {"ok"}  # each table checks out alone: only the whole-file check sees it
    with pytest.raises(StorageError) as caught:
        verify(summary.path)
    assert caught.value.problem is Problem.CORRUPT


def test_verify_refuses_a_truncated_backup(live, folder):
    summary = make_backup(live, folder)
    data = summary.path.read_bytes()
    summary.path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StorageError) as caught:
        verify(summary.path)
    assert caught.value.problem is Problem.CORRUPT
    assert "is damaged" in caught.value.message


# --- listing and rotation -------------------------------------------------------------------


def test_list_backups_ignores_partial_and_unrelated_files(live, folder, tmp_path):
    older = make_backup(live, folder, now=NOW - timedelta(days=2))
    newer = make_backup(live, folder, now=NOW)
    for name in (
        "coachdesk-backup-20260319-080000.sqlite3.partial",  # a backup being written
        "coachdesk-backup-20260319-080000.sqlite3-journal",
        "coachdesk-backup-2026.sqlite3",
        "coachdesk-damaged-20260319-080000.sqlite3",
        "coachdesk.sqlite3",
        "notes.txt",
    ):
        (folder / name).write_text("not a backup")
    elsewhere = make_backup(live, chosen(tmp_path / "usb"), now=NOW - timedelta(days=1))
    entries = list_backups(folder, tmp_path / "usb", tmp_path / "not-plugged-in")
    assert [entry.path for entry in entries] == [newer.path, elsewhere.path, older.path]
    assert entries[0].taken_at == NOW
    assert entries[0].kind is BackupKind.ROUTINE
    assert entries[0].size == newer.path.stat().st_size
    assert latest_backup(folder) == entries[0]
    assert latest_backup(tmp_path / "not-plugged-in") is None


def test_newest_verified_skips_a_damaged_newest_backup(live, folder):
    good = make_backup(live, folder, now=NOW - timedelta(days=1))
    bad = make_backup(live, folder, now=NOW)
    zero_root_page(bad.path, "clients")
    assert newest_verified(folder) == verify(good.path)
    assert newest_verified(folder, skip=[good.path]) is None


def day_at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.mark.usefixtures("utc_zone")
def test_rotate_removes_only_the_routine_backups_rotation_lets_go(app_paths, folder):
    open_database(app_paths.database).close()  # a small file: this test makes many backups
    source = app_paths.database
    migration = make_backup(
        source,
        folder,
        BackupKind.BEFORE_MIGRATION,
        revision="0003",
        now=day_at_noon(date(2025, 6, 1)),
    )
    safety = make_backup(
        source, folder, BackupKind.BEFORE_RESTORE, now=day_at_noon(date(2025, 7, 1))
    )
    first = date(2026, 1, 1)
    routine = {
        day: make_backup(source, folder, now=day_at_noon(day)).path
        for day in (first + timedelta(days=n) for n in range((NOW.date() - first).days + 1))
    }
    (folder / "notes.txt").write_text("mine")

    removed = rotate(folder, now=NOW)

    kept_days = {
        date(2026, 3, 18),  # today
        *(date(2026, 3, day) for day in range(6, 18)),  # the 12 days before
        *(date(2026, 3, 1) - timedelta(weeks=n) for n in range(9)),  # Sundays: weeks 9 to 1
        date(2026, 2, 28),  # the newest of February (its week was kept by March 1st)
        date(2026, 1, 31),  # the newest of January
    }
    assert len(kept_days) == 24
    assert sorted(removed) == sorted(path for day, path in routine.items() if day not in kept_days)
    left = {entry.path for entry in list_backups(folder)}
    assert left == {routine[day] for day in kept_days} | {migration.path, safety.path}
    assert (folder / "notes.txt").read_text() == "mine"
    assert rotate(folder, now=NOW) == []  # rotating again lets nothing more go


@pytest.mark.usefixtures("utc_zone")
def test_rotate_keeps_the_newest_three_safety_copies_of_each_kind_and_the_last_30_days(
    app_paths, folder
):
    source = app_paths.database
    open_database(source).close()
    before_restore = {}
    for days in (100, 80, 60, 45, 29, 20, 10, 1):
        add_client(source, f"Client of {days} days ago")  # each copy holds something new
        made = make_backup(source, folder, BackupKind.BEFORE_RESTORE, now=NOW - timedelta(days))
        before_restore[days] = made.path
    migration = make_backup(
        source,
        folder,
        BackupKind.BEFORE_MIGRATION,
        revision="0001",
        now=datetime(2018, 1, 1, tzinfo=UTC),
    ).path
    removed = rotate(folder, now=NOW)
    assert sorted(removed) == sorted(before_restore[days] for days in (100, 80, 60, 45))
    assert sorted(entry.path for entry in list_backups(folder)) == sorted(
        [migration, *(before_restore[days] for days in (29, 20, 10, 1))]
    )
    assert rotate(folder, now=NOW + timedelta(days=365)) == [before_restore[29]]


def test_a_safety_copy_identical_to_a_newer_one_of_its_kind_goes(app_paths, folder):
    """A migration killed and tried again copies the same, unchanged file each time: only
    the newest copy is kept; a copy of another kind, or with other contents, stays."""
    source = app_paths.database
    open_database(source).close()
    first = make_backup(source, folder, BackupKind.BEFORE_MIGRATION, revision="0001", now=NOW)
    restore = make_backup(source, folder, BackupKind.BEFORE_RESTORE, now=NOW)
    again = make_backup(source, folder, BackupKind.BEFORE_MIGRATION, revision="0001")
    assert not first.path.exists()
    add_client(source, "Zoë Changed")
    changed = make_backup(source, folder, BackupKind.BEFORE_MIGRATION, revision="0001")
    assert sorted(entry.path for entry in list_backups(folder)) == sorted(
        [restore.path, again.path, changed.path]
    )


@pytest.mark.usefixtures("utc_zone")
def test_rotate_lets_go_of_both_backups_taken_in_the_same_old_second(app_paths, folder):
    source = app_paths.database
    open_database(source).close()
    twins = [make_backup(source, folder, now=day_at_noon(date(2022, 1, 1))).path for _ in "ab"]
    assert twins[0] != twins[1]
    # One backup a month since: enough to fill every daily, weekly and monthly slot.
    months = [date(2022 + n // 12, n % 12 + 1, 1) for n in range(1, 51)]
    newer = [make_backup(source, folder, now=day_at_noon(day)).path for day in months]
    removed = rotate(folder, now=NOW)
    assert set(twins) <= set(removed)
    assert not any(path.exists() for path in twins)
    assert {entry.path for entry in list_backups(folder)} == set(newer[-34:])


# --- copy to a second folder ----------------------------------------------------------------


def test_copy_to_a_missing_folder_is_a_gentle_error(live, folder, tmp_path):
    summary = make_backup(live, folder)
    stick = tmp_path / "USB-STICK" / "CoachDesk"
    with pytest.raises(StorageError) as caught:
        copy_backup(summary.path, stick)
    assert caught.value.problem is Problem.CANNOT_OPEN
    assert "is not available (is the drive plugged in?)" in caught.value.message
    assert "The backup itself was made." in caught.value.message
    assert not stick.exists()
    assert verify(summary.path) == summary


def test_copy_to_an_existing_folder_leaves_a_verified_private_copy(live, folder, tmp_path):
    summary = make_backup(live, folder)
    stick = tmp_path / "stick"
    stick.mkdir()
    copied = copy_backup(summary.path, stick)
    assert copied == stick / summary.path.name
    assert verify(copied).clients == summary.clients
    assert digest(copied) == digest(summary.path)
    assert [p.name for p in stick.iterdir()] == [copied.name]  # no .partial left
    if os.name == "posix":
        assert copied.stat().st_mode & 0o777 == 0o600
    again = copy_backup(summary.path, stick)  # never overwrites an earlier copy
    assert again != copied and again.exists() and copied.exists()


def test_copying_a_damaged_backup_leaves_nothing_in_the_second_folder(live, folder, tmp_path):
    summary = make_backup(live, folder)
    zero_root_page(summary.path, "clients")
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(StorageError):
        copy_backup(summary.path, stick)
    assert list(stick.iterdir()) == []


# --- changed since the last backup ----------------------------------------------------------


def test_changed_since(live, tmp_path):
    stamp = datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp()
    os.utime(live, (stamp, stamp))
    assert changed_since(live, None)
    assert changed_since(live, datetime(2026, 3, 1, 11, 59, tzinfo=UTC))
    assert not changed_since(live, datetime(2026, 3, 1, 12, 0, 1, tzinfo=UTC))
    wal = live.with_name(live.name + "-wal")
    wal.write_bytes(bytes(4096))
    later = stamp + 3600
    os.utime(wal, (later, later))
    assert changed_since(live, datetime(2026, 3, 1, 12, 30, tzinfo=UTC))  # a commit in the WAL
    assert not changed_since(live, datetime(2026, 3, 1, 13, 0, 1, tzinfo=UTC))
    assert not changed_since(tmp_path / "nothing-here.sqlite3", None)


def test_an_empty_wal_left_by_a_reader_is_not_a_change(live):
    stamp = datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp()
    os.utime(live, (stamp, stamp))
    make_backup(live, live.parent / "backups")  # a reader: SQLite may leave an empty -wal
    wal = live.with_name(live.name + "-wal")
    wal.write_bytes(b"")
    os.utime(wal, (stamp + 3600, stamp + 3600))
    assert not changed_since(live, datetime(2026, 3, 1, 12, 30, tzinfo=UTC))


# --- restore --------------------------------------------------------------------------------


def test_restored_data_is_on_the_disk_before_it_replaces_the_data_file(
    live, folder, tmp_path, disk_events
):
    backup = make_backup(live, chosen(tmp_path / "elsewhere")).path
    disk_events.clear()
    restore(backup, live, folder)
    restoring = live.name + ".restoring"
    assert disk_events[-2:] == [("fsync", restoring), ("rename", restoring)]


def test_restore_round_trip_gives_back_exactly_the_same_data(live, folder):
    original = dump(live)
    summary = make_backup(live, folder)
    add_client(live, "Added After The Backup")
    assert dump(live) != original

    result = restore(summary.path, live, folder)

    assert dump(live) == original
    assert result.restored == summary
    assert result.set_aside is None
    assert inspect_file(live).state is FileState.CURRENT
    assert not live.with_name(live.name + backups.RESTORING_SUFFIX).exists()
    assert not live.with_name(live.name + "-wal").exists()
    if os.name == "posix":
        assert live.stat().st_mode & 0o777 == 0o600
    db = open_database(live, folder)  # and the app opens it as usual
    db.close()
    assert dump(live) == original


def test_restore_keeps_the_data_as_it_was_in_a_safety_copy(live, folder):
    summary = make_backup(live, folder, now=NOW - timedelta(days=1))
    add_client(live, "Added After The Backup")
    before = dump(live)

    result = restore(summary.path, live, folder)

    assert result.safety_copy is not None
    assert result.safety_copy.name.startswith("coachdesk-before-restore-")
    assert result.safety_copy.parent == folder
    assert verify(result.safety_copy).clients == summary.clients + 1
    assert dump(result.safety_copy) == before
    assert "Added After The Backup" not in names(live)
    kinds = {entry.path: entry.kind for entry in list_backups(folder)}
    assert kinds[result.safety_copy] is BackupKind.BEFORE_RESTORE


def test_a_restore_that_fails_to_write_removes_its_safety_copy_and_partial_file(
    live, folder, monkeypatch
):
    """The data file is as it was: its copy would only pile up (and hold clients erased
    later); nothing the restore began writing is left either."""
    summary = make_backup(live, folder, now=NOW - timedelta(days=1))
    add_client(live, "Added After The Backup")
    before = dump(live)
    real_backup = files.sqlite_backup

    def full_while_restoring(source: Path, target: Path, progress: object = None) -> None:
        if not target.name.endswith(backups.RESTORING_SUFFIX):
            return real_backup(source, target, progress)  # the safety copy: room for it
        real_backup(source, target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "sqlite_backup", full_while_restoring)
    with pytest.raises(StorageError) as raised:
        restore(summary.path, live, folder)
    assert raised.value.problem is Problem.DISK_FULL
    assert dump(live) == before  # the same data (folded out of its WAL)
    assert [entry.path for entry in list_backups(folder)] == [summary.path]
    assert sorted(p.name for p in live.parent.iterdir() if p.name.startswith(live.name)) == [
        live.name
    ]


@pytest.mark.parametrize("kind", ["text", "foreign", "newer", "zeroed", "empty", "missing"])
def test_restore_refuses_an_invalid_file_and_leaves_the_data_file_alone(
    live, folder, tmp_path, kind
):
    source = tmp_path / "chosen.sqlite3"
    if kind == "text":
        source.write_text("Dear diary\n" * 50)
    elif kind == "foreign":
        with dbapi.connect(source) as conn:
            conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.close()
    elif kind == "empty":
        source.touch()
    elif kind != "missing":
        shutil.copyfile(make_backup(live, chosen(tmp_path / "elsewhere")).path, source)
        if kind == "newer":
            with dbapi.connect(source) as conn:
                conn.execute("UPDATE alembic_version SET version_num = '9999'")
            conn.close()
        else:
            zero_root_page(source, "clients")
    before = digest(live)

    with pytest.raises(StorageError) as caught:
        restore(source, live, folder)

    assert "chosen.sqlite3" in caught.value.message
    assert digest(live) == before
    assert not live.with_name(live.name + backups.RESTORING_SUFFIX).exists()
    assert not list(live.parent.glob("coachdesk-damaged-*"))
    assert not folder.exists() or list(folder.iterdir()) == []  # not even a safety copy


def test_restore_refuses_the_data_file_itself(live, folder):
    before = digest(live)
    with pytest.raises(StorageError, match="data file itself"):
        restore(live, live, folder)
    assert digest(live) == before


def test_restoring_an_older_backup_migrates_it_when_opened(live, folder, tmp_path):
    old = tmp_path / "from-the-first-release.sqlite3"
    make_database_at(old, "0001")
    with dbapi.connect(old) as conn:
        conn.execute(
            "INSERT INTO clients (id, name, preferred_name, pronouns, email, phone, organisation,"
            " role, status, private_notes, usual_location, created_at, updated_at)"
            " VALUES (7, 'Dan', '', '', '', '', '', '', 'active', 'notes', '',"
            " '2026-01-01 09:00:00.000000', '2026-01-01 09:00:00.000000')"
        )
    conn.close()
    assert verify(old).revision == "0001"

    restore(old, live, folder)

    assert inspect_file(live).state is FileState.OLDER
    open_database(live, folder).close()
    assert inspect_file(live).state is FileState.CURRENT
    assert names(live) == ["Dan"]
    (before_migration,) = folder.glob("coachdesk-before-migration-from-0001-*.sqlite3")
    assert names(before_migration) == ["Dan"]


def test_restore_over_a_damaged_data_file_sets_it_aside_untouched(live, folder, tmp_path):
    summary = make_backup(live, chosen(tmp_path / "elsewhere"))
    zero_root_page(live, "coaching_sessions")
    damaged = digest(live)

    result = restore(summary.path, live, folder)

    assert result.safety_copy is None
    assert result.set_aside is not None
    assert result.set_aside.parent == live.parent
    assert result.set_aside.name.startswith("coachdesk-damaged-")
    assert digest(result.set_aside) == damaged
    assert verify(live).clients == summary.clients
    assert check_database(live).healthy


def test_restore_over_a_file_that_is_not_a_database_sets_it_aside(live, folder, tmp_path):
    summary = make_backup(live, chosen(tmp_path / "elsewhere"))
    live.write_text("overwritten by a confused sync client")

    result = restore(summary.path, live, folder)

    assert result.set_aside is not None
    assert result.set_aside.read_text() == "overwritten by a confused sync client"
    assert verify(live).clients == summary.clients


def test_set_aside_never_overwrites_an_existing_file(live):
    wal = live.with_name(live.name + "-wal")
    wal.write_bytes(b"wal bytes")
    earlier = live.parent / "coachdesk-damaged-20260318-130000.sqlite3"
    earlier.write_text("set aside earlier")
    content = digest(live)

    target = set_aside(live, now=NOW)

    assert target == live.parent / "coachdesk-damaged-20260318-130000-2.sqlite3"
    assert earlier.read_text() == "set aside earlier"
    assert digest(target) == content
    assert target.with_name(target.name + "-wal").read_bytes() == b"wal bytes"
    assert not live.exists() and not wal.exists()


def test_restore_refuses_while_another_connection_has_the_data_file_open(live, folder):
    summary = make_backup(live, folder, now=NOW - timedelta(days=1))
    add_client(live, "Still Here")
    before = dump(live)
    other = files.connect(live)  # another program (or CoachDesk window) reading the file
    try:
        other.execute("SELECT count(*) FROM clients").fetchone()
        with pytest.raises(StorageError) as caught:
            restore(summary.path, live, folder)
        assert caught.value.problem is Problem.LOCKED
        assert "busy" in caught.value.message
        assert other.execute("SELECT count(*) FROM clients").fetchone()[0] == summary.clients + 1
    finally:
        other.close()
    assert dump(live) == before
    assert not live.with_name(live.name + backups.RESTORING_SUFFIX).exists()
    kinds = [entry.kind for entry in list_backups(folder)]
    assert BackupKind.BEFORE_RESTORE not in kinds  # a refused restore leaves no safety copy
    restore(summary.path, live, folder)  # once the other program is gone, it works
    assert "Still Here" not in names(live)


def test_restore_onto_a_missing_data_file(live, folder, tmp_path):
    summary = make_backup(live, chosen(tmp_path / "elsewhere"))
    live.unlink()
    result = restore(summary.path, live, folder)
    assert result.safety_copy is None and result.set_aside is None
    assert verify(live).clients == summary.clients


def test_a_leftover_from_a_cut_short_restore_is_cleared_on_open(live):
    leftover = live.with_name(live.name + backups.RESTORING_SUFFIX)
    leftover.write_bytes(b"half a database")
    open_database(live).close()
    assert not leftover.exists()


# --- check and diagnose ---------------------------------------------------------------------


def test_check_a_healthy_file(live):
    report = check_database(live)
    assert report.healthy
    assert report.problems == ()
    assert report.describe() == "healthy"


def test_check_a_damaged_file_says_so_plainly(live):
    zero_root_page(live, "coaching_sessions")
    before = digest(live)
    report = check_database(live)
    assert not report.healthy
    text = report.describe()
    assert text.startswith("The data file's internal structure is damaged")
    assert "Restore it from a backup, and keep the damaged file." in text
    assert digest(live) == before


def test_check_finds_records_pointing_to_records_that_are_gone(live):
    with dbapi.connect(live, isolation_level=None) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        (client_id,) = conn.execute(
            "SELECT client_id FROM coaching_sessions GROUP BY client_id LIMIT 1"
        ).fetchone()
        orphans = conn.execute(
            "SELECT count(*) FROM coaching_sessions WHERE client_id = ?", (client_id,)
        ).fetchone()[0]
        conn.execute("DELETE FROM clients WHERE id = ?", (client_id,))
    conn.close()
    report = check_database(live)
    assert not report.healthy
    assert report.problems[0] == "Some records point to records that are gone:"
    assert f"  {orphans} row(s) in coaching_sessions point to clients that no longer exist." in (
        report.problems
    )


def test_check_a_missing_file_and_a_file_that_is_not_a_database(app_paths):
    missing = check_database(app_paths.database)
    assert not missing.healthy
    assert missing.describe() == f"There is no data file at {app_paths.database}."
    app_paths.database.write_text("plain text")
    report = check_database(app_paths.database)
    assert not report.healthy
    assert "is not a database file" in report.describe()


def test_diagnose_a_healthy_file(live):
    before = digest(live)
    assert diagnose(live) is None
    assert digest(live) == before


def test_diagnose_a_missing_or_new_file(app_paths):
    assert diagnose(app_paths.database) is None
    app_paths.database.touch()
    assert diagnose(app_paths.database) is None


@pytest.mark.parametrize("damage", ["zeroed", "truncated", "text"])
def test_diagnose_a_damaged_file(live, damage):
    if damage == "zeroed":
        zero_root_page(live, "clients")
    elif damage == "truncated":
        data = live.read_bytes()
        live.write_bytes(data[: len(data) // 3])
    else:
        live.write_bytes(b"\x00garbage" * 1000)
    before = digest(live)
    problem = diagnose(live)
    assert problem is not None
    assert problem.problem in backups.DAMAGED
    assert str(live) in problem.message
    assert digest(live) == before
    companions = {live.name + "-wal", live.name + "-shm"}  # what any SQLite reader may leave
    assert {p.name for p in live.parent.iterdir() if p.is_file()} - companions == {live.name}


def test_diagnose_a_file_from_a_newer_coachdesk_is_not_damage(live):
    with dbapi.connect(live) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    problem = diagnose(live)
    assert problem is not None
    assert problem.problem is Problem.TOO_NEW
    assert problem.problem not in backups.DAMAGED
