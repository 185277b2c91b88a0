"""Sessions and their guests: list, schedule, edit, reschedule, change status, delete.

Rescheduling keeps the first planned start in ``original_start`` (it is never
overwritten by later moves), adds the move (old start, new start, when) to the
session's history in ``session_moves`` and clears any earlier confirmation of
the new time; confirming the new time confirms the newest move too.  Ticking a
guest's "client informed" records when, and so does recording the client's
consent to a recorded session.  Each guest says who brought them (the coach,
the client, a sponsor).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TypeAlias

from sqlalchemy import select

from coachdesk.domain.practice import (
    SessionData,
    SessionRow,
    validate_guest,
    validate_session,
)
from coachdesk.domain.vocab import GuestSource, Medium, SessionStatus
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound, check, fetch, require
from coachdesk.storage.files import utc_text
from coachdesk.storage.models import (
    Breach,
    Client,
    CoachingSession,
    Feedback,
    FeedbackAnswer,
    Guest,
    Matter,
    Promise,
    SessionMove,
)
from coachdesk.storage.undo import ChangedRows, DeletedRows, change, snapshot_and_delete

logger = logging.getLogger(__name__)

NewGuest: TypeAlias = (
    tuple[str, str, datetime | None] | tuple[str, str, datetime | None, GuestSource]
)
"""A guest of a session being scheduled: name, role, when the client was told (or None) and,
optionally, who brought them (the coach when left out)."""


def list_sessions(
    db: Database,
    *,
    client_id: int | None = None,
    start_from: datetime | None = None,
    start_to: datetime | None = None,
    statuses: Iterable[SessionStatus] | None = None,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[SessionRow]:
    """Sessions in start order, filtered by client, a start range [from, to) and status."""
    conditions: list[str] = []
    params: dict[str, object] = {}
    if client_id is not None:
        conditions.append("s.client_id = :client_id")
        params["client_id"] = client_id
    if start_from is not None:
        conditions.append("s.start >= :start_from")
        params["start_from"] = utc_text(start_from)
    if start_to is not None:
        conditions.append("s.start < :start_to")
        params["start_to"] = utc_text(start_to)
    if statuses is not None:
        wanted = [SessionStatus(status).value for status in statuses]
        names = [f"status_{number}" for number in range(len(wanted))]
        conditions.append(
            f"s.status IN ({', '.join(':' + name for name in names)})" if wanted else "0"
        )
        params.update(zip(names, wanted, strict=True))
    with db.read() as conn:
        return reads.session_rows(
            conn,
            " AND ".join(conditions) or "1",
            params,
            newest_first=newest_first,
            limit=limit,
        )


def find_session(db: Database, session_id: int) -> SessionRow | None:
    """The session, or None when it is gone (deleted meanwhile)."""
    with db.read() as conn:
        rows = reads.session_rows(conn, "s.id = :id", {"id": session_id})
    return rows[0] if rows else None


def get_session(db: Database, session_id: int) -> SessionRow:
    """The session; ``RecordNotFound`` when it is gone."""
    row = find_session(db, session_id)
    if row is None:
        raise RecordNotFound(session_id)
    return row


def create_session(
    db: Database,
    data: SessionData,
    guests: Iterable[NewGuest] = (),
) -> int:
    """Schedule a session (status planned) with its guests (name, role, when the client was
    told or None, and who brought them), all in one unit of work: never a session without
    the guests it was planned with."""
    guests = list(guests)
    check(validate_session(data) + [e for g in guests for e in validate_guest(g[0], g[1])])
    with db.session() as session:
        require(session, Client, data.client_id)
        item = CoachingSession(
            client_id=data.client_id,
            start=data.start,
            duration_minutes=data.duration_minutes,
            medium=Medium(data.medium).value,
            location=data.location.strip(),
            agenda=data.agenda,
            private_notes=data.private_notes,
            recorded=data.recorded,
            status=SessionStatus.PLANNED.value,
        )
        session.add(item)
        session.flush()
        for name, role, informed_at, *brought_by in guests:
            source = brought_by[0] if brought_by else GuestSource.COACH
            session.add(
                Guest(
                    session_id=item.id,
                    name=name.strip(),
                    role=role.strip(),
                    client_informed_at=informed_at,
                    brought_by=GuestSource(source).value,
                )
            )
        logger.info("session %s scheduled with %s guests", item.id, len(guests))
        return item.id


def update_session(db: Database, session_id: int, data: SessionData) -> None:
    """Save edits; a new start on a planned session is a reschedule (first start kept, the
    move added to the session's history)."""
    check(validate_session(data))
    with db.session() as session:
        item = fetch(session, CoachingSession, session_id)
        if data.medium != item.medium or data.location.strip() != item.location:
            item.place_confirmed_at = None  # a new place needs a new word with the client
        if data.start != item.start and item.status == SessionStatus.PLANNED.value:
            if item.original_start is None:
                item.original_start = item.start
            item.moves.append(
                SessionMove(from_start=item.start, to_start=data.start, moved_at=datetime.now(UTC))
            )
            item.reschedule_confirmed_at = None
            item.clocks_confirmed_at = None  # another date: maybe another clock change
            if item.original_start == data.start:
                item.original_start = None
        if data.client_id != item.client_id:
            item.clocks_confirmed_at = None  # another client: another place's clocks
        item.client_id = data.client_id
        item.start = data.start
        item.duration_minutes = data.duration_minutes
        item.medium = Medium(data.medium).value
        item.location = data.location.strip()
        item.agenda = data.agenda
        item.private_notes = data.private_notes
        item.recorded = data.recorded
    logger.info("session %s updated", session_id)


def set_session_status(db: Database, session_id: int, status: SessionStatus) -> ChangedRows:
    """Mark the session ``status``; what it changed, for an undo."""
    with db.session() as session:
        item = fetch(session, CoachingSession, session_id)
        changed = change(item, "status", SessionStatus(status).value)
    logger.info("session %s marked %s", session_id, status)
    return ChangedRows("session status", (changed,))


def confirm_reschedule(db: Database, session_id: int, when: datetime | None = None) -> ChangedRows:
    """Record that the client confirmed the moved session's new time (the newest move's);
    what it changed, for an undo."""
    when = when or datetime.now(UTC)
    with db.session() as session:
        item = fetch(session, CoachingSession, session_id)
        changes = [change(item, "reschedule_confirmed_at", when)]
        if item.moves:
            changes.append(change(item.moves[-1], "confirmed_at", when))
    logger.info("session %s new time confirmed", session_id)
    return ChangedRows("new time confirmed", tuple(changes))


def confirm_place(db: Database, session_id: int, when: datetime | None = None) -> ChangedRows:
    """Record that the client knows how and where this session happens (when it differs
    from the usual); what it changed, for an undo."""
    with db.session() as session:
        item = fetch(session, CoachingSession, session_id)
        changed = change(item, "place_confirmed_at", when or datetime.now(UTC))
    logger.info("session %s place confirmed", session_id)
    return ChangedRows("place confirmed", (changed,))


def confirm_clocks(db: Database, session_id: int, when: datetime | None = None) -> ChangedRows:
    """Record that the coach confirmed the time with a client whose clocks change apart from
    the coach's before this session; what it changed, for an undo."""
    with db.session() as session:
        item = fetch(session, CoachingSession, session_id)
        changed = change(item, "clocks_confirmed_at", when or datetime.now(UTC))
    logger.info("session %s time confirmed across a clock change", session_id)
    return ChangedRows("time confirmed across a clock change", (changed,))


def record_recording_consent(db: Database, session_id: int, when: datetime | None) -> ChangedRows:
    """Record when the client agreed to the session being recorded (None clears it); what
    it changed, for an undo."""
    with db.session() as session:
        item = fetch(session, CoachingSession, session_id)
        changed = change(item, "recording_consent_at", when)
    logger.info("session %s recording consent %s", session_id, "set" if when else "cleared")
    return ChangedRows("recording consent", (changed,))


def delete_session(db: Database, session_id: int) -> DeletedRows:
    """Delete a session with its guests and feedback; matters, breaches and promises made
    there stay (their link to the session is cleared, and put back on undo)."""
    with db.session() as session:
        item = fetch(session, CoachingSession, session_id)
        label = f"session on {item.start:%Y-%m-%d}"
        session.expunge(item)
        checks = select(Feedback.id).where(Feedback.session_id == session_id)
        deleted = snapshot_and_delete(
            session,
            label,
            [
                (CoachingSession.__table__, CoachingSession.id == session_id),
                (Guest.__table__, Guest.session_id == session_id),
                (SessionMove.__table__, SessionMove.session_id == session_id),
                (Feedback.__table__, Feedback.session_id == session_id),
                (FeedbackAnswer.__table__, FeedbackAnswer.pulse_check_id.in_(checks)),
            ],
            set_null=[
                (Matter.__table__.c.source_session_id, session_id),
                (Breach.__table__.c.session_id, session_id),
                (Promise.__table__.c.session_id, session_id),
            ],
        )
    logger.info("session %s deleted", session_id)
    return deleted


# --- guests -----------------------------------------------------------------------------------


def add_guest(
    db: Database,
    session_id: int,
    name: str,
    role: str = "",
    brought_by: GuestSource = GuestSource.COACH,
) -> int:
    check(validate_guest(name, role))
    with db.session() as session:
        fetch(session, CoachingSession, session_id)
        guest = Guest(
            session_id=session_id,
            name=name.strip(),
            role=role.strip(),
            brought_by=GuestSource(brought_by).value,
        )
        session.add(guest)
        session.flush()
        logger.info("guest %s added to session %s", guest.id, session_id)
        return guest.id


def set_guest_informed(
    db: Database, guest_id: int, informed: bool, when: datetime | None = None
) -> ChangedRows:
    """Tick (records when) or untick "client informed" for a guest; what it changed, for
    an undo."""
    with db.session() as session:
        guest = fetch(session, Guest, guest_id)
        informed_at = (when or datetime.now(UTC)) if informed else None
        changed = change(guest, "client_informed_at", informed_at)
    logger.info("guest %s informed=%s", guest_id, informed)
    return ChangedRows("guest informed", (changed,))


def set_guest_brought_by(db: Database, guest_id: int, brought_by: GuestSource) -> None:
    """Say who brought the guest: the coach, the client (who then needs no telling) or a
    sponsor."""
    with db.session() as session:
        fetch(session, Guest, guest_id).brought_by = GuestSource(brought_by).value
    logger.info("guest %s brought by %s", guest_id, brought_by)


def remove_guest(db: Database, guest_id: int) -> DeletedRows:
    with db.session() as session:
        guest = fetch(session, Guest, guest_id)
        label = guest.name
        session.expunge(guest)
        return snapshot_and_delete(session, label, [(Guest.__table__, Guest.id == guest_id)])
