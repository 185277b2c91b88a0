"""The search box's results: a list model of group headings and hits, and the delegate
that draws a hit as two lines (whose record, when; the words, the match in bold on a
tint), in the palette's colours, light or dark.  Text is laid out with ``QTextLayout``
(not an HTML document per row): the results are drawn anew on every keystroke."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

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


def _mark(palette: QPalette, selected: bool) -> QColor:
    """The tint under a match: the highlight colour lightened on a light base, darkened on
    a dark one; on a chosen row (drawn in the highlight colour), a shade of it apart."""
    highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
    light = palette.color(QPalette.ColorRole.Base).value() > 128
    if selected:
        return highlight.darker(150) if light else highlight.lighter(150)
    return highlight.lighter(175) if light else highlight.darker(160)


def _ranges(snippet: Snippet, char_format: QTextCharFormat) -> list[QTextLayout.FormatRange]:
    ranges = []
    for start, end in snippet.spans:
        piece = QTextLayout.FormatRange()
        piece.start, piece.length, piece.format = start, end - start, char_format
        ranges.append(piece)
    return ranges


class _Row:
    """A row laid out for a width: its first line (headings and the about line, elided
    when drawn) and the matching words wrapped below it, the matches in bold."""

    def __init__(self, option: QStyleOptionViewItem, index: Index, width: int) -> None:
        self.hit: Hit | None = index.data(HIT_ROLE)
        self.first = index.data() if self.hit is None else about_text(self.hit)
        self.font = QFont(option.font)
        if self.hit is None:
            self.font.setBold(True)
        self.line = QFontMetrics(self.font).height()
        self.words: QTextLayout | None = None
        snippet = self.hit.snippet if self.hit is not None else None
        if snippet is not None:
            if snippet.text == self.hit.client_name:  # a client found by name: one line
                self.first = ""
            self.words = QTextLayout(snippet.text, option.font)
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.DemiBold)
            self.words.setFormats(_ranges(snippet, bold))
            self.words.beginLayout()
            height = 0.0
            while (line := self.words.createLine()).isValid():
                line.setLineWidth(width)
                line.setPosition(QPointF(0, height))
                height += line.height()
            self.words.endLayout()
            self.spans = snippet
        self.height = (self.line if self.first else 0) + (
            int(self.words.boundingRect().height() + 0.999) if self.words else 0
        )

    def draw(self, painter: QPainter, option: QStyleOptionViewItem, left: int, top: int) -> None:
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        width = option.rect.width() - 2 * PADDING
        if self.first:
            painter.setFont(self.font)
            painter.setPen(quiet)
            shown = QFontMetrics(self.font).elidedText(
                self.first, Qt.TextElideMode.ElideRight, width
            )
            painter.drawText(QRectF(left, top, width, self.line), Qt.AlignmentFlag.AlignLeft, shown)
            top += self.line
        if self.words is not None:
            painter.setPen(ink)
            tint = QTextCharFormat()
            tint.setBackground(_mark(palette, selected))
            tint.setForeground(ink)
            self.words.draw(painter, QPointF(left, top), _ranges(self.spans, tint))


class ResultDelegate(QStyledItemDelegate):
    """Draws a heading as a small bold line and a hit as its two lines, wrapped to the
    view's width (the words are never cut).  Each row is laid out once for a width and
    kept until the results change: a keystroke lays each row out once."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._laid_out: dict[tuple[int, int], _Row] = {}
        view.model().modelReset.connect(self._laid_out.clear)

    def _row(self, option: QStyleOptionViewItem, index: Index) -> _Row:
        width = max(option.rect.width() - 2 * PADDING, 80)
        key = (index.row(), width)
        row = self._laid_out.get(key)
        if row is None:
            row = self._laid_out[key] = _Row(option, index, width)
        return row

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
        painter.save()
        left, top = option.rect.left() + PADDING, option.rect.top() + self._top(index)
        self._row(option, index).draw(painter, option, left, top)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        below = PADDING // 2 if index.data(HIT_ROLE) is None else PADDING
        height = self._row(option, index).height + self._top(index) + below
        return QSize(option.rect.width(), height)
