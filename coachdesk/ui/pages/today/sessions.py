"""The sessions of today and the next seven days on the Today page, grouped by day.

A client with a time zone of their own whose clock says another time has it beside the
coach's: "10:00–11:00 (16:00 in New York)".  Under a session with something to do before
it (an unannounced guest, a moved session whose new time is not confirmed) a warning row
with a one-click fix.  A large practice can have hundreds of sessions in a week: the
first screenful is built before the first paint, the rest right after, a chunk per turn
of the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import QEvent, QLocale, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from coachdesk.display.timefmt import (
    format_long_day,
    format_their_time,
    format_when,
    to_qdatetime,
)
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.practice import SessionRow, confirm_time, tell_guest
from coachdesk.ui.pages.today.section import SHARED_PAGE_ROWS, fit_to_contents
from coachdesk.ui.widgets.style import WARNING_MARK, scaled_font, warning_label_style

ITEM_ROLE = Qt.ItemDataRole.UserRole + 10
"""On the sessions tree: (session id, client id) for a session or a to-do row, None on a day."""

FIRST_BATCH = 20  # sessions built before the page is first painted; the rest right after
PENDING_CHUNK = 100  # ...in chunks this size, one per turn of the event loop
PENDING_FALLBACK_MS = 250  # ...or after this long if the page is not painted (hidden)


def _guest_text(session: SessionRow) -> str:
    return ", ".join(
        f"{guest.name} ({guest.role})" if guest.role else guest.name for guest in session.guests
    )


class SessionsTree(QTreeWidget):
    """A day heading, then its sessions (and their to-dos).

    Emits ``open_session``, ``open_client`` and ``prepare_session`` (ids) when the coach
    activates a row or picks from its menu; ``guest_told(guest id, guest, client)`` and
    ``time_confirmed(session id, client)`` when they click a to-do's button."""

    open_client = Signal(int)
    open_session = Signal(int)
    prepare_session = Signal(int)
    guest_told = Signal(int, str, str)
    time_confirmed = Signal(int, str)

    TIME, CLIENT, WHERE, GUESTS = range(4)

    def __init__(self, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row_height = row_height
        self._day_item: QTreeWidgetItem | None = None
        self._current_day: date | None = None
        self._pending: tuple[tuple[SessionRow, ...], datetime] = ((), datetime.now(UTC))
        self._locale = QLocale()
        self._clock_format = ""
        self._day_font = self.font()
        self.setObjectName("upcomingSessions")
        self.setToolTip(self.tr("Double-click a session to open it, a name to open the client"))
        self.setColumnCount(4)
        self.setHeaderLabels(
            [self.tr("Time"), self.tr("Client"), self.tr("How and where"), self.tr("Guests")]
        )
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setExpandsOnDoubleClick(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.resizeSection(self.TIME, 120)
        header.resizeSection(self.CLIENT, 170)
        self.share_width()
        self.itemActivated.connect(self._on_session_activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._session_menu)
        fit_to_contents(self, header, self._row_height, fewest=SHARED_PAGE_ROWS)

    def share_width(self) -> None:
        """Where and who share the width the time and the name leave, following the
        window (again after a header state kept from before is restored)."""
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (self.WHERE, self.GUESTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def fill(self, sessions: tuple[SessionRow, ...], now: datetime) -> None:
        """Fill the tree: the first screenful now, the rest once it has been painted.

        About a dozen rows are visible, and a large practice can have hundreds of sessions
        in a week; building them all before the first paint keeps the coach waiting for
        rows they would have to scroll to.
        """
        self.clear()
        self._locale = QLocale()
        self._clock_format = self._locale.timeFormat(QLocale.FormatType.ShortFormat).replace(
            ":ss", ""
        )
        self._day_font = scaled_font(self.font(), 1.0)
        self._day_item = None
        self._current_day = None
        self._pending = (sessions[FIRST_BATCH:], now)
        self._add_sessions(sessions[:FIRST_BATCH], now)
        if self._pending[0]:
            self.viewport().installEventFilter(self)
            QTimer.singleShot(PENDING_FALLBACK_MS, self._add_pending)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.viewport():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._add_pending)
        return super().eventFilter(watched, event)

    def _add_pending(self) -> None:
        """The sessions after the first screenful, a chunk per turn of the event loop so a
        busy week never freezes the window (a newer fill replaces what is left)."""
        sessions, now = self._pending
        self._pending = (sessions[PENDING_CHUNK:], now)
        if sessions:
            self._add_sessions(sessions[:PENDING_CHUNK], now)
        if self._pending[0]:
            QTimer.singleShot(0, self._add_pending)

    def _add_sessions(self, sessions: tuple[SessionRow, ...], now: datetime) -> None:
        today = now.astimezone().date()
        for session in sessions:
            day = local_or_utc(session.start).date()
            if day != self._current_day:
                self._current_day = day
                day_item = QTreeWidgetItem(self, [self._day_heading(session.start, today)])
                day_item.setFirstColumnSpanned(True)
                day_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                day_item.setFont(0, self._day_font)
                day_item.setData(0, ITEM_ROLE, None)
                day_item.setSizeHint(0, QSize(0, self._row_height))
                day_item.setExpanded(True)
                self._day_item = day_item
            assert self._day_item is not None
            self._add_session(self._day_item, session, now)

    def _day_heading(self, start: datetime, today: date) -> str:
        long_day = format_long_day(start)
        offset = (local_or_utc(start).date() - today).days
        if offset == 0:
            return self.tr("Today — {day}").format(day=long_day)
        if offset == 1:
            return self.tr("Tomorrow — {day}").format(day=long_day)
        return long_day

    def _add_session(self, parent: QTreeWidgetItem, session: SessionRow, now: datetime) -> None:
        start = to_qdatetime(session.start)
        end = start.addSecs(session.duration_minutes * 60)
        where = session.medium.label
        if session.location:
            where += f" · {session.location}"
        guests = _guest_text(session)
        clock = self._clock_format
        hours = (
            f"{self._locale.toString(start.time(), clock)}–"
            f"{self._locale.toString(end.time(), clock)}"
        )
        theirs = (
            format_their_time(session.start, session.client_time_zone)
            if session.client_time_zone
            else ""
        )
        if theirs:
            hours = f"{hours} ({theirs})"
        item = QTreeWidgetItem(
            parent,
            [
                hours,
                session.client_name,
                where,
                guests,
            ],
        )
        item.setData(0, ITEM_ROLE, (session.id, session.client_id))
        item.setSizeHint(0, QSize(0, self._row_height))
        if theirs:
            item.setToolTip(
                self.TIME,
                self.tr("Their time: {theirs} ({zone})").format(
                    theirs=theirs, zone=session.client_time_zone
                ),
            )
            self._widen_time_column(hours)
        # Only text that may be cut off gets a tooltip: hundreds of rows on a big week.
        if len(where) > 40:
            item.setToolTip(self.WHERE, where)
        if len(guests) > 30:
            item.setToolTip(self.GUESTS, guests)
        if not session.needs_attention(now):
            return
        for guest in session.unannounced_guests:
            who = f"{guest.name} ({guest.role})" if guest.role else guest.name
            self._add_to_do(
                parent,
                session,
                tell_guest(session.client_name, who),
                self.tr("Told them"),
                self.tr("Record that {client} now knows {guest} will join").format(
                    client=session.client_name, guest=guest.name
                ),
                lambda guest_id=guest.id, name=guest.name, client=session.client_name: (
                    self.guest_told.emit(guest_id, name, client)
                ),
            )
        if session.reschedule_unconfirmed:
            self._add_to_do(
                parent,
                session,
                self.tr("{to_do} (moved from {when})").format(
                    to_do=confirm_time(session.client_name),
                    when=format_when(session.original_start),
                ),
                self.tr("New time confirmed"),
                self.tr("Record that {client} confirmed the new time").format(
                    client=session.client_name
                ),
                lambda session_id=session.id, client=session.client_name: self.time_confirmed.emit(
                    session_id, client
                ),
            )

    def _widen_time_column(self, text: str) -> None:
        """Wide enough for a time with the client's beside it (never narrowed here)."""
        header = self.header()
        wanted = self.fontMetrics().horizontalAdvance(text) + 2 * self.indentation()
        if header.sectionSize(self.TIME) < wanted:
            header.resizeSection(self.TIME, wanted)

    def _add_to_do(
        self,
        parent: QTreeWidgetItem,
        session: SessionRow,
        text: str,
        action: str,
        tooltip: str,
        on_click: Callable[[], None],
    ) -> None:
        item = QTreeWidgetItem(parent)
        item.setFirstColumnSpanned(True)
        item.setData(0, ITEM_ROLE, (session.id, session.client_id))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{WARNING_MARK} {text}")
        holder = QWidget()
        holder.setObjectName("toDo")
        row = QHBoxLayout(holder)
        row.setContentsMargins(self.indentation(), 1, 4, 1)
        warning = QLabel(f"{WARNING_MARK} {text}")
        warning.setObjectName("warning")
        warning.setStyleSheet(warning_label_style())
        button = QPushButton(action)
        button.setToolTip(tooltip)
        button.clicked.connect(lambda _checked=False: on_click())
        row.addWidget(warning)
        row.addSpacing(8)
        row.addWidget(button)
        row.addStretch(1)
        self.setItemWidget(item, 0, holder)

    def select_first_session(self) -> None:
        """Make the first session current, unless one already is (its actions then apply)."""
        if self.selected_session() is not None or self.topLevelItemCount() == 0:
            return
        day = self.topLevelItem(0)
        if day.childCount():
            self.setCurrentItem(day.child(0))

    def selected_session(self) -> int | None:
        """The id of the selected session (None on a day heading or the to-do rows)."""
        item = self.currentItem()
        ids = item.data(0, ITEM_ROLE) if item is not None else None
        return ids[0] if ids else None

    def _on_session_activated(self, item: QTreeWidgetItem, column: int) -> None:
        ids = item.data(0, ITEM_ROLE)
        if ids is None:
            return
        session_id, client_id = ids
        if column == self.CLIENT and item.text(self.CLIENT):
            self.open_client.emit(client_id)
        else:
            self.open_session.emit(session_id)

    def _session_menu(self, position: QPoint) -> None:
        item = self.itemAt(position)
        ids = item.data(0, ITEM_ROLE) if item is not None else None
        if ids is None:
            return
        session_id, client_id = ids
        menu = QMenu(self)
        menu.addAction(
            self.tr("Prepare for this session… (Ctrl+R)"),
            lambda: self.prepare_session.emit(session_id),
        )
        menu.addAction(self.tr("Open session"), lambda: self.open_session.emit(session_id))
        menu.addAction(self.tr("Open client"), lambda: self.open_client.emit(client_id))
        menu.exec(self.viewport().mapToGlobal(position))
