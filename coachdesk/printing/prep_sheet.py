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

Paper safety (``domain.paper``, ``printing.prep_content``): a matter marked "keep off
printouts" never appears on paper, and no other text on the page may contain the
distinctive words of a kept-off matter: such a text is replaced by "(kept off paper)".
Last time's private notes are printed only when the coach chose so for this client.

One page, always: if the content does not fit, the lowest-ranked items go first
(binary search on their number), then the other sections are trimmed step by
step (shorter texts, fewer reasons, shorter lists, no prompts) until
``QTextDocument.pageCount()`` is 1.  Wherever something was left off the page
says "+N more in CoachDesk"; a line is never cut off.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QPagedPaintDevice, QPageSize, QPainter, QTextDocument

from coachdesk.display.timefmt import format_clock, format_long_day, to_qdatetime
from coachdesk.display.translate import translator
from coachdesk.domain.dates import ends_at
from coachdesk.domain.prep import Prep, PrepInput, build_prep
from coachdesk.domain.text import clip, first_line, one_line
from coachdesk.domain.vocab import WARNING_MARK, Medium, PromiseOwner
from coachdesk.printing.locked import PdfLock
from coachdesk.printing.page import (
    BODY_PT,
    HEADING_PT,
    NAME_PT,
    SMALL_PT,
    WORDS_PT,
    css_px,
    paper_day,
    text_document,
    write_pdf,
)
from coachdesk.printing.prep_content import SheetContent, sheet_content

# Printing is on white paper whatever the screen's palette: a fixed dark red reads well
# (the same red as the light palette's warning colour) and the sign and words carry it
# without colour.
PAPER_WARNING = "#b3261e"
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


# --- text helpers ------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _words(text: str, limit: int) -> str:
    """The client's own words: quoted, bold, larger."""
    return (
        f'<span style="font-size:{WORDS_PT}pt; font-weight:700;">“{_e(clip(text, limit))}”</span>'
    )


def _small(text: str, indent: float = 0.0) -> str:
    return (
        f'<p style="margin-top:0; margin-bottom:0; margin-left:{css_px(indent)}px;'
        f' font-size:{SMALL_PT}pt;">{text}</p>'
    )


def _para(text: str, indent: float = 0.0, top: float = 3.0) -> str:
    return (
        f'<p style="margin-top:{css_px(top)}px; margin-bottom:0;'
        f' margin-left:{css_px(indent)}px;">{text}</p>'
    )


def _heading(text: str) -> str:
    return (
        f'<p style="margin-top:{css_px(12)}px; margin-bottom:{css_px(2)}px;'
        f' font-size:{HEADING_PT}pt; font-weight:700;">{_e(text.upper())}</p>'
    )


def _warning(text: str) -> str:
    return f'<span style="color:{PAPER_WARNING}; font-weight:700;">{WARNING_MARK} {_e(text)}</span>'


def _more(count: int, indent: float = 0.0) -> str:
    if count <= 0:
        return ""
    return _small(_e(_tr("+{count} more in CoachDesk").format(count=count)), indent)


# --- the page ----------------------------------------------------------------------------------


def _kept_off() -> str:
    return _e(_tr("(kept off paper)"))


def _safe(c: SheetContent, text: str, limit: int) -> str:
    """``text`` clipped and escaped for the page, or the kept-off note when it holds
    private words (anywhere, the part clipped away included)."""
    return _e(clip(text, limit)) if c.paper.allows(text) else _kept_off()


def _capped(entries: tuple[T, ...], trim: _Trim) -> tuple[tuple[T, ...], int]:
    if trim.list_max is None or len(entries) <= trim.list_max:
        return entries, 0
    return entries[: trim.list_max], len(entries) - trim.list_max


def _header(c: SheetContent, trim: _Trim) -> list[str]:
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


def _checklist(c: SheetContent, trim: _Trim) -> list[str]:
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


def _items(c: SheetContent, count: int, trim: _Trim) -> list[str]:
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


def _repairs(c: SheetContent, trim: _Trim) -> list[str]:
    entries, more = _capped(c.repairs, trim)
    if not entries:
        return []
    parts = [_heading(_tr("Repairs in progress"))]
    for breach, printable in entries:
        missed = _e(_tr("Missed on {day}").format(day=paper_day(breach.occurred_on)))
        if printable:
            parts.append(_para(f"{missed}: {_words(breach.matter_statement, trim.text_max)}"))
            detail = first_line(breach.what_happened)
            if trim.details and detail and c.paper.allows(breach.what_happened):
                parts.append(_small(_e(clip(detail, trim.text_max)), indent=10))
        else:
            parts.append(_para(f"{missed} " + _e(_tr("(details in CoachDesk)"))))
    parts.append(_more(more))
    return parts


def _promises(c: SheetContent, trim: _Trim) -> list[str]:
    entries, more = _capped(c.promises, trim)
    if not entries:
        return []
    parts = [_heading(_tr("Promises due"))]
    for promise in entries:
        who = _tr("You") if promise.owner is PromiseOwner.COACH else c.client
        due = ""
        if promise.due_on is not None:
            if promise.due_on < c.today:
                overdue = _tr("overdue since {day}").format(day=paper_day(promise.due_on))
                due = " " + _warning(overdue)
            else:
                due = " · " + _e(_tr("due {day}").format(day=paper_day(promise.due_on)))
        text = _safe(c, promise.text, trim.text_max)
        parts.append(_para(f"<b>{_e(who)}:</b> {text}{due}"))
    parts.append(_more(more))
    return parts


def _last_time(c: SheetContent, trim: _Trim) -> list[str]:
    last = c.last_time
    if last is None:
        return []
    day = paper_day(to_qdatetime(last.start).date())
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


def _prompts(c: SheetContent, trim: _Trim) -> list[str]:
    if not (trim.prompts and c.prompts):
        return []
    parts = [_heading(_tr("To find out"))]
    parts += [_para(f"? {_e(prompt)}", top=2) for prompt in c.prompts[:3]]
    return parts


def _html(c: SheetContent, count: int, trim: _Trim) -> str:
    parts = _header(c, trim) + _checklist(c, trim) + _items(c, count, trim)
    parts += _repairs(c, trim) + _promises(c, trim) + _last_time(c, trim) + _prompts(c, trim)
    return f'<body style="font-size:{BODY_PT}pt;">' + "".join(parts) + "</body>"


# --- layout and output -------------------------------------------------------------------------


def _fit(doc: QTextDocument, c: SheetContent) -> tuple[int, _Trim]:
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
    content = sheet_content(data, prep)
    area = device.pageLayout().paintRectPixels(device.resolution())
    doc = text_document(device, area.width(), area.height())
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
