"""The client's side of trust: their feedback, the coach's prediction, and the gap.

A pulse check belongs to one held session.  The coach first records what they
expect the client to answer (or says they skip predicting), then the client's
own answers on a 1-5 scale and an optional comment in the client's words.
Each answer keeps the question text it was asked under, so editing the list
of questions never rewrites history.

Calibration is about pairs: an answer counts only when it has both a
prediction and a report.  The gap is reported minus predicted, so a negative
gap means the coach expected better than the client felt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

SCALE = (1, 2, 3, 4, 5)
CALIBRATION_WINDOW = 5  # the last sessions the gap is averaged over
TREND_WINDOW = 3  # sessions compared with the ones before them
FALLING_BY = 0.5  # a drop of this much in the average report is "falling"
LARGE_NEGATIVE_GAP = -0.75  # expected this much better than the client reported
CLOSE_GAP = 0.25  # a gap smaller than this either way: the coach's sense is close


def _mean(values: Iterable[float]) -> float:
    """The mean (``statistics`` is not imported for it: this module is on the way to the
    first page the app paints)."""
    numbers = list(values)
    return sum(numbers) / len(numbers)


class Stage(StrEnum):
    """Where a pulse check stands; the form shows the answers only from PREDICTED on."""

    NEW = "new"
    PREDICTED = "predicted"  # prediction saved, or explicitly skipped
    REPORTED = "reported"


class Direction(StrEnum):
    FALLING = "falling"
    RISING = "rising"
    STEADY = "steady"


@dataclass(frozen=True)
class AnswerRow:
    position: int
    question: str
    predicted: int | None
    reported: int | None


@dataclass(frozen=True)
class FeedbackRow:
    """One pulse check, with its session and client."""

    id: int
    session_id: int
    client_id: int
    client_name: str
    session_start: datetime
    predicted_at: datetime | None
    prediction_skipped: bool
    reported_at: datetime | None
    comment: str
    answers: tuple[AnswerRow, ...]

    @property
    def stage(self) -> Stage:
        if self.reported_at is not None:
            return Stage.REPORTED
        if self.predicted_at is not None or self.prediction_skipped:
            return Stage.PREDICTED
        return Stage.NEW

    def pairs(self) -> list[tuple[int, int]]:
        """(predicted, reported) for each answer that has both."""
        return [
            (a.predicted, a.reported)
            for a in self.answers
            if a.predicted is not None and a.reported is not None
        ]

    @property
    def reported_mean(self) -> float | None:
        values = [a.reported for a in self.answers if a.reported is not None]
        return _mean(values) if values else None


@dataclass(frozen=True)
class FeedbackInput:
    """What the form sends to storage: scores by question (in the order asked)."""

    questions: tuple[str, ...]
    scores: tuple[int | None, ...]
    comment: str = ""


def validate_scores(data: FeedbackInput, *, all_required: bool) -> list[str]:
    """Plain problems with a prediction or a report (nothing is written when any)."""
    problems = []
    if len(data.questions) != len(data.scores):
        problems.append("Each question needs its own score.")
    if not data.questions:
        problems.append("There are no questions to answer: add some in Feedback questions.")
    for question, score in zip(data.questions, data.scores, strict=False):
        if score is None:
            if all_required:
                problems.append(f"Choose a score (1–5) for “{question}”.")
        elif score not in SCALE:
            problems.append(f"Scores go from 1 to 5 (“{question}”).")
    if len(data.comment) > 4000:
        problems.append("The comment is too long (4,000 characters at most).")
    return problems


# --- series and calibration -------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    when: datetime
    session_id: int
    reported: int | None
    predicted: int | None


@dataclass(frozen=True)
class QuestionSeries:
    question: str
    points: tuple[SeriesPoint, ...]


def series_by_question(rows: Iterable[FeedbackRow]) -> tuple[QuestionSeries, ...]:
    """Each question's scores over time (oldest first), questions in the order first asked.

    A point is a session where the question was asked with a report or a prediction."""
    points: dict[str, list[SeriesPoint]] = {}
    order: dict[str, tuple[datetime, int]] = {}
    for row in sorted(rows, key=lambda r: (r.session_start, r.id)):
        for answer in row.answers:
            if answer.reported is None and answer.predicted is None:
                continue
            points.setdefault(answer.question, []).append(
                SeriesPoint(row.session_start, row.session_id, answer.reported, answer.predicted)
            )
            order.setdefault(answer.question, (row.session_start, answer.position))
    return tuple(
        QuestionSeries(question, tuple(points[question]))
        for question in sorted(points, key=lambda q: order[q])
    )


class Reading(StrEnum):
    """What a calibration gap says about the coach's sense of how sessions land."""

    CLOSE = "close"  # within CLOSE_GAP either way
    OPTIMISTIC = "optimistic"  # the coach expected better than the client reported
    MODEST = "modest"  # the client reported better than the coach expected


@dataclass(frozen=True)
class Calibration:
    sessions: int
    expected: float
    reported: float

    @property
    def gap(self) -> float:
        return self.reported - self.expected

    @property
    def reading(self) -> Reading:
        if abs(self.gap) < CLOSE_GAP:
            return Reading.CLOSE
        return Reading.OPTIMISTIC if self.gap < 0 else Reading.MODEST


def calibration(
    rows: Iterable[FeedbackRow], last: int | None = CALIBRATION_WINDOW
) -> Calibration | None:
    """Average prediction and report over the last ``last`` sessions that have pairs."""
    paired = [r for r in sorted(rows, key=lambda r: (r.session_start, r.id)) if r.pairs()]
    if last is not None:
        paired = paired[-last:]
    pairs = [pair for row in paired for pair in row.pairs()]
    if not pairs:
        return None
    return Calibration(len(paired), _mean(p for p, _ in pairs), _mean(r for _, r in pairs))


def _number(value: float) -> str:
    return f"{value:.1f}"


def calibration_sentence(cal: Calibration, client: str) -> str:
    """ "You expected 4.6, Dan reported 3.8 on average over the last 5 sessions." """
    over = "the last session" if cal.sessions == 1 else f"the last {cal.sessions} sessions"
    sentence = (
        f"You expected {_number(cal.expected)}, {client} reported {_number(cal.reported)} "
        f"on average over {over}"
    )
    return (
        sentence
        + {
            Reading.CLOSE: ": your sense of how it lands is close.",
            Reading.OPTIMISTIC: ": you expect more than they feel.",
            Reading.MODEST: ": they feel better about it than you think.",
        }[cal.reading]
    )


def direction(rows: Iterable[FeedbackRow], window: int = TREND_WINDOW) -> Direction | None:
    """Falling, rising or steady: the average report of the last ``window`` sessions
    against the ``window`` before them (None with too little feedback)."""
    means = [
        mean
        for row in sorted(rows, key=lambda r: (r.session_start, r.id))
        if (mean := row.reported_mean) is not None
    ]
    if len(means) < window + 1:
        return None
    recent = means[-window:]
    before = means[-2 * window : -window]
    change = round(_mean(recent) - _mean(before), 9)  # exactly 0.5 must not read as 0.4999…
    if change <= -FALLING_BY:
        return Direction.FALLING
    if change >= FALLING_BY:
        return Direction.RISING
    return Direction.STEADY


# --- the prep's trust trend -------------------------------------------------------------------


@dataclass(frozen=True)
class TrustTrend:
    """What the prep panel shows in "Trust trend"."""

    last_scores: tuple[tuple[str, int], ...]  # the latest report, question by question
    last_comment: str
    last_on: datetime | None
    direction: Direction | None
    calibration: Calibration | None

    @property
    def raised(self) -> bool:
        """A falling score or a large negative gap: the panel raises the section."""
        gap_low = self.calibration is not None and self.calibration.gap <= LARGE_NEGATIVE_GAP
        return self.direction is Direction.FALLING or gap_low

    def lines(self, client: str) -> list[str]:
        out = []
        if self.last_scores:
            scores = ", ".join(f"{question}: {score}/5" for question, score in self.last_scores)
            out.append(f"Last reported: {scores}.")
        if self.direction is Direction.FALLING:
            out.append("Their scores are falling over the last sessions.")
        elif self.direction is Direction.RISING:
            out.append("Their scores are rising over the last sessions.")
        if self.calibration is not None:
            out.append(calibration_sentence(self.calibration, client))
        return out


def trust_trend(rows: Sequence[FeedbackRow], before: datetime | None = None) -> TrustTrend | None:
    """The trend from feedback on sessions before ``before`` (None when there is none)."""
    usable = [r for r in rows if before is None or r.session_start < before]
    reported = sorted(
        (r for r in usable if r.reported_at is not None), key=lambda r: (r.session_start, r.id)
    )
    if not reported:
        return None
    latest = reported[-1]
    scores = tuple((a.question, a.reported) for a in latest.answers if a.reported is not None)
    return TrustTrend(
        last_scores=scores,  # type: ignore[arg-type]
        last_comment=latest.comment,
        last_on=latest.session_start,
        direction=direction(usable),
        calibration=calibration(usable),
    )
