"""Backups from the window: Back up now, automatic and closing backups, the status line,
restore, check, a damaged data file at start-up, a second instance, risky places."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from coachdesk.domain.clients import ClientData
from coachdesk.paths import AppPaths
from coachdesk.preferences import open_settings, set_backup_folders
from coachdesk.storage.backups import BackupKind, list_backups, make_backup
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.lock import InstanceLock
from coachdesk.ui.dialogs import restore as restore_dialog
from coachdesk.ui.dialogs.backup_settings import BackupSettingsDialog
from coachdesk.ui.dialogs.restore import RestoreDialog
from coachdesk.ui.shell.main_window import MainWindow
from coachdesk.ui.shell.single_instance import InstanceServer
from coachdesk.ui.widgets.result_bar import Tone
from tests.damage import drop_table, empty_file, set_application_id
from tests.helpers import click_button, message_text, when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, window):
    """The main window, once it watches the data file for backups (just after opening)."""
    qtbot.waitUntil(lambda: window.backups.db is not None)
    return window


def routine_backups(folder: Path) -> list[Path]:
    return [e.path for e in list_backups(folder) if e.kind is BackupKind.ROUTINE]


def wait_for_backup(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.backups.busy, timeout=10_000)


def names(db) -> list[str]:
    return sorted(row.name for row in list_clients(db))


def test_back_up_now_writes_a_verified_backup_and_the_status_says_where(qtbot, window, app_paths):
    label = window.backups.label
    assert "No backup yet: backups start once you add a client" in label.text()
    assert not label.styleSheet()  # a brand-new practice: nothing to lose yet
    create_client(window.db, ClientData(name="Ada Lovelace"))
    window.backups.update_status()
    assert "No backup yet (File → Back up now)" in label.text()
    assert label.styleSheet()  # a warning until the first backup
    assert window.backup_action.shortcut().toString() == "Ctrl+Shift+B"
    window.backup_action.trigger()
    wait_for_backup(qtbot, window)
    [made] = routine_backups(app_paths.backup_dir)
    assert oct(made.stat().st_mode & 0o777) == "0o600"
    assert "Last backup:" in label.text()
    assert str(app_paths.backup_dir) in label.text()
    assert not label.styleSheet()
    assert str(made) in window.result_bar.text.text()
    assert window.result_bar.folder == made.parent


def test_the_status_turns_to_a_warning_after_seven_days(window):
    controller = window.backups
    now = datetime.now(UTC)
    controller.last_backup, controller.last_place = now - timedelta(days=6), Path("/media/usb")
    controller.update_status(now)
    assert "Last backup:" in controller.label.text() and not controller.label.styleSheet()
    controller.last_backup = now - timedelta(days=8)
    controller.update_status(now)
    assert "8 days ago" in controller.label.text()
    assert "/media/usb" in controller.label.text()
    assert controller.label.styleSheet()


def test_automatic_backups_need_a_change_and_thirty_minutes(qtbot, window, db, app_paths):
    controller = window.backups
    controller.maybe_back_up()  # a new file never backed up: due
    wait_for_backup(qtbot, window)
    assert len(routine_backups(app_paths.backup_dir)) == 1
    controller.maybe_back_up()  # nothing changed since
    assert not controller.busy
    create_client(db, ClientData(name="Ada"))
    controller.maybe_back_up()  # changed, but the last backup is minutes old
    assert not controller.busy
    controller.last_backup -= timedelta(minutes=31)
    controller.maybe_back_up()
    assert controller.busy
    wait_for_backup(qtbot, window)
    newest = list_backups(app_paths.backup_dir)[0]
    assert (
        newest.path != routine_backups(app_paths.backup_dir)[-1]
        or len(routine_backups(app_paths.backup_dir)) == 2
    )


def test_closing_backs_up_only_when_something_changed(qtbot, app_paths, settings, db):
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.attach_database(db)
    qtbot.waitUntil(lambda: main.backups.db is not None)
    first = make_backup(db.path, app_paths.backup_dir, now=datetime.now(UTC) + timedelta(seconds=5))
    main.backups.start(db)
    main.close()
    assert len(routine_backups(app_paths.backup_dir)) == 1  # nothing changed: no new one

    again = open_database(app_paths.database)
    second = MainWindow(app_paths, settings)
    qtbot.addWidget(second)
    second.attach_database(again)
    qtbot.waitUntil(lambda: second.backups.db is not None)
    create_client(again, ClientData(name="Ada"))
    second.close()
    backups = routine_backups(app_paths.backup_dir)
    assert len(backups) == 2
    [closing] = [path for path in backups if path != first.path]
    copy = open_database(closing)
    try:
        assert names(copy) == ["Ada"]
    finally:
        copy.close()


def test_a_missing_copy_to_folder_is_a_note_not_an_error(qtbot, window, settings, tmp_path):
    set_backup_folders(settings, None, tmp_path / "usb-stick")
    window.back_up_now()
    wait_for_backup(qtbot, window)
    bar = window.result_bar
    assert "not copied to your second folder" in bar.text.text()
    assert "usb-stick" in bar.text.text() and bar.tone is Tone.WARNING
    assert bar.button("Backup settings…") is not None
    assert window.backups.failure is None

    (tmp_path / "usb-stick").mkdir()
    window.backups.last_backup -= timedelta(seconds=2)
    window.back_up_now()
    wait_for_backup(qtbot, window)
    assert len(routine_backups(tmp_path / "usb-stick")) == 1


def test_a_failed_backup_is_explained_and_shown_in_the_status(qtbot, window, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    set_backup_folders(settings, blocker / "backups", None)
    window.back_up_now()
    wait_for_backup(qtbot, window)
    bar = window.result_bar
    assert QApplication.activeModalWidget() is None  # said in the window, not in a box
    assert bar.text.text().startswith("The backup was not made:")
    assert "backup folder" in bar.text.text() and "untouched" in bar.text.text()
    assert bar.tone is Tone.WARNING and bar.button("Try again") is not None
    assert "Last backup failed" in window.backups.label.text()
    set_backup_folders(settings, None, None)
    bar.button("Try again").click()
    wait_for_backup(qtbot, window)
    assert bar.text.text().startswith("Backup made:") and window.backups.failure is None
    set_backup_folders(settings, None, None)  # closing backs up: to a folder that works


def test_restore_from_the_list_replaces_the_data_and_keeps_a_safety_copy(
    qtbot, window, db, app_paths
):
    create_client(db, ClientData(name="Ada"))
    backup = make_backup(db.path, app_paths.backup_dir).path
    create_client(db, ClientData(name="Bob"))
    seen: list[tuple[int, str]] = []

    def choose(dialog):
        assert isinstance(dialog, RestoreDialog)
        qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() != "…")
        seen.append((dialog.table.rowCount(), dialog.table.item(0, 2).text()))
        when_modal(lambda box: click_button(box, "Restore"))
        dialog.restore_button.click()

    when_modal(choose)
    window.restore_action.trigger()
    assert seen == [(1, "1")]
    assert names(window.db) == ["Ada"]
    assert window.today_page is not None and window.undo_stack.count() == 0
    [safety] = [
        e for e in list_backups(app_paths.backup_dir) if e.kind is BackupKind.BEFORE_RESTORE
    ]
    copy = open_database(safety.path)
    try:
        assert names(copy) == ["Ada", "Bob"]
    finally:
        copy.close()
    assert backup.exists()
    assert "Restored" in window.result_bar.text.text()


def test_the_backup_list_shows_at_once_and_counts_each_file_off_the_gui_thread(
    qtbot, db, app_paths, monkeypatch
):
    create_client(db, ClientData(name="Ada"))
    first = make_backup(db.path, app_paths.backup_dir, now=datetime(2026, 3, 1, tzinfo=UTC))
    create_client(db, ClientData(name="Bob"))
    make_backup(db.path, app_paths.backup_dir, now=datetime(2026, 3, 2, tzinfo=UTC))
    first.path.write_bytes(b"not a database any more")
    counted_on: list[str] = []
    real_peek = restore_dialog.peek

    def peek(path: Path) -> tuple[int, int] | None:
        counted_on.append(threading.current_thread().name)
        return real_peek(path)

    monkeypatch.setattr(restore_dialog, "peek", peek)
    dialog = RestoreDialog([app_paths.backup_dir])
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "Backup"
    qtbot.waitUntil(lambda: dialog.table.item(1, 2).text() != "…")
    table = [[dialog.table.item(row, column).text() for column in (2, 3)] for row in range(2)]
    assert table == [["2", "0"], ["unreadable", ""]]
    assert counted_on == ["count backups", "count backups"]
    dialog.reject()


def test_closing_the_backup_list_never_waits_for_a_slow_drive(qtbot, db, app_paths, monkeypatch):
    make_backup(db.path, app_paths.backup_dir)
    reading, release, read = threading.Event(), threading.Event(), threading.Event()

    def slow_peek(path: Path) -> tuple[int, int] | None:
        reading.set()
        release.wait(timeout=5)  # a USB stick waking up, a network folder timing out
        read.set()
        return None

    monkeypatch.setattr(restore_dialog, "peek", slow_peek)
    dialog = RestoreDialog([app_paths.backup_dir])
    qtbot.addWidget(dialog)
    assert reading.wait(timeout=5)
    dialog.reject()
    assert not read.is_set()  # closed while the file was still being read
    assert dialog.result() == RestoreDialog.DialogCode.Rejected
    release.set()
    assert read.wait(timeout=5)


def test_a_count_still_reading_at_exit_reports_nothing(qtbot, db, app_paths, monkeypatch):
    from coachdesk.ui.common import background

    monkeypatch.setattr(background, "_exiting", False)  # and back after the test
    make_backup(db.path, app_paths.backup_dir)
    reading, release = threading.Event(), threading.Event()

    def slow_peek(path: Path) -> tuple[int, int] | None:
        reading.set()
        release.wait(timeout=5)
        return (1, 1)

    monkeypatch.setattr(restore_dialog, "peek", slow_peek)
    dialog = RestoreDialog([app_paths.backup_dir])
    qtbot.addWidget(dialog)
    assert reading.wait(timeout=5)
    background._stop_reporting()  # the interpreter exits while the drive is still read
    release.set()
    dialog.counter._thread.join()
    qtbot.wait(50)
    assert dialog.table.item(0, 2).text() == "…"


def test_a_file_that_is_not_a_backup_is_refused_and_the_data_kept(qtbot, window, db, tmp_path):
    create_client(db, ClientData(name="Ada"))
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("hello")
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), click_button(box, "OK")))
    assert not window.restore_from(bogus)
    assert "not a CoachDesk backup" in texts[0]
    assert names(window.db) == ["Ada"]


def test_check_reports_a_healthy_file(window):
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), box.accept()))
    window.check_action.trigger()
    assert "healthy" in texts[0]


def damage_middle_page(path: Path) -> bytes:
    """Overwrite one page the window reads at start (the clients table's first) with
    garbage; return the new bytes."""
    with closing(dbapi.connect(path)) as connection:
        (page,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'clients'"
        ).fetchone()
    data = bytearray(path.read_bytes())
    start = (page - 1) * 4096
    data[start : start + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    return bytes(data)


def filled_file(app_paths: AppPaths, names_: list[str]) -> None:
    db = open_database(app_paths.database, app_paths.backup_dir)
    for name in names_:
        create_client(db, ClientData(name=name, private_notes="x" * 3000))
    db.close()


def _opened_restoring_the_offer(qtbot, app_paths, settings) -> tuple[MainWindow, list[str]]:
    """The window opened on a damaged file, the offered backup restored; the offer's text."""
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.show()
    texts: list[str] = []

    def answer(box):
        texts.append(message_text(box) + box.informativeText())
        click_button(box, "Restore this backup")

    when_modal(answer)
    assert main.open_database()
    return main, texts


def test_a_damaged_file_at_start_offers_the_newest_good_backup(qtbot, app_paths, settings):
    filled_file(app_paths, [f"Client {n:03}" for n in range(60)])
    make_backup(app_paths.database, app_paths.backup_dir)
    damaged = damage_middle_page(app_paths.database)
    main, texts = _opened_restoring_the_offer(qtbot, app_paths, settings)
    assert "damaged" in texts[0] and "60 clients" in texts[0]
    assert len(list_clients(main.db)) == 60
    [aside] = app_paths.data_dir.glob("coachdesk-damaged-*.sqlite3")
    assert aside.read_bytes() == damaged
    assert "kept, untouched" in main.result_bar.text.text()
    assert main.result_bar.folder == aside.parent
    main.close()


def _table_dropped(path: Path) -> None:
    drop_table(path, "commitments")


def _mark_flipped(path: Path) -> None:
    set_application_id(path, 1)


def _file_copied_over_a_crashed_one(path: Path) -> None:
    other = path.with_name("other.sqlite3")
    shutil.copyfile(path, other)
    code = (
        "import os, sys\n"
        "from coachdesk.storage.connections import add_functions\n"
        "from coachdesk.storage.driver import dbapi\n"
        "c = dbapi.connect(sys.argv[1], isolation_level=None)\n"
        "add_functions(c)\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute(\"UPDATE clients SET name = 'Someone else'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    hour_ago = time.time() - 3600
    for suffix in ("-wal", "-shm"):
        os.utime(path.with_name(path.name + suffix), (hour_ago, hour_ago))
    os.replace(other, path)


@pytest.mark.parametrize(
    "damage", [empty_file, _table_dropped, _mark_flipped, _file_copied_over_a_crashed_one]
)
def test_a_file_that_only_looks_new_or_foreign_is_offered_the_newest_backup(
    qtbot, app_paths, settings, damage
):
    filled_file(app_paths, [f"Client {n:03}" for n in range(12)])
    make_backup(app_paths.database, app_paths.backup_dir)
    damage(app_paths.database)
    originals = {
        path.name: path.read_bytes()
        for path in app_paths.data_dir.glob(app_paths.database.name + "*")
        if path.is_file()
    }
    main, texts = _opened_restoring_the_offer(qtbot, app_paths, settings)
    assert "12 clients" in texts[0], texts
    assert sorted(row.name for row in list_clients(main.db))[0] == "Client 000"
    [aside] = app_paths.data_dir.glob("coachdesk-damaged-*.sqlite3")
    for name, content in originals.items():
        kept = aside.with_name(aside.name + name[len(app_paths.database.name) :])
        assert kept.read_bytes() == content, name
    main.close()


def test_a_damaged_file_without_a_backup_can_start_empty_or_quit(qtbot, app_paths, settings):
    filled_file(app_paths, [f"Client {n:03}" for n in range(60)])
    damaged = damage_middle_page(app_paths.database)
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.show()
    when_modal(lambda box: click_button(box, "Quit"))
    assert not main.open_database()
    assert main.exit_code == 1
    assert app_paths.database.read_bytes() == damaged  # untouched, still in place

    second = MainWindow(app_paths, settings)
    qtbot.addWidget(second)
    second.show()
    when_modal(lambda box: click_button(box, "Start an empty file"))
    assert second.open_database()
    assert list_clients(second.db) == []
    [aside] = app_paths.data_dir.glob("coachdesk-damaged-*.sqlite3")
    assert aside.read_bytes() == damaged
    second.close()


def test_damage_found_by_the_background_check_is_caught(qtbot, app_paths, settings):
    filled_file(app_paths, [f"Client {n:03}" for n in range(60)])
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.show()
    assert main.open_database()
    damaged = damage_middle_page(app_paths.database)
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), click_button(box, "Quit")))
    main._check_in_background(main.db)
    qtbot.waitUntil(lambda: bool(texts), timeout=10_000)
    assert "is damaged" in texts[0]
    qtbot.waitUntil(lambda: not main.isVisible())
    assert main.exit_code == 1
    assert app_paths.database.read_bytes() == damaged


def test_a_check_of_the_file_before_a_restore_says_nothing_of_the_restored_one(
    qtbot, window, app_paths, monkeypatch
):
    from coachdesk.storage import backups
    from coachdesk.storage.errors import Problem, StorageError

    first, second = window.db, open_database(app_paths.database, app_paths.backup_dir)
    release = threading.Event()

    def diagnose(path: Path) -> StorageError | None:
        if threading.current_thread().name == "integrity check" and not release.is_set():
            release.wait(5)
            return StorageError(Problem.CORRUPT, "The data file is damaged.")
        return None

    monkeypatch.setattr(backups, "diagnose", diagnose)
    recovered: list[object] = []
    monkeypatch.setattr(window, "recover_damaged", recovered.append)
    handled: list[object] = []
    on_checked = window._on_integrity_checked
    monkeypatch.setattr(
        window,
        "_on_integrity_checked",
        lambda outcome: (handled.append(outcome), on_checked(outcome)),
    )
    window._check_in_background(first)  # still reading when the restore swaps the file
    window._detach_database()
    window.attach_database(second)
    release.set()
    window._check_in_background(second)
    qtbot.waitUntil(lambda: len(handled) == 2, timeout=5_000)
    assert recovered == []  # the first file's damage was reported, and not applied to the second
    first.close()


def test_a_second_coachdesk_brings_the_first_window_forward(qtbot, window, app_paths):
    lock = InstanceLock(app_paths.data_dir).acquire()
    server = InstanceServer(app_paths.data_dir, window)
    assert server.listen()
    asked: list[bool] = []
    server.activate.connect(lambda: asked.append(True))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    second = subprocess.Popen(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(app_paths.data_dir)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
        _out, err = second.communicate(timeout=30)
    finally:
        second.kill()
        lock.release()
    assert second.returncode == 0
    assert "already open" in err and "brought forward" in err


def test_a_data_folder_in_a_synced_folder_is_explained_once(qtbot, tmp_path):
    paths = AppPaths.under(tmp_path / "Dropbox" / "CoachDesk")
    paths.ensure()
    settings = open_settings(paths)
    main = MainWindow(paths, settings)
    qtbot.addWidget(main)
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), box.accept()))
    main.warn_about_risky_place()
    assert "Dropbox" in texts[0] and "backup folder" in texts[0]
    main.warn_about_risky_place()  # would block on a second dialog
    assert QApplication.activeModalWidget() is None
    assert len(texts) == 1


def test_backup_settings_validate_inline_and_are_used(qtbot, window, app_paths, settings, tmp_path):
    dialog = BackupSettingsDialog(app_paths, settings, window)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    dialog.folder_edit.setText(str(a_file))
    assert not save.isEnabled()
    assert "not a folder" in dialog.problem.text()
    dialog.folder_edit.setText("relative/folder")
    assert "full path" in dialog.problem.text()
    dialog.folder_edit.setText(str(tmp_path / "elsewhere"))
    dialog.copy_edit.setText(str(tmp_path / "usb-not-plugged-in"))
    assert save.isEnabled()
    save.click()
    assert window.backup_folder() == tmp_path / "elsewhere"
    window.back_up_now()
    wait_for_backup(qtbot, window)
    assert len(routine_backups(tmp_path / "elsewhere")) == 1
    assert routine_backups(app_paths.backup_dir) == []


def test_a_chosen_backup_folder_that_is_gone_is_reported_not_made_afresh(
    qtbot, window, settings, tmp_path
):
    """A new, local folder in its place would hold backups the coach believes are in
    Dropbox."""
    dropbox = tmp_path / "Dropbox"
    dropbox.mkdir()
    chosen = dropbox / "CoachDesk backups"  # chosen once; gone while Dropbox is not running
    set_backup_folders(settings, chosen, None)
    window.back_up_now()
    wait_for_backup(qtbot, window)
    said = window.result_bar.text.text()
    assert f"The backup folder {chosen} is not there" in said
    assert "plugged in" in said and "Dropbox" in said
    assert "choose another folder" in said
    assert not chosen.exists()
    assert "is not there" in window.backups.label.text()
    set_backup_folders(settings, None, None)  # closing backs up: to a folder that works


def test_automatic_backups_to_an_unplugged_drive_say_so_in_the_status_bar_only(
    qtbot, window, settings, tmp_path
):
    drive = tmp_path / "media" / "usb-drive"  # its mount point went with it
    set_backup_folders(settings, drive / "CoachDesk", None)
    for attempt in range(2):
        window.backups.back_up(manual=False)
        wait_for_backup(qtbot, window)
        assert QApplication.activeModalWidget() is None  # no window for an automatic backup
        # Said once in the result bar; the same failure a minute later is not said again.
        assert window.result_bar.isVisible() is (attempt == 0)
        window.result_bar.dismiss()
    status = window.backups.label.text()
    assert f"The backup folder {drive / 'CoachDesk'} is not there" in status
    assert "is not there either: is the drive plugged in" in status
    assert "may not write" not in status and "permission" not in status
    assert not (tmp_path / "media").exists()
    set_backup_folders(settings, None, None)


def test_a_new_backup_folder_is_made_when_the_settings_are_saved(
    qtbot, window, app_paths, settings, tmp_path
):
    dialog = BackupSettingsDialog(app_paths, settings, window)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.folder_edit.setText(str(tmp_path / "unplugged" / "CoachDesk"))
    assert not save.isEnabled()
    assert "is the drive plugged in" in dialog.problem.text()
    dialog.folder_edit.setText(str(tmp_path / "CoachDesk backups"))
    save.click()
    assert (tmp_path / "CoachDesk backups").is_dir()
    assert not (tmp_path / "unplugged").exists()


def test_the_window_removes_what_a_killed_backup_left_when_it_starts(
    qtbot, app_paths, settings, db
):
    app_paths.backup_dir.mkdir(exist_ok=True)
    partial = app_paths.backup_dir / "coachdesk-backup-20260101-090000.sqlite3.partial"
    left = [partial, *(partial.with_name(partial.name + end) for end in ("-wal", "-shm"))]
    for path in left:
        path.write_bytes(b"a backup killed half-way, a moment ago")
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.attach_database(db)
    qtbot.waitUntil(lambda: main.backups.db is not None)
    assert not any(path.exists() for path in left)
