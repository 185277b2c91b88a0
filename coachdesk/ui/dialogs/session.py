"""Schedule, edit, reschedule and close a session, with the guests who join it.

A new session collects its guests in memory and writes them right after the
session; an existing session writes each guest change at once, so ticking
"client informed" is recorded the moment the coach ticks it.  Moving a planned
session keeps its first start (storage does that); the dialog says so as the
coach changes the time, and warns, then asks once, before planning a session
whose start has already passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_clock, format_when, from_qdatetime, to_qdatetime
from coachdesk.domain.practice import (
    DURATION_MAX,
    GuestRow,
    SessionData,
    SessionRow,
    planned_in_the_past,
    validate_guest,
    validate_session,
)
from coachdesk.domain.vocab import GuestSource, Medium, SessionStatus
from coachdesk.storage.clients import get_client
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import (
    add_guest,
    confirm_reschedule,
    create_session,
    get_session,
    remove_guest,
    set_guest_brought_by,
    set_guest_informed,
    set_session_status,
    update_session,
)
from coachdesk.ui.common.attempt import attempt, open_dialog
from coachdesk.ui.common.messages import confirm
from coachdesk.ui.dialogs.client_picker import ClientPicker
from coachdesk.ui.dialogs.forms import FormDialog, dated
from coachdesk.ui.widgets.style import WARNING_MARK, warning_color, warning_label_style

GUEST_NAME, GUEST_ROLE, GUEST_INFORMED, GUEST_BROUGHT_BY = range(4)
GUEST_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def default_start(now: datetime | None = None) -> datetime:
    """Tomorrow at the next full hour, local time."""
    local = (now or datetime.now(UTC)).astimezone()
    return (local + timedelta(days=1)).replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=1
    )


def format_short_when(when: datetime, now: datetime | None = None) -> str:
    """'25 Nov 14:02' in local time (with the year when it is not this year)."""
    local = to_qdatetime(when)
    this_year = (now or datetime.now(UTC)).astimezone().year
    pattern = "d MMM" if local.date().year() == this_year else "d MMM yyyy"
    day = QLocale().toString(local.date(), pattern)
    return f"{day} {format_clock(local.time())}"


class _EnterAdds(QObject):
    """Makes Enter in the guest fields add the guest instead of saving the dialog."""

    def __init__(self, add: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._add = add

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add()
            return True
        return super().eventFilter(watched, event)


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
        self._guests: list[GuestRow] = list(self.row.guests) if self.row else []
        self._next_pending_id = -1
        self._past_confirmed_for: datetime | None = None
        self._loaded_start: QDateTime | None = None

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
        self._build_fields()
        self.guests_box = self._build_guests()

        if self.status_row is not None:
            self.form.addRow(self.tr("Status"), self.status_row)
        client_caption = QLabel(self.tr("&Client"))
        client_caption.setBuddy(client_field)
        self.form.addRow(client_caption, client_field)
        self.form.addRow(self.tr("&Start"), self.start_box)
        self.form.addRow(self.tr("&Duration"), self.duration)
        self.form.addRow(self.tr("&Medium"), self.medium)
        self.form.addRow(self.tr("&Place or link"), self.location)
        self.form.addRow(self.tr("&Agenda"), self.agenda)
        self.form.addRow("", self.recorded)
        self.form.addRow(self.guests_box)
        self.form.addRow(self.tr("Private no&tes"), self.private_notes)

        if self.row is not None:
            self._load(self.row)
        self._show_guests()
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
        self.start = dated(QDateTimeEdit())
        locale = QLocale()
        date_format = locale.dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in date_format:
            date_format = date_format.replace("yy", "yyyy")
        clock = locale.timeFormat(QLocale.FormatType.ShortFormat).replace(":ss", "")
        self.start.setDisplayFormat(f"ddd {date_format} {clock}")
        self.start.setDateTime(to_qdatetime(default_start()))
        self.original_label = QLabel()
        self.original_label.setWordWrap(True)
        self.confirm_time_button = QPushButton(self.tr("Client con&firmed the new time"))
        self.confirm_time_button.clicked.connect(self._confirm_new_time)
        original_row = QHBoxLayout()
        original_row.setContentsMargins(0, 0, 0, 0)
        original_row.addWidget(self.original_label, 1)
        original_row.addWidget(self.confirm_time_button)
        self.move_label = QLabel()
        self.move_label.setWordWrap(True)
        self.past_label = QLabel()
        self.past_label.setWordWrap(True)
        self.past_label.setStyleSheet(warning_label_style())
        self.past_label.setObjectName("pastWarning")
        self.start_box = QWidget()
        start_layout = QVBoxLayout(self.start_box)
        start_layout.setContentsMargins(0, 0, 0, 0)
        start_layout.addWidget(self.start)
        start_layout.addLayout(original_row)
        start_layout.addWidget(self.move_label)
        start_layout.addWidget(self.past_label)
        self.original_label.hide()
        self.confirm_time_button.hide()
        self.move_label.hide()
        self.past_label.hide()

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

    def _build_guests(self) -> QGroupBox:
        box = QGroupBox(self.tr("Guests joining the session"))
        self.guest_table = QTableWidget(0, 4)
        self.guest_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role or organisation"),
                self.tr("Client informed"),
                self.tr("Brought by"),
            ]
        )
        self.guest_table.verticalHeader().hide()
        self.guest_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.guest_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.guest_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.guest_table.setWordWrap(False)
        self.guest_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.guest_table.horizontalHeader()
        header.setSectionResizeMode(GUEST_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GUEST_ROLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GUEST_INFORMED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GUEST_BROUGHT_BY, QHeaderView.ResizeMode.ResizeToContents)
        self.guest_table.itemChanged.connect(self._on_guest_item_changed)
        self.guest_table.itemSelectionChanged.connect(self._update_guest_buttons)
        self.no_guests_label = QLabel(
            self.tr("No guests: just you and the client. Add anyone else who will join.")
        )
        self.no_guests_label.setWordWrap(True)

        self.guest_name = QLineEdit()
        self.guest_name.setPlaceholderText(self.tr("Guest's name"))
        self.guest_role = QLineEdit()
        self.guest_role.setPlaceholderText(self.tr("Role or organisation"))
        self.guest_brought_by = self._source_choice()
        self.guest_brought_by.setAccessibleName(self.tr("Brought by"))
        self.guest_brought_by.setToolTip(
            self.tr("Who brings this guest: a guest the client brings needs no word to them.")
        )
        self.add_guest_button = QPushButton(self.tr("Add &guest"))
        self.add_guest_button.setAutoDefault(False)
        self.add_guest_button.clicked.connect(self.add_typed_guest)
        self.remove_guest_button = QPushButton(self.tr("Remo&ve"))
        self.remove_guest_button.setAutoDefault(False)
        self.remove_guest_button.clicked.connect(self.remove_selected_guest)
        enter_adds = _EnterAdds(self.add_typed_guest, self)
        self.guest_name.installEventFilter(enter_adds)
        self.guest_role.installEventFilter(enter_adds)
        self.guest_brought_by.installEventFilter(enter_adds)
        self.guest_name.textChanged.connect(lambda _text: self.guest_problem.hide())
        self.guest_problem = QLabel()
        self.guest_problem.setWordWrap(True)
        self.guest_problem.setStyleSheet(warning_label_style())
        self.guest_problem.setObjectName("guestProblem")
        self.guest_problem.hide()

        add_row = QHBoxLayout()
        add_row.addWidget(self.guest_name, 3)
        add_row.addWidget(self.guest_role, 3)
        brought_by_label = QLabel(self.tr("&Brought by"))
        brought_by_label.setBuddy(self.guest_brought_by)
        add_row.addWidget(brought_by_label)
        add_row.addWidget(self.guest_brought_by, 2)
        add_row.addWidget(self.add_guest_button)
        add_row.addWidget(self.remove_guest_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.guest_table)
        layout.addWidget(self.no_guests_label)
        layout.addLayout(add_row)
        layout.addWidget(self.guest_problem)
        return box

    def _load(self, row: SessionRow) -> None:
        self._loaded_start = to_qdatetime(row.start)
        self.start.setDateTime(self._loaded_start)
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
        if row.rescheduled and row.original_start is not None:
            text = self.tr("Originally planned for {when}.").format(
                when=format_when(row.original_start)
            )
            if row.reschedule_confirmed_at is not None:
                text += " " + self.tr("The client confirmed the new time on {when}.").format(
                    when=format_when(row.reschedule_confirmed_at)
                )
            self.original_label.setText(text)
            self.original_label.show()
            self.confirm_time_button.setVisible(
                row.reschedule_unconfirmed and planned and not self._start_changed()
            )
        else:
            self.original_label.hide()
            self.confirm_time_button.hide()

    # --- values -----------------------------------------------------------------------------

    def client_id(self) -> int | None:
        """The chosen client (None while the picker's text names nobody)."""
        if self.client_picker is None:
            return self._fixed_client_id
        return self.client_picker.chosen_id()

    def _start_changed(self) -> bool:
        return self._loaded_start is not None and self.start.dateTime() != self._loaded_start

    def start_value(self) -> datetime:
        if self.row is not None and not self._start_changed():
            return self.row.start
        return from_qdatetime(self.start.dateTime())

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
        new_time = self.row is None or self._start_changed()
        return new_time and self._in_the_past() and self._past_confirmed_for != self.start_value()

    # --- validation and notes under the start ------------------------------------------------

    def revalidate(self) -> None:
        self._update_start_notes()
        super().revalidate()

    def _update_start_notes(self) -> None:
        moving = self.row is not None and self._planned() and self._start_changed()
        if moving and self.row is not None:
            back = self.row.original_start is not None and self.start_value() == (
                self.row.original_start
            )
            self.move_label.setText(
                self.tr("This moves the session back to its original time.")
                if back
                else self.tr("This moves the session; its original time is kept.")
            )
        self.move_label.setVisible(moving)
        if self.row is not None:
            self.confirm_time_button.setVisible(
                self.row.reschedule_unconfirmed and self._planned() and not moving
            )
        if self._in_the_past():
            if self.row is None or self._start_changed():
                text = self.tr("This time has passed: the session would start in the past.")
            else:
                text = self.tr("Its time has passed: mark it held, no-show or cancelled.")
            self.past_label.setText(f"{WARNING_MARK} {text}")
            self.past_label.show()
        else:
            self.past_label.hide()

    def problems(self) -> list[str]:
        problems: list[str] = []
        if self.client_id() is None:
            problems.append(self.tr("Choose the client."))
        problems += [error.message for error in validate_session(self.data())]
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
                guests=[
                    (guest.name, guest.role, guest.client_informed_at, guest.brought_by)
                    for guest in self._guests
                ],
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
        if status is SessionStatus.CANCELLED and not confirm(
            self,
            self.tr("Cancel session"),
            self.tr("Cancel the session with {name} on {when}?").format(
                name=self.row.client_name, when=format_when(self.start_value())
            ),
            self.tr("Cancel session"),
        ):
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

    # --- guests -----------------------------------------------------------------------------

    def _show_guests(self) -> None:
        table = self.guest_table
        selected = self._selected_guest_id()
        table.blockSignals(True)
        table.setRowCount(len(self._guests))
        for number, guest in enumerate(self._guests):
            name = QTableWidgetItem(guest.name)
            name.setData(GUEST_ID_ROLE, guest.id)
            role = QTableWidgetItem(guest.role)
            informed = QTableWidgetItem()
            informed.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            if guest.client_informed_at is not None:
                informed.setCheckState(Qt.CheckState.Checked)
                informed.setText(
                    self.tr("told {when}").format(when=format_short_when(guest.client_informed_at))
                )
                informed.setToolTip(
                    self.tr("You told the client on {when}.").format(
                        when=format_when(guest.client_informed_at)
                    )
                )
            elif guest.brought_by is GuestSource.CLIENT:
                informed.setCheckState(Qt.CheckState.Unchecked)
                informed.setText(self.tr("the client brings them"))
                informed.setToolTip(
                    self.tr("The client brings {name}: there is nothing to tell them.").format(
                        name=guest.name
                    )
                )
            else:
                informed.setCheckState(Qt.CheckState.Unchecked)
                informed.setText(f"{WARNING_MARK} " + self.tr("not told yet"))
                informed.setForeground(warning_color())
                informed.setToolTip(
                    self.tr("Tick when you have told the client that {name} will join.").format(
                        name=guest.name
                    )
                )
            table.setItem(number, GUEST_NAME, name)
            table.setItem(number, GUEST_ROLE, role)
            table.setItem(number, GUEST_INFORMED, informed)
            self._show_source(number, guest)
            if guest.id == selected:
                table.selectRow(number)
        table.blockSignals(False)
        has_guests = bool(self._guests)
        table.setVisible(has_guests)
        self.no_guests_label.setVisible(not has_guests)
        self._fit_guest_table()
        self._update_guest_buttons()

    def _source_choice(self) -> QComboBox:
        """The coach / the client / a sponsor, the coach first (the default)."""
        choice = QComboBox()
        labels = {
            GuestSource.COACH: self.tr("The coach"),
            GuestSource.CLIENT: self.tr("The client"),
            GuestSource.SPONSOR: self.tr("A sponsor"),
        }
        for source in GuestSource:
            choice.addItem(labels[source], source.value)
        return choice

    def _show_source(self, number: int, guest: GuestRow) -> None:
        """The guest's "Brought by" choice in their row; the row's choice is kept (not
        replaced) when the table is shown again, as it may be the one being changed."""
        choice = self.guest_table.cellWidget(number, GUEST_BROUGHT_BY)
        if not isinstance(choice, QComboBox):
            choice = self._source_choice()
            choice.setAccessibleName(self.tr("Brought by"))
            choice.currentIndexChanged.connect(
                lambda _index, choice=choice: self._on_source_chosen(choice)
            )
            self.guest_table.setCellWidget(number, GUEST_BROUGHT_BY, choice)
        choice.blockSignals(True)
        choice.setProperty("guest_id", guest.id)
        choice.setCurrentIndex(choice.findData(guest.brought_by.value))
        choice.blockSignals(False)

    def _on_source_chosen(self, choice: QComboBox) -> None:
        self.set_guest_source(int(choice.property("guest_id")), GuestSource(choice.currentData()))

    def set_guest_source(self, guest_id: int, source: GuestSource) -> None:
        """Say who brings the guest (recorded at once for an existing session)."""
        if guest_id < 0:
            self._guests = [
                replace(guest, brought_by=source) if guest.id == guest_id else guest
                for guest in self._guests
            ]
            self._show_guests()
        elif not self._guest_write(lambda: set_guest_brought_by(self.db, guest_id, source)):
            self._show_guests()

    def _fit_guest_table(self) -> None:
        """Tall enough for every guest, up to five rows (then it scrolls)."""
        table = self.guest_table
        header = table.horizontalHeader()
        rows = min(max(table.rowCount(), 1), 5)
        table.setFixedHeight(
            header.sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_guest_table()

    def _selected_guest_id(self) -> int | None:
        rows = self.guest_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.guest_table.item(rows[0].row(), GUEST_NAME)
        return item.data(GUEST_ID_ROLE) if item is not None else None

    def _update_guest_buttons(self) -> None:
        self.remove_guest_button.setEnabled(self._selected_guest_id() is not None)

    def _reload_guests(self) -> None:
        assert self.session_id is not None
        self._guests = list(get_session(self.db, self.session_id).guests)
        self._show_guests()

    def _guest_write(self, write: Callable[[], object]) -> bool:
        """Run one immediate guest write for an existing session; False if it failed."""

        def write_and_show() -> None:
            write()
            self.changed.emit()
            self._reload_guests()

        return bool(
            attempt(
                self,
                write_and_show,
                gone=self.tr("This session was deleted."),
                on_gone=self.reject,
                title=self.tr("Not saved"),
            )
        )

    def add_typed_guest(self) -> None:
        """Add the guest typed in the name and role fields (written at once when editing)."""
        name, role = self.guest_name.text(), self.guest_role.text()
        source = GuestSource(self.guest_brought_by.currentData())
        errors = validate_guest(name, role)
        if errors:
            self.guest_problem.setText(
                f"{WARNING_MARK} " + " ".join(self.tr(error.message) for error in errors)
            )
            self.guest_problem.show()
            self.guest_name.setFocus()
            return
        self.guest_problem.hide()
        if self.session_id is None:
            guest = GuestRow(
                self._next_pending_id, 0, name.strip(), role.strip(), brought_by=source
            )
            self._next_pending_id -= 1
            self._guests.append(guest)
            self._show_guests()
        elif not self._guest_write(
            lambda: add_guest(self.db, self.session_id, name, role, brought_by=source)
        ):
            return
        self.guest_name.clear()
        self.guest_role.clear()
        self.guest_brought_by.setCurrentIndex(0)
        self.guest_name.setFocus()

    def remove_selected_guest(self) -> None:
        guest_id = self._selected_guest_id()
        if guest_id is None:
            return
        if guest_id < 0:
            self._guests = [guest for guest in self._guests if guest.id != guest_id]
            self._show_guests()
            return
        guest = next(guest for guest in self._guests if guest.id == guest_id)
        message = self.tr("Remove {guest} from this session?").format(guest=guest.name)
        if guest.client_informed_at is not None:
            message += " " + self.tr("The record that the client was told goes with them.")
        if confirm(self, self.tr("Remove guest"), message, self.tr("Remove")):
            self._guest_write(lambda: remove_guest(self.db, guest_id))

    def set_guest_told(self, guest_id: int, informed: bool) -> None:
        """Tick or untick "client informed" (recorded at once for an existing session)."""
        if guest_id < 0:
            when = datetime.now(UTC) if informed else None
            self._guests = [
                replace(guest, client_informed_at=when) if guest.id == guest_id else guest
                for guest in self._guests
            ]
            self._show_guests()
        elif not self._guest_write(lambda: set_guest_informed(self.db, guest_id, informed)):
            self._show_guests()

    def _on_guest_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != GUEST_INFORMED:
            return
        name_item = self.guest_table.item(item.row(), GUEST_NAME)
        if name_item is None:
            return
        guest_id = name_item.data(GUEST_ID_ROLE)
        informed = item.checkState() == Qt.CheckState.Checked
        guest = next((g for g in self._guests if g.id == guest_id), None)
        if guest is not None and guest.announced != informed:
            self.set_guest_told(guest_id, informed)
