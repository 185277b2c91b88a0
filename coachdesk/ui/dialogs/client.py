"""Add or edit a client."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.clients import ClientData, FieldError, validate_client
from coachdesk.domain.vocab import ClientStatus
from coachdesk.storage.clients import create_client, get_client, update_client
from coachdesk.storage.database import Database
from coachdesk.ui.dialogs.forms import FormDialog, dated


class ClientDialog(FormDialog):
    """Create a client (``client_id`` None) or edit one."""

    def __init__(
        self, db: Database, client_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New client") if client_id is None else self.tr("Edit client"))
        self.db = db
        self.client_id = client_id

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Full name (required)"))
        self.preferred_name = QLineEdit()
        self.preferred_name.setPlaceholderText(self.tr("What they like to be called"))
        self.pronouns = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com")
        self.phone = QLineEdit()
        self.organisation = QLineEdit()
        self.role = QLineEdit()
        self.status = QComboBox()
        for status in ClientStatus:
            self.status.addItem(self.tr(status.label), status.value)
        self.status.setCurrentIndex(self.status.findData(ClientStatus.ACTIVE.value))
        self.has_started_on = QCheckBox()
        self.has_started_on.setToolTip(self.tr("Set the date the coaching started"))
        self.started_on = dated(QDateEdit())
        self.started_on.setDate(QDate.currentDate())
        self.started_on.setEnabled(False)
        self.has_started_on.toggled.connect(self.started_on.setEnabled)
        started_row = QHBoxLayout()
        started_row.addWidget(self.has_started_on)
        started_row.addWidget(self.started_on, 1)
        self.private_notes = QPlainTextEdit()
        self.private_notes.setPlaceholderText(self.tr("Only you see these"))
        self.private_notes.setTabChangesFocus(True)
        self.print_private_notes = QCheckBox(
            self.tr("Pr&int last time's private notes on prep sheets")
        )
        self.print_private_notes_note = QLabel(
            self.tr(
                "Otherwise your private notes stay off paper: the prep sheet never prints "
                "them, though the prep panel on screen still shows them."
            )
        )
        self.print_private_notes_note.setWordWrap(True)
        self.print_private_notes_note.setEnabled(False)  # drawn as a quiet hint
        printing = QVBoxLayout()
        printing.setContentsMargins(0, 0, 0, 0)
        printing.addWidget(self.print_private_notes)
        printing.addWidget(self.print_private_notes_note)

        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Preferred name"), self.preferred_name)
        self.form.addRow(self.tr("Prono&uns"), self.pronouns)
        self.form.addRow(self.tr("&Email"), self.email)
        self.form.addRow(self.tr("P&hone"), self.phone)
        self.form.addRow(self.tr("&Organisation"), self.organisation)
        self.form.addRow(self.tr("&Role"), self.role)
        self.form.addRow(self.tr("&Status"), self.status)
        started_label = QLabel(self.tr("Starte&d on"))
        started_label.setBuddy(self.has_started_on)
        self.form.addRow(started_label, started_row)
        self.form.addRow(self.tr("Private no&tes"), self.private_notes)
        self.form.addRow("", printing)
        for field, widget in (
            ("name", self.name),
            ("email", self.email),
            ("phone", self.phone),
            ("private_notes", self.private_notes),
        ):
            self.say_at(field, widget)

        if client_id is not None:
            self._load(get_client(db, client_id))
        self.watch(
            self.name,
            self.preferred_name,
            self.pronouns,
            self.email,
            self.phone,
            self.organisation,
            self.role,
            self.private_notes,
        )
        self.revalidate()
        self.resize(480, self.sizeHint().height())

    def _load(self, data: ClientData) -> None:
        self.name.setText(data.name)
        self.preferred_name.setText(data.preferred_name)
        self.pronouns.setText(data.pronouns)
        self.email.setText(data.email)
        self.phone.setText(data.phone)
        self.organisation.setText(data.organisation)
        self.role.setText(data.role)
        self.status.setCurrentIndex(self.status.findData(data.status.value))
        if data.started_on is not None:
            self.has_started_on.setChecked(True)
            self.started_on.setDate(QDate(data.started_on))
        self.private_notes.setPlainText(data.private_notes)
        self.print_private_notes.setChecked(data.print_private_notes)

    def data(self) -> ClientData:
        started_on: date | None = None
        if self.has_started_on.isChecked():
            started_on = self.started_on.date().toPython()
        return ClientData(
            name=self.name.text(),
            preferred_name=self.preferred_name.text(),
            pronouns=self.pronouns.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            organisation=self.organisation.text(),
            role=self.role.text(),
            status=ClientStatus(self.status.currentData()),
            started_on=started_on,
            private_notes=self.private_notes.toPlainText(),
            print_private_notes=self.print_private_notes.isChecked(),
        )

    def problems(self) -> list[str | FieldError]:
        return list(validate_client(self.data()).errors)

    def save(self) -> int:
        if self.client_id is None:
            return create_client(self.db, self.data())
        update_client(self.db, self.client_id, self.data())
        return self.client_id
