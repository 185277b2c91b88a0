"""Breaches (a time a Matter was missed) and their repair.

A breach can create its Matter in the same unit of work: often the coach only
learns what mattered by missing it.
"""

from __future__ import annotations

import logging
from datetime import date

from coachdesk.domain.practice import BreachData, BreachRow, MatterData, validate_breach
from coachdesk.domain.vocab import PromiseStatus, RepairStatus
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound, check, fetch, require
from coachdesk.storage.matters import add_matter
from coachdesk.storage.models import Breach, CoachingSession, Matter, Promise
from coachdesk.storage.undo import DeletedRows, snapshot_and_delete

logger = logging.getLogger(__name__)


def list_breaches(
    db: Database, client_id: int | None = None, *, open_only: bool = False
) -> list[BreachRow]:
    """Breaches, newest first (open repairs: oldest first, as they are worked through)."""
    conditions: list[str] = []
    if client_id is not None:
        conditions.append("m.client_id = :client_id")
    if open_only:
        conditions.append(f"b.repair_status != '{RepairStatus.REPAIRED.value}'")
    with db.read() as conn:
        return reads.breach_rows(
            conn,
            " AND ".join(conditions) or "1",
            {"client_id": client_id},
            oldest_first=open_only,
        )


def get_breach(db: Database, breach_id: int) -> BreachRow:
    with db.read() as conn:
        rows = reads.breach_rows(conn, "b.id = :id", {"id": breach_id})
    if not rows:
        raise RecordNotFound(breach_id)
    return rows[0]


def _apply(breach: Breach, data: BreachData) -> None:
    breach.occurred_on = data.occurred_on
    breach.session_id = data.session_id
    breach.commitment_id = data.commitment_id
    breach.what_happened = data.what_happened.strip()
    breach.how_it_landed = data.how_it_landed.strip()
    breach.severity = data.severity
    breach.repair_status = RepairStatus(data.repair_status).value
    breach.repair_notes = data.repair_notes
    breach.repaired_on = data.repaired_on


def log_breach(
    db: Database, data: BreachData, new_matter: MatterData | None = None
) -> tuple[int, int]:
    """Record a breach against ``data.matter_id``, or against ``new_matter`` created with it.

    Returns (breach id, matter id).  A breach logged from a missed promise
    (``data.commitment_id``) also marks the promise missed.
    """
    check(validate_breach(data, date.today()))
    if (data.matter_id is None) == (new_matter is None):
        raise ValueError("give either an existing matter or a new one")
    with db.session() as session:
        require(session, CoachingSession, data.session_id)
        if new_matter is not None:
            matter_id = add_matter(session, new_matter).id
        else:
            assert data.matter_id is not None
            require(session, Matter, data.matter_id)
            matter_id = data.matter_id
        breach = Breach(matter_id=matter_id)
        _apply(breach, data)
        session.add(breach)
        if data.commitment_id is not None:
            promise = fetch(session, Promise, data.commitment_id)
            promise.status = PromiseStatus.MISSED.value
        session.flush()
        breach_id = breach.id
    logger.info("breach %s logged against matter %s", breach_id, matter_id)
    return breach_id, matter_id


def update_breach(db: Database, breach_id: int, data: BreachData) -> None:
    """Edit a breach and its repair (status, notes, date)."""
    check(validate_breach(data, date.today()))
    with db.session() as session:
        breach = fetch(session, Breach, breach_id)
        require(session, Matter, data.matter_id)
        require(session, CoachingSession, data.session_id)
        require(session, Promise, data.commitment_id)
        if data.matter_id is not None:
            breach.matter_id = data.matter_id
        _apply(breach, data)
    logger.info("breach %s updated (%s)", breach_id, data.repair_status)


def delete_breach(db: Database, breach_id: int) -> DeletedRows:
    with db.session() as session:
        breach = fetch(session, Breach, breach_id)
        label = f"breach of {breach.occurred_on:%Y-%m-%d}"
        session.expunge(breach)
        deleted = snapshot_and_delete(session, label, [(Breach.__table__, Breach.id == breach_id)])
    logger.info("breach %s deleted", breach_id)
    return deleted
