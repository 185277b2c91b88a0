"""The Clients page: the list of clients, filter as you type, add, edit, delete with undo."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.vocab import ClientStatus
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.database import Database
from coachdesk.ui.common.attempt import attempt, delete_with_undo, open_dialog, write_and_reload
from coachdesk.ui.common.messages import confirm
from coachdesk.ui.pages.base import ListPage
from coachdesk.ui.pages.client_model import ClientFilterProxy, ClientTableModel
from coachdesk.ui.widgets.lists import list_table, on_delete_key, with_empty_state

if TYPE_CHECKING:
    from coachdesk.storage.clients import ClientContents

# The page is built at start-up to paint the clients list as early as possible; what
# writes (the dialog, storage.clients) pulls in SQLAlchemy, so it is imported on first use.

logger = logging.getLogger(__name__)


def describe_contents(contents: ClientContents) -> str:
    """'their 14 sessions, 6 things that matter to them and 2 breaches' (only what exists)."""
    parts = []
    for count, one, many in (
        (contents.sessions, "session", "sessions"),
        (contents.matters, "thing that matters to them", "things that matter to them"),
        (contents.breaches, "breach and its repair", "breaches and their repairs"),
        (contents.promises, "promise", "promises"),
        (contents.feedback, "feedback record", "feedback records"),
    ):
        if count:
            parts.append(f"{count:,} {one if count == 1 else many}")
    if not parts:
        return ""
    if len(parts) == 1:
        return f"their {parts[0]}"
    return "their " + ", ".join(parts[:-1]) + f" and {parts[-1]}"


class ClientsPage(ListPage):
    """Emits ``status_message`` for the main window's status bar."""

    open_client = Signal(int)

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, undo_stack, settings, parent)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, organisation or email"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.wire_filter_keys()

        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setToolTip(self.tr("Open the client's page (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.new_button = QPushButton(self.tr("&New client…"))
        self.new_button.setToolTip(self.tr("Add a client (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_client)
        self.edit_button = QPushButton(self.tr("Edi&t…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)

        self.model = ClientTableModel(self)
        self.proxy = ClientFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(self.proxy, ClientTableModel.NAME)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ClientTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(ClientTableModel.STATUS, 90)
        header.resizeSection(ClientTableModel.ORGANISATION, 200)
        header.resizeSection(ClientTableModel.LAST_SESSION, 140)
        header.resizeSection(ClientTableModel.NEXT_SESSION, 140)
        # Enter or double-click opens the client (Qt emits activated for both).
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        on_delete_key(self.table, self.delete_selected)
        self.stack, self.empty_label = with_empty_state(self.table)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.proxy.modelReset.connect(self._update_empty_state)
        self.proxy.rowsInserted.connect(self._update_empty_state)
        self.proxy.rowsRemoved.connect(self._update_empty_state)
        self.proxy.layoutChanged.connect(self._update_empty_state)  # the filter, a pinned row
        self.restore_state()
        self._update_buttons()

    # --- data -------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Read the clients again, keeping (or moving to) the selected one."""
        keep = select_id if select_id is not None else self.selected_id()
        loaded = attempt(self, lambda: list_clients(self.db))
        if not loaded or loaded.value is None:
            return
        self.model.set_rows(loaded.value)
        if keep is not None:
            self.select_id(keep)
        self._update_empty_state()
        self._update_buttons()

    # --- actions ----------------------------------------------------------------------------

    def new_client(self) -> None:
        from coachdesk.ui.dialogs.client import ClientDialog

        dialog = ClientDialog(self.db, parent=self)
        dialog.saved.connect(self._on_saved)
        dialog.exec()

    def open_selected(self) -> None:
        client_id = self.selected_id()
        if client_id is not None:
            self.open_client.emit(client_id)

    def edit_selected(self) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        from coachdesk.ui.dialogs.client import ClientDialog

        open_dialog(
            self,
            lambda: ClientDialog(self.db, client_id, parent=self),
            on_gone=self.reload,
            on_saved=self._on_saved,
        )

    def _on_saved(self, client_id: int) -> None:
        self.reload(select_id=client_id)
        self.status_message.emit(self.tr("Client saved."))
        row = self.model.row_for_id(client_id)
        if row is not None:
            self.show_saved(client_id, self.model.row_at(row).name)
            self._update_empty_state()

    def set_status(self, status: ClientStatus) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        from coachdesk.storage.clients import set_client_status

        write_and_reload(
            self,
            lambda: set_client_status(self.db, client_id, status),
            None,
            lambda: self.reload(select_id=client_id),
        )

    def delete_selected(self) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        from coachdesk.storage.clients import client_contents, delete_client

        read = attempt(self, lambda: client_contents(self.db, client_id), on_gone=self.reload)
        if not read or read.value is None:
            return
        contents = read.value
        also = describe_contents(contents)
        message = self.tr("Delete {name}?").format(name=contents.name)
        if also:
            message += " " + self.tr("This also deletes {also}.").format(also=also)
        message += "\n\n" + self.tr("You can undo this with Ctrl+Z until you close CoachDesk.")
        if not confirm(self, self.tr("Delete client"), message, self.tr("Delete")):
            return
        delete_with_undo(
            self,
            self.db,
            self.undo_stack,
            delete=lambda: delete_client(self.db, client_id),
            label=contents.name,
            reload=self.reload,
            refresh=lambda: self.reload(select_id=client_id),
            report=self.status_message.emit,
        )

    def _context_menu(self, position: QPoint) -> None:
        if self.selected_id() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), self.open_selected)
        menu.addAction(self.tr("Edit…"), self.edit_selected)
        status_menu = menu.addMenu(self.tr("Set status"))
        for status in ClientStatus:
            status_menu.addAction(self.tr(status.label), lambda s=status: self.set_status(s))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(position))

    # --- view state -------------------------------------------------------------------------

    def _on_filter(self, text: str) -> None:
        self.proxy.set_filter_words(text)
        self._update_empty_state()

    def _update_buttons(self) -> None:
        has_selection = self.selected_id() is not None
        self.open_button.setEnabled(has_selection)
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def _update_empty_state(self, *_args: object) -> None:
        if self.proxy.rowCount(QModelIndex()) > 0:
            self.stack.setCurrentWidget(self.table)
            return
        if self.model.rowCount() == 0:
            self.empty_label.setText(
                self.tr("No clients yet — press Ctrl+N to add your first client.")
            )
        else:
            self.empty_label.setText(
                self.tr("No client matches “{text}”. Clear the filter to see everyone.").format(
                    text=self.filter_edit.text().strip()
                )
            )
        self.stack.setCurrentWidget(self.empty_label)

    def save_state(self) -> None:
        self.settings.setValue("clients/header", self.table.horizontalHeader().saveState())

    def restore_state(self) -> None:
        state = self.settings.value("clients/header")
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)
