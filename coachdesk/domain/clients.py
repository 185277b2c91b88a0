"""Client data as plain values, and the rules a client record must satisfy.

The same ``validate_client`` runs as the coach types in the dialog and again in
the storage layer before anything is written, so an invalid client can reach
the database from neither the GUI nor the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from coachdesk.domain.dates import range_problems
from coachdesk.domain.notice import ZoneError, zone_named
from coachdesk.domain.refusal import Refusal
from coachdesk.domain.vocab import ClientStatus

NAME_MAX = 200
SHORT_TEXT_MAX = 200
NOTES_MAX = 100_000

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_ALLOWED = re.compile(r"^[0-9+()\-./\s]*(?:\s*(?:x|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class ClientData:
    """The editable fields of a client, as the dialog and the storage layer exchange them."""

    name: str
    preferred_name: str = ""
    pronouns: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""
    role: str = ""
    status: ClientStatus = ClientStatus.ACTIVE
    started_on: date | None = None
    private_notes: str = ""
    print_private_notes: bool = False
    """The coach chose to print last time's private notes on this client's prep sheet."""
    time_zone: str = ""
    """Where the client lives by the clock (an IANA name); "": the coach's own zone."""

    def normalised(self) -> ClientData:
        """The same data with surrounding white space removed from the one-line fields."""
        return ClientData(
            name=self.name.strip(),
            preferred_name=self.preferred_name.strip(),
            pronouns=self.pronouns.strip(),
            email=self.email.strip(),
            phone=self.phone.strip(),
            organisation=self.organisation.strip(),
            role=self.role.strip(),
            status=ClientStatus(self.status),
            started_on=self.started_on,
            private_notes=self.private_notes,
            print_private_notes=self.print_private_notes,
            time_zone=self.time_zone.strip(),
        )


@dataclass(frozen=True)
class ClientRow:
    """One line of the clients list: the client and their last and next session."""

    id: int
    name: str
    preferred_name: str
    status: ClientStatus
    organisation: str
    email: str
    last_session: datetime | None = None
    next_session: datetime | None = None


@dataclass(frozen=True)
class FieldError:
    """A problem with one field, in words a coach understands."""

    field: str
    message: str


def range_errors(*fields: tuple[str, str, date | datetime | None]) -> list[FieldError]:
    """A ``FieldError`` for each ``(field, what, value)`` outside the accepted years."""
    return [FieldError(name, message) for name, message in range_problems(*fields)]


@dataclass(frozen=True)
class ClientValidation:
    errors: tuple[FieldError, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self) -> str:
        """All problems in one line, the first field first."""
        return " ".join(error.message for error in self.errors)


class ValidationError(Refusal):
    """Raised by the storage layer when data that breaks the rules is about to be written."""

    def __init__(self, errors: tuple[FieldError, ...]) -> None:
        self.errors = errors
        super().__init__(" ".join(error.message for error in errors))


def validate_email(email: str) -> str | None:
    """A message when ``email`` (already stripped) is not empty and does not look like one."""
    if email and not _EMAIL.match(email):
        return "The email address should look like name@example.com."
    return None


def validate_phone(phone: str) -> str | None:
    """A message when ``phone`` (already stripped) is not empty and does not look like one."""
    if not phone:
        return None
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE_ALLOWED.match(phone) or not 6 <= digits <= 20:
        return "The phone number should have 6 to 20 digits, with spaces, +, -, ( ) allowed."
    return None


def validate_client(data: ClientData) -> ClientValidation:
    """Check a client's fields; the result lists every problem in field order."""
    data = data.normalised()
    errors: list[FieldError] = []
    if not data.name:
        errors.append(FieldError("name", "The client needs a name."))
    elif len(data.name) > NAME_MAX:
        errors.append(FieldError("name", f"The name is too long (at most {NAME_MAX} characters)."))
    for name, value in (
        ("preferred_name", data.preferred_name),
        ("pronouns", data.pronouns),
        ("organisation", data.organisation),
        ("role", data.role),
    ):
        if len(value) > SHORT_TEXT_MAX:
            label = name.replace("_", " ")
            errors.append(
                FieldError(name, f"The {label} is too long (at most {SHORT_TEXT_MAX} characters).")
            )
    if message := validate_email(data.email):
        errors.append(FieldError("email", message))
    if message := validate_phone(data.phone):
        errors.append(FieldError("phone", message))
    if len(data.private_notes) > NOTES_MAX:
        errors.append(FieldError("private_notes", "The private notes are too long."))
    errors += range_errors(("started_on", "the start date", data.started_on))
    try:
        zone_named(data.time_zone)
    except ZoneError as error:
        errors.append(FieldError("time_zone", str(error)))
    return ClientValidation(tuple(errors))
