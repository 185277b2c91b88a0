"""The backup, restore and check commands: messages, exit codes and what they leave on disk."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.demo import generate_demo
from coachdesk.paths import AppPaths
from coachdesk.preferences import open_settings, set_backup_folders
from coachdesk.storage.backups import BackupKind, list_backups, make_backup, verify
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.lock import InstanceLock
from tests.storage.test_backups import add_client, chosen, zero_root_page

WRITTEN = re.compile(r"^Backup written and verified: (?P<path>.+) \((?P<counts>[^)]*)\)$", re.M)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def client_names(path: Path) -> list[str]:
    with dbapi.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT name FROM clients ORDER BY name").fetchall()
    conn.close()
    return [row[0] for row in rows]


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    """A data folder with the demo practice in it (the data file closed)."""
    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    db = open_database(paths.database, paths.backup_dir)
    generate_demo(db, "demo", seed=1)
    db.close()
    return paths


def coachdesk(paths: AppPaths, *args: str) -> int:
    return main(["--data-dir", str(paths.data_dir), *args])


def written(out: str) -> Path:
    match = WRITTEN.search(out)
    assert match, out
    return Path(match["path"])


# --- backup ---------------------------------------------------------------------------------


def test_backup_prints_the_path_of_a_verified_backup(paths, capsys):
    assert coachdesk(paths, "backup") == 0
    out = capsys.readouterr().out
    path = written(out)
    assert path.parent == paths.backup_dir
    assert path.name.startswith("coachdesk-backup-")
    summary = verify(path)
    assert f"{summary.clients:,} clients, {summary.sessions:,} sessions" in out
    assert summary.clients == len(client_names(paths.database))
    assert [entry.path for entry in list_backups(paths.backup_dir)] == [path]


def test_backup_to_a_folder(paths, tmp_path, capsys):
    target = tmp_path / "usb" / "coachdesk"
    target.mkdir(parents=True)
    assert coachdesk(paths, "backup", "--to", str(target)) == 0
    path = written(capsys.readouterr().out)
    assert path.parent == target
    verify(path)
    assert not paths.backup_dir.exists() or list(paths.backup_dir.iterdir()) == []


def test_backup_list_shows_the_backups_newest_first(paths, capsys):
    old = make_backup(
        paths.database,
        paths.backup_dir,
        BackupKind.BEFORE_RESTORE,
        now=datetime(2025, 1, 2, 9, tzinfo=UTC),
    )
    assert coachdesk(paths, "backup") == 0
    new = written(capsys.readouterr().out)

    assert coachdesk(paths, "backup", "--list") == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(str(new))
    assert lines[1].endswith(str(old.path))
    assert " backup " in lines[0]
    assert "before-restore" in lines[1]
    assert f"{old.clients:,} clients, {old.sessions:,} sessions" in lines[1]


def test_backup_list_of_an_empty_folder_says_so(paths, capsys):
    assert coachdesk(paths, "backup", "--list") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"No backups in {paths.backup_dir}." in captured.err


def test_backup_without_a_data_file_fails_with_a_message(tmp_path, capsys):
    empty = AppPaths.under(tmp_path / "nothing")
    assert coachdesk(empty, "backup") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"coachdesk: there is no data file to back up at {empty.database}" in captured.err
    assert not empty.backup_dir.exists() or list(empty.backup_dir.iterdir()) == []


def test_backup_of_a_damaged_data_file_fails_and_keeps_the_older_backups(paths, capsys):
    assert coachdesk(paths, "backup") == 0
    good = written(capsys.readouterr().out)
    zero_root_page(paths.database, "coaching_sessions")
    assert coachdesk(paths, "backup") == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "Older backups are untouched" in captured.err
    assert [entry.path for entry in list_backups(paths.backup_dir)] == [good]
    verify(good)


def test_backup_goes_to_the_folder_chosen_in_the_settings(paths, tmp_path, capsys):
    chosen = tmp_path / "Sync" / "CoachDesk backups"
    chosen.mkdir(parents=True)
    set_backup_folders(open_settings(paths), chosen, None)
    assert coachdesk(paths, "backup") == 0
    path = written(capsys.readouterr().out)
    assert path.parent == chosen
    verify(path)
    assert not paths.backup_dir.exists() or list(paths.backup_dir.iterdir()) == []


def test_a_missing_copy_to_folder_is_a_warning_not_a_failure(paths, tmp_path, capsys):
    stick = tmp_path / "USB-STICK"
    set_backup_folders(open_settings(paths), None, stick)
    assert coachdesk(paths, "backup") == 0
    captured = capsys.readouterr()
    path = written(captured.out)
    assert path.parent == paths.backup_dir
    verify(path)
    assert "coachdesk: warning:" in captured.err
    assert f"The copy-to folder {stick} is not available" in captured.err
    assert "Copied to" not in captured.out
    assert not stick.exists()


def test_each_backup_is_copied_to_the_copy_to_folder(paths, tmp_path, capsys):
    stick = tmp_path / "USB-STICK"
    stick.mkdir()
    set_backup_folders(open_settings(paths), None, stick)
    assert coachdesk(paths, "backup") == 0
    captured = capsys.readouterr()
    path = written(captured.out)
    copy = stick / path.name
    assert f"Copied to {copy}" in captured.out
    assert verify(copy).clients == verify(path).clients
    assert captured.err == ""


# --- check ----------------------------------------------------------------------------------


def test_check_a_healthy_data_file(paths, capsys):
    assert coachdesk(paths, "check") == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "healthy"
    assert captured.err == ""


def test_check_a_damaged_data_file(paths, capsys):
    zero_root_page(paths.database, "clients")
    before = digest(paths.database)
    assert coachdesk(paths, "check") == 1
    captured = capsys.readouterr()
    assert "healthy" not in captured.out
    assert "coachdesk: The data file's internal structure is damaged" in captured.err
    assert "Restore it from a backup" in captured.err
    assert "Traceback" not in captured.err
    assert digest(paths.database) == before


def test_check_records_pointing_to_deleted_ones(paths, capsys):
    with dbapi.connect(paths.database, isolation_level=None) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM clients WHERE id IN (SELECT client_id FROM coaching_sessions)")
    conn.close()
    assert coachdesk(paths, "check") == 1
    err = capsys.readouterr().err
    assert "Some records point to records that are gone:" in err
    assert "in coaching_sessions point to clients that no longer exist." in err


def test_check_without_a_data_file(tmp_path, capsys):
    empty = AppPaths.under(tmp_path / "nothing")
    assert coachdesk(empty, "check") == 1
    assert f"There is no data file at {empty.database}." in capsys.readouterr().err


# --- restore --------------------------------------------------------------------------------


def test_restore_replaces_the_data_and_keeps_a_safety_copy(paths, capsys):
    assert coachdesk(paths, "backup") == 0
    backup = written(capsys.readouterr().out)
    before = client_names(paths.database)
    add_client(paths.database, "Added After The Backup")

    assert coachdesk(paths, "restore", str(backup)) == 0

    out = capsys.readouterr().out
    assert f"Restored {backup.name}: {len(before):,} clients" in out
    match = re.search(r"^The data as it was is kept in (?P<path>.+)$", out, re.M)
    assert match, out
    safety = Path(match["path"])
    assert safety.parent == paths.backup_dir
    assert safety.name.startswith("coachdesk-before-restore-")
    assert "Added After The Backup" in client_names(safety)
    assert client_names(paths.database) == before
    assert coachdesk(paths, "check") == 0


def test_restore_puts_the_safety_copy_in_the_chosen_backup_folder(paths, tmp_path, capsys):
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    set_backup_folders(open_settings(paths), chosen, None)
    assert coachdesk(paths, "backup") == 0
    backup = written(capsys.readouterr().out)
    assert coachdesk(paths, "restore", str(backup)) == 0
    (safety,) = chosen.glob("coachdesk-before-restore-*.sqlite3")
    assert str(safety) in capsys.readouterr().out


def test_restore_over_a_damaged_data_file_keeps_it_aside(paths, tmp_path, capsys):
    backup = make_backup(paths.database, chosen(tmp_path / "elsewhere"))
    zero_root_page(paths.database, "coaching_sessions")
    damaged = digest(paths.database)
    assert coachdesk(paths, "restore", str(backup.path)) == 0
    out = capsys.readouterr().out
    match = re.search(r"kept, untouched, as (?P<path>.+)$", out, re.M)
    assert match, out
    assert digest(Path(match["path"])) == damaged
    assert verify(paths.database).clients == backup.clients


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Shopping list: oats, milk\n", "notes.sqlite3 is not a CoachDesk backup"),
        (None, "notes.sqlite3 cannot be read"),
    ],
    ids=["not-a-database", "missing"],
)
def test_restore_refuses_a_file_that_is_not_a_backup(paths, tmp_path, capsys, content, expected):
    source = tmp_path / "notes.sqlite3"
    if content is not None:
        source.write_bytes(content)
    before = digest(paths.database)
    assert coachdesk(paths, "restore", str(source)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"coachdesk: {expected}" in captured.err
    assert "Traceback" not in captured.err
    assert digest(paths.database) == before
    assert not paths.backup_dir.exists() or list(paths.backup_dir.iterdir()) == []


def test_restore_refuses_another_programs_database(paths, tmp_path, capsys):
    source = tmp_path / "recipes.db"
    with dbapi.connect(source) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    before = digest(paths.database)
    assert coachdesk(paths, "restore", str(source)) == 1
    assert "recipes.db is a database, but not a CoachDesk one." in capsys.readouterr().err
    assert digest(paths.database) == before


def test_restore_refuses_while_coachdesk_is_open_on_the_folder(paths, tmp_path, capsys):
    backup = make_backup(paths.database, chosen(tmp_path / "elsewhere"))
    add_client(paths.database, "Still Here")
    before = digest(paths.database)
    lock = InstanceLock(paths.data_dir).acquire()  # the app, open on this data folder
    try:
        assert coachdesk(paths, "restore", str(backup.path)) == 1
    finally:
        lock.release()
    assert "CoachDesk is already open on this data folder" in capsys.readouterr().err
    assert digest(paths.database) == before
    assert "Still Here" in client_names(paths.database)


def test_restore_works_right_after_demo_in_the_same_process(tmp_path, capsys):
    # demo takes the folder's lock; it must give it back when it is done.
    fresh = AppPaths.under(tmp_path / "fresh")
    assert coachdesk(fresh, "demo") == 0
    backup = make_backup(fresh.database, chosen(tmp_path / "elsewhere"))
    assert coachdesk(fresh, "restore", str(backup.path)) == 0
    assert "Restored" in capsys.readouterr().out
    lock = InstanceLock(fresh.data_dir).acquire()
    lock.release()
    assert not lock.recovered


# --- a chosen backup folder that is not there ------------------------------------------------


def test_backup_to_a_chosen_folder_that_is_gone_fails_and_makes_nothing(paths, tmp_path, capsys):
    """The settings name it (read by the command from the app's settings file): a missing
    ~/Dropbox/… must not become a new local folder the coach believes is synced."""
    dropbox = tmp_path / "Dropbox"
    dropbox.mkdir()
    gone = dropbox / "CoachDesk backups"
    set_backup_folders(open_settings(paths), gone, None)
    assert coachdesk(paths, "backup") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"coachdesk: The backup folder {gone} is not there" in captured.err
    assert "Dropbox" in captured.err and "plugged in" in captured.err
    assert "Traceback" not in captured.err
    assert not gone.exists()
    assert not paths.backup_dir.exists() or list(paths.backup_dir.iterdir()) == []


@pytest.mark.parametrize("how", ["settings", "--to"])
def test_backup_to_an_unplugged_drive_says_it_is_not_connected(paths, tmp_path, capsys, how):
    drive = tmp_path / "media" / "usb"  # the mount point went with the drive
    folder = drive / "CoachDesk"
    if how == "settings":
        set_backup_folders(open_settings(paths), folder, None)
        assert coachdesk(paths, "backup") == 1
    else:
        assert coachdesk(paths, "backup", "--to", str(folder)) == 1
    err = capsys.readouterr().err
    assert f"The backup folder {folder} is not there" in err
    assert "is not there either: is the drive plugged in" in err
    assert "may not write" not in err and "permission" not in err
    assert not (tmp_path / "media").exists()


def test_restore_with_the_chosen_backup_folder_gone_changes_nothing(paths, tmp_path, capsys):
    backup = make_backup(paths.database, chosen(tmp_path / "elsewhere"))
    add_client(paths.database, "Zoë After The Backup")
    before = digest(paths.database)
    gone = tmp_path / "Dropbox" / "CoachDesk backups"
    set_backup_folders(open_settings(paths), gone, None)
    assert coachdesk(paths, "restore", str(backup.path)) == 1
    assert f"The backup folder {gone} is not there" in capsys.readouterr().err
    assert digest(paths.database) == before
    assert not gone.exists()
