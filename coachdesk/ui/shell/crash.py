"""The crash hook: an unexpected exception is logged and shown, never silently lost.

Known environment problems (``StorageError``) never get here: they are shown as
plain messages where they happen.  What reaches this hook is a bug, so the
dialog offers the details (version, environment, traceback) to copy into a
support message.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk import APP_NAME
from coachdesk.logs import environment_summary

logger = logging.getLogger(__name__)


class CrashDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{app} hit a problem").format(app=APP_NAME))
        self.details = details
        intro = QLabel(
            self.tr(
                "Something went wrong inside {app}. What you had saved is safe: every change "
                "is written as you make it.\n\nIf it happens again, please send the details "
                "below with your support request. Read them first: the last line may quote "
                "what you were working on."
            ).format(app=APP_NAME)
        )
        intro.setWordWrap(True)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(
            self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("Copied"))


def crash_details(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    trace = "".join(traceback.format_exception(kind, value, tb))
    return f"{environment_summary()}\n\n{trace}"


_showing = False


def handle_exception(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """``sys.excepthook``: log the exception and show the crash dialog (once at a time)."""
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    # The log gets the kind of error and where it happened, not its message, which may
    # quote client content.
    logger.error("unexpected %s\n%s", kind.__name__, "".join(traceback.format_tb(tb)).rstrip())
    if _showing or QApplication.instance() is None:
        sys.__excepthook__(kind, value, tb)
        return
    _showing = True
    try:
        CrashDialog(crash_details(kind, value, tb), QApplication.activeWindow()).exec()
    finally:
        _showing = False
