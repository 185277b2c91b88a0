"""The prep panel and its dialog on the demo practice, driven through real widgets; every
check of a tick reads the database back through the storage layer."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coachdesk.demo import generate_demo
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import get_session
from coachdesk.ui.dialogs.prep import TOP_ITEMS, PrepDialog, PrepPanel
from tests.ui.prep_helpers import (
    DANS_WORDS,
    DEMO_TODAY,
    NOW,
    TELL_DAN,
    clock,
    dans_guest_session,
    texts,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(db: Database) -> Database:
    generate_demo(db, "demo", today=DEMO_TODAY)
    return db


@pytest.fixture
def panel(qtbot, demo: Database) -> PrepPanel:
    widget = PrepPanel(demo, clock=clock)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show_session(dans_guest_session(demo))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_first_checklist_entry_tells_dan_and_quotes_his_words(panel: PrepPanel) -> None:
    boxes = panel.checklist_boxes()
    assert boxes, "the checklist is empty"
    assert boxes[0].text() == TELL_DAN
    assert not boxes[0].isChecked()
    content = panel.scroll.widget()
    words = texts(content, "clientWords")
    assert words[0] == DANS_WORDS  # the first quote on the panel is the checklist's
    assert "Dan asked for this" in texts(content, "statedWish")
    assert any("not told yet" in text for text in texts(content, "guestWarning"))
    # The action outweighs the quote: bold at the normal size; Dan's words are quieter
    # (not bold, no larger) but whole, wrapping rather than cut.
    quote = next(label for label in content.findChildren(QLabel) if label.text() == DANS_WORDS)
    assert boxes[0].font().bold() and not quote.font().bold()
    assert quote.font().pointSizeF() <= boxes[0].font().pointSizeF()
    assert quote.wordWrap()


def test_the_guest_and_the_quote_are_each_said_once(panel: PrepPanel) -> None:
    """The header names the guest; no circumstance line, checklist reason or item reason
    says it again.  Dan's words sit by the action, and what matters does not quote them
    a second time."""
    content = panel.scroll.widget()
    if panel.fold_button is not None:
        panel.fold_button.setChecked(True)  # the folded items too
    shown = [text for text in texts(content) if "Maria Lopez (BUILT TO LEAD)" in text]
    agenda = texts(content, "sessionAgenda")
    assert [text for text in shown if text not in agenda] == [
        "With Maria Lopez (BUILT TO LEAD) — ⚠ not told yet"
    ]
    assert texts(content).count(DANS_WORDS) == 1
    assert any("someone else joins" in text for text in texts(content, "reasons"))


def test_ticking_tell_guest_records_it_and_the_entry_stays_done(qtbot, panel: PrepPanel) -> None:
    session_id = panel.session_id
    assert session_id is not None
    box = panel.checklist_boxes()[0]
    with (
        qtbot.waitSignal(panel.changed, timeout=2000),
        qtbot.waitSignal(panel.status_message, timeout=2000) as said,
    ):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    # Said in the main window's status bar, whose own Ctrl+Z undoes deletes: so, where.
    assert said.args[0].endswith("Press Ctrl+Z in the prep window to undo.")
    session = get_session(panel.db, session_id)
    maria = next(guest for guest in session.guests if guest.name == "Maria Lopez")
    assert maria.client_informed_at == NOW  # the panel's clock, the time it shows
    assert TELL_DAN not in [b.text() for b in panel.checklist_boxes()]
    assert panel.done_texts() == ["✓ Told Dan about Maria Lopez at 09:00"]
    assert "Nothing to do before this session." not in texts(panel.scroll.widget())
    panel.reload()
    assert TELL_DAN not in [b.text() for b in panel.checklist_boxes()]
    assert panel.done_texts() == ["✓ Told Dan about Maria Lopez at 09:00"]
    # Once the entry is done, what matters quotes Dan's words again.
    assert DANS_WORDS in texts(panel.scroll.widget(), "clientWords")


def test_items_are_ranked_with_reasons_and_the_rest_folded(panel: PrepPanel) -> None:
    from coachdesk.domain.practice import MatterData
    from coachdesk.storage.matters import create_matter

    for words in ("Start on time", "Send the notes the same day"):
        create_matter(panel.db, MatterData(1, words, importance=1))
    panel.reload()
    prep = panel.prep
    assert prep is not None
    quoted_above = {entry.wish_ids[0] for entry in prep.checklist if entry.stated_wish}
    items = [item for item in prep.items if item.matter.id not in quoted_above]
    assert len(items) > TOP_ITEMS
    content = panel.scroll.widget()
    shown = texts(content, "clientWords")[1:]  # after the checklist's quote
    top = [f"“{item.matter.statement}”" for item in items[:TOP_ITEMS]]
    assert shown[:TOP_ITEMS] == top
    assert any("someone else joins" in text for text in texts(content, "reasons"))
    rest = [f"“{item.matter.statement}”" for item in items[TOP_ITEMS:]]
    assert not set(rest) & set(texts(content, "clientWords"))  # folded rows not even built
    button = panel.fold_button
    assert button is not None
    assert button.text() == f"{len(rest)} more…"
    button.click()
    assert set(rest) <= set(texts(content, "clientWords"))
    button.click()
    assert not set(rest) & set(texts(content, "clientWords"))


def test_an_item_kept_off_printouts_is_shown_marked(panel: PrepPanel) -> None:
    assert panel.prep is not None
    kept_off = [item for item in panel.prep.items if item.matter.keep_off_printouts]
    assert kept_off, "the demo has no item kept off printouts for Dan"
    if panel.fold_button is not None:
        panel.fold_button.setChecked(True)
    content = panel.scroll.widget()
    assert sum("not printed" in text for text in texts(content, "itemMeta")) == len(kept_off)


def test_an_unknown_session_shows_a_plain_message(qtbot, demo: Database) -> None:
    widget = PrepPanel(demo, clock=clock)
    qtbot.addWidget(widget)
    widget.show_session(999_999)
    assert texts(widget.scroll.widget(), "prepMessage") == [
        "This session no longer exists (perhaps it was deleted)."
    ]
    assert widget.checklist_boxes() == []


def test_the_dialog_opens_for_a_session_and_escape_closes_it(qtbot, demo: Database) -> None:
    dialog = PrepDialog(demo, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show_for(dans_guest_session(demo))
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and not dialog.isModal()
    assert "Daniel Okafor" in dialog.windowTitle()
    assert dialog.panel.checklist_boxes()[0].text() == TELL_DAN
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) needed")
def test_save_as_pdf_writes_the_sheet_with_the_clients_words(qtbot, demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    session_id = dans_guest_session(demo)
    dialog = PrepDialog(demo, session_id, clock=clock)
    qtbot.addWidget(dialog)
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF files (*.pdf)")
    )
    dialog.pdf_button.click()
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Let me know ahead of time if someone else will join" in text
    assert str(target) in dialog.result_bar.text.text()  # said in the prep window itself


def test_the_sheet_prints_the_prep_the_panel_shows(qtbot, demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from coachdesk.printing import prep_sheet

    dialog = PrepDialog(demo, dans_guest_session(demo), clock=clock)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(tmp_path / "sheet.pdf"), "PDF files (*.pdf)"),
    )
    printed = []
    real = prep_sheet.render_prep_sheet

    def render(data, target, *, prep=None, page_size=None, lock=None):
        printed.append((data, prep))
        assert lock is None  # a plain practice's sheet
        return real(data, target, prep=prep, page_size=page_size, lock=lock)

    monkeypatch.setattr(prep_sheet, "render_prep_sheet", render)
    dialog.pdf_button.click()
    [(data, prep)] = printed
    assert data is dialog.panel.data and prep is dialog.panel.prep
    assert data.now == clock()  # the panel's moment, not a second read's


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) needed")
@pytest.mark.parametrize("way", ["save-pdf", "print"])
def test_the_sheet_is_what_the_window_shows_though_the_file_changed_since(
    qtbot, demo, tmp_path, monkeypatch, way
):
    """Between showing and printing the file changes (Dan is told about Maria, a matter on
    screen is retired): a second read would drop both, yet the paper is what is on screen."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QFileDialog

    from coachdesk.domain.prep import TELL_GUEST, build_prep
    from coachdesk.storage.matters import set_matter_active
    from coachdesk.storage.prep import load_prep_input
    from coachdesk.storage.sessions import set_guest_informed

    session_id = dans_guest_session(demo)
    dialog = PrepDialog(demo, session_id, clock=clock)
    qtbot.addWidget(dialog)
    prep = dialog.panel.prep
    assert prep is not None
    content = dialog.panel.scroll.widget()
    assert dialog.panel.checklist_boxes()[0].text() == TELL_DAN
    assert any("not told yet" in text for text in texts(content, "guestWarning"))
    retired = next(
        item.matter
        for item in prep.items
        if not item.matter.keep_off_printouts and f"“{item.matter.statement}”" != DANS_WORDS
    )
    assert f"“{retired.statement}”" in texts(content, "clientWords")

    maria = next(g for g in get_session(demo, session_id).guests if g.name == "Maria Lopez")
    set_guest_informed(demo, maria.id, True)
    set_matter_active(demo, retired.id, False)
    reread = build_prep(load_prep_input(demo, session_id, now=clock()))
    assert TELL_GUEST not in [entry.kind for entry in reread.checklist]
    assert retired.id not in [item.matter.id for item in reread.items]

    target = tmp_path / "sheet.pdf"
    if way == "save-pdf":
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF (*.pdf)")
        )
        dialog.pdf_button.click()
    else:

        def print_to_file(preview: QPrintPreviewDialog) -> int:
            printer = preview.printer()
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))
            preview.paintRequested.emit(printer)
            return 0

        monkeypatch.setattr(QPrintPreviewDialog, "exec", print_to_file)
        dialog.print_button.click()
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    printed = " ".join(text.split())
    assert TELL_DAN in printed
    assert "not told yet" in printed
    assert f"“{retired.statement}”" in printed


def test_the_printer_path_paints_one_page(qtbot, demo, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from coachdesk.domain.prep import build_prep
    from coachdesk.printing.prep_sheet import paint_prep_sheet
    from coachdesk.storage.prep import load_prep_input

    data = load_prep_input(demo, dans_guest_session(demo))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    result = paint_prep_sheet(data, printer, prep=build_prep(data))
    assert result.pages == 1 and result.items_printed >= 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_ticking_confirm_place_records_it(qtbot, db):
    from datetime import timedelta

    from coachdesk.domain.clients import ClientData
    from coachdesk.domain.practice import SessionData
    from coachdesk.domain.vocab import Medium
    from coachdesk.storage.clients import create_client
    from coachdesk.storage.sessions import create_session, set_session_status

    client_id = create_client(db, ClientData(name="Ada"))
    for weeks in (3, 2, 1):
        held = create_session(
            db, SessionData(client_id, NOW - timedelta(weeks=weeks), medium=Medium.IN_PERSON)
        )
        set_session_status(db, held, SessionStatus.HELD)
    session_id = create_session(
        db, SessionData(client_id, NOW + timedelta(days=1), medium=Medium.VIDEO)
    )
    panel = PrepPanel(db, clock=clock)
    qtbot.addWidget(panel)
    panel.show_session(session_id)
    boxes = panel.checklist_boxes()
    assert [box.text() for box in boxes] == ["Confirm with Ada how and where you will meet"]
    boxes[0].click()
    assert get_session(db, session_id).place_confirmed_at == NOW
    assert panel.checklist_boxes() == []
    assert panel.done_texts() == ["✓ Confirmed with Ada how and where you will meet at 09:00"]


def test_a_recorded_session_asks_first_and_the_tick_records_consent(qtbot, db):
    from datetime import timedelta

    from coachdesk.domain.clients import ClientData
    from coachdesk.domain.practice import MatterData, SessionData
    from coachdesk.storage.clients import create_client
    from coachdesk.storage.matters import create_matter
    from coachdesk.storage.sessions import create_session, set_session_status

    client_id = create_client(db, ClientData(name="Lena Vogt", preferred_name="Lena"))
    held = create_session(db, SessionData(client_id, NOW - timedelta(weeks=1)))
    set_session_status(db, held, SessionStatus.HELD)
    wish = "Bitte frag mich, bevor du etwas aufnimmst"
    create_matter(db, MatterData(client_id, wish, language="de"))  # nothing ticked
    session_id = create_session(
        db, SessionData(client_id, NOW + timedelta(days=1), agenda="Ziele", recorded=True)
    )
    panel = PrepPanel(db, clock=clock)
    qtbot.addWidget(panel)
    panel.show_session(session_id)
    [box] = panel.checklist_boxes()
    assert box.text() == "Ask Lena before recording"
    assert f"“{wish}”" in texts(panel, "clientWords")
    assert "Agenda: Ziele" in texts(panel, "sessionAgenda")
    box.click()
    assert get_session(db, session_id).recording_consent_at == clock()
    assert panel.checklist_boxes() == []
    assert panel.done_texts() == ["✓ Lena agreed to the recording at 09:00"]


def test_the_panel_shows_everything_and_marks_what_paper_leaves_out(qtbot, db):
    from datetime import timedelta

    from coachdesk.domain.clients import ClientData
    from coachdesk.domain.practice import MatterData, SessionData
    from coachdesk.storage.clients import create_client
    from coachdesk.storage.matters import create_matter
    from coachdesk.storage.sessions import create_session

    client_id = create_client(db, ClientData(name="Ines Moreau"))
    create_matter(
        db, MatterData(client_id, "Never raise the divorce with others", keep_off_printouts=True)
    )
    session_id = create_session(
        db, SessionData(client_id, NOW + timedelta(days=1), agenda="How the divorce weighs")
    )
    panel = PrepPanel(db, clock=clock)
    qtbot.addWidget(panel)
    panel.show_session(session_id)
    assert texts(panel, "sessionAgenda") == ["Agenda: How the divorce weighs (not printed)"]
