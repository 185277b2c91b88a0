"""The bases of the main window's data pages (Today, Clients, Sessions, Your practice, a
client's page): what the window may ask of whichever page is in view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from coachdesk.ui.widgets.row_model import ID_ROLE

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from coachdesk.storage.database import Database


class Page(QWidget):
    """A page built on the open data file; it reads it again when asked.

    ``status_message(text)`` puts a line in the window's status bar (what was saved,
    what an undo did)."""

    status_message = Signal(str)

    def __init__(self, db: Database, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings

    def reload(self) -> None:
        """Read again what the page shows (after a write elsewhere, an undo, a restore)."""
        raise NotImplementedError

    def save_state(self) -> None:
        """Keep the page's view state (columns, sorting, tab, period) in the settings."""


class EditingPage(Page):
    """A page whose writes can be undone, on the window's one undo stack."""

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, settings, parent)
        self.undo_stack = undo_stack


class ListPage(EditingPage):
    """A page that is a filtered list of records: its ``table`` (a ``QTableView``) shows
    its ``model`` (a ``RowTableModel``) through its ``proxy``, and its ``filter_edit``
    filters it; the subclass builds all four."""

    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return indexes[0].data(ID_ROLE)

    def select_id(self, record_id: int) -> None:
        row = self.model.row_for_id(record_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def wire_filter_keys(self) -> None:
        """In the filter, Down moves into the list and Enter opens the selected record (the
        first one when none is)."""
        self.filter_edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and isinstance(event, QKeyEvent):
            key = event.key()
            if event.type() == QEvent.Type.KeyPress and key in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                index = self._current_or_first()
                if index is None:
                    return False
                self.table.setCurrentIndex(index)
                self.table.selectRow(index.row())
                if key == Qt.Key.Key_Down:
                    self.table.setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    self.table.activated.emit(index)
                return True
        return super().eventFilter(watched, event)

    def _current_or_first(self) -> QModelIndex | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0]
        if self.proxy.rowCount() == 0:
            return None
        return self.proxy.index(0, 0)

    def show_saved(self, record_id: int, what: str) -> None:
        """Select the record just saved; when the filter would hide it, show it anyway and
        say so (``what``: the record, as the coach would name it)."""
        hidden = self.proxy.pin(record_id)
        self.select_id(record_id)
        if hidden:
            self.status_message.emit(
                self.tr("Saved {what}. It is shown although it does not match “{text}”.").format(
                    what=what, text=self.filter_edit.text().strip()
                )
            )
