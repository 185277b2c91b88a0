"""What matters to a client: capture, edit, confirm, retire or reactivate, delete."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.orm import Session

from coachdesk.domain.practice import MatterData, MatterRow, split_keywords, validate_matter
from coachdesk.domain.vocab import Category, Trigger
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound, check, fetch, require
from coachdesk.storage.models import Breach, Client, CoachingSession, Matter, MatterTrigger
from coachdesk.storage.undo import DeletedRows, snapshot_and_delete

logger = logging.getLogger(__name__)


def list_matters(db: Database, client_id: int, *, include_retired: bool = True) -> list[MatterRow]:
    where = "m.client_id = :client_id" + ("" if include_retired else " AND m.active")
    with db.read() as conn:
        return reads.matter_rows(conn, where, {"client_id": client_id})


def get_matter(db: Database, matter_id: int) -> MatterRow:
    with db.read() as conn:
        rows = reads.matter_rows(conn, "m.id = :id", {"id": matter_id})
    if not rows:
        raise RecordNotFound(matter_id)
    return rows[0]


def _apply(matter: Matter, data: MatterData) -> None:
    matter.client_id = data.client_id
    matter.statement = data.statement.strip()
    matter.why = data.why
    matter.category = Category(data.category).value
    matter.importance = data.importance
    matter.keywords = ", ".join(split_keywords(data.keywords))
    matter.source_session_id = data.source_session_id
    matter.last_confirmed_on = data.last_confirmed_on
    matter.keep_off_printouts = data.keep_off_printouts
    matter.active = data.active
    matter.language = data.language
    matter.notice = " ".join(data.notice.split())
    wanted = {Trigger(trigger).value for trigger in data.triggers}
    matter.triggers = [t for t in matter.triggers if t.trigger in wanted] + [
        MatterTrigger(trigger=value)
        for value in sorted(wanted - {t.trigger for t in matter.triggers})
    ]


def add_matter(session: Session, data: MatterData) -> Matter:
    """Create a matter inside an open unit of work (used when a breach creates its matter)."""
    check(validate_matter(data))
    require(session, Client, data.client_id)
    require(session, CoachingSession, data.source_session_id)
    matter = Matter(captured_on=data.captured_on or date.today())
    _apply(matter, data)
    session.add(matter)
    session.flush()
    return matter


def create_matter(db: Database, data: MatterData) -> int:
    with db.session() as session:
        matter_id = add_matter(session, data).id
    logger.info("matter %s captured", matter_id)
    return matter_id


def update_matter(db: Database, matter_id: int, data: MatterData) -> None:
    check(validate_matter(data))
    with db.session() as session:
        matter = fetch(session, Matter, matter_id)
        require(session, CoachingSession, data.source_session_id)
        _apply(matter, data)
        if data.captured_on is not None:
            matter.captured_on = data.captured_on
    logger.info("matter %s updated", matter_id)


def confirm_matter(db: Database, matter_id: int, on: date | None = None) -> None:
    """The client confirmed it still matters ("confirmed today")."""
    with db.session() as session:
        matter = fetch(session, Matter, matter_id)
        matter.last_confirmed_on = on or date.today()


def set_matter_active(db: Database, matter_id: int, active: bool) -> None:
    """Retire (no longer shown in prep) or reactivate."""
    with db.session() as session:
        matter = fetch(session, Matter, matter_id)
        matter.active = active
    logger.info("matter %s active=%s", matter_id, active)


def delete_matter(db: Database, matter_id: int) -> DeletedRows:
    """Delete a matter with its triggers and breaches."""
    with db.session() as session:
        matter = fetch(session, Matter, matter_id)
        label = matter.statement[:40]
        session.expunge(matter)
        deleted = snapshot_and_delete(
            session,
            label,
            [
                (Matter.__table__, Matter.id == matter_id),
                (MatterTrigger.__table__, MatterTrigger.matter_id == matter_id),
                (Breach.__table__, Breach.matter_id == matter_id),
            ],
        )
    logger.info("matter %s deleted", matter_id)
    return deleted
