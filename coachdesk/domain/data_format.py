"""The CoachDesk data format (``docs/data-format.md``): its fields, its rules, its schema.

One table (``CLIENT``, with the records nested in it) describes every record
and field of the format.  The export writes the fields in that order, the
import checks a document against it, ``json_schema()`` publishes it as a JSON
Schema (``docs/coachdesk-data.schema.json`` is generated from it and a test
keeps the two equal), and the docs name every field.

``parse_document`` is pure: it takes the decoded JSON value and returns the
records as plain dictionaries with Python values (aware UTC datetimes, dates,
vocabulary values), or raises ``ImportRefused`` listing every problem with the
place it was found (``clients[3].sessions[12].start: not a date and time``).
Indices in those places count from 0, as in JSONPath.  Beyond the types and
vocabularies, each record must pass the same rules the app's dialogs apply
(``validate_client``, ``validate_session`` …), so an import cannot write what
the app would refuse.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from coachdesk.domain.clients import (
    NAME_MAX,
    NOTES_MAX,
    SHORT_TEXT_MAX,
    ClientData,
    FieldError,
    validate_client,
)
from coachdesk.domain.dates import RANGE_TEXT, in_range
from coachdesk.domain.feedback import SCALE
from coachdesk.domain.practice import (
    DURATION_MAX,
    LINE_MAX,
    TEXT_MAX,
    BreachData,
    MatterData,
    PromiseData,
    SessionData,
    validate_breach,
    validate_guest,
    validate_matter,
    validate_promise,
    validate_session,
)
from coachdesk.domain.refusal import Refusal
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

FORMAT = "coachdesk-data"
VERSION = 1

MAX_FILE_BYTES = 320_000_000
"""The largest JSON file an import reads: ten times a 300-client career practice (27.5 MB)."""
MAX_DEPTH = 12
"""Objects and lists nest at most this deep (the format itself needs 7)."""
MAX_PROBLEMS = 20
"""An import refused lists at most this many problems (and says how many more there were)."""
REF_MAX = 100
COMMENT_MAX = 4000
QUESTION_MAX = 1000
EMAIL_MAX = 320
PHONE_MAX = 64
ANSWERS_MAX = 50
POSITION_MAX = 1000

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})\Z"
)
_SURROGATE = re.compile(r"[\ud800-\udfff\x00]")
DATETIME_PATTERN = "^" + _DATETIME.pattern.removesuffix(r"\Z") + "$"
DATE_PATTERN = "^" + _DATE.pattern.removesuffix(r"\Z") + "$"


class ImportRefused(Refusal):
    """A file or document that cannot be imported; nothing was written.

    ``problems`` are plain sentences, each starting with the place it concerns
    (``clients[3].sessions[12].start: …`` in a JSON document, ``row 7, email: …``
    in a spreadsheet, or the file itself).  At most ``MAX_PROBLEMS`` are kept;
    ``total`` counts them all.
    """

    def __init__(self, problems: Sequence[str], total: int | None = None) -> None:
        self.problems = tuple(problems[:MAX_PROBLEMS]) or ("the file cannot be imported",)
        self.total = max(total or len(problems), len(self.problems))
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The first problem, and how many more there are."""
        more = self.total - 1
        return self.problems[0] + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")

    def describe(self) -> str:
        """Every kept problem on its own line, and how many more there were."""
        lines = list(self.problems)
        if self.total > len(self.problems):
            lines.append(f"… and {self.total - len(self.problems)} more")
        return "\n".join(lines)


_UTF16_32_BOMS = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"


def _looks_like_utf16(head: bytes) -> bool:
    """Whether bytes with NULs in them read as UTF-16 text without a BOM: a NUL in every
    other byte (text in UTF-16 is mostly Latin letters, each a letter and a NUL), and
    printable text when decoded.  A stray NUL in UTF-8 text is not UTF-16."""
    pairs = len(head) // 2
    for encoding, parity in (("utf-16-le", 1), ("utf-16-be", 0)):
        if pairs < 2 or head[parity : pairs * 2 : 2].count(0) * 2 < pairs:
            continue
        try:
            text = head[: pairs * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
            return True
    return False


class TextCheck:
    """``decode_text``'s checks over bytes fed a piece at a time (``feed``), for a file too
    large to hold whole; ``finish`` raises the ``ImportRefused`` ``decode_text`` would."""

    _HEAD = 404  # the BOM and the 400 bytes after it that tell UTF-16 from binary

    def __init__(self, what: str = "the file") -> None:
        self.what = what
        self._head = b""
        self._blank = True
        self._nul: int | None = None  # the line of the first NUL byte
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._offset = 0  # bytes fed so far
        self._lines = 0  # newlines fed so far
        self._bad: tuple[int, int] | None = None  # (line, byte offset) of the first non-UTF-8

    def feed(self, data: bytes) -> None:
        if len(self._head) < self._HEAD:
            self._head += data[: self._HEAD - len(self._head)]
        self._blank = self._blank and not data.strip()
        if self._nul is None and (at := data.find(b"\x00")) >= 0:
            self._nul = self._lines + data.count(b"\n", 0, at) + 1
        if self._bad is None:
            pending = len(self._decoder.getstate()[0])
            try:
                self._decoder.decode(data)
            except UnicodeDecodeError as exc:
                within = max(exc.start - pending, 0)
                start = self._offset - pending + exc.start
                self._bad = (self._lines + data.count(b"\n", 0, within) + 1, start)
        self._offset += len(data)
        self._lines += data.count(b"\n")

    def finish(self) -> None:
        what, head = self.what, self._head
        if self._blank:
            raise ImportRefused([f"{what} is empty"])
        if head.startswith(_UTF16_32_BOMS):
            raise ImportRefused(
                [
                    f"{what} is in UTF-16 (or UTF-32), not UTF-8: save it again as UTF-8 "
                    "(in Excel: “CSV UTF-8”)"
                ]
            )
        bom = len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0
        if self._nul is not None:
            if _looks_like_utf16(head[bom : bom + 400]):
                raise ImportRefused(
                    [f"{what} looks like UTF-16 text, not UTF-8: save it again as UTF-8"]
                )
            raise ImportRefused(
                [f"{what} is a binary file, not text: it contains a NUL byte at line {self._nul}"]
            )
        if self._bad is None:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                pending = len(self._decoder.getstate()[0])
                self._bad = (self._lines + 1, self._offset - pending)
        if self._bad is not None:
            line, start = self._bad
            raise ImportRefused(
                [
                    f"{what} is not UTF-8 text (line {line}, byte {start - bom + 1}): it may be "
                    "in another encoding such as Windows-1252 or Latin-1; save it again as UTF-8"
                ]
            )


def decode_text(data: bytes, what: str = "the file") -> str:
    """``data`` as text: UTF-8, with or without a byte-order mark; anything else is refused
    with a message saying what the bytes look like and what to do."""
    check = TextCheck(what)
    check.feed(data)
    check.finish()
    return data.removeprefix(UTF8_BOM).decode("utf-8")


# --- the fields of the format -------------------------------------------------------------------


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


# --- reading values ----------------------------------------------------------------------------


def utc_stamp(value: datetime) -> str:
    """An aware datetime as the format writes it: UTC, ``Z``, microseconds only when set."""
    value = value.astimezone(UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


def parse_datetime(value: str) -> datetime | None:
    """An ISO 8601 date and time with a zone, as an aware UTC datetime; None if it is not one."""
    if not _DATETIME.match(value):
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_date(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored as text (a NUL or an unpaired surrogate), or None."""
    bad = _SURROGATE.search(value)
    if bad is None:
        return None
    if bad.group() == "\x00":
        return "contains a NUL character"
    return "is not valid Unicode text (an unpaired surrogate)"


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return repr(shown)
    return repr(value)


def client_key(name: str, email: str) -> tuple[str, str]:
    """What makes two clients the same person for an import: name and email, any case."""
    return " ".join(name.split()).casefold(), email.strip().casefold()


# --- parsing a document ------------------------------------------------------------------------

Parsed = dict[str, Any]


@dataclass
class _Context:
    problems: list[str] = field(default_factory=list)
    total: int = 0
    refs: dict[str, str] = field(default_factory=dict)  # ref -> record kind
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (place, kind, ref)

    def problem(self, place: str, message: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{place}: {message}")


def _value(spec: Field, value: object, place: str, ctx: _Context) -> tuple[bool, Any]:
    """(ok, parsed value) for one present field."""
    if value is None:
        if spec.nullable:
            return True, None
        ctx.problem(place, "must not be null")
        return False, None
    kind = spec.kind
    if kind in (FieldKind.TEXT, FieldKind.REF, FieldKind.LINK):
        if not isinstance(value, str):
            ctx.problem(place, f"not text but {_describe(value)}")
            return False, None
        if len(value) > spec.max_length:
            ctx.problem(place, f"too long ({len(value):,} characters; at most {spec.max_length:,})")
            return False, None
        if problem := text_problem(value):
            ctx.problem(place, problem)
            return False, None
        if kind is not FieldKind.TEXT and not value.strip():
            ctx.problem(place, "an empty ref")
            return False, None
        return True, value
    if kind is FieldKind.DATETIME:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            ctx.problem(
                place,
                f"not a date and time with a time zone (like 2024-03-05T09:30:00Z): "
                f"{_describe(value)}",
            )
            return False, None
        return _in_range(parsed, place, ctx)
    if kind is FieldKind.DATE:
        parsed_day = parse_date(value) if isinstance(value, str) else None
        if parsed_day is None:
            ctx.problem(place, f"not a date (like 2024-03-05): {_describe(value)}")
            return False, None
        return _in_range(parsed_day, place, ctx)
    if kind is FieldKind.BOOL:
        if not isinstance(value, bool):
            ctx.problem(place, f"not true or false but {_describe(value)}")
            return False, None
        return True, value
    if kind is FieldKind.INT:
        if not isinstance(value, int) or isinstance(value, bool):
            ctx.problem(place, f"not a whole number but {_describe(value)}")
            return False, None
        if (spec.low is not None and value < spec.low) or (
            spec.high is not None and value > spec.high
        ):
            ctx.problem(place, f"{value} is out of range ({spec.low} to {spec.high})")
            return False, None
        return True, value
    if kind is FieldKind.ENUM:
        assert spec.choices is not None
        try:
            return True, spec.choices(value)
        except (ValueError, TypeError):
            allowed = ", ".join(member.value for member in spec.choices)
            ctx.problem(place, f"{_describe(value)} is not one of {allowed}")
            return False, None
    if kind is FieldKind.ENUM_LIST:
        assert spec.choices is not None
        if not isinstance(value, list):
            ctx.problem(place, f"not a list but {_describe(value)}")
            return False, None
        found: list[StrEnum] = []
        ok = True
        for index, item in enumerate(value):
            try:
                member = spec.choices(item)
            except (ValueError, TypeError):
                allowed = ", ".join(m.value for m in spec.choices)
                ctx.problem(f"{place}[{index}]", f"{_describe(item)} is not one of {allowed}")
                ok = False
                continue
            if member in found:
                ctx.problem(f"{place}[{index}]", f"{member.value!r} is repeated")
                ok = False
            found.append(member)
        return ok, tuple(found)
    if kind is FieldKind.LIST:
        assert spec.record is not None
        if not isinstance(value, list):
            ctx.problem(place, f"not a list but {_describe(value)}")
            return False, None
        if spec.high is not None and len(value) > spec.high:
            ctx.problem(place, f"too many entries ({len(value):,}; at most {spec.high})")
            return False, None
        records = [_record(spec.record, item, f"{place}[{i}]", ctx) for i, item in enumerate(value)]
        return all(r is not None for r in records), records
    if kind is FieldKind.RECORD:
        assert spec.record is not None
        record = _record(spec.record, value, place, ctx)
        return record is not None, record
    raise AssertionError(kind)


def _in_range(value: date | datetime, place: str, ctx: _Context) -> tuple[bool, Any]:
    """Every date the format carries is held to the app's one range (``domain.dates``)."""
    if in_range(value):
        return True, value
    ctx.problem(place, f"the year {value.year:04d} is outside {RANGE_TEXT}")
    return False, None


def _record(spec: Record, value: object, place: str, ctx: _Context) -> Parsed | None:
    """One record's fields parsed and checked against the app's rules; None if any problem."""
    if not isinstance(value, dict):
        ctx.problem(place, f"not an object but {_describe(value)}")
        return None
    before = ctx.total
    parsed: Parsed = {"place": place}
    for key in value:
        if key not in spec.by_name:
            ctx.problem(_key_place(place, key), "unknown field")
    for item in spec.fields:
        if item.name in value:
            ok, result = _value(item, value[item.name], f"{place}.{item.name}", ctx)
            if ok:
                parsed[item.name] = result
        elif item.required:
            ctx.problem(f"{place}.{item.name}", "missing")
        else:
            parsed[item.name] = item.default
    ref = parsed.get("ref")
    if ref is not None:
        if ref in ctx.refs:
            ctx.problem(f"{place}.ref", f"{ref!r} is used by another record too")
        else:
            ctx.refs[ref] = spec.name
    if ctx.total != before:
        return None
    for item in spec.fields:
        if item.kind is FieldKind.LINK and parsed[item.name] is not None:
            ctx.links.append((f"{place}.{item.name}", item.target, parsed[item.name]))
    for error in _RULES.get(spec.name, _no_rules)(parsed):
        ctx.problem(f"{place}.{error.field}", error.message)
    return parsed if ctx.total == before else None


def _key_place(place: str, key: str) -> str:
    """``place.key``, or ``place['odd key']`` for a key that is not a plain name."""
    if key.isidentifier() and len(key) <= 40:
        return f"{place}.{key}" if place else key
    return f"{place}[{_describe(key)}]"


def _no_rules(_parsed: Parsed) -> list[FieldError]:
    return []


def _client_rules(p: Parsed) -> list[FieldError]:
    return list(
        validate_client(
            ClientData(
                name=p["name"],
                preferred_name=p["preferred_name"],
                pronouns=p["pronouns"],
                email=p["email"],
                phone=p["phone"],
                organisation=p["organisation"],
                role=p["role"],
                status=p["status"],
                started_on=p["started_on"],
                private_notes=p["private_notes"],
                print_private_notes=p["print_private_notes"],
            )
        ).errors
    )


def _session_rules(p: Parsed) -> list[FieldError]:
    return validate_session(
        SessionData(
            client_id=0,
            start=p["start"],
            duration_minutes=p["duration_minutes"],
            medium=p["medium"],
            location=p["location"],
            agenda=p["agenda"],
            private_notes=p["private_notes"],
            recorded=p["recorded"],
        )
    )


def _matter_rules(p: Parsed) -> list[FieldError]:
    return validate_matter(
        MatterData(
            client_id=0,
            statement=p["statement"],
            why=p["why"],
            category=p["category"],
            importance=p["importance"],
            triggers=frozenset(p["triggers"]),
            keywords=p["keywords"],
            captured_on=p["captured_on"],
            last_confirmed_on=p["last_confirmed_on"],
            keep_off_printouts=p["keep_off_printouts"],
            active=p["active"],
            language=p["language"],
        )
    )


def _breach_rules(p: Parsed) -> list[FieldError]:
    # date.max: "not in the future" is a rule for typing a new breach, not for a record made
    # elsewhere (a file written where it is already tomorrow must still import).
    return validate_breach(
        BreachData(
            matter_id=None,
            occurred_on=p["occurred_on"],
            what_happened=p["what_happened"],
            how_it_landed=p["how_it_landed"],
            severity=p["severity"],
            repair_status=p["repair_status"],
            repair_notes=p["repair_notes"],
            repaired_on=p["repaired_on"],
        ),
        date.max,
    )


def _promise_rules(p: Parsed) -> list[FieldError]:
    return validate_promise(
        PromiseData(client_id=0, owner=p["owner"], text=p["text"], due_on=p["due_on"])
    )


def _guest_rules(p: Parsed) -> list[FieldError]:
    return validate_guest(p["name"], p["role"])


_RULES: dict[str, Callable[[Parsed], list[FieldError]]] = {
    "client": _client_rules,
    "session": _session_rules,
    "guest": _guest_rules,
    "matter": _matter_rules,
    "breach": _breach_rules,
    "promise": _promise_rules,
}


def _place(path: tuple | None) -> str:
    keys: list[object] = []
    while path is not None:
        path, key = path
        keys.append(key)
    place = ""
    for key in reversed(keys):
        place = f"{place}[{key}]" if isinstance(key, int) else _key_place(place, str(key))
    return place or "the document"


def too_deep(
    value: object, limit: int = MAX_DEPTH, *, path: tuple | None = None, depth: int = 0
) -> str | None:
    """The place of the first list or object nested deeper than ``limit``, or None.

    ``path`` and ``depth`` say where ``value`` sits in a larger document (for checking one
    part of it at a time): ``((None, "clients"), 3)`` and 2 for ``clients[3]``."""
    if not isinstance(value, (dict, list)):
        return None
    stack: list[tuple[object, int, tuple | None]] = [(value, depth, path)]
    while stack:
        item, level, at = stack.pop()
        if level >= limit:
            return _place(at)
        children = item.items() if isinstance(item, dict) else enumerate(item)  # type: ignore[attr-defined]
        for key, child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, level + 1, (at, key)))
    return None


Part = tuple[str, str, object]
"""One piece of a document as a reader meets it: ``("field", key, value)`` for a top-level
field, ``("clients", "clients", None)`` where the list of clients starts, then
``("client", "clients", value)`` for each client, or ``("document", "", value)`` for a
document that is not an object."""


def document_parts(document: object) -> Iterator[Part]:
    """The parts of a decoded document, in its order (see ``Part``)."""
    if not isinstance(document, dict):
        yield ("document", "", document)
        return
    for key, value in document.items():
        if key == "clients" and isinstance(value, list):
            yield ("clients", key, None)
            for item in value:
                yield ("client", key, item)
        else:
            yield ("field", key, value)


class DocumentCheck:
    """``parse_document`` a client at a time, for a document too large to hold whole.

    ``parsed(parts)`` yields each client's records (or None for a client with problems) as
    its part arrives, and at the end raises ``ImportRefused`` with every problem in the
    document, in the order and words ``parse_document`` gives them; then ``version`` and
    ``exported_at`` hold the document's.  What it keeps between clients is small: the
    top-level fields, every ref, the links it could not check yet and the problems.
    """

    def __init__(self) -> None:
        self.version: int = VERSION
        self.exported_at: datetime | None = None
        self._fields: dict[str, object] = {}  # the top-level fields other than the clients
        self._keys: list[str] = []  # every top-level key, in order
        self._clients = _Context()  # the clients' problems, refs and links
        self._index = 0
        self._deep: str | None = None  # the place too_deep(document) would name first
        self._kind_checked = False

    def parsed(self, parts: Iterable[Part]) -> Iterator[Parsed | None]:
        for kind, key, value in parts:
            if kind == "client":
                yield self._client(value)
            elif kind == "clients":
                self._keys.append(key)
                if "format" in self._fields and "version" in self._fields:
                    self._check_kind()
            elif kind == "field":
                self._keys.append(key)
                self._fields[key] = value
                deep = too_deep(value, path=(None, key), depth=1)
                self._deep = deep or self._deep
            else:
                raise ImportRefused([f"the file holds {_describe(value)}, not a CoachDesk export"])
        self._finish()

    def _check_kind(self) -> None:
        """The format and version, refused before anything else is looked at."""
        if self._kind_checked:
            return
        self._kind_checked = True
        fmt = self._fields.get("format")
        if fmt != FORMAT:
            raise ImportRefused(
                [f"format: {_describe(fmt)} is not “{FORMAT}”: not a CoachDesk data export"]
            )
        version = self._fields.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ImportRefused([f"version: {_describe(version)} is not a format version"])
        if version > VERSION:
            raise ImportRefused(
                [
                    f"version: the file is in version {version} of the format, written by a "
                    f"newer CoachDesk; this one reads version {VERSION}. Update CoachDesk to "
                    "import it."
                ]
            )
        self.version = version

    def _client(self, value: object) -> Parsed | None:
        ctx, index = self._clients, self._index
        self._index += 1
        before, links = ctx.total, len(ctx.links)
        parsed = _record(CLIENT, value, f"clients[{index}]", ctx)
        # A link to a record read by now, of the kind it names, is fine: keep only the others
        # (to a later client, or wrong), for ``_finish`` to check in order.
        ctx.links[links:] = [link for link in ctx.links[links:] if ctx.refs.get(link[2]) != link[1]]
        if ctx.total != before:
            deep = too_deep(value, path=((None, "clients"), index), depth=2)
            self._deep = deep or self._deep
        return parsed

    def _finish(self) -> None:
        self._check_kind()
        ctx = _Context()
        known = {f.name for f in DOCUMENT_FIELDS}
        for key in self._keys:
            if key not in known:
                ctx.problem(_key_place("", key), "unknown field")
        if "exported_at" in self._fields:
            _ok, self.exported_at = _value(
                DOCUMENT_FIELDS[2], self._fields["exported_at"], "exported_at", ctx
            )
        if "clients" in self._fields:
            ctx.problem("clients", f"not a list but {_describe(self._fields['clients'])}")
        elif "clients" not in self._keys:
            ctx.problem("clients", "missing")
        clients = self._clients
        for place, target, ref in clients.links:
            found = clients.refs.get(ref)
            if found is None:
                clients.problem(place, f"{ref!r} is not the ref of any {target} in the file")
            elif found != target:
                clients.problem(place, f"{ref!r} is the ref of a {found}, not of a {target}")
        problems = [*ctx.problems, *clients.problems][:MAX_PROBLEMS]
        total = ctx.total + clients.total
        if total:
            # The checks above never descend into a value of the wrong shape, so a deeply
            # nested one was reported as "not text" or the like; say what it really is, first.
            if self._deep is not None:
                message = f"{self._deep}: nested too deeply (more than {MAX_DEPTH} levels)"
                raise ImportRefused([message, *problems], total + 1)
            raise ImportRefused(problems, total)


def parse_document(document: object) -> Parsed:
    """The records of a decoded JSON document, checked; ``ImportRefused`` lists what is wrong.

    The result has ``version``, ``exported_at`` (or None) and ``clients``: a list
    of dictionaries keyed by the field names of ``CLIENT`` (nested lists hold the
    nested records), each also with its ``place`` in the document.
    """
    check = DocumentCheck()
    clients = list(check.parsed(document_parts(document)))
    return {"version": check.version, "exported_at": check.exported_at, "clients": clients}


# --- the published schema ----------------------------------------------------------------------


def _field_schema(spec: Field) -> dict[str, Any]:
    kind = spec.kind
    schema: dict[str, Any]
    if kind in (FieldKind.TEXT, FieldKind.REF, FieldKind.LINK):
        schema = {"type": "string", "maxLength": spec.max_length}
        if kind is not FieldKind.TEXT:
            schema["minLength"] = 1
    elif kind is FieldKind.DATETIME:
        schema = {"type": "string", "pattern": DATETIME_PATTERN}
    elif kind is FieldKind.DATE:
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif kind is FieldKind.BOOL:
        schema = {"type": "boolean"}
    elif kind is FieldKind.INT:
        schema = {"type": "integer"}
        if spec.low is not None:
            schema["minimum"] = spec.low
        if spec.high is not None:
            schema["maximum"] = spec.high
    elif kind is FieldKind.ENUM:
        assert spec.choices is not None
        schema = {"enum": [member.value for member in spec.choices]}
    elif kind is FieldKind.ENUM_LIST:
        assert spec.choices is not None
        schema = {
            "type": "array",
            "items": {"enum": [member.value for member in spec.choices]},
            "uniqueItems": True,
        }
    elif kind is FieldKind.LIST:
        assert spec.record is not None
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{spec.record.name}"}}
        if spec.high is not None:
            schema["maxItems"] = spec.high
    else:
        assert spec.record is not None
        schema = {"$ref": f"#/$defs/{spec.record.name}"}
    if spec.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {"description": spec.doc, **schema}


def _record_schema(spec: Record) -> dict[str, Any]:
    return {
        "title": spec.title,
        "type": "object",
        "properties": {f.name: _field_schema(f) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The format as a JSON Schema (draft 2020-12); ``docs/coachdesk-data.schema.json``.

    The schema checks the shape of a document; the links between records (a ref
    names a record of the right kind) and the app's rules are checked by the
    import and described in ``docs/data-format.md``.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "CoachDesk data export",
        "description": "Every client of a CoachDesk practice with all their records. "
        "See docs/data-format.md.",
        "type": "object",
        "properties": {
            "format": {"description": DOCUMENT_FIELDS[0].doc, "const": FORMAT},
            "version": {"description": DOCUMENT_FIELDS[1].doc, "const": VERSION},
            "exported_at": _field_schema(DOCUMENT_FIELDS[2]),
            "clients": {
                "description": DOCUMENT_FIELDS[3].doc,
                "type": "array",
                "items": {"$ref": "#/$defs/client"},
            },
        },
        "required": ["format", "version", "clients"],
        "additionalProperties": False,
        "$defs": {spec.name: _record_schema(spec) for spec in RECORDS},
    }


if __name__ == "__main__":
    # python -m coachdesk.domain.data_format > docs/coachdesk-data.schema.json
    import json

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
