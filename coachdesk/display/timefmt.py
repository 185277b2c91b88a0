"""Showing and editing times: stored as aware UTC, shown and typed in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from coachdesk.display.translate import translator
from coachdesk.domain.dates import in_range
from coachdesk.domain.their_time import their_time

_tr = translator("timefmt")


def to_qdatetime(value: datetime) -> QDateTime:
    """An aware datetime as a local-time QDateTime (for QDateTimeEdit).

    Never ``QDateTime(value)``: PySide6 drops the datetime's zone and reads the
    wall-clock numbers as local time.
    """
    if value.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    moment = QDateTime.fromMSecsSinceEpoch(round(value.timestamp() * 1000), QTimeZone.utc())
    if not in_range(value):  # a stored extreme date: shown in UTC, never converted
        return moment
    return moment.toLocalTime()


def from_qdatetime(value: QDateTime) -> datetime:
    """A QDateTime typed in local time as an aware UTC datetime."""
    local = QDateTime(value.date(), value.time(), QTimeZone.systemTimeZone())
    return datetime.fromtimestamp(local.toMSecsSinceEpoch() / 1000, UTC)


def format_when(value: datetime | None) -> str:
    """A time in the coach's local time zone and locale, without seconds; empty for None."""
    if value is None:
        return ""
    local = to_qdatetime(value)
    locale = QLocale()
    day = locale.toString(local.date(), QLocale.FormatType.ShortFormat)
    return f"{day} {format_clock(local.time())}"


def format_clock(value: QTime) -> str:
    clock = QLocale().timeFormat(QLocale.FormatType.ShortFormat).replace(":ss", "")
    return QLocale().toString(value, clock)


def format_day(value: date | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(QDate(value), QLocale.FormatType.ShortFormat)


def format_long_day(value: datetime) -> str:
    """'Thursday 26 November' style, in the locale's words, for headings."""
    local = to_qdatetime(value)
    return QLocale().toString(local.date(), "dddd d MMMM")


def format_their_time(start: datetime, zone_name: str, who: str = "") -> str:
    """How a client in ``zone_name`` reads ``start``, when it is not what the coach's clock
    says (``domain.their_time``): "16:00 for Dan", or without a name "16:00 in New York";
    "Wed 02:00 for Dan" when it is another day for them.  "" when there is nothing to add
    (no zone of their own, or the same wall-clock time)."""
    theirs = their_time(start, zone_name)
    if theirs is None:
        return ""
    locale = QLocale()
    clock = format_clock(QTime(theirs.wall.hour, theirs.wall.minute))
    if theirs.other_day:
        day = locale.dayName(theirs.wall.isoweekday(), QLocale.FormatType.ShortFormat)
        clock = f"{day} {clock}"
    if who:
        return _tr("{time} for {name}").format(time=clock, name=who)
    return _tr("{time} in {place}").format(time=clock, place=theirs.place)


def with_their_time(text: str, start: datetime, zone_name: str, who: str = "") -> str:
    """``text`` (the coach's time of ``start``) and, where it differs, the client's in
    brackets: "Tue 1 Dec, 10:00 (16:00 for Dan)"."""
    theirs = format_their_time(start, zone_name, who)
    return f"{text} ({theirs})" if theirs else text
