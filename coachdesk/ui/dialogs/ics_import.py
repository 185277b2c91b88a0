"""Calendar files in the window: the import preview dialog, and the two menu actions.

``IcsImportDialog`` shows what importing a calendar (.ics) would do: the sessions
to create (when, client, how the client was recognised, length, place) and every
event left out with the reason.  "Import" creates them all in one transaction
(``storage.calendar.import_ics``); a problem is explained and nothing is created.

``import_calendar(parent, db)`` asks for the file, previews it off the GUI thread
behind a busy window (the storage layer bounds the reading to a few seconds; a file
that is not a calendar is explained, not shown) and runs the dialog; ``export_calendar(parent,
db)`` asks where to save the upcoming sessions.  Both return what was done, or
``None`` when the coach cancelled or something was explained.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_day, format_when
from coachdesk.display.translate import translator
from coachdesk.domain.calendar import location_text
from coachdesk.domain.dates import local_or_utc
from coachdesk.storage.calendar import (
    DEFAULT_DAYS,
    ExportResult,
    ImportResult,
    NewSession,
    NotImported,
    Preview,
    export_ics,
    import_ics,
    import_ics_preview,
)
from coachdesk.storage.database import Database
from coachdesk.ui.common.attempt import attempt, attempt_in_background
from coachdesk.ui.common.file_dialogs import CALENDARS, open_file, save_file
from coachdesk.ui.widgets.lists import list_table
from coachdesk.ui.widgets.result_bar import report_result
from coachdesk.ui.widgets.row_model import Column, RowTableModel

_tr = translator("ics")


def _when(value: datetime | date | None) -> str:
    if isinstance(value, datetime):
        return format_when(value if value.tzinfo else local_or_utc(value))
    if isinstance(value, date):
        return format_day(value) + " " + _tr("(all day)")
    return ""


def _minutes(count: int) -> str:
    return _tr("{minutes} min").format(minutes=count)


class IcsImportDialog(QDialog):
    """The preview of one calendar file, with an Import button; ``import_result`` after
    the import."""

    imported = Signal(object)  # the ImportResult

    def __init__(self, db: Database, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.preview = preview
        self.import_result: ImportResult | None = None
        self.setWindowTitle(_tr("Import sessions from {file}").format(file=preview.path.name))

        count, left = len(preview.to_create), len(preview.unmatched)
        self.summary = QLabel(self._summary_text(count, left))
        self.summary.setWordWrap(True)

        self.create_model: RowTableModel[NewSession] = RowTableModel(
            [
                Column(_tr("When"), lambda r: format_when(r.start), sort_key=lambda r: r.start),
                Column(_tr("Client"), lambda r: r.client_name),
                Column(
                    _tr("Recognised by"),
                    lambda r: _tr("email") if r.matched_by == "email" else _tr("name in title"),
                ),
                Column(_tr("Length"), lambda r: _minutes(r.duration_minutes)),
                Column(
                    _tr("How and where"),
                    lambda r: location_text(r.medium, r.location),
                    tooltip=lambda r: r.agenda or None,
                ),
                Column(_tr("Event"), lambda r: r.summary, tooltip=lambda r: r.summary),
            ],
            parent=self,
        )
        self.create_model.set_rows(preview.to_create)
        self.create_table = list_table(self.create_model, sort_column=-1)
        self.create_table.horizontalHeader().setStretchLastSection(True)
        self.create_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        to_create = QGroupBox(_tr("Sessions to create ({count})").format(count=count))
        box = QVBoxLayout(to_create)
        if count:
            box.addWidget(self.create_table)
        else:
            self.create_table.hide()
            empty = QLabel(_tr("None: no event in this file can become a new session."))
            empty.setWordWrap(True)
            box.addWidget(empty)

        self.left_model: RowTableModel[NotImported] = RowTableModel(
            [
                Column(_tr("Event"), lambda r: str(r.event), sort_key=lambda r: r.event),
                Column(_tr("When"), lambda r: _when(r.start)),
                Column(_tr("Title"), lambda r: r.summary, tooltip=lambda r: r.summary or None),
                Column(_tr("Why it is left out"), lambda r: r.reason, tooltip=lambda r: r.reason),
            ],
            parent=self,
        )
        self.left_model.set_rows(preview.unmatched)
        self.left_table = list_table(self.left_model, sort_column=-1)
        self.left_table.horizontalHeader().setStretchLastSection(True)
        self.left_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        left_out = QGroupBox(_tr("Left out ({count})").format(count=left))
        box = QVBoxLayout(left_out)
        box.addWidget(self.left_table)
        rule = QLabel(
            _tr(
                "All-day and repeating events are not imported: add those sessions in "
                "CoachDesk. Guests are not taken from the attendees: add them to the session "
                "and tell the client."
            )
        )
        rule.setWordWrap(True)
        box.addWidget(rule)
        left_out.setVisible(bool(left))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(
            _tr("&Import {count} sessions").format(count=count)
            if count != 1
            else _tr("&Import 1 session")
        )
        self.import_button.setEnabled(bool(count))
        self.import_button.setDefault(bool(count))
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self._import)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(to_create, 3)
        layout.addWidget(left_out, 2)
        layout.addWidget(buttons)
        self.resize(860, 560)

    def _summary_text(self, count: int, left: int) -> str:
        events = self.preview.events
        text = _tr("{file} holds {events} events.").format(
            file=self.preview.path.name, events=events
        )
        if count:
            text += " " + _tr(
                "{count} can become planned sessions of your clients; nothing is written "
                "until you press Import."
            ).format(count=count)
        if left:
            text += " " + _tr("{left} are left out; the list below says why.").format(left=left)
        return text

    def _import(self) -> None:
        preview = self.preview
        done = attempt(self, lambda: import_ics(self.db, preview))
        if not done:
            return
        self.import_result = done.value
        self.imported.emit(self.import_result)
        self.accept()


def import_calendar(
    parent: QWidget | None, db: Database, path: Path | None = None
) -> ImportResult | None:
    """Ask for a calendar file (unless ``path``), preview it, and import what the coach
    accepts; None when cancelled or explained."""
    if path is None:
        chosen = open_file(
            parent,
            CALENDARS,
            _tr("Import sessions from a calendar"),
            _tr("Calendar files (*.ics);;All files (*)"),
        )
        if chosen is None:
            return None
        path = chosen
    chosen = path
    read = attempt_in_background(
        parent,
        lambda: import_ics_preview(db, chosen),
        _tr("Reading {file}…").format(file=chosen.name),
    )
    preview = read.value
    if preview is None:
        return None
    dialog = IcsImportDialog(db, preview, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.import_result is None:
        return None
    result = dialog.import_result
    count = len(result.created)
    report_result(
        parent,
        (
            _tr("Imported 1 planned session from {file}.")
            if count == 1
            else _tr("Imported {count} planned sessions from {file}.")
        ).format(count=f"{count:,}", file=chosen.name),
        title=_tr("Imported"),
    )
    return result


def export_calendar(
    parent: QWidget | None, db: Database, days: int = DEFAULT_DAYS
) -> ExportResult | None:
    """Ask where to save the planned sessions of the next ``days`` days as a calendar file,
    write it and say what was written; None when cancelled or explained."""
    target = save_file(
        parent,
        CALENDARS,
        _tr("Export upcoming sessions to a calendar file"),
        "coachdesk-sessions.ics",
        _tr("Calendar files (*.ics)"),
    )
    if target is None:
        return None
    if not target.suffix:
        target = target.with_suffix(".ics")
    written = attempt(parent, lambda: export_ics(db, target, days=days))
    result = written.value
    if result is None:
        return None
    until = QLocale().toString(
        QDate(local_or_utc(result.end).date()), QLocale.FormatType.LongFormat
    )
    report_result(
        parent,
        _tr(
            "{count} planned sessions (up to {until}) were written to {file}. Open the file "
            "with your calendar app to add them; each has a reminder 30 minutes before. "
            "Private notes are not in the file."
        ).format(count=result.events, until=until, file=result.path),
        title=_tr("Calendar file written"),
        file=result.path,
    )
    return result
