"""Calendar files: the export parses back with icalendar; the sample calendar in tests/data
imports exactly the right sessions; bad files are refused with nothing written.

tests/data/sample_calendar.ics is written the way Apple and Google Calendar export: CRLF
lines, a VTIMEZONE with TZID times, a zone named without a VTIMEZONE, UTC and floating
times, an all-day event, a repeating event and a changed occurrence of it, a cancelled and
a past event, an event repeated in the file, attendees (the coach among them) and events
matching no client or several.  ``SAMPLE_CLIENTS`` are the clients it is imported into.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import Medium, SessionStatus
from coachdesk.storage.calendar import (
    CalendarError,
    export_ics,
    import_ics,
    import_ics_preview,
    session_uid,
)
from coachdesk.storage.calendar import reading as calendar_reading
from coachdesk.storage.clients import create_client, delete_client
from coachdesk.storage.driver import dbapi
from coachdesk.storage.private_files import PART_SUFFIX
from coachdesk.storage.sessions import create_session, set_session_status

pytestmark = pytest.mark.usefixtures("local_zone")

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SAMPLE = Path(__file__).parent.parent / "data" / "sample_calendar.ics"
SAMPLE_CLIENTS = [
    ("Dan Okafor", "", "dan@okafor.example"),
    ("Priya Raman", "", "priya@raman.example"),
    ("Margaret Hughes", "Maggie", ""),
    ("Sam Taylor", "", ""),
    ("Sam Taylor", "", "sam.t@example.org"),
    ("Ana Li", "", ""),
    ("Ana Lima", "", ""),
    ("Bea Nobody", "", "bea@example.org"),
]
SECRET = "SECRET-NOTE-7731"


def sessions_in(db) -> list[tuple]:
    with dbapi.connect(db.path) as conn:
        return conn.execute(
            "SELECT c.name, s.start, s.duration_minutes, s.medium, s.location, s.agenda, s.status"
            " FROM coaching_sessions AS s JOIN clients AS c ON c.id = s.client_id"
            " ORDER BY s.start, c.name"
        ).fetchall()


def stored(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@pytest.fixture
def sample_db(db):
    ids: dict[str, int] = {}
    for name, preferred, email in SAMPLE_CLIENTS:
        client_id = create_client(db, ClientData(name=name, preferred_name=preferred, email=email))
        ids.setdefault(name, client_id)
    # Already in CoachDesk: event 13 of the sample is at this time.
    create_session(
        db, SessionData(client_id=ids["Ana Lima"], start=datetime(2026, 12, 15, 10, tzinfo=UTC))
    )
    db.ids = ids
    return db


# --- export -----------------------------------------------------------------------------------


@pytest.fixture
def practice(db):
    dan = create_client(
        db, ClientData(name="Dan Okafor", email="dan@okafor.example", private_notes=SECRET)
    )
    eve = create_client(db, ClientData(name="Eve Marsh"))
    soon = create_session(
        db,
        SessionData(
            client_id=dan,
            start=NOW + timedelta(days=2, hours=3),
            duration_minutes=75,
            medium=Medium.IN_PERSON,
            location="Room 4, Main St",
            agenda="Board meeting; the 360, results",
            private_notes=f"session notes {SECRET}",
        ),
        guests=[("Maria Lopez", "BUILT TO LEAD", None)],
    )
    video = create_session(
        db,
        SessionData(
            client_id=eve,
            start=NOW + timedelta(days=40),
            location="https://meet.example/abc",
            private_notes=SECRET,
        ),
    )
    held = create_session(db, SessionData(client_id=dan, start=NOW + timedelta(days=3)))
    set_session_status(db, held, SessionStatus.HELD)
    create_session(db, SessionData(client_id=dan, start=NOW - timedelta(hours=1)))  # past
    create_session(db, SessionData(client_id=eve, start=NOW + timedelta(days=91)))  # too far
    return {"dan": dan, "eve": eve, "soon": soon, "video": video}


def test_the_export_parses_back_with_alarms_utc_times_and_no_private_notes(db, practice, tmp_path):
    target = tmp_path / "sessions.ics"
    result = export_ics(db, target, now=NOW)
    assert result.events == 2
    raw = target.read_bytes()
    assert SECRET.encode() not in raw
    assert "private" not in raw.decode().lower()
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600

    parsed = Calendar.from_ical(raw)
    events = parsed.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        session_uid(practice["soon"]),
        session_uid(practice["video"]),
    ]
    first = events[0]
    assert first.start == NOW + timedelta(days=2, hours=3)
    assert first.start.utcoffset() == timedelta(0)
    assert first.end - first.start == timedelta(minutes=75)
    assert "DTSTART:20261128T150000Z" in raw.decode()
    assert str(first["SUMMARY"]) == "Coaching: Dan Okafor"
    assert str(first["LOCATION"]) == "In person · Room 4, Main St"
    description = str(first["DESCRIPTION"])
    assert "Board meeting; the 360, results" in description
    assert "Maria Lopez (BUILT TO LEAD)" in description
    assert [str(a) for a in first.attendees] == ["mailto:dan@okafor.example"]
    assert first.attendees[0].params["CN"] == "Dan Okafor"
    # Before the session (the notice deadlines' own alarms: test_calendar_notices).
    alarms = [a for a in first.walk("VALARM") if isinstance(a["TRIGGER"].dt, timedelta)]
    assert len(alarms) == 1
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert alarms[0]["TRIGGER"].dt == timedelta(minutes=-30)

    second = events[1]
    assert str(second["LOCATION"]) == "Video · https://meet.example/abc"
    assert "ATTENDEE" not in second  # no email: no attendee
    assert second.walk("VALARM")


def test_days_limits_the_export_and_a_rewrite_replaces_the_file(db, practice, tmp_path):
    target = tmp_path / "sessions.ics"
    target.write_text("old")
    assert export_ics(db, target, days=7, now=NOW).events == 1
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT")[0]["UID"] == session_uid(
        practice["soon"]
    )
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))
    with pytest.raises(CalendarError):
        export_ics(db, target, days=0, now=NOW)


def test_importing_our_own_export_recognises_every_session(db, practice, tmp_path):
    target = tmp_path / "sessions.ics"
    export_ics(db, target, now=NOW)
    preview = import_ics_preview(db, target, now=NOW)
    assert preview.to_create == ()
    reasons = [item.reason for item in preview.unmatched]
    assert reasons == [
        f"already in CoachDesk (session {practice['soon']})",
        f"already in CoachDesk (session {practice['video']})",
    ]


def test_our_export_imported_elsewhere_keeps_place_and_agenda(db, practice, tmp_path):
    target = tmp_path / "sessions.ics"
    export_ics(db, target, now=NOW)
    delete_client(db, practice["dan"])
    dan = create_client(db, ClientData(name="Dan Okafor", email="dan@okafor.example"))
    preview = import_ics_preview(db, target, now=NOW)
    (new,) = preview.to_create
    assert (new.client_id, new.matched_by) == (dan, "email")
    assert (new.medium, new.location) == (Medium.IN_PERSON, "Room 4, Main St")
    assert new.agenda == "Board meeting; the 360, results"
    assert new.duration_minutes == 75
    assert preview.unmatched[0].reason == f"already in CoachDesk (session {practice['video']})"


# --- import of the sample calendar ------------------------------------------------------------


def test_the_sample_calendar_creates_exactly_the_right_sessions(sample_db):
    before = sessions_in(sample_db)
    preview = import_ics_preview(sample_db, SAMPLE, now=NOW)
    assert preview.events == 16
    assert sessions_in(sample_db) == before  # a preview writes nothing

    reasons = {item.event: item.reason for item in preview.unmatched}
    assert reasons == {
        4: "an all-day event (no start time)",
        5: "a repeating event: add its sessions in CoachDesk one by one",
        6: "a changed occurrence of a repeating event",
        7: "no client is named in the title (and it has no attendees)",
        8: "the title names 2 clients called Sam Taylor",
        9: "the attendees' addresses belong to several clients: Dan Okafor, Priya Raman",
        10: "cancelled in the calendar",
        11: "already started (only upcoming sessions are imported)",
        12: "the same event appears earlier in the file",
        13: "already in CoachDesk: Ana Lima has a session at that time",
        16: "no client has an attendee's email address or is named in the title",
    }
    assert preview.unmatched[0].start == date(2026, 12, 10)

    result = import_ics(sample_db, preview)
    assert len(result.created) == 5
    floating = stored(datetime(2026, 12, 11, 9, 0).astimezone())  # this computer's zone
    created = [row for row in sessions_in(sample_db) if row not in before]
    agenda = "Talk about the board meeting.\nBring the 360 results."
    meet = "https://meet.google.com/abc-defg-hij"
    expected = [
        # Europe/Berlin 10:00-11:30 in December is 09:00 UTC; matched by the attendee's email
        ("Dan Okafor", "2026-12-03 09:00:00.000000", 90, "in_person",
         "Café Central, Herrengasse 14, Vienna", agenda, "planned"),
        ("Priya Raman", "2026-12-07 15:00:00.000000", 60, "video", meet, "", "planned"),
        # America/New_York 09:00 is 14:00 UTC; DURATION:PT45M; "Maggie Hughes" is Margaret
        ("Margaret Hughes", "2026-12-09 14:00:00.000000", 45, "phone", "+44 20 7946 0958",
         "", "planned"),
        ("Ana Li", floating, 60, "video", "", "", "planned"),
        ("Ana Lima", "2026-12-16 10:00:00.000000", 60, "video", "", "", "planned"),
    ]  # fmt: skip
    assert sorted(created) == sorted(expected)

    again = import_ics_preview(sample_db, SAMPLE, now=NOW)
    assert again.to_create == ()
    assert import_ics(sample_db, SAMPLE, now=NOW).created == ()
    assert len(sessions_in(sample_db)) == len(before) + 5


def test_the_import_is_all_or_nothing_when_the_data_changed_since_the_preview(sample_db):
    preview = import_ics_preview(sample_db, SAMPLE, now=NOW)
    last = preview.to_create[-1]
    assert last.client_name == "Ana Li"
    delete_client(sample_db, last.client_id)
    before = sessions_in(sample_db)
    with pytest.raises(CalendarError, match="Ana Li was deleted since the preview"):
        import_ics(sample_db, preview)
    assert sessions_in(sample_db) == before


# --- bad files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an iCalendar"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (
            "BEGIN:VCALENDAR\r\nSUMMARY:Caf\u00e9\r\n".encode("latin-1"),
            r"not UTF-8 text \(line 2\)",
        ),
        (b"name,email\r\nDan,dan@example.org\r\n", "should begin with BEGIN:VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nthis is not a content line\r\nEND:VCALENDAR\r\n", "not a readable"),
        (
            b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 10 + b"END:X\r\n" * 10 + b"END:VCALENDAR\r\n",
            "line 9: components are nested too deeply",
        ),
    ],
)
def test_a_file_that_is_not_a_calendar_is_refused_with_a_clear_message(
    sample_db, tmp_path, content, message
):
    bad = tmp_path / "bad.ics"
    bad.write_bytes(content)
    before = sessions_in(sample_db)
    with pytest.raises(CalendarError, match=message) as raised:
        import_ics(sample_db, bad, now=NOW)
    assert "bad.ics" in raised.value.message
    assert sessions_in(sample_db) == before


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(sample_db, tmp_path, monkeypatch):
    monkeypatch.setattr(calendar_reading, "MAX_BYTES", 1000)
    with pytest.raises(CalendarError, match="too large"):
        import_ics_preview(sample_db, SAMPLE, now=NOW)
    with pytest.raises(CalendarError, match="cannot be read"):
        import_ics_preview(sample_db, tmp_path / "missing.ics", now=NOW)


def test_an_event_with_an_unreadable_time_is_left_out_with_its_reason(sample_db, tmp_path):
    ics = tmp_path / "odd.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:tomorrow\r\nSUMMARY:Dan Okafor\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Dan Okafor\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261203T090000Z\r\nDTEND:20261204T090000Z\r\n"
        "SUMMARY:Dan Okafor\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:d\r\nDTSTART:20261203T090000Z\r\nDTEND:20261203T080000Z\r\n"
        "SUMMARY:Dan Okafor\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    preview = import_ics_preview(sample_db, ics, now=NOW)
    assert preview.to_create == ()
    assert [item.reason for item in preview.unmatched] == [
        "its start time cannot be read",
        "no start time",
        "it lasts longer than 12 hours",
        "it ends before it starts",
    ]


def test_a_zero_length_event_declined_invitations_and_two_events_at_one_time(sample_db, tmp_path):
    def event(uid: str, start: str, end: str, extra: str = "") -> str:
        return (
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
            f"SUMMARY:Coaching: Dan Okafor\r\n{extra}END:VEVENT\r\n"
        )

    declined = "ATTENDEE;PARTSTAT=DECLINED;CN=Dan:mailto:dan@okafor.example\r\n"
    accepted = "ATTENDEE;PARTSTAT=ACCEPTED;CN=Dan:mailto:dan@okafor.example\r\n"
    ics = tmp_path / "week.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + event("zero", "20261203T090000Z", "20261203T090000Z")  # no length: the default
        + event("no", "20261204T090000Z", "20261204T100000Z", declined)
        + event("yes", "20261205T090000Z", "20261205T100000Z", accepted)
        + event("twin", "20261205T090000Z", "20261205T100000Z")
        + "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    preview = import_ics_preview(sample_db, ics, now=NOW)
    created = {s.start.isoformat(): s.duration_minutes for s in preview.to_create}
    assert created == {"2026-12-03T09:00:00+00:00": 60, "2026-12-05T09:00:00+00:00": 60}
    assert [item.reason for item in preview.unmatched] == [
        "Dan Okafor declined it",
        "another event for Dan Okafor at the same time comes earlier in the file",
    ]
