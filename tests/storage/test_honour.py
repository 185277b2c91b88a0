"""Honour checks: the review's answer per item and session, stored, counted on the item,
carried by the JSON export and import, and gone with the client (no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import MatterData, SessionData
from coachdesk.domain.vocab import HonourOutcome, SessionStatus
from coachdesk.storage.clients import create_client
from coachdesk.storage.matters import create_matter
from coachdesk.storage.models import HonourCheck
from coachdesk.storage.overview import client_overview
from coachdesk.storage.portable_json import export_document, import_document
from coachdesk.storage.review import Answer, ReviewData, save_review
from coachdesk.storage.sessions import create_session, set_session_status
from tests.storage.portable_data import dump, new_database

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def client(db):
    """Two held sessions of one client and two items."""
    client_id = create_client(db, ClientData(name="Daniel Okafor", preferred_name="Dan"))
    sessions = []
    for weeks in (0, 1):
        session_id = create_session(db, SessionData(client_id, START + timedelta(weeks=weeks)))
        set_session_status(db, session_id, SessionStatus.HELD)
        sessions.append(session_id)
    guests = create_matter(db, MatterData(client_id, "Tell me ahead if someone joins"))
    names = create_matter(db, MatterData(client_id, "Remember my children's names"))
    return client_id, sessions, guests, names


def checks(db) -> list[tuple[int, int, str, bool]]:
    with db.session() as session:
        return [
            (c.session_id, c.matter_id, c.outcome, c.fired)
            for c in session.scalars(select(HonourCheck).order_by(HonourCheck.id))
        ]


def review(session_id: int, *answers: Answer) -> ReviewData:
    return ReviewData(session_id, START.date(), answers=answers)


def test_a_review_records_each_answer_and_a_second_review_replaces_them(db, client):
    _client_id, (first, _second), guests, names = client
    result = save_review(
        db,
        review(
            first,
            Answer(guests, HonourOutcome.HONOURED, fired=True),
            Answer(names, HonourOutcome.NOT_RELEVANT),
        ),
    )
    assert result.honoured == 1
    assert checks(db) == [
        (first, guests, "honoured", True),
        (first, names, "not_relevant", False),
    ]
    save_review(db, review(first, Answer(guests, HonourOutcome.MISSED, fired=True)))
    assert checks(db) == [
        (first, guests, "missed", True),
        (first, names, "not_relevant", False),
    ]


def test_an_item_of_another_client_is_refused_and_nothing_is_written(db, client):
    _client_id, (first, _second), guests, _names = client
    other = create_client(db, ClientData(name="Ana Li"))
    theirs = create_matter(db, MatterData(other, "Call me Ana"))
    before = dump(db)
    with pytest.raises(ValueError, match="not the session's client's"):
        save_review(
            db,
            review(
                first,
                Answer(guests, HonourOutcome.HONOURED),
                Answer(theirs, HonourOutcome.HONOURED),
            ),
        )
    assert dump(db) == before


def test_the_item_counts_the_sessions_it_was_honoured_in(db, client):
    client_id, (first, second), guests, names = client
    save_review(db, review(first, Answer(guests, HonourOutcome.HONOURED, fired=True)))
    save_review(
        db,
        review(
            second,
            Answer(guests, HonourOutcome.MISSED, fired=True),
            Answer(names, HonourOutcome.NOT_RELEVANT),
        ),
    )
    counted = {m.id: (m.honoured, m.answered) for m in client_overview(db, client_id).matters}
    assert counted == {guests: (1, 2), names: (0, 0)}


def test_the_export_carries_the_answers_and_a_merge_does_not_repeat_them(db, client, tmp_path):
    _client_id, (first, second), guests, names = client
    save_review(db, review(first, Answer(guests, HonourOutcome.HONOURED, fired=True)))
    save_review(db, review(second, Answer(names, HonourOutcome.MISSED)))
    document = export_document(db)
    [matter] = [
        m for m in document["clients"][0]["matters"] if m["statement"].startswith("Tell me")
    ]
    assert [(h["session"], h["outcome"], h["fired"]) for h in matter["honour_checks"]] == [
        ("session-1", "honoured", True)
    ]
    fresh = new_database(tmp_path / "fresh")
    try:
        import_document(fresh, document)
        again = export_document(fresh)
        assert again["clients"] == document["clients"]
        before = dump(fresh)
        report = import_document(fresh, document, merge=True)
        assert report.added.describe() == "nothing"
        assert dump(fresh) == before
    finally:
        fresh.close()


def test_an_answer_repeated_in_a_file_is_kept_once(db, client, tmp_path):
    _client_id, (first, _second), guests, _names = client
    save_review(db, review(first, Answer(guests, HonourOutcome.HONOURED, fired=True)))
    document = export_document(db)
    for matter in document["clients"][0]["matters"]:
        matter["honour_checks"] = matter["honour_checks"] * 2
    fresh = new_database(tmp_path / "fresh")
    try:
        report = import_document(fresh, document)
        assert checks(fresh) == [(1, 1, "honoured", True)]
        assert report.already_there == 1
    finally:
        fresh.close()


def test_the_practice_view_reads_the_fired_answers_of_the_period(db, client):
    from coachdesk.domain.reliability import Period, practice_report
    from coachdesk.storage.reliability import practice_input

    _client_id, (first, second), guests, names = client
    save_review(
        db,
        review(
            first,
            Answer(guests, HonourOutcome.HONOURED, fired=True),
            Answer(names, HonourOutcome.MISSED),  # not fired: not counted
        ),
    )
    save_review(db, review(second, Answer(guests, HonourOutcome.MISSED, fired=True)))
    first_week = Period(START.date() - timedelta(days=1), START.date() + timedelta(days=1))
    both = Period(START.date() - timedelta(days=1), START.date() + timedelta(days=8))
    report = practice_report(practice_input(db, first_week), first_week)
    assert [(r.session_id, r.matter_id) for r in report.honoured] == [(first, guests)]
    assert report.not_honoured == () and report.honour_share == 1.0
    assert practice_report(practice_input(db, both), both).honour_share == 0.5


def test_an_answer_naming_another_clients_session_is_left_out_with_a_note(db, client, tmp_path):
    _client_id, (first, _second), guests, _names = client
    other = create_client(db, ClientData(name="Ana Li"))
    create_matter(db, MatterData(other, "Call me Ana"))
    save_review(db, review(first, Answer(guests, HonourOutcome.HONOURED, fired=True)))
    document = export_document(db)
    dans, anas = document["clients"]
    [stolen] = next(m for m in dans["matters"] if m["honour_checks"])["honour_checks"]
    [ana_matter] = anas["matters"]
    ana_matter["honour_checks"] = [stolen]  # Dan's session, under Ana's item
    fresh = new_database(tmp_path / "fresh")
    try:
        report = import_document(fresh, document)
        assert checks(fresh) == [(1, 1, "honoured", True)]  # Dan's own answer only
        assert any("not this client's" in note for note in report.notes)
    finally:
        fresh.close()
