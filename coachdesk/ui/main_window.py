"""The main window: left navigation, pages on the right, status bar, menus.

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
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)

from coachdesk import APP_NAME, __version__
from coachdesk.paths import AppPaths

if TYPE_CHECKING:
    from coachdesk.storage.database import Database
    from coachdesk.ui.clients_page import ClientsPage

logger = logging.getLogger(__name__)


def _warm_up(db: Database) -> None:
    """Load SQLAlchemy and the write path while the coach looks at the first page."""
    try:
        import coachdesk.storage.clients  # noqa: F401

        db.warm_up()
    except Exception:
        logger.exception("warm-up failed; the first write will try again")


class MainWindow(QMainWindow):
    database_opened = Signal()

    def __init__(self, paths: AppPaths, settings: QSettings) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.db: Database | None = None
        self.clients_page: ClientsPage | None = None
        self.exit_code = 0
        self._open_requested = False
        self.setWindowTitle(APP_NAME)
        self.undo_stack = QUndoStack(self)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 6px 12px; }")
        self.nav.currentRowChanged.connect(self._on_nav)
        self.pages = QStackedWidget()
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 950])
        self.setCentralWidget(self.splitter)

        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().showMessage(self.tr("Opening your data…"))

        self._build_menus()
        self._restore_geometry()

    # --- set-up -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_client_action = QAction(self.tr("&New client…"), self)
        self.new_client_action.setEnabled(False)
        file_menu.addAction(self.new_client_action)
        file_menu.addSeparator()
        self.quit_action = quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.redo_action = redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self.find_action = QAction(self.tr("&Find client…"), self)
        self.find_action.setEnabled(False)
        edit_menu.addAction(self.find_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About {app}").format(app=APP_NAME), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _assign_shortcuts(self) -> None:
        for action, key in (
            (self.new_client_action, QKeySequence.StandardKey.New),
            (self.quit_action, QKeySequence.StandardKey.Quit),
            (self.undo_action, QKeySequence.StandardKey.Undo),
            (self.redo_action, QKeySequence.StandardKey.Redo),
            (self.find_action, QKeySequence.StandardKey.Find),
        ):
            action.setShortcut(key)

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

    def open_database(self) -> bool:
        """Open the data file and build the pages; on a known problem explain and close."""
        from coachdesk.storage.database import open_database
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.messages import show_problem

        try:
            db = open_database(self.paths.database, self.paths.backup_dir)
        except StorageError as exc:
            logger.warning("data file refused: %s", exc.problem)
            self.exit_code = 1
            show_problem(self, exc.message, self.tr("Cannot open your data"))
            self.close()
            return False
        self.attach_database(db)
        return True

    def attach_database(self, db: Database) -> None:
        from coachdesk.storage.client_list import count_clients
        from coachdesk.ui.clients_page import ClientsPage
        from coachdesk.ui.welcome_page import WelcomePage

        self.db = db
        self._assign_shortcuts()
        self.statusBar().clearMessage()
        self.file_label.setText(self.tr("Data file: {path}").format(path=db.path))
        self.file_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clients_page = ClientsPage(db, self.undo_stack, self.settings)
        self.clients_page.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        self.pages.addWidget(self.clients_page)
        self.new_client_action.triggered.connect(self._new_client)
        self.find_action.triggered.connect(self._find_client)
        self.new_client_action.setEnabled(True)
        self.find_action.setEnabled(True)

        if count_clients(db) == 0:
            self.welcome_page = WelcomePage()
            self.welcome_page.start_empty.connect(self._start_empty)
            self.welcome_page.explore_demo.connect(self._explore_demo)
            self.pages.addWidget(self.welcome_page)
            self.pages.setCurrentWidget(self.welcome_page)
            self.nav.hide()
        else:
            self._show_pages()
        self.database_opened.emit()
        threading.Thread(target=_warm_up, args=(db,), name="warm-up", daemon=True).start()

    def _show_pages(self) -> None:
        assert self.clients_page is not None
        self.clients_page.reload()
        self.nav.clear()
        item = QListWidgetItem(self.tr("Clients"))
        item.setData(QtCore.Qt.ItemDataRole.UserRole, self.clients_page)
        self.nav.addItem(item)
        self.nav.show()
        self.nav.setCurrentRow(0)
        self.pages.setCurrentWidget(self.clients_page)

    def _start_empty(self) -> None:
        self._show_pages()

    def _explore_demo(self) -> None:
        from coachdesk.storage.demo import DemoRefused, generate_demo
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.messages import show_problem

        assert self.db is not None
        QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            generate_demo(self.db, "demo")
        except (StorageError, DemoRefused) as exc:
            QApplication.restoreOverrideCursor()
            show_problem(self, getattr(exc, "message", str(exc)))
        else:
            QApplication.restoreOverrideCursor()
            self.statusBar().showMessage(self.tr("Demo practice created."), 8000)
        self._show_pages()

    def _on_nav(self, row: int) -> None:
        item = self.nav.item(row)
        if item is not None:
            self.pages.setCurrentWidget(item.data(QtCore.Qt.ItemDataRole.UserRole))

    def _current_page_is_clients(self) -> bool:
        return self.clients_page is not None and self.pages.currentWidget() is self.clients_page

    def _new_client(self) -> None:
        if self.clients_page is None:
            return
        if not self._current_page_is_clients():
            self._show_pages()
        self.clients_page.new_client()

    def _find_client(self) -> None:
        if self.clients_page is None:
            return
        if not self._current_page_is_clients():
            self._show_pages()
        self.clients_page.focus_filter()

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
        if self.clients_page is not None:
            self.clients_page.save_state()
        self.settings.sync()
        if self.db is not None:
            self.db.close()
            self.db = None
        logger.info("main window closed")
        super().closeEvent(event)
