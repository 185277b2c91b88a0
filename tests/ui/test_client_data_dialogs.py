"""The calendar import preview, the erase confirmation and the record export, driven as a
coach would (offscreen)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.storage.backups import make_backup
from coachdesk.storage.calendar import import_ics_preview
from coachdesk.storage.clients import create_client, delete_client
from coachdesk.storage.driver import dbapi
from coachdesk.storage.models import Guest
from coachdesk.storage.sessions import create_session
from coachdesk.ui.dialogs.dossier_export import export_client_record, suggested_name
from coachdesk.ui.dialogs.erase import EraseDialog, erase_client_dialog
from coachdesk.ui.dialogs.ics_import import IcsImportDialog, export_calendar, import_calendar
from tests.helpers import click_button, when_modal
from tests.storage import test_calendar
from tests.storage.rich_client import add_rich_client
from tests.storage.test_calendar import SAMPLE

pytestmark = pytest.mark.gui

sample_db = test_calendar.sample_db  # the calendar tests' clients, as a fixture here too

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def session_count(db) -> int:
    with dbapi.connect(db.path) as conn:
        return conn.execute("SELECT count(*) FROM coaching_sessions").fetchone()[0]


def client_names(db) -> set[str]:
    with dbapi.connect(db.path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM clients")}


def plain(label: QLabel) -> str:
    """What a rich-text label reads as."""
    document = QTextDocument()
    document.setHtml(label.text())
    return " ".join(document.toPlainText().split())


def answer_next_box(button: str = "OK") -> list:
    """Close the next message box with ``button``; returns what it saw."""
    return when_modal(lambda box: click_button(box, button))


# --- calendar ---------------------------------------------------------------------------------


def test_the_preview_lists_what_will_be_created_and_why_the_rest_is_left_out(qtbot, sample_db):
    preview = import_ics_preview(sample_db, SAMPLE, now=NOW)
    dialog = IcsImportDialog(sample_db, preview)
    qtbot.addWidget(dialog)
    assert dialog.create_model.rowCount() == 5
    assert dialog.left_model.rowCount() == 11
    assert dialog.import_button.text() == "&Import 5 sessions"
    assert "sample_calendar.ics holds 16 events. 5 can become" in dialog.summary.text()
    clients = {
        dialog.create_model.index(row, 1).data() for row in range(dialog.create_model.rowCount())
    }
    assert clients == {"Dan Okafor", "Priya Raman", "Margaret Hughes", "Ana Li", "Ana Lima"}
    reasons = [
        dialog.left_model.index(row, 3).data() for row in range(dialog.left_model.rowCount())
    ]
    assert "an all-day event (no start time)" in reasons
    assert "the title names 2 clients called Sam Taylor" in reasons

    before = session_count(sample_db)
    with qtbot.waitSignal(dialog.imported) as signal:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(signal.args[0].created) == 5
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert session_count(sample_db) == before + 5


def test_a_preview_gone_stale_is_explained_and_nothing_is_created(qtbot, sample_db):
    preview = import_ics_preview(sample_db, SAMPLE, now=NOW)
    delete_client(sample_db, preview.to_create[-1].client_id)
    dialog = IcsImportDialog(sample_db, preview)
    qtbot.addWidget(dialog)
    before = session_count(sample_db)
    seen = answer_next_box()
    dialog.import_button.click()
    assert "was deleted since the preview" in seen[0].text()
    assert session_count(sample_db) == before
    assert dialog.import_result is None


def test_nothing_to_import_disables_the_button(qtbot, db, tmp_path):
    empty = tmp_path / "empty.ics"
    empty.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    dialog = IcsImportDialog(db, import_ics_preview(db, empty, now=NOW))
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert dialog.create_model.rowCount() == 0


def test_a_file_that_is_not_a_calendar_is_explained_not_previewed(qtbot, db, tmp_path):
    bad = tmp_path / "notes.ics"
    bad.write_bytes("Caf\u00e9 notes".encode("latin-1"))
    seen = answer_next_box()
    assert import_calendar(None, db, bad) is None
    assert isinstance(seen[0], QMessageBox)
    assert "notes.ics is not UTF-8 text (line 1)" in seen[0].text()


def test_export_writes_the_chosen_file(qtbot, db, tmp_path, monkeypatch):
    dan = create_client(db, ClientData(name="Dan Okafor"))
    create_session(db, SessionData(client_id=dan, start=datetime.now(UTC).replace(year=2099)))
    create_session(db, SessionData(client_id=dan, start=datetime.now(UTC).replace(microsecond=0)))
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen = answer_next_box()
    result = export_calendar(None, db, days=30)
    assert result is not None and result.path == tmp_path / "mine.ics"
    assert result.path.read_text(encoding="utf-8").count("BEGIN:VEVENT") == result.events
    assert "were written to" in seen[0].text()


# --- erase ------------------------------------------------------------------------------------


@pytest.fixture
def two_clients(db, app_paths):
    zeb = add_rich_client(db, "Zebulon Quartermaine", "zeb@quartermaine.example", "ZQMARK")
    ana = add_rich_client(db, "Ana Li", "ana@li.example", "ANAMARK")
    with db.session() as session:
        session.add(Guest(session_id=ana.rows["coaching_sessions"][0], name="Zebulon Quartermaine"))
    make_backup(db.path, app_paths.backup_dir)
    return zeb, ana


def test_erase_names_what_goes_and_needs_the_name_typed(qtbot, db, app_paths, two_clients):
    zeb, _ana = two_clients
    dialog = EraseDialog(db, zeb.client, [app_paths.backup_dir], today=date(2026, 11, 26))
    qtbot.addWidget(dialog)
    text = " ".join(plain(label) for label in dialog.findChildren(QLabel))
    assert "2 sessions with their agendas and notes, and 2 guests" in text
    assert "2 things that matter to them (1 of them retired), in their words" in text
    assert "cannot be undone" in text
    assert "Ana Li's records: a session's guest (name)" in plain(dialog.mentions)
    assert dialog.backups.text().startswith(
        "The 1 existing backup still holds Zebulon Quartermaine's records"
    )
    assert "December 2027" in dialog.backups.text()  # about 13 months on
    assert dialog.cancel_button.isDefault()

    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "Zebulon")
    assert not dialog.erase_button.isEnabled()
    dialog.name_edit.setText("  zebulon   QUARTERMAINE ")
    assert dialog.erase_button.isEnabled()
    with qtbot.waitSignal(dialog.erased):
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert dialog.report is not None and dialog.report.name == "Zebulon Quartermaine"
    assert client_names(db) == {"Ana Li"}


def test_cancelling_the_erase_keeps_everything(qtbot, db, app_paths, two_clients):
    zeb, _ana = two_clients

    def cancel(dialog) -> None:
        dialog.name_edit.setText("Zebulon Quartermaine")
        dialog.cancel_button.click()

    when_modal(cancel)
    assert erase_client_dialog(None, db, zeb.client, [app_paths.backup_dir]) is None
    assert client_names(db) == {"Zebulon Quartermaine", "Ana Li"}


def test_erasing_a_client_gone_meanwhile_is_explained(qtbot, db):
    seen = answer_next_box()
    assert erase_client_dialog(None, db, 404) is None
    assert "deleted in the meantime" in seen[0].text()


def type_text(widget, text: str) -> None:
    """Type ``text`` key by key, as a keyboard (or an input method) sends it: QTest's own
    key clicks know only Latin-1 keys."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def erase_dialog(qtbot, db, name: str) -> EraseDialog:
    client = create_client(db, ClientData(name=name))
    create_client(db, ClientData(name="Ana Li"))
    dialog = EraseDialog(db, client, today=date(2026, 11, 26))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("José María García-López", "jose maria garcia lopez"),
        ("Anne-Marie  O’Neill", "anne marie oneill"),
        ("مُحَمَّد الأحمد", "محمد الاحمد"),
        ("王 小明", "王小明"),
    ],
)
def test_the_name_typed_as_it_reads_confirms(qtbot, db, name, typed):
    dialog = erase_dialog(qtbot, db, name)
    assert dialog.focusWidget() is dialog.name_edit
    assert dialog.match_note.text() == ""
    type_text(dialog.name_edit, typed[:-1])
    assert dialog.name_edit.text() == typed[:-1]
    assert not dialog.erase_button.isEnabled()
    assert dialog.match_note.text().startswith("Not yet: type")
    type_text(dialog.name_edit, typed[-1])
    assert dialog.erase_button.isEnabled()
    assert dialog.match_note.text().startswith("Confirmed")
    with qtbot.waitSignal(dialog.erased):
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert client_names(db) == {"Ana Li"}


def test_the_word_erase_confirms_a_name_no_keyboard_here_can_type(qtbot, db):
    dialog = erase_dialog(qtbot, db, "王小明")
    assert any("or the word ERASE" in plain(label) for label in dialog.findChildren(QLabel))
    qtbot.keyClicks(dialog.name_edit, "ERAS")
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "E")
    assert dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter is Cancel's, not Erase's
    assert client_names(db) == {"王小明", "Ana Li"}


def test_another_clients_name_never_confirms(qtbot, db):
    dialog = erase_dialog(qtbot, db, "Zoë Brennan")
    for typed in ("Ana Li", "Zoe", "Zoë Brenna", "Brennan Zoë"):
        dialog.name_edit.setText(typed)
        assert not dialog.erase_button.isEnabled(), typed
    dialog._erase()  # even called directly, nothing goes
    assert client_names(db) == {"Zoë Brennan", "Ana Li"}
    dialog.name_edit.setText("ZOE BRENNAN")
    assert dialog.erase_button.isEnabled()


# --- a client's own record --------------------------------------------------------------------


def test_the_record_is_exported_as_pdf_and_json(qtbot, db, tmp_path, monkeypatch):
    zeb = add_rich_client(db, "Zebulon Quartermaine", "zeb@quartermaine.example", "ZQMARK")
    chosen = tmp_path / "zeb record"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    seen = answer_next_box()
    pdf, data = export_client_record(None, db, zeb.client)
    assert pdf == tmp_path / "zeb record.pdf" and data == tmp_path / "zeb record.json"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert json.loads(data.read_text(encoding="utf-8"))["client"]["name"] == "Zebulon Quartermaine"
    assert "private notes included" in seen[0].text()
    assert suggested_name("Zoë O'Brien / ACME") == "Zoë OBrien  ACME - record.pdf"


def test_the_preview_is_read_off_the_gui_thread_and_a_hostile_zone_is_left_out(
    qtbot, db, monkeypatch
):
    import threading

    from coachdesk.ui.dialogs import ics_import as ics_import_dialog

    create_client(db, ClientData(name="Dan Okafor"))
    threads: list[threading.Thread] = []
    shown: list[IcsImportDialog] = []

    def preview(database, path):
        threads.append(threading.current_thread())
        return import_ics_preview(database, path)

    def exec_(dialog):
        shown.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ics_import_dialog, "import_ics_preview", preview)
    monkeypatch.setattr(IcsImportDialog, "exec", exec_)
    minutely = SAMPLE.parent / "hostile-ics" / "minutely-vtimezone.ics"
    assert import_calendar(None, db, minutely) is None
    assert threads and threads[0] is not threading.main_thread()
    [reason] = [row.reason for row in shown[0].preview.unmatched]
    assert reason == "its time zone 'Coach/Minutely' has rules that are not usable"
