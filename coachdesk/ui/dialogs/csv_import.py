"""Moving in from a spreadsheet: clients from a CSV file, with a preview and a column mapping.

The coach picks a file; the dialog shows its first rows as the spreadsheet
numbers them, and a choice of column for each client field, pre-filled from
the header names.  Every change of mapping checks all the rows again and lists
the problems under the form ("row 7, email: …"); Import stays disabled while
there is any.  The import itself is all or nothing (``storage.portable_csv``):
either every client of the file is added, or none.  Clients already in
CoachDesk (same name and email) are skipped and said so in the result.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.data_format import ImportRefused
from coachdesk.domain.refusal import Refusal
from coachdesk.domain.spreadsheet import (
    CLIENT_FIELDS,
    CsvTable,
    check_clients,
    guess_mapping,
    unused_columns,
)
from coachdesk.storage.database import Database
from coachdesk.storage.portable_csv import import_clients, read_csv
from coachdesk.storage.portable_json import ImportReport
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.common.file_dialogs import IMPORTS, open_file
from coachdesk.ui.widgets.style import WARNING_MARK, warning_color, warning_label_style

PREVIEW_ROWS = 20
_ROW = re.compile(r"row (\d+)\b")
PROBLEMS_SHOWN = 8


def column_letter(column: int) -> str:
    """The spreadsheet's name for a column: A … Z, AA …"""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class CsvImportDialog(QDialog):
    """Import clients from a CSV file; ``imported`` carries the ``ImportReport`` once done."""

    imported = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, path: Path | None = None):
        super().__init__(parent)
        self.db = db
        self.table: CsvTable | None = None
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr("Import clients from a spreadsheet"))

        intro = QLabel(
            self.tr(
                "Choose a CSV file saved from your spreadsheet or address book (UTF-8; in "
                "Excel: “CSV UTF-8”). Then check which column holds each detail. Nothing is "
                "imported until every row is right."
            )
        )
        intro.setWordWrap(True)
        self.file_label = QLabel(self.tr("No file chosen."))
        self.file_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)

        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setMinimumHeight(160)
        self.preview.setAccessibleName(self.tr("The first rows of the file"))

        self.form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for field in CLIENT_FIELDS:
            combo = QComboBox()
            combo.setAccessibleName(field.label)
            combo.currentIndexChanged.connect(self._recheck)
            self.combos[field.name] = combo
            self.form.addRow(self.tr(field.label), combo)

        self.unused_label = QLabel()
        self.unused_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setStyleSheet(warning_label_style())
        self.problem_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        columns.addLayout(self.form)
        right = QVBoxLayout()
        right.addWidget(self.status_label)
        right.addWidget(self.problem_label)
        right.addWidget(self.unused_label)
        right.addStretch(1)
        columns.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.preview, 1)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.resize(900, 640)
        self._set_combos_enabled(False)
        if path is not None:
            self.load(path)

    # --- the file --------------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen = open_file(
            self,
            IMPORTS,
            self.tr("Choose a spreadsheet"),
            self.tr("CSV files (*.csv *.tsv *.txt);;All files (*)"),
        )
        if chosen is not None:
            self.load(chosen)

    def load(self, path: Path) -> bool:
        """Read ``path`` and show it; a file that cannot be read is explained inline."""
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        self.report = None
        try:
            table = read_csv(self.path)
        except ImportRefused as exc:
            self.table = None
            self._fill_preview()
            self._fill_combos({})
            self._show_problems(list(exc.problems), exc.total)
            self.status_label.setText(self.tr("This file cannot be imported."))
            return False
        self.table = table
        self.file_label.setText(
            self.tr("{path} (read as {encoding})").format(path=self.path, encoding=table.encoding)
        )
        self._fill_preview()
        self._fill_combos(guess_mapping(table.header))
        self._recheck()
        return True

    def _fill_preview(self) -> None:
        table = self.table
        self.preview.clear()
        if table is None:
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            return
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.setColumnCount(len(table.header))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(
            [f"{column_letter(c)}: {table.column_name(c)}" for c in range(len(table.header))]
        )
        self.preview.setVerticalHeaderLabels([str(table.row_number(i)) for i in range(len(rows))])
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells[: len(table.header)]):
                item = QTableWidgetItem(" ".join(text.split()))
                item.setToolTip(text)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()

    def _fill_combos(self, mapping: dict[str, int]) -> None:
        choices = [self.tr("(not imported)")]
        if self.table is not None:
            choices += [
                f"{column_letter(c)}: {self.table.column_name(c)}"
                for c in range(len(self.table.header))
            ]
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(choices)
            combo.setCurrentIndex(mapping[name] + 1 if name in mapping else 0)
            combo.blockSignals(False)
        self._set_combos_enabled(self.table is not None)

    def _set_combos_enabled(self, enabled: bool) -> None:
        for combo in self.combos.values():
            combo.setEnabled(enabled)

    # --- the mapping and its problems ----------------------------------------------------------

    def mapping(self) -> dict[str, int]:
        """The column chosen for each field (fields left "not imported" are absent)."""
        return {
            name: combo.currentIndex() - 1
            for name, combo in self.combos.items()
            if combo.currentIndex() > 0
        }

    def set_column(self, field: str, column: int | None) -> None:
        """Choose ``column`` (None: not imported) for ``field``, as the coach would."""
        self.combos[field].setCurrentIndex(0 if column is None else column + 1)

    def _refused(self, refusal: Refusal) -> None:
        """An import refused as a whole: its problems inline, and no second try of it."""
        if isinstance(refusal, ImportRefused):
            self._show_problems(list(refusal.problems), refusal.total)
        else:
            self._show_problems([refusal.message], 1)
        self.import_button.setEnabled(False)

    def _show_problems(self, problems: list[str], total: int) -> None:
        if not problems:
            self.problem_label.clear()
            return
        lines = [f"{WARNING_MARK} {problem}" for problem in problems[:PROBLEMS_SHOWN]]
        if total > PROBLEMS_SHOWN:
            lines.append(self.tr("… and {count} more").format(count=total - PROBLEMS_SHOWN))
        self.problem_label.setText("\n".join(lines))

    def _mark_rows(self, problems: list[str]) -> None:
        """Mark the previewed rows that have a problem (by their number, as in the messages)."""
        if self.table is None:
            return
        bad = {int(m.group(1)) for p in problems if (m := _ROW.match(p))}
        for index in range(self.preview.rowCount()):
            number = self.table.row_number(index)
            item = QTableWidgetItem(f"{WARNING_MARK} {number}" if number in bad else str(number))
            if number in bad:
                item.setForeground(warning_color())
                item.setToolTip(self.tr("This row has a problem (see below)."))
            self.preview.setVerticalHeaderItem(index, item)

    def _recheck(self) -> None:
        table = self.table
        if table is None:
            self.import_button.setEnabled(False)
            return
        mapping = self.mapping()
        clients, problems, total = check_clients(table, mapping)
        self._show_problems(problems, total)
        self._mark_rows(problems)
        unused = unused_columns(table, mapping)
        self.unused_label.setText(
            self.tr("Not imported: {columns}").format(columns=", ".join(unused)) if unused else ""
        )
        if total and not clients:
            self.status_label.setText(
                self.tr("Fix these in the spreadsheet, or choose other columns:")
            )
        elif total:
            self.status_label.setText(
                self.tr(
                    "{count} clients will come in; {left} rows will not, for the reasons "
                    "below (fix them in the spreadsheet to bring them in too):"
                ).format(count=f"{len(clients):,}", left=f"{total:,}")
            )
        elif not clients:
            self.status_label.setText(self.tr("The file has no clients to import."))
        else:
            self.status_label.setText(
                (
                    self.tr("1 client ready to import.")
                    if len(clients) == 1
                    else self.tr("{count} clients ready to import.")
                ).format(count=f"{len(clients):,}")
            )
        self.import_button.setEnabled(bool(clients))

    def reject(self) -> None:
        """Cancel, or Close once the import is done (then the dialog is accepted)."""
        if self.report is not None:
            self.accept()
        else:
            super().reject()

    # --- importing --------------------------------------------------------------------------

    def run_import(self) -> None:
        if self.table is None:
            return
        table = self.table
        done = attempt(
            self,
            lambda: import_clients(self.db, table, self.mapping()),
            on_refusal=self._refused,
        )
        if not done or done.value is None:
            return
        report = self.report = done.value
        self.imported.emit(report)
        self.status_label.setText(report.summary())
        self.problem_label.clear()
        self.import_button.setEnabled(False)
        self.import_button.hide()
        self.choose_button.setEnabled(False)
        self._set_combos_enabled(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(self.tr("Close"))
        close.setFocus()
