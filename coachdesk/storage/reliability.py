"""What the practice view needs for a period, read in one plain-SQL read transaction."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from coachdesk.domain.reliability import Period, PracticeInput
from coachdesk.domain.vocab import PromiseOwner, Trigger
from coachdesk.storage import reads
from coachdesk.storage.database import Database


def practice_input(db: Database, period: Period) -> PracticeInput:
    """The period's breaches (with their items' triggers), the coach's promises due in it,
    and all feedback on sessions up to its end (falling scores need the earlier ones)."""
    end = datetime.combine(period.end + timedelta(days=1), time()).astimezone(UTC)
    params = {
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
        finally:
            conn.execute("COMMIT")
    return PracticeInput(
        breaches=tuple(breaches),
        triggers={matter: frozenset(found) for matter, found in triggers.items()},
        promises=tuple(promises),
        feedback=tuple(feedback),
    )
