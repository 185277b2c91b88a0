"""Today's "Did it happen?": the planned sessions that have ended without being closed,
newest first, each with Held, No-show and Cancelled, one click each.

A row per session with its own buttons (Today asks about the most recent few; the rest are
counted), so the coach closes each where it is listed, by mouse or with Tab and Space.
Two rows are in sight; more scroll within the list, so the rest of Today stays on the
screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QWidget

from coachdesk.display.timefmt import format_when, with_their_time
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.vocab import SessionStatus

CLOSING = (SessionStatus.HELD, SessionStatus.NO_SHOW, SessionStatus.CANCELLED)
"""The answers, in the order of the buttons."""

ROWS_IN_SIGHT = 2


class UnclosedSessions(QScrollArea):
    """Emits ``closed(session id, status value)`` when the coach answers for a session, and
    ``open_session(session id)`` on a double-click of its line."""

    closed = Signal(int, str)
    open_session = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.setWidget(inner)
        self.grid = QGridLayout(inner)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setColumnStretch(0, 1)
        self.rows: list[tuple[SessionRow, QLabel, list[QPushButton]]] = []

    def fill(self, sessions: tuple[SessionRow, ...]) -> None:
        for _session, label, buttons in self.rows:
            for widget in (label, *buttons):
                self.grid.removeWidget(widget)
                widget.hide()  # now: the delete itself waits for the event loop
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
                button.installEventFilter(self)
                self.grid.addWidget(button, number, column)
                buttons.append(button)
            self.rows.append((session, label, buttons))
        for previous, following in zip(self._buttons(), self._buttons()[1:], strict=False):
            QWidget.setTabOrder(previous, following)
        self._fit()

    def _fit(self) -> None:
        """As tall as its rows, up to ``ROWS_IN_SIGHT`` of them."""
        if not self.rows:
            self.setFixedHeight(0)
            return
        pitch = self.rows[0][2][0].sizeHint().height() + self.grid.verticalSpacing()
        shown = min(len(self.rows), ROWS_IN_SIGHT)
        self.setFixedHeight(shown * pitch - self.grid.verticalSpacing())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tab onto a row scrolled out of sight brings it in."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.ensureWidgetVisible(watched, 0, 0)
        return super().eventFilter(watched, event)

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
    """When, with whom, how and how long, on one line (the place is in the tooltip: a
    wrapped line would make the whole page ask for its preferred height); double-click
    opens the session."""

    def __init__(self, session: SessionRow, open_session: Callable[[int], None]) -> None:
        when = with_their_time(format_when(session.start), session.start, session.client_time_zone)
        super().__init__(
            f"{when} · {session.client_name} · {session.medium.label}"
            f" · {session.duration_minutes} min"
        )
        self.session_id = session.id
        self._open = open_session
        place = f"{session.medium.label}: {session.location}" if session.location else ""
        self.setToolTip(
            "\n".join(part for part in (place, self.tr("Double-click to open the session")) if part)
        )
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self._open(self.session_id)
