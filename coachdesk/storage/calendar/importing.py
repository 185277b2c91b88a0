"""Importing planned sessions from a calendar file: ``import_ics_preview`` then ``import_ics``.

Each event (``events.read_event``) becomes a planned session of the client it matches (by
attendee email, else by name in the title; ``domain.calendar.match_client``), with its
start, length, place (from the location) and agenda (from the description).  Attendees
other than the client are not added as guests: the calendar cannot say whether the client
was told about them.  Besides the events ``events`` leaves out, these are not imported,
each with its reason in the preview: no client, or several clients, match; events already
in CoachDesk: our own UID of a session that still exists for that client, or a session of
the same client at the same start; an event repeated in the file is taken once.

Nothing is written by the preview; ``import_ics`` creates every session of the preview in
one transaction, or none.  ``describe_preview`` says the preview as lines of text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from coachdesk.domain.calendar import (
    ClientMatch,
    ClientRef,
    agenda_from_description,
    location_text,
    match_client,
    meeting_place,
)
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.practice import LINE_MAX, TEXT_MAX, SessionData
from coachdesk.domain.text import clip
from coachdesk.domain.vocab import Medium, SessionStatus
from coachdesk.storage.calendar.events import DEFAULT_MINUTES, Event, read_event
from coachdesk.storage.calendar.reading import READ_SECONDS, Budget, read_file
from coachdesk.storage.calendar.shared import OUR_UID, CalendarError
from coachdesk.storage.calendar.zones import FileZones
from coachdesk.storage.database import Database
from coachdesk.storage.files import utc_text

logger = logging.getLogger(__name__)


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


def _session_for(found: Event, match: ClientMatch) -> NewSession:
    assert match.client is not None and isinstance(found.start, datetime)
    medium, place = meeting_place(found.location, found.link, found.description)
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
    budget = Budget(path.name, READ_SECONDS)
    found = read_file(path, budget)
    zones = FileZones(found)
    events = []
    for number, raw in enumerate(found.events, start=1):
        if number % 100 == 0:
            budget.check()
        events.append(read_event(number, raw, zones, moment))
    clients = _clients(db)
    starts, owners = _existing(db, {client.id for client in clients})
    to_create: list[NewSession] = []
    left_out: list[NotImported] = []
    seen_uids: set[str] = set()
    seen_starts: set[tuple[int, str]] = set()

    def leave(found: Event, reason: str) -> None:
        left_out.append(NotImported(found.number, found.uid, found.summary, found.start, reason))

    for found in events:
        if found.problem:
            leave(found, found.problem)
            continue
        assert isinstance(found.start, datetime)
        match = match_client(found.emails, found.summary, clients)
        if match.client is None:
            declined = match_client(found.declined, "", clients).client
            leave(found, f"{declined.name} declined it" if declined else match.reason)
            continue
        email = match.client.email.strip().casefold()
        if email and email in {address.strip().casefold() for address in found.declined}:
            leave(found, f"{match.client.name} declined it")
            continue
        ours = OUR_UID.match(found.uid)
        key = (match.client.id, utc_text(found.start))
        if ours and owners.get(int(ours.group(1))) == match.client.id:
            leave(found, f"already in CoachDesk (session {ours.group(1)})")
        elif key in starts:
            leave(found, f"already in CoachDesk: {match.client.name} has a session at that time")
        elif found.uid and found.uid in seen_uids:
            leave(found, "the same event appears earlier in the file")
        elif key in seen_starts:
            leave(
                found,
                f"another event for {match.client.name} at the same time comes earlier in the file",
            )
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
