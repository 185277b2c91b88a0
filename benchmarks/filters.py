"""The lists' own text filters, typed a keystroke at a time (used by run.py).

Run as ``python benchmarks/filters.py DATA_DIR RUNS``; prints one JSON object.

The real main window, offscreen at 1100x700, on the practice in DATA_DIR.  For each list
(Clients; Sessions in its default period; Sessions over "Everything", the widest period,
capped at the page's row limit) the filter is given realistic words one key at a time,
then each is deleted back one Backspace at a time.  Each keystroke is timed from the key
press (the key is sent to the filter, whose ``textChanged`` filters the list) to:

* ``painted``: the end of the list's repaint: the pending events are processed, which
  repaints the list's viewport (or the empty state in its place); if they did not, it is
  repainted then;
* ``forced``: the same, and then one more forced repaint of what shows the list (so every
  keystroke is timed with at least one full repaint after the events, whatever Qt did).

The window goes to the page again before each round, which reads the list again (as
every visit does): the first keystroke of a round finds nothing of the list worked out.
The first of 1 + RUNS rounds is reported on its own (``first_round``): it is the first
time the process filters and draws those rows (the folded words, the glyphs of every
script drawn for the first time); the others are the steady figures.

For each: the median, the 90th percentile and the worst keystroke, and which keystroke
the worst was; the same in this thread's CPU time (on a shared machine the wall time
also holds the time other processes had the cores); and how many keystrokes the app's
garbage collector ran in (its timer runs on the GUI thread whatever the coach is doing),
with the worst of the others.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pages import opened_window
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

# A name with an accent the coach leaves out, one with a letter no accent folding makes
# ("ø"), two words, a single letter that nearly every row matches, a word of an agenda.
WORDS = ("maria", "sorensen", "lopez ana", "a", "board")
TARGETS = {"median_ms": 16.0, "worst_ms": 50.0}


class Collections:
    """The time Python's cyclic garbage collector ran (the app runs it on a timer on the
    GUI thread, ``ui/shell/garbage.py``), to tell its pauses from the filter's own."""

    def __init__(self) -> None:
        self.ms = 0.0
        self._started = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.ms += (time.perf_counter() - self._started) * 1000


class Paints(QObject):
    """Counts the paint events of the widgets it watches."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class Keystroke(NamedTuple):
    text: str  # the filter after the key ("⌫" marks a Backspace)
    painted: float  # ms from the key press to the end of the list's repaint
    forced: float  # ms to the end of one more, forced, repaint
    cpu: float  # this thread's CPU time, of ``painted``
    gc: float  # the garbage collector's time, of ``forced``


def _shown(page) -> QWidget:
    """What shows the list: the table's viewport, or the empty state in its place."""
    current = page.stack.currentWidget()
    return page.table.viewport() if current is page.table else current


def _keystroke(app: QApplication, page, key: str | Qt.Key, text: str, gcs, paints) -> Keystroke:
    before, paints.count = gcs.ms, 0
    cpu = time.thread_time()
    started = time.perf_counter()
    QTest.keyClick(page.filter_edit, key)
    app.processEvents()
    if not paints.count:
        _shown(page).repaint()
    painted = time.perf_counter()
    cpu = time.thread_time() - cpu
    _shown(page).repaint()
    forced = time.perf_counter()
    return Keystroke(
        text, (painted - started) * 1000, (forced - started) * 1000, cpu * 1000, gcs.ms - before
    )


def _type_words(app: QApplication, page, gcs: Collections, paints: Paints) -> list[Keystroke]:
    """Every word typed and deleted back, a keystroke at a time."""
    timings = []
    for word in WORDS:
        for count in range(1, len(word) + 1):
            timings.append(_keystroke(app, page, word[count - 1], word[:count], gcs, paints))
        for count in range(len(word) - 1, -1, -1):
            key, text = Qt.Key.Key_Backspace, word[:count] + "⌫"
            timings.append(_keystroke(app, page, key, text, gcs, paints))
    return timings


def _figures(timings: list[Keystroke], measure: str) -> dict[str, object]:
    times = sorted(getattr(stroke, measure) for stroke in timings)
    worst = max(timings, key=lambda stroke: getattr(stroke, measure))
    return {
        "median_ms": statistics.median(times),
        "p90_ms": times[int(0.9 * (len(times) - 1))],
        "worst_ms": getattr(worst, measure),
        "worst_after": worst.text,
        "worst_gc_ms": worst.gc,
        "worst_without_gc_ms": max(
            (getattr(stroke, measure) for stroke in timings if stroke.gc == 0), default=0.0
        ),
    }


def _summary(timings: list[Keystroke], first: list[Keystroke], rows: int) -> dict[str, object]:
    return {
        "rows": rows,
        "keystrokes": len(timings),
        "painted": _figures(timings, "painted"),
        "forced": _figures(timings, "forced"),
        "cpu": _figures(timings, "cpu"),
        "with_gc": sum(1 for stroke in timings if stroke.gc > 0),
        "first_round": _figures(first, "painted"),
    }


def settle(app: QApplication) -> None:
    """What the app does 5 s after its data file is open (``app.SETTLE_MS``): start-up's
    objects collected once and frozen, out of every later full collection's way."""
    from coachdesk.ui.shell.garbage import collect_on_gui_thread

    collect_on_gui_thread(app).settle_after(0)
    app.processEvents()


def main() -> None:
    data_dir, runs = Path(sys.argv[1]), int(sys.argv[2])
    app, window, _paths = opened_window(data_dir)

    window.go_clients()
    window.go_sessions()  # both pages built, and each list read once, before any timing
    app.processEvents()
    settle(app)
    sessions = window.sessions_page
    default_period = sessions.period_filter.currentIndex()
    widest = sessions.period_filter.count() - 1

    def go_clients():
        window.go_clients()
        return window.clients_page

    def go_sessions(period: int):
        def go():
            window.go_sessions()
            if sessions.period_filter.currentIndex() != period:
                sessions.period_filter.setCurrentIndex(period)  # reads the list again
            return sessions

        return go

    lists = {
        "clients": go_clients,
        "sessions": go_sessions(default_period),
        "sessions_everything": go_sessions(widest),
    }
    gcs = Collections()
    results: dict[str, object] = {}
    for name, go in lists.items():
        rounds: list[list[Keystroke]] = []
        for _ in range(1 + runs):
            page = go()
            page.filter_edit.clear()
            app.processEvents()
            paints = Paints([page.table.viewport(), page.empty_label])
            rounds.append(_type_words(app, page, gcs, paints))
            paints.deleteLater()
        steady = [stroke for strokes in rounds[1:] for stroke in strokes]
        results[name] = _summary(steady, rounds[0], page.model.rowCount())
        results[name]["period"] = (
            sessions.period_filter.currentText() if name.startswith("sessions") else None
        )
        page.filter_edit.clear()
    sessions.period_filter.setCurrentIndex(default_period)
    window.close()
    print(json.dumps({"words": list(WORDS), "runs": runs, "lists": results, "targets": TARGETS}))


if __name__ == "__main__":
    main()
