"""Run in a private mount namespace with a small tmpfs mounted on the backup folder:
two older backups fit, a third does not.  The tmpfs goes with the process, so this
reports what it found as JSON in a file outside it.

``python -m tests.fault.full_disk SOURCE FOLDER RESULT_JSON``
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.storage.backups import make_backup
from coachdesk.storage.errors import StorageError


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def main(source: Path, folder: Path, result_file: Path) -> None:
    for day in (1, 2):
        make_backup(source, folder, now=datetime(2025, 1, day, 9, 0, tzinfo=UTC))
    before = _contents(folder)
    free = shutil.disk_usage(folder).free
    try:
        path = make_backup(source, folder).path
    except StorageError as exc:
        outcome = ["StorageError", exc.problem.value, exc.message]
    except Exception as exc:
        outcome = ["other", repr(exc), traceback.format_exc()]
    else:
        outcome = ["ok", str(path), ""]
    result = {"outcome": outcome, "free": free, "before": before, "after": _contents(folder)}
    result_file.write_text(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
