"""The client page through real widgets on a real data file: header, tabs, actions, undo."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QUndoStack

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import BreachData, MatterData, PromiseData, SessionData
from coachdesk.domain.vocab import (
    Category,
    ClientStatus,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.breaches import list_breaches, log_breach
from coachdesk.storage.clients import create_client
from coachdesk.storage.matters import create_matter, get_matter, list_matters
from coachdesk.storage.models import Client, CoachingSession
from coachdesk.storage.promises import create_promise, get_promise
from coachdesk.storage.sessions import add_guest, create_session, set_session_status
from coachdesk.ui.pages.client import ClientPage
from coachdesk.ui.widgets.lists import text_height
from tests.helpers import click_button, message_text, when_modal

pytestmark = pytest.mark.gui

STATEMENT = "Let me know ahead of time if someone else will join"
NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = date.today()


def build_client(db) -> dict[str, int]:
    """Dan: two held sessions, one upcoming with an unannounced guest, two matters (one with
    an open breach), a retired matter and two promises."""
    client = create_client(
        db,
        ClientData(
            name="Daniel Okafor",
            preferred_name="Dan",
            pronouns="he/him",
            email="dan@example.com",
            phone="+44 20 7946 0958",
            organisation="Harbourline",
            role="Head of Operations",
            status=ClientStatus.ACTIVE,
            started_on=TODAY - timedelta(days=90),
        ),
    )
    ids: dict[str, int] = {"client": client}
    for days in (60, 30):
        session = create_session(db, SessionData(client, NOW - timedelta(days=days)))
        set_session_status(db, session, SessionStatus.HELD)
        ids[f"held_{days}"] = session
    ids["next"] = create_session(
        db, SessionData(client, NOW + timedelta(days=3), medium=Medium.IN_PERSON)
    )
    add_guest(db, ids["next"], "Maria Lopez", "BUILT TO LEAD")
    ids["matter"] = create_matter(
        db,
        MatterData(
            client,
            STATEMENT,
            category=Category.COMMUNICATION,
            importance=3,
            triggers=frozenset({Trigger.GUESTS}),
            captured_on=TODAY - timedelta(days=40),
        ),
    )
    ids["plan"] = create_matter(
        db,
        MatterData(client, "I want a plan at the end of every session", importance=2),
    )
    ids["breach"], _ = log_breach(
        db,
        BreachData(
            ids["matter"],
            TODAY - timedelta(days=30),
            session_id=ids["held_30"],
            what_happened="HR joined unannounced",
            how_it_landed="I felt ambushed",
        ),
    )
    ids["coach_promise"] = create_promise(
        db, PromiseData(client, PromiseOwner.COACH, "Send the article", TODAY - timedelta(days=2))
    )
    ids["client_promise"] = create_promise(
        db, PromiseData(client, PromiseOwner.CLIENT, "Talk to the CFO")
    )
    return ids


@pytest.fixture
def page(qtbot, db, settings):
    undo_stack = QUndoStack()
    widget = ClientPage(db, undo_stack, settings)
    widget._test_undo_stack = undo_stack  # keep it alive as long as the page
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(tab, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return tab.proxy.index(row, column).data(role)


def column_texts(tab, column: int) -> list[str]:
    return [cell(tab, row, column) for row in range(tab.proxy.rowCount(QModelIndex()))]


def test_header_counts_and_open_repairs_badge(page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    assert page.client_id == ids["client"]
    assert page.name_label.full_text == "Daniel Okafor"
    assert page.name_label.text() == "Daniel Okafor"
    assert page.name_label.font().bold()
    assert page.name_label.font().pointSizeF() > page.font().pointSizeF()
    assert "Dan" in page.identity_label.text() and "he/him" in page.identity_label.text()
    assert page.work_label.text() == "Harbourline · Head of Operations"
    assert page.status_label.text() == "Active"
    assert page.email_label.text() == "dan@example.com"
    assert page.phone_label.text() == "+44 20 7946 0958"
    assert page.email_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert "Started" in page.dates_label.full_text
    assert "Next session" in page.dates_label.full_text
    assert page.repairs_badge.isVisible()
    assert page.repairs_badge.full_text == "⚠ 1 open repair"
    assert page.todo_badge.isVisible()
    assert "Tell Dan ahead of time that Maria Lopez will join" in page.todo_badge.full_text
    assert page.todo_badge.full_text.startswith("⚠")
    titles = [page.tabs.tabText(i).replace("&&", "&") for i in range(page.tabs.count())]
    assert titles[:4] == [
        "Sessions (3)",
        "What matters (2)",
        "Breaches & repairs (1)",
        "Promises (2)",
    ]
    assert titles[4].startswith("Timeline (")
    # Sessions newest first; the upcoming one with the unannounced guest is marked.
    sessions = page.sessions_tab
    newest_first = [ids["next"], ids["held_30"], ids["held_60"]]
    assert [row.id for row in sessions.model.rows()] == newest_first
    assert cell(sessions, 0, 4).startswith("⚠ Maria Lopez")
    assert "that Maria Lopez will join" in cell(sessions, 0, 5)
    assert cell(sessions, 1, 5) == ""
    # Breaches: open repair marked, the client's words quoted.
    assert cell(page.breaches_tab, 0, 3) == "“I felt ambushed”"
    assert cell(page.breaches_tab, 0, 5).startswith("⚠")
    # The coach's overdue promise is marked.
    promises = page.promises_tab
    assert cell(promises, 0, 0) == "Coach"
    assert "overdue" in cell(promises, 0, 2)


def test_what_matters_shows_the_clients_words_first_and_bold(page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    page.tabs.setCurrentWidget(page.matters_tab)
    tab = page.matters_tab
    assert tab.stack.currentWidget() is tab.table
    assert column_texts(tab, 0)[0] == f"“{STATEMENT}”"
    font = cell(tab, 0, 0, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert tab.table.columnWidth(0) == max(tab.table.columnWidth(c) for c in range(6))
    assert cell(tab, 0, 3) == "someone else joins"
    assert cell(tab, 0, 2) == "3 — essential"
    assert cell(tab, 0, 5) == ""  # no review has answered for it yet
    assert cell(tab, 0, 6) == "⚠ 1 of 1 open"
    assert cell(tab, 1, 6) == ""


def test_retire_hides_the_item_unless_show_retired(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    tab = page.matters_tab
    assert tab.select_id(ids["plan"])
    assert page.retire_button.text() == "Retire"
    page.retire_button.click()
    assert not get_matter(db, ids["plan"]).active
    assert len(column_texts(tab, 0)) == 1
    assert "What matters (1)" in page.tabs.tabText(1)
    page.show_retired.setChecked(True)
    texts = column_texts(tab, 0)
    assert "“I want a plan at the end of every session” (retired)" in texts
    assert tab.select_id(ids["plan"])
    assert page.retire_button.text() == "Reactivate"
    page.retire_button.click()
    assert get_matter(db, ids["plan"]).active
    page.show_retired.setChecked(False)
    assert len(column_texts(tab, 0)) == 2


def test_confirmed_today_stores_today_and_keeps_the_selection(page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    page.tabs.setCurrentWidget(page.matters_tab)
    assert get_matter(db, ids["matter"]).last_confirmed_on is None
    page.matters_tab.select_id(ids["matter"])
    page.confirm_matter_button.click()
    assert get_matter(db, ids["matter"]).last_confirmed_on == date.today()
    assert page.matters_tab.selected_id() == ids["matter"]
    row = page.matters_tab.model.row_for_id(ids["matter"])
    assert page.matters_tab.model.index(row, 4).data() != ""


def test_delete_a_matter_and_undo_restores_it_with_its_breaches(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    page.tabs.setCurrentWidget(page.matters_tab)
    page.matters_tab.select_id(ids["matter"])
    messages: list[str] = []

    def answer(box) -> None:
        messages.append(message_text(box))
        click_button(box, "Delete")

    when_modal(answer)
    with qtbot.waitSignal(page.status_message) as status:
        page.delete_matter_button.click()
    assert "the breach logged against it" in messages[0]
    assert "Ctrl+Z" in status.args[0]
    assert [m.id for m in list_matters(db, ids["client"])] == [ids["plan"]]
    assert list_breaches(db, ids["client"]) == []
    assert "Breaches & repairs (0)" in page.tabs.tabText(2).replace("&&", "&")
    assert not page.repairs_badge.isVisible()

    page._test_undo_stack.undo()
    assert get_matter(db, ids["matter"]).statement == STATEMENT
    assert [b.id for b in list_breaches(db, ids["client"])] == [ids["breach"]]
    assert page.repairs_badge.isVisible()
    assert page.matters_tab.model.row_for_id(ids["matter"]) is not None


def test_delete_a_promise_with_the_delete_key_and_undo(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    page.tabs.setCurrentWidget(page.promises_tab)
    page.promises_tab.select_id(ids["client_promise"])
    page.promises_tab.table.setFocus()
    qtbot.waitUntil(page.promises_tab.table.hasFocus)
    qtbot.keyClick(page.promises_tab.table, Qt.Key.Key_Delete)
    assert [p.id for p in page.promises_tab.model.rows()] == [ids["coach_promise"]]
    page._test_undo_stack.undo()
    assert get_promise(db, ids["client_promise"]).text == "Talk to the CFO"


def test_kept_marks_the_promise_kept(page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    page.tabs.setCurrentWidget(page.promises_tab)
    page.promises_tab.select_id(ids["coach_promise"])
    assert page.kept_button.isEnabled()
    page.kept_button.click()
    assert get_promise(db, ids["coach_promise"]).status is PromiseStatus.KEPT
    assert "Kept" in column_texts(page.promises_tab, 3)
    assert not page.kept_button.isEnabled()


def test_missed_promise_logged_as_a_breach_through_the_dialog(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    page.tabs.setCurrentWidget(page.promises_tab)
    page.promises_tab.select_id(ids["coach_promise"])

    def fill(dialog) -> None:
        assert "Send the article" in dialog.what_happened.toPlainText()
        dialog.existing_radio.setChecked(True)
        dialog.matter_combo.setCurrentIndex(dialog.matter_combo.findData(ids["plan"]))
        qtbot.keyClicks(dialog.how_it_landed, "I waited for it all week")
        assert dialog.save_button.isEnabled(), dialog.problem_label.text()
        dialog.save_button.click()

    seen = when_modal(fill)
    page.missed_button.click()
    assert seen
    assert get_promise(db, ids["coach_promise"]).status is PromiseStatus.MISSED
    breaches = [b for b in list_breaches(db, ids["client"]) if b.id != ids["breach"]]
    assert len(breaches) == 1
    assert breaches[0].commitment_id == ids["coach_promise"]
    assert breaches[0].matter_id == ids["plan"]
    assert breaches[0].repair_status is RepairStatus.OPEN
    assert page.repairs_badge.full_text == "⚠ 2 open repairs"
    assert "Breaches & repairs (2)" in page.tabs.tabText(2).replace("&&", "&")


def test_timeline_lists_entries_newest_first(page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    rows = page.timeline_tab.model.rows()
    whens = [entry.when for entry in rows]
    assert whens == sorted(whens, reverse=True)
    assert (rows[0].kind, rows[0].ref_id) == ("session", ids["next"])
    kinds = {entry.kind for entry in rows}
    assert kinds == {"session", "matter", "breach", "promise"}
    assert page.tabs.tabText(4) == f"Timeline ({len(rows)})"
    # Opening an entry shows it in its own tab.
    breach_row = next(n for n, e in enumerate(rows) if e.kind == "breach")
    page.tabs.setCurrentWidget(page.timeline_tab)
    page.timeline_tab.table.selectRow(breach_row)
    page._open_timeline_entry()
    assert page.tabs.currentWidget() is page.breaches_tab
    assert page.breaches_tab.selected_id() == ids["breach"]


def test_back_button_and_keys_ask_to_go_back(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    with qtbot.waitSignal(page.back_requested, timeout=1000):
        page.back_button.click()
    page.activateWindow()
    page.sessions_tab.table.setFocus()
    qtbot.waitUntil(page.sessions_tab.table.hasFocus)
    with qtbot.waitSignal(page.back_requested, timeout=1000):
        qtbot.keyClick(page.sessions_tab.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)


def test_empty_client_shows_what_to_do_next_in_every_tab(page, db):
    client = create_client(db, ClientData(name="Ada"))
    page.show_client(client)
    for tab in page._list_tabs():
        assert tab.stack.currentWidget() is tab.empty_label
        assert tab.empty_label.text()
    assert "New session" in page.sessions_tab.empty_label.text()
    assert "Capture" in page.matters_tab.empty_label.text()
    assert not page.repairs_badge.isVisible()
    assert not page.todo_badge.isVisible()
    assert "No session planned" in page.dates_label.full_text
    assert not page.email_label.isVisible()


def test_long_emoji_and_right_to_left_text_keep_the_layout(qtbot, page, db):
    long_name = "ليلى حداد 🌍 " + "Okafor-Lovelace " * 125
    statement = "أريد أن أعرف مسبقاً 🙏 " + "when someone else joins " * 83
    assert len(long_name) >= 2000 and len(statement) >= 2000
    with db.session() as session:
        client = Client(name=long_name, organisation="Ω" * 500, role="🚀" * 300)
        session.add(client)
        session.flush()
        client_id = client.id
    create_matter(db, MatterData(client_id, statement))
    page.tabs.setCurrentWidget(page.matters_tab)
    page.show_client(client_id)
    qtbot.wait(10)
    assert page.width() == 1000
    assert page.minimumSizeHint().width() < 1000
    assert page.name_label.full_text == " ".join(long_name.split())
    assert page.name_label.width() <= page.width()
    assert page.name_label.text().endswith("…")
    assert page.name_label.toolTip()
    assert page.work_label.width() <= page.width()
    tab = page.matters_tab
    assert cell(tab, 0, 0) == f"“{' '.join(statement.split())}”"
    assert tab.table.columnWidth(0) < 1000
    assert tab.table.horizontalHeader().length() <= tab.table.viewport().width() + 2


def test_a_client_with_hundreds_of_sessions_opens_quickly(page, db):
    client = create_client(db, ClientData(name="Busy Client"))
    first = NOW - timedelta(days=7 * 300)
    with db.session() as session:
        session.add_all(
            CoachingSession(
                client_id=client,
                start=first + timedelta(days=7 * n),
                status=SessionStatus.HELD.value,
                medium=Medium.VIDEO.value,
            )
            for n in range(300)
        )
    started = time.perf_counter()
    page.show_client(client)
    page.repaint()
    elapsed = time.perf_counter() - started
    assert page.tabs.tabText(0) == "Sessions (300)"
    starts = [row.start for row in page.sessions_tab.model.rows()]
    assert starts == sorted(starts, reverse=True)
    assert page.timeline_tab.model.rowCount() == 300
    assert elapsed < 1.0, f"opening took {elapsed * 1000:.0f} ms"


def test_marking_a_session_held_in_its_dialog_is_passed_on(qtbot, page, db):
    ids = build_client(db)
    past = create_session(db, SessionData(ids["client"], NOW - timedelta(hours=2)))
    page.show_client(ids["client"])
    assert page.sessions_tab.select_id(past)
    held: list[int] = []
    page.session_held.connect(held.append)

    def mark_held(dialog) -> None:
        assert dialog.session_id == past
        dialog.held_button.click()

    when_modal(mark_held)
    qtbot.keyClick(page.sessions_tab.table, Qt.Key.Key_Return)
    assert held == [past]
    rows = {row.id: row for row in page.sessions_tab.model.rows()}
    assert rows[past].status is SessionStatus.HELD
    assert page.sessions_tab.selected_id() == past


def test_when_everything_is_retired_the_empty_state_says_so(page, db):
    client = create_client(db, ClientData(name="Ada"))
    matter = create_matter(db, MatterData(client, "Start on time", active=False))
    page.show_client(client)
    tab = page.matters_tab
    assert tab.stack.currentWidget() is tab.empty_label
    assert "Show retired" in tab.empty_label.text()
    page.show_retired.setChecked(True)
    assert tab.stack.currentWidget() is tab.table
    assert tab.select_id(matter)


def test_capture_from_the_header_saves_and_selects_the_new_item(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])

    def capture(dialog) -> None:
        qtbot.keyClicks(dialog.statement, "Tell me when the plan changes")
        dialog.save_button.click()

    with qtbot.waitSignal(page.status_message):
        when_modal(capture)
        page.matter_button.click()
    new = [m for m in list_matters(db, ids["client"]) if m.id not in (ids["matter"], ids["plan"])]
    assert [m.statement for m in new] == ["Tell me when the plan changes"]
    assert page.tabs.currentWidget() is page.matters_tab
    assert page.matters_tab.selected_id() == new[0].id
    assert page.tabs.tabText(1) == "What matters (3)"


def test_log_breach_from_what_matters_preselects_the_item_and_records_the_repair(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])
    page.tabs.setCurrentWidget(page.matters_tab)
    page.matters_tab.select_id(ids["plan"])

    def log(dialog) -> None:
        assert dialog.existing_radio.isChecked()
        assert dialog.matter_combo.currentData() == ids["plan"]
        qtbot.keyClicks(dialog.what_happened, "Ran out of time for the plan")
        dialog.save_button.click()

    when_modal(log)
    page.log_breach()
    new = [b for b in list_breaches(db, ids["client"]) if b.id != ids["breach"]]
    assert [(b.matter_id, b.what_happened) for b in new] == [
        (ids["plan"], "Ran out of time for the plan")
    ]
    assert page.tabs.currentWidget() is page.breaches_tab
    assert page.breaches_tab.selected_id() == new[0].id

    def repair(dialog) -> None:
        dialog.repair_status.setCurrentIndex(dialog.repair_status.findData("repaired"))
        dialog.save_button.click()

    when_modal(repair)
    qtbot.keyClick(page.breaches_tab.table, Qt.Key.Key_Return)
    assert next(b for b in list_breaches(db, ids["client"]) if b.id == new[0].id).repaired_on
    assert page.repairs_badge.full_text == "⚠ 1 open repair"


def test_edit_client_reloads_the_header_and_tells_the_list(qtbot, page, db):
    ids = build_client(db)
    page.show_client(ids["client"])

    def rename(dialog) -> None:
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Daniel O. Okafor")
        dialog.save_button.click()

    when_modal(rename)
    with qtbot.waitSignal(page.client_changed) as changed:
        page.edit_client()
    assert changed.args == [ids["client"]]
    assert page.name_label.full_text == "Daniel O. Okafor"


def test_sorting_tab_and_show_retired_are_remembered(qtbot, db, settings):
    """The widths are not: they follow the window."""
    first = ClientPage(db, QUndoStack(), settings)
    qtbot.addWidget(first)
    first.promises_tab.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    first.tabs.setCurrentWidget(first.timeline_tab)
    first.show_retired.setChecked(True)
    first.save_state()
    second = ClientPage(db, QUndoStack(), settings)
    qtbot.addWidget(second)
    header = second.promises_tab.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        2,
        Qt.SortOrder.AscendingOrder,
    )
    assert second.tabs.currentWidget() is second.timeline_tab
    assert second.show_retired.isChecked()


def test_what_matters_and_promises_keep_the_order_they_are_read_in(page, db):
    """Neither tab marks a column sorted: what matters most comes first, then the coach's
    promises by due date, as read, not the first column's text from Z to A."""
    from coachdesk.demo import generate_demo
    from coachdesk.storage.overview import client_overview

    generate_demo(db, "demo")
    busiest = max(
        range(1, 13),
        key=lambda client_id: len(client_overview(db, client_id).matters),
    )
    overview = client_overview(db, busiest)
    page.show_client(busiest)
    shown_matters = [row.id for row in page.matters_tab.model.rows()]
    assert shown_matters == [m.id for m in overview.matters if m.active]
    assert len(shown_matters) >= 3
    shown_promises = [row.id for row in page.promises_tab.model.rows()]
    assert shown_promises == [p.id for p in overview.promises]
    # A click on a header still sorts by that column.
    page.matters_tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    texts = [row.statement.casefold() for row in page.matters_tab.model.rows()]
    assert texts == sorted(texts)


def test_a_long_statement_is_shown_whole_in_what_matters_and_breaches(qtbot, page, db):
    statement = (
        "I need to know ahead of time if someone else will join, because when HR turned up "
        "unannounced last spring I felt ambushed and could not say what I had planned to "
        "say; a short message the day before is all it takes, and then I can prepare for it "
        "and for the people in the room."
    )
    assert len(statement) >= 270
    client = create_client(db, ClientData(name="Ada"))
    matter = create_matter(db, MatterData(client, statement, importance=3))
    log_breach(db, BreachData(matter, TODAY, what_happened="HR joined unannounced " * 8))
    page.show_client(client)
    for tab, column in ((page.matters_tab, 0), (page.breaches_tab, 1)):
        page.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda tab=tab: tab.table.isVisible())
        assert cell(tab, 0, column) == f"“{statement}”"
        room = tab.table.columnWidth(column) - 1 - 2 * tab.table.itemDelegate().margin()
        font = QFont(tab.table.font())
        font.setBold(True)
        needed = text_height(f"“{statement}”", font, room)
        assert needed > 2 * tab.table.fontMetrics().height()
        assert tab.table.rowHeight(0) >= needed + 10
        assert not tab.table.toolTip()
    assert cell(page.breaches_tab, 0, 2) == " ".join(["HR joined unannounced"] * 8)
    assert cell(page.breaches_tab, 0, 4) == "2 — real"
    assert cell(page.matters_tab, 0, 2) == "3 — essential"


def test_a_warning_appearing_does_not_move_the_tabs(qtbot, page, db):
    client = create_client(
        db, ClientData(name="Ada Lovelace", organisation="Harbourline", role="Head of Operations")
    )
    matter = create_matter(db, MatterData(client, "Start on time"))
    page.show_client(client)
    qtbot.wait(10)
    assert not page.repairs_badge.isVisible() and not page.todo_badge.isVisible()
    calm = page.tabs.geometry()
    log_breach(db, BreachData(matter, TODAY, what_happened="Started late"))
    session = create_session(db, SessionData(client, NOW + timedelta(days=2)))
    add_guest(db, session, "Maria Lopez", "HR")
    page.reload()
    qtbot.wait(10)
    assert page.repairs_badge.isVisible() and page.todo_badge.isVisible()
    assert page.tabs.geometry() == calm
    with db.session() as orm:
        orm.get(CoachingSession, session).status = SessionStatus.CANCELLED.value
    page.reload()
    qtbot.wait(10)
    assert page.repairs_badge.isVisible() and not page.todo_badge.isVisible()
    assert page.tabs.geometry() == calm


@pytest.mark.parametrize(
    "name, organisation",
    [
        ("Daniel Okafor " + "Lovelace-Montgomery " * 9, "Harbourline Shipping " * 9),
        ("ليلى حداد " * 19, "شركة الميناء للشحن " * 10),
    ],
    ids=["latin", "right-to-left"],
)
def test_a_long_name_and_organisation_keep_the_role_and_status(qtbot, page, db, name, organisation):
    client = create_client(
        db, ClientData(name=name, organisation=organisation, role="Head of Operations")
    )
    page.resize(800, 600)
    page.show_client(client)
    qtbot.wait(10)
    assert page.name_label.text().endswith("…") and page.name_label.toolTip()
    assert page.status_label.isVisible()
    status = page.status_label.geometry()
    assert status.right() <= page.width() and status.width() >= page.status_label.sizeHint().width()
    shown = page.work_label.text()
    assert shown.endswith(" · Head of Operations") and "…" in shown
    metrics = page.work_label.fontMetrics()
    assert metrics.horizontalAdvance(shown) <= page.work_label.width()
    assert page.work_label.full_text == f"{' '.join(organisation.split())} · Head of Operations"


def test_an_ended_clients_sessions_give_the_place_the_room_not_an_empty_to_do(qtbot, page, db):
    client = create_client(db, ClientData(name="Ada", status=ClientStatus.ENDED))
    place = "Harbourline office, 5th floor — the quiet room by the lifts"
    for weeks in range(1, 6):
        session = create_session(
            db, SessionData(client, NOW - timedelta(weeks=weeks), location=place)
        )
        set_session_status(db, session, SessionStatus.HELD)
    page.show_client(client)
    table = page.sessions_tab.table
    qtbot.waitUntil(table.isVisible)
    header = table.horizontalHeader()
    assert cell(page.sessions_tab, 0, 5) == ""
    assert table.columnWidth(5) == header.sectionSizeHint(5)  # "To do": its heading only
    assert cell(page.sessions_tab, 0, 3) == place
    assert table.columnWidth(3) > table.fontMetrics().horizontalAdvance(place)
    assert all(table.rowHeight(row) == table.row_height() for row in range(5))
    assert header.length() == table.viewport().width()
