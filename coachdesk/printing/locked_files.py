"""Files of a protected practice locked into one PDF: a cover page saying what is
attached and how to open and save it, and the files attached (``locked``).

``cover_page`` needs Qt's text layout (a ``QGuiApplication``, on the GUI thread);
``write_locked_files`` needs no Qt, so a large export is written off the GUI thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

from coachdesk.display.translate import translator
from coachdesk.printing.locked import PdfLock, locked_pdf
from coachdesk.printing.page import draw_on_paper, pdf_bytes, text_document
from coachdesk.storage.private_files import write_private
from coachdesk.storage.textfiles import write_problem

_tr = translator("locked")


def how_to_open() -> str:
    """The cover's words on opening and saving, the same for every locked file."""
    return _tr(
        "This PDF opens with your CoachDesk passphrase, or with the recovery key from your "
        "recovery sheet typed in capitals, no spaces or dashes. Save the attached files from "
        "your PDF reader's attachments (the paper clip). Anyone who can open it can read "
        "them: keep what you save as safe."
    )


def cover_page(
    title: str, lines: Sequence[str], names: Sequence[str], *, page_size: QPageSize | None = None
) -> bytes:
    """A one-page PDF: ``title``, ``lines`` (plain text), the attached ``names``, and how
    to open and save them."""
    attached = "".join(f"<li><b>{html.escape(name)}</b></li>" for name in names)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    markup = (
        f"<h2>{html.escape(title)}</h2>{body}"
        f"<p>{html.escape(_tr('Attached:'))}</p><ul>{attached}</ul>"
        f"<p>{html.escape(how_to_open())}</p>"
    )

    def paint(writer: QPdfWriter) -> None:
        area = writer.pageLayout().paintRectPixels(writer.resolution())
        doc = text_document(writer, area.width(), area.height())
        doc.setHtml(markup)
        painter = QPainter(writer)
        draw_on_paper(doc, painter, QRectF(0, 0, area.width(), area.height()))
        painter.end()

    data, _ = pdf_bytes(title, paint, page_size=page_size)
    return data


def write_locked_files(
    path: Path, cover: bytes, files: Mapping[str, bytes | Iterable[bytes]], lock: PdfLock
) -> int:
    """``cover`` with ``files`` attached (name → content, or its parts), locked with
    ``lock``, written at ``path`` (owner-only, replaced whole); the PDF's size.  Raises
    ``OSError`` when it cannot be written."""
    data = locked_pdf(cover, lock, files)
    write_private(Path(path), data)
    return len(data)


def locked_writer(cover: bytes, name: str, lock: PdfLock) -> Callable[[Path, Iterable[bytes]], int]:
    """A writer for ``storage.portable_json.write_export``: the parts attached as ``name``
    to ``cover``, locked; its failures as ``StorageError``, as the plain export's are."""

    def write(path: Path, parts: Iterable[bytes]) -> int:
        try:
            return write_locked_files(path, cover, {name: parts}, lock)
        except OSError as exc:
            raise write_problem(path, exc) from exc

    return write


def locked_name(path: Path) -> Path:
    """``path`` as a locked PDF is named: ``.pdf`` added unless it ends so."""
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
