"""Background tasks: results on the GUI thread, and a task only ever freed there."""

from __future__ import annotations

import threading
import time
from typing import ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog

from coachdesk.ui.common import background
from coachdesk.ui.common.background import BackgroundTask, in_background

pytestmark = pytest.mark.gui


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    @Slot(object)
    def take(self, result: object) -> None:
        self.results.append(result)


class NotedTask(BackgroundTask):
    freed_in: ClassVar[list[str]] = []

    def __del__(self) -> None:
        NotedTask.freed_in.append(threading.current_thread().name)


def test_a_task_nobody_holds_reports_and_is_freed_on_the_gui_thread(qtbot):
    NotedTask.freed_in.clear()
    receiver = Receiver()
    go = threading.Event()
    task = NotedTask(lambda _progress: go.wait(5) and "saved", "slow work")
    task.done.connect(receiver.take)
    task.start()
    del task  # as a page that is closed meanwhile lets go of it
    go.set()
    qtbot.waitUntil(lambda: receiver.results == ["saved"], timeout=5_000)
    qtbot.waitUntil(lambda: NotedTask.freed_in != [], timeout=5_000)
    assert NotedTask.freed_in == ["MainThread"]


def test_running_until_the_gui_thread_has_handled_the_result(qtbot):
    receiver = Receiver()
    task = BackgroundTask(lambda _progress: 42, "quick work")
    task.done.connect(receiver.take)
    task.start()
    task._thread.join()  # the thread is over, the result not yet handled
    assert task.running
    qtbot.waitUntil(lambda: not task.running, timeout=5_000)
    assert receiver.results == [42]  # never "not running" before the result is in


def test_wait_returns_when_the_thread_ended_before_it_was_called(qtbot):
    receiver = Receiver()
    task = BackgroundTask(lambda _progress: "copied", "quick work")
    task.done.connect(receiver.take)
    task.start()
    task._thread.join()
    watchdog = QTimer()  # a hang fails the test instead of stalling the run
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(task._thread_ended)  # as if the thread had ended only now
    watchdog.start(5_000)
    started = time.monotonic()
    try:
        task.wait()
    finally:
        watchdog.stop()
    assert time.monotonic() - started < 4
    assert receiver.results == ["copied"]
    assert not task.running


def test_wait_takes_the_result_when_the_application_quits_meanwhile(qtbot, qapp):
    receiver = Receiver()
    go = threading.Event()
    task = BackgroundTask(lambda _progress: go.wait(5) and "restored", "restore")
    task.done.connect(receiver.take)
    task.start()

    def quit_then_finish() -> None:
        QCoreApplication.exit()  # the session ends: every event loop returns at once
        go.set()

    QTimer.singleShot(50, quit_then_finish)
    try:
        task.wait()
        assert (task.running, task.result, receiver.results) == (False, "restored", ["restored"])
    finally:
        QTimer.singleShot(0, qapp.quit)
        qapp.exec()  # which lets event loops run again afterwards


def test_once_the_interpreter_exits_threads_report_nothing_more(qtbot, monkeypatch):
    monkeypatch.setattr(background, "_exiting", False)  # and back after the test
    receiver = Receiver()
    go = threading.Event()
    task = BackgroundTask(lambda progress: (go.wait(5), progress(0.5))[1], "check")
    task.progress.connect(receiver.take)
    task.done.connect(receiver.take)
    task.start()
    background._stop_reporting()  # what atexit runs, before Qt's objects are torn down
    go.set()
    task._thread.join()
    qtbot.wait(50)
    assert receiver.results == []


def test_a_task_runs_once(qtbot):
    task = BackgroundTask(lambda _progress: None, "once")
    task.start()
    with pytest.raises(RuntimeError, match="runs once"):
        task.start()
    task.wait()
    assert not task.running


def test_the_busy_window_keeps_the_coach_out_of_the_window_meanwhile(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    seen: list[Qt.WindowModality] = []

    def look() -> None:
        seen.extend(
            widget.windowModality()
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QProgressDialog) and widget.isVisible()
        )

    QTimer.singleShot(600, look)
    assert in_background(window, lambda: time.sleep(1) or "restored", "Restoring…") == "restored"
    assert seen == [Qt.WindowModality.WindowModal]  # no Quit, no second command meanwhile


def test_in_background_returns_the_result_or_raises_the_error_on_the_gui_thread(qtbot):
    assert in_background(None, lambda: "exported", "Exporting…") == "exported"
    with pytest.raises(ZeroDivisionError):
        in_background(None, lambda: 1 / 0, "Exporting…")
