"""The rules of client feedback: series per question, calibration (pairs only, last five
sessions), its sentence, the direction of the scores, the prep's trust trend, validation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from statistics import fmean

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.feedback import (
    CALIBRATION_WINDOW,
    AnswerRow,
    Calibration,
    Direction,
    FeedbackInput,
    FeedbackRow,
    SeriesPoint,
    Stage,
    calibration,
    calibration_sentence,
    direction,
    series_by_question,
    trust_trend,
    validate_scores,
)

UNDERSTOOD = "I felt understood today"
TRUST = "I trust my coach to keep their word"
QUESTIONS = (UNDERSTOOD, TRUST)
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

Score = int | None


def day(n: int) -> datetime:
    return T0 + timedelta(days=7 * n)


def row(
    n: int,
    scores: Sequence[tuple[Score, Score]],
    *,
    questions: Sequence[str] = QUESTIONS,
    skipped: bool = False,
    comment: str = "",
    row_id: int | None = None,
) -> FeedbackRow:
    """Feedback on the session of week ``n``: (predicted, reported) per question."""
    answers = tuple(
        AnswerRow(position, question, predicted, reported)
        for position, (question, (predicted, reported)) in enumerate(
            zip(questions, scores, strict=True)
        )
    )
    has_prediction = any(a.predicted is not None for a in answers)
    has_report = any(a.reported is not None for a in answers)
    return FeedbackRow(
        id=row_id if row_id is not None else n + 1,
        session_id=100 + n,
        client_id=1,
        client_name="Daniel Okafor",
        session_start=day(n),
        predicted_at=day(n) + timedelta(minutes=50) if has_prediction else None,
        prediction_skipped=skipped,
        reported_at=day(n) + timedelta(minutes=60) if has_report else None,
        comment=comment,
        answers=answers,
    )


def reported(n: int, *scores: int) -> FeedbackRow:
    """A session the client answered (the coach did not predict), one score per question."""
    questions = tuple(f"Question {i}" for i in range(len(scores)))
    return row(n, [(None, s) for s in scores], questions=questions, skipped=True)


# --- the row itself ----------------------------------------------------------------------------


def test_stage_follows_prediction_then_report():
    assert row(0, [(None, None), (None, None)]).stage is Stage.NEW
    assert row(0, [(None, None), (None, None)], skipped=True).stage is Stage.PREDICTED
    assert row(0, [(4, None), (5, None)]).stage is Stage.PREDICTED
    assert row(0, [(4, 3), (5, 5)]).stage is Stage.REPORTED
    assert row(0, [(None, 3), (None, 5)], skipped=True).stage is Stage.REPORTED


def test_pairs_and_mean_use_only_what_is_there():
    mixed = row(0, [(4, 3), (5, None), (None, 2)], questions=("a", "b", "c"))
    assert mixed.pairs() == [(4, 3)]
    assert mixed.reported_mean == 2.5
    assert row(0, [(4, None), (5, None)]).reported_mean is None


# --- series_by_question -------------------------------------------------------------------------


def test_each_question_gets_its_points_oldest_first():
    rows = [
        row(2, [(4, 3), (5, 4)]),
        row(0, [(5, 5), (5, 5)]),
        row(1, [(5, 4), (4, 4)]),
    ]
    series = series_by_question(rows)
    assert [s.question for s in series] == [UNDERSTOOD, TRUST]
    understood, trust = series
    assert understood.points == (
        SeriesPoint(day(0), 100, 5, 5),
        SeriesPoint(day(1), 101, 4, 5),
        SeriesPoint(day(2), 102, 3, 4),
    )
    assert [(p.predicted, p.reported) for p in trust.points] == [(5, 5), (4, 4), (5, 4)]


def test_questions_come_in_the_order_first_asked():
    rows = [
        row(3, [(None, 4)], questions=("Asked last",), skipped=True),
        row(0, [(4, 4), (5, 5)], questions=("Second on the form", "Third on the form")),
        row(1, [(4, 4), (3, 3)], questions=("Third on the form", "Second on the form")),
        row(-1, [(2, 2)], questions=("Asked first",)),
    ]
    assert [s.question for s in series_by_question(rows)] == [
        "Asked first",
        "Second on the form",
        "Third on the form",
        "Asked last",
    ]


def test_series_have_gaps_where_nothing_was_given():
    rows = [
        row(0, [(4, 4), (5, 5)]),
        row(1, [(None, None), (None, None)], skipped=True),  # skipped, answers not in yet
        row(2, [(5, None), (4, None)]),  # predicted, answers not in yet
        row(3, [(None, 2)], questions=(TRUST,), skipped=True),  # only one question asked
        row(4, [(None, None)], questions=("Never answered",), skipped=True),
    ]
    understood, trust = series_by_question(rows)
    assert [(p.session_id, p.predicted, p.reported) for p in understood.points] == [
        (100, 4, 4),
        (102, 5, None),
    ]
    assert [(p.session_id, p.predicted, p.reported) for p in trust.points] == [
        (100, 5, 5),
        (102, 4, None),
        (103, None, 2),
    ]
    assert series_by_question([]) == ()


def test_a_reworded_question_is_a_series_of_its_own():
    rows = [row(0, [(4, 3), (5, 5)]), row(1, [(4, 4)], questions=("I felt heard today",))]
    series = {s.question: len(s.points) for s in series_by_question(rows)}
    assert series == {UNDERSTOOD: 1, TRUST: 1, "I felt heard today": 1}


# --- calibration ------------------------------------------------------------------------------


def test_calibration_averages_the_pairs_by_hand():
    rows = [
        row(0, [(5, 4), (5, 5)]),
        row(1, [(4, 3), (5, 4)]),
        row(2, [(None, 2), (None, 3)], skipped=True),  # no prediction: no pairs
        row(3, [(4, None), (4, None)]),  # no answers yet: no pairs
        row(4, [(3, 5), (None, 1)], skipped=False),  # one pair only: (3, 5)
    ]
    cal = calibration(rows)
    assert cal is not None
    assert cal.sessions == 3
    assert cal.expected == pytest.approx((5 + 5 + 4 + 5 + 3) / 5)  # 4.4
    assert cal.reported == pytest.approx((4 + 5 + 3 + 4 + 5) / 5)  # 4.2
    assert cal.gap == pytest.approx(-0.2)


def test_calibration_covers_the_last_five_sessions_with_pairs():
    rows = [row(n, [(5, 1), (5, 1)]) for n in range(3)]  # old and far off: left out
    rows += [row(n, [(4, 4), (4, 3)]) for n in range(3, 8)]  # the last five
    rows.append(row(8, [(None, 1), (None, 1)], skipped=True))  # newer, but no pairs
    cal = calibration(list(reversed(rows)))
    assert cal == Calibration(sessions=CALIBRATION_WINDOW, expected=4.0, reported=3.5)
    everything = calibration(rows, last=None)
    assert everything.sessions == 8
    assert everything.expected == pytest.approx((3 * 10 + 5 * 8) / 16)
    assert everything.reported == pytest.approx((3 * 2 + 5 * 7) / 16)
    assert calibration(rows, last=1) == Calibration(1, 4.0, 3.5)


def test_no_pairs_no_calibration():
    assert calibration([]) is None
    assert calibration([row(0, [(None, 4), (None, 5)], skipped=True)]) is None
    assert calibration([row(0, [(4, None), (5, None)])]) is None


def r_scores(r: FeedbackRow) -> list[tuple[Score, Score]]:
    return [(a.predicted, a.reported) for a in r.answers]


score = st.one_of(st.none(), st.integers(1, 5))
answers = st.lists(st.tuples(score, score), min_size=1, max_size=3)


@given(st.lists(answers, max_size=12), st.permutations(range(12)))
def test_calibration_gap_is_the_difference_of_the_means_of_the_windows_pairs(scores, order):
    rows = [
        row(n, s, questions=tuple(f"Q{i}" for i in range(len(s))), skipped=True)
        for n, s in enumerate(scores)
    ]
    shuffled = [rows[i] for i in order if i < len(rows)]
    with_pairs = [r for r in rows if any(p is not None and q is not None for p, q in r_scores(r))]
    window = with_pairs[-CALIBRATION_WINDOW:]
    pairs = [(p, q) for r in window for p, q in r_scores(r) if p is not None and q is not None]
    cal = calibration(shuffled)
    if not pairs:
        assert cal is None
        return
    assert cal.sessions == len(window)
    assert cal.expected == pytest.approx(fmean(p for p, _ in pairs))
    assert cal.reported == pytest.approx(fmean(q for _, q in pairs))
    assert cal.gap == pytest.approx(fmean(q for _, q in pairs) - fmean(p for p, _ in pairs))


@given(st.lists(answers, min_size=1, max_size=8), st.integers(0, 8), st.booleans())
def test_only_pairs_count(scores, where, predictions_only):
    """A session without a single (prediction, report) pair changes nothing, wherever it is."""
    rows = [
        row(n * 2, s, questions=tuple(f"Q{i}" for i in range(len(s)))) for n, s in enumerate(scores)
    ]
    unpaired = row(
        2 * min(where, len(rows)) - 1,
        [(4, None), (2, None)] if predictions_only else [(None, 1), (None, 5)],
        skipped=not predictions_only,
        row_id=999,
    )
    assert calibration([*rows, unpaired]) == calibration(rows)


# --- calibration_sentence ----------------------------------------------------------------------


def test_the_sentence_when_the_coach_expects_more():
    assert calibration_sentence(Calibration(5, 4.6, 3.8), "Dan") == (
        "You expected 4.6, Dan reported 3.8 on average over the last 5 sessions: "
        "you expect more than they feel."
    )


def test_the_sentence_when_the_client_feels_better_than_expected():
    assert calibration_sentence(Calibration(1, 3.0, 4.5), "Ada") == (
        "You expected 3.0, Ada reported 4.5 on average over the last session: "
        "they feel better about it than you think."
    )


def test_the_sentence_when_the_coach_is_close():
    assert calibration_sentence(Calibration(3, 4.0, 4.125), "Dan") == (
        "You expected 4.0, Dan reported 4.1 on average over the last 3 sessions: "
        "your sense of how it lands is close."
    )


@pytest.mark.parametrize(
    ("expected", "reported", "ending"),
    [
        (4.0, 4.25, "they feel better about it than you think."),  # a gap of 0.25 is not close
        (4.25, 4.0, "you expect more than they feel."),
        (4.0, 3.875, "your sense of how it lands is close."),
        (4.0, 4.0, "your sense of how it lands is close."),
    ],
)
def test_the_sentence_at_the_edge_of_close(expected, reported, ending):
    assert calibration_sentence(Calibration(2, expected, reported), "Dan").endswith(ending)


# --- direction ---------------------------------------------------------------------------------


def test_too_little_feedback_has_no_direction():
    assert direction([]) is None
    three = [reported(n, 5) for n in range(3)]
    assert direction(three) is None
    unanswered = [row(n, [(4, None), (4, None)]) for n in range(3, 6)]
    assert direction(three + unanswered) is None  # predictions alone do not count
    assert direction([*three, reported(3, 1)]) is Direction.FALLING  # four are enough


@pytest.mark.parametrize(
    ("before", "recent", "expected"),
    [
        ((5, 5, 5), (4, 4, 4), Direction.FALLING),
        ((4, 4, 4), (5, 5, 5), Direction.RISING),
        ((4, 4, 4), (4, 4, 4), Direction.STEADY),
        ((4, 4, 5), (4, 4, 4), Direction.STEADY),  # down 1/3: steady
        ((4, 4, 4), (4, 4, 5), Direction.STEADY),  # up 1/3
        ((5, 4, 5), (4, 4, 4), Direction.FALLING),  # down 2/3
    ],
)
def test_direction_compares_the_last_three_with_the_three_before(before, recent, expected):
    rows = [reported(n, s) for n, s in enumerate(before + recent)]
    assert direction(list(reversed(rows))) is expected


@pytest.mark.parametrize(
    ("before", "recent", "expected"),
    [
        # Session means of two answers: 13/3 down to 11.5/3 is a drop of exactly 0.5.
        (((4, 4), (4, 4), (5, 5)), ((4, 3), (4, 3), (5, 4)), Direction.FALLING),
        (((4, 3), (4, 3), (5, 4)), ((4, 4), (4, 4), (5, 5)), Direction.RISING),
        (((5, 5), (5, 5), (5, 5)), ((5, 4), (5, 4), (5, 4)), Direction.FALLING),
        (((5, 5), (5, 5), (5, 5)), ((5, 4), (5, 4), (5, 5)), Direction.STEADY),
    ],
)
def test_a_change_of_exactly_half_a_point_counts(before, recent, expected):
    rows = [reported(n, *s) for n, s in enumerate(before + recent)]
    assert direction(rows) is expected


def test_only_the_last_six_sessions_set_the_direction():
    old = [reported(n, 1) for n in range(4)]
    recent = [reported(n, 4) for n in range(4, 10)]
    assert direction(old + recent) is Direction.STEADY


def test_with_four_to_five_sessions_the_earlier_ones_are_the_baseline():
    rows = [reported(0, 5), reported(1, 3), reported(2, 4), reported(3, 4), reported(4, 4)]
    # recent (4, 4, 4) against (5, 3): mean 4: steady
    assert direction(rows) is Direction.STEADY
    assert direction(rows[1:]) is Direction.RISING  # (4, 4, 4) against (3,)


# --- trust_trend -------------------------------------------------------------------------------


def test_nothing_reported_no_trend():
    assert trust_trend([]) is None
    assert trust_trend([row(0, [(4, None), (4, None)])]) is None
    assert trust_trend([row(5, [(4, 4), (4, 4)])], before=day(5)) is None  # not before


def test_the_trend_uses_only_sessions_before_the_one_prepared():
    rows = [
        row(0, [(4, 4), (5, 5)]),
        row(1, [(4, 4), (5, 5)]),
        row(2, [(4, 4), (4, 5)], comment="Good to talk about the board."),
        row(3, [(5, 1), (5, 1)], comment="I did not feel heard."),  # the session prepared
        row(4, [(5, 1), (5, 1)]),  # later still
    ]
    trend = trust_trend(rows, before=day(3))
    assert trend.last_scores == ((UNDERSTOOD, 4), (TRUST, 5))
    assert trend.last_comment == "Good to talk about the board."
    assert trend.last_on == day(2)
    assert trend.direction is None  # three sessions before it: too few
    assert trend.calibration.sessions == 3
    assert trend.calibration.expected == pytest.approx(26 / 6)
    assert trend.calibration.reported == pytest.approx(27 / 6)
    assert not trend.raised


def test_the_last_scores_come_from_the_last_report_not_the_last_prediction():
    rows = [
        row(0, [(4, 3), (5, None)]),  # the second question unanswered
        row(1, [(4, None), (4, None)]),  # predicted, answers not in yet
    ]
    trend = trust_trend(rows)
    assert trend.last_scores == ((UNDERSTOOD, 3),)
    assert trend.last_on == day(0)


def test_falling_scores_raise_the_section():
    rows = [reported(n, s) for n, s in enumerate((5, 5, 5, 4, 4, 4))]
    trend = trust_trend(rows)
    assert trend.direction is Direction.FALLING
    assert trend.calibration is None  # no predictions at all
    assert trend.raised
    assert "Their scores are falling over the last sessions." in trend.lines("Dan")


@pytest.mark.parametrize(
    ("scores", "gap", "raised"),
    [
        (((5, 4), (5, 4)), -1.0, True),
        (((5, 4), (4, 4)), -0.5, False),
        (((5, 4), (5, 4), (5, 5), (5, 4)), -0.75, True),  # exactly the line
        (((4, 5), (4, 5)), 1.0, False),
    ],
)
def test_a_large_negative_gap_raises_the_section(scores, gap, raised):
    rows = [row(0, list(scores[:2])), row(1, list(scores[2:] or scores[:2]))]
    trend = trust_trend(rows)
    assert trend.direction is None
    assert trend.calibration.gap == pytest.approx(gap)
    assert trend.raised is raised


def test_the_lines_for_the_prep_panel():
    rows = [row(n, [(5, s), (5, s)]) for n, s in enumerate((5, 5, 5, 4, 4, 3))]
    trend = trust_trend(rows, before=day(6))
    assert trend.raised
    assert trend.lines("Dan") == [
        f"Last reported: {UNDERSTOOD}: 3/5, {TRUST}: 3/5.",
        "Their scores are falling over the last sessions.",
        "You expected 5.0, Dan reported 4.2 on average over the last 5 sessions: "
        "you expect more than they feel.",
    ]
    rising = trust_trend([reported(n, s) for n, s in enumerate((3, 3, 3, 4, 4, 4))])
    assert rising.lines("Dan") == [
        "Last reported: Question 0: 4/5.",
        "Their scores are rising over the last sessions.",
    ]
    assert not rising.raised


# --- validate_scores ---------------------------------------------------------------------------


def test_a_complete_report_is_valid():
    assert validate_scores(FeedbackInput(QUESTIONS, (1, 5), "x" * 4000), all_required=True) == []


def test_validation_in_plain_words():
    assert validate_scores(FeedbackInput(QUESTIONS, (4,)), all_required=True) == [
        "Each question needs its own score."
    ]
    assert validate_scores(FeedbackInput((), ()), all_required=False) == [
        "There are no questions to answer: add some in Feedback questions."
    ]
    assert validate_scores(FeedbackInput(QUESTIONS, (None, 4)), all_required=True) == [
        f"Choose a score (1–5) for “{UNDERSTOOD}”."
    ]
    assert validate_scores(FeedbackInput(QUESTIONS, (None, None)), all_required=False) == []
    assert validate_scores(FeedbackInput(QUESTIONS, (0, 6)), all_required=True) == [
        f"Scores go from 1 to 5 (“{UNDERSTOOD}”).",
        f"Scores go from 1 to 5 (“{TRUST}”).",
    ]
    assert validate_scores(FeedbackInput(QUESTIONS, (3, 3), "x" * 4001), all_required=True) == [
        "The comment is too long (4,000 characters at most)."
    ]
