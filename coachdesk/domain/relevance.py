"""Which circumstances a session has, and which of a client's matters they make relevant.

A circumstance is a ``Trigger`` that fires for a session, with the reason in
plain words: a guest is joining, the session was moved or cancelled, it is
recorded, it is the first session, or it happens in another medium than the
client's usual one.  A matter is relevant when one of its triggers fires or
one of its keywords appears in the agenda.  The prep engine builds its
ranking on top of this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from coachdesk.domain.practice import MatterRow, SessionRow, split_keywords
from coachdesk.domain.vocab import Medium, SessionStatus, Trigger

USUAL_OF_LAST = 5


def usual_medium(earlier: Sequence[SessionRow]) -> Medium | None:
    """The most common medium of the last few held sessions (None without history)."""
    held = [s for s in earlier if s.status is SessionStatus.HELD]
    held.sort(key=lambda s: s.start)
    recent = [s.medium for s in held[-USUAL_OF_LAST:]]
    if not recent:
        return None
    return Counter(recent).most_common(1)[0][0]


def circumstances(session: SessionRow, history: Sequence[SessionRow]) -> dict[Trigger, str]:
    """The triggers this session fires, each with its reason; ``history`` is the client's
    other sessions (any order)."""
    earlier = [s for s in history if s.id != session.id and s.start < session.start]
    fired: dict[Trigger, str] = {}
    if session.guests:
        names = ", ".join(
            f"{guest.name} ({guest.role})" if guest.role else guest.name for guest in session.guests
        )
        fired[Trigger.GUESTS] = f"a guest is joining: {names}"
    if session.status is SessionStatus.CANCELLED:
        fired[Trigger.SCHEDULE_CHANGE] = "the session was cancelled"
    elif session.rescheduled:
        fired[Trigger.SCHEDULE_CHANGE] = "the session was moved"
    if session.recorded:
        fired[Trigger.RECORDING] = "the session is recorded"
    if not any(s.status is SessionStatus.HELD for s in earlier):
        fired[Trigger.FIRST_SESSION] = "it is the first session"
    usual = usual_medium(earlier)
    if usual is not None and session.medium is not usual:
        fired[Trigger.PLACE_CHANGE] = (
            f"{session.medium.label.lower()} instead of the usual {usual.label.lower()}"
        )
    return fired


def relevant_matters(
    session: SessionRow, matters: Sequence[MatterRow], history: Sequence[SessionRow]
) -> list[tuple[MatterRow, list[str]]]:
    """Active matters this session touches, with the reasons, most important first."""
    fired = circumstances(session, history)
    agenda = session.agenda.casefold()
    found: list[tuple[MatterRow, list[str]]] = []
    for matter in matters:
        if not matter.active:
            continue
        reasons = [fired[trigger] for trigger in sorted(matter.triggers) if trigger in fired]
        reasons += [
            f"the agenda mentions “{word}”"
            for word in split_keywords(matter.keywords)
            if word.casefold() in agenda
        ]
        if reasons:
            found.append((matter, reasons))
    found.sort(key=lambda pair: (-pair[0].importance, -len(pair[1]), pair[0].id))
    return found
