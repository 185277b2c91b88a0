"""Calendar files (.ics, RFC 5545): export upcoming sessions, import planned ones.

Reading and writing the format is left to the ``icalendar`` library; the rules
(what an event says about a session, which client an event is for) are in
``coachdesk.domain.calendar``.

**Export** (``export_ics``): one event per planned session starting in the next
``days`` days: a stable UID per session (``session-<id>@coachdesk.local``, so a
calendar app updates the event when the file is imported again), start and end
in UTC, "Coaching: <client>", the medium and place as the location, the agenda
and the guests as the description, the client as an attendee when they have an
email, and a display alarm 30 minutes before.  Private notes (the session's and
the client's) are never written.  The file is created readable by the owner only.

**Import** (``import_ics_preview`` then ``import_ics``): each event becomes a
planned session of the client it matches (by attendee email, else by name in
the title), with its start, length, place (from the location) and agenda (from
the description).  Attendees other than the client are not added as guests:
the calendar cannot say whether the client was told about them.  These events
are not imported, each with its reason in the preview:

* no client, or several clients, match;
* all-day events (they have no start time);
* repeating events (RRULE/RDATE) and changed occurrences of one (RECURRENCE-ID):
  add such sessions one by one in CoachDesk;
* events cancelled in the calendar, events that already started, events longer
  than 12 hours, events whose times cannot be read;
* events already in CoachDesk: our own UID of a session that still exists for
  that client, or a session of the same client at the same start; an event
  repeated in the file is taken once.

Times with a TZID are read in that zone: the system's zone of that name (IANA or
Windows), else the file's own VTIMEZONE when its rules are sane (``calendar_zones``);
an event whose zone is unknown or not usable is left out, never read in this
computer's zone.  Times in UTC are read as UTC, "floating" times (no zone) in this
computer's zone.  Dates outside the years CoachDesk accepts (``domain.dates``) are
left out too.

Reading is bounded whatever the file holds: at most ``MAX_LINES`` lines and
``MAX_EVENT_LINES`` used lines per event, and ``READ_SECONDS`` in all; a file past
that is refused.  Only the properties the import uses are parsed (not alarms, not
repetition rules, not the thousands of X- properties a hostile file may repeat).

The file must be UTF-8 text (a BOM is allowed), at most ``MAX_BYTES`` bytes and
``MAX_EVENTS`` events, nested at most ``MAX_DEPTH`` components deep; anything
else is refused with a ``CalendarError`` naming the problem and nothing is
written.  ``import_ics`` creates every session of the preview in one
transaction, or none.
"""

from __future__ import annotations

import io
import logging
import os
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from coachdesk import APP_NAME, __version__
from coachdesk.domain.calendar import (
    ClientMatch,
    ClientRef,
    agenda_from_description,
    event_description,
    event_summary,
    location_text,
    match_client,
    place_from_location,
)
from coachdesk.domain.dates import RANGE_TEXT, ends_at, in_range, local_or_utc
from coachdesk.domain.practice import DURATION_MAX, LINE_MAX, TEXT_MAX, SessionData
from coachdesk.domain.refusal import Refusal
from coachdesk.domain.text import clip, one_line
from coachdesk.domain.vocab import CALENDAR_DAYS, Medium, SessionStatus
from coachdesk.storage import calendar_zones
from coachdesk.storage.calendar_zones import ZoneProblem, file_zone, sane_rules, system_zone
from coachdesk.storage.database import Database
from coachdesk.storage.files import utc_text
from coachdesk.storage.textfiles import write_owner_only

logger = logging.getLogger(__name__)

DEFAULT_DAYS = CALENDAR_DAYS
REMINDER_MINUTES = 30
DEFAULT_MINUTES = 60  # an event with neither an end nor a duration
MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 1_000_000
MAX_EVENTS = 20_000
MAX_EVENT_LINES = 500
MAX_LINE_CHARS = 5 * TEXT_MAX
MAX_DEPTH = 8
READ_SECONDS = 3.0  # the most one file may take to read, however it is made
UID_DOMAIN = "coachdesk.local"
_OUR_UID = re.compile(rf"^session-(\d+)@{re.escape(UID_DOMAIN)}$")


class CalendarError(Refusal):
    """A calendar file that cannot be read or imported; ``message`` says why, for the coach."""


def session_uid(session_id: int) -> str:
    return f"session-{session_id}@{UID_DOMAIN}"


# --- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: Path
    events: int
    start: datetime
    end: datetime


def _exported_sessions(db: Database, start: datetime, end: datetime) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(
            "SELECT s.id, s.start, s.duration_minutes, s.medium, s.location, s.agenda,"
            " c.name, c.email, s.updated_at"
            " FROM coaching_sessions AS s JOIN clients AS c ON c.id = s.client_id"
            " WHERE s.status = :planned AND s.start >= :start AND s.start < :end"
            " ORDER BY s.start, s.id",
            {
                "planned": SessionStatus.PLANNED.value,
                "start": utc_text(start),
                "end": utc_text(end),
            },
        ).fetchall()
        ids = [row[0] for row in rows]
        guests: dict[int, list[tuple[str, str]]] = {}
        for offset in range(0, len(ids), 500):
            chunk = ids[offset : offset + 500]
            for session_id, name, role in conn.execute(
                "SELECT session_id, name, role FROM guests"
                f" WHERE session_id IN ({','.join('?' * len(chunk))}) ORDER BY id",
                chunk,
            ):
                guests.setdefault(session_id, []).append((name, role))
    return [
        {
            "id": row[0],
            "start": datetime.fromisoformat(row[1]).replace(tzinfo=UTC),
            "minutes": row[2],
            "medium": Medium(row[3]),
            "location": row[4],
            "agenda": row[5],
            "client": row[6],
            "email": row[7],
            "updated": datetime.fromisoformat(row[8]).replace(tzinfo=UTC),
            "guests": guests.get(row[0], []),
        }
        for row in rows
    ]


def calendar_bytes(db: Database, days: int = DEFAULT_DAYS, now: datetime | None = None) -> bytes:
    """The .ics text of the planned sessions starting in the next ``days`` days."""
    from icalendar import Alarm, Calendar, Event, vCalAddress

    if days < 1:
        raise CalendarError("The number of days to export should be at least 1.")
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{APP_NAME} sessions")
    for row in _exported_sessions(db, now, now + timedelta(days=days)):
        event = Event()
        event.add("uid", session_uid(row["id"]))
        event.add("dtstamp", now)
        event.add("last-modified", row["updated"].replace(microsecond=0))
        event.add("dtstart", row["start"].replace(microsecond=0))
        event.add("dtend", (ends_at(row["start"], row["minutes"])).replace(microsecond=0))
        event.add("summary", event_summary(row["client"]))
        event.add("location", location_text(row["medium"], row["location"]))
        description = event_description(row["agenda"], row["guests"])
        if description:
            event.add("description", description)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        if row["email"].strip():
            attendee = vCalAddress(f"mailto:{row['email'].strip()}")
            attendee.params["CN"] = one_line(row["client"])
            attendee.params["ROLE"] = "REQ-PARTICIPANT"
            attendee.params["RSVP"] = "FALSE"
            event.add("attendee", attendee, encode=0)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
        alarm.add(
            "description",
            f"Coaching with {one_line(row['client'])} in {REMINDER_MINUTES} minutes",
        )
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def export_ics(
    db: Database, path: Path, days: int = DEFAULT_DAYS, now: datetime | None = None
) -> ExportResult:
    """Write the planned sessions of the next ``days`` days to ``path`` (owner-only, replaced
    as a whole).  Raises ``StorageError`` when the file cannot be written."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    data = calendar_bytes(db, days, moment)
    write_owner_only(Path(path), data)
    events = data.count(b"BEGIN:VEVENT")
    logger.info("exported %s sessions to a calendar file", events)
    return ExportResult(Path(path), events, moment, moment + timedelta(days=days))


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    """A session the import will create."""

    event: int  # the event's number in the file, from 1
    uid: str
    summary: str
    client_id: int
    client_name: str
    matched_by: str  # "email" or "name"
    start: datetime  # UTC
    duration_minutes: int
    medium: Medium
    location: str
    agenda: str

    def data(self) -> SessionData:
        return SessionData(
            client_id=self.client_id,
            start=self.start,
            duration_minutes=self.duration_minutes,
            medium=self.medium,
            location=self.location,
            agenda=self.agenda,
        )


@dataclass(frozen=True)
class NotImported:
    """An event the import leaves out, and why."""

    event: int
    uid: str
    summary: str
    start: datetime | date | None
    reason: str


@dataclass(frozen=True)
class Preview:
    """What importing ``path`` would do: ``to_create`` and ``unmatched`` (every event left
    out, with the reason)."""

    path: Path
    to_create: tuple[NewSession, ...]
    unmatched: tuple[NotImported, ...]
    events: int
    made_at: datetime = field(compare=False)


@dataclass(frozen=True)
class ImportResult:
    created: tuple[int, ...]  # the new sessions' ids
    left_out: int


def _read_text(path: Path) -> str:
    name = Path(path).name
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise CalendarError(
                f"{name} is too large for a calendar file ({size / 1_000_000:.1f} MB; "
                f"at most {MAX_BYTES // 1_000_000} MB are read)."
            )
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CalendarError(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    if len(raw) > MAX_BYTES:
        raise CalendarError(f"{name} is too large for a calendar file.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:40].count(b"\x00") >= 10:
        raise CalendarError(
            f"{name} is UTF-16 text; calendar files are UTF-8. "
            "Export it again from the calendar app, or save it as UTF-8."
        )
    if b"\x00" in raw:
        raise CalendarError(
            f"{name} is not a calendar file: it holds binary data (byte {raw.index(0) + 1})."
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CalendarError(
            f"{name} is not UTF-8 text (line {line}); calendar files are UTF-8. "
            "Export it again from the calendar app."
        ) from exc
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise CalendarError(
            f"{name} is not an iCalendar (.ics) file: it should begin with BEGIN:VCALENDAR."
        )
    depth = deepest = 0
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        word = line[:6].upper()
        if word.startswith("BEGIN:"):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                raise CalendarError(
                    f"{name}, line {number}: components are nested too deeply "
                    f"(more than {MAX_DEPTH})."
                )
        elif word.startswith("END:"):
            depth -= 1
    return text


@dataclass
class _Raw:
    """One VEVENT as read from the file: its line, what properties it has and the ones
    the import uses, as (name, parameters, value)."""

    line: int
    names: set[str] = field(default_factory=set)
    kept: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    problem: str = ""


@dataclass
class _File:
    events: list[_Raw]
    zones: dict[str, list[tuple[str, str]]]  # TZID -> the VTIMEZONE's (name, value) lines
    zone_texts: dict[str, str]


_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")
_KEPT = {
    "UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "STATUS", "LOCATION", "DESCRIPTION",
    "ATTENDEE", "URL", "CONFERENCE", "X-GOOGLE-CONFERENCE",
}  # fmt: skip


class _Budget:
    """The time one file may take to read: past it, ``CalendarError``."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise CalendarError(
                f"{self.name} takes too long to read (more than {self.seconds:g} seconds); "
                "nothing was imported. Export a shorter period from the calendar app."
            )


def _parts(line: str) -> tuple[str, dict[str, str], str]:
    from icalendar.parser import Contentline

    if len(line) > MAX_LINE_CHARS:
        raise ValueError("the line is too long")
    head, colon, value = line.partition(":")
    if colon and ";" not in head and '"' not in head and "\\" not in value:  # most lines
        return head.upper(), {}, value
    name, params, value = Contentline(line).parts()
    return name.upper(), {key.upper(): str(item) for key, item in params.items()}, value


def _split(text: str, name: str, budget: _Budget) -> _File:
    """The file's events and time zones, read line by line within ``budget`` and the
    caps: at most ``MAX_LINES`` lines, ``MAX_EVENTS`` events, ``MAX_DEPTH`` levels deep,
    ``MAX_EVENT_LINES`` used lines per event (more: that event is left out)."""
    unfolded = re.sub(r"\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    found = _File([], {}, {})
    stack: list[str] = []
    event: _Raw | None = None
    zone: list[str] | None = None
    count = 0
    for number, ending in enumerate(io.StringIO(unfolded), start=1):
        line = ending.rstrip("\n")
        if not line.strip():
            continue
        count += 1
        if count % 1000 == 0:
            budget.check()
        if count > MAX_LINES:
            raise CalendarError(f"{name} has more than {MAX_LINES:,} lines; it is not read.")
        if not _LINE.match(line):
            raise CalendarError(
                f"{name} is not a readable calendar: line {number} is not a calendar line."
            )
        word, _sep, rest = line.partition(":")
        word = word.upper()
        if word in ("BEGIN", "END"):
            component = rest.strip().upper()
            if word == "BEGIN":
                if not stack and component != "VCALENDAR":
                    raise CalendarError(
                        f"{name} is not a readable calendar: line {number} is outside it."
                    )
                stack.append(component)
                if len(stack) > MAX_DEPTH:
                    raise CalendarError(
                        f"{name}, line {number}: components are nested too deeply "
                        f"(more than {MAX_DEPTH})."
                    )
                if len(stack) == 2 and component == "VEVENT":
                    event = _Raw(number)
                    found.events.append(event)
                    if len(found.events) > MAX_EVENTS:
                        raise CalendarError(
                            f"{name} holds more than {MAX_EVENTS:,} events; "
                            f"at most {MAX_EVENTS:,} are read."
                        )
                elif len(stack) == 2 and component == "VTIMEZONE":
                    zone = []
            elif not stack or stack[-1] != component:
                raise CalendarError(
                    f"{name} is not a readable calendar: line {number} ends a "
                    f"{component or 'nameless'} component that was not begun."
                )
            else:
                stack.pop()
                if len(stack) == 1:
                    event = None
                    if zone is not None and component == "VTIMEZONE":
                        _keep_zone(found, [*zone, line])
                    zone = None
            if zone is not None:
                zone.append(line)
            continue
        if not stack:
            raise CalendarError(f"{name} is not a readable calendar: line {number} is outside it.")
        if zone is not None:
            zone.append(line)
        elif event is not None and len(stack) == 2:
            _keep_property(event, line, word.partition(";")[0])
    if stack:
        raise CalendarError(f"{name} is not a readable calendar: it ends inside {stack[-1]}.")
    return found


def _keep_property(event: _Raw, line: str, word: str) -> None:
    event.names.add(word)
    if word not in _KEPT or event.problem:
        return
    if len(event.kept) >= MAX_EVENT_LINES:
        event.problem = f"it has too many properties (more than {MAX_EVENT_LINES})"
        return
    if len(line) > MAX_LINE_CHARS:
        event.problem = f"its {word} is too long (more than {MAX_LINE_CHARS:,} characters)"
        return
    try:
        event.kept.append(_parts(line))
    except ValueError:
        if word == "DTSTART":
            event.problem = "its start time cannot be read"


def _keep_zone(found: _File, lines: list[str]) -> None:
    """A VTIMEZONE of the file, by its TZID; a zone whose lines cannot be read is kept
    with no rules (its events are then left out)."""
    tzid = ""
    rules: list[tuple[str, str]] = []
    for line in lines[1:-1]:
        try:
            word, _params, value = _parts(line)
        except ValueError:
            rules = []
            break
        if word == "TZID":
            tzid = value
        rules.append((word, value))
    if tzid and tzid not in found.zones:
        found.zones[tzid] = rules
        found.zone_texts[tzid] = "\r\n".join(lines) + "\r\n"


def _read_file(path: Path, budget: _Budget) -> _File:
    return _split(_read_text(path), Path(path).name, budget)


def _value(raw: _Raw, name: str) -> tuple[dict[str, str], str] | None:
    for word, params, value in raw.kept:
        if word == name:
            return params, value
    return None


def _text(raw: _Raw, name: str) -> str:
    found = _value(raw, name)
    return "" if found is None else found[1]


def _emails(raw: _Raw) -> list[str]:
    found = []
    for word, _params, value in raw.kept:
        address = value.strip()
        if word != "ATTENDEE":
            continue
        if address.lower().startswith("mailto:"):
            address = address[len("mailto:") :]
        if "@" in address:
            found.append(address)
    return found


def _link(raw: _Raw) -> str:
    """A video link a calendar keeps outside LOCATION (Google's conference data)."""
    for name in ("X-GOOGLE-CONFERENCE", "CONFERENCE", "URL"):
        value = _text(raw, name).strip()
        if value.lower().startswith(("https://", "http://")):
            return value
    return ""


class _Zones:
    """The zones of one file's events, each resolved once (see ``calendar_zones``)."""

    def __init__(self, found: _File) -> None:
        self.file = found
        self.resolved: dict[str, tzinfo | ZoneProblem] = {}

    def zone(self, tzid: str) -> tzinfo:
        if tzid not in self.resolved:
            self.resolved[tzid] = self._resolve(tzid)
        resolved = self.resolved[tzid]
        if isinstance(resolved, ZoneProblem):
            raise resolved
        return resolved

    def _resolve(self, tzid: str) -> tzinfo | ZoneProblem:
        zone = system_zone(tzid)
        if zone is not None:
            return zone
        rules = self.file.zones.get(tzid)
        if rules is None:
            return calendar_zones.unknown(tzid)
        if not sane_rules(rules):
            return calendar_zones.unusable(tzid)
        try:
            return file_zone(tzid, self.file.zone_texts[tzid])
        except ZoneProblem as problem:
            return problem


def _moment(raw: _Raw, name: str, zones: _Zones) -> datetime | date:
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
        raise _OutOfRange(value.year)
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


class _OutOfRange(ValueError):
    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.reason = f"its date (the year {year:04d}) is outside {RANGE_TEXT}"


def _clients(db: Database) -> list[ClientRef]:
    with db.read() as conn:
        rows = conn.execute(
            "SELECT id, name, preferred_name, email FROM clients ORDER BY id"
        ).fetchall()
    return [ClientRef(*row) for row in rows]


def _existing(db: Database, client_ids: set[int]) -> tuple[set[tuple[int, str]], dict[int, int]]:
    """(client id, UTC start text) of every session of ``client_ids``, and each session's
    client by session id."""
    starts: set[tuple[int, str]] = set()
    owners: dict[int, int] = {}
    ids = sorted(client_ids)
    with db.read() as conn:
        for offset in range(0, len(ids), 500):
            chunk = ids[offset : offset + 500]
            for session_id, client_id, start in conn.execute(
                "SELECT id, client_id, start FROM coaching_sessions"
                f" WHERE client_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                starts.add((client_id, start))
                owners[session_id] = client_id
    return starts, owners


@dataclass
class _Event:
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


def _read_event(number: int, raw: _Raw, zones: _Zones, now: datetime) -> _Event:
    uid = _text(raw, "UID").strip()
    summary = one_line(_text(raw, "SUMMARY"))
    found = _Event(number, uid, summary, None)
    if raw.problem:
        found.problem = raw.problem
        return found
    if "DTSTART" not in raw.names:
        found.problem = "no start time"
        return found
    try:
        start = _moment(raw, "DTSTART", zones)
    except (ZoneProblem, _OutOfRange) as problem:
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
    except (ZoneProblem, _OutOfRange) as problem:
        found.problem = problem.reason
        return found
    except Exception:
        found.problem = "its end time cannot be read"
        return found
    if start < now:
        found.problem = "already started (only upcoming sessions are imported)"
        return found
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
    return found


def _minutes(raw: _Raw, start: datetime, zones: _Zones) -> int:
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


def _session_for(found: _Event, match: ClientMatch) -> NewSession:
    assert match.client is not None and isinstance(found.start, datetime)
    medium, place = place_from_location(found.location)
    if not place and found.link:
        medium, place = Medium.VIDEO, found.link
    return NewSession(
        event=found.number,
        uid=found.uid,
        summary=found.summary,
        client_id=match.client.id,
        client_name=match.client.name,
        matched_by=match.by,
        start=found.start,
        duration_minutes=found.end_minutes or DEFAULT_MINUTES,
        medium=medium,
        location=clip(place, LINE_MAX),
        agenda=agenda_from_description(found.description)[:TEXT_MAX],
    )


def import_ics_preview(db: Database, path: Path, now: datetime | None = None) -> Preview:
    """Read ``path`` and say which sessions importing it would create, and which events it
    leaves out and why.  Nothing is written.  Raises ``CalendarError`` for a file that is
    not a readable calendar."""
    path = Path(path)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    budget = _Budget(path.name, READ_SECONDS)
    found = _read_file(path, budget)
    zones = _Zones(found)
    events = []
    for number, raw in enumerate(found.events, start=1):
        if number % 100 == 0:
            budget.check()
        events.append(_read_event(number, raw, zones, moment))
    clients = _clients(db)
    starts, owners = _existing(db, {client.id for client in clients})
    to_create: list[NewSession] = []
    left_out: list[NotImported] = []
    seen_uids: set[str] = set()
    seen_starts: set[tuple[int, str]] = set()

    def leave(found: _Event, reason: str) -> None:
        left_out.append(NotImported(found.number, found.uid, found.summary, found.start, reason))

    for found in events:
        if found.problem:
            leave(found, found.problem)
            continue
        assert isinstance(found.start, datetime)
        match = match_client(found.emails, found.summary, clients)
        if match.client is None:
            leave(found, match.reason)
            continue
        ours = _OUR_UID.match(found.uid)
        key = (match.client.id, utc_text(found.start))
        if ours and owners.get(int(ours.group(1))) == match.client.id:
            leave(found, f"already in CoachDesk (session {ours.group(1)})")
        elif key in starts:
            leave(found, f"already in CoachDesk: {match.client.name} has a session at that time")
        elif (found.uid and found.uid in seen_uids) or key in seen_starts:
            leave(found, "the same event appears earlier in the file")
        else:
            to_create.append(_session_for(found, match))
        seen_uids.add(found.uid)
        seen_starts.add(key)
    return Preview(path, tuple(to_create), tuple(left_out), len(events), moment)


def import_ics(
    db: Database, preview_or_path: Preview | Path | str, now: datetime | None = None
) -> ImportResult:
    """Create the sessions of a preview (made now from a path if a path is given), all in
    one transaction.  If the data changed since the preview (a client deleted, a session
    added at the same time) nothing is created and ``CalendarError`` says so."""
    from sqlalchemy import select

    from coachdesk.domain.practice import validate_session
    from coachdesk.storage.models import Client, CoachingSession

    preview = (
        preview_or_path
        if isinstance(preview_or_path, Preview)
        else import_ics_preview(db, Path(preview_or_path), now)
    )
    for new in preview.to_create:
        problems = validate_session(new.data())
        if problems:
            raise CalendarError(f"Event {new.event} ({new.summary}): {problems[0].message}")
    created: list[int] = []
    with db.session() as session:
        for new in preview.to_create:
            if session.get(Client, new.client_id) is None:
                raise CalendarError(
                    f"{new.client_name} was deleted since the preview; nothing was imported. "
                    "Preview the file again."
                )
            clash = session.scalar(
                select(CoachingSession.id).where(
                    CoachingSession.client_id == new.client_id,
                    CoachingSession.start == new.start,
                )
            )
            if clash is not None:
                raise CalendarError(
                    f"{new.client_name} now has a session at the time of event {new.event}; "
                    "nothing was imported. Preview the file again."
                )
            data = new.data()
            item = CoachingSession(
                client_id=data.client_id,
                start=data.start,
                duration_minutes=data.duration_minutes,
                medium=data.medium.value,
                location=data.location,
                agenda=data.agenda,
                status=SessionStatus.PLANNED.value,
            )
            session.add(item)
            session.flush()
            created.append(item.id)
    logger.info("imported %s sessions from a calendar file", len(created))
    return ImportResult(tuple(created), len(preview.unmatched))


def describe_preview(preview: Preview) -> list[str]:
    """The preview as lines of text (the command line prints them)."""

    def when(value: datetime | date | None) -> str:
        if isinstance(value, datetime):
            return local_or_utc(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, date):
            return value.isoformat()
        return "(no time)"

    def title(summary: str) -> str:
        return f"“{clip(summary, 60)}”" if summary else "(untitled)"

    def plural(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    lines = [
        f"{preview.path.name}: {plural(preview.events, 'event')}, "
        f"{plural(len(preview.to_create), 'session')} to create, "
        f"{len(preview.unmatched)} left out."
    ]
    if preview.to_create:
        lines += ["", "TO CREATE"]
        for new in preview.to_create:
            place = location_text(new.medium, new.location)
            lines.append(
                f"  {when(new.start)}  {new.duration_minutes} min  {new.client_name}"
                f"  (by {new.matched_by})  {clip(place, 50)}"
            )
    if preview.unmatched:
        lines += ["", "LEFT OUT"]
        for item in preview.unmatched:
            lines.append(f"  event {item.event}  {when(item.start)}  {title(item.summary)}")
            lines.append(f"      {item.reason}")
    return lines
