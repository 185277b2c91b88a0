"""File dialogs start in Documents the first time, then in the folder last used for that
kind of file, never in the folder CoachDesk was started from: every dialog goes through
``ui.common.file_dialogs``, and each one the window opens is walked here."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.storage.clients import create_client
from coachdesk.storage.sessions import create_session
from coachdesk.ui.common import file_dialogs
from coachdesk.ui.common.file_dialogs import EXPORTS, IMPORTS, PAPERS, start_folder
from coachdesk.ui.dialogs.backup_settings import BackupSettingsDialog
from coachdesk.ui.dialogs.csv_import import CsvImportDialog
from coachdesk.ui.dialogs.dossier_export import export_client_record
from coachdesk.ui.dialogs.feedback_card import save_feedback_card
from coachdesk.ui.dialogs.passphrase import RecoveryKeyDialog
from coachdesk.ui.dialogs.restore import RestoreDialog
from coachdesk.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.gui

PACKAGE = Path(__file__).resolve().parents[2] / "coachdesk"
HELPER = PACKAGE / "ui" / "common" / "file_dialogs.py"


def test_only_the_helper_opens_a_file_dialog():
    opened = re.compile(r"QFileDialog\b(?!\.(FileMode|Option|AcceptMode)\b)")
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if path != HELPER
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if opened.search(line)
    ]
    assert offenders == []


@pytest.fixture
def documents() -> Path:
    folder = Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Dialogs:
    """Stands in for Qt's file dialogs: records where each starts, answers ``answer``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started: list[tuple[str, Path]] = []
        self.answer = ""
        for name in ("getSaveFileName", "getOpenFileName"):
            monkeypatch.setattr(
                QFileDialog, name, lambda *a, name=name, **k: self._ask(name, a[2], True)
            )
        monkeypatch.setattr(
            QFileDialog,
            "getExistingDirectory",
            lambda *a, **k: self._ask("getExistingDirectory", a[2], False),
        )

    def _ask(self, name: str, start: str, with_filter: bool) -> tuple[str, str] | str:
        self.started.append((name, Path(start)))
        return (self.answer, "") if with_filter else self.answer


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    return Dialogs(monkeypatch)


def test_every_dialog_the_window_opens_starts_in_documents_not_where_it_was_started(
    qtbot, window, db, tmp_path, monkeypatch, documents, dialogs, app_paths, settings
):
    started_from = tmp_path / "started-here"
    started_from.mkdir()
    monkeypatch.chdir(started_from)
    app_paths.backup_dir.mkdir(exist_ok=True)
    client = create_client(db, ClientData(name="Ada"))
    session = create_session(db, SessionData(client, datetime.now(UTC) + timedelta(days=1)))

    window.export_json_action.trigger()
    window.export_csv_action.trigger()
    window.export_ics_action.trigger()
    window.import_json_action.trigger()
    window.import_ics_action.trigger()
    export_client_record(window, db, client)
    save_feedback_card(window, ("How was it?",), "Ada")
    window.prepare(session)
    assert window._prep_dialog is not None
    window._prep_dialog.pdf_button.click()
    window._prep_dialog.close()
    csv_import = CsvImportDialog(db, window)
    restore = RestoreDialog([app_paths.backup_dir], window)
    recovery = RecoveryKeyDialog("K" * 32, tmp_path, datetime.now(UTC), window)
    backup_settings = BackupSettingsDialog(app_paths, settings, window)
    for dialog in (csv_import, restore, recovery, backup_settings):
        qtbot.addWidget(dialog)
    csv_import.choose_button.click()
    restore.other_button.click()
    recovery.save_sheet()
    backup_settings._browse(backup_settings.copy_edit)

    assert len(dialogs.started) == 12
    folders = [
        start.parent if name == "getSaveFileName" else start for name, start in dialogs.started
    ]
    for folder in folders:
        assert folder.is_absolute() and folder != started_from
        assert started_from not in folder.parents
    assert set(folders) == {documents, app_paths.backup_dir}  # "Other file…": the backups


def test_a_dialog_starts_where_the_last_one_of_its_kind_ended(
    qtbot, window, db, tmp_path, documents, dialogs, app_paths, settings
):
    create_client(db, ClientData(name="Ada"))
    usb = tmp_path / "usb"
    usb.mkdir()
    dialogs.answer = str(usb / "practice.json")
    window.export_json_action.trigger()
    assert (usb / "practice.json").exists()

    dialogs.answer = ""
    window.export_json_action.trigger()
    assert dialogs.started[-1] == ("getSaveFileName", usb / "coachdesk-export.json")
    assert start_folder(window, EXPORTS) == usb
    assert start_folder(window, IMPORTS) == documents  # each kind remembers its own
    assert start_folder(window, PAPERS) == documents

    settings.sync()  # remembered in the settings file, for the next time CoachDesk opens
    again = MainWindow(app_paths, settings.__class__(settings.fileName(), settings.format()))
    qtbot.addWidget(again)
    assert start_folder(again, EXPORTS) == usb

    (usb / "practice.json").unlink()
    usb.rmdir()  # the stick is taken out
    assert start_folder(window, EXPORTS) == documents


def test_documents_missing_means_the_home_folder(monkeypatch, qtbot, tmp_path):
    gone = tmp_path / "no-documents"
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _location: str(gone))
    assert file_dialogs.documents_folder() == Path.home()
    with pytest.raises(ValueError):
        start_folder(None, "spreadsheets")
