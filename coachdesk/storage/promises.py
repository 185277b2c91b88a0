"""Promises made by the coach or by the client: record, keep, miss, delete."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.domain.practice import PromiseData, PromiseRow, validate_promise
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound, check
from coachdesk.storage.models import Breach, Client, Commitment
from coachdesk.storage.undo import DeletedRows, snapshot_and_delete

logger = logging.getLogger(__name__)


def promise_rows(session: Session, *conditions: object) -> list[PromiseRow]:
    """Promises matching ``conditions``: the coach's first, then by due date (undated last)."""
    query = (
        select(Commitment, Client.name)
        .join(Client, Client.id == Commitment.client_id)
        .where(*conditions)
        .order_by(
            (Commitment.owner != PromiseOwner.COACH.value),
            Commitment.due_on.is_(None),
            Commitment.due_on,
            Commitment.id,
        )
    )
    return [
        PromiseRow(
            id=item.id,
            client_id=item.client_id,
            client_name=name,
            owner=PromiseOwner(item.owner),
            text=item.text,
            due_on=item.due_on,
            session_id=item.session_id,
            status=PromiseStatus(item.status),
            made_on=item.created_at.date(),
        )
        for item, name in session.execute(query)
    ]


def list_promises(
    db: Database, client_id: int | None = None, *, status: PromiseStatus | None = None
) -> list[PromiseRow]:
    conditions = []
    if client_id is not None:
        conditions.append(Commitment.client_id == client_id)
    if status is not None:
        conditions.append(Commitment.status == PromiseStatus(status).value)
    with db.session() as session:
        return promise_rows(session, *conditions)


def get_promise(db: Database, promise_id: int) -> PromiseRow:
    with db.session() as session:
        rows = promise_rows(session, Commitment.id == promise_id)
    if not rows:
        raise RecordNotFound(promise_id)
    return rows[0]


def _apply(item: Commitment, data: PromiseData) -> None:
    item.client_id = data.client_id
    item.owner = PromiseOwner(data.owner).value
    item.text = data.text.strip()
    item.due_on = data.due_on
    item.session_id = data.session_id
    item.status = PromiseStatus(data.status).value


def create_promise(db: Database, data: PromiseData) -> int:
    check(validate_promise(data))
    with db.session() as session:
        if session.get(Client, data.client_id) is None:
            raise RecordNotFound(data.client_id)
        item = Commitment()
        _apply(item, data)
        session.add(item)
        session.flush()
        logger.info("promise %s recorded", item.id)
        return item.id


def update_promise(db: Database, promise_id: int, data: PromiseData) -> None:
    check(validate_promise(data))
    with db.session() as session:
        item = session.get(Commitment, promise_id)
        if item is None:
            raise RecordNotFound(promise_id)
        _apply(item, data)


def set_promise_status(db: Database, promise_id: int, status: PromiseStatus) -> None:
    with db.session() as session:
        item = session.get(Commitment, promise_id)
        if item is None:
            raise RecordNotFound(promise_id)
        item.status = PromiseStatus(status).value
    logger.info("promise %s marked %s", promise_id, status)


def delete_promise(db: Database, promise_id: int) -> DeletedRows:
    with db.session() as session:
        item = session.get(Commitment, promise_id)
        if item is None:
            raise RecordNotFound(promise_id)
        label = item.text[:40]
        session.expunge(item)
        deleted = snapshot_and_delete(
            session,
            label,
            [(Commitment.__table__, Commitment.id == promise_id)],
            set_null=[(Breach.__table__.c.commitment_id, promise_id)],
        )
    logger.info("promise %s deleted", promise_id)
    return deleted
