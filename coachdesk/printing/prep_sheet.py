"""The prep sheet: one printed page a coach takes into the session.

``render_prep_sheet`` lays out a ``PrepInput`` (and its ``Prep``) with QTextDocument
and writes a one-page PDF with QPdfWriter (QtGui only, no print dialog).  A
``QGuiApplication`` (or ``QApplication``) must exist, for the fonts.

What is on the page, in order: the client's name and the session (local time,
medium, place, guests, a guest the client was not told about marked with the
warning sign and words); the checklist (a stated wish quotes the client's words);
what matters for this session, the client's words first and most prominent, a
short line of reasons under each; open repairs; promises due; last time; the
discovery prompts when few matters are known.

This session comes first: its time, place, guests and agenda.  Under each item the
coach's own "why" note, when printable.

Paper safety (``domain.paper``): a matter marked "keep off printouts" never appears
on paper: not as an item, not as the checklist's quote (the entry quotes the most
important *printable* wish behind it, or none), not as the subject of a repair (the
repair prints "details in CoachDesk").  A repair on a matter the input does not
hold is treated the same way.  No other text on the page (the agenda, last time,
promises, breaches, reasons, guests, checklist texts) may contain the distinctive
words of a kept-off matter: such a text is replaced by "(kept off paper)".  Last
time's private notes are printed only when the coach chose so for this client.

One page, always: if the content does not fit, the lowest-ranked items go first
(binary search on their number), then the other sections are trimmed step by
step (shorter texts, fewer reasons, shorter lists, no prompts) until
``QTextDocument.pageCount()`` is 1.  Wherever something was left off the page
says "+N more in CoachDesk"; a line is never cut off.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QBuffer,
    QDate,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
)
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from coachdesk.display.timefmt import format_clock, format_long_day, to_qdatetime
from coachdesk.display.translate import translator
from coachdesk.domain.dates import ends_at
from coachdesk.domain.paper import PaperFilter, paper_filter
from coachdesk.domain.practice import BreachRow, MatterRow, PromiseRow, SessionRow
from coachdesk.domain.prep import ChecklistItem, Prep, PrepInput, RankedItem, build_prep
from coachdesk.domain.text import clip, first_line, one_line
from coachdesk.domain.vocab import WARNING_MARK, Medium, PromiseOwner, Trigger
from coachdesk.storage.private_files import write_private

# Printing is on white paper whatever the screen's palette: a fixed dark red reads well
# (the same red as the light palette's warning colour) and the sign and words carry it
# without colour.
PAPER_WARNING = "#b3261e"
BODY_PT = 10.0
WORDS_PT = 11.0  # the client's own words
SMALL_PT = 8.5  # reasons and details
NAME_PT = 16.0
HEADING_PT = 9.0
MARGIN_MM = 14.0
RESOLUTION_DPI = 300
T = TypeVar("T")
MIN_ITEMS = 3  # keep at least this many items before trimming the other sections


_tr = translator("prep_sheet")


@dataclass(frozen=True)
class SheetResult:
    """What went on paper.

    ``items_printed``: ranked items on the page.  ``more_in_app``: active items not on
    the page (the "+N more in CoachDesk" figure), of which ``kept_off`` were kept off
    for privacy; the others were left off for space."""

    path: Path | None
    items_printed: int
    more_in_app: int
    kept_off: int
    pages: int = 1


@dataclass(frozen=True)
class _Trim:
    """How much of the non-item sections goes on paper; later steps print less."""

    text_max: int  # characters of any one text before "…"
    reasons_max: int  # reason lines per entry
    list_max: int | None  # checklist, guests, repairs, promises; None: all
    details: bool  # repair details, last time's notes, circumstances
    prompts: bool


_TRIMS: tuple[_Trim, ...] = (
    _Trim(400, 3, None, True, True),
    _Trim(280, 2, 6, True, True),
    _Trim(160, 1, 4, False, True),
    _Trim(90, 0, 2, False, False),
)


def default_page_size() -> QPageSize:
    """Letter where the locale measures in US units, A4 elsewhere."""
    if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


# --- text helpers ------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _words(text: str, limit: int) -> str:
    """The client's own words: quoted, bold, larger."""
    return (
        f'<span style="font-size:{WORDS_PT}pt; font-weight:700;">“{_e(clip(text, limit))}”</span>'
    )


def _px(points: float) -> int:
    """Qt's rich text takes margins in CSS pixels (1/96 inch), not points."""
    return round(points * 96 / 72)


def _small(text: str, indent: float = 0.0) -> str:
    return (
        f'<p style="margin-top:0; margin-bottom:0; margin-left:{_px(indent)}px;'
        f' font-size:{SMALL_PT}pt;">{text}</p>'
    )


def _para(text: str, indent: float = 0.0, top: float = 3.0) -> str:
    return (
        f'<p style="margin-top:{_px(top)}px; margin-bottom:0;'
        f' margin-left:{_px(indent)}px;">{text}</p>'
    )


def _heading(text: str) -> str:
    return (
        f'<p style="margin-top:{_px(12)}px; margin-bottom:{_px(2)}px; font-size:{HEADING_PT}pt;'
        f' font-weight:700;">{_e(text.upper())}</p>'
    )


def _warning(text: str) -> str:
    return f'<span style="color:{PAPER_WARNING}; font-weight:700;">{WARNING_MARK} {_e(text)}</span>'


def _more(count: int, indent: float = 0.0) -> str:
    if count <= 0:
        return ""
    return _small(_e(_tr("+{count} more in CoachDesk").format(count=count)), indent)


def _say_day(day: date) -> str:
    return QLocale().toString(QDate(day), "d MMMM yyyy")


# --- the page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Content:
    """Everything that may go on paper, already filtered for paper safety."""

    session: SessionRow
    client: str  # the name used in sentences
    checklist: tuple[tuple[ChecklistItem, str | None], ...]  # (entry, printable quote)
    items: tuple[RankedItem, ...]  # printable, in rank order
    kept_off: int
    repairs: tuple[tuple[BreachRow, bool], ...]  # (breach, its matter may be printed)
    promises: tuple[PromiseRow, ...]
    last_time: SessionRow | None
    prompts: tuple[str, ...]
    circumstances: tuple[str, ...]
    today: date
    paper: PaperFilter
    print_notes: bool


def _printable_quote(
    entry: ChecklistItem, matters: dict[int, MatterRow], paper: PaperFilter
) -> str | None:
    for matter_id in entry.wish_ids:
        matter = matters.get(matter_id)
        if matter is not None and not matter.keep_off_printouts and paper.allows(matter.statement):
            return matter.statement
    return None


def _content(data: PrepInput, prep: Prep) -> _Content:
    matters: dict[int, MatterRow] = {m.id: m for m in data.matters}
    paper = paper_filter(data.matters, (data.client_name, data.session.client_name))
    printable = tuple(
        item
        for item in prep.items
        if not item.matter.keep_off_printouts and paper.allows(item.matter.statement)
    )
    checklist = tuple((entry, _printable_quote(entry, matters, paper)) for entry in prep.checklist)
    repairs = tuple(
        (
            breach,
            breach.matter_id in matters
            and not matters[breach.matter_id].keep_off_printouts
            and paper.allows(breach.matter_statement),
        )
        for breach in prep.repairs
    )
    circumstances = paper.printable(
        c.reason for c in prep.circumstances if c.trigger is not Trigger.GUESTS
    )
    return _Content(
        session=data.session,
        client=data.client_name,
        checklist=checklist,
        items=printable,
        kept_off=len(prep.items) - len(printable),
        repairs=repairs,
        promises=prep.promises_due,
        last_time=prep.last_time,
        prompts=prep.discovery_prompts,
        circumstances=circumstances,
        today=data.now.astimezone().date(),
        paper=paper,
        print_notes=data.print_private_notes,
    )


def _kept_off() -> str:
    return _e(_tr("(kept off paper)"))


def _safe(c: _Content, text: str, limit: int) -> str:
    """``text`` clipped and escaped for the page, or the kept-off note when it holds
    private words (anywhere, the part clipped away included)."""
    return _e(clip(text, limit)) if c.paper.allows(text) else _kept_off()


def _capped(entries: tuple[T, ...], trim: _Trim) -> tuple[tuple[T, ...], int]:
    if trim.list_max is None or len(entries) <= trim.list_max:
        return entries, 0
    return entries[: trim.list_max], len(entries) - trim.list_max


def _header(c: _Content, trim: _Trim) -> list[str]:
    s = c.session
    start = to_qdatetime(s.start)
    end = to_qdatetime(ends_at(s.start, s.duration_minutes))
    when = f"{format_long_day(s.start)}, {format_clock(start.time())}–{format_clock(end.time())}"
    how = _e(s.medium.label)
    if s.location.strip():
        where = _safe(c, s.location, min(trim.text_max, 120))
        how += (" " + _e(_tr("at")) + " " if s.medium is Medium.IN_PERSON else " · ") + where
    parts = [
        f'<p style="margin:0; font-size:{SMALL_PT}pt;">{_e(_tr("Prep sheet"))}</p>',
        f'<p style="margin:0; font-size:{NAME_PT}pt; font-weight:700;">{_e(s.client_name)}</p>',
        _para(f"<b>{_e(when)}</b> · {how}", top=2),
    ]
    guests, more_guests = _capped(s.guests, trim)
    if guests:
        shown = []
        for guest in guests:
            label = _safe(c, f"{guest.name} ({guest.role})" if guest.role else guest.name, 80)
            if guest in s.unannounced_guests:
                label = f"{label} {_warning(_tr('not told yet'))}"
            shown.append(label)
        if more_guests:
            shown.append(_e(_tr("+{count} more").format(count=more_guests)))
        parts.append(_para(f"{_e(_tr('Guests:'))} " + "; ".join(shown), top=1))
    agenda = [line.strip() for line in s.agenda.splitlines() if line.strip()]
    if agenda:
        lines, more = _capped(tuple(agenda), trim)
        text = "; ".join(_safe(c, line, trim.text_max) for line in lines)
        if more:
            text += " " + _e(_tr("+{count} more").format(count=more))
        parts.append(_para(f"<b>{_e(_tr('Agenda:'))}</b> {text}", top=1))
    if trim.details and c.circumstances:
        text = "; ".join(clip(reason, 120) for reason in c.circumstances)
        parts.append(_small(_e(_tr("This session:") + " " + text)))
    parts.append("<hr/>")
    return parts


def _checklist(c: _Content, trim: _Trim) -> list[str]:
    entries, more = _capped(c.checklist, trim)
    if not entries:
        return []
    parts = [_heading(_tr("Before the session"))]
    for entry, quote in entries:
        parts.append(_para(f"☐ {_safe(c, entry.text, trim.text_max)}", top=4))
        if quote is not None:
            parts.append(_para(_words(quote, trim.text_max), indent=18, top=1))
            said = _tr("{client}'s own words: a stated wish").format(client=c.client)
            parts.append(_small(_e(said), indent=18))
        reasons = [r for r in entry.reasons if "said this matters" not in r]
        reasons = list(c.paper.printable(reasons))[: trim.reasons_max]
        if reasons:
            parts.append(_small(_e(" · ".join(clip(r, 140) for r in reasons)), indent=18))
    parts.append(_more(more))
    return parts


def _items(c: _Content, count: int, trim: _Trim) -> list[str]:
    parts = [_heading(_tr("What matters for this session"))]
    if not c.items and not c.kept_off:
        parts.append(_small(_e(_tr("Nothing recorded yet."))))
    for item in c.items[:count]:
        parts.append(_para(_words(item.matter.statement, trim.text_max), top=5))
        why = one_line(item.matter.why)
        if why and trim.details and c.paper.allows(why):
            parts.append(_small(_e(clip(why, trim.text_max)), indent=10))
        printable = c.paper.printable(item.reasons)
        reasons = [clip(r, 100) for r in printable[: max(trim.reasons_max, 1)]]
        line = " · ".join([item.matter.category.label, *reasons])
        parts.append(_small(_e(line), indent=10))
    parts.append(_more(len(c.items) - count + c.kept_off))
    return parts


def _repairs(c: _Content, trim: _Trim) -> list[str]:
    entries, more = _capped(c.repairs, trim)
    if not entries:
        return []
    parts = [_heading(_tr("Repairs in progress"))]
    for breach, printable in entries:
        missed = _e(_tr("Missed on {day}").format(day=_say_day(breach.occurred_on)))
        if printable:
            parts.append(_para(f"{missed}: {_words(breach.matter_statement, trim.text_max)}"))
            detail = first_line(breach.what_happened)
            if trim.details and detail and c.paper.allows(breach.what_happened):
                parts.append(_small(_e(clip(detail, trim.text_max)), indent=10))
        else:
            parts.append(_para(f"{missed} " + _e(_tr("(details in CoachDesk)"))))
    parts.append(_more(more))
    return parts


def _promises(c: _Content, trim: _Trim) -> list[str]:
    entries, more = _capped(c.promises, trim)
    if not entries:
        return []
    parts = [_heading(_tr("Promises due"))]
    for promise in entries:
        who = _tr("You") if promise.owner is PromiseOwner.COACH else c.client
        due = ""
        if promise.due_on is not None:
            if promise.due_on < c.today:
                overdue = _tr("overdue since {day}").format(day=_say_day(promise.due_on))
                due = " " + _warning(overdue)
            else:
                due = " · " + _e(_tr("due {day}").format(day=_say_day(promise.due_on)))
        text = _safe(c, promise.text, trim.text_max)
        parts.append(_para(f"<b>{_e(who)}:</b> {text}{due}"))
    parts.append(_more(more))
    return parts


def _last_time(c: _Content, trim: _Trim) -> list[str]:
    last = c.last_time
    if last is None:
        return []
    day = QLocale().toString(to_qdatetime(last.start).date(), "d MMMM yyyy")
    agenda = first_line(last.agenda)
    line = f"<b>{_e(day)}</b>"
    if agenda:
        line += " · " + (
            _e(clip(agenda, trim.text_max)) if c.paper.allows(last.agenda) else _kept_off()
        )
    parts = [_heading(_tr("Last time")), _para(line)]
    notes = first_line(last.private_notes)
    if c.print_notes and trim.details and notes and c.paper.allows(last.private_notes):
        parts.append(_small(_e(clip(notes, trim.text_max)), indent=10))
    return parts


def _prompts(c: _Content, trim: _Trim) -> list[str]:
    if not (trim.prompts and c.prompts):
        return []
    parts = [_heading(_tr("To find out"))]
    parts += [_para(f"? {_e(prompt)}", top=2) for prompt in c.prompts[:3]]
    return parts


def _html(c: _Content, count: int, trim: _Trim) -> str:
    parts = _header(c, trim) + _checklist(c, trim) + _items(c, count, trim)
    parts += _repairs(c, trim) + _promises(c, trim) + _last_time(c, trim) + _prompts(c, trim)
    return f'<body style="font-size:{BODY_PT}pt;">' + "".join(parts) + "</body>"


# --- layout and output -------------------------------------------------------------------------


def _writer(device: QIODevice, page_size: QPageSize, title: str) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("CoachDesk")
    writer.setTitle(title)
    layout = QPageLayout(
        page_size,
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    return writer


def _fit(doc: QTextDocument, c: _Content) -> tuple[int, _Trim]:
    """The most items (and the least trimming) for which the page count is 1."""

    def fits(count: int, trim: _Trim) -> bool:
        doc.setHtml(_html(c, count, trim))
        return doc.pageCount() == 1

    total = len(c.items)
    for step, trim in enumerate(_TRIMS):
        last = step == len(_TRIMS) - 1
        floor = 0 if last else min(MIN_ITEMS, total)
        if fits(total, trim):
            return total, trim
        if not fits(floor, trim):
            continue
        low, high = floor, total  # fits(low) and not fits(high)
        while high - low > 1:
            middle = (low + high) // 2
            if fits(middle, trim):
                low = middle
            else:
                high = middle
        return low, trim
    return 0, _TRIMS[-1]


def paint_prep_sheet(
    data: PrepInput, device: QPagedPaintDevice, *, prep: Prep | None = None
) -> SheetResult:
    """Lay out the one-page sheet for ``device``'s page (a QPdfWriter, or a QPrinter from the
    print dialog or preview) and paint it there.  ``SheetResult.path`` is None here."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("printing the prep sheet needs a QGuiApplication")
    prep = prep if prep is not None else build_prep(data)
    content = _content(data, prep)
    area = device.pageLayout().paintRectPixels(device.resolution())
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont(QGuiApplication.font().family())
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(area.width(), area.height()))
    count, trim = _fit(doc, content)
    doc.setHtml(_html(content, count, trim))
    pages = doc.pageCount()
    painter = QPainter(device)
    doc.drawContents(painter, QRectF(0, 0, area.width(), area.height()))
    painter.end()
    return SheetResult(
        path=None,
        items_printed=count,
        more_in_app=len(content.items) - count + content.kept_off,
        kept_off=content.kept_off,
        pages=pages,
    )


def render_prep_sheet(
    data: PrepInput,
    target: Path,
    *,
    prep: Prep | None = None,
    page_size: QPageSize | None = None,
) -> SheetResult:
    """Write the one-page prep sheet for ``data`` (``prep`` built from it if not given) as
    a PDF at ``target`` (owner-only, replaced as a whole, never half written: nothing is
    left behind when it fails; ``private_files.write_private``).

    Raises ``OSError`` when the file cannot be written."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("render_prep_sheet needs a QGuiApplication")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    title = _tr("Prep sheet: {client}").format(client=data.session.client_name)
    writer = _writer(buffer, page_size or default_page_size(), title)
    result = paint_prep_sheet(data, writer, prep=prep)
    buffer.close()
    write_private(target, buffer.data().data())
    return replace(result, path=target)
