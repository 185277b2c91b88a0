"""What kind of file a coach gave an import that takes another: said in words, with the
door that takes it, instead of "not valid JSON" or "binary data".

``kind_of`` reads the first bytes only: a zip archive (an .xlsx workbook is one too), a
PDF, or text (UTF-8, or UTF-16 by its byte-order mark) that opens as a calendar or a
contacts card.  ``wrong_door`` is the sentence for a kind the import at hand does not
read; None lets that import read the file as it does.
"""

from __future__ import annotations

from enum import StrEnum

HEAD_BYTES = 4096
"""How much of a file ``kind_of`` needs."""


class FileKind(StrEnum):
    CALENDAR = "calendar"
    CONTACTS = "contacts"
    ZIP = "zip"
    WORKBOOK = "workbook"
    PDF = "pdf"
    OTHER = "other"


class Door(StrEnum):
    """The imports a file can be given to."""

    JSON = "json"
    CSV = "csv"
    CALENDAR = "calendar"


def _text(head: bytes) -> str:
    for mark, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(mark):
            return head[len(mark) :].decode(codec, errors="ignore")
    if len(head) > 1 and head[1:2] == b"\x00" and head[:1] != b"\x00":  # UTF-16-LE, no mark
        return head.decode("utf-16-le", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def kind_of(head: bytes) -> FileKind:
    """The kind of a file whose first bytes are ``head`` (``HEAD_BYTES`` of them suffice)."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return FileKind.WORKBOOK if b"xl/" in head or b"[Content_Types]" in head else FileKind.ZIP
    if head.startswith(b"%PDF"):
        return FileKind.PDF
    text = _text(head).lstrip("\ufeff \t\r\n").upper()
    if text.startswith("BEGIN:VCALENDAR"):
        return FileKind.CALENDAR
    if text.startswith("BEGIN:VCARD"):
        return FileKind.CONTACTS
    return FileKind.OTHER


def wrong_door(kind: FileKind, door: Door, name: str) -> str | None:
    """Why the ``door`` import does not take a file ``name`` of ``kind``, and what does;
    None when it is its kind (or one it reads as it does: any other text)."""
    calendar = (
        f"{name} is a calendar file (iCalendar): import its events as sessions with File → "
        f"Import → Sessions from a calendar (.ics)…, or `coachdesk ics --import {name}`"
    )
    said = {
        FileKind.CALENDAR: None if door is Door.CALENDAR else calendar,
        FileKind.CONTACTS: (
            f"{name} holds contacts as vCards (as Apple Contacts exports them): CoachDesk "
            "reads clients from a spreadsheet; export the contacts as CSV (Google Contacts, "
            "Outlook) and import that with File → Import → Clients from a spreadsheet (CSV)…, "
            f"or `coachdesk import FILE.csv`"
        ),
        FileKind.ZIP: (
            f"{name} is a zip archive: unpack it first. Google Calendar's export holds one "
            ".ics file per calendar (import each as sessions from a calendar); a CoachDesk "
            "export is one .json file"
        ),
        FileKind.WORKBOOK: (
            f"{name} is a spreadsheet workbook (.xlsx): save it as CSV (File → Save As… → "
            "CSV UTF-8 in Excel or Numbers) and import that"
        ),
        FileKind.PDF: (
            f"{name} is a PDF document: CoachDesk imports its own .json export, clients from "
            "a .csv spreadsheet and sessions from a .ics calendar"
        ),
        FileKind.OTHER: None,
    }[kind]
    if door is Door.CALENDAR and kind is FileKind.OTHER:
        return None
    return said
