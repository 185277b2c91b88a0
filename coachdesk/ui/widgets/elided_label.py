"""A one-line label that shortens its text with "…" when it is given less room than the
text needs (a long path in the status bar), its whole text in the tooltip.

It is built before the window's first paint, so it reaches ``QtCore.Qt`` only when it has
to shorten (see ``shell.main_window`` on start-up speed).
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MINIMUM_CHARACTERS = 8  # never narrower than this: "Data fi…" still says what it is


class ElidedLabel(QLabel):
    """``text()`` is the whole text; the label paints as much as fits, cut in the middle,
    so both ends of a path stay readable."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setToolTip(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * MINIMUM_CHARACTERS, hint.height())

    def _fits(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) <= self.contentsRect().width()

    def shown_text(self) -> str:
        """The text as painted at the label's width now."""
        if self._fits():
            return self.text()
        room = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), QtCore.Qt.TextElideMode.ElideMiddle, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._fits():  # as a label paints it (the first paint: no text yet)
            super().paintEvent(event)
            return
        alignment = QtCore.Qt.AlignmentFlag
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(alignment.AlignLeft | alignment.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
