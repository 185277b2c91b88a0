"""The Sessions page: every client's sessions in a period, filtered, opened, closed, deleted.

The client, period and status filters are read by the storage layer (a
practice can hold 150,000 sessions, so the period is always bounded or the
list capped); the text filter narrows the rows already read.  Upcoming planned
sessions with something to do first (an unannounced guest, a new time not
confirmed) carry the warning marker in the To do column (``rows.SessionsModel``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_when
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.client_list import client_choices, count_clients
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import (
    delete_session,
    get_session,
    list_sessions,
    set_session_status,
)
from coachdesk.ui.common.attempt import attempt, delete_with_undo, open_dialog, write_and_reload
from coachdesk.ui.common.messages import confirm
from coachdesk.ui.pages.base import ListPage
from coachdesk.ui.pages.sessions.rows import (
    DEFAULT_PERIOD,
    SESSION_RANGES,
    SessionRange,
    SessionsModel,
    guest_names,
)
from coachdesk.ui.widgets.lists import list_table, on_delete_key, with_empty_state
from coachdesk.ui.widgets.row_model import WordFilterProxy

ROW_LIMIT = 5_000


class SessionsPage(ListPage):
    """Emits ``status_message`` for the status bar, ``open_client(client_id)`` to show a
    client's page and ``session_held(session_id)`` after a session was marked held."""

    open_client = Signal(int)
    session_held = Signal(int)
    prepare_session = Signal(int)

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, undo_stack, settings, parent)
        self._client_count: int | None = None

        self.client_filter = QComboBox()
        self.client_filter.setMinimumContentsLength(18)
        self.client_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.client_filter.addItem(self.tr("All clients"), None)
        self.period_filter = QComboBox()
        for period in SESSION_RANGES:
            self.period_filter.addItem(self.tr(period.label))
        self.period_filter.setCurrentIndex(DEFAULT_PERIOD)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Any status"), None)
        for status in SessionStatus:
            self.status_filter.addItem(self.tr(status.label), status.value)
        for combo in (self.client_filter, self.period_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda _index: self.reload())

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by client, place, agenda or guest"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.wire_filter_keys()

        self.new_button = QPushButton(self.tr("&New session…"))
        self.new_button.setToolTip(self.tr("Schedule a session (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(lambda: self.new_session())
        self.edit_button = QPushButton(self.tr("&Open…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)

        self.model = SessionsModel(parent=self)
        self.proxy = WordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(self.proxy, 0)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((130, 160, 75, 75, 100, 260)):
            header.resizeSection(column, width)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        on_delete_key(self.table, self.delete_selected)
        self.stack, self.empty_label = with_empty_state(self.table)
        self.capped_label = QLabel()
        self.capped_label.setWordWrap(True)
        self.capped_label.hide()

        filters = QHBoxLayout()
        for caption, combo in (
            (self.tr("Cl&ient"), self.client_filter),
            (self.tr("&Period"), self.period_filter),
            (self.tr("S&tatus"), self.status_filter),
        ):
            label = QLabel(caption)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(8)
        filters.addStretch(1)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self.capped_label)
        layout.addWidget(self.stack, 1)

        self.proxy.modelReset.connect(self._update_empty_state)
        self.proxy.rowsInserted.connect(self._update_empty_state)
        self.proxy.rowsRemoved.connect(self._update_empty_state)
        self.proxy.layoutChanged.connect(self._update_empty_state)  # the filter, a pinned row
        self.restore_state()
        self._update_buttons()
        self._update_empty_state()

    def to_do_text(self, row: SessionRow) -> str:
        """What to do before the session, as its To do column shows it."""
        return self.model.to_do_text(row)

    # --- data -------------------------------------------------------------------------------

    def period(self) -> SessionRange:
        return SESSION_RANGES[max(self.period_filter.currentIndex(), 0)]

    def reload(self, select_id: int | None = None) -> None:
        """Read the sessions of the chosen period again, keeping (or moving to) the selection."""
        keep = select_id if select_id is not None else self.selected_id()
        self.model.now = datetime.now(UTC)
        start_from, start_to = self.period().bounds(self.model.now)
        status = self.status_filter.currentData()

        def read() -> list[SessionRow]:
            self._refresh_clients()
            return list_sessions(
                self.db,
                client_id=self.client_filter.currentData(),
                start_from=start_from,
                start_to=start_to,
                statuses=[SessionStatus(status)] if status else None,
                newest_first=self.period().newest_first,
                limit=ROW_LIMIT + 1,
            )

        loaded = attempt(self, read)
        if not loaded or loaded.value is None:
            return
        rows = loaded.value
        capped = len(rows) > ROW_LIMIT
        self.capped_label.setText(
            self.tr(
                "Only the first {count:,} sessions of this period are listed; choose a client "
                "or a shorter period to see the rest."
            ).format(count=ROW_LIMIT)
        )
        self.capped_label.setVisible(capped)
        self.model.set_rows(rows[:ROW_LIMIT])
        self._fit_when(rows[:ROW_LIMIT])
        if keep is not None:
            self.select_id(keep)
        self._update_empty_state()
        self._update_buttons()

    def _fit_when(self, rows: list[SessionRow]) -> None:
        """Widen When for a time with the client's beside it (never narrowed here: the
        coach's own width stays)."""
        longest = max(
            (self.model.when_text(row) for row in rows if row.client_time_zone),
            key=len,
            default="",
        )
        if not longest:
            return
        header = self.table.horizontalHeader()
        wanted = self.table.fontMetrics().horizontalAdvance(longest) + 24
        if header.sectionSize(0) < wanted:
            header.resizeSection(0, wanted)

    def _refresh_clients(self) -> None:
        """Fill the client filter (again only when clients were added or deleted)."""
        count = count_clients(self.db)
        if count == self._client_count:
            return
        self._client_count = count
        chosen = self.client_filter.currentData()
        clients = sorted(client_choices(self.db), key=lambda c: (c.name.casefold(), c.id))
        self.client_filter.blockSignals(True)
        self.client_filter.clear()
        self.client_filter.addItem(self.tr("All clients"), None)
        for client in clients:
            self.client_filter.addItem(client.name, client.id)
        index = self.client_filter.findData(chosen) if chosen is not None else 0
        self.client_filter.setCurrentIndex(max(index, 0))
        self.client_filter.blockSignals(False)

    def selected_row(self) -> SessionRow | None:
        session_id = self.selected_id()
        if session_id is None:
            return None
        number = self.model.row_for_id(session_id)
        return self.model.row_at(number) if number is not None else None

    # --- actions ----------------------------------------------------------------------------

    def new_session(self, client_id: int | None = None) -> None:
        """Schedule a session, for ``client_id`` or the client the list is filtered to."""
        if client_id is None:
            client_id = self.client_filter.currentData()
        self._open_dialog(client_id=client_id)

    def edit_selected(self) -> None:
        session_id = self.selected_id()
        if session_id is not None:
            self._open_dialog(session_id=session_id)

    def _open_dialog(self, *, client_id: int | None = None, session_id: int | None = None) -> None:
        from coachdesk.ui.dialogs.session import SessionDialog

        held: list[int] = []

        def make() -> SessionDialog:
            dialog = SessionDialog(self.db, client_id=client_id, session_id=session_id, parent=self)
            dialog.changed.connect(lambda: self.reload(select_id=session_id))
            dialog.held.connect(held.append)
            return dialog

        open_dialog(
            self,
            make,
            gone=self.tr("This session was deleted.")
            if session_id is not None
            else self.tr("This client was deleted."),
            on_gone=self.reload,
            on_saved=self._on_saved,
        )
        for held_id in held:
            self.session_held.emit(held_id)

    def _on_saved(self, session_id: int) -> None:
        self.reload(select_id=session_id)
        row = self.model.row_for_id(session_id)
        if row is not None:
            self.status_message.emit(self.tr("Session saved."))
            saved = self.model.row_at(row)
            what = self.tr("the session with {name} on {when}").format(
                name=saved.client_name, when=format_when(saved.start)
            )
            self.show_saved(session_id, what)
            return
        # The line only leaves the time out when the session cannot be read back.
        found = attempt(self, lambda: get_session(self.db, session_id).start, inline=lambda _: None)
        when = format_when(found.value) if found.value is not None else ""
        self.status_message.emit(
            self.tr("Session saved for {when}; it is not in the list as filtered.").format(
                when=when
            )
        )

    def set_status(self, status: SessionStatus) -> None:
        """Mark the selected session held, no-show, cancelled (asks first) or planned."""
        from coachdesk.ui.dialogs.session.status import confirm_status

        row = self.selected_row()
        if row is None or row.status is status:
            return
        if not confirm_status(self, status, row.client_name, row.start):
            return
        if not write_and_reload(
            self,
            lambda: set_session_status(self.db, row.id, status),
            self.tr("This session was deleted."),
            lambda: self.reload(select_id=row.id),
        ):
            return
        self.status_message.emit(
            self.tr("The session with {name} on {when} is now {status}.").format(
                name=row.client_name,
                when=format_when(row.start),
                status=self.tr(status.label).lower(),
            )
        )
        if status is SessionStatus.HELD:
            self.session_held.emit(row.id)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        what = self.tr("the session with {name} on {when}").format(
            name=row.client_name, when=format_when(row.start)
        )
        message = self.tr("Delete {what}?").format(what=what)
        if row.guests:
            message += " " + self.tr("Its guests ({names}) go with it.").format(
                names=guest_names(row)
            )
        message += "\n\n" + self.tr("You can undo this with Ctrl+Z until you close CoachDesk.")
        if not confirm(self, self.tr("Delete session"), message, self.tr("Delete")):
            return
        session_id = row.id
        delete_with_undo(
            self,
            self.db,
            self.undo_stack,
            delete=lambda: delete_session(self.db, session_id),
            label=what,
            gone=self.tr("This session was deleted."),
            reload=self.reload,
            refresh=lambda: self.reload(select_id=session_id),
            report=self.status_message.emit,
        )

    def _context_menu(self, position: QPoint) -> None:
        row = self.selected_row()
        if row is None:
            return
        menu = QMenu(self)
        menu.addAction(
            self.tr("Prepare for this session… (Ctrl+R)"),
            lambda: self.prepare_session.emit(row.id),
        )
        menu.addAction(self.tr("Open…"), self.edit_selected)
        menu.addAction(
            self.tr("Open client {name}").format(name=row.client_name),
            lambda: self.open_client.emit(row.client_id),
        )
        menu.addSeparator()
        for status, text in (
            (SessionStatus.HELD, self.tr("Mark held")),
            (SessionStatus.NO_SHOW, self.tr("No-show")),
            (SessionStatus.CANCELLED, self.tr("Cancel session…")),
            (SessionStatus.PLANNED, self.tr("Back to planned")),
        ):
            action = menu.addAction(text, lambda s=status: self.set_status(s))
            action.setEnabled(row.status is not status)
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(position))

    # --- view state -------------------------------------------------------------------------

    def _on_filter(self, text: str) -> None:
        self.proxy.set_filter_words(text)
        self._update_empty_state()

    def _update_buttons(self, *_args: object) -> None:
        has_selection = self.selected_id() is not None
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def _update_empty_state(self, *_args: object) -> None:
        if self.proxy.rowCount(QModelIndex()) > 0:
            self.stack.setCurrentWidget(self.table)
            return
        narrowed = self.client_filter.currentIndex() > 0 or self.status_filter.currentIndex() > 0
        if self.model.rowCount() > 0:
            text = self.tr(
                "No session matches “{text}”. Clear the filter to see every session in this period."
            ).format(text=self.filter_edit.text().strip())
        elif narrowed:
            text = self.tr(
                "No sessions match these filters in this period — change a filter, or "
                "press Ctrl+Shift+N to schedule one."
            )
        else:
            text = self.tr("No sessions in this period — press Ctrl+Shift+N to schedule one.")
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    def save_state(self) -> None:
        self.settings.setValue("sessions/header", self.table.horizontalHeader().saveState())

    def restore_state(self) -> None:
        state = self.settings.value("sessions/header")
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)
