"""The session dialog: schedule, edit, reschedule and close a session.

The guests are ``guests.GuestsEditor``'s and the start with its notes on a move is
``start.StartField``'s; the dialog holds the other fields, the status row (held,
no-show, cancelled, back to planned) and the writes.  It warns, then asks once,
before planning a session whose start has already passed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from coachdesk.display.timefmt import format_when
from coachdesk.domain.clients import FieldError
from coachdesk.domain.practice import (
    DURATION_MAX,
    SessionData,
    SessionRow,
    planned_in_the_past,
    validate_session,
)
from coachdesk.domain.vocab import Medium, SessionStatus
from coachdesk.storage.clients import get_client
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import (
    confirm_reschedule,
    create_session,
    get_session,
    set_session_status,
    update_session,
)
from coachdesk.ui.common.attempt import attempt, open_dialog
from coachdesk.ui.common.messages import confirm
from coachdesk.ui.dialogs.client_picker import ClientPicker
from coachdesk.ui.dialogs.forms import FormDialog
from coachdesk.ui.dialogs.session.guests import GuestsEditor
from coachdesk.ui.dialogs.session.start import StartField
from coachdesk.ui.dialogs.session.status import confirm_status


class SessionDialog(FormDialog):
    """Schedule a session (``session_id`` None) or open one to edit, move or close it.

    Emits ``saved(session_id)`` after any write that changes the session and
    ``held(session_id)`` after the coach marked it held (the dialog has closed
    by then), so the after-session review can be offered.
    """

    held = Signal(int)
    # Written at once, before (or without) Save: a guest added, ticked or removed, the
    # new time confirmed.  Whatever shows the session refreshes on it, however the
    # dialog then closes.
    changed = Signal()

    def __init__(
        self,
        db: Database,
        *,
        client_id: int | None = None,
        session_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.session_id = session_id
        self.row: SessionRow | None = None
        if session_id is not None:
            self.row = get_session(db, session_id)
        self._fixed_client_id = self.row.client_id if self.row else client_id
        self._past_confirmed_for: datetime | None = None
        self._clients_clocks: dict[int, tuple[str, str]] = {}

        self.client_picker: ClientPicker | None = None
        self.client_label: QLabel | None = None
        if self._fixed_client_id is None:
            self.client_picker = ClientPicker(db)
            client_field: QWidget = self.client_picker
        else:
            name = self.row.client_name if self.row else get_client(db, client_id).name
            self.client_label = QLabel(name)
            self.client_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            client_field = self.client_label
        if self.row is None:
            self.setWindowTitle(self.tr("New session"))
        else:
            self.setWindowTitle(self.tr("Session with {name}").format(name=self.row.client_name))

        self._build_status_row()
        self.start_box = StartField()
        self.start_box.confirm_time_button.clicked.connect(self._confirm_new_time)
        # The start's parts, by the names the dialog has always had.
        self.start = self.start_box.start
        self.original_label = self.start_box.original_label
        self.confirm_time_button = self.start_box.confirm_time_button
        self.move_label = self.start_box.move_label
        self.past_label = self.start_box.past_label
        self._build_fields()
        self.guests_box = GuestsEditor(db, session_id, list(self.row.guests) if self.row else [])
        self.guests_box.changed.connect(self.changed)
        self.guests_box.gone.connect(self.reject)
        # The guests' parts and actions, by the names the dialog has always had.
        self.guest_table = self.guests_box.guest_table
        self.guest_name = self.guests_box.guest_name
        self.guest_role = self.guests_box.guest_role
        self.guest_brought_by = self.guests_box.guest_brought_by
        self.guest_problem = self.guests_box.guest_problem
        self.add_guest_button = self.guests_box.add_guest_button
        self.add_typed_guest = self.guests_box.add_typed_guest
        self.remove_selected_guest = self.guests_box.remove_selected_guest
        self.set_guest_told = self.guests_box.set_guest_told
        self.set_guest_source = self.guests_box.set_guest_source

        if self.status_row is not None:
            self.form.addRow(self.tr("Status"), self.status_row)
        client_caption = QLabel(self.tr("&Client"))
        client_caption.setBuddy(client_field)
        self.form.addRow(client_caption, client_field)
        self.form.addRow(self.tr("&Start"), self.start_box)
        self.form.addRow(self.tr("&Duration"), self.duration)
        self.say_at("client", client_field)
        self.say_at("start", self.start_box)
        self.say_at("duration_minutes", self.duration)
        self.form.addRow(self.tr("&Medium"), self.medium)
        self.form.addRow(self.tr("&Place or link"), self.location)
        self.form.addRow(self.tr("&Agenda"), self.agenda)
        self.form.addRow("", self.recorded)
        self.form.addRow(self.guests_box)
        self.form.addRow(self.tr("Private no&tes"), self.private_notes)

        if self.row is not None:
            self._load(self.row)
        self.guests_box.show_guests()
        self.watch(self.medium, self.location, self.agenda, self.private_notes, self.recorded)
        self.watch(self.guest_name, self.duration, self.start)
        if self.client_picker is not None:
            self.watch(self.client_picker, self.client_picker.lineEdit())
        self.revalidate()
        self.resize(max(600, self.sizeHint().width()), self.sizeHint().height())

    # --- building ---------------------------------------------------------------------------

    def _build_status_row(self) -> None:
        self.status_row: QWidget | None = None
        self.status_label = QLabel()
        self.held_button = QPushButton(self.tr("Mark &held"))
        self.held_button.setToolTip(self.tr("The session took place (saves your changes too)"))
        self.held_button.clicked.connect(lambda: self._change_status(SessionStatus.HELD))
        self.no_show_button = QPushButton(self.tr("N&o-show"))
        self.no_show_button.clicked.connect(lambda: self._change_status(SessionStatus.NO_SHOW))
        self.cancel_session_button = QPushButton(self.tr("Cancel sess&ion…"))
        self.cancel_session_button.clicked.connect(
            lambda: self._change_status(SessionStatus.CANCELLED)
        )
        self.replan_button = QPushButton(self.tr("Back to plan&ned"))
        self.replan_button.clicked.connect(lambda: self._change_status(SessionStatus.PLANNED))
        self.capture_button = QPushButton(self.tr("Capture &what matters…"))
        self.capture_button.setToolTip(
            self.tr("Record something the client said in this session matters to them")
        )
        self.capture_button.clicked.connect(self.capture_matter)
        if self.row is None:
            return
        self.status_row = QWidget()
        layout = QHBoxLayout(self.status_row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_label)
        layout.addWidget(self.capture_button)
        layout.addStretch(1)
        for button in (
            self.held_button,
            self.no_show_button,
            self.cancel_session_button,
            self.replan_button,
        ):
            layout.addWidget(button)

    def capture_matter(self) -> None:
        """Capture what matters to the client, with this session as its source."""
        from coachdesk.ui.dialogs.matter import MatterDialog

        row = self.row
        assert row is not None
        open_dialog(
            self,
            lambda: MatterDialog(
                self.db, client_id=row.client_id, source_session_id=row.id, parent=self
            ),
        )

    def _build_fields(self) -> None:
        self.duration = QSpinBox()
        self.duration.setRange(15, DURATION_MAX)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.duration.setSuffix(self.tr(" minutes"))
        self.medium = QComboBox()
        for medium in Medium:
            self.medium.addItem(self.tr(medium.label), medium.value)
        self.medium.setCurrentIndex(self.medium.findData(Medium.VIDEO.value))
        self.location = QLineEdit()
        self.location.setPlaceholderText(self.tr("An address, a room, or a video link"))
        self.agenda = QPlainTextEdit()
        self.agenda.setTabChangesFocus(True)
        self.agenda.setPlaceholderText(self.tr("What the client wants to work on"))
        self.agenda.setFixedHeight(self.agenda.fontMetrics().lineSpacing() * 4 + 12)
        self.recorded = QCheckBox(self.tr("The session is &recorded"))
        self.private_notes = QPlainTextEdit()
        self.private_notes.setTabChangesFocus(True)
        self.private_notes.setPlaceholderText(self.tr("Only you see these"))
        self.private_notes.setFixedHeight(self.private_notes.fontMetrics().lineSpacing() * 4 + 12)

    def _load(self, row: SessionRow) -> None:
        self.start_box.load(row)
        self.duration.setMinimum(min(15, row.duration_minutes))
        self.duration.setValue(row.duration_minutes)
        self.medium.setCurrentIndex(self.medium.findData(row.medium.value))
        self.location.setText(row.location)
        self.agenda.setPlainText(row.agenda)
        self.recorded.setChecked(row.recorded)
        self.private_notes.setPlainText(row.private_notes)
        self._show_status(row)

    def _show_status(self, row: SessionRow) -> None:
        planned = row.status is SessionStatus.PLANNED
        self.status_label.setText(self.tr(row.status.label))
        font = self.status_label.font()
        font.setBold(True)
        self.status_label.setFont(font)
        self.held_button.setVisible(planned)
        self.no_show_button.setVisible(planned)
        self.cancel_session_button.setVisible(planned)
        self.replan_button.setVisible(not planned)
        self.start_box.show_original(row, planned=planned)

    # --- values -----------------------------------------------------------------------------

    def client_id(self) -> int | None:
        """The chosen client (None while the picker's text names nobody)."""
        if self.client_picker is None:
            return self._fixed_client_id
        return self.client_picker.chosen_id()

    def client_clock(self) -> tuple[str, str]:
        """(the chosen client's time zone, what to call them); ("", "") for none."""
        client_id = self.client_id()
        if client_id is None:
            return "", ""
        if client_id not in self._clients_clocks:
            # Gone meanwhile, or the file busy: the line is left out, and saving says why.
            read = attempt(self, lambda: get_client(self.db, client_id), inline=lambda _: None)
            if read.value is None:
                return "", ""
            who = read.value.preferred_name.strip() or read.value.name
            self._clients_clocks[client_id] = (read.value.time_zone, who)
        return self._clients_clocks[client_id]

    def start_value(self) -> datetime:
        """The session's start as it stands in the dialog."""
        return self.start_box.value()

    def data(self) -> SessionData:
        return SessionData(
            client_id=self.client_id() or 0,
            start=self.start_value(),
            duration_minutes=self.duration.value(),
            medium=Medium(self.medium.currentData()),
            location=self.location.text(),
            agenda=self.agenda.toPlainText(),
            private_notes=self.private_notes.toPlainText(),
            recorded=self.recorded.isChecked(),
        )

    def _planned(self) -> bool:
        return self.row is None or self.row.status is SessionStatus.PLANNED

    def _in_the_past(self) -> bool:
        return self._planned() and planned_in_the_past(self.start_value(), datetime.now(UTC))

    def _asks_before_saving(self) -> bool:
        """A new or moved planned session whose start has passed (asked once per start)."""
        new_time = self.row is None or self.start_box.changed()
        return new_time and self._in_the_past() and self._past_confirmed_for != self.start_value()

    # --- validation and notes under the start ------------------------------------------------

    def revalidate(self) -> None:
        self.start_box.show_notes(
            self.row, planned=self._planned(), in_the_past=self._in_the_past()
        )
        self.start_box.show_their_time(*self.client_clock())
        super().revalidate()

    def problems(self) -> list[str | FieldError]:
        problems: list[str | FieldError] = []
        if self.client_id() is None:
            problems.append(FieldError("client", self.tr("Choose the client.")))
        problems += validate_session(self.data())
        name = self.guest_name.text().strip()
        if name:
            problems.append(
                self.tr("Add the guest “{name}” (Add guest) or clear their name.").format(name=name)
            )
        return problems

    # --- saving -----------------------------------------------------------------------------

    def confirm_save(self) -> bool:
        """A planned session whose start has passed is usually a slip: ask once."""
        if not self._asks_before_saving():
            return True
        if not confirm(
            self,
            self.tr("Session in the past"),
            self.tr(
                "Plan a session that has already started?\n\nIt starts {when}, which has "
                "passed. To record a session that took place, save it and mark it held."
            ).format(when=format_when(self.start_value())),
            self.tr("Plan it anyway"),
        ):
            return False
        self._past_confirmed_for = self.start_value()
        return True

    def save(self) -> int:
        data = self.data()
        if self.session_id is None:
            # A new session's guests are written with it, in one go.
            self.session_id = create_session(
                self.db,
                data,
                guests=self.guests_box.new_guests(),
            )
        else:
            update_session(self.db, self.session_id, data)
        return self.session_id

    def _change_status(self, status: SessionStatus) -> None:
        """Save what was typed, then set the status and close."""
        if self.session_id is None or self.row is None:
            return
        if self.problems():
            self.revalidate()
            return
        if not confirm_status(self, status, self.row.client_name, self.start_value()):
            return
        session_id = self.session_id

        def save_and_set() -> None:
            update_session(self.db, session_id, self.data())
            set_session_status(self.db, session_id, status)

        if not attempt(
            self,
            save_and_set,
            gone=self.tr("This session was deleted."),
            on_gone=self.reject,
            title=self.tr("Not saved"),
        ):
            return
        self.saved.emit(self.session_id)
        self.accept()
        if status is SessionStatus.HELD:
            self.held.emit(self.session_id)

    def _confirm_new_time(self) -> None:
        if self.session_id is None:
            return
        session_id = self.session_id
        if not attempt(
            self,
            lambda: confirm_reschedule(self.db, session_id),
            gone=self.tr("This session was deleted."),
            on_gone=self.reject,
        ):
            return
        self.changed.emit()
        read = attempt(
            self,
            lambda: get_session(self.db, session_id),
            gone=self.tr("This session was deleted."),
            on_gone=self.reject,
        )
        if read.value is None:
            return
        self.row = read.value
        self._show_status(self.row)
