"""The File menu's export and import of the whole practice (JSON, CSV), as dialogs.

Each function asks for the file, does the work off the GUI thread (the window
keeps painting), and explains the outcome in plain words: what was written or
imported, or why nothing was.  An import is all or nothing (storage does it in
one transaction), so a refused file leaves the data as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from coachdesk.display.translate import translator
from coachdesk.storage.database import Database
from coachdesk.ui.background import run_with_progress
from coachdesk.ui.messages import show_problem

_tr = translator("portable")


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _explain(parent: QWidget | None, outcome: object, title: str) -> bool:
    """Show a refused import / a storage problem; True when ``outcome`` is a success."""
    from coachdesk.domain.data_format import ImportRefused
    from coachdesk.storage.errors import StorageError

    if isinstance(outcome, StorageError):
        show_problem(parent, outcome.message, title)
        return False
    if isinstance(outcome, ImportRefused):
        show_problem(parent, str(outcome) + "\n\n" + _tr("Nothing was imported."), title)
        return False
    if isinstance(outcome, Exception):
        raise outcome  # a bug: the crash dialog, not a vague message
    return True


def export_json(parent: QWidget | None, db: Database) -> Path | None:
    from coachdesk.storage.portable_json import ExportSummary, write_export

    name, _filter = QFileDialog.getSaveFileName(
        parent,
        _tr("Export everything as JSON"),
        str(Path(_documents()) / "coachdesk-export.json"),
        _tr("CoachDesk data (*.json)"),
    )
    if not name:
        return None
    path = Path(name)
    outcome = run_with_progress(parent, lambda: write_export(db, path), _tr("Exporting…"))
    if not _explain(parent, outcome, _tr("Not exported")):
        return None
    assert isinstance(outcome, ExportSummary)
    QMessageBox.information(
        parent,
        _tr("Exported"),
        _tr(
            "{clients} clients and {sessions} sessions were written to {path}. Keep it as safe "
            "as the data itself: it holds your private notes."
        ).format(clients=f"{outcome.clients:,}", sessions=f"{outcome.sessions:,}", path=path),
    )
    return path


def import_json(parent: QWidget | None, db: Database) -> bool:
    """Ask for a CoachDesk JSON file and add its records; True when something was imported."""
    from coachdesk.storage.portable_json import ImportReport, check_file, import_file

    name, _filter = QFileDialog.getOpenFileName(
        parent, _tr("Import a CoachDesk JSON file"), _documents(), _tr("CoachDesk data (*.json)")
    )
    if not name:
        return False
    title = _tr("Not imported")
    path = Path(name)
    duplicates = run_with_progress(parent, lambda: check_file(db, path), _tr("Reading…"))
    if not _explain(parent, duplicates, title):
        return False
    assert isinstance(duplicates, list)
    merge = False
    if duplicates:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _tr("Clients already here"),
            _tr(
                "{count} client(s) in the file are already in CoachDesk (same name and email): "
                "{names}."
            ).format(count=len(duplicates), names=", ".join(duplicates[:10])),
            parent=parent,
        )
        box.setInformativeText(
            _tr(
                "Skip them, or merge: add their sessions and records to the existing clients "
                "(nothing already there is changed)."
            )
        )
        skip = box.addButton(_tr("Skip them"), QMessageBox.ButtonRole.AcceptRole)
        merge_button = box.addButton(_tr("Merge"), QMessageBox.ButtonRole.ActionRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(skip)
        box.setEscapeButton(cancel)
        box.exec()
        if box.clickedButton() is cancel:
            return False
        merge = box.clickedButton() is merge_button
    report = run_with_progress(
        parent, lambda: import_file(db, path, merge=merge), _tr("Importing…")
    )
    if not _explain(parent, report, title):
        return False
    assert isinstance(report, ImportReport)
    QMessageBox.information(parent, _tr("Imported"), report.summary())
    return True


def export_csv(parent: QWidget | None, db: Database) -> list[Path] | None:
    from coachdesk.storage.portable_csv import export_csv as write_csv

    folder = QFileDialog.getExistingDirectory(
        parent, _tr("Choose a folder for the spreadsheets"), _documents()
    )
    if not folder:
        return None
    outcome = run_with_progress(parent, lambda: write_csv(db, Path(folder)), _tr("Exporting…"))
    if not _explain(parent, outcome, _tr("Not exported")):
        return None
    QMessageBox.information(
        parent,
        _tr("Exported"),
        _tr("Written: {files}.").format(files=", ".join(path.name for path in outcome))
        + " "
        + _tr("Formulas are neutralised: a cell starting with = + - @ opens as plain text."),
    )
    return list(outcome)


def import_csv(parent: QWidget | None, db: Database) -> bool:
    from coachdesk.ui.csv_import_dialog import CsvImportDialog

    dialog = CsvImportDialog(db, parent)
    dialog.exec()
    return dialog.report is not None
