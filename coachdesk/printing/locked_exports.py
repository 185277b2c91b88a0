"""The whole practice exported encrypted: the JSON export, or the four spreadsheets,
attached to one locked PDF (``locked_files``).

The cover page is laid out first, on the GUI thread (``json_cover``, ``csv_cover``);
the export itself (``write_locked_json``, ``write_locked_csv``) needs no Qt and runs off
it.  The JSON is streamed a client at a time into the compressed attachment, so only the
compressed export is held.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.display.translate import translator
from coachdesk.printing.locked import PdfLock
from coachdesk.printing.locked_files import cover_page, locked_writer, write_locked_files
from coachdesk.storage.portable_csv import CSV_FILES

if TYPE_CHECKING:
    from coachdesk.storage.database import Database
    from coachdesk.storage.portable_json import ExportSummary

_tr = translator("locked")

SPREADSHEETS_FILE = "coachdesk-spreadsheets.pdf"


def attached_name(target: Path) -> str:
    """The JSON file's name inside the locked PDF ``target``: its name without ``.pdf``."""
    name = target.name
    stem = name[: -len(".pdf")] if name.lower().endswith(".pdf") else name
    return stem if stem.lower().endswith(".json") else f"{stem}.json"


def json_cover(target: Path) -> bytes:
    return cover_page(
        _tr("Your CoachDesk practice as JSON, encrypted"),
        [
            _tr(
                "Every client with all their records, private notes included, in the "
                "CoachDesk data format: CoachDesk (File → Import → From a CoachDesk JSON file…) "
                "and other tools read it."
            )
        ],
        [attached_name(target)],
    )


def write_locked_json(db: Database, target: Path, cover: bytes, lock: PdfLock) -> ExportSummary:
    """The JSON export attached to ``cover``, locked, at ``target``; ``StorageError`` when
    it cannot be written (nothing is left behind)."""
    from coachdesk.storage.portable_json import write_export

    return write_export(db, target, write=locked_writer(cover, attached_name(target), lock))


def csv_cover() -> bytes:
    return cover_page(
        _tr("Your CoachDesk practice as spreadsheets, encrypted"),
        [
            _tr(
                "The clients, sessions, items and breaches as four CSV files, private notes "
                "included. Formulas are neutralised: a cell starting with = + - @ opens as "
                "plain text."
            )
        ],
        list(CSV_FILES),
    )


def write_locked_csv(db: Database, folder: Path, cover: bytes, lock: PdfLock) -> Path:
    """The four spreadsheets attached to ``cover``, locked, as ``SPREADSHEETS_FILE`` in
    ``folder`` (created if needed); its path.  ``StorageError`` when it cannot be written."""
    from coachdesk.storage.portable_csv import csv_tables
    from coachdesk.storage.portable_json import export_document
    from coachdesk.storage.textfiles import make_folder, write_problem

    make_folder(Path(folder))
    target = Path(folder) / SPREADSHEETS_FILE
    tables = csv_tables(export_document(db))
    try:
        write_locked_files(target, cover, tables, lock)
    except OSError as exc:
        raise write_problem(target, exc) from exc
    return target
