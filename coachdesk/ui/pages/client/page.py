"""The page for one client: their essentials, and tabs for sessions, what matters to them,
breaches and repairs, promises and a timeline.

Everything on the page comes from one read (``storage.overview.client_overview``);
after any dialog saves or any action the page reads again and keeps each tab's
selected row where it can.  Lists are ``RowTableModel`` tables (no widget per
row), so a client with hundreds of sessions opens as fast as a new one.  The
dialogs that edit the records are imported when first opened (``actions``).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_day, format_when
from coachdesk.domain.dates import ends_at
from coachdesk.domain.practice import (
    BreachRow,
    ClientOverview,
    MatterRow,
    PromiseRow,
    SessionRow,
    TimelineEntry,
    build_timeline,
)
from coachdesk.domain.text import one_line, quoted
from coachdesk.domain.vocab import (
    PromiseOwner,
    PromiseStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.database import Database
from coachdesk.storage.feedback import feedback_for_client
from coachdesk.storage.overview import client_overview
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.pages.client.actions import ClientActions
from coachdesk.ui.pages.client.feedback_tab import FeedbackTab
from coachdesk.ui.pages.client.header import ClientHeader
from coachdesk.ui.pages.client.list_tab import SETTINGS_KEY, ListTab, wrapped_tip
from coachdesk.ui.widgets.row_model import Column, RowTableModel
from coachdesk.ui.widgets.style import WARNING_MARK


def _trigger_labels(triggers: frozenset[Trigger]) -> str:
    return "; ".join(trigger.label for trigger in Trigger if trigger in triggers)


class MatterModel(RowTableModel[MatterRow]):
    """Retired items are greyed (and say so in words)."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and not self.row_at(index.row()).active
        ):
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return super().data(index, role)


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
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack
        self.settings = settings
        self._client_id: int | None = None
        self.overview: ClientOverview | None = None
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

    # --- building ---------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.sessions_tab = self._build_sessions_tab()
        self.matters_tab = self._build_matters_tab()
        self.breaches_tab = self._build_breaches_tab()
        self.promises_tab = self._build_promises_tab()
        self.timeline_tab = self._build_timeline_tab()
        for tab in self._list_tabs():
            self.tabs.addTab(tab, "")
            tab.table.selectionModel().selectionChanged.connect(self._update_buttons)
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

    def _build_sessions_tab(self) -> ListTab:
        now = lambda: self._now  # noqa: E731

        def when(row: SessionRow) -> str:
            text = format_when(row.start)
            return text + " " + self.tr("(moved)") if row.rescheduled else text

        def session_tip(row: SessionRow) -> str | None:
            lines = []
            if row.rescheduled:
                lines.append(
                    self.tr("Moved from {when}").format(when=format_when(row.original_start))
                )
            if row.agenda.strip():
                lines.append(self.tr("Agenda: {agenda}").format(agenda=row.agenda.strip()))
            return wrapped_tip("\n".join(lines))

        def guests(row: SessionRow) -> str:
            names = ", ".join(
                f"{guest.name} ({guest.role})" if guest.role else guest.name for guest in row.guests
            )
            if row.unannounced_guests and row.needs_attention(now()):
                return f"{WARNING_MARK} {names}"
            return names

        def guest_tip(row: SessionRow) -> str | None:
            lines = [
                (f"{guest.name} ({guest.role})" if guest.role else guest.name)
                + " — "
                + (
                    self.tr("client told {when}").format(when=format_when(guest.client_informed_at))
                    if guest.announced
                    else self.tr("client not told")
                )
                for guest in row.guests
            ]
            return wrapped_tip("\n".join(lines))

        def to_do(row: SessionRow) -> str:
            if not row.needs_attention(now()):
                return ""
            return f"{WARNING_MARK} " + "; ".join(row.to_do_before())

        columns: list[Column[SessionRow]] = [
            Column(self.tr("When"), when, sort_key=lambda row: row.start, tooltip=session_tip),
            Column(self.tr("Status"), lambda row: self.tr(row.status.label)),
            Column(self.tr("Medium"), lambda row: self.tr(row.medium.label)),
            Column(
                self.tr("Place"),
                lambda row: one_line(row.location),
                tooltip=lambda row: wrapped_tip(row.location),
            ),
            Column(
                self.tr("Guests"),
                guests,
                tooltip=guest_tip,
                warning=lambda row: bool(row.unannounced_guests) and row.needs_attention(now()),
            ),
            Column(
                self.tr("To do"),
                to_do,
                tooltip=session_tip,
                warning=lambda row: row.needs_attention(now()),
            ),
        ]
        tab = ListTab("sessions", RowTableModel(columns), self.settings, (200, 90, 90, 170, 190), 5)
        tab.add_button(self.tr("New…"), self.new_session, self.tr("Schedule a session"))
        self.open_session_button = tab.add_button(self.tr("Open…"), self.open_selected_session)
        self.prepare_button = tab.add_button(
            self.tr("Prepare…"),
            self.prepare_selected_session,
            self.tr("What matters for this session, and what to do first (Ctrl+R)"),
        )
        tab.bar.addStretch(1)
        tab.on_open(self.open_selected_session)
        return tab

    def _build_matters_tab(self) -> ListTab:
        def breaches(row: MatterRow) -> str:
            if not row.breaches:
                return ""
            text = f"{row.open_breaches}/{row.breaches}"
            return f"{WARNING_MARK} {text}" if row.open_breaches else text

        def statement(row: MatterRow) -> str:
            text = quoted(row.statement)
            return text if row.active else text + " " + self.tr("(retired)")

        def statement_tip(row: MatterRow) -> str | None:
            tip = wrapped_tip(row.statement)
            if row.why.strip():
                tip = (tip or "") + "<p><i>" + html.escape(one_line(row.why)) + "</i></p>"
            return tip

        columns: list[Column[MatterRow]] = [
            Column(
                self.tr("What matters to them"),
                statement,
                sort_key=lambda row: row.statement.casefold(),
                tooltip=statement_tip,
                bold=lambda row: True,
            ),
            Column(self.tr("Category"), lambda row: self.tr(row.category.label)),
            Column(
                self.tr("Importance"),
                lambda row: str(row.importance),
                sort_key=lambda row: row.importance,
            ),
            Column(
                self.tr("Triggers"),
                lambda row: _trigger_labels(row.triggers),
                tooltip=lambda row: _trigger_labels(row.triggers) or None,
            ),
            Column(
                self.tr("Last confirmed"),
                lambda row: format_day(row.last_confirmed_on),
                sort_key=lambda row: row.last_confirmed_on,
            ),
            Column(
                self.tr("Breaches (open/total)"),
                breaches,
                sort_key=lambda row: (row.open_breaches, row.breaches),
                warning=lambda row: row.open_breaches > 0,
            ),
        ]
        tab = ListTab(
            "matters", MatterModel(columns), self.settings, (360, 110, 80, 180, 110, 150), 0
        )
        tab.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        tab.add_button(self.tr("Capture…"), self.capture_matter)
        self.edit_matter_button = tab.add_button(self.tr("Edit…"), self.edit_selected_matter)
        self.confirm_matter_button = tab.add_button(
            self.tr("Confirmed today"),
            self.confirm_selected_matter,
            self.tr("The client confirmed today that this still matters"),
        )
        self.retire_button = tab.add_button(self.tr("Retire"), self.toggle_selected_matter)
        self.delete_matter_button = tab.add_button(self.tr("Delete…"), self.delete_selected_matter)
        tab.bar.addStretch(1)
        self.show_retired = QCheckBox(self.tr("Show retired"))
        self.show_retired.toggled.connect(self._on_show_retired)
        tab.bar.addWidget(self.show_retired)
        tab.proxy.set_predicate(lambda row: row.active)
        tab.on_open(self.edit_selected_matter)
        tab.on_delete_key(self.delete_selected_matter)
        return tab

    def _build_breaches_tab(self) -> ListTab:
        def repair(row: BreachRow) -> str:
            if row.open:
                return f"{WARNING_MARK} {self.tr(row.repair_status.label)}"
            return self.tr("Repaired {day}").format(day=format_day(row.repaired_on)).strip()

        columns: list[Column[BreachRow]] = [
            Column(
                self.tr("Date"),
                lambda row: format_day(row.occurred_on),
                sort_key=lambda row: row.occurred_on,
            ),
            Column(
                self.tr("What was missed"),
                lambda row: quoted(row.matter_statement),
                tooltip=lambda row: wrapped_tip(row.matter_statement),
                bold=lambda row: True,
            ),
            Column(
                self.tr("What happened"),
                lambda row: one_line(row.what_happened),
                tooltip=lambda row: wrapped_tip(row.what_happened),
            ),
            Column(
                self.tr("How it landed"),
                lambda row: quoted(row.how_it_landed),
                tooltip=lambda row: wrapped_tip(row.how_it_landed),
                bold=lambda row: True,
            ),
            Column(
                self.tr("Severity"),
                lambda row: str(row.severity),
                sort_key=lambda row: row.severity,
            ),
            Column(
                self.tr("Repair"),
                repair,
                sort_key=lambda row: (not row.open, row.repair_status.value),
                tooltip=lambda row: wrapped_tip(row.repair_notes),
                warning=lambda row: row.open,
            ),
        ]
        tab = ListTab("breaches", RowTableModel(columns), self.settings, (90, 220, 190, 200, 70), 5)
        tab.add_button(self.tr("Log breach…"), self.log_breach)
        self.repair_button = tab.add_button(
            self.tr("Record repair…"),
            self.edit_selected_breach,
            self.tr("Edit the breach and its repair"),
        )
        self.delete_breach_button = tab.add_button(self.tr("Delete"), self.delete_selected_breach)
        tab.bar.addStretch(1)
        tab.on_open(self.edit_selected_breach)
        tab.on_delete_key(self.delete_selected_breach)
        return tab

    def _build_promises_tab(self) -> ListTab:
        def overdue(row: PromiseRow) -> bool:
            return row.overdue(self._now.astimezone().date())

        def due(row: PromiseRow) -> str:
            text = format_day(row.due_on)
            return f"{WARNING_MARK} {text} " + self.tr("(overdue)") if overdue(row) else text

        columns: list[Column[PromiseRow]] = [
            Column(
                self.tr("Owner"),
                lambda row: (
                    self.tr("Coach") if row.owner is PromiseOwner.COACH else self.tr("Client")
                ),
            ),
            Column(
                self.tr("Promise"),
                lambda row: one_line(row.text),
                tooltip=lambda row: wrapped_tip(row.text),
            ),
            Column(self.tr("Due"), due, sort_key=lambda row: row.due_on, warning=overdue),
            Column(self.tr("Status"), lambda row: self.tr(row.status.label)),
        ]
        tab = ListTab("promises", RowTableModel(columns), self.settings, (80, 420, 200), 1)
        tab.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        tab.add_button(self.tr("New…"), self.new_promise)
        self.kept_button = tab.add_button(self.tr("Kept"), self.keep_selected_promise)
        self.missed_button = tab.add_button(
            self.tr("Missed → log as breach…"),
            self.miss_selected_promise,
            self.tr("Mark the promise missed and record the breach"),
        )
        self.delete_promise_button = tab.add_button(self.tr("Delete"), self.delete_selected_promise)
        tab.bar.addStretch(1)
        tab.on_open(self.edit_selected_promise)
        tab.on_delete_key(self.delete_selected_promise)
        return tab

    def _build_timeline_tab(self) -> ListTab:
        kinds = {
            "session": self.tr("Session"),
            "matter": self.tr("What matters"),
            "breach": self.tr("Breach"),
            "repair": self.tr("Repair"),
            "promise": self.tr("Promise"),
        }

        def when(entry: TimelineEntry) -> str:
            if entry.kind == "session":
                return format_when(entry.when)
            return format_day(entry.when.date())

        columns: list[Column[TimelineEntry]] = [
            Column(self.tr("Date"), when, sort_key=lambda entry: (entry.when, entry.kind)),
            Column(self.tr("Kind"), lambda entry: kinds.get(entry.kind, entry.kind)),
            Column(self.tr("What"), lambda entry: entry.title),
            Column(
                self.tr("Detail"),
                lambda entry: one_line(entry.detail),
                tooltip=lambda entry: wrapped_tip(entry.detail),
                bold=lambda entry: entry.kind == "matter",
            ),
        ]
        tab = ListTab("timeline", RowTableModel(columns), self.settings, (150, 110, 280), 3)
        hint = QLabel(self.tr("Double-click an entry to open it in its tab."))
        hint.setEnabled(False)
        tab.bar.addWidget(hint)
        tab.bar.addStretch(1)
        tab.on_open(self._open_timeline_entry)
        return tab

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
        self.matters_tab.set_rows(overview.matters, self._matters_empty_text())
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
            feedback_for_client(self.db, self._client_id),
            overview.sessions,
        )
        self._set_tab_titles()
        self._update_buttons()

    def _matters_empty_text(self) -> str:
        recorded = bool(self.overview and self.overview.matters)
        if recorded and not self.show_retired.isChecked():
            return self.tr(
                "Everything recorded here is retired. Tick “Show retired” to see it, "
                "or click “Capture…” to write down something new that matters to them."
            )
        return self.tr(
            "Nothing recorded yet. When the client says something matters to them, "
            "click “Capture…” and write it in their own words."
        )

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
        self.open_session_button.setEnabled(self.sessions_tab.selected() is not None)
        self.prepare_button.setEnabled(self.sessions_tab.selected() is not None)
        matter: MatterRow | None = self.matters_tab.selected()
        for button in (
            self.edit_matter_button,
            self.confirm_matter_button,
            self.retire_button,
            self.delete_matter_button,
        ):
            button.setEnabled(matter is not None)
        self.retire_button.setText(
            self.tr("Reactivate") if matter is not None and not matter.active else self.tr("Retire")
        )
        breach = self.breaches_tab.selected()
        self.repair_button.setEnabled(breach is not None)
        self.delete_breach_button.setEnabled(breach is not None)
        promise: PromiseRow | None = self.promises_tab.selected()
        self.kept_button.setEnabled(
            promise is not None and promise.status is not PromiseStatus.KEPT
        )
        self.missed_button.setEnabled(
            promise is not None and promise.status is not PromiseStatus.MISSED
        )
        self.delete_promise_button.setEnabled(promise is not None)

    def _on_show_retired(self, show: bool) -> None:
        self.matters_tab.proxy.set_predicate(None if show else (lambda row: row.active))
        self.matters_tab.refresh_empty(self._matters_empty_text())
        self._update_buttons()

    def _open_timeline_entry(self) -> None:
        entry: TimelineEntry | None = self.timeline_tab.selected()
        if entry is None:
            return
        tab = {
            "session": self.sessions_tab,
            "matter": self.matters_tab,
            "breach": self.breaches_tab,
            "repair": self.breaches_tab,
            "promise": self.promises_tab,
        }.get(entry.kind)
        if tab is None:
            return
        if tab is self.matters_tab and not self.show_retired.isChecked():
            row = tab.model.row_for_id(entry.ref_id)
            if row is not None and not tab.model.row_at(row).active:
                self.show_retired.setChecked(True)
        self.tabs.setCurrentWidget(tab)
        tab.select_id(entry.ref_id)
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
