"""The prep window as a coach works it: keyboard first, a tick kept in the list as done
with its time and undone by Ctrl+Z (the database read back each time), sections numbered
by what is shown, a size kept between openings, a checkbox that reads in a dark palette."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt, QTime
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QStyle, QWidget

from coachdesk.demo import generate_demo
from coachdesk.display.timefmt import format_clock
from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import Medium, SessionStatus
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import (
    confirm_place,
    create_session,
    get_session,
    set_session_status,
)
from coachdesk.ui.dialogs.prep import PrepDialog, PrepPanel
from coachdesk.ui.dialogs.prep.dialog import GEOMETRY_KEY
from tests.helpers import click_button, message_text, when_modal
from tests.ui.prep_helpers import DEMO_TODAY, NOW, TELL_DAN, clock, dans_guest_session, texts

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(db: Database) -> Database:
    generate_demo(db, "demo", today=DEMO_TODAY)
    return db


def open_window(qtbot, db: Database, session_id: int, settings: QSettings | None) -> PrepDialog:
    dialog = PrepDialog(db, clock=clock, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show_for(session_id)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def informed_at(db: Database, session_id: int):
    session = get_session(db, session_id)
    return next(g for g in session.guests if g.name == "Maria Lopez").client_informed_at


def local_clock(zone: str) -> str:
    """NOW as the coach reads it in ``zone``: worked out here, not by the panel's code."""
    local = NOW.astimezone(ZoneInfo(zone))
    return format_clock(QTime(local.hour, local.minute))


def ada_with_a_new_place_and_a_recording(db: Database) -> int:
    """A session with two things to do first: confirm the place (video, where Ada is
    usually met in person) and ask before recording."""
    client_id = create_client(db, ClientData(name="Ada"))
    for weeks in (3, 2, 1):
        held = create_session(
            db, SessionData(client_id, NOW - timedelta(weeks=weeks), medium=Medium.IN_PERSON)
        )
        set_session_status(db, held, SessionStatus.HELD)
    return create_session(
        db, SessionData(client_id, NOW + timedelta(days=1), medium=Medium.VIDEO, recorded=True)
    )


def test_a_tick_shows_done_with_its_time_and_ctrl_z_puts_the_file_back(
    qtbot, demo, settings, local_zone
):
    session_id = dans_guest_session(demo)
    dialog = open_window(qtbot, demo, session_id, settings)
    panel = dialog.panel
    first = panel.checklist_boxes()[0]
    assert first.text() == TELL_DAN
    assert QApplication.focusWidget() is first  # the keyboard starts on the first action
    assert informed_at(demo, session_id) is None

    with qtbot.waitSignal(panel.changed, timeout=2000):
        qtbot.keyClick(first, Qt.Key.Key_Space)
    assert informed_at(demo, session_id) == NOW
    assert panel.done_texts() == [f"✓ Told Dan about Maria Lopez at {local_clock(local_zone)}"]
    assert TELL_DAN not in [box.text() for box in panel.checklist_boxes()]
    assert "⚠ not told yet" not in " ".join(texts(panel.scroll.widget()))
    undo = panel.undo_button
    assert undo is not None and undo.isVisibleTo(dialog)
    assert QApplication.focusWidget() is undo  # nothing left open: the keyboard is on Undo

    with qtbot.waitSignal(panel.changed, timeout=2000):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
        )
    assert informed_at(demo, session_id) is None
    assert panel.done_texts() == []
    reopened = panel.checklist_boxes()[0]
    assert reopened.text() == TELL_DAN and not reopened.isChecked()
    assert QApplication.focusWidget() is reopened
    assert any("not told yet" in text for text in texts(panel.scroll.widget(), "guestWarning"))

    # Redo writes the same moment again, not a new one.
    with qtbot.waitSignal(panel.changed, timeout=2000):
        panel.redo_action.trigger()
    assert informed_at(demo, session_id) == NOW
    assert panel.done_texts() == [f"✓ Told Dan about Maria Lopez at {local_clock(local_zone)}"]


def test_the_undo_button_undoes_the_latest_tick_and_leaves_the_first_done(qtbot, db, settings):
    session_id = ada_with_a_new_place_and_a_recording(db)
    dialog = open_window(qtbot, db, session_id, settings)
    panel = dialog.panel
    place, recording = panel.checklist_boxes()
    assert place.text() == "Confirm with Ada how and where you will meet"
    assert recording.text() == "Ask Ada before recording"
    qtbot.keyClick(place, Qt.Key.Key_Space)
    assert QApplication.focusWidget() is panel.checklist_boxes()[0]  # on to the next entry
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    session = get_session(db, session_id)
    assert session.place_confirmed_at == NOW and session.recording_consent_at == NOW
    assert panel.done_texts() == [
        "✓ Confirmed with Ada how and where you will meet at 09:00",
        "✓ Ada agreed to the recording at 09:00",
    ]  # in the order they were listed, each where it stood
    assert panel.undo_button is not None
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    session = get_session(db, session_id)
    assert session.place_confirmed_at == NOW and session.recording_consent_at is None
    assert panel.done_texts() == ["✓ Confirmed with Ada how and where you will meet at 09:00"]
    assert [box.text() for box in panel.checklist_boxes()] == ["Ask Ada before recording"]
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert get_session(db, session_id).place_confirmed_at is None
    assert len(panel.checklist_boxes()) == 2 and panel.undo_button is None
    assert not panel.undo_action.isEnabled()


def test_an_undo_never_overwrites_what_was_recorded_since(qtbot, db, settings):
    session_id = ada_with_a_new_place_and_a_recording(db)
    dialog = open_window(qtbot, db, session_id, settings)
    panel = dialog.panel
    qtbot.keyClick(panel.checklist_boxes()[0], Qt.Key.Key_Space)
    later = NOW + timedelta(minutes=20)
    confirm_place(db, session_id, later)  # confirmed again meanwhile, from another page
    said: list[str] = []
    when_modal(lambda box: (said.append(message_text(box)), click_button(box, "OK")))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(said))
    assert "changed elsewhere" in said[0]
    assert get_session(db, session_id).place_confirmed_at == later
    qtbot.waitUntil(lambda: panel.undo_stack.index() == 1)  # the tick is still there to undo
    assert panel.undo_action.isEnabled()


def test_another_session_starts_with_nothing_to_undo(qtbot, demo, db, settings):
    dialog = open_window(qtbot, demo, dans_guest_session(demo), settings)
    qtbot.keyClick(dialog.panel.checklist_boxes()[0], Qt.Key.Key_Space)
    assert dialog.panel.undo_action.isEnabled()
    other = ada_with_a_new_place_and_a_recording(db)
    dialog.show_for(other)
    assert not dialog.panel.undo_action.isEnabled()
    assert dialog.panel.done_texts() == []


def test_a_tick_reversed_elsewhere_shows_open_again(qtbot, demo, settings):
    from coachdesk.storage.sessions import set_guest_informed

    session_id = dans_guest_session(demo)
    dialog = open_window(qtbot, demo, session_id, settings)
    panel = dialog.panel
    qtbot.keyClick(panel.checklist_boxes()[0], Qt.Key.Key_Space)
    maria = next(g for g in get_session(demo, session_id).guests if g.name == "Maria Lopez")
    set_guest_informed(demo, maria.id, False)  # unticked in the session's own dialog
    panel.reload()
    assert [box.text() for box in panel.checklist_boxes()] == [TELL_DAN]
    assert panel.done_texts() == [] and panel.undo_button is None


def section_titles(panel: PrepPanel) -> list[str]:
    return texts(panel.scroll.widget(), "sectionTitle")


def test_sections_are_numbered_by_what_is_shown(qtbot, db, demo):
    """A first session has no repairs, promises, last time or trust trend: those are left
    out, said once at the end, and the numbers run on without a gap."""
    client_id = create_client(db, ClientData(name="Noor"))
    first = create_session(db, SessionData(client_id, NOW + timedelta(days=2)))
    panel = PrepPanel(db, clock=clock)
    qtbot.addWidget(panel)
    panel.show_session(first)
    assert section_titles(panel) == [
        "1. Before the session",
        "2. What matters for this session",
        "3. Questions to ask",
    ]
    assert texts(panel.scroll.widget(), "nothingOpen") == [
        "No open repairs. No promises due by this session. No earlier session was held."
    ]

    panel.show_session(dans_guest_session(demo))
    titles = section_titles(panel)
    numbers = [int(title.split(".")[0]) for title in titles]
    assert numbers == list(range(1, len(titles) + 1))
    trust = next(title for title in titles if title.endswith("Trust trend"))
    [raised] = texts(panel.scroll.widget(), "trustRaised")
    assert raised.endswith(f"see {trust}")


def test_a_wide_window_sets_the_sections_in_two_columns(qtbot, demo):
    panel = PrepPanel(demo, clock=clock)
    qtbot.addWidget(panel)
    panel.show_session(dans_guest_session(demo))
    panel.show()
    column = panel.scroll.widget()

    def lefts() -> dict[str, int]:
        content = panel.scroll.widget()
        return {
            label.text(): label.mapTo(content, label.rect().topLeft()).x()
            for label in content.findChildren(QLabel)
            if label.objectName() == "sectionTitle"
        }

    def two_columns() -> bool:
        shown = lefts()
        left = shown["1. Before the session"]
        rest = [x for title, x in shown.items() if not title.startswith(("1.", "2."))]
        return shown["2. What matters for this session"] == left and min(rest) > left

    chars = panel.fontMetrics().averageCharWidth()
    panel.resize(chars * 150, 700)
    qtbot.waitUntil(lambda: column.wide and two_columns())
    panel.resize(chars * 90, 700)
    qtbot.waitUntil(lambda: not column.wide and len(set(lefts().values())) == 1)


def test_tab_goes_from_the_first_action_to_the_buttons_as_they_stand(
    qtbot, demo, settings, monkeypatch
):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    previews: list[QPrintPreviewDialog] = []
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda preview: previews.append(preview) or 0)
    dialog = open_window(qtbot, demo, dans_guest_session(demo), settings)
    first = dialog.panel.checklist_boxes()[0]
    assert QApplication.focusWidget() is first
    stops = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        stops.append(focused.text().replace("&", "") if focused is not first else "first action")
    assert stops == ["Print…", "Save as PDF…", "Close", "first action"]
    qtbot.keyClick(first, Qt.Key.Key_Return)  # Enter closes, as before, though Tab
    assert not dialog.isVisible()  # passed over Print, which never takes the default
    assert previews == []


def test_with_nothing_to_do_the_keyboard_lands_in_the_column(qtbot, db, settings):
    client_id = create_client(db, ClientData(name="Noor"))
    first = create_session(db, SessionData(client_id, NOW + timedelta(days=2)))
    dialog = open_window(qtbot, db, first, settings)
    assert dialog.panel.checklist_boxes() == []
    assert QApplication.focusWidget() is dialog.panel.scroll


def test_the_window_opens_at_the_size_it_was_closed_at(qtbot, demo, settings):
    session_id = dans_guest_session(demo)
    dialog = open_window(qtbot, demo, session_id, settings)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    assert dialog.minimumWidth() <= 1024 * 0.6 and dialog.minimumHeight() <= 640 * 0.7
    assert dialog.width() > dialog.minimumWidth() and dialog.height() > dialog.minimumHeight()
    dialog.resize(dialog.minimumWidth() + 37, dialog.minimumHeight() + 23)
    wanted = dialog.size()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert settings.contains(GEOMETRY_KEY)

    again = open_window(qtbot, demo, session_id, settings)
    assert again.size() == wanted
    fresh = open_window(qtbot, demo, session_id, None)  # no settings: the default again
    assert fresh.size() != wanted


def indicator_contrast(box: QCheckBox) -> int:
    """How far the box's drawn indicator strays from the window colour behind it: the
    largest lightness difference of any pixel inside the indicator's square."""
    image: QImage = box.grab().toImage()
    size = box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
    top = (box.height() - size) // 2
    behind = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness()
    return max(
        abs(QColor(image.pixel(x, y)).lightness() - behind)
        for x in range(size)
        for y in range(top, top + size)
    )


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in {
        "Window": "#2b2b2b",
        "WindowText": "#e6e6e6",
        "Base": "#1e1e1e",
        "Text": "#e6e6e6",
        "Button": "#3a3a3a",
        "ButtonText": "#e6e6e6",
        "Highlight": "#3d6fb4",
        "HighlightedText": "#ffffff",
    }.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def test_the_checkbox_reads_in_a_dark_palette(qtbot, demo):
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(dark_palette())
    try:
        panel = PrepPanel(demo, clock=clock)
        qtbot.addWidget(panel)
        panel.resize(700, 600)
        panel.show_session(dans_guest_session(demo))
        panel.show()
        qtbot.waitExposed(panel)
        box = panel.checklist_boxes()[0]
        plain = QCheckBox(TELL_DAN)
        holder = QWidget()
        qtbot.addWidget(holder)
        plain.setParent(holder)
        holder.show()
        qtbot.waitExposed(holder)
        assert indicator_contrast(box) >= 80
        if app.style().name() == "fusion":  # where the plain box all but vanishes
            assert indicator_contrast(plain) < indicator_contrast(box)
        quote = next(
            label for label in panel.findChildren(QLabel) if label.objectName() == "clientWords"
        )
        assert quote.palette().color(QPalette.ColorRole.WindowText).lightness() >= 150
    finally:
        app.setPalette(before)


def test_undoing_a_confirmed_new_time_clears_the_session_and_its_move(qtbot, db, settings):
    from coachdesk.storage.sessions import update_session

    client_id = create_client(db, ClientData(name="Ada"))
    session_id = create_session(db, SessionData(client_id, NOW + timedelta(days=1)))
    update_session(db, session_id, SessionData(client_id, NOW + timedelta(days=2)))
    dialog = open_window(qtbot, db, session_id, settings)
    panel = dialog.panel
    [box] = panel.checklist_boxes()
    assert box.text() == "Confirm the new time with Ada"
    qtbot.keyClick(box, Qt.Key.Key_Space)
    moved = get_session(db, session_id)
    assert moved.reschedule_confirmed_at == NOW and moved.moves[-1].confirmed_at == NOW
    assert panel.done_texts() == ["✓ Ada confirmed the new time at 09:00"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    moved = get_session(db, session_id)
    assert moved.reschedule_confirmed_at is None and moved.moves[-1].confirmed_at is None
    assert [b.text() for b in panel.checklist_boxes()] == ["Confirm the new time with Ada"]
