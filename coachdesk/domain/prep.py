"""The prep engine: what matters for one session, ranked and explained.

Pure and deterministic: ``build_prep`` takes plain data about one session and the
client's history (a ``PrepInput``) and returns a ``Prep``.  Every entry carries the
reasons it is shown, in short human words.

Circumstances
    The triggers the session fires, from ``relevance.circumstances`` (every trigger
    has its facts; see that module), plus an in-person meeting at another place than
    the usual one (``place_change``) and a long gap since the last held session (more
    than six weeks; a circumstance with no trigger, e.g. "first session in 9 weeks").

Checklist (only for a planned session), built-in courtesy rules that fire even
when no matter is recorded:
    * each guest not yet announced, unless the client brought them: "Tell <client>
      ahead of time that <guest> will join";
    * moved and the new time not confirmed: "Confirm the new time with <client>";
    * medium or place different from the usual: "Confirm with <client> how and where
      you will meet";
    * recorded and the client's consent not recorded: "Ask <client> before recording";
    * the client has a time zone of their own and the two places change their clocks on
      different dates before the session (``notice.clock_change``), not yet confirmed:
      "<client>'s clocks change on 29 March: confirm the time" (or "Your clocks change on
      …: confirm the time with <client>").
    Each entry has a deadline (``notice.deadline``): the notice the client asked for on
    the wishes behind it (the one that falls earliest when several say one), else the
    entry's default (``notice.DEFAULT_NOTICE``), counted back from the session's start
    in the client's days (their zone, else the coach's); and a state at ``now``
    (pending, near, overdue).
    The wishes behind an entry are the active matters with the matching trigger
    ticked (``guests``, ``schedule_change``, ``place_change``, ``recording``), then the
    matters with no trigger ticked whose words speak of it; each group by importance
    (highest first), then lowest id.  The entry quotes the first wish in the client's
    own words (``ChecklistItem.wish_ids`` keeps them all, in order, so paper can quote
    the first printable one), is marked a stated wish and gets a higher priority: 1
    for a plain courtesy, 1 + the wish's importance (2 to 4) for a stated wish.
    Entries are ordered by priority (highest first), then in the order above (guests
    in the session's order).

Ranking of the client's matters.  Retired matters never appear.  Every active
matter appears (the ones with no reason too, the panel folds the lower ones).
They are compared rule by rule; a later rule only decides when all earlier ones
are equal:
    1. trigger fired: a matter with one of its ticked triggers fired by this session
       first;
    2. words fit: for a matter with no trigger ticked, one whose words speak of a
       fired circumstance first (below any ticked trigger, above everything else);
    3. keyword in the agenda: more of its keywords that are words of the agenda, and
       of the guests it names (by whole name or family name), first (stemmed, in the
       matter's language);
    4. breach on it: more open breaches (repair open or acknowledged) first; then a
       repaired breach, which weighs less than an open one but more than none and
       fades with age: full weight on the day it was repaired, nothing after
       180 days (the most recent repaired breach counts);
    5. importance: 3 before 2 before 1;
    6. breadth: more fired circumstances (ticked or by its words) first — so a matter
       ticked for both guests and confidentiality does not outrank an essential one
       ticked for guests alone, since a guest fires both;
    7. timeliness: captured recently (30 days or less) or not confirmed with the
       client for long (more than 180 days, or never) before the others;
    8. ties break by matter id, lowest first.
The sort key is ``RankedItem.score`` (higher is better, compared as a tuple) and
then the id, so the rules are exact and testable.  Rank 1 is first.

Repairs: open breaches (not repaired), oldest first.  Promises due: open promises
with a due date on or before the session's local date, the coach's first, then
the client's, each by due date.  Last time: the previous held session.  Discovery
prompts: when the client has fewer than three active matters (three prompts
with none, two with one or two).  Trust trend (``feedback.trust_trend``): the
client's feedback on sessions before this one (last scores, direction, the gap
to the coach's predictions); None until there is some.  It is *raised* (shown
right after the checklist, as a warning) when the scores are falling or the
coach expected clearly better than the client reported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.feedback import FeedbackRow, TrustTrend, trust_trend
from coachdesk.domain.notice import (
    ASK_RECORDING,
    CONFIRM_CLOCKS,
    CONFIRM_PLACE,
    CONFIRM_TIME,
    DEFAULT_NOTICE,
    TELL_GUEST,
    Notice,
    NoticeError,
    NoticeState,
    clock_change,
    deadline,
    parse_notice,
    say_moment,
    state_at,
    zone_named,
)
from coachdesk.domain.practice import (
    BreachRow,
    GuestRow,
    MatterRow,
    PromiseRow,
    SessionRow,
    confirm_time,
    tell_guest,
)
from coachdesk.domain.relevance import (
    USUAL_OF_LAST,
    Nearby,
    circumstances,
    guest_mentions,
    keyword_reasons,
    medium_change_reason,
    word_fits,
    words_speak_of,
)
from coachdesk.domain.vocab import (
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)

LONG_GAP = timedelta(weeks=6)
RECENT_CAPTURE_DAYS = 30
STALE_CONFIRMATION_DAYS = 180
REPAIRED_FADE_DAYS = 180
FEW_MATTERS = 3

DISCOVERY_PROMPTS: tuple[str, ...] = (
    "What is no big deal to most people, but matters to you?",
    "What would make you trust a coach less, even a little?",
    "Is there anything about how we work that you would change?",
)

# --- input and output -------------------------------------------------------------------------


@dataclass(frozen=True)
class PrepInput:
    """Plain data about one session and the client's history.  ``now`` is aware."""

    session: SessionRow
    history: tuple[SessionRow, ...]  # the client's other sessions, any order
    matters: tuple[MatterRow, ...]
    breaches: tuple[BreachRow, ...]
    promises: tuple[PromiseRow, ...]
    client_name: str  # the name to use in sentences (preferred name or name)
    now: datetime
    feedback: tuple[FeedbackRow, ...] = ()  # the client's pulse checks, any order
    nearby: tuple[Nearby, ...] = ()  # the coach's other sessions around this one
    print_private_notes: bool = False  # the coach chose to print last time's notes
    coach_zone: tzinfo | None = None
    """The coach's zone with its rules (``local_zone``); None: today's local offset."""

    @property
    def zones(self) -> tuple[tzinfo, tzinfo | None]:
        """(the coach's zone, the client's own zone or None when they have none)."""
        coach = self.coach_zone or self.now.astimezone().tzinfo
        assert coach is not None
        try:
            client = zone_named(self.session.client_time_zone)
        except ValueError:
            client = None
        return coach, client


@dataclass(frozen=True)
class Circumstance:
    """Something about this session; ``trigger`` is None when no Trigger fits (a long gap)."""

    trigger: Trigger | None
    reason: str


@dataclass(frozen=True)
class ChecklistItem:
    """Something to do before the session.  ``ref_id``: the guest id for ``tell_guest``,
    the session id otherwise.  ``priority``: higher comes first.  ``wish_ids``: the
    matters behind a stated wish, the one quoted first."""

    kind: str
    text: str
    reasons: tuple[str, ...]
    priority: int
    stated_wish: bool = False
    quote: str | None = None
    ref_id: int | None = None
    wish_ids: tuple[int, ...] = ()
    deadline: datetime | None = None
    """By when it must be done (UTC)."""
    notice: Notice | None = None
    notice_words: str = ""
    """The client's own words for the notice ("two working days"); "": the default."""
    state: NoticeState = NoticeState.PENDING

    @property
    def due_text(self) -> str:
        """ "by Mon 30 Nov, 10:00" in the coach's local time; "" without a deadline."""
        return f"by {say_moment(self.deadline)}" if self.deadline is not None else ""


Score = tuple[int, int, int, int, float, int, int, int]


@dataclass(frozen=True)
class RankedItem:
    """An active matter with its rank (1 = first), its score and why it is shown.

    ``score`` is (a ticked trigger fired 0/1, its words fit a fired circumstance 0/1,
    agenda keywords, open breaches, repaired-breach weight 0..1, importance, fired
    circumstances, timely 0/1); higher is better, compared as a tuple."""

    matter: MatterRow
    rank: int
    score: Score
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Prep:
    circumstances: tuple[Circumstance, ...]
    checklist: tuple[ChecklistItem, ...]
    items: tuple[RankedItem, ...]
    repairs: tuple[BreachRow, ...]
    promises_due: tuple[PromiseRow, ...]
    last_time: SessionRow | None
    discovery_prompts: tuple[str, ...]
    trust_trend: TrustTrend | None = None


# --- helpers ----------------------------------------------------------------------------------


def _say_date(day: date, today: date) -> str:
    text = f"{day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def _days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _guest_label(guest: GuestRow) -> str:
    return f"{guest.name} ({guest.role})" if guest.role else guest.name


def _earlier_held(session: SessionRow, history: Sequence[SessionRow]) -> list[SessionRow]:
    held = [
        s
        for s in history
        if s.id != session.id and s.status is SessionStatus.HELD and s.start < session.start
    ]
    held.sort(key=lambda s: (s.start, s.id))
    return held


def _usual_place(earlier_held: Sequence[SessionRow]) -> str | None:
    """The most common place of the last few in-person held sessions (first seen on ties)."""
    places = [
        s.location.strip()
        for s in earlier_held
        if s.medium is Medium.IN_PERSON and s.location.strip()
    ][-USUAL_OF_LAST:]
    if not places:
        return None
    counts = Counter(place.casefold() for place in places)
    best = max(counts.values())
    return next(place for place in places if counts[place.casefold()] == best)


def _other_place(session: SessionRow, earlier_held: Sequence[SessionRow]) -> str | None:
    """ "at <place> instead of <usual>" for an in-person session away from the usual place."""
    if session.medium is not Medium.IN_PERSON:
        return None
    usual = _usual_place(earlier_held)
    place = session.location.strip()
    if usual is not None and place and place.casefold() != usual.casefold():
        return f"at {place} instead of {usual}"
    return None


def _place_change(session: SessionRow, history: Sequence[SessionRow]) -> Circumstance | None:
    """The place-change circumstance alone, as ``detect_circumstances`` finds it."""
    earlier = [s for s in history if s.id != session.id and s.start < session.start]
    reason = medium_change_reason(session, earlier) or _other_place(
        session, _earlier_held(session, history)
    )
    return None if reason is None else Circumstance(Trigger.PLACE_CHANGE, reason)


def detect_circumstances(
    session: SessionRow,
    history: Sequence[SessionRow],
    *,
    promises: Sequence[PromiseRow] = (),
    nearby: Sequence[Nearby] = (),
    now: datetime | None = None,
) -> tuple[Circumstance, ...]:
    """What is special about this session, each with its reason."""
    fired_now = circumstances(session, history, promises=promises, nearby=nearby, now=now)
    found = [Circumstance(trigger, reason) for trigger, reason in fired_now.items()]
    fired = {c.trigger for c in found}
    earlier = _earlier_held(session, history)
    if Trigger.PLACE_CHANGE not in fired:
        other_place = _other_place(session, earlier)
        if other_place is not None:
            found.append(Circumstance(Trigger.PLACE_CHANGE, other_place))
    if earlier:
        gap = session.start - earlier[-1].start
        if gap > LONG_GAP:
            found.append(Circumstance(None, f"first session in {gap.days // 7} weeks"))
    return tuple(found)


# --- checklist --------------------------------------------------------------------------------


def _wishes(matters: Sequence[MatterRow], trigger: Trigger) -> tuple[MatterRow, ...]:
    """The active matters that ask for this trigger: ticked first, then those with nothing
    ticked whose words speak of it; each by importance (highest first), then lowest id."""

    def order(matter: MatterRow) -> tuple[int, int, int]:
        ticked = trigger in matter.triggers
        return (0 if ticked else 1, -matter.importance, matter.id)

    def asks(matter: MatterRow) -> bool:
        return trigger in matter.triggers or trigger in words_speak_of(matter)

    return tuple(sorted((m for m in matters if m.active and asks(m)), key=order))


def notice_for(
    kind: str, wishes: Sequence[MatterRow], start: datetime, zone: tzinfo
) -> tuple[Notice, str, datetime]:
    """(the notice, the client's words for it or "", its deadline) for an entry of ``kind``
    before a session at ``start``: of the wishes that say a notice, the one due earliest
    (the first on a tie); none: the entry's default."""
    best: tuple[Notice, str, datetime] | None = None
    for wish in wishes:
        try:
            notice = parse_notice(wish.notice)
        except NoticeError:
            notice = None
        if notice is None:
            continue
        due = deadline(start, notice, zone)
        if best is None or due < best[2]:
            best = (notice, " ".join(wish.notice.split()), due)
    if best is not None:
        return best
    notice = DEFAULT_NOTICE[kind]
    return notice, "", deadline(start, notice, zone)


def _checklist_item(
    kind: str,
    text: str,
    reason: str,
    wishes: Sequence[MatterRow],
    data: PrepInput,
    ref_id: int,
) -> ChecklistItem:
    coach_zone, client_zone = data.zones
    notice, words, due = notice_for(kind, wishes, data.session.start, client_zone or coach_zone)
    timing = {
        "deadline": due,
        "notice": notice,
        "notice_words": words,
        "state": state_at(due, data.now),
    }
    if not wishes:
        return ChecklistItem(kind, text, (reason,), 1, False, None, ref_id, **timing)
    wish = wishes[0]
    reasons = (reason, f"{data.client_name} said this matters to them")
    return ChecklistItem(
        kind,
        text,
        reasons,
        1 + wish.importance,
        True,
        wish.statement,
        ref_id,
        tuple(m.id for m in wishes),
        **timing,
    )


def _checklist(data: PrepInput, found: Sequence[Circumstance]) -> tuple[ChecklistItem, ...]:
    session, client = data.session, data.client_name
    if session.status is not SessionStatus.PLANNED:
        return ()
    entries: list[ChecklistItem] = []
    wishes = _wishes(data.matters, Trigger.GUESTS)
    for guest in session.unannounced_guests:
        entries.append(
            _checklist_item(
                TELL_GUEST,
                tell_guest(client, guest.name),
                f"{_guest_label(guest)} is joining and {client} has not been told yet",
                wishes,
                data,
                guest.id,
            )
        )
    if session.reschedule_unconfirmed:
        entries.append(
            _checklist_item(
                CONFIRM_TIME,
                confirm_time(client),
                "the session was moved and the new time is not confirmed",
                _wishes(data.matters, Trigger.SCHEDULE_CHANGE),
                data,
                session.id,
            )
        )
    place = next((c for c in found if c.trigger is Trigger.PLACE_CHANGE), None)
    if place is not None and session.place_confirmed_at is None:
        entries.append(
            _checklist_item(
                CONFIRM_PLACE,
                f"Confirm with {client} how and where you will meet",
                place.reason,
                _wishes(data.matters, Trigger.PLACE_CHANGE),
                data,
                session.id,
            )
        )
    if session.recorded and session.recording_consent_at is None:
        entries.append(
            _checklist_item(
                ASK_RECORDING,
                f"Ask {client} before recording",
                f"the session is recorded and {client} has not agreed yet",
                _wishes(data.matters, Trigger.RECORDING),
                data,
                session.id,
            )
        )
    coach_zone, client_zone = data.zones
    change = clock_change(data.now, session.start, coach_zone, client_zone)
    if change is not None and session.clocks_confirmed_at is None:
        on = _say_date(change.on, data.now.astimezone(coach_zone).date())
        text = (
            f"{client}'s clocks change on {on}: confirm the time"
            if change.whose == "client"
            else f"Your clocks change on {on}: confirm the time with {client}"
        )
        entries.append(
            _checklist_item(
                CONFIRM_CLOCKS,
                text,
                f"your clocks and {client}'s change on different dates before the session",
                _wishes(data.matters, Trigger.SCHEDULE_CHANGE),
                data,
                session.id,
            )
        )
    # sorted() is stable: equal priorities keep the order above.
    return tuple(sorted(entries, key=lambda item: -item.priority))


def checklist(data: PrepInput) -> tuple[ChecklistItem, ...]:
    """The checklist alone (``build_prep``'s), for the notices of many sessions at once: it
    needs of the history only the client's last few held sessions (the usual medium and
    place), of the client's records only their items."""
    place = _place_change(data.session, data.history)
    return _checklist(data, [] if place is None else [place])


# --- ranking ----------------------------------------------------------------------------------


def _breach_part(breaches: Sequence[BreachRow], today: date) -> tuple[int, float, list[str]]:
    """(open breaches, weight of the most recent repaired one 0..1, reasons)."""
    open_count = 0
    repaired_weight = 0.0
    reasons: list[str] = []
    for breach in sorted(breaches, key=lambda b: (b.occurred_on, b.id)):
        missed = f"missed on {_say_date(breach.occurred_on, today)}"
        if breach.open:
            open_count += 1
            if breach.repair_status is RepairStatus.ACKNOWLEDGED:
                reasons.append(f"{missed}, acknowledged, repair not finished")
            else:
                reasons.append(f"{missed}, repair still open")
            continue
        repaired_on = breach.repaired_on or breach.occurred_on
        age = max(0, (today - repaired_on).days)
        weight = max(0.0, 1.0 - age / REPAIRED_FADE_DAYS)
        if weight > 0.0:
            reasons.append(f"{missed}, repaired on {_say_date(repaired_on, today)}")
            repaired_weight = max(repaired_weight, weight)
    return open_count, repaired_weight, reasons


def _timely_part(matter: MatterRow, today: date) -> tuple[int, list[str]]:
    reasons: list[str] = []
    captured = (today - matter.captured_on).days
    if captured <= RECENT_CAPTURE_DAYS:
        reasons.append(f"captured {_days_ago(captured)}")
    if matter.last_confirmed_on is None:
        reasons.append("never confirmed with the client")
    elif (today - matter.last_confirmed_on).days > STALE_CONFIRMATION_DAYS:
        reasons.append(
            f"not confirmed with the client since {_say_date(matter.last_confirmed_on, today)}"
        )
    return (1 if reasons else 0), reasons


def _rank(data: PrepInput, found: Sequence[Circumstance], today: date) -> tuple[RankedItem, ...]:
    fired = {c.trigger: c.reason for c in found if c.trigger is not None}
    by_matter: dict[int, list[BreachRow]] = defaultdict(list)
    for breach in data.breaches:
        by_matter[breach.matter_id].append(breach)
    scored: list[tuple[Score, MatterRow, tuple[str, ...]]] = []
    for matter in data.matters:
        if not matter.active:
            continue
        trigger_reasons = [fired[t] for t in sorted(matter.triggers) if t in fired]
        words_reasons = list(word_fits(matter, fired).values())
        agenda_reasons = keyword_reasons(matter, data.session.agenda) + guest_mentions(
            matter, data.session
        )
        open_count, repaired_weight, breach_reasons = _breach_part(
            by_matter.get(matter.id, ()), today
        )
        timely, timely_reasons = _timely_part(matter, today)
        score: Score = (
            min(1, len(trigger_reasons)),
            min(1, len(words_reasons)),
            len(agenda_reasons),
            open_count,
            repaired_weight,
            matter.importance,
            len(trigger_reasons) + len(words_reasons),
            timely,
        )
        reasons = tuple(
            trigger_reasons + words_reasons + agenda_reasons + breach_reasons + timely_reasons
        )
        scored.append((score, matter, reasons))
    # Stable sorts: by id, then by score (highest first) keeps the id order on equal scores.
    scored.sort(key=lambda entry: entry[1].id)
    scored.sort(key=lambda entry: entry[0], reverse=True)
    return tuple(
        RankedItem(matter, rank, score, reasons)
        for rank, (score, matter, reasons) in enumerate(scored, start=1)
    )


# --- the rest ---------------------------------------------------------------------------------


def _promises_due(promises: Sequence[PromiseRow], by: date) -> tuple[PromiseRow, ...]:
    due = [
        p
        for p in promises
        if p.status is PromiseStatus.OPEN and p.due_on is not None and p.due_on <= by
    ]
    due.sort(key=lambda p: (p.owner is not PromiseOwner.COACH, p.due_on, p.id))
    return tuple(due)


def build_prep(data: PrepInput) -> Prep:
    """Everything the coach should see before ``data.session``, ranked and explained."""
    session = data.session
    today = data.now.astimezone().date()
    found = detect_circumstances(
        session, data.history, promises=data.promises, nearby=data.nearby, now=data.now
    )
    earlier = _earlier_held(session, data.history)
    repairs = sorted((b for b in data.breaches if b.open), key=lambda b: (b.occurred_on, b.id))
    active = sum(1 for m in data.matters if m.active)
    if active >= FEW_MATTERS:
        prompts: tuple[str, ...] = ()
    else:
        prompts = DISCOVERY_PROMPTS if active == 0 else DISCOVERY_PROMPTS[:2]
    return Prep(
        circumstances=found,
        checklist=_checklist(data, found),
        items=_rank(data, found, today),
        repairs=tuple(repairs),
        promises_due=_promises_due(data.promises, local_or_utc(session.start).date()),
        last_time=earlier[-1] if earlier else None,
        discovery_prompts=prompts,
        trust_trend=trust_trend(data.feedback, before=session.start),
    )
