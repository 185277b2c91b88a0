"""Client feedback on a held session, prediction first.

The form has two steps and enforces their order: first "What do you expect
{client} to say?" (or "Skip predicting"); the client's answers stay hidden
until a prediction is saved or skipped.  Once the answers are in, both are
shown side by side, read-only, with the gap.  The storage layer enforces the
same order, so no other path can bypass it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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
from coachdesk.storage.database import Database
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.widgets.style import secondary, warning_label_style


class ScoreRows(QWidget):
    """One row of 1–5 choices per question."""

    changed = Signal()

    def __init__(self, questions: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.questions = questions
        self.groups: list[QButtonGroup] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, score in enumerate(SCALE, start=1):
            heading = QLabel(str(score))
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            secondary(heading)
            grid.addWidget(heading, 0, column)
        for row, question in enumerate(questions, start=1):
            label = QLabel(question)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for column, score in enumerate(SCALE, start=1):
                button = QRadioButton()
                button.setAccessibleName(f"{question}: {score}")
                group.addButton(button, score)
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignCenter)
            group.idToggled.connect(lambda _id, checked: checked and self.changed.emit())
            self.groups.append(group)
        grid.setColumnStretch(0, 1)

    def scores(self) -> tuple[int | None, ...]:
        return tuple(
            group.checkedId() if group.checkedId() in SCALE else None for group in self.groups
        )

    def set_scores(self, scores: tuple[int | None, ...]) -> None:
        for group, score in zip(self.groups, scores, strict=False):
            if score is not None:
                group.button(score).setChecked(True)

    def complete(self) -> bool:
        return all(score is not None for score in self.scores())

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
        self.skip_button = QPushButton(self.tr("S&kip predicting"))
        self.skip_button.setToolTip(self.tr("Enter the client's answers without a prediction"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
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
        self.save_report_button.clicked.connect(self.save_report)
        self._show_stage()
        self.resize(560, self.sizeHint().height())

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
        predicted = stage is not Stage.NEW
        self.prediction.set_read_only(predicted)
        self.save_prediction_button.setVisible(not predicted)
        self.skip_button.setVisible(not predicted)
        if row is not None and row.prediction_skipped:
            self.prediction_note.setText(self.tr("You chose not to predict for this session."))
        elif predicted:
            self.prediction_note.setText(
                self.tr("Your prediction is saved and can no longer change.")
            )
        # The answers stay hidden until the prediction is saved or skipped.
        self.report_box.setVisible(predicted)
        reported = stage is Stage.REPORTED
        self.report.set_read_only(reported)
        self.comment.setReadOnly(reported)
        self.save_report_button.setVisible(not reported)
        self.gap_label.setVisible(reported and row is not None and bool(row.pairs()))
        if reported and row is not None and row.pairs():
            self.gap_label.setText(self._gap_text(row))
        self._update()
        self.adjustSize()

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

    def _write(self, action: Callable[[], object]) -> None:
        from coachdesk.storage.feedback import feedback_for_session

        if not attempt(self, action):
            return
        self.row = feedback_for_session(self.db, self.session.id)
        self.saved.emit(self.session.id)
        self._show_stage()

    def save_prediction(self) -> None:
        from coachdesk.storage.feedback import save_prediction

        data = FeedbackInput(self.questions, self.prediction.scores())
        self._write(lambda: save_prediction(self.db, self.session.id, data))
        if self.stage is not Stage.NEW:
            self.report.groups[0].buttons()[0].setFocus()

    def skip_prediction(self) -> None:
        from coachdesk.storage.feedback import skip_prediction

        self._write(lambda: skip_prediction(self.db, self.session.id, self.questions))

    def save_report(self) -> None:
        from coachdesk.storage.feedback import save_report

        data = FeedbackInput(self.questions, self.report.scores(), self.comment.toPlainText())
        self._write(lambda: save_report(self.db, self.session.id, data))
