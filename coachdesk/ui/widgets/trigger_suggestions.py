"""Triggers proposed from the client's words, as the coach types them.

``TriggerSuggestions`` sits under a statement field: it reads the words with
``domain.wording.read_statement`` (a moment after the last key press) and, when
they speak of circumstances whose box is not ticked yet, says so in a line
("Their words mention someone else joining (“anybody else”)") with two buttons:
*Tick these* ticks the boxes, *Not these* hides the proposal until the words
speak of something else.  Nothing is ticked without the coach's say.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from coachdesk.domain.vocab import Trigger
from coachdesk.domain.wording import PHRASES, Reading, read_statement
from coachdesk.ui.widgets.style import secondary

DELAY_MS = 250


class TriggerSuggestions(QWidget):
    """The proposal line for one statement field and its trigger boxes.

    ``language`` gives the statement's language ("" to guess it from the words)."""

    def __init__(
        self,
        statement: QPlainTextEdit,
        boxes: Mapping[Trigger, QCheckBox],
        language: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.statement = statement
        self.boxes = boxes
        self.language = language
        self.readings: tuple[Reading, ...] = ()
        self._dismissed: frozenset[Trigger] = frozenset()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("suggestedTriggers")
        secondary(self.label)
        self.accept_button = QPushButton(self.tr("&Tick these"))
        self.accept_button.setAutoDefault(False)
        self.accept_button.setToolTip(self.tr("Tick the circumstances their words speak of"))
        self.accept_button.clicked.connect(self.accept)
        self.dismiss_button = QPushButton(self.tr("&Not these"))
        self.dismiss_button.setAutoDefault(False)
        self.dismiss_button.setToolTip(self.tr("Leave the boxes as they are"))
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.dismiss_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        statement.textChanged.connect(self._timer.start)
        for box in boxes.values():
            box.toggled.connect(self.refresh)
        self.refresh()

    def proposed(self) -> tuple[Reading, ...]:
        """The readings shown: circumstances the words speak of, not ticked, not dismissed."""
        return tuple(
            r
            for r in self.readings
            if not self.boxes[r.trigger].isChecked() and r.trigger not in self._dismissed
        )

    def refresh(self) -> None:
        """Read the words again and show what they propose (hidden when nothing)."""
        self.readings = read_statement(self.statement.toPlainText(), self.language() or None)
        found = {r.trigger for r in self.readings}
        self._dismissed = self._dismissed & found
        shown = self.proposed()
        if not shown:
            self.hide()
            return
        parts = [
            self.tr("{what} (“{words}”)").format(what=PHRASES[r.trigger], words=r.evidence)
            for r in shown
        ]
        listed = (
            parts[0]
            if len(parts) == 1
            else self.tr("{most} and {last}").format(most=", ".join(parts[:-1]), last=parts[-1])
        )
        self.label.setText(self.tr("Their words mention {parts}.").format(parts=listed))
        self.show()

    def accept(self) -> None:
        for reading in self.proposed():
            self.boxes[reading.trigger].setChecked(True)
        self.refresh()

    def dismiss(self) -> None:
        self._dismissed = self._dismissed | {r.trigger for r in self.proposed()}
        self.refresh()
