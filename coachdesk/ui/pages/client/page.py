"""The page for one client: their essentials, and tabs for sessions, what matters to them,
breaches and repairs, promises, a timeline and feedback.

Everything on the page comes from one read (``storage.overview.client_overview``);
after any dialog saves or any action the page reads again and keeps each tab's
selected row where it can.  Lists are ``RowTableModel`` tables (no widget per
row), so a client with hundreds of sessions opens as fast as a new one.  The
dialogs that edit the records are imported when first opened (``actions``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from coachdesk.domain.dates import ends_at
from coachdesk.domain.practice import SessionRow, TimelineEntry, build_timeline
from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.database import Database
from coachdesk.storage.feedback import feedback_for_client
from coachdesk.storage.overview import client_overview
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.pages.client.actions import ClientActions
from coachdesk.ui.pages.client.breaches_tab import BreachesTab
from coachdesk.ui.pages.client.feedback_tab import FeedbackTab
from coachdesk.ui.pages.client.header import ClientHeader
from coachdesk.ui.pages.client.list_tab import SETTINGS_KEY, ListTab
from coachdesk.ui.pages.client.matters_tab import MattersTab
from coachdesk.ui.pages.client.promises_tab import PromisesTab
from coachdesk.ui.pages.client.sessions_tab import SessionsTab
from coachdesk.ui.pages.client.timeline_tab import TimelineTab


class ClientPage(ClientActions):
    """One client's page.  The main window shows it in its page stack and connects its
    signals (``ClientActions``) and ``status_message`` (status bar)."""

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, undo_stack, settings, parent)
        self._client_id = None
        self.overview = None
        self._now = datetime.now(UTC)

        self.header = ClientHeader(self)
        # The header's widgets under the page's own names, as the window and tests reach them.
        self.back_button = self.header.back_button
        self.matter_button = self.header.matter_button
        self.name_label = self.header.name_label
        self.status_label = self.header.status_label
        self.identity_label = self.header.identity_label
        self.work_label = self.header.work_label
        self.email_label = self.header.email_label
        self.phone_label = self.header.phone_label
        self.dates_label = self.header.dates_label
        self.repairs_badge = self.header.repairs_badge
        self.todo_badge = self.header.todo_badge
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

        for keys in ("Alt+Left", "Backspace"):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(self.back_requested)
            self.addAction(action)
        self.restore_state()

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        now = lambda: self._now  # noqa: E731
        self.sessions_tab = SessionsTab(self.settings, self, now)
        self.matters_tab = MattersTab(self.settings, self)
        self.breaches_tab = BreachesTab(self.settings, self)
        self.promises_tab = PromisesTab(self.settings, self, now)
        self.timeline_tab = TimelineTab(self.settings, self._open_timeline_entry)
        for tab in self._list_tabs():
            self.tabs.addTab(tab, "")
            tab.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.matters_tab.show_retired.toggled.connect(self._update_buttons)
        # The tabs' buttons and check box under the page's names, as the tests reach them.
        self.prepare_button = self.sessions_tab.prepare_button
        self.confirm_matter_button = self.matters_tab.confirm_button
        self.retire_button = self.matters_tab.retire_button
        self.delete_matter_button = self.matters_tab.delete_button
        self.show_retired = self.matters_tab.show_retired
        self.kept_button = self.promises_tab.kept_button
        self.missed_button = self.promises_tab.missed_button
        self.feedback_tab = FeedbackTab(self.settings)
        self.feedback_tab.record_feedback.connect(self.record_feedback)
        self.feedback_tab.print_card.connect(self.print_feedback_card)
        self.tabs.addTab(self.feedback_tab, "")
        self._set_tab_titles()

    def _list_tabs(self) -> tuple[ListTab, ...]:
        return (
            self.sessions_tab,
            self.matters_tab,
            self.breaches_tab,
            self.promises_tab,
            self.timeline_tab,
        )

    # --- data -------------------------------------------------------------------------------

    @property
    def client_id(self) -> int | None:
        return self._client_id

    def show_client(self, client_id: int) -> None:
        """Show ``client_id``'s page (read in one go), with no rows selected."""
        changed = client_id != self._client_id
        self._client_id = client_id
        if changed:
            for tab in self._list_tabs():
                tab.table.clearSelection()
                tab.model.set_rows(())
        self.reload()

    def _client_gone(self) -> None:
        self._client_id = None
        self.overview = None
        self.back_requested.emit()

    def reload(self) -> None:
        """Read the client again and redraw, keeping each tab's selected row where possible."""
        if self._client_id is None:
            return
        client_id = self._client_id
        loaded = attempt(
            self,
            lambda: client_overview(self.db, client_id),
            gone=self.tr("This client was deleted."),
            on_gone=self._client_gone,
        )
        if not loaded or loaded.value is None:
            return
        overview = loaded.value
        self._now = datetime.now(UTC)
        self.overview = overview
        self.header.show_overview(overview, self.next_session())
        self.sessions_tab.set_rows(
            overview.sessions,
            self.tr("No sessions yet. Click “New session…” above to schedule the first one."),
        )
        self.matters_tab.set_matters(overview.matters)
        self.breaches_tab.set_rows(
            overview.breaches,
            self.tr(
                "No breaches recorded. When something that mattered to the client is missed, "
                "click “Log breach…” to record it and its repair."
            ),
        )
        self.promises_tab.set_rows(
            overview.promises,
            self.tr(
                "No promises yet. Click “New promise…” to record one made by you or the client."
            ),
        )
        self.timeline_tab.set_rows(
            build_timeline(overview),
            self.tr("Nothing on the timeline yet. Schedule a session to begin it."),
            keep=False,
        )
        self.feedback_tab.set_client(
            overview.preferred_name.strip() or overview.name,
            feedback_for_client(self.db, client_id),
            overview.sessions,
        )
        self._set_tab_titles()
        self._update_buttons()

    def next_session(self) -> SessionRow | None:
        """The client's next planned session that has not ended yet."""
        if self.overview is None:
            return None
        upcoming = [
            row
            for row in self.overview.sessions
            if row.status is SessionStatus.PLANNED
            and ends_at(row.start, row.duration_minutes) >= self._now
        ]
        return min(upcoming, key=lambda row: row.start, default=None)

    def _set_tab_titles(self) -> None:
        overview = self.overview
        counts = (0, 0, 0, 0, 0, 0)
        if overview is not None:
            counts = (
                len(overview.sessions),
                sum(1 for matter in overview.matters if matter.active),
                len(overview.breaches),
                len(overview.promises),
                self.timeline_tab.model.rowCount(),
                len(self.feedback_tab.rows),
            )
        titles = (
            self.tr("Sessions ({n})"),
            self.tr("What matters ({n})"),
            self.tr("Breaches && repairs ({n})"),
            self.tr("Promises ({n})"),
            self.tr("Timeline ({n})"),
            self.tr("Feedback ({n})"),
        )
        for number, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.tabs.setTabText(number, title.format(n=count))

    def _update_buttons(self, *_args: object) -> None:
        self.header.set_has_client(self._client_id is not None)
        for tab in self._list_tabs():
            tab.update_buttons()

    def _open_timeline_entry(self) -> None:
        entry: TimelineEntry | None = self.timeline_tab.selected()
        if entry is not None:
            self.show_record(entry.kind, entry.ref_id)

    def show_record(self, kind: str, record_id: int) -> None:
        """Bring the tab of ``kind`` ("session", "matter", "breach", "repair", "promise",
        "feedback") forward with record ``record_id`` chosen in it (a retired item shown)."""
        if kind == "feedback":
            self.tabs.setCurrentWidget(self.feedback_tab)
            self.feedback_tab.select_id(record_id)
            return
        tab: ListTab | None = {
            "session": self.sessions_tab,
            "matter": self.matters_tab,
            "breach": self.breaches_tab,
            "repair": self.breaches_tab,
            "promise": self.promises_tab,
        }.get(kind)
        if tab is None:
            return
        if tab is self.matters_tab and not self.show_retired.isChecked():
            row = tab.model.row_for_id(record_id)
            if row is not None and not tab.model.row_at(row).active:
                self.show_retired.setChecked(True)
        self.tabs.setCurrentWidget(tab)
        tab.select_id(record_id)
        tab.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- view state -------------------------------------------------------------------------

    def save_state(self) -> None:
        for tab in self._list_tabs():
            tab.save_state()
        self.settings.setValue(f"{SETTINGS_KEY}/tab", self.tabs.currentIndex())
        self.settings.setValue(f"{SETTINGS_KEY}/show_retired", self.show_retired.isChecked())

    def restore_state(self) -> None:
        for tab in self._list_tabs():
            tab.restore_state()
        index = self.settings.value(f"{SETTINGS_KEY}/tab", 0)
        try:
            self.tabs.setCurrentIndex(int(index))
        except (TypeError, ValueError):
            self.tabs.setCurrentIndex(0)
        show = self.settings.value(f"{SETTINGS_KEY}/show_retired", False)
        self.show_retired.setChecked(show is True or str(show).lower() == "true")
