"""Everything the prep engine needs about one session, read in one plain-SQL read.

The engine itself (``domain.prep``) never touches the database; this gathers
its input.  Reading is per client, so the cost follows the client's history,
not the size of the practice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coachdesk.domain.dates import plus
from coachdesk.domain.prep import PrepInput
from coachdesk.domain.relevance import Nearby
from coachdesk.local_zone import local_zone
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound
from coachdesk.storage.files import utc_from_text, utc_text

NEARBY_WINDOW = timedelta(hours=14)  # longer than any session (12 hours), plus the gap


def load_prep_input(db: Database, session_id: int, now: datetime | None = None) -> PrepInput:
    """The session, the client's other sessions, items, breaches, promises and feedback."""
    with db.read() as conn:
        conn.execute("BEGIN")
        try:
            found = reads.session_rows(conn, "s.id = :id", {"id": session_id})
            if not found:
                raise RecordNotFound(session_id)
            session = found[0]
            params = {"client_id": session.client_id, "id": session_id}
            client = conn.execute(
                "SELECT name, preferred_name, print_private_notes FROM clients"
                " WHERE id = :client_id",
                params,
            ).fetchone()
            history = reads.session_rows(conn, "s.client_id = :client_id AND s.id != :id", params)
            matters = reads.matter_rows(conn, "m.client_id = :client_id", params)
            breaches = reads.breach_rows(conn, "m.client_id = :client_id", params)
            promises = reads.promise_rows(conn, "p.client_id = :client_id", params)
            feedback = reads.feedback_rows(conn, "s.client_id = :client_id", params)
            nearby = conn.execute(
                "SELECT start, duration_minutes FROM coaching_sessions"
                " WHERE id != :id AND status IN ('planned', 'held')"
                " AND start BETWEEN :low AND :high ORDER BY start",
                {
                    "id": session_id,
                    "low": utc_text(plus(session.start, -NEARBY_WINDOW)),
                    "high": utc_text(plus(session.start, NEARBY_WINDOW)),
                },
            ).fetchall()
        finally:
            conn.execute("COMMIT")
    return PrepInput(
        session=session,
        history=tuple(history),
        matters=tuple(matters),
        breaches=tuple(breaches),
        promises=tuple(promises),
        client_name=client[1] or client[0],
        now=now or datetime.now(UTC),
        feedback=tuple(feedback),
        nearby=tuple(Nearby(utc_from_text(start), minutes) for start, minutes in nearby),
        print_private_notes=bool(client[2]),
        coach_zone=local_zone(),
    )
