"""Today's "Did it happen?": the planned sessions that have ended without being closed,
newest first, each with Held, No-show and Cancelled, one click each.

A row per session with its own buttons (Today asks about the most recent few; the rest are
counted), so the coach closes each where it is listed, by mouse or with Tab and Space.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from coachdesk.display.timefmt import format_when
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.vocab import SessionStatus

CLOSING = (SessionStatus.HELD, SessionStatus.NO_SHOW, SessionStatus.CANCELLED)
"""The answers, in the order of the buttons."""


class UnclosedSessions(QWidget):
    """Emits ``closed(session id, status value)`` when the coach answers for a session, and
    ``open_session(session id)`` on a double-click of its line."""

    closed = Signal(int, str)
    open_session = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setColumnStretch(0, 1)
        self.rows: list[tuple[SessionRow, QLabel, list[QPushButton]]] = []

    def fill(self, sessions: tuple[SessionRow, ...]) -> None:
        for _session, label, buttons in self.rows:
            for widget in (label, *buttons):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        for number, session in enumerate(sessions):
            label = _SessionLine(session, self.open_session.emit)
            self.grid.addWidget(label, number, 0)
            buttons = []
            for column, status in enumerate(CLOSING, start=1):
                button = QPushButton(self._answer(status))
                button.setObjectName(f"close_{status.value}")
                button.setToolTip(self._tooltip(status, session))
                button.setAccessibleName(f"{self._answer(status)}: {label.text()}")
                button.clicked.connect(
                    lambda _checked=False, s=session.id, v=status.value: self.closed.emit(s, v)
                )
                self.grid.addWidget(button, number, column)
                buttons.append(button)
            self.rows.append((session, label, buttons))
        for previous, following in zip(self._buttons(), self._buttons()[1:], strict=False):
            QWidget.setTabOrder(previous, following)

    def _buttons(self) -> list[QPushButton]:
        return [button for _session, _label, buttons in self.rows for button in buttons]

    def button(self, session_id: int, status: SessionStatus) -> QPushButton:
        """The button answering ``status`` for the session (tests and focus use it)."""
        for session, _label, buttons in self.rows:
            if session.id == session_id:
                return buttons[CLOSING.index(status)]
        raise KeyError(session_id)

    def first_button(self) -> QPushButton | None:
        buttons = self._buttons()
        return buttons[0] if buttons else None

    def _answer(self, status: SessionStatus) -> str:
        return {
            SessionStatus.HELD: self.tr("Held"),
            SessionStatus.NO_SHOW: self.tr("No-show"),
            SessionStatus.CANCELLED: self.tr("Cancelled"),
        }[status]

    def _tooltip(self, status: SessionStatus, session: SessionRow) -> str:
        text = {
            SessionStatus.HELD: self.tr("It happened: mark it held and review it"),
            SessionStatus.NO_SHOW: self.tr("{name} did not come: mark it a no-show"),
            SessionStatus.CANCELLED: self.tr("It did not take place: mark it cancelled"),
        }[status]
        return text.format(name=session.client_name)


class _SessionLine(QLabel):
    """When, with whom and how; double-click opens the session."""

    def __init__(self, session: SessionRow, open_session: Callable[[int], None]) -> None:
        where = session.medium.label + (f" · {session.location}" if session.location else "")
        super().__init__(
            f"{format_when(session.start)} · {session.client_name} · {where}"
            f" · {session.duration_minutes} min"
        )
        self.session_id = session.id
        self._open = open_session
        self.setWordWrap(True)
        self.setToolTip(self.tr("Double-click to open the session"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self._open(self.session_id)
