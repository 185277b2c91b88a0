"""Auto-lock: a protected practice locks itself after the idle time chosen in File →
Auto-lock… (``preferences.auto_lock_minutes``).

Idle time is measured on the wall clock, so a laptop that slept past it is locked when it
wakes, before anything is shown again.  A dialog left open is closed first (what it held
was not saved), then the window locks."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from coachdesk.preferences import auto_lock_minutes

if TYPE_CHECKING:
    from coachdesk.ui.shell.main_window import MainWindow

CHECK_MS = 15_000
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    """Watches the coach's input while a protected practice is open (``start``/``stop``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_input = time.time()
        self.watching = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.last_input = time.time()
        if not self.watching:
            QApplication.instance().installEventFilter(self)
            self.watching = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.watching:
            QApplication.instance().removeEventFilter(self)
            self.watching = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last_input = time.time()
        return False

    def idle_too_long(self, now: float | None = None) -> bool:
        minutes = auto_lock_minutes(self.window.settings)
        idle = (now if now is not None else time.time()) - self.last_input
        return bool(minutes) and idle >= minutes * 60

    def check(self) -> None:
        if self.window.db is None or not self.idle_too_long():
            return
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()  # its own flow ends first; the lock follows on the next turn
            QTimer.singleShot(0, self.check)
            return
        self.window.lock_now()
