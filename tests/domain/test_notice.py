"""Notice in the client's terms, and the arithmetic of deadlines (``domain.notice``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.domain.notice import (
    DEFAULT_NOTICE,
    TELL_GUEST,
    Notice,
    NoticeError,
    NoticeState,
    NoticeUnit,
    ZoneError,
    clock_change,
    deadline,
    localize,
    on_time,
    parse_notice,
    state_at,
    zone_named,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
TOKYO = ZoneInfo("Asia/Tokyo")

H = NoticeUnit.HOURS
D = NoticeUnit.DAYS
WD = NoticeUnit.WORKING_DAYS
W = NoticeUnit.WEEKS


def at(zone: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)  # type: ignore[misc]


# --- the client's words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "notice"),
    [
        ("a day ahead", Notice(1, D)),
        ("A day ahead of time", Notice(1, D)),
        ("two working days", Notice(2, WD)),
        ("2 business days' notice", Notice(2, WD)),
        ("a week", Notice(1, W)),
        ("a week's notice", Notice(1, W)),
        ("48 hours", Notice(48, H)),
        ("48h", Notice(48, H)),
        ("24 hrs in advance", Notice(24, H)),
        ("at least 3 days before", Notice(3, D)),
        ("the day before", Notice(1, D)),
        ("a couple of days", Notice(2, D)),
        ("an hour", Notice(1, H)),
        ("ten work days", Notice(10, WD)),
        ("1 working day", Notice(1, WD)),
    ],
)
def test_the_clients_words_are_read(words: str, notice: Notice) -> None:
    assert parse_notice(words) == notice


def test_no_words_leave_the_default() -> None:
    assert parse_notice("   ") is None
    assert DEFAULT_NOTICE[TELL_GUEST] == Notice(24, H)


@pytest.mark.parametrize("words", ["soon", "whenever", "3 fortnights", "0 days", "500 days"])
def test_words_that_say_no_notice_are_refused_with_a_message(words: str) -> None:
    with pytest.raises(NoticeError) as raised:
        parse_notice(words)
    assert "notice" in str(raised.value).lower()


@given(
    st.integers(min_value=1, max_value=60),
    st.sampled_from([D, WD]),
)
def test_the_stored_text_reads_back(count: int, unit: NoticeUnit) -> None:
    notice = Notice(count, unit)
    assert parse_notice(notice.text) == notice
    assert parse_notice(notice.ahead) == notice


def test_how_a_notice_is_said() -> None:
    assert Notice(1, D).ahead == "a day ahead"
    assert Notice(1, H).ahead == "an hour ahead"
    assert Notice(2, WD).text == "2 working days"
    assert Notice(1, WD).text == "1 working day"


# --- deadlines --------------------------------------------------------------------------------


def wall(moment: datetime, zone: ZoneInfo = BERLIN) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def test_hours_are_real_hours_across_a_clock_change() -> None:
    # Berlin's clocks go forward at 02:00 on 29 March 2026: 24 real hours before 10:00
    # that morning is 09:00 the morning before.
    start = at(BERLIN, 2026, 3, 29, 10, 0)
    due = deadline(start, Notice(24, H), BERLIN)
    assert start.astimezone(UTC) - due == timedelta(hours=24)
    assert wall(due) == datetime(2026, 3, 28, 9, 0)


def test_a_day_is_the_same_time_the_day_before_across_a_clock_change() -> None:
    start = at(BERLIN, 2026, 3, 29, 10, 0)
    due = deadline(start, Notice(1, D), BERLIN)
    assert wall(due) == datetime(2026, 3, 28, 10, 0)
    assert start.astimezone(UTC) - due == timedelta(hours=23)


def test_working_days_skip_the_weekend() -> None:
    monday = at(BERLIN, 2026, 11, 30, 10, 0)
    assert wall(deadline(monday, Notice(1, WD), BERLIN)) == datetime(2026, 11, 27, 10, 0)
    assert wall(deadline(monday, Notice(2, WD), BERLIN)) == datetime(2026, 11, 26, 10, 0)
    wednesday = at(BERLIN, 2026, 12, 2, 15, 30)
    assert wall(deadline(wednesday, Notice(2, WD), BERLIN)) == datetime(2026, 11, 30, 15, 30)
    assert wall(deadline(wednesday, Notice(3, WD), BERLIN)) == datetime(2026, 11, 27, 15, 30)


def test_a_weekend_session_needs_the_whole_working_day_before_it() -> None:
    saturday = at(BERLIN, 2026, 12, 5, 10, 0)
    sunday = at(BERLIN, 2026, 12, 6, 18, 0)
    friday_morning = datetime(2026, 12, 4, 0, 0)
    assert wall(deadline(saturday, Notice(1, WD), BERLIN)) == friday_morning
    assert wall(deadline(sunday, Notice(1, WD), BERLIN)) == friday_morning


def test_days_are_counted_in_the_clients_place() -> None:
    # 09:00 Tuesday in Sydney is 23:00 Monday in London; a working day before, in
    # Sydney's days, is 09:00 Monday in Sydney (Sunday evening in London).
    start = at(SYDNEY, 2026, 12, 1, 9, 0)
    due = deadline(start, Notice(1, WD), SYDNEY)
    assert wall(due, SYDNEY) == datetime(2026, 11, 30, 9, 0)
    assert due.astimezone(LONDON).weekday() == 6


def test_a_deadline_in_the_skipped_hour_is_the_moment_the_clocks_changed() -> None:
    # 02:30 on 29 March 2026 does not exist in Berlin.
    moment = localize(datetime(2026, 3, 29, 2, 30), BERLIN)
    assert moment.astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    start = at(BERLIN, 2026, 3, 30, 2, 30)  # exists: the next night
    assert deadline(start, Notice(1, D), BERLIN).astimezone(UTC) == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )


def test_an_hour_that_happens_twice_is_read_as_its_first_time() -> None:
    moment = localize(datetime(2026, 10, 25, 2, 30), BERLIN)
    assert moment.utcoffset() == timedelta(hours=2)
    start = at(BERLIN, 2026, 10, 26, 2, 30)
    assert deadline(start, Notice(1, D), BERLIN) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_session_moved_after_the_notice_was_given() -> None:
    told = at(BERLIN, 2026, 11, 27, 9, 0)
    planned = at(BERLIN, 2026, 12, 4, 10, 0)
    assert on_time(told, deadline(planned, Notice(24, H), BERLIN))
    # Moved earlier, to the day after it was told: the deadline moves with the session
    # and the notice, given at the same moment, is now late.
    moved = at(BERLIN, 2026, 11, 28, 8, 0)
    assert not on_time(told, deadline(moved, Notice(24, H), BERLIN))
    # Moved later: still in time.
    assert on_time(told, deadline(at(BERLIN, 2026, 12, 11, 10), Notice(24, H), BERLIN))
    assert not on_time(None, deadline(planned, Notice(24, H), BERLIN))


def test_states() -> None:
    due = at(BERLIN, 2026, 12, 4, 10, 0)
    assert state_at(due, due - timedelta(days=2)) is NoticeState.PENDING
    assert state_at(due, due - timedelta(hours=5)) is NoticeState.NEAR
    assert state_at(due, due) is NoticeState.OVERDUE


# --- properties -------------------------------------------------------------------------------

ZONES = st.sampled_from([BERLIN, NEW_YORK, LONDON, SYDNEY, TOKYO, ZoneInfo("UTC")])
MOMENTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
NOTICES = st.builds(
    Notice,
    st.integers(min_value=1, max_value=30),
    st.sampled_from([H, D, WD, W]),
)


@settings(max_examples=300)
@given(MOMENTS, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)), NOTICES, ZONES)
def test_a_later_session_never_gets_an_earlier_deadline(
    start: datetime, later: timedelta, notice: Notice, zone: ZoneInfo
) -> None:
    if notice.unit is W:
        notice = Notice(min(notice.count, 8), W)
    assert deadline(start, notice, zone) <= deadline(start + later, notice, zone)


@settings(max_examples=300)
@given(MOMENTS, NOTICES, st.integers(min_value=1, max_value=20), ZONES)
def test_a_longer_notice_never_gets_a_later_deadline(
    start: datetime, notice: Notice, more: int, zone: ZoneInfo
) -> None:
    longer = Notice(notice.count + more, notice.unit)
    assert deadline(start, longer, zone) <= deadline(start, notice, zone)


@settings(max_examples=200)
@given(MOMENTS, NOTICES, ZONES)
def test_a_deadline_comes_before_the_session_by_at_least_the_working_time(
    start: datetime, notice: Notice, zone: ZoneInfo
) -> None:
    due = deadline(start, notice, zone)
    assert due < start
    if notice.unit is H:
        assert start - due == notice.nominal
    else:
        # A clock change can take an hour off a day's notice, never more.
        assert start - due >= notice.nominal - timedelta(hours=1)


@settings(max_examples=200)
@given(MOMENTS, st.integers(min_value=1, max_value=20), ZONES)
def test_working_days_never_end_on_a_weekend_wall_time(
    start: datetime, count: int, zone: ZoneInfo
) -> None:
    due = deadline(start, Notice(count, WD), zone).astimezone(zone)
    # Either inside a working day, or its very first minute (the end of the weekend's
    # previous working day).
    assert due.weekday() < 5 or (due.weekday() == 5 and due.hour == 0 and due.minute == 0)


# --- time zones and clock changes -------------------------------------------------------------


def test_zone_names() -> None:
    assert zone_named("") is None
    assert zone_named("America/New_York") == NEW_YORK
    with pytest.raises(ZoneError):
        zone_named("Mars/Olympus")
    with pytest.raises(ZoneError):
        zone_named("../../etc/passwd")


def test_the_two_places_changing_on_different_dates_fire_the_courtesy() -> None:
    # New York changes on 8 March 2026, Berlin on 29 March.
    now = at(BERLIN, 2026, 3, 1, 12, 0)
    session = at(BERLIN, 2026, 3, 20, 15, 0)
    change = clock_change(now, session, BERLIN, NEW_YORK)
    assert change is not None
    assert (change.whose, change.on) == ("client", date(2026, 3, 8))
    # Coach in New York, client in Berlin: the coach's clocks change first.
    change = clock_change(now, session, NEW_YORK, BERLIN)
    assert change is not None and (change.whose, change.on) == ("coach", date(2026, 3, 8))


def test_places_changing_together_or_not_at_all_do_not_fire() -> None:
    now = at(BERLIN, 2026, 3, 1, 12, 0)
    session = at(BERLIN, 2026, 4, 20, 15, 0)
    assert clock_change(now, session, BERLIN, LONDON) is None  # both on 29 March
    assert clock_change(now, session, NEW_YORK, CHICAGO) is None  # same day, hours apart
    assert clock_change(now, session, ZoneInfo("UTC"), TOKYO) is None  # no changes
    assert clock_change(now, session, BERLIN, None) is None
    # Before any change happens: nothing to confirm.
    assert clock_change(now, at(BERLIN, 2026, 3, 5, 10), BERLIN, NEW_YORK) is None


def test_a_change_the_other_way_round_the_world() -> None:
    # Sydney's clocks go back on 5 April 2026, Berlin's forward on 29 March.
    now = at(BERLIN, 2026, 3, 20, 12, 0)
    session = at(BERLIN, 2026, 4, 10, 9, 0)
    change = clock_change(now, session, BERLIN, SYDNEY)
    assert change is not None and (change.whose, change.on) == ("coach", date(2026, 3, 29))


@pytest.mark.parametrize("zone", [LONDON, BERLIN, NEW_YORK, SYDNEY])
@pytest.mark.parametrize("notice", [Notice(1, D), Notice(2, WD), Notice(1, W)])
def test_deadlines_keep_their_order_through_the_hour_that_happens_twice(
    zone: ZoneInfo, notice: Notice
) -> None:
    # Every 7 minutes through both of each zone's clock changes in 2025 and 2026.
    for year in (2025, 2026):
        changes = _year_changes(zone, year)
        for change in changes:
            moments = [change + timedelta(minutes=7 * step) for step in range(-30, 31)]
            dues = [deadline(moment, notice, zone) for moment in moments]
            assert dues == sorted(dues), (zone, change)
            assert all(due.microsecond == 0 and due.second == 0 for due in dues)


def _year_changes(zone: ZoneInfo, year: int) -> list[datetime]:
    start = datetime(year, 1, 1, tzinfo=UTC)
    found, offset = [], start.astimezone(zone).utcoffset()
    for hour in range(0, 366 * 24, 6):
        moment = start + timedelta(hours=hour)
        if moment.astimezone(zone).utcoffset() != offset:
            offset = moment.astimezone(zone).utcoffset()
            found.append(moment)
    return found


def test_london_the_night_its_clocks_go_back():
    # 01:07 GMT (the second 01:07) is after 00:50 UTC (01:50 BST): its day-ahead deadline
    # is not earlier.
    first = datetime(2025, 10, 26, 0, 50, tzinfo=UTC)
    second = datetime(2025, 10, 26, 1, 7, tzinfo=UTC)
    assert deadline(first, Notice(1, D), LONDON) <= deadline(second, Notice(1, D), LONDON)


@pytest.mark.parametrize("words", ["2² days", "٣ days", "½ day"])
def test_digits_python_does_not_count_with_are_refused_with_the_message(words: str) -> None:
    with pytest.raises(NoticeError):
        parse_notice(words)


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "posix/Europe/Paris"])
def test_files_of_the_zone_database_that_are_no_place_are_refused(name: str) -> None:
    with pytest.raises(ZoneError):
        zone_named(name)
