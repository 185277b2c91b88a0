"""The calendar export's notice alarms and clients' time zones, read back from the bytes.

Real sessions made with the storage API, exported at a fixed ``NOW`` (Thursday 26 November
2026, 12:00 UTC) and parsed back with ``icalendar``: every open notice of a session whose
deadline is still ahead has a display alarm at that deadline (an absolute UTC trigger,
"Notice due: <what> (by <when>)"), a passed one has none; a client's own zone is written as
``TZID=<zone>`` with its VTIMEZONE, the instant unchanged; a client with no zone (or a zone
this computer does not know) stays in UTC.  CoachDesk's own calendar reader gives the same
start instants back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import text

from coachdesk.domain.clients import ClientData
from coachdesk.domain.notice import HOURS_48, Notice, NoticeUnit, deadline
from coachdesk.domain.practice import MatterData, SessionData
from coachdesk.domain.prep import say_moment
from coachdesk.domain.vocab import Trigger
from coachdesk.storage.calendar import calendar_bytes, export_ics, import_ics_preview, session_uid
from coachdesk.storage.calendar.events import read_event
from coachdesk.storage.calendar.reading import Budget, read_file
from coachdesk.storage.calendar.zones import FileZones, file_zone, sane_rules
from coachdesk.storage.clients import create_client, delete_client
from coachdesk.storage.matters import create_matter
from coachdesk.storage.sessions import create_session, update_session

pytestmark = pytest.mark.usefixtures("local_zone")

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
NEW_YORK = "America/New_York"
UNKNOWN_ZONE = "Mars/Olympus_Mons"
# Wednesday 2 December, 10:00 in New York (EST, UTC-5).
GUEST_START = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
# Moved from 8 December to Wednesday 9 December, 14:00 UTC, the new time not confirmed.
MOVED_START = datetime(2026, 12, 9, 14, 0, tzinfo=UTC)
# In ten hours: the guest's 24 hours of notice passed yesterday.
LATE_START = NOW + timedelta(hours=10)
ZED_START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
# Saturday 20 March 2027, 10:00 in New York (EDT since 14 March, UTC-4).
SPRING_START = datetime(2027, 3, 20, 14, 0, tzinfo=UTC)
TWO_WORKING_DAYS = Notice(2, NoticeUnit.WORKING_DAYS)


@pytest.fixture
def practice(db):
    dan = create_client(
        db, ClientData(name="Dan Okafor", email="dan@okafor.example", time_zone=NEW_YORK)
    )
    eve = create_client(db, ClientData(name="Eve Marsh"))
    zed = create_client(db, ClientData(name="Zed Quill"))
    with db.session() as session:  # a zone from elsewhere this computer does not know
        session.execute(
            text("UPDATE clients SET time_zone = :zone WHERE id = :id"),
            {"zone": UNKNOWN_ZONE, "id": zed},
        )
    create_matter(
        db,
        MatterData(
            client_id=dan,
            statement="Tell me before anyone else joins a session",
            triggers=frozenset({Trigger.GUESTS}),
            notice=TWO_WORKING_DAYS.text,
        ),
    )
    guests = create_session(
        db,
        SessionData(client_id=dan, start=GUEST_START),
        guests=[("Maria Lopez", "CFO", None), ("Ben Ode", "", NOW - timedelta(days=1))],
    )
    moved = create_session(
        db, SessionData(client_id=eve, start=datetime(2026, 12, 8, 10, 0, tzinfo=UTC))
    )
    update_session(db, moved, SessionData(client_id=eve, start=MOVED_START))
    late = create_session(
        db, SessionData(client_id=eve, start=LATE_START), guests=[("Sam Hill", "", None)]
    )
    zed_session = create_session(db, SessionData(client_id=zed, start=ZED_START))
    spring = create_session(db, SessionData(client_id=dan, start=SPRING_START))
    return {
        "dan": dan,
        "eve": eve,
        "guests": guests,
        "moved": moved,
        "late": late,
        "zed": zed_session,
        "spring": spring,
    }


def events_by_uid(raw: bytes) -> dict[str, object]:
    return {str(event["UID"]): event for event in Calendar.from_ical(raw).walk("VEVENT")}


def notice_alarms(event) -> list:
    return [alarm for alarm in event.walk("VALARM") if isinstance(alarm["TRIGGER"].dt, datetime)]


def test_each_notice_still_ahead_has_an_alarm_at_its_deadline(db, practice, local_zone):
    raw = calendar_bytes(db, now=NOW)
    events = events_by_uid(raw)
    assert set(events) == {
        session_uid(practice[key]) for key in ("guests", "moved", "late", "zed")
    }  # the spring session is beyond the 90 days

    # Maria Lopez was not announced and Dan asked for two working days: due Monday 10:00
    # in New York (Ben Ode was announced: nothing to do for him).
    due = deadline(GUEST_START, TWO_WORKING_DAYS, ZoneInfo(NEW_YORK))
    assert due == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    guests = events[session_uid(practice["guests"])]
    (alarm,) = notice_alarms(guests)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == due
    assert alarm["TRIGGER"].params["VALUE"] == "DATE-TIME"
    # Initials and CoachDesk's words only: a phone shows an alarm on its locked screen.
    task = "D.O.: tell them about a guest who will join"
    assert str(alarm["DESCRIPTION"]) == f"Notice due: {task} (by {say_moment(due)})"
    if local_zone == "UTC":
        assert str(alarm["DESCRIPTION"]) == (
            "Notice due: D.O.: tell them about a guest who will join (by Mon 30 Nov, 15:00)"
        )

    # The move's new time needs 48 hours by default.
    moved_due = deadline(MOVED_START, HOURS_48, ZoneInfo("UTC"))
    (alarm,) = notice_alarms(events[session_uid(practice["moved"])])
    assert alarm["TRIGGER"].dt == moved_due == datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    assert str(alarm["DESCRIPTION"]) == (
        f"Notice due: E.M.: confirm the new time (by {say_moment(moved_due)})"
    )

    # Every session keeps its reminder 30 minutes before; a passed deadline gets no alarm.
    late = events[session_uid(practice["late"])]
    assert notice_alarms(late) == []
    for event in events.values():
        relative = [alarm["TRIGGER"].dt for alarm in event.walk("VALARM")]
        assert [dt for dt in relative if isinstance(dt, timedelta)] == [timedelta(minutes=-30)]
    written = raw.decode()
    assert "TRIGGER;VALUE=DATE-TIME:20261130T150000Z" in written
    assert "TRIGGER;VALUE=DATE-TIME:20261207T140000Z" in written
    assert written.count("Notice due: ") == 2
    unfolded = written.replace("\r\n ", "")
    for alarm_text in (str(a["DESCRIPTION"]) for e in events.values() for a in notice_alarms(e)):
        assert "Maria" not in alarm_text and "Okafor" not in alarm_text
    assert "Sam Hill" not in unfolded.split("BEGIN:VALARM", 1)[-1].split("END:VALARM")[0]


def test_a_deadline_that_passed_since_loses_its_alarm(db, practice):
    later = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # Maria Lopez's deadline, reached
    events = events_by_uid(calendar_bytes(db, now=later))
    assert notice_alarms(events[session_uid(practice["guests"])]) == []
    assert len(notice_alarms(events[session_uid(practice["moved"])])) == 1


def test_the_clients_zone_is_written_with_its_vtimezone_and_the_same_instant(
    db, practice, tmp_path
):
    target = tmp_path / "sessions.ics"
    export_ics(db, target, days=150, now=NOW)
    raw = target.read_bytes()
    parsed = Calendar.from_ical(raw)
    events = events_by_uid(raw)

    for key, start in (("guests", GUEST_START), ("spring", SPRING_START)):
        event = events[session_uid(practice[key])]
        assert event["DTSTART"].params["TZID"] == NEW_YORK
        assert event["DTEND"].params["TZID"] == NEW_YORK
        assert event.start == start  # the same instant
        assert event.end - event.start == timedelta(minutes=60)
    written = raw.decode()
    assert "DTSTART;TZID=America/New_York:20261202T100000" in written
    assert "DTSTART;TZID=America/New_York:20270320T100000" in written  # daylight time by then
    assert [zone.tz_name for zone in parsed.timezones] == [NEW_YORK]
    assert parsed.get_missing_tzids() == set()

    # The VTIMEZONE's own rules (as a reader with no zone database would use them) put
    # both sessions at the same instants, either side of the clocks going forward.
    found = read_file(target, Budget(target.name, 3.0))
    assert sane_rules(found.zones[NEW_YORK])
    rules = file_zone(NEW_YORK, found.zone_texts[NEW_YORK])
    for wall, start in (
        (datetime(2026, 12, 2, 10, 0), GUEST_START),
        (datetime(2027, 3, 20, 10, 0), SPRING_START),
    ):
        assert wall.replace(tzinfo=rules).astimezone(UTC) == start

    # The clocks change in New York before the spring session, not here: confirm the time.
    (alarm,) = notice_alarms(events[session_uid(practice["spring"])])
    assert alarm["TRIGGER"].dt == SPRING_START - timedelta(hours=48)
    assert "D.O.: confirm the time: the clocks change (by " in str(alarm["DESCRIPTION"])


def test_clients_without_a_known_zone_stay_in_utc(db, practice):
    raw = calendar_bytes(db, now=NOW)
    events = events_by_uid(raw)
    for key, start in (("moved", MOVED_START), ("zed", ZED_START), ("late", LATE_START)):
        event = events[session_uid(practice[key])]
        assert "TZID" not in event["DTSTART"].params
        assert event.start == start
        assert event.start.utcoffset() == timedelta(0)
    written = raw.decode()
    assert "DTSTART:20261209T140000Z" in written
    assert "DTSTART:20261203T090000Z" in written
    assert UNKNOWN_ZONE not in written
    assert [zone.tz_name for zone in Calendar.from_ical(raw).timezones] == [NEW_YORK]


def test_no_zone_at_all_writes_no_vtimezone(db):
    eve = create_client(db, ClientData(name="Eve Marsh"))
    create_session(db, SessionData(client_id=eve, start=MOVED_START))
    parsed = Calendar.from_ical(calendar_bytes(db, now=NOW))
    assert parsed.timezones == []
    assert b"TZID" not in parsed.to_ical()


def starts_read_back(path: Path) -> dict[str, datetime]:
    """Each event's start as CoachDesk's own calendar import reads it."""
    found = read_file(path, Budget(path.name, 3.0))
    zones = FileZones(found)
    events = [read_event(n, raw, zones, NOW) for n, raw in enumerate(found.events, start=1)]
    assert [event.problem for event in events] == [""] * len(events)
    return {event.uid: event.start for event in events}  # type: ignore[misc]


def test_the_export_read_back_by_coachdesk_gives_the_same_starts(db, practice, tmp_path):
    target = tmp_path / "sessions.ics"
    export_ics(db, target, days=150, now=NOW)
    assert starts_read_back(target) == {
        session_uid(practice["guests"]): GUEST_START,
        session_uid(practice["moved"]): MOVED_START,
        session_uid(practice["late"]): LATE_START,
        session_uid(practice["zed"]): ZED_START,
        session_uid(practice["spring"]): SPRING_START,
    }

    # Imported into a practice that no longer has Dan's sessions: the same instants.
    delete_client(db, practice["dan"])
    dan = create_client(db, ClientData(name="Dan Okafor", email="dan@okafor.example"))
    preview = import_ics_preview(db, target, now=NOW)
    assert sorted((new.client_id, new.start) for new in preview.to_create) == [
        (dan, GUEST_START),
        (dan, SPRING_START),
    ]
    assert {item.reason for item in preview.unmatched} == {
        f"already in CoachDesk (session {practice[key]})" for key in ("moved", "late", "zed")
    }
