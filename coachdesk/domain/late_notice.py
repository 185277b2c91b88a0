"""Notice given too late: for a session just held, and over a practice's held sessions.

Two courtesies of the prep's checklist (``domain.prep``) have a deadline a client can hold
the coach to:
    * a guest the coach (or a sponsor) brought must be announced to the client, given
      when the client was told (``GuestRow.client_informed_at``); a guest the client
      brought needs no word to them and is not counted;
    * a moved session (``SessionRow.rescheduled``: its start is not its first one) must
      have its new time confirmed with the client, given when they confirmed it
      (``SessionRow.reschedule_confirmed_at``, which a later move clears).
Each deadline is the checklist's (``prep.notice_for``): the notice the client asked for on
the items behind it (``prep._wishes`` of the ``guests`` or ``schedule_change`` trigger; the
one due earliest when several say one), else the default (a guest 24 hours, a move
48 hours), counted back from the session's start as it finally was, in the client's days
(their zone, else the coach's).  So a guest announced in time for the first start, then
the session moved earlier, was announced late for the session as it was held.

A notice is on time when it was given by its deadline (``notice.on_time``); late when it
was given after it, or never.

``notices_due``: every notice one session called for, on time or not.  ``late_notices``:
the late ones of one session (any status; meant for one just held), each with the item
that asked for it (the first wish, as the checklist quotes it; None when no item did)
and a sentence in plain words to log it as a breach.  ``notice_record``: over the held
sessions of a period, how many notices were due and how many were given on time (the
practice page's "Notices given on time").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.notice import (
    CONFIRM_TIME,
    TELL_GUEST,
    Notice,
    NoticeUnit,
    on_time,
    zone_named,
)
from coachdesk.domain.practice import MatterRow, SessionRow
from coachdesk.domain.prep import PrepInput, notice_for
from coachdesk.domain.prep import _wishes as wishes_for
from coachdesk.domain.reliability import Period
from coachdesk.domain.vocab import GuestSource, SessionStatus, Trigger

TRIGGER_OF: dict[str, Trigger] = {
    TELL_GUEST: Trigger.GUESTS,
    CONFIRM_TIME: Trigger.SCHEDULE_CHANGE,
}
"""The trigger whose items ask for each kind of notice."""
NEW_ITEM: dict[str, str] = {
    TELL_GUEST: "Let me know ahead of time if someone else will join",
    CONFIRM_TIME: "Check with me ahead of time when a session moves",
}
"""The words of the item a late notice is logged against when no item asked for it."""


@dataclass(frozen=True)
class NoticeDue:
    """One notice a session called for.  ``ref_id``: the guest id for ``tell_guest``, the
    session id for ``confirm_time``; ``subject``: the guest's name ("" for a move);
    ``matter_id`` and ``statement``: the first item that asks for it (None and "" when
    none does); ``notice_words``: the client's words for the notice ("": the default)."""

    kind: str
    ref_id: int
    session_id: int
    client_id: int
    client_name: str
    session_start: datetime
    subject: str
    notice: Notice
    notice_words: str
    deadline: datetime
    given_at: datetime | None
    matter_id: int | None = None
    statement: str = ""

    @property
    def id(self) -> str:
        """Unique among a record's notices (a guest's and a session's ids may be equal)."""
        return f"{self.kind}:{self.ref_id}"

    @property
    def on_time(self) -> bool:
        return on_time(self.given_at, self.deadline)

    @property
    def never_given(self) -> bool:
        return self.given_at is None


@dataclass(frozen=True)
class LateNotice:
    """A notice given after its deadline, or never.  ``matter_id``: the item that asked
    for it (the first wish; None when no item did), ``statement`` its words ("" then);
    ``breach_text``: what happened, in plain words, to log it as a breach of that item."""

    kind: str
    ref_id: int
    matter_id: int | None
    statement: str
    never_given: bool
    deadline: datetime
    given_at: datetime | None
    breach_text: str

    @property
    def trigger(self) -> Trigger:
        return TRIGGER_OF[self.kind]

    @property
    def item_words(self) -> str:
        """The item to log it against: the one that asked for it, else ``NEW_ITEM``'s."""
        return self.statement or NEW_ITEM[self.kind]


@dataclass(frozen=True)
class NoticeInput:
    """What ``notice_record`` counts.  ``sessions``: at least the period's held sessions
    with a guest or a move (their guests loaded); ``matters``: by client id, the items of
    the clients who have an item with a notice of its own (the others get the defaults,
    which no item changes); ``coach_zone``: the coach's zone with its rules."""

    sessions: tuple[SessionRow, ...]
    matters: Mapping[int, tuple[MatterRow, ...]] = field(default_factory=dict)
    coach_zone: tzinfo | None = None


@dataclass(frozen=True)
class NoticeRecord:
    """The notices due over held sessions, oldest session first."""

    due: tuple[NoticeDue, ...] = ()

    @property
    def on_time(self) -> tuple[NoticeDue, ...]:
        return tuple(n for n in self.due if n.on_time)

    @property
    def late(self) -> tuple[NoticeDue, ...]:
        """Given after the deadline, or never."""
        return tuple(n for n in self.due if not n.on_time)

    @property
    def share(self) -> float | None:
        """The share given on time; None when no notice was due."""
        return len(self.on_time) / len(self.due) if self.due else None


# --- due notices ------------------------------------------------------------------------------


def _zone(name: str) -> tzinfo | None:
    try:
        return zone_named(name)
    except ValueError:
        return None  # a name this computer does not know: the coach's days


def notices_due(
    session: SessionRow,
    matters: Sequence[MatterRow],
    coach_zone: tzinfo,
    client_zone: tzinfo | None = None,
) -> tuple[NoticeDue, ...]:
    """Every notice ``session`` called for (guests first, in the session's order, then the
    move), whether given on time or not.  ``client_zone``: the client's zone (default: the
    one the session names, if this computer knows it)."""
    zone = client_zone or _zone(session.client_time_zone) or coach_zone
    found: list[NoticeDue] = []

    deadlines: dict[str, tuple[Notice, str, datetime, MatterRow | None]] = {}

    def due(kind: str, ref_id: int, subject: str, given_at: datetime | None) -> NoticeDue:
        if kind not in deadlines:
            wishes = wishes_for(matters, TRIGGER_OF[kind])
            first = wishes[0] if wishes else None
            deadlines[kind] = (*notice_for(kind, wishes, session.start, zone), first)
        notice, words, deadline, first = deadlines[kind]
        return NoticeDue(
            kind=kind,
            ref_id=ref_id,
            session_id=session.id,
            client_id=session.client_id,
            client_name=session.client_name,
            session_start=session.start,
            subject=subject,
            notice=notice,
            notice_words=words,
            deadline=deadline,
            given_at=given_at,
            matter_id=first.id if first is not None else None,
            statement=first.statement if first is not None else "",
        )

    for guest in session.guests:
        if guest.brought_by is not GuestSource.CLIENT:
            found.append(due(TELL_GUEST, guest.id, guest.name, guest.client_informed_at))
    if session.rescheduled:
        found.append(due(CONFIRM_TIME, session.id, "", session.reschedule_confirmed_at))
    return tuple(found)


# --- the late ones of one session -------------------------------------------------------------


def _at(moment: datetime, zone: tzinfo, between: str = " at ") -> str:
    """ "Mon 30 Nov at 09:15" in ``zone`` (``between``: what comes before the time)."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}{between}{local:%H:%M}"


def notice_amount(notice: Notice) -> str:
    """ "the 24 hours' notice", "the day's notice", "the 2 working days' notice"."""
    if notice.count == 1:
        singular = {
            NoticeUnit.HOURS: "hour",
            NoticeUnit.DAYS: "day",
            NoticeUnit.WORKING_DAYS: "working day",
            NoticeUnit.WEEKS: "week",
        }[notice.unit]
        return f"the {singular}'s notice"
    return f"the {notice.text}' notice"


def breach_text(due: NoticeDue, client: str, zone: tzinfo) -> str:
    """What happened, in plain words: "Told Dan that Maria Lopez would join on Mon 30 Nov at
    09:15, after the 24 hours' notice they asked for (due Sun 29 Nov, 10:00)"; "Maria Lopez
    joined without Dan being told ahead of time"."""
    if due.given_at is None:
        if due.kind == TELL_GUEST:
            return f"{due.subject} joined without {client} being told ahead of time"
        return f"The session was moved and its new time was not confirmed with {client}"
    if due.notice_words:
        late = f"after {notice_amount(due.notice)} they asked for"
    else:
        late = f"less than {due.notice.text} ahead of the session"
    due_at = _at(due.deadline, zone, ", ")
    when = f"{_at(due.given_at, zone)}, {late} (due {due_at})"
    if due.kind == TELL_GUEST:
        return f"Told {client} that {due.subject} would join on {when}"
    return f"Confirmed the new time with {client} on {when}"


def late_notices(data: PrepInput) -> tuple[LateNotice, ...]:
    """The notices ``data.session`` called for that were given late or never, guests first
    (any status of the session; meant for one just held).  The sentences name the client as
    ``data.client_name`` and read times in the coach's zone."""
    coach_zone, client_zone = data.zones
    return tuple(
        LateNotice(
            kind=due.kind,
            ref_id=due.ref_id,
            matter_id=due.matter_id,
            statement=due.statement,
            never_given=due.never_given,
            deadline=due.deadline,
            given_at=due.given_at,
            breach_text=breach_text(due, data.client_name, coach_zone),
        )
        for due in notices_due(data.session, data.matters, coach_zone, client_zone)
        if not due.on_time
    )


# --- over a practice --------------------------------------------------------------------------


def notice_record(data: NoticeInput, period: Period | None = None) -> NoticeRecord:
    """The notices due over ``data``'s held sessions (those whose start falls, in the
    coach's local time, in ``period`` when one is given): each guest brought by the coach
    or a sponsor, and each moved session's new time, with its deadline as ``notices_due``
    counts it, from the items the client has now (a retired item asks for nothing)."""
    coach_zone = data.coach_zone or datetime.now().astimezone().tzinfo
    assert coach_zone is not None
    zones: dict[str, tzinfo | None] = {}
    # Per client, only the items that ask for either notice: the wishes of each trigger
    # among them are exactly its wishes among all the client's items, found once.
    asking: dict[int, tuple[MatterRow, ...]] = {}
    found: list[NoticeDue] = []
    held: Iterable[SessionRow] = (s for s in data.sessions if s.status is SessionStatus.HELD)
    for session in sorted(held, key=lambda s: (s.start, s.id)):
        if period is not None and local_or_utc(session.start).date() not in period:
            continue
        name = session.client_time_zone
        if name not in zones:
            zones[name] = _zone(name)
        client = session.client_id
        if client not in asking:
            items = data.matters.get(client, ())
            wishes = [
                *wishes_for(items, Trigger.GUESTS),
                *wishes_for(items, Trigger.SCHEDULE_CHANGE),
            ]
            asking[client] = tuple(dict.fromkeys(wishes))
        found += notices_due(session, asking[client], coach_zone, zones[name])
    return NoticeRecord(tuple(found))
