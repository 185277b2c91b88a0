"""The search box's results: a list model of group headings and hits, and the delegate
that draws a hit as two lines (whose record, when; the words, the match in bold on a
tint), in the palette's colours, light or dark."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from coachdesk.display.timefmt import format_day, format_when
from coachdesk.domain.search import Snippet
from coachdesk.storage.search import Group, Hit, Results

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Hit of a row (None for a heading)
PADDING = 6


class ResultsModel(QAbstractListModel):
    """One row per group heading and per hit, in the order the search gave them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Group | Hit] = []

    def set_results(self, results: Results) -> None:
        self.beginResetModel()
        self._rows = []
        for group in results.groups:
            self._rows.append(group)
            self._rows.extend(group.hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def hit_rows(self) -> list[int]:
        return [number for number, row in enumerate(self._rows) if isinstance(row, Hit)]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if isinstance(self._rows[index.row()], Hit):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._rows[index.row()]
        if role == HIT_ROLE:
            return row if isinstance(row, Hit) else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return heading_text(row) if isinstance(row, Group) else plain_text(row)
        return None


def heading_text(group: Group) -> str:
    label = QApplication.translate("Search", group.kind.label)
    if not group.more:
        return label
    more = QApplication.translate("Search", "{label}: the newest {n}; add a word to narrow")
    return more.format(label=label, n=len(group.hits))


def when_text(when: date | datetime | None) -> str:
    if when is None:
        return ""
    if isinstance(when, datetime):
        return format_when(when)
    return format_day(when)


def about_text(hit: Hit) -> str:
    """The first line of a hit: the client, the record's date and its title."""
    parts = [hit.client_name, when_text(hit.when)]
    if hit.title and hit.title != hit.client_name:
        parts.append(hit.title)
    return " · ".join(part for part in parts if part)


def plain_text(hit: Hit) -> str:
    words = hit.snippet.text if hit.snippet else ""
    return f"{about_text(hit)}\n{words}" if words and words != hit.client_name else about_text(hit)


def marked_html(snippet: Snippet, mark: QColor, ink: QColor) -> str:
    """The snippet as HTML, each match bold on the ``mark`` tint."""
    pieces: list[str] = []
    at = 0
    style = f"background-color:{mark.name()}; color:{ink.name()}; font-weight:600"
    for start, end in snippet.spans:
        pieces.append(escape(snippet.text[at:start]))
        pieces.append(f'<span style="{style}">{escape(snippet.text[start:end])}</span>')
        at = end
    pieces.append(escape(snippet.text[at:]))
    return "".join(pieces)


def _mark(palette: QPalette, selected: bool) -> QColor:
    """The tint under a match: the highlight colour lightened on a light base, darkened on
    a dark one; on a chosen row (drawn in the highlight colour), a shade of it apart."""
    highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
    light = palette.color(QPalette.ColorRole.Base).value() > 128
    if selected:
        return highlight.darker(150) if light else highlight.lighter(150)
    return highlight.lighter(175) if light else highlight.darker(160)


class ResultDelegate(QStyledItemDelegate):
    """Draws a heading as a small bold line and a hit as its two lines, wrapped to the
    view's width (the words are never cut)."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        hit: Hit | None = index.data(HIT_ROLE)
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setTextWidth(max(option.rect.width() - 2 * PADDING, 80))
        if hit is None:
            heading = escape(index.data())
            html = f'<span style="color:{quiet.name()}; font-weight:700">{heading}</span>'
        else:
            mark = _mark(palette, selected)
            about = f'<span style="color:{quiet.name()}">{escape(about_text(hit))}</span>'
            if hit.snippet is not None:
                words = marked_html(hit.snippet, mark, ink)
                marked = f'<span style="color:{ink.name()}">{words}</span>'
                if hit.snippet.text == hit.client_name:  # a client found by name: one line
                    about = marked
                else:
                    about += f"<br>{marked}"
            html = about
        document.setHtml(html)
        return document

    @staticmethod
    def _top(index: Index) -> int:
        """The space above a row: a heading after a group is set apart from it."""
        if index.data(HIT_ROLE) is None:
            return 3 * PADDING if index.row() else PADDING
        return PADDING // 2

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        style = view_option.widget.style() if view_option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter)
        document = self._document(option, index)
        painter.save()
        painter.translate(option.rect.left() + PADDING, option.rect.top() + self._top(index))
        context = QAbstractTextDocumentLayout.PaintContext()
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        document = self._document(option, index)
        below = PADDING // 2 if index.data(HIT_ROLE) is None else PADDING
        height = int(document.size().height()) + self._top(index) + below
        return QSize(option.rect.width(), height)
