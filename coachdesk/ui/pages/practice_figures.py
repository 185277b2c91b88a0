"""What the practice page says, without Qt: the period presets, the figures' words and
numbers, and the records behind each figure (``drill``).  ``pages.practice`` lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean

from coachdesk.domain.feedback import FeedbackRow, Reading
from coachdesk.domain.practice import BreachRow
from coachdesk.domain.reliability import FallingClient, Period, PracticeReport
from coachdesk.domain.vocab import WARNING_MARK, Category, Trigger

EARLIEST = date(1900, 1, 1)  # "All time" starts here (no practice is older)
FALLING_NAMED = 3  # falling clients named above the figures (the tree lists them all)

# --- the period -------------------------------------------------------------------------------

PRESETS: tuple[tuple[str, str], ...] = (
    ("30d", "Last 30 days"),
    ("90d", "Last 90 days"),
    ("12m", "Last 12 months"),
    ("year", "This year"),
    ("all", "All time"),
    ("custom", "Chosen dates"),
)
DEFAULT_PRESET = "90d"
CUSTOM = "custom"


def preset_period(key: str, today: date) -> Period | None:
    """The period a preset stands for on ``today`` (None for chosen dates)."""
    if key == "30d":
        return Period(today - timedelta(days=29), today)
    if key == "90d":
        return Period(today - timedelta(days=89), today)
    if key == "12m":
        try:
            year_ago = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            year_ago = today.replace(year=today.year - 1, day=28)
        return Period(year_ago + timedelta(days=1), today)
    if key == "year":
        return Period(date(today.year, 1, 1), today)
    if key == "all":
        return Period(EARLIEST, today)
    return None


# --- wording ----------------------------------------------------------------------------------


def score_text(value: float) -> str:
    return f"{value:.1f}"


def signed(value: float) -> str:
    """A gap or a change: "+0.4", "−0.6" (a true minus sign), "0.0"."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0.0"
    return f"{rounded:+.1f}".replace("-", "−")


def days_text(value: float) -> str:
    """ "1 day", "7 days", "6.5 days"."""
    if value == int(value):
        whole = int(value)
        return f"{whole} day" if whole == 1 else f"{whole} days"
    return f"{value:.1f} days"


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def calibration_words(report: PracticeReport) -> str:
    """ "On average you expected 4.2 and clients reported 4.0 (gap −0.2) over 12 sessions'
    feedback." and what it means; empty without feedback that has both."""
    cal = report.calibration
    if cal is None:
        return ""
    over = "1 session's" if cal.sessions == 1 else f"{cal.sessions:,} sessions'"
    sentence = (
        f"On average you expected {score_text(cal.expected)} and clients reported "
        f"{score_text(cal.reported)} (gap {signed(cal.gap)}) over {over} feedback."
    )
    return (
        sentence
        + {
            Reading.CLOSE: " Your sense of how sessions land is close.",
            Reading.OPTIMISTIC: " You expect more than your clients feel.",
            Reading.MODEST: " Your clients feel better about it than you think.",
        }[cal.reading]
    )


def kept_share(report: PracticeReport) -> int | None:
    """The percentage kept of the promises settled (kept or missed); None when none are."""
    settled = len(report.kept) + len(report.missed)
    return round(100 * len(report.kept) / settled) if settled else None


# --- figures and the records behind them ------------------------------------------------------


class FigureKind(StrEnum):
    BREACHES = "breaches"
    CATEGORY = "category"
    TRIGGERS = "triggers"
    TRIGGER = "trigger"
    REPAIRS = "repairs"
    REPAIRED = "repaired"
    STILL_OPEN = "still_open"
    PROMISES = "promises"
    KEPT = "kept"
    MISSED = "missed"
    OPEN_PROMISES = "open_promises"
    CALIBRATION = "calibration"
    FALLING = "falling"
    FALLING_CLIENT = "falling_client"


@dataclass(frozen=True)
class Figure:
    """One row of the figures tree: what it counts (and which category, trigger or client)."""

    kind: FigureKind
    key: str = ""


class Records(StrEnum):
    """The four kinds of records a figure can stand on, each with its own table."""

    BREACHES = "breaches"
    PROMISES = "promises"
    FEEDBACK = "feedback"
    CLIENTS = "clients"


@dataclass(frozen=True)
class FallingRow:
    """A falling client as a table row (the tables need an ``id``)."""

    falling: FallingClient

    @property
    def id(self) -> int:
        return self.falling.client_id

    @property
    def client_id(self) -> int:
        return self.falling.client_id


@dataclass(frozen=True)
class Drill:
    """What selecting a figure shows: a heading, a sentence, the records, and what to
    say when there are none."""

    heading: str
    sentence: str
    records: Records
    rows: tuple[object, ...]
    empty: str


def scores_text(row: FeedbackRow, predicted: bool) -> str:
    found = [a.predicted if predicted else a.reported for a in row.answers]
    if all(score is None for score in found):
        return ""
    return " · ".join("–" if score is None else str(score) for score in found)


def row_gap(row: FeedbackRow) -> float | None:
    pairs = row.pairs()
    return fmean(r - p for p, r in pairs) if pairs else None


NO_BREACHES = (
    "No breaches in this period. When something that matters to a client is missed, log it "
    "on their page (Log breach…) and it is counted here."
)
NO_FEEDBACK = (
    "No feedback with both your prediction and the client's answers in this period. After a "
    "held session, open the client's Feedback tab, click Record feedback…, write what you "
    "expect them to say, then their answers."
)
NO_PROMISES = (
    "None of your promises came due in this period. Give your promises a due date (New "
    "promise… on the client's page) and they are counted here."
)


def drill(report: PracticeReport, figure: Figure) -> Drill:
    """The records behind ``figure`` in ``report``."""
    kind = figure.kind
    if kind is FigureKind.BREACHES:
        count = len(report.breaches)
        return Drill(
            "Breaches",
            f"{plural(count, 'breach', 'breaches')} in this period.",
            Records.BREACHES,
            report.breaches,
            NO_BREACHES,
        )
    if kind is FigureKind.CATEGORY:
        category = Category(figure.key)
        rows = next(rows for c, rows in report.by_category if c is category)
        name = category.label.lower()
        return Drill(
            f"Breaches of {name}",
            f"{plural(len(rows), 'breach', 'breaches')} of {name} in this period.",
            Records.BREACHES,
            rows,
            f"No breaches of {name} in this period.",
        )
    if kind is FigureKind.TRIGGERS:
        seen: dict[int, BreachRow] = {}
        for _trigger, rows in report.by_trigger:
            for row in rows:
                seen.setdefault(row.id, row)
        found = tuple(sorted(seen.values(), key=lambda b: b.id))
        return Drill(
            "Breaches by trigger",
            f"{plural(len(found), 'breach', 'breaches')} of matters with triggers (the "
            "circumstances that make a matter relevant to a session). A matter with several "
            "triggers counts under each.",
            Records.BREACHES,
            found,
            "No breach in this period was of a matter with triggers.",
        )
    if kind is FigureKind.TRIGGER:
        trigger = Trigger(figure.key)
        rows = next((rows for t, rows in report.by_trigger if t is trigger), ())
        return Drill(
            f"Breaches by trigger: {trigger.label}",
            f"{plural(len(rows), 'breach', 'breaches')} of matters with the trigger "
            f"“{trigger.label}”.",
            Records.BREACHES,
            rows,
            "No breaches with this trigger in this period.",
        )
    if kind in (FigureKind.REPAIRS, FigureKind.REPAIRED):
        repaired = tuple(r.breach for r in report.repairs)
        median, mean = report.median_repair_days, report.mean_repair_days
        if median is None or mean is None:
            sentence = "None of this period's breaches has been repaired yet."
        else:
            sentence = (
                f"{plural(len(repaired), 'breach', 'breaches')} repaired: "
                f"{days_text(median)} from breach to repair at the median, "
                f"{days_text(round(mean, 1))} on average; {len(report.still_open):,} still open."
            )
        return Drill(
            "Repaired" if kind is FigureKind.REPAIRED and not figure.key else "Time to repair",
            sentence,
            Records.BREACHES,
            repaired,
            "None of this period's breaches has been repaired yet. When you have repaired "
            "one, open it on the client's page and record the repair and its date.",
        )
    if kind is FigureKind.STILL_OPEN:
        rows = report.still_open
        return Drill(
            "Still open",
            f"{plural(len(rows), 'breach', 'breaches')} of this period not repaired yet.",
            Records.BREACHES,
            rows,
            "Every breach of this period has been repaired.",
        )
    if kind is FigureKind.PROMISES:
        rows = tuple(
            sorted(
                (*report.kept, *report.missed, *report.open_promises),
                key=lambda p: (p.due_on, p.id),
            )
        )
        share = kept_share(report)
        settled = len(report.kept) + len(report.missed)
        if share is None:
            sentence = (
                f"{plural(len(rows), 'promise', 'promises')} of yours came due; none is "
                "marked kept or missed yet."
            )
        else:
            sentence = (
                f"You kept {len(report.kept):,} of the {settled:,} promises that came due and "
                f"were settled ({share}%); {len(report.missed):,} missed, "
                f"{len(report.open_promises):,} still open."
            )
        return Drill("Your promises", sentence, Records.PROMISES, rows, NO_PROMISES)
    if kind in (FigureKind.KEPT, FigureKind.MISSED, FigureKind.OPEN_PROMISES):
        rows, title, none = {
            FigureKind.KEPT: (
                report.kept,
                "Kept",
                "No promise of yours due in this period is kept.",
            ),
            FigureKind.MISSED: (
                report.missed,
                "Missed",
                "You missed none of your promises due in this period.",
            ),
            FigureKind.OPEN_PROMISES: (
                report.open_promises,
                "Still open",
                "None of your promises due in this period is still open.",
            ),
        }[kind]
        return Drill(
            f"Your promises: {title.lower()}",
            f"{plural(len(rows), 'promise', 'promises')} due in this period: {title.lower()}.",
            Records.PROMISES,
            rows,
            none,
        )
    if kind is FigureKind.CALIBRATION:
        return Drill(
            "Your predictions and what clients reported",
            calibration_words(report),
            Records.FEEDBACK,
            report.calibrated,
            NO_FEEDBACK,
        )
    if kind is FigureKind.FALLING:
        rows = tuple(FallingRow(f) for f in report.falling)
        return Drill(
            "Falling scores",
            f"{plural(len(rows), 'client', 'clients')} whose last three reports average "
            "at least half a point lower than the three before, with a report in this period.",
            Records.CLIENTS,
            rows,
            "No client's scores are falling in this period.",
        )
    # FigureKind.FALLING_CLIENT
    client = next(f for f in report.falling if str(f.client_id) == figure.key)
    return Drill(
        client.name,
        f"{client.name}'s reports averaged {score_text(client.before)} before and "
        f"{score_text(client.recent)} over the last three "
        f"({signed(client.recent - client.before)}).",
        Records.FEEDBACK,
        client.feedback,
        "No feedback.",
    )


def summary(report: PracticeReport) -> str:
    """What the tree cannot say in a number: the calibration gap in words, and who is
    falling (one line each)."""
    lines = [
        calibration_words(report)
        or "No feedback with both your prediction and the client's answers in this period."
    ]
    if report.falling:
        names = ", ".join(f.name for f in report.falling[:FALLING_NAMED])
        more = len(report.falling) - FALLING_NAMED
        if more > 0:
            names += f" and {plural(more, 'other client', 'other clients')}"
        lines.append(f"{WARNING_MARK} Scores falling: {names}.")
    return "\n".join(lines)
