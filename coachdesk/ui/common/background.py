"""Running slow file work (backup, restore, check) off the GUI thread.

The work runs in a plain Python thread (SQLite releases the GIL while it copies
and checks pages), and its progress and outcome come back to the GUI thread as
queued Qt signals.  ``wait()`` spins a local event loop, so the window keeps
painting while a caller waits for the result.

A task has no Qt parent, so nothing on the GUI thread can destroy it while its
thread still emits; and while it runs the application holds it (``_Keeper``), so
its thread never drops the last reference to it either: a QObject must die on the
thread it lives in.  When the interpreter exits with a task still running (a
check of a large file when the window closes), its thread stops reporting before
Qt's objects are torn down.  Results reach only receivers that still exist:
connect a task's signals to methods of QObjects, not to lambdas that outlive what
they capture.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal, Slot
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

logger = logging.getLogger(__name__)

T = TypeVar("T")

Work = Callable[[Callable[[float], None]], Any]

# Held while a thread emits; once ``_exiting`` is set, threads report nothing more.
_emitting = threading.Lock()
_exiting = False


@atexit.register  # runs before PySide's clean-up and the interpreter's last collection
def _stop_reporting() -> None:
    global _exiting
    with _emitting:
        _exiting = True


class BackgroundTask(QObject):
    """``work(progress)`` in a thread; ``done`` carries its result, ``failed`` the exception
    (a ``StorageError`` or a refused import: a problem the coach can act on; anything
    else is a bug and is logged with its traceback)."""

    progress = Signal(float)
    done = Signal(object)
    failed = Signal(object)
    finished = Signal()  # on the GUI thread, once ``running`` is False
    _thread_ended = Signal()  # the thread's last act; ``_Keeper`` answers it on the GUI thread

    def __init__(self, work: Work, name: str) -> None:
        super().__init__()
        self._work = work
        self._name = name
        self.result: Any = None
        self.error: Exception | None = None
        self.running = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the work, once (call on the GUI thread)."""
        if self._thread is not None:
            raise RuntimeError(f"{self._name}: a task runs once")
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        keeper = _Keeper.of_application()
        keeper.hold(self)
        self.running = True
        try:
            self._thread.start()
        except RuntimeError:  # no thread to be had: nothing runs, nothing is held
            self.running = False
            keeper.let_go(self)
            raise

    def _emit(self, signal: str, *args: object) -> None:
        """Emit one of this task's signals from its thread (subclasses: theirs too)."""
        with _emitting:
            if not _exiting:
                getattr(self, signal).emit(*args)

    def _run(self) -> None:
        from coachdesk.domain.data_format import ImportRefused
        from coachdesk.storage.calendar import CalendarError
        from coachdesk.storage.errors import StorageError

        try:
            result = self._work(lambda fraction: self._emit("progress", fraction))
        except (StorageError, ImportRefused, CalendarError) as exc:
            # Problems the coach can act on: the log gets the kind, never the message (it
            # may quote what was in a file).
            logger.warning("%s failed: %s", self._name, getattr(exc, "problem", type(exc).__name__))
            self.error = exc
            self._emit("failed", exc)
        except Exception as exc:
            logger.exception("%s failed", self._name)
            self.error = exc
            self._emit("failed", exc)
        else:
            self.result = result
            self._emit("done", result)
        finally:
            self._emit("_thread_ended")

    def _end(self) -> None:
        assert self._thread is not None
        self._thread.join()  # it has only to return from ``_run``
        if self.running:
            self.running = False
            self.finished.emit()

    def wait(self) -> None:
        """Return when the work has finished, keeping the GUI responsive meanwhile."""
        if self.running:
            loop = QEventLoop()
            self.finished.connect(loop.quit)
            loop.exec()
        if self.running:
            # The application is quitting and its event loops return at once: wait for the
            # thread itself, then take its result.
            assert self._thread is not None
            self._thread.join()
            QCoreApplication.sendPostedEvents()
            self._end()


class _Keeper(QObject):
    """The application's hold on its running tasks, let go on the GUI thread once each
    thread has ended (after its ``done`` or ``failed`` arrived there: queued in order)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.running: set[BackgroundTask] = set()

    @staticmethod
    def of_application() -> _Keeper:
        global _keeper
        app = QCoreApplication.instance()
        assert app is not None, "background tasks need a running application"
        if _keeper is None or not isValid(_keeper):  # gone with an earlier application
            _keeper = _Keeper(app)
        return _keeper

    def hold(self, task: BackgroundTask) -> None:
        self.running.add(task)
        task._thread_ended.connect(self._release)

    def let_go(self, task: BackgroundTask) -> None:
        task._thread_ended.disconnect(self._release)
        self.running.discard(task)

    @Slot()
    def _release(self) -> None:
        # The task is the sender, not this slot's receiver: it may be freed here.
        task = self.sender()
        assert isinstance(task, BackgroundTask)
        task._end()
        self.running.discard(task)


_keeper: _Keeper | None = None


def in_background(parent: QWidget | None, work: Callable[[], T], text: str) -> T:
    """``work()`` in the background behind a busy window (shown only if it takes a moment);
    its result, or the exception it raised, raised again here on the GUI thread: a refusal
    or a storage problem for the caller (``ui.attempt``) to explain, a bug for the crash
    dialog."""
    from PySide6 import QtCore
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from coachdesk import APP_NAME

    task = BackgroundTask(lambda _progress: work(), text)
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowTitle(APP_NAME)
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)  # no Quit while it works
    dialog.setMinimumDuration(300)
    dialog.setValue(0)  # starts the clock: the window shows if the work takes 300 ms
    QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
    try:
        task.start()
        task.wait()
    finally:
        QApplication.restoreOverrideCursor()
        dialog.close()
        dialog.deleteLater()
    if task.error is not None:
        raise task.error
    return task.result
