"""Client records: read, create, update, delete and undo a delete (the list is in
``client_list``).

Each function is one unit of work on a ``Database`` and returns plain values.
Data is validated here as well as in the dialog, so the command line and any
future importer cannot write what the GUI would refuse.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from coachdesk.domain.clients import ClientData, ValidationError, validate_client
from coachdesk.domain.vocab import ClientStatus
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound, fetch
from coachdesk.storage.models import (
    Breach,
    Client,
    CoachingSession,
    Feedback,
    FeedbackAnswer,
    Guest,
    Matter,
    MatterTrigger,
    Promise,
    SessionMove,
)
from coachdesk.storage.undo import DeletedRows, snapshot_and_delete

logger = logging.getLogger(__name__)


class ClientNotFound(RecordNotFound):
    """The client was deleted (perhaps in another window) or never existed."""


def _checked(data: ClientData) -> ClientData:
    data = data.normalised()
    validation = validate_client(data)
    if not validation.ok:
        raise ValidationError(validation.errors)
    return data


def get_client(db: Database, client_id: int) -> ClientData:
    with db.session() as session:
        client = fetch(session, Client, client_id, ClientNotFound)
        return ClientData(
            name=client.name,
            preferred_name=client.preferred_name,
            pronouns=client.pronouns,
            email=client.email,
            phone=client.phone,
            organisation=client.organisation,
            role=client.role,
            status=ClientStatus(client.status),
            started_on=client.started_on,
            private_notes=client.private_notes,
            print_private_notes=client.print_private_notes,
            time_zone=client.time_zone,
        )


def _apply(client: Client, data: ClientData) -> None:
    client.name = data.name
    client.preferred_name = data.preferred_name
    client.pronouns = data.pronouns
    client.email = data.email
    client.phone = data.phone
    client.organisation = data.organisation
    client.role = data.role
    client.status = data.status.value
    client.started_on = data.started_on
    client.private_notes = data.private_notes
    client.print_private_notes = data.print_private_notes
    client.time_zone = data.time_zone


def create_client(db: Database, data: ClientData) -> int:
    data = _checked(data)
    with db.session() as session:
        client = Client()
        _apply(client, data)
        session.add(client)
        session.flush()
        logger.info("client %s created", client.id)
        return client.id


def update_client(db: Database, client_id: int, data: ClientData) -> None:
    data = _checked(data)
    with db.session() as session:
        client = fetch(session, Client, client_id, ClientNotFound)
        if client.time_zone != data.time_zone:  # another place: other clock changes
            for item in client.sessions:
                item.clocks_confirmed_at = None
        _apply(client, data)
    logger.info("client %s updated", client_id)


def set_client_status(db: Database, client_id: int, status: ClientStatus) -> None:
    with db.session() as session:
        client = fetch(session, Client, client_id, ClientNotFound)
        client.status = ClientStatus(status).value
    logger.info("client %s status set to %s", client_id, status)


@dataclass(frozen=True)
class ClientContents:
    """What deleting a client takes with it, for the confirmation message."""

    name: str
    sessions: int
    matters: int
    breaches: int
    promises: int
    feedback: int


def client_contents(db: Database, client_id: int) -> ClientContents:
    def count(session: Any, query: Any) -> int:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0

    with db.session() as session:
        client = fetch(session, Client, client_id, ClientNotFound)
        sessions = select(CoachingSession.id).where(CoachingSession.client_id == client_id)
        matters = select(Matter.id).where(Matter.client_id == client_id)
        return ClientContents(
            name=client.name,
            sessions=count(session, sessions),
            matters=count(session, matters),
            breaches=count(session, select(Breach.id).where(Breach.matter_id.in_(matters))),
            promises=count(session, select(Promise.id).where(Promise.client_id == client_id)),
            feedback=count(session, select(Feedback.id).where(Feedback.session_id.in_(sessions))),
        )


def delete_client(db: Database, client_id: int) -> DeletedRows:
    """Delete a client and everything recorded about them; return what is needed to undo it."""
    with db.session() as session:
        client = fetch(session, Client, client_id, ClientNotFound)
        name = client.name
        session.expunge(client)
        sessions = select(CoachingSession.id).where(CoachingSession.client_id == client_id)
        matters = select(Matter.id).where(Matter.client_id == client_id)
        checks = select(Feedback.id).where(Feedback.session_id.in_(sessions))
        deleted = snapshot_and_delete(
            session,
            name,
            [
                (Client.__table__, Client.id == client_id),
                (CoachingSession.__table__, CoachingSession.client_id == client_id),
                (Guest.__table__, Guest.session_id.in_(sessions)),
                (SessionMove.__table__, SessionMove.session_id.in_(sessions)),
                (Matter.__table__, Matter.client_id == client_id),
                (MatterTrigger.__table__, MatterTrigger.matter_id.in_(matters)),
                (Promise.__table__, Promise.client_id == client_id),
                (Breach.__table__, Breach.matter_id.in_(matters)),
                (Feedback.__table__, Feedback.session_id.in_(sessions)),
                (FeedbackAnswer.__table__, FeedbackAnswer.pulse_check_id.in_(checks)),
            ],
        )
    logger.info("client %s deleted", client_id)
    return deleted
