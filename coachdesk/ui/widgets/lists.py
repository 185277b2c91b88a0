"""The one way lists look and behave: a read-only, row-selecting, sortable table, the
Delete key bound to the page's delete, and an empty state shown in the table's place.

A list that shows the client's own words names those columns (``words``): every cell of
it is then wrapped, never cut (``WrapDelegate``), each row as tall as its longest cell,
and the columns follow the window (``ListTable.fit``): the others take the width of
what they show, the words columns share what is left and wrap within it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPalette,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from coachdesk.display.text_layout import wrapped
from coachdesk.ui.widgets.row_model import RowTableModel, WordFilterProxy

Index = QModelIndex | QPersistentModelIndex

ROW_PADDING = 5
"""Above and below a cell's text: a one-line row is the font's height and twice this."""

OTHER_COLUMN_SHARE = 0.25
"""A column that is not the client's words takes its content's width, up to this share
of the list's width (a longer one wraps, like the words)."""

WORDS_SHARE = 0.5
"""The words columns get at least this share of the list's width (when they need it)."""

MEASURED_KEPT = 20_000
"""Wrapped heights a list remembers (a few MB at most) before it starts again."""

GENEROUS_SHARE = 1.3
"""A words column that fits on one line in this much of a fair share gets its line."""

WORDS_MIN_EMS = 8
"""A words column is never narrower than this many em (nor than its content) while the
list has room for every column's least width (below, see ``NARROWEST_FACTOR``)."""

OTHER_MIN_EMS = 8
"""Nor is another column (a date stays on one line), unless its heading needs more."""

WHOLE_WORD_EMS = 12
"""Nor narrower than its longest word, up to this many em."""

NARROWEST_FACTOR = 0.5
"""In a list too narrow for those, each gives in alike, down to this share of them..."""

NARROWEST_EMS = 3
"""...and a words column, to fit at all, down to this many em."""


def wrapped_lines(
    text: str,
    font: QFont,
    width: int,
    direction: Qt.LayoutDirection = Qt.LayoutDirection.LeftToRight,
) -> QTextLayout:
    """``text`` laid out in lines of ``width`` pixels: broken between words, and inside a
    word only when it is wider than a line (a long address, a run of emoji)."""
    # The window's direction, as Qt's own one-line cells: a right-to-left quotation in an
    # English window reads the same on one line and on several.
    return wrapped(text, font, max(width, 1), direction=direction)[0]


def line_width(metrics: QFontMetricsF, text: str) -> int:
    """The width ``text`` needs to stay on one line in ``wrapped_lines`` (its advance has
    a fraction that a line must not round away)."""
    return math.ceil(metrics.horizontalAdvance(text)) + 1 if text else 0


def text_height(
    text: str,
    font: QFont,
    width: int,
    direction: Qt.LayoutDirection = Qt.LayoutDirection.LeftToRight,
) -> int:
    """The height of ``text`` wrapped to ``width`` (one line's height for empty text)."""
    if not text:
        return QFontMetrics(font).height()
    return round(wrapped_lines(text, font, width, direction).boundingRect().height() + 0.49)


class WrapDelegate(QStyledItemDelegate):
    """Draws each cell's text from the top, wrapped to the column (``wrapped_lines``) and
    never elided; its size hint is the height the text needs at the column's width."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view

    def margin(self) -> int:
        """Left and right of the text, as Qt's own item views leave."""
        return self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if option.rect.height() < 2 * option.fontMetrics.height():
            # A one-line row (most rows): Qt's own painting, the same look and faster.
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        text, cell.text = cell.text, ""
        style = cell.widget.style() if cell.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, cell.widget)
        if not text:
            return
        group = QPalette.ColorGroup.Normal
        if not cell.state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif not cell.state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        selected = bool(cell.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        margin = self.margin()
        width = cell.rect.width() - 2 * margin
        layout = wrapped_lines(text, cell.font, width, cell.direction)
        painter.save()
        painter.setPen(cell.palette.color(group, role))
        painter.setClipRect(cell.rect)
        layout.draw(painter, QPointF(cell.rect.left() + margin, cell.rect.top() + ROW_PADDING))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        margin = self.margin()
        natural = line_width(QFontMetricsF(cell.font), cell.text) + 2 * margin
        width = cell.rect.width() if cell.rect.width() > 0 else natural
        height = text_height(cell.text, cell.font, width - 2 * margin, cell.direction)
        return QSize(min(natural, width), height + 2 * ROW_PADDING)


def _level(columns: list[tuple[int, int]], budget: int, highest: int) -> int:
    """The highest width to which the widest ``(least, content)`` columns can be brought
    down so that all of them fit ``budget`` (none below its least width)."""

    def total(level: int) -> int:
        return sum(max(least, min(content, level)) for least, content in columns)

    low, high = 0, max(highest, 0)
    while low < high:
        middle = (low + high + 1) // 2
        if total(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    return low


class ListTable(QTableView):
    """The app's table.  With ``words`` columns (``set_words``) its cells wrap and its
    columns follow its width (``fit``); without, it is a plain one-line table.  Emits
    ``fitted`` when it has set its rows' heights."""

    fitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: tuple[int, ...] = ()
        self._cells: list[list[tuple[str, QFont, int]]] | None = None  # rows of cells
        self._fitted: tuple[int, list[int]] = (-1, [])  # to the viewport's width: the widths
        # Wrapped heights by (text, bold, width): a page reads again after every change, and
        # most of its rows come back the same.
        self._heights: dict[tuple[str, bool, int], int] = {}
        self._widest: tuple[object, dict[int, int]] = (None, {})  # per cells: widest words
        self._fitting = False
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        # The rows below the first screenful get their heights on the next turn of the loop.
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(0)
        self._rest.timeout.connect(self._fit_rest)
        self._rest_from = 0
        self._widths: list[int] = []  # the columns' widths the rows were fitted to

    def set_words(self, columns: Sequence[int]) -> None:
        """Wrap every cell, and let ``columns`` (the client's words) take the width left."""
        self.words = tuple(columns)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(WrapDelegate(self))
        # A row taller than the list must still be read to its end.
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.row_height())
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._cells = None
        self.fit()

    def row_height(self) -> int:
        """A one-line row."""
        return self.fontMetrics().height() + 2 * ROW_PADDING

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is None:
            return
        model.modelReset.connect(self._contents_changed_now)
        for signal in (
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
        ):
            signal.connect(self._contents_changed)

    def _contents_changed_now(self) -> None:
        self._cells = None
        if self.words:
            self.fit()

    def _contents_changed(self, *_args: Any) -> None:
        self._cells = None
        if self.words:
            self._refit.start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.words:
            self.fit()

    def resizeEvent(self, event: Any) -> None:  # the viewport's size too
        super().resizeEvent(event)
        if self.words:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changes = (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.LayoutDirectionChange,
        )
        if self.words and event.type() in changes:
            self.verticalHeader().setDefaultSectionSize(self.row_height())
            self._cells = None
            self._heights.clear()
            self.fit()

    # --- fitting ----------------------------------------------------------------------------

    def _read_cells(self) -> list[list[tuple[str, QFont, int]]]:
        """Each cell's text, font and one-line width, read once per change of the rows
        straight from the ``RowTableModel`` (through the proxy, if there is one): asking
        Qt's model interface for two roles of every cell is several times slower."""
        model = self.model()
        if isinstance(model, WordFilterProxy):
            source, numbers = model.sourceModel(), model.source_rows()
        elif isinstance(model, QSortFilterProxyModel):
            source = model.sourceModel()
            numbers = [model.mapToSource(model.index(n, 0)).row() for n in range(model.rowCount())]
        else:
            source, numbers = model, list(range(model.rowCount()))
        if not isinstance(source, RowTableModel):
            raise TypeError("a list with words columns shows a RowTableModel")
        plain = self.font()
        bold = QFont(plain)
        bold.setBold(True)
        fonts = {False: (plain, QFontMetricsF(plain)), True: (bold, QFontMetricsF(bold))}
        known: dict[tuple[str, bool], int] = {}  # dates and levels repeat: measured once
        rows = []
        for number in numbers:
            cells = []
            for text, heavy in source.cells(number):
                font, metrics = fonts[heavy]
                width = known.get((text, heavy))
                if width is None:
                    width = known[text, heavy] = line_width(metrics, text)
                cells.append((text, font, width))
            rows.append(cells)
        return rows

    def _longest_word(self, cells: list[list[tuple[str, QFont, int]]], column: int) -> int:
        """The width of the widest word in ``column``, each distinct text measured once
        per change of the rows."""
        if self._widest[0] is not cells:
            self._widest = (cells, {})
        known = self._widest[1]
        if column not in known:
            metrics: dict[bool, QFontMetricsF] = {}
            seen: set[tuple[str, bool]] = set()
            widest = 0
            for cells_of in cells:
                text, font, _width = cells_of[column]
                if (text, font.bold()) in seen:
                    continue
                seen.add((text, font.bold()))
                measure = metrics.get(font.bold())
                if measure is None:
                    measure = metrics[font.bold()] = QFontMetricsF(font)
                widest = max([widest, *(line_width(measure, word) for word in text.split())])
            known[column] = widest
        return known[column]

    def column_widths(self, cells: list[list[tuple[str, QFont, int]]]) -> list[int]:
        """The widths that fill the list: the words columns at least half of it (no more
        than their content needs), the other columns their content's width, the widest of
        them brought down to a common level (never below their heading nor a few em) when
        that is too much; then the words columns share what is left, a short one on its
        one line when it can be."""
        header = self.horizontalHeader()
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 1
        shown = [column for column in range(header.count()) if not header.isSectionHidden(column)]
        heading = {column: header.sectionSizeHint(column) for column in shown}
        longest = {c: max((cells_of[c][2] for cells_of in cells), default=0) for c in shown}
        natural = {column: max(heading[column], longest[column] + margin) for column in shown}
        available = self.viewport().width()
        words = [column for column in shown if column in self.words] or shown[-1:]
        others = [column for column in shown if column not in words]
        em = self.fontMetrics().horizontalAdvance("M")
        minimum = {c: min(natural[c], max(heading[c], em * WORDS_MIN_EMS)) for c in words}
        content = {
            c: min(natural[c], max(heading[c], int(available * OTHER_COLUMN_SHARE))) for c in others
        }
        # The other columns never so narrow that a word of theirs ("Acknowledged") breaks,
        # unless it is longer than any word needs to be (a name joined by hyphens).
        whole = {
            c: min(content[c], self._longest_word(cells, c) + margin, em * WHOLE_WORD_EMS)
            for c in others
        }
        usual = {c: min(content[c], max(heading[c], em * OTHER_MIN_EMS)) for c in others}
        least = {c: max(whole[c], usual[c]) for c in others}
        # A list too narrow for every column's least width: all of them give in alike
        # (down to a half) rather than push a column out of sight; the others' whole
        # words give way first if the client's words would fall below their share.
        floors = sum(minimum.values()) + sum(least.values())
        if floors > available > 0:
            factor = max(NARROWEST_FACTOR, available / floors)
            scaled = {c: int(width * factor) for c, width in minimum.items()}
            kept = {c: max(whole[c], int(width * factor)) for c, width in least.items()}
            if sum(scaled.values()) + sum(kept.values()) > available:
                plain = sum(minimum.values()) + sum(usual.values())
                factor = max(NARROWEST_FACTOR, min(1.0, available / plain))
                scaled = {c: int(width * factor) for c, width in minimum.items()}
                kept = {c: int(width * factor) for c, width in usual.items()}
            minimum, least = scaled, kept
        wanted = sum(natural[column] for column in words) or 1
        at_least = {
            column: min(
                natural[column],
                max(minimum[column], int(available * WORDS_SHARE * natural[column] / wanted)),
            )
            for column in words
        }
        widths = dict.fromkeys(shown, 0)
        budget = available - sum(at_least.values())
        level = _level([(least[c], content[c]) for c in others], budget, available)
        for column in others:
            widths[column] = max(least[column], min(content[column], level))
        # What is left goes first, shortest first, to the words that fit on one line in a
        # little more than a fair share; the longer ones share the rest evenly (they wrap
        # anyway).
        room = available - sum(widths.values())
        pending = sorted(words, key=lambda column: natural[column])
        while pending:
            fair = room / len(pending)
            column = pending[0]
            rest = sum(minimum[c] for c in pending[1:])
            if natural[column] > fair * GENEROUS_SHARE or room - natural[column] < rest:
                break
            widths[column] = natural[column]
            room -= natural[column]
            pending.pop(0)
        for column in pending:
            widths[column] = max(minimum[column], int(room / len(pending)))
        # Still too wide (the others' whole words): the words share what there is, down
        # to a few em each, before the list scrolls sideways.
        over = sum(widths.values()) - available
        if over > 0:
            share = (sum(widths[column] for column in words) - over) // len(words)
            for column in words:
                widths[column] = min(widths[column], max(share, em * NARROWEST_EMS))
        # Any still spare goes to the words in proportion to their content (none to an
        # empty column), the pixels left by rounding to the last that has some.
        spare = available - sum(widths.values())
        if spare > 0:
            filled = [column for column in words if longest[column]] or words[-1:]
            total = sum(longest[column] for column in filled) or 1
            for column in filled:
                widths[column] += spare * longest[column] // total
            widths[filled[-1]] += available - sum(widths.values())
        return [widths.get(column, 0) for column in range(header.count())]

    def fit(self) -> None:
        """Set the columns' widths to the list's width and each row's height to its text."""
        model = self.model()
        if not self.words or model is None or self._fitting:
            return
        if not self.isVisible():  # a tab not in front: fitted when it is shown
            return
        self._fitting = True
        try:
            self._refit.stop()
            width = self.viewport().width()
            header = self.horizontalHeader()
            now = [header.sectionSize(column) for column in range(header.count())]
            if self._cells is not None and self._fitted == (width, now):
                return  # only the height changed: the rows stay as they are
            if self._cells is None:
                self._cells = self._read_cells()
            cells = self._cells
            # Again each time: restoring a header state kept from before brings back its modes.
            header.setStretchLastSection(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            widths = self.column_widths(cells)
            for column, size in enumerate(widths):
                if not header.isSectionHidden(column) and header.sectionSize(column) != size:
                    header.resizeSection(column, size)
            self._rest_from = self._fit_rows(cells, widths, 0, self._screenful())
            if self._rest_from < len(cells):
                self._rest.start()
            self._widths = widths
            # As the header holds them (it keeps its minimum size for an empty column), so
            # that a resize of the height alone finds nothing to do.
            self._fitted = (width, [header.sectionSize(c) for c in range(header.count())])
            if self.sizeAdjustPolicy() is QAbstractItemView.SizeAdjustPolicy.AdjustToContents:
                self.updateGeometry()  # a list that grows to its rows: they changed height
        finally:
            self._fitting = False
        self.fitted.emit()

    def _screenful(self) -> int:
        """The height whose rows are fitted at once: the list's, and as much again."""
        return 2 * max(
            self.viewport().height(),
            self.maximumHeight() if self.maximumHeight() < 10_000 else 0,
            400,
        )

    def _fit_rest(self) -> None:
        cells, widths = self._cells, self._widths
        if cells is None or not widths or self._rest_from >= len(cells):
            return
        self._fit_rows(cells, widths, self._rest_from)
        self._rest_from = len(cells)
        if self.sizeAdjustPolicy() is QAbstractItemView.SizeAdjustPolicy.AdjustToContents:
            self.updateGeometry()
        self.fitted.emit()

    def _fit_rows(
        self,
        cells: list[list[tuple[str, QFont, int]]],
        widths: list[int],
        first: int = 0,
        room_for: int | None = None,
    ) -> int:
        """Fit the rows from ``first`` on, until they fill ``room_for`` pixels (all of them
        when None); the row after the last fitted."""
        vertical = self.verticalHeader()
        # The text's room as the delegate paints it: the cell less its grid line and margins.
        grid = 1 if self.showGrid() else 0
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        one_line = self.row_height()
        filled = 0
        for row in range(first, len(cells)):
            if room_for is not None and filled > room_for:
                return row
            cells_of = cells[row]
            height = one_line
            for column, (text, font, advance) in enumerate(cells_of):
                room = widths[column] - grid - margin
                if advance > room:
                    key = (text, font.bold(), room)
                    wrapped = self._heights.get(key)
                    if wrapped is None:
                        if len(self._heights) > MEASURED_KEPT:
                            self._heights.clear()
                        wrapped = text_height(text, font, room, self.layoutDirection())
                        self._heights[key] = wrapped
                    height = max(height, wrapped + 2 * ROW_PADDING)
            if vertical.sectionSize(row) != height:
                vertical.resizeSection(row, height)
            filled += height
        return len(cells)


def list_table(
    model: QAbstractItemModel, sort_column: int = 0, words: Sequence[int] = ()
) -> ListTable:
    """A table for ``model``: whole rows selected one at a time, sorted by ``sort_column``
    (-1: kept in the model's order until the coach clicks a header).  ``words`` are the
    columns of the client's words: the table then wraps and fits (``ListTable``)."""
    table = ListTable()
    table.setModel(model)
    table.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    if words:
        table.set_words(words)
    return table


def on_delete_key(
    view: QWidget,
    slot: Callable[[], None],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> None:
    """Run ``slot`` when Delete is pressed in ``view`` (or in its children, unless
    ``context`` says ``WidgetShortcut``: the view itself must have the focus)."""
    action = QAction(view)
    action.setShortcut(QKeySequence.StandardKey.Delete)
    action.setShortcutContext(context)
    action.triggered.connect(slot)
    view.addAction(action)


def with_empty_state(view: QWidget) -> tuple[QStackedWidget, QLabel]:
    """A stack showing ``view``, or in its place a label saying what to do next."""
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setObjectName("emptyState")
    stack = QStackedWidget()
    stack.addWidget(view)
    stack.addWidget(label)
    return stack, label
