"""The File menu's export and import of the whole practice (JSON, CSV), as dialogs.

Each function asks for the file (``ui.common.file_dialogs``: in the folder last used for
exports or imports), does the work off the GUI thread (the window keeps painting), and
explains the outcome in plain words: what was written or imported, in the window's
result bar (with Open and Show in folder), or why nothing was, in a message box.  An
import is all or nothing (storage does it in one transaction), so a refused file leaves
the data as it was.

A protected practice's export is encrypted unless the coach says not to
(``ExportLockDialog``): attached to a PDF that opens with the passphrase or the
recovery key (``printing.locked_exports``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from coachdesk.display.translate import translator
from coachdesk.domain.refusal import Refusal
from coachdesk.printing.locked import opens_with
from coachdesk.storage.database import Database
from coachdesk.storage.portable_json import ExportSummary
from coachdesk.ui.common.attempt import Outcome, attempt_in_background
from coachdesk.ui.common.file_dialogs import EXPORTS, IMPORTS, choose_folder, open_file, save_file
from coachdesk.ui.common.messages import show_problem
from coachdesk.ui.dialogs.export_lock import choose_lock
from coachdesk.ui.widgets.result_bar import report_result

_tr = translator("portable")
T = TypeVar("T")


def _in_background(
    parent: QWidget | None, work: Callable[[], T], text: str, title: str
) -> Outcome[T]:
    """``work`` off the GUI thread; a refused file or a storage problem explained (an
    import is all or nothing, so nothing was imported), a bug left to the crash dialog."""

    def refused(refusal: Refusal) -> None:
        show_problem(parent, refusal.message + "\n\n" + _tr("Nothing was imported."), title)

    return attempt_in_background(parent, work, text, title=title, on_refusal=refused)


SAVE_ATTACHED = "Save the attached files from your PDF reader's attachments."


def export_json(parent: QWidget | None, db: Database) -> Path | None:
    from coachdesk.printing.locked_exports import json_cover, write_locked_json
    from coachdesk.printing.locked_files import locked_name
    from coachdesk.storage.portable_json import write_export

    go_on, lock = choose_lock(parent, db.path, _tr("The export"))
    if not go_on:
        return None
    suggested = "coachdesk-export.json" if lock is None else "coachdesk-export.json.pdf"
    chosen = save_file(
        parent,
        EXPORTS,
        _tr("Export everything as JSON"),
        suggested,
        _tr("CoachDesk data (*.json)") if lock is None else _tr("Encrypted PDF (*.pdf)"),
    )
    if chosen is None:
        return None
    path = chosen if lock is None else locked_name(chosen)
    cover = None if lock is None else json_cover(path)  # laid out here, on the GUI thread

    def work() -> ExportSummary:
        if lock is None or cover is None:
            return write_export(db, path)
        return write_locked_json(db, path, cover, lock)

    done = _in_background(parent, work, _tr("Exporting…"), _tr("Not exported"))
    outcome = done.value
    if outcome is None:
        return None
    said = _tr(
        "{clients} clients and {sessions} sessions were written to {path}. Keep it as safe "
        "as the data itself: it holds your private notes."
    ).format(clients=f"{outcome.clients:,}", sessions=f"{outcome.sessions:,}", path=path)
    if lock is not None:
        said += " " + _tr(opens_with(lock)) + " " + _tr(SAVE_ATTACHED)
    report_result(parent, said, title=_tr("Exported"), file=path)
    return path


def import_json(parent: QWidget | None, db: Database) -> bool:
    """Ask for a CoachDesk JSON file and add its records; True when something was imported."""
    from coachdesk.storage.portable_json import check_file, import_file

    chosen = open_file(
        parent, IMPORTS, _tr("Import a CoachDesk JSON file"), _tr("CoachDesk data (*.json)")
    )
    if chosen is None:
        return False
    title = _tr("Not imported")
    path = chosen
    checked = _in_background(parent, lambda: check_file(db, path), _tr("Reading…"), title)
    duplicates = checked.value
    if duplicates is None:
        return False
    merge = False
    if duplicates:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _tr("Clients already here"),
            (
                _tr("1 client in the file is already in CoachDesk (same name and email): {names}.")
                if len(duplicates) == 1
                else _tr(
                    "{count} clients in the file are already in CoachDesk (same name and "
                    "email): {names}."
                )
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
    imported = _in_background(
        parent, lambda: import_file(db, path, merge=merge), _tr("Importing…"), title
    )
    report = imported.value
    if report is None:
        return False
    report_result(parent, report.summary(), title=_tr("Imported"))
    return True


def export_csv(parent: QWidget | None, db: Database) -> list[Path] | None:
    from coachdesk.printing.locked_exports import csv_cover, write_locked_csv
    from coachdesk.storage.portable_csv import export_csv as write_csv

    go_on, lock = choose_lock(parent, db.path, _tr("The spreadsheets"))
    if not go_on:
        return None
    folder = choose_folder(parent, EXPORTS, _tr("Choose a folder for the spreadsheets"))
    if folder is None:
        return None
    cover = None if lock is None else csv_cover()  # laid out here, on the GUI thread

    def work() -> list[Path]:
        if lock is None or cover is None:
            return write_csv(db, folder)
        return [write_locked_csv(db, folder, cover, lock)]

    done = _in_background(parent, work, _tr("Exporting…"), _tr("Not exported"))
    outcome = done.value
    if outcome is None:
        return None
    said = _tr("Written in {folder}: {files}.").format(
        folder=folder, files=", ".join(path.name for path in outcome)
    )
    said += " " + _tr("Formulas are neutralised: a cell starting with = + - @ opens as plain text.")
    if lock is not None:
        said += " " + _tr(opens_with(lock)) + " " + _tr(SAVE_ATTACHED)
    report_result(
        parent,
        said,
        title=_tr("Exported"),
        file=outcome[0] if len(outcome) == 1 else None,
        folder=folder,
    )
    return list(outcome)


def import_csv(parent: QWidget | None, db: Database) -> bool:
    from coachdesk.ui.dialogs.csv_import import CsvImportDialog

    dialog = CsvImportDialog(db, parent)
    dialog.exec()
    if dialog.report is None:
        return False
    report_result(parent, dialog.report.summary(), title=_tr("Imported"))  # after its window
    return True
