"""A session that has ended without being closed comes back on Today as "Did it happen?":
Held, No-show or Cancelled in one click, undone with Ctrl+Z; Held offers the review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QPushButton

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.clients import create_client
from coachdesk.storage.overview import UNCLOSED_LIMIT, today_overview
from coachdesk.storage.sessions import create_session, get_session, set_session_status
from coachdesk.ui.pages.today import TodayPage

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)


@pytest.fixture
def practice(db):
    """Sessions of one client: yesterday's and this morning's never closed, one in progress,
    one this evening, one held last week."""
    client = create_client(db, ClientData(name="Daniel Okafor"))
    ids = {
        "yesterday": create_session(db, SessionData(client, NOW - timedelta(days=1))),
        "morning": create_session(db, SessionData(client, NOW - timedelta(hours=8))),
        "in progress": create_session(
            db, SessionData(client, NOW - timedelta(minutes=30), duration_minutes=60)
        ),
        "evening": create_session(db, SessionData(client, NOW + timedelta(hours=2))),
        "held": create_session(db, SessionData(client, NOW - timedelta(days=7))),
    }
    set_session_status(db, ids["held"], SessionStatus.HELD)
    return ids


@pytest.fixture
def page(qtbot, db, settings):
    stack = QUndoStack()
    today_page = TodayPage(db, stack, settings, clock=lambda: NOW)
    qtbot.addWidget(today_page)
    today_page.resize(1024, 640)
    today_page.show()
    qtbot.waitExposed(today_page)
    today_page.stack = stack  # type: ignore[attr-defined]
    return today_page


def test_ended_sessions_are_asked_about_and_no_longer_listed_as_to_come(db, practice):
    overview = today_overview(db, NOW)
    assert [s.id for s in overview.unclosed] == [practice["morning"], practice["yesterday"]]
    assert overview.unclosed_total == 2
    upcoming = [s.id for s in overview.sessions]
    assert upcoming == [practice["in progress"], practice["evening"]]


def test_only_the_most_recent_are_listed_and_all_are_counted(db):
    client = create_client(db, ClientData(name="Imported Calendar"))
    for days in range(1, UNCLOSED_LIMIT + 6):
        create_session(db, SessionData(client, NOW - timedelta(days=days)))
    overview = today_overview(db, NOW)
    assert len(overview.unclosed) == UNCLOSED_LIMIT
    assert overview.unclosed_total == UNCLOSED_LIMIT + 5
    assert overview.unclosed[0].start == NOW - timedelta(days=1)


def test_today_asks_did_it_happen_with_one_click_answers(qtbot, page, db, practice):
    page.reload()
    assert page.unclosed_section.isVisible()
    assert page.unclosed_section.title.text() == "Did it happen? (2)"
    lines = [label.text() for _s, label, _b in page.unclosed.rows]
    assert "Daniel Okafor" in lines[0] and "60 min" in lines[0]
    buttons = [b.text() for b in page.unclosed.rows[0][2]]
    assert buttons == ["Held", "No-show", "Cancelled"]

    messages: list[str] = []
    page.status_message.connect(messages.append)
    no_show = page.unclosed.button(practice["yesterday"], SessionStatus.NO_SHOW)
    qtbot.mouseClick(no_show, Qt.MouseButton.LeftButton)
    assert get_session(db, practice["yesterday"]).status is SessionStatus.NO_SHOW
    assert [s.id for s, _l, _b in page.unclosed.rows] == [practice["morning"]]
    qtbot.waitUntil(lambda: all(b.isVisible() for b in page.unclosed.rows[0][2]))
    shown = [b for b in page.unclosed.findChildren(QPushButton) if b.isVisible()]
    assert len(shown) == 3, "only the remaining session's buttons are shown"
    assert "Marked no-show" in messages[-1] and "Ctrl+Z" in messages[-1]

    page.stack.undo()
    assert get_session(db, practice["yesterday"]).status is SessionStatus.PLANNED
    assert len(page.unclosed.rows) == 2
    page.stack.redo()
    assert get_session(db, practice["yesterday"]).status is SessionStatus.NO_SHOW

    cancelled = page.unclosed.button(practice["morning"], SessionStatus.CANCELLED)
    qtbot.mouseClick(cancelled, Qt.MouseButton.LeftButton)
    assert get_session(db, practice["morning"]).status is SessionStatus.CANCELLED
    assert not page.unclosed_section.isVisible()


def test_held_offers_the_review(qtbot, page, db, practice):
    page.reload()
    held: list[int] = []
    page.session_held.connect(held.append)
    qtbot.mouseClick(
        page.unclosed.button(practice["morning"], SessionStatus.HELD), Qt.MouseButton.LeftButton
    )
    assert get_session(db, practice["morning"]).status is SessionStatus.HELD
    assert held == [practice["morning"]]


def test_the_answers_are_reached_with_the_keyboard(qtbot, page, db, practice):
    page.reload()
    first = page.unclosed.first_button()
    assert first is page.unclosed.button(practice["morning"], SessionStatus.HELD)
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    no_show = page.unclosed.button(practice["morning"], SessionStatus.NO_SHOW)
    assert no_show.hasFocus()
    qtbot.keyClick(no_show, Qt.Key.Key_Space)
    assert get_session(db, practice["morning"]).status is SessionStatus.NO_SHOW


def test_the_page_reads_again_when_the_next_session_ends(qtbot, page, db, practice):
    page.reload()
    assert page.end_timer.isActive()
    in_progress = get_session(db, practice["in progress"])
    ends = in_progress.start + timedelta(minutes=in_progress.duration_minutes)
    assert page.end_timer.interval() == int(((ends - NOW).total_seconds() + 1) * 1000)


def test_a_deleted_session_is_explained_not_crashed_on(qtbot, page, db, practice, monkeypatch):
    from coachdesk.storage.sessions import delete_session

    page.reload()
    delete_session(db, practice["morning"])
    problems: list[str] = []
    monkeypatch.setattr(
        "coachdesk.ui.common.attempt.show_problem",
        lambda _parent, text, *_args, **_kwargs: problems.append(text),
    )
    qtbot.mouseClick(
        page.unclosed.button(practice["morning"], SessionStatus.HELD), Qt.MouseButton.LeftButton
    )
    assert problems == ["This session was deleted."]
    assert [s.id for s, _l, _b in page.unclosed.rows] == [practice["yesterday"]]


def test_the_window_opens_on_today_with_the_question(qtbot, app_paths, settings, db):
    from coachdesk.ui.shell.main_window import MainWindow

    client = create_client(db, ClientData(name="Daniel Okafor"))
    session_id = create_session(db, SessionData(client, datetime.now(UTC) - timedelta(days=1)))
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.attach_database(db)
    main.show()
    qtbot.waitExposed(main)
    assert main.pages.currentWidget() is main.today_page
    assert main.today_page.unclosed_section.isVisible()
    assert [s.id for s, _l, _b in main.today_page.unclosed.rows] == [session_id]


def test_today_shows_prepare_and_open_for_the_selected_session(qtbot, page, db, practice):
    page.reload()
    assert page.sessions_hint.isVisible() and "Double-click" in page.sessions_hint.text()
    prepared: list[int] = []
    opened: list[int] = []
    page.prepare_session.connect(prepared.append)
    page.open_session.connect(opened.append)
    assert page.prepare_button.isEnabled()
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.open_session_button, Qt.MouseButton.LeftButton)
    assert prepared == opened == [practice["in progress"]]


def test_the_question_leaves_every_section_in_sight_at_1024_by_640(qtbot, window, db):
    from datetime import date

    from coachdesk.demo import generate_demo

    generate_demo(db, "demo", today=date.today())
    client = create_client(db, ClientData(name="Late Closer"))
    place = "https://meet.example/a-very-long-link-to-a-video-room-" + "x" * 80
    for hours in (30, 54):
        create_session(
            db, SessionData(client, datetime.now(UTC) - timedelta(hours=hours), location=place)
        )
    window.resize(1024, 640)
    window.go_today()
    page = window.today_page
    page.reload()
    qtbot.waitUntil(lambda: page.repairs_table.isVisible())
    qtbot.wait(20)
    assert len(page.unclosed.rows) >= 2
    assert page.scroll.verticalScrollBar().maximum() == 0  # the page itself does not scroll
    viewport = page.scroll.viewport()
    repairs = page.repairs_section
    assert repairs.mapTo(viewport, repairs.rect().bottomLeft()).y() <= viewport.height()
