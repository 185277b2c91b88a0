"""Realistic prep cases, written from a coach's point of view.

Plain data in a small declarative format; ``tests/printing/test_prep_cases.py`` turns each
``Case`` into a ``PrepInput``, runs the prep engine and prints the sheet.

Times: ``NOW`` is when the coach prepares; the session to prepare starts at ``START``
unless a case says otherwise.  Past sessions are placed ``days_before`` the session;
moves, promises and breaches are dated relative to ``NOW``.

Expectations, as a careful coach would state them:

* ``top3``: the statements of the first ranked items, in order (all of them when fewer
  than three are active);
* ``checklist``: (kind, text, quoted wish or None) in order;
* ``absent``: words that must not be on paper (compared ignoring case);
* ``present``: texts that must be on paper, as written.

A case the engine gets wrong keeps its expectation and says why in ``engine_wrong`` (the
ranking or the checklist) or ``paper_wrong`` (the sheet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from coachdesk.domain.vocab import (
    Category,
    GuestSource,
    Medium,
    PromiseOwner,
    RepairStatus,
    SessionStatus,
    Trigger,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday morning

TELL = "tell_guest"
TIME = "confirm_time"
PLACE = "confirm_place"
RECORD = "ask_recording"


@dataclass(frozen=True)
class Past:
    """A session before this one (held unless said otherwise)."""

    days_before: int
    medium: Medium = Medium.VIDEO
    duration: int = 60
    place: str = ""
    agenda: str = ""
    notes: str = ""
    status: SessionStatus = SessionStatus.HELD
    moved_days_ago: int | None = None  # it was moved (this many days before NOW)


@dataclass(frozen=True)
class Guest:
    name: str
    role: str = ""
    brought_by: GuestSource = GuestSource.COACH
    informed: bool = False


@dataclass(frozen=True)
class Move:
    """One move of the session's start, made ``days_ago`` before NOW, ``shift_days`` later
    than the start before it."""

    days_ago: int
    shift_days: int = 1
    confirmed: bool = False


@dataclass(frozen=True)
class Upcoming:
    """The session to prepare."""

    start: datetime = START
    duration: int = 60
    medium: Medium = Medium.VIDEO
    location: str = ""
    agenda: str = ""
    guests: tuple[Guest, ...] = ()
    recorded: bool = False
    consent_given: bool = False
    moves: tuple[Move, ...] = ()
    status: SessionStatus = SessionStatus.PLANNED
    place_confirmed: bool = False


@dataclass(frozen=True)
class Item:
    """Something the client said matters, in their words."""

    statement: str
    why: str = ""
    category: Category = Category.CONNECTION
    importance: int = 2
    triggers: tuple[Trigger, ...] = ()
    keywords: str = ""
    keep_off: bool = False
    language: str = ""
    active: bool = True


@dataclass(frozen=True)
class Breach:
    item: int  # 1-based position in the case's items
    what_happened: str
    days_ago: int = 20
    status: RepairStatus = RepairStatus.OPEN


@dataclass(frozen=True)
class Promise:
    text: str
    owner: PromiseOwner = PromiseOwner.COACH
    due_in_days: int | None = None  # from NOW's date; negative: overdue
    made_last_time: bool = False  # made in the previous held session


@dataclass(frozen=True)
class Nearby:
    """Another session of the coach's: starts ``minutes_after`` the session's start."""

    minutes_after: int
    duration: int = 60


WEEKLY: tuple[Past, ...] = tuple(Past(7 * n) for n in range(1, 5))
WEEKLY_IN_PERSON: tuple[Past, ...] = tuple(
    Past(7 * n, Medium.IN_PERSON, place="Studio Nord") for n in range(1, 5)
)
CALM: tuple[Item, ...] = (
    Item("Celebrate the small wins with me, not just the big ones", importance=3),
    Item("Remember that my daughter starts university in January", importance=3),
    Item("Stay curious about my ideas before you judge them", importance=3),
)
"""Three important wishes that no circumstance of an ordinary session touches."""


@dataclass(frozen=True)
class Case:
    id: str
    story: str  # what the coach sees coming
    client: str  # full name
    preferred: str  # the name used in sentences
    session: Upcoming
    items: tuple[Item, ...] = ()
    history: tuple[Past, ...] = WEEKLY
    breaches: tuple[Breach, ...] = ()
    promises: tuple[Promise, ...] = ()
    nearby: tuple[Nearby, ...] = ()
    print_private_notes: bool = False
    top3: tuple[str, ...] = ()
    checklist: tuple[tuple[str, str, str | None], ...] = ()
    absent: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    engine_wrong: str = ""  # non-empty: the ranking or checklist is wrong, and why
    paper_wrong: str = ""  # non-empty: the sheet is wrong, and why


WARN = "Warn me before anybody else sits in on our sessions"
FACE = "I'd rather see your face than hear you on the phone"
HEARD = "Tell me in advance whenever someone else will join us"

CASES: tuple[Case, ...] = (
    # --- guests ----------------------------------------------------------------------------------
    Case(
        id="unannounced-guest-untagged-wish-ranks-first-and-is-quoted",
        story="The coach invited an HR partner; Sam once said, untagged, to be warned first.",
        client="Samantha Reed",
        preferred="Sam",
        session=Upcoming(guests=(Guest("Priya Shah", "HR partner"),)),
        items=(*CALM, Item(WARN, importance=2)),
        top3=(WARN, CALM[0].statement, CALM[1].statement),
        checklist=((TELL, "Tell Sam ahead of time that Priya Shah will join", WARN),),
        present=("Tell Sam ahead of time that Priya Shah will join", WARN, "not told yet"),
    ),
    Case(
        id="guest-the-client-brings-needs-no-telling-but-confidentiality-still-counts",
        story="Omar brings his co-founder himself; his wish about what stays between us counts.",
        client="Omar Haddad",
        preferred="Omar",
        session=Upcoming(guests=(Guest("Lina Haddad", "co-founder", GuestSource.CLIENT),)),
        items=(
            *CALM,
            Item(
                "Let me decide who hears about my plans", importance=1, triggers=(Trigger.GUESTS,)
            ),
            Item(
                "What I say about my team stays between us",
                importance=2,
                triggers=(Trigger.CONFIDENTIALITY,),
            ),
        ),
        top3=(
            "What I say about my team stays between us",
            "Let me decide who hears about my plans",
            CALM[0].statement,
        ),
        checklist=(),
        present=("Lina Haddad",),
        absent=("not told yet", "ahead of time"),
    ),
    Case(
        id="guest-a-sponsor-brings-must-be-announced",
        story="The sponsor adds a talent partner to the session; Grace has not heard of it.",
        client="Grace Mbeki",
        preferred="Grace",
        session=Upcoming(
            guests=(Guest("Tom Ellis", "talent partner", GuestSource.SPONSOR),),
            agenda="Goals for Q1",
        ),
        items=(
            *CALM,
            Item(
                "If my sponsor sends anyone, I want to know first",
                importance=3,
                triggers=(Trigger.GUESTS,),
            ),
        ),
        top3=("If my sponsor sends anyone, I want to know first", *(i.statement for i in CALM[:2])),
        checklist=(
            (
                TELL,
                "Tell Grace ahead of time that Tom Ellis will join",
                "If my sponsor sends anyone, I want to know first",
            ),
        ),
        present=("Tell Grace ahead of time that Tom Ellis will join", "Goals for Q1"),
    ),
    Case(
        id="announced-guest-no-checklist-wish-still-first",
        story="Maya already knows her manager joins; her wish still leads the prep.",
        client="Maya Lindqvist",
        preferred="Maya",
        session=Upcoming(guests=(Guest("Erik Berg", "manager", informed=True),)),
        items=(*CALM, Item(HEARD, importance=1)),
        top3=(HEARD, CALM[0].statement, CALM[1].statement),
        checklist=(),
        present=("Erik Berg", HEARD),
        absent=("not told yet",),
    ),
    Case(
        id="ticked-guest-wish-outranks-and-is-quoted-before-words-alone",
        story="Two wishes about guests: one ticked (less important), one only in words.",
        client="Hannah Cole",
        preferred="Hannah",
        session=Upcoming(guests=(Guest("Dr. Ruth Adler", "supervisor"),)),
        items=(
            Item(WARN, importance=3),
            Item("Ask me before you invite observers", importance=1, triggers=(Trigger.GUESTS,)),
            CALM[0],
        ),
        top3=("Ask me before you invite observers", WARN, CALM[0].statement),
        checklist=(
            (
                TELL,
                "Tell Hannah ahead of time that Dr. Ruth Adler will join",
                "Ask me before you invite observers",
            ),
        ),
        present=("Ask me before you invite observers",),
    ),
    Case(
        id="dismissed-guest-words-do-not-count",
        story="Felix said he does not mind others joining; an unannounced guest comes.",
        client="Felix Braun",
        preferred="Felix",
        session=Upcoming(guests=(Guest("Nora Quist", "intern"),)),
        items=(
            Item("I don't mind if others join now and then", importance=1),
            Item("Push me to finish what I start", importance=2),
            Item("Ask about my marathon training", importance=2),
        ),
        top3=(
            "Push me to finish what I start",
            "Ask about my marathon training",
            "I don't mind if others join now and then",
        ),
        checklist=((TELL, "Tell Felix ahead of time that Nora Quist will join", None),),
        present=("Tell Felix ahead of time that Nora Quist will join",),
    ),
    Case(
        id="german-untagged-guest-wish",
        story="Jonas said in German to be told beforehand when someone else is there.",
        client="Jonas Weber",
        preferred="Jonas",
        session=Upcoming(guests=(Guest("Petra Lang", "Coach-Supervisorin"),)),
        items=(
            *CALM,
            Item("Sag mir bitte vorher Bescheid, wenn noch jemand dabei ist", importance=1),
        ),
        top3=(
            "Sag mir bitte vorher Bescheid, wenn noch jemand dabei ist",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                TELL,
                "Tell Jonas ahead of time that Petra Lang will join",
                "Sag mir bitte vorher Bescheid, wenn noch jemand dabei ist",
            ),
        ),
        present=("Sag mir bitte vorher Bescheid",),
    ),
    # --- medium and place ------------------------------------------------------------------------
    Case(
        id="phone-session-for-a-client-who-wants-to-see-a-face",
        story="Always video; this week only a phone call is possible.",
        client="Lena Fischer",
        preferred="Lena",
        session=Upcoming(medium=Medium.PHONE),
        items=(*CALM, Item(FACE, importance=1)),
        top3=(FACE, CALM[0].statement, CALM[1].statement),
        checklist=((PLACE, "Confirm with Lena how and where you will meet", FACE),),
        present=("Confirm with Lena how and where you will meet", FACE),
    ),
    Case(
        id="spanish-phone-wish-on-a-phone-session",
        story="Lucía prefers to meet in person, not by phone; the session is a phone call.",
        client="Lucía Romero",
        preferred="Lucía",
        session=Upcoming(medium=Medium.PHONE),
        history=WEEKLY_IN_PERSON,
        items=(*CALM, Item("Prefiero vernos en persona, no por teléfono", language="es")),
        top3=(
            "Prefiero vernos en persona, no por teléfono",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                PLACE,
                "Confirm with Lucía how and where you will meet",
                "Prefiero vernos en persona, no por teléfono",
            ),
        ),
        present=("Prefiero vernos en persona",),
    ),
    Case(
        id="new-cafe-instead-of-the-usual-studio",
        story="In person as always, but at a café this time.",
        client="Kofi Asante",
        preferred="Kofi",
        session=Upcoming(medium=Medium.IN_PERSON, location="Café Lindt"),
        history=WEEKLY_IN_PERSON,
        items=(*CALM, Item("Tell me where we meet if it is not your office", importance=1)),
        top3=(
            "Tell me where we meet if it is not your office",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                PLACE,
                "Confirm with Kofi how and where you will meet",
                "Tell me where we meet if it is not your office",
            ),
        ),
        present=("Café Lindt", "Confirm with Kofi how and where you will meet"),
    ),
    Case(
        id="new-place-already-confirmed",
        story="The café was confirmed by text yesterday: nothing to do, the wish still leads.",
        client="Kofi Asante",
        preferred="Kofi",
        session=Upcoming(medium=Medium.IN_PERSON, location="Café Lindt", place_confirmed=True),
        history=WEEKLY_IN_PERSON,
        items=(*CALM, Item("Tell me where we meet if it is not your office", importance=1)),
        top3=(
            "Tell me where we meet if it is not your office",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(),
        absent=("how and where",),
    ),
    # --- recording -------------------------------------------------------------------------------
    Case(
        id="recorded-session-german-wish",
        story="The coach wants to record for supervision; Jonas said so in German.",
        client="Jonas Weber",
        preferred="Jonas",
        session=Upcoming(recorded=True),
        items=(*CALM, Item("Bitte frag mich, bevor du unsere Sitzung aufnimmst", language="de")),
        top3=(
            "Bitte frag mich, bevor du unsere Sitzung aufnimmst",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                RECORD,
                "Ask Jonas before recording",
                "Bitte frag mich, bevor du unsere Sitzung aufnimmst",
            ),
        ),
        present=("Ask Jonas before recording", "Bitte frag mich"),
    ),
    Case(
        id="recorded-session-french-wish-guessed-language",
        story="Camille's words are in French; the language was never set.",
        client="Camille Dubois",
        preferred="Camille",
        session=Upcoming(recorded=True),
        items=(*CALM, Item("Je veux qu'on me demande avant d'enregistrer nos séances")),
        top3=(
            "Je veux qu'on me demande avant d'enregistrer nos séances",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                RECORD,
                "Ask Camille before recording",
                "Je veux qu'on me demande avant d'enregistrer nos séances",
            ),
        ),
        present=("Ask Camille before recording",),
    ),
    Case(
        id="recorded-session-spanish-wish",
        story="Diego does not want to be recorded without being asked.",
        client="Diego Álvarez",
        preferred="Diego",
        session=Upcoming(recorded=True),
        items=(
            *CALM,
            Item("No quiero que grabes nuestras sesiones sin preguntarme", language="es"),
        ),
        top3=(
            "No quiero que grabes nuestras sesiones sin preguntarme",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                RECORD,
                "Ask Diego before recording",
                "No quiero que grabes nuestras sesiones sin preguntarme",
            ),
        ),
        present=("Ask Diego before recording",),
    ),
    Case(
        id="recorded-with-consent-already-given",
        story="Priya agreed to the recording last week: no entry, her wish still leads.",
        client="Priya Nair",
        preferred="Priya",
        session=Upcoming(recorded=True, consent_given=True),
        items=(*CALM, Item("Don't record me without asking", importance=1)),
        top3=("Don't record me without asking", CALM[0].statement, CALM[1].statement),
        checklist=(),
        absent=("before recording",),
    ),
    # --- schedule --------------------------------------------------------------------------------
    Case(
        id="session-moved-twice-this-month",
        story="Moved twice in three weeks, the new time not confirmed.",
        client="Aiko Tanaka",
        preferred="Aiko",
        session=Upcoming(moves=(Move(18, confirmed=True), Move(4))),
        items=(*CALM, Item("Moving our sessions at short notice throws my whole week")),
        top3=(
            "Moving our sessions at short notice throws my whole week",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                TIME,
                "Confirm the new time with Aiko",
                "Moving our sessions at short notice throws my whole week",
            ),
        ),
        present=("Confirm the new time with Aiko",),
    ),
    Case(
        id="moved-once-and-confirmed",
        story="Moved once, Ben confirmed the new time: no entry, his ticked wish leads.",
        client="Ben Okoro",
        preferred="Ben",
        session=Upcoming(moves=(Move(3, confirmed=True),)),
        items=(
            *CALM,
            Item("Keep our slot steady", importance=1, triggers=(Trigger.SCHEDULE_CHANGE,)),
        ),
        top3=("Keep our slot steady", CALM[0].statement, CALM[1].statement),
        checklist=(),
        absent=("Confirm the new time",),
    ),
    Case(
        id="new-session-after-last-one-was-cancelled",
        story="Last Monday's session was cancelled; this one was booked to make up for it.",
        client="Rosa Silva",
        preferred="Rosa",
        session=Upcoming(),
        history=(
            Past(7, status=SessionStatus.CANCELLED),
            Past(14),
            Past(21),
            Past(28),
        ),
        items=(*CALM, Item("When a session gets cancelled I feel dropped", importance=1)),
        top3=(
            "When a session gets cancelled I feel dropped",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(),
    ),
    Case(
        id="cancellation-three-weeks-ago-is-old-news",
        story="A session was cancelled three weeks ago; the last one was held normally.",
        client="Rosa Silva",
        preferred="Rosa",
        session=Upcoming(start=START),
        history=(
            Past(21, status=SessionStatus.CANCELLED),
            Past(15),
            Past(28),
            Past(35),
        ),
        items=(*CALM, Item("When a session gets cancelled I feel dropped", importance=1)),
        top3=tuple(i.statement for i in CALM),
        checklist=(),
    ),
    # --- the agenda ------------------------------------------------------------------------------
    Case(
        id="feedback-agenda-does-not-fire-a-fee-keyword",
        story="A feedback session; an item about fees with the keyword 'fee' must stay put.",
        client="Mark Jensen",
        preferred="Mark",
        session=Upcoming(agenda="Feedback from the leadership offsite"),
        items=(
            Item("Ask how the kids are doing", importance=2),
            Item("Let me think out loud before you suggest anything", importance=2),
            Item("Give it to me straight, no sugarcoating", importance=1),
            Item("Be upfront about the fee for extra sessions", importance=2, keywords="fee"),
        ),
        top3=(
            "Give it to me straight, no sugarcoating",
            "Ask how the kids are doing",
            "Let me think out loud before you suggest anything",
        ),
        checklist=(),
        present=("Feedback from the leadership offsite",),
    ),
    Case(
        id="fees-agenda-fires-the-fee-keyword",
        story="Renewal talk: the keyword 'fee' matches 'fees'.",
        client="Mark Jensen",
        preferred="Mark",
        session=Upcoming(agenda="Fees for next quarter"),
        items=(
            Item("Ask how the kids are doing", importance=3),
            Item("Be upfront about extra charges", importance=1, keywords="fee"),
        ),
        top3=("Be upfront about extra charges", "Ask how the kids are doing"),
        checklist=(),
    ),
    Case(
        id="delegate-keyword-matches-delegation-agenda",
        story="The agenda is about delegation; the item's keyword is 'delegate'.",
        client="Irene Kowalski",
        preferred="Irene",
        session=Upcoming(agenda="Delegation: what to hand over to Tom"),
        items=(
            *CALM,
            Item(
                "Hold me to letting go of the small stuff",
                importance=1,
                keywords="delegate",
                category=Category.COMMITMENT,
            ),
        ),
        top3=("Hold me to letting go of the small stuff", CALM[0].statement, CALM[1].statement),
        checklist=(),
        present=("Delegation: what to hand over to Tom",),
    ),
    Case(
        id="agenda-360-degree-results",
        story="The 360° results are in; an item with keyword '360' leads.",
        client="Paul Martin",
        preferred="Paul",
        session=Upcoming(agenda="360° results"),
        items=(
            *CALM,
            Item("Walk me through the numbers before the comments", importance=1, keywords="360"),
        ),
        top3=(
            "Walk me through the numbers before the comments",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(),
        present=("360° results",),
    ),
    Case(
        id="contract-renewal-with-a-dismissed-money-wish",
        story="Contract renewal on the agenda; 'it's not about money for me' must not fire.",
        client="Ines Moreau",
        preferred="Ines",
        session=Upcoming(agenda="Contract renewal for next year"),
        items=(
            Item("It's not about money for me", importance=1),
            Item("Tell me about invoices before they arrive", importance=1),
            Item("Ask about my mother's health", importance=2),
        ),
        top3=(
            "Tell me about invoices before they arrive",
            "Ask about my mother's health",
            "It's not about money for me",
        ),
        checklist=(),
    ),
    # --- time ------------------------------------------------------------------------------------
    Case(
        id="ninety-minutes-instead-of-the-usual-sixty",
        story="A longer session for the strategy deep dive; Zoe has school pickup.",
        client="Zoe Carter",
        preferred="Zoe",
        session=Upcoming(duration=90, agenda="Strategy deep dive"),
        items=(*CALM, Item("Please finish on time, I have school pickup", importance=1)),
        top3=(
            "Please finish on time, I have school pickup",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(),
    ),
    Case(
        id="back-to-back-with-another-client",
        story="Another client ends ten minutes before this session starts.",
        client="Victor Hugo Ramos",
        preferred="Victor",
        session=Upcoming(),
        nearby=(Nearby(-70, 60),),
        items=(
            *CALM,
            Item(
                "Start promptly, my diary is packed",
                importance=1,
                triggers=(Trigger.TIMEKEEPING,),
            ),
        ),
        top3=("Start promptly, my diary is packed", CALM[0].statement, CALM[1].statement),
        checklist=(),
    ),
    Case(
        id="no-back-to-back-two-hours-apart",
        story="The other client is two hours later: nothing about time fires.",
        client="Victor Hugo Ramos",
        preferred="Victor",
        session=Upcoming(),
        nearby=(Nearby(180, 60),),
        items=(
            *CALM,
            Item(
                "Start promptly, my diary is packed",
                importance=1,
                triggers=(Trigger.TIMEKEEPING,),
            ),
        ),
        top3=tuple(i.statement for i in CALM),
        checklist=(),
    ),
    # --- follow-up -------------------------------------------------------------------------------
    Case(
        id="overdue-coach-promise",
        story="The coach promised an article and it is five days overdue.",
        client="Elif Yilmaz",
        preferred="Elif",
        session=Upcoming(),
        promises=(Promise("Send the article on stakeholder maps", due_in_days=-5),),
        items=(*CALM, Item("If you say you'll send it, send it", importance=1)),
        top3=("If you say you'll send it, send it", CALM[0].statement, CALM[1].statement),
        checklist=(),
        present=("Send the article on stakeholder maps", "overdue since"),
    ),
    Case(
        id="material-promised-last-time",
        story="Last time the coach said she would send a worksheet (no due date).",
        client="Elif Yilmaz",
        preferred="Elif",
        session=Upcoming(),
        promises=(Promise("A worksheet on priorities", made_last_time=True),),
        items=(
            *CALM,
            Item(
                "Follow through on what you offer",
                importance=1,
                triggers=(Trigger.FOLLOW_UP,),
            ),
        ),
        top3=("Follow through on what you offer", CALM[0].statement, CALM[1].statement),
        checklist=(),
    ),
    # --- paper safety ----------------------------------------------------------------------------
    Case(
        id="kept-off-canary-in-this-sessions-agenda",
        story="A kept-off wish names the Zanzibarian trip; the agenda does too.",
        client="Noah Fischer",
        preferred="Noah",
        session=Upcoming(agenda="Zanzibarian trip and the leave request"),
        items=(
            *CALM,
            Item(
                "Never bring up my Zanzibarian plans at work",
                importance=3,
                keywords="Zanzibarian",
                keep_off=True,
            ),
        ),
        top3=(
            "Never bring up my Zanzibarian plans at work",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(),
        absent=("Zanzibarian",),
        present=("kept off paper", CALM[0].statement),
    ),
    Case(
        id="kept-off-divorce-in-last-times-notes-and-agenda",
        story="Last time was about the divorce; a guest comes now and the coach prints notes.",
        client="Clara Novak",
        preferred="Clara",
        session=Upcoming(guests=(Guest("Jan Berger", "team lead"),)),
        history=(
            Past(
                7, agenda="Divorce logistics and the custody calendar", notes="Divorce: mediation"
            ),
            Past(14),
            Past(21),
        ),
        print_private_notes=True,
        items=(
            *CALM,
            Item(
                "Don't raise my divorce when anyone else is around",
                why="She cried when her manager found out",
                importance=3,
                keep_off=True,
            ),
        ),
        top3=(
            "Don't raise my divorce when anyone else is around",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                TELL,
                "Tell Clara ahead of time that Jan Berger will join",
                "Don't raise my divorce when anyone else is around",
            ),
        ),
        absent=("divorce", "mediation", "cried"),
        present=("Tell Clara ahead of time that Jan Berger will join", "kept off paper"),
    ),
    Case(
        id="kept-off-canary-in-a-promise",
        story="The coach promised contacts for the Kilimanjaro fundraiser, a private matter.",
        client="Tariq Aziz",
        preferred="Tariq",
        session=Upcoming(),
        promises=(Promise("Find Kilimanjaro charity contacts", due_in_days=2),),
        items=(
            *CALM,
            Item("My Kilimanjaro fundraiser is nobody's business at work", keep_off=True),
        ),
        top3=tuple(i.statement for i in CALM),
        absent=("Kilimanjaro", "fundraiser"),
        present=("PROMISES DUE", "kept off paper"),
    ),
    Case(
        id="kept-off-canary-in-a-breach",
        story="The coach slipped and named the Quixotic project in a group call.",
        client="Mei Chen",
        preferred="Mei",
        session=Upcoming(),
        breaches=(Breach(2, "Mentioned the Quixotic project in the group call"),),
        items=(
            CALM[0],
            Item("Check with me before you repeat anything I said", importance=2),
            Item("Keep my Quixotic side project out of everything", importance=1, keep_off=True),
        ),
        top3=(
            "Check with me before you repeat anything I said",
            CALM[0].statement,
            "Keep my Quixotic side project out of everything",
        ),
        absent=("Quixotic", "group call"),
        present=("Missed on", "Check with me before you repeat anything I said"),
    ),
    Case(
        id="breach-on-a-kept-off-item-prints-no-subject",
        story="The breach itself is about the kept-off wish.",
        client="Mei Chen",
        preferred="Mei",
        session=Upcoming(),
        breaches=(Breach(2, "Mentioned the Quixotic project in the group call"),),
        items=(
            CALM[0],
            Item("Keep my Quixotic side project out of everything", importance=1, keep_off=True),
        ),
        top3=("Keep my Quixotic side project out of everything", CALM[0].statement),
        absent=("Quixotic",),
        present=("details in CoachDesk",),
    ),
    Case(
        id="kept-off-canary-in-the-place-and-a-guests-role",
        story="The session is at the Meridian hotel with a Harrowgate lawyer, both private.",
        client="Sophie Laurent",
        preferred="Sophie",
        session=Upcoming(
            medium=Medium.IN_PERSON,
            location="Meridian Hotel, room 4",
            agenda="Prepare the Harrowgate settlement talk",
            guests=(Guest("Ellen Parr", "Harrowgate counsel"),),
        ),
        history=WEEKLY_IN_PERSON,
        items=(
            *CALM,
            Item(
                "Harrowgate and the Meridian meetings stay out of writing",
                keywords="Meridian, Harrowgate",
                keep_off=True,
                importance=3,
            ),
        ),
        top3=(
            "Harrowgate and the Meridian meetings stay out of writing",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (TELL, "Tell Sophie ahead of time that Ellen Parr will join", None),
            (PLACE, "Confirm with Sophie how and where you will meet", None),
        ),
        absent=("Meridian", "Harrowgate"),
        present=("Tell Sophie ahead of time that Ellen Parr will join",),
    ),
    Case(
        id="last-times-notes-stay-off-paper-by-default",
        story="Last time's notes are the coach's own; she did not choose to print them.",
        client="Lars Holm",
        preferred="Lars",
        session=Upcoming(),
        history=(
            Past(7, agenda="Team conflict", notes="Worried about the reorg rumours"),
            Past(14),
        ),
        items=CALM,
        top3=tuple(i.statement for i in CALM),
        absent=("reorg", "rumours"),
        present=("Team conflict",),
    ),
    Case(
        id="last-times-notes-printed-when-chosen",
        story="For Lars the coach chose to print last time's notes.",
        client="Lars Holm",
        preferred="Lars",
        session=Upcoming(),
        history=(
            Past(7, agenda="Team conflict", notes="Worried about the reorg rumours"),
            Past(14),
        ),
        print_private_notes=True,
        items=CALM,
        top3=tuple(i.statement for i in CALM),
        present=("Team conflict", "Worried about the reorg rumours"),
    ),
    Case(
        id="most-important-guest-wish-kept-off-paper-quotes-the-printable-one",
        story="Her top wish about guests names a lawyer and is kept off; a plainer one prints.",
        client="Anna Petrova",
        preferred="Anna",
        session=Upcoming(guests=(Guest("Rick Stone", "board member"),)),
        items=(
            Item(
                "Tell me first if Ravensworth's people will be in the room",
                importance=3,
                triggers=(Trigger.GUESTS,),
                keep_off=True,
            ),
            Item(HEARD, importance=2, triggers=(Trigger.GUESTS,)),
            CALM[0],
        ),
        top3=(
            "Tell me first if Ravensworth's people will be in the room",
            HEARD,
            CALM[0].statement,
        ),
        checklist=(
            (
                TELL,
                "Tell Anna ahead of time that Rick Stone will join",
                "Tell me first if Ravensworth's people will be in the room",
            ),
        ),
        absent=("Ravensworth",),
        present=(f"“{HEARD}”", "Anna's own words: a stated wish"),
    ),
    Case(
        id="retired-kept-off-item-still-guards-paper",
        story="An old, retired wish named Vondrakova; the agenda names her again.",
        client="Milan Horak",
        preferred="Milan",
        session=Upcoming(agenda="Vondrakova handover"),
        items=(
            *CALM,
            Item(
                "Never talk about Vondrakova in front of my team",
                keep_off=True,
                active=False,
            ),
        ),
        top3=tuple(i.statement for i in CALM),
        absent=("Vondrakova",),
        present=("kept off paper",),
    ),
    # --- whole weeks -----------------------------------------------------------------------------
    Case(
        id="first-session-no-history",
        story="A brand-new client; one wish captured at the chemistry call.",
        client="Olivia Grant",
        preferred="Liv",
        session=Upcoming(duration=90, agenda="Getting started"),
        history=(),
        items=(
            Item(
                "Go slow in the first sessions, I'm new to coaching",
                triggers=(Trigger.FIRST_SESSION,),
            ),
        ),
        top3=("Go slow in the first sessions, I'm new to coaching",),
        checklist=(),
        present=("What is no big deal to most people, but matters to you?", "Getting started"),
    ),
    Case(
        id="first-session-nothing-known-yet",
        story="Nothing recorded yet: the sheet says so and offers the three prompts.",
        client="Olivia Grant",
        preferred="Liv",
        session=Upcoming(),
        history=(),
        top3=(),
        checklist=(),
        present=(
            "Nothing recorded yet.",
            "What would make you trust a coach less, even a little?",
        ),
    ),
    Case(
        id="messy-week-fifteen-items",
        story=(
            "Moved at short notice, the CFO joins unannounced, budget review on the agenda, "
            "and fifteen things captured over a year."
        ),
        client="Rachel Adeyemi",
        preferred="Rachel",
        session=Upcoming(
            agenda="Budget review with the CFO",
            guests=(Guest("Daniel Frost", "CFO"),),
            moves=(Move(2),),
        ),
        promises=(Promise("Share the decision matrix", owner=PromiseOwner.CLIENT, due_in_days=1),),
        breaches=(Breach(9, "Ran 20 minutes over"),),
        items=(
            Item("Ask about my garden", importance=1),
            Item("Remember I'm vegetarian when we meet over lunch", importance=1),
            Item("Don't let me ramble about the past", importance=2),
            Item("Call out my excuses", importance=3),
            Item("I want to see your face, not a black screen", importance=2),
            Item(WARN, importance=2),
            Item("Tell me the day you change our time", importance=2),
            Item("Talk me through the numbers, I hate surprises", importance=3, keywords="budget"),
            Item("Respect my time, I have back-to-back meetings", importance=2),
            Item("Laugh with me sometimes", importance=1),
            Item(
                "Keep what I say about the CFO between us",
                importance=3,
                triggers=(Trigger.CONFIDENTIALITY,),
            ),
            Item("Ask before any recording", importance=3),
            Item("Remind me what I committed to", importance=1),
            Item("Check in on my sleep", importance=2),
            Item("Celebrate when I get it right", importance=2),
        ),
        top3=(
            "Keep what I say about the CFO between us",
            WARN,
            "Tell me the day you change our time",
        ),
        checklist=(
            (TELL, "Tell Rachel ahead of time that Daniel Frost will join", WARN),
            (
                TIME,
                "Confirm the new time with Rachel",
                "Tell me the day you change our time",
            ),
        ),
        present=("Budget review with the CFO", WARN),
    ),
    # --- more from real weeks --------------------------------------------------------------------
    Case(
        id="client-brings-a-guest-untagged-wish-still-ranks-first",
        story="Sam brings her own deputy; her wish about others sitting in still leads.",
        client="Samantha Reed",
        preferred="Sam",
        session=Upcoming(guests=(Guest("Joe Park", "deputy", GuestSource.CLIENT),)),
        items=(*CALM, Item(WARN, importance=1)),
        top3=(WARN, CALM[0].statement, CALM[1].statement),
        checklist=(),
        present=("Joe Park", WARN),
        absent=("not told yet", "ahead of time"),
    ),
    Case(
        id="join-the-dots-is-not-a-guest",
        story="'Join the dots' is about thinking, not about a guest joining.",
        client="Ruth Amsel",
        preferred="Ruth",
        session=Upcoming(guests=(Guest("Kim Lee", "observer"),)),
        items=(
            Item("Help me join the dots between my roles", importance=1),
            Item("Ask about my choir", importance=2),
            Item("Notice when I go quiet", importance=2),
        ),
        top3=(
            "Ask about my choir",
            "Notice when I go quiet",
            "Help me join the dots between my roles",
        ),
        checklist=((TELL, "Tell Ruth ahead of time that Kim Lee will join", None),),
    ),
    Case(
        id="record-year-is-not-about-recording",
        story="'A record year' on a recorded session must not be quoted for recording.",
        client="Tom Achterberg",
        preferred="Tom",
        session=Upcoming(recorded=True),
        items=(
            Item("We had a record year, celebrate it with me", importance=1),
            Item("Ask about my father", importance=2),
            Item("Keep me honest about my goals", importance=2, category=Category.CHARACTER),
        ),
        top3=(
            "Ask about my father",
            "Keep me honest about my goals",
            "We had a record year, celebrate it with me",
        ),
        checklist=((RECORD, "Ask Tom before recording", None),),
    ),
    Case(
        id="spanish-dismissal-of-recording",
        story="Carmen said she does not care whether it is recorded.",
        client="Carmen Ruiz",
        preferred="Carmen",
        session=Upcoming(recorded=True),
        items=(
            Item("Me da igual si grabas la sesión", importance=1, language="es"),
            Item("Pregúntame por mis hijos", importance=2, language="es"),
            Item("Ayúdame a decir que no", importance=2, language="es"),
        ),
        top3=(
            "Pregúntame por mis hijos",
            "Ayúdame a decir que no",
            "Me da igual si grabas la sesión",
        ),
        checklist=((RECORD, "Ask Carmen before recording", None),),
    ),
    Case(
        id="recording-wish-comes-before-a-plain-guest-courtesy",
        story="An unannounced guest (no wish) and a recorded session (a strong wish).",
        client="Jonas Weber",
        preferred="Jonas",
        session=Upcoming(recorded=True, guests=(Guest("Petra Lang", "supervisor"),)),
        items=(
            Item(
                "Bitte frag mich, bevor du unsere Sitzung aufnimmst",
                importance=3,
                language="de",
            ),
            CALM[0],
        ),
        top3=("Bitte frag mich, bevor du unsere Sitzung aufnimmst", CALM[0].statement),
        checklist=(
            (
                RECORD,
                "Ask Jonas before recording",
                "Bitte frag mich, bevor du unsere Sitzung aufnimmst",
            ),
            (TELL, "Tell Jonas ahead of time that Petra Lang will join", None),
        ),
    ),
    Case(
        id="last-session-was-moved-within-two-weeks",
        story="Last week's session was moved at the last minute; this one is as planned.",
        client="Aiko Tanaka",
        preferred="Aiko",
        session=Upcoming(),
        history=(Past(6, moved_days_ago=8), Past(14), Past(21)),
        items=(*CALM, Item("Moving our sessions at short notice throws my whole week")),
        top3=(
            "Moving our sessions at short notice throws my whole week",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(),
    ),
    Case(
        id="phone-after-mostly-video",
        story="Three video sessions and two calls lately; this one is a call again.",
        client="Lena Fischer",
        preferred="Lena",
        session=Upcoming(medium=Medium.PHONE),
        history=(
            Past(7),
            Past(14, Medium.PHONE),
            Past(21),
            Past(28, Medium.PHONE),
            Past(35),
        ),
        items=(*CALM, Item(FACE, importance=1)),
        top3=(FACE, CALM[0].statement, CALM[1].statement),
        checklist=((PLACE, "Confirm with Lena how and where you will meet", FACE),),
    ),
    Case(
        id="agenda-about-the-manager-fires-confidentiality",
        story="No guest, but the agenda is the talk with his manager.",
        client="Arjun Mehta",
        preferred="Arjun",
        session=Upcoming(agenda="Prepare the talk with my manager"),
        items=(*CALM, Item("What I tell you stays between you and me", importance=1)),
        top3=(
            "What I tell you stays between you and me",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(),
    ),
    Case(
        id="dismissed-money-but-time-matters-on-a-long-session",
        story="'Not about money, but start on time' on a 90-minute renewal session.",
        client="Ines Moreau",
        preferred="Ines",
        session=Upcoming(duration=90, agenda="Contract renewal"),
        items=(
            Item("Ask about my mother's health", importance=3),
            Item("It's not about money, but please start on time", importance=1),
        ),
        top3=(
            "It's not about money, but please start on time",
            "Ask about my mother's health",
        ),
        checklist=(),
    ),
    Case(
        id="dismissed-punctuality-on-a-long-session",
        story="Hugo does not care about ending on time; the session runs 90 minutes.",
        client="Hugo Lambert",
        preferred="Hugo",
        session=Upcoming(duration=90),
        items=(
            Item("I don't care about being on time, just be present", importance=1),
            Item("Ask about the sailing trip", importance=2),
            Item("Push back when I blame others", importance=2),
        ),
        top3=(
            "Ask about the sailing trip",
            "Push back when I blame others",
            "I don't care about being on time, just be present",
        ),
        checklist=(),
    ),
    Case(
        id="french-wish-about-overrunning-on-a-short-session",
        story="Only 45 minutes today; Camille hates it when the session runs over.",
        client="Camille Dubois",
        preferred="Camille",
        session=Upcoming(duration=45),
        items=(*CALM, Item("Je déteste quand on dépasse l'heure", language="fr")),
        top3=("Je déteste quand on dépasse l'heure", CALM[0].statement, CALM[1].statement),
        checklist=(),
    ),
    Case(
        id="client-promise-due-does-not-fire-follow-up",
        story="Only the client owes something; the coach's follow-up wish stays by importance.",
        client="Elif Yilmaz",
        preferred="Elif",
        session=Upcoming(),
        promises=(Promise("Draft the team charter", owner=PromiseOwner.CLIENT, due_in_days=1),),
        items=(
            *CALM,
            Item(
                "Follow through on what you offer",
                importance=1,
                triggers=(Trigger.FOLLOW_UP,),
            ),
        ),
        top3=tuple(i.statement for i in CALM),
        checklist=(),
        present=("Draft the team charter",),
    ),
    Case(
        id="coffee-on-the-agenda-is-not-a-fee",
        story="'Coffee chat' must not put the fee item first.",
        client="Mark Jensen",
        preferred="Mark",
        session=Upcoming(agenda="Coffee chat about goals"),
        items=(
            Item("Ask how the kids are doing", importance=2),
            Item("Be upfront about extra charges", importance=2, keywords="fee"),
        ),
        top3=("Ask how the kids are doing", "Be upfront about extra charges"),
        checklist=(),
    ),
    Case(
        id="accented-evaluation-keyword",
        story="The agenda says 'Évaluation annuelle'; the keyword was typed 'evaluation'.",
        client="Camille Dubois",
        preferred="Camille",
        session=Upcoming(agenda="Évaluation annuelle"),
        items=(*CALM, Item("Prepare me for the review meeting", keywords="evaluation")),
        top3=("Prepare me for the review meeting", CALM[0].statement, CALM[1].statement),
        checklist=(),
    ),
    Case(
        id="the-why-note-of-a-printable-item-is-printed",
        story="The coach's why note under the item reaches paper.",
        client="Nadia Petrov",
        preferred="Nadia",
        session=Upcoming(),
        items=(
            Item(
                "Don't rush me to a solution",
                why="A previous coach pushed her into a plan she regretted",
                importance=3,
            ),
        ),
        top3=("Don't rush me to a solution",),
        present=("A previous coach pushed her into a plan she regretted",),
    ),
    Case(
        id="kept-off-guest-name-never-printed",
        story="The ex-partner, whose name is in a kept-off wish, is added as a guest by mistake.",
        client="Laura Bianchi",
        preferred="Laura",
        session=Upcoming(guests=(Guest("Marcus Thornbury", "mediator"),)),
        items=(
            *CALM,
            Item("Never let Marcus Thornbury sit in on our sessions", keep_off=True),
        ),
        top3=(
            "Never let Marcus Thornbury sit in on our sessions",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                TELL,
                "Tell Laura ahead of time that Marcus Thornbury will join",
                "Never let Marcus Thornbury sit in on our sessions",
            ),
        ),
        absent=("Thornbury",),
        present=("kept off paper",),
    ),
    Case(
        id="german-kept-off-word-in-another-form",
        story="'Scheidung' is kept off; last time's agenda says 'Scheidungen'.",
        client="Katrin Vogel",
        preferred="Katrin",
        session=Upcoming(),
        history=(Past(7, agenda="Scheidungen und Kinder"), Past(14)),
        items=(*CALM, Item("Meine Scheidung bleibt unter uns", keep_off=True, language="de")),
        top3=tuple(i.statement for i in CALM),
        absent=("Scheidung",),
        present=("kept off paper",),
    ),
    Case(
        id="retired-printable-wish-does-not-unlock-a-kept-off-word",
        story=(
            "An old wish, retired, said the divorce could be discussed; today's wish keeps it "
            "off paper, and last time's agenda names it."
        ),
        client="Clara Novak",
        preferred="Clara",
        session=Upcoming(),
        history=(Past(7, agenda="Divorce paperwork"), Past(14)),
        items=(
            *CALM,
            Item("Keep my divorce strictly between us", keep_off=True),
            Item("The divorce is behind me, we can talk about it", active=False),
        ),
        top3=tuple(i.statement for i in CALM),
        absent=("divorce",),
    ),
    Case(
        id="a-printable-items-keywords-do-not-unlock-a-kept-off-word",
        story=(
            "A printable wish carries the keyword 'divorce' (keywords never reach paper); "
            "the kept-off wish names it; last time's agenda too."
        ),
        client="Clara Novak",
        preferred="Clara",
        session=Upcoming(),
        history=(Past(7, agenda="Divorce paperwork"), Past(14)),
        items=(
            *CALM,
            Item("Keep my divorce strictly between us", keep_off=True),
            Item("Go gently on family topics", importance=1, keywords="divorce, custody"),
        ),
        top3=tuple(i.statement for i in CALM),
        absent=("divorce",),
    ),
    Case(
        id="three-letter-acronym-kept-off",
        story="Their IVF is kept off paper; last time's agenda was 'IVF timeline and work'.",
        client="Emma Schultz",
        preferred="Emma",
        session=Upcoming(),
        history=(Past(7, agenda="IVF timeline and work"), Past(14)),
        items=(*CALM, Item("Please don't bring up our IVF in front of anyone", keep_off=True)),
        top3=tuple(i.statement for i in CALM),
        absent=("IVF",),
        present=("kept off paper",),
    ),
    Case(
        id="ticked-for-two-does-not-outrank-essential-ticked-for-one",
        story="A guest fires guests and confidentiality; importance decides before breadth.",
        client="Hannah Cole",
        preferred="Hannah",
        session=Upcoming(guests=(Guest("Dr. Ruth Adler", "supervisor", informed=True),)),
        items=(
            Item(
                "Keep the group stuff out of our one-to-ones",
                importance=2,
                triggers=(Trigger.GUESTS, Trigger.CONFIDENTIALITY),
            ),
            Item("Ask me before you invite observers", importance=3, triggers=(Trigger.GUESTS,)),
            CALM[0],
        ),
        top3=(
            "Ask me before you invite observers",
            "Keep the group stuff out of our one-to-ones",
            CALM[0].statement,
        ),
        checklist=(),
    ),
    Case(
        id="a-dont-wish-about-recording-is-quoted",
        story="'Never record our sessions' is a wish about recording, not a dismissal.",
        client="Priya Nair",
        preferred="Priya",
        session=Upcoming(recorded=True),
        items=(*CALM, Item("Never record our sessions", importance=3)),
        top3=("Never record our sessions", CALM[0].statement, CALM[1].statement),
        checklist=((RECORD, "Ask Priya before recording", "Never record our sessions"),),
        present=("“Never record our sessions”",),
    ),
    Case(
        id="fine-with-recording-is-not-quoted",
        story="Priya said she is fine with recording: the entry stays plain.",
        client="Priya Nair",
        preferred="Priya",
        session=Upcoming(recorded=True),
        items=(
            Item("I'm fine with you recording", importance=1),
            Item("Ask about my garden", importance=2),
            Item("Call me on my excuses", importance=2),
        ),
        top3=("Ask about my garden", "Call me on my excuses", "I'm fine with you recording"),
        checklist=((RECORD, "Ask Priya before recording", None),),
    ),
    Case(
        id="long-gap-is-named-on-the-sheet",
        story="Back after a nine-week break.",
        client="Lars Holm",
        preferred="Lars",
        session=Upcoming(),
        history=(Past(63), Past(70)),
        items=CALM,
        top3=tuple(i.statement for i in CALM),
        present=("first session in 9 weeks",),
    ),
    Case(
        id="terrible-tuesday",
        story=(
            "Phone instead of video, recorded for supervision, moved twice, a sponsor's "
            "guest, 45 minutes, back to back, 360 debrief and contract renewal, an overdue "
            "promise, and a long list of wishes, some kept off paper."
        ),
        client="Friederike Hahn",
        preferred="Fritzi",
        session=Upcoming(
            duration=45,
            medium=Medium.PHONE,
            recorded=True,
            agenda="360 feedback debrief\nContract renewal",
            guests=(Guest("Olaf Brandt", "HR business partner", GuestSource.SPONSOR),),
            moves=(Move(20, confirmed=True), Move(3)),
        ),
        nearby=(Nearby(50, 60),),
        promises=(Promise("Send the 360 summary template", due_in_days=-2),),
        breaches=(Breach(3, "Started eight minutes late", days_ago=40),),
        items=(
            Item("Ask about the allotment", importance=1),
            Item(
                "Bitte frag mich, bevor du unsere Sitzung aufnimmst",
                importance=2,
                language="de",
            ),
            Item("Please keep to the time we agreed", importance=2),
            Item(
                "My burnout leave is nobody's business",
                importance=3,
                keep_off=True,
                triggers=(Trigger.CONFIDENTIALITY,),
            ),
            Item("Send me the notes the same day", importance=2),
            Item(
                "Tell me before anyone from HR joins",
                importance=3,
                triggers=(Trigger.GUESTS,),
            ),
            Item("Be blunt with me about the 360", importance=1, keywords="360"),
            Item("Celebrate when I get it right", importance=3),
            Item("Don't surprise me with a new fee", importance=2, keywords="renewal"),
            Item("Phone is fine for quick check-ins", importance=1),
            Item("Remember my back surgery in March", importance=2, keep_off=True),
        ),
        # Both ticked and fired, importance 3, one circumstance each: the lower id first.
        # Then words that fit beat keywords alone; importance decides between those.
        top3=(
            "My burnout leave is nobody's business",
            "Tell me before anyone from HR joins",
            "Don't surprise me with a new fee",
        ),
        checklist=(
            (
                TELL,
                "Tell Fritzi ahead of time that Olaf Brandt will join",
                "Tell me before anyone from HR joins",
            ),
            (
                RECORD,
                "Ask Fritzi before recording",
                "Bitte frag mich, bevor du unsere Sitzung aufnimmst",
            ),
            (TIME, "Confirm the new time with Fritzi", None),
            (PLACE, "Confirm with Fritzi how and where you will meet", None),
        ),
        absent=("burnout", "surgery"),
        present=(
            "Tell Fritzi ahead of time that Olaf Brandt will join",
            "Ask Fritzi before recording",
            "Send the 360 summary template",
        ),
    ),
    # --- what the reader misses ------------------------------------------------------------------
    Case(
        id="ok-to-record-if-asked-first-is-still-a-wish",
        story="'I don't mind being recorded as long as you ask first': the ask is the wish.",
        client="Priya Nair",
        preferred="Priya",
        session=Upcoming(recorded=True),
        items=(*CALM, Item("I don't mind being recorded as long as you ask first", importance=1)),
        top3=(
            "I don't mind being recorded as long as you ask first",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                RECORD,
                "Ask Priya before recording",
                "I don't mind being recorded as long as you ask first",
            ),
        ),
    ),
    Case(
        id="guests-are-fine-but-tell-me-beforehand",
        story="'No problem with guests, but tell me beforehand' on a session with a guest.",
        client="Felix Braun",
        preferred="Felix",
        session=Upcoming(guests=(Guest("Nora Quist", "intern"),)),
        items=(*CALM, Item("No problem with guests, but tell me beforehand", importance=1)),
        top3=(
            "No problem with guests, but tell me beforehand",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                TELL,
                "Tell Felix ahead of time that Nora Quist will join",
                "No problem with guests, but tell me beforehand",
            ),
        ),
    ),
    Case(
        id="surprise-visitors-are-guests",
        story="'I hate surprise visitors in my sessions' on a session with an unannounced guest.",
        client="Ruth Amsel",
        preferred="Ruth",
        session=Upcoming(guests=(Guest("Kim Lee", "observer"),)),
        items=(*CALM, Item("I hate surprise visitors in my sessions", importance=1)),
        top3=(
            "I hate surprise visitors in my sessions",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                TELL,
                "Tell Ruth ahead of time that Kim Lee will join",
                "I hate surprise visitors in my sessions",
            ),
        ),
    ),
    Case(
        id="german-compound-surprise-guests",
        story="'Keine Überraschungsgäste bitte' on a session with an unannounced guest.",
        client="Jonas Weber",
        preferred="Jonas",
        session=Upcoming(guests=(Guest("Petra Lang", "Supervisorin"),)),
        items=(*CALM, Item("Keine Überraschungsgäste bitte", importance=1, language="de")),
        top3=("Keine Überraschungsgäste bitte", CALM[0].statement, CALM[1].statement),
        checklist=(
            (
                TELL,
                "Tell Jonas ahead of time that Petra Lang will join",
                "Keine Überraschungsgäste bitte",
            ),
        ),
    ),
    # --- a few more ------------------------------------------------------------------------------
    Case(
        id="phone-is-fine-but-never-record-on-a-recorded-call",
        story="A recorded phone call; 'I don't mind phone sessions, but never record them'.",
        client="Amir Said",
        preferred="Amir",
        session=Upcoming(medium=Medium.PHONE, recorded=True),
        items=(*CALM, Item("I don't mind phone sessions, but never record them", importance=1)),
        top3=(
            "I don't mind phone sessions, but never record them",
            CALM[0].statement,
            CALM[1].statement,
        ),
        # The stated wish (priority 2) comes before the plain courtesy (priority 1).
        checklist=(
            (
                RECORD,
                "Ask Amir before recording",
                "I don't mind phone sessions, but never record them",
            ),
            (PLACE, "Confirm with Amir how and where you will meet", None),
        ),
    ),
    Case(
        id="retired-guest-wish-is-not-quoted",
        story="Years ago Sam asked to be warned about guests; she retired that wish.",
        client="Samantha Reed",
        preferred="Sam",
        session=Upcoming(guests=(Guest("Priya Shah", "HR partner"),)),
        items=(*CALM, Item(WARN, importance=3, active=False)),
        top3=tuple(i.statement for i in CALM),
        checklist=((TELL, "Tell Sam ahead of time that Priya Shah will join", None),),
        absent=(WARN,),
    ),
    Case(
        id="two-guests-one-brought-by-the-client",
        story="Omar brings his co-founder; the coach adds a supervisor Omar has not heard of.",
        client="Omar Haddad",
        preferred="Omar",
        session=Upcoming(
            guests=(
                Guest("Lina Haddad", "co-founder", GuestSource.CLIENT),
                Guest("Dr. Ruth Adler", "supervisor"),
            )
        ),
        items=(*CALM, Item("Ich will nicht, dass jemand anderes zuhört", language="de")),
        top3=(
            "Ich will nicht, dass jemand anderes zuhört",
            CALM[0].statement,
            CALM[1].statement,
        ),
        checklist=(
            (
                TELL,
                "Tell Omar ahead of time that Dr. Ruth Adler will join",
                "Ich will nicht, dass jemand anderes zuhört",
            ),
        ),
        present=("Tell Omar ahead of time that Dr. Ruth Adler will join", "Lina Haddad"),
        absent=("that Lina Haddad will join",),
    ),
    Case(
        id="french-recording-wish-with-an-elision",
        story="'Pas d'enregistrement sans mon accord' on a recorded session.",
        client="Camille Dubois",
        preferred="Camille",
        session=Upcoming(recorded=True),
        items=(*CALM, Item("Pas d'enregistrement sans mon accord", importance=1, language="fr")),
        top3=("Pas d'enregistrement sans mon accord", CALM[0].statement, CALM[1].statement),
        checklist=(
            (RECORD, "Ask Camille before recording", "Pas d'enregistrement sans mon accord"),
        ),
        present=("Pas d'enregistrement sans mon accord",),
    ),
    Case(
        id="keep-to-the-agreed-time-on-a-short-session",
        story="Only 45 minutes today; Zoe asked to keep to the time agreed.",
        client="Zoe Carter",
        preferred="Zoe",
        session=Upcoming(duration=45),
        items=(*CALM, Item("Please keep to the time we agreed", importance=1)),
        top3=("Please keep to the time we agreed", CALM[0].statement, CALM[1].statement),
        checklist=(),
    ),
)
