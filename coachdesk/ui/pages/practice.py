"""The practice page: how reliable the coach has been, across clients, over a period.

Private to the coach (the page says so at the top, and nothing here is ever printed
with client material).  For the chosen period (presets or From–To dates, remembered
in the settings) it shows the figures of ``domain.reliability.practice_report``:
breaches by category (with a bar chart) and by trigger, time from breach to repair,
the coach's promises kept and missed, how the coach's predictions compare with what
clients reported, and the clients whose scores are falling.

Every figure is a row of the tree on the left; selecting it lists the records behind
it on the right (breaches, promises, feedback or clients), and activating a record
(double-click or Enter) asks the window to open that client.  Reading a large
practice takes a couple of seconds, so it runs off the GUI thread ("Reading…").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QByteArray, QDate, QModelIndex, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_day
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.feedback import FeedbackRow
from coachdesk.domain.practice import BreachRow, PromiseRow
from coachdesk.domain.reliability import Period, PracticeReport, practice_report
from coachdesk.domain.text import one_line, quoted
from coachdesk.domain.vocab import WARNING_MARK, PromiseStatus
from coachdesk.storage.database import Database
from coachdesk.storage.errors import StorageError
from coachdesk.ui.common.background import BackgroundTask
from coachdesk.ui.pages.base import Page
from coachdesk.ui.pages.practice_figures import (
    CUSTOM,
    DEFAULT_PRESET,
    EARLIEST,
    PRESETS,
    FallingRow,
    Figure,
    FigureKind,
    Records,
    calibration_words,
    days_text,
    drill,
    kept_share,
    preset_period,
    row_gap,
    score_text,
    scores_text,
    signed,
    summary,
)
from coachdesk.ui.widgets.charts import BarChart, BarChartData
from coachdesk.ui.widgets.lists import list_table
from coachdesk.ui.widgets.row_model import ROW_ROLE, Column, RowTableModel
from coachdesk.ui.widgets.style import scaled_font, secondary, warning_label_style

DATE_DELAY_MS = 400  # wait for the coach to finish typing a date before reading

# --- the page ---------------------------------------------------------------------------------

FIGURE_ROLE = Qt.ItemDataRole.UserRole + 20


def _read(db: Database, period: Period) -> PracticeReport:
    from coachdesk.storage.reliability import practice_input

    return practice_report(practice_input(db, period), period)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PracticePage(Page):
    """Emits ``open_client(client_id)`` when a record is activated and ``status_message``
    for the status bar."""

    open_client = Signal(int)

    def __init__(self, db: Database, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.today: Callable[[], date] = date.today
        self.report: PracticeReport | None = None
        self._wanted: Period | None = None  # the period the page should show
        self._reading: Period | None = None  # the period being read now
        self._task: BackgroundTask | None = None
        self._again = False  # read again when the current read finishes
        self._figure: Figure | None = None

        title = QLabel(self.tr("Your reliability"))
        title.setFont(scaled_font(self.font(), 1.3))
        self.private_label = QLabel(
            self.tr(
                "Private: this view is for you, the coach, only. It is never printed with "
                "client material."
            )
        )
        self.private_label.setObjectName("private")
        self.private_label.setWordWrap(True)
        secondary(self.private_label)

        self.period_combo = QComboBox()
        for key, label in PRESETS:
            self.period_combo.addItem(self.tr(label), key)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setMinimumDate(_qdate(EARLIEST))
        self.from_edit.setSpecialValueText(self.tr("the beginning"))
        self.reading_label = QLabel(self.tr("Reading…"))
        secondary(self.reading_label)
        self.reading_label.hide()
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(DATE_DELAY_MS)
        self._date_timer.timeout.connect(self.reload)

        period_row = QHBoxLayout()
        for caption, widget in (
            (self.tr("&Period"), self.period_combo),
            (self.tr("&From"), self.from_edit),
            (self.tr("&to"), self.to_edit),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            period_row.addWidget(label)
            period_row.addWidget(widget)
            period_row.addSpacing(8)
        period_row.addWidget(self.reading_label)
        period_row.addStretch(1)

        self.problem_label = QLabel()
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(warning_label_style())
        self.problem_label.hide()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Left: the chart and the figures.
        self.chart = BarChart(BarChartData(self.tr("Breaches by category"), ()))
        self.figures = QTreeWidget()
        self.figures.setColumnCount(2)
        self.figures.setHeaderLabels([self.tr("Figure"), self.tr("Number")])
        self.figures.setHeaderHidden(True)
        self.figures.setRootIsDecorated(True)
        self.figures.setUniformRowHeights(True)
        self.figures.setIndentation(16)
        self.figures.setAccessibleName(self.tr("Figures"))
        tree_header = self.figures.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.figures.currentItemChanged.connect(self._on_figure_changed)
        self.figures.itemActivated.connect(lambda _item, _column: self._focus_records())
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.chart)
        left_column.addWidget(self.figures, 1)

        # Right: the records behind the selected figure.
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
        }
        self.tables: dict[Records, QTableView] = {}
        self.records_stack = QStackedWidget()
        widths = {
            Records.BREACHES: (85, 115, 150, 105),
            Records.PROMISES: (90, 130, 260),
            Records.FEEDBACK: (90, 130, 95, 100, 55),
            Records.CLIENTS: (180, 70, 70, 70),
        }
        for records, model in self.models.items():
            table = list_table(model, -1 if records is Records.CLIENTS else 0)
            for column, width in enumerate(widths[records]):
                table.horizontalHeader().resizeSection(column, width)
            if records is not Records.CLIENTS:
                table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
            table.setAccessibleName(self.tr("Records behind the figure"))
            table.horizontalHeader().setStretchLastSection(True)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.records_heading)
        right_column.addWidget(self.records_sentence)
        right_column.addWidget(self.records_stack, 1)
        right_column.addWidget(self.records_hint)

        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.private_label)
        layout.addLayout(period_row)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.splitter, 1)

        self.restore_state()
        self.period_combo.currentIndexChanged.connect(self._on_preset_changed)
        self.from_edit.dateChanged.connect(self._on_date_edited)
        self.to_edit.dateChanged.connect(self._on_date_edited)

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
                tooltip=lambda b: (
                    "\n\n".join(
                        part
                        for part in (
                            quoted(b.matter_statement),
                            self.tr("What happened: {text}").format(text=b.what_happened)
                            if b.what_happened
                            else "",
                        )
                        if part
                    )
                    or None
                ),
            ),
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
            Column(self.tr("Promise"), lambda p: one_line(p.text), tooltip=lambda p: p.text),
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
            Column(
                self.tr("Their words"),
                lambda f: quoted(f.comment),
                tooltip=lambda f: f.comment or None,
            ),
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

    # --- the period -------------------------------------------------------------------------

    def preset(self) -> str:
        return self.period_combo.currentData() or DEFAULT_PRESET

    def period(self) -> Period | None:
        """The chosen period, or None when the chosen dates are the wrong way round."""
        preset = preset_period(self.preset(), self.today())
        if preset is not None:
            return preset
        start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        return Period(start, end) if start <= end else None

    def set_period(self, start: date, end: date) -> None:
        """Choose dates (as the coach would in From and To) and read them."""
        self._date_timer.stop()
        self._show_dates(start, end)
        self._choose(CUSTOM)
        self._remember()
        self.reload()

    def choose_preset(self, key: str) -> None:
        index = self.period_combo.findData(key)
        if index >= 0:
            self.period_combo.setCurrentIndex(index)

    def _choose(self, key: str) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(key), 0))
        self.period_combo.blockSignals(False)

    def _show_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _on_preset_changed(self, _index: int) -> None:
        self._date_timer.stop()
        preset = preset_period(self.preset(), self.today())
        if preset is not None:
            self._show_dates(preset.start, preset.end)
        self._remember()
        self.reload()

    def _on_date_edited(self, _day: QDate) -> None:
        self._choose(CUSTOM)
        self._remember()
        self._date_timer.start()

    def _remember(self) -> None:
        self.settings.setValue("practice/period", self.preset())
        if self.preset() == CUSTOM:
            self.settings.setValue("practice/from", _pydate(self.from_edit.date()).isoformat())
            self.settings.setValue("practice/to", _pydate(self.to_edit.date()).isoformat())

    # --- reading ----------------------------------------------------------------------------

    @property
    def reading(self) -> bool:
        """True while the figures are being read (the page shows "Reading…")."""
        return self._reading is not None

    def reload(self) -> None:
        """Read the figures of the chosen period again (off the GUI thread)."""
        self._date_timer.stop()
        preset = preset_period(self.preset(), self.today())
        if preset is not None:  # "Last 30 days" moves on with the calendar
            self._show_dates(preset.start, preset.end)
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
        self.summary_label.setText(summary(report) if report is not None else "")
        if report is None:
            self.chart.set_data(BarChartData(self.tr("Breaches by category"), ()))
            self._figure = None
            self._show_records(None)
            return
        self.chart.set_data(
            BarChartData(
                self.tr("Breaches by category"),
                tuple((self.tr(c.label), len(rows)) for c, rows in report.by_category),
            )
        )
        self._fill_figures(report)
        self.figures.expandAll()
        self.select_figure(keep if keep and self.figure_item(keep) else Figure(FigureKind.BREACHES))

    def _add(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        text: str,
        number: str,
        figure: Figure | None,
        tooltip: str = "",
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text, number])
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setData(0, FIGURE_ROLE, figure)
        if figure is None:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if tooltip:
            item.setToolTip(0, tooltip)
            item.setToolTip(1, tooltip)
        if isinstance(parent, QTreeWidget):
            font = scaled_font(self.figures.font(), 1.0)
            item.setFont(0, font)
            item.setFont(1, font)
        return item

    def _fill_figures(self, report: PracticeReport) -> None:
        tree = self.figures
        breaches = self._add(
            tree, self.tr("Breaches"), f"{len(report.breaches):,}", Figure(FigureKind.BREACHES)
        )
        for category, rows in report.by_category:
            self._add(
                breaches,
                self.tr(category.label),
                f"{len(rows):,}",
                Figure(FigureKind.CATEGORY, category.value),
            )

        triggers = self._add(tree, self.tr("By trigger"), "", Figure(FigureKind.TRIGGERS))
        for trigger, rows in report.by_trigger:
            label = trigger.label
            self._add(
                triggers,
                label[:1].upper() + label[1:],
                f"{len(rows):,}",
                Figure(FigureKind.TRIGGER, trigger.value),
            )
        if not report.by_trigger:
            self._add(triggers, self.tr("No breaches of matters with triggers"), "", None)

        median = report.median_repair_days
        repairs = self._add(
            tree,
            self.tr("Time to repair (median)"),
            days_text(median) if median is not None else "–",
            Figure(FigureKind.REPAIRS),
        )
        if report.mean_repair_days is not None:
            self._add(
                repairs,
                self.tr("Average (mean)"),
                days_text(round(report.mean_repair_days, 1)),
                Figure(FigureKind.REPAIRED, "mean"),
            )
        self._add(
            repairs, self.tr("Repaired"), f"{len(report.repairs):,}", Figure(FigureKind.REPAIRED)
        )
        self._add(
            repairs,
            self.tr("Still open"),
            f"{len(report.still_open):,}",
            Figure(FigureKind.STILL_OPEN),
        )

        share = kept_share(report)
        promises = self._add(
            tree,
            self.tr("Your promises due"),
            self.tr("{share}% kept").format(share=share) if share is not None else "–",
            Figure(FigureKind.PROMISES),
        )
        for kind, text, rows in (
            (FigureKind.KEPT, self.tr("Kept"), report.kept),
            (FigureKind.MISSED, self.tr("Missed"), report.missed),
            (FigureKind.OPEN_PROMISES, self.tr("Still open"), report.open_promises),
        ):
            self._add(promises, text, f"{len(rows):,}", Figure(kind))

        cal = report.calibration
        calibration = self._add(
            tree,
            self.tr("Your predictions"),
            self.tr("gap {gap}").format(gap=signed(cal.gap)) if cal is not None else "–",
            Figure(FigureKind.CALIBRATION),
            calibration_words(report),
        )
        if cal is not None:
            self._add(
                calibration,
                self.tr("You expected"),
                score_text(cal.expected),
                Figure(FigureKind.CALIBRATION, "expected"),
            )
            self._add(
                calibration,
                self.tr("Clients reported"),
                score_text(cal.reported),
                Figure(FigureKind.CALIBRATION, "reported"),
            )

        falling = self._add(
            tree,
            self.tr("Clients with falling scores"),
            f"{len(report.falling):,}",
            Figure(FigureKind.FALLING),
        )
        for client in report.falling:
            self._add(
                falling,
                client.name,
                f"{score_text(client.before)} → {score_text(client.recent)}",
                Figure(FigureKind.FALLING_CLIENT, str(client.client_id)),
            )

    def figure_item(self, figure: Figure) -> QTreeWidgetItem | None:
        """The tree row of ``figure`` (None when the report has no such figure)."""
        iterator = [self.figures.topLevelItem(n) for n in range(self.figures.topLevelItemCount())]
        while iterator:
            item = iterator.pop(0)
            if item.data(0, FIGURE_ROLE) == figure:
                return item
            iterator.extend(item.child(n) for n in range(item.childCount()))
        return None

    def select_figure(self, figure: Figure) -> None:
        item = self.figure_item(figure)
        if item is not None:
            self.figures.setCurrentItem(item)

    def _on_figure_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        figure = current.data(0, FIGURE_ROLE) if current is not None else None
        if figure is not None:
            self._figure = figure
            self._show_records(figure)

    def _show_records(self, figure: Figure | None) -> None:
        report = self.report
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

    def _focus_records(self) -> None:
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

    def save_state(self) -> None:
        self._remember()
        self.settings.setValue("practice/splitter", self.splitter.saveState())
        for records, table in self.tables.items():
            self.settings.setValue(
                f"practice/{records.value}_header", table.horizontalHeader().saveState()
            )

    def restore_state(self) -> None:
        key = str(self.settings.value("practice/period", DEFAULT_PRESET))
        if self.period_combo.findData(key) < 0:
            key = DEFAULT_PRESET
        self._choose(key)
        preset = preset_period(key, self.today())
        if preset is not None:
            self._show_dates(preset.start, preset.end)
        else:
            try:
                start = date.fromisoformat(str(self.settings.value("practice/from", "")))
                end = date.fromisoformat(str(self.settings.value("practice/to", "")))
            except ValueError:
                fallback = preset_period(DEFAULT_PRESET, self.today())
                assert fallback is not None
                start, end = fallback.start, fallback.end
            self._show_dates(start, end)
        splitter = self.settings.value("practice/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([330, 600])
        for records, table in self.tables.items():
            state = self.settings.value(f"practice/{records.value}_header")
            if isinstance(state, QByteArray):
                table.horizontalHeader().restoreState(state)
