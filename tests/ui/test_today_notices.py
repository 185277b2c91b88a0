"""Today lists the notices to give in the coming days first, each by when, near and overdue
ones marked; Done records one (Ctrl+Z undoes it) and Prepare opens its session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from coachdesk.domain.clients import ClientData
from coachdesk.domain.notice import Notice, NoticeState, NoticeUnit, deadline, say_moment
from coachdesk.domain.practice import MatterData, SessionData
from coachdesk.domain.vocab import Trigger
from coachdesk.local_zone import local_zone
from coachdesk.storage.clients import create_client
from coachdesk.storage.matters import create_matter
from coachdesk.storage.sessions import add_guest, create_session, get_session, update_session
from coachdesk.ui.pages.today import TodayPage

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("local_zone")]

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def practice(db):
    dan = create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))
    create_matter(
        db,
        MatterData(
            dan,
            "Let me know a week ahead if someone else will join",
            triggers=frozenset({Trigger.GUESTS}),
            notice="a week",
        ),
    )
    guest_session = create_session(db, SessionData(dan, NOW + timedelta(days=5)))
    guest = add_guest(db, guest_session, "Maria Lopez")  # a week: overdue since Saturday
    ana = create_client(db, ClientData(name="Ana Sørensen"))
    moved = create_session(db, SessionData(ana, NOW + timedelta(days=2)))
    update_session(db, moved, SessionData(ana, NOW + timedelta(days=2, hours=12)))  # 48 h: near
    far = create_session(db, SessionData(ana, NOW + timedelta(days=30)))
    add_guest(db, far, "Priya Natarajan")  # due in 29 days: not this week
    return {"guest_session": guest_session, "guest": guest, "moved": moved}


@pytest.fixture
def page(qtbot, db, settings, practice):
    today = TodayPage(db, QUndoStack(), settings, clock=lambda: NOW)
    qtbot.addWidget(today)
    today.resize(1024, 640)
    today.show()
    today.reload()
    qtbot.waitUntil(lambda: today.notices_model.rowCount() > 0)
    return today


def test_the_notices_come_first_by_deadline_with_their_state(page, practice):
    rows = page.notices_model.rows()
    assert [(r.entry.kind, r.session_id) for r in rows] == [
        ("tell_guest", practice["guest_session"]),
        ("confirm_time", practice["moved"]),
    ]
    assert [r.entry.state for r in rows] == [NoticeState.OVERDUE, NoticeState.NEAR]
    first = page.notices_model.index(0, 0)
    due = rows[0].deadline
    assert due == deadline(NOW + timedelta(days=5), Notice(1, NoticeUnit.WEEKS), local_zone())
    assert page.notices_model.data(first) == f"Overdue: {say_moment(due)}"
    second = page.notices_model.index(1, 0)
    assert page.notices_model.data(second) == f"By {say_moment(rows[1].deadline)}"
    session = page.notices_model.data(page.notices_model.index(0, 2))
    assert session == f"Session {say_moment(NOW + timedelta(days=5))}"
    tooltip = page.notices_model.data(page.notices_model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert "“a week”, as Dan asked" in tooltip
    # Above the sessions themselves.
    layout_order = [page.notices_section.y(), page.sessions_section.y()]
    assert layout_order == sorted(layout_order)
    assert page.notices_section.isVisible()


def test_done_records_the_notice_and_undo_puts_it_back(qtbot, page, practice, db):
    page.notices_table.selectRow(0)
    assert page.notice_done_button.isEnabled()
    page.notice_done_button.click()
    guest = get_session(db, practice["guest_session"]).guests[0]
    assert guest.client_informed_at == NOW
    assert [r.entry.kind for r in page.notices_model.rows()] == ["confirm_time"]
    page.undo_stack.undo()
    assert get_session(db, practice["guest_session"]).guests[0].client_informed_at is None
    assert len(page.notices_model.rows()) == 2


def test_prepare_opens_the_notices_session(qtbot, page, practice):
    page.notices_table.selectRow(1)
    with qtbot.waitSignal(page.prepare_session) as opened:
        page.notice_prepare_button.click()
    assert opened.args == [practice["moved"]]


def test_no_notices_no_section(qtbot, db, settings):
    today = TodayPage(db, QUndoStack(), settings, clock=lambda: NOW)
    qtbot.addWidget(today)
    today.show()
    today.reload()
    qtbot.wait(20)
    assert today.notices_section.isHidden()


def test_the_notices_list_is_as_tall_as_its_rows(qtbot, page):
    table = page.notices_table
    qtbot.waitUntil(lambda: table.height() <= table.maximumHeight())
    rows = sum(table.rowHeight(row) for row in range(page.notices_model.rowCount()))
    assert table.viewport().height() == rows  # no empty row under the last one
