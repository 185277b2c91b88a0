"""Exporting upcoming sessions as a calendar file (.ics, RFC 5545).

``export_ics`` writes one event per planned session starting in the next ``days`` days
(``calendar_bytes`` is its text): a stable UID per session (``shared.session_uid``),
"Coaching: <client>", the medium and place as the location, the agenda and the guests as
the description, the client as an attendee when they have an email, and:

* **start and end** in the client's time zone (``TZID=<name>``, with a VTIMEZONE for it
  covering the exported days) when the client has one this computer knows; otherwise in
  UTC.  A zone name the computer does not know is exported in UTC, never refused.  The
  instant is the same either way: only how it is written changes.
* **alarms** (display): one 30 minutes before the start, and one at the deadline of each
  notice still to give for the session (its prep checklist, ``storage.notices``) whose
  deadline is still ahead at export time: an absolute trigger in UTC and "Notice due: <what
  to do> (by <when>)".  A deadline already passed gets no alarm (the app says it is late).

Private notes (the session's and the client's) are never written.  The file is created
readable by the owner only.  Writing the format is left to the ``icalendar`` library; the
wording of the event is in ``coachdesk.domain.calendar``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from coachdesk import APP_NAME, __version__
from coachdesk.domain.calendar import (
    event_description,
    event_summary,
    location_text,
    notice_reminder,
)
from coachdesk.domain.dates import ends_at
from coachdesk.domain.notice import ZoneError, zone_named
from coachdesk.domain.text import one_line
from coachdesk.domain.vocab import CALENDAR_DAYS, Medium, SessionStatus
from coachdesk.storage.calendar.shared import CalendarError, session_uid
from coachdesk.storage.database import Database
from coachdesk.storage.files import utc_text
from coachdesk.storage.notices import NoticeDue, coming_notices
from coachdesk.storage.textfiles import write_owner_only

logger = logging.getLogger(__name__)

DEFAULT_DAYS = CALENDAR_DAYS
REMINDER_MINUTES = 30
ZONE_MARGIN = timedelta(days=2)
"""How far the written VTIMEZONEs reach beyond the exported days (a local date is at most a
day from UTC's, and a session may end the day after the window)."""


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
            " c.name, c.email, s.updated_at, c.time_zone"
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
            "zone": row[9],
        }
        for row in rows
    ]


class _Zones:
    """The clients' zones by name, each looked up once; None for no zone, and for a name
    this computer does not know (said once in the log, then exported in UTC)."""

    def __init__(self) -> None:
        self._found: dict[str, tzinfo | None] = {}

    def __call__(self, name: str) -> tzinfo | None:
        if name not in self._found:
            try:
                self._found[name] = zone_named(name)
            except ZoneError:
                logger.warning("a client's time zone is unknown here; exported in UTC")
                self._found[name] = None
        return self._found[name]


def _notices_by_session(db: Database, now: datetime, end: datetime) -> dict[int, list[NoticeDue]]:
    """The notices still to give before the sessions starting before ``end`` whose deadline
    is after ``now``, by session, soonest deadline first."""
    found: dict[int, list[NoticeDue]] = defaultdict(list)
    for due in coming_notices(db, now, until=end):
        if due.deadline > now:
            found[due.session_id].append(due)
    return found


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
    end = now + timedelta(days=days)
    notices = _notices_by_session(db, now, end)
    zones = _Zones()
    for row in _exported_sessions(db, now, end):
        start = row["start"].replace(microsecond=0)
        finish = ends_at(row["start"], row["minutes"]).replace(microsecond=0)
        zone = zones(row["zone"])
        if zone is not None:
            start, finish = start.astimezone(zone), finish.astimezone(zone)
        event = Event()
        event.add("uid", session_uid(row["id"]))
        event.add("dtstamp", now)
        event.add("last-modified", row["updated"].replace(microsecond=0))
        event.add("dtstart", start)
        event.add("dtend", finish)
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
        for due in notices.get(row["id"], ()):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add(
                "trigger",
                due.deadline.astimezone(UTC).replace(microsecond=0),
                parameters={"VALUE": "DATE-TIME"},
            )
            alarm.add(
                "description", notice_reminder(due.full_name, due.entry.kind, due.entry.due_text)
            )
            event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=(now - ZONE_MARGIN).date(), last_date=(end + ZONE_MARGIN).date()
    )
    missing = calendar.get_missing_tzids()
    if missing:  # icalendar knows every zone zoneinfo does; a client's may still fail it
        logger.warning("%s time zones written without their rules", len(missing))
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
