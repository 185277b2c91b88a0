"""The recovery sheet: one printed page holding the recovery key of an encrypted data file.

The coach gets it once, at set-up (and again whenever a new sheet is made, which makes
the old one stop working).  The page is written for someone who is not technical:
what the key is, how to use it, where to keep it, and lines to write where it is kept.

What is on the page, in order: the title; when the sheet was made (local time) and the
data folder it belongs to; the key, large, monospace and spaced out, two rows of four
groups of four, in a box; the plain instructions; "Where this sheet is kept:" with
lines to write on.

Laid out with QTextDocument (the words) and QPainter (the key, its box and the lines)
and written with ``page.write_pdf`` like the other papers: A4, or Letter where the
locale measures in US units; owner-only, replaced as a whole, never half written.  A
``QGuiApplication`` must exist, for the fonts.

The key is never logged and never in an error message: it is on the page and nowhere
else (not in the PDF's title either).
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageSize,
    QPainter,
    QPen,
    QTextDocument,
    QTextLayout,
    QTextOption,
)

from coachdesk.display.timefmt import format_clock, to_qdatetime
from coachdesk.display.translate import translator
from coachdesk.printing.page import (
    SMALL_PT,
    WORDS_PT,
    css_px,
    draw_on_paper,
    paper_day,
    text_document,
    write_pdf,
)

TITLE_PT = 20.0
TEXT_PT = WORDS_PT  # a little larger than the prep sheet's body: read calmly, at home
SECTION_PT = 12.0
KEY_PT = 26.0
KEY_TRACKING = 0.15  # extra room after each of a key's letters, in ems: copied by hand
GROUPS_PER_ROW = 4
GROUP_GAP_CHARS = 1.6  # between the groups of a row, in the key font's character widths
BULLET_INDENT_PT = 13.0
PATH_LINES = 3  # a longer data folder is shortened in the middle
WRITING_LINES = 2

INK = QColor("#1a1a1a")
QUIET = QColor("#5a5a5a")  # the data folder, the key's label and note
RULE = QColor("#7a7a7a")  # the key's box, the lines to write on
KEY_GROUND = QColor("#f4f4f4")  # a light ground under the key; it reads without it too

# Crockford's base32: the digits and the capital letters but I, L, O and U.
KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KEY_GROUPS = 8
KEY_GROUP_LENGTH = 4
_GROUP = f"[{KEY_ALPHABET}]{{{KEY_GROUP_LENGTH}}}"
_KEY_SHAPE = re.compile(f"{_GROUP}(?:-{_GROUP}){{{KEY_GROUPS - 1}}}")

# The data folder is printed in a left-to-right isolate with a left-to-right mark after
# each separator, so its names keep their order whatever script they are written in and
# the sentence around it keeps its own direction; a word joiner after each hyphen, so a
# long folder breaks only after a separator or inside a name, never at a hyphen.
_LRI, _PDI, _LRM, _WJ = "\u2066", "\u2069", "\u200e", "\u2060"


_tr = translator("recovery_sheet")


def sheet_title() -> str:
    return _tr("CoachDesk recovery sheet")


def key_groups(recovery_key: str) -> tuple[str, ...]:
    """The key's eight groups of four, upper case.  ``ValueError`` (which never quotes the
    key) when it is not eight groups of four Crockford base32 characters joined by "-"."""
    key = recovery_key.strip().upper()
    if not _KEY_SHAPE.fullmatch(key):
        raise ValueError(
            f"a recovery key is {KEY_GROUPS} groups of {KEY_GROUP_LENGTH} Crockford base32"
            ' characters joined by "-"'
        )
    return tuple(key.split("-"))


# --- fonts -------------------------------------------------------------------------------------


def _plain(font: QFont) -> QFont:
    # No ligatures: "fi" stays two letters in the PDF's text (searched, read aloud).
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont(QGuiApplication.font().family())
    font.setPointSizeF(points)
    font.setBold(bold)
    return _plain(font)


def _mono_family() -> str:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()


def _key_font() -> QFont:
    font = QFont(_mono_family())
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setPointSizeF(KEY_PT)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, KEY_PT * KEY_TRACKING)
    return _plain(font)


def _direction(text: str) -> Qt.LayoutDirection:
    """The direction ``text`` reads in, from its first strong letter (as the documents
    decide it for each paragraph): a translation sets it, not the application."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
    return QGuiApplication.layoutDirection()


# --- the words -------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _code(text: str) -> str:
    """A command as typed, kept on one line (no break at its spaces or hyphens)."""
    unbroken = _e(text).replace(" ", "\u00a0").replace("-", "-" + _WJ)
    return f"<span style=\"font-family:'{_mono_family()}';\">{unbroken}</span>"


def _para(text: str, *, top: float = 3.0, color: str = "", side: str = "") -> str:
    """A paragraph ``top`` points below the last; ``side`` "ltr" or "rtl" sets its direction
    (else its own text does)."""
    style = f"margin-top:{css_px(top)}px; margin-bottom:0;"
    if color:
        style += f" color:{color};"
    return f'<p{f" dir={side!r}" if side else ""} style="{style}">{text}</p>'


def _points(*texts: str) -> str:
    """Instructions: a bullet each, the text hanging beside it."""
    items = "".join(
        f'<li style="margin-top:{css_px(4)}px; margin-bottom:0;">{text}</li>' for text in texts
    )
    return f'<ul style="margin-top:0; margin-bottom:0; -qt-list-indent:1;">{items}</ul>'


def _section(text: str) -> str:
    return (
        f'<p style="margin-top:{css_px(16)}px; margin-bottom:{css_px(2)}px;'
        f' font-size:{SECTION_PT}pt; font-weight:700;">{_e(text)}</p>'
    )


def _lines(text: str, font: QFont, width: float, device: QPagedPaintDevice) -> int:
    """How many lines ``text`` takes ``width`` wide, wrapped as the sheet wraps it."""
    layout = QTextLayout(text, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
    layout.endLayout()
    return layout.lineCount()


def shown_folder(folder: Path, font: QFont, width: float, device: QPagedPaintDevice) -> str:
    """The data folder as printed: at most ``PATH_LINES`` lines of ``width`` (shortened in
    the middle past that, so its start and its own name stay), see ``_LRI``."""

    def shown(text: str) -> str:
        text = text.replace("-", "-" + _WJ)
        for separator in {os.sep, "/"}:
            text = text.replace(separator, separator + _LRM)
        return _LRI + text + _PDI

    full = str(folder)
    metrics = QFontMetricsF(font, device)
    text, room = full, PATH_LINES * width
    while _lines(shown(text), font, width, device) > PATH_LINES and room > width:
        room *= 0.95
        text = metrics.elidedText(full, Qt.TextElideMode.ElideMiddle, room)
    return shown(text)


def _header_html(made_at: datetime, folder: str) -> str:
    local = to_qdatetime(made_at)
    made = _tr("Made on {day} at {time}.").format(
        day=paper_day(local.date()), time=format_clock(local.time())
    )
    title = f'<p style="margin:0; font-size:{TITLE_PT}pt; font-weight:700;">{_e(sheet_title())}</p>'
    belongs = _tr("It belongs to the CoachDesk data in this folder:")
    # The folder (left to right itself) lines up with the sentence that introduces it.
    side = "rtl" if _direction(belongs) == Qt.LayoutDirection.RightToLeft else "ltr"
    return (
        f'<body style="font-size:{TEXT_PT}pt;">'
        + title
        + _para(_e(made), top=6)
        + _para(_e(belongs), top=2)
        + _para(_e(folder), top=1, color=QUIET.name(), side=side)
        + "</body>"
    )


def _body_html() -> str:
    choose = "<b>" + _e(_tr("Use recovery key…")) + "</b>"
    menu = "<b>" + _e(_tr("File → New recovery sheet…")) + "</b>"
    unlock = _tr("In CoachDesk: on the unlock screen choose {action} and type the key.")
    command = _tr("On the command line: {command} (FILE is a text file holding the key).")
    export = _tr(
        "An encrypted export (a PDF) asks for a password: type the key's 32 capitals and"
        " digits, with no spaces or dashes."
    )
    new_sheet = _tr(
        "Making a new sheet ({menu} in CoachDesk, or {command} on the command line) makes"
        " this one stop working: then destroy this one."
    )
    what = _tr(
        "If you forget your passphrase, this key opens your CoachDesk data, its backups and"
        " encrypted exports, on this or a new computer."
    )
    safe = _tr("Keep this sheet somewhere safe, away from your laptop: a drawer at home, a safe.")
    parts = [
        _section(_tr("What this key is")),
        _para(_e(what), top=0),
        _section(_tr("How to use it")),
        _points(
            _e(unlock).format(action=choose),
            _e(command).format(command=_code("coachdesk --recovery-key-file FILE …")),
            _e(export),
        ),
        _section(_tr("Keep it safe")),
        _points(
            _e(safe),
            _e(_tr("Never photograph it into a cloud, and never email it.")),
            _e(_tr("Anyone with this sheet and your files can read your notes.")),
        ),
        _section(_tr("A new sheet replaces this one")),
        _para(
            _e(new_sheet).format(menu=menu, command=_code("coachdesk recovery-sheet --pdf FILE")),
            top=0,
        ),
    ]
    return f'<body style="font-size:{TEXT_PT}pt;">' + "".join(parts) + "</body>"


def _document(device: QPagedPaintDevice, width: float, markup: str) -> QTextDocument:
    """``markup`` laid out ``width`` wide on one page as tall as it needs."""
    doc = text_document(device, width, 1e9)
    doc.setDefaultFont(_font(TEXT_PT))
    option = QTextOption(doc.defaultTextOption())
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setIndentWidth(css_px(BULLET_INDENT_PT))  # CSS pixels: Qt scales it to the device
    doc.setHtml(markup)
    return doc


# --- painting --------------------------------------------------------------------------------


def _draw_line_of_text(
    painter: QPainter, rect: QRectF, align: Qt.AlignmentFlag, text: str
) -> Qt.LayoutDirection:
    """``text`` in ``rect`` in its own direction (``AlignLeading`` follows it); that direction."""
    direction = _direction(text)
    painter.save()
    painter.setLayoutDirection(direction)
    painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, text)
    painter.restore()
    return direction


class _Units:
    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.dpi = float(device.logicalDpiY()) or 96.0

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def pt(self, value: float) -> float:
        return value * self.dpi / 72


class _KeyBox:
    """The key in its box: a label, two rows of four groups centred, a note on the letters."""

    def __init__(self, units: _Units, groups: tuple[str, ...], width: float) -> None:
        self.units = units
        self.groups = groups
        self.width = width
        self.font = _key_font()
        self.metrics = QFontMetricsF(self.font, units.device)
        self.label_font = _font(SMALL_PT, bold=True)
        self.note_font = _font(SMALL_PT + 0.5)
        self.label_height = QFontMetricsF(self.label_font, units.device).height()
        self.note_height = QFontMetricsF(self.note_font, units.device).height()
        self.rows = [
            groups[at : at + GROUPS_PER_ROW] for at in range(0, len(groups), GROUPS_PER_ROW)
        ]
        self.row_gap = units.mm(4.0)
        self.label_top = units.mm(4.0)
        self.rows_top = self.label_top + self.label_height + units.mm(4.0)
        rows = len(self.rows) * self.metrics.height() + (len(self.rows) - 1) * self.row_gap
        self.note_top = self.rows_top + rows + units.mm(4.0)
        self.height = self.note_top + self.note_height + units.mm(4.0)

    def group_width(self, group: str) -> float:
        # The letter spacing follows the last letter too: not part of the group's ink.
        return self.metrics.horizontalAdvance(group) - self.units.pt(KEY_PT * KEY_TRACKING)

    def paint(self, painter: QPainter, top: float) -> None:
        units = self.units
        painter.setPen(QPen(RULE, units.mm(0.35)))
        painter.setBrush(KEY_GROUND)
        painter.drawRoundedRect(
            QRectF(0, top, self.width, self.height), units.mm(2.5), units.mm(2.5)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = units.mm(5)
        inner = self.width - 2 * inset
        painter.setPen(QUIET)
        painter.setFont(self.label_font)
        _draw_line_of_text(
            painter,
            QRectF(inset, top + self.label_top, inner, self.label_height),
            Qt.AlignmentFlag.AlignLeading,
            _tr("Your recovery key").upper(),
        )
        gap = self.metrics.averageCharWidth() * GROUP_GAP_CHARS
        cell = max(self.group_width(group) for group in self.groups)
        left = (self.width - (GROUPS_PER_ROW * cell + (GROUPS_PER_ROW - 1) * gap)) / 2
        painter.setFont(self.font)
        painter.setPen(INK)
        y = top + self.rows_top
        for row in self.rows:  # left to right in every language: the key reads that way
            for index, group in enumerate(row):
                x = left + index * (cell + gap) + (cell - self.group_width(group)) / 2
                painter.drawText(QPointF(x, y + self.metrics.ascent()), group)
            y += self.metrics.height() + self.row_gap
        painter.setPen(QUIET)
        painter.setFont(self.note_font)
        _draw_line_of_text(
            painter,
            QRectF(inset, top + self.note_top, inner, self.note_height),
            Qt.AlignmentFlag.AlignHCenter,
            _tr("There is no letter I, L, O or U in the key: 0 is always zero, 1 is always one."),
        )


def _writing_lines(painter: QPainter, units: _Units, top: float, width: float) -> float:
    """ "Where this sheet is kept:" and lines to write on; the height used."""
    font = _font(TEXT_PT, bold=True)
    metrics = QFontMetricsF(font, units.device)
    label = _tr("Where this sheet is kept:")
    baseline = top + metrics.ascent()
    painter.setPen(INK)
    painter.setFont(font)
    direction = _draw_line_of_text(
        painter, QRectF(0, top, width, metrics.height()), Qt.AlignmentFlag.AlignLeading, label
    )
    start = metrics.horizontalAdvance(label) + units.mm(3)
    painter.setPen(QPen(RULE, units.mm(0.3)))
    rtl = direction == Qt.LayoutDirection.RightToLeft
    first = (0, width - start) if rtl else (start, width)
    painter.drawLine(QPointF(first[0], baseline), QPointF(first[1], baseline))
    y = baseline
    for _line in range(WRITING_LINES - 1):
        y += units.mm(10)
        painter.drawLine(QPointF(0, y), QPointF(width, y))
    return y - top


def paint_recovery_sheet(
    device: QPagedPaintDevice, recovery_key: str, *, data_folder: Path, made_at: datetime
) -> None:
    """Lay out the sheet for ``device``'s page (a QPdfWriter, or a QPrinter) and paint it
    there."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("printing the recovery sheet needs a QGuiApplication")
    groups = key_groups(recovery_key)
    units = _Units(device)
    area = device.pageLayout().paintRectPixels(device.resolution())
    width = float(area.width())
    folder = shown_folder(data_folder, _font(TEXT_PT), width, device)
    header = _document(device, width, _header_html(made_at, folder))
    key = _KeyBox(units, groups, width)
    body = _document(device, width, _body_html())
    key_top = header.size().height() + units.mm(9)
    body_top = key_top + key.height + units.mm(7)
    lines_top = body_top + body.size().height() + units.mm(14)

    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("the printer could not be started")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        draw_on_paper(header, painter, QRectF(0, 0, width, header.size().height()))
        key.paint(painter, key_top)
        painter.save()
        painter.translate(0, body_top)
        draw_on_paper(body, painter, QRectF(0, 0, width, body.size().height()))
        painter.restore()
        _writing_lines(painter, units, lines_top, width)
    finally:
        painter.end()


def render_recovery_sheet(
    target: Path,
    recovery_key: str,
    *,
    data_folder: Path,
    made_at: datetime,
    page_size: QPageSize | None = None,
) -> Path:
    """Write the one-page recovery sheet for ``recovery_key`` (eight groups of four
    Crockford base32 characters joined by "-") as a PDF at ``target``: owner-only, replaced
    as a whole, never half written, nothing left behind when it fails
    (``private_files.write_private``); A4, or Letter where the locale measures in US units,
    unless ``page_size`` says.  ``made_at`` (aware) is printed in local time.

    Raises ``OSError`` when the file cannot be written, ``ValueError`` (without the key in
    it) when the key is not of that shape."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("render_recovery_sheet needs a QGuiApplication")
    key_groups(recovery_key)  # before any file is touched
    path, _none = write_pdf(
        target,
        sheet_title(),
        lambda writer: paint_recovery_sheet(
            writer, recovery_key, data_folder=data_folder, made_at=made_at
        ),
        page_size=page_size,
    )
    return path
