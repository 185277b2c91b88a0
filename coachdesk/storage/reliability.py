"""What the practice view needs for a period, read in one plain-SQL read transaction each:
``practice_input`` for the figures of ``domain.reliability``, ``notice_input`` for the
notices given on time (``domain.late_notice.notice_record``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from coachdesk.domain.late_notice import NoticeInput
from coachdesk.domain.practice import MatterRow, SessionRow
from coachdesk.domain.reliability import HonourRow, Period, PracticeInput
from coachdesk.domain.vocab import (
    Category,
    GuestSource,
    HonourOutcome,
    Medium,
    PromiseOwner,
    SessionStatus,
    Trigger,
)
from coachdesk.local_zone import local_zone
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.files import utc_from_text


def _bounds(period: Period) -> dict[str, str]:
    """The period's first and last local days as the stored UTC text of their edges."""
    end = datetime.combine(period.end + timedelta(days=1), time()).astimezone(UTC)
    begin = datetime.combine(period.start, time()).astimezone(UTC)
    return {
        "from": begin.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "until": end.strftime("%Y-%m-%d %H:%M:%S.%f"),
    }


def practice_input(db: Database, period: Period) -> PracticeInput:
    """The period's breaches (with their items' triggers), the coach's promises due in it,
    all feedback on sessions up to its end (falling scores need the earlier ones), and the
    review answers for the items the period's sessions made relevant."""
    end = datetime.combine(period.end + timedelta(days=1), time()).astimezone(UTC)
    begin = datetime.combine(period.start, time()).astimezone(UTC)
    params = {
        "from": begin.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "coach": PromiseOwner.COACH.value,
        "until": end.strftime("%Y-%m-%d %H:%M:%S.%f"),
    }
    with db.read() as conn:
        conn.execute("BEGIN")
        try:
            breaches = reads.breach_rows(
                conn, "b.occurred_on BETWEEN :start AND :end", params, oldest_first=True
            )
            triggers: dict[int, set[Trigger]] = {}
            for matter_id, trigger in conn.execute(
                "SELECT t.matter_id, t.trigger FROM matter_triggers AS t"
                " JOIN breaches AS b ON b.matter_id = t.matter_id"
                " WHERE b.occurred_on BETWEEN :start AND :end",
                params,
            ):
                triggers.setdefault(matter_id, set()).add(Trigger(trigger))
            promises = reads.promise_rows(
                conn, "p.owner = :coach AND p.due_on BETWEEN :start AND :end", params
            )
            feedback = reads.feedback_rows(conn, "s.start < :until", params)
            honour = [
                HonourRow(
                    id=row[7],
                    session_id=row[0],
                    session_start=utc_from_text(row[1]),  # type: ignore[arg-type]
                    client_id=row[2],
                    client_name=row[3],
                    matter_id=row[4],
                    statement=row[5],
                    outcome=HonourOutcome(row[6]),
                )
                for row in conn.execute(
                    "SELECT h.session_id, s.start, c.id, c.name, m.id, m.statement, h.outcome, h.id"
                    " FROM honour_checks AS h"
                    " JOIN coaching_sessions AS s ON s.id = h.session_id"
                    " JOIN matters AS m ON m.id = h.matter_id"
                    " JOIN clients AS c ON c.id = m.client_id"
                    " WHERE h.fired AND s.start >= :from AND s.start < :until",
                    params,
                )
            ]
        finally:
            conn.execute("COMMIT")
    return PracticeInput(
        breaches=tuple(breaches),
        triggers={matter: frozenset(found) for matter, found in triggers.items()},
        promises=tuple(promises),
        feedback=tuple(feedback),
        honour=tuple(honour),
    )


def _asking_items(
    conn: dbapi.Connection, client_ids: Sequence[int]
) -> dict[int, tuple[MatterRow, ...]]:
    """The active items of ``client_ids`` with what ``prep._wishes`` and ``prep.notice_for``
    read (their words, triggers, importance, language and notice; no counts), by client."""
    found: dict[int, list[MatterRow]] = {}
    for chunk in reads.chunks(client_ids):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT id, client_id, statement, category, importance, keywords, captured_on,"
            " language, notice FROM matters"
            f" WHERE active AND client_id IN ({marks}) ORDER BY client_id, id",
            tuple(chunk),
        ).fetchall()
        triggers: dict[int, set[Trigger]] = {}
        for matter_id, trigger in conn.execute(
            "SELECT t.matter_id, t.trigger FROM matter_triggers AS t"
            " JOIN matters AS m ON m.id = t.matter_id"
            f" WHERE m.active AND m.client_id IN ({marks})",
            tuple(chunk),
        ):
            triggers.setdefault(matter_id, set()).add(Trigger(trigger))
        for row in rows:
            found.setdefault(row[1], []).append(
                MatterRow(
                    id=row[0],
                    client_id=row[1],
                    statement=row[2],
                    why="",
                    category=Category(row[3]),
                    importance=row[4],
                    triggers=frozenset(triggers.get(row[0], ())),
                    keywords=row[5],
                    source_session_id=None,
                    captured_on=reads.day_from_text(row[6]),  # type: ignore[arg-type]
                    last_confirmed_on=None,
                    keep_off_printouts=False,
                    active=True,
                    language=row[7],
                    notice=row[8],
                )
            )
    return {client_id: tuple(items) for client_id, items in found.items()}


def notice_input(db: Database, period: Period) -> NoticeInput:
    """The held sessions starting in the period that called for a notice (a guest brought
    by the coach or a sponsor, or a move: its start not its first), with their guests, and
    the items of those sessions' clients who have an active item with a notice of its own
    (every other client's deadlines are the defaults, which no item of theirs changes).

    Read in bulk: one query for the sessions (by status and start, indexed), one per 500 of
    them for their guests, one for the clients with such an item, and one per 500 of those
    clients for their items and one for those items' triggers, however many sessions the
    period holds."""
    params = {
        **_bounds(period),
        "held": SessionStatus.HELD.value,
        "client": GuestSource.CLIENT.value,
    }
    with db.read() as conn:
        conn.execute("BEGIN")
        try:
            rows = conn.execute(
                "SELECT s.id, s.client_id, c.name, s.start, s.original_start,"
                " s.reschedule_confirmed_at, c.time_zone"
                " FROM coaching_sessions AS s JOIN clients AS c ON c.id = s.client_id"
                " WHERE s.status = :held AND s.start >= :from AND s.start < :until"
                " AND ((s.original_start IS NOT NULL AND s.original_start != s.start)"
                "   OR EXISTS (SELECT 1 FROM guests AS g WHERE g.session_id = s.id"
                "     AND g.brought_by != :client))"
                " ORDER BY s.start, s.id",
                params,
            ).fetchall()
            guests = reads.guests_of(conn, [row[0] for row in rows])
            involved = sorted({row[1] for row in rows})
            with_notice = {
                client_id
                for (client_id,) in conn.execute(
                    "SELECT DISTINCT client_id FROM matters WHERE active AND notice != ''"
                )
            }
            asking = [client_id for client_id in involved if client_id in with_notice]
            matters = _asking_items(conn, asking)
        finally:
            conn.execute("COMMIT")
    # Only what the notices need: the rest of a session plays no part in them.
    sessions = tuple(
        SessionRow(
            id=row[0],
            client_id=row[1],
            client_name=row[2],
            start=utc_from_text(row[3]),  # type: ignore[arg-type]
            duration_minutes=0,
            medium=Medium.VIDEO,
            location="",
            status=SessionStatus.HELD,
            original_start=utc_from_text(row[4]),
            guests=tuple(guests.get(row[0], ())),
            reschedule_confirmed_at=utc_from_text(row[5]),
            client_time_zone=row[6],
        )
        for row in rows
    )
    return NoticeInput(
        sessions=sessions,
        matters=matters,
        coach_zone=local_zone(),
    )
