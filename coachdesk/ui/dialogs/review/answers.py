"""The answers of the after-session review: for an item that matters to the client,
honoured, missed (with what happened) or not relevant; for a notice given too late,
logged as a breach (in words prefilled) or not; for a promise due, kept, missed or still
open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_day
from coachdesk.domain.late_notice import LateNotice
from coachdesk.domain.practice import MatterRow, PromiseRow
from coachdesk.domain.text import clip
from coachdesk.domain.vocab import WARNING_MARK, HonourOutcome, PromiseOwner, PromiseStatus
from coachdesk.storage.review import LateBreach
from coachdesk.ui.widgets.style import scaled_font, secondary

HONOURED, MISSED, NOT_RELEVANT = range(3)
KEPT, PROMISE_MISSED, STILL_OPEN = range(3)
ITEM_CLIP = 90  # the item's words on a late notice's box, at most (all of them in its tip)


class _Choices(QWidget):
    """A row of radio buttons, one checked; ``choice()`` is the checked one's id."""

    def __init__(self, labels: list[str], default: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for number, label in enumerate(labels):
            button = QRadioButton(label)
            self.group.addButton(button, number)
            row.addWidget(button)
        row.addStretch(1)
        self.group.button(default).setChecked(True)

    def choice(self) -> int:
        return self.group.checkedId()

    def button(self, choice: int) -> QAbstractButton:
        return self.group.button(choice)


class MatterReview(QWidget):
    """One item that matters to the client: honoured, missed or not relevant; when missed,
    a line for what happened."""

    def __init__(
        self, matter: MatterRow, reasons: list[str], missed_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.matter = matter
        self.statement = QLabel(f"“{matter.statement}”")
        self.statement.setWordWrap(True)
        self.statement.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.statement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons = QLabel(self.tr("Why now: {reasons}").format(reasons="; ".join(reasons)))
        self.reasons.setWordWrap(True)
        self.reasons.setFont(scaled_font(self.font(), 0.9, bold=False))
        secondary(self.reasons)
        self.reasons.setVisible(bool(reasons))
        self.choices = _Choices(
            [self.tr("Honoured"), self.tr("Missed"), self.tr("Not relevant")], NOT_RELEVANT
        )
        self.what_happened = QLineEdit(missed_text)
        self.what_happened.setPlaceholderText(self.tr("Briefly, what happened"))
        self.what_label = QLabel(self.tr("What happened?"))
        self.what_label.setBuddy(self.what_happened)
        what_row = QHBoxLayout()
        what_row.addWidget(self.what_label)
        what_row.addWidget(self.what_happened, 1)
        self.what_holder = QWidget()
        self.what_holder.setLayout(what_row)
        what_row.setContentsMargins(0, 0, 0, 0)
        self.what_holder.hide()
        self.choices.group.idToggled.connect(self._on_choice)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.statement)
        layout.addWidget(self.reasons)
        layout.addWidget(self.choices)
        layout.addWidget(self.what_holder)

    def _on_choice(self, choice: int, checked: bool) -> None:
        if choice == MISSED:
            self.what_holder.setVisible(checked)
            if checked:
                self.what_happened.setFocus(Qt.FocusReason.OtherFocusReason)
                self.what_happened.selectAll()

    @property
    def missed(self) -> bool:
        return self.choices.choice() == MISSED

    @property
    def outcome(self) -> HonourOutcome:
        return {HONOURED: HonourOutcome.HONOURED, MISSED: HonourOutcome.MISSED}.get(
            self.choices.choice(), HonourOutcome.NOT_RELEVANT
        )


class LateNoticeReview(QWidget):
    """One notice given too late (or never): what happened, and "Log as a breach of “…”"
    (of the item that asked for it, else of a new item in plain words); ticked, the words
    of the breach show, prefilled and editable."""

    def __init__(self, notice: LateNotice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = notice
        self.text = QLabel(f"{WARNING_MARK} {notice.breach_text}")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Their words, clipped to fit a line and never read as a shortcut (&).
        words = clip(notice.item_words, ITEM_CLIP).replace("&", "&&")
        if notice.matter_id is not None:
            label = self.tr("Log as a breach of “{item}”").format(item=words)
            tip = self.tr(
                "Records a breach of this item for this session, in these words, when you save "
                "the review; the item counts as missed in it."
            )
        else:
            label = self.tr("Log as a breach of a new item: “{item}”").format(item=words)
            tip = self.tr(
                "No item of theirs asks for this notice yet: saving the review adds this one "
                "(you can change its words on their page) and records the breach of it."
            )
        self.log_box = QCheckBox(label)
        self.log_box.setToolTip(
            f"“{notice.item_words}”\n\n{tip}" if words != notice.item_words else tip
        )
        self.what_happened = QLineEdit(notice.breach_text)
        self.what_happened.setCursorPosition(0)  # the words read from their start
        self.what_happened.setPlaceholderText(self.tr("Briefly, what happened"))
        self.what_label = QLabel(self.tr("What happened?"))
        self.what_label.setBuddy(self.what_happened)
        what_row = QHBoxLayout()
        what_row.setContentsMargins(0, 0, 0, 0)
        what_row.addWidget(self.what_label)
        what_row.addWidget(self.what_happened, 1)
        self.what_holder = QWidget()
        self.what_holder.setLayout(what_row)
        self.what_holder.hide()
        self.log_box.toggled.connect(self.what_holder.setVisible)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        layout.addWidget(self.log_box)
        layout.addWidget(self.what_holder)

    @property
    def logged(self) -> bool:
        return self.log_box.isChecked()

    def late_breach(self) -> LateBreach:
        """The breach this notice becomes, in the words as they now read."""
        return LateBreach.of(self.notice, self.what_happened.text())


class PromiseReview(QWidget):
    """One open promise due by the session: kept, missed or still open."""

    def __init__(self, promise: PromiseRow, owner_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.promise = promise
        whose = self.tr("You") if promise.owner is PromiseOwner.COACH else owner_name
        due = format_day(promise.due_on)
        self.text = QLabel(
            self.tr("{whose}: {text} (due {due})").format(whose=whose, text=promise.text, due=due)
        )
        self.text.setWordWrap(True)
        self.choices = _Choices(
            [self.tr("Kept"), self.tr("Missed"), self.tr("Still open")], STILL_OPEN
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        layout.addWidget(self.choices)

    def status(self) -> PromiseStatus | None:
        """The new status, or None to leave it open."""
        return {KEPT: PromiseStatus.KEPT, PROMISE_MISSED: PromiseStatus.MISSED}.get(
            self.choices.choice()
        )
