"""Client feedback on a held session, prediction first.

The form has two steps and enforces their order: first "What do you expect
{client} to say?" (or "Skip predicting"); the client's answers stay hidden
until a prediction is saved or skipped.  Until the answers are saved, a
mis-clicked prediction (or a skip) can be corrected with "Change my
prediction", which hides the answers again while the coach chooses.  Once the
answers are in, both are shown side by side, read-only, with the gap.  The
storage layer enforces the same order, so no other path can bypass it.

The dialog opens on the prediction (its first score has the focus, "Save my
prediction" is the default button), keeps its width from step to step and
grows to fit each step, never clipping a question or the gap.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_when
from coachdesk.domain.feedback import SCALE, FeedbackInput, FeedbackRow, Stage
from coachdesk.domain.practice import SessionRow
from coachdesk.printing.feedback_card_layout import scale_words
from coachdesk.storage.database import Database
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.widgets.style import secondary, warning_label_style


class ScoreRows(QWidget):
    """One row of 1–5 choices per question, the scale's end words beside 1 and 5 as on the
    printed card ("not at all" … "completely").  From the keyboard: Tab to a row, the
    arrows or a digit from 1 to 5 to choose (a digit moves on to the next row)."""

    changed = Signal()

    def __init__(self, questions: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.questions = questions
        self.groups: list[QButtonGroup] = []
        self.low_words, self.high_words = scale_words()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        low = secondary(QLabel(self.low_words))
        low.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        high = secondary(QLabel(self.high_words))
        high.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(low, 0, 1)
        grid.addWidget(high, 0, len(SCALE) + 2)
        self.end_labels = (low, high)
        column_width = self.fontMetrics().horizontalAdvance("M") * 2
        for column, score in enumerate(SCALE, start=2):
            heading = secondary(QLabel(str(score)))
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(heading, 0, column)
            grid.setColumnMinimumWidth(column, column_width)
        for row, question in enumerate(questions, start=1):
            label = QLabel(question)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for column, score in enumerate(SCALE, start=2):
                button = QRadioButton()
                button.setAccessibleName(self._accessible_name(question, score))
                group.addButton(button, score)
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignCenter)
            group.idToggled.connect(lambda _id, checked: checked and self.changed.emit())
            self.groups.append(group)
        grid.setColumnStretch(0, 1)

    def _accessible_name(self, question: str, score: int) -> str:
        if score == SCALE[0]:
            return f"{question}: {score} ({self.low_words})"
        if score == SCALE[-1]:
            return f"{question}: {score} ({self.high_words})"
        return f"{question}: {score}"

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A digit 1–5 chooses that score on the row with the focus, then moves on."""
        text = event.text()
        focused = self.focusWidget()
        row = next((n for n, group in enumerate(self.groups) if focused in group.buttons()), None)
        digits = {str(score): score for score in SCALE}
        if (
            row is None
            or text not in digits
            or not self.groups[row].button(digits[text]).isEnabled()
        ):
            super().keyPressEvent(event)
            return
        self.groups[row].button(digits[text]).click()
        if row + 1 < len(self.groups):
            following = self.groups[row + 1]
            (following.checkedButton() or following.button(SCALE[0])).setFocus()

    def first_button(self) -> QAbstractButton | None:
        """Where the keyboard starts: the first question's checked score, or its 1."""
        if not self.groups:
            return None
        group = self.groups[0]
        return group.checkedButton() or group.button(SCALE[0])

    def scores(self) -> tuple[int | None, ...]:
        return tuple(
            group.checkedId() if group.checkedId() in SCALE else None for group in self.groups
        )

    def set_scores(self, scores: tuple[int | None, ...]) -> None:
        """Show ``scores``; a ``None`` leaves its question unanswered."""
        for group, score in zip(self.groups, scores, strict=False):
            if score in SCALE:
                group.button(score).setChecked(True)
            elif group.checkedButton() is not None:
                group.setExclusive(False)
                group.checkedButton().setChecked(False)
                group.setExclusive(True)

    def complete(self) -> bool:
        return all(score is not None for score in self.scores())

    def started(self) -> bool:
        """Whether any question has a score chosen."""
        return any(score is not None for score in self.scores())

    def set_read_only(self, read_only: bool) -> None:
        for group in self.groups:
            for button in group.buttons():
                button.setEnabled(not read_only)


class FeedbackDialog(QDialog):
    """Prediction, then the client's answers, for one held session; ``saved`` after each write."""

    saved = Signal(int)

    def __init__(
        self,
        db: Database,
        session: SessionRow,
        client: str,
        new_questions: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from coachdesk.storage.feedback import feedback_for_session

        self.db = db
        self.session = session
        self.client = client
        self.row: FeedbackRow | None = feedback_for_session(db, session.id)
        self.questions = (
            tuple(a.question for a in self.row.answers) if self.row else tuple(new_questions)
        )
        self.setWindowTitle(self.tr("Feedback from {client}").format(client=client))

        intro = QLabel(
            self.tr("The session of {when} with {client}.").format(
                when=format_when(session.start), client=client
            )
        )
        self.prediction_box = QGroupBox(
            self.tr("1. What do you expect {client} to say?").format(client=client)
        )
        self.prediction = ScoreRows(self.questions)
        self.prediction_note = QLabel(
            self.tr("Write down your guess before you see their answers: the gap is the point.")
        )
        self.prediction_note.setWordWrap(True)
        secondary(self.prediction_note)
        self.save_prediction_button = QPushButton(self.tr("Save my &prediction"))
        self.save_prediction_button.setDefault(True)
        self.skip_button = QPushButton(self.tr("S&kip predicting"))
        self.skip_button.setAutoDefault(False)
        self.skip_button.setToolTip(self.tr("Enter the client's answers without a prediction"))
        self.change_button = QPushButton(self.tr("&Change my prediction"))
        self.change_button.setAutoDefault(False)
        self.keep_button = QPushButton(self.tr("&Keep the saved one"))
        self.keep_button.setAutoDefault(False)
        self._correcting = False
        self._sized = False  # set once the dialog has its first size, which it never loses
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_prediction_button)
        box = QVBoxLayout(self.prediction_box)
        box.addWidget(self.prediction_note)
        box.addWidget(self.prediction)
        box.addLayout(buttons)

        self.report_box = QGroupBox(self.tr("2. What {client} reported").format(client=client))
        self.report = ScoreRows(self.questions)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("Anything they said, in their own words"))
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(self.fontMetrics().height() * 5)
        self.gap_label = QLabel()
        self.gap_label.setWordWrap(True)
        self.save_report_button = QPushButton(self.tr("Save their &answers"))
        report_buttons = QHBoxLayout()
        report_buttons.addStretch(1)
        report_buttons.addWidget(self.save_report_button)
        box = QVBoxLayout(self.report_box)
        box.addWidget(self.report)
        box.addWidget(QLabel(self.tr("Comment:")))
        box.addWidget(self.comment)
        box.addWidget(self.gap_label)
        box.addLayout(report_buttons)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.prediction_box)
        layout.addWidget(self.report_box)
        layout.addStretch(1)
        layout.addWidget(close)

        self.prediction.changed.connect(self._update)
        self.report.changed.connect(self._update)
        self.save_prediction_button.clicked.connect(self.save_prediction)
        self.skip_button.clicked.connect(self.skip_prediction)
        self.change_button.clicked.connect(self.change_prediction)
        self.keep_button.clicked.connect(self.keep_prediction)
        self.save_report_button.clicked.connect(self.save_report)
        self.comment.textChanged.connect(self._update)
        self.setMinimumWidth(max(self.fontMetrics().horizontalAdvance("M") * 36, 520))
        self._show_stage()
        first = self.prediction if self.stage is Stage.NEW else self.report
        start = first.first_button()
        if start is not None:
            start.setFocus()

    @property
    def stage(self) -> Stage:
        return self.row.stage if self.row is not None else Stage.NEW

    def _show_stage(self) -> None:
        stage = self.stage
        row = self.row
        if row is not None:
            self.prediction.set_scores(tuple(a.predicted for a in row.answers))
            self.report.set_scores(tuple(a.reported for a in row.answers))
            self.comment.setPlainText(row.comment)
        correcting = self._correcting and stage is Stage.PREDICTED
        predicted = stage is not Stage.NEW and not correcting
        reported = stage is Stage.REPORTED
        self.prediction.set_read_only(predicted)
        self.save_prediction_button.setVisible(not predicted)
        self.skip_button.setVisible(stage is Stage.NEW)
        self.keep_button.setVisible(correcting)
        self.change_button.setVisible(predicted and not reported)
        self.change_button.setText(
            self.tr("&Predict after all")
            if row is not None and row.prediction_skipped
            else self.tr("&Change my prediction")
        )
        if correcting:
            self.prediction_note.setText(
                self.tr("Choose again and save: their answers stay hidden until you do.")
            )
        elif row is not None and row.prediction_skipped:
            self.prediction_note.setText(self.tr("You chose not to predict for this session."))
        elif reported:
            self.prediction_note.setText(
                self.tr("Your prediction is saved and can no longer change.")
            )
        elif predicted:
            self.prediction_note.setText(
                self.tr(
                    "Your prediction is saved. You can still change it until their answers are in."
                )
            )
        # The answers stay hidden until the prediction is saved or skipped, and again while
        # it is being corrected.
        self.report_box.setVisible(predicted)
        self.report.set_read_only(reported)
        self.comment.setReadOnly(reported)
        self.save_report_button.setVisible(not reported)
        self.gap_label.setVisible(reported and row is not None and bool(row.pairs()))
        if reported and row is not None and row.pairs():
            self.gap_label.setText(self._gap_text(row))
        self._update()
        self._fit()

    def _fit(self) -> None:
        """Grow to show the whole step at the dialog's width; never shrink, never narrow.

        (``adjustSize`` would snap to the size hint's width, which squeezes the questions'
        wrapped lines until the gap and the last question are cut off.)"""
        # The labels just shown or reworded post their new geometry: take it in first.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout = self.layout()
        layout.activate()
        width = max(self.minimumWidth(), layout.totalSizeHint().width())
        if self._sized:
            width = max(width, self.width())
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        height = max(needed, layout.totalSizeHint().height(), layout.totalMinimumSize().height())
        self.setMinimumHeight(height)
        self.resize(width, max(self.height(), height) if self._sized else height)
        self._sized = True

    def _gap_text(self, row: FeedbackRow) -> str:
        lines = []
        for answer in row.answers:
            if answer.predicted is None or answer.reported is None:
                continue
            lines.append(
                self.tr("{question}: you expected {p}, {client} said {r}").format(
                    question=answer.question,
                    p=answer.predicted,
                    client=self.client,
                    r=answer.reported,
                )
            )
        lower = any(p > r for p, r in row.pairs())
        self.gap_label.setStyleSheet(warning_label_style() if lower else "")
        return "\n".join(lines)

    def _update(self) -> None:
        self.save_prediction_button.setEnabled(self.prediction.complete())
        self.save_report_button.setEnabled(self.report.complete())
        started = self.report.started() or bool(self.comment.toPlainText().strip())
        self.change_button.setEnabled(not started)
        self.change_button.setToolTip(
            self.tr("You have started entering their answers: the prediction stays as saved.")
            if started
            else self.tr("Correct a mis-click before their answers are saved")
        )

    def _write(self, action: Callable[[], object]) -> None:
        from coachdesk.storage.feedback import feedback_for_session

        if not attempt(self, action):
            return
        self.row = feedback_for_session(self.db, self.session.id)
        self.saved.emit(self.session.id)
        self._show_stage()

    def save_prediction(self) -> None:
        """Save the prediction, the first one or a correction of it (storage replaces a
        saved prediction until the client's answers are in)."""
        from coachdesk.storage.feedback import save_prediction

        data = FeedbackInput(self.questions, self.prediction.scores())
        self._correcting = False
        self._write(lambda: save_prediction(self.db, self.session.id, data))
        self._focus_report()

    def change_prediction(self) -> None:
        """Open the saved prediction (or the skip) to choose again; the answers hide."""
        if self.stage is not Stage.PREDICTED or self.report.started():
            return
        self._correcting = True
        self._show_stage()
        start = self.prediction.first_button()
        if start is not None:
            start.setFocus()

    def keep_prediction(self) -> None:
        """Leave the correction: the saved prediction (or skip) stands, scores as saved."""
        self._correcting = False
        if self.row is not None:
            self.prediction.set_scores(tuple(a.predicted for a in self.row.answers))
        self._show_stage()
        self._focus_report()

    def _focus_report(self) -> None:
        if self.stage is Stage.PREDICTED and not self._correcting:
            start = self.report.first_button()
            if start is not None:
                start.setFocus()

    def skip_prediction(self) -> None:
        from coachdesk.storage.feedback import skip_prediction

        self._write(lambda: skip_prediction(self.db, self.session.id, self.questions))
        self._focus_report()

    def save_report(self) -> None:
        from coachdesk.storage.feedback import save_report

        data = FeedbackInput(self.questions, self.report.scores(), self.comment.toPlainText())
        self._write(lambda: save_report(self.db, self.session.id, data))
