"""A client's own record on paper: everything held about them, in plain language.

``render_dossier`` lays out a record from ``storage.dossier.client_record`` with
QTextDocument and writes a multi-page PDF with QPdfWriter, in the prep sheet's
house style (the client's own words quoted, bold and larger; small grey-free
detail lines; the same fonts, margins and page size).  Every page has a header
with the client's name and the export date, and "Page n of N" at the foot.

It is written *to the client* ("you"), section by section: your details; what
you told us matters to you; times we fell short and what we did about it;
promises; your feedback on our sessions; our sessions (with guests and the
coach's notes).  Nothing in the record is left out: private notes and items
kept off printouts are the client's to see here.  A ``QGuiApplication`` must
exist, for the fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPageSize, QPainter, QPdfWriter, QTextDocument

from coachdesk.display.translate import translator
from coachdesk.printing.dossier_sections import day_of, dossier_html
from coachdesk.printing.locked import PdfLock
from coachdesk.printing.page import text_document, write_pdf

HEADER_PT = 8.0
BAND_MM = 9.0  # room for the running header and for the page number at the foot


_tr = translator("dossier")


@dataclass(frozen=True)
class DossierResult:
    path: Path | None
    pages: int


# --- layout and output -------------------------------------------------------------------------


def _draw_lines(painter: QPainter, doc: QTextDocument, top: float, bottom: float) -> None:
    """Draw the lines of ``doc`` that lie on the page from ``top`` to ``bottom``.

    Not ``drawContents`` with a clip: that draws every line of a paragraph that crosses
    the page edge, and the clipped lines' text stays in the PDF (found by search, copied,
    read aloud) on the wrong page.  The document has only paragraphs (no tables)."""
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        box = layout.blockBoundingRect(block)
        if box.bottom() >= top and box.top() <= bottom:
            text = block.layout()
            for number in range(text.lineCount()):
                line = text.lineAt(number)
                middle = box.top() + line.y() + line.height() / 2
                if top <= middle < bottom:
                    line.draw(painter, box.topLeft())
        block = block.next()


def _paint_pages(writer: QPdfWriter, record: dict[str, Any]) -> int:
    """Lay out and paint the whole record on ``writer``, page after page; the page count."""
    name = record["client"]["name"]
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    band = BAND_MM / 25.4 * writer.resolution()
    body_height = area.height() - 2 * band
    doc = text_document(writer, area.width(), body_height)
    doc.setHtml(dossier_html(record))
    pages = doc.pageCount()

    small = QFont(doc.defaultFont())
    small.setPointSizeF(HEADER_PT)
    header_left = _tr("{name}: your record in CoachDesk").format(name=name)
    header_right = _tr("Exported {day}").format(day=day_of(record["exported_at"]))
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.setFont(small)
        top = QRectF(0, 0, area.width(), band * 0.7)
        painter.drawText(
            top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, header_left
        )
        painter.drawText(
            top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, header_right
        )
        line_y = band * 0.8
        painter.drawLine(0, round(line_y), round(area.width()), round(line_y))
        foot = QRectF(0, area.height() - band * 0.7, area.width(), band * 0.7)
        painter.drawText(
            foot,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            _tr("Page {page} of {pages}").format(page=page + 1, pages=pages),
        )
        painter.save()
        painter.translate(0, band - page * body_height)
        _draw_lines(painter, doc, page * body_height, (page + 1) * body_height)
        painter.restore()
    painter.end()
    return pages


def render_dossier(
    record: dict[str, Any],
    path: Path,
    *,
    page_size: QPageSize | None = None,
    lock: PdfLock | None = None,
) -> DossierResult:
    """Write ``record`` as a readable multi-page PDF at ``path`` (owner-only, replaced as a
    whole; encrypted with ``lock``).  Raises ``OSError`` when the file cannot be written."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("render_dossier needs a QGuiApplication")
    title = _tr("What CoachDesk holds about {name}").format(name=record["client"]["name"])
    target, pages = write_pdf(
        path, title, lambda writer: _paint_pages(writer, record), page_size=page_size, lock=lock
    )
    return DossierResult(target, pages)


def locked_json_name(record: dict[str, Any]) -> str:
    """The name of the JSON record attached to a locked PDF: ``record-<client id>.json``."""
    return f"record-{record['client']['id']}.json"


def render_locked_record_json(
    record: dict[str, Any],
    path: Path,
    lock: PdfLock,
    *,
    page_size: QPageSize | None = None,
) -> Path:
    """Write ``record`` as JSON (``storage.dossier.record_json``) attached to a locked PDF
    at ``path``, whose one page says what is attached and how to open and save it."""
    from coachdesk.printing.locked_files import cover_page, write_locked_files
    from coachdesk.storage.dossier import record_json

    if QGuiApplication.instance() is None:
        raise RuntimeError("render_locked_record_json needs a QGuiApplication")
    name = record["client"]["name"]
    attached = locked_json_name(record)
    title = _tr("{name}'s record as JSON, encrypted").format(name=name)
    line = _tr("{name}'s record in CoachDesk, as JSON, exported {day}.").format(
        name=name, day=day_of(record["exported_at"])
    )
    cover = cover_page(title, [line], [attached], page_size=page_size)
    write_locked_files(path, cover, {attached: record_json(record).encode("utf-8")}, lock)
    return Path(path)
