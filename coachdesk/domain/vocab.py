"""The fixed vocabularies of the domain model.

Each vocabulary is a ``StrEnum`` whose values are what the database stores, and
each member has a plain-language label for the GUI.  Adding a trigger means
adding a member here and its label below; the database stores the value as text.
"""

from __future__ import annotations

from enum import StrEnum

WARNING_MARK = "⚠"
"""The one marker for something to act on, on screen, on paper and in the terminal: always
followed by words, so it reads without colour."""


class ClientStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return {"no_show": "No-show"}.get(self.value, self.value.capitalize())


class Medium(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "video": "Video", "phone": "Phone"}[self.value]


class Category(StrEnum):
    """The five Cs of trustworthiness."""

    CHARACTER = "character"
    COMMITMENT = "commitment"
    COMPETENCE = "competence"
    CONNECTION = "connection"
    COMMUNICATION = "communication"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Trigger(StrEnum):
    """Circumstances of a session that make a Matter relevant to it."""

    GUESTS = "guests"
    SCHEDULE_CHANGE = "schedule_change"
    PLACE_CHANGE = "place_change"
    RECORDING = "recording"
    FIRST_SESSION = "first_session"
    FEEDBACK = "feedback"
    CONFIDENTIALITY = "confidentiality"
    TIMEKEEPING = "timekeeping"
    FOLLOW_UP = "follow_up"
    FEES = "fees"

    @property
    def label(self) -> str:
        return _TRIGGER_LABELS[self]


_TRIGGER_LABELS: dict[Trigger, str] = {
    Trigger.GUESTS: "someone else joins",
    Trigger.SCHEDULE_CHANGE: "the session is moved or cancelled",
    Trigger.PLACE_CHANGE: "the place or medium changes",
    Trigger.RECORDING: "the session is recorded",
    Trigger.FIRST_SESSION: "a first session",
    Trigger.FEEDBACK: "hard feedback is planned",
    Trigger.CONFIDENTIALITY: "third parties, sponsors or reports",
    Trigger.TIMEKEEPING: "starting and ending on time",
    Trigger.FOLLOW_UP: "promised material or follow-up",
    Trigger.FEES: "fees and invoices",
}


class RepairStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    REPAIRED = "repaired"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PromiseOwner(StrEnum):
    COACH = "coach"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class GuestSource(StrEnum):
    """Who brought a guest to a session: a guest the client brings needs no word to them."""

    COACH = "coach"
    CLIENT = "client"
    SPONSOR = "sponsor"

    @property
    def label(self) -> str:
        return {"coach": "The coach", "client": "The client", "sponsor": "A sponsor"}[self.value]


class Language(StrEnum):
    """The language of a client's words on an item; not set: guessed from the words."""

    NOT_SET = ""
    ENGLISH = "en"
    GERMAN = "de"
    FRENCH = "fr"
    SPANISH = "es"

    @property
    def label(self) -> str:
        return {"": "Not set", "en": "English", "de": "German", "fr": "French", "es": "Spanish"}[
            self.value
        ]


class PromiseStatus(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class HonourOutcome(StrEnum):
    """How the coach did, in one session, on one thing that matters to the client (the
    after-session review's answer): a missed one is also a breach."""

    HONOURED = "honoured"
    MISSED = "missed"
    NOT_RELEVANT = "not_relevant"

    @property
    def label(self) -> str:
        return {"not_relevant": "Not relevant"}.get(self.value, self.value.capitalize())


# The words of the 1-3 levels, the same in the dialogs, the lists and the client's record.
IMPORTANCE_WORDS: dict[int, str] = {1: "good to know", 2: "matters", 3: "essential"}
SEVERITY_WORDS: dict[int, str] = {1: "minor", 2: "real", 3: "serious"}

DEFAULT_FEEDBACK_QUESTIONS: tuple[str, ...] = (
    "I felt understood today",
    "I trust my coach to keep their word",
)

# Calendar export (.ics): the planned sessions of this many days ahead, unless asked otherwise.
CALENDAR_DAYS = 90
