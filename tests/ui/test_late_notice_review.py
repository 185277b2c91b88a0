"""Notice given too late, recorded: the after-session review offers to log each late notice
as a breach in words prefilled, and the practice page counts the notices given on time.
Real widgets on a real database; every check reads the data back through the storage
layer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coachdesk.domain.clients import ClientData
from coachdesk.domain.late_notice import NEW_ITEM
from coachdesk.domain.notice import CONFIRM_TIME, TELL_GUEST
from coachdesk.domain.practice import MatterData, SessionData
from coachdesk.domain.vocab import GuestSource, SessionStatus, Trigger
from coachdesk.local_zone import local_zone
from coachdesk.storage.breaches import list_breaches
from coachdesk.storage.clients import create_client
from coachdesk.storage.matters import create_matter, list_matters
from coachdesk.storage.review import LateBreach, ReviewData, late_notices_to_log, save_review
from coachdesk.storage.sessions import (
    add_guest,
    confirm_reschedule,
    create_session,
    get_session,
    set_guest_brought_by,
    set_guest_informed,
    set_session_status,
    update_session,
)
from coachdesk.ui.dialogs.review import ReviewDialog, offer_review
from coachdesk.ui.pages.practice import PracticePage
from coachdesk.ui.pages.practice.figures import Figure, FigureKind, drill
from tests.helpers import when_modal

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("local_zone")]

GUEST_ITEM = "Let me know ahead of time if someone else will join"
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def started(days_ago: int) -> datetime:
    """A start ``days_ago`` days back, to the minute (UTC)."""
    return (datetime.now(UTC) - timedelta(days=days_ago)).replace(second=0, microsecond=0)


def at(moment: datetime, between: str = " at ") -> str:
    """How the breach words say a moment: "Mon 30 Nov at 09:15" in the coach's zone."""
    local = moment.astimezone(local_zone())
    return f"{local:%a} {local.day} {local:%b}{between}{local:%H:%M}"


def client(db, name: str = "Daniel Okafor", preferred: str = "Dan") -> int:
    return create_client(db, ClientData(name=name, preferred_name=preferred))


def held_with_guest(
    db, client_id: int, start: datetime, told: datetime | None, name: str = "Maria Lopez"
) -> tuple[int, int]:
    session_id = create_session(db, SessionData(client_id, start))
    guest_id = add_guest(db, session_id, name, "BUILT TO LEAD")
    if told is not None:
        set_guest_informed(db, guest_id, True, told)
    set_session_status(db, session_id, SessionStatus.HELD)
    return session_id, guest_id


def held_moved(
    db, client_id: int, first: datetime, start: datetime, confirmed: datetime | None
) -> int:
    session_id = create_session(db, SessionData(client_id, first))
    update_session(db, session_id, SessionData(client_id, start))
    if confirmed is not None:
        confirm_reschedule(db, session_id, confirmed)
    set_session_status(db, session_id, SessionStatus.HELD)
    return session_id


def open_review(qtbot, db, session_id: int) -> ReviewDialog:
    dialog = ReviewDialog(db, session_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot, dialog: ReviewDialog) -> None:
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


# --- the review -------------------------------------------------------------------------------


def test_a_late_guest_notice_is_offered_and_logged_as_a_breach_of_its_item(qtbot, db):
    dan = client(db)
    item = create_matter(
        db,
        MatterData(dan, GUEST_ITEM, triggers=frozenset({Trigger.GUESTS}), notice="24 hours"),
    )
    start = started(3)
    told = start - 2 * HOUR - 45 * timedelta(minutes=1)
    session_id, guest_id = held_with_guest(db, dan, start, told)
    words = (
        f"Told Dan that Maria Lopez would join on {at(told)}, after the 24 hours' notice they "
        f"asked for (due {at(start - 24 * HOUR, ', ')})"
    )

    summaries: list[str | None] = []
    errors: list[BaseException] = []

    def review(dialog):
        try:
            assert isinstance(dialog, ReviewDialog)
            [row] = dialog.late_rows
            assert (row.notice.kind, row.notice.ref_id) == (TELL_GUEST, guest_id)
            assert row.text.text() == f"⚠ {words}"
            assert row.log_box.text() == f"Log as a breach of “{GUEST_ITEM}”"
            assert not row.log_box.isChecked() and not row.what_happened.isVisible()
            qtbot.mouseClick(row.log_box, Qt.MouseButton.LeftButton)
            assert row.log_box.isChecked()
            assert row.what_happened.isVisible() and row.what_happened.text() == words
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        except BaseException as error:
            errors.append(error)
            dialog.reject()

    when_modal(review)
    summaries.append(offer_review(db, session_id))
    if errors:
        raise errors[0]

    [breach] = list_breaches(db, dan)
    assert (breach.matter_id, breach.session_id) == (item, session_id)
    assert breach.what_happened == words
    assert breach.occurred_on == get_session(db, session_id).start.astimezone().date()
    assert summaries == ["Review saved: 1 breach."]
    # The item counts as missed in this session's review (it came up: a guest joined).
    [matter] = [m for m in list_matters(db, dan) if m.id == item]
    assert (matter.honoured, matter.answered) == (0, 1)
    # Reviewed again, the notice already logged in these words is not offered twice.
    again = open_review(qtbot, db, session_id)
    assert again.late_rows == []


def test_an_on_time_notice_is_not_offered(qtbot, db):
    dan = client(db)
    create_matter(db, MatterData(dan, GUEST_ITEM, triggers=frozenset({Trigger.GUESTS})))
    start = started(3)
    session_id, _guest = held_with_guest(db, dan, start, start - 2 * DAY)
    theirs = add_guest(db, session_id, "Tom Becker", brought_by=GuestSource.CLIENT)
    assert theirs
    dialog = open_review(qtbot, db, session_id)
    assert dialog.late_rows == []
    labels = [label.text() for label in dialog.column.findChildren(QLabel)]
    assert "Notice given too late" not in labels
    save(qtbot, dialog)
    assert list_breaches(db, dan) == []


def test_without_an_item_the_breach_creates_one_in_plain_words(qtbot, db):
    dan = client(db)
    start = started(2)
    session_id, _guest = held_with_guest(db, dan, start, None, "Tom Becker")
    dialog = open_review(qtbot, db, session_id)
    [row] = dialog.late_rows
    assert row.notice.matter_id is None
    assert row.text.text() == "⚠ Tom Becker joined without Dan being told ahead of time"
    assert row.log_box.text() == f"Log as a breach of a new item: “{NEW_ITEM[TELL_GUEST]}”"
    row.log_box.setChecked(True)
    row.what_happened.clear()
    assert not dialog.save_button.isEnabled()  # a breach needs its words
    assert "what happened" in dialog.problem_label.text()
    qtbot.keyClicks(row.what_happened, "Tom came and Dan had not heard of it")
    save(qtbot, dialog)

    [new] = list_matters(db, dan)
    assert new.statement == NEW_ITEM[TELL_GUEST]
    assert new.triggers == {Trigger.GUESTS}
    assert new.source_session_id == session_id and new.captured_on == date.today()
    [breach] = list_breaches(db, dan)
    assert (breach.matter_id, breach.session_id) == (new.id, session_id)
    assert breach.what_happened == "Tom came and Dan had not heard of it"
    assert dialog.summary() == "Review saved: 1 breach, 1 new item."


def test_a_move_confirmed_late_is_offered_and_a_missed_answer_adds_no_second_breach(qtbot, db):
    dan = client(db)
    item = create_matter(
        db,
        MatterData(dan, "Keep our time fixed", triggers=frozenset({Trigger.SCHEDULE_CHANGE})),
    )
    start = started(4)
    confirmed = start - 30 * HOUR
    session_id = held_moved(db, dan, start - DAY, start, confirmed)
    dialog = open_review(qtbot, db, session_id)
    [row] = dialog.late_rows
    assert row.notice.kind == CONFIRM_TIME and row.notice.matter_id == item
    words = (
        f"Confirmed the new time with Dan on {at(confirmed)}, less than 48 hours ahead of the "
        f"session (due {at(start - 48 * HOUR, ', ')})"
    )
    assert row.what_happened.text() == words
    [matter_row] = [r for r in dialog.matter_rows if r.matter.id == item]
    qtbot.mouseClick(matter_row.choices.button(1), Qt.MouseButton.LeftButton)  # Missed
    row.log_box.setChecked(True)
    save(qtbot, dialog)
    assert [b.what_happened for b in list_breaches(db, dan)] == [words]
    assert dialog.summary() == "Review saved: 1 breach."


def test_the_storage_writes_a_late_breach_and_reuses_a_new_item_of_the_same_words(db):
    dan = client(db)
    start = started(2)
    session_id, _guest = held_with_guest(db, dan, start, None)
    [late] = late_notices_to_log(db, session_id)
    review = ReviewData(
        session_id,
        start.astimezone().date(),
        new_items=(NEW_ITEM[TELL_GUEST],),
        late=(LateBreach.of(late),),
    )
    result = save_review(db, review)
    assert (result.breaches, result.new_items) == (1, 1)
    [matter] = list_matters(db, dan)
    [breach] = list_breaches(db, dan)
    assert breach.matter_id == matter.id
    assert breach.what_happened == "Maria Lopez joined without Dan being told ahead of time"
    assert late_notices_to_log(db, session_id) == ()


# --- the practice page ------------------------------------------------------------------------


def test_the_practice_page_counts_the_notices_given_on_time(qtbot, db, settings):
    dan = client(db)
    ada = client(db, "Ada Brown", "")
    create_matter(
        db,
        MatterData(
            ada, "Tell me a week ahead", triggers=frozenset({Trigger.GUESTS}), notice="a week"
        ),
    )
    s1 = started(20)
    on_time_session, on_time_guest = held_with_guest(db, dan, s1, s1 - 2 * DAY)
    late_guest = add_guest(db, on_time_session, "Tom Becker")
    set_guest_informed(db, late_guest, True, s1 - HOUR)
    s2 = started(15)
    moved_in_time = held_moved(db, dan, s2 - DAY, s2, s2 - 3 * DAY)
    s3 = started(10)
    never_confirmed = held_moved(db, dan, s3 + DAY, s3, None)
    # Not counted: a guest the client brought, a session not held, one outside the period.
    _theirs, their_guest = held_with_guest(db, dan, started(8), None)
    set_guest_brought_by(db, their_guest, GuestSource.CLIENT)
    planned = create_session(db, SessionData(dan, started(6)))
    add_guest(db, planned, "Nobody told")
    held_with_guest(db, dan, started(200), None)
    # Ada asked for a week: three days ahead is late.
    s4 = started(5)
    ada_session, ada_guest = held_with_guest(db, ada, s4, s4 - 3 * DAY)

    page = PracticePage(db, settings)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: not page.reading and page.report is not None, timeout=10_000)

    item = page.figure_item(Figure(FigureKind.NOTICES))
    assert item is not None
    assert (item.text(0), item.text(1)) == ("Notices given on time", "2 of 5 (40%)")
    assert "guest you brought" in item.toolTip(0) and "48 hours" in item.toolTip(1)
    on_time = page.figure_item(Figure(FigureKind.NOTICES_ON_TIME))
    late = page.figure_item(Figure(FigureKind.NOTICES_LATE))
    assert (on_time.text(0), on_time.text(1)) == ("In time", "2")
    assert (late.text(0), late.text(1)) == ("Late or never", "3")

    page.select_figure(Figure(FigureKind.NOTICES))
    assert page.records_sentence.text() == (
        "Of the 5 notices your held sessions called for (guests you brought, new times of "
        "moved sessions), you gave 2 in time (40%); 3 late or never."
    )
    assert {row.id for row in page.shown_records()} == {
        f"tell_guest:{on_time_guest}",
        f"tell_guest:{late_guest}",
        f"confirm_time:{moved_in_time}",
        f"confirm_time:{never_confirmed}",
        f"tell_guest:{ada_guest}",
    }
    page.select_figure(Figure(FigureKind.NOTICES_LATE))
    shown = page.shown_records()
    assert {row.id for row in shown} == {
        f"tell_guest:{late_guest}",
        f"confirm_time:{never_confirmed}",
        f"tell_guest:{ada_guest}",
    }
    assert [row.session_id for row in shown] == [ada_session, never_confirmed, on_time_session]
    on_time_rows = drill(page.report, Figure(FigureKind.NOTICES_ON_TIME)).rows
    assert on_time_rows == page.report.notices.on_time
