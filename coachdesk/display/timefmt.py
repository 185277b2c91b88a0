"""Showing and editing times: stored as aware UTC, shown and typed in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from coachdesk.domain.dates import in_range


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
