"""The notices still to give before the coming sessions, each with its deadline.

One prep checklist per planned session that has not started (``domain.prep``), so Today,
the reminders and the calendar export say exactly what the prep panel says.  Each
session's prep is read on its own (``load_prep_input``): the cost follows the number of
coming sessions and their clients' histories, not the size of the practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from coachdesk.domain.prep import ChecklistItem, build_prep
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.database import Database
from coachdesk.storage.errors import RecordNotFound
from coachdesk.storage.files import utc_from_text, utc_text
from coachdesk.storage.prep import load_prep_input

HORIZON = timedelta(days=62)
"""How far ahead sessions are read: past the longest notice (60 days) and a weekend."""


@dataclass(frozen=True)
class NoticeDue:
    """A checklist entry of a coming session, with what is needed to show it."""

    session_id: int
    client_id: int
    client_name: str  # the name the prep uses (preferred name or name)
    full_name: str
    start: datetime
    entry: ChecklistItem

    @property
    def deadline(self) -> datetime:
        assert self.entry.deadline is not None
        return self.entry.deadline

    @property
    def key(self) -> str:
        """Names this notice and its deadline: a reminder fires once per key."""
        return f"{self.entry.kind}:{self.entry.ref_id}:{utc_text(self.deadline)}"


def coming_notices(
    db: Database,
    now: datetime | None = None,
    *,
    until: datetime | None = None,
    horizon: timedelta = HORIZON,
) -> list[NoticeDue]:
    """The open checklist entries of every planned session starting after ``now`` (and
    before ``until``, default ``now + horizon``), soonest deadline first."""
    now = now or datetime.now(UTC)
    until = until or now + horizon
    with db.read() as conn:
        rows = conn.execute(
            "SELECT s.id, s.start, c.name FROM coaching_sessions AS s"
            " JOIN clients AS c ON c.id = s.client_id"
            " WHERE s.status = :planned AND s.start > :now AND s.start < :until"
            " ORDER BY s.start, s.id",
            {
                "planned": SessionStatus.PLANNED.value,
                "now": utc_text(now),
                "until": utc_text(until),
            },
        ).fetchall()
    found: list[NoticeDue] = []
    for session_id, start, full_name in rows:
        try:
            data = load_prep_input(db, session_id, now)
        except RecordNotFound:  # deleted since the list was read
            continue
        for entry in build_prep(data).checklist:
            if entry.deadline is None:
                continue
            found.append(
                NoticeDue(
                    session_id,
                    data.session.client_id,
                    data.client_name,
                    full_name,
                    utc_from_text(start),  # type: ignore[arg-type]
                    entry,
                )
            )
    found.sort(key=lambda due: (due.deadline, due.start, due.session_id))
    return found
