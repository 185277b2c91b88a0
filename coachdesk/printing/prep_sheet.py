"""The prep sheet: one printed page a coach takes into the session.

``render_prep_sheet`` lays out a ``PrepInput`` (and its ``Prep``) with QTextDocument
and writes a one-page PDF with QPdfWriter (QtGui only, no print dialog).  A
``QGuiApplication`` (or ``QApplication``) must exist, for the fonts.

What is on the page, in order: the client's name and the session (local time, and the
client's beside it when their clock says another: "10:00–11:00 (16:00 for Dan)";
medium, place, guests, a guest the client was not told about marked with the
warning sign and words); the checklist (a stated wish quotes the client's words);
what matters for this session, the client's words first and most prominent, a
short line of reasons under each; open repairs; promises due; last time; the
discovery prompts when few matters are known; and ruled lines for notes, filling
what is left of the page (never fewer than ``NOTES_MIN_LINES``).

This session comes first: its time, place, guests and agenda.  Under each item the
coach's own "why" note, when printable.

Paper safety (``domain.paper``, ``printing.prep_content``): a matter marked "keep off
printouts" never appears on paper, and no other text on the page may contain the
distinctive words of a kept-off matter: such a text is replaced by "(kept off paper)".
Last time's private notes are printed only when the coach chose so for this client.

The client's words (an item, the checklist's quote, a repair's matter) are never cut:
they wrap, whole, or they are not on the page (an item whose words alone outgrow the page
is left whole in CoachDesk, and the items below it take its place).  One page, always: as
many items as the page holds above the notes go on it, measured (binary search on their
number, in rank order); if even the first few do not fit, the other sections are
trimmed step by step (the coach's own longer texts shortened with "…", fewer reasons,
shorter lists, no prompts, at last no quotes) until ``QTextDocument.pageCount()`` is 1.
Wherever something was left off the page says "+N more in CoachDesk"; a line is never cut off.

Signs are drawn in the body font's own glyphs (``page.glyph``): a checkbox or a
bullet the font lacks would print as "?" or an empty box.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageSize,
    QPainter,
    QPen,
    QTextDocument,
    QTextFormat,
)

from coachdesk.display.timefmt import (
    format_clock,
    format_long_day,
    format_their_time,
    to_qdatetime,
)
from coachdesk.display.translate import translator
from coachdesk.domain.dates import ends_at
from coachdesk.domain.notice import NoticeState
from coachdesk.domain.prep import Prep, PrepInput, RankedItem, build_prep
from coachdesk.domain.text import clip, first_line, one_line
from coachdesk.domain.vocab import WARNING_MARK, Medium, PromiseOwner
from coachdesk.printing.locked import PdfLock
from coachdesk.printing.page import (
    BODY_PT,
    HEADING_PT,
    NAME_PT,
    WORDS_PT,
    css_px,
    device_px,
    draw_on_paper,
    glyph,
    paper_day,
    text_document,
    write_pdf,
)
from coachdesk.printing.prep_content import SheetContent, sheet_content

# Printing is on white paper whatever the screen's palette: a fixed dark red reads well
# (the same red as the light palette's warning colour) and the sign and words carry it
# without colour.
PAPER_WARNING = "#b3261e"
PAPER_QUIET = "#3c3c3c"  # reasons and details: a step back from the client's words
RULE_COLOUR = "#9e9e9e"  # the notes' lines: seen when writing, not louder than the text
REASON_PT = 9.0  # reasons, details, "+N more": read at arm's length on the table
NOTES_LINE_MM = 8.0  # the notes' line spacing: handwriting room
NOTES_MIN_LINES = 4
T = TypeVar("T")
MIN_ITEMS = 3  # keep at least this many items before trimming the other sections
LONG_WORDS = 500  # characters: shorter words take a few lines, never a page

ISOLATE, END_ISOLATE = "\u2068", "\u2069"  # Unicode's first-strong isolate and its end

# Each sign's choices, best first; the last is ASCII, which every font has.
CHECKBOX_GLYPHS = ("☐", "□", "[ ]")
BULLET_GLYPHS = ("•", "–", "-")
WARNING_GLYPHS = (WARNING_MARK, "!")


_tr = translator("prep_sheet")


@dataclass(frozen=True)
class SheetResult:
    """What went on paper.

    ``items_printed``: ranked items on the page.  ``more_in_app``: active items not on
    the page (the "+N more in CoachDesk" figure), of which ``kept_off`` were kept off
    for privacy; the others were left off for space.  ``notes_lines``: the ruled lines
    for notes."""

    path: Path | None
    items_printed: int
    more_in_app: int
    kept_off: int
    pages: int = 1
    notes_lines: int = 0


@dataclass(frozen=True)
class _Trim:
    """How much of the sections around the items goes on paper; later steps print less.
    The client's words are never shortened, only left off (``quotes``)."""

    text_max: int  # characters of any one of the coach's texts before "…"
    reasons_max: int  # reason lines per entry
    list_max: int | None  # checklist, guests, repairs, promises; None: all
    details: bool  # repair details, last time's notes, circumstances
    prompts: bool
    quotes: bool  # the checklist's quote, a repair's matter


_TRIMS: tuple[_Trim, ...] = (
    _Trim(400, 3, None, True, True, True),
    _Trim(280, 2, 6, True, True, True),
    _Trim(160, 1, 4, False, True, True),
    _Trim(90, 0, 2, False, False, True),
    _Trim(90, 0, 2, False, False, False),
)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class _Style:
    """Lengths in the device's pixels and the signs the page's fonts really have."""

    resolution: float
    checkbox: str
    bullet: str
    warning: str

    @classmethod
    def for_device(cls, device: QPagedPaintDevice) -> _Style:
        body = QFont(QGuiApplication.font().family())
        bold = QFont(body)
        bold.setBold(True)
        return cls(
            resolution=device.resolution(),
            checkbox=glyph(body, CHECKBOX_GLYPHS),
            bullet=glyph(body, BULLET_GLYPHS),
            warning=glyph(bold, WARNING_GLYPHS),
        )

    def px(self, points: float) -> int:
        """``points`` across the page (a left margin, a pen's width) in device pixels."""
        return device_px(points, self.resolution)

    def mm(self, millimetres: float) -> float:
        return millimetres * self.resolution / 25.4


class _Page:
    """The sheet's HTML for one content and style; ``html`` for a number of the ``ranked``
    items (the printable ones in rank order, unless told) and a trim step."""

    def __init__(
        self, content: SheetContent, style: _Style, ranked: tuple[RankedItem, ...] | None = None
    ) -> None:
        self.c = content
        self.st = style
        self.ranked = content.items if ranked is None else ranked

    # --- pieces ----------------------------------------------------------------------------

    def words(self, text: str) -> str:
        """The client's own words, whole: quoted, bold, larger, set apart in their own
        direction (a Hebrew sentence keeps its full stop at its end on a left-to-right
        page)."""
        quote = f"{ISOLATE}“{_e(one_line(text))}”{END_ISOLATE}"
        return f'<span style="font-size:{WORDS_PT}pt; font-weight:700;">{quote}</span>'

    def para(self, text: str, indent: float = 0.0, top: float = 3.0) -> str:
        return (
            f'<p style="margin-top:{css_px(top)}px; margin-bottom:0;'
            f' margin-left:{self.st.px(indent)}px;">{text}</p>'
        )

    def quiet(self, text: str, indent: float = 0.0, top: float = 1.0) -> str:
        """A reason or detail line: readable, a step back from the client's words."""
        return (
            f'<p style="margin-top:{css_px(top)}px; margin-bottom:0;'
            f" margin-left:{self.st.px(indent)}px; font-size:{REASON_PT}pt;"
            f' color:{PAPER_QUIET};">{text}</p>'
        )

    def heading(self, text: str) -> str:
        return (
            f'<p style="margin-top:{css_px(11)}px; margin-bottom:{css_px(2)}px;'
            f' font-size:{HEADING_PT}pt; font-weight:700;">{_e(text.upper())}</p>'
        )

    def warning(self, text: str) -> str:
        return (
            f'<span style="color:{PAPER_WARNING}; font-weight:700;">'
            f"{_e(self.st.warning)} {_e(text)}</span>"
        )

    def more(self, count: int, indent: float = 0.0) -> str:
        if count <= 0:
            return ""
        return self.quiet(_e(_tr("+{count} more in CoachDesk").format(count=count)), indent, 3)

    def kept_off(self) -> str:
        return _e(_tr("(kept off paper)"))

    def safe(self, text: str, limit: int) -> str:
        """The coach's ``text`` clipped and escaped for the page, or the kept-off note when
        it holds private words (anywhere, the part clipped away included)."""
        return _e(clip(text, limit)) if self.c.paper.allows(text) else self.kept_off()

    @staticmethod
    def capped(entries: tuple[T, ...], trim: _Trim) -> tuple[tuple[T, ...], int]:
        if trim.list_max is None or len(entries) <= trim.list_max:
            return entries, 0
        return entries[: trim.list_max], len(entries) - trim.list_max

    # --- sections --------------------------------------------------------------------------

    def header(self, trim: _Trim) -> list[str]:
        c, s = self.c, self.c.session
        start = to_qdatetime(s.start)
        end = to_qdatetime(ends_at(s.start, s.duration_minutes))
        hours = f"{format_clock(start.time())}–{format_clock(end.time())}"
        when = f"{format_long_day(s.start)}, {hours}"
        theirs = format_their_time(s.start, s.client_time_zone, c.client)
        if theirs:
            when = f"{when} ({theirs})"
        how = _e(s.medium.label)
        if s.location.strip():
            where = self.safe(s.location, min(trim.text_max, 120))
            how += (" " + _e(_tr("at")) + " " if s.medium is Medium.IN_PERSON else " · ") + where
        parts = [
            f'<p style="margin:0; font-size:{REASON_PT}pt;">{_e(_tr("Prep sheet"))}</p>',
            f'<p style="margin:0; font-size:{NAME_PT}pt; font-weight:700;">{_e(s.client_name)}</p>',
            self.para(f"<b>{_e(when)}</b> · {how}", top=2),
        ]
        guests, more_guests = self.capped(s.guests, trim)
        if guests:
            shown = []
            for guest in guests:
                name = f"{guest.name} ({guest.role})" if guest.role else guest.name
                label = self.safe(name, 80)
                if guest in s.unannounced_guests:
                    label = f"{label} {self.warning(_tr('not told yet'))}"
                shown.append(label)
            if more_guests:
                shown.append(_e(_tr("+{count} more").format(count=more_guests)))
            parts.append(self.para(f"{_e(_tr('Guests:'))} " + "; ".join(shown), top=1))
        agenda = [line.strip() for line in s.agenda.splitlines() if line.strip()]
        if agenda:
            lines, more = self.capped(tuple(agenda), trim)
            text = "; ".join(self.safe(line, trim.text_max) for line in lines)
            if more:
                text += " " + _e(_tr("+{count} more").format(count=more))
            parts.append(self.para(f"<b>{_e(_tr('Agenda:'))}</b> {text}", top=1))
        if trim.details and c.circumstances:
            text = "; ".join(clip(reason, 120) for reason in c.circumstances)
            parts.append(self.quiet(_e(_tr("This session:") + " " + text), top=2))
        parts.append("<hr/>")
        return parts

    def checklist(self, trim: _Trim) -> list[str]:
        c = self.c
        entries, more = self.capped(c.checklist, trim)
        if not entries:
            return []
        hang = 14  # the quote and reasons under the entry's words, past the box
        parts = [self.heading(_tr("Before the session"))]
        for entry, quote in entries:
            box = _e(self.st.checkbox)
            due = ""
            if entry.deadline is not None:
                late = _tr(" (overdue)") if entry.state is NoticeState.OVERDUE else ""
                due = f" <b>{_e(entry.due_text + late)}</b>"
            parts.append(self.para(f"{box} {self.safe(entry.text, trim.text_max)}{due}", top=4))
            if quote is not None and trim.quotes:
                parts.append(self.para(self.words(quote), indent=hang, top=1))
                said = _tr("{client}'s own words: a stated wish").format(client=c.client)
                parts.append(self.quiet(_e(said), indent=hang))
            reasons = [r for r in entry.reasons if "said this matters" not in r]
            reasons = list(c.paper.printable(reasons))[: trim.reasons_max]
            if reasons:
                line = " · ".join(clip(r, 140) for r in reasons)
                parts.append(self.quiet(_e(line), indent=hang))
        parts.append(self.more(more))
        return parts

    def items(self, count: int, trim: _Trim) -> list[str]:
        c = self.c
        parts = [self.heading(_tr("What matters for this session"))]
        if not c.items and not c.kept_off:
            parts.append(self.quiet(_e(_tr("Nothing recorded yet."))))
        for item in self.ranked[:count]:
            parts.append(self.para(self.words(item.matter.statement), top=6))
            why = one_line(item.matter.why)
            if why and trim.details and c.paper.allows(why):
                parts.append(self.quiet(_e(clip(why, trim.text_max))))
            printable = c.paper.printable(item.reasons)
            reasons = [clip(r, 160) for r in printable[: max(trim.reasons_max, 1)]]
            parts.append(self.quiet(_e(" · ".join([item.matter.category.label, *reasons]))))
        parts.append(self.more_items(count))
        return parts

    def more_items(self, shown: int) -> str:
        """ "+N more in CoachDesk", saying how many of them were kept off paper: a page with
        room left and items left off is explained."""
        for_space, kept = len(self.c.items) - shown, self.c.kept_off
        count = for_space + kept
        if count <= 0:
            return ""
        text = _tr("+{count} more in CoachDesk").format(count=count)
        if kept and not for_space:
            text += " " + _tr("(kept off paper)")
        elif kept:
            text += " " + _tr("({kept} kept off paper)").format(kept=kept)
        return self.quiet(_e(text), top=3)

    def repairs(self, trim: _Trim) -> list[str]:
        c = self.c
        entries, more = self.capped(c.repairs, trim)
        if not entries:
            return []
        parts = [self.heading(_tr("Repairs in progress"))]
        for breach, printable in entries:
            missed = _e(_tr("Missed on {day}").format(day=paper_day(breach.occurred_on)))
            if printable and trim.quotes:
                parts.append(self.para(f"{missed}: {self.words(breach.matter_statement)}"))
                detail = first_line(breach.what_happened)
                if trim.details and detail and c.paper.allows(breach.what_happened):
                    parts.append(self.quiet(_e(clip(detail, trim.text_max))))
            else:
                parts.append(self.para(f"{missed} " + _e(_tr("(details in CoachDesk)"))))
        parts.append(self.more(more))
        return parts

    def promises(self, trim: _Trim) -> list[str]:
        c = self.c
        entries, more = self.capped(c.promises, trim)
        if not entries:
            return []
        parts = [self.heading(_tr("Promises due"))]
        for promise in entries:
            who = _tr("You") if promise.owner is PromiseOwner.COACH else c.client
            due = ""
            if promise.due_on is not None:
                if promise.due_on < c.today:
                    overdue = _tr("overdue since {day}").format(day=paper_day(promise.due_on))
                    due = " " + self.warning(overdue)
                else:
                    due = " · " + _e(_tr("due {day}").format(day=paper_day(promise.due_on)))
            text = self.safe(promise.text, trim.text_max)
            parts.append(self.para(f"<b>{_e(who)}:</b> {text}{due}"))
        parts.append(self.more(more))
        return parts

    def last_time(self, trim: _Trim) -> list[str]:
        c, last = self.c, self.c.last_time
        if last is None:
            return []
        day = paper_day(to_qdatetime(last.start).date())
        agenda = first_line(last.agenda)
        line = f"<b>{_e(day)}</b>"
        if agenda:
            allowed = c.paper.allows(last.agenda)
            line += " · " + (_e(clip(agenda, trim.text_max)) if allowed else self.kept_off())
        parts = [self.heading(_tr("Last time")), self.para(line)]
        notes = first_line(last.private_notes)
        if c.print_notes and trim.details and notes and c.paper.allows(last.private_notes):
            parts.append(self.quiet(_e(clip(notes, trim.text_max))))
        return parts

    def prompts(self, trim: _Trim) -> list[str]:
        if not (trim.prompts and self.c.prompts):
            return []
        parts = [self.heading(_tr("To find out"))]
        bullet = _e(self.st.bullet)
        parts += [self.para(f"{bullet} {_e(prompt)}", top=2) for prompt in self.c.prompts[:3]]
        return parts

    def html(self, count: int, trim: _Trim) -> str:
        parts = self.header(trim) + self.checklist(trim) + self.items(count, trim)
        parts += self.repairs(trim) + self.promises(trim) + self.last_time(trim)
        parts += [*self.prompts(trim), self.heading(_tr("Notes"))]
        return f'<body style="font-size:{BODY_PT}pt;">' + "".join(parts) + "</body>"


# --- layout and output -------------------------------------------------------------------------


def _fit(doc: QTextDocument, page: _Page) -> tuple[int, _Trim]:
    """The most items (and the least trimming) for which the page count is 1."""

    def fits(count: int, trim: _Trim) -> bool:
        doc.setHtml(page.html(count, trim))
        return doc.pageCount() == 1

    total = len(page.ranked)
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


def _whole_items(doc: QTextDocument, page: _Page) -> tuple[RankedItem, ...]:
    """The items in rank order less any whose words alone outgrow the page, trimmed as far
    as it goes: those stay whole in CoachDesk rather than keep every item below them off
    paper."""
    kept = []
    for item in page.ranked:
        if len(one_line(item.matter.statement)) > LONG_WORDS:
            doc.setHtml(_Page(page.c, page.st, (item,)).html(1, _TRIMS[-1]))
            if doc.pageCount() > 1:
                continue
        kept.append(item)
    return tuple(kept)


def _rule_header(painter: QPainter, style: _Style, doc: QTextDocument, width: float) -> None:
    """The rule under the header at 0.6 pt: Qt draws ``<hr>`` one device pixel thick, a
    hairline that a preview shows faint or not at all."""
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
            pen = QPen(QColor("black"))
            pen.setWidthF(style.px(0.6))
            painter.setPen(pen)
            y = layout.blockBoundingRect(block).center().y()
            painter.drawLine(QLineF(0, y, width, y))
        block = block.next()


def _rule_notes(painter: QPainter, style: _Style, top: float, width: float, bottom: float) -> int:
    """Ruled lines for notes from ``top`` down to ``bottom``; how many."""
    spacing = style.mm(NOTES_LINE_MM)
    pen = QPen(QColor(RULE_COLOUR))
    pen.setWidthF(style.px(0.6))
    painter.setPen(pen)
    count = 0
    y = top + spacing
    while y <= bottom:
        painter.drawLine(QLineF(0, y, width, y))
        count += 1
        y += spacing
    return count


def paint_prep_sheet(
    data: PrepInput, device: QPagedPaintDevice, *, prep: Prep | None = None
) -> SheetResult:
    """Lay out the one-page sheet for ``device``'s page (a QPdfWriter, or a QPrinter from the
    print dialog or preview) and paint it there.  ``SheetResult.path`` is None here."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("printing the prep sheet needs a QGuiApplication")
    prep = prep if prep is not None else build_prep(data)
    content = sheet_content(data, prep)
    style = _Style.for_device(device)
    page = _Page(content, style)
    area = device.pageLayout().paintRectPixels(device.resolution())
    width, height = float(area.width()), float(area.height())
    # The content is laid out above the least room for notes; the notes take the rest.
    notes_room = style.mm(NOTES_LINE_MM) * NOTES_MIN_LINES
    doc = text_document(device, width, height - notes_room)
    page = _Page(content, style, _whole_items(doc, page))
    count, trim = _fit(doc, page)
    doc.setHtml(page.html(count, trim))
    pages = doc.pageCount()
    content_bottom = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
    painter = QPainter(device)
    draw_on_paper(doc, painter, QRectF(0, 0, width, height))
    _rule_header(painter, style, doc, width)
    lines = _rule_notes(painter, style, content_bottom, width, height)
    painter.end()
    return SheetResult(
        path=None,
        items_printed=count,
        more_in_app=len(content.items) - count + content.kept_off,
        kept_off=content.kept_off,
        pages=pages,
        notes_lines=lines,
    )


def render_prep_sheet(
    data: PrepInput,
    target: Path,
    *,
    prep: Prep | None = None,
    page_size: QPageSize | None = None,
    lock: PdfLock | None = None,
) -> SheetResult:
    """Write the one-page prep sheet for ``data`` (``prep`` built from it if not given) as
    a PDF at ``target`` (owner-only, replaced as a whole, never half written: nothing is
    left behind when it fails; ``private_files.write_private``; encrypted with ``lock``).

    Raises ``OSError`` when the file cannot be written."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("render_prep_sheet needs a QGuiApplication")
    title = _tr("Prep sheet: {client}").format(client=data.session.client_name)
    path, result = write_pdf(
        target,
        title,
        lambda writer: paint_prep_sheet(data, writer, prep=prep),
        page_size=page_size,
        lock=lock,
    )
    return replace(result, path=path)
