"""The clients list, read with plain SQL.

It is the first page of data the coach sees, so it is read with the standard
library's sqlite3 before SQLAlchemy has finished loading.  Writes go through
``storage.clients``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from coachdesk.domain.clients import ClientRow
from coachdesk.domain.vocab import ClientStatus, SessionStatus
from coachdesk.storage.database import Database
from coachdesk.storage.files import utc_from_text, utc_text

# ORDER BY ... LIMIT 1 lets SQLite walk the (client_id, start) index and stop at the
# first match, where max()/min() with a status filter would read every session.
_LIST = f"""
SELECT c.id, c.name, c.preferred_name, c.status, c.organisation, c.email,
    (SELECT s.start FROM coaching_sessions AS s
      WHERE s.client_id = c.id AND s.start <= :now
        AND s.status != '{SessionStatus.CANCELLED.value}'
      ORDER BY s.start DESC LIMIT 1),
    (SELECT s.start FROM coaching_sessions AS s
      WHERE s.client_id = c.id AND s.start > :now
        AND s.status = '{SessionStatus.PLANNED.value}'
      ORDER BY s.start LIMIT 1)
FROM clients AS c
ORDER BY c.name, c.id
"""


def count_clients(db: Database) -> int:
    with db.read() as connection:
        return connection.execute("SELECT count(*) FROM clients").fetchone()[0]


def list_clients(db: Database, now: datetime | None = None) -> list[ClientRow]:
    """Every client with their last (not cancelled) and next planned session."""
    moment = utc_text(now or datetime.now(UTC))
    with db.read() as connection:
        rows = connection.execute(_LIST, {"now": moment}).fetchall()
    return [
        ClientRow(
            id=row[0],
            name=row[1],
            preferred_name=row[2],
            status=ClientStatus(row[3]),
            organisation=row[4],
            email=row[5],
            last_session=utc_from_text(row[6]),
            next_session=utc_from_text(row[7]),
        )
        for row in rows
    ]


def client_choices(db: Database) -> list[ClientRow]:
    """Every client, for pickers and filters: the list's fields without the last and next
    session (which cost a look at the sessions of every client)."""
    with db.read() as connection:
        rows = connection.execute(
            "SELECT id, name, preferred_name, status, organisation, email FROM clients"
            " ORDER BY name, id"
        ).fetchall()
    return [ClientRow(row[0], row[1], row[2], ClientStatus(row[3]), row[4], row[5]) for row in rows]
