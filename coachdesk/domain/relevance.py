"""Which circumstances a session has, and which of a client's matters they make relevant.

A circumstance is a ``Trigger`` that fires for a session, with the reason in
plain words.  Every trigger a coach can tick is fired by some fact of the
session or its context; nothing is offered that nothing fires.

``guests``
    a guest joins (the reason names them, and says who brought them when it
    was not the coach).
``confidentiality``
    any third party joins, or the agenda speaks of sponsors, managers, HR,
    reports, the board or colleagues (``AGENDA_CUES``).
``schedule_change``
    the session was cancelled, or moved ("moved again" from its second move on,
    "moved twice this month" when two moves were made in the last 30 days); or
    the client's previous session, within the two weeks before this one, was
    cancelled or moved.
``recording``
    the session is recorded.
``first_session``
    no earlier session was held.
``place_change``
    another medium than the client's usual one (the most common of the last
    five held sessions); or, in person, another place than the usual one.
``feedback``
    the agenda plans feedback, a 360, a review, an appraisal or an assessment.
``fees``
    the agenda speaks of fees, invoices, renewals, contracts, budgets or prices.
``timekeeping``
    the session is longer or shorter than the client's usual length (the most
    common of the last five held), or another session of the coach ends at most
    ``BACK_TO_BACK`` before it starts or starts at most that long after it ends.
``follow_up``
    a coach's promise is due by the session's day or overdue, or the coach
    promised something in the previous held session that is still open.

Agenda cues are matched as *words* (``words.keyword_hits``): word boundaries,
case and accents ignored, stemmed in each of the languages the cues are
written in, so "fee" never fires on "Feedback" and "Review" fires on "reviews".

A matter is relevant when one of its ticked triggers fires, when it names a guest
who is joining (``guest_mentions``), when its words fit a fired circumstance
(``wording.read_statement``; only for a matter with no trigger ticked: once the
coach ticked, the ticks are the truth), or one of its keywords is a word of the
agenda (in the matter's language, guessed from its words when not set).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from coachdesk.domain.dates import ends_at, local_or_utc
from coachdesk.domain.practice import MatterRow, PromiseRow, SessionRow, split_keywords
from coachdesk.domain.vocab import (
    GuestSource,
    Medium,
    PromiseOwner,
    PromiseStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.domain.wording import read_statement
from coachdesk.domain.words import guess_language, keyword_hits, tokens

USUAL_OF_LAST = 5
BACK_TO_BACK = timedelta(minutes=15)
NEARBY_CHANGE = timedelta(days=14)
MOVES_WINDOW = timedelta(days=30)

AGENDA_CUES: dict[Trigger, dict[str, tuple[str, ...]]] = {
    Trigger.FEEDBACK: {
        "en": ("feedback", "360", "review", "appraisal", "assessment", "evaluation", "critique"),
        "de": ("Feedback", "Rückmeldung", "Beurteilung", "Bewertung", "Mitarbeitergespräch"),
        "fr": ("retour", "évaluation", "bilan", "entretien annuel", "feedback"),
        "es": ("evaluación", "retroalimentación", "valoración", "feedback"),
    },
    Trigger.FEES: {
        "en": ("fee", "invoice", "renewal", "renew", "contract", "price", "budget", "payment"),
        "de": ("Honorar", "Rechnung", "Vertrag", "Verlängerung", "Preis", "Kosten", "Budget"),
        "fr": ("honoraires", "facture", "contrat", "renouvellement", "tarif", "prix", "budget"),
        "es": ("honorarios", "factura", "contrato", "renovación", "precio", "tarifa"),
    },
    Trigger.CONFIDENTIALITY: {
        "en": (
            "sponsor",
            "manager",
            "boss",
            "HR",
            "human resources",
            "report",
            "board",
            "colleague",
            "confidential",
        ),
        "de": ("Vorgesetzte", "Chef", "Chefin", "Personalabteilung", "Bericht", "vertraulich"),
        "fr": ("supérieur", "patron", "manager", "RH", "rapport", "confidentiel", "conseil"),
        "es": ("jefe", "jefa", "recursos humanos", "informe", "confidencial", "patrocinador"),
    },
}


@dataclass(frozen=True)
class Nearby:
    """Another session of the coach's (any client) near this one: only its time."""

    start: datetime
    duration_minutes: int

    @property
    def end(self) -> datetime:
        return ends_at(self.start, self.duration_minutes)


def usual_medium(earlier: Sequence[SessionRow]) -> Medium | None:
    """The most common medium of the last few held sessions (None without history)."""
    held = [s for s in earlier if s.status is SessionStatus.HELD]
    held.sort(key=lambda s: s.start)
    recent = [s.medium for s in held[-USUAL_OF_LAST:]]
    if not recent:
        return None
    return Counter(recent).most_common(1)[0][0]


def medium_change_reason(session: SessionRow, earlier: Sequence[SessionRow]) -> str | None:
    """ "phone instead of the usual video" when the session's medium is not the usual one of
    the ``earlier`` sessions (the client's sessions before it)."""
    usual = usual_medium(earlier)
    if usual is None or session.medium is usual:
        return None
    return f"{session.medium.label.lower()} instead of the usual {usual.label.lower()}"


def usual_duration(earlier: Sequence[SessionRow]) -> int | None:
    """The most common length of the last few held sessions (the latest on ties)."""
    held = sorted((s for s in earlier if s.status is SessionStatus.HELD), key=lambda s: s.start)
    recent = [s.duration_minutes for s in held[-USUAL_OF_LAST:]]
    if not recent:
        return None
    counts = Counter(recent)
    best = max(counts.values())
    return next(minutes for minutes in reversed(recent) if counts[minutes] == best)


def agenda_cues(agenda: str, trigger: Trigger) -> tuple[str, ...]:
    """The cue words of ``trigger`` that are words of ``agenda``, in any cue language."""
    if not agenda.strip():
        return ()
    found: list[str] = []
    for language, cues in AGENDA_CUES[trigger].items():
        for cue in keyword_hits(cues, agenda, language):
            if cue.casefold() not in (f.casefold() for f in found):
                found.append(cue)
    return tuple(found)


def _say_day(day: date) -> str:
    return f"{day.day} {day:%B}"


def _quoted_words(words: Sequence[str]) -> str:
    return ", ".join(f"“{word}”" for word in words)


def _guests_reason(session: SessionRow) -> str:
    names = []
    for guest in session.guests:
        label = f"{guest.name} ({guest.role})" if guest.role else guest.name
        if guest.brought_by is GuestSource.CLIENT:
            label += ", brought by the client"
        elif guest.brought_by is GuestSource.SPONSOR:
            label += ", brought by a sponsor"
        names.append(label)
    return "a guest is joining: " + "; ".join(names)


def _schedule_reason(
    session: SessionRow, earlier: Sequence[SessionRow], now: datetime | None
) -> str | None:
    if session.status is SessionStatus.CANCELLED:
        return "the session was cancelled"
    moves = session.moves
    if len(moves) >= 2:
        if now is not None and sum(1 for m in moves if now - m.moved_at <= MOVES_WINDOW) >= 2:
            return f"the session was moved again ({len(moves)} times, twice this month)"
        return f"the session was moved again ({len(moves)} times)"
    if moves or session.rescheduled:
        return "the session was moved"
    previous = max(earlier, key=lambda s: (s.start, s.id), default=None)
    if previous is None or session.start - previous.start > NEARBY_CHANGE:
        return None
    day = _say_day(local_or_utc(previous.start).date())
    if previous.status is SessionStatus.CANCELLED:
        return f"the last session, on {day}, was cancelled"
    if previous.moves or previous.rescheduled:
        return f"the last session, on {day}, was moved"
    return None


def _timekeeping_reason(
    session: SessionRow, earlier: Sequence[SessionRow], nearby: Sequence[Nearby]
) -> str | None:
    usual = usual_duration(earlier)
    if usual is not None and session.duration_minutes != usual:
        return f"{session.duration_minutes} minutes instead of the usual {usual}"
    end = ends_at(session.start, session.duration_minutes)
    for other in nearby:
        if timedelta(0) <= session.start - other.end <= BACK_TO_BACK:
            return "back to back: another session ends just before"
        if timedelta(0) <= other.start - end <= BACK_TO_BACK:
            return "back to back: another session starts just after"
    return None


def _follow_up_reason(
    session: SessionRow, earlier: Sequence[SessionRow], promises: Sequence[PromiseRow]
) -> str | None:
    day = local_or_utc(session.start).date()
    mine = [p for p in promises if p.status is PromiseStatus.OPEN and p.owner is PromiseOwner.COACH]
    due = [p for p in mine if p.due_on is not None and p.due_on <= day]
    if due:
        count = len(due)
        return "a promise of yours is due" if count == 1 else f"{count} promises of yours are due"
    held = [s for s in earlier if s.status is SessionStatus.HELD]
    if held:
        last = max(held, key=lambda s: (s.start, s.id))
        if any(p.session_id == last.id for p in mine):
            return "you promised something last time"
    return None


def circumstances(
    session: SessionRow,
    history: Sequence[SessionRow],
    *,
    promises: Sequence[PromiseRow] = (),
    nearby: Sequence[Nearby] = (),
    now: datetime | None = None,
) -> dict[Trigger, str]:
    """The triggers this session fires, each with its reason.

    ``history``: the client's other sessions (any order); ``promises``: the client's
    promises; ``nearby``: the coach's other sessions around this one; ``now``: aware."""
    earlier = [s for s in history if s.id != session.id and s.start < session.start]
    fired: dict[Trigger, str] = {}
    if session.guests:
        fired[Trigger.GUESTS] = _guests_reason(session)
    schedule = _schedule_reason(session, earlier, now)
    if schedule is not None:
        fired[Trigger.SCHEDULE_CHANGE] = schedule
    if session.recorded:
        fired[Trigger.RECORDING] = "the session is recorded"
    if not any(s.status is SessionStatus.HELD for s in earlier):
        fired[Trigger.FIRST_SESSION] = "it is the first session"
    medium_change = medium_change_reason(session, earlier)
    if medium_change is not None:
        fired[Trigger.PLACE_CHANGE] = medium_change
    feedback = agenda_cues(session.agenda, Trigger.FEEDBACK)
    if feedback:
        fired[Trigger.FEEDBACK] = f"the agenda plans feedback ({_quoted_words(feedback)})"
    if session.guests:
        fired[Trigger.CONFIDENTIALITY] = "someone other than the client will hear what is said"
    else:
        third = agenda_cues(session.agenda, Trigger.CONFIDENTIALITY)
        if third:
            fired[Trigger.CONFIDENTIALITY] = (
                f"the agenda speaks of third parties ({_quoted_words(third)})"
            )
    timekeeping = _timekeeping_reason(session, earlier, nearby)
    if timekeeping is not None:
        fired[Trigger.TIMEKEEPING] = timekeeping
    follow_up = _follow_up_reason(session, earlier, promises)
    if follow_up is not None:
        fired[Trigger.FOLLOW_UP] = follow_up
    fees = agenda_cues(session.agenda, Trigger.FEES)
    if fees:
        fired[Trigger.FEES] = f"the agenda speaks of money ({_quoted_words(fees)})"
    return fired


def matter_language(matter: MatterRow) -> str:
    """The language of a matter's words: as set, else guessed from them."""
    return matter.language or _guessed(matter.statement, matter.why)


@lru_cache(maxsize=8192)
def _guessed(statement: str, why: str) -> str:
    return guess_language(f"{statement} {why}")


@lru_cache(maxsize=8192)
def _keywords(text: str) -> tuple[str, ...]:
    return tuple(split_keywords(text))


def words_speak_of(matter: MatterRow) -> frozenset[Trigger]:
    """The circumstances a matter's words speak of; empty when the coach ticked any
    trigger (the ticks are then the truth)."""
    if matter.triggers:
        return frozenset()
    return _read(matter.statement, matter_language(matter))


@lru_cache(maxsize=8192)
def _read(statement: str, language: str) -> frozenset[Trigger]:
    return frozenset(reading.trigger for reading in read_statement(statement, language))


def word_fits(matter: MatterRow, fired: dict[Trigger, str]) -> dict[Trigger, str]:
    """For a matter with no trigger ticked: the fired triggers its words speak of, each with
    the reason ("a guest is joining — their words speak of someone else joining")."""
    spoken = words_speak_of(matter)
    return {
        trigger: f"{reason}: their words speak of it"
        for trigger, reason in fired.items()
        if trigger in spoken
    }


def keyword_reasons(matter: MatterRow, agenda: str) -> list[str]:
    """ "the agenda mentions “…”" for each of the matter's keywords that is a word of it."""
    words = _keywords(matter.keywords)
    if not words or not agenda.strip():
        return []
    hits = keyword_hits(words, agenda, matter_language(matter))
    return [f"the agenda mentions “{word}”" for word in hits]


def guest_mentions(matter: MatterRow, session: SessionRow) -> list[str]:
    """ "their words name …" for each guest of the session named in the matter's words (the
    whole name, or a family name of three letters or more)."""
    spoken = set(tokens(f"{matter.statement} {matter.why} {matter.keywords}"))
    named = []
    for guest in session.guests:
        parts = tokens(guest.name)
        if parts and (
            set(parts) <= spoken or (len(parts) > 1 and len(parts[-1]) >= 3 and parts[-1] in spoken)
        ):
            named.append(f"their words name {guest.name}, who is joining")
    return named


def relevant_matters(
    session: SessionRow,
    matters: Sequence[MatterRow],
    history: Sequence[SessionRow],
    *,
    promises: Sequence[PromiseRow] = (),
    now: datetime | None = None,
) -> list[tuple[MatterRow, list[str]]]:
    """Active matters this session touches, with the reasons: most important first; on equal
    importance one relevant by its words alone after the others, then more reasons first."""
    fired = circumstances(session, history, promises=promises, now=now)
    found: list[tuple[bool, MatterRow, list[str]]] = []
    for matter in matters:
        if not matter.active:
            continue
        ticked = [fired[trigger] for trigger in sorted(matter.triggers) if trigger in fired]
        by_words = list(word_fits(matter, fired).values())
        agenda = keyword_reasons(matter, session.agenda) + guest_mentions(matter, session)
        reasons = ticked + by_words + agenda
        if reasons:
            found.append((not (ticked or agenda), matter, reasons))
    found.sort(key=lambda entry: (-entry[1].importance, entry[0], -len(entry[2]), entry[1].id))
    return [(matter, reasons) for _words_only, matter, reasons in found]
