"""The notices still to give before the coming sessions, each with its deadline.

The prep's own checklist (``domain.prep.checklist``) of every planned session that has
not started, so Today, the reminders and the calendar export say exactly what the prep
panel says.  Read in bulk, in one read transaction: the coming sessions, their clients'
active items and each client's last few held sessions (all the checklist needs of the
history: the usual medium and place), so the cost follows the coming sessions, not the
practice's history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from coachdesk.domain.notice import (
    ASK_RECORDING,
    CONFIRM_CLOCKS,
    CONFIRM_PLACE,
    CONFIRM_TIME,
    TELL_GUEST,
    NoticeError,
    NoticeUnit,
    parse_notice,
)
from coachdesk.domain.practice import MatterRow, SessionRow
from coachdesk.domain.prep import ChecklistItem, PrepInput, checklist
from coachdesk.domain.relevance import USUAL_OF_LAST
from coachdesk.domain.vocab import Medium, SessionStatus
from coachdesk.local_zone import local_zone
from coachdesk.storage import reads
from coachdesk.storage.database import Database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.files import utc_text

if TYPE_CHECKING:  # the write path (SQLAlchemy) is loaded by a write, not by Today's read
    from coachdesk.storage.undo import ChangedRows

HORIZON = timedelta(days=62)
"""How far ahead sessions are read by default: past the longest notice (60 days)."""
DEFAULT_SPAN = timedelta(hours=48)
"""The longest default notice (a move's)."""


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
    def id(self) -> tuple[str, int | None]:
        """Names the notice in a list (its kind and guest or session)."""
        return (self.entry.kind, self.entry.ref_id)

    @property
    def key(self) -> str:
        """Names this notice and its deadline: a reminder fires once per key."""
        return f"{self.entry.kind}:{self.entry.ref_id}:{utc_text(self.deadline)}"


def mark_given(db: Database, kind: str, ref_id: int, when: datetime | None = None) -> ChangedRows:
    """Record that a notice of ``kind`` was given (the guest told, the new time, the place,
    the recording or the time across a clock change confirmed); what changed, for an undo."""
    from coachdesk.storage import sessions

    writes: dict[str, Callable[[], ChangedRows]] = {
        TELL_GUEST: lambda: sessions.set_guest_informed(db, ref_id, True, when),
        CONFIRM_TIME: lambda: sessions.confirm_reschedule(db, ref_id, when),
        CONFIRM_PLACE: lambda: sessions.confirm_place(db, ref_id, when),
        ASK_RECORDING: lambda: sessions.record_recording_consent(
            db, ref_id, when or datetime.now(UTC)
        ),
        CONFIRM_CLOCKS: lambda: sessions.confirm_clocks(db, ref_id, when),
    }
    return writes[kind]()


def _ids_in(column: str, ids: Sequence[int]) -> str:
    """``column IN (1,2,3)`` for ids read from the database (integers, never typed text)."""
    return f"{column} IN ({','.join(str(int(i)) for i in ids)})"


def _recent_held(conn: dbapi.Connection, clients: Sequence[int], now: datetime) -> list[int]:
    """Each client's last few held sessions before ``now``, and their last few in person (the
    usual medium and place), by the client-and-start index."""
    found: list[int] = []
    for client_id in clients:
        for medium in ("", Medium.IN_PERSON.value):
            found += [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM coaching_sessions WHERE client_id = ? AND start < ?"
                    " AND status = ? AND (? = '' OR medium = ?) ORDER BY start DESC LIMIT ?",
                    (
                        client_id,
                        utc_text(now),
                        SessionStatus.HELD.value,
                        medium,
                        medium,
                        USUAL_OF_LAST,
                    ),
                )
            ]
    return sorted(set(found))


def _input(
    session: SessionRow,
    held: Mapping[int, Sequence[SessionRow]],
    matters: Mapping[int, Sequence[MatterRow]],
    names: Mapping[int, tuple[str, str]],
    now: datetime,
    coach_zone: tzinfo,
) -> PrepInput:
    return PrepInput(
        session=session,
        history=tuple(held.get(session.client_id, ())),
        matters=tuple(matters.get(session.client_id, ())),
        breaches=(),
        promises=(),
        client_name=names.get(session.client_id, ("", session.client_name))[1],
        now=now,
        coach_zone=coach_zone,
    )


def longest_notice(db: Database) -> timedelta:
    """How far before a session the earliest deadline can fall, by the notices the active
    items ask for (a working day can stand two weekend days further back)."""
    with db.read() as conn:
        words = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT notice FROM matters WHERE notice != '' AND active"
            )
        ]
    longest = DEFAULT_SPAN
    for text in words:
        try:
            notice = parse_notice(text)
        except NoticeError:
            continue
        if notice is None:
            continue
        span = notice.nominal
        if notice.unit is NoticeUnit.WORKING_DAYS:
            span = timedelta(days=notice.count // 5 * 7 + notice.count % 5 + 3)
        longest = max(longest, span + timedelta(hours=1))  # an hour a clock change adds
    return longest


def coming_notices(
    db: Database,
    now: datetime | None = None,
    *,
    until: datetime | None = None,
    due_by: datetime | None = None,
    horizon: timedelta = HORIZON,
) -> list[NoticeDue]:
    """The open checklist entries of every planned session starting after ``now`` and
    before ``until`` (default: ``now + horizon``, or with ``due_by``, as far as a deadline
    by then can reach), soonest deadline first; with ``due_by``, only those due by then."""
    now = now or datetime.now(UTC)
    if until is None:
        until = now + horizon if due_by is None else due_by + longest_notice(db)
    coach_zone = local_zone()
    params = {
        "planned": SessionStatus.PLANNED.value,
        "now": utc_text(now),
        "until": utc_text(until),
    }
    with db.read() as conn:
        conn.execute("BEGIN")
        try:
            coming = reads.session_rows(
                conn,
                "s.status = :planned AND s.start > :now AND s.start < :until",
                params,
            )
            clients = sorted({s.client_id for s in coming})
            held: dict[int, list[SessionRow]] = defaultdict(list)
            for row in reads.session_rows(conn, _ids_in("s.id", _recent_held(conn, clients, now))):
                held[row.client_id].append(row)
            # Whether a session has an entry does not hang on the items (only its wording and
            # deadline do): the items are read for the clients with something to do.
            drafts = [(s, checklist(_input(s, held, {}, {}, now, coach_zone))) for s in coming]
            busy = sorted({s.client_id for s, entries in drafts if entries})
            names: dict[int, tuple[str, str]] = {}
            matters: dict[int, list[MatterRow]] = defaultdict(list)
            for chunk in reads.chunks(busy):
                for client_id, name, preferred in conn.execute(
                    f"SELECT id, name, preferred_name FROM clients WHERE {_ids_in('id', chunk)}"
                ):
                    names[client_id] = (name, preferred or name)
                where = f"m.active AND {_ids_in('m.client_id', chunk)}"
                for matter in reads.matter_rows(conn, where, counts=False):
                    matters[matter.client_id].append(matter)
        finally:
            conn.execute("COMMIT")
    found: list[NoticeDue] = []
    for session, draft in drafts:
        if not draft:
            continue
        data = _input(session, held, matters, names, now, coach_zone)
        full_name = names.get(session.client_id, (session.client_name,))[0]
        called = data.client_name
        for entry in checklist(data):
            if entry.deadline is None or (due_by is not None and entry.deadline > due_by):
                continue
            found.append(
                NoticeDue(session.id, session.client_id, called, full_name, session.start, entry)
            )
    found.sort(key=lambda due: (due.deadline, due.start, due.session_id))
    return found
