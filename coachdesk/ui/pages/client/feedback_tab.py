"""The client page's Feedback tab: their scores over time beside your predictions.

At the top, the calibration gap in words ("You expected 4.6, Dan reported 3.8
on average over the last 5 sessions") and the direction of their scores; then
one chart per question, its points spaced by date (reported: a solid line with
filled dots; your prediction: a dashed line with larger hollow rings, drawn under
the report so an exact prediction rings the report's dot); then every pulse
check, newest first.  With more than one question each is numbered, Q1, Q2 …,
in the charts' titles and in the table's scores ("Q1 3 · Q2 4"), whose tooltip
spells each question out.  "Record feedback…" opens the prediction-first form for the selected
session, or for the latest held session still waiting for answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_day, format_when
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.feedback import (
    AnswerRow,
    Direction,
    FeedbackRow,
    Stage,
    calibration,
    calibration_sentence,
    direction,
    series_by_question,
)
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.text import quoted
from coachdesk.domain.vocab import SessionStatus
from coachdesk.ui.widgets.charts import LineChart, LineChartData, LineSeries
from coachdesk.ui.widgets.lists import list_table, with_empty_state
from coachdesk.ui.widgets.row_model import ID_ROLE, Column, RowTableModel
from coachdesk.ui.widgets.style import WARNING_MARK, warning_label_style

_SECONDS_A_DAY = 86_400


def question_numbers(rows: Sequence[FeedbackRow]) -> dict[str, int]:
    """Each question's number (1, 2 …): the charts' order (the order first asked), then any
    question asked but not yet scored."""
    numbers: dict[str, int] = {}
    asked = [series.question for series in series_by_question(rows)]
    asked += [answer.question for row in rows for answer in row.answers]
    for question in asked:
        numbers.setdefault(question, len(numbers) + 1)
    return numbers


def numbered(question: str, numbers: dict[str, int]) -> str:
    """ "Q2 · I trust my coach …" when there is more than one question, else the question."""
    if len(numbers) < 2 or question not in numbers:
        return question
    return f"Q{numbers[question]} · {question}"


def chart_data(rows: Sequence[FeedbackRow]) -> tuple[LineChartData, ...]:
    """One chart per question: reported and predicted scores per session, oldest first, each
    session at its date."""
    numbers = question_numbers(rows)
    charts = []
    for series in series_by_question(rows):
        labels = tuple(format_day(local_or_utc(point.when).date()) for point in series.points)
        charts.append(
            LineChartData(
                title=numbered(series.question, numbers),
                labels=labels,
                positions=tuple(point.when.timestamp() / _SECONDS_A_DAY for point in series.points),
                series=(
                    LineSeries("Reported", tuple(p.reported for p in series.points)),
                    LineSeries(
                        "Your prediction", tuple(p.predicted for p in series.points), dashed=True
                    ),
                ),
            )
        )
    return tuple(charts)


def _scores(
    row: FeedbackRow, value: Callable[[AnswerRow], int | None], numbers: dict[str, int]
) -> str:
    """ "Q1 3 · Q2 4" (just "3" with one question); "" when there is no score."""
    found = [(answer.question, value(answer)) for answer in row.answers]
    if all(score is None for _, score in found):
        return ""
    shown = [("–" if score is None else str(score), question) for question, score in found]
    if len(numbers) < 2:
        return " · ".join(score for score, _ in shown)
    return " · ".join(f"Q{numbers.get(question, '?')} {score}" for score, question in shown)


def _scores_tooltip(
    row: FeedbackRow, value: Callable[[AnswerRow], int | None], numbers: dict[str, int]
) -> str | None:
    """Each question spelled out with its score, one a line."""
    found = [(answer.question, value(answer)) for answer in row.answers]
    if all(score is None for _, score in found):
        return None
    return "\n".join(
        f"{numbered(question, numbers)}: {'–' if score is None else score}"
        for question, score in found
    )


def _reported(answer: AnswerRow) -> int | None:
    return answer.reported


def _predicted(answer: AnswerRow) -> int | None:
    return answer.predicted


class FeedbackTab(QWidget):
    """Shows one client's feedback; ``record_feedback`` asks the page to open the form."""

    record_feedback = Signal(int)  # session id
    print_card = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.rows: tuple[FeedbackRow, ...] = ()
        self.sessions: tuple[SessionRow, ...] = ()
        self.client = ""
        self.numbers: dict[str, int] = {}  # each question's number, Q1, Q2 …

        self.record_button = QPushButton(self.tr("&Record feedback…"))
        self.record_button.setToolTip(
            self.tr("Your prediction first, then the client's answers, for a held session")
        )
        self.record_button.clicked.connect(self._record)
        self.card_button = QPushButton(self.tr("Feedback car&d…"))
        self.card_button.setToolTip(self.tr("Print the half-page card to hand to the client"))
        self.card_button.clicked.connect(self.print_card)
        bar = QHBoxLayout()
        bar.addWidget(self.record_button)
        bar.addWidget(self.card_button)
        bar.addStretch(1)

        self.calibration_label = QLabel()
        self.calibration_label.setWordWrap(True)
        self.calibration_label.setObjectName("calibration")
        self.direction_label = QLabel()
        self.direction_label.setObjectName("direction")
        self.charts_box = QVBoxLayout()

        self.model: RowTableModel[FeedbackRow] = RowTableModel(
            [
                Column(
                    self.tr("Session"),
                    lambda r: format_when(r.session_start),
                    sort_key=lambda r: r.session_start,
                ),
                Column(
                    self.tr("Reported"),
                    lambda r: _scores(r, _reported, self.numbers),
                    tooltip=lambda r: _scores_tooltip(r, _reported, self.numbers),
                ),
                Column(
                    self.tr("You expected"),
                    lambda r: _scores(r, _predicted, self.numbers),
                    tooltip=lambda r: _scores_tooltip(r, _predicted, self.numbers),
                ),
                Column(self.tr("Stage"), self._stage_text),
                Column(self.tr("Their words"), lambda r: quoted(r.comment)),
            ]
        )
        self.table = list_table(self.model, sort_column=0, words=(4,))
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setMinimumHeight(self.fontMetrics().height() * 14)
        self.table.doubleClicked.connect(lambda _index: self._record())
        self.table_stack, self.empty_label = with_empty_state(self.table)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.calibration_label)
        column.addWidget(self.direction_label)
        column.addLayout(self.charts_box)
        column.addWidget(self.table_stack, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.charts: list[LineChart] = []

    def _stage_text(self, row: FeedbackRow) -> str:
        return {
            Stage.NEW: self.tr("nothing yet"),
            Stage.PREDICTED: self.tr("waiting for their answers"),
            Stage.REPORTED: self.tr("answered"),
        }[row.stage]

    def set_client(
        self, client: str, rows: Sequence[FeedbackRow], sessions: Sequence[SessionRow]
    ) -> None:
        """Show ``rows`` (the client's feedback); ``client`` is the name for sentences."""
        self.client = client
        self.rows = tuple(rows)
        self.sessions = tuple(sessions)
        self.numbers = question_numbers(self.rows)
        cal = calibration(self.rows)
        self.calibration_label.setText(
            calibration_sentence(cal, client)
            if cal
            else self.tr(
                "No feedback with both your prediction and {client}'s answers yet."
            ).format(client=client)
        )
        trend = direction(self.rows)
        falling = trend is Direction.FALLING
        self.direction_label.setText(
            {
                Direction.FALLING: self.tr("{mark} {client}'s scores are falling.").format(
                    mark=WARNING_MARK, client=client
                ),
                Direction.RISING: self.tr("{client}'s scores are rising.").format(client=client),
                Direction.STEADY: self.tr("{client}'s scores are steady.").format(client=client),
            }.get(trend, "")  # type: ignore[arg-type]
        )
        self.direction_label.setStyleSheet(warning_label_style() if falling else "")
        self.direction_label.setVisible(trend is not None)
        self._set_charts(chart_data(self.rows))
        keep = self.table.currentIndex().data(ID_ROLE)
        self.model.set_rows(self.rows)
        self.table_stack.setCurrentIndex(1 if not self.rows else 0)
        self.empty_label.setText(
            self.tr(
                "No feedback yet. After a held session, click “Record feedback…”: write "
                "what you expect {client} to say, then their answers."
            ).format(client=client)
        )
        if keep is not None:
            for row in range(self.model.rowCount()):
                if self.model.index(row, 0).data(ID_ROLE) == keep:
                    self.table.selectRow(row)
        self.record_button.setEnabled(self.target_session() is not None)

    def _set_charts(self, charts: Sequence[LineChartData]) -> None:
        for chart in self.charts:
            self.charts_box.removeWidget(chart)
            chart.setParent(None)  # off screen now, not at the next turn of the event loop
            chart.deleteLater()
        self.charts = [LineChart(data) for data in charts]
        for chart in self.charts:
            self.charts_box.addWidget(chart)

    def select_id(self, feedback_id: int) -> bool:
        """Choose the feedback ``feedback_id`` in the table (and give the table the keys)."""
        row = self.model.row_for_id(feedback_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        view_model = self.table.model()
        if view_model is not self.model:
            index = view_model.mapFromSource(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def target_session(self) -> int | None:
        """The selected feedback's session, else the latest held session not yet answered."""
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.row_at(index.row()).session_id
        answered = {row.session_id for row in self.rows if row.stage is Stage.REPORTED}
        held = [s for s in self.sessions if s.status is SessionStatus.HELD and s.id not in answered]
        return max(held, key=lambda s: s.start).id if held else None

    def _record(self) -> None:
        session_id = self.target_session()
        if session_id is not None:
            self.record_feedback.emit(session_id)
