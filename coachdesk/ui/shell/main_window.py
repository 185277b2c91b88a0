"""The main window: left navigation (Today, Clients, Sessions), pages on the right,
status bar, menus and the shortcuts for the common actions.

The window is built and shown before the storage layer is imported (that is
the slow part of start-up); ``open_database`` then opens the data file and
builds the pages.  The window never holds a database session: each page
action is its own unit of work.

Start-up speed: building the window must not touch PySide6's ``Qt`` namespace.
Its first use creates every enum in it, about a fifth of a bare Qt start, so
this module reaches it as ``QtCore.Qt`` at call time (never ``from
PySide6.QtCore import Qt``), and keyboard shortcuts (whose overloads pull it
in) are assigned in ``attach_database``, after the first paint.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk import APP_NAME, __version__
from coachdesk.paths import AppPaths
from coachdesk.ui.common.undo import UndoStack
from coachdesk.ui.shell.actions import assign_shortcuts, build_menus
from coachdesk.ui.shell.data_file import DataFileFlows
from coachdesk.ui.shell.navigation import BuiltPages, Navigation
from coachdesk.ui.shell.practice_files import PracticeFiles
from coachdesk.ui.shell.protection import ProtectionFlows
from coachdesk.ui.shell.records import RecordFlows
from coachdesk.ui.widgets.elided_label import ElidedLabel
from coachdesk.ui.widgets.result_bar import ResultBar

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from coachdesk.storage.database import Database
    from coachdesk.ui.dialogs.prep import PrepDialog
    from coachdesk.ui.pages.today import TodayPage
    from coachdesk.ui.shell.backup_control import BackupController
    from coachdesk.ui.shell.reminders import Reminders

logger = logging.getLogger(__name__)

WARM_UP_DELAY_MS = 200
BACKUPS_DELAY_MS = 250  # reading the backup folder waits until the first page is on screen
REMINDERS_DELAY_MS = 600  # the notices due are read once the first page is on screen
INTEGRITY_CHECK_DELAY_MS = 1500  # after the first page and the warm-up
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" for a widget's size
STATUS_MESSAGE_PADDING = 48  # the status bar's margins and its size grip, around a message


def _utc_now() -> datetime:
    """Now, aware (``datetime`` is not loaded before the first paint)."""
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _warm_up(db: Database) -> None:
    """Load SQLAlchemy and the write path while the coach looks at the first page."""
    try:
        import coachdesk.storage.clients  # noqa: F401

        db.warm_up()
    except Exception:
        logger.exception("warm-up failed; the first write will try again")


class MainWindow(
    DataFileFlows, Navigation, RecordFlows, PracticeFiles, ProtectionFlows, QMainWindow
):
    database_opened = Signal()

    def __init__(
        self,
        paths: AppPaths,
        settings: QSettings,
        *,
        automatic_backups: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.clock = clock or _utc_now
        self.reminders: Reminders | None = None
        self.db: Database | None = None
        self.today_page: TodayPage | None = None
        self.built: BuiltPages | None = None
        self.exit_code = 0
        self._open_requested = False
        self._prep_dialog: PrepDialog | None = None
        self.backups: BackupController | None = None
        self.automatic_backups = automatic_backups  # off for the smoke test: it writes nothing
        self.welcome_page: QWidget | None = None
        self.setWindowTitle(APP_NAME)
        self.undo_stack = UndoStack(self)
        # An undo or redo may bring back rows another page shows: refresh the page in view.
        self.undo_stack.indexChanged.connect(lambda _index: self._refresh_current())

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setStyleSheet(
            "QListWidget#navigation { outline: 0; }"
            "QListWidget#navigation::item { padding: 6px 12px; }"
        )
        self.nav.currentRowChanged.connect(self._on_nav)
        self.pages = QStackedWidget()
        # Clients (the list, or one client's page) and Sessions are built on first use:
        # only Today is needed at start-up, and the others load the write path.
        self.clients_stack = QStackedWidget()
        self.sessions_stack = QStackedWidget()
        self.practice_stack = QStackedWidget()
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        # The search box's button heads the navigation (Ctrl+K anywhere).
        self.search_button = QPushButton(self.tr("Search…"))  # its key: ``attach_database``
        self.search_button.setObjectName("search_button")
        self.search_button.setToolTip(
            self.tr("Search every client, session, item, breach, promise and feedback (Ctrl+K)")
        )
        self.search_button.setStyleSheet("QPushButton#search_button { text-align: left; }")
        self.search_button.clicked.connect(lambda _checked=False: self.search_everything())
        self.search_button.hide()  # with the navigation, once a practice is open
        self.nav_column = QWidget()
        nav_layout = QVBoxLayout(self.nav_column)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.setSpacing(0)
        button_row = QVBoxLayout()
        button_row.setContentsMargins(6, 6, 6, 4)
        button_row.addWidget(self.search_button)
        nav_layout.addLayout(button_row)
        nav_layout.addWidget(self.nav, 1)
        self.splitter.addWidget(self.nav_column)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 950])
        # Results (a backup, a restore, a file saved) are said above the pages, in full,
        # until the coach closes them or the next one comes (``ui.widgets.result_bar``).
        self.result_bar = ResultBar(margins=(6, 8, 2, 8))
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.result_bar)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        # The permanent labels give way to a message: shortened in the middle, never the
        # message cut off (``_fit_status``).
        self.file_label = ElidedLabel()
        self.file_label.setObjectName("data_file")
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().messageChanged.connect(lambda _text: self._fit_status())
        self.statusBar().showMessage(self.tr("Opening your data…"))

        self._data_actions = build_menus(self, self.undo_stack, APP_NAME)
        self._restore_geometry()

    # --- set-up -----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = self.settings.value("window/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
        else:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            width = min(1100, available.width()) if available else 1100
            height = min(720, available.height()) if available else 720
            self.resize(width, height)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    # --- the data file ----------------------------------------------------------------------

    def open_database_when_painted(self) -> None:
        """Open the data file right after the window's first paint, so the coach sees the
        window before the slow imports; a fallback timer covers a window never painted."""
        from coachdesk.storage.encrypted_files import is_locked

        if is_locked(self.paths.database):  # the first paint is the unlock screen
            self.show_unlock()
        self._open_requested = True
        QTimer.singleShot(1000, self._open_once)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._open_requested:
            QTimer.singleShot(0, self._open_once)
        return handled

    def _open_once(self) -> None:
        if self._open_requested:
            self._open_requested = False
            self.open_database()

    def attach_database(self, db: Database) -> None:
        from PySide6.QtGui import QKeySequence

        from coachdesk.storage.client_list import count_clients
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.common.messages import show_problem
        from coachdesk.ui.pages.today import TodayPage
        from coachdesk.ui.pages.welcome import WelcomePage

        self.db = db
        assign_shortcuts(self)
        keys = self.search_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.search_button.setText(self.tr("Search…   {keys}").format(keys=keys))  # ⌘K on a Mac
        try:
            empty = count_clients(db) == 0
        except StorageError as exc:
            logger.warning("data file unreadable: %s", exc.problem)
            from coachdesk.storage.backups import DAMAGED

            if exc.problem in DAMAGED:
                self.db = db
                self.recover_damaged(exc)
                return
            self.exit_code = 1
            show_problem(self, exc.message, self.tr("Cannot open your data"))
            self.close()
            return
        self.statusBar().clearMessage()
        self.file_label.setText(self.tr("Data file: {path}").format(path=db.path))

        self.today_page = TodayPage(db, self.undo_stack, self.settings, clock=self.clock)
        self.today_page.status_message.connect(self._show_message)
        self.today_page.open_client.connect(self.show_client)
        self.today_page.open_session.connect(self.edit_session)
        self.today_page.prepare_session.connect(self.prepare)
        self.today_page.session_held.connect(self.review_session)
        for page in (self.today_page, self.clients_stack, self.sessions_stack, self.practice_stack):
            self.pages.addWidget(page)
        for action in self._data_actions:
            action.setEnabled(True)

        if empty:
            self.welcome_page = WelcomePage()
            self.welcome_page.start_empty.connect(self._start_empty)
            self.welcome_page.explore_demo.connect(self._explore_demo)
            self.pages.addWidget(self.welcome_page)
            self.pages.setCurrentWidget(self.welcome_page)
            self.nav.hide()
            self.search_button.hide()
        else:
            self._show_navigation(self.today_page)
        self._start_backups(db)
        QTimer.singleShot(REMINDERS_DELAY_MS, lambda: self._start_reminders(db))
        self.watch_idle_time()
        self.show_recovery_status()
        self.database_opened.emit()
        # Once the first page is on screen (a thread started now would compete with its paint).
        QTimer.singleShot(
            WARM_UP_DELAY_MS,
            lambda: threading.Thread(
                target=_warm_up, args=(db,), name="warm-up", daemon=True
            ).start(),
        )
        QTimer.singleShot(INTEGRITY_CHECK_DELAY_MS, lambda: self._check_in_background(db))

    def _start_backups(self, db: Database) -> None:
        """Watch ``db`` for automatic backups, from once the first page is on screen: the
        backup folder (a USB stick, a synced folder) is read then, off the path to the
        first data."""
        from coachdesk.ui.shell.backup_control import BackupController

        if not self.automatic_backups:
            return
        if self.backups is None:
            self.backups = BackupController(self.paths, self.settings, self)
            self.backups.message.connect(self._show_message)
            self.backups.edit_settings.connect(self.edit_backup_settings)
            self.statusBar().addPermanentWidget(self.backups.label)
            self._fit_status()
        QTimer.singleShot(BACKUPS_DELAY_MS, lambda: self._watch_for_backups(db))

    def _start_reminders(self, db: Database) -> None:
        """Announce what came due while CoachDesk was closed, then watch the deadlines."""
        from coachdesk.ui.shell.reminders import Reminders

        if self.db is not db:
            return
        if self.reminders is None:
            self.reminders = Reminders(self, self.settings, self.clock)
            self.reminders.open_today.connect(self._show_today_for_reminder)
        self.reminders.start(db)

    def _show_today_for_reminder(self) -> None:
        """The coach clicked a reminder: the window in front, on Today."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if self.today_page is not None and self.db is not None:
            self.go_today()

    def _watch_for_backups(self, db: Database) -> None:
        if self.backups is not None and self.db is db and self.backups.db is not db:
            self.backups.start(db)

    def _detach_database(self) -> None:
        """Let go of the data file and everything built on it (before a restore)."""
        # A result may name a client, and its actions act on this data: not over a lock.
        self.result_bar.dismiss()
        for page in self._pages():
            page.save_state()
        self.undo_stack.clear()  # its commands refer to rows of the data being replaced
        if self._prep_dialog is not None:
            self._prep_dialog.close()
            self._prep_dialog.deleteLater()
            self._prep_dialog = None
        stacks = (self.clients_stack, self.sessions_stack, self.practice_stack)
        for stack in (*stacks, self.pages):
            while stack.count():
                page = stack.widget(0)
                stack.removeWidget(page)
                if page not in stacks:
                    page.deleteLater()
        self.today_page = self.built = None
        self.welcome_page = None
        for action in self._data_actions:
            action.setEnabled(False)
        if self.backups is not None:
            self.backups.timer.stop()
            self.backups.db = None
        if self.reminders is not None:
            self.reminders.stop()
        if self.db is not None:
            self.db.close()
            self.db = None

    def _protect_first(self) -> bool:
        """The welcome page's choice: protect the new practice before it is used (False
        when the coach cancelled, or it could not be done: the welcome page stays)."""
        welcome = self.welcome_page
        if welcome is None or not welcome.wants_protection() or self.is_protected():
            return True
        return self.protect_with_passphrase()

    def _start_empty(self) -> None:
        if self._protect_first():
            self._show_navigation(self.clients_stack)

    def _explore_demo(self) -> None:
        from coachdesk.demo import generate_demo
        from coachdesk.ui.common.attempt import attempt

        if not self._protect_first():
            return
        db = self.db
        assert db is not None
        QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            made = attempt(self, lambda: generate_demo(db, "demo"))
        finally:
            QApplication.restoreOverrideCursor()
        if made:
            self.result_bar.show_result(
                self.tr(
                    "The demo practice is ready: a dozen made-up clients with their sessions, "
                    "what matters to them, breaches and repairs. Look around as you would "
                    "with your own."
                )
            )
        self._show_navigation(self.today())

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _status_labels(self) -> list[ElidedLabel]:
        labels = [self.file_label]
        if self.backups is not None:
            labels.append(self.backups.label)
        return labels

    def _fit_status(self) -> None:
        """While the status bar shows a message, its permanent labels share what room the
        message leaves (each shortened in the middle); without one they take what they need."""
        bar = self.statusBar()
        labels = self._status_labels()
        message = bar.currentMessage()
        if not message:
            for label in labels:
                label.setMaximumWidth(QWIDGETSIZE_MAX)
            return
        needed = bar.fontMetrics().horizontalAdvance(message) + STATUS_MESSAGE_PADDING
        share = max(0, bar.width() - needed) // len(labels)
        for label in labels:
            label.setMaximumWidth(max(share, label.minimumSizeHint().width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_status()

    def database(self) -> Database:
        """The attached data file (the data actions are enabled only while one is)."""
        if self.db is None:
            raise RuntimeError("no data file is attached")
        return self.db

    # --- help and closing -------------------------------------------------------------------

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {app}").format(app=APP_NAME),
            self.tr(
                "<h3>{app} {version}</h3>"
                "<p>A desk for solo coaches: clients, sessions, and the small things each "
                "client has said matter to them.</p>"
                "<p>Your data stays on this computer, in:<br><code>{path}</code></p>"
            ).format(app=APP_NAME, version=__version__, path=self.paths.database),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        for page in self._pages():
            page.save_state()
        self.settings.sync()
        if self.backups is not None and self.db is not None:
            self._watch_for_backups(self.db)  # closed within BACKUPS_DELAY_MS of opening
            self.backups.back_up_before_closing()
        if self.reminders is not None:
            self.reminders.stop()
        if self.db is not None:
            self.db.close()
            self.db = None
        logger.info("main window closed")
        super().closeEvent(event)
