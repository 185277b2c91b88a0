"""The rules of the calendar (.ics) export and import, as plain data (no file format here).

Export: what a calendar event says about a session.  The summary is
"Coaching: <client>", the location names the medium and the place or link
("Video · https://…", "In person · Room 4"), the description holds the agenda
and the guests and never any private notes.  Besides the reminder 30 minutes
before, each notice still to give gets an alarm at its deadline saying what to
do and by when: "Notice due: Tell Dan ahead of time that Maria Lopez will join
(by Mon 30 Nov, 10:00)".

Import: which client an event is for.

1. **By email**: an attendee's address equal (any case) to a client's email.
   Addresses matching two or more clients make the event ambiguous.
2. **By name**, only when no attendee matched: the client's full name, or the
   preferred name with the family name ("Dan Okafor" for Daniel Okafor), found
   in the summary as whole words, any case.  A name inside a longer matching
   name counts once ("Ana Li" is not also a match when "Ana Lima" is in the
   summary).  Two or more clients left: ambiguous, not guessed.

Ambiguous and unmatched events are not imported; the preview says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coachdesk.domain.notice import REMINDER_WORDS
from coachdesk.domain.text import initials, one_line
from coachdesk.domain.vocab import Medium

SUMMARY_PREFIX = "Coaching: "
PLACE_SEPARATOR = " · "
NOTICE_PREFIX = "Notice due: "
_LINK = re.compile(r"^(https?://|www\.)|\b(zoom\.us|meet\.google|teams\.microsoft|webex)\b", re.I)
_PHONE = re.compile(r"^(tel:)?\+?[\d\s().-]{6,}$")
# What calendars write in LOCATION for a meeting online or by phone, in the languages
# CoachDesk reads (a place to meet would not say these).
_ONLINE = re.compile(
    r"\b(microsoft teams|teams[- ]meeting|teams-besprechung|réunion teams|reunión de teams|"
    r"zoom|google meet|hangouts|webex|skype|whereby|jitsi|gotomeeting|online|virtual|"
    r"video ?call|videokonferenz|videoanruf|visio(conférence)?|videollamada|videoconferencia)\b",
    re.I,
)
_BY_PHONE = re.compile(
    r"\b(phone|telephone|call me|dial[- ]in|conference call|telefon(konferenz|at)?|"
    r"anruf|téléphone|appel|teléfono|llamada)\b",
    re.I,
)
_CONFERENCE_URL = re.compile(
    r"https://[\w.-]*(teams\.microsoft\.com|teams\.live\.com|zoom\.us|meet\.google\.com|"
    r"webex\.com|whereby\.com|meet\.jit\.si)/[^\s<>\"]*",
    re.I,
)
# Invitation boilerplate: Google's join block between its "-::~:~::~ … ::-" rulers,
# Teams' block between its lines of underscores, Outlook's "*~*~*~*" ruler line.
_BOILERPLATE = (
    re.compile(r"-::~[~:]+::-[\s\S]*?(?:-::~[~:]+::-|\Z)"),
    re.compile(
        r"_{20,}\s*\n[\s\S]*?(?:Microsoft Teams|Teams-Besprechung|réunion Teams)"
        r"[\s\S]*?(?:_{20,}|\Z)",
        re.I,
    ),
    re.compile(r"^[ \t]*\*~\*~\*~\*[~*]*[ \t]*$", re.M),
)
# A link whose query carries a key, a token or a password keeps only its address (the
# query is dropped): an invitation's access token never reaches a session or the paper.
_SECRET_URL = re.compile(
    r"(https?://[^\s?#<>\"]*)[?#][^\s<>\"]*?(?<=[?&#;])"
    r"(?:[\w]*[_-])?(?:tok|token|pwd|passcode|password|key|sig|signature|auth|secret)[\w-]*="
    r"[^\s<>\"]*",
    re.I,
)
# Google's footer under an invitation, from its first line on.
_GOOGLE_FOOTER = re.compile(r"^\s*Invitation from Google Calendar\b[\s\S]*\Z", re.M)


@dataclass(frozen=True)
class ClientRef:
    """What the import matches on: a client's id, names and email."""

    id: int
    name: str
    preferred_name: str = ""
    email: str = ""


@dataclass(frozen=True)
class ClientMatch:
    """The client an event is for (``client`` set), or why none was chosen (``reason``)."""

    client: ClientRef | None
    by: str  # "email", "name" or "" when unmatched
    reason: str = ""


def event_summary(client_name: str) -> str:
    return f"{SUMMARY_PREFIX}{one_line(client_name)}"


def location_text(medium: Medium, location: str) -> str:
    """The event's LOCATION: the medium, then the place or link."""
    place = one_line(location)
    return f"{medium.label}{PLACE_SEPARATOR}{place}" if place else medium.label


def notice_reminder(who: str, kind: str, due: str) -> str:
    """An alarm's DESCRIPTION at a notice's deadline: the client's initials (``who``), what
    is due in CoachDesk's words for the entry's ``kind`` and by when (``due``, "by Mon 30
    Nov, 10:00").  As on a notification: a phone shows an alarm on its locked screen, so no
    name (not even a guest's) and no word the client said."""
    what = REMINDER_WORDS.get(kind, "a notice is due")
    text = f"{NOTICE_PREFIX}{initials(who)}: {what}"
    return f"{text} ({one_line(due)})" if due.strip() else text


def place_from_location(text: str) -> tuple[Medium, str]:
    """The medium and place a calendar's LOCATION stands for.

    Our own "<medium> · <place>" comes back as it went out; otherwise a link is a
    video call, a phone number a call, any other text a place to meet, and no
    location a video call with no link (the app's default medium)."""
    text = one_line(text)
    for medium in Medium:
        if text.casefold() == medium.label.casefold():
            return medium, ""
        prefix = f"{medium.label}{PLACE_SEPARATOR}"
        if text.casefold().startswith(prefix.casefold()):
            return medium, text[len(prefix) :].strip()
    if not text:
        return Medium.VIDEO, ""
    if _LINK.search(text) or _ONLINE.search(text):
        return Medium.VIDEO, _clean_link(text)
    if _PHONE.match(text) or _BY_PHONE.search(text):
        return Medium.PHONE, text
    return Medium.IN_PERSON, text


def _clean_link(text: str) -> str:
    return _SECRET_URL.sub(r"\1", text).strip(" ;,")


def meeting_place(location: str, link: str, description: str) -> tuple[Medium, str]:
    """The medium and place of an imported event: its LOCATION read by
    ``place_from_location``; a video meeting named but not linked there ("Microsoft Teams
    Meeting") takes the meeting's link from the event (``link``) or its description.  No
    link keeps a key or a token."""
    medium, place = place_from_location(location)
    found = _clean_link(link) or conference_link(description)
    if found and (not place or (medium is Medium.VIDEO and not _LINK.search(place))):
        return Medium.VIDEO, found
    return medium, place


def conference_link(text: str) -> str:
    """The first video-meeting link in ``text`` (an invitation's description), without a
    link that carries a key; "" when there is none."""
    match = _CONFERENCE_URL.search(text)
    return _SECRET_URL.sub(r"\1", match.group(0)).rstrip(".,;)>") if match else ""


def event_description(agenda: str, guests: Iterable[tuple[str, str]]) -> str:
    """The event's DESCRIPTION: the agenda and the guests (name, role); never notes."""
    parts: list[str] = []
    if agenda.strip():
        parts.append("Agenda:\n" + agenda.strip())
    listed = [f"- {name} ({role})" if role.strip() else f"- {name}" for name, role in guests]
    if listed:
        parts.append("Guests:\n" + "\n".join(listed))
    return "\n\n".join(parts)


def agenda_from_description(text: str) -> str:
    """The agenda kept from an imported DESCRIPTION: our own "Agenda:" block without its
    heading and without the guests list; anyone else's description as it is."""
    text = text.replace("\r\n", "\n").strip()
    if text.startswith("Agenda:\n"):
        text = text[len("Agenda:\n") :]
        return text.split("\n\nGuests:\n", 1)[0].strip()
    if text.startswith("Guests:\n"):
        return ""
    return without_boilerplate(text)


def without_boilerplate(text: str) -> str:
    """An invitation's description with the calendar's own blocks taken out (Google's and
    Outlook's join instructions, Teams' meeting block) and every link carrying a key or a
    token removed: what is left is what the organiser wrote."""
    for pattern in (*_BOILERPLATE, _GOOGLE_FOOTER):
        text = pattern.sub("", text)
    text = _SECRET_URL.sub(r"\1", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def _names(client: ClientRef) -> list[str]:
    names = [one_line(client.name)]
    preferred = one_line(client.preferred_name)
    words = names[0].split(" ")
    if preferred and len(words) > 1 and preferred.casefold() != words[0].casefold():
        names.append(f"{preferred} {words[-1]}")
    return [name for name in names if name]


def _found(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", text) is not None


def _several(what: str, clients: Sequence[ClientRef]) -> str:
    names = sorted({one_line(client.name) for client in clients})
    if len(names) == 1:
        return f"{what} {len({c.id for c in clients})} clients called {names[0]}"
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"{what} several clients: {shown}"


def match_client(
    attendee_emails: Iterable[str], summary: str, clients: Sequence[ClientRef]
) -> ClientMatch:
    """The client an event is for, by attendee email, else by name in the summary."""
    emails = {email.strip().casefold() for email in attendee_emails if email.strip()}
    by_email = [c for c in clients if c.email.strip() and c.email.strip().casefold() in emails]
    if len({c.id for c in by_email}) == 1:
        return ClientMatch(by_email[0], "email")
    if by_email:
        return ClientMatch(None, "", _several("the attendees' addresses belong to", by_email))
    text = one_line(summary).casefold()
    hits: dict[int, tuple[ClientRef, str]] = {}
    for client in clients:
        for name in _names(client):
            if _found(name, text) and len(name) > len(hits.get(client.id, (client, ""))[1]):
                hits[client.id] = (client, name)
    # A name found only as part of a longer name that was also found is not a match.
    kept = [
        (client, name)
        for client, name in hits.values()
        if not any(
            other != name and _found(name.casefold(), other.casefold())
            for _c, other in hits.values()
        )
    ]
    if len(kept) == 1:
        return ClientMatch(kept[0][0], "name")
    if kept:
        return ClientMatch(None, "", _several("the title names", [c for c, _n in kept]))
    if emails:
        return ClientMatch(
            None, "", "no client has an attendee's email address or is named in the title"
        )
    return ClientMatch(None, "", "no client is named in the title (and it has no attendees)")
