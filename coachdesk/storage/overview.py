"""Read models for whole pages: a client's page and the Today page, each in one read.

Plain SQL through ``storage.reads`` (no SQLAlchemy): the Today page is the
first thing painted at start-up.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coachdesk.domain.practice import ClientOverview, TodayOverview, local_midnight
from coachdesk.domain.vocab import (
    ClientStatus,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
)
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound
from coachdesk.storage.files import utc_text


def client_overview(db: Database, client_id: int) -> ClientOverview:
    """The client with all their sessions (newest first), matters, breaches and promises."""
    params = {"client_id": client_id}
    with db.read() as conn:
        conn.execute("BEGIN")
        try:
            client = conn.execute(
                "SELECT id, name, preferred_name, pronouns, organisation, role, email, phone,"
                " status, started_on FROM clients WHERE id = :client_id",
                params,
            ).fetchone()
            if client is None:
                raise RecordNotFound(client_id)
            sessions = reads.session_rows(
                conn, "s.client_id = :client_id", params, newest_first=True
            )
            matters = reads.matter_rows(conn, "m.client_id = :client_id", params)
            breaches = reads.breach_rows(conn, "m.client_id = :client_id", params)
            promises = reads.promise_rows(conn, "p.client_id = :client_id", params)
        finally:
            conn.execute("COMMIT")
    return ClientOverview(
        client_id=client[0],
        name=client[1],
        preferred_name=client[2],
        pronouns=client[3],
        organisation=client[4],
        role=client[5],
        email=client[6],
        phone=client[7],
        status=ClientStatus(client[8]),
        started_on=reads.day_from_text(client[9]),
        sessions=tuple(sessions),
        matters=tuple(matters),
        breaches=tuple(breaches),
        promises=tuple(promises),
    )


TODAY_LIST_LIMIT = 100
UNCLOSED_LIMIT = 20
"""The most recent ended sessions Today asks about; the rest are counted."""

_ENDS = "datetime(s.start, '+' || s.duration_minutes || ' minutes')"
"""A session's end as SQLite's text (seconds, no fraction), comparable with ``_seconds``."""


def _seconds(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def today_overview(
    db: Database, now: datetime | None = None, days: int = 7, limit: int = TODAY_LIST_LIMIT
) -> TodayOverview:
    """Today's and the next ``days`` days' planned sessions, overdue promises (the coach's
    first) and open repairs (oldest first); at most ``limit`` of each list, with totals."""
    now = now or datetime.now(UTC)
    local = now.astimezone()
    params = {
        "start": utc_text(local_midnight(local.date())),
        "until": utc_text(local_midnight(local.date() + timedelta(days=days + 1))),
        "planned": SessionStatus.PLANNED.value,
        "open": PromiseStatus.OPEN.value,
        "today": local.date().isoformat(),
        "now": utc_text(now),
        "now_seconds": _seconds(now),
    }
    with db.read() as conn:
        conn.execute("BEGIN")
        try:
            sessions = reads.session_rows(
                conn,
                "s.start >= :start AND s.start < :until AND s.status = :planned"
                f" AND {_ENDS} > :now_seconds",
                params,
            )
            ended = f"s.status = :planned AND s.start < :now AND {_ENDS} <= :now_seconds"
            unclosed = reads.session_rows(
                conn, ended, params, newest_first=True, limit=UNCLOSED_LIMIT
            )
            unclosed_total = reads.count(conn, "coaching_sessions AS s", ended, params)
            overdue_where = "p.status = :open AND p.due_on < :today"
            overdue = reads.promise_rows(conn, overdue_where, params, limit=limit)
            overdue_total = reads.count(conn, "commitments AS p", overdue_where, params)
            open_where = f"b.repair_status != '{RepairStatus.REPAIRED.value}'"
            repairs = reads.breach_rows(conn, open_where, oldest_first=True, limit=limit)
            repairs_total = reads.count(conn, "breaches AS b", open_where, {})
        finally:
            conn.execute("COMMIT")
    return TodayOverview(
        sessions=tuple(sessions),
        overdue_promises=tuple(overdue),
        open_repairs=tuple(repairs),
        overdue_total=overdue_total,
        repairs_total=repairs_total,
        unclosed=tuple(unclosed),
        unclosed_total=unclosed_total,
    )
