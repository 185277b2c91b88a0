"""Recognising what is already in the data file when an import merges a duplicate client.

A client with the same name and email (any case, ``domain.data_format.client_key``) as one
already there is a duplicate; merging, its records are matched with the existing client's
(``Existing``, read by ``load_existing``) by their text folded for comparison (``fold``),
so a record already there is not added twice (``docs/data-format.md``, "Merging").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


def fold(text: str) -> str:
    """``text`` as compared when matching records: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


@dataclass
class Existing:
    """What a merged client already has, to recognise records that are already there."""

    sessions: dict[datetime, int] = field(default_factory=dict)
    guests: dict[int, set[str]] = field(default_factory=dict)
    with_feedback: set[int] = field(default_factory=set)
    matters: dict[str, int] = field(default_factory=dict)
    breaches: set[tuple[str, date, str]] = field(default_factory=set)  # (statement, day, what)
    promises: dict[tuple[str, str, date | None], int] = field(default_factory=dict)
    honour: set[tuple[int, int]] = field(default_factory=set)  # (session id, matter id)


def load_existing(session: Any, client_id: int) -> Existing:
    """What the client ``client_id`` already has (``session``: the import's unit of work)."""
    from sqlalchemy import text

    from coachdesk.storage.files import utc_from_text

    known = Existing()
    params = {"id": client_id}
    for session_id, start in session.execute(
        text("SELECT id, start FROM coaching_sessions WHERE client_id = :id ORDER BY id"),
        params,
    ):
        known.sessions.setdefault(utc_from_text(start), session_id)  # type: ignore[arg-type]
    for session_id, name in session.execute(
        text(
            "SELECT g.session_id, g.name FROM guests AS g JOIN coaching_sessions AS s"
            " ON s.id = g.session_id WHERE s.client_id = :id"
        ),
        params,
    ):
        known.guests.setdefault(session_id, set()).add(fold(name))
    known.with_feedback = {
        row[0]
        for row in session.execute(
            text(
                "SELECT f.session_id FROM pulse_checks AS f JOIN coaching_sessions AS s"
                " ON s.id = f.session_id WHERE s.client_id = :id"
            ),
            params,
        )
    }
    for matter_id, statement in session.execute(
        text("SELECT id, statement FROM matters WHERE client_id = :id ORDER BY id"), params
    ):
        known.matters.setdefault(fold(statement), matter_id)
    for statement, occurred_on, what in session.execute(
        text(
            "SELECT m.statement, b.occurred_on, b.what_happened FROM breaches AS b"
            " JOIN matters AS m ON m.id = b.matter_id WHERE m.client_id = :id"
        ),
        params,
    ):
        known.breaches.add((fold(statement), date.fromisoformat(occurred_on), fold(what)))
    for promise_id, owner, text_, due_on in session.execute(
        text("SELECT id, owner, text, due_on FROM commitments WHERE client_id = :id ORDER BY id"),
        params,
    ):
        due = date.fromisoformat(due_on) if due_on else None
        known.promises.setdefault((owner, fold(text_), due), promise_id)
    known.honour = set(
        session.execute(
            text(
                "SELECT h.session_id, h.matter_id FROM honour_checks AS h"
                " JOIN matters AS m ON m.id = h.matter_id WHERE m.client_id = :id"
            ),
            params,
        ).all()
    )
    return known
