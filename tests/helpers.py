"""Helpers for driving modal dialogs, which block in ``exec()`` until answered, and a
process that holds a partial file as its writer does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QProgressDialog, QWidget


def when_modal(action: Callable[[QWidget], None], *, timeout_ms: int = 5000) -> list[QWidget]:
    """Run ``action`` on the next modal dialog as soon as it is shown; returns what it saw."""
    seen: list[QWidget] = []
    waited = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        # A progress window (slow file work on a busy machine) is not the dialog awaited.
        if widget is not None and widget.isVisible() and not isinstance(widget, QProgressDialog):
            seen.append(widget)
            try:
                action(widget)
            except BaseException:
                # Close the dialog so its exec() returns and the test fails instead of hanging.
                widget.close()
                raise
            return
        waited[0] += 10
        if waited[0] > timeout_ms:
            raise AssertionError("no modal dialog appeared")
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def click_button(box: QWidget, text: str) -> None:
    """Click the button whose text (without the & mnemonic) is ``text``."""
    for button in box.findChildren(QAbstractButton):
        if button.text().replace("&", "") == text:
            button.click()
            return
    raise AssertionError(f"no button {text!r} in {type(box).__name__}")


def message_text(box: QWidget) -> str:
    assert isinstance(box, QMessageBox), type(box)
    return box.text()


_HOLDER = """
import sys
from pathlib import Path
from coachdesk.storage.private_files import create_partial
create_partial(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""


@contextmanager
def held_by_another_process(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A running process that created the partial file ``path`` and still writes it."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "held\n"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
