"""Choosing a client in a dialog opened without one (from a global shortcut, say).

One picker for every dialog: type part of a name (or preferred name) and pick it;
current clients come first, ended ones last and marked.  Nothing is chosen until
the coach picks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QSizePolicy, QWidget

from coachdesk.domain.clients import ClientRow
from coachdesk.domain.vocab import ClientStatus
from coachdesk.storage.client_list import client_choices
from coachdesk.storage.database import Database


def client_picker_order(clients: list[ClientRow]) -> list[ClientRow]:
    """Current clients (active, prospect, paused) by name, then ended ones."""
    return sorted(clients, key=lambda c: (c.status is ClientStatus.ENDED, c.name.casefold(), c.id))


class ClientPicker(QComboBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Fill the row, but never stretch the dialog for a very long name.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(30)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        clients = client_picker_order(client_choices(db))
        for client in clients:
            label = client.name
            if client.preferred_name and client.preferred_name != client.name:
                label += f" ({client.preferred_name})"
            if client.status is ClientStatus.ENDED:
                label = self.tr("{name} (ended)").format(name=label)
            self.addItem(label, client.id)
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(
            self.tr("Type part of the client's name") if clients else self.tr("No clients yet")
        )

    def chosen_id(self) -> int | None:
        """The chosen client (None while the typed text names nobody)."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == text:
            return self.itemData(index)
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else None

    def choose(self, client_id: int) -> None:
        self.setCurrentIndex(self.findData(client_id))
