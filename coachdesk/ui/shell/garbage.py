"""Python's cyclic garbage collection, kept on the GUI thread.

CPython collects reference cycles in whichever thread happens to cross its allocation
threshold.  When that is a worker (a backup, an import, the practice figures), a
dialog or page caught in a cycle is destroyed there, and a Qt widget destroyed off the
GUI thread corrupts Qt's state: the app crashes later, somewhere unrelated.  So while
the window is up, automatic collection is off and a timer on the GUI thread collects
instead, whenever CPython itself would have: the same thresholds, and its rule that
the oldest generation is scanned only once a quarter as many objects again have
moved into it.  calibre and pyqtgraph do the same.

The timer ticks every second, and every tenth of one while much is being allocated
(a page being built, the storage layer loading), so the work comes in small pieces
rather than one long pause.  Once start-up has settled, what it made is frozen
(``settle_after``): a full collection then scans only what came after.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from shiboken6 import isValid

INTERVAL_MS = 1_000
BRISK_INTERVAL_MS = 100
BRISK = 10  # a tick finding this many times the youngest generation's threshold


class GuiThreadCollector(QObject):
    """Turns automatic collection off; ``collect()`` runs on the GUI thread's timer."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.thresholds = gc.get_threshold()
        self._oldest = len(self.thresholds) - 1
        # CPython's bookkeeping for the oldest generation: its size after its last
        # collection, and how many objects were moved into it since.
        self._long_lived = 0
        self._promoted = 0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)

    def collect(self) -> int:
        """Collect the oldest generation that is due, as CPython would; returns the
        number of unreachable objects found."""
        counts = gc.get_count()
        brisk = counts[0] > BRISK * self.thresholds[0]
        self.timer.setInterval(
            min(BRISK_INTERVAL_MS, self.interval_ms) if brisk else self.interval_ms
        )
        due = [
            generation
            for generation, threshold in enumerate(self.thresholds)
            if 0 < threshold < counts[generation]  # a threshold of 0: that generation is off
        ]
        if due and due[-1] == self._oldest and self._promoted < self._long_lived / 4:
            due.pop()  # a full scan only once a quarter as much again has moved in
        if not due:
            return 0
        generation = due[-1]
        if generation == self._oldest:
            found = gc.collect(generation)
            self._long_lived, self._promoted = len(gc.get_objects(generation)), 0
        elif generation == self._oldest - 1:  # its survivors move into the oldest
            young = sum(len(gc.get_objects(g)) for g in range(generation + 1))
            found = gc.collect(generation)
            self._promoted += max(0, young - found)
        else:
            found = gc.collect(generation)
        return found

    def settle_after(self, delay_ms: int) -> None:
        """``delay_ms`` from now, collect everything once and freeze what survives: the
        modules, classes and pages of start-up, which live as long as the app, are then
        never scanned again, and a full collection scans only what came since (on the
        stress practice's window, 1.4 ms instead of about 49: a pause in a keystroke)."""
        QTimer.singleShot(delay_ms, self, self._settle)

    def _settle(self) -> None:
        gc.collect()
        gc.freeze()
        self._long_lived, self._promoted = 0, 0

    def stop(self) -> None:
        """Give collection back to CPython."""
        self.timer.stop()
        gc.enable()


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector, made on first call (call it on the GUI thread)."""
    global _collector
    if _collector is None or not isValid(_collector):  # gone with an earlier application
        _collector = GuiThreadCollector(app)
    return _collector
