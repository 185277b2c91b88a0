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

Times with a TZID are read in that zone (the calendar's VTIMEZONE or the IANA
name), times in UTC as UTC, "floating" times (no zone) in this computer's zone.

The file must be UTF-8 text (a BOM is allowed), at most ``MAX_BYTES`` bytes and
``MAX_EVENTS`` events, nested at most ``MAX_DEPTH`` components deep; anything
else is refused with a ``CalendarError`` naming the problem and nothing is
written.  ``import_ics`` creates every session of the preview in one
transaction, or none.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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
from coachdesk.domain.practice import DURATION_MAX, LINE_MAX, TEXT_MAX, SessionData
from coachdesk.domain.text import clip, one_line
from coachdesk.domain.vocab import CALENDAR_DAYS, Medium, SessionStatus
from coachdesk.storage.database import Database
from coachdesk.storage.files import utc_text
from coachdesk.storage.private_files import write_private

logger = logging.getLogger(__name__)

DEFAULT_DAYS = CALENDAR_DAYS
REMINDER_MINUTES = 30
DEFAULT_MINUTES = 60  # an event with neither an end nor a duration
MAX_BYTES = 20 * 1024 * 1024
MAX_EVENTS = 20_000
MAX_DEPTH = 8
UID_DOMAIN = "coachdesk.local"
_OUR_UID = re.compile(rf"^session-(\d+)@{re.escape(UID_DOMAIN)}$")


class CalendarError(ValueError):
    """A calendar file that cannot be read or imported; ``message`` says why, for the coach."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
        event.add(
            "dtend", (row["start"] + timedelta(minutes=row["minutes"])).replace(microsecond=0)
        )
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
    as a whole).  Raises ``OSError`` when the file cannot be written."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    data = calendar_bytes(db, days, moment)
    write_private(Path(path), data)
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
    for number, line in enumerate(text.splitlines(), start=1):
        word = line.upper()
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


def _parse(path: Path) -> Any:
    from icalendar import Calendar

    text = _read_text(path)
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise CalendarError(f"{Path(path).name} is not a readable calendar: {exc}") from exc
    events = calendar.walk("VEVENT")
    if len(events) > MAX_EVENTS:
        raise CalendarError(
            f"{Path(path).name} holds {len(events):,} events; at most {MAX_EVENTS:,} are read."
        )
    return events


def _text(event: Any, name: str) -> str:
    value = event.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice: the first one
        value = value[0]
    return str(value)


def _emails(event: Any) -> list[str]:
    values = event.get("ATTENDEE", [])
    if not isinstance(values, list):
        values = [values]
    found = []
    for value in values:
        address = str(value).strip()
        if address.lower().startswith("mailto:"):
            address = address[len("mailto:") :]
        if "@" in address:
            found.append(address)
    return found


def _link(event: Any) -> str:
    """A video link a calendar keeps outside LOCATION (Google's conference data)."""
    for name in ("X-GOOGLE-CONFERENCE", "CONFERENCE", "URL"):
        value = _text(event, name).strip()
        if value.lower().startswith(("https://", "http://")):
            return value
    return ""


def _aware(value: datetime) -> datetime:
    """A calendar time as UTC; a floating time (no zone) is this computer's local time."""
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(UTC)


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


def _read_event(number: int, event: Any, now: datetime) -> _Event:
    uid = _text(event, "UID").strip()
    summary = one_line(_text(event, "SUMMARY"))
    found = _Event(number, uid, summary, None)
    errors = getattr(event, "errors", None)
    broken = {name.upper() for name, _message in errors or ()}
    if "DTSTART" in broken or "DTSTART" not in event:
        found.problem = "its start time cannot be read" if "DTSTART" in event else "no start time"
        return found
    try:
        start = event.start
    except Exception:  # icalendar raises several types for broken or odd values
        found.problem = "its start time cannot be read"
        return found
    found.start = start
    if "RRULE" in event or "RDATE" in event:
        found.problem = "a repeating event: add its sessions in CoachDesk one by one"
        return found
    if "RECURRENCE-ID" in event:
        found.problem = "a changed occurrence of a repeating event"
        return found
    if not isinstance(start, datetime):
        found.problem = "an all-day event (no start time)"
        return found
    if _text(event, "STATUS").strip().upper() == "CANCELLED":
        found.problem = "cancelled in the calendar"
        return found
    try:
        start = _aware(start)
        found.start = start
        if "DTEND" in event or "DURATION" in event:
            end = event.end
            if not isinstance(end, datetime):
                raise ValueError("end is a date")
            minutes = round((_aware(end) - start).total_seconds() / 60)
        else:
            minutes = DEFAULT_MINUTES
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
    found.location = _text(event, "LOCATION")
    found.link = _link(event)
    found.description = _text(event, "DESCRIPTION")
    found.emails = tuple(_emails(event))
    return found


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
    events = [_read_event(n, e, moment) for n, e in enumerate(_parse(path), start=1)]
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
            return value.astimezone().strftime("%Y-%m-%d %H:%M")
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
