"""The CoachDesk data format's tables: every record and field (``docs/data-format.md``).

One table (``CLIENT``, with the records nested in it) describes every record and field of
the format, in the order the export writes them; ``RECORDS`` lists them all and
``DOCUMENT_FIELDS`` the top-level fields.  The import checks a document against them
(``checking``), ``json_schema()`` publishes them (``schema``), and the docs name every field.
A record read from a document is ``Parsed``: its fields' values by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from coachdesk.domain.clients import NAME_MAX, NOTES_MAX, SHORT_TEXT_MAX
from coachdesk.domain.feedback import SCALE
from coachdesk.domain.notice import ZONE_MAX
from coachdesk.domain.practice import DURATION_MAX, LINE_MAX, NOTICE_MAX, TEXT_MAX
from coachdesk.domain.vocab import (
    Category,
    ClientStatus,
    GuestSource,
    HonourOutcome,
    Language,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)

FORMAT = "coachdesk-data"
VERSION = 1

REF_MAX = 100
COMMENT_MAX = 4000
QUESTION_MAX = 1000
EMAIL_MAX = 320
PHONE_MAX = 64
ANSWERS_MAX = 50
POSITION_MAX = 1000

Parsed = dict[str, Any]
"""A record as the import reads it: its fields' Python values by name, and its ``place``."""


class FieldKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    INT = "int"
    ENUM = "enum"
    REF = "ref"
    LINK = "link"
    LIST = "list"  # of records
    RECORD = "record"  # one nested record, or null
    ENUM_LIST = "enum_list"  # a list of distinct vocabulary values


@dataclass(frozen=True)
class Field:
    """One field of a record: its JSON name, kind, whether it must be present, and limits."""

    name: str
    kind: FieldKind
    doc: str
    required: bool = False
    nullable: bool = False
    default: Any = None
    max_length: int = TEXT_MAX
    choices: type[StrEnum] | None = None
    low: int | None = None
    high: int | None = None
    target: str = ""  # LINK: the kind of record it names ("session", "promise")
    record: Record | None = None  # LIST / RECORD: the nested record


@dataclass(frozen=True)
class Record:
    """A kind of record: its name (also the prefix of its refs), title and fields in order."""

    name: str
    title: str
    fields: tuple[Field, ...]
    has_ref: bool = True
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})


def _text(name: str, doc: str, max_length: int = TEXT_MAX, **kw: Any) -> Field:
    return Field(name, FieldKind.TEXT, doc, default="", max_length=max_length, **kw)


def _stamps() -> tuple[Field, ...]:
    return (
        Field("created_at", FieldKind.DATETIME, "When the record was created (UTC).", default=None),
        Field("updated_at", FieldKind.DATETIME, "When it was last changed (UTC).", default=None),
    )


def _ref(kind: str) -> Field:
    return Field(
        "ref",
        FieldKind.REF,
        f"This {kind}'s name in the file (e.g. “{kind}-1”), for links; unique in the file.",
        max_length=REF_MAX,
    )


GUEST = Record(
    "guest",
    "Guest",
    (
        _text("name", "Who joins the session.", NAME_MAX, required=True),
        _text("role", "Their role or organisation.", SHORT_TEXT_MAX),
        Field(
            "client_informed_at",
            FieldKind.DATETIME,
            "When the coach told the client this guest joins; null: not yet.",
            nullable=True,
        ),
        Field(
            "brought_by",
            FieldKind.ENUM,
            "Who brought the guest: coach, client (no need to tell the client) or sponsor.",
            default=GuestSource.COACH,
            choices=GuestSource,
        ),
        *_stamps(),
    ),
    has_ref=False,
)

MOVE = Record(
    "move",
    "Move of a session",
    (
        Field("from", FieldKind.DATETIME, "The start before the move (UTC).", required=True),
        Field("to", FieldKind.DATETIME, "The start after the move (UTC).", required=True),
        Field("moved_at", FieldKind.DATETIME, "When the session was moved (UTC).", required=True),
        Field(
            "confirmed_at",
            FieldKind.DATETIME,
            "When the client confirmed the new time; null: not confirmed.",
            nullable=True,
        ),
        *_stamps(),
    ),
    has_ref=False,
)

ANSWER = Record(
    "answer",
    "Feedback answer",
    (
        Field(
            "position",
            FieldKind.INT,
            "The question's place in the list, from 0.",
            default=0,
            low=0,
            high=POSITION_MAX,
        ),
        _text("question", "The question, as it was asked.", QUESTION_MAX, required=True),
        Field(
            "predicted",
            FieldKind.INT,
            "The coach's prediction, 1–5; null: none.",
            nullable=True,
            low=SCALE[0],
            high=SCALE[-1],
        ),
        Field(
            "reported",
            FieldKind.INT,
            "The client's answer, 1–5; null: not yet.",
            nullable=True,
            low=SCALE[0],
            high=SCALE[-1],
        ),
        *_stamps(),
    ),
    has_ref=False,
)

FEEDBACK = Record(
    "feedback",
    "Feedback (pulse check)",
    (
        Field(
            "predicted_at",
            FieldKind.DATETIME,
            "When the coach recorded the prediction; null: not (yet) predicted.",
            nullable=True,
        ),
        Field(
            "prediction_skipped",
            FieldKind.BOOL,
            "The coach chose not to predict.",
            default=False,
        ),
        Field(
            "reported_at",
            FieldKind.DATETIME,
            "When the client's answers were recorded; null: not yet.",
            nullable=True,
        ),
        _text("comment", "The client's comment, in their own words.", COMMENT_MAX),
        *_stamps(),
        Field(
            "answers",
            FieldKind.LIST,
            "One per question, in order.",
            default=(),
            high=ANSWERS_MAX,
            record=ANSWER,
        ),
    ),
    has_ref=False,
)

SESSION = Record(
    "session",
    "Session",
    (
        _ref("session"),
        Field("start", FieldKind.DATETIME, "When it starts (UTC).", required=True),
        Field(
            "duration_minutes",
            FieldKind.INT,
            f"Length in minutes, 1–{DURATION_MAX}.",
            default=60,
            low=1,
            high=DURATION_MAX,
        ),
        Field("medium", FieldKind.ENUM, "How they meet.", default=Medium.VIDEO, choices=Medium),
        _text("location", "Place or link.", LINE_MAX),
        Field(
            "status",
            FieldKind.ENUM,
            "Planned, held, cancelled or no-show.",
            default=SessionStatus.PLANNED,
            choices=SessionStatus,
        ),
        Field(
            "original_start",
            FieldKind.DATETIME,
            "The first planned start, when the session was moved; null otherwise.",
            nullable=True,
        ),
        _text("agenda", "The agenda."),
        _text("private_notes", "The coach's private notes."),
        Field("recorded", FieldKind.BOOL, "The session is recorded.", default=False),
        Field(
            "reschedule_confirmed_at",
            FieldKind.DATETIME,
            "When the client confirmed the new time after a move; null: not confirmed.",
            nullable=True,
        ),
        Field(
            "place_confirmed_at",
            FieldKind.DATETIME,
            "When the coach confirmed an unusual place or medium with the client.",
            nullable=True,
        ),
        Field(
            "recording_consent_at",
            FieldKind.DATETIME,
            "When the client agreed to the session being recorded; null: not (yet) asked.",
            nullable=True,
        ),
        Field(
            "clocks_confirmed_at",
            FieldKind.DATETIME,
            "When the coach confirmed the time with a client whose clocks change before the "
            "session; null: not confirmed.",
            nullable=True,
        ),
        *_stamps(),
        Field(
            "guests",
            FieldKind.LIST,
            "Other people joining the session.",
            default=(),
            record=GUEST,
        ),
        Field(
            "moves",
            FieldKind.LIST,
            "Every move of the start, oldest first. When empty and original_start is set (a "
            "file from before moves were kept), the import makes that one move.",
            default=(),
            record=MOVE,
        ),
        Field(
            "feedback",
            FieldKind.RECORD,
            "The client's feedback on the session and the coach's prediction; null: none.",
            nullable=True,
            record=FEEDBACK,
        ),
    ),
)

PROMISE = Record(
    "promise",
    "Promise",
    (
        _ref("promise"),
        Field(
            "owner",
            FieldKind.ENUM,
            "Who promised: coach or client.",
            default=PromiseOwner.COACH,
            choices=PromiseOwner,
        ),
        _text("text", "What was promised.", required=True),
        Field("due_on", FieldKind.DATE, "When it is due; null: no date.", nullable=True),
        Field(
            "session",
            FieldKind.LINK,
            "The ref of the session where it was made; null: none.",
            nullable=True,
            target="session",
            max_length=REF_MAX,
        ),
        Field(
            "status",
            FieldKind.ENUM,
            "Open, kept or missed.",
            default=PromiseStatus.OPEN,
            choices=PromiseStatus,
        ),
        *_stamps(),
    ),
)

BREACH = Record(
    "breach",
    "Breach",
    (
        _ref("breach"),
        Field("occurred_on", FieldKind.DATE, "When it happened.", required=True),
        Field(
            "session",
            FieldKind.LINK,
            "The ref of the session it happened in; null: none.",
            nullable=True,
            target="session",
            max_length=REF_MAX,
        ),
        Field(
            "promise",
            FieldKind.LINK,
            "The ref of the missed promise it came from; null: none.",
            nullable=True,
            target="promise",
            max_length=REF_MAX,
        ),
        _text("what_happened", "What happened, in the coach's words.", required=True),
        _text("how_it_landed", "How it landed, in the client's words."),
        Field("severity", FieldKind.INT, "1–3.", default=2, low=1, high=3),
        Field(
            "repair_status",
            FieldKind.ENUM,
            "Open, acknowledged or repaired.",
            default=RepairStatus.OPEN,
            choices=RepairStatus,
        ),
        _text("repair_notes", "How it was repaired."),
        Field("repaired_on", FieldKind.DATE, "When it was repaired; null: not yet.", nullable=True),
        *_stamps(),
    ),
)

HONOUR = Record(
    "honour_check",
    "Honour check",
    (
        Field(
            "session",
            FieldKind.LINK,
            "The ref of the reviewed session (the client's own).",
            required=True,
            target="session",
            max_length=REF_MAX,
        ),
        Field(
            "outcome",
            FieldKind.ENUM,
            "Honoured, missed or not relevant, as the coach answered in the session's review.",
            required=True,
            choices=HonourOutcome,
        ),
        Field(
            "fired",
            FieldKind.BOOL,
            "The session's circumstances made the item relevant (the prep surfaced it).",
            default=False,
        ),
        *_stamps(),
    ),
)

MATTER = Record(
    "matter",
    "What matters (item)",
    (
        _ref("matter"),
        _text("statement", "What matters, in the client's own words.", required=True),
        _text("why", "The coach's note on why."),
        Field(
            "category",
            FieldKind.ENUM,
            "One of the five Cs of trustworthiness.",
            default=Category.CONNECTION,
            choices=Category,
        ),
        Field("importance", FieldKind.INT, "1–3.", default=2, low=1, high=3),
        Field(
            "triggers",
            FieldKind.ENUM_LIST,
            "Circumstances of a session that make it relevant (no repeats).",
            default=(),
            choices=Trigger,
        ),
        _text("keywords", "Comma-separated free keywords.", LINE_MAX),
        Field(
            "language",
            FieldKind.ENUM,
            "The language of the client's words (en, de, fr, es); empty: guessed from them.",
            default=Language.NOT_SET,
            choices=Language,
        ),
        _text(
            "notice",
            "How much notice the client needs, in their terms (“a day”, “2 working days”, "
            "“a week”); empty: the checklist's default (a guest 24 hours, a move 48 hours).",
            NOTICE_MAX,
        ),
        Field(
            "source_session",
            FieldKind.LINK,
            "The ref of the session where the client said it; null: none.",
            nullable=True,
            target="session",
            max_length=REF_MAX,
        ),
        Field("captured_on", FieldKind.DATE, "When the coach noted it.", required=True),
        Field(
            "last_confirmed_on",
            FieldKind.DATE,
            "When the client last confirmed it still matters; null: never.",
            nullable=True,
        ),
        Field(
            "keep_off_printouts",
            FieldKind.BOOL,
            "Never printed on a prep sheet.",
            default=False,
        ),
        Field("active", FieldKind.BOOL, "False: retired.", default=True),
        *_stamps(),
        Field(
            "breaches",
            FieldKind.LIST,
            "Times it was missed, and their repair.",
            default=(),
            record=BREACH,
        ),
        Field(
            "honour_checks",
            FieldKind.LIST,
            "How the coach did on it in each reviewed session, one per session.",
            default=(),
            record=HONOUR,
        ),
    ),
)

CLIENT = Record(
    "client",
    "Client",
    (
        _ref("client"),
        _text("name", "The client's name.", NAME_MAX, required=True),
        _text("preferred_name", "What they like to be called.", SHORT_TEXT_MAX),
        _text("pronouns", "Their pronouns.", SHORT_TEXT_MAX),
        _text("email", "Email address.", EMAIL_MAX),
        _text("phone", "Phone number.", PHONE_MAX),
        _text("organisation", "Organisation.", SHORT_TEXT_MAX),
        _text("role", "Role.", SHORT_TEXT_MAX),
        Field(
            "status",
            FieldKind.ENUM,
            "Prospect, active, paused or ended.",
            default=ClientStatus.ACTIVE,
            choices=ClientStatus,
        ),
        Field(
            "started_on", FieldKind.DATE, "When the coaching started; null: not set.", nullable=True
        ),
        _text("private_notes", "The coach's private notes.", NOTES_MAX),
        Field(
            "print_private_notes",
            FieldKind.BOOL,
            "The coach chose to print last time's private notes on this client's prep sheets.",
            default=False,
        ),
        Field(
            "usual_medium",
            FieldKind.ENUM,
            "How they usually meet, when the coach set it; null: derived from recent sessions.",
            nullable=True,
            choices=Medium,
        ),
        _text("usual_location", "The usual place or link.", LINE_MAX),
        _text(
            "time_zone",
            "Where the client lives by the clock, an IANA name (“America/New_York”); "
            "empty: the coach's own.",
            ZONE_MAX,
        ),
        *_stamps(),
        Field("sessions", FieldKind.LIST, "Their sessions.", default=(), record=SESSION),
        Field("matters", FieldKind.LIST, "What matters to them.", default=(), record=MATTER),
        Field("promises", FieldKind.LIST, "Promises by or to them.", default=(), record=PROMISE),
    ),
)

RECORDS: tuple[Record, ...] = (
    CLIENT,
    SESSION,
    GUEST,
    MOVE,
    FEEDBACK,
    ANSWER,
    MATTER,
    BREACH,
    HONOUR,
    PROMISE,
)

DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field("format", FieldKind.TEXT, f"Always “{FORMAT}”.", required=True),
    Field("version", FieldKind.INT, f"The format's version: {VERSION}.", required=True),
    Field(
        "exported_at",
        FieldKind.DATETIME,
        "When the file was written (UTC); the one field two exports of the same data differ in.",
    ),
    Field("clients", FieldKind.LIST, "Every client, with all their records.", required=True),
)
