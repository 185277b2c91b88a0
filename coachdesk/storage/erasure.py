"""Erase a client: every row of their records removed, for good, in one transaction.

Unlike ``clients.delete_client`` (which keeps what it removed so the coach can
undo), ``erase_client`` keeps nothing: it is the answer to "please delete my
data".  It deletes the rows of every table in ``client_records.OWNED``
(children first), checks that none is left, and commits; links from other
clients' records to the erased sessions or promises are cleared by the
database's ON DELETE SET NULL rules.  The delete runs with SQLite's
``secure_delete`` on, so the freed space in the file is overwritten with zeros,
and the write-ahead log is checkpointed and truncated afterwards: the client's
words do not linger in the file's free pages.  Backups taken before still hold
the client until rotation lets them go (``domain.erasure.backups_gone_by``; the
copies made before an update or a restore by ``domain.backups.safety_copies_to_keep``).

``erasure_summary`` says what will go, for the confirmation, and where else the
client's name or email appears: a guest of another client's session, a note
that names them.  Those rows belong to other clients and are left unchanged;
the confirmation lists them so the coach can edit them by hand.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from coachdesk.domain.erasure import what_goes
from coachdesk.storage.client_records import OWNED, owned_counts
from coachdesk.storage.clients import ClientNotFound
from coachdesk.storage.database import Database
from coachdesk.storage.driver import dbapi

logger = logging.getLogger(__name__)

MENTIONS_SHOWN = 20

_WHAT: dict[str, str] = {
    "clients": "client details",
    "coaching_sessions": "a session",
    "guests": "a session's guest",
    "matters": "something that matters to them",
    "breaches": "a time the coach fell short",
    "commitments": "a promise",
    "pulse_checks": "feedback",
    "pulse_answers": "a feedback question",
}

# The client a row of each table belongs to (the row's id as the only parameter).
_OWNER: dict[str, str] = {
    "clients": "SELECT c.name, c.id FROM clients AS c WHERE c.id = ?",
    "coaching_sessions": "SELECT c.name, c.id FROM coaching_sessions AS s"
    " JOIN clients AS c ON c.id = s.client_id WHERE s.id = ?",
    "guests": "SELECT c.name, c.id FROM guests AS g JOIN coaching_sessions AS s"
    " ON s.id = g.session_id JOIN clients AS c ON c.id = s.client_id WHERE g.id = ?",
    "matters": "SELECT c.name, c.id FROM matters AS m JOIN clients AS c ON c.id = m.client_id"
    " WHERE m.id = ?",
    "breaches": "SELECT c.name, c.id FROM breaches AS b JOIN matters AS m ON m.id = b.matter_id"
    " JOIN clients AS c ON c.id = m.client_id WHERE b.id = ?",
    "commitments": "SELECT c.name, c.id FROM commitments AS p"
    " JOIN clients AS c ON c.id = p.client_id WHERE p.id = ?",
    "pulse_checks": "SELECT c.name, c.id FROM pulse_checks AS f JOIN coaching_sessions AS s"
    " ON s.id = f.session_id JOIN clients AS c ON c.id = s.client_id WHERE f.id = ?",
    "pulse_answers": "SELECT c.name, c.id FROM pulse_answers AS a JOIN pulse_checks AS f"
    " ON f.id = a.pulse_check_id JOIN coaching_sessions AS s ON s.id = f.session_id"
    " JOIN clients AS c ON c.id = s.client_id WHERE a.id = ?",
}


@dataclass(frozen=True)
class Mention:
    """The client's name or email in a row of another client's records (left unchanged)."""

    table: str
    row_id: int
    column: str
    owner: str  # the other client's name ("" if the row belongs to no client)
    owner_id: int | None

    def describe(self) -> str:
        what = _WHAT.get(self.table, self.table.replace("_", " "))
        where = f"{self.owner}'s records" if self.owner else "the data file"
        return f"{where}: {what} ({self.column.replace('_', ' ')})"


@dataclass(frozen=True)
class ErasureSummary:
    """What erasing the client removes (rows by table) and where they are mentioned besides."""

    client_id: int
    name: str
    email: str
    counts: dict[str, int]
    mentions: tuple[Mention, ...]
    more_mentions: int = 0  # beyond the ones listed
    retired_matters: int = 0  # of the matters counted, those retired (they go too)

    def lines(self) -> list[str]:
        """What will go, in plain words, one line each."""
        return what_goes(self.name, self.counts, retired_matters=self.retired_matters)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ErasureReport:
    """What ``erase_client`` removed."""

    client_id: int
    name: str
    counts: dict[str, int]
    wal_truncated: bool  # False if another program kept the log from being emptied

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _text_columns(conn: dbapi.Connection) -> list[tuple[str, str]]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    columns: list[tuple[str, str]] = []
    for table in tables:
        for _cid, name, kind, *_rest in conn.execute(f'PRAGMA table_info("{table}")'):
            if any(word in (kind or "").upper() for word in ("CHAR", "TEXT", "CLOB")):
                columns.append((table, name))
    return columns


def _mentions(
    conn: dbapi.Connection, client_id: int, name: str, email: str
) -> tuple[list[Mention], int]:
    needles = [text.strip() for text in (name, email) if len(text.strip()) >= 3]
    owned = dict(OWNED)
    found: list[Mention] = []
    total = 0
    for table, column in _text_columns(conn):
        mine = (
            f" AND rowid NOT IN (SELECT rowid FROM {table} WHERE {owned[table]})"
            if table in owned
            else ""
        )
        for needle in needles:
            rows = conn.execute(
                f'SELECT rowid FROM {table} WHERE instr(lower("{column}"), lower(:needle)) > 0'
                + mine,
                {"needle": needle, "client": client_id},
            ).fetchall()
            for (row_id,) in rows:
                if any(m.table == table and m.row_id == row_id for m in found):
                    continue
                total += 1
                if len(found) < MENTIONS_SHOWN:
                    owner = (
                        conn.execute(_OWNER[table], (row_id,)).fetchone()
                        if (table in _OWNER)
                        else None
                    )
                    found.append(
                        Mention(
                            table,
                            row_id,
                            column,
                            owner[0] if owner else "",
                            owner[1] if owner else None,
                        )
                    )
    return found, total - len(found)


def erasure_summary(db: Database, client_id: int) -> ErasureSummary:
    """What erasing ``client_id`` will remove; raises ``ClientNotFound``."""
    with db.read() as conn:
        row = conn.execute("SELECT name, email FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None:
            raise ClientNotFound(client_id)
        counts = owned_counts(conn, client_id)
        mentions, more = _mentions(conn, client_id, row[0], row[1])
        retired = conn.execute(
            "SELECT count(*) FROM matters WHERE client_id = ? AND NOT active", (client_id,)
        ).fetchone()[0]
    counts.pop("clients", None)
    return ErasureSummary(client_id, row[0], row[1], counts, tuple(mentions), more, retired)


def erase_client(db: Database, client_id: int) -> ErasureReport:
    """Remove the client and every row of their records, in one transaction; not undoable.
    Raises ``ClientNotFound`` (nothing changed) when there is no such client."""
    with db.session() as session:
        connection = session.connection()
        name = connection.exec_driver_sql(
            "SELECT name FROM clients WHERE id = ?", (client_id,)
        ).scalar()
        if name is None:
            raise ClientNotFound(client_id)
        counts: dict[str, int] = {}
        previous = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
        try:
            for table, where in reversed(OWNED):  # children first
                sql = where.replace(":client", "?")
                result = connection.exec_driver_sql(
                    f"DELETE FROM {table} WHERE {sql}", (client_id,) * sql.count("?")
                )
                counts[table] = result.rowcount
            for table, where in OWNED:
                sql = where.replace(":client", "?")
                left = connection.exec_driver_sql(
                    f"SELECT count(*) FROM {table} WHERE {sql}", (client_id,) * sql.count("?")
                ).scalar()
                if left:
                    raise RuntimeError(f"erasing client {client_id} left rows in {table}")
        finally:
            connection.exec_driver_sql(f"PRAGMA secure_delete = {int(previous or 0)}")
    truncated = True
    with db.read() as conn:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        truncated = busy == 0
    counts.pop("clients", None)
    logger.info("client %s erased (%s rows)", client_id, sum(counts.values()) + 1)
    return ErasureReport(client_id, name, counts, truncated)


def existing_backups(*folders: Path) -> tuple[int, int]:
    """How many backups in ``folders`` would still hold an erased client: (routine ones,
    which rotation lets go; copies made before an update or a restore, thinned by their
    own rule, ``domain.backups.safety_copies_to_keep``)."""
    from coachdesk.storage.backups import BackupKind, list_backups

    entries = list_backups(*folders)
    routine = sum(1 for entry in entries if entry.kind is BackupKind.ROUTINE)
    return routine, len(entries) - routine
