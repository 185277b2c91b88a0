"""Which circumstances a session fires, and which matters they make relevant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coachdesk.domain.practice import GuestRow, MatterRow, SessionRow
from coachdesk.domain.relevance import circumstances, relevant_matters, usual_medium
from coachdesk.domain.vocab import Category, Medium, SessionStatus, Trigger

pytestmark = pytest.mark.usefixtures("local_zone")

START = datetime(2026, 11, 27, 10, tzinfo=UTC)


def session(number: int, days: int = 0, **fields) -> SessionRow:
    values = {
        "id": number,
        "client_id": 1,
        "client_name": "Dan",
        "start": START + timedelta(days=days),
        "duration_minutes": 60,
        "medium": Medium.IN_PERSON,
        "location": "",
        "status": SessionStatus.PLANNED,
    }
    values.update(fields)
    return SessionRow(**values)


def matter(number: int, triggers=(), keywords="", importance=2, active=True) -> MatterRow:
    return MatterRow(
        id=number,
        client_id=1,
        statement=f"matter {number}",
        why="",
        category=Category.CONNECTION,
        importance=importance,
        triggers=frozenset(triggers),
        keywords=keywords,
        source_session_id=None,
        captured_on=date(2026, 1, 1),
        last_confirmed_on=None,
        keep_off_printouts=False,
        active=active,
    )


HISTORY = [session(10 + n, days=-7 * (n + 1), status=SessionStatus.HELD) for n in range(4)]


def test_a_plain_session_after_history_fires_nothing():
    assert circumstances(session(1), HISTORY) == {}


def test_guest_names_and_roles_are_in_the_reason():
    guest = GuestRow(5, 1, "Maria Lopez", "BUILT TO LEAD")
    fired = circumstances(session(1, guests=(guest,)), HISTORY)
    assert fired[Trigger.GUESTS] == "a guest is joining: Maria Lopez (BUILT TO LEAD)"
    assert set(fired) == {Trigger.GUESTS, Trigger.CONFIDENTIALITY}


def test_moved_cancelled_recorded_and_first_sessions():
    moved = session(1, original_start=START - timedelta(days=1))
    assert Trigger.SCHEDULE_CHANGE in circumstances(moved, HISTORY)
    cancelled = session(1, status=SessionStatus.CANCELLED)
    assert circumstances(cancelled, HISTORY)[Trigger.SCHEDULE_CHANGE] == "the session was cancelled"
    assert Trigger.RECORDING in circumstances(session(1, recorded=True), HISTORY)
    assert Trigger.FIRST_SESSION in circumstances(session(1), [])
    assert Trigger.FIRST_SESSION not in circumstances(session(1), HISTORY)


def test_another_medium_than_usual_is_a_place_change():
    assert usual_medium(HISTORY) is Medium.IN_PERSON
    fired = circumstances(session(1, medium=Medium.VIDEO), HISTORY)
    assert fired[Trigger.PLACE_CHANGE] == "video instead of the usual in person"


def test_relevant_matters_by_trigger_or_agenda_keyword_most_important_first():
    guest = GuestRow(5, 1, "Maria Lopez")
    today = session(1, guests=(guest,), agenda="Budget review with the board")
    matters = [
        matter(1, triggers=[Trigger.GUESTS], importance=2),
        matter(2, keywords="board, budget", importance=3),
        matter(3, triggers=[Trigger.RECORDING]),
        matter(4, triggers=[Trigger.GUESTS], active=False),
    ]
    found = relevant_matters(today, matters, HISTORY)
    assert [(m.id, reasons) for m, reasons in found] == [
        (2, ["the agenda mentions “board”", "the agenda mentions “budget”"]),
        (1, ["a guest is joining: Maria Lopez"]),
    ]
