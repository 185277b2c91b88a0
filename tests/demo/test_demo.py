"""The demo practice generator: sizes, determinism, refusal, and the story it must tell."""

from __future__ import annotations

import time as clock
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coachdesk.demo import (
    SEED_CLIENT_NAME,
    SEED_GUEST_NAME,
    SEED_GUEST_ROLE,
    SEED_MATTER_STATEMENT,
    SIZES,
    DemoCounts,
    DemoRefused,
    generate_demo,
)
from coachdesk.domain.clients import ClientData, validate_client
from coachdesk.domain.vocab import (
    DEFAULT_FEEDBACK_QUESTIONS,
    Category,
    ClientStatus,
    Medium,
    RepairStatus,
    SessionStatus,
)
from coachdesk.storage.clients import create_client, delete_client
from coachdesk.storage.database import Database, open_database
from coachdesk.storage.models import (
    Base,
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

TODAY = date(2026, 11, 26)  # a Thursday
MIDNIGHT = datetime.combine(TODAY, time(0, 0), UTC)
TABLES = [
    Client.__table__,
    CoachingSession.__table__,
    Guest.__table__,
    SessionMove.__table__,
    Matter.__table__,
    MatterTrigger.__table__,
    Breach.__table__,
    Promise.__table__,
    Feedback.__table__,
    FeedbackAnswer.__table__,
]


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with db.session() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns)).all()
            ]
            for table in TABLES
        }


def table_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in TABLES
        }


@pytest.fixture
def demo_db(db: Database) -> Database:
    generate_demo(db, "demo", seed=1, today=TODAY)
    return db


@pytest.fixture
def second_db(tmp_path: Path):
    database = open_database(tmp_path / "b.sqlite3")
    yield database
    database.close()


def test_sizes_are_the_documented_ones():
    assert SIZES == ("demo", "career", "stress")


def test_demo_size_fills_every_table_near_the_targets(db):
    counts = generate_demo(db, "demo", seed=1, today=TODAY)
    rows = table_counts(db)
    assert all(rows[table.name] > 0 for table in TABLES), rows
    assert counts == DemoCounts(
        clients=rows["clients"],
        sessions=rows["coaching_sessions"],
        guests=rows["guests"],
        matters=rows["matters"],
        breaches=rows["breaches"],
        promises=rows["commitments"],
        feedback=rows["pulse_checks"],
    )
    assert (counts.clients, counts.sessions, counts.matters, counts.breaches) == (12, 150, 60, 10)
    assert 3 <= counts.guests <= 30
    assert 30 <= counts.promises <= 120
    assert 40 <= counts.feedback <= 120
    assert rows["pulse_answers"] == 2 * counts.feedback


def test_same_seed_and_day_give_identical_files(db, second_db):
    generate_demo(db, "demo", seed=7, today=TODAY)
    generate_demo(second_db, "demo", seed=7, today=TODAY)
    assert dump(db) == dump(second_db)


def test_another_seed_gives_other_data(db, second_db):
    generate_demo(db, "demo", seed=1, today=TODAY)
    generate_demo(second_db, "demo", seed=2, today=TODAY)
    first, second = dump(db), dump(second_db)
    assert first["coaching_sessions"] != second["coaching_sessions"]
    assert first["matters"] != second["matters"]
    assert first["pulse_answers"] != second["pulse_answers"]


def test_refuses_a_file_that_already_has_clients(db):
    create_client(db, ClientData(name="Real Client"))
    before = dump(db)
    with pytest.raises(DemoRefused) as raised:
        generate_demo(db, "demo", today=TODAY)
    assert "already has clients" in str(raised.value)
    assert dump(db) == before


def test_unknown_size_is_a_value_error_and_writes_nothing(db):
    with pytest.raises(ValueError, match="unknown demo size"):
        generate_demo(db, "huge", today=TODAY)
    assert sum(table_counts(db).values()) == 0


def test_never_reuses_ids_of_deleted_rows(db):
    deleted_id = create_client(db, ClientData(name="Deleted Later"))
    delete_client(db, deleted_id)
    generate_demo(db, "demo", today=TODAY)
    with db.session() as session:
        assert session.scalar(select(func.min(Client.id))) == deleted_id + 1


def test_progress_is_reported_from_zero_to_one(db):
    calls: list[float] = []
    generate_demo(db, "demo", today=TODAY, progress=calls.append)
    assert calls[0] == 0.0
    assert calls[-1] == 1.0
    assert calls == sorted(calls)


def seed_case(db: Database, today: date) -> None:
    """The case that started the product, exactly as described."""
    with db.session() as session:
        client = session.scalars(select(Client).where(Client.name == SEED_CLIENT_NAME)).one()
        assert client.status == ClientStatus.ACTIVE
        matter = session.scalars(
            select(Matter).where(
                Matter.client_id == client.id, Matter.statement == SEED_MATTER_STATEMENT
            )
        ).one()
        assert matter.category == Category.COMMUNICATION
        assert matter.importance == 3
        assert matter.active
        assert [t.trigger for t in matter.triggers] == ["guests"]
        now = datetime.combine(today, time(0, 0), UTC)
        upcoming = session.scalars(
            select(CoachingSession)
            .join(Guest)
            .where(
                CoachingSession.client_id == client.id,
                CoachingSession.status == SessionStatus.PLANNED,
                CoachingSession.start > now,
                CoachingSession.start < now + timedelta(days=7),
                Guest.name == SEED_GUEST_NAME,
                Guest.role == SEED_GUEST_ROLE,
                Guest.client_informed_at.is_(None),
            )
        ).all()
        assert len(upcoming) == 1
        # the coach learned what mattered by missing it: a repaired breach on the matter
        repaired = [b for b in matter.breaches if b.repair_status == RepairStatus.REPAIRED]
        assert repaired and repaired[0].session_id == matter.source_session_id


def test_the_seed_case_is_there(demo_db):
    seed_case(demo_db, TODAY)


@pytest.mark.parametrize(
    ("seed", "today"),
    [
        (1, date(2026, 11, 28)),  # Saturday
        (2, date(2026, 11, 29)),  # Sunday
        (3, date(2026, 12, 23)),  # before the Christmas break
        (4, date(2026, 12, 31)),
        (5, date(2027, 6, 30)),
    ],
)
def test_the_guaranteed_story_holds_for_any_seed_and_day(db, seed, today):
    generate_demo(db, "demo", seed=seed, today=today)
    seed_case(db, today)
    midnight = datetime.combine(today, time(0, 0), UTC)
    with db.session() as session:
        moved = session.scalars(
            select(CoachingSession).where(
                CoachingSession.original_start.is_not(None),
                CoachingSession.start >= midnight,
                CoachingSession.status == SessionStatus.PLANNED,
            )
        ).all()
        assert moved
        overdue = session.scalars(
            select(Promise).where(
                Promise.owner == "coach", Promise.status == "open", Promise.due_on < today
            )
        ).all()
        assert overdue
        states = set(session.scalars(select(Breach.repair_status)))
        assert states == {"open", "acknowledged", "repaired"}


def test_demo_clients_pass_validation_and_are_varied(demo_db):
    with demo_db.session() as session:
        clients = session.scalars(select(Client).order_by(Client.id)).all()
        for client in clients:
            data = ClientData(
                name=client.name,
                preferred_name=client.preferred_name,
                pronouns=client.pronouns,
                email=client.email,
                phone=client.phone,
                organisation=client.organisation,
                role=client.role,
                status=ClientStatus(client.status),
                started_on=client.started_on,
                private_notes=client.private_notes,
            )
            assert validate_client(data).ok, (client.name, validate_client(data).message())
        assert clients[0].name == SEED_CLIENT_NAME
        names = [c.name for c in clients]
        assert any("\u0600" <= ch <= "\u06ff" for name in names for ch in name)  # Arabic script
        assert any(ch in "áéíóúèøñ" for name in names for ch in name.lower())
        statuses = Counter(c.status for c in clients)
        assert statuses["active"] > len(clients) / 2
        assert {"prospect", "paused", "ended"} <= set(statuses)
        assert any(c.pronouns for c in clients)
        assert any(c.usual_medium for c in clients) and any(not c.usual_medium for c in clients)


def test_rescheduled_sessions_keep_a_different_original_start(demo_db):
    with demo_db.session() as session:
        moved = session.scalars(
            select(CoachingSession).where(CoachingSession.original_start.is_not(None))
        ).all()
        assert len(moved) >= 3
        assert all(s.original_start != s.start for s in moved)


def test_every_moved_session_has_its_moves_and_some_were_moved_twice(demo_db):
    with demo_db.session() as session:
        moved = session.scalars(
            select(CoachingSession).where(CoachingSession.original_start.is_not(None))
        ).all()
        assert session.scalar(select(func.count()).select_from(SessionMove)) == sum(
            len(s.moves) for s in moved
        )
        twice = [s for s in moved if len(s.moves) == 2]
        assert len(twice) >= 2
        assert any(s.start.date() >= TODAY for s in twice)
        for s in moved:
            first, last = s.moves[0], s.moves[-1]
            assert (first.from_start, last.to_start) == (s.original_start, s.start)
            assert all(a.to_start == b.from_start for a, b in pairwise(s.moves))
            assert all(m.from_start != m.to_start for m in s.moves)
            assert [m.moved_at for m in s.moves] == sorted(m.moved_at for m in s.moves)
            assert all(s.created_at <= m.moved_at <= MIDNIGHT for m in s.moves)
            assert last.confirmed_at == s.reschedule_confirmed_at
        assert all(s.moves[0].confirmed_at for s in twice)


def test_guests_are_brought_by_the_coach_the_client_or_a_sponsor(demo_db):
    with demo_db.session() as session:
        sources = Counter(session.scalars(select(Guest.brought_by)))
        assert set(sources) == {"coach", "client", "sponsor"}
        assert sources["coach"] > sources["client"]
        seed_guest = session.scalars(select(Guest).where(Guest.name == SEED_GUEST_NAME)).one()
        assert seed_guest.brought_by == "coach", "the seed story's guest needs telling"


def test_some_items_are_in_the_clients_words_only_in_four_languages(demo_db):
    with demo_db.session() as session:
        matters = session.scalars(select(Matter)).all()
        languages = Counter(m.language for m in matters)
        assert {"de", "fr", "es"} <= set(languages) and languages[""] > 30
        untagged = [m for m in matters if not m.triggers and not m.keywords]
        assert len(untagged) >= 9
        assert any(m.statement.startswith("Warn me before anybody") for m in untagged)
        assert all(not m.triggers for m in matters if m.language)
        breached = {b.matter_id for b in session.scalars(select(Breach))}
        assert not breached & {m.id for m in untagged if m.statement != SEED_MATTER_STATEMENT}


def test_sessions_are_at_working_hours_and_statuses_fit_the_day(demo_db):
    with demo_db.session() as session:
        sessions = session.scalars(select(CoachingSession)).all()
        for s in sessions:
            assert s.start.tzinfo is not None
            assert s.start.weekday() < 5
            assert time(8, 0) <= s.start.time()
            assert (s.start + timedelta(minutes=s.duration_minutes)).time() <= time(18, 0)
            assert s.duration_minutes in (45, 60, 90)
            if s.start.date() < TODAY:
                assert s.status != SessionStatus.PLANNED
            else:
                assert s.status == SessionStatus.PLANNED
        statuses = Counter(s.status for s in sessions)
        assert statuses["held"] > 100
        assert statuses["cancelled"] + statuses["no_show"] > 0
        assert 10 <= statuses["planned"] <= 40
        assert {s.medium for s in sessions} == {m.value for m in Medium}
        assert any(s.start.date() == TODAY for s in sessions)  # the Today page is not empty


def test_matters_are_varied(demo_db):
    with demo_db.session() as session:
        matters = session.scalars(select(Matter)).all()
        assert {m.category for m in matters} == {c.value for c in Category}
        assert any(m.keep_off_printouts for m in matters)
        assert any(not m.active for m in matters)
        assert any(m.last_confirmed_on for m in matters)
        assert all(m.captured_on < TODAY for m in matters)
        trigger_counts = Counter(len(m.triggers) for m in matters)
        assert set(trigger_counts) <= {0, 1, 2, 3} and trigger_counts[0] and trigger_counts[1]
        assert {m.importance for m in matters} == {1, 2, 3}


def test_breaches_and_repairs(demo_db):
    with demo_db.session() as session:
        breaches = session.scalars(select(Breach)).all()
        for b in breaches:
            assert b.what_happened and b.occurred_on < TODAY
            if b.repair_status == RepairStatus.REPAIRED:
                assert b.repair_notes and b.repaired_on and b.repaired_on >= b.occurred_on
            else:
                assert b.repaired_on is None
        assert any(b.how_it_landed for b in breaches)


def test_promises_by_coach_and_client(demo_db):
    with demo_db.session() as session:
        promises = session.scalars(select(Promise)).all()
        pairs = {(p.owner, p.status) for p in promises}
        assert {
            ("coach", "open"),
            ("coach", "kept"),
            ("client", "open"),
            ("client", "kept"),
        } <= pairs
        assert any(p.status == "missed" for p in promises)
        assert all(p.status == "open" for p in promises if p.due_on and p.due_on >= TODAY)


def test_feedback_on_held_sessions_with_predictions_and_gaps(demo_db):
    with demo_db.session() as session:
        checks = session.scalars(select(Feedback)).all()
        gaps = Counter()
        for check in checks:
            held = session.get(CoachingSession, check.session_id)
            assert held.status == SessionStatus.HELD and held.start < MIDNIGHT
            assert [a.question for a in check.answers] == list(DEFAULT_FEEDBACK_QUESTIONS)
            assert [a.position for a in check.answers] == [0, 1]
            assert check.prediction_skipped == (check.predicted_at is None)
            for answer in check.answers:
                assert answer.predicted is None or 1 <= answer.predicted <= 5
                assert answer.reported is None or 1 <= answer.reported <= 5
                if answer.predicted is not None and answer.reported is not None:
                    gaps[answer.reported - answer.predicted] += 1
            if check.reported_at is None:
                assert all(a.reported is None for a in check.answers)
        assert len(gaps) >= 3  # predictions are sometimes right, sometimes off either way
        assert sum(1 for c in checks if c.comment) >= 5


def test_timestamps_are_derived_and_never_in_the_future(demo_db):
    with demo_db.session() as session:
        for model in Base.registry.mappers:
            cls = model.class_
            if not hasattr(cls, "created_at"):
                continue
            for row in session.scalars(select(cls)):
                assert row.created_at <= row.updated_at <= MIDNIGHT, (cls.__name__, row.id)
        informed = session.scalars(select(Guest.client_informed_at)).all()
        assert all(moment is None or moment <= MIDNIGHT for moment in informed)


def test_career_size(db):
    started = clock.perf_counter()
    counts = generate_demo(db, "career", seed=3, today=TODAY)
    elapsed = clock.perf_counter() - started
    assert (counts.clients, counts.sessions, counts.matters, counts.breaches) == (
        300,
        15_000,
        10_000,
        1_000,
    )
    assert counts.promises > 3_000 and counts.feedback > 5_000 and counts.guests > 500
    assert elapsed < 30
    seed_case(db, TODAY)
    with db.session() as session:
        active = session.scalar(
            select(func.count()).select_from(Client).where(Client.status == "active")
        )
        assert 20 <= active <= 80  # a solo coach's load; the rest are past clients
