"""What one calendar event says, read from the file's lines (``reading.RawEvent``).

``read_event`` gives the event's start, length, place, link, description and attendees'
emails, or the ``problem`` for which it is not imported: all-day events; repeating events
(RRULE/RDATE) and changed occurrences of one (RECURRENCE-ID); events cancelled in the
calendar, events that already started, events longer than 12 hours, events whose times
cannot be read.  Times with a TZID are read in that zone (``zones.FileZones``); an event
whose zone is unknown or not usable is left out, never read in this computer's zone.  Times
in UTC are read as UTC, "floating" times (no zone) in this computer's zone.  Dates outside
the years CoachDesk accepts (``domain.dates``) are left out too (``OutOfRange``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coachdesk.domain.dates import RANGE_TEXT, in_range, local_or_utc
from coachdesk.domain.practice import DURATION_MAX
from coachdesk.domain.text import one_line
from coachdesk.storage.calendar.reading import RawEvent
from coachdesk.storage.calendar.zones import FileZones, ZoneProblem

DEFAULT_MINUTES = 60  # an event with neither an end nor a duration


def _value(raw: RawEvent, name: str) -> tuple[dict[str, str], str] | None:
    for word, params, value in raw.kept:
        if word == name:
            return params, value
    return None


def _text(raw: RawEvent, name: str) -> str:
    found = _value(raw, name)
    return "" if found is None else found[1]


def _emails(raw: RawEvent, *, declined: bool = False) -> list[str]:
    """The attendees' addresses; ``declined``: of those who declined the invitation."""
    found = []
    for word, params, value in raw.kept:
        address = value.strip()
        if word != "ATTENDEE":
            continue
        if (params.get("PARTSTAT", "").strip().upper() == "DECLINED") != declined:
            continue
        if address.lower().startswith("mailto:"):
            address = address[len("mailto:") :]
        if "@" in address:
            found.append(address)
    return found


def _link(raw: RawEvent) -> str:
    """A video link a calendar keeps outside LOCATION (Google's conference data)."""
    for name in ("X-GOOGLE-CONFERENCE", "CONFERENCE", "URL"):
        value = _text(raw, name).strip()
        if value.lower().startswith(("https://", "http://")):
            return value
    return ""


def _moment(raw: RawEvent, name: str, zones: FileZones) -> datetime | date:
    """DTSTART or DTEND as a date (all day) or a UTC time (a floating time is this
    computer's local time); ``ZoneProblem`` or ``ValueError`` when it cannot be read."""
    from icalendar.prop import vDDDTypes

    found = _value(raw, name)
    if found is None:
        raise ValueError(f"no {name}")
    params, text = found
    value = vDDDTypes.from_ical(text.strip())
    if not isinstance(value, date):
        raise ValueError(f"{name} is not a date or a time")
    if not in_range(value):
        raise OutOfRange(value.year)
    if not isinstance(value, datetime) or params.get("VALUE", "").upper() == "DATE":
        return value if not isinstance(value, datetime) else value.date()
    if value.tzinfo is None:
        tzid = params.get("TZID")
        if tzid is not None:
            if not tzid.strip():
                raise ZoneProblem("its time zone is not named (an empty TZID)")
            value = value.replace(tzinfo=zones.zone(tzid))
        else:
            value = local_or_utc(value)
    return value.astimezone(UTC)


class OutOfRange(ValueError):
    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.reason = f"its date (the year {year:04d}) is outside {RANGE_TEXT}"


@dataclass
class Event:
    number: int
    uid: str
    summary: str
    start: datetime | date | None
    end_minutes: int | None = None
    problem: str = ""
    location: str = ""
    link: str = ""
    description: str = ""
    emails: tuple[str, ...] = ()
    declined: tuple[str, ...] = ()
    """The addresses of attendees who declined the invitation."""


def read_event(number: int, raw: RawEvent, zones: FileZones, now: datetime) -> Event:
    uid = _text(raw, "UID").strip()
    summary = one_line(_text(raw, "SUMMARY"))
    found = Event(number, uid, summary, None)
    if raw.problem:
        found.problem = raw.problem
        return found
    if "DTSTART" not in raw.names:
        found.problem = "no start time"
        return found
    try:
        start = _moment(raw, "DTSTART", zones)
    except (ZoneProblem, OutOfRange) as problem:
        found.problem = problem.reason
        return found
    except Exception:  # icalendar raises several types for broken or odd values
        found.problem = "its start time cannot be read"
        return found
    found.start = start
    if raw.names & {"RRULE", "RDATE", "EXRULE"}:
        found.problem = "a repeating event: add its sessions in CoachDesk one by one"
        return found
    if "RECURRENCE-ID" in raw.names:
        found.problem = "a changed occurrence of a repeating event"
        return found
    if not isinstance(start, datetime):
        found.problem = "an all-day event (no start time)"
        return found
    if _text(raw, "STATUS").strip().upper() == "CANCELLED":
        found.problem = "cancelled in the calendar"
        return found
    try:
        minutes = _minutes(raw, start, zones)
    except (ZoneProblem, OutOfRange) as problem:
        found.problem = problem.reason
        return found
    except Exception:
        found.problem = "its end time cannot be read"
        return found
    if start < now:
        found.problem = "already started (only upcoming sessions are imported)"
        return found
    if minutes == 0:  # an end at its start: a calendar's "no length given"
        minutes = DEFAULT_MINUTES
    if not 1 <= minutes <= DURATION_MAX:
        found.problem = (
            "it lasts longer than 12 hours" if minutes > 0 else "it ends before it starts"
        )
        return found
    found.end_minutes = minutes
    found.location = _text(raw, "LOCATION")
    found.link = _link(raw)
    found.description = _text(raw, "DESCRIPTION")
    found.emails = tuple(_emails(raw))
    found.declined = tuple(_emails(raw, declined=True))
    return found


def _minutes(raw: RawEvent, start: datetime, zones: FileZones) -> int:
    """The event's length: to DTEND, else its DURATION, else ``DEFAULT_MINUTES``."""
    from icalendar.prop import vDuration

    if _value(raw, "DTEND") is not None:
        end = _moment(raw, "DTEND", zones)
        if not isinstance(end, datetime):
            raise ValueError("end is a date")
        return round((end - start).total_seconds() / 60)
    duration = _value(raw, "DURATION")
    if duration is not None:
        length = vDuration.from_ical(duration[1].strip())
        if not isinstance(length, timedelta):
            raise ValueError("the duration is not a length of time")
        return round(length.total_seconds() / 60)
    return DEFAULT_MINUTES
