"""The guests who join a session: a table with "client informed" and "Brought by", and
fields to add one.

For a new session the guests are kept in memory (negative ids) until the session is
written with them; for an existing session each change is written at once, so ticking
"client informed" is recorded the moment the coach ticks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_clock, format_when, to_qdatetime
from coachdesk.domain.practice import GuestRow, validate_guest
from coachdesk.domain.vocab import GuestSource
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import (
    add_guest,
    get_session,
    remove_guest,
    set_guest_brought_by,
    set_guest_informed,
)
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.common.messages import confirm
from coachdesk.ui.widgets.style import WARNING_MARK, warning_color, warning_label_style

GUEST_NAME, GUEST_ROLE, GUEST_INFORMED, GUEST_BROUGHT_BY = range(4)
GUEST_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# A guest as ``storage.sessions.create_session`` writes it with a new session.
NewGuest = tuple[str, str, datetime | None, GuestSource]


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


class GuestsEditor(QGroupBox):
    """The session's guests (``session_id`` None: a session not written yet).

    Emits ``changed`` after a guest write went through and ``gone`` when the session
    was found deleted (its dialog then closes)."""

    changed = Signal()
    gone = Signal()

    def __init__(
        self,
        db: Database,
        session_id: int | None,
        guests: list[GuestRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Guests joining the session"), parent)
        self.db = db
        self.session_id = session_id
        self._guests = guests
        self._next_pending_id = -1

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
        layout = QVBoxLayout(self)
        layout.addWidget(self.guest_table)
        layout.addWidget(self.no_guests_label)
        layout.addLayout(add_row)
        layout.addWidget(self.guest_problem)

    def new_guests(self) -> list[NewGuest]:
        """The guests kept in memory, to be written with a new session."""
        return [
            (guest.name, guest.role, guest.client_informed_at, guest.brought_by)
            for guest in self._guests
        ]

    # --- showing ----------------------------------------------------------------------------

    def show_guests(self) -> None:
        """Fill the table.  The dialog first calls it once its whole form is laid out, so the
        rows' "Brought by" choices keep their place in the Tab order (after the notes)."""
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

    # --- changing ---------------------------------------------------------------------------

    def _reload_guests(self) -> None:
        assert self.session_id is not None
        self._guests = list(get_session(self.db, self.session_id).guests)
        self.show_guests()

    def _guest_write(self, write: Callable[[], object]) -> bool:
        """Run one immediate guest write for an existing session; False if it failed."""

        def write_and_show() -> None:
            write()
            self.changed.emit()
            self._reload_guests()

        return bool(
            attempt(
                self.window(),
                write_and_show,
                gone=self.tr("This session was deleted."),
                on_gone=self.gone.emit,
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
            self.show_guests()
        elif not self._guest_write(
            lambda: add_guest(self.db, self.session_id, name, role, brought_by=source)
        ):
            return
        self.guest_name.clear()
        self.guest_role.clear()
        self.guest_brought_by.setCurrentIndex(0)
        self.guest_name.setFocus()

    def remove_selected_guest(self) -> None:
        """Take the selected guest off (asking first when they are written already)."""
        guest_id = self._selected_guest_id()
        if guest_id is None:
            return
        if guest_id < 0:
            self._guests = [guest for guest in self._guests if guest.id != guest_id]
            self.show_guests()
            return
        guest = next(guest for guest in self._guests if guest.id == guest_id)
        message = self.tr("Remove {guest} from this session?").format(guest=guest.name)
        if guest.client_informed_at is not None:
            message += " " + self.tr("The record that the client was told goes with them.")
        if confirm(self.window(), self.tr("Remove guest"), message, self.tr("Remove")):
            self._guest_write(lambda: remove_guest(self.db, guest_id))

    def set_guest_told(self, guest_id: int, informed: bool) -> None:
        """Tick or untick "client informed" (recorded at once for an existing session)."""
        if guest_id < 0:
            when = datetime.now(UTC) if informed else None
            self._guests = [
                replace(guest, client_informed_at=when) if guest.id == guest_id else guest
                for guest in self._guests
            ]
            self.show_guests()
        elif not self._guest_write(lambda: set_guest_informed(self.db, guest_id, informed)):
            self.show_guests()

    def _on_source_chosen(self, choice: QComboBox) -> None:
        self.set_guest_source(int(choice.property("guest_id")), GuestSource(choice.currentData()))

    def set_guest_source(self, guest_id: int, source: GuestSource) -> None:
        """Say who brings the guest (recorded at once for an existing session)."""
        if guest_id < 0:
            self._guests = [
                replace(guest, brought_by=source) if guest.id == guest_id else guest
                for guest in self._guests
            ]
            self.show_guests()
        elif not self._guest_write(lambda: set_guest_brought_by(self.db, guest_id, source)):
            self.show_guests()

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
