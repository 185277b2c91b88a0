"""Notice given too late: a session's late notices, their breach sentences, and the record
over held sessions.  All times are in UTC with the coach in UTC unless a test says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from coachdesk.domain.late_notice import (
    NEW_ITEM,
    NoticeInput,
    breach_text,
    late_notices,
    notice_amount,
    notice_record,
    notices_due,
)
from coachdesk.domain.notice import CONFIRM_TIME, TELL_GUEST, Notice, NoticeUnit
from coachdesk.domain.practice import GuestRow, MatterRow, SessionRow
from coachdesk.domain.prep import PrepInput
from coachdesk.domain.reliability import Period
from coachdesk.domain.vocab import Category, GuestSource, Medium, SessionStatus, Trigger

START = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # Mon 30 Nov 2026, 10:00
NOW = START + timedelta(hours=2)  # the review, just after the session
GUEST_WORDS = "Let me know ahead of time if someone else will join"


def session(
    number: int = 1,
    start: datetime = START,
    *,
    guests: tuple[GuestRow, ...] = (),
    original_start: datetime | None = None,
    confirmed_at: datetime | None = None,
    status: SessionStatus = SessionStatus.HELD,
    client_id: int = 1,
    zone: str = "",
) -> SessionRow:
    return SessionRow(
        id=number,
        client_id=client_id,
        client_name="Daniel Okafor",
        start=start,
        duration_minutes=60,
        medium=Medium.VIDEO,
        location="",
        status=status,
        original_start=original_start,
        guests=guests,
        reschedule_confirmed_at=confirmed_at,
        client_time_zone=zone,
    )


def guest(
    number: int = 5,
    told: datetime | None = None,
    name: str = "Maria Lopez",
    brought_by: GuestSource = GuestSource.COACH,
    session_id: int = 1,
) -> GuestRow:
    return GuestRow(number, session_id, name, "", told, brought_by)


def item(
    number: int,
    statement: str = GUEST_WORDS,
    triggers: frozenset[Trigger] = frozenset({Trigger.GUESTS}),
    notice: str = "",
    importance: int = 2,
    active: bool = True,
    client_id: int = 1,
) -> MatterRow:
    return MatterRow(
        id=number,
        client_id=client_id,
        statement=statement,
        why="",
        category=Category.COMMUNICATION,
        importance=importance,
        triggers=triggers,
        keywords="",
        source_session_id=None,
        captured_on=date(2026, 1, 1),
        last_confirmed_on=None,
        keep_off_printouts=False,
        active=active,
        notice=notice,
    )


def prep_input(held: SessionRow, matters: tuple[MatterRow, ...] = ()) -> PrepInput:
    return PrepInput(
        session=held,
        history=(),
        matters=matters,
        breaches=(),
        promises=(),
        client_name="Dan",
        now=NOW,
        coach_zone=UTC,
    )


# --- guests -----------------------------------------------------------------------------------


def test_a_guest_announced_after_the_notice_the_client_asked_for_is_late():
    told = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    held = session(guests=(guest(told=told),))
    [late] = late_notices(prep_input(held, (item(7, notice="24 hours"),)))
    assert (late.kind, late.ref_id, late.matter_id) == (TELL_GUEST, 5, 7)
    assert late.statement == GUEST_WORDS and late.item_words == GUEST_WORDS
    assert not late.never_given and late.given_at == told
    assert late.deadline == datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    assert late.trigger is Trigger.GUESTS
    assert late.breach_text == (
        "Told Dan that Maria Lopez would join on Mon 30 Nov at 09:15, after the 24 hours' "
        "notice they asked for (due Sun 29 Nov, 10:00)"
    )


def test_a_guest_never_announced_is_late_and_said_so():
    held = session(guests=(guest(told=None),))
    [late] = late_notices(prep_input(held, (item(7),)))
    assert late.never_given and late.given_at is None
    assert late.breach_text == "Maria Lopez joined without Dan being told ahead of time"


def test_a_guest_announced_in_time_or_brought_by_the_client_is_not_late():
    on_time = guest(5, told=START - timedelta(hours=24))  # exactly at the deadline
    theirs = guest(6, told=None, name="Tom Becker", brought_by=GuestSource.CLIENT)
    held = session(guests=(on_time, theirs))
    assert late_notices(prep_input(held, (item(7),))) == ()
    # Only the coach's guest is a notice due: the client's needs no word to them.
    assert [due.ref_id for due in notices_due(held, (item(7),), UTC)] == [5]


def test_a_sponsors_guest_needs_telling_like_the_coachs():
    held = session(guests=(guest(told=None, brought_by=GuestSource.SPONSOR),))
    assert len(late_notices(prep_input(held))) == 1


def test_without_an_item_the_default_applies_and_no_item_is_named():
    told = START - timedelta(hours=20)
    held = session(guests=(guest(told=told),))
    [late] = late_notices(prep_input(held))
    assert late.matter_id is None and late.statement == ""
    assert late.item_words == NEW_ITEM[TELL_GUEST]
    assert late.deadline == START - timedelta(hours=24)
    assert late.breach_text == (
        "Told Dan that Maria Lopez would join on Sun 29 Nov at 14:00, less than 24 hours ahead "
        "of the session (due Sun 29 Nov, 10:00)"
    )


def test_the_longest_notice_an_item_asks_for_sets_the_deadline_and_the_first_wish_is_named():
    told = START - timedelta(days=3)  # Fri 27 Nov 10:00
    ticked = item(7, "Tell me who is coming", importance=1)
    strict = item(8, "No surprise visitors", importance=3, notice="a week")
    held = session(guests=(guest(told=told),))
    [late] = late_notices(prep_input(held, (ticked, strict)))
    assert late.deadline == START - timedelta(days=7)
    assert late.matter_id == 8  # ticked and most important first
    assert late.breach_text == (
        "Told Dan that Maria Lopez would join on Fri 27 Nov at 10:00, after the week's notice "
        "they asked for (due Mon 23 Nov, 10:00)"
    )


def test_a_retired_item_asks_for_nothing():
    retired = item(7, notice="a week", active=False)
    held = session(guests=(guest(told=START - timedelta(hours=30)),))
    assert late_notices(prep_input(held, (retired,))) == ()


def test_working_days_are_counted_in_the_clients_days():
    # Mon 30 Nov 10:00 in New York is 15:00 UTC; one working day ahead: Fri 27 Nov 10:00 there.
    start = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    told = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # a Saturday: after the deadline
    held = session(start=start, guests=(guest(told=told),), zone="America/New_York")
    [late] = late_notices(prep_input(held, (item(7, notice="1 working day"),)))
    assert late.deadline == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert "after the working day's notice they asked for (due Fri 27 Nov, 15:00)" in (
        late.breach_text
    )


# --- moves ------------------------------------------------------------------------------------


def test_a_move_confirmed_after_its_deadline_is_late():
    first = START - timedelta(days=1)
    confirmed = START - timedelta(hours=30)  # the default asks for 48 hours
    held = session(original_start=first, confirmed_at=confirmed)
    [late] = late_notices(prep_input(held))
    assert (late.kind, late.ref_id, late.matter_id) == (CONFIRM_TIME, 1, None)
    assert late.item_words == NEW_ITEM[CONFIRM_TIME] and late.trigger is Trigger.SCHEDULE_CHANGE
    assert late.breach_text == (
        "Confirmed the new time with Dan on Sun 29 Nov at 04:00, less than 48 hours ahead of "
        "the session (due Sat 28 Nov, 10:00)"
    )


def test_a_move_never_confirmed_is_late_and_one_confirmed_in_time_is_not():
    moved = session(original_start=START - timedelta(days=1))
    schedule = item(9, "Keep our time fixed", triggers=frozenset({Trigger.SCHEDULE_CHANGE}))
    [late] = late_notices(prep_input(moved, (schedule,)))
    assert late.never_given and late.matter_id == 9 and late.statement == "Keep our time fixed"
    assert late.breach_text == ("The session was moved and its new time was not confirmed with Dan")
    confirmed = replace(moved, reschedule_confirmed_at=START - timedelta(days=3))
    assert late_notices(prep_input(confirmed, (schedule,))) == ()
    # Moved back to where it was: not a move, nothing to confirm.
    assert late_notices(prep_input(replace(moved, original_start=START))) == ()


def test_a_session_moved_after_the_guest_was_announced_is_judged_at_its_new_time():
    told = START - timedelta(hours=30)  # 30 hours before the first start: on time
    before = session(guests=(guest(told=told),))
    assert late_notices(prep_input(before)) == ()
    # Then moved 12 hours earlier: the client had 18 hours' notice of the guest.
    earlier = replace(
        before,
        start=START - timedelta(hours=12),
        original_start=START,
        reschedule_confirmed_at=START - timedelta(days=4),
    )
    [late] = late_notices(prep_input(earlier))
    assert late.kind == TELL_GUEST
    assert late.deadline == START - timedelta(hours=36)
    assert late.given_at == told
    # And a late word on the guest becomes timely when the session moves later.
    late_word = session(guests=(guest(told=START - timedelta(hours=10)),))
    assert len(late_notices(prep_input(late_word))) == 1
    later = replace(
        late_word,
        start=START + timedelta(days=2),
        original_start=START,
        reschedule_confirmed_at=START - timedelta(days=1),
    )
    assert late_notices(prep_input(later)) == ()


def test_a_session_of_any_status_is_judged():
    planned = session(guests=(guest(told=None),), status=SessionStatus.PLANNED)
    assert len(late_notices(prep_input(planned))) == 1


def test_an_unknown_client_zone_counts_in_the_coachs_days():
    held = session(guests=(guest(told=None),), zone="Mars/Olympus_Mons")
    [late] = late_notices(prep_input(held))
    assert late.deadline == START - timedelta(hours=24)


def test_the_notice_in_words():
    assert notice_amount(Notice(24, NoticeUnit.HOURS)) == "the 24 hours' notice"
    assert notice_amount(Notice(1, NoticeUnit.DAYS)) == "the day's notice"
    assert notice_amount(Notice(1, NoticeUnit.HOURS)) == "the hour's notice"
    assert notice_amount(Notice(2, NoticeUnit.WORKING_DAYS)) == "the 2 working days' notice"
    assert notice_amount(Notice(1, NoticeUnit.WEEKS)) == "the week's notice"


def test_the_sentence_reads_times_in_the_zone_given():
    told = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    [due] = notices_due(session(guests=(guest(told=told),)), (item(7, notice="a day"),), UTC)
    text = breach_text(due, "Dan", ZoneInfo("Europe/Berlin"))
    assert text == (
        "Told Dan that Maria Lopez would join on Mon 30 Nov at 10:15, after the day's notice "
        "they asked for (due Sun 29 Nov, 11:00)"
    )


# --- the record over held sessions ------------------------------------------------------------


def test_the_record_counts_the_held_sessions_notices_given_on_time():
    day = timedelta(days=1)
    sessions = (
        # on time: told two days ahead; late: told an hour ahead
        session(
            1,
            START,
            guests=(guest(1, START - 2 * day), guest(2, START - timedelta(hours=1), "Tom")),
        ),
        # a move confirmed in time (three days ahead of a 48-hour default)
        session(2, START + day, original_start=START, confirmed_at=START - 2 * day),
        # never confirmed
        session(3, START + 2 * day, original_start=START + 3 * day),
        # a guest the client brought: no notice due
        session(4, START + 3 * day, guests=(guest(4, None, brought_by=GuestSource.CLIENT),)),
        # not held: not counted
        session(5, START + 4 * day, guests=(guest(5, None),), status=SessionStatus.CANCELLED),
        # client 2 asked for a week: told three days ahead is late
        session(6, START, client_id=2, guests=(guest(6, START - 3 * day, session_id=6),)),
    )
    matters = {2: (item(20, notice="a week", client_id=2),)}
    record = notice_record(NoticeInput(sessions, matters, UTC))
    assert [due.id for due in record.due] == [
        "tell_guest:1",
        "tell_guest:2",
        "tell_guest:6",
        "confirm_time:2",
        "confirm_time:3",
    ]
    assert [due.id for due in record.on_time] == ["tell_guest:1", "confirm_time:2"]
    assert [due.id for due in record.late] == ["tell_guest:2", "tell_guest:6", "confirm_time:3"]
    assert record.share == 2 / 5
    by_id = {due.id: due for due in record.due}
    assert by_id["tell_guest:6"].matter_id == 20
    assert by_id["tell_guest:6"].deadline == START - 7 * day
    assert by_id["tell_guest:2"].subject == "Tom"
    # A period: only the sessions starting in it (by the coach's local day).
    first_day = START.astimezone().date()
    only_first = notice_record(NoticeInput(sessions, matters, UTC), Period(first_day, first_day))
    assert {due.session_id for due in only_first.due} == {1, 6}
    assert notice_record(NoticeInput(())).share is None
