"""A session's time as a client in another zone reads it (``domain.their_time``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coachdesk.domain.their_time import hours_apart, place_name, their_time

LONDON = ZoneInfo("Europe/London")
WINTER = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 10:00 in London, 05:00 in New York
SUMMER = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # 10:00 in London (BST)


def test_another_clock_gives_the_clients_wall_time_and_place():
    theirs = their_time(WINTER, "America/New_York", LONDON)
    assert theirs is not None
    assert theirs.wall == datetime(2026, 12, 1, 5, 0)
    assert theirs.place == "New York"
    assert theirs.zone_name == "America/New_York"
    assert theirs.days_after == 0 and not theirs.other_day


def test_the_clients_day_is_said_when_it_is_another_one():
    late = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # 20:00 London, 09:00 next day Auckland
    theirs = their_time(late, "Pacific/Auckland", LONDON)
    assert theirs is not None
    assert theirs.wall == datetime(2026, 12, 2, 9, 0)
    assert theirs.days_after == 1 and theirs.other_day
    early = their_time(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), "America/Los_Angeles", LONDON)
    assert early is not None and early.days_after == -1


@pytest.mark.parametrize(
    "zone",
    [
        "",  # no zone of their own: the coach's
        "   ",
        "Europe/London",  # the coach's own
        "Europe/Lisbon",  # another zone, the same clock all year
        "Mars/Olympus_Mons",  # unknown here: treated as none, never a crash
    ],
)
def test_the_same_reading_or_no_zone_adds_nothing(zone):
    assert their_time(WINTER, zone, LONDON) is None
    assert their_time(SUMMER, zone, LONDON) is None


def test_a_zone_that_reads_the_same_in_winter_only_differs_in_summer():
    # Reykjavik keeps UTC all year; London is on it in winter only.
    assert their_time(WINTER, "Atlantic/Reykjavik", LONDON) is None
    summer = their_time(SUMMER, "Atlantic/Reykjavik", LONDON)
    assert summer is not None and summer.wall == datetime(2026, 7, 1, 9, 0)


def test_without_a_coach_zone_this_computers_local_time_is_the_coachs(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert their_time(WINTER, "Asia/Tokyo") is None
        theirs = their_time(WINTER, "Europe/London")
        assert theirs is not None and theirs.wall == datetime(2026, 12, 1, 10, 0)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_stored_extreme_date_adds_nothing_rather_than_crash():
    assert their_time(datetime(1, 1, 1, 0, 30, tzinfo=UTC), "Pacific/Kiritimati", LONDON) is None
    assert their_time(datetime(9999, 12, 31, 23, 0, tzinfo=UTC), "Asia/Tokyo", LONDON) is None


@pytest.mark.parametrize(
    ("zone", "place"),
    [
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("UTC", "UTC"),
        ("Europe/Paris", "Paris"),
    ],
)
def test_a_zones_place(zone, place):
    assert place_name(zone) == place


def test_hours_apart_follow_both_clocks():
    new_york = ZoneInfo("America/New_York")
    assert hours_apart(WINTER, new_york, LONDON) == timedelta(hours=-5)
    assert hours_apart(WINTER, ZoneInfo("Asia/Kolkata"), LONDON) == timedelta(hours=5, minutes=30)
    assert hours_apart(SUMMER, LONDON, LONDON) == timedelta(0)
