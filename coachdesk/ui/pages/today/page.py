"""The Today page: what is due when the coach opens CoachDesk, even after days away.

Compact sections (``section.Section``) in one scrolling column, each keyboard-navigable:
first, when there are any, the planned sessions that have ended without being closed, as
"Did it happen?" with Held / No-show / Cancelled (``unclosed.UnclosedSessions``; each
undoable with Ctrl+Z, Held opens the review); then the sessions of today and the next seven
days still to end, grouped by day (``sessions.SessionsTree``, with a warning and a
one-click fix for anything to do before a session: an unannounced guest, a moved session
whose new time is not confirmed), the overdue promises (the coach's first) and the open
repairs (oldest first).  Everything is read in one unit of work
(``storage.overview.today_overview``); every action writes through ``coachdesk.storage``
and reads the page again.  The page reads itself again when the next listed session ends,
so a session of this morning is not shown as still to come in the evening.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_day, format_long_day, format_when
from coachdesk.domain.dates import ends_at
from coachdesk.domain.notice import NEAR, NoticeState, say_moment
from coachdesk.domain.practice import (
    BreachRow,
    PromiseRow,
    SessionRow,
    TodayOverview,
    local_midnight,
)
from coachdesk.domain.text import one_line, quoted
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus, RepairStatus, SessionStatus
from coachdesk.storage.database import Database
from coachdesk.storage.overview import today_overview
from coachdesk.ui.common.attempt import attempt, open_dialog, write_and_reload
from coachdesk.ui.pages.base import EditingPage
from coachdesk.ui.pages.today.section import (
    FEWEST_ROWS,
    FEWEST_ROWS_SHOWN,
    FRAME_HEIGHT,
    MAX_ROWS_SHOWN,
    SHARED_PAGE_ROWS,
    Section,
    fit_to_contents,
)
from coachdesk.ui.pages.today.sessions import SessionsTree
from coachdesk.ui.pages.today.unclosed import UnclosedSessions
from coachdesk.ui.widgets.lists import list_table
from coachdesk.ui.widgets.row_model import Column, RowTableModel
from coachdesk.ui.widgets.style import scaled_font, secondary

if TYPE_CHECKING:
    from coachdesk.storage.notices import NoticeDue

logger = logging.getLogger(__name__)

NOTICE_DAYS = 7
NOTICE_ROWS_KEPT = 2  # on a short page; one when "Did it happen?" asks above the sessions
SECTION_GAP = 4
NOTICES_MIN_WIDTH = 320
NOTICES_DELAY_MS = 150  # the first read of the notices loads the prep engine: after the paint


def _days_late(due: date | None, today: date) -> str:
    if due is None:
        return ""
    late = (today - due).days
    return f"{format_day(due)} ({late} day{'s' if late != 1 else ''} late)"


class TodayPage(EditingPage):
    """Emits ``status_message`` for the status bar, ``open_client(client id)`` and
    ``open_session(session id)`` for the main window to show them, ``prepare_session`` to
    prepare one and ``session_held`` when one was just marked held (to review it).

    Double-click (or Enter) on a session opens it, on its client's name the client; on a
    promise, its client; on a repair, the breach to record the repair.  ``clock`` gives
    the current time (aware); tests pass a fixed one."""

    open_client = Signal(int)
    open_session = Signal(int)
    prepare_session = Signal(int)
    session_held = Signal(int)

    TIME, CLIENT, WHERE, GUESTS = (
        SessionsTree.TIME,
        SessionsTree.CLIENT,
        SessionsTree.WHERE,
        SessionsTree.GUESTS,
    )

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(db, undo_stack, settings, parent)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.overview = TodayOverview((), (), ())
        self._row_height = self.fontMetrics().height() + 10
        self._today = self.clock().astimezone().date()

        self.title = QLabel(self.tr("Today"))
        self.title.setFont(scaled_font(self.font(), 1.5))
        self.date_label = QLabel()
        secondary(self.date_label)

        self.unclosed = UnclosedSessions()
        self.unclosed.setObjectName("unclosedSessions")
        self.unclosed.closed.connect(
            lambda session_id, status: self.close_session(session_id, SessionStatus(status))
        )
        self.unclosed.open_session.connect(self.open_session)
        self.unclosed_section = Section(self.tr("Did it happen?"), self.unclosed)
        self.unclosed_section.hide()
        # Read again when the next listed session ends: it moves to "Did it happen?".
        self.end_timer = QTimer(self)
        self.end_timer.setSingleShot(True)
        self.end_timer.timeout.connect(self.reload)
        self._notices_read = False
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.timeout.connect(self.reload)

        # The notices to give in the coming days, first: what is late or soon before anything.
        self.notices_model: RowTableModel[NoticeDue] = RowTableModel(
            self._notice_columns(), parent=self
        )
        self.notices_table = self._build_table(self.notices_model, words=(1,))
        self.notices_table.setObjectName("noticesDue")
        # Its cells say what they are ("By …", "Session …"): no header, and two rows kept
        # on a short page, so the sections below stay in sight at 1024×640.
        self.notices_table.horizontalHeader().hide()
        fit_to_contents(
            self.notices_table,
            self.notices_table.horizontalHeader(),
            self.notices_table.row_height(),
            fewest=NOTICE_ROWS_KEPT,
        )
        # Its height follows its rows, its width the page: the to-do's words wrap, so a
        # long one never widens the page past the window (not even for a frame).
        self.notices_table.setMinimumWidth(NOTICES_MIN_WIDTH)
        self.notices_table.fitted.connect(self._cap_notices)
        self.notices_table.activated.connect(self._prepare_notice)
        self.notice_done_button = QPushButton(self.tr("&Done"))
        self.notice_done_button.setToolTip(
            self.tr("Record that the selected notice was given (Ctrl+Z undoes it)")
        )
        self.notice_done_button.clicked.connect(self._notice_given)
        self.notice_prepare_button = QPushButton(self.tr("P&repare…"))
        self.notice_prepare_button.setToolTip(
            self.tr("Open the prep of the selected notice's session")
        )
        self.notice_prepare_button.clicked.connect(
            lambda: self._prepare_notice(self.notices_table.currentIndex())
        )
        self.notices_table.selectionModel().selectionChanged.connect(self._update_notice_buttons)
        self.notices_section = Section(
            self.tr("Notices to give in the next {days} days").format(days=NOTICE_DAYS),
            self.notices_table,
            actions=(self.notice_done_button, self.notice_prepare_button),
        )
        self.notices_section.hide()

        self.sessions_tree = SessionsTree(self._row_height)
        self.sessions_tree.open_client.connect(self.open_client)
        self.sessions_tree.open_session.connect(self.open_session)
        self.sessions_tree.prepare_session.connect(self.prepare_session)
        self.sessions_tree.guest_told.connect(self.mark_guest_told)
        self.sessions_tree.time_confirmed.connect(self.confirm_new_time)
        self.promises_model: RowTableModel[PromiseRow] = RowTableModel(
            self._promise_columns(), parent=self
        )
        self.promises_table = self._build_table(
            self.promises_model, words=(1,), fewest=SHARED_PAGE_ROWS
        )
        self.promises_table.setObjectName("overduePromises")
        self.promises_table.activated.connect(self._on_promise_activated)
        self.repairs_model: RowTableModel[BreachRow] = RowTableModel(
            self._repair_columns(), parent=self
        )
        self.repairs_table = self._build_table(self.repairs_model, words=(0, 4))
        self.repairs_table.setObjectName("openRepairs")
        self.repairs_table.activated.connect(
            lambda index: self.record_repair(self.repairs_model.row_at(index.row()))
        )

        # The selected session's actions, in sight (double-click and Enter do the same).
        self.prepare_button = QPushButton(self.tr("&Prepare…"))
        self.prepare_button.setToolTip(
            self.tr("Open the prep for the selected session: what matters for it (Ctrl+R)")
        )
        self.prepare_button.clicked.connect(self._prepare_selected)
        self.open_session_button = QPushButton(self.tr("&Open"))
        self.open_session_button.setToolTip(
            self.tr("Open the selected session (or double-click it, or press Enter)")
        )
        self.open_session_button.clicked.connect(self._open_selected)
        self.sessions_tree.currentItemChanged.connect(self._update_session_buttons)
        self.sessions_hint = QLabel(self.tr("Double-click opens it (on a name: the client)"))
        self.sessions_hint.setToolTip(
            self.tr(
                "Double-click a session or press Enter to open it; double-click the client's "
                "name to open their page."
            )
        )
        secondary(self.sessions_hint)
        self.sessions_section = Section(
            self.tr("Sessions today and in the next 7 days"),
            self.sessions_tree,
            actions=(self.prepare_button, self.open_session_button),
            hint=self.sessions_hint,
        )
        # One pair of buttons acting on the selected promise (a practice can have hundreds
        # overdue; a widget per row would make Today slow to open).
        self.kept_button = QPushButton(self.tr("&Kept"))
        self.kept_button.setToolTip(self.tr("Mark the selected promise kept"))
        self.kept_button.clicked.connect(self._kept_selected)
        self.missed_button = QPushButton(self.tr("&Missed…"))
        self.missed_button.clicked.connect(self._missed_selected)
        self.promises_table.selectionModel().selectionChanged.connect(self._update_promise_buttons)
        self.promises_section = Section(
            self.tr("Overdue promises"),
            self.promises_table,
            actions=(self.kept_button, self.missed_button),
        )
        self.repairs_section = Section(self.tr("Open repairs"), self.repairs_table)

        column = QWidget()
        column_layout = QVBoxLayout(column)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title)
        title_row.addSpacing(12)
        title_row.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignBaseline)
        title_row.addStretch(1)
        column_layout.addLayout(title_row)
        column_layout.addSpacing(SECTION_GAP)
        column_layout.addWidget(self.notices_section)
        column_layout.addWidget(self.unclosed_section)
        for section in (self.sessions_section, self.promises_section, self.repairs_section):
            column_layout.addSpacing(SECTION_GAP)
            column_layout.addWidget(section)
        column_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self.restore_state()

    # --- building ---------------------------------------------------------------------------

    def _build_table(
        self, model: RowTableModel, words: tuple[int, ...], fewest: int = FEWEST_ROWS_SHOWN
    ) -> QTableView:
        """A section's table; the ``words`` columns wrap and take the spare width; it keeps
        ``fewest`` rows on a short page."""
        table = list_table(model, sort_column=-1, words=words)  # most pressing first, as read
        fit_to_contents(table, table.horizontalHeader(), table.row_height(), fewest=fewest)
        return table

    def _promise_columns(self) -> list[Column[PromiseRow]]:
        return [
            Column(
                "Whose",
                lambda row: row.owner.label,
                sort_key=lambda row: row.owner is not PromiseOwner.COACH,
                bold=lambda row: row.owner is PromiseOwner.COACH,
            ),
            Column("Promise", lambda row: one_line(row.text)),
            Column("Client", lambda row: row.client_name),
            Column(
                "Due",
                lambda row: _days_late(row.due_on, self._today),
                sort_key=lambda row: row.due_on,
                warning=lambda row: True,
            ),
        ]

    def _notice_columns(self) -> list[Column[NoticeDue]]:
        def when(row: NoticeDue) -> str:
            due = say_moment(row.deadline)
            if row.entry.state is NoticeState.OVERDUE:
                return self.tr("Overdue: {due}").format(due=due)
            return self.tr("By {due}").format(due=due)

        return [
            Column(
                "By",
                when,
                sort_key=lambda row: row.deadline,
                warning=lambda row: row.entry.state is not NoticeState.PENDING,
                bold=lambda row: row.entry.state is NoticeState.OVERDUE,
            ),
            Column("To do", lambda row: row.entry.text, tooltip=self._notice_tooltip),
            Column(
                "Session",
                lambda row: self.tr("Session {when}").format(when=say_moment(row.start)),
                lambda row: row.start,
            ),
        ]

    def _notice_tooltip(self, row: NoticeDue) -> str:
        entry = row.entry
        assert entry.notice is not None
        notice = (
            self.tr("“{words}”, as {name} asked").format(
                words=entry.notice_words, name=row.client_name
            )
            if entry.notice_words
            else self.tr("{notice} notice (the default)").format(notice=entry.notice.text)
        )
        lines = [notice, *entry.reasons]
        if entry.quote:
            lines.append(
                self.tr("{name} said: {words}").format(
                    name=row.client_name, words=quoted(entry.quote)
                )
            )
        return "\n".join(lines)

    def _repair_columns(self) -> list[Column[BreachRow]]:
        return [
            Column(
                "What matters to them",
                lambda row: quoted(row.matter_statement),
                tooltip=self._repair_tooltip,
                bold=lambda row: True,
            ),
            Column("Client", lambda row: row.client_name),
            Column("Date", lambda row: format_day(row.occurred_on), lambda row: row.occurred_on),
            Column(
                "Repair",
                lambda row: row.repair_status.label,
                warning=lambda row: row.repair_status is RepairStatus.OPEN,
            ),
            Column(
                "What happened",
                lambda row: one_line(row.what_happened),
                tooltip=self._repair_tooltip,
            ),
        ]

    def _repair_tooltip(self, row: BreachRow) -> str | None:
        """How it landed, in the client's words (what was missed and happened are shown)."""
        if not row.how_it_landed.strip():
            return None
        return self.tr("How it landed: {words}").format(words=quoted(row.how_it_landed))

    # --- data -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read what is due again (one unit of work) and redraw every section."""
        now = self.clock()
        loaded = attempt(self, lambda: today_overview(self.db, now))
        if not loaded or loaded.value is None:
            return
        overview = self.overview = loaded.value
        self._today = now.astimezone().date()
        self.date_label.setText(format_long_day(now))
        if self._notices_read:
            self._fill_notices(now)
        else:  # the first time, once the page is on screen (the prep engine loads then)
            self._notices_read = True
            QTimer.singleShot(NOTICES_DELAY_MS, self, lambda: self._fill_notices(self.clock()))
        self._fill_unclosed(overview)
        self._fill_sessions(overview.sessions, now)
        self._time_next_end(overview.sessions, now)
        self._fill_promises(overview.overdue_promises, overview.overdue_total)
        self.repairs_model.set_rows(overview.open_repairs)
        self.repairs_section.show_rows(
            overview.repairs_total,
            self.tr("No open repairs."),
            shown=len(overview.open_repairs),
            more=self.tr("Showing the {shown} oldest; every client's page lists all of theirs."),
        )

    def _fill_notices(self, now: datetime) -> None:
        """The notices due by the end of the next ``NOTICE_DAYS`` days (overdue first)."""
        from coachdesk.storage.errors import StorageError
        from coachdesk.storage.notices import coming_notices

        until = local_midnight(now.astimezone().date() + timedelta(days=NOTICE_DAYS + 1))
        try:
            notices = coming_notices(self.db, now, due_by=until)
        except StorageError as exc:  # the data closed meanwhile (a lock): the page goes too
            logger.warning("the notices could not be read: %s", exc.problem)
            return
        self.notices_model.set_rows(notices)
        self.notices_section.setVisible(bool(notices))
        self._fit_notices()
        self._update_notice_buttons()
        # Laid out again now: a scroll area keeps the scroll bar it showed while the list
        # was first fitted, wider than the page, and would then hide the bottom sections.
        self.scroll.widget().adjustSize()
        # Read again when the next deadline passes (it turns overdue) or comes near.
        self.notice_timer.stop()
        moments = [d.deadline for d in notices if d.deadline > now]
        moments += [d.deadline - NEAR for d in notices if d.deadline - NEAR > now]
        if moments:
            wait = (min(moments) - now).total_seconds() + 1
            self.notice_timer.start(int(max(1.0, min(wait, 86_400.0)) * 1000))

    def _fit_notices(self) -> None:
        """As tall as its rows (up to a dozen): a scroll bar's own least height would
        otherwise leave an empty row under one or two."""
        count = self.notices_model.rowCount()
        self.notices_section.show_rows(count, "")
        self._cap_notices()

    def _cap_notices(self) -> None:
        frame = self.notices_table.property(FRAME_HEIGHT)
        if not isinstance(frame, int):
            return
        rows = min(self.notices_model.rowCount(), MAX_ROWS_SHOWN)
        height = sum(self.notices_table.rowHeight(row) for row in range(rows))
        self.notices_table.setMaximumHeight(frame + max(height, self.notices_table.row_height()))

    def _selected_notice(self) -> NoticeDue | None:
        index = self.notices_table.currentIndex()
        if not index.isValid() or not self.notices_table.selectionModel().hasSelection():
            return None
        return self.notices_model.row_at(index.row())

    def _update_notice_buttons(self, *_args: object) -> None:
        chosen = self._selected_notice() is not None
        self.notice_done_button.setEnabled(chosen)
        self.notice_prepare_button.setEnabled(chosen)

    def _prepare_notice(self, index: QModelIndex) -> None:
        if index.isValid():
            self.prepare_session.emit(self.notices_model.row_at(index.row()).session_id)

    def _notice_given(self) -> None:
        """Record the selected notice as given now (one click; Ctrl+Z undoes it)."""
        from coachdesk.storage.notices import mark_given
        from coachdesk.ui.common.undo import ChangeCommand

        due = self._selected_notice()
        if due is None or due.entry.ref_id is None:
            return
        ref_id = due.entry.ref_id
        written = attempt(
            self,
            lambda: mark_given(self.db, due.entry.kind, ref_id, self.clock()),
            gone=self.tr("This session or guest was deleted."),
            on_gone=self.reload,
        )
        if not written or written.value is None:
            return
        self.reload()
        self.undo_stack.push(
            ChangeCommand(
                self.db,
                self.tr("Done: {what}").format(what=due.entry.text),
                written.value,
                refresh=self.reload,
            )
        )
        self.status_message.emit(
            self.tr("Done: {what}. Ctrl+Z undoes it.").format(what=due.entry.text)
        )

    def _fill_unclosed(self, overview: TodayOverview) -> None:
        self.unclosed.fill(overview.unclosed)
        self.unclosed_section.setVisible(overview.unclosed_total > 0)
        # Both questions at once on a short page: the notices keep their first row.
        kept = 1 if overview.unclosed_total > 0 else NOTICE_ROWS_KEPT
        self.notices_table.setProperty(FEWEST_ROWS, kept)
        self._fit_notices()
        self.unclosed_section.show_rows(
            overview.unclosed_total,
            "",
            shown=len(overview.unclosed),
            more=self.tr(
                "The {shown} most recent are here; the Sessions page lists the older ones"
                " (status Planned)."
            ),
        )

    def _time_next_end(self, sessions: tuple[SessionRow, ...], now: datetime) -> None:
        ends = [ends_at(s.start, s.duration_minutes) for s in sessions]
        self.end_timer.stop()
        if ends:
            wait = (min(ends) - now).total_seconds() + 1
            # Qt's timers count in int milliseconds: beyond a day, the next read is sooner.
            self.end_timer.start(int(max(1.0, min(wait, 86_400.0)) * 1000))

    def _fill_sessions(self, sessions: tuple[SessionRow, ...], now: datetime) -> None:
        self.sessions_tree.fill(sessions, now)
        self.sessions_section.show_rows(
            len(sessions),
            self.tr("No sessions in the next 7 days — press Ctrl+Shift+N to schedule one."),
        )
        self.sessions_tree.select_first_session()
        self._update_session_buttons()

    def _update_session_buttons(self, *_args: object) -> None:
        chosen = self.sessions_tree.selected_session() is not None
        self.prepare_button.setEnabled(chosen)
        self.open_session_button.setEnabled(chosen)

    def _prepare_selected(self) -> None:
        session_id = self.sessions_tree.selected_session()
        if session_id is not None:
            self.prepare_session.emit(session_id)

    def _open_selected(self) -> None:
        session_id = self.sessions_tree.selected_session()
        if session_id is not None:
            self.open_session.emit(session_id)

    def _fill_promises(self, promises: tuple[PromiseRow, ...], total: int) -> None:
        self.promises_model.set_rows(promises)
        if promises:
            self.promises_table.selectRow(0)
        self._update_promise_buttons()
        self.promises_section.show_rows(
            total,
            self.tr("No overdue promises."),
            shown=len(promises),
            more=self.tr("Showing the first {shown}; every client's page lists all of theirs."),
        )

    def _selected_promise(self) -> PromiseRow | None:
        rows = self.promises_table.selectionModel().selectedRows()
        return self.promises_model.row_at(rows[0].row()) if rows else None

    def _update_promise_buttons(self, *_args: object) -> None:
        promise = self._selected_promise()
        self.kept_button.setEnabled(promise is not None)
        self.missed_button.setEnabled(promise is not None)
        coach = promise is not None and promise.owner is PromiseOwner.COACH
        self.missed_button.setText(self.tr("&Missed…") if coach else self.tr("&Missed"))
        self.missed_button.setToolTip(
            self.tr("Mark it missed and log it as a breach")
            if coach
            else self.tr("Mark the selected promise missed")
        )

    def _kept_selected(self) -> None:
        promise = self._selected_promise()
        if promise is not None:
            self.mark_kept(promise.id)

    def _missed_selected(self) -> None:
        promise = self._selected_promise()
        if promise is not None:
            self.mark_missed(promise)

    # --- actions ----------------------------------------------------------------------------

    def _write(self, action: Callable[[], object], gone: str) -> bool:
        return write_and_reload(self, action, gone, self.reload)

    def mark_guest_told(self, guest_id: int, guest_name: str, client_name: str) -> None:
        from coachdesk.storage.sessions import set_guest_informed

        if self._write(
            lambda: set_guest_informed(self.db, guest_id, True),
            self.tr("This guest was removed from the session."),
        ):
            self.status_message.emit(
                self.tr("Noted: {client} knows {guest} will join.").format(
                    client=client_name, guest=guest_name
                )
            )

    def confirm_new_time(self, session_id: int, client_name: str) -> None:
        from coachdesk.storage.sessions import confirm_reschedule

        if self._write(
            lambda: confirm_reschedule(self.db, session_id),
            self.tr("This session was deleted."),
        ):
            self.status_message.emit(
                self.tr("Noted: {client} confirmed the new time.").format(client=client_name)
            )

    def close_session(self, session_id: int, status: SessionStatus) -> None:
        """Answer "Did it happen?" for one ended session: one click, undone with Ctrl+Z; a
        session marked held is then offered for review."""
        from coachdesk.storage.sessions import set_session_status
        from coachdesk.ui.common.undo import ChangeCommand

        row = next((s for s in self.overview.unclosed if s.id == session_id), None)
        if row is None:
            return
        written = attempt(
            self,
            lambda: set_session_status(self.db, session_id, status),
            gone=self.tr("This session was deleted."),
            on_gone=self.reload,
        )
        if not written or written.value is None:
            return
        self.reload()
        what = self.tr("the session with {name} on {when}").format(
            name=row.client_name, when=format_when(row.start)
        )
        status_word = self.tr(status.label).lower()
        self.undo_stack.push(
            ChangeCommand(
                self.db,
                self.tr("Mark {what} {status}").format(what=what, status=status_word),
                written.value,
                refresh=self.reload,
            )
        )
        self.status_message.emit(
            self.tr("Marked {status}: {what}. Ctrl+Z undoes it.").format(
                status=status_word, what=what
            )
        )
        if status is SessionStatus.HELD:
            self.session_held.emit(session_id)

    def mark_kept(self, promise_id: int) -> None:
        from coachdesk.storage.promises import set_promise_status

        if self._write(
            lambda: set_promise_status(self.db, promise_id, PromiseStatus.KEPT),
            self.tr("This promise was deleted."),
        ):
            self.status_message.emit(self.tr("Promise marked kept."))

    def mark_missed(self, promise: PromiseRow) -> None:
        """A coach's missed promise is a breach: log it (the dialog pre-fills it).  A client's
        missed promise is only marked missed."""
        if promise.owner is PromiseOwner.CLIENT:
            from coachdesk.storage.promises import set_promise_status

            if self._write(
                lambda: set_promise_status(self.db, promise.id, PromiseStatus.MISSED),
                self.tr("This promise was deleted."),
            ):
                self.status_message.emit(self.tr("Promise marked missed."))
            return
        from coachdesk.ui.dialogs.promise import log_missed_promise

        logged = attempt(
            self,
            lambda: log_missed_promise(self.db, promise.id, parent=self),
            gone=self.tr("This promise was deleted."),
            on_gone=self.reload,
        )
        if logged.value is not None:
            self.reload()
            self.status_message.emit(self.tr("Promise marked missed and logged as a breach."))

    def record_repair(self, breach: BreachRow) -> None:
        """Open the breach to record how it is being repaired."""
        from coachdesk.ui.dialogs.breach import BreachDialog

        open_dialog(
            self,
            lambda: BreachDialog(
                self.db, client_id=breach.client_id, breach_id=breach.id, parent=self
            ),
            gone=self.tr("This breach was deleted."),
            on_gone=self.reload,
            on_saved=lambda _id: self._on_repair_saved(),
        )

    def _on_repair_saved(self) -> None:
        self.reload()
        self.status_message.emit(self.tr("Repair saved."))

    def _on_promise_activated(self, index: QModelIndex) -> None:
        promise = self.promises_model.row_at(index.row())
        self.open_client.emit(promise.client_id)

    # --- view state -------------------------------------------------------------------------

    def save_state(self) -> None:
        self.settings.setValue("today/sessions_header", self.sessions_tree.header().saveState())
        self.settings.setValue(
            "today/promises_header", self.promises_table.horizontalHeader().saveState()
        )
        self.settings.setValue(
            "today/repairs_header", self.repairs_table.horizontalHeader().saveState()
        )

    def restore_state(self) -> None:
        for key, header in (
            ("today/sessions_header", self.sessions_tree.header()),
            ("today/promises_header", self.promises_table.horizontalHeader()),
            ("today/repairs_header", self.repairs_table.horizontalHeader()),
        ):
            state = self.settings.value(key)
            if isinstance(state, QByteArray):
                header.restoreState(state)
        self.sessions_tree.share_width()
