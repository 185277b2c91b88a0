"""Read models for whole pages: a client's page and the Today page, each in one unit of work."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from coachdesk.domain.clients import ClientStatus
from coachdesk.domain.practice import ClientOverview, TodayOverview
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus, RepairStatus, SessionStatus
from coachdesk.storage.breaches import breach_rows
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound
from coachdesk.storage.matters import matter_rows
from coachdesk.storage.models import Breach, Client, CoachingSession, Commitment, Matter
from coachdesk.storage.promises import promise_rows
from coachdesk.storage.sessions import session_query, session_rows


def client_overview(db: Database, client_id: int) -> ClientOverview:
    """The client with all their sessions (newest first), matters, breaches and promises."""
    with db.session() as session:
        client = session.get(Client, client_id)
        if client is None:
            raise RecordNotFound(client_id)
        sessions = session_rows(
            session,
            session_query()
            .where(CoachingSession.client_id == client_id)
            .order_by(CoachingSession.start.desc(), CoachingSession.id),
        )
        return ClientOverview(
            client_id=client.id,
            name=client.name,
            preferred_name=client.preferred_name,
            pronouns=client.pronouns,
            organisation=client.organisation,
            role=client.role,
            email=client.email,
            phone=client.phone,
            status=ClientStatus(client.status),
            started_on=client.started_on,
            sessions=tuple(sessions),
            matters=tuple(matter_rows(session, Matter.client_id == client_id)),
            breaches=tuple(breach_rows(session, Matter.client_id == client_id)),
            promises=tuple(promise_rows(session, Commitment.client_id == client_id)),
        )


def today_overview(db: Database, now: datetime | None = None, days: int = 7) -> TodayOverview:
    """Today's and the next ``days`` days' planned sessions, overdue promises, open repairs."""
    now = now or datetime.now(UTC)
    local_midnight = datetime.combine(now.astimezone().date(), time(), now.astimezone().tzinfo)
    until = local_midnight + timedelta(days=days + 1)
    today = now.astimezone().date()
    with db.session() as session:
        sessions = session_rows(
            session,
            session_query()
            .where(
                CoachingSession.start >= local_midnight,
                CoachingSession.start < until,
                CoachingSession.status == SessionStatus.PLANNED.value,
            )
            .order_by(CoachingSession.start, CoachingSession.id),
        )
        overdue = promise_rows(
            session,
            Commitment.status == PromiseStatus.OPEN.value,
            Commitment.due_on < today,
        )
        repairs = breach_rows(
            session, Breach.repair_status != RepairStatus.REPAIRED.value, oldest_first=True
        )
    overdue.sort(key=lambda promise: (promise.owner is not PromiseOwner.COACH, promise.due_on))
    return TodayOverview(
        sessions=tuple(sessions), overdue_promises=tuple(overdue), open_repairs=tuple(repairs)
    )
