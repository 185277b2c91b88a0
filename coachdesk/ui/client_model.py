"""The clients list: a thin table model and a proxy that filters as you type."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from coachdesk.domain.clients import ClientRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def format_when(value: datetime | None) -> str:
    """A session time in the coach's local time zone and locale, or an empty string."""
    if value is None:
        return ""
    local = QDateTime(value).toLocalTime()
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


class ClientTableModel(QAbstractTableModel):
    NAME, STATUS, ORGANISATION, LAST_SESSION, NEXT_SESSION = range(5)
    HEADERS = ("Name", "Status", "Organisation", "Last session", "Next session")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ClientRow] = []

    def set_rows(self, rows: list[ClientRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
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
        if role == SORT_ROLE:
            return self._sort_key(client, column)
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
            # Clients without a session sort after those with one, in either direction's
            # natural reading (oldest first or soonest first).
            return value.timestamp() if value is not None else float("inf")
        return None


class ClientFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key and keeps the rows whose text contains every word typed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

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
