"""Which rows of the database belong to one client: the one list the client's own record
(``dossier``) and erasing a client (``erasure``) both go by.

``OWNED`` names every table that holds a client's records and how their rows are
found, parents before children.  Every other table of the file is listed in
``NOT_CLIENT_DATA``; ``tests/storage/test_erasure.py`` fails when a table is in
neither, so a new table cannot be forgotten by the record or by erasure.

Rows of *other* clients may point at this client's sessions or promises (a
breach logged in one of their sessions, say): such links are cleared by the
database's ON DELETE SET NULL rules when the client is erased.
"""

from __future__ import annotations

from typing import Any

from coachdesk.storage.driver import dbapi
from coachdesk.storage.tables import PARENT_FIRST

_SESSIONS = "SELECT id FROM coaching_sessions WHERE client_id = :client"
_MATTERS = "SELECT id FROM matters WHERE client_id = :client"
_CHECKS = f"SELECT id FROM pulse_checks WHERE session_id IN ({_SESSIONS})"

_CONDITIONS = {
    "clients": "id = :client",
    "coaching_sessions": "client_id = :client",
    "guests": f"session_id IN ({_SESSIONS})",
    "session_moves": f"session_id IN ({_SESSIONS})",
    "matters": "client_id = :client",
    "matter_triggers": f"matter_id IN ({_MATTERS})",
    "commitments": "client_id = :client",
    "breaches": f"matter_id IN ({_MATTERS})",
    "honour_checks": f"matter_id IN ({_MATTERS})",
    "pulse_checks": f"session_id IN ({_SESSIONS})",
    "pulse_answers": f"pulse_check_id IN ({_CHECKS})",
}
OWNED: tuple[tuple[str, str], ...] = tuple(
    (table, _CONDITIONS[table]) for table in PARENT_FIRST if table in _CONDITIONS
)
"""(table, condition on its rows) for every table holding a client's records, parents
first; the conditions take the named parameter ``:client``."""

NOT_CLIENT_DATA = frozenset({"alembic_version", "sqlite_sequence"})
"""Tables that hold no client's data: the schema revision and SQLite's id counters."""


def owned_rows(conn: dbapi.Connection, client_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the client's records, table by table (columns by name, stored values)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for table, where in OWNED:
        cursor = conn.execute(
            f"SELECT * FROM {table} WHERE {where} ORDER BY rowid", {"client": client_id}
        )
        names = [column[0] for column in cursor.description]
        found[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return found


def owned_counts(conn: dbapi.Connection, client_id: int) -> dict[str, int]:
    """How many rows of each table belong to the client."""
    return {
        table: conn.execute(
            f"SELECT count(*) FROM {table} WHERE {where}", {"client": client_id}
        ).fetchone()[0]
        for table, where in OWNED
    }
