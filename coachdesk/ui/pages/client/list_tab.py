"""A list tab of the client page: a row of buttons over one of the lists of
``widgets.lists``, an empty state in place of an empty list, the selected row kept
across a reload, and the sorting remembered (the widths follow the window)."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from coachdesk.display.translate import translator
from coachdesk.ui.widgets.lists import list_table, on_delete_key, with_empty_state
from coachdesk.ui.widgets.row_model import ROW_ROLE, RowTableModel, WordFilterProxy

SETTINGS_KEY = "client_page"

_tr = translator("ListTab")


def wrapped_tip(text: str) -> str | None:
    """A tooltip that wraps (rich text does), for long free text."""
    if not text.strip():
        return None
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def level_text(level: int, words: Mapping[int, str]) -> str:
    """A 1-3 level as the dialogs name it: "3 — essential"."""
    word = words.get(level)
    return f"{level} — {_tr(word)}" if word else str(level)


class ListTab(QWidget):
    """A tab with a row of buttons, a table and an empty state in place of an empty table.

    ``words`` are the columns of the client's words (and the coach's notes): they wrap
    and share the width the other columns leave (``widgets.lists.ListTable``).  The rows
    are sorted by the first column, last first, until the coach clicks a header."""

    def __init__(
        self,
        name: str,
        model: RowTableModel,
        settings: QSettings,
        words: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.settings = settings
        self.model = model
        self.proxy = WordFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.table = list_table(self.proxy, words=words)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setObjectName(f"{name}Table")

        self.stack, self.empty_label = with_empty_state(self.table)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)

        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.bar)
        layout.addWidget(self.stack, 1)

    def add_button(self, text: str, slot: Callable[[], None], tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        self.bar.addWidget(button)
        return button

    def on_delete_key(self, slot: Callable[[], None]) -> None:
        """Delete runs ``slot`` while the table itself has the focus."""
        on_delete_key(self.table, slot, Qt.ShortcutContext.WidgetShortcut)

    def on_open(self, slot: Callable[[], None]) -> None:
        self.table.activated.connect(lambda _index: slot())

    def update_buttons(self) -> None:
        """Enable the tab's buttons for the selected row (for a tab that has such buttons)."""

    # --- rows and selection -----------------------------------------------------------------

    def selected(self) -> Any:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return None if row is None else row.id

    def set_rows(self, rows: Sequence[Any], empty_text: str, keep: bool = True) -> None:
        """Show ``rows``; the selected row stays selected (or its neighbour, if it went)."""
        selected_id, position = None, -1
        if keep:
            indexes = self.table.selectionModel().selectedRows()
            if indexes:
                selected_id, position = self.selected_id(), indexes[0].row()
        self.model.set_rows(rows)
        self.refresh_empty(empty_text)
        if selected_id is not None and not self.select_id(selected_id):
            count = self.proxy.rowCount()
            if count:
                self.table.selectRow(min(position, count - 1))

    def refresh_empty(self, empty_text: str) -> None:
        if self.proxy.rowCount(QModelIndex()) > 0:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(empty_text)
            self.stack.setCurrentWidget(self.empty_label)

    def select_id(self, row_id: int) -> bool:
        row = self.model.row_for_id(row_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    # --- remembered state -------------------------------------------------------------------

    def save_state(self) -> None:
        self.settings.setValue(
            f"{SETTINGS_KEY}/{self.name}/header", self.table.horizontalHeader().saveState()
        )

    def restore_state(self) -> None:
        state = self.settings.value(f"{SETTINGS_KEY}/{self.name}/header")
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)
            self.table.fit()
