"""A client's own record, from the window: "Export this client's record…".

``export_client_record(parent, db, client_id)`` asks where to save the PDF (in the
folder last used for papers) and writes it with the same record as JSON beside it (same
name, ``.json``): the readable copy for the client, and the complete data.  Both files
are readable by the owner only.  A protected practice's record is encrypted unless the coach
says not to (``ExportLockDialog``): the PDF locked, and the JSON attached to a
locked PDF beside it (``.json.pdf``).  What was written is said in the window's result
bar, with Open and Show in folder.  Returns the two paths, or ``None`` when cancelled or
explained.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QWidget

from coachdesk.display.translate import translator
from coachdesk.printing.dossier import render_dossier, render_locked_record_json
from coachdesk.printing.locked import opens_with
from coachdesk.storage.database import Database
from coachdesk.storage.dossier import client_record, write_record_json
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.common.file_dialogs import PAPERS, save_file
from coachdesk.ui.common.messages import show_problem
from coachdesk.ui.dialogs.export_lock import choose_lock
from coachdesk.ui.widgets.result_bar import report_result

_tr = translator("dossier")


def suggested_name(client_name: str) -> str:
    """A file name from the client's name: letters, digits, spaces and dashes only."""
    safe = re.sub(r"[^\w\- ]+", "", client_name, flags=re.UNICODE).strip() or "client"
    return f"{safe} - record.pdf"


def export_client_record(
    parent: QWidget | None, db: Database, client_id: int
) -> tuple[Path, Path] | None:
    """Ask where to save, then write the client's record as PDF and JSON."""
    read = attempt(
        parent,
        lambda: client_record(db, client_id),
        gone=_tr("This client was deleted in the meantime."),
    )
    if not read or read.value is None:
        return None
    record = read.value
    name = record["client"]["name"]
    go_on, lock = choose_lock(parent, db.path, _tr("{name}'s record").format(name=name))
    if not go_on:
        return None
    chosen = save_file(
        parent,
        PAPERS,
        _tr("Export {name}'s record").format(name=name),
        suggested_name(name),
        _tr("PDF files (*.pdf)"),
    )
    if chosen is None:
        return None
    pdf = chosen
    if pdf.suffix.lower() != ".pdf":
        pdf = pdf.with_name(pdf.name + ".pdf")
    data = pdf.with_suffix(".json" if lock is None else ".json.pdf")
    try:
        render_dossier(record, pdf, lock=lock)
        if lock is None:
            write_record_json(record, data)
        else:
            render_locked_record_json(record, data, lock)
    except OSError as exc:
        show_problem(
            parent, _tr("{file} cannot be written: {why}").format(file=pdf, why=exc.strerror)
        )
        return None
    said = _tr(
        "{name}'s record was written to {pdf} (to read or print), with the same data in "
        "{json}. It holds everything kept about them, private notes included: share it "
        "with them only."
    ).format(name=name, pdf=pdf, json=data.name)
    if lock is not None:
        said += " " + _tr("Each file is encrypted.") + " " + _tr(opens_with(lock)) + " "
        said += _tr(
            "The data is attached to {json}: save it from the PDF reader's attachments."
        ).format(json=data.name)
    report_result(parent, said, title=_tr("Record exported"), file=pdf)
    return pdf, data
