"""Which routine backups rotation keeps, and when the next one is due or overdue."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.domain.backups import (
    AUTOMATIC_INTERVAL,
    DAILY,
    MONTHLY,
    OVERDUE_AFTER,
    SAFETY_DAYS,
    SAFETY_NEWEST,
    WEEKLY,
    Limits,
    automatic_backup_due,
    backup_overdue,
    backups_to_keep,
    safety_copies_to_keep,
)

TODAY = date(2026, 3, 18)  # a Wednesday, ISO week 12 of 2026


def at(day: str, clock: str = "09:00") -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))


# --- worked examples ------------------------------------------------------------------------


def test_the_limits_are_todays_then_12_daily_10_weekly_12_monthly():
    assert (DAILY, WEEKLY, MONTHLY) == (12, 10, 12)


def test_a_year_of_daily_backups_keeps_today_12_days_10_weeks_and_12_months():
    history = [at("2025-01-01") + timedelta(days=n) for n in range((TODAY - date(2025, 1, 1)).days)]
    today = [at("2026-03-18", "09:00"), at("2026-03-18", "15:00")]
    yesterday_evening = at("2026-03-17", "20:00")
    kept = backups_to_keep([*history, *today, yesterday_evening], TODAY)

    days = [at(f"2026-03-{day:02d}") for day in range(6, 17)]  # the 6th to the 16th, mornings
    weeks = [
        at("2026-03-01"),  # Sundays: the newest backup of each ISO week 9 ... 1 of 2026
        at("2026-02-22"),
        at("2026-02-15"),
        at("2026-02-08"),
        at("2026-02-01"),
        at("2026-01-25"),
        at("2026-01-18"),
        at("2026-01-11"),
        at("2026-01-04"),
        at("2025-12-28"),  # week 52 of 2025
    ]
    # A week that straddles two months keeps the older month's newest backup as that
    # month's one (rotation's months are counted apart from its weeks, as in Anki).
    straddling = [at("2026-02-28"), at("2026-01-31"), at("2025-12-31")]
    months = [
        at("2025-11-30"),
        at("2025-10-31"),
        at("2025-09-30"),
        at("2025-08-31"),
        at("2025-07-31"),
        at("2025-06-30"),
        at("2025-05-31"),
        at("2025-04-30"),
        at("2025-03-31"),
    ]
    expected = {*today, yesterday_evening, *days, *weeks, *straddling, *months}
    assert kept == expected
    assert len(kept) == 2 + DAILY + WEEKLY + MONTHLY


def test_only_the_newest_backup_of_an_earlier_day_is_kept():
    taken = [at("2026-03-10", "08:00"), at("2026-03-10", "12:30"), at("2026-03-10", "17:45")]
    assert backups_to_keep(taken, TODAY) == {at("2026-03-10", "17:45")}


def test_every_backup_taken_today_is_kept():
    taken = [at("2026-03-18", f"{hour:02d}:00") for hour in range(24)]
    assert backups_to_keep(taken, TODAY) == set(taken)


def test_the_daily_slots_go_to_the_most_recent_days_that_have_a_backup():
    # A backup on the 15th of each month for three years: the 12 newest fill the daily slots,
    # the next 10 the weekly ones, the next 12 the monthly ones; the two oldest go.
    taken = [at(f"{2023 + n // 12}-{n % 12 + 1:02d}-15") for n in range(36)]
    kept = backups_to_keep(taken, TODAY)
    assert kept == set(sorted(taken)[2:])


def test_a_lone_old_backup_is_kept():
    only = at("2019-07-04", "22:10")
    assert backups_to_keep([only], TODAY) == {only}


def test_nothing_taken_nothing_kept():
    assert backups_to_keep([], TODAY) == set()


def test_smaller_limits_are_honoured():
    taken = [at("2026-03-18")] + [at("2026-03-18") - timedelta(days=n) for n in range(1, 200)]
    kept = backups_to_keep(taken, TODAY, Limits(daily=2, weekly=1, monthly=1))
    assert kept == {
        at("2026-03-18"),  # today
        at("2026-03-17"),  # daily
        at("2026-03-16"),  # daily (Monday, week 12)
        at("2026-03-15"),  # weekly: Sunday, week 11
        at("2026-02-28"),  # monthly: February
    }


# --- properties -----------------------------------------------------------------------------

EARLIEST = datetime(2023, 1, 1)
END_OF_TODAY = datetime.combine(TODAY, time(23, 59, 59))

moments = st.datetimes(min_value=EARLIEST, max_value=END_OF_TODAY)
# Many backups close together as well as a few spread over years.
recent = st.datetimes(min_value=END_OF_TODAY - timedelta(days=120), max_value=END_OF_TODAY)
histories = st.sets(st.one_of(moments, recent), max_size=300)
todays = st.sets(st.datetimes(min_value=datetime.combine(TODAY, time()), max_value=END_OF_TODAY))


@settings(max_examples=200)
@given(histories, todays)
def test_never_keeps_more_than_todays_and_the_limits(taken, today_extra):
    taken = taken | today_extra
    kept = backups_to_keep(taken, TODAY)
    from_today = sum(1 for when in taken if when.date() == TODAY)
    assert len(kept) <= from_today + DAILY + WEEKLY + MONTHLY


@settings(max_examples=200)
@given(histories)
def test_always_keeps_the_newest_backup(taken):
    kept = backups_to_keep(taken, TODAY)
    if taken:
        assert max(taken) in kept


@settings(max_examples=200)
@given(histories, todays)
def test_keeps_every_backup_from_today(taken, today_extra):
    taken = taken | today_extra
    kept = backups_to_keep(taken, TODAY)
    assert {when for when in taken if when.date() == TODAY} <= kept


@settings(max_examples=200)
@given(histories)
def test_applying_rotation_to_what_it_kept_keeps_all_of_it(taken):
    kept = backups_to_keep(taken, TODAY)
    assert backups_to_keep(kept, TODAY) == kept


@settings(max_examples=200)
@given(histories)
def test_keeps_only_given_times_and_at_most_one_per_earlier_day(taken):
    kept = backups_to_keep(taken, TODAY)
    assert kept <= taken
    per_day = Counter(when.date() for when in kept if when.date() < TODAY)
    assert all(count == 1 for count in per_day.values())
    for when in kept:
        if when.date() < TODAY:
            assert when == max(other for other in taken if other.date() == when.date())


@settings(max_examples=200)
@given(histories)
def test_with_enough_history_the_twelve_most_recent_earlier_days_are_kept(taken):
    kept = backups_to_keep(taken, TODAY)
    earlier_days = sorted({when.date() for when in taken if when.date() < TODAY}, reverse=True)
    for day in earlier_days[:DAILY]:
        assert any(when.date() == day for when in kept)


# --- when a backup is due or overdue --------------------------------------------------------

NOW = datetime(2026, 3, 18, 12, 0)


def test_no_automatic_backup_when_nothing_changed():
    assert not automatic_backup_due(False, None, NOW)
    assert not automatic_backup_due(False, NOW - timedelta(days=30), NOW)


def test_automatic_backup_due_when_changed_and_never_backed_up():
    assert automatic_backup_due(True, None, NOW)


def test_automatic_backup_waits_30_minutes_after_the_last_one():
    assert timedelta(minutes=30) == AUTOMATIC_INTERVAL
    assert not automatic_backup_due(True, NOW, NOW)
    assert not automatic_backup_due(True, NOW - timedelta(minutes=29, seconds=59), NOW)
    assert automatic_backup_due(True, NOW - timedelta(minutes=30), NOW)
    assert automatic_backup_due(True, NOW - timedelta(hours=5), NOW)


def test_overdue_without_any_backup():
    assert backup_overdue(None, NOW)


def test_overdue_only_after_seven_full_days():
    assert timedelta(days=7) == OVERDUE_AFTER
    assert not backup_overdue(NOW, NOW)
    assert not backup_overdue(NOW - timedelta(days=6, hours=23), NOW)
    assert not backup_overdue(NOW - timedelta(days=7), NOW)
    assert backup_overdue(NOW - timedelta(days=7, seconds=1), NOW)
    assert backup_overdue(NOW - timedelta(days=40), NOW)


# --- safety copies (before a migration or a restore) --------------------------------------

NOW = datetime(2026, 3, 18, 12, 0)


def test_safety_copies_keep_the_newest_three_of_each_kind_and_any_from_the_last_30_days():
    copies = [
        (f"restore-{days}", "before-restore", NOW - timedelta(days=days))
        for days in (200, 90, 40, 31, 29, 5)
    ]
    copies += [
        (f"migration-{days}", "before-migration", NOW - timedelta(days=days))
        for days in (900, 400, 100, 60)
    ]
    assert safety_copies_to_keep(copies, NOW) == {
        "restore-29",
        "restore-5",
        "restore-31",  # the newest three, though over 30 days old
        "migration-400",
        "migration-100",
        "migration-60",
    }


def test_a_burst_of_safety_copies_is_kept_30_days_then_thinned_to_three():
    burst = [(n, "before-migration", NOW - timedelta(minutes=n)) for n in range(50)]
    assert safety_copies_to_keep(burst, NOW) == set(range(50))
    assert safety_copies_to_keep(burst, NOW + timedelta(days=31)) == {0, 1, 2}


def test_no_safety_copy_is_ever_the_last_of_its_kind_to_go():
    assert (SAFETY_NEWEST, SAFETY_DAYS) == (3, 30)
    lone = [("only", "before-restore", NOW - timedelta(days=3650))]
    assert safety_copies_to_keep(lone, NOW) == {"only"}
    assert safety_copies_to_keep([], NOW) == set()


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.sampled_from(["before-restore", "before-migration"]), st.integers(0, 400)),
        unique=True,
    )
)
def test_safety_copies_kept_are_exactly_the_rule(copies):
    entries = [
        (index, kind, NOW - timedelta(days=days)) for index, (kind, days) in enumerate(copies)
    ]
    kept = safety_copies_to_keep(entries, NOW)
    for index, kind, taken in entries:
        newer = sum(1 for _, k, t in entries if k == kind and t > taken)
        assert (index in kept) == (newer < SAFETY_NEWEST or NOW - taken < timedelta(days=30))
