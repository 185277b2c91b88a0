"""What every paper CoachDesk prints shares: the house style's type sizes, the page size,
the PDF writer, the text document the sheets are laid out in, the glyphs the body font
really has, and writing the PDF file whole or not at all.

Every paragraph of a page runs in the app's direction (left to right unless the app is in
a right-to-left language), whatever script it starts with: a client's Arabic or Hebrew
name heads the page aligned like every other line, its letters still in their own order.

A ``QGuiApplication`` must exist before any of it is called, for the fonts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QBuffer, QDate, QIODevice, QLocale, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QRawFont,
    QTextDocument,
)

from coachdesk.printing.locked import PdfLock, locked_pdf
from coachdesk.storage.private_files import write_private

BODY_PT = 10.0
WORDS_PT = 11.0  # the client's own words
SMALL_PT = 8.5  # reasons and details
NAME_PT = 16.0
HEADING_PT = 9.0
MARGIN_MM = 14.0
RESOLUTION_DPI = 300
T = TypeVar("T")


def default_page_size() -> QPageSize:
    """Letter where the locale measures in US units, A4 elsewhere."""
    if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def css_px(points: float) -> int:
    """Qt's rich text takes top and bottom margins in CSS pixels (1/96 inch), not points;
    left and right margins in device pixels: ``device_px``."""
    return round(points * 96 / 72)


def device_px(points: float, resolution: float) -> int:
    """``points`` in the pixels of a paint device of ``resolution`` dots per inch: the unit
    Qt's rich text takes left and right margins in when laid out for that device (top and
    bottom margins it takes in CSS pixels and scales itself: ``css_px``)."""
    return round(points * resolution / 72)


def glyph(font: QFont, candidates: Sequence[str]) -> str:
    """The first of ``candidates`` whose every character ``font`` itself draws, else the
    last one (make it ASCII).  A fallback font is not trusted: on another machine the
    same sign may come out as "?" or an empty box."""
    raw = QRawFont.fromFont(font)
    for candidate in candidates:
        if all(raw.supportsCharacter(ord(char)) for char in candidate):
            return candidate
    return candidates[-1]


def paper_day(day: date | QDate) -> str:
    """A day as the paper says it: "3 December 2026", in the locale's words."""
    return QLocale().toString(QDate(day), "d MMMM yyyy")


def text_document(device: QPagedPaintDevice, width: float, height: float) -> QTextDocument:
    """An empty rich-text document laid out for ``device`` in the body font, no margin of
    its own, its pages ``width`` × ``height`` device pixels, every paragraph in the app's
    direction."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont(QGuiApplication.font().family())
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(width, height))
    option = doc.defaultTextOption()
    option.setTextDirection(QGuiApplication.layoutDirection())
    doc.setDefaultTextOption(option)
    return doc


def paper_palette() -> QPalette:
    """Ink on white paper: text black, rules grey, whatever the screen's palette."""
    palette = QPalette(QColor("white"))
    for role, colour in (
        (QPalette.ColorRole.Text, "black"),
        (QPalette.ColorRole.WindowText, "black"),
        (QPalette.ColorRole.Base, "white"),
        (QPalette.ColorRole.Dark, "#5a5a5a"),  # a horizontal rule
        (QPalette.ColorRole.Link, "black"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def draw_on_paper(doc: QTextDocument, painter: QPainter, clip: QRectF) -> None:
    """Paint ``doc`` within ``clip`` in ``paper_palette``.  ``drawContents`` would take the
    application's palette: on a dark desktop, light grey text on white paper."""
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = paper_palette()
    context.clip = clip
    painter.save()
    painter.setClipRect(clip)
    doc.documentLayout().draw(painter, context)
    painter.restore()


def pdf_bytes(
    title: str,
    paint: Callable[[QPdfWriter], T],
    *,
    page_size: QPageSize | None = None,
    margin_mm: float = MARGIN_MM,
) -> tuple[bytes, T]:
    """Let ``paint`` draw on a PDF writer (portrait, ``margin_mm`` all round; A4, or Letter
    where the locale measures in US units, unless ``page_size`` says); the PDF's bytes and
    what ``paint`` returned."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("CoachDesk")
    writer.setTitle(title)
    writer.setPageLayout(
        QPageLayout(
            page_size or default_page_size(),
            QPageLayout.Orientation.Portrait,
            QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
            QPageLayout.Unit.Millimeter,
        )
    )
    result = paint(writer)
    buffer.close()
    return buffer.data().data(), result


def write_pdf(
    path: Path,
    title: str,
    paint: Callable[[QPdfWriter], T],
    *,
    page_size: QPageSize | None = None,
    margin_mm: float = MARGIN_MM,
    lock: PdfLock | None = None,
    attachments: Mapping[str, bytes | Iterable[bytes]] = {},
) -> tuple[Path, T]:
    """The PDF ``paint`` draws (``pdf_bytes``) written at ``path`` (owner-only, replaced as
    a whole, never half written, nothing left behind on failure:
    ``private_files.write_private``).  Returns the path and what ``paint`` returned.  With
    ``lock`` the PDF (and its ``attachments``) is encrypted: see ``locked``.

    Raises ``OSError`` when the file cannot be written."""
    if attachments and lock is None:
        raise ValueError("files are attached to a locked PDF only")
    data, result = pdf_bytes(title, paint, page_size=page_size, margin_mm=margin_mm)
    if lock is not None:
        data = locked_pdf(data, lock, attachments)
    return write_private(Path(path), data), result
