"""``practice_input``: what the practice view reads for a period, from a real database file.

The practice is built through the storage API (clients, matters with triggers,
breaches, promises, held sessions with feedback) with records on both sides of each
end of the period, so the reads' boundaries are checked, not only their contents.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.feedback import FeedbackInput
from coachdesk.domain.practice import BreachData, MatterData, PromiseData, SessionData
from coachdesk.domain.reliability import Period, practice_report
from coachdesk.domain.vocab import (
    Category,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.breaches import log_breach
from coachdesk.storage.clients import create_client
from coachdesk.storage.feedback import save_prediction, save_report, skip_prediction
from coachdesk.storage.matters import create_matter
from coachdesk.storage.promises import create_promise
from coachdesk.storage.reliability import practice_input
from coachdesk.storage.sessions import create_session, set_session_status

END = date.today() - timedelta(days=10)
START = END - timedelta(days=29)
PERIOD = Period(START, END)
QUESTIONS = ("I felt understood today", "I trust my coach to keep their word")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def held(db, client_id: int, start: datetime) -> int:
    session_id = create_session(db, SessionData(client_id=client_id, start=start))
    set_session_status(db, session_id, SessionStatus.HELD)
    return session_id


def with_feedback(db, session_id: int, predicted, reported) -> None:
    if predicted is None:
        skip_prediction(db, session_id, QUESTIONS)
    else:
        save_prediction(db, session_id, FeedbackInput(QUESTIONS, predicted))
    if reported is not None:
        save_report(db, session_id, FeedbackInput(QUESTIONS, reported, "fine"))


@pytest.fixture
def practice(db):
    ada = create_client(db, ClientData(name="Ada Brown"))
    ben = create_client(db, ClientData(name="Ben Cole"))
    on_time = create_matter(
        db,
        MatterData(
            ada,
            "Start on time",
            category=Category.COMMITMENT,
            triggers=frozenset({Trigger.TIMEKEEPING, Trigger.FEES}),
        ),
    )
    notes = create_matter(db, MatterData(ben, "Notes the same day", category=Category.COMPETENCE))
    guests = create_matter(
        db,
        MatterData(
            ben,
            "Ask before bringing anyone",
            category=Category.CHARACTER,
            triggers=frozenset({Trigger.GUESTS}),
        ),
    )

    def breach(matter: int, day: date, **fields) -> int:
        return log_breach(db, BreachData(matter, day, what_happened=f"missed on {day}", **fields))[
            0
        ]

    breaches = {
        "first day": breach(
            on_time,
            START,
            repair_status=RepairStatus.REPAIRED,
            repaired_on=START + timedelta(days=6),
        ),
        "last day": breach(notes, END),
        "day before": breach(notes, START - timedelta(days=1)),
        "day after": breach(guests, END + timedelta(days=1)),
    }

    def promise(owner: PromiseOwner, due: date | None, status: PromiseStatus) -> int:
        client = ada if owner is PromiseOwner.COACH else ben
        return create_promise(db, PromiseData(client, owner, f"due {due}", due, status=status))

    promises = {
        "first day": promise(PromiseOwner.COACH, START, PromiseStatus.KEPT),
        "last day": promise(PromiseOwner.COACH, END, PromiseStatus.MISSED),
        "open": promise(PromiseOwner.COACH, START + timedelta(days=3), PromiseStatus.OPEN),
        "client's": promise(PromiseOwner.CLIENT, START + timedelta(days=3), PromiseStatus.KEPT),
        "day before": promise(PromiseOwner.COACH, START - timedelta(days=1), PromiseStatus.KEPT),
        "day after": promise(PromiseOwner.COACH, END + timedelta(days=1), PromiseStatus.KEPT),
        "undated": promise(PromiseOwner.COACH, None, PromiseStatus.OPEN),
    }

    sessions = {
        "long before": held(db, ada, local(START - timedelta(days=40), 10)),
        "first minutes": held(db, ada, local(START, 0, 30)),
        "last hour": held(db, ben, local(END, 23, 30)),
        "just after": held(db, ada, local(END + timedelta(days=1), 0, 30)),
        "no feedback": held(db, ben, local(START + timedelta(days=5), 9)),
    }
    with_feedback(db, sessions["long before"], (5, 5), (5, 4))
    with_feedback(db, sessions["first minutes"], (4, 4), (3, 2))
    with_feedback(db, sessions["last hour"], None, (4, 5))
    with_feedback(db, sessions["just after"], (3, 3), (3, 3))
    return {
        "ada": ada,
        "ben": ben,
        "matters": {"on time": on_time, "notes": notes, "guests": guests},
        "breaches": breaches,
        "promises": promises,
        "sessions": sessions,
    }


def test_the_periods_breaches_with_their_items_triggers(db, practice):
    data = practice_input(db, PERIOD)
    breaches = practice["breaches"]
    assert sorted(b.id for b in data.breaches) == sorted(
        [breaches["first day"], breaches["last day"]]
    )
    first = next(b for b in data.breaches if b.id == breaches["first day"])
    assert first.client_name == "Ada Brown" and first.category is Category.COMMITMENT
    assert first.matter_statement == "Start on time"
    assert first.repair_status is RepairStatus.REPAIRED
    assert first.repaired_on == START + timedelta(days=6)
    # Only the triggers of matters breached in the period; a matter without any is absent.
    assert data.triggers == {
        practice["matters"]["on time"]: frozenset({Trigger.TIMEKEEPING, Trigger.FEES})
    }


def test_the_coachs_promises_due_in_the_period(db, practice):
    data = practice_input(db, PERIOD)
    promises = practice["promises"]
    assert sorted(p.id for p in data.promises) == sorted(
        [promises["first day"], promises["last day"], promises["open"]]
    )
    assert {p.owner for p in data.promises} == {PromiseOwner.COACH}
    assert {p.id: p.status for p in data.promises} == {
        promises["first day"]: PromiseStatus.KEPT,
        promises["last day"]: PromiseStatus.MISSED,
        promises["open"]: PromiseStatus.OPEN,
    }


def test_feedback_up_to_the_end_of_the_period_including_earlier_sessions(db, practice):
    data = practice_input(db, PERIOD)
    sessions = practice["sessions"]
    # Earlier feedback is read too (falling scores compare with it); nothing after the
    # last day, even half an hour after its midnight.
    assert [f.session_id for f in data.feedback] == [
        sessions["long before"],
        sessions["first minutes"],
        sessions["last hour"],
    ]
    first = data.feedback[1]
    assert first.client_name == "Ada Brown"
    assert [(a.question, a.predicted, a.reported) for a in first.answers] == [
        (QUESTIONS[0], 4, 3),
        (QUESTIONS[1], 4, 2),
    ]
    last = data.feedback[2]
    assert last.prediction_skipped and last.pairs() == [] and last.comment == "fine"


def test_the_report_on_what_was_read(db, practice):
    report = practice_report(practice_input(db, PERIOD), PERIOD)
    assert [(category, len(rows)) for category, rows in report.by_category] == [
        (Category.CHARACTER, 0),
        (Category.COMMITMENT, 1),
        (Category.COMPETENCE, 1),
        (Category.CONNECTION, 0),
        (Category.COMMUNICATION, 0),
    ]
    assert [(t, len(rows)) for t, rows in report.by_trigger] == [
        (Trigger.FEES, 1),
        (Trigger.TIMEKEEPING, 1),
    ]
    assert [r.days for r in report.repairs] == [6]
    assert [b.id for b in report.still_open] == [practice["breaches"]["last day"]]
    assert (len(report.kept), len(report.missed), len(report.open_promises)) == (1, 1, 1)
    # Only the first-minutes session has pairs: (4, 3) and (4, 2).
    assert report.calibration is not None and report.calibration.sessions == 1
    assert (report.calibration.expected, report.calibration.reported) == (4.0, 2.5)


def test_an_empty_period_reads_nothing(db, practice):
    long_ago = Period(date(2001, 1, 1), date(2001, 12, 31))
    data = practice_input(db, long_ago)
    assert data.breaches == () and data.promises == () and data.feedback == ()
    assert data.triggers == {}
