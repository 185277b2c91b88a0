"""Run in a private mount namespace with a small tmpfs mounted on the backup folder:
two older backups fit, a third does not.  The tmpfs goes with the process, so this
reports what it found as JSON in a file outside it.

``python -m tests.fault.full_disk SOURCE FOLDER RESULT_JSON``

An encrypted SOURCE is unlocked first, with the passphrase in the file that
``COACHDESK_PASSPHRASE_FILE`` names (as a command would).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.cli.parser import PASSPHRASE_FILE_ENV
from coachdesk.storage import keys, protection
from coachdesk.storage.backups import make_backup
from coachdesk.storage.errors import StorageError


def unlock_from_environment(path: Path) -> None:
    """Hold the key of the encrypted ``path`` when ``COACHDESK_PASSPHRASE_FILE`` is set."""
    named = os.environ.get(PASSPHRASE_FILE_ENV)
    if named:
        passphrase = Path(named).read_text(encoding="utf-8").splitlines()[0]
        protection.unlock(path, keys.PASSPHRASE, passphrase)


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def main(source: Path, folder: Path, result_file: Path) -> None:
    unlock_from_environment(source)
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
