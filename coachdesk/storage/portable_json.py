"""The full export and import of a practice as one JSON document (``docs/data-format.md``).

``write_export`` writes the practice to a file a client at a time, all read in
one read transaction (whole, owner-only); ``export_document`` returns it as one
document.  ``read_import`` reads a file with the import's guards (size cap,
UTF-8, valid JSON, no repeated keys, no NaN), and ``import_document`` writes a
document into the database in one unit of work: every record is checked first
(``domain.data_format.parse_document``), and any problem refuses the whole
import with ``ImportRefused``; nothing is written.  ``import_file`` does both
for a file without holding it: it is read twice, a client at a time
(``json_parts``), once to check every record and once to write them all in one
unit of work; ``check_file`` is the first pass alone.

Records link to each other by their ``ref`` ("session-7"), assigned in export
order, never by database ids: imported records get new ids.  Importing into a
data file that already has clients adds to it.  A client with the same name
and email (any case) as one already there is a duplicate: it is skipped and
reported, or with ``merge=True`` its records are added to the existing client,
which keeps every value it has (see ``docs/data-format.md``, "Merging").
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from coachdesk.domain.data_format import (
    FORMAT,
    MAX_FILE_BYTES,
    VERSION,
    DocumentCheck,
    ImportRefused,
    Parsed,
    Part,
    client_key,
    document_parts,
    utc_stamp,
)
from coachdesk.storage import json_parts
from coachdesk.storage.database import Database
from coachdesk.storage.tables import PARENT_FIRST, insert_rows, next_ids
from coachdesk.storage.textfiles import read_text, text_pieces, write_owner_only_parts

logger = logging.getLogger(__name__)

NOTES_SHOWN = 20


# --- export ------------------------------------------------------------------------------------


def _stamp(text: str | None) -> str | None:
    """A stored UTC time ("2024-03-05 09:30:00.000000") as the format's "2024-03-05T09:30:00Z"."""
    if text is None:
        return None
    if len(text) == 26 and text[10] == " " and text[19] == ".":
        micro = text[20:]
        return f"{text[:10]}T{text[11:19]}" + ("" if micro == "000000" else f".{micro}") + "Z"
    return utc_stamp(datetime.fromisoformat(text).replace(tzinfo=UTC))


@contextmanager
def _snapshot(db: Database) -> Iterator[sqlite3.Connection]:
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
    " private_notes, usual_medium, usual_location, created_at, updated_at, print_private_notes"
)
_OF_CLIENT = "(SELECT id FROM coaching_sessions WHERE client_id = ?)"


class _Exporter:
    """The records of the clients to export, read a client at a time from one snapshot.

    Refs are numbered in document order: sessions and promises (which other records link
    to) for every client first, so a link to a later client's record can name it; things
    that matter and breaches as they are written.  A link to a record outside the document
    (possible only when exporting some clients) is null."""

    def __init__(self, conn: sqlite3.Connection, client_ids: Collection[int] | None) -> None:
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
            " place_confirmed_at, created_at, updated_at, recording_consent_at"
            " FROM coaching_sessions WHERE client_id = ? ORDER BY start, id",
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
            " created_at, updated_at, language FROM matters WHERE client_id = ? ORDER BY id",
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
                "source_session": self.session_ref(row[7]),
                "captured_on": row[8],
                "last_confirmed_on": row[9],
                "keep_off_printouts": bool(row[10]),
                "active": bool(row[11]),
                "created_at": _stamp(row[12]),
                "updated_at": _stamp(row[13]),
                "breaches": [breach_json(b) for b in breaches.get(row[1], ())],
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
    db: Database, path: Path, *, client_ids: Collection[int] | None = None
) -> ExportSummary:
    """Write the export to ``path`` (replacing it as a whole, owner-only); ``StorageError``
    when it cannot be written.  The file is written a client at a time, so what is held is
    one client's records (and every session's and promise's ref), not the practice."""
    counted = {"clients": 0, "sessions": 0}

    def clients(exporter: _Exporter) -> Iterator[dict[str, Any]]:
        for client in exporter.documents():
            counted["clients"] += 1
            counted["sessions"] += len(client["sessions"])
            yield client

    with _snapshot(db) as conn:
        size = write_owner_only_parts(
            Path(path), _dumped(_head(None), clients(_Exporter(conn, client_ids)))
        )
    logger.info("exported %s clients to JSON", counted["clients"])
    return ExportSummary(Path(path), counted["clients"], counted["sessions"], size)


# --- reading a file ----------------------------------------------------------------------------


def parse_json(text: str) -> Any:
    """Decode JSON text with the import's guards; ``ImportRefused`` says what is wrong."""
    try:
        return json_parts.decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise json_parts.invalid(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise ImportRefused(["the file is nested too deeply to be a CoachDesk export"]) from None
    except ValueError as exc:  # e.g. a number with thousands of digits
        if isinstance(exc, ImportRefused):
            raise
        raise ImportRefused([f"not valid JSON: {exc}"]) from None


def read_import(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """The decoded JSON of ``path``, refused (``ImportRefused``) when it is too large, not
    UTF-8 text, binary, or not JSON.  The content is checked by ``import_document``."""
    return parse_json(read_text(Path(path), max_bytes))


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportCounts:
    clients: int = 0
    sessions: int = 0
    guests: int = 0
    matters: int = 0
    breaches: int = 0
    promises: int = 0
    feedback: int = 0

    def describe(self) -> str:
        """ "3 clients, 1 session, 12 things that matter" (what is not zero), or "nothing"."""
        parts = [
            f"{count:,} {one if count == 1 else many}"
            for count, one, many in (
                (self.clients, "client", "clients"),
                (self.sessions, "session", "sessions"),
                (self.guests, "guest", "guests"),
                (self.matters, "thing that matters", "things that matter"),
                (self.breaches, "breach", "breaches"),
                (self.promises, "promise", "promises"),
                (self.feedback, "feedback record", "feedback records"),
            )
            if count
        ]
        return ", ".join(parts) or "nothing"


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote, and what it left out and why."""

    added: ImportCounts
    skipped: tuple[str, ...] = ()  # duplicate clients left out (no merge)
    merged: tuple[str, ...] = ()  # duplicate clients whose records were added to the existing one
    already_there: int = 0  # records a merge found already present
    notes: tuple[str, ...] = ()
    mergeable: bool = True  # the import offers to merge duplicates (JSON does, CSV does not)

    def summary(self) -> str:
        """What happened, in a few lines for the coach."""
        lines = [f"Imported {self.added.describe()}."]
        if self.skipped:
            lines.append(
                f"Skipped {len(self.skipped):,} client(s) already in CoachDesk (same name and "
                f"email): {_names(self.skipped)}."
                + (" Import with merge to add their records to them." if self.mergeable else "")
            )
        if self.merged:
            lines.append(
                f"Merged into the existing clients: {_names(self.merged)} "
                f"({self.already_there:,} record(s) were already there)."
            )
        lines += self.notes[:NOTES_SHOWN]
        if len(self.notes) > NOTES_SHOWN:
            lines.append(f"… and {len(self.notes) - NOTES_SHOWN:,} more notes")
        return "\n".join(lines)


def _names(names: tuple[str, ...], shown: int = 10) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class _Existing:
    """What a merged client already has, to recognise records that are already there."""

    sessions: dict[datetime, int] = field(default_factory=dict)
    guests: dict[int, set[str]] = field(default_factory=dict)
    with_feedback: set[int] = field(default_factory=set)
    matters: dict[str, int] = field(default_factory=dict)
    breaches: set[tuple[str, date, str]] = field(default_factory=set)  # (statement, day, what)
    promises: dict[tuple[str, str, date | None], int] = field(default_factory=dict)


class _Writer:
    """Turns parsed records into rows with new ids, resolving refs; one import's state."""

    def __init__(self, session: Any, merge: bool, now: datetime) -> None:
        from sqlalchemy import text

        self.session = session
        self.merge = merge
        self.now = now
        self.ids = next_ids(session)
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in PARENT_FIRST}
        self.refs: dict[str, int] = {}  # session and promise refs -> their ids
        self.dropped: set[str] = set()  # refs of records of skipped clients
        self.counts = dict.fromkeys(ImportCounts.__dataclass_fields__, 0)
        self.skipped: list[str] = []
        self.merged: list[str] = []
        self.already = 0
        self.notes: list[str] = []
        self.clients: dict[tuple[str, str], int] = {}
        for client_id, name, email in session.execute(
            text("SELECT id, name, email FROM clients ORDER BY id")
        ):
            self.clients.setdefault(client_key(name, email), client_id)
        self.existing: dict[int, _Existing] = {}
        self.later: list[tuple[Parsed, str, str, int, str]] = []  # links to later clients

    def new_id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def stamps(self, record: Parsed) -> dict[str, datetime]:
        return {
            "created_at": record["created_at"] or self.now,
            "updated_at": record["updated_at"] or self.now,
        }

    def link(self, record: Parsed, name: str, table: str, row_id: int, column: str) -> int | None:
        """The id ``record[name]`` names; a record of a later client has none yet: the link is
        made when every client is written (``finish``)."""
        ref = record[name]
        if ref is None:
            return None
        if ref in self.dropped:
            self.notes.append(
                f"{record['place']}.{name}: {ref!r} belongs to a skipped client; the link was "
                "left empty"
            )
            return None
        if ref not in self.refs:
            self.later.append((record, name, table, row_id, column))
            return None
        return self.refs[ref]

    # -- a client at a time: new, skipped or merged; ids for linked records first --

    def add(self, client: Parsed) -> None:
        """Write ``client`` with all their records (or skip them)."""
        planned = self.plan(client)
        if planned is not None:
            self.write(*planned)
            insert_rows(self.session, self.rows)
            self.rows = {name: [] for name in PARENT_FIRST}

    def finish(self) -> None:
        """Make the links to records of clients written after the record linking to them."""
        from sqlalchemy import text

        later, self.later = self.later, []
        for record, name, table, row_id, column in later:
            target = self.link(record, name, table, row_id, column)
            if target is not None:
                self.session.execute(
                    text(f"UPDATE {table} SET {column} = :target WHERE id = :id"),
                    {"target": target, "id": row_id},
                )

    def plan(self, client: Parsed) -> tuple[Parsed, int, _Existing | None] | None:
        """Decide the client (new, skipped: None, or merged) and give ids to their records that
        others link to (sessions, promises)."""
        existing_id = self.clients.get(client_key(client["name"], client["email"]))
        known: _Existing | None = None
        if existing_id is None:
            client_id = self.new_id("clients")
        elif not self.merge:
            self.skipped.append(client["name"])
            self.dropped.update(
                r["ref"] for r in (*client["sessions"], *client["promises"]) if r["ref"]
            )
            return None
        else:
            client_id = existing_id
            if client_id not in self.existing:
                self.existing[client_id] = self._load(client_id)
            known = self.existing[client_id]
            self.merged.append(client["name"])
        for record in client["sessions"]:
            found = known.sessions.get(record["start"]) if known else None
            record["id"] = found if found is not None else self.new_id("coaching_sessions")
            record["new"] = found is None
            if known is not None:
                known.sessions.setdefault(record["start"], record["id"])
            if record["ref"]:
                self.refs[record["ref"]] = record["id"]
        for record in client["promises"]:
            key = (record["owner"].value, _fold(record["text"]), record["due_on"])
            found = known.promises.get(key) if known else None
            record["id"] = found if found is not None else self.new_id("commitments")
            record["new"] = found is None
            if known is not None:
                known.promises.setdefault(key, record["id"])
            if record["ref"]:
                self.refs[record["ref"]] = record["id"]
        return client, client_id, known

    def _load(self, client_id: int) -> _Existing:
        from sqlalchemy import text

        from coachdesk.storage.files import utc_from_text

        known = _Existing()
        params = {"id": client_id}
        for session_id, start in self.session.execute(
            text("SELECT id, start FROM coaching_sessions WHERE client_id = :id ORDER BY id"),
            params,
        ):
            known.sessions.setdefault(utc_from_text(start), session_id)  # type: ignore[arg-type]
        for session_id, name in self.session.execute(
            text(
                "SELECT g.session_id, g.name FROM guests AS g JOIN coaching_sessions AS s"
                " ON s.id = g.session_id WHERE s.client_id = :id"
            ),
            params,
        ):
            known.guests.setdefault(session_id, set()).add(_fold(name))
        known.with_feedback = {
            row[0]
            for row in self.session.execute(
                text(
                    "SELECT f.session_id FROM pulse_checks AS f JOIN coaching_sessions AS s"
                    " ON s.id = f.session_id WHERE s.client_id = :id"
                ),
                params,
            )
        }
        for matter_id, statement in self.session.execute(
            text("SELECT id, statement FROM matters WHERE client_id = :id ORDER BY id"), params
        ):
            known.matters.setdefault(_fold(statement), matter_id)
        for statement, occurred_on, what in self.session.execute(
            text(
                "SELECT m.statement, b.occurred_on, b.what_happened FROM breaches AS b"
                " JOIN matters AS m ON m.id = b.matter_id WHERE m.client_id = :id"
            ),
            params,
        ):
            known.breaches.add((_fold(statement), date.fromisoformat(occurred_on), _fold(what)))
        for promise_id, owner, text_, due_on in self.session.execute(
            text(
                "SELECT id, owner, text, due_on FROM commitments WHERE client_id = :id ORDER BY id"
            ),
            params,
        ):
            due = date.fromisoformat(due_on) if due_on else None
            known.promises.setdefault((owner, _fold(text_), due), promise_id)
        return known

    # -- rows --

    def write(self, client: Parsed, client_id: int, known: _Existing | None) -> None:
        if known is None:
            self.add_client(client, client_id)
        else:
            self.fill_blanks(client, client_id)
        for record in client["sessions"]:
            self.add_session(record, client_id, known)
        for record in client["promises"]:
            self.add_promise(record, client_id)
        for record in client["matters"]:
            self.add_matter(record, client_id, known)

    def add_client(self, c: Parsed, client_id: int) -> None:
        self.rows["clients"].append(
            {
                "id": client_id,
                "name": c["name"],
                "preferred_name": c["preferred_name"],
                "pronouns": c["pronouns"],
                "email": c["email"],
                "phone": c["phone"],
                "organisation": c["organisation"],
                "role": c["role"],
                "status": c["status"].value,
                "started_on": c["started_on"],
                "private_notes": c["private_notes"],
                "print_private_notes": c["print_private_notes"],
                "usual_medium": c["usual_medium"].value if c["usual_medium"] else None,
                "usual_location": c["usual_location"],
                **self.stamps(c),
            }
        )
        self.counts["clients"] += 1

    def fill_blanks(self, c: Parsed, client_id: int) -> None:
        """Merging: give the existing client the values it lacks; change none it has."""
        from sqlalchemy import text

        columns = (
            "preferred_name",
            "pronouns",
            "email",
            "phone",
            "organisation",
            "role",
            "private_notes",
            "usual_location",
        )
        current = self.session.execute(
            text(
                f"SELECT {', '.join(columns)}, started_on, usual_medium FROM clients WHERE id = :id"
            ),
            {"id": client_id},
        ).one()
        changes: dict[str, Any] = {
            name: c[name]
            for name, value in zip(columns, current, strict=False)
            if not value and c[name]
        }
        if current[-2] is None and c["started_on"] is not None:
            changes["started_on"] = c["started_on"].isoformat()
        if current[-1] is None and c["usual_medium"] is not None:
            changes["usual_medium"] = c["usual_medium"].value
        if changes:
            from coachdesk.storage.files import utc_text

            assignments = ", ".join(f"{name} = :{name}" for name in changes)
            self.session.execute(
                text(f"UPDATE clients SET {assignments}, updated_at = :stamp WHERE id = :id"),
                {**changes, "stamp": utc_text(self.now), "id": client_id},
            )

    def add_session(self, s: Parsed, client_id: int, known: _Existing | None) -> None:
        session_id = s["id"]
        if s["new"]:
            self.rows["coaching_sessions"].append(
                {
                    "id": session_id,
                    "client_id": client_id,
                    "start": s["start"],
                    "duration_minutes": s["duration_minutes"],
                    "medium": s["medium"].value,
                    "location": s["location"],
                    "status": s["status"].value,
                    "original_start": s["original_start"],
                    "agenda": s["agenda"],
                    "private_notes": s["private_notes"],
                    "recorded": s["recorded"],
                    "reschedule_confirmed_at": s["reschedule_confirmed_at"],
                    "place_confirmed_at": s["place_confirmed_at"],
                    "recording_consent_at": s["recording_consent_at"],
                    **self.stamps(s),
                }
            )
            self.add_moves(s)
            self.counts["sessions"] += 1
        else:
            self.already += 1
        names = known.guests.setdefault(session_id, set()) if known else set()
        for g in s["guests"]:
            if not s["new"] and _fold(g["name"]) in names:
                self.already += 1
                continue
            names.add(_fold(g["name"]))
            self.rows["guests"].append(
                {
                    "id": self.new_id("guests"),
                    "session_id": session_id,
                    "name": g["name"],
                    "role": g["role"],
                    "client_informed_at": g["client_informed_at"],
                    "brought_by": g["brought_by"].value,
                    **self.stamps(g),
                }
            )
            self.counts["guests"] += 1
        f = s["feedback"]
        if f is None:
            return
        if known is not None:
            if session_id in known.with_feedback:
                self.already += 1
                return
            known.with_feedback.add(session_id)
        check_id = self.new_id("pulse_checks")
        self.rows["pulse_checks"].append(
            {
                "id": check_id,
                "session_id": session_id,
                "predicted_at": f["predicted_at"],
                "prediction_skipped": f["prediction_skipped"],
                "reported_at": f["reported_at"],
                "comment": f["comment"],
                **self.stamps(f),
            }
        )
        for a in f["answers"]:
            self.rows["pulse_answers"].append(
                {
                    "id": self.new_id("pulse_answers"),
                    "pulse_check_id": check_id,
                    "position": a["position"],
                    "question": a["question"],
                    "predicted": a["predicted"],
                    "reported": a["reported"],
                    **self.stamps(a),
                }
            )
        self.counts["feedback"] += 1

    def add_moves(self, s: Parsed) -> None:
        """The session's moves; a file from before moves were kept has only ``original_start``,
        which becomes one move (as the schema migration does): moved when the session was last
        changed, confirmed when the new time was."""
        moves = s["moves"]
        if not moves and s["original_start"] is not None:
            moves = [
                {
                    "from": s["original_start"],
                    "to": s["start"],
                    "moved_at": self.stamps(s)["updated_at"],
                    "confirmed_at": s["reschedule_confirmed_at"],
                    "created_at": None,
                    "updated_at": None,
                }
            ]
        for v in moves:
            self.rows["session_moves"].append(
                {
                    "id": self.new_id("session_moves"),
                    "session_id": s["id"],
                    "from_start": v["from"],
                    "to_start": v["to"],
                    "moved_at": v["moved_at"],
                    "confirmed_at": v["confirmed_at"],
                    **self.stamps(v),
                }
            )

    def add_promise(self, p: Parsed, client_id: int) -> None:
        if not p["new"]:
            self.already += 1
            return
        self.rows["commitments"].append(
            {
                "id": p["id"],
                "client_id": client_id,
                "session_id": self.link(p, "session", "commitments", p["id"], "session_id"),
                "owner": p["owner"].value,
                "text": p["text"],
                "due_on": p["due_on"],
                "status": p["status"].value,
                **self.stamps(p),
            }
        )
        self.counts["promises"] += 1

    def add_matter(self, m: Parsed, client_id: int, known: _Existing | None) -> None:
        key = _fold(m["statement"])
        matter_id = known.matters.get(key) if known else None
        if matter_id is None:
            matter_id = self.new_id("matters")
            if known is not None:
                known.matters[key] = matter_id
            self.rows["matters"].append(
                {
                    "id": matter_id,
                    "client_id": client_id,
                    "statement": m["statement"],
                    "why": m["why"],
                    "category": m["category"].value,
                    "importance": m["importance"],
                    "keywords": m["keywords"],
                    "language": m["language"].value,
                    "source_session_id": self.link(
                        m, "source_session", "matters", matter_id, "source_session_id"
                    ),
                    "captured_on": m["captured_on"],
                    "last_confirmed_on": m["last_confirmed_on"],
                    "keep_off_printouts": m["keep_off_printouts"],
                    "active": m["active"],
                    **self.stamps(m),
                }
            )
            self.rows["matter_triggers"] += [
                {"matter_id": matter_id, "trigger": trigger.value} for trigger in m["triggers"]
            ]
            self.counts["matters"] += 1
        else:
            self.already += 1
        for b in m["breaches"]:
            if known is not None:
                same = (key, b["occurred_on"], _fold(b["what_happened"]))
                if same in known.breaches:
                    self.already += 1
                    continue
                known.breaches.add(same)
            breach_id = self.new_id("breaches")
            self.rows["breaches"].append(
                {
                    "id": breach_id,
                    "matter_id": matter_id,
                    "session_id": self.link(b, "session", "breaches", breach_id, "session_id"),
                    "commitment_id": self.link(
                        b, "promise", "breaches", breach_id, "commitment_id"
                    ),
                    "occurred_on": b["occurred_on"],
                    "what_happened": b["what_happened"],
                    "how_it_landed": b["how_it_landed"],
                    "severity": b["severity"],
                    "repair_status": b["repair_status"].value,
                    "repair_notes": b["repair_notes"],
                    "repaired_on": b["repaired_on"],
                    **self.stamps(b),
                }
            )
            self.counts["breaches"] += 1

    def report(self) -> ImportReport:
        return ImportReport(
            added=ImportCounts(**self.counts),
            skipped=tuple(self.skipped),
            merged=tuple(self.merged),
            already_there=self.already,
            notes=tuple(self.notes),
        )


def _file_parts(path: Path) -> Callable[[], Iterator[Part]]:
    """The parts of the file at ``path``, read afresh (and checked as text) at each call."""
    return lambda: json_parts.parts(text_pieces(Path(path), MAX_FILE_BYTES))


def _checked(parts: Iterator[Part], known: Collection[tuple[str, str]] = ()) -> list[str]:
    """Check every record of the document in ``parts``, a client at a time: ``ImportRefused``
    lists what is wrong.  Returns the names of its clients whose ``client_key`` is ``known``."""
    found: list[str] = []
    try:
        for client in DocumentCheck().parsed(parts):
            if client is not None and client_key(client["name"], client["email"]) in known:
                found.append(client["name"])
    except ImportRefused:
        for _part in parts:  # a file that is not valid JSON further on is refused as that first
            pass
        raise
    return found


def check_file(db: Database, path: Path) -> list[str]:
    """Check ``path`` as ``import_file`` would (``ImportRefused``: nothing can be imported);
    the names of its clients already in the data file (same name and email, any case), which
    an import skips, or merges with ``merge=True``.  For asking the coach before importing."""
    with db.read() as conn:
        known = {client_key(n, e) for n, e in conn.execute("SELECT name, email FROM clients")}
    return _checked(_file_parts(path)(), known)


def _import(db: Database, parts: Callable[[], Iterator[Part]], merge: bool) -> ImportReport:
    """Two passes over the document, each holding one client at a time: every record is
    checked first, then written in one unit of work (rolled back if anything fails, say the
    file changed in between and is now refused)."""
    _checked(parts())
    now = datetime.now(UTC)
    with db.session() as session:
        writer = _Writer(session, merge, now)
        for client in DocumentCheck().parsed(parts()):
            if client is not None:
                writer.add(client)
        writer.finish()
    report = writer.report()
    logger.info(
        "imported %s clients (%s skipped, %s merged)",
        report.added.clients,
        len(report.skipped),
        len(report.merged),
    )
    return report


def import_document(db: Database, document: object, *, merge: bool = False) -> ImportReport:
    """Add the records of ``document`` (decoded JSON) to the database, all or nothing.

    Raises ``ImportRefused`` (nothing written) when any record breaks the format
    or the app's rules, and ``StorageError`` when the data file cannot be written.
    Duplicate clients (same name and email, any case, as a client already in the
    file) are skipped and reported, or merged into it with ``merge=True``.
    """
    return _import(db, lambda: document_parts(document), merge)


def import_file(db: Database, path: Path, *, merge: bool = False) -> ImportReport:
    """``import_document`` of the file at ``path``, read a client at a time (twice: checked,
    then written), so what is held is one client's records, not the whole file.  Refused
    (``ImportRefused``) as ``read_import`` refuses a file; the whole file or nothing."""
    return _import(db, _file_parts(path), merge)
