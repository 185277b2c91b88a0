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
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from coachdesk import APP_NAME, __version__
from coachdesk.paths import AppPaths
from coachdesk.ui.undo import UndoStack

if TYPE_CHECKING:
    from coachdesk.storage.database import Database
    from coachdesk.ui.client_page import ClientPage
    from coachdesk.ui.clients_page import ClientsPage
    from coachdesk.ui.sessions_page import SessionsPage
    from coachdesk.ui.today_page import TodayPage

logger = logging.getLogger(__name__)

WARM_UP_DELAY_MS = 200


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
        self.today_page: TodayPage | None = None
        self.clients_page: ClientsPage | None = None
        self.client_page: ClientPage | None = None
        self.sessions_page: SessionsPage | None = None
        self.exit_code = 0
        self._open_requested = False
        self._prep_dialog: QWidget | None = None
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

    def _action(self, text: str, slot: object, menu: object) -> QAction:
        action = QAction(text, self)
        action.setEnabled(False)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        self._data_actions.append(action)
        return action

    def _build_menus(self) -> None:
        self._data_actions: list[QAction] = []
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_client_action = self._action(self.tr("New &client…"), self.new_client, file_menu)
        self.new_session_action = self._action(
            self.tr("New &session…"), self.new_session, file_menu
        )
        self.new_matter_action = self._action(
            self.tr("What &matters to them…"), self.capture_matter, file_menu
        )
        self.log_breach_action = self._action(self.tr("Log a &breach…"), self.log_breach, file_menu)
        self.new_promise_action = self._action(
            self.tr("New &promise…"), self.new_promise, file_menu
        )
        file_menu.addSeparator()
        self.prepare_action = self._action(
            self.tr("P&repare for the session…"), lambda: self.prepare(), file_menu
        )
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
        self.find_action = self._action(self.tr("&Find…"), self.find, edit_menu)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.go_today_action = self._action(self.tr("&Today"), self.go_today, go_menu)
        self.go_clients_action = self._action(self.tr("&Clients"), self.go_clients, go_menu)
        self.go_sessions_action = self._action(self.tr("&Sessions"), self.go_sessions, go_menu)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About {app}").format(app=APP_NAME), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _assign_shortcuts(self) -> None:
        keys = QKeySequence.StandardKey
        for action, key in (
            (self.new_client_action, QKeySequence(keys.New)),
            (self.new_session_action, QKeySequence("Ctrl+Shift+N")),
            (self.new_matter_action, QKeySequence("Ctrl+I")),
            (self.log_breach_action, QKeySequence("Ctrl+B")),
            (self.new_promise_action, QKeySequence("Ctrl+Shift+P")),
            (self.prepare_action, QKeySequence("Ctrl+R")),
            (self.quit_action, QKeySequence(keys.Quit)),
            (self.undo_action, QKeySequence(keys.Undo)),
            (self.redo_action, QKeySequence(keys.Redo)),
            (self.find_action, QKeySequence(keys.Find)),
            (self.go_today_action, QKeySequence("Ctrl+1")),
            (self.go_clients_action, QKeySequence("Ctrl+2")),
            (self.go_sessions_action, QKeySequence("Ctrl+3")),
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
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.messages import show_problem
        from coachdesk.ui.today_page import TodayPage
        from coachdesk.ui.welcome_page import WelcomePage

        self.db = db
        self._assign_shortcuts()
        try:
            empty = count_clients(db) == 0
        except StorageError as exc:
            logger.warning("data file unreadable: %s", exc.problem)
            self.exit_code = 1
            show_problem(self, exc.message, self.tr("Cannot open your data"))
            self.close()
            return
        self.statusBar().clearMessage()
        self.file_label.setText(self.tr("Data file: {path}").format(path=db.path))
        self.file_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        self.today_page = TodayPage(db, self.undo_stack, self.settings)
        self.today_page.status_message.connect(self._show_message)
        self.today_page.open_client.connect(self.show_client)
        self.today_page.open_session.connect(self.edit_session)
        self.today_page.prepare_session.connect(self.prepare)
        for page in (self.today_page, self.clients_stack, self.sessions_stack):
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
        else:
            self._show_navigation(self.today_page)
        self.database_opened.emit()
        # Once the first page is on screen (a thread started now would compete with its paint).
        QTimer.singleShot(
            WARM_UP_DELAY_MS,
            lambda: threading.Thread(
                target=_warm_up, args=(db,), name="warm-up", daemon=True
            ).start(),
        )

    def ensure_pages(self) -> None:
        """Build the Clients, client and Sessions pages (once, on first use)."""
        if self.clients_page is not None:
            return
        from coachdesk.ui.client_page import ClientPage
        from coachdesk.ui.clients_page import ClientsPage
        from coachdesk.ui.sessions_page import SessionsPage

        db = self.db
        assert db is not None
        self.clients_page = ClientsPage(db, self.undo_stack, self.settings)
        self.client_page = ClientPage(db, self.undo_stack, self.settings)
        self.sessions_page = SessionsPage(db, self.undo_stack, self.settings)
        for page in (self.clients_page, self.client_page, self.sessions_page):
            page.status_message.connect(self._show_message)
        for page in (self.clients_page, self.sessions_page):
            page.open_client.connect(self.show_client)
        self.client_page.back_requested.connect(self.go_clients)
        self.client_page.client_changed.connect(lambda _id: self.clients_page.reload())
        self.client_page.session_held.connect(self.review_session)
        self.client_page.prepare_session.connect(self.prepare)
        self.sessions_page.session_held.connect(self.review_session)
        self.sessions_page.prepare_session.connect(self.prepare)
        self.clients_stack.addWidget(self.clients_page)
        self.clients_stack.addWidget(self.client_page)
        self.sessions_stack.addWidget(self.sessions_page)

    def _show_navigation(self, start: QWidget) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        for text, page in (
            (self.tr("Today"), self.today_page),
            (self.tr("Clients"), self.clients_stack),
            (self.tr("Sessions"), self.sessions_stack),
        ):
            item = QListWidgetItem(text)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, page)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        self.nav.show()
        self._switch_to(start)

    def _switch_to(self, page: QWidget) -> None:
        """Show ``page`` with fresh data and select its navigation entry."""
        for row in range(self.nav.count()):
            if self.nav.item(row).data(QtCore.Qt.ItemDataRole.UserRole) is page:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
        if isinstance(page, QStackedWidget):
            self.ensure_pages()
            page.currentWidget().reload()  # type: ignore[attr-defined]
        else:
            page.reload()  # type: ignore[attr-defined]
        self.pages.setCurrentWidget(page)

    def _on_nav(self, row: int) -> None:
        item = self.nav.item(row)
        if item is not None:
            self._switch_to(item.data(QtCore.Qt.ItemDataRole.UserRole))

    def _start_empty(self) -> None:
        self._show_navigation(self.clients_stack)

    def _explore_demo(self) -> None:
        from coachdesk.storage.demo import DemoRefused, generate_demo
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.messages import show_problem

        assert self.db is not None
        QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            generate_demo(self.db, "demo")
        except StorageError as exc:
            QApplication.restoreOverrideCursor()
            show_problem(self, exc.message)
        except DemoRefused as exc:
            QApplication.restoreOverrideCursor()
            show_problem(self, str(exc))
        else:
            QApplication.restoreOverrideCursor()
            self._show_message(self.tr("Demo practice created."))
        self._show_navigation(self.today_page)  # type: ignore[arg-type]

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- navigation and actions -------------------------------------------------------------

    def go_today(self) -> None:
        self._leave_welcome()
        self._switch_to(self.today_page)  # type: ignore[arg-type]

    def go_clients(self) -> None:
        self._leave_welcome()
        self.ensure_pages()
        self.clients_stack.setCurrentWidget(self.clients_page)
        self._switch_to(self.clients_stack)

    def go_sessions(self) -> None:
        self._leave_welcome()
        self._switch_to(self.sessions_stack)

    def _leave_welcome(self) -> None:
        if self.nav.isHidden():
            self._show_navigation(self.clients_stack)

    def show_client(self, client_id: int) -> None:
        """Open the client page for ``client_id``."""
        self._leave_welcome()
        self.ensure_pages()
        assert self.client_page is not None
        self.client_page.show_client(client_id)
        self.clients_stack.setCurrentWidget(self.client_page)
        self._switch_to(self.clients_stack)

    def context_client(self) -> int | None:
        """The client the coach is looking at: the client page's, or the one selected."""
        if self.clients_page is None or self.pages.currentWidget() is not self.clients_stack:
            return None
        if self.clients_stack.currentWidget() is self.client_page:
            return self.client_page.client_id  # type: ignore[union-attr]
        return self.clients_page.selected_id()

    def _on_client_page(self) -> bool:
        return (
            self.client_page is not None
            and self.pages.currentWidget() is self.clients_stack
            and self.clients_stack.currentWidget() is self.client_page
        )

    def new_client(self) -> None:
        self.go_clients()
        self.clients_page.new_client()  # type: ignore[union-attr]

    def new_session(self) -> None:
        if self._on_client_page():
            self.client_page.new_session()  # type: ignore[union-attr]
            return
        client_id = self.context_client()
        if self.pages.currentWidget() is not self.sessions_stack:
            self.go_sessions()
        self.sessions_page.new_session(client_id)  # type: ignore[union-attr]

    def capture_matter(self) -> None:
        self._open_record_dialog("matter")

    def log_breach(self) -> None:
        self._open_record_dialog("breach")

    def new_promise(self) -> None:
        self._open_record_dialog("promise")

    def _open_record_dialog(self, kind: str) -> None:
        if self._on_client_page():
            page = self.client_page
            {"matter": page.capture_matter, "breach": page.log_breach, "promise": page.new_promise}[
                kind
            ]()  # type: ignore[union-attr]
            return
        from coachdesk.storage.errors import RecordNotFound, StorageError
        from coachdesk.ui.breach_dialog import BreachDialog
        from coachdesk.ui.matter_dialog import MatterDialog
        from coachdesk.ui.messages import show_storage_problem
        from coachdesk.ui.promise_dialog import PromiseDialog

        dialog_class = {"matter": MatterDialog, "breach": BreachDialog, "promise": PromiseDialog}[
            kind
        ]
        try:
            dialog = dialog_class(self.db, client_id=self.context_client(), parent=self)
        except (StorageError, RecordNotFound) as exc:
            show_storage_problem(self, exc)
            self._refresh_current()
            return
        dialog.saved.connect(lambda _id: self._refresh_current())
        dialog.exec()

    def edit_session(self, session_id: int) -> None:
        from coachdesk.storage.errors import RecordNotFound, StorageError
        from coachdesk.ui.messages import show_storage_problem
        from coachdesk.ui.session_dialog import SessionDialog

        try:
            dialog = SessionDialog(self.db, session_id=session_id, parent=self)
        except (StorageError, RecordNotFound) as exc:
            show_storage_problem(self, exc)
            self._refresh_current()
            return
        held: list[int] = []
        dialog.saved.connect(lambda _id: self._refresh_current())
        dialog.changed.connect(self._refresh_current)
        dialog.held.connect(held.append)
        dialog.exec()
        for held_id in held:  # after the dialog has closed, never nested inside it
            self.review_session(held_id)

    def review_session(self, session_id: int) -> None:
        """Offer the short after-session review (it can be skipped)."""
        from coachdesk.ui.review_dialog import offer_review

        summary = offer_review(self.db, session_id, parent=self)  # type: ignore[arg-type]
        if summary:
            self._show_message(summary)
        self._refresh_current()

    def _refresh_current(self) -> None:
        if self._prep_dialog is not None and self._prep_dialog.isVisible():
            self._prep_dialog.panel.reload()  # type: ignore[attr-defined]
        current = self.pages.currentWidget()
        if isinstance(current, QStackedWidget):
            current = current.currentWidget()
        reload = getattr(current, "reload", None)
        if reload is not None:
            reload()

    def context_session(self) -> int | None:
        """The session the coach is looking at: selected on Today or Sessions, selected on
        the client page (else that client's next session)."""
        current = self.pages.currentWidget()
        if current is self.today_page:
            from coachdesk.ui.today_page import ITEM_ROLE

            item = self.today_page.sessions_tree.currentItem()
            ids = item.data(0, ITEM_ROLE) if item is not None else None
            return ids[0] if ids else None
        if current is self.sessions_stack and self.sessions_page is not None:
            return self.sessions_page.selected_id()
        if self._on_client_page():
            page = self.client_page
            assert page is not None
            if page.tabs.currentWidget() is page.sessions_tab:
                selected = page.sessions_tab.selected_id()
                if selected is not None:
                    return selected
            upcoming = page.next_session()
            return upcoming.id if upcoming is not None else None
        return None

    def prepare(self, session_id: int | None = None) -> None:
        """Open the prep panel for ``session_id`` (default: the session in view)."""
        from coachdesk.ui.prep_panel import PrepDialog

        session_id = session_id if session_id is not None else self.context_session()
        if session_id is None:
            self._show_message(
                self.tr("Select a session on Today or Sessions (or open a client) to prepare.")
            )
            return
        if self._prep_dialog is None:
            self._prep_dialog = PrepDialog(self.db, parent=self)
            self._prep_dialog.status_message.connect(self._show_message)
            self._prep_dialog.changed.connect(self._refresh_current)
        self._prep_dialog.show_for(session_id)

    def find(self) -> None:
        if self.pages.currentWidget() is self.sessions_stack:
            self.sessions_page.focus_filter()  # type: ignore[union-attr]
            return
        self.go_clients()
        self.clients_page.focus_filter()  # type: ignore[union-attr]

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
        for page in (self.today_page, self.clients_page, self.client_page, self.sessions_page):
            if page is not None:
                page.save_state()
        self.settings.sync()
        if self.db is not None:
            self.db.close()
            self.db = None
        logger.info("main window closed")
        super().closeEvent(event)
