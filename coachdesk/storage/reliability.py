"""What the practice view needs for a period, read in one plain-SQL read transaction."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from coachdesk.domain.reliability import HonourRow, Period, PracticeInput
from coachdesk.domain.vocab import HonourOutcome, PromiseOwner, Trigger
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.files import utc_from_text


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
