"""The one range of dates CoachDesk accepts, from every door: the dialogs, the JSON and
CSV imports and calendar files.

A date outside it is refused with a message naming the field: years 1 and 9999 are
valid for Python but not for the clock of a coach's computer (converting them to local
time overflows, and every page showing them would fail).  The range is wide enough for
any real coaching record, a birth year included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

FIRST_YEAR = 1900
LAST_YEAR = 2200
EARLIEST_DAY = date(FIRST_YEAR, 1, 1)
LATEST_DAY = date(LAST_YEAR, 12, 31)
RANGE_TEXT = f"the years {FIRST_YEAR} to {LAST_YEAR}"


def in_range(value: date | datetime) -> bool:
    """Whether ``value`` (a date, or a time of any zone, read by its own calendar day)
    is in the years CoachDesk accepts."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def range_problem(what: str, value: date | datetime | None) -> str | None:
    """The message for ``what`` ("the start", "the date it was made") when ``value`` is
    outside the accepted years; None when it is fine or absent."""
    if value is None or in_range(value):
        return None
    return f"{what[:1].upper()}{what[1:]} ({value.year:04d}) should be within {RANGE_TEXT}."


def range_problems(
    *fields: tuple[str, str, date | datetime | None],
) -> list[tuple[str, str]]:
    """(field, message) for each of ``(field, what, value)`` whose value is outside the
    accepted years: the validators' one check for every date they hold."""
    return [
        (name, problem)
        for name, what, value in fields
        if (problem := range_problem(what, value)) is not None
    ]


def local_or_utc(moment: datetime) -> datetime:
    """``moment`` in this computer's zone, or in UTC when it is a stored extreme date the
    local conversion cannot reach (year 1 west of UTC overflows): shown, never a crash."""
    if in_range(moment):
        try:
            return moment.astimezone()
        except (OverflowError, ValueError, OSError):
            pass
    return moment.astimezone(UTC) if moment.tzinfo else moment


def plus(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta``, held at the first or last moment Python can represent where a
    stored extreme date (year 1, year 9999) would overflow."""
    try:
        return moment + delta
    except OverflowError:
        edge = datetime.max if delta > timedelta(0) else datetime.min
        return edge.replace(tzinfo=moment.tzinfo)


def ends_at(start: datetime, minutes: int) -> datetime:
    """When something starting at ``start`` and lasting ``minutes`` ends (``plus``)."""
    return plus(start, timedelta(minutes=minutes))
