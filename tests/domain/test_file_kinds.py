"""A file given to an import that takes another kind is named for what it is, with the door
that takes it (``domain.file_kinds``)."""

from __future__ import annotations

import pytest

from coachdesk.domain.file_kinds import Door, FileKind, kind_of, wrong_door

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan Okafor\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (CALENDAR, FileKind.CALENDAR),
        (b"\xef\xbb\xbf\r\n" + CALENDAR, FileKind.CALENDAR),
        ("\ufeff".encode("utf-16-le") + CALENDAR.decode().encode("utf-16-le"), FileKind.CALENDAR),
        (CALENDAR.decode().encode("utf-16-le"), FileKind.CALENDAR),
        (CARD.lower(), FileKind.CONTACTS),
        (CARD.decode().encode("utf-16"), FileKind.CONTACTS),
        (b"PK\x03\x04\x14\x00\x00\x00calendar.ics", FileKind.ZIP),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", FileKind.WORKBOOK),
        (b"%PDF-1.7\n", FileKind.PDF),
        (b'{"format": "coachdesk-data"}', FileKind.OTHER),
        (b"Name,Email\nDan,dan@example.com\n", FileKind.OTHER),
        (b"", FileKind.OTHER),
    ],
)
def test_the_kind_is_read_from_the_first_bytes(head: bytes, kind: FileKind) -> None:
    assert kind_of(head) is kind


def test_each_door_takes_its_own_and_names_the_others() -> None:
    assert wrong_door(FileKind.CALENDAR, Door.CALENDAR, "a.ics") is None
    assert wrong_door(FileKind.OTHER, Door.JSON, "a.json") is None
    assert wrong_door(FileKind.OTHER, Door.CSV, "a.csv") is None
    assert "coachdesk ics --import a.ics" in (
        wrong_door(FileKind.CALENDAR, Door.JSON, "a.ics") or ""
    )
    assert "Clients from a spreadsheet (CSV)" in (
        wrong_door(FileKind.CONTACTS, Door.CALENDAR, "c.vcf") or ""
    )
    for kind in (FileKind.ZIP, FileKind.WORKBOOK, FileKind.PDF, FileKind.CONTACTS):
        for door in Door:
            said = wrong_door(kind, door, "x")
            assert said is not None and said.startswith("x ")
