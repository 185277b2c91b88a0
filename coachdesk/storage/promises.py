"""Promises made by the coach or by the client: record, keep, miss, delete."""

from __future__ import annotations

import logging

from coachdesk.domain.practice import PromiseData, PromiseRow, validate_promise
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound, check, fetch, require
from coachdesk.storage.models import Breach, Client, CoachingSession, Promise
from coachdesk.storage.undo import DeletedRows, snapshot_and_delete

logger = logging.getLogger(__name__)


def list_promises(
    db: Database, client_id: int | None = None, *, status: PromiseStatus | None = None
) -> list[PromiseRow]:
    conditions: list[str] = []
    if client_id is not None:
        conditions.append("p.client_id = :client_id")
    if status is not None:
        conditions.append("p.status = :status")
    params = {"client_id": client_id, "status": PromiseStatus(status).value if status else None}
    with db.read() as conn:
        return reads.promise_rows(conn, " AND ".join(conditions) or "1", params)


def get_promise(db: Database, promise_id: int) -> PromiseRow:
    with db.read() as conn:
        rows = reads.promise_rows(conn, "p.id = :id", {"id": promise_id})
    if not rows:
        raise RecordNotFound(promise_id)
    return rows[0]


def _apply(item: Promise, data: PromiseData) -> None:
    item.client_id = data.client_id
    item.owner = PromiseOwner(data.owner).value
    item.text = data.text.strip()
    item.due_on = data.due_on
    item.session_id = data.session_id
    item.status = PromiseStatus(data.status).value


def create_promise(db: Database, data: PromiseData) -> int:
    check(validate_promise(data))
    with db.session() as session:
        require(session, Client, data.client_id)
        require(session, CoachingSession, data.session_id)
        item = Promise()
        _apply(item, data)
        session.add(item)
        session.flush()
        logger.info("promise %s recorded", item.id)
        return item.id


def update_promise(db: Database, promise_id: int, data: PromiseData) -> None:
    check(validate_promise(data))
    with db.session() as session:
        item = fetch(session, Promise, promise_id)
        require(session, CoachingSession, data.session_id)
        _apply(item, data)


def set_promise_status(db: Database, promise_id: int, status: PromiseStatus) -> None:
    with db.session() as session:
        item = fetch(session, Promise, promise_id)
        item.status = PromiseStatus(status).value
    logger.info("promise %s marked %s", promise_id, status)


def delete_promise(db: Database, promise_id: int) -> DeletedRows:
    with db.session() as session:
        item = fetch(session, Promise, promise_id)
        label = item.text[:40]
        session.expunge(item)
        deleted = snapshot_and_delete(
            session,
            label,
            [(Promise.__table__, Promise.id == promise_id)],
            set_null=[(Breach.__table__.c.commitment_id, promise_id)],
        )
    logger.info("promise %s deleted", promise_id)
    return deleted
