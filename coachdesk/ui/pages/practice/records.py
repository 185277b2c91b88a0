"""The records behind the practice page's selected figure: breaches, promises, feedback,
falling clients, review answers or notices due, each kind in its own table (its columns
and widths), or a sentence when there are none.  Activating a record asks for its client
(``open_client``)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget

from coachdesk.display.timefmt import format_day
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.feedback import FeedbackRow
from coachdesk.domain.late_notice import NoticeDue
from coachdesk.domain.notice import TELL_GUEST
from coachdesk.domain.practice import BreachRow, PromiseRow
from coachdesk.domain.reliability import HonourRow, PracticeReport
from coachdesk.domain.text import one_line, quoted
from coachdesk.domain.vocab import HonourOutcome, PromiseStatus
from coachdesk.ui.pages.practice.figures import (
    FallingRow,
    Figure,
    Records,
    days_text,
    drill,
    row_gap,
    score_text,
    scores_text,
    signed,
)
from coachdesk.ui.widgets.lists import list_table
from coachdesk.ui.widgets.row_model import ROW_ROLE, Column, RowTableModel
from coachdesk.ui.widgets.style import scaled_font, secondary


class RecordsPanel(QWidget):
    """A heading, a sentence and the table (or empty state) of one figure's records."""

    open_client = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records_heading = QLabel()
        self.records_heading.setFont(scaled_font(self.font(), 1.1))
        self.records_sentence = QLabel()
        self.records_sentence.setObjectName("sentence")
        self.records_sentence.setWordWrap(True)
        self.records_sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.models: dict[Records, RowTableModel] = {
            Records.BREACHES: RowTableModel(self._breach_columns(), parent=self),
            Records.PROMISES: RowTableModel(self._promise_columns(), parent=self),
            Records.FEEDBACK: RowTableModel(self._feedback_columns(), parent=self),
            Records.CLIENTS: RowTableModel(self._client_columns(), parent=self),
            Records.HONOUR: RowTableModel(self._honour_columns(), parent=self),
            Records.NOTICES: RowTableModel(self._notice_columns(), parent=self),
        }
        self.tables: dict[Records, QTableView] = {}
        self.records_stack = QStackedWidget()
        # The columns of their words (and the promises' text) wrap and take the spare width.
        words = {
            Records.BREACHES: (2, 3),
            Records.PROMISES: (2,),
            Records.FEEDBACK: (5,),
            Records.CLIENTS: (0,),
            Records.HONOUR: (2,),
            Records.NOTICES: (2,),
        }
        for records, model in self.models.items():
            table = list_table(model, -1 if records is Records.CLIENTS else 0, words[records])
            if records is not Records.CLIENTS:
                table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
            table.setAccessibleName(self.tr("Records behind the figure"))
            table.activated.connect(self._on_record_activated)
            self.tables[records] = table
            self.records_stack.addWidget(table)
        self.records_empty = QLabel()
        self.records_empty.setObjectName("emptyState")
        self.records_empty.setWordWrap(True)
        self.records_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.records_stack.addWidget(self.records_empty)
        self.records_hint = QLabel(
            self.tr("Double-click a record (or press Enter) to open the client.")
        )
        secondary(self.records_hint)
        right_column = QVBoxLayout(self)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.records_heading)
        right_column.addWidget(self.records_sentence)
        right_column.addWidget(self.records_stack, 1)
        right_column.addWidget(self.records_hint)

    # --- columns ----------------------------------------------------------------------------

    def _breach_columns(self) -> list[Column[BreachRow]]:
        return [
            Column(
                self.tr("Date"),
                lambda b: format_day(b.occurred_on),
                sort_key=lambda b: b.occurred_on,
            ),
            Column(self.tr("Client"), lambda b: b.client_name),
            Column(
                self.tr("What mattered"),
                lambda b: quoted(b.matter_statement),
                bold=lambda _b: True,
            ),
            Column(self.tr("What happened"), lambda b: one_line(b.what_happened)),
            Column(self.tr("Category"), lambda b: self.tr(b.category.label)),
            Column(
                self.tr("Repair"),
                self._repair_text,
                sort_key=self._repair_days,
                tooltip=lambda b: (
                    self.tr("Repaired on {day}").format(day=format_day(b.repaired_on))
                    if b.repaired_on is not None and not b.open
                    else self.tr("Not repaired yet")
                ),
                warning=lambda b: b.open,
            ),
        ]

    def _repair_days(self, breach: BreachRow) -> int | None:
        if breach.open or breach.repaired_on is None:
            return None
        return (breach.repaired_on - breach.occurred_on).days

    def _repair_text(self, breach: BreachRow) -> str:
        """ "Repaired in 4 days", "Acknowledged", "Open"."""
        days = self._repair_days(breach)
        if days is not None:
            return self.tr("Repaired in {days}").format(days=days_text(days))
        return self.tr(breach.repair_status.label)

    def _promise_columns(self) -> list[Column[PromiseRow]]:
        return [
            Column(self.tr("Due"), lambda p: format_day(p.due_on), sort_key=lambda p: p.due_on),
            Column(self.tr("Client"), lambda p: p.client_name),
            Column(self.tr("Promise"), lambda p: one_line(p.text)),
            Column(
                self.tr("Status"),
                lambda p: self.tr(p.status.label),
                warning=lambda p: p.status is PromiseStatus.MISSED,
            ),
        ]

    def _feedback_columns(self) -> list[Column[FeedbackRow]]:
        return [
            Column(
                self.tr("Session"),
                lambda f: format_day(local_or_utc(f.session_start).date()),
                sort_key=lambda f: f.session_start,
            ),
            Column(self.tr("Client"), lambda f: f.client_name),
            Column(self.tr("You expected"), lambda f: scores_text(f, predicted=True)),
            Column(self.tr("They reported"), lambda f: scores_text(f, predicted=False)),
            Column(
                self.tr("Gap"),
                lambda f: "" if (gap := row_gap(f)) is None else signed(gap),
                sort_key=row_gap,
                warning=lambda f: (gap := row_gap(f)) is not None and gap <= -1,
            ),
            Column(self.tr("Their words"), lambda f: quoted(f.comment)),
        ]

    def _client_columns(self) -> list[Column[FallingRow]]:
        return [
            Column(self.tr("Client"), lambda r: r.falling.name),
            Column(
                self.tr("Before"),
                lambda r: score_text(r.falling.before),
                sort_key=lambda r: r.falling.before,
            ),
            Column(
                self.tr("Recent"),
                lambda r: score_text(r.falling.recent),
                sort_key=lambda r: r.falling.recent,
            ),
            Column(
                self.tr("Change"),
                lambda r: signed(r.falling.recent - r.falling.before),
                sort_key=lambda r: r.falling.recent - r.falling.before,
                warning=lambda _r: True,
            ),
            Column(
                self.tr("Reports"),
                lambda r: f"{len(r.falling.feedback):,}",
                sort_key=lambda r: len(r.falling.feedback),
            ),
        ]

    def _honour_columns(self) -> list[Column[HonourRow]]:
        return [
            Column(
                self.tr("Session"),
                lambda h: format_day(local_or_utc(h.session_start).date()),
                sort_key=lambda h: h.session_start,
            ),
            Column(self.tr("Client"), lambda h: h.client_name),
            Column(
                self.tr("What matters to them"),
                lambda h: quoted(h.statement),
                tooltip=lambda h: h.statement,
            ),
            Column(
                self.tr("Your review"),
                lambda h: self.tr(h.outcome.label),
                warning=lambda h: h.outcome is HonourOutcome.MISSED,
            ),
        ]

    def _notice_columns(self) -> list[Column[NoticeDue]]:
        def moment(value: object) -> str:
            if value is None:
                return self.tr("Never")
            local = local_or_utc(value)  # type: ignore[arg-type]
            return f"{format_day(local.date())}, {local:%H:%M}"

        return [
            Column(
                self.tr("Session"),
                lambda n: format_day(local_or_utc(n.session_start).date()),
                sort_key=lambda n: n.session_start,
            ),
            Column(self.tr("Client"), lambda n: n.client_name),
            Column(
                self.tr("Notice"),
                lambda n: (
                    self.tr("{guest} would join").format(guest=n.subject)
                    if n.kind == TELL_GUEST
                    else self.tr("The new time")
                ),
                tooltip=lambda n: (
                    self.tr("They asked for {notice}: “{words}”").format(
                        notice=n.notice.text, words=n.statement
                    )
                    if n.notice_words
                    else self.tr("The default notice: {notice}").format(notice=n.notice.text)
                ),
            ),
            Column(self.tr("Due by"), lambda n: moment(n.deadline), sort_key=lambda n: n.deadline),
            Column(
                self.tr("Given"),
                lambda n: moment(n.given_at),
                sort_key=lambda n: n.given_at,
                warning=lambda n: not n.on_time,
            ),
        ]

    def show_records(self, report: PracticeReport | None, figure: Figure | None) -> None:
        """The records behind ``figure`` of ``report`` (an invitation when there is none)."""
        if report is None or figure is None:
            self.records_heading.setText("")
            self.records_sentence.setText("")
            self.records_empty.setText(
                self.tr("Choose a period to see your figures.") if report is None else ""
            )
            self.records_stack.setCurrentWidget(self.records_empty)
            self.records_hint.hide()
            return
        shown = drill(report, figure)
        self.records_heading.setText(shown.heading)
        self.records_sentence.setText(shown.sentence)
        model = self.models[shown.records]
        model.set_rows(shown.rows)
        if shown.rows:
            self.records_stack.setCurrentWidget(self.tables[shown.records])
        else:
            self.records_empty.setText(shown.empty)
            self.records_stack.setCurrentWidget(self.records_empty)
        self.records_hint.setVisible(bool(shown.rows))

    def focus_records(self) -> None:
        """Enter on a figure moves to its records (Enter again opens the client)."""
        table = self.records_table()
        if table is not None:
            table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not table.currentIndex().isValid():
                table.setCurrentIndex(table.model().index(0, 0))

    def records_table(self) -> QTableView | None:
        """The table of records shown now (None when the empty state is shown)."""
        widget = self.records_stack.currentWidget()
        return widget if isinstance(widget, QTableView) else None

    def shown_records(self) -> list[object]:
        """The records behind the selected figure, in the order shown."""
        table = self.records_table()
        if table is None:
            return []
        model = table.model()
        return [model.index(row, 0).data(ROW_ROLE) for row in range(model.rowCount())]

    def _on_record_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        client_id = getattr(row, "client_id", None)
        if client_id is not None:
            self.open_client.emit(client_id)

    # --- view state -------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        """Keep each table's columns (widths, order, sorting) in ``settings``."""
        for records, table in self.tables.items():
            settings.setValue(
                f"practice/{records.value}_header", table.horizontalHeader().saveState()
            )

    def restore_state(self, settings: QSettings) -> None:
        """Give each table back the columns kept by ``save_state``."""
        for records, table in self.tables.items():
            state = settings.value(f"practice/{records.value}_header")
            if isinstance(state, QByteArray):
                table.horizontalHeader().restoreState(state)
                table.fit()
