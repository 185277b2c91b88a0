"""The practice figures (``practice_report``) on a small hand-built practice.

Every expected number below is worked out by hand from the rows in this file, so a
change in how a figure is counted shows up as a failing test.

The period is October 2026 (both ends included).  Ada has five breaches' worth of
history, Ben a couple, Cara's scores fell before October (so she is not listed).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coachdesk.domain.feedback import AnswerRow, FeedbackRow
from coachdesk.domain.practice import BreachRow, PromiseRow
from coachdesk.domain.reliability import HonourRow, Period, PracticeInput, practice_report
from coachdesk.domain.vocab import (
    Category,
    HonourOutcome,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    Trigger,
)

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
NAMES = {1: "Ada Brown", 2: "Ben Cole", 3: "Cara Diaz"}
QUESTIONS = ("I felt understood today", "I trust my coach to keep their word")


def breach(
    number: int,
    client: int,
    matter: int,
    category: Category,
    occurred: date,
    status: RepairStatus = RepairStatus.OPEN,
    repaired: date | None = None,
) -> BreachRow:
    return BreachRow(
        id=number,
        client_id=client,
        matter_id=matter,
        matter_statement=f"matter {matter}",
        category=category,
        occurred_on=occurred,
        session_id=None,
        commitment_id=None,
        what_happened=f"breach {number}",
        how_it_landed="",
        severity=2,
        repair_status=status,
        repair_notes="",
        repaired_on=repaired,
        client_name=NAMES[client],
    )


def promise(
    number: int,
    due: date | None,
    status: PromiseStatus,
    owner: PromiseOwner = PromiseOwner.COACH,
    client: int = 1,
) -> PromiseRow:
    return PromiseRow(
        id=number,
        client_id=client,
        client_name=NAMES[client],
        owner=owner,
        text=f"promise {number}",
        due_on=due,
        session_id=None,
        status=status,
        made_on=date(2026, 9, 1),
    )


def feedback(
    number: int,
    client: int,
    day: date,
    predicted: tuple[int, int] | None,
    reported: tuple[int, int] | None,
) -> FeedbackRow:
    start = datetime(day.year, day.month, day.day, 12).astimezone()  # local noon
    return FeedbackRow(
        id=number,
        session_id=100 + number,
        client_id=client,
        client_name=NAMES[client],
        session_start=start,
        predicted_at=start if predicted else None,
        prediction_skipped=predicted is None,
        reported_at=start if reported else None,
        comment="",
        answers=tuple(
            AnswerRow(
                position,
                question,
                predicted[position] if predicted else None,
                reported[position] if reported else None,
            )
            for position, question in enumerate(QUESTIONS)
        ),
    )


C = Category
BREACHES = (
    breach(1, 1, 10, C.COMMITMENT, date(2026, 10, 1), RepairStatus.REPAIRED, date(2026, 10, 4)),
    breach(2, 1, 11, C.CHARACTER, date(2026, 10, 10), RepairStatus.REPAIRED, date(2026, 10, 20)),
    breach(3, 2, 20, C.COMMUNICATION, date(2026, 10, 31)),
    breach(4, 1, 10, C.COMMITMENT, date(2026, 10, 15), RepairStatus.ACKNOWLEDGED),
    breach(5, 2, 21, C.COMMITMENT, date(2026, 10, 12), RepairStatus.REPAIRED, date(2026, 10, 20)),
    # Outside October: the day before and the day after.
    breach(6, 2, 20, C.COMMUNICATION, date(2026, 9, 30), RepairStatus.REPAIRED, date(2026, 10, 2)),
    breach(7, 1, 10, C.COMMITMENT, date(2026, 11, 1)),
)
TRIGGERS = {
    10: frozenset({Trigger.TIMEKEEPING}),
    11: frozenset({Trigger.CONFIDENTIALITY, Trigger.GUESTS}),
    20: frozenset({Trigger.FOLLOW_UP}),
    # matter 21 has no triggers
}
S = PromiseStatus
PROMISES = (
    promise(1, date(2026, 10, 1), S.KEPT),
    promise(2, date(2026, 10, 31), S.MISSED),
    promise(3, date(2026, 10, 15), S.KEPT, client=2),
    promise(4, date(2026, 10, 20), S.OPEN),
    promise(5, date(2026, 10, 10), S.KEPT, owner=PromiseOwner.CLIENT),  # the client's
    promise(6, None, S.OPEN),  # no due date
    promise(7, date(2026, 9, 30), S.MISSED),  # the day before
    promise(8, date(2026, 11, 1), S.KEPT),  # the day after
)
FEEDBACK = (
    # Cara: her scores fell, but she reported nothing in October.
    feedback(9, 3, date(2026, 6, 1), None, (5, 5)),
    feedback(10, 3, date(2026, 7, 1), None, (5, 5)),
    feedback(11, 3, date(2026, 8, 1), None, (5, 5)),
    feedback(12, 3, date(2026, 9, 1), None, (1, 1)),
    # Ada: before October, then three sessions in it, then one after.
    feedback(1, 1, date(2026, 8, 1), (5, 5), (5, 5)),
    feedback(2, 1, date(2026, 9, 1), (5, 4), (5, 4)),
    feedback(3, 1, date(2026, 10, 1), (4, 4), (3, 3)),
    feedback(4, 1, date(2026, 10, 15), None, (3, 2)),  # prediction skipped: no pairs
    feedback(5, 1, date(2026, 10, 31), (4, 5), (2, 3)),
    feedback(6, 1, date(2026, 11, 1), (5, 5), (5, 5)),
    # Ben: one pair of answers, then a prediction still waiting for the client's answers.
    feedback(7, 2, date(2026, 10, 5), (3, 3), (4, 4)),
    feedback(8, 2, date(2026, 10, 20), (4, 4), None),
)
DATA = PracticeInput(BREACHES, TRIGGERS, PROMISES, FEEDBACK)


def ids(rows) -> list[int]:
    return [row.id for row in rows]


def test_breaches_of_the_period_by_category_and_by_trigger():
    report = practice_report(DATA, OCTOBER)
    assert ids(report.breaches) == [1, 2, 3, 4, 5]
    assert [(category, ids(rows)) for category, rows in report.by_category] == [
        (C.CHARACTER, [2]),
        (C.COMMITMENT, [1, 4, 5]),
        (C.COMPETENCE, []),
        (C.CONNECTION, []),
        (C.COMMUNICATION, [3]),
    ]
    # Most first, then by name; breach 2 counts under both of its matter's triggers and
    # breach 5 (a matter without triggers) under none.
    assert [(trigger, ids(rows)) for trigger, rows in report.by_trigger] == [
        (Trigger.TIMEKEEPING, [1, 4]),
        (Trigger.CONFIDENTIALITY, [2]),
        (Trigger.FOLLOW_UP, [3]),
        (Trigger.GUESTS, [2]),
    ]


def test_time_from_breach_to_repair_and_what_is_still_open():
    report = practice_report(DATA, OCTOBER)
    assert [(r.breach.id, r.days) for r in report.repairs] == [(1, 3), (2, 10), (5, 8)]
    assert report.median_repair_days == 8
    assert report.mean_repair_days == pytest.approx(7.0)  # (3 + 10 + 8) / 3
    # Acknowledged is not repaired.
    assert ids(report.still_open) == [3, 4]


def test_an_even_number_of_repairs_has_the_middle_two_averaged():
    first_ten_days = Period(date(2026, 10, 1), date(2026, 10, 10))
    report = practice_report(DATA, first_ten_days)
    assert [(r.breach.id, r.days) for r in report.repairs] == [(1, 3), (2, 10)]
    assert report.median_repair_days == pytest.approx(6.5)
    assert report.mean_repair_days == pytest.approx(6.5)


def test_the_coachs_promises_due_in_the_period():
    report = practice_report(DATA, OCTOBER)
    assert ids(report.kept) == [1, 3]
    assert ids(report.missed) == [2]
    assert ids(report.open_promises) == [4]


def test_calibration_counts_only_sessions_with_a_prediction_and_a_report():
    report = practice_report(DATA, OCTOBER)
    # Pairs (predicted, reported): Ada 1 Oct (4,3) (4,3); Ada 31 Oct (4,2) (5,3);
    # Ben 5 Oct (3,4) (3,4).  Ada 15 Oct skipped the prediction, Ben 20 Oct has no answers.
    assert sorted(ids(report.calibrated)) == [3, 5, 7]
    cal = report.calibration
    assert cal is not None
    assert cal.sessions == 3
    assert cal.expected == pytest.approx(23 / 6)  # 3.83
    assert cal.reported == pytest.approx(19 / 6)  # 3.17
    assert cal.gap == pytest.approx(-4 / 6)


def test_falling_clients_compare_their_last_three_reports_with_the_ones_before():
    report = practice_report(DATA, OCTOBER)
    # Ada up to 31 Oct: 5, 4.5, 3, 2.5, 2.5 (her 1 Nov session is after the period).
    # Recent: (3 + 2.5 + 2.5) / 3; before: (5 + 4.5) / 2.  Cara fell, but not in October.
    assert [(f.client_id, f.name) for f in report.falling] == [(1, "Ada Brown")]
    ada = report.falling[0]
    assert ada.before == pytest.approx(4.75)
    assert ada.recent == pytest.approx(8 / 3)
    assert ids(ada.feedback) == [1, 2, 3, 4, 5]


def test_falling_clients_are_ordered_by_how_far_they_fell():
    ben_falls = (
        *FEEDBACK,
        feedback(20, 2, date(2026, 10, 21), None, (5, 5)),
        feedback(21, 2, date(2026, 10, 22), None, (5, 4)),
        feedback(22, 2, date(2026, 10, 23), None, (4, 4)),
    )
    report = practice_report(PracticeInput(BREACHES, TRIGGERS, PROMISES, ben_falls), OCTOBER)
    # Ben: 4, 5, 4.5, 4 -> recent 4.5, before 4: rising, not listed.
    assert [f.name for f in report.falling] == ["Ada Brown"]
    ben_drops = (*ben_falls, feedback(23, 2, date(2026, 10, 24), None, (1, 1)))
    report = practice_report(PracticeInput(BREACHES, TRIGGERS, PROMISES, ben_drops), OCTOBER)
    # Ben: 4, 5, 4.5, 4, 1 -> recent (4.5 + 4 + 1) / 3 = 3.17, before 4.5: down 1.33.
    # Ada is down 2.08, so she comes first.
    assert [f.name for f in report.falling] == ["Ada Brown", "Ben Cole"]
    ben = report.falling[1]
    assert (ben.before, ben.recent) == (pytest.approx(4.5), pytest.approx(9.5 / 3))


def test_both_ends_of_the_period_are_included():
    last_day = Period(date(2026, 10, 31), date(2026, 10, 31))
    report = practice_report(DATA, last_day)
    assert ids(report.breaches) == [3]
    assert ids(report.missed) == [2] and not report.kept and not report.open_promises
    assert ids(report.calibrated) == [5]
    first_day = Period(date(2026, 10, 1), date(2026, 10, 1))
    report = practice_report(DATA, first_day)
    assert ids(report.breaches) == [1]
    assert ids(report.kept) == [1]
    assert ids(report.calibrated) == [3]
    # A breach counts in the period it happened, wherever its repair falls.
    assert [(r.breach.id, r.days) for r in report.repairs] == [(1, 3)]
    assert date(2026, 10, 1) in OCTOBER and date(2026, 10, 31) in OCTOBER
    assert date(2026, 9, 30) not in OCTOBER and date(2026, 11, 1) not in OCTOBER


def test_a_quiet_period_has_no_figures():
    report = practice_report(DATA, Period(date(2025, 1, 1), date(2025, 12, 31)))
    assert report.breaches == () and report.repairs == () and report.still_open == ()
    assert all(rows == () for _category, rows in report.by_category)
    assert report.by_trigger == ()
    assert report.median_repair_days is None and report.mean_repair_days is None
    assert report.kept == report.missed == report.open_promises == ()
    assert report.calibration is None and report.calibrated == ()
    assert report.falling == ()


def honour(session_id: int, day: date, outcome: HonourOutcome) -> HonourRow:
    return HonourRow(
        id=session_id,
        session_id=session_id,
        session_start=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        client_id=1,
        client_name=NAMES[1],
        matter_id=session_id * 10,
        statement="Tell me ahead if someone joins",
        outcome=outcome,
    )


def test_the_share_of_fired_items_honoured_counts_the_period_and_leaves_not_relevant_out():
    rows = (
        honour(1, date(2026, 9, 30), HonourOutcome.MISSED),  # before the period
        honour(2, date(2026, 10, 1), HonourOutcome.HONOURED),
        honour(3, date(2026, 10, 9), HonourOutcome.HONOURED),
        honour(4, date(2026, 10, 9), HonourOutcome.NOT_RELEVANT),
        honour(5, date(2026, 10, 31), HonourOutcome.MISSED),
        honour(6, date(2026, 11, 1), HonourOutcome.MISSED),  # after it
    )
    report = practice_report(PracticeInput(BREACHES, TRIGGERS, PROMISES, FEEDBACK, rows), OCTOBER)
    assert [r.session_id for r in report.honoured] == [2, 3]
    assert [r.session_id for r in report.not_honoured] == [5]
    assert report.honour_share == pytest.approx(2 / 3)
    assert practice_report(DATA, OCTOBER).honour_share is None
