"""Importing a CoachDesk JSON document into the database, in one unit of work.

Every record is checked first (``reading.check_parts``, ``domain.data_format``), and any
problem refuses the whole import with ``ImportRefused``; nothing is written.  Then
``_Writer`` turns the records into rows with new ids, a client at a time, resolving their
refs ("session-7"); imported records never keep database ids.  Importing into a data file
that already has clients adds to it: a duplicate client (``matching``) is skipped and
reported, or with ``merge=True`` its records are added to the existing client, which keeps
every value it has.  ``import_document`` imports a decoded document, ``import_file`` a file
without holding it: read twice, a client at a time (``json_parts``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coachdesk.domain.data_format import DocumentCheck, Parsed, Part, client_key, document_parts
from coachdesk.storage.database import Database
from coachdesk.storage.portable_json.matching import Existing, fold, load_existing
from coachdesk.storage.portable_json.reading import check_parts, file_parts
from coachdesk.storage.portable_json.report import ImportCounts, ImportReport
from coachdesk.storage.tables import PARENT_FIRST, insert_rows, next_ids

logger = logging.getLogger(__name__)


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
        self.existing: dict[int, Existing] = {}
        self.later: list[tuple[Parsed, str, str, int, str]] = []  # links to later clients
        self.honour: set[tuple[int, int]] = set()  # (session, matter) answered: new clients

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

    def plan(self, client: Parsed) -> tuple[Parsed, int, Existing | None] | None:
        """Decide the client (new, skipped: None, or merged) and give ids to their records that
        others link to (sessions, promises)."""
        existing_id = self.clients.get(client_key(client["name"], client["email"]))
        known: Existing | None = None
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
                self.existing[client_id] = load_existing(self.session, client_id)
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
            key = (record["owner"].value, fold(record["text"]), record["due_on"])
            found = known.promises.get(key) if known else None
            record["id"] = found if found is not None else self.new_id("commitments")
            record["new"] = found is None
            if known is not None:
                known.promises.setdefault(key, record["id"])
            if record["ref"]:
                self.refs[record["ref"]] = record["id"]
        return client, client_id, known

    # -- rows --

    def write(self, client: Parsed, client_id: int, known: Existing | None) -> None:
        if known is None:
            self.add_client(client, client_id)
        else:
            self.fill_blanks(client, client_id)
        for record in client["sessions"]:
            self.add_session(record, client_id, known)
        for record in client["promises"]:
            self.add_promise(record, client_id)
        own = {r["ref"]: r["id"] for r in client["sessions"] if r["ref"]}
        for record in client["matters"]:
            self.add_matter(record, client_id, known, own)

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
                "time_zone": c["time_zone"].strip(),
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
            "time_zone",
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

    def add_session(self, s: Parsed, client_id: int, known: Existing | None) -> None:
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
                    "clocks_confirmed_at": s["clocks_confirmed_at"],
                    **self.stamps(s),
                }
            )
            self.add_moves(s)
            self.counts["sessions"] += 1
        else:
            self.already += 1
        names = known.guests.setdefault(session_id, set()) if known else set()
        for g in s["guests"]:
            if not s["new"] and fold(g["name"]) in names:
                self.already += 1
                continue
            names.add(fold(g["name"]))
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

    def add_matter(
        self, m: Parsed, client_id: int, known: Existing | None, own: dict[str, int]
    ) -> None:
        """The item, its breaches and its review answers (``own``: the client's sessions,
        by ref, the only ones an answer can name)."""
        key = fold(m["statement"])
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
                    "notice": " ".join(m["notice"].split()),
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
                same = (key, b["occurred_on"], fold(b["what_happened"]))
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
        self.add_honour_checks(m, matter_id, known, own)

    def add_honour_checks(
        self, m: Parsed, matter_id: int, known: Existing | None, own: dict[str, int]
    ) -> None:
        """The item's review answers, one per session of the client's: a session already
        answered for (in the data file or earlier in the document) keeps its answer."""
        answered = known.honour if known is not None else self.honour
        for h in m["honour_checks"]:
            session_id = own.get(h["session"])
            if session_id is None:
                self.notes.append(
                    f"{h['place']}: the session {h['session']!r} is not this client's; the "
                    "review answer was left out"
                )
                continue
            if (session_id, matter_id) in answered:
                self.already += 1
                continue
            answered.add((session_id, matter_id))
            self.rows["honour_checks"].append(
                {
                    "id": self.new_id("honour_checks"),
                    "session_id": session_id,
                    "matter_id": matter_id,
                    "outcome": h["outcome"].value,
                    "fired": h["fired"],
                    **self.stamps(h),
                }
            )

    def report(self) -> ImportReport:
        return ImportReport(
            added=ImportCounts(**self.counts),
            skipped=tuple(self.skipped),
            merged=tuple(self.merged),
            already_there=self.already,
            notes=tuple(self.notes),
        )


def _import(db: Database, parts: Callable[[], Iterator[Part]], merge: bool) -> ImportReport:
    """Two passes over the document, each holding one client at a time: every record is
    checked first, then written in one unit of work (rolled back if anything fails, say the
    file changed in between and is now refused)."""
    check_parts(parts())
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
    return _import(db, file_parts(path), merge)
