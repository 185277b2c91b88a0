"""Reference cycles holding Qt objects are collected on the GUI thread, never in a worker."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from typing import ClassVar

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import delete as shiboken_delete

from coachdesk.ui.shell.garbage import (
    BRISK,
    BRISK_INTERVAL_MS,
    GuiThreadCollector,
    collect_on_gui_thread,
)

pytestmark = pytest.mark.gui


class Cycle:
    """A dialog-like object caught in a reference cycle; notes the thread that frees it."""

    freed_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self
        self.widget = QWidget()

    def __del__(self) -> None:
        Cycle.freed_in.append(threading.current_thread().name)


def allocate_in_a_worker(count: int) -> list[dict]:
    """What a backup or an import does: allocate plenty, in a thread."""
    kept: list[dict] = []
    worker = threading.Thread(
        target=lambda: kept.extend({"n": n} for n in range(count)), name="worker"
    )
    worker.start()
    worker.join()
    return kept


@pytest.fixture
def collector(qapp):
    """A second collector whose timer never fires in a test: ``collect()`` by hand."""
    owner = QObject()
    made = GuiThreadCollector(owner, interval_ms=60_000)
    yield made
    made.stop()
    gc.disable()  # the session's collector stays in charge
    shiboken_delete(owner)


def test_a_worker_never_collects_what_the_gui_thread_made(qtbot, gui_thread_collector):
    assert not gc.isenabled()
    gc.collect()
    Cycle.freed_in.clear()
    Cycle()
    kept = allocate_in_a_worker(50 * gc.get_threshold()[0])  # dozens of CPython's triggers
    assert Cycle.freed_in == []
    qtbot.waitUntil(lambda: Cycle.freed_in == ["MainThread"], timeout=5_000)  # the timer
    del kept


def test_collect_takes_a_generation_only_when_it_is_due(collector):
    gc.collect()
    Cycle.freed_in.clear()
    Cycle()
    assert collector.collect() == 0  # below CPython's threshold: nothing done yet
    assert Cycle.freed_in == []
    kept = [{} for _ in range(2 * collector.thresholds[0])]
    assert collector.collect() > 0
    assert Cycle.freed_in == ["MainThread"]
    assert gc.get_count()[0] == 0
    del kept


def test_only_the_generation_that_is_due_is_collected(collector):
    gc.collect()
    Cycle.freed_in.clear()
    holder = [Cycle()]
    gc.collect(0)  # the cycle, still reachable, moves on to the middle generation
    del holder  # now garbage, but only the middle generation's collection sees it
    kept = [{} for _ in range(2 * collector.thresholds[0])]
    collector.collect()
    assert Cycle.freed_in == []  # the youngest generation only
    for _ in range(collector.thresholds[1]):
        gc.collect(0)
    collector.collect()
    assert Cycle.freed_in == ["MainThread"]
    del kept


def test_the_oldest_generation_waits_for_a_quarter_as_much_again(collector):
    oldest = len(collector.thresholds) - 1

    def make_it_due() -> None:
        for _ in range(collector.thresholds[oldest] + 1):
            gc.collect(oldest - 1)  # each counts towards the oldest generation

    make_it_due()
    collector.collect()
    assert gc.get_count()[oldest] == 0  # nothing was known about it yet: scanned
    make_it_due()
    collector.collect()
    assert gc.get_count()[oldest] > collector.thresholds[oldest]  # due, but little moved in
    kept = [[] for _ in range(len(gc.get_objects(oldest)) // 3)]
    for _ in range(collector.thresholds[oldest - 1] + 1):
        gc.collect(0)
    collector.collect()  # the middle generation: a third as much again moves into the oldest
    del kept  # and dies there: the oldest is no bigger, yet CPython would scan it now
    collector.collect()
    assert gc.get_count()[oldest] == 0


def test_ticks_come_faster_while_much_is_allocated(collector):
    kept = [{} for _ in range((BRISK + 1) * collector.thresholds[0])]
    collector.collect()
    assert collector.timer.interval() == BRISK_INTERVAL_MS
    collector.collect()
    assert collector.timer.interval() == 60_000
    del kept


def test_one_collector_per_application(qapp, gui_thread_collector):
    assert collect_on_gui_thread(qapp) is gui_thread_collector
    assert qapp.findChildren(GuiThreadCollector) == [gui_thread_collector]


def test_the_app_collects_on_its_gui_thread():
    code = (
        "import gc\n"
        "from coachdesk.app import create_application\n"
        "from coachdesk.ui.shell.garbage import GuiThreadCollector\n"
        "app = create_application()\n"
        "print(gc.isenabled(), len(app.findChildren(GuiThreadCollector)))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == ["False", "1"]


def test_settling_freezes_what_start_up_made_so_a_full_collection_skips_it(qtbot, collector):
    kept = [[index] for index in range(20_000)]  # long-lived, as start-up's objects are
    try:
        collector.settle_after(0)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > len(kept), timeout=2000)
        assert not any(kept[0] is obj for obj in gc.get_objects(2))  # frozen: not scanned
        cycle: list = []
        cycle.append(cycle)  # made after: still collected
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
