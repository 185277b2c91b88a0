"""Scenarios on a really full file system, run by ``test_full_file_system`` in a private
mount namespace where a small tmpfs is mounted on MOUNT (it vanishes with the process).
Each sets up its files, fills the tmpfs with a filler file until FREE bytes are left,
acts through the ``coachdesk`` command (or the storage layer, for a record) and writes
what it found as JSON to RESULT, outside the tmpfs.

``python -m tests.fault.full_fs SCENARIO MOUNT FREE RESULT SOURCE``

* ``record``: MOUNT is the data folder; clients are added until the disk refuses one.
* ``migration``: MOUNT is the data folder, holding a file of an older CoachDesk.
* ``backup``: MOUNT is the backup folder (``backup --to``), holding two older backups.
* ``log``: MOUNT is the log folder; commands run with the log full.

An encrypted SOURCE (its envelope beside it) is copied with its envelope and unlocked
with the passphrase in the file ``COACHDESK_PASSPHRASE_FILE`` names; the ``coachdesk``
commands read it from there too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.driver import dbapi
from tests.fault.full_disk import unlock_from_environment
from tests.fault.protected import copy_practice, is_encrypted

FILLER = "filler.bin"


def fill(mount: Path, free: int) -> int:
    """Fill ``mount`` with ``FILLER`` until about ``free`` bytes are left; what is left."""
    remaining = shutil.disk_usage(mount).free - free
    chunk = b"\0" * (1 << 20)
    with open(mount / FILLER, "ab") as handle:
        while remaining > 0:
            try:
                remaining -= handle.write(chunk[: min(len(chunk), remaining)])
                handle.flush()
            except OSError:
                break
    return shutil.disk_usage(mount).free


def contents(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` but the filler, by relative path, with its hash."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != FILLER:
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def coachdesk(data: Path, *args: str) -> dict[str, Any]:
    """Run the ``coachdesk`` command on the data folder ``data``: its exit code, output and
    time."""
    started = time.monotonic()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return {
        "code": done.returncode,
        "out": done.stdout,
        "err": done.stderr,
        "seconds": time.monotonic() - started,
    }


def _read_only(database: Path) -> Any:
    """A read-only connection: ``sqlite3`` for a plain file, the keyed driver for an
    encrypted one (its key held)."""
    if is_encrypted(database):
        return open_sqlite(database, read_only=True)
    return dbapi.connect(f"{database.as_uri()}?mode=ro", uri=True)


def integrity(database: Path) -> str:
    with closing(_read_only(database)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def names(database: Path) -> list[str]:
    with closing(_read_only(database)) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM clients ORDER BY id")]


def revision(database: Path) -> str:
    with closing(_read_only(database)) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def record(mount: Path, free: int, source: Path) -> dict[str, Any]:
    database = copy_practice(source, mount / "coachdesk.sqlite3")
    coachdesk(mount, "check")  # the config and log folders, as after a first start
    from coachdesk.domain.clients import ClientData
    from coachdesk.storage.clients import create_client
    from coachdesk.storage.database import open_database
    from coachdesk.storage.errors import StorageError

    db = open_database(database, mount / "backups")
    before = names(database)
    left = fill(mount, free)
    added, outcome = [], ["ok", ""]
    started = time.monotonic()
    try:
        for number in range(100_000):
            name = f"Client {number}"
            create_client(db, ClientData(name=name, private_notes=f"{name}: " + "x" * 20_000))
            added.append(name)
    except StorageError as exc:
        outcome = [exc.problem.value, exc.message]
    finally:
        db.close()
    return {
        "outcome": outcome,
        "left": left,
        "seconds": time.monotonic() - started,
        "before": before,
        "added": added,
        "after": names(database),
        "integrity": integrity(database),
        "files": sorted(contents(mount)),
        "later": coachdesk(mount, "check"),
    }


def migration(mount: Path, free: int, source: Path) -> dict[str, Any]:
    database = copy_practice(source, mount / "coachdesk.sqlite3")
    for folder in ("config", "logs"):
        (mount / folder).mkdir()
    before = contents(mount)
    left = fill(mount, free)
    run = coachdesk(mount, "sessions")
    after = contents(mount)
    (mount / FILLER).unlink()  # room to read it back (a reader needs its -shm)
    return {
        "run": run,
        "left": left,
        "before": before,
        "after": after,
        "revision": revision(database),
        "integrity": integrity(database),
        "names": names(database),
    }


def backup(mount: Path, free: int, source: Path) -> dict[str, Any]:
    from datetime import UTC, datetime

    from coachdesk.storage.backups import make_backup

    for day in (1, 2):
        make_backup(source, mount, now=datetime(2025, 1, day, 9, 0, tzinfo=UTC))
    before = contents(mount)
    left = fill(mount, free)
    run = coachdesk(source.parent, "backup", "--to", str(mount))
    return {"run": run, "left": left, "before": before, "after": contents(mount)}


def log(mount: Path, free: int, source: Path) -> dict[str, Any]:
    data = mount.parent
    copy_practice(source, data / "coachdesk.sqlite3")
    first = coachdesk(data, "sessions")  # the log file exists, with a line or two
    left = fill(mount, free)
    runs = {
        "sessions": coachdesk(data, "--verbose", "sessions"),
        "backup": coachdesk(data, "--verbose", "backup"),
        "check": coachdesk(data, "check"),
        "smoke test": coachdesk(data, "--smoke-test"),
    }
    return {"first": first, "left": left, "runs": runs}


SCENARIOS: dict[str, Callable[[Path, int, Path], dict[str, Any]]] = {
    "record": record,
    "migration": migration,
    "backup": backup,
    "log": log,
}


def main(scenario: str, mount: Path, free: int, result: Path, source: Path) -> None:
    unlock_from_environment(source)
    result.write_text(json.dumps(SCENARIOS[scenario](mount, free, source)))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
