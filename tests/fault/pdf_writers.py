"""Every PDF writer, in a process whose files may not grow past a limit (RLIMIT_FSIZE, with
SIGXFSZ ignored, so a write past it fails with EFBIG as on a full disk), each writing over
an older PDF.  Reports, as JSON on stdout: per writer, how it ended and the files the
folder holds then, with their hashes.

``python -m tests.fault.pdf_writers DATABASE FOLDER LIMIT``
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.printing.dossier import render_dossier, render_locked_record_json
from coachdesk.printing.feedback_card import render_feedback_card
from coachdesk.printing.locked import PdfLock
from coachdesk.printing.prep_sheet import render_prep_sheet
from coachdesk.printing.recovery_sheet import render_recovery_sheet
from coachdesk.storage.database import open_read_only
from coachdesk.storage.dossier import client_record
from coachdesk.storage.prep import load_prep_input
from coachdesk.storage.sessions import list_sessions

RECOVERY_KEY = "7K2M-QX9D-4HJN-0PWR-B3CT-8VFE-ZA6Y-1MKS"
MADE_AT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
LOCK = PdfLock("the passphrase of the practice", RECOVERY_KEY)

WRITERS: dict[str, Callable[..., object]] = {
    "prep sheet": render_prep_sheet,
    "feedback card": render_feedback_card,
    "dossier": render_dossier,
    "recovery sheet": render_recovery_sheet,
    "locked record": render_locked_record_json,
}


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def main(database: Path, folder: Path, limit: int) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])  # noqa: F841 (fonts for the layout)
    db = open_read_only(database)
    session = list_sessions(db, client_id=1)[0]
    prep_input = load_prep_input(db, session.id)
    record = client_record(db, 1)
    db.close()
    jobs: dict[str, Callable[[Path], object]] = {
        "prep sheet": lambda target: render_prep_sheet(prep_input, target),
        "feedback card": lambda target: render_feedback_card(target, ("How was it?",), "Dan"),
        "dossier": lambda target: render_dossier(record, target),
        "recovery sheet": lambda target: render_recovery_sheet(
            target, RECOVERY_KEY, data_folder=folder, made_at=MADE_AT
        ),
        "locked record": lambda target: render_locked_record_json(record, target, LOCK),
    }
    assert jobs.keys() == WRITERS.keys()
    for name in jobs:
        (folder / f"{name}.pdf").write_bytes(b"%PDF- the older file, kept whole")
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    results = {}
    for name, job in jobs.items():
        try:
            job(folder / f"{name}.pdf")
        except OSError as exc:
            outcome = ["OSError", exc.strerror or str(exc)]
        except Exception as exc:
            outcome = ["other", traceback.format_exc() or repr(exc)]
        else:
            outcome = ["ok", ""]
        results[name] = {"outcome": outcome, "after": _contents(folder)}
    print(json.dumps(results))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
