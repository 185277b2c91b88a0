"""Data for the export and import tests: a practice full of awkward values, a full dump of
the database (to prove an import changed nothing), and a database opened in a folder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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
from coachdesk.paths import AppPaths
from coachdesk.storage.database import Database, open_database
from coachdesk.storage.models import (
    Breach,
    Client,
    CoachingSession,
    Feedback,
    FeedbackAnswer,
    Guest,
    Matter,
    MatterTrigger,
    Promise,
    SessionMove,
)
from coachdesk.storage.search import is_shadow_table

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

AWKWARD = (
    '=HYPERLINK("http://evil.example","click")',
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(A1:A2)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "'=already quoted",
    'She said "no", then "yes, fine"',
    "line one\nline two\r\nline three",
    "emoji 🎉👩🏽‍💻 and RTL ليلى",
    "trailing spaces   ",
)


def new_database(folder: Path) -> Database:
    paths = AppPaths.under(folder)
    paths.ensure()
    return open_database(paths.database, paths.backup_dir)


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table (and the id sequences), to compare before and after."""
    with db.read() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in tables
            if not is_shadow_table(table)
        }


def _stamps(minutes: int) -> dict[str, datetime]:
    moment = T0 - timedelta(days=30) + timedelta(minutes=minutes)
    return {"created_at": moment, "updated_at": moment + timedelta(seconds=1, microseconds=7)}


def add_awkward_practice(db: Database) -> None:
    """Three clients: every field set, awkward text everywhere, two sessions at the same
    moment, links across clients, and two clients with the same name and (empty) email."""
    with db.session() as s:
        zoe = Client(
            name='Zoë "Z" O\'Neil, Jr.',
            preferred_name="@zo",
            pronouns="she/her",
            email="zoe@example.org",
            phone="+44 20 7946 0000",
            organisation="-minus & Co, Ltd",
            role='Head of "Ops", EMEA',
            status=ClientStatus.PAUSED.value,
            started_on=date(2024, 2, 29),
            private_notes="\n".join(AWKWARD),
            usual_medium=Medium.PHONE.value,
            usual_location="Café ☕, 2nd floor",
            print_private_notes=True,
            **_stamps(1),
        )
        ana = Client(name="Ana", email="", **_stamps(2))
        ana_again = Client(name="ana", email="", private_notes="=1+1", **_stamps(3))
        s.add_all([zoe, ana, ana_again])
        s.flush()
        first = CoachingSession(
            client_id=zoe.id,
            start=T0.replace(microsecond=123456),
            duration_minutes=90,
            medium=Medium.IN_PERSON.value,
            location=AWKWARD[0],
            status=SessionStatus.HELD.value,
            agenda=AWKWARD[7],
            private_notes=AWKWARD[8],
            recorded=True,
            recording_consent_at=T0 - timedelta(days=1, microseconds=-5),
            **_stamps(4),
        )
        twin = CoachingSession(client_id=zoe.id, start=first.start, **_stamps(5))
        moved = CoachingSession(
            client_id=zoe.id,
            start=T0 + timedelta(days=14),
            original_start=T0 + timedelta(days=13),
            reschedule_confirmed_at=T0 + timedelta(days=2),
            place_confirmed_at=T0 + timedelta(days=3),
            status=SessionStatus.PLANNED.value,
            medium=Medium.VIDEO.value,
            location="https://meet.example/abc?x=1,2",
            **_stamps(6),
        )
        ana_session = CoachingSession(
            client_id=ana.id,
            start=T0 - timedelta(days=1),
            status=SessionStatus.NO_SHOW.value,
            **_stamps(7),
        )
        s.add_all([first, twin, moved, ana_session])
        s.flush()
        # Moved twice: earlier, then back to a later day; the second move not confirmed yet.
        s.add_all(
            [
                SessionMove(
                    session_id=moved.id,
                    from_start=T0 + timedelta(days=13),
                    to_start=T0 + timedelta(days=12, hours=3),
                    moved_at=T0 + timedelta(days=1),
                    confirmed_at=T0 + timedelta(days=1, minutes=5),
                    **_stamps(22),
                ),
                SessionMove(
                    session_id=moved.id,
                    from_start=T0 + timedelta(days=12, hours=3),
                    to_start=moved.start,
                    moved_at=T0 + timedelta(days=2, microseconds=1),
                    **_stamps(23),
                ),
            ]
        )
        s.add_all(
            [
                Guest(
                    session_id=first.id,
                    name="Maria Lopez",
                    role="BUILT TO LEAD",
                    client_informed_at=T0 - timedelta(days=2),
                    **_stamps(8),
                ),
                Guest(
                    session_id=first.id,
                    name="=cmd|' /C calc'!A0",
                    role="",
                    **_stamps(9),
                ),
                Guest(
                    session_id=moved.id,
                    name="Sam Sponsor",
                    role="HR",
                    brought_by=GuestSource.SPONSOR.value,
                    **_stamps(24),
                ),
                Guest(
                    session_id=moved.id,
                    name="Tom Partner",
                    brought_by=GuestSource.CLIENT.value,
                    **_stamps(25),
                ),
            ]
        )
        check = Feedback(
            session_id=first.id,
            prediction_skipped=True,
            reported_at=T0 + timedelta(hours=3),
            comment=AWKWARD[9],
            **_stamps(10),
        )
        other_check = Feedback(
            session_id=twin.id, predicted_at=T0 + timedelta(hours=1), **_stamps(11)
        )
        s.add_all([check, other_check])
        s.flush()
        s.add_all(
            [
                FeedbackAnswer(
                    pulse_check_id=check.id,
                    position=0,
                    question="I felt understood today",
                    predicted=None,
                    reported=4,
                    **_stamps(12),
                ),
                FeedbackAnswer(
                    pulse_check_id=check.id,
                    position=1,
                    question="I trust my coach to keep their word",
                    predicted=None,
                    reported=5,
                    **_stamps(13),
                ),
                FeedbackAnswer(
                    pulse_check_id=other_check.id,
                    position=0,
                    question="Custom, with a comma",
                    predicted=3,
                    reported=None,
                    **_stamps(14),
                ),
            ]
        )
        promise = Promise(
            client_id=zoe.id,
            session_id=first.id,
            owner=PromiseOwner.COACH.value,
            text='Send the article, "properly" this time',
            due_on=date(2025, 3, 10),
            status=PromiseStatus.MISSED.value,
            **_stamps(15),
        )
        their_promise = Promise(
            client_id=zoe.id,
            owner=PromiseOwner.CLIENT.value,
            text="@mention the sponsor",
            **_stamps(16),
        )
        s.add_all([promise, their_promise])
        s.flush()
        matter = Matter(
            client_id=zoe.id,
            statement="Tell me before you bring anyone else in",
            why=AWKWARD[3],
            category=Category.COMMUNICATION.value,
            importance=3,
            keywords="guest, three-way, manager",
            source_session_id=first.id,
            captured_on=date(2025, 1, 5),
            last_confirmed_on=date(2025, 2, 1),
            keep_off_printouts=True,
            active=False,
            language=Language.GERMAN.value,
            **_stamps(17),
        )
        plain = Matter(
            client_id=zoe.id,
            statement="-dash first",
            captured_on=date(2025, 1, 6),
            **_stamps(18),
        )
        # Ana's matter was said in a session that now belongs to Zoë (a session moved
        # between clients): links across clients survive the round trip.
        crossing = Matter(
            client_id=ana.id,
            statement="Crossing link",
            source_session_id=moved.id,
            captured_on=date(2025, 1, 7),
            **_stamps(19),
        )
        s.add_all([matter, plain, crossing])
        s.flush()
        s.add_all(
            [
                MatterTrigger(matter_id=matter.id, trigger=Trigger.GUESTS.value),
                MatterTrigger(matter_id=matter.id, trigger=Trigger.CONFIDENTIALITY.value),
                Breach(
                    matter_id=matter.id,
                    session_id=first.id,
                    commitment_id=promise.id,
                    occurred_on=date(2025, 3, 3),
                    what_happened=AWKWARD[8],
                    how_it_landed=AWKWARD[7],
                    severity=3,
                    repair_status=RepairStatus.REPAIRED.value,
                    repair_notes=AWKWARD[0],
                    repaired_on=date(2025, 3, 5),
                    **_stamps(20),
                ),
                Breach(
                    matter_id=crossing.id,
                    session_id=ana_session.id,
                    occurred_on=date(2025, 3, 1),
                    what_happened="Started late",
                    **_stamps(21),
                ),
            ]
        )
