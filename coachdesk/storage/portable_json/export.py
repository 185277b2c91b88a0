"""Writing the CoachDesk JSON export (``docs/data-format.md``): the practice, or some clients.

``write_export`` writes it to a file a client at a time, all read in one read transaction
(whole, owner-only); ``export_document`` returns it as one document, and ``dump_document``
turns a document into the file's bytes.  Records link to each other by their ``ref``
("session-7"), assigned in export order, never by database ids.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coachdesk.domain.data_format import FORMAT, VERSION, utc_stamp
from coachdesk.storage.database import Database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.textfiles import write_owner_only_parts

logger = logging.getLogger(__name__)


def _stamp(text: str | None) -> str | None:
    """A stored UTC time ("2024-03-05 09:30:00.000000") as the format's "2024-03-05T09:30:00Z"."""
    if text is None:
        return None
    if len(text) == 26 and text[10] == " " and text[19] == ".":
        micro = text[20:]
        return f"{text[:10]}T{text[11:19]}" + ("" if micro == "000000" else f".{micro}") + "Z"
    return utc_stamp(datetime.fromisoformat(text).replace(tzinfo=UTC))


@contextmanager
def _snapshot(db: Database) -> Iterator[dbapi.Connection]:
    """A connection inside one read transaction: every table read from the same moment."""
    with db.read() as conn:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")


def _selected(ids: Collection[int] | None) -> tuple[str, tuple[int, ...]]:
    if ids is None:
        return "1", ()
    wanted = tuple(sorted(set(ids)))
    return f"id IN ({','.join('?' * len(wanted))})", wanted


_CLIENT_COLUMNS = (
    "id, name, preferred_name, pronouns, email, phone, organisation, role, status, started_on,"
    " private_notes, usual_medium, usual_location, created_at, updated_at, print_private_notes,"
    " time_zone"
)
_OF_CLIENT = "(SELECT id FROM coaching_sessions WHERE client_id = ?)"


class _Exporter:
    """The records of the clients to export, read a client at a time from one snapshot.

    Refs are numbered in document order: sessions and promises (which other records link
    to) for every client first, so a link to a later client's record can name it; things
    that matter and breaches as they are written.  A link to a record outside the document
    (possible only when exporting some clients) is null."""

    def __init__(self, conn: dbapi.Connection, client_ids: Collection[int] | None) -> None:
        self.conn = conn
        where, params = _selected(client_ids)
        self.clients = [
            row[0]
            for row in conn.execute(f"SELECT id FROM clients WHERE {where} ORDER BY id", params)
        ]
        wanted = set(self.clients)
        self.session_refs: dict[int, int] = {}
        self.promise_refs: dict[int, int] = {}
        for refs, table, order in (
            (self.session_refs, "coaching_sessions", "start, id"),
            (self.promise_refs, "commitments", "id"),
        ):
            owned: dict[int, list[int]] = {}
            for owner, record in conn.execute(
                f"SELECT client_id, id FROM {table} ORDER BY {order}"
            ):
                if owner in wanted:
                    owned.setdefault(owner, []).append(record)
            for client_id in self.clients:
                for record in owned.pop(client_id, ()):
                    refs[record] = len(refs) + 1
        self.counter = {"matter": 0, "breach": 0}

    def next_ref(self, kind: str) -> str:
        self.counter[kind] += 1
        return f"{kind}-{self.counter[kind]}"

    def session_ref(self, session_id: int | None) -> str | None:
        number = self.session_refs.get(session_id)  # type: ignore[arg-type]
        return None if number is None else f"session-{number}"

    def promise_ref(self, promise_id: int | None) -> str | None:
        number = self.promise_refs.get(promise_id)  # type: ignore[arg-type]
        return None if number is None else f"promise-{number}"

    def documents(self) -> Iterator[dict[str, Any]]:
        """Each client's record, with all their records, in id order."""
        for number, client_id in enumerate(self.clients, start=1):
            yield self.client_json(number, client_id)

    def rows(self, sql: str, client_id: int) -> dict[int, list[tuple]]:
        """The rows of ``sql`` (for one client) grouped by their first column."""
        return _by_owner(self.conn.execute(sql, (client_id,)))

    def client_json(self, number: int, client_id: int) -> dict[str, Any]:
        conn = self.conn
        c = conn.execute(
            f"SELECT {_CLIENT_COLUMNS} FROM clients WHERE id = ?", (client_id,)
        ).fetchone()
        sessions = conn.execute(
            "SELECT client_id, id, start, duration_minutes, medium, location, status,"
            " original_start, agenda, private_notes, recorded, reschedule_confirmed_at,"
            " place_confirmed_at, created_at, updated_at, recording_consent_at,"
            " clocks_confirmed_at FROM coaching_sessions WHERE client_id = ? ORDER BY start, id",
            (client_id,),
        ).fetchall()
        guests = self.rows(
            "SELECT session_id, name, role, client_informed_at, created_at, updated_at,"
            f" brought_by FROM guests WHERE session_id IN {_OF_CLIENT} ORDER BY session_id, id",
            client_id,
        )
        moves = self.rows(
            "SELECT session_id, from_start, to_start, moved_at, confirmed_at, created_at,"
            f" updated_at FROM session_moves WHERE session_id IN {_OF_CLIENT}"
            " ORDER BY session_id, id",
            client_id,
        )
        checks = {
            row[0]: row
            for row in conn.execute(
                "SELECT session_id, id, predicted_at, prediction_skipped, reported_at, comment,"
                f" created_at, updated_at FROM pulse_checks WHERE session_id IN {_OF_CLIENT}",
                (client_id,),
            )
        }
        answers = self.rows(
            "SELECT pulse_check_id, position, question, predicted, reported, created_at,"
            " updated_at FROM pulse_answers WHERE pulse_check_id IN (SELECT id FROM pulse_checks"
            f" WHERE session_id IN {_OF_CLIENT}) ORDER BY pulse_check_id, position, id",
            client_id,
        )
        matters = conn.execute(
            "SELECT client_id, id, statement, why, category, importance, keywords,"
            " source_session_id, captured_on, last_confirmed_on, keep_off_printouts, active,"
            " created_at, updated_at, language, notice FROM matters WHERE client_id = ?"
            " ORDER BY id",
            (client_id,),
        ).fetchall()
        of_matters = "(SELECT id FROM matters WHERE client_id = ?)"
        triggers: dict[int, list[str]] = {}
        for matter_id, trigger in conn.execute(
            f"SELECT matter_id, trigger FROM matter_triggers WHERE matter_id IN {of_matters}"
            " ORDER BY matter_id, trigger",
            (client_id,),
        ):
            triggers.setdefault(matter_id, []).append(trigger)
        breaches = self.rows(
            "SELECT matter_id, id, occurred_on, session_id, commitment_id, what_happened,"
            " how_it_landed, severity, repair_status, repair_notes, repaired_on, created_at,"
            f" updated_at FROM breaches WHERE matter_id IN {of_matters}"
            " ORDER BY matter_id, occurred_on, id",
            client_id,
        )
        honour = self.rows(
            "SELECT matter_id, session_id, outcome, fired, created_at, updated_at"
            f" FROM honour_checks WHERE matter_id IN {of_matters} ORDER BY matter_id, id",
            client_id,
        )
        promises = conn.execute(
            "SELECT client_id, id, owner, text, due_on, session_id, status, created_at,"
            " updated_at FROM commitments WHERE client_id = ? ORDER BY id",
            (client_id,),
        ).fetchall()

        def session_json(row: tuple) -> dict[str, Any]:
            check = checks.get(row[1])
            return {
                "ref": self.session_ref(row[1]),
                "start": _stamp(row[2]),
                "duration_minutes": row[3],
                "medium": row[4],
                "location": row[5],
                "status": row[6],
                "original_start": _stamp(row[7]),
                "agenda": row[8],
                "private_notes": row[9],
                "recorded": bool(row[10]),
                "reschedule_confirmed_at": _stamp(row[11]),
                "place_confirmed_at": _stamp(row[12]),
                "recording_consent_at": _stamp(row[15]),
                "clocks_confirmed_at": _stamp(row[16]),
                "created_at": _stamp(row[13]),
                "updated_at": _stamp(row[14]),
                "guests": [
                    {
                        "name": g[1],
                        "role": g[2],
                        "client_informed_at": _stamp(g[3]),
                        "brought_by": g[6],
                        "created_at": _stamp(g[4]),
                        "updated_at": _stamp(g[5]),
                    }
                    for g in guests.get(row[1], ())
                ],
                "moves": [
                    {
                        "from": _stamp(v[1]),
                        "to": _stamp(v[2]),
                        "moved_at": _stamp(v[3]),
                        "confirmed_at": _stamp(v[4]),
                        "created_at": _stamp(v[5]),
                        "updated_at": _stamp(v[6]),
                    }
                    for v in moves.get(row[1], ())
                ],
                "feedback": None if check is None else feedback_json(check),
            }

        def feedback_json(check: tuple) -> dict[str, Any]:
            return {
                "predicted_at": _stamp(check[2]),
                "prediction_skipped": bool(check[3]),
                "reported_at": _stamp(check[4]),
                "comment": check[5],
                "created_at": _stamp(check[6]),
                "updated_at": _stamp(check[7]),
                "answers": [
                    {
                        "position": a[1],
                        "question": a[2],
                        "predicted": a[3],
                        "reported": a[4],
                        "created_at": _stamp(a[5]),
                        "updated_at": _stamp(a[6]),
                    }
                    for a in answers.get(check[1], ())
                ],
            }

        def breach_json(row: tuple) -> dict[str, Any]:
            return {
                "ref": self.next_ref("breach"),
                "occurred_on": row[2],
                "session": self.session_ref(row[3]),
                "promise": self.promise_ref(row[4]),
                "what_happened": row[5],
                "how_it_landed": row[6],
                "severity": row[7],
                "repair_status": row[8],
                "repair_notes": row[9],
                "repaired_on": row[10],
                "created_at": _stamp(row[11]),
                "updated_at": _stamp(row[12]),
            }

        def matter_json(row: tuple) -> dict[str, Any]:
            return {
                "ref": self.next_ref("matter"),
                "statement": row[2],
                "why": row[3],
                "category": row[4],
                "importance": row[5],
                "triggers": triggers.get(row[1], []),
                "keywords": row[6],
                "language": row[14],
                "notice": row[15],
                "source_session": self.session_ref(row[7]),
                "captured_on": row[8],
                "last_confirmed_on": row[9],
                "keep_off_printouts": bool(row[10]),
                "active": bool(row[11]),
                "created_at": _stamp(row[12]),
                "updated_at": _stamp(row[13]),
                "breaches": [breach_json(b) for b in breaches.get(row[1], ())],
                "honour_checks": [
                    {
                        "session": self.session_ref(h[1]),
                        "outcome": h[2],
                        "fired": bool(h[3]),
                        "created_at": _stamp(h[4]),
                        "updated_at": _stamp(h[5]),
                    }
                    for h in honour.get(row[1], ())
                ],
            }

        def promise_json(row: tuple) -> dict[str, Any]:
            return {
                "ref": self.promise_ref(row[1]),
                "owner": row[2],
                "text": row[3],
                "due_on": row[4],
                "session": self.session_ref(row[5]),
                "status": row[6],
                "created_at": _stamp(row[7]),
                "updated_at": _stamp(row[8]),
            }

        return {
            "ref": f"client-{number}",
            "name": c[1],
            "preferred_name": c[2],
            "pronouns": c[3],
            "email": c[4],
            "phone": c[5],
            "organisation": c[6],
            "role": c[7],
            "status": c[8],
            "started_on": c[9],
            "private_notes": c[10],
            "print_private_notes": bool(c[15]),
            "usual_medium": c[11],
            "usual_location": c[12],
            "time_zone": c[16],
            "created_at": _stamp(c[13]),
            "updated_at": _stamp(c[14]),
            "sessions": [session_json(s) for s in sessions],
            "matters": [matter_json(m) for m in matters],
            "promises": [promise_json(p) for p in promises],
        }


def _by_owner(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    """Rows grouped by their first column (the owner's id)."""
    grouped: dict[int, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


def _head(now: datetime | None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_stamp(now or datetime.now(UTC)),
    }


def export_document(
    db: Database, *, client_ids: Collection[int] | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The practice (or only ``client_ids``) as a document of the CoachDesk data format.

    Clients come in id order, each with their sessions (by start), what matters
    to them (with its breaches, by date) and their promises.  A link to a record
    outside the document (possible only when exporting some clients) is null.
    The whole document is held: for a file, ``write_export`` writes it a client at a time.
    """
    with _snapshot(db) as conn:
        clients = list(_Exporter(conn, client_ids).documents())
    return {**_head(now), "clients": clients}


def dump_document(document: dict[str, Any]) -> bytes:
    """The document as the file holds it: UTF-8 JSON (no BOM), indented, ending in a newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _dumped(head: dict[str, Any], clients: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """``dump_document`` of ``head`` with ``clients``, byte for byte, a client at a time."""
    empty = json.dumps({**head, "clients": []}, ensure_ascii=False, indent=2)
    opening = empty.removesuffix("[]\n}")
    assert opening != empty and opening.endswith('"clients": ')
    separator = "["
    for client in clients:
        text = json.dumps(client, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield (opening + separator + "\n    " + text).encode("utf-8")
        opening, separator = "", ","
    yield (opening + ("[]\n}\n" if separator == "[" else "\n  ]\n}\n")).encode("utf-8")


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    clients: int
    sessions: int
    size: int


def write_export(
    db: Database,
    path: Path,
    *,
    client_ids: Collection[int] | None = None,
    write: Callable[[Path, Iterable[bytes]], int] = write_owner_only_parts,
) -> ExportSummary:
    """Write the export to ``path`` (replacing it as a whole, owner-only); ``StorageError``
    when it cannot be written.  The file is written a client at a time, so what is held is
    one client's records (and every session's and promise's ref), not the practice.
    ``write(path, parts)`` writes the bytes and returns the file's size: by default as
    they are; a protected practice's encrypted export passes a writer that locks them."""
    counted = {"clients": 0, "sessions": 0}

    def clients(exporter: _Exporter) -> Iterator[dict[str, Any]]:
        for client in exporter.documents():
            counted["clients"] += 1
            counted["sessions"] += len(client["sessions"])
            yield client

    with _snapshot(db) as conn:
        size = write(Path(path), _dumped(_head(None), clients(_Exporter(conn, client_ids))))
    logger.info("exported %s clients to JSON", counted["clients"])
    return ExportSummary(Path(path), counted["clients"], counted["sessions"], size)
