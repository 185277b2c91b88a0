"""Record or edit a promise made by the coach or by the client, and turn a missed one
into a breach in one step (``log_missed_promise``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from coachdesk.domain.clients import FieldError
from coachdesk.domain.practice import PromiseData, PromiseRow, validate_promise
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus
from coachdesk.storage.database import Database
from coachdesk.storage.promises import create_promise, get_promise, update_promise
from coachdesk.ui.common.attempt import open_dialog
from coachdesk.ui.dialogs.breach import BreachDialog
from coachdesk.ui.dialogs.forms import dated
from coachdesk.ui.dialogs.record_fields import RecordDialog, SessionPicker, TextBox

DEFAULT_DUE_IN_DAYS = 7


class PromiseDialog(RecordDialog):
    """A new promise (``promise_id`` None), or edit one, including its status.

    ``session_id``: the session where it was made (preselected).
    Raises ``RecordNotFound`` when ``promise_id`` no longer exists.
    """

    def __init__(
        self,
        db: Database,
        *,
        client_id: int | None,
        promise_id: int | None = None,
        session_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        existing: PromiseRow | None = None
        if promise_id is not None:
            existing = get_promise(db, promise_id)
            client_id = existing.client_id
        super().__init__(db, client_id, parent)
        self.promise_id = promise_id
        self.setWindowTitle(self.tr("New promise") if existing is None else self.tr("Promise"))

        self.add_client_row()

        self.coach_radio = QRadioButton(self.tr("&You, the coach"))
        self.client_radio = QRadioButton(self.tr("The c&lient"))
        self.coach_radio.setChecked(True)
        self.owner_group = QButtonGroup(self)
        self.owner_group.addButton(self.coach_radio)
        self.owner_group.addButton(self.client_radio)
        owner_row = QHBoxLayout()
        owner_row.addWidget(self.coach_radio)
        owner_row.addWidget(self.client_radio)
        owner_row.addStretch(1)
        owner_label = QLabel(self.tr("Promised &by"))
        owner_label.setBuddy(self.coach_radio)

        self.text = TextBox(3, self.tr("What was promised: “Send the article on delegation”"))
        self.has_due_on = QCheckBox()
        self.has_due_on.setToolTip(self.tr("Set the date it is due"))
        self.due_on = dated(QDateEdit())
        self.due_on.setDate(QDate.currentDate().addDays(DEFAULT_DUE_IN_DAYS))
        self.due_on.setEnabled(False)
        self.has_due_on.toggled.connect(self.due_on.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due_on)
        due_row.addWidget(self.due_on, 1)
        due_label = QLabel(self.tr("&Due"))
        due_label.setBuddy(self.has_due_on)
        self.session_picker = SessionPicker(db)
        self.status = QComboBox()
        for status in PromiseStatus:
            self.status.addItem(self.tr(status.label), status.value)

        self.form.addRow(owner_label, owner_row)
        self.form.addRow(self.tr("&What"), self.text)
        self.form.addRow(due_label, due_row)
        self.form.addRow(self.tr("Made in &session"), self.session_picker)
        self.form.addRow(self.tr("Sta&tus"), self.status)
        self.say_at("text", self.text)
        self.form.setRowVisible(self.status, existing is not None)

        if self.client_picker is not None:
            self.client_picker.currentIndexChanged.connect(
                lambda _index: self.session_picker.load(self.current_client_id())
            )
        self.session_picker.load(self.current_client_id(), session_id)
        if existing is not None:
            self._load(existing)

        self.watch(self.text, self.has_due_on, self.due_on, self.session_picker, self.status)
        self.revalidate()
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())

    def _load(self, row: PromiseRow) -> None:
        (self.coach_radio if row.owner is PromiseOwner.COACH else self.client_radio).setChecked(
            True
        )
        self.text.setPlainText(row.text)
        self.has_due_on.setChecked(row.due_on is not None)
        if row.due_on is not None:
            self.due_on.setDate(QDate(row.due_on))
        self.session_picker.load(row.client_id, row.session_id)
        self.status.setCurrentIndex(self.status.findData(row.status.value))

    def data(self) -> PromiseData:
        due_on: date | None = None
        if self.has_due_on.isChecked():
            due_on = self.due_on.date().toPython()
        return PromiseData(
            client_id=self.current_client_id() or 0,
            owner=PromiseOwner.COACH if self.coach_radio.isChecked() else PromiseOwner.CLIENT,
            text=self.text.toPlainText(),
            due_on=due_on,
            session_id=self.session_picker.chosen_id(),
            status=PromiseStatus(self.status.currentData()),
        )

    def problems(self) -> list[str | FieldError]:
        return [*self.client_problems(), *validate_promise(self.data())]

    def save(self) -> int:
        if self.promise_id is None:
            return create_promise(self.db, self.data())
        update_promise(self.db, self.promise_id, self.data())
        return self.promise_id


def log_missed_promise(db: Database, promise_id: int, parent: QWidget | None = None) -> int | None:
    """Open the breach dialog pre-filled from a missed promise.

    Returns the breach id once saved (the promise is then marked missed), or None
    when cancelled (the promise is left as it was) or the promise was deleted.
    """
    saved: list[int] = []
    open_dialog(
        parent,
        lambda: BreachDialog(db, client_id=None, promise_id=promise_id, parent=parent),
        gone=QCoreApplication.translate("PromiseDialog", "This promise was deleted."),
        on_saved=saved.append,
    )
    return saved[0] if saved else None
