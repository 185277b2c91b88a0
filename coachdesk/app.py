"""GUI start-up, as an explicit sequence.

``cli.main`` has already resolved the paths and set up logging; here:
QApplication (garbage collected on its thread) -> crash hook -> settings -> main
window shown -> data file opened and migrated -> pages filled.  The window is
painted before the storage layer (SQLAlchemy, Alembic) is imported, so the coach
sees CoachDesk at once.

``COACHDESK_TRACE_STARTUP=1`` prints the wall-clock times of the first painted
window and the first painted page of data to stderr and quits; the start-up
benchmark in ``benchmarks/`` reads them.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from PySide6 import QtCore
from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QObject,
    QSize,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from coachdesk import APP_NAME, __version__
from coachdesk.paths import AppPaths
from coachdesk.preferences import open_settings
from coachdesk.ui.shell.garbage import collect_on_gui_thread

logger = logging.getLogger(__name__)

TRACE_ENV = "COACHDESK_TRACE_STARTUP"
LISTEN_AFTER_MS = 300  # a second instance started before then is only told CoachDesk is open
SETTLE_MS = 5_000  # after the data file is open: start-up's objects are frozen (ui.shell.garbage)

# The application's id: resources/linux/APP_ID.desktop and .metainfo.xml, the macOS
# bundle identifier (coachdesk.spec).
APP_ID = "org.coachdesk.CoachDesk"

# The app icon, rendered from resources/icons/coachdesk.svg by resources/make_icons.py.
# It lives inside the package and is found next to this module: that is right from the
# source tree, from an installed wheel and from the PyInstaller bundle (whose spec copies
# the folder to the same place under sys._MEIPASS, where frozen modules' __file__ points).
ICON_DIR = Path(__file__).resolve().parent / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's own messages go to the log file, not to the coach's terminal; a fatal one
    reaches the terminal too (``_fatal``)."""
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)
    if kind == QtMsgType.QtFatalMsg:
        _fatal(message)


def _fatal(message: str) -> None:
    """Qt calls abort() once a fatal message is handled: status 134 and nothing on the
    terminal.  Say why on stderr (the start-up check's reason when it finds one now,
    else Qt's first line), close the log, and exit with 1 before Qt can abort."""
    from coachdesk.system_libraries import start_problem

    reason = start_problem() or message.strip().splitlines()[0]
    logs = [
        handler.baseFilename
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.FileHandler)
    ]
    where = f" (Qt's messages are in {logs[0]})" if logs else ""
    print(f"coachdesk: {reason}{where}", file=sys.stderr, flush=True)
    logging.shutdown()
    os._exit(1)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qInstallMessageHandler(_qt_message)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland's app id: the .desktop file's name
    app.setWindowIcon(app_icon())  # every window and the About box use it
    collect_on_gui_thread(app)  # backups and imports run in threads, widgets must not die there
    return app


def app_icon() -> QIcon:
    """CoachDesk's icon at every size it ships; a null icon if the files are missing.

    QIcon only notes the files here and reads the one size a window asks for, when it
    asks: about a millisecond at start-up.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(ICON_DIR / f"coachdesk-{size}.png"), QSize(size, size))
    return icon


def create_gui_application() -> QGuiApplication:
    """A QGuiApplication for headless work that needs Qt's text layout (printing to PDF);
    offscreen when there is no display."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if _headless() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    qInstallMessageHandler(_qt_message)
    return QGuiApplication(sys.argv[:1])


class _StartupTrace(QObject):
    """Prints when the window, then the first page of data, are first painted; then quits.

    "The first page of data" is whatever page the window shows once the data file
    is open (Today, or the welcome page of an empty file): the first paint of any
    widget inside it counts, since pages fill themselves before they are shown.  A
    protected practice's window first shows its unlock screen: its first paint is
    printed as ``unlock_prompt``, and the trace quits there.
    """

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self.window = window
        self.painted_window = False
        self.page: QObject | None = None
        self.page_event = "first_data"
        window.installEventFilter(self)
        window.database_opened.connect(self._watch_page)  # type: ignore[attr-defined]

    def _watch_page(self) -> None:
        self.page = self.window.pages.currentWidget()  # type: ignore[attr-defined]
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        now = time.time()
        if watched is self.window and not self.painted_window:
            self.painted_window = True
            self.window.removeEventFilter(self)
            print(f"coachdesk-trace first_paint {now:.6f}", file=sys.stderr, flush=True)
            unlock_page = getattr(self.window, "unlock_page", None)
            if unlock_page is not None and unlock_page.isVisible():
                self.page = unlock_page
                self.page_event = "unlock_prompt"
                QApplication.instance().installEventFilter(self)
        elif self.page is not None and (watched is self.page or self.page.isAncestorOf(watched)):
            QApplication.instance().removeEventFilter(self)
            self.page = None
            print(f"coachdesk-trace {self.page_event} {now:.6f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def _crash_hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    # The crash dialog is imported when first needed, keeping it off the start-up path.
    from coachdesk.ui.shell.crash import handle_exception

    handle_exception(kind, value, tb)


def install_crash_hook() -> None:
    """Send unexpected exceptions to the log and the crash dialog."""
    sys.excepthook = _crash_hook


def run_gui(paths: AppPaths, *, smoke_test: bool = False) -> int:
    """Run the app until the main window closes; return the process exit code."""
    if smoke_test:
        return run_smoke_test(paths)
    from coachdesk.storage.errors import StorageError
    from coachdesk.storage.lock import COMMAND, AlreadyOpen, InstanceLock
    from coachdesk.ui.shell.main_window import MainWindow

    app = create_application()
    install_crash_hook()
    lock = InstanceLock(paths.data_dir)
    try:
        lock.acquire()
    except AlreadyOpen as exc:
        if exc.kind != COMMAND:  # the app (or an older CoachDesk): bring its window forward
            return _already_open(paths, exc.message)
        return _cannot_start(exc.message, QApplication.translate("app", "CoachDesk is busy"))
    except StorageError as exc:  # a read-only folder, a folder in the lock file's place …
        return _cannot_start(exc.message)
    window = MainWindow(paths, open_settings(paths))
    if os.environ.get(TRACE_ENV):
        _StartupTrace(window)
    # QtNetwork loads in ~15 ms: after the first page of data is on screen.
    window.database_opened.connect(
        lambda: QTimer.singleShot(
            LISTEN_AFTER_MS, lambda: _listen_for_second_instance(window, paths)
        )
    )
    # Never ``QtCore.Qt`` before the first paint: its first use builds every enum in it.
    window.database_opened.connect(lambda: QTimer.singleShot(0, window.warn_about_risky_place))
    # The storage layer warms up in the background once the data file is open.
    window.database_opened.connect(lambda: collect_on_gui_thread(app).settle_after(SETTLE_MS))
    window.open_database_when_painted()
    window.show()
    status = app.exec()
    lock.release()
    logger.info("exit %s", status or window.exit_code)
    return status or window.exit_code


def _already_open(paths: AppPaths, message: str) -> int:
    """A second CoachDesk on the same data folder: bring the first forward, or explain."""
    from coachdesk.ui.shell.single_instance import bring_forward

    logger.info("another CoachDesk holds the data folder")
    if bring_forward(paths.data_dir):
        print(
            f"coachdesk: CoachDesk is already open on {paths.data_dir}; its window was "
            "brought forward.",
            file=sys.stderr,
        )
        return 0
    print(f"coachdesk: {message}", file=sys.stderr)
    from coachdesk.ui.common.messages import show_problem

    show_problem(None, message, QApplication.translate("app", "CoachDesk is already open"))
    return 1


def _cannot_start(message: str, title: str | None = None) -> int:
    """A known problem before the window exists: on stderr and in a message box."""
    logger.warning("cannot start: %s", message)
    print(f"coachdesk: {message}", file=sys.stderr)
    from coachdesk.ui.common.messages import show_problem

    show_problem(None, message, title or QApplication.translate("app", "CoachDesk cannot start"))
    return 1


def _listen_for_second_instance(window: QObject, paths: AppPaths) -> None:
    if getattr(window, "instance_server", None) is not None:
        return
    from coachdesk.ui.shell.single_instance import InstanceServer

    server = InstanceServer(paths.data_dir, window)
    server.activate.connect(lambda: _bring_to_front(window))
    if not server.listen():
        logger.warning("cannot listen for a second instance: %s", server.server.errorString())
    window.instance_server = server  # type: ignore[attr-defined]


def _bring_to_front(window: QObject) -> None:
    window.setWindowState(  # type: ignore[attr-defined]
        window.windowState() & ~QtCore.Qt.WindowState.WindowMinimized  # type: ignore[attr-defined]
    )
    window.show()  # type: ignore[attr-defined]
    window.raise_()  # type: ignore[attr-defined]
    window.activateWindow()  # type: ignore[attr-defined]


class _NoDialogs(QObject):
    """The smoke test runs where nobody can answer a dialog: any dialog shown is noted and
    closed at once, so the test fails with its text instead of waiting for ever."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.seen: list[str] = []
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtWidgets import QDialog, QMessageBox

        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            text = watched.text() if isinstance(watched, QMessageBox) else ""
            self.seen.append(" ".join(part for part in (watched.windowTitle(), text) if part))
            QTimer.singleShot(0, watched.reject)
        return False


def run_smoke_test(paths: AppPaths) -> int:
    """Check the data file, open and migrate it, build the main window and paint it once.

    In the order the app starts: the lock, the read-only check, then the write-capable
    connection.  It never writes a backup and never waits on a dialog; every failure is
    one line on stderr and exit status 1.  On the platform the app itself would use:
    ``cli.main`` has already checked, as for the app, that Qt can show a window here
    (offscreen only with QT_QPA_PLATFORM)."""
    from coachdesk.preferences import backup_folder
    from coachdesk.storage.backups import diagnose
    from coachdesk.storage.client_list import count_clients
    from coachdesk.storage.database import open_database
    from coachdesk.storage.errors import StorageError
    from coachdesk.storage.lock import COMMAND, InstanceLock
    from coachdesk.storage.overview import today_overview
    from coachdesk.ui.shell.main_window import MainWindow

    def failed(reason: str) -> int:
        print(f"coachdesk: smoke test failed: {reason}", file=sys.stderr)
        return 1

    settings = open_settings(paths)
    lock = InstanceLock(paths.data_dir, kind=COMMAND)
    try:
        lock.acquire()
    except StorageError as exc:
        return failed(exc.message)
    try:
        folder = backup_folder(paths, settings)
        problem = diagnose(paths.database, folder)
        if problem is not None:
            return failed(problem.message)
        try:
            db = open_database(paths.database, folder)
            # Read what the first pages read, so a damaged table fails here with a message
            # instead of in a dialog nobody can answer.
            count_clients(db)
            today_overview(db)
        except StorageError as exc:
            return failed(exc.message)
        app = create_application()
        dialogs = _NoDialogs(app)
        try:
            window = MainWindow(paths, settings, automatic_backups=False)
            window.attach_database(db)
            window.show()
            app.processEvents()
            painted = window.grab()
            window.close()
            app.processEvents()
        finally:
            app.removeEventFilter(dialogs)  # run in-process (tests), later dialogs are real
        if dialogs.seen:
            return failed(f"a dialog opened: {dialogs.seen[0]}")
    finally:
        lock.release()
    if painted.isNull():
        return failed("the main window did not paint")
    if app_icon().pixmap(32).isNull():
        return failed(f"no app icon in {ICON_DIR}")
    print(f"{APP_NAME} {__version__}: smoke test passed ({paths.database})")
    return 0
