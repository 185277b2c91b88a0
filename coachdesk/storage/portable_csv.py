"""Spreadsheets: the practice as four CSV files, and clients brought in from one.

``export_csv`` writes ``clients.csv``, ``sessions.csv``, ``items.csv`` (what
matters to each client) and ``breaches.csv`` into a folder: RFC 4180 CSV
(comma-separated, CRLF line ends, cells quoted when they hold a comma, a quote
or a line break) in UTF-8 with a byte-order mark, which Excel needs to read
UTF-8, and with every formula-like cell neutralised (``domain.spreadsheet``).
The rows come from the JSON export, so the ``ref`` columns are the same refs
("client-4", "session-17") and link the files to each other.

``read_csv`` reads a file with the import's guards; ``import_clients`` adds the
clients of a table under a column mapping in one unit of work, all or nothing;
``import_clients_csv`` does both with the mapping guessed from the header
names (the command line).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coachdesk.domain.data_format import (
    UTF8_BOM,
    client_key,
    decode_spreadsheet,
    parse_datetime,
)
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.file_kinds import Door
from coachdesk.domain.spreadsheet import (
    MAX_CSV_BYTES,
    ColumnMapping,
    CsvTable,
    clients_from_table,
    guess_mapping,
    neutralise,
    parse_csv,
    unused_columns,
    with_header_found,
)
from coachdesk.domain.vocab import GuestSource
from coachdesk.storage.database import Database
from coachdesk.storage.portable_json.export import export_document
from coachdesk.storage.portable_json.report import ImportCounts, ImportReport
from coachdesk.storage.tables import insert_rows, next_ids
from coachdesk.storage.textfiles import (
    make_folder,
    read_capped,
    refuse_other_kinds,
    write_owner_only,
)

logger = logging.getLogger(__name__)

CSV_FILES = ("clients.csv", "sessions.csv", "items.csv", "breaches.csv")

CLIENT_COLUMNS = (
    "ref",
    "name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "organisation",
    "role",
    "status",
    "started_on",
    "usual_medium",
    "usual_location",
    "private_notes",
    "time_zone",
    "sessions",
    "created_at",
    "updated_at",
)
SESSION_COLUMNS = (
    "ref",
    "client_ref",
    "client",
    "start_local",
    "start_utc",
    "duration_minutes",
    "medium",
    "location",
    "status",
    "original_start_utc",
    "moves",
    "recorded",
    "guests",
    "guests_brought_by",
    "guests_not_told",
    "agenda",
    "private_notes",
    "feedback_scores",
    "feedback_comment",
)
ITEM_COLUMNS = (
    "ref",
    "client_ref",
    "client",
    "statement",
    "why",
    "category",
    "importance",
    "triggers",
    "keywords",
    "language",
    "notice",
    "source_session_ref",
    "captured_on",
    "last_confirmed_on",
    "keep_off_printouts",
    "active",
    "breaches",
    "created_at",
)
BREACH_COLUMNS = (
    "ref",
    "client_ref",
    "client",
    "item_ref",
    "item",
    "occurred_on",
    "session_ref",
    "promise_ref",
    "what_happened",
    "how_it_landed",
    "severity",
    "repair_status",
    "repair_notes",
    "repaired_on",
    "created_at",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One CSV file: UTF-8 with a BOM, RFC 4180 quoting, formula-like cells neutralised;
    None is an empty cell and booleans are "yes" / "no"."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return UTF8_BOM + buffer.getvalue().encode("utf-8")


def _local(stamp: str | None) -> str:
    """A UTC stamp of the format as local time, "2024-03-05 10:30", for people."""
    moment = parse_datetime(stamp) if stamp else None
    if moment is None:
        return ""
    shown = local_or_utc(moment)
    return f"{shown.year:04d}-{shown:%m-%d %H:%M}"  # %Y drops the zeros of year 1


CSV_FILES = ("clients.csv", "sessions.csv", "items.csv", "breaches.csv")
"""The four files of a spreadsheet export, in this order."""


def csv_tables(document: dict[str, Any]) -> dict[str, bytes]:
    """The four files' contents for a JSON export document, by file name."""
    clients, sessions, items, breaches = [], [], [], []
    for client in document["clients"]:
        who = (client["ref"], client["name"])
        clients.append(
            [client[name] for name in CLIENT_COLUMNS[:14]]
            + [len(client["sessions"]), client["created_at"], client["updated_at"]]
        )
        for s in client["sessions"]:
            feedback = s["feedback"] or {}
            answers = feedback.get("answers", [])
            sessions.append(
                [
                    s["ref"],
                    *who,
                    _local(s["start"]),
                    s["start"],
                    s["duration_minutes"],
                    s["medium"],
                    s["location"],
                    s["status"],
                    s["original_start"],
                    len(s["moves"]),
                    s["recorded"],
                    "; ".join(
                        f"{g['name']} ({g['role']})" if g["role"] else g["name"]
                        for g in s["guests"]
                    ),
                    "; ".join(g["brought_by"] for g in s["guests"]),
                    "; ".join(
                        g["name"]
                        for g in s["guests"]
                        if g["client_informed_at"] is None
                        and g["brought_by"] != GuestSource.CLIENT.value
                    ),
                    s["agenda"],
                    s["private_notes"],
                    ", ".join("" if a["reported"] is None else str(a["reported"]) for a in answers)
                    if any(a["reported"] is not None for a in answers)
                    else "",
                    feedback.get("comment", ""),
                ]
            )
        for m in client["matters"]:
            items.append(
                [
                    m["ref"],
                    *who,
                    m["statement"],
                    m["why"],
                    m["category"],
                    m["importance"],
                    "; ".join(m["triggers"]),
                    m["keywords"],
                    m["language"],
                    m["notice"],
                    m["source_session"],
                    m["captured_on"],
                    m["last_confirmed_on"],
                    m["keep_off_printouts"],
                    m["active"],
                    len(m["breaches"]),
                    m["created_at"],
                ]
            )
            for b in m["breaches"]:
                breaches.append(
                    [
                        b["ref"],
                        *who,
                        m["ref"],
                        m["statement"],
                        b["occurred_on"],
                        b["session"],
                        b["promise"],
                        b["what_happened"],
                        b["how_it_landed"],
                        b["severity"],
                        b["repair_status"],
                        b["repair_notes"],
                        b["repaired_on"],
                        b["created_at"],
                    ]
                )
    return {
        name: csv_bytes(columns, rows)
        for name, columns, rows in zip(
            CSV_FILES,
            (CLIENT_COLUMNS, SESSION_COLUMNS, ITEM_COLUMNS, BREACH_COLUMNS),
            (clients, sessions, items, breaches),
            strict=True,
        )
    }


def export_csv(db: Database, folder: Path) -> list[Path]:
    """Write the four CSV files into ``folder`` (created if needed; files replaced whole,
    owner-only); returns their paths.  ``StorageError`` when they cannot be written."""
    folder = Path(folder)
    make_folder(folder)
    written = []
    for name, data in csv_tables(export_document(db)).items():
        write_owner_only(folder / name, data)
        written.append(folder / name)
    logger.info("exported the practice as CSV")
    return written


# --- import ------------------------------------------------------------------------------------


def read_csv(path: Path, *, max_bytes: int = MAX_CSV_BYTES) -> CsvTable:
    """The table in ``path``, refused (``ImportRefused``) when too large, binary, not UTF-8
    (with or without a BOM) or not well-formed CSV."""
    refuse_other_kinds(Path(path), Door.CSV)
    text, encoding = decode_spreadsheet(read_capped(Path(path), max_bytes), str(path))
    return with_header_found(replace(parse_csv(text), encoding=encoding))


def import_clients(db: Database, table: CsvTable, mapping: ColumnMapping) -> ImportReport:
    """Add the clients of ``table``'s good rows (``mapping``: app field -> column), in one
    transaction.

    A row that cannot be a client ("row 7, email: …") is left out and said in the report;
    a table with no good row is refused (``ImportRefused``).  A row with the same name and
    email (any case) as a client already in CoachDesk, or as an earlier row, is skipped and
    reported."""
    clients, problems, total = clients_from_table(table, mapping)
    now = datetime.now(UTC)
    skipped: list[str] = []
    notes: list[str] = [f"{problem}; not imported" for problem in problems]
    if total > len(problems):
        notes.append(f"… and {total - len(problems):,} more rows not imported")
    from sqlalchemy import text

    with db.session() as session:
        known: dict[tuple[str, str], str] = {
            client_key(name, email): "already in CoachDesk"
            for name, email in session.execute(text("SELECT name, email FROM clients"))
        }
        ids = next_ids(session)
        rows: list[dict[str, Any]] = []
        for client in clients:
            data = client.data
            key = client_key(data.name, data.email)
            if key in known:
                skipped.append(data.name)
                notes.append(f"row {client.row}: {data.name} is {known[key]}; skipped")
                continue
            known[key] = f"the same as row {client.row}"
            rows.append(
                {
                    "id": ids["clients"] + len(rows),
                    "name": data.name,
                    "preferred_name": data.preferred_name,
                    "pronouns": data.pronouns,
                    "email": data.email,
                    "phone": data.phone,
                    "organisation": data.organisation,
                    "role": data.role,
                    "status": data.status.value,
                    "started_on": data.started_on,
                    "private_notes": data.private_notes,
                    "usual_medium": client.usual_medium.value if client.usual_medium else None,
                    "usual_location": client.usual_location,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        insert_rows(session, {"clients": rows})
    logger.info("imported %s clients from CSV (%s skipped)", len(rows), len(skipped))
    return ImportReport(
        added=ImportCounts(clients=len(rows)),
        skipped=tuple(skipped),
        notes=tuple(notes),
        mergeable=False,
    )


def import_clients_csv(db: Database, path: Path) -> ImportReport:
    """Import the clients of the CSV file ``path``, its columns recognised by their header
    names; columns with no recognised name are reported and ignored."""
    table = read_csv(path)
    mapping = guess_mapping(table.header)
    ignored = unused_columns(table, mapping)
    report = import_clients(db, table, mapping)
    if ignored:
        note = "Columns not imported (no matching field): " + ", ".join(ignored)
        report = replace(report, notes=(*report.notes, note))
    return report
