"""Scheduling, guests, moving, closing, filtering and deleting sessions through the real
Sessions page and session dialog, checked in the database afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from coachdesk.display.timefmt import format_when, to_qdatetime
from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import GuestSource, Medium, SessionStatus
from coachdesk.storage.clients import create_client
from coachdesk.storage.sessions import (
    add_guest,
    create_session,
    delete_session,
    get_session,
    list_sessions,
    set_guest_informed,
    set_session_status,
)
from coachdesk.ui.dialogs.session import (
    GUEST_BROUGHT_BY,
    GUEST_INFORMED,
    GUEST_NAME,
    SessionDialog,
)
from coachdesk.ui.pages.sessions import SESSION_RANGES, SessionsPage
from coachdesk.ui.widgets.row_model import ID_ROLE
from coachdesk.ui.widgets.style import WARNING_MARK
from tests.helpers import click_button, message_text, when_modal

pytestmark = pytest.mark.gui


def at_hour(days: int, hour: int = 10) -> datetime:
    """``days`` from today at ``hour`` local time, as aware UTC."""
    local = datetime.now().astimezone() + timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(UTC)


def schedule(db, client_id: int, start: datetime, **fields) -> int:
    return create_session(db, SessionData(client_id=client_id, start=start, **fields))


@pytest.fixture
def undo_stack(qtbot):
    return QUndoStack()


@pytest.fixture
def page(qtbot, db, settings, undo_stack):
    widget = SessionsPage(db, undo_stack, settings)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def dan(db) -> int:
    create_client(db, ClientData(name="Ada Lovelace"))
    return create_client(db, ClientData(name="Dan Okafor"))


def open_dialog(qtbot, db, **kwargs) -> SessionDialog:
    dialog = SessionDialog(db, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def answer(messages: list[str], button: str):
    def respond(box):
        messages.append(message_text(box))
        click_button(box, button)

    return respond


def to_do(page: SessionsPage, session_id: int) -> str:
    return page.to_do_text(page.model.row_at(page.model.row_for_id(session_id)))


# The offscreen platform cannot raise the completer's popup or let it grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_schedule_a_session_with_guests_then_tick_informed(qtbot, page, db, dan):
    start = at_hour(3)
    page.reload()
    assert page.stack.currentWidget() is page.empty_label
    assert "Ctrl+Shift+N" in page.empty_label.text()

    def fill(dialog):
        assert isinstance(dialog, SessionDialog)
        assert not dialog.save_button.isEnabled()
        assert "Choose the client" in dialog.field_note("client")
        picker = dialog.client_picker
        qtbot.keyClicks(picker.lineEdit(), "okaf")
        popup = picker.completer().popup()
        assert popup.isVisible() and popup.model().rowCount() == 1
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert dialog.client_id() == dan
        dialog.start.setDateTime(to_qdatetime(start))
        qtbot.keyClicks(dialog.agenda, "Prepare the board presentation")
        qtbot.keyClicks(dialog.location, "Harbour office")
        for name, role in (("Maria Lopez", "BUILT TO LEAD"), ("Sam Lee", "")):
            qtbot.keyClicks(dialog.guest_name, name)
            qtbot.keyClicks(dialog.guest_role, role)
            assert not dialog.save_button.isEnabled()
            assert name in dialog.problem_label.text()
            qtbot.keyClick(dialog.guest_name, Qt.Key.Key_Return)
        assert dialog.isVisible(), "Enter in the guest's name must add, not save"
        assert dialog.guest_table.rowCount() == 2
        informed = dialog.guest_table.item(0, GUEST_INFORMED)
        assert informed.text() == f"{WARNING_MARK} not told yet"
        dialog.guest_table.setCurrentCell(1, GUEST_INFORMED)
        qtbot.keyClick(dialog.guest_table, Qt.Key.Key_Space)
        assert dialog.guest_table.item(1, GUEST_INFORMED).text().startswith("told ")
        assert dialog.save_button.isEnabled()
        qtbot.keyClick(dialog.location, Qt.Key.Key_Return)

    seen = when_modal(fill)
    page.new_button.click()
    assert seen
    [row] = list_sessions(db)
    assert (row.client_id, row.start, row.agenda, row.location, row.status) == (
        dan,
        start,
        "Prepare the board presentation",
        "Harbour office",
        SessionStatus.PLANNED,
    )
    assert [(g.name, g.role, g.announced) for g in row.guests] == [
        ("Maria Lopez", "BUILT TO LEAD", False),
        ("Sam Lee", "", True),
    ]
    assert page.selected_id() == row.id
    assert (
        to_do(page, row.id)
        == f"{WARNING_MARK} Tell {row.client_name} ahead of time that Maria Lopez will join"
    )

    before = datetime.now(UTC)

    def tick(dialog):
        table = dialog.guest_table
        assert table.item(0, GUEST_NAME).text() == "Maria Lopez"
        table.setFocus()
        table.setCurrentCell(0, GUEST_INFORMED)
        qtbot.keyClick(table, Qt.Key.Key_Space)
        informed_at = get_session(db, row.id).guests[0].client_informed_at
        assert informed_at is not None and informed_at >= before - timedelta(seconds=1)
        assert table.item(0, GUEST_INFORMED).text().startswith("told ")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(tick)
    page.edit_selected()
    assert all(guest.announced for guest in get_session(db, row.id).guests)
    assert to_do(page, row.id) == ""


def test_reschedule_keeps_the_original_start_and_confirming_is_recorded(qtbot, page, db, dan):
    first, second, third = at_hour(2), at_hour(4, 15), at_hour(5, 9)
    session_id = schedule(db, dan, first)
    page.reload()
    page.select_id(session_id)

    def move(dialog, to):
        assert dialog.move_label.isHidden()
        dialog.start.setDateTime(to_qdatetime(to))
        assert dialog.move_label.isVisible()
        assert "original time is kept" in dialog.move_label.text()
        dialog.save_button.click()

    when_modal(lambda dialog: move(dialog, second))
    page.edit_selected()
    row = get_session(db, session_id)
    assert (row.start, row.original_start, row.reschedule_confirmed_at) == (second, first, None)
    assert "Confirm the new time with" in to_do(page, session_id)

    def confirm_time(dialog):
        assert dialog.original_label.text().startswith(
            f"Originally planned for {format_when(first)}"
        )
        assert dialog.confirm_time_button.isVisible()
        dialog.confirm_time_button.click()
        assert get_session(db, session_id).reschedule_confirmed_at is not None
        assert dialog.confirm_time_button.isHidden()
        assert "confirmed the new time" in dialog.original_label.text()
        dialog.reject()

    when_modal(confirm_time)
    page.edit_selected()
    assert to_do(page, session_id) == f"moved from {format_when(first)}"

    when_modal(lambda dialog: move(dialog, third))
    page.edit_selected()
    row = get_session(db, session_id)
    assert (row.start, row.original_start, row.reschedule_confirmed_at) == (third, first, None)


def test_a_past_start_warns_and_asks_before_saving(qtbot, db, dan):
    dialog = open_dialog(qtbot, db, client_id=dan)
    assert dialog.client_label.text() == "Dan Okafor"
    assert dialog.past_label.isHidden()
    past = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)
    dialog.start.setDateTime(to_qdatetime(past))
    assert dialog.past_label.isVisible()
    assert dialog.past_label.text().startswith(WARNING_MARK)
    assert "would start in the past" in dialog.past_label.text()
    assert dialog.save_button.isEnabled(), "a warning, not an error"

    messages: list[str] = []
    when_modal(answer(messages, "Cancel"))
    dialog.save_button.click()
    assert list_sessions(db) == []
    assert dialog.isVisible()

    when_modal(answer(messages, "Plan it anyway"))
    dialog.save_button.click()
    assert len(messages) == 2
    assert messages[0].startswith("Plan a session that has already started?")
    [row] = list_sessions(db)
    assert (row.start, row.status) == (past, SessionStatus.PLANNED)


def test_mark_held_emits_held_and_sets_the_status(qtbot, page, db, dan):
    session_id = schedule(db, dan, at_hour(-1))
    dialog = open_dialog(qtbot, db, session_id=session_id)
    assert dialog.status_label.text() == "Planned"
    assert "time has passed" in dialog.past_label.text()
    qtbot.keyClicks(dialog.private_notes, "Good energy")
    with qtbot.waitSignal(dialog.held) as blocker:
        dialog.held_button.click()
    assert blocker.args == [session_id]
    assert not dialog.isVisible()
    row = get_session(db, session_id)
    assert (row.status, row.private_notes) == (SessionStatus.HELD, "Good energy")

    other = schedule(db, dan, at_hour(1))
    page.reload()
    page.select_id(other)
    asked: list[str] = []

    def mark_held(dialog) -> None:
        when_modal(answer(asked, "Mark held"))  # tomorrow's: it asks first
        dialog.held_button.click()

    when_modal(mark_held)
    with qtbot.waitSignal(page.session_held) as blocker:
        page.edit_selected()
    assert blocker.args == [other]
    assert get_session(db, other).status is SessionStatus.HELD
    assert "still to come" in asked[0]


def test_cancel_asks_first(qtbot, page, db, dan):
    session_id = schedule(db, dan, at_hour(2))
    dialog = open_dialog(qtbot, db, session_id=session_id)
    messages: list[str] = []
    when_modal(answer(messages, "Cancel"))
    dialog.cancel_session_button.click()
    assert get_session(db, session_id).status is SessionStatus.PLANNED
    assert dialog.isVisible()
    when_modal(answer(messages, "Cancel session"))
    dialog.cancel_session_button.click()
    assert get_session(db, session_id).status is SessionStatus.CANCELLED
    assert "Cancel the session with Dan Okafor" in messages[0]

    other = schedule(db, dan, at_hour(3))
    page.reload()
    page.select_id(other)
    when_modal(answer(messages, "Cancel"))
    page.set_status(SessionStatus.CANCELLED)
    assert get_session(db, other).status is SessionStatus.PLANNED
    when_modal(answer(messages, "Cancel session"))
    page.set_status(SessionStatus.CANCELLED)
    assert get_session(db, other).status is SessionStatus.CANCELLED
    assert page.model.row_at(page.model.row_for_id(other)).status is SessionStatus.CANCELLED


def test_marking_a_session_deleted_meanwhile_says_so_and_drops_it(qtbot, page, db, dan):
    gone = schedule(db, dan, at_hour(2))
    kept = schedule(db, dan, at_hour(3))
    page.reload()
    page.select_id(gone)
    delete_session(db, gone)  # in another window, say
    messages: list[str] = []

    def mark_held_anyway(box) -> None:  # it is still to come: asked first
        when_modal(answer(messages, "OK"))
        click_button(box, "Mark held")

    when_modal(mark_held_anyway)
    with qtbot.assertNotEmitted(page.session_held):
        page.set_status(SessionStatus.HELD)
    assert messages == ["This session was deleted."]
    assert page.model.row_for_id(gone) is None
    assert get_session(db, kept).status is SessionStatus.PLANNED


def test_filters_narrow_the_list(qtbot, page, db, dan):
    ada = create_client(db, ClientData(name="Grace Hopper"))
    tomorrow = schedule(db, ada, at_hour(1), agenda="Board review")
    soon = schedule(db, dan, at_hour(3), medium=Medium.PHONE)
    later = schedule(db, ada, at_hour(20))
    past = schedule(db, dan, at_hour(-10))
    set_session_status(db, past, SessionStatus.HELD)
    page.reload()

    def shown() -> set[int]:
        return {page.proxy.index(n, 0).data(ID_ROLE) for n in range(page.proxy.rowCount())}

    assert SESSION_RANGES[page.period_filter.currentIndex()].label == "Next 30 days"
    assert shown() == {tomorrow, soon, later}
    page.client_filter.setCurrentIndex(page.client_filter.findData(dan))
    assert shown() == {soon}
    page.client_filter.setCurrentIndex(0)
    page.period_filter.setCurrentIndex(page.period_filter.findText("Next 7 days"))
    assert shown() == {tomorrow, soon}
    page.period_filter.setCurrentIndex(page.period_filter.findText("Past 30 days"))
    assert shown() == {past}
    page.period_filter.setCurrentIndex(page.period_filter.findText("Everything"))
    page.status_filter.setCurrentIndex(page.status_filter.findData(SessionStatus.HELD.value))
    assert shown() == {past}
    page.status_filter.setCurrentIndex(page.status_filter.findData(SessionStatus.NO_SHOW.value))
    assert page.stack.currentWidget() is page.empty_label
    assert "No sessions match these filters" in page.empty_label.text()
    page.status_filter.setCurrentIndex(0)
    assert shown() == {tomorrow, soon, later, past}
    qtbot.keyClicks(page.filter_edit, "board")
    assert shown() == {tomorrow}
    qtbot.keyClicks(page.filter_edit, "zzz")
    assert "boardzzz" in page.empty_label.text()


def test_a_session_saved_under_a_filter_that_hid_every_row_is_shown(qtbot, page, db, dan):
    schedule(db, dan, at_hour(2), agenda="Board review")
    page.reload()
    qtbot.keyClicks(page.filter_edit, "zzz")
    assert page.stack.currentWidget() is page.empty_label
    messages: list[str] = []
    page.status_message.connect(messages.append)
    saved = schedule(db, dan, at_hour(4), agenda="Offsite")
    page._on_saved(saved)  # as the session dialog's saved signal does
    assert page.stack.currentWidget() is page.table
    assert page.selected_id() == saved
    assert "does not match “zzz”" in messages[-1]


def test_delete_and_undo_restores_the_session_with_its_guests(qtbot, page, db, dan, undo_stack):
    session_id = schedule(db, dan, at_hour(2))
    told = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    add_guest(db, session_id, "Maria Lopez", "BUILT TO LEAD")
    set_guest_informed(db, add_guest(db, session_id, "Sam Lee"), True, when=told)
    before = get_session(db, session_id)
    page.reload()
    page.select_id(session_id)
    messages: list[str] = []
    statuses: list[str] = []
    page.status_message.connect(statuses.append)

    when_modal(answer(messages, "Cancel"))
    page.delete_button.click()
    assert len(list_sessions(db)) == 1

    when_modal(answer(messages, "Delete"))
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(messages) == 2
    assert f"Delete the session with Dan Okafor on {format_when(before.start)}?" in messages[1]
    assert "Maria Lopez, Sam Lee" in messages[1]
    assert list_sessions(db) == []
    assert page.stack.currentWidget() is page.empty_label
    assert "Ctrl+Z" in statuses[-1]

    undo_stack.undo()
    assert get_session(db, session_id) == before
    assert page.selected_id() == session_id
    undo_stack.redo()
    assert list_sessions(db) == []
    undo_stack.undo()
    assert get_session(db, session_id).guests[1].client_informed_at == told


def test_a_blank_guest_name_cannot_be_added(qtbot, db, dan):
    session_id = schedule(db, dan, at_hour(2))
    dialog = open_dialog(qtbot, db, session_id=session_id)
    assert dialog.guest_problem.isHidden()
    qtbot.keyClicks(dialog.guest_name, "   ")
    qtbot.keyClicks(dialog.guest_role, "Sponsor")
    qtbot.keyClick(dialog.guest_role, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.guest_problem.isVisible()
    assert "needs a name" in dialog.guest_problem.text()
    dialog.add_guest_button.click()
    assert dialog.guest_table.rowCount() == 0
    assert get_session(db, session_id).guests == ()
    qtbot.keyClicks(dialog.guest_name, "Ana")
    assert dialog.guest_problem.isHidden()


def test_who_brings_a_guest_is_chosen_by_keyboard_and_a_client_guest_needs_no_telling(
    qtbot, db, dan
):
    dialog = open_dialog(qtbot, db, client_id=dan)
    dialog.start.setDateTime(to_qdatetime(at_hour(3)))
    assert dialog.guest_brought_by.currentText() == "The coach"
    qtbot.keyClicks(dialog.guest_name, "Tom Okafor")
    dialog.guest_brought_by.setFocus()
    qtbot.keyClick(dialog.guest_brought_by, Qt.Key.Key_Down)
    assert dialog.guest_brought_by.currentText() == "The client"
    qtbot.keyClick(dialog.guest_brought_by, Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter on the choice adds the guest, it does not save"
    assert dialog.guest_brought_by.currentText() == "The coach", "back to the default"
    qtbot.keyClicks(dialog.guest_name, "Priya Nair")
    qtbot.keyClick(dialog.guest_name, Qt.Key.Key_Return)
    table = dialog.guest_table
    assert table.item(0, GUEST_INFORMED).text() == "the client brings them"
    assert WARNING_MARK in table.item(1, GUEST_INFORMED).text()
    table.cellWidget(1, GUEST_BROUGHT_BY).setCurrentIndex(2)  # a sponsor
    session_id = dialog.save()
    row = get_session(db, session_id)
    assert [(g.name, g.brought_by) for g in row.guests] == [
        ("Tom Okafor", GuestSource.CLIENT),
        ("Priya Nair", GuestSource.SPONSOR),
    ]
    assert [g.name for g in row.unannounced_guests] == ["Priya Nair"]

    editing = open_dialog(qtbot, db, session_id=session_id)
    choice = editing.guest_table.cellWidget(1, GUEST_BROUGHT_BY)
    assert choice.currentText() == "A sponsor"
    choice.setCurrentIndex(1)  # the client after all: written at once
    assert get_session(db, session_id).guests[1].brought_by is GuestSource.CLIENT
    assert editing.guest_table.cellWidget(1, GUEST_BROUGHT_BY) is choice
    assert get_session(db, session_id).unannounced_guests == ()


def test_right_to_left_and_emoji_guest_names_round_trip(qtbot, page, db, dan):
    session_id = schedule(db, dan, at_hour(2))
    names = ["ليلى حداد", "Zoë 🌱 Park"]
    dialog = open_dialog(qtbot, db, session_id=session_id)
    for name in names:
        dialog.guest_name.insert(name)  # QTest can only type ASCII
        dialog.add_guest_button.click()
    assert [g.name for g in get_session(db, session_id).guests] == names
    assert [dialog.guest_table.item(n, GUEST_NAME).text() for n in range(2)] == names
    dialog.reject()

    page.reload()
    row = page.model.row_for_id(session_id)
    guests_column = [c.header for c in page.model.columns].index("Guests")
    assert page.model.index(row, guests_column).data() == ", ".join(names)
    assert names[1] in to_do(page, session_id)
    page.filter_edit.insert("🌱")
    assert page.proxy.rowCount() == 1
    assert QApplication.activeModalWidget() is None


def test_a_double_click_opens_the_session_once(qtbot, db, settings, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QUndoStack

    from coachdesk.domain.clients import ClientData
    from coachdesk.domain.practice import SessionData
    from coachdesk.storage.clients import create_client
    from coachdesk.storage.sessions import create_session
    from coachdesk.ui.pages.sessions import SessionsPage

    client_id = create_client(db, ClientData(name="Ada"))
    create_session(db, SessionData(client_id, datetime.now(UTC) + timedelta(days=2)))
    page = SessionsPage(db, QUndoStack(), settings)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    page.reload()
    opened: list[int] = []
    monkeypatch.setattr(page, "edit_selected", lambda: opened.append(1))
    rect = page.table.visualRect(page.table.model().index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [1]


def test_capture_what_matters_from_a_session_makes_it_the_source(qtbot, db, dan):
    from coachdesk.storage.matters import list_matters

    session_id = schedule(db, dan, at_hour(-1))
    dialog = open_dialog(qtbot, db, session_id=session_id)

    def capture(matter_dialog):
        qtbot.keyClicks(matter_dialog.statement, "Don't surprise me with guests")
        matter_dialog.save_button.click()

    seen = when_modal(capture)
    dialog.capture_button.click()
    assert [type(widget).__name__ for widget in seen] == ["MatterDialog"]
    (matter,) = list_matters(db, dan)
    assert matter.statement == "Don't surprise me with guests"
    assert matter.source_session_id == session_id


def test_removing_a_guest_of_a_saved_session_asks_first(qtbot, db, dan):
    from coachdesk.storage.sessions import add_guest, get_session

    session_id = schedule(db, dan, at_hour(2))
    add_guest(db, session_id, "Maria Lopez", "BUILT TO LEAD")
    dialog = open_dialog(qtbot, db, session_id=session_id)
    dialog.guest_table.selectRow(0)
    messages: list[str] = []
    when_modal(answer(messages, "Cancel"))
    dialog.remove_selected_guest()
    assert "Remove Maria Lopez" in messages[0]
    assert [g.name for g in get_session(db, session_id).guests] == ["Maria Lopez"]
    dialog.guest_table.selectRow(0)
    when_modal(answer(messages, "Remove"))
    dialog.remove_selected_guest()
    assert get_session(db, session_id).guests == ()


def test_marking_a_session_still_to_come_held_asks_first(qtbot, page, db, dan):
    ahead = schedule(db, dan, at_hour(3))  # three days ahead
    page.reload()
    page.select_id(ahead)
    asked: list[str] = []
    when_modal(answer(asked, "Cancel"))
    with qtbot.assertNotEmitted(page.session_held):
        page.set_status(SessionStatus.HELD)
    assert "still to come" in asked[0]
    assert get_session(db, ahead).status is SessionStatus.PLANNED
    when_modal(answer(asked, "Mark held"))
    with qtbot.waitSignal(page.session_held):
        page.set_status(SessionStatus.HELD)
    assert get_session(db, ahead).status is SessionStatus.HELD
