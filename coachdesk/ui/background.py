"""Running slow file work (backup, restore, check) off the GUI thread.

The work runs in a plain Python thread (SQLite releases the GIL while it copies
and checks pages), and its progress and outcome come back to the GUI thread as
queued Qt signals.  ``wait()`` spins a local event loop, so the window keeps
painting while a caller waits for the result.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)

Work = Callable[[Callable[[float], None]], Any]


class BackgroundTask(QObject):
    """``work(progress)`` in a thread; ``done`` carries its result, ``failed`` the exception
    (a ``StorageError`` or a refused import: a problem the coach can act on; anything
    else is a bug and is logged with its traceback)."""

    progress = Signal(float)
    done = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, work: Work, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._name = name
        self.result: Any = None
        self.error: Exception | None = None
        self.running = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.running = True
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from coachdesk.domain.data_format import ImportRefused
        from coachdesk.storage.errors import StorageError

        try:
            result = self._work(self.progress.emit)
        except (StorageError, ImportRefused) as exc:
            # Problems the coach can act on: the log gets the kind, never the message (it
            # may quote what was in a file).
            logger.warning("%s failed: %s", self._name, getattr(exc, "problem", type(exc).__name__))
            self.error = exc
            self.failed.emit(exc)
        except Exception as exc:
            logger.exception("%s failed", self._name)
            self.error = exc
            self.failed.emit(exc)
        else:
            self.result = result
            self.done.emit(result)
        finally:
            self.running = False
            self.finished.emit()

    def wait(self) -> None:
        """Return when the work has finished, keeping the GUI responsive meanwhile."""
        if not self.running:
            return
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        if self.running:
            loop.exec()


def run_with_progress(parent: QWidget | None, work: Callable[[], Any], text: str) -> Any:
    """``work()`` in the background behind a busy window (shown only if it takes a moment);
    returns its result, or the exception it raised."""
    from PySide6 import QtCore
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from coachdesk import APP_NAME

    task = BackgroundTask(lambda _progress: work(), text, parent)
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowTitle(APP_NAME)
    dialog.setMinimumDuration(300)
    QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
    try:
        task.start()
        task.wait()
    finally:
        QApplication.restoreOverrideCursor()
        dialog.close()
        dialog.deleteLater()
    return task.error if task.error is not None else task.result
