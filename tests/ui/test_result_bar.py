"""Results the coach can see: Back up now, a failed backup, a restore, a saved prep sheet
and an export are said in full in the window's result bar, with the actions that fit
(Open, Show in folder, Undo the restore, Try again), until closed or replaced; the
status bar's labels give way to its message; the welcome page gives desktop advice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.storage.backups import BackupKind, list_backups, make_backup
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.clients import create_client
from coachdesk.storage.sessions import create_session
from coachdesk.ui.pages.welcome import WelcomePage
from coachdesk.ui.widgets import result_bar
from coachdesk.ui.widgets.result_bar import ResultBar, Tone
from tests.helpers import click_button, when_modal

pytestmark = pytest.mark.gui


class Opener:
    """Stands in for the system's "open with": records each URL, answers ``works``."""

    def __init__(self, works: bool = True) -> None:
        self.urls: list[QUrl] = []
        self.works = works

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.works


@pytest.fixture
def opener(window) -> Opener:
    fake = Opener()
    window.result_bar.opener = fake
    return fake


@pytest.fixture
def watched(qtbot, window):
    qtbot.waitUntil(lambda: window.backups.db is not None)
    return window


def names(db) -> list[str]:
    return sorted(row.name for row in list_clients(db))


def test_back_up_now_is_said_in_the_bar_until_closed(qtbot, watched, db, app_paths, opener):
    window = watched
    create_client(db, ClientData(name="Ada"))
    window.back_up_now()
    qtbot.waitUntil(lambda: not window.backups.busy, timeout=10_000)
    bar = window.result_bar
    [made] = list_backups(app_paths.backup_dir)
    assert bar.isVisible() and bar.tone is Tone.DONE
    assert bar.text.text() == f"Backup made: 1 client and 0 sessions, checked, in {made.path}."
    assert [button.text() for button in bar.buttons] == ["Show in folder"]  # not a file to open
    bar.button("Show in folder").click()
    assert opener.urls == [QUrl.fromLocalFile(str(app_paths.backup_dir))]
    assert opener.urls[0].isLocalFile()

    # The status bar's message used to be gone after 8 seconds: the bar is not.
    qtbot.wait(10_500)
    assert bar.isVisible() and str(made.path) in bar.text.text()

    bar.close_button.click()
    assert not bar.isVisible()


def test_the_bar_is_reached_from_the_keyboard_and_escape_closes_it(qtbot, window):
    bar = window.result_bar
    bar.show_result("Done.", folder=Path.home())
    for button in (*bar.buttons, bar.close_button):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    bar.buttons[0].setFocus()
    qtbot.keyClick(bar.buttons[0], Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_a_restore_is_said_with_its_undo(qtbot, watched, db, app_paths, opener):
    window = watched
    create_client(db, ClientData(name="Ada"))
    backup = make_backup(db.path, app_paths.backup_dir).path
    create_client(db, ClientData(name="Bob"))
    when_modal(lambda box: click_button(box, "Restore"))
    assert window.restore_from(backup)
    bar = window.result_bar
    [safety] = [
        e for e in list_backups(app_paths.backup_dir) if e.kind is BackupKind.BEFORE_RESTORE
    ]
    assert bar.text.text() == (
        f"Restored {backup.name}: 1 client and 0 sessions. Your data as it was is kept in "
        f"{safety.path}."
    )
    assert [b.text() for b in bar.buttons] == ["Show in folder", "Undo the restore"]
    assert names(window.db) == ["Ada"]

    bar.button("Undo the restore").click()  # no second question: it can be undone again
    assert names(window.db) == ["Ada", "Bob"]
    assert bar.isVisible() and bar.text.text().startswith(f"Restored {safety.path.name}:")
    assert bar.button("Undo the restore") is not None


def test_a_saved_prep_sheet_is_said_in_the_prep_window_with_open(
    qtbot, window, db, tmp_path, monkeypatch
):
    client = create_client(db, ClientData(name="Dan Okafor"))
    session = create_session(db, SessionData(client, datetime.now(UTC) + timedelta(days=1)))
    window.prepare(session)
    dialog = window._prep_dialog
    assert dialog is not None
    opener = Opener()
    dialog.result_bar.opener = opener
    target = tmp_path / "prep.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.pdf_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    bar = dialog.result_bar
    assert bar.isVisible() and bar.text.text() == f"Prep sheet saved to {target}."
    assert not window.result_bar.isVisible()  # the main window is behind the prep window
    bar.button("Open").click()
    assert opener.urls == [QUrl.fromLocalFile(str(target))]
    dialog.close()


def test_an_export_stays_until_the_next_result_replaces_it(
    qtbot, window, db, tmp_path, monkeypatch, opener
):
    create_client(db, ClientData(name="Ada"))
    target = tmp_path / "practice.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_json_action.trigger()
    bar = window.result_bar
    assert [b.text() for b in bar.buttons] == ["Open", "Show in folder"]
    bar.button("Open").click()
    bar.button("Show in folder").click()
    assert opener.urls == [QUrl.fromLocalFile(str(target)), QUrl.fromLocalFile(str(tmp_path))]
    assert bar.isVisible()  # opening the file leaves the result said

    folder = tmp_path / "sheets"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.export_csv_action.trigger()
    assert str(folder) in bar.text.text() and "practice.json" not in bar.text.text()
    assert [b.text() for b in bar.buttons] == ["Show in folder"]


def test_a_file_no_program_opens_or_that_is_gone_is_said(qtbot, window, tmp_path):
    bar = window.result_bar
    bar.opener = Opener(works=False)
    paper = tmp_path / "sheet.pdf"
    paper.write_bytes(b"%PDF-1.4")
    bar.show_result("Saved.", file=paper)
    bar.button("Open").click()
    assert bar.tone is Tone.WARNING
    assert bar.text.text() == f"No program on this computer opened {paper}."
    assert [b.text() for b in bar.buttons] == ["Show in folder"]

    bar.show_result("Saved.", file=paper)
    paper.unlink()
    bar.button("Open").click()
    assert bar.text.text() == f"{paper} is no longer there."


def test_a_result_without_a_bar_to_show_it_is_a_message_box(qtbot):
    seen = when_modal(lambda box: click_button(box, "OK"))
    result_bar.report_result(None, "Written.", title="Exported")
    assert seen[0].windowTitle() == "Exported" and seen[0].text() == "Written."


def _contrast(one: str, other: str) -> float:
    def luminance(name: str) -> float:
        channels = []
        for value in QColor(name).getRgbF()[:3]:
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_bar_reads_in_light_and_dark_palettes(qtbot, window):
    for (_tone, _dark), (background, _border, text) in result_bar._COLOURS.items():
        assert _contrast(background, text) >= 7  # WCAG AAA for its words
    app = QApplication.instance()
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        app.setPalette(dark)
        bar = ResultBar()
        qtbot.addWidget(bar)
        bar.show_result("Done.", tone=Tone.WARNING)
        assert result_bar._COLOURS[(Tone.WARNING, True)][0] in bar.styleSheet()
    finally:
        app.setPalette(before)


def test_the_status_bar_labels_give_way_to_a_message(qtbot, window):
    window.resize(1024, 640)
    long_path = "/home/coach/" + "a-very-long-folder-name/" * 6 + "coachdesk.sqlite3"
    window.file_label.setText(f"Data file: {long_path}")
    message = "Select a session on Today or Sessions (or open a client) to prepare."
    window.statusBar().showMessage(message)
    qtbot.wait(50)  # the layout settles
    room = min(label.geometry().left() for label in window._status_labels())
    assert room >= window.statusBar().fontMetrics().horizontalAdvance(message)
    assert "…" in window.file_label.shown_text()
    assert window.file_label.toolTip() == f"Data file: {long_path}"

    window.statusBar().clearMessage()
    qtbot.wait(50)
    assert window.file_label.maximumWidth() > 10_000  # no message: all the room it needs


def test_the_welcome_page_gives_no_command_line_advice(qtbot):
    page = WelcomePage()
    qtbot.addWidget(page)
    said = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "--data-dir" not in said and "coachdesk " not in said
    assert "Erase for good" in said


def test_an_import_from_a_spreadsheet_is_said_in_the_window_once_its_dialog_closes(
    qtbot, window, db, tmp_path, monkeypatch
):
    sheet = tmp_path / "clients.csv"
    sheet.write_text("Name,Email\nAda Lovelace,ada@example.org\nBob Ross,bob@example.org\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))

    def run(dialog):
        dialog.choose_button.click()
        dialog.import_button.click()
        assert not window.result_bar.isVisible()  # the dialog says it first, in itself
        dialog.reject()  # Close

    when_modal(run)
    window.import_csv_action.trigger()
    assert names(db) == ["Ada Lovelace", "Bob Ross"]
    assert window.result_bar.isVisible()
    assert window.result_bar.text.text().startswith("Imported 2 clients.")


def test_a_saved_feedback_card_is_said_with_open(qtbot, window, tmp_path, monkeypatch, opener):
    from coachdesk.ui.dialogs.feedback_card import save_feedback_card

    target = tmp_path / "card.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert save_feedback_card(window.today(), ("How was it?",), "Ada") == target
    assert window.result_bar.text.text() == f"Feedback card saved to {target}."
    window.result_bar.button("Open").click()
    assert opener.urls == [QUrl.fromLocalFile(str(target))]


def test_a_calendar_export_is_said_with_open_for_the_calendar_app(
    qtbot, window, db, tmp_path, monkeypatch, opener
):
    client = create_client(db, ClientData(name="Dan Okafor"))
    create_session(db, SessionData(client, datetime.now(UTC) + timedelta(days=2)))
    target = tmp_path / "sessions.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_ics_action.trigger()
    bar = window.result_bar
    assert bar.text.text().startswith("1 planned sessions (up to ")
    assert f"were written to {target}. Open the file with your calendar app" in bar.text.text()
    bar.button("Open").click()
    assert opener.urls == [QUrl.fromLocalFile(str(target))]
