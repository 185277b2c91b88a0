"""The practice page, "Your practice": how reliable the coach has been, across clients,
over a period.

Private to the coach (the page says so at the top, and nothing here is ever printed
with client material).  For the period of the bar at the top (``period.PeriodBar``) it
shows the figures of ``domain.reliability.practice_report``: breaches by category (each
count once, in the tree, with its bar) and by trigger, time from breach to repair, the
coach's promises kept and missed, the items honoured when they came up, the notices given
on time over held sessions (``domain.late_notice.notice_record``, read beside the report:
``figures.PracticeFigures``), how the coach's predictions compare with what clients
reported, and the clients whose scores are falling.  A period with nothing to count
shows what the page gathers and how to start, not a column of zeros
(``figures.has_figures``), with "Show all time" when the period is shorter.

Every figure is a row of the tree on the left (``tree.FiguresTree``); selecting it lists
the records behind it on the right (``records.RecordsPanel``), and activating a record
(double-click or Enter) asks the window to open that client.  Reading a large practice
takes a couple of seconds, so it runs off the GUI thread ("Reading…").
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.reliability import Period, PracticeReport, practice_report
from coachdesk.domain.vocab import WARNING_MARK
from coachdesk.storage.database import Database
from coachdesk.storage.errors import StorageError
from coachdesk.ui.common.background import BackgroundTask
from coachdesk.ui.pages.base import Page
from coachdesk.ui.pages.practice.figures import (
    EARLIEST,
    Figure,
    FigureKind,
    empty_words,
    has_figures,
    summary,
    with_notices,
)
from coachdesk.ui.pages.practice.period import PeriodBar
from coachdesk.ui.pages.practice.records import RecordsPanel
from coachdesk.ui.pages.practice.tree import FiguresTree
from coachdesk.ui.widgets.style import scaled_font, secondary, warning_label_style


def _read(db: Database, period: Period) -> PracticeReport:
    from coachdesk.domain.late_notice import notice_record
    from coachdesk.storage.reliability import notice_input, practice_input

    report = practice_report(practice_input(db, period), period)
    return with_notices(report, notice_record(notice_input(db, period), period))


class PracticePage(Page):
    """Emits ``open_client(client_id)`` when a record is activated and ``status_message``
    for the status bar."""

    open_client = Signal(int)

    def __init__(self, db: Database, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(db, settings, parent)
        self.report: PracticeReport | None = None
        self._wanted: Period | None = None  # the period the page should show
        self._reading: Period | None = None  # the period being read now
        self._task: BackgroundTask | None = None
        self._again = False  # read again when the current read finishes
        self._figure: Figure | None = None

        self.title_label = QLabel(self.tr("Your practice"))
        self.title_label.setFont(scaled_font(self.font(), 1.3))
        self.private_label = QLabel(
            self.tr(
                "Private: this view is for you, the coach, only. It is never printed with "
                "client material."
            )
        )
        self.private_label.setObjectName("private")
        self.private_label.setWordWrap(True)
        secondary(self.private_label)

        self.period_bar = PeriodBar(settings)
        # The bar's parts, by the names the page has always had.
        self.period_combo = self.period_bar.period_combo
        self.from_edit = self.period_bar.from_edit
        self.to_edit = self.period_bar.to_edit
        self.reading_label = self.period_bar.reading_label

        self.problem_label = QLabel()
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(warning_label_style())
        self.problem_label.hide()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Left: the figures.
        self.figures = FiguresTree()
        self.figures.currentItemChanged.connect(self._on_figure_changed)
        self.figures.itemActivated.connect(lambda _item, _column: self.records.focus_records())

        # Right: the records behind the selected figure.
        self.records = RecordsPanel()
        self.records.open_client.connect(self.open_client)
        self.records_heading = self.records.records_heading
        self.records_sentence = self.records.records_sentence
        self.records_empty = self.records.records_empty

        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.figures)
        self.splitter.addWidget(self.records)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        # In the figures' place when the period has nothing to count.
        self.empty_heading = QLabel()
        self.empty_heading.setFont(scaled_font(self.font(), 1.1))
        self.empty_heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = QLabel()
        self.empty_text.setObjectName("emptyState")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.all_time_button = QPushButton(self.tr("Show &all time"))
        self.all_time_button.clicked.connect(lambda: self.choose_preset("all"))
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.all_time_button)
        button_row.addStretch(1)
        words = QVBoxLayout()
        words.addStretch(1)
        words.addWidget(self.empty_heading)
        words.addWidget(self.empty_text)
        words.addLayout(button_row)
        words.addStretch(2)
        self.empty_state = QWidget()
        empty_row = QHBoxLayout(self.empty_state)
        empty_row.addStretch(1)
        empty_row.addLayout(words, 4)
        empty_row.addStretch(1)
        self.body = QStackedWidget()
        self.body.addWidget(self.splitter)
        self.body.addWidget(self.empty_state)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.private_label)
        layout.addWidget(self.period_bar)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.body, 1)

        self.restore_state()
        self.period_bar.chosen.connect(self.reload)

    # --- the period -------------------------------------------------------------------------

    def preset(self) -> str:
        return self.period_bar.preset()

    def period(self) -> Period | None:
        """The chosen period, or None when the chosen dates are the wrong way round."""
        return self.period_bar.period()

    def set_period(self, start: date, end: date) -> None:
        """Choose dates (as the coach would in From and To) and read them."""
        self.period_bar.set_period(start, end)
        self.reload()

    def choose_preset(self, key: str) -> None:
        self.period_bar.choose_preset(key)

    # --- reading ----------------------------------------------------------------------------

    @property
    def reading(self) -> bool:
        """True while the figures are being read (the page shows "Reading…")."""
        return self._reading is not None

    def reload(self) -> None:
        """Read the figures of the chosen period again (off the GUI thread)."""
        self.period_bar.catch_up()
        period = self.period()
        self._wanted = period
        if period is None:
            self._show_problem(
                self.tr(
                    "The period starts after it ends: choose a From date on or before the To date."
                )
            )
            self._show_report(None)
            return
        if self._reading is None:
            self._start(period)
        else:
            self._again = True  # the data may have changed since this read began

    def _start(self, period: Period) -> None:
        # The work sees the data, never the page; a result arriving after the page is gone
        # goes nowhere.
        db = self.db
        task = BackgroundTask(lambda _progress: _read(db, period), "practice figures")
        task.done.connect(self._on_read)
        task.failed.connect(self._on_failed)
        self._task = task
        self._reading = period
        self.reading_label.show()
        task.start()

    def _finished(self) -> bool:
        """After a read: start the next one if the period changed meanwhile (True)."""
        read, self._reading = self._reading, None
        self._task = None
        again, self._again = self._again, False
        if self._wanted is not None and (again or self._wanted != read):
            self._start(self._wanted)
            return True
        self.reading_label.hide()
        return self._wanted is None

    @Slot(object)
    def _on_read(self, report: PracticeReport) -> None:
        if self._finished():
            return
        self.problem_label.hide()
        self._show_report(report)

    @Slot(object)
    def _on_failed(self, error: Exception) -> None:
        if self._finished():
            return
        if not isinstance(error, StorageError):
            raise error  # a bug: the crash hook shows it
        self._show_problem(
            self.tr("Your figures could not be read. {problem}").format(problem=error.message)
        )
        self._show_report(None)

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(f"{WARNING_MARK} {text}")
        self.problem_label.show()

    # --- showing ----------------------------------------------------------------------------

    def _show_report(self, report: PracticeReport | None) -> None:
        keep = self._figure
        self.report = report
        self.figures.blockSignals(True)
        self.figures.clear()
        self.figures.blockSignals(False)
        empty = report is not None and not has_figures(report)
        self.summary_label.setText(summary(report) if report is not None and not empty else "")
        self.summary_label.setVisible(bool(self.summary_label.text()))
        self.body.setCurrentWidget(self.empty_state if empty else self.splitter)
        if report is None:
            self._figure = None
            self.records.show_records(None, None)
            return
        all_time = report.period.start <= EARLIEST
        heading, words = empty_words(all_time)
        self.empty_heading.setText(heading)
        self.empty_text.setText(words)
        self.all_time_button.setVisible(not all_time)
        self.figures.fill(report)
        self.figures.expandAll()
        self.select_figure(keep if keep and self.figure_item(keep) else Figure(FigureKind.BREACHES))

    def showing_empty_state(self) -> bool:
        """Whether the page shows that the period has nothing to count, in the figures' place."""
        return self.body.currentWidget() is self.empty_state

    def figure_item(self, figure: Figure) -> QTreeWidgetItem | None:
        """The tree row of ``figure`` (None when the report has no such figure)."""
        return self.figures.figure_item(figure)

    def select_figure(self, figure: Figure) -> None:
        self.figures.select_figure(figure)

    def _on_figure_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        figure = self.figures.figure(current)
        if figure is not None:
            self._figure = figure
            self.records.show_records(self.report, figure)

    def records_table(self) -> QTableView | None:
        """The table of records shown now (None when the empty state is shown)."""
        return self.records.records_table()

    def shown_records(self) -> list[object]:
        """The records behind the selected figure, in the order shown."""
        return self.records.shown_records()

    # --- view state -------------------------------------------------------------------------

    def save_state(self) -> None:
        self.period_bar.remember()
        self.settings.setValue("practice/splitter", self.splitter.saveState())
        self.records.save_state(self.settings)

    def restore_state(self) -> None:
        """The splitter and the tables' columns as ``save_state`` kept them (the period
        bar restores its own period)."""
        splitter = self.settings.value("practice/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([330, 600])
        self.records.restore_state(self.settings)
