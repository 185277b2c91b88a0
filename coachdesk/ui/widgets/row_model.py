"""A generic table model over a list of plain rows, and a model that filters it as you type.

Each list in the app declares its columns (``Column``): a header, how a row
displays in it, and optionally a sort key, a tooltip and a warning flag.
Sorting happens in the model with one Python sort over precomputed keys:
letting ``QSortFilterProxyModel`` sort calls back into Python for every
comparison, which is slow for thousands of rows.  Rows whose sort key is
``None`` always come last.

Filtering is not a ``QSortFilterProxyModel`` either (``WordFilterProxy``): that one asks
Python about every row at each keystroke, and reaches every painted cell through the
source's index, three calls into Python per cell and role.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont

from coachdesk.domain.folding import folded
from coachdesk.ui.widgets.style import warning_color

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
ROW_ROLE = Qt.ItemDataRole.UserRole + 4

# The roles as plain numbers: a cell is asked for several roles each time it is painted,
# and looking a role up in ``Qt.ItemDataRole`` costs about half a microsecond.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ID, _FILTER, _ROW = int(ID_ROLE), int(FILTER_ROLE), int(ROW_ROLE)

PREPARE_DELAY_MS = 50
"""After the rows are set, the filter's texts are folded this much later (once the list
has painted), so that the first keystroke only filters."""

FOLDED_KEPT = 50_000
"""Folded texts and words a list remembers (names and places repeat from row to row, and
a list read again brings its rows back)."""


def filter_folded(text: str, known: dict[str, str]) -> str:
    """``folded(text)``, quicker: plain ASCII is only lower-cased, and each other word
    (between spaces) is folded once and looked up in ``known`` after that.  Folding works
    a character at a time, so the words folded alone and joined are the text folded."""
    if text.isascii():
        return text.lower()
    words = []
    for word in text.split(" "):
        found = known.get(word)
        if found is None:
            found = known[word] = word.lower() if word.isascii() else folded(word)
        words.append(found)
    return " ".join(words)


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str | None] | None = None
    warning: Callable[[Row], bool] | None = None
    bold: Callable[[Row], bool] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of any plain type with an ``id`` attribute, shown through ``columns``.

    A subclass that shows a cell differently overrides ``cell``, not ``data``: the filter
    (``WordFilterProxy``) reads cells through ``cell``.  ``ANSWERED`` are the roles it
    answers (the others are turned away at once); a subclass answering another adds it."""

    ANSWERED: frozenset[int] = frozenset(
        (_DISPLAY, _ID, _ROW, _FILTER, _TOOLTIP, _FOREGROUND, _FONT)
    )

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        haystack: Callable[[Row], str] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._haystack = haystack
        self._rows: list[Row] = []
        self._given: list[Row] = []  # the rows in the order they were given (no sort)
        # Each row's texts, worked out once per set_rows: a list that fits its rows reads
        # them all, and painting asks again for every cell in view.
        self._texts: dict[int, list[str]] = {}
        self._filter_texts: dict[int, str] = {}  # by id(row): folded once per set_rows
        self._filter_list: list[str] | None = None  # the same, in the rows' order
        self._folded_words: dict[str, str] = {}  # texts and words; kept from read to read
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row, kept in the current sort order."""
        self.beginResetModel()
        self._texts = {}
        self._filter_texts = {}
        self._filter_list = None
        self._given = list(rows)
        self._rows = self._sorted(self._given)
        self.endResetModel()

    def filter_text(self, number: int) -> str:
        """What the filter looks in for row ``number``: its haystack, folded as every
        filter folds what is typed (``domain.folding``), worked out once per set_rows."""
        if self._haystack is None:
            return ""
        row = self._rows[number]
        found = self._filter_texts.get(id(row))
        if found is None:
            found = self._filter_texts[id(row)] = self._fold(self._haystack(row))
        return found

    def has_haystack(self) -> bool:
        """Whether the rows have a text to filter (a list without one shows them all)."""
        return self._haystack is not None

    def filter_texts(self) -> list[str]:
        """``filter_text`` of every row, in order (the list is kept until the rows change
        or are sorted: the filter reads it at every keystroke)."""
        if self._filter_list is None:
            haystack = self._haystack
            if haystack is None:
                self._filter_list = [""] * len(self._rows)
                return self._filter_list
            known, fold = self._filter_texts, self._fold
            texts = []
            for row in self._rows:
                found = known.get(id(row))
                if found is None:
                    found = known[id(row)] = fold(haystack(row))
                texts.append(found)
            self._filter_list = texts
        return self._filter_list

    def _fold(self, text: str) -> str:
        """``filter_folded``, remembered: a list read again mostly brings its rows back."""
        known = self._folded_words
        found = known.get(text)
        if found is None:
            if len(known) > FOLDED_KEPT:
                known = self._folded_words = {}
            found = known[text] = filter_folded(text, known)
        return found

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_for_id(self, row_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == row_id:  # type: ignore[attr-defined]
                return number
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.tr(self.columns[section].header)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, number: int, column_number: int, role: int) -> Any:
        """What ``data`` gives for row ``number`` and ``column_number`` in ``role``."""
        if role not in self.ANSWERED or not 0 <= number < len(self._rows):
            return None
        row = self._rows[number]
        if role == _DISPLAY:
            return self._shown(row)[column_number]
        if role == _ID:
            return row.id  # type: ignore[attr-defined]
        if role == _ROW:
            return row
        if role == _FILTER:
            return self.filter_text(number)
        column = self.columns[column_number]
        if role == _TOOLTIP and column.tooltip is not None:
            return column.tooltip(row)
        if role == _FOREGROUND and column.warning and column.warning(row):
            return warning_color()
        if role == _FONT and column.bold and column.bold(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def cells(self, row: int) -> list[tuple[str, bool]]:
        """Row ``row``'s text and boldness in every column, as ``data`` gives them (for a
        list that measures every row)."""
        item = self._rows[row]
        return [
            (text, bool(column.bold and column.bold(item)))
            for text, column in zip(self._shown(item), self.columns, strict=True)
        ]

    def _shown(self, item: Row) -> list[str]:
        texts = self._texts.get(id(item))  # the rows are held (self._given) while cached
        if texts is None:
            texts = self._texts[id(item)] = [column.display(item) for column in self.columns]
        return texts

    def _sorted(self, rows: list[Row]) -> list[Row]:
        if not 0 <= self._sort_column < len(self.columns):
            return list(rows)
        column = self.columns[self._sort_column]
        key = column.sort_key or (lambda row: column.display(row).casefold())
        keyed = [(key(row), row) for row in rows]
        present = [item for item in keyed if item[0] is not None]
        missing = [item[1] for item in keyed if item[0] is None]
        # Python's sort is stable in both directions: equal keys keep their given order.
        present.sort(
            key=lambda item: item[0], reverse=self._sort_order == Qt.SortOrder.DescendingOrder
        )
        return [item[1] for item in present] + missing

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``; by no column (-1), back to the order the rows were given in."""
        if column >= len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = max(column, -1), order
        self._filter_list = None
        old_rows = self._rows
        self._rows = self._sorted(self._given if self._sort_column < 0 else old_rows)
        position = {id(row): number for number, row in enumerate(self._rows)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(position[id(old_rows[index.row()])], index.column()) for index in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()


class WordFilterProxy(QAbstractTableModel):
    """The rows of a ``RowTableModel`` whose FILTER_ROLE text contains every word typed,
    in the source's order; an optional predicate narrows further, and a pinned row shows
    whatever they say.  Sorting is passed to the source model.

    It keeps the rows it shows as a list of the source's row numbers, worked out in one
    pass over the source's folded texts (``RowTableModel.filter_texts``), and reads each
    cell straight from the source (``RowTableModel.cell``).  A change of the filter is a
    layout change: the selection and the current row stay while they still show.  The
    source changes its rows by a reset (``set_rows``) or a layout change (``sort``); rows
    inserted or removed are taken as a reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: RowTableModel | None = None
        self._connections: list[tuple[Any, Callable[..., None]]] = []
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None
        self._pinned: int | None = None
        self._shown: list[int] | None = None  # the source's rows in view; None: all of them
        self._where: dict[int, int] | None = None  # source row -> row here (when needed)
        self._count = 0
        self._answered: frozenset[int] = frozenset()
        self._kept: tuple[list[QModelIndex], list[tuple[Any, int]]] = ([], [])
        self._prepare = QTimer(self)
        self._prepare.setSingleShot(True)
        self._prepare.setInterval(PREPARE_DELAY_MS)
        self._prepare.timeout.connect(self._prepare_texts)

    # --- the source -------------------------------------------------------------------------

    def setSourceModel(self, model: RowTableModel) -> None:
        if not isinstance(model, RowTableModel):
            raise TypeError("WordFilterProxy filters a RowTableModel")
        if type(model).data is not RowTableModel.data:
            raise TypeError(f"{type(model).__name__} overrides data: override cell instead")
        self.beginResetModel()
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._source = model
        self._answered = model.ANSWERED
        self._connections = [
            (model.modelAboutToBeReset, self._source_resetting),
            (model.modelReset, self._source_reset),
            (model.rowsAboutToBeInserted, self._source_resetting),
            (model.rowsInserted, self._source_reset),
            (model.rowsAboutToBeRemoved, self._source_resetting),
            (model.rowsRemoved, self._source_reset),
            (model.columnsAboutToBeInserted, self._source_resetting),
            (model.columnsInserted, self._source_reset),
            (model.columnsAboutToBeRemoved, self._source_resetting),
            (model.columnsRemoved, self._source_reset),
            (model.layoutAboutToBeChanged, self._source_layout_changing),
            (model.layoutChanged, self._source_layout_changed),
            (model.dataChanged, self._source_data_changed),
            (model.headerDataChanged, self.headerDataChanged.emit),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._refilter()
        self.endResetModel()
        self._prepare_soon()

    def sourceModel(self) -> RowTableModel | None:
        return self._source

    def _source_resetting(self, *_args: Any) -> None:
        self.beginResetModel()

    def _source_reset(self, *_args: Any) -> None:
        self._refilter()
        self.endResetModel()
        self._prepare_soon()

    def _prepare_soon(self) -> None:
        """Fold the source's texts a moment after its rows changed, unless a filter in use
        has already done so (``_refilter``)."""
        if self._source is not None and self._source.has_haystack() and not self._words:
            self._prepare.start()

    def _prepare_texts(self) -> None:
        if self._source is not None:
            self._source.filter_texts()

    def _source_layout_changing(self, *_args: Any) -> None:
        """The source is about to sort its rows: note the rows our persistent indexes
        (the selection, the current row) are on, to find them again after."""
        self.layoutAboutToBeChanged.emit()
        source = self._source
        kept = self.persistentIndexList()
        at = [(source.row_at(self.source_row(index.row())), index.column()) for index in kept]
        self._kept = (kept, at)

    def _source_layout_changed(self, *_args: Any) -> None:
        kept, at = self._kept
        self._kept = ([], [])
        self._refilter()
        if kept:
            source = self._source
            number = {id(source.row_at(self.source_row(n))): n for n in range(self._count)}
            self.changePersistentIndexList(
                kept,
                [
                    self.index(number[id(row)], column) if id(row) in number else QModelIndex()
                    for row, column in at
                ],
            )
        self.layoutChanged.emit()

    def _source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, *_: Any
    ) -> None:
        if self._count:
            self.dataChanged.emit(
                self.index(0, top_left.column()), self.index(self._count - 1, bottom_right.column())
            )

    # --- filtering --------------------------------------------------------------------------

    def set_filter_words(self, text: str) -> None:
        """Keep the rows with every word typed (folded: case, accents, width); a pinned row
        is let go."""
        words = folded(text).split()
        if words == self._words and self._pinned is None:
            return  # a space more or less: the same rows
        self._change(lambda: self._set_words(words))

    def _set_words(self, words: list[str]) -> None:
        self._words, self._pinned = words, None

    def pin(self, row_id: int) -> bool:
        """Show the row with ``row_id`` whatever the filter says, until the filter changes
        (a record just saved is never hidden); whether the filter alone would hide it."""
        source = self._source
        row = source.row_for_id(row_id) if source is not None else None
        hidden = row is not None and not self.accepts_row(row)
        self._change(lambda: setattr(self, "_pinned", row_id if hidden else None))
        return hidden

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._change(lambda: setattr(self, "_predicate", predicate))

    def accepts_row(self, source_row: int) -> bool:
        """Whether the words and the predicate keep the source's row ``source_row`` (a
        pinned row aside)."""
        source = self._source
        if source is None:
            return False
        if self._predicate is not None and not self._predicate(source.row_at(source_row)):
            return False
        haystack = source.filter_text(source_row) if self._words else ""
        return all(word in haystack for word in self._words)

    def _change(self, change: Callable[[], None]) -> None:
        """Make ``change`` to the filter, the rows in view following it as a layout change:
        the persistent indexes go with their rows, or become invalid with a row hidden.
        When the same rows stay in view (one more letter of a word already told apart),
        nothing changes and nothing is repainted."""
        change()
        shown = self._filtered()
        if shown == self._shown:
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        at = [(self.source_row(index.row()), index.column()) for index in kept]
        self._show(shown)
        if kept:
            self.changePersistentIndexList(
                kept, [self._index_of(source_row, column) for source_row, column in at]
            )
        self.layoutChanged.emit()

    def _refilter(self) -> None:
        self._show(self._filtered())

    def _show(self, shown: list[int] | None) -> None:
        self._shown, self._where = shown, None
        if shown is not None:
            self._count = len(shown)
        else:
            self._count = self._source.rowCount() if self._source is not None else 0

    def _filtered(self) -> list[int] | None:
        """The source's rows the filter keeps, in order; None for all of them."""
        source = self._source
        if source is None:
            return []
        if not self._words and self._predicate is None:
            return None
        numbers: Sequence[int] = range(source.rowCount())
        if self._predicate is not None:
            predicate, row_at = self._predicate, source.row_at
            numbers = [n for n in numbers if predicate(row_at(n))]
        if self._words:
            texts = source.filter_texts()
            for word in self._words:
                numbers = [n for n in numbers if word in texts[n]]
        shown = list(numbers)
        pinned = source.row_for_id(self._pinned) if self._pinned is not None else None
        if pinned is not None and pinned not in shown:
            insort(shown, pinned)
        return shown

    # --- rows here and in the source --------------------------------------------------------

    def source_row(self, row: int) -> int:
        """The source's row shown as row ``row``."""
        return row if self._shown is None else self._shown[row]

    def source_rows(self) -> list[int]:
        """The source's rows in view, in order."""
        return list(range(self._count)) if self._shown is None else list(self._shown)

    def _row_of(self, source_row: int) -> int | None:
        if self._shown is None:
            return source_row if 0 <= source_row < self._count else None
        if self._where is None:
            self._where = {number: row for row, number in enumerate(self._shown)}
        return self._where.get(source_row)

    def _index_of(self, source_row: int, column: int) -> QModelIndex:
        row = self._row_of(source_row)
        return QModelIndex() if row is None else self.index(row, column)

    def mapToSource(self, index: Index) -> QModelIndex:
        if self._source is None or not index.isValid():
            return QModelIndex()
        return self._source.index(self.source_row(index.row()), index.column())

    def mapFromSource(self, index: Index) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        return self._index_of(index.row(), index.column())

    # --- the model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        source = self._source
        return 0 if parent.isValid() or source is None else len(source.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Each painted cell is asked for seven roles, most of which no list answers.
        if role not in self._answered or not index.isValid():
            return None
        row = index.row()
        shown = self._shown
        if shown is not None:
            if not 0 <= row < len(shown):
                return None
            row = shown[row]
        return self._source.cell(row, index.column(), role)  # type: ignore[union-attr]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        source = self._source
        return None if source is None else source.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
