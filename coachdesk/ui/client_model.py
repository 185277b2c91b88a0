"""The clients list: a thin table model and a proxy that filters as you type.

Sorting happens in the source model with one Python sort over precomputed
keys: letting ``QSortFilterProxyModel`` sort calls back into Python for every
comparison, which takes a tenth of a second for a few thousand clients.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from coachdesk.domain.clients import ClientRow
from coachdesk.ui.timefmt import format_when

ID_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    NAME, STATUS, ORGANISATION, LAST_SESSION, NEXT_SESSION = range(5)
    HEADERS = ("Name", "Status", "Organisation", "Last session", "Next session")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ClientRow] = []
        self._sort_column = self.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: list[ClientRow]) -> None:
        """Replace every row, kept in the current sort order."""
        self.beginResetModel()
        self._rows = self._sorted(rows)
        self.endResetModel()

    def row_for_id(self, client_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == client_id:
                return number
        return None

    def client_at(self, row: int) -> ClientRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        client = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(client, column)
        if role == ID_ROLE:
            return client.id
        if role == FILTER_ROLE:
            return " ".join(
                (client.name, client.preferred_name, client.organisation, client.email)
            ).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME and client.email:
            return client.email
        return None

    def _display(self, client: ClientRow, column: int) -> str | None:
        if column == self.NAME:
            if client.preferred_name and client.preferred_name != client.name:
                return f"{client.name} ({client.preferred_name})"
            return client.name
        if column == self.STATUS:
            return self.tr(client.status.label)
        if column == self.ORGANISATION:
            return client.organisation
        if column == self.LAST_SESSION:
            return format_when(client.last_session)
        if column == self.NEXT_SESSION:
            return format_when(client.next_session)
        return None

    def _sort_key(self, client: ClientRow, column: int) -> Any:
        if column == self.NAME:
            return client.name.casefold()
        if column == self.STATUS:
            return client.status.label
        if column == self.ORGANISATION:
            return client.organisation.casefold()
        if column in (self.LAST_SESSION, self.NEXT_SESSION):
            value = client.last_session if column == self.LAST_SESSION else client.next_session
            return value.timestamp() if value is not None else None
        return None

    def _sorted(self, rows: list[ClientRow]) -> list[ClientRow]:
        """``rows`` in the current order; rows without a value (no session) always come last."""
        keyed = [(self._sort_key(row, self._sort_column), row) for row in rows]
        present = [pair for pair in keyed if pair[0] is not None]
        missing = [pair[1] for pair in keyed if pair[0] is None]
        present.sort(
            key=lambda pair: (pair[0], pair[1].name.casefold(), pair[1].id),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )
        return [row for _key, row in present] + missing

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        old_rows = self._rows
        self._rows = self._sorted(old_rows)
        new_position = {row.id: number for number, row in enumerate(self._rows)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(new_position[old_rows[index.row()].id], index.column())
            for index in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()


class ClientFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose text contains every word typed; sorting is passed to the source."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_filter_words(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = model.data(model.index(source_row, 0, source_parent), FILTER_ROLE) or ""
        return all(word in haystack for word in self._words)
