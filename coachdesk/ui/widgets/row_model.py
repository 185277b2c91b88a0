"""A generic table model over a list of plain rows, and a proxy that filters as you type.

Each list in the app declares its columns (``Column``): a header, how a row
displays in it, and optionally a sort key, a tooltip and a warning flag.
Sorting happens in the model with one Python sort over precomputed keys:
letting ``QSortFilterProxyModel`` sort calls back into Python for every
comparison, which is slow for thousands of rows.  Rows whose sort key is
``None`` always come last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from coachdesk.domain.folding import folded
from coachdesk.ui.widgets.style import warning_color

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
ROW_ROLE = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str | None] | None = None
    warning: Callable[[Row], bool] | None = None
    bold: Callable[[Row], bool] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of any plain type with an ``id`` attribute, shown through ``columns``."""

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
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row, kept in the current sort order."""
        self.beginResetModel()
        self._texts = {}
        self._filter_texts = {}
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
            found = self._filter_texts[id(row)] = folded(self._haystack(row))
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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(row)[index.column()]
        if role == ID_ROLE:
            return row.id  # type: ignore[attr-defined]
        if role == ROW_ROLE:
            return row
        if role == FILTER_ROLE:
            return self.filter_text(index.row())
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.warning and column.warning(row):
            return warning_color()
        if role == Qt.ItemDataRole.FontRole and column.bold and column.bold(row):
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
        old_rows = self._rows
        self._rows = self._sorted(self._given if self._sort_column < 0 else old_rows)
        position = {id(row): number for number, row in enumerate(self._rows)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(position[id(old_rows[index.row()])], index.column()) for index in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()


class WordFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose FILTER_ROLE text contains every word typed; an optional
    predicate narrows further.  Sorting is passed to the source model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None
        self._pinned: int | None = None

    def set_filter_words(self, text: str) -> None:
        """Keep the rows with every word typed (folded: case, accents, width); a pinned row
        is let go."""
        self.beginFilterChange()
        self._words = folded(text).split()
        self._pinned = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def pin(self, row_id: int) -> bool:
        """Show the row with ``row_id`` whatever the filter says, until the filter changes
        (a record just saved is never hidden); whether the filter alone would hide it."""
        source = self.sourceModel()
        row = source.row_for_id(row_id) if isinstance(source, RowTableModel) else None
        self._pinned = None
        hidden = row is not None and not self.filterAcceptsRow(row, QModelIndex())
        self.beginFilterChange()
        self._pinned = row_id if hidden else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        return hidden

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words and self._predicate is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._pinned is not None and index.data(ID_ROLE) == self._pinned:
            return True
        if self._predicate is not None and not self._predicate(index.data(ROW_ROLE)):
            return False
        haystack = index.data(FILTER_ROLE) or ""
        return all(word in haystack for word in self._words)
