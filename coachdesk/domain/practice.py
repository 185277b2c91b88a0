"""The everyday records of a practice as plain values, and the rules they must satisfy.

Sessions (with their guests), the things that matter to a client, breaches
and their repair, and promises.  ``*Data`` classes are what a dialog edits
and the storage layer writes; ``*Row`` classes are what lists show.  Each
``validate_*`` runs as the coach types and again in the storage layer before
anything is written.  Times are timezone-aware; dates are plain dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coachdesk.domain.clients import FieldError, range_errors
from coachdesk.domain.dates import ends_at
from coachdesk.domain.notice import NoticeError, parse_notice
from coachdesk.domain.vocab import (
    Category,
    ClientStatus,
    GuestSource,
    Language,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)

TEXT_MAX = 20_000
LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language if language.value)
"""The languages an item's words can be set to; "" leaves it to be guessed from the words."""
LINE_MAX = 500
NOTICE_MAX = 64
DURATION_MAX = 12 * 60


def _too_long(name: str, label: str, value: str, limit: int) -> list[FieldError]:
    if len(value) > limit:
        return [FieldError(name, f"The {label} is too long (at most {limit:,} characters).")]
    return []


# --- sessions and guests ----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionData:
    """The editable fields of a session.  ``start`` is timezone-aware."""

    client_id: int
    start: datetime
    duration_minutes: int = 60
    medium: Medium = Medium.VIDEO
    location: str = ""
    agenda: str = ""
    private_notes: str = ""
    recorded: bool = False


@dataclass(frozen=True)
class GuestRow:
    id: int
    session_id: int
    name: str
    role: str = ""
    client_informed_at: datetime | None = None
    brought_by: GuestSource = GuestSource.COACH

    @property
    def announced(self) -> bool:
        return self.client_informed_at is not None

    @property
    def needs_telling(self) -> bool:
        """The client has not been told, and did not bring the guest themselves."""
        return not self.announced and self.brought_by is not GuestSource.CLIENT


@dataclass(frozen=True)
class MoveRow:
    """One move of a session's start (aware times); confirmed when the client agreed."""

    from_start: datetime
    to_start: datetime
    moved_at: datetime
    confirmed_at: datetime | None = None


@dataclass(frozen=True)
class SessionRow:
    """A session as lists show it, with what needs doing before it."""

    id: int
    client_id: int
    client_name: str
    start: datetime
    duration_minutes: int
    medium: Medium
    location: str
    status: SessionStatus
    original_start: datetime | None = None
    agenda: str = ""
    private_notes: str = ""
    recorded: bool = False
    guests: tuple[GuestRow, ...] = ()
    reschedule_confirmed_at: datetime | None = None
    place_confirmed_at: datetime | None = None
    moves: tuple[MoveRow, ...] = ()
    """Every move of the start, oldest first (``original_start`` is the first one's from)."""
    recording_consent_at: datetime | None = None
    """When the client agreed to this session being recorded; None: not asked yet."""
    clocks_confirmed_at: datetime | None = None
    """When the coach confirmed the time with a client whose clocks change before it."""
    client_time_zone: str = ""
    """The client's time zone (an IANA name); "": the coach's own."""

    @property
    def rescheduled(self) -> bool:
        return self.original_start is not None and self.original_start != self.start

    @property
    def reschedule_unconfirmed(self) -> bool:
        return self.rescheduled and self.reschedule_confirmed_at is None

    @property
    def unannounced_guests(self) -> tuple[GuestRow, ...]:
        """Guests the client still needs to hear about (not those the client brought)."""
        return tuple(guest for guest in self.guests if guest.needs_telling)

    def to_do_before(self, client: str | None = None) -> list[str]:
        """What the coach should do before this session, worded as everywhere else (the
        prep's checklist, Today); ``client``: what to call them (default: their name)."""
        who = client or self.client_name
        things = [tell_guest(who, guest.name) for guest in self.unannounced_guests]
        if self.reschedule_unconfirmed:
            things.append(confirm_time(who))
        return things

    def needs_attention(self, now: datetime) -> bool:
        """An upcoming planned session with something to do first (unannounced guest, an
        unconfirmed new time)."""
        return (
            self.status is SessionStatus.PLANNED
            and ends_at(self.start, self.duration_minutes) >= now
            and bool(self.to_do_before())
        )


def tell_guest(client: str, guest: str) -> str:
    """The one wording of the to-do for a guest the client has not been told about."""
    return f"Tell {client} ahead of time that {guest} will join"


def confirm_time(client: str) -> str:
    """The one wording of the to-do for a moved session whose new time is not confirmed."""
    return f"Confirm the new time with {client}"


def validate_session(data: SessionData) -> list[FieldError]:
    errors: list[FieldError] = []
    if data.start.tzinfo is None:
        errors.append(FieldError("start", "The start time needs a time zone."))
    errors += range_errors(("start", "the start", data.start))
    if not 1 <= data.duration_minutes <= DURATION_MAX:
        errors.append(
            FieldError("duration_minutes", "The duration should be between 1 minute and 12 hours.")
        )
    errors += _too_long("location", "place or link", data.location, LINE_MAX)
    errors += _too_long("agenda", "agenda", data.agenda, TEXT_MAX)
    errors += _too_long("private_notes", "private notes", data.private_notes, TEXT_MAX)
    return errors


def planned_in_the_past(start: datetime, now: datetime) -> bool:
    """A warning, not an error: planning a session that already started is usually a slip."""
    return start < now


def validate_guest(name: str, role: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not name.strip():
        errors.append(FieldError("name", "The guest needs a name."))
    errors += _too_long("name", "guest's name", name.strip(), 200)
    errors += _too_long("role", "role or organisation", role.strip(), 200)
    return errors


# --- what matters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MatterData:
    """Something the client said matters to them, in their own words."""

    client_id: int
    statement: str
    why: str = ""
    category: Category = Category.CONNECTION
    importance: int = 2
    triggers: frozenset[Trigger] = field(default_factory=frozenset)
    keywords: str = ""
    source_session_id: int | None = None
    captured_on: date | None = None
    last_confirmed_on: date | None = None
    keep_off_printouts: bool = False
    active: bool = True
    language: str = ""
    """The language of the client's words, one of ``LANGUAGES``; "" = guess from the words."""
    notice: str = ""
    """How much notice the client needs, as ``Notice.text``; "" = the checklist's default."""


@dataclass(frozen=True)
class MatterRow:
    id: int
    client_id: int
    statement: str
    why: str
    category: Category
    importance: int
    triggers: frozenset[Trigger]
    keywords: str
    source_session_id: int | None
    captured_on: date
    last_confirmed_on: date | None
    keep_off_printouts: bool
    active: bool
    open_breaches: int = 0
    breaches: int = 0
    language: str = ""
    honoured: int = 0
    """Sessions whose review said this item was honoured."""
    answered: int = 0
    """Sessions whose review said honoured or missed (not "not relevant")."""
    notice: str = ""
    """How much notice the client needs (``Notice.text``); "" = the checklist's default."""


def split_keywords(text: str) -> list[str]:
    """'deadline, board; sponsor' -> ['deadline', 'board', 'sponsor'] (order kept, no repeats)."""
    seen: dict[str, None] = {}
    for part in text.replace(";", ",").split(","):
        word = part.strip()
        if word and word.casefold() not in {key.casefold() for key in seen}:
            seen[word] = None
    return list(seen)


def validate_matter(data: MatterData) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.statement.strip():
        errors.append(
            FieldError("statement", "Write what matters to them, in the client's own words.")
        )
    errors += _too_long("statement", "client's words", data.statement, TEXT_MAX)
    errors += _too_long("why", "note on why", data.why, TEXT_MAX)
    errors += _too_long("keywords", "keyword list", data.keywords, LINE_MAX)
    errors += _too_long("notice", "notice", data.notice.strip(), NOTICE_MAX)
    if data.importance not in (1, 2, 3):
        errors.append(FieldError("importance", "Importance is 1, 2 or 3."))
    try:
        parse_notice(data.notice)
    except NoticeError as error:
        errors.append(FieldError("notice", str(error)))
    if data.language and data.language not in LANGUAGES:
        errors.append(
            FieldError("language", "The language is English, German, French, Spanish or not set.")
        )
    errors += range_errors(
        ("captured_on", "the date it was noted", data.captured_on),
        ("last_confirmed_on", "the date it was last confirmed", data.last_confirmed_on),
    )
    return errors


# --- breaches ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreachData:
    """A time a Matter was missed.  ``matter_id`` None: the dialog creates the matter too."""

    matter_id: int | None
    occurred_on: date
    session_id: int | None = None
    commitment_id: int | None = None
    what_happened: str = ""
    how_it_landed: str = ""
    severity: int = 2
    repair_status: RepairStatus = RepairStatus.OPEN
    repair_notes: str = ""
    repaired_on: date | None = None


@dataclass(frozen=True)
class BreachRow:
    id: int
    client_id: int
    matter_id: int
    matter_statement: str
    category: Category
    occurred_on: date
    session_id: int | None
    commitment_id: int | None
    what_happened: str
    how_it_landed: str
    severity: int
    repair_status: RepairStatus
    repair_notes: str
    repaired_on: date | None
    client_name: str = ""

    @property
    def open(self) -> bool:
        return self.repair_status is not RepairStatus.REPAIRED


def validate_breach(data: BreachData, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if data.occurred_on > today:
        errors.append(FieldError("occurred_on", "A breach cannot be dated in the future."))
    if not data.what_happened.strip():
        errors.append(FieldError("what_happened", "Say briefly what happened."))
    errors += _too_long("what_happened", "account of what happened", data.what_happened, TEXT_MAX)
    errors += _too_long("how_it_landed", "client's words", data.how_it_landed, TEXT_MAX)
    errors += _too_long("repair_notes", "repair notes", data.repair_notes, TEXT_MAX)
    if data.severity not in (1, 2, 3):
        errors.append(FieldError("severity", "Severity is 1, 2 or 3."))
    if data.repair_status is RepairStatus.REPAIRED and data.repaired_on is None:
        errors.append(FieldError("repaired_on", "Give the date it was repaired."))
    if data.repaired_on is not None and data.repaired_on < data.occurred_on:
        errors.append(FieldError("repaired_on", "The repair cannot come before the breach."))
    errors += range_errors(
        ("occurred_on", "the date it happened", data.occurred_on),
        ("repaired_on", "the date it was repaired", data.repaired_on),
    )
    return errors


# --- promises ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PromiseData:
    client_id: int
    owner: PromiseOwner
    text: str
    due_on: date | None = None
    session_id: int | None = None
    status: PromiseStatus = PromiseStatus.OPEN


@dataclass(frozen=True)
class PromiseRow:
    id: int
    client_id: int
    client_name: str
    owner: PromiseOwner
    text: str
    due_on: date | None
    session_id: int | None
    status: PromiseStatus
    made_on: date

    def overdue(self, today: date) -> bool:
        return self.status is PromiseStatus.OPEN and self.due_on is not None and self.due_on < today


def validate_promise(data: PromiseData) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.text.strip():
        errors.append(FieldError("text", "Write what was promised."))
    errors += _too_long("text", "promise", data.text, TEXT_MAX)
    errors += range_errors(("due_on", "the due date", data.due_on))
    return errors


# --- overviews --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event on a client's timeline."""

    when: datetime
    kind: str  # "session", "matter", "breach", "repair", "promise"
    title: str
    detail: str = ""
    ref_id: int = 0


@dataclass(frozen=True)
class ClientOverview:
    """Everything the client page shows, read in one unit of work."""

    client_id: int
    name: str
    preferred_name: str
    pronouns: str
    organisation: str
    role: str
    email: str
    phone: str
    status: ClientStatus
    started_on: date | None
    sessions: tuple[SessionRow, ...]
    matters: tuple[MatterRow, ...]
    breaches: tuple[BreachRow, ...]
    promises: tuple[PromiseRow, ...]

    @property
    def open_repairs(self) -> tuple[BreachRow, ...]:
        return tuple(breach for breach in self.breaches if breach.open)


@dataclass(frozen=True)
class TodayOverview:
    """What is due: the sessions that have ended without being closed (newest first), the
    next days' sessions still to end, overdue promises (coach's first), open repairs.

    The lists but the next days' sessions are capped (the most pressing first); the totals
    say how many there are.
    """

    sessions: tuple[SessionRow, ...]
    overdue_promises: tuple[PromiseRow, ...]
    open_repairs: tuple[BreachRow, ...]
    overdue_total: int = 0
    repairs_total: int = 0
    unclosed: tuple[SessionRow, ...] = ()
    """Planned sessions that have ended: did they happen?"""
    unclosed_total: int = 0


def _midday(day: date, like: datetime) -> datetime:
    return datetime.combine(day, datetime.min.time(), like.tzinfo) + timedelta(hours=12)


def build_timeline(overview: ClientOverview) -> list[TimelineEntry]:
    """Sessions, captured matters, breaches, repairs and promises merged, newest first."""
    from coachdesk.domain.vocab import PromiseOwner

    entries: list[TimelineEntry] = []
    anchor = overview.sessions[0].start if overview.sessions else datetime.now().astimezone()
    for session in overview.sessions:
        title = f"Session ({session.status.label.lower()}, {session.medium.label.lower()})"
        if session.rescheduled and session.original_start is not None:
            title += ", moved"
        entries.append(TimelineEntry(session.start, "session", title, session.agenda, session.id))
    for matter in overview.matters:
        entries.append(
            TimelineEntry(
                _midday(matter.captured_on, anchor),
                "matter",
                "Said what matters" + ("" if matter.active else " (retired)"),
                f"“{matter.statement}”",
                matter.id,
            )
        )
    for breach in overview.breaches:
        entries.append(
            TimelineEntry(
                _midday(breach.occurred_on, anchor),
                "breach",
                f"Breach (severity {breach.severity}, repair {breach.repair_status.label.lower()})",
                breach.what_happened,
                breach.id,
            )
        )
        if breach.repaired_on is not None:
            entries.append(
                TimelineEntry(
                    _midday(breach.repaired_on, anchor),
                    "repair",
                    "Repaired",
                    breach.repair_notes,
                    breach.id,
                )
            )
    for promise in overview.promises:
        owner = "Coach" if promise.owner is PromiseOwner.COACH else "Client"
        entries.append(
            TimelineEntry(
                _midday(promise.made_on, anchor),
                "promise",
                f"{owner} promised ({promise.status.label.lower()})",
                promise.text,
                promise.id,
            )
        )
    entries.sort(key=lambda entry: (entry.when, entry.kind), reverse=True)
    return entries


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the coach's local time zone, aware (right across a change to or
    from summer time, unlike adding days to a fixed offset)."""
    return datetime.combine(day, datetime.min.time()).astimezone()
