"""A protected practice in the window: the unlock screen, Lock now, and File → Protect
with a passphrase…, Change passphrase…, Remove protection…"""

from __future__ import annotations

import hashlib

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import encrypted_files, files, keys, protection
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.ui.dialogs import passphrase as dialogs
from coachdesk.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.gui

PASSPHRASE = "a walk along the river"
NAME = "Philippa Quayle"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def recovery_key(app_paths) -> str:
    """A protected practice with one client, locked (no key held)."""
    made = protection.start_protected(app_paths.database, PASSPHRASE)
    db = open_database(app_paths.database, app_paths.backup_dir)
    create_client(db, ClientData(name=NAME))
    db.close()
    encrypted_files.forget_keys()
    return made


@pytest.fixture
def opened(qtbot, app_paths, settings):
    def make() -> MainWindow:
        window = MainWindow(app_paths, settings, automatic_backups=False)
        qtbot.addWidget(window)
        window.show()
        window.open_database()
        return window

    return make


def _clients_shown(window: MainWindow) -> list[str]:
    window.go_clients()
    model = window.clients_page.table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_a_locked_practice_shows_only_the_unlock_screen_until_its_passphrase(
    recovery_key, opened, app_paths
):
    before = _digest(app_paths.database)
    window = opened()
    assert window.db is None
    assert window.pages.currentWidget() is window.unlock_page
    assert not window.nav.isVisible()
    assert NAME not in window.windowTitle()
    page = window.unlock_page
    page.field.setText("not the passphrase")
    page.submit()
    assert page.problem.isVisible()
    assert "does not open this practice" in page.problem.text()
    assert window.db is None
    assert _digest(app_paths.database) == before
    page.field.setText(PASSPHRASE)
    page.submit()
    assert window.db is not None
    assert window.unlock_page is None
    assert NAME in _clients_shown(window)


def test_the_recovery_key_opens_it_too(recovery_key, opened):
    window = opened()
    page = window.unlock_page
    page.use_recovery_key(True)
    page.field.setText(recovery_key.lower().replace("-", " "))
    page.submit()
    assert window.db is not None


def test_lock_now_lets_go_of_the_data_and_its_key(recovery_key, opened, app_paths):
    protection.unlock(app_paths.database, keys.PASSPHRASE, PASSPHRASE)
    window = opened()
    assert window.db is not None
    assert window.recovery_status.isVisible()
    window.result_bar.show_result(f"{NAME}'s record was written.")
    window.lock_now()
    assert window.db is None
    assert not window.recovery_status.isVisible()  # the practice's status waits too
    assert not window.result_bar.isVisible()  # a result may name a client
    assert encrypted_files.held_key(encrypted_files.envelope_for(app_paths.database).key_id) is None
    assert window.pages.currentWidget() is window.unlock_page
    assert not window.nav.isVisible()
    assert not window.new_client_action.isEnabled()


def _answer(monkeypatch, **fields: str) -> None:
    """Make the passphrase dialog answer with ``fields`` (current, new, again)."""

    def exec_(dialog: dialogs.PassphraseDialog) -> int:
        for name, text in fields.items():
            getattr(dialog, name).setText(text)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(dialogs.PassphraseDialog, "exec", exec_)


def test_protect_then_change_then_remove_from_the_file_menu(
    qtbot, monkeypatch, app_paths, settings, window
):
    from coachdesk.ui.common import messages

    create_client(window.db, ClientData(name=NAME))
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs.RecoveryKeyDialog,
        "exec",
        lambda dialog: shown.append(dialog.recovery_key) or 1,
    )
    monkeypatch.setattr(messages, "confirm", lambda *args: False)  # keep plain backups
    _answer(monkeypatch, new=PASSPHRASE, again=PASSPHRASE)
    window.protect_with_passphrase()
    assert len(shown) == 1
    assert window.result_bar.text.text() == "Your practice is now protected with your passphrase."
    assert not app_paths.database.read_bytes().startswith(files.SQLITE_HEADER)
    assert window.db is not None
    assert NAME in _clients_shown(window)

    protected = _digest(app_paths.database)
    before_mismatch = encrypted_files.sidecar(app_paths.database).read_bytes()
    monkeypatch.setattr(dialogs.PassphraseDialog, "exec", _mismatch_then_cancel)
    window.change_passphrase()
    assert encrypted_files.sidecar(app_paths.database).read_bytes() == before_mismatch
    _answer(
        monkeypatch,
        current=shown[0],
        new="another long passphrase",
        again="another long passphrase",
    )
    window.change_passphrase()
    assert _digest(app_paths.database) == protected
    assert window.result_bar.text.text() == "Passphrase changed."
    encrypted_files.forget_keys()
    with pytest.raises(keys.WrongKey):
        protection.unlock(app_paths.database, keys.PASSPHRASE, PASSPHRASE)
    protection.unlock(app_paths.database, keys.PASSPHRASE, "another long passphrase")

    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    window.remove_protection()
    assert app_paths.database.read_bytes().startswith(files.SQLITE_HEADER)
    assert window.result_bar.text.text() == "Your practice is no longer protected."
    assert window.db is not None
    assert NAME in _clients_shown(window)


def _mismatch_then_cancel(dialog: dialogs.PassphraseDialog) -> int:
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText("another long passphrase")
    dialog.again.setText("not the same")
    dialog.accept()
    assert dialog.problem.text() == "The two new passphrases differ."
    dialog.reject()
    return dialog.result()


def test_the_recovery_key_dialog_cannot_be_closed_before_the_key_is_kept(qtbot, tmp_path):
    from datetime import UTC, datetime

    dialog = dialogs.RecoveryKeyDialog(keys.new_recovery_key(), tmp_path, datetime.now(UTC), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.isVisible()
    assert not dialog.done_button.isEnabled()
    dialog.kept.setChecked(True)
    assert dialog.done_button.isEnabled()
    dialog.reject()
    assert not dialog.isVisible()


def test_the_welcome_page_protects_a_new_practice_first_unless_told_not_to(
    monkeypatch, app_paths, window
):
    from coachdesk.ui.common import messages

    welcome = window.welcome_page
    assert welcome.protect_choice.isChecked()  # recommended, chosen for the coach
    monkeypatch.setattr(dialogs.PassphraseDialog, "exec", lambda dialog: 0)  # cancelled
    welcome.demo_button.click()
    assert window.pages.currentWidget() is welcome  # nothing happened
    assert not protection.is_protected(app_paths.database)

    shown: list[str] = []
    monkeypatch.setattr(
        dialogs.RecoveryKeyDialog, "exec", lambda dialog: shown.append(dialog.recovery_key) or 1
    )
    monkeypatch.setattr(messages, "confirm", lambda *args: False)
    _answer(monkeypatch, new=PASSPHRASE, again=PASSPHRASE)
    window.welcome_page.demo_button.click()
    assert shown
    assert protection.is_protected(app_paths.database)
    assert window.pages.currentWidget() is window.today_page
    assert len(_clients_shown(window)) >= 10
    assert b"Am\xc3\xa9lie" not in app_paths.database.read_bytes()


def test_an_idle_protected_practice_locks_itself_and_a_dialog_left_open_goes_first(
    qtbot, recovery_key, opened, app_paths, settings
):
    from PySide6.QtWidgets import QDialog

    from coachdesk.preferences import set_auto_lock_minutes

    protection.unlock(app_paths.database, keys.PASSPHRASE, PASSPHRASE)
    window = opened()
    idle = window.idle_lock
    assert idle is not None and idle.watching
    set_auto_lock_minutes(settings, 5)
    idle.last_input -= 4 * 60
    idle.check()
    assert window.db is not None  # four minutes: not yet
    idle.last_input -= 2 * 60  # six minutes, or a laptop that slept through them
    left_open = QDialog(window)
    left_open.setModal(True)
    left_open.show()
    assert left_open.isVisible()
    idle.check()
    assert not left_open.isVisible()
    qtbot.waitUntil(lambda: window.db is None)
    assert window.pages.currentWidget() is window.unlock_page
    assert not idle.watching


def test_never_means_never(recovery_key, opened, app_paths, settings):
    from coachdesk.preferences import set_auto_lock_minutes

    protection.unlock(app_paths.database, keys.PASSPHRASE, PASSPHRASE)
    window = opened()
    set_auto_lock_minutes(settings, 0)
    window.idle_lock.last_input -= 24 * 3600
    window.idle_lock.check()
    assert window.db is not None


def test_a_plain_practice_is_never_watched(window):
    assert window.idle_lock is None or not window.idle_lock.watching


def test_the_status_asks_for_the_recovery_drill_once_due_and_shows_when_it_was_proven(
    monkeypatch, app_paths, settings, opened
):
    from datetime import UTC, datetime, timedelta

    from PySide6.QtWidgets import QMessageBox

    made = protection.start_protected(
        app_paths.database, PASSPHRASE, datetime.now(UTC) - timedelta(days=40)
    )
    window = opened()
    assert window.db is not None  # the key is held: start_protected made it
    status = window.recovery_status
    assert status.isVisible() and "Prove your recovery sheet" in status.text()

    monkeypatch.setattr(dialogs.RecoveryDrillDialog, "exec", _typing(keys.new_recovery_key()))
    from coachdesk.ui.common import attempt

    shown: list[str] = []
    monkeypatch.setattr(
        attempt, "show_problem", lambda _parent, text, _title=None: shown.append(text)
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    status.click()  # a wrong key: said, nothing proven
    assert shown and "does not open" in shown[-1]
    assert "Prove your recovery sheet" in status.text()

    monkeypatch.setattr(dialogs.RecoveryDrillDialog, "exec", _typing(made))
    status.click()  # no backup under this sheet yet: one is made, then opened
    assert "Your recovery sheet works" in shown[-1]
    assert status.text().startswith("Recovery proven ")
    assert list((app_paths.backup_dir).glob("coachdesk-backup-*.sqlite3"))


def _typing(text: str):
    def exec_(dialog: dialogs.RecoveryDrillDialog) -> int:
        dialog.key.setText(text)
        return 1

    return exec_


def test_restoring_a_protected_backup_on_a_new_computer_asks_for_its_passphrase(
    monkeypatch, tmp_path, app_paths, window
):
    from coachdesk.storage.backups import make_backup
    from coachdesk.ui.common import messages

    elsewhere = tmp_path / "old-laptop" / "coachdesk.sqlite3"
    elsewhere.parent.mkdir()
    protection.start_protected(elsewhere, PASSPHRASE)
    db = open_database(elsewhere, elsewhere.parent / "backups")
    create_client(db, ClientData(name=NAME))
    db.close()
    backup = make_backup(elsewhere, elsewhere.parent / "backups").path
    encrypted_files.forget_keys()

    tries = iter(["not it at all", PASSPHRASE])
    asked: list[str] = []

    def exec_(dialog: dialogs.PassphraseDialog) -> int:
        asked.append(dialog.problem.text() if dialog.problem.isVisibleTo(dialog) else "")
        try:
            dialog.current.setText(next(tries))
        except StopIteration:
            return 0
        return 1

    monkeypatch.setattr(dialogs.PassphraseDialog, "exec", exec_)
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    assert window.restore_from(backup)
    assert asked[0] == "" and "does not open" in asked[1]
    assert not app_paths.database.read_bytes().startswith(files.SQLITE_HEADER)
    assert NAME in _clients_shown(window)


def test_the_restore_list_calls_a_backup_under_another_key_locked_not_unreadable(
    qtbot, tmp_path, recovery_key, app_paths
):
    from coachdesk.storage.backups import make_backup
    from coachdesk.ui.dialogs.restore import RestoreDialog

    protection.unlock(app_paths.database, keys.RECOVERY, recovery_key)
    own = make_backup(app_paths.database, app_paths.backup_dir).path
    elsewhere = tmp_path / "old-laptop" / "coachdesk.sqlite3"
    elsewhere.parent.mkdir()
    protection.start_protected(elsewhere, "another practice's passphrase")
    open_database(elsewhere, elsewhere.parent / "backups").close()
    foreign = make_backup(elsewhere, app_paths.backup_dir).path
    encrypted_files.forget_keys()
    protection.unlock(app_paths.database, keys.RECOVERY, recovery_key)  # this practice's only

    dialog = RestoreDialog([app_paths.backup_dir])
    qtbot.addWidget(dialog)
    rows = {entry.path: row for row, entry in enumerate(dialog.entries)}
    qtbot.waitUntil(lambda: all(dialog.table.item(r, 2).text() != "…" for r in rows.values()))
    assert dialog.table.item(rows[foreign], 2).text() == "locked"
    assert "another passphrase" in dialog.table.item(rows[foreign], 2).toolTip()
    assert dialog.table.item(rows[own], 2).text() not in ("locked", "unreadable")
    dialog.reject()


def test_a_protected_clients_record_is_written_locked_once_the_passphrase_is_proven(
    qtbot, tmp_path, recovery_key, app_paths, monkeypatch
):
    from pypdf import PasswordType, PdfReader
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from coachdesk.printing.locked import owner_password
    from coachdesk.ui.dialogs import export_lock
    from coachdesk.ui.dialogs.dossier_export import export_client_record

    protection.unlock(app_paths.database, keys.PASSPHRASE, PASSPHRASE)
    db = open_database(app_paths.database, app_paths.backup_dir)
    tries = iter(["not the passphrase", PASSPHRASE])
    said: list[str] = []

    def exec_(dialog: export_lock.ExportLockDialog) -> int:
        for typed in tries:
            dialog.passphrase.setText(typed)
            dialog.accept()
            if dialog.result():
                return 1
            said.append(dialog.problem.text())
        return 0

    monkeypatch.setattr(export_lock.ExportLockDialog, "exec", exec_)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "record.pdf"), "")
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    try:
        pdf, data = export_client_record(None, db, 1)
    finally:
        db.close()
    assert said and "does not open" in said[0]
    assert data == tmp_path / "record.json.pdf"
    for path in (pdf, data):
        assert NAME.encode() not in path.read_bytes()
        assert PdfReader(path).decrypt(PASSPHRASE) == PasswordType.USER_PASSWORD
        assert PdfReader(path).decrypt(owner_password(recovery_key)) == PasswordType.OWNER_PASSWORD
    assert list(PdfReader(data, password=PASSPHRASE).attachments) == ["record-1.json"]


def test_the_lock_dialog_offers_encryption_first_and_not_encrypted_plainly(
    qtbot, recovery_key, app_paths
):
    from coachdesk.ui.dialogs.export_lock import ExportLockDialog

    dialog = ExportLockDialog(app_paths.database, "Ada's record")
    qtbot.addWidget(dialog)
    assert dialog.encrypted.isChecked() and dialog.passphrase.isEnabled()
    dialog.accept()
    assert dialog.problem.isVisibleTo(dialog) and not dialog.result()
    dialog.plain.setChecked(True)
    assert not dialog.passphrase.isEnabled()
    dialog.accept()
    assert dialog.result() and dialog.lock is None


def test_a_protected_practices_export_from_the_window_is_encrypted_and_plain_when_chosen(
    qtbot, tmp_path, recovery_key, app_paths, monkeypatch
):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from coachdesk.ui.dialogs import export_lock, portable

    protection.unlock(app_paths.database, keys.PASSPHRASE, PASSPHRASE)
    db = open_database(app_paths.database, app_paths.backup_dir)
    choices = iter(["encrypted", "plain"])

    def exec_(dialog: export_lock.ExportLockDialog) -> int:
        if next(choices) == "plain":
            dialog.plain.setChecked(True)
        else:
            dialog.passphrase.setText(PASSPHRASE)
        dialog.accept()
        return dialog.result()

    told: list[str] = []
    monkeypatch.setattr(export_lock.ExportLockDialog, "exec", exec_)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "export.json"), "")
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    try:
        locked = portable.export_json(None, db)
        plain = portable.export_json(None, db)
    finally:
        db.close()
    assert locked == tmp_path / "export.json.pdf" and plain == tmp_path / "export.json"
    assert NAME.encode() not in locked.read_bytes()
    (content,) = PdfReader(locked, password=PASSPHRASE).attachments["export.json"]
    assert NAME.encode() in content and NAME.encode() in plain.read_bytes()
    assert "opens with your passphrase" in told[0] and "opens with" not in told[1]
