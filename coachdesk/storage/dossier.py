"""A client's own record: everything CoachDesk holds about one client, as JSON-ready data.

For the client who asks "what do you hold about me?".  ``client_record`` reads
every row of the tables in ``client_records.OWNED`` that belongs to the client
(nothing is left out: the coach's private notes, predictions of the client's
feedback and items kept off printouts are theirs to see too) and nothing of
any other client.  Field names are the column names of the data file, which
are plain words ("statement", "how_it_landed", "due_on"); the links between
records are kept as ids ("session_id", "matter_id").  Times are ISO 8601 in
UTC; dates are ISO dates.  The same record is printed by
``coachdesk.printing.dossier.render_dossier``.

Shape (``RECORD_FORMAT``, version 1)::

    {"format", "version", "exported_at",
     "client": {...},
     "sessions": [{..., "guests": [...], "moves": [...]}],  # by start; moves oldest first
     "matters": [{..., "triggers": [...],         # what matters to them, by date noted
                  "honour_checks": [{..., "session_start"}]}],  # review answers, by session
     "breaches": [{..., "matter_statement"}],     # times the coach fell short, by date
     "promises": [...],                           # by date made
     "feedback": [{..., "session_start", "answers": [...]}]}
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coachdesk.storage.client_records import owned_rows
from coachdesk.storage.clients import ClientNotFound
from coachdesk.storage.database import Database
from coachdesk.storage.private_files import write_private

RECORD_FORMAT = "coachdesk-client-record"
RECORD_VERSION = 1

# Columns that only say which client or parent a nested row belongs to.
_PARENT_LINKS = {
    "coaching_sessions": {"client_id"},
    "guests": {"session_id"},
    "session_moves": {"session_id"},
    "matters": {"client_id"},
    "matter_triggers": {"matter_id"},
    "honour_checks": {"matter_id"},
    "commitments": {"client_id"},
    "pulse_answers": {"pulse_check_id"},
}


def _converters() -> dict[str, dict[str, str]]:
    """For each owned table, the kind of each column: "time", "bool" or "value"."""
    from sqlalchemy import Boolean

    from coachdesk.storage.models import Base, UTCDateTime

    kinds: dict[str, dict[str, str]] = {}
    for name, table in Base.metadata.tables.items():
        kinds[name] = {
            column.name: "time"
            if isinstance(column.type, UTCDateTime)
            else "bool"
            if isinstance(column.type, Boolean)
            else "value"
            for column in table.columns
        }
    return kinds


def _time(value: str | None) -> str | None:
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC).isoformat()


def _plain(table: str, row: dict[str, Any], kinds: dict[str, dict[str, str]]) -> dict[str, Any]:
    drop = _PARENT_LINKS.get(table, set())
    plain: dict[str, Any] = {}
    last = ("created_at", "updated_at")
    order = sorted(row, key=lambda column: (column != "id", column in last))
    for column in order:
        value = row[column]
        if column in drop:
            continue
        kind = kinds[table].get(column, "value")
        if kind == "time":
            plain[column] = _time(value)
        elif kind == "bool" and value is not None:
            plain[column] = bool(value)
        else:
            plain[column] = value
    return plain


def client_record(db: Database, client_id: int, now: datetime | None = None) -> dict[str, Any]:
    """Everything held about the client ``client_id``; raises ``ClientNotFound``."""
    with db.read() as conn:
        rows = owned_rows(conn, client_id)
    if not rows["clients"]:
        raise ClientNotFound(client_id)
    kinds = _converters()

    def plain(table: str) -> list[dict[str, Any]]:
        return [_plain(table, row, kinds) for row in rows[table]]

    guests: dict[int, list[dict[str, Any]]] = {}
    for row, guest in zip(rows["guests"], plain("guests"), strict=True):
        guests.setdefault(row["session_id"], []).append(guest)
    moves: dict[int, list[dict[str, Any]]] = {}
    for row, move in zip(rows["session_moves"], plain("session_moves"), strict=True):
        moves.setdefault(row["session_id"], []).append(move)
    sessions = sorted(plain("coaching_sessions"), key=lambda s: (s["start"], s["id"]))
    for session in sessions:
        session["guests"] = guests.get(session["id"], [])
        session["moves"] = moves.get(session["id"], [])
    starts = {session["id"]: session["start"] for session in sessions}

    triggers: dict[int, list[str]] = {}
    for row in rows["matter_triggers"]:
        triggers.setdefault(row["matter_id"], []).append(row["trigger"])
    matters = sorted(plain("matters"), key=lambda m: (m["captured_on"], m["id"]))
    for matter in matters:
        matter["triggers"] = sorted(triggers.get(matter["id"], []))
    checks: dict[int, list[dict[str, Any]]] = {}
    for row, check in zip(rows["honour_checks"], plain("honour_checks"), strict=True):
        check["session_start"] = starts.get(check["session_id"])
        checks.setdefault(row["matter_id"], []).append(check)
    for matter in matters:
        matter["honour_checks"] = sorted(
            checks.get(matter["id"], []), key=lambda c: (c["session_start"] or "", c["id"])
        )
    statements = {matter["id"]: matter["statement"] for matter in matters}

    breaches = sorted(plain("breaches"), key=lambda b: (b["occurred_on"], b["id"]))
    for breach in breaches:
        breach["matter_statement"] = statements.get(breach["matter_id"], "")

    answers: dict[int, list[dict[str, Any]]] = {}
    for row, answer in zip(rows["pulse_answers"], plain("pulse_answers"), strict=True):
        answers.setdefault(row["pulse_check_id"], []).append(answer)
    feedback = plain("pulse_checks")
    for check in feedback:
        check["session_start"] = starts.get(check["session_id"])
        check["answers"] = sorted(
            answers.get(check["id"], []), key=lambda a: (a["position"], a["id"])
        )
    feedback.sort(key=lambda f: (f["session_start"] or "", f["id"]))

    return {
        "format": RECORD_FORMAT,
        "version": RECORD_VERSION,
        "exported_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "client": plain("clients")[0],
        "sessions": sessions,
        "matters": matters,
        "breaches": breaches,
        "promises": sorted(plain("commitments"), key=lambda p: (p["created_at"], p["id"])),
        "feedback": feedback,
    }


def record_json(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def write_record_json(record: dict[str, Any], path: Path) -> Path:
    """Write ``record`` (from ``client_record``) as UTF-8 JSON, owner-only, replaced whole.
    Raises ``OSError`` when the file cannot be written."""
    return write_private(Path(path), record_json(record).encode("utf-8"))
