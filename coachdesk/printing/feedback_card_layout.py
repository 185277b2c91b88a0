"""Measuring the feedback card for ``printing.feedback_card``: fonts and sizes in the
device's pixels, each question wrapped beside its five boxes, and the largest scale at
which the whole card fits its half page (``choose_plan``).  Painting just follows the
``Plan``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPaintDevice,
    QTextLayout,
)

from coachdesk.display.text_layout import wrapped
from coachdesk.display.translate import translator
from coachdesk.printing.page import paper_day

TITLE_PT = 17.0
BODY_PT = 11.0
SMALL_PT = 8.0
BOX_MM = 7.0
BOX_GAP_MM = 4.0
ROW_GAP_MM = 3.0
MIN_COMMENT_MM = 20.0  # room to write a sentence or two
SMALLEST_COMMENT_MM = 12.0  # for lists longer than a card is meant for
SCALES = (1.0, 0.93, 0.86, 0.79, 0.73, 0.68)  # questions at 11 pt, down to 7.5 pt
MIN_SCALE = SCALES[-1]
MAX_LINES_SMALL = 2


_tr = translator("feedback_card")


class Units:
    """Millimetres and points in the painter's device pixels."""

    def __init__(self, device: QPaintDevice) -> None:
        self.device = device
        self.dpi = float(device.logicalDpiY()) or 96.0

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def font(self, points: float, *, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont(QGuiApplication.font().family())
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setItalic(italic)
        # No ligatures: "fi" stays two letters in the PDF's text, so a saved card can be
        # searched and read aloud as written.
        for tag in ("liga", "clig"):
            font.setFeature(QFont.Tag(tag), 0)
        return font

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.device)


def _text_layout(
    text: str, font: QFont, width: float, device: QPaintDevice, max_lines: int | None = None
) -> tuple[QTextLayout, float]:
    """``text`` wrapped to ``width`` (at word boundaries, or anywhere for a very long word);
    with ``max_lines`` the last line kept ends in "…".  Returns the layout and its height."""

    def lay(words: str) -> tuple[QTextLayout, float]:
        return wrapped(words, font, width, device=device)

    layout, height = lay(text)
    if max_lines is None or layout.lineCount() <= max_lines:
        return layout, height
    last = layout.lineAt(max_lines - 1)
    tail = text[last.textStart() :]
    metrics = QFontMetricsF(font, device)
    elided = metrics.elidedText(tail, Qt.TextElideMode.ElideRight, width)
    return lay(text[: last.textStart()] + elided)


@dataclass
class Row:
    """One question: its text on the left and the boxes on the right, their middles level."""

    layout: QTextLayout
    text_top: float
    scale_top: float
    height: float


@dataclass
class Plan:
    """Everything measured for one scale; painting just follows it."""

    scale: float
    units: Units
    title_font: QFont
    body_font: QFont
    small_font: QFont
    label_font: QFont
    title_height: float
    subtitle: str
    subtitle_height: float
    intro: QTextLayout
    intro_height: float
    box: float
    box_gap: float
    scale_width: float
    scale_height: float
    rows: list[Row]
    comment_label_height: float
    content_height: float  # everything but the comment box

    def s(self, value_mm: float) -> float:
        return self.units.mm(value_mm * self.scale)


def card_subtitle(client_name: str, session_day: date | None) -> str:
    """The line under the title: the client's name and the session's day, as given."""
    parts = []
    if client_name.strip():
        parts.append(_tr("For {name}").format(name=client_name.strip()))
    if session_day is not None:
        parts.append(paper_day(session_day))
    return " · ".join(parts)


def scale_words() -> tuple[str, str]:
    """The words at the two ends of the five boxes."""
    return _tr("not at all"), _tr("completely")


def _plan_at(
    units: Units,
    width: float,
    questions: Sequence[str],
    subtitle: str,
    scale: float,
    max_lines: int | None,
) -> Plan:
    title_font = units.font(TITLE_PT * scale, bold=True)
    body_font = units.font(BODY_PT * scale)
    small_font = units.font(SMALL_PT * max(scale, 0.875))  # never under 7 pt
    label_font = units.font(BODY_PT * scale, bold=True)
    small = units.metrics(small_font)
    box = units.mm(BOX_MM * scale)
    gap = units.mm(BOX_GAP_MM * scale)
    low, high = scale_words()
    words = small.horizontalAdvance(low) + small.horizontalAdvance(high) + units.mm(4 * scale)
    scale_width = 5 * box + 4 * gap + words + units.mm(1)
    scale_height = small.height() + units.mm(0.8 * scale) + box
    text_width = max(width - scale_width - units.mm(6 * scale), width * 0.35)
    above = small.height() + units.mm(0.8 * scale)  # the numbers over the boxes
    rows = []
    for question in questions:
        layout, text_height = _text_layout(
            question.strip(), body_font, text_width, units.device, max_lines
        )
        middle = max(above + box / 2, text_height / 2)
        text_top = middle - text_height / 2
        scale_top = middle - above - box / 2
        height = max(text_top + text_height, scale_top + scale_height)
        rows.append(Row(layout, text_top, scale_top, height))
    intro_text = _tr("For each line, tick the box that fits best: 1 = not at all, 5 = completely.")
    intro, intro_height = _text_layout(intro_text, small_font, width, units.device)
    plan = Plan(
        scale=scale,
        units=units,
        title_font=title_font,
        body_font=body_font,
        small_font=small_font,
        label_font=label_font,
        title_height=units.metrics(title_font).height(),
        subtitle=subtitle,
        subtitle_height=units.metrics(body_font).height() if subtitle else 0.0,
        intro=intro,
        intro_height=intro_height,
        box=box,
        box_gap=gap,
        scale_width=scale_width,
        scale_height=scale_height,
        rows=rows,
        comment_label_height=units.metrics(label_font).height(),
        content_height=0.0,
    )
    plan.content_height = (
        plan.title_height
        + (plan.s(1.5) + plan.subtitle_height if subtitle else 0.0)
        + plan.s(3.0)
        + plan.intro_height
        + plan.s(ROW_GAP_MM)
        + sum(row.height for row in rows)
        + plan.s(ROW_GAP_MM) * 2 * len(rows)
        + plan.s(2.0)
        + plan.comment_label_height
        + plan.s(1.5)
    )
    return plan


def choose_plan(
    units: Units, width: float, height: float, questions: Sequence[str], subtitle: str
) -> tuple[Plan, bool]:
    """The largest scale at which everything fits; else the smallest, with questions cut to
    fewer lines, a smaller comment box, and finally fewer questions."""
    for scale in SCALES:
        plan = _plan_at(units, width, questions, subtitle, scale, None)
        if plan.content_height + units.mm(MIN_COMMENT_MM) <= height:
            return plan, True
    room = units.mm(SMALLEST_COMMENT_MM)
    for lines in (MAX_LINES_SMALL, 1):
        plan = _plan_at(units, width, questions, subtitle, MIN_SCALE, lines)
        if plan.content_height + room <= height:
            return plan, False
    for count in range(len(questions) - 1, 0, -1):
        plan = _plan_at(units, width, questions[:count], subtitle, MIN_SCALE, 1)
        if plan.content_height + room <= height:
            break
    return plan, False
