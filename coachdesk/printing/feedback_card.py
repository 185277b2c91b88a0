"""The feedback card: half a page the coach hands to the client at the end of a session.

The card fills the top half of an A4 or Letter sheet: a title, optionally the
client's name and the session's date, each feedback question with five boxes
(1 = not at all, 5 = completely), and a box for anything else in the client's
own words.  A dotted cut line with a small pair of scissors closes it, still in
the top half, so the bottom half of the sheet stays blank (print two and cut,
or fold the rest away).  Black on white, no app chrome: it is the client's card.

Drawn with QPainter, so the same code writes the PDF (``render_feedback_card``)
and prints through the system dialog or preview (``paint_feedback_card_page``
with the ``QPrinter``).  A ``QGuiApplication`` must exist, for the fonts.

Always half a page: long questions wrap; when the questions do not fit, the
whole card is drawn smaller step by step (down to ``MIN_SCALE``); past that a
question keeps at most ``MAX_LINES_SMALL`` lines (ending in "…") and the comment
box gives up its room.  Nothing is ever drawn below the cut line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPagedPaintDevice, QPageSize, QPainter, QPen

from coachdesk.display.translate import translator
from coachdesk.printing.feedback_card_layout import (
    ROW_GAP_MM,
    SMALL_PT,
    Plan,
    Units,
    card_subtitle,
    choose_plan,
    scale_words,
)
from coachdesk.printing.page import write_pdf

INK = QColor("#1a1a1a")
QUIET = QColor("#5a5a5a")  # the name and date, the scale's words
RULE = QColor("#7a7a7a")  # boxes and the cut line
FAINT = QColor("#d4d4d4")  # separators and the writing lines in the comment box

MARGIN_MM = 14.0  # left, right and top of the card
CUT_ABOVE_MIDDLE_MM = 3.0  # the cut line sits this far above the middle of the sheet
CARD_ABOVE_CUT_MM = 9.0  # space between the card's last line and the cut line
WRITING_LINE_MM = 8.0
# What a card is meant for (the question list's editor keeps to these): every question
# then prints in full on half an A4 or Letter sheet.
MAX_QUESTIONS = 5
MAX_QUESTION_LENGTH = 120


_tr = translator("feedback_card")


def card_title() -> str:
    return _tr("How was today's session?")


@dataclass(frozen=True)
class CardFit:
    """How the card fitted its half page.

    ``scale``: 1.0 at full size, smaller when many or long questions needed the room.
    ``complete``: every question is printed in full with a comment box of at least
    ``MIN_COMMENT_MM``.  False only for lists longer than a card is meant for (see
    ``MAX_QUESTIONS`` and ``MAX_QUESTION_LENGTH``): then long questions end in "…" and,
    as a last resort, the last ones are left off: ``questions_printed`` says how many
    made it, so the caller can tell the coach."""

    scale: float
    complete: bool
    questions_printed: int


# --- painting ----------------------------------------------------------------------------------


def _pen(color: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _scale_row(painter: QPainter, plan: Plan, left: float, top: float) -> None:
    """Five boxes with their numbers above, "not at all" before 1 and "completely" after 5."""
    units = plan.units
    box = plan.box
    gap = plan.box_gap
    small = units.metrics(plan.small_font)
    low, high = scale_words()
    pad = plan.s(2.0)
    boxes_left = left + small.horizontalAdvance(low) + pad
    box_top = top + small.height() + plan.s(0.8)
    painter.setFont(plan.small_font)
    for index in range(5):
        x = boxes_left + index * (box + gap)
        painter.setPen(INK)
        number = QRectF(x - gap / 2, top, box + gap, small.height())
        painter.drawText(number, Qt.AlignmentFlag.AlignCenter, str(index + 1))
        painter.setPen(_pen(RULE, units.mm(0.3)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(x, box_top, box, box), units.mm(0.8), units.mm(0.8))
    painter.setPen(QUIET)
    middle = Qt.AlignmentFlag.AlignVCenter
    painter.drawText(
        QRectF(left, box_top, boxes_left - pad - left, box),
        Qt.AlignmentFlag.AlignRight | middle,
        low,
    )
    after = boxes_left + 5 * box + 4 * gap + pad
    painter.drawText(
        QRectF(after, box_top, small.horizontalAdvance(high) + units.mm(1), box),
        Qt.AlignmentFlag.AlignLeft | middle,
        high,
    )


def _scissors(painter: QPainter, center: QPointF, size: float, width: float) -> None:
    """A small pair of open scissors pointing right, drawn (no font needs to have ✂)."""
    painter.save()
    painter.setPen(_pen(RULE, width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    ring = size * 0.22
    pivot = QPointF(center.x() + size * 0.05, center.y())
    for sign in (-1, 1):
        ring_center = QPointF(center.x() - size * 0.32, center.y() + sign * size * 0.22)
        painter.drawEllipse(ring_center, ring, ring)
        painter.drawLine(QLineF(ring_center + QPointF(ring * 0.9, -sign * ring * 0.35), pivot))
        tip = QPointF(center.x() + size * 0.55, center.y() - sign * size * 0.2)
        painter.drawLine(QLineF(pivot, tip))
    painter.restore()


def _cut_line(painter: QPainter, units: Units, left: float, right: float, y: float) -> None:
    """The dotted cut line across the card, a pair of scissors and "cut here" on it."""
    font = units.font(SMALL_PT, italic=True)
    metrics = units.metrics(font)
    words = _tr("cut here")
    icon = units.mm(4.2)
    start = left + units.mm(6)
    label_left = start + icon + units.mm(1.5)
    label_right = label_left + metrics.horizontalAdvance(words)
    dotted = _pen(RULE, units.mm(0.35), Qt.PenStyle.DotLine)
    painter.setPen(dotted)
    painter.drawLine(QLineF(left, y, start - units.mm(2), y))
    painter.drawLine(QLineF(label_right + units.mm(2), y, right, y))
    _scissors(painter, QPointF(start + icon / 2, y), icon, units.mm(0.3))
    painter.setFont(font)
    painter.setPen(QUIET)
    height = metrics.height()
    painter.drawText(
        QRectF(label_left, y - height / 2, label_right - label_left + units.mm(1), height),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        words,
    )


def _comment_box(painter: QPainter, plan: Plan, rect: QRectF) -> None:
    units = plan.units
    painter.setPen(_pen(RULE, units.mm(0.3)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect, units.mm(1.5), units.mm(1.5))
    painter.setPen(_pen(FAINT, units.mm(0.2)))
    step = units.mm(WRITING_LINE_MM)
    inset = units.mm(4)
    y = rect.top() + step
    while y < rect.bottom() - units.mm(3):
        painter.drawLine(QLineF(rect.left() + inset, y, rect.right() - inset, y))
        y += step


def paint_feedback_card(
    painter: QPainter,
    page_rect: QRectF,
    questions: Sequence[str],
    client_name: str = "",
    session_day: date | None = None,
) -> CardFit:
    """Paint the card in the top half of ``page_rect`` (the whole sheet, in the painter's
    coordinates; an active painter on a paged device or an image).  Nothing is drawn in
    the bottom half."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("painting the feedback card needs a QGuiApplication")
    units = Units(painter.device())
    page = QRectF(page_rect)
    middle = page.top() + page.height() / 2
    cut_y = middle - units.mm(CUT_ABOVE_MIDDLE_MM)
    card = QRectF(
        page.left() + units.mm(MARGIN_MM),
        page.top() + units.mm(MARGIN_MM),
        page.width() - 2 * units.mm(MARGIN_MM),
        cut_y - units.mm(CARD_ABOVE_CUT_MM) - page.top() - units.mm(MARGIN_MM),
    )
    plan, complete = choose_plan(
        units, card.width(), card.height(), questions, card_subtitle(client_name, session_day)
    )

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setClipRect(QRectF(page.left(), page.top(), page.width(), middle - page.top()))
    left, width = card.left(), card.width()
    y = card.top()

    painter.setPen(INK)
    painter.setFont(plan.title_font)
    painter.drawText(
        QRectF(left, y, width, plan.title_height),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        card_title(),
    )
    y += plan.title_height
    if plan.subtitle:
        y += plan.s(1.5)
        painter.setFont(plan.body_font)
        painter.setPen(QUIET)
        painter.drawText(
            QRectF(left, y, width, plan.subtitle_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            plan.subtitle,
        )
        y += plan.subtitle_height
    y += plan.s(3.0)
    painter.setPen(QUIET)
    plan.intro.draw(painter, QPointF(left, y))
    y += plan.intro_height + plan.s(ROW_GAP_MM)

    for index, row in enumerate(plan.rows):
        if index:
            painter.setPen(_pen(FAINT, units.mm(0.2)))
            painter.drawLine(QLineF(left, y, left + width, y))
        y += plan.s(ROW_GAP_MM)
        painter.setPen(INK)
        row.layout.draw(painter, QPointF(left, y + row.text_top))
        _scale_row(painter, plan, left + width - plan.scale_width, y + row.scale_top)
        y += row.height + plan.s(ROW_GAP_MM)

    y += plan.s(2.0)
    painter.setPen(INK)
    painter.setFont(plan.label_font)
    painter.drawText(
        QRectF(left, y, width, plan.comment_label_height),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        _tr("Anything else, in your own words:"),
    )
    y += plan.comment_label_height + plan.s(1.5)
    if card.bottom() - y >= units.mm(10):
        _comment_box(painter, plan, QRectF(left, y, width, card.bottom() - y))

    _cut_line(
        painter,
        units,
        page.left() + units.mm(MARGIN_MM) / 2,
        page.right() - units.mm(MARGIN_MM) / 2,
        cut_y,
    )
    painter.restore()
    return CardFit(plan.scale, complete, len(plan.rows))


# --- devices -----------------------------------------------------------------------------------


def paint_feedback_card_page(
    device: QPagedPaintDevice,
    questions: Sequence[str],
    client_name: str = "",
    session_day: date | None = None,
) -> CardFit:
    """Paint the card on ``device``'s current page: a ``QPdfWriter``, or the ``QPrinter`` of
    the print dialog or preview (connect ``QPrintPreviewDialog.paintRequested`` here)."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("printing the feedback card needs a QGuiApplication")
    layout = device.pageLayout()
    resolution = device.resolution()
    full = QRectF(layout.fullRectPixels(resolution))
    printable = QRectF(layout.paintRectPixels(resolution))
    # The painter's origin is the printable area's corner; the card is placed on the sheet.
    page = full.translated(-printable.left(), -printable.top())
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("the printer could not be started")
    try:
        return paint_feedback_card(painter, page, questions, client_name, session_day)
    finally:
        painter.end()


def render_feedback_card(
    path: Path,
    questions: Sequence[str],
    client_name: str = "",
    session_day: date | None = None,
    *,
    page_size: QPageSize | None = None,
) -> Path:
    """Write the card as a one-page PDF at ``path`` (owner-only, replaced as a whole, never half
    written, nothing left behind on failure: ``private_files.write_private``);
    A4, or Letter where the locale measures in US units, unless ``page_size`` says.

    Raises ``OSError`` when the file cannot be written."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("render_feedback_card needs a QGuiApplication")
    target, _fit = write_pdf(
        path,
        _tr("Feedback card"),
        lambda writer: paint_feedback_card_page(writer, questions, client_name, session_day),
        page_size=page_size,
        margin_mm=0,
    )
    return target
