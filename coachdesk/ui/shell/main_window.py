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
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QEvent, QSettings, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
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
from coachdesk.ui.common.undo import UndoStack
from coachdesk.ui.shell.actions import assign_shortcuts, build_menus

if TYPE_CHECKING:
    from coachdesk.storage.database import Database
    from coachdesk.storage.errors import StorageError
    from coachdesk.ui.common.attempt import Outcome
    from coachdesk.ui.pages.client import ClientPage
    from coachdesk.ui.pages.clients import ClientsPage
    from coachdesk.ui.pages.practice import PracticePage
    from coachdesk.ui.pages.sessions import SessionsPage
    from coachdesk.ui.pages.today import TodayPage
    from coachdesk.ui.shell.backup_control import BackupController

logger = logging.getLogger(__name__)
T = TypeVar("T")

WARM_UP_DELAY_MS = 200
INTEGRITY_CHECK_DELAY_MS = 1500  # after the first page and the warm-up


def _warm_up(db: Database) -> None:
    """Load SQLAlchemy and the write path while the coach looks at the first page."""
    try:
        import coachdesk.storage.clients  # noqa: F401

        db.warm_up()
    except Exception:
        logger.exception("warm-up failed; the first write will try again")


class MainWindow(QMainWindow):
    database_opened = Signal()

    def __init__(
        self, paths: AppPaths, settings: QSettings, *, automatic_backups: bool = True
    ) -> None:
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
        self.practice_page: PracticePage | None = None
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
        from coachdesk.storage.backups import DAMAGED
        from coachdesk.storage.database import open_database
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.common.messages import show_problem

        try:
            db = open_database(self.paths.database, self.backup_folder())
        except StorageError as exc:
            logger.warning("data file refused: %s", exc.problem)
            if exc.problem in DAMAGED:
                return self.recover_damaged(exc)
            self.exit_code = 1
            show_problem(self, exc.message, self.tr("Cannot open your data"))
            self.close()
            return False
        self.attach_database(db)
        return self.db is not None  # a damaged file found on reading may have been refused

    def backup_folder(self) -> Path:
        from coachdesk.preferences import backup_folder

        return backup_folder(self.paths, self.settings)

    def attach_database(self, db: Database) -> None:
        from coachdesk.storage.client_list import count_clients
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.common.messages import show_problem
        from coachdesk.ui.pages.today import TodayPage
        from coachdesk.ui.pages.welcome import WelcomePage

        self.db = db
        assign_shortcuts(self)
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
        self.file_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        self.today_page = TodayPage(db, self.undo_stack, self.settings)
        self.today_page.status_message.connect(self._show_message)
        self.today_page.open_client.connect(self.show_client)
        self.today_page.open_session.connect(self.edit_session)
        self.today_page.prepare_session.connect(self.prepare)
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
        else:
            self._show_navigation(self.today_page)
        self._start_backups(db)
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
        """Watch ``db`` for automatic backups, starting right after the first page is
        painted (the backup folder is read then, off the path to the first data)."""
        from coachdesk.ui.shell.backup_control import BackupController

        if not self.automatic_backups:
            return
        if self.backups is None:
            self.backups = BackupController(self.paths, self.settings, self)
            self.backups.message.connect(self._show_message)
            self.statusBar().addPermanentWidget(self.backups.label)
        QTimer.singleShot(0, lambda: self._watch_for_backups(db))

    def _watch_for_backups(self, db: Database) -> None:
        if self.backups is not None and self.db is db:
            self.backups.start(db)

    def _detach_database(self) -> None:
        """Let go of the data file and everything built on it (before a restore)."""
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
        self.today_page = self.clients_page = self.client_page = self.sessions_page = None
        self.practice_page = None
        self.welcome_page = None
        for action in self._data_actions:
            action.setEnabled(False)
        if self.backups is not None:
            self.backups.timer.stop()
            self.backups.db = None
        if self.db is not None:
            self.db.close()
            self.db = None

    def _pages(self) -> list[QWidget]:
        pages = (
            self.today_page,
            self.clients_page,
            self.client_page,
            self.sessions_page,
            self.practice_page,
        )
        return [page for page in pages if page is not None]

    def _check_in_background(self, db: Database) -> None:
        """The full integrity check, once per opening, off the GUI thread: damage that the
        quick checks at opening cannot see (a bad page deep in the file) is caught here."""
        from coachdesk.storage.backups import diagnose
        from coachdesk.ui.common.background import BackgroundTask

        if self.db is not db:
            return
        task = BackgroundTask(lambda _progress: (db, diagnose(db.path)), "integrity check")
        task.done.connect(self._on_integrity_checked)
        task.start()

    @Slot(object)
    def _on_integrity_checked(self, outcome: tuple[Database, StorageError | None]) -> None:
        from coachdesk.storage.backups import DAMAGED

        checked, problem = outcome
        # Not when the data file was swapped meanwhile (a restore): that file is not this.
        if problem is not None and self.db is checked and problem.problem in DAMAGED:
            self.recover_damaged(problem)

    def warn_about_risky_place(self) -> None:
        """Once per data folder: explain why a synced folder or network drive is risky."""
        from coachdesk.preferences import RISKY_PLACE_SHOWN_KEY
        from coachdesk.storage.places import risky_reason

        folder = str(self.paths.data_dir)
        if self.settings.value(RISKY_PLACE_SHOWN_KEY, "") == folder:
            return
        reason = risky_reason(self.paths.data_dir)
        if reason is None:
            return
        self.settings.setValue(RISKY_PLACE_SHOWN_KEY, folder)
        QMessageBox.information(
            self,
            self.tr("Your data folder is in a risky place"),
            self.tr(
                "CoachDesk keeps your data in {folder}, but {reason}.\n\n"
                "Sync services and network drives can copy or swap a database file while it "
                "is being written, which can damage it. Keep the data folder on this "
                "computer's own disk (start CoachDesk with --data-dir, or set "
                "COACHDESK_DATA_DIR), and choose that synced folder or drive as the backup "
                "folder instead (File → Backup settings…)."
            ).format(folder=folder, reason=self.tr(reason)),
        )

    def ensure_pages(self) -> None:
        """Build the Clients, client and Sessions pages (once, on first use)."""
        if self.clients_page is not None:
            return
        from coachdesk.ui.pages.client import ClientPage
        from coachdesk.ui.pages.clients import ClientsPage
        from coachdesk.ui.pages.sessions import SessionsPage

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
        from coachdesk.ui.pages.practice import PracticePage

        self.practice_page = PracticePage(db, self.settings)
        self.practice_page.open_client.connect(self.show_client)
        self.practice_page.status_message.connect(self._show_message)
        self.practice_stack.addWidget(self.practice_page)

    def _show_navigation(self, start: QWidget) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        for text, page in (
            (self.tr("Today"), self.today_page),
            (self.tr("Clients"), self.clients_stack),
            (self.tr("Sessions"), self.sessions_stack),
            (self.tr("Your practice"), self.practice_stack),
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
        from coachdesk.demo import generate_demo
        from coachdesk.ui.common.attempt import attempt

        db = self.db
        assert db is not None
        QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            made = attempt(self, lambda: generate_demo(db, "demo"))
        finally:
            QApplication.restoreOverrideCursor()
        if made:
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

    def go_practice(self) -> None:
        """The private reliability view across clients."""
        self._leave_welcome()
        self._switch_to(self.practice_stack)

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
        from coachdesk.ui.common.messages import show_storage_problem
        from coachdesk.ui.dialogs.breach import BreachDialog
        from coachdesk.ui.dialogs.matter import MatterDialog
        from coachdesk.ui.dialogs.promise import PromiseDialog

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
        from coachdesk.ui.common.messages import show_storage_problem
        from coachdesk.ui.dialogs.session import SessionDialog

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
        from coachdesk.ui.dialogs.review import offer_review

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
            from coachdesk.ui.pages.today import ITEM_ROLE

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
        from coachdesk.ui.dialogs.prep import PrepDialog

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

    # --- backups ----------------------------------------------------------------------------

    def back_up_now(self) -> None:
        if self.backups is not None:
            self.backups.back_up(manual=True)

    def edit_backup_settings(self) -> None:
        from coachdesk.ui.dialogs.backup_settings import BackupSettingsDialog

        dialog = BackupSettingsDialog(self.paths, self.settings, self)
        if dialog.exec() and self.backups is not None and self.db is not None:
            self.backups.start(self.db)  # the status line now speaks of the chosen folder

    def edit_feedback_questions(self) -> None:
        """The questions asked for new feedback (recorded feedback keeps its own)."""
        from coachdesk.ui.dialogs.feedback_questions import FeedbackQuestionsDialog

        if FeedbackQuestionsDialog(self.settings, self).exec():
            self._show_message(self.tr("Feedback questions saved."))

    def _slow(self, work: Callable[[], T], text: str, title: str | None = None) -> Outcome[T]:
        """Slow file work off the GUI thread behind a busy window; a refusal or a storage
        problem is explained (in a box titled ``title``), a bug reaches the crash dialog."""
        from coachdesk.ui.common.attempt import attempt
        from coachdesk.ui.common.background import in_background

        return attempt(self, lambda: in_background(self, work, text), title=title)

    # --- portable data ----------------------------------------------------------------------

    def export_json(self) -> None:
        from coachdesk.ui.dialogs.portable import export_json

        export_json(self, self.db)  # type: ignore[arg-type]

    def export_csv(self) -> None:
        from coachdesk.ui.dialogs.portable import export_csv

        export_csv(self, self.db)  # type: ignore[arg-type]

    def export_ics(self) -> None:
        from coachdesk.ui.dialogs.ics_import import export_calendar

        export_calendar(self, self.db)  # type: ignore[arg-type]  (it says where it wrote)

    def import_json(self) -> None:
        from coachdesk.ui.dialogs.portable import import_json

        if import_json(self, self.db):  # type: ignore[arg-type]
            self._after_import()

    def import_csv(self) -> None:
        from coachdesk.ui.dialogs.portable import import_csv

        if import_csv(self, self.db):  # type: ignore[arg-type]
            self._after_import()

    def import_ics(self) -> None:
        from coachdesk.ui.dialogs.ics_import import import_calendar

        if import_calendar(self, self.db) is not None:  # type: ignore[arg-type]
            self._after_import()

    def _after_import(self) -> None:
        if self.nav.isHidden():  # imported into an empty file: leave the welcome page
            self._show_navigation(self.today_page)  # type: ignore[arg-type]
        self._refresh_current()

    def _client_for_action(self) -> int | None:
        client_id = self.context_client()
        if client_id is None:
            self._show_message(self.tr("Open a client (or select one in Clients) first."))
        return client_id

    def export_client_record(self) -> None:
        """A client's own record, for "what do you hold about me?"."""
        from coachdesk.ui.dialogs.dossier_export import export_client_record

        client_id = self._client_for_action()
        if client_id is not None:
            export_client_record(self, self.db, client_id)  # type: ignore[arg-type]

    def erase_client(self) -> None:
        """Erase a client completely (after a confirmation naming what goes; not undoable)."""
        from coachdesk.ui.dialogs.erase import erase_client_dialog

        client_id = self._client_for_action()
        if client_id is None:
            return
        report = erase_client_dialog(self, self.db, client_id, self._backup_folders())  # type: ignore[arg-type]
        if report is not None:
            self.undo_stack.clear()  # nothing of theirs may come back through an undo
            self.go_clients()
            self._show_message(self.tr("The client was erased."))

    def check_data_file(self) -> None:
        from coachdesk.storage.backups import CheckReport, check_database
        from coachdesk.ui.common.messages import show_problem

        checked = self._slow(
            lambda: check_database(self.paths.database), self.tr("Checking your data file…")
        )
        report = checked.value
        if not isinstance(report, CheckReport):
            return
        if report.healthy:
            QMessageBox.information(
                self,
                self.tr("Check the data file"),
                self.tr(
                    "Your data file is healthy: SQLite's integrity check and the check of "
                    "links between records found no problem."
                ),
            )
        else:
            show_problem(
                self,
                report.describe()
                + "\n\n"
                + self.tr("Use File → Restore from a backup to go back to a healthy copy."),
                self.tr("Your data file has problems"),
            )

    def _backup_folders(self) -> list[Path]:
        from coachdesk.preferences import copy_to_folder

        folders = [self.backup_folder()]
        copy_to = copy_to_folder(self.settings)
        if copy_to is not None and copy_to.is_dir():
            folders.append(copy_to)
        return folders

    def restore_backup(self) -> None:
        """Choose a backup and restore it (after one more question)."""
        from coachdesk.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self._backup_folders(), self)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_from(dialog.chosen)

    def restore_from(self, source: Path, *, ask: bool = True) -> bool:
        """Replace the data with the backup ``source`` and reopen on it."""
        from coachdesk.display.timefmt import format_when
        from coachdesk.storage.backups import BackupSummary, verify
        from coachdesk.ui.common.messages import confirm

        verified = self._slow(
            lambda: verify(source), self.tr("Checking the backup…"), self.tr("Not restored")
        )
        summary = verified.value
        if not isinstance(summary, BackupSummary):
            return False
        taken = datetime.fromtimestamp(source.stat().st_mtime, UTC)
        if ask and not confirm(
            self,
            self.tr("Restore this backup?"),
            self.tr(
                "Replace your current data with {name} ({when}: {clients} clients, "
                "{sessions} sessions)?\n\nYour current data is saved first as a “before a "
                "restore” copy in the backup folder."
            ).format(
                name=source.name,
                when=format_when(taken),
                clients=f"{summary.clients:,}",
                sessions=f"{summary.sessions:,}",
            ),
            self.tr("Restore"),
        ):
            return False
        return self._replace_data(source, set_aside_first=False)

    def _replace_data(self, source: Path | None, *, set_aside_first: bool) -> bool:
        """Restore ``source`` (None: start an empty file) and reopen; the damaged file, if
        ``set_aside_first``, is renamed aside untouched first."""
        from coachdesk.storage import backups
        from coachdesk.storage.database import open_database

        if self.backups is not None and self.backups.busy:
            self.backups.task.wait()  # type: ignore[union-attr]
        self._detach_database()
        database, folder = self.paths.database, self.backup_folder()

        def work() -> tuple[Database, backups.RestoreResult | None, Path | None]:
            aside = backups.set_aside(database) if set_aside_first else None
            result = backups.restore(source, database, folder) if source else None
            return open_database(database, folder), result, aside

        restored = self._slow(work, self.tr("Restoring…"), self.tr("Not restored"))
        if restored.value is None:
            return self.open_database()  # the data file is as it was
        db, result, aside = restored.value
        self.attach_database(db)
        notes = []
        if result is not None:
            notes.append(self.tr("Restored {name}.").format(name=result.restored.path.name))
            if result.safety_copy is not None:
                notes.append(
                    self.tr("Your data as it was is kept in {path}.").format(
                        path=result.safety_copy
                    )
                )
        aside = aside or (result.set_aside if result is not None else None)
        if aside is not None:
            notes.append(
                self.tr("The damaged file is kept, untouched, as {path}.").format(path=aside)
            )
        self._show_message(" ".join(notes))
        return True

    def recover_damaged(self, problem: StorageError) -> bool:
        """The data file is damaged: explain, keep it, and offer the newest good backup."""
        from coachdesk.display.timefmt import format_when
        from coachdesk.storage.backups import BackupSummary, newest_verified

        self._detach_database()
        folders = self._backup_folders()
        candidate = self._slow(
            lambda: newest_verified(*folders), self.tr("Looking for a backup…")
        ).value
        box = QMessageBox(
            QMessageBox.Icon.Critical, self.tr("Your data file is damaged"), "", parent=self
        )
        box.setText(
            self.tr(
                "{message}\n\nCoachDesk has not changed the damaged file. If you restore a "
                "backup or start afresh, it is renamed aside and kept, never overwritten."
            ).format(message=problem.message)
        )
        restore = other = empty = None
        if isinstance(candidate, BackupSummary):
            taken = datetime.fromtimestamp(candidate.path.stat().st_mtime, UTC)
            box.setInformativeText(
                self.tr(
                    "The newest backup that passes every check is from {when} ({clients} "
                    "clients, {sessions} sessions). Anything entered after it is not in it."
                ).format(
                    when=format_when(taken),
                    clients=f"{candidate.clients:,}",
                    sessions=f"{candidate.sessions:,}",
                )
            )
            restore = box.addButton(
                self.tr("Restore this backup"), QMessageBox.ButtonRole.AcceptRole
            )
            other = box.addButton(self.tr("Choose another…"), QMessageBox.ButtonRole.ActionRole)
        else:
            box.setInformativeText(
                self.tr(
                    "No backup that passes every check was found. You can start with an empty "
                    "data file, or quit and look for a backup copy elsewhere."
                )
            )
            empty = box.addButton(self.tr("Start an empty file"), QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore or quit_button)
        box.setEscapeButton(quit_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore and isinstance(candidate, BackupSummary):
            return self._replace_data(candidate.path, set_aside_first=True)
        if clicked is other:
            from coachdesk.ui.dialogs.restore import RestoreDialog

            dialog = RestoreDialog(folders, self)
            if dialog.exec() and dialog.chosen is not None:
                return self._replace_data(dialog.chosen, set_aside_first=True)
        if clicked is empty:
            return self._replace_data(None, set_aside_first=True)
        self.exit_code = 1
        self.close()
        return False

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
        for page in self._pages():
            page.save_state()
        self.settings.sync()
        if self.backups is not None and self.db is not None:
            self.backups.back_up_before_closing()
        if self.db is not None:
            self.db.close()
            self.db = None
        logger.info("main window closed")
        super().closeEvent(event)
