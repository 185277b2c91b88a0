"""The practice view: how reliable the coach has been, across clients, over a period.

Private to the coach.  Every figure carries the records behind it, so the view
can drill down from a number to the breaches, promises, feedback or clients it
counts.

* breaches that occurred in the period, by category (the five Cs) and by
  trigger (the triggers of the item that was missed; a breach of an item with
  several triggers counts under each);
* time from breach to repair, for the period's breaches that were repaired
  (median and mean days), and those still open;
* the coach's own promises due in the period: kept, missed, still open;
* the average calibration gap over the period's feedback (reported minus
  predicted: below zero, the coach expected better than the client felt);
* the clients whose scores are falling (``feedback.direction``, using their
  feedback up to the end of the period), with at least one report in it;
* of the items the period's sessions made relevant (fired) and whose review said
  honoured or missed, the share honoured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import fmean, median

from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.feedback import (
    TREND_WINDOW,
    Calibration,
    Direction,
    FeedbackRow,
    calibration,
    direction,
)
from coachdesk.domain.practice import BreachRow, PromiseRow
from coachdesk.domain.vocab import (
    Category,
    HonourOutcome,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    Trigger,
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class HonourRow:
    """The review's answer for one item the session made relevant."""

    id: int
    session_id: int
    session_start: datetime
    client_id: int
    client_name: str
    matter_id: int
    statement: str
    outcome: HonourOutcome


@dataclass(frozen=True)
class PracticeInput:
    breaches: tuple[BreachRow, ...]  # at least those of the period
    triggers: Mapping[int, frozenset[Trigger]]  # matter id -> its triggers
    promises: tuple[PromiseRow, ...]  # at least the coach's, due in the period
    feedback: tuple[FeedbackRow, ...]  # every client's, up to the end of the period
    honour: tuple[HonourRow, ...] = ()  # at least the fired items of the period's sessions


@dataclass(frozen=True)
class Repair:
    breach: BreachRow
    days: int


@dataclass(frozen=True)
class FallingClient:
    client_id: int
    name: str
    before: float  # average report of the sessions before the recent ones
    recent: float  # average report of the recent sessions
    feedback: tuple[FeedbackRow, ...]


@dataclass(frozen=True)
class PracticeReport:
    period: Period
    breaches: tuple[BreachRow, ...]
    by_category: tuple[tuple[Category, tuple[BreachRow, ...]], ...]
    by_trigger: tuple[tuple[Trigger, tuple[BreachRow, ...]], ...]
    repairs: tuple[Repair, ...]
    still_open: tuple[BreachRow, ...]
    kept: tuple[PromiseRow, ...]
    missed: tuple[PromiseRow, ...]
    open_promises: tuple[PromiseRow, ...]
    calibration: Calibration | None
    calibrated: tuple[FeedbackRow, ...]  # the feedback the gap is computed from
    falling: tuple[FallingClient, ...]
    honoured: tuple[HonourRow, ...] = ()  # fired items of the period's sessions, honoured
    not_honoured: tuple[HonourRow, ...] = ()  # ... and missed

    @property
    def honour_share(self) -> float | None:
        """Of the fired items answered honoured or missed, the share honoured."""
        answered = len(self.honoured) + len(self.not_honoured)
        return len(self.honoured) / answered if answered else None

    @property
    def median_repair_days(self) -> float | None:
        return median(r.days for r in self.repairs) if self.repairs else None

    @property
    def mean_repair_days(self) -> float | None:
        return fmean(r.days for r in self.repairs) if self.repairs else None


def _falling(feedback: Sequence[FeedbackRow], period: Period) -> tuple[FallingClient, ...]:
    by_client: dict[int, list[FeedbackRow]] = {}
    for row in feedback:
        if local_or_utc(row.session_start).date() <= period.end:
            by_client.setdefault(row.client_id, []).append(row)
    falling = []
    for rows in by_client.values():
        rows.sort(key=lambda r: (r.session_start, r.id))
        in_period = [
            r
            for r in rows
            if r.reported_mean is not None and local_or_utc(r.session_start).date() in period
        ]
        if not in_period or direction(rows) is not Direction.FALLING:
            continue
        means = [m for r in rows if (m := r.reported_mean) is not None]
        falling.append(
            FallingClient(
                client_id=rows[0].client_id,
                name=rows[0].client_name,
                before=fmean(means[-2 * TREND_WINDOW : -TREND_WINDOW]),
                recent=fmean(means[-TREND_WINDOW:]),
                feedback=tuple(r for r in rows if r.reported_mean is not None),
            )
        )
    falling.sort(key=lambda f: (f.recent - f.before, f.name))
    return tuple(falling)


def practice_report(data: PracticeInput, period: Period) -> PracticeReport:
    breaches = tuple(
        sorted((b for b in data.breaches if b.occurred_on in period), key=lambda b: b.id)
    )
    by_category = tuple(
        (category, tuple(b for b in breaches if b.category is category)) for category in Category
    )
    trigger_rows: dict[Trigger, list[BreachRow]] = {}
    for breach in breaches:
        for trigger in data.triggers.get(breach.matter_id, frozenset()):
            trigger_rows.setdefault(trigger, []).append(breach)
    by_trigger = tuple(
        (trigger, tuple(trigger_rows[trigger]))
        for trigger in sorted(trigger_rows, key=lambda t: (-len(trigger_rows[t]), t.value))
    )
    repairs = tuple(
        Repair(b, (b.repaired_on - b.occurred_on).days)
        for b in breaches
        if b.repair_status is RepairStatus.REPAIRED and b.repaired_on is not None
    )
    still_open = tuple(b for b in breaches if b.repair_status is not RepairStatus.REPAIRED)
    coach_due = [
        p
        for p in data.promises
        if p.owner is PromiseOwner.COACH and p.due_on is not None and p.due_on in period
    ]
    in_period = tuple(
        r for r in data.feedback if local_or_utc(r.session_start).date() in period and r.pairs()
    )
    return PracticeReport(
        period=period,
        breaches=breaches,
        by_category=by_category,
        by_trigger=by_trigger,
        repairs=repairs,
        still_open=still_open,
        kept=tuple(p for p in coach_due if p.status is PromiseStatus.KEPT),
        missed=tuple(p for p in coach_due if p.status is PromiseStatus.MISSED),
        open_promises=tuple(p for p in coach_due if p.status is PromiseStatus.OPEN),
        calibration=calibration(in_period, last=None),
        calibrated=in_period,
        falling=_falling(data.feedback, period),
        honoured=_honour(data.honour, period, HonourOutcome.HONOURED),
        not_honoured=_honour(data.honour, period, HonourOutcome.MISSED),
    )


def _honour(
    rows: Sequence[HonourRow], period: Period, outcome: HonourOutcome
) -> tuple[HonourRow, ...]:
    return tuple(
        sorted(
            (
                r
                for r in rows
                if r.outcome is outcome and local_or_utc(r.session_start).date() in period
            ),
            key=lambda r: (r.session_start, r.matter_id),
        )
    )
