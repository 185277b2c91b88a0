"""What the practice page says, apart from its widgets: the period presets, the figures'
words and numbers, and the records behind each figure (``drill``).  The package's other
modules lay it out.  A new figure is a ``FigureKind``, a function giving its ``Drill``
(listed in ``_DRILLS``), its records in ``figure_records`` and its row in
``tree.FiguresTree.fill``.  Every sentence goes through Qt's translation (``_tr``, context
"practice"), which needs no application object, so these functions are tested without a
window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean

from coachdesk.display.translate import translator
from coachdesk.domain.feedback import FeedbackRow, Reading
from coachdesk.domain.late_notice import NoticeRecord
from coachdesk.domain.practice import BreachRow
from coachdesk.domain.reliability import FallingClient, Period, PracticeReport
from coachdesk.domain.vocab import WARNING_MARK, Category, Trigger

_tr = translator("practice")

EARLIEST = date(1900, 1, 1)  # "All time" starts here (no practice is older)
FALLING_NAMED = 3  # falling clients named above the figures (the tree lists them all)

# --- the period -------------------------------------------------------------------------------

# The labels are translated where they are shown (the page's period box).
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
        return (_tr("{n} day") if whole == 1 else _tr("{n} days")).format(n=whole)
    return _tr("{n} days").format(n=f"{value:.1f}")


def plural(count: int, one: str, many: str, **values: object) -> str:
    """ "1 breach", "1,204 breaches": ``one`` or ``many`` (by ``count``) with ``{n}`` the
    count and any other ``{name}`` from ``values``."""
    return (one if count == 1 else many).format(n=f"{count:,}", **values)


def calibration_words(report: PracticeReport) -> str:
    """ "On average you expected 4.2 and clients reported 4.0 (gap −0.2) over 12 sessions'
    feedback." and what it means; empty without feedback that has both."""
    cal = report.calibration
    if cal is None:
        return ""
    sentence = plural(
        cal.sessions,
        _tr(
            "On average you expected {expected} and clients reported {reported} (gap {gap}) "
            "over {n} session's feedback."
        ),
        _tr(
            "On average you expected {expected} and clients reported {reported} (gap {gap}) "
            "over {n} sessions' feedback."
        ),
        expected=score_text(cal.expected),
        reported=score_text(cal.reported),
        gap=signed(cal.gap),
    )
    reading = {
        Reading.CLOSE: _tr("Your sense of how sessions land is close."),
        Reading.OPTIMISTIC: _tr("You expect more than your clients feel."),
        Reading.MODEST: _tr("Your clients feel better about it than you think."),
    }[cal.reading]
    return sentence + " " + reading


def kept_share(report: PracticeReport) -> int | None:
    """The percentage kept of the promises settled (kept or missed); None when none are."""
    settled = len(report.kept) + len(report.missed)
    return round(100 * len(report.kept) / settled) if settled else None


def notice_share(report: PracticeReport) -> int | None:
    """The percentage of the notices due that were given on time; None: none was due."""
    share = notices_of(report).share
    return None if share is None else round(100 * share)


def notices_text(report: PracticeReport) -> str:
    """ "12 of 15 (80%)"; "–" when no notice was due."""
    record = notices_of(report)
    share = notice_share(report)
    if share is None:
        return "–"
    return _tr("{on_time} of {due} ({share}%)").format(
        on_time=f"{len(record.on_time):,}", due=f"{len(record.due):,}", share=share
    )


def notices_tooltip() -> str:
    """What "Notices given on time" counts, for its tooltip."""
    return _tr(
        "Over the held sessions of the period: each guest you brought (not one the client "
        "brought) whose coming you told the client about in time, and each moved session "
        "whose new time you confirmed in time. In time means by the notice the client asked "
        "for on an item of theirs (as their items say it now), else 24 hours for a guest and "
        "48 hours for a move, counted back from the start. A notice never given is late."
    )


def honour_share(report: PracticeReport) -> int | None:
    """The percentage honoured of the items that came up and were answered; None: none."""
    share = report.honour_share
    return None if share is None else round(100 * share)


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
    HONOUR = "honour"
    HONOURED = "honoured"
    NOT_HONOURED = "not_honoured"
    CALIBRATION = "calibration"
    FALLING = "falling"
    FALLING_CLIENT = "falling_client"
    NOTICES = "notices"
    NOTICES_ON_TIME = "notices_on_time"
    NOTICES_LATE = "notices_late"


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
    HONOUR = "honour"
    NOTICES = "notices"


@dataclass(frozen=True)
class PracticeFigures(PracticeReport):
    """A period's report with the notices given on time over its held sessions
    (``domain.late_notice.notice_record``), which the page reads beside the report."""

    notices: NoticeRecord = field(default_factory=NoticeRecord)


def with_notices(report: PracticeReport, notices: NoticeRecord) -> PracticeFigures:
    """``report`` with ``notices`` beside it."""
    values = {item.name: getattr(report, item.name) for item in fields(report)}
    return PracticeFigures(**values, notices=notices)


def notices_of(report: PracticeReport) -> NoticeRecord:
    """The notices beside ``report`` (none for a report read without them)."""
    return report.notices if isinstance(report, PracticeFigures) else NoticeRecord()


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


def _no_breaches() -> str:
    return _tr(
        "No breaches in this period. When something that matters to a client is missed, log "
        "it on their page (Log breach…) and it is counted here."
    )


def _no_feedback() -> str:
    return _tr("No feedback with both your prediction and the client's answers in this period.")


def _all_breaches(report: PracticeReport, figure: Figure) -> Drill:
    count = len(report.breaches)
    return Drill(
        _tr("Breaches"),
        plural(count, _tr("{n} breach in this period."), _tr("{n} breaches in this period.")),
        Records.BREACHES,
        report.breaches,
        _no_breaches(),
    )


def _category(report: PracticeReport, figure: Figure) -> Drill:
    category = Category(figure.key)
    rows = next(rows for c, rows in report.by_category if c is category)
    name = category.label.lower()
    return Drill(
        _tr("Breaches of {name}").format(name=name),
        plural(
            len(rows),
            _tr("{n} breach of {name} in this period."),
            _tr("{n} breaches of {name} in this period."),
            name=name,
        ),
        Records.BREACHES,
        rows,
        _tr("No breaches of {name} in this period.").format(name=name),
    )


def _triggers(report: PracticeReport, figure: Figure) -> Drill:
    seen: dict[int, BreachRow] = {}
    for _trigger, rows in report.by_trigger:
        for row in rows:
            seen.setdefault(row.id, row)
    found = tuple(sorted(seen.values(), key=lambda b: b.id))
    why = _tr(
        "(the circumstances that make a matter relevant to a session). A matter with "
        "several triggers counts under each."
    )
    return Drill(
        _tr("Breaches by trigger"),
        plural(
            len(found),
            _tr("{n} breach of matters with triggers {why}"),
            _tr("{n} breaches of matters with triggers {why}"),
            why=why,
        ),
        Records.BREACHES,
        found,
        _tr("No breach in this period was of a matter with triggers."),
    )


def _trigger(report: PracticeReport, figure: Figure) -> Drill:
    trigger = Trigger(figure.key)
    rows = next((rows for t, rows in report.by_trigger if t is trigger), ())
    return Drill(
        _tr("Breaches by trigger: {trigger}").format(trigger=trigger.label),
        plural(
            len(rows),
            _tr("{n} breach of matters with the trigger “{trigger}”."),
            _tr("{n} breaches of matters with the trigger “{trigger}”."),
            trigger=trigger.label,
        ),
        Records.BREACHES,
        rows,
        _tr("No breaches with this trigger in this period."),
    )


def _repairs(report: PracticeReport, figure: Figure) -> Drill:
    kind = figure.kind
    repaired = tuple(r.breach for r in report.repairs)
    median, mean = report.median_repair_days, report.mean_repair_days
    if median is None or mean is None:
        sentence = _tr("None of this period's breaches has been repaired yet.")
    else:
        sentence = plural(
            len(repaired),
            _tr(
                "{n} breach repaired: {median} from breach to repair at the median, "
                "{mean} on average; {open} still open."
            ),
            _tr(
                "{n} breaches repaired: {median} from breach to repair at the median, "
                "{mean} on average; {open} still open."
            ),
            median=days_text(median),
            mean=days_text(round(mean, 1)),
            open=f"{len(report.still_open):,}",
        )
    heading = (
        _tr("Repaired") if kind is FigureKind.REPAIRED and not figure.key else _tr("Time to repair")
    )
    return Drill(
        heading,
        sentence,
        Records.BREACHES,
        repaired,
        _tr(
            "None of this period's breaches has been repaired yet. When you have repaired "
            "one, open it on the client's page and record the repair and its date."
        ),
    )


def _still_open(report: PracticeReport, figure: Figure) -> Drill:
    rows = report.still_open
    return Drill(
        _tr("Still open"),
        plural(
            len(rows),
            _tr("{n} breach of this period not repaired yet."),
            _tr("{n} breaches of this period not repaired yet."),
        ),
        Records.BREACHES,
        rows,
        _tr("Every breach of this period has been repaired."),
    )


def _promises(report: PracticeReport, figure: Figure) -> Drill:
    rows = tuple(
        sorted(
            (*report.kept, *report.missed, *report.open_promises),
            key=lambda p: (p.due_on, p.id),
        )
    )
    share = kept_share(report)
    settled = len(report.kept) + len(report.missed)
    if share is None:
        sentence = plural(
            len(rows),
            _tr("{n} promise of yours came due; none is marked kept or missed yet."),
            _tr("{n} promises of yours came due; none is marked kept or missed yet."),
        )
    else:
        sentence = _tr(
            "You kept {kept} of the {settled} promises that came due and were settled "
            "({share}%); {missed} missed, {open} still open."
        ).format(
            kept=f"{len(report.kept):,}",
            settled=f"{settled:,}",
            share=share,
            missed=f"{len(report.missed):,}",
            open=f"{len(report.open_promises):,}",
        )
    no_promises = _tr(
        "None of your promises came due in this period. Give your promises a due date "
        "(New promise… on the client's page) and they are counted here."
    )
    return Drill(_tr("Your promises"), sentence, Records.PROMISES, rows, no_promises)


def _promises_by_outcome(report: PracticeReport, figure: Figure) -> Drill:
    kind = figure.kind
    rows, title, none = {
        FigureKind.KEPT: (
            report.kept,
            _tr("kept"),
            _tr("No promise of yours due in this period is kept."),
        ),
        FigureKind.MISSED: (
            report.missed,
            _tr("missed"),
            _tr("You missed none of your promises due in this period."),
        ),
        FigureKind.OPEN_PROMISES: (
            report.open_promises,
            _tr("still open"),
            _tr("None of your promises due in this period is still open."),
        ),
    }[kind]
    return Drill(
        _tr("Your promises: {title}").format(title=title),
        plural(
            len(rows),
            _tr("{n} promise due in this period: {title}."),
            _tr("{n} promises due in this period: {title}."),
            title=title,
        ),
        Records.PROMISES,
        rows,
        none,
    )


def _honour(report: PracticeReport, figure: Figure) -> Drill:
    no_reviews = _tr(
        "No review in this period answered for an item its session made relevant. After a "
        "held session, the review asks whether you honoured what came up; it is counted here."
    )
    if figure.kind is FigureKind.HONOURED:
        rows = report.honoured
        heading, none = _tr("Honoured when it came up"), no_reviews
    elif figure.kind is FigureKind.NOT_HONOURED:
        rows = report.not_honoured
        heading = _tr("Missed when it came up")
        none = _tr("You missed none of the items that came up in this period.")
    else:
        rows = tuple(
            sorted(
                (*report.honoured, *report.not_honoured),
                key=lambda r: (r.session_start, r.matter_id),
            )
        )
        heading, none = _tr("Items that came up in a session"), no_reviews
    share = honour_share(report)
    answered = len(report.honoured) + len(report.not_honoured)
    sentence = (
        _tr(
            "Of the {answered} times something that matters to a client came up in a session "
            "and your review answered for it, you honoured {honoured} ({share}%)."
        ).format(answered=f"{answered:,}", honoured=f"{len(report.honoured):,}", share=share)
        if share is not None
        else ""
    )
    return Drill(heading, sentence, Records.HONOUR, rows, none)


def _calibration(report: PracticeReport, figure: Figure) -> Drill:
    return Drill(
        _tr("Your predictions and what clients reported"),
        calibration_words(report),
        Records.FEEDBACK,
        report.calibrated,
        _no_feedback()
        + " "
        + _tr(
            "After a held session, open the client's Feedback tab, click Record "
            "feedback…, write what you expect them to say, then their answers."
        ),
    )


def _falling(report: PracticeReport, figure: Figure) -> Drill:
    rows = tuple(FallingRow(f) for f in report.falling)
    return Drill(
        _tr("Falling scores"),
        plural(
            len(rows),
            _tr(
                "{n} client whose last three reports average at least half a point lower "
                "than the three before, with a report in this period."
            ),
            _tr(
                "{n} clients whose last three reports average at least half a point lower "
                "than the three before, with a report in this period."
            ),
        ),
        Records.CLIENTS,
        rows,
        _tr("No client's scores are falling in this period."),
    )


def _falling_client(report: PracticeReport, figure: Figure) -> Drill:
    client = next(f for f in report.falling if str(f.client_id) == figure.key)
    return Drill(
        client.name,
        _tr(
            "{name}'s reports averaged {before} before and {recent} over the last three ({change})."
        ).format(
            name=client.name,
            before=score_text(client.before),
            recent=score_text(client.recent),
            change=signed(client.recent - client.before),
        ),
        Records.FEEDBACK,
        client.feedback,
        _tr("No feedback."),
    )


def _notices(report: PracticeReport, figure: Figure) -> Drill:
    record = notices_of(report)
    rows, heading, none = {
        FigureKind.NOTICES: (
            record.due,
            _tr("Notices given on time"),
            _tr(
                "No held session of this period called for a notice: a guest you brought, or a "
                "moved session's new time. When one does, telling the client in time is "
                "counted here (Told them / New time confirmed on Today)."
            ),
        ),
        FigureKind.NOTICES_ON_TIME: (
            record.on_time,
            _tr("Notices given on time"),
            _tr("None of this period's notices was given in time."),
        ),
        FigureKind.NOTICES_LATE: (
            record.late,
            _tr("Notices given late or never"),
            _tr("Every notice of this period was given in time."),
        ),
    }[figure.kind]
    share = notice_share(report)
    sentence = (
        _tr(
            "Of the {due} notices your held sessions called for (guests you brought, new "
            "times of moved sessions), you gave {on_time} in time ({share}%); {late} late "
            "or never."
        ).format(
            due=f"{len(record.due):,}",
            on_time=f"{len(record.on_time):,}",
            share=share,
            late=f"{len(record.late):,}",
        )
        if share is not None
        else ""
    )
    return Drill(heading, sentence, Records.NOTICES, rows, none)


# The records behind each kind of figure: a new figure adds its kind and its function here.
_DRILLS: dict[FigureKind, Callable[[PracticeReport, Figure], Drill]] = {
    FigureKind.BREACHES: _all_breaches,
    FigureKind.CATEGORY: _category,
    FigureKind.TRIGGERS: _triggers,
    FigureKind.TRIGGER: _trigger,
    FigureKind.REPAIRS: _repairs,
    FigureKind.REPAIRED: _repairs,
    FigureKind.STILL_OPEN: _still_open,
    FigureKind.PROMISES: _promises,
    FigureKind.KEPT: _promises_by_outcome,
    FigureKind.MISSED: _promises_by_outcome,
    FigureKind.OPEN_PROMISES: _promises_by_outcome,
    FigureKind.HONOUR: _honour,
    FigureKind.HONOURED: _honour,
    FigureKind.NOT_HONOURED: _honour,
    FigureKind.CALIBRATION: _calibration,
    FigureKind.FALLING: _falling,
    FigureKind.FALLING_CLIENT: _falling_client,
    FigureKind.NOTICES: _notices,
    FigureKind.NOTICES_ON_TIME: _notices,
    FigureKind.NOTICES_LATE: _notices,
}


def drill(report: PracticeReport, figure: Figure) -> Drill:
    """The records behind ``figure`` in ``report``."""
    return _DRILLS[figure.kind](report, figure)


def figure_records(report: PracticeReport) -> tuple[tuple[object, ...], ...]:
    """Every kind of record the figures count; a new figure adds its records here, so that
    a period with only those is not shown as empty."""
    return (
        report.breaches,
        report.kept,
        report.missed,
        report.open_promises,
        report.honoured,
        report.not_honoured,
        report.calibrated,
        report.falling,
        notices_of(report).due,
    )


def has_figures(report: PracticeReport) -> bool:
    """Whether the period has anything to count (else the page shows ``empty_words``)."""
    return any(figure_records(report))


def empty_words(all_time: bool) -> tuple[str, str]:
    """The heading and the sentences of the page when the period has nothing to count."""
    heading = _tr("Nothing to count yet") if all_time else _tr("Nothing to count in this period")
    body = _tr(
        "Your practice brings together, across your clients, the times you fell short of "
        "what matters to a client and how soon you repaired it (Log breach… on the client's "
        "page), your promises with a due date (New promise…), and how your predictions "
        "compare with what clients report (Record feedback… on their Feedback tab)."
    )
    if not all_time:
        body += " " + _tr("Earlier periods may have some: choose All time to see them all.")
    return heading, body


def summary(report: PracticeReport) -> str:
    """What the tree cannot say in a number: the calibration gap in words, and who is
    falling (one line each)."""
    lines = [calibration_words(report) or _no_feedback()]
    if report.falling:
        names = ", ".join(f.name for f in report.falling[:FALLING_NAMED])
        more = len(report.falling) - FALLING_NAMED
        if more > 0:
            names = plural(
                more,
                _tr("{names} and {n} other client"),
                _tr("{names} and {n} other clients"),
                names=names,
            )
        lines.append(_tr("{mark} Scores falling: {names}.").format(mark=WARNING_MARK, names=names))
    return "\n".join(lines)
