"""The format's values as text: times (UTC, ``Z``), dates, storable text, and the key that
makes two clients the same person for an import."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})\Z"
)
_SURROGATE = re.compile(r"[\ud800-\udfff\x00]")
DATETIME_PATTERN = "^" + _DATETIME.pattern.removesuffix(r"\Z") + "$"
DATE_PATTERN = "^" + _DATE.pattern.removesuffix(r"\Z") + "$"


def utc_stamp(value: datetime) -> str:
    """An aware datetime as the format writes it: UTC, ``Z``, microseconds only when set."""
    value = value.astimezone(UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


def parse_datetime(value: str) -> datetime | None:
    """An ISO 8601 date and time with a zone, as an aware UTC datetime; None if it is not one."""
    if not _DATETIME.match(value):
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_date(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored as text (a NUL or an unpaired surrogate), or None."""
    bad = _SURROGATE.search(value)
    if bad is None:
        return None
    if bad.group() == "\x00":
        return "contains a NUL character"
    return "is not valid Unicode text (an unpaired surrogate)"


def client_key(name: str, email: str) -> tuple[str, str]:
    """What makes two clients the same person for an import: name and email, any case."""
    return " ".join(name.split()).casefold(), email.strip().casefold()
