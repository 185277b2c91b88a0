"""Read models: the rows lists and pages show, read with plain SQL.

Reads go through a plain connection of CoachDesk's SQLite driver (``Database.read``);
writes go through the SQLAlchemy models.  Two reasons: the Today page is the first page
the coach sees and must not wait for SQLAlchemy to load, and building plain
rows straight from tuples is several times faster than loading ORM objects,
which keeps a client with years of history quick to open.

Every function takes an open connection, so a page's rows come from one read
transaction.  Conditions are written here with bound parameters; nothing a
user typed is ever pasted into SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.practice import (
    BreachRow,
    GuestRow,
    MatterRow,
    MoveRow,
    PromiseRow,
    SessionRow,
)
from coachdesk.domain.vocab import (
    Category,
    GuestSource,
    HonourOutcome,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.driver import dbapi
from coachdesk.storage.files import utc_from_text

if TYPE_CHECKING:
    from coachdesk.domain.feedback import FeedbackRow

Params = Mapping[str, Any]
CHUNK = 500


def day_from_text(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _in(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


# --- sessions ---------------------------------------------------------------------------------


def count(conn: dbapi.Connection, table_and_joins: str, where: str, params: Params) -> int:
    return conn.execute(
        f"SELECT count(*) FROM {table_and_joins} WHERE {where}", dict(params)
    ).fetchone()[0]


def guests_of(conn: dbapi.Connection, session_ids: Sequence[int]) -> dict[int, list[GuestRow]]:
    found: dict[int, list[GuestRow]] = {}
    for chunk in chunks(session_ids):
        for row in conn.execute(
            "SELECT id, session_id, name, role, client_informed_at, brought_by FROM guests"
            f" WHERE session_id IN ({_in(chunk)}) ORDER BY id",
            tuple(chunk),
        ):
            found.setdefault(row[1], []).append(
                GuestRow(row[0], row[1], row[2], row[3], utc_from_text(row[4]), GuestSource(row[5]))
            )
    return found


def moves_of(conn: dbapi.Connection, session_ids: Sequence[int]) -> dict[int, list[MoveRow]]:
    """Every move of each session, oldest first (one query per batch of sessions)."""
    found: dict[int, list[MoveRow]] = {}
    for chunk in chunks(session_ids):
        for session_id, from_start, to_start, moved_at, confirmed_at in conn.execute(
            "SELECT session_id, from_start, to_start, moved_at, confirmed_at FROM session_moves"
            f" WHERE session_id IN ({_in(chunk)}) ORDER BY session_id, id",
            tuple(chunk),
        ):
            found.setdefault(session_id, []).append(
                MoveRow(
                    utc_from_text(from_start),  # type: ignore[arg-type]
                    utc_from_text(to_start),  # type: ignore[arg-type]
                    utc_from_text(moved_at),  # type: ignore[arg-type]
                    utc_from_text(confirmed_at),
                )
            )
    return found


def session_rows(
    conn: dbapi.Connection,
    where: str = "1",
    params: Params | None = None,
    *,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[SessionRow]:
    """Sessions matching ``where`` (columns of ``s`` = session, ``c`` = client), with guests
    and moves."""
    order = "DESC" if newest_first else "ASC"
    sql = (
        "SELECT s.id, s.client_id, c.name, s.start, s.duration_minutes, s.medium, s.location,"
        " s.status, s.original_start, s.agenda, s.private_notes, s.recorded,"
        " s.reschedule_confirmed_at, s.place_confirmed_at, s.recording_consent_at,"
        " s.clocks_confirmed_at, c.time_zone"
        " FROM coaching_sessions AS s JOIN clients AS c ON c.id = s.client_id"
        f" WHERE {where} ORDER BY s.start {order}, s.id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, dict(params or {})).fetchall()
    ids = [row[0] for row in rows]
    guests = guests_of(conn, ids)
    moves = moves_of(conn, ids)
    return [
        SessionRow(
            id=row[0],
            client_id=row[1],
            client_name=row[2],
            start=utc_from_text(row[3]),  # type: ignore[arg-type]
            duration_minutes=row[4],
            medium=Medium(row[5]),
            location=row[6],
            status=SessionStatus(row[7]),
            original_start=utc_from_text(row[8]),
            agenda=row[9],
            private_notes=row[10],
            recorded=bool(row[11]),
            guests=tuple(guests.get(row[0], ())),
            reschedule_confirmed_at=utc_from_text(row[12]),
            place_confirmed_at=utc_from_text(row[13]),
            moves=tuple(moves.get(row[0], ())),
            recording_consent_at=utc_from_text(row[14]),
            clocks_confirmed_at=utc_from_text(row[15]),
            client_time_zone=row[16],
        )
        for row in rows
    ]


# --- matters ----------------------------------------------------------------------------------


_MATTER_COUNTS = (
    " (SELECT count(*) FROM breaches AS b WHERE b.matter_id = m.id),"
    " (SELECT count(*) FROM breaches AS b WHERE b.matter_id = m.id"
    f"   AND b.repair_status != '{RepairStatus.REPAIRED.value}'),"
    f" (SELECT count(*) FROM honour_checks AS h WHERE h.matter_id = m.id"
    f"   AND h.outcome = '{HonourOutcome.HONOURED.value}'),"
    f" (SELECT count(*) FROM honour_checks AS h WHERE h.matter_id = m.id"
    f"   AND h.outcome != '{HonourOutcome.NOT_RELEVANT.value}')"
)


def matter_rows(
    conn: dbapi.Connection,
    where: str = "1",
    params: Params | None = None,
    *,
    counts: bool = True,
) -> list[MatterRow]:
    """Matters matching ``where`` (columns of ``m``): active first, most important first;
    ``counts``: with their breaches and review answers counted (else those are 0)."""
    rows = conn.execute(
        "SELECT m.id, m.client_id, m.statement, m.why, m.category, m.importance, m.keywords,"
        " m.source_session_id, m.captured_on, m.last_confirmed_on, m.keep_off_printouts,"
        " m.active, m.language, m.notice,"
        + (_MATTER_COUNTS if counts else " 0, 0, 0, 0")
        + f" FROM matters AS m WHERE {where}"
        " ORDER BY m.active DESC, m.importance DESC, m.captured_on DESC, m.id",
        dict(params or {}),
    ).fetchall()
    triggers: dict[int, set[Trigger]] = {}
    for chunk in chunks([row[0] for row in rows]):
        for matter_id, trigger in conn.execute(
            f"SELECT matter_id, trigger FROM matter_triggers WHERE matter_id IN ({_in(chunk)})",
            tuple(chunk),
        ):
            triggers.setdefault(matter_id, set()).add(Trigger(trigger))
    return [
        MatterRow(
            id=row[0],
            client_id=row[1],
            statement=row[2],
            why=row[3],
            category=Category(row[4]),
            importance=row[5],
            triggers=frozenset(triggers.get(row[0], ())),
            keywords=row[6],
            source_session_id=row[7],
            captured_on=day_from_text(row[8]),  # type: ignore[arg-type]
            last_confirmed_on=day_from_text(row[9]),
            keep_off_printouts=bool(row[10]),
            active=bool(row[11]),
            language=row[12],
            notice=row[13],
            breaches=row[14],
            open_breaches=row[15],
            honoured=row[16],
            answered=row[17],
        )
        for row in rows
    ]


# --- breaches ---------------------------------------------------------------------------------


def breach_rows(
    conn: dbapi.Connection,
    where: str = "1",
    params: Params | None = None,
    *,
    oldest_first: bool = False,
    limit: int | None = None,
) -> list[BreachRow]:
    """Breaches matching ``where`` (``b`` = breach, ``m`` = its matter), newest first."""
    order = "ASC" if oldest_first else "DESC"
    sql = (
        "SELECT b.id, m.client_id, m.id, m.statement, m.category, b.occurred_on, b.session_id,"
        " b.commitment_id, b.what_happened, b.how_it_landed, b.severity, b.repair_status,"
        " b.repair_notes, b.repaired_on, c.name"
        " FROM breaches AS b JOIN matters AS m ON m.id = b.matter_id"
        " JOIN clients AS c ON c.id = m.client_id"
        f" WHERE {where} ORDER BY b.occurred_on {order}, b.id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, dict(params or {})).fetchall()
    return [
        BreachRow(
            id=row[0],
            client_id=row[1],
            matter_id=row[2],
            matter_statement=row[3],
            category=Category(row[4]),
            occurred_on=day_from_text(row[5]),  # type: ignore[arg-type]
            session_id=row[6],
            commitment_id=row[7],
            what_happened=row[8],
            how_it_landed=row[9],
            severity=row[10],
            repair_status=RepairStatus(row[11]),
            repair_notes=row[12],
            repaired_on=day_from_text(row[13]),
            client_name=row[14],
        )
        for row in rows
    ]


# --- promises ---------------------------------------------------------------------------------


def promise_rows(
    conn: dbapi.Connection,
    where: str = "1",
    params: Params | None = None,
    *,
    limit: int | None = None,
) -> list[PromiseRow]:
    """Promises matching ``where`` (``p`` = promise, ``c`` = client): the coach's first, then
    by due date (undated last)."""
    sql = (
        "SELECT p.id, p.client_id, c.name, p.owner, p.text, p.due_on, p.session_id, p.status,"
        " p.created_at"
        " FROM commitments AS p JOIN clients AS c ON c.id = p.client_id"
        f" WHERE {where}"
        f" ORDER BY p.owner != '{PromiseOwner.COACH.value}', p.due_on IS NULL, p.due_on, p.id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, dict(params or {})).fetchall()
    return [
        PromiseRow(
            id=row[0],
            client_id=row[1],
            client_name=row[2],
            owner=PromiseOwner(row[3]),
            text=row[4],
            due_on=day_from_text(row[5]),
            session_id=row[6],
            status=PromiseStatus(row[7]),
            made_on=local_or_utc(utc_from_text(row[8])).date(),  # type: ignore[union-attr]
        )
        for row in rows
    ]


# --- client feedback --------------------------------------------------------------------------


def feedback_rows(
    conn: dbapi.Connection, where: str = "1", params: Params | None = None
) -> list[FeedbackRow]:
    """Pulse checks matching ``where`` (``f`` = pulse check, ``s`` = its session, ``c`` = the
    client), oldest session first, each with its answers."""
    # Here, not at the top: Today reads none, and the module takes 3 ms to load.
    from coachdesk.domain.feedback import AnswerRow, FeedbackRow

    rows = conn.execute(
        "SELECT f.id, f.session_id, s.client_id, c.name, s.start, f.predicted_at,"
        " f.prediction_skipped, f.reported_at, f.comment"
        " FROM pulse_checks AS f JOIN coaching_sessions AS s ON s.id = f.session_id"
        " JOIN clients AS c ON c.id = s.client_id"
        f" WHERE {where} ORDER BY s.start, f.id",
        dict(params or {}),
    ).fetchall()
    answers: dict[int, list[AnswerRow]] = {}
    ids = [row[0] for row in rows]
    for chunk in chunks(ids):
        for check_id, position, question, predicted, reported in conn.execute(
            "SELECT pulse_check_id, position, question, predicted, reported FROM pulse_answers"
            f" WHERE pulse_check_id IN ({_in(chunk)}) ORDER BY pulse_check_id, position, id",
            list(chunk),
        ):
            answers.setdefault(check_id, []).append(
                AnswerRow(position, question, predicted, reported)
            )
    return [
        FeedbackRow(
            id=row[0],
            session_id=row[1],
            client_id=row[2],
            client_name=row[3],
            session_start=utc_from_text(row[4]),  # type: ignore[arg-type]
            predicted_at=utc_from_text(row[5]),
            prediction_skipped=bool(row[6]),
            reported_at=utc_from_text(row[7]),
            comment=row[8],
            answers=tuple(answers.get(row[0], ())),
        )
        for row in rows
    ]
