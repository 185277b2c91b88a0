"""Log a breach (a time something that matters to the client was missed) and its repair.

What was missed is either something already recorded or something new,
recorded in the same step: often the coach learns what mattered only by
missing it.  The dialog can start from a missed promise, pre-filled, and
saving then marks the promise missed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from coachdesk.domain.clients import FieldError
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.practice import (
    BreachData,
    BreachRow,
    MatterData,
    PromiseRow,
    validate_breach,
    validate_matter,
)
from coachdesk.domain.text import quoted
from coachdesk.domain.vocab import Category, RepairStatus
from coachdesk.storage.breaches import get_breach, log_breach, update_breach
from coachdesk.storage.database import Database
from coachdesk.storage.matters import list_matters
from coachdesk.storage.promises import get_promise
from coachdesk.storage.sessions import find_session
from coachdesk.ui.dialogs.forms import dated
from coachdesk.ui.dialogs.record_fields import (
    CategoryCombo,
    ImportanceCombo,
    RecordDialog,
    SessionPicker,
    SeverityCombo,
    TextBox,
    compact_combo,
)


class BreachDialog(RecordDialog):
    """“Log a breach” (``breach_id`` None) or “Breach and repair” (edit one).

    ``matter_id`` preselects what was missed, ``session_id`` the session (and its
    day, if past), ``promise_id`` pre-fills from a missed promise.  ``saved(int)``
    carries the breach id; ``saved_matter_id`` is the matter it is logged against.
    Raises ``RecordNotFound`` when the breach or promise no longer exists.
    """

    def __init__(
        self,
        db: Database,
        *,
        client_id: int | None,
        breach_id: int | None = None,
        matter_id: int | None = None,
        session_id: int | None = None,
        promise_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        existing: BreachRow | None = get_breach(db, breach_id) if breach_id is not None else None
        promise: PromiseRow | None = None
        if existing is not None:
            client_id = existing.client_id
        elif promise_id is not None:
            promise = get_promise(db, promise_id)
            client_id = promise.client_id
        super().__init__(db, client_id, parent)
        self.breach_id = breach_id
        self.saved_matter_id: int | None = None
        self.commitment_id = existing.commitment_id if existing is not None else promise_id
        self.setWindowTitle(
            self.tr("Log a breach") if existing is None else self.tr("Breach and repair")
        )

        self.add_client_row()

        self.existing_radio = QRadioButton(self.tr("Something already &recorded"))
        self.matter_combo = QComboBox()
        compact_combo(self.matter_combo)
        self.new_radio = QRadioButton(self.tr("Something &new — record it now"))
        self.new_statement = TextBox(
            2, self.tr("What mattered to them, in the client's words"), words=True
        )
        self.new_category = CategoryCombo()
        self.new_importance = ImportanceCombo()
        self.form.addRow(self._heading(self.tr("What was missed")))
        self.form.addRow(self.existing_radio)
        self.form.addRow("", self.matter_combo)
        self.form.addRow(self.new_radio)
        self.form.addRow(self.tr("Their &words"), self.new_statement)
        self.form.addRow(self.tr("C&ategory"), self.new_category)
        self.form.addRow(self.tr("&Importance"), self.new_importance)

        self.occurred_on = dated(QDateEdit())
        self.occurred_on.setDate(QDate.currentDate())
        self.session_picker = SessionPicker(db)
        self.what_happened = TextBox(2, self.tr("Briefly, what happened"))
        self.how_it_landed = TextBox(
            2, self.tr("How it landed for them, in their words: “I felt ambushed”"), words=True
        )
        self.severity = SeverityCombo()
        self.form.addRow(self._heading(self.tr("The breach")))
        self.form.addRow(self.tr("&Date"), self.occurred_on)
        self.form.addRow(self.tr("&Session"), self.session_picker)
        self.form.addRow(self.tr("What &happened"), self.what_happened)
        self.form.addRow(self.tr("How it &landed"), self.how_it_landed)
        self.form.addRow(self.tr("Se&verity"), self.severity)

        self.repair_status = QComboBox()
        for status in RepairStatus:
            self.repair_status.addItem(self.tr(status.label), status.value)
        self.repair_notes = TextBox(2, self.tr("What you did or agreed to put it right"))
        self.has_repaired_on = QCheckBox()
        self.has_repaired_on.setToolTip(self.tr("Set the date it was repaired"))
        self.repaired_on = dated(QDateEdit())
        self.repaired_on.setDate(QDate.currentDate())
        self.repaired_on.setEnabled(False)
        self.has_repaired_on.toggled.connect(self.repaired_on.setEnabled)
        repaired_row = QHBoxLayout()
        repaired_row.addWidget(self.has_repaired_on)
        repaired_row.addWidget(self.repaired_on, 1)
        repaired_label = QLabel(self.tr("Repaired &on"))
        repaired_label.setBuddy(self.has_repaired_on)
        self.form.addRow(self._heading(self.tr("Repair")))
        self.form.addRow(self.tr("Sta&tus"), self.repair_status)
        self.form.addRow(self.tr("Re&pair notes"), self.repair_notes)
        self.form.addRow(repaired_label, repaired_row)
        for field, widget in (
            ("matter", self.matter_combo),
            ("statement", self.new_statement),
            ("occurred_on", self.occurred_on),
            ("what_happened", self.what_happened),
            ("repaired_on", self.repaired_on),
        ):
            self.say_at(field, widget)

        self.repair_status.currentIndexChanged.connect(self._on_status)
        self.existing_radio.toggled.connect(self._on_choice)
        if self.client_picker is not None:
            self.client_picker.currentIndexChanged.connect(lambda _index: self._load_choices())

        if existing is not None:
            self._load_choices(existing.matter_id, existing.session_id)
            self._load(existing)
        else:
            self._load_choices(matter_id, session_id)
            if session_id is not None:
                self._default_day_from(session_id)
            if promise is not None:
                self._prefill(promise, matter_id)
            elif matter_id is not None and self.matter_combo.findData(matter_id) >= 0:
                self.existing_radio.setChecked(True)
        self._on_choice()

        self.watch(
            self.matter_combo,
            self.new_statement,
            self.occurred_on,
            self.session_picker,
            self.what_happened,
            self.how_it_landed,
            self.repair_status,
            self.repair_notes,
            self.has_repaired_on,
            self.repaired_on,
        )
        self.watch(self.new_radio)
        self.revalidate()
        self.resize(max(600, self.sizeHint().width()), self.sizeHint().height())

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, label.fontMetrics().height() // 2, 0, 0)
        return label

    def _load_choices(self, matter_id: int | None = None, session_id: int | None = None) -> None:
        """Offer the client's active matters (and ``matter_id`` even if retired) and sessions."""
        client_id = self.current_client_id()
        self.matter_combo.clear()
        matters = []
        if client_id is not None:
            matters = [
                matter
                for matter in list_matters(self.db, client_id)
                if matter.active or matter.id == matter_id
            ]
        for matter in matters:
            self.matter_combo.addItem(quoted(matter.statement, 80), matter.id)
            self.matter_combo.setItemData(
                self.matter_combo.count() - 1, matter.statement, Qt.ItemDataRole.ToolTipRole
            )
        self.matter_combo.setPlaceholderText(self.tr("Nothing recorded for this client yet"))
        self.matter_combo.setCurrentIndex(
            max(0, self.matter_combo.findData(matter_id)) if matters else -1
        )
        self.existing_radio.setEnabled(bool(matters))
        (self.existing_radio if matters else self.new_radio).setChecked(True)
        self.session_picker.load(client_id, session_id)

    def _default_day_from(self, session_id: int) -> None:
        """A breach logged from a past session happened on that session's day."""
        session = find_session(self.db, session_id)
        if session is None:
            return
        day = local_or_utc(session.start).date()
        if day <= date.today():
            self.occurred_on.setDate(QDate(day))

    def _prefill(self, promise: PromiseRow, matter_id: int | None) -> None:
        self.what_happened.setPlainText(self.tr("Missed promise: {text}").format(text=promise.text))
        self.session_picker.load(promise.client_id, promise.session_id)
        self.new_category.set_value(Category.COMMITMENT)
        if matter_id is None or self.matter_combo.findData(matter_id) < 0:
            self.new_radio.setChecked(True)

    def _load(self, row: BreachRow) -> None:
        self.new_radio.hide()
        self.occurred_on.setDate(QDate(row.occurred_on))
        self.what_happened.setPlainText(row.what_happened)
        self.how_it_landed.setPlainText(row.how_it_landed)
        self.severity.set_value(row.severity)
        self.repair_status.setCurrentIndex(self.repair_status.findData(row.repair_status.value))
        self.repair_notes.setPlainText(row.repair_notes)
        self.has_repaired_on.setChecked(row.repaired_on is not None)
        if row.repaired_on is not None:
            self.repaired_on.setDate(QDate(row.repaired_on))

    def _on_choice(self) -> None:
        new = self.new_radio.isChecked()
        self.matter_combo.setEnabled(not new and self.matter_combo.count() > 0)
        if new == self.form.isRowVisible(self.new_statement):
            return
        for field in (self.new_statement, self.new_category, self.new_importance):
            self.form.setRowVisible(field, new)
        if self.isVisible():
            self.layout().activate()
            self.resize(self.width(), self.sizeHint().height())

    def _on_status(self) -> None:
        """Switching to repaired fills in today; leaving repaired clears the date."""
        repaired = self.status() is RepairStatus.REPAIRED
        if repaired and not self.has_repaired_on.isChecked():
            self.repaired_on.setDate(QDate.currentDate())
        self.has_repaired_on.setChecked(repaired)

    def status(self) -> RepairStatus:
        return RepairStatus(self.repair_status.currentData())

    def creates_matter(self) -> bool:
        return self.breach_id is None and self.new_radio.isChecked()

    def data(self) -> BreachData:
        matter_id = None if self.creates_matter() else self.matter_combo.currentData()
        return BreachData(
            matter_id=matter_id,
            occurred_on=self.occurred_on.date().toPython(),
            session_id=self.session_picker.chosen_id(),
            commitment_id=self.commitment_id,
            what_happened=self.what_happened.toPlainText(),
            how_it_landed=self.how_it_landed.toPlainText(),
            severity=self.severity.value(),
            repair_status=self.status(),
            repair_notes=self.repair_notes.toPlainText(),
            repaired_on=(
                self.repaired_on.date().toPython() if self.has_repaired_on.isChecked() else None
            ),
        )

    def new_matter(self) -> MatterData | None:
        """The matter to record with the breach, when it is something new."""
        if not self.creates_matter():
            return None
        return MatterData(
            client_id=self.current_client_id() or 0,
            statement=self.new_statement.toPlainText(),
            category=self.new_category.value(),
            importance=self.new_importance.value(),
            source_session_id=self.session_picker.chosen_id(),
            captured_on=date.today(),
        )

    def problems(self) -> list[str | FieldError]:
        problems: list[str | FieldError] = [*self.client_problems()]
        if problems:
            return problems
        new_matter = self.new_matter()
        if new_matter is not None:
            problems += validate_matter(new_matter)
        elif self.matter_combo.currentData() is None:
            problems.append(
                FieldError("matter", self.tr("Choose what was missed, or record something new."))
            )
        return problems + validate_breach(self.data(), date.today())

    def save(self) -> int:
        if self.breach_id is None:
            breach_id, self.saved_matter_id = log_breach(
                self.db, self.data(), new_matter=self.new_matter()
            )
            return breach_id
        update_breach(self.db, self.breach_id, self.data())
        self.saved_matter_id = self.matter_combo.currentData()
        return self.breach_id
