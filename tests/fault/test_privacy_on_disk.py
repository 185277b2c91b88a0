"""Privacy on disk (POSIX): what CoachDesk writes is the owner's only, whatever the umask.

The real commands run as subprocesses with the common umask 022 (which alone would give
0755 folders and 0644 files): the first run, a backup, a restore and a prep-sheet
export.  The data file's -wal and -shm, which exist only while the file is open, are
checked with the data file held open by this process under the same umask.  Also here:
a restore round trip gives back exactly the same data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import backups
from coachdesk.storage.clients import create_client, delete_client
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from tests.dumps import dump_connection
from tests.fault.harness import mode

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(os.name != "posix", reason="POSIX permissions"),
]

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def _coachdesk(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        umask=0o022,
        timeout=120,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


@contextmanager
def _umask(value: int) -> Iterator[None]:
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


def _modes(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (itself included) with its mode, in octal."""
    found = {".": oct(mode(folder))}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = oct(mode(path))
    return found


def _dump(path: Path) -> list[str]:
    with closing(dbapi.connect(path)) as connection:
        return dump_connection(connection)


def test_first_run_backup_restore_and_export_are_private(tmp_path, report):
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"

    _coachdesk("--data-dir", str(data), "demo")  # the first run creates everything
    first_run = _modes(data)
    expected = {
        ".": PRIVATE_FOLDER,
        "coachdesk.sqlite3": PRIVATE_FILE,
        "logs": PRIVATE_FOLDER,
        "logs/coachdesk.log": PRIVATE_FILE,
    }
    for name, wanted in expected.items():
        assert first_run.get(name) == oct(wanted), (name, first_run)

    _coachdesk("--data-dir", str(data), "backup")
    made = backups.list_backups(data / "backups")
    assert len(made) == 1
    assert mode(data / "backups") == PRIVATE_FOLDER
    assert mode(made[0].path) == PRIVATE_FILE

    with closing(dbapi.connect(database)) as connection:
        connection.execute("DELETE FROM clients WHERE id = 1")
        connection.commit()
    _coachdesk("--data-dir", str(data), "restore", str(made[0].path))
    assert mode(database) == PRIVATE_FILE
    safety = [e for e in backups.list_backups(data / "backups") if e.kind.value == "before-restore"]
    assert len(safety) == 1 and mode(safety[0].path) == PRIVATE_FILE

    listed = json.loads(_coachdesk("--data-dir", str(data), "sessions", "--json").stdout)
    assert listed, "the demo practice has sessions in the next 30 days"
    exports = tmp_path / "exports"
    exports.mkdir(mode=0o755)
    sheet = exports / "prep.pdf"
    _coachdesk("--data-dir", str(data), "prep", str(listed[0]["id"]), "--pdf", str(sheet))
    assert sheet.read_bytes().startswith(b"%PDF")
    assert mode(sheet) == PRIVATE_FILE

    everything = _modes(data)
    wrong = {
        name: got
        for name, got in everything.items()
        if got != oct(PRIVATE_FOLDER if (data / name).is_dir() else PRIVATE_FILE)
    }
    assert not wrong, wrong
    report(
        "privacy on disk",
        f"umask 022; after first run, backup, restore and export: {len(everything)} files and "
        f"folders in the data folder, all 0700/0600; the prep sheet 0600",
    )


def test_the_wal_and_shm_of_the_open_data_file_are_private(tmp_path):
    data = tmp_path / "data"
    with _umask(0o022):
        data.mkdir(mode=0o700)
        db = open_database(data / "coachdesk.sqlite3", data / "backups")
        try:
            create_client(db, ClientData(name="Ada"))
            with db.read() as connection:  # a second connection: the WAL stays
                connection.execute("SELECT count(*) FROM clients").fetchone()
                for suffix in ("", "-wal", "-shm"):
                    path = data / f"coachdesk.sqlite3{suffix}"
                    assert mode(path) == PRIVATE_FILE, (path.name, oct(mode(path)))
                made = backups.make_backup(data / "coachdesk.sqlite3", data / "backups")
                assert mode(data / "backups") == PRIVATE_FOLDER
                assert mode(made.path) == PRIVATE_FILE
        finally:
            db.close()


def test_a_restore_round_trip_gives_back_exactly_the_same_data(demo_database, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    database = data / "coachdesk.sqlite3"
    database.write_bytes(demo_database.read_bytes())
    before = _dump(database)
    made = backups.make_backup(database, data / "backups")

    db = open_database(database, data / "backups")
    try:
        create_client(db, ClientData(name="Added after the backup"))
        delete_client(db, 1)
    finally:
        db.close()
    assert _dump(database) != before

    result = backups.restore(made.path, database, data / "backups")
    open_database(database, data / "backups").close()
    assert _dump(database) == before
    assert result.safety_copy is not None
    assert result.restored.clients == made.clients
