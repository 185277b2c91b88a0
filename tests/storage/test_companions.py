"""What lies beside the data file, and files that look new or foreign but are damaged:
checked before the first connection that may write, the original left byte for byte."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import backups, companions, connections, files
from coachdesk.storage.backups import DAMAGED, diagnose, set_aside
from coachdesk.storage.clients import create_client
from coachdesk.storage.connections import add_functions
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError
from coachdesk.storage.models import Base
from tests.conftest import copy_of_template
from tests.damage import drop_table, empty_file, set_application_id

# A writer killed with its commits still in the -wal (and its -shm beside it).
_KILLED_WRITER = """
import os, sys
from coachdesk.storage.connections import add_functions
from coachdesk.storage.driver import dbapi
connection = dbapi.connect(sys.argv[1], isolation_level=None)
add_functions(connection)
connection.execute("PRAGMA journal_mode = WAL")
connection.execute("PRAGMA wal_autocheckpoint = 0")
connection.execute(sys.argv[2])
os._exit(0)
"""

# A writer killed mid-transaction in rollback-journal mode, leaving a hot -journal.
_KILLED_IN_JOURNAL = """
import os, sys
from coachdesk.storage.connections import add_functions
from coachdesk.storage.driver import dbapi
connection = dbapi.connect(sys.argv[1], isolation_level=None)
add_functions(connection)
connection.execute("PRAGMA journal_mode = DELETE")
connection.execute("PRAGMA cache_size = 1")
connection.execute("BEGIN")
connection.execute(sys.argv[2])
os._exit(0)
"""

RENAME_ALL = "UPDATE clients SET name = 'sibling ' || id"
GROW = (
    "INSERT INTO clients (name, preferred_name, pronouns, email, phone, organisation, role, "
    "status, private_notes, usual_location, created_at, updated_at) "
    "SELECT 'grown', '', '', '', '', '', '', 'active', hex(randomblob(3000)), '', created_at, "
    "updated_at FROM clients, (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r "
    "WHERE i < 60) SELECT i FROM r) WHERE clients.id = 1"
)


def _kill_during(script: str, path: Path, sql: str) -> None:
    subprocess.run([sys.executable, "-c", script, str(path), sql], check=True)


def _digests(folder: Path) -> dict[str, str]:
    return {
        entry.name: hashlib.sha256(entry.read_bytes()).hexdigest()
        for entry in sorted(folder.iterdir())
        if entry.is_file()
    }


def _names(path: Path) -> list[str]:
    with closing(dbapi.connect(connections.read_only_uri(path), uri=True)) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM clients ORDER BY id")]


@pytest.fixture
def data_file(tmp_path: Path, migrated_template: Path) -> Path:
    """A data file with three clients, closed cleanly (no companions)."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "coachdesk.db"
    copy_of_template(migrated_template, path)
    db = open_database(path)
    for name in ("Ana", "Ben", "Cleo"):
        create_client(db, ClientData(name=name))
    db.close()
    return path


def _sibling_wal(data_file: Path, tmp_path: Path) -> None:
    """Put beside ``data_file`` the -wal of a copy of it that renamed every client."""
    sibling = tmp_path / "sibling" / data_file.name
    sibling.parent.mkdir()
    shutil.copyfile(data_file, sibling)
    _kill_during(_KILLED_WRITER, sibling, RENAME_ALL)
    shutil.copyfile(companions.companion(sibling, "-wal"), companions.companion(data_file, "-wal"))


def _assert_damaged_and_untouched(path: Path) -> None:
    before = _digests(path.parent)
    with pytest.raises(StorageError) as refused:
        open_database(path, path.parent / "backups")
    assert refused.value.problem in DAMAGED, refused.value.message
    error = diagnose(path, path.parent / "backups")
    assert error is not None and error.problem in DAMAGED
    assert _digests(path.parent) == before


def test_a_file_copied_in_over_a_crashed_one_does_not_take_its_wal(data_file, tmp_path):
    other = tmp_path / "other.db"
    shutil.copyfile(data_file, other)
    _kill_during(_KILLED_WRITER, data_file, RENAME_ALL)  # the old file's -wal and -shm
    hour_ago = time.time() - 3600
    for suffix in ("-wal", "-shm"):
        os.utime(companions.companion(data_file, suffix), (hour_ago, hour_ago))
    shutil.copyfile(other, data_file)  # the coach copies another data file in, an hour later
    with pytest.raises(StorageError) as refused:
        files.inspect_file(data_file)
    assert "replaced after its coachdesk.db-wal was written" in refused.value.message
    _assert_damaged_and_untouched(data_file)


def test_a_wal_of_pages_of_another_size_is_not_folded_in(data_file, tmp_path):
    other = tmp_path / "other" / data_file.name
    other.parent.mkdir()
    with closing(dbapi.connect(other, isolation_level=None)) as connection:
        connection.execute("PRAGMA page_size = 8192")
        connection.execute("CREATE TABLE t (x)")
    _kill_during(_KILLED_WRITER, other, "INSERT INTO t VALUES (1)")
    shutil.copyfile(companions.companion(other, "-wal"), companions.companion(data_file, "-wal"))
    assert companions.foreign_companion(data_file) == (
        "its coachdesk.db-wal has pages of another size"
    )
    _assert_damaged_and_untouched(data_file)


def test_its_own_wal_after_a_crash_is_folded_in(data_file):
    _kill_during(_KILLED_WRITER, data_file, RENAME_ALL)
    assert files.wal_has_frames(data_file)
    assert diagnose(data_file) is None
    open_database(data_file).close()
    assert _names(data_file) == ["sibling 1", "sibling 2", "sibling 3"]


def test_a_hot_journal_of_another_file_is_not_rolled_back(data_file, tmp_path):
    sibling = tmp_path / "sibling.db"
    shutil.copyfile(data_file, sibling)
    with closing(dbapi.connect(sibling, isolation_level=None)) as connection:
        add_functions(connection)
        connection.execute("UPDATE clients SET private_notes = 'one more transaction'")
    _kill_during(_KILLED_IN_JOURNAL, sibling, GROW)
    shutil.copyfile(
        companions.companion(sibling, "-journal"), companions.companion(data_file, "-journal")
    )
    assert companions.foreign_companion(data_file) == (
        "its coachdesk.db-journal was written for another file"
    )
    _assert_damaged_and_untouched(data_file)


def test_its_own_hot_journal_is_rolled_back_after_the_checks(data_file):
    with closing(dbapi.connect(data_file, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    _kill_during(_KILLED_IN_JOURNAL, data_file, GROW)
    assert companions.has_hot_journal(data_file)
    before = _digests(data_file.parent)
    # The checks read a rolled-back copy, not the file: nothing beside it changes.
    assert files.inspect_file(data_file).state is files.FileState.CURRENT
    assert diagnose(data_file) is None
    assert backups.check_database(data_file).healthy
    assert _digests(data_file.parent) == before
    assert not [p for p in data_file.parent.iterdir() if p.name.startswith(".coachdesk-check")]
    open_database(data_file).close()
    assert not companions.has_hot_journal(data_file)
    assert _names(data_file) == ["Ana", "Ben", "Cleo"]


def test_set_aside_takes_the_journal_along(data_file):
    journal = companions.companion(data_file, "-journal")
    journal.write_bytes(b"not ours")
    aside = set_aside(data_file)
    assert companions.companion(aside, "-journal").read_bytes() == b"not ours"
    assert not journal.exists() and not data_file.exists()


def test_a_checks_scratch_folder_left_by_a_kill_is_removed_at_the_next_open(data_file):
    scratch = data_file.parent / f"{companions.SCRATCH_PREFIX}abc123"
    scratch.mkdir()
    (scratch / data_file.name).write_bytes(data_file.read_bytes())
    open_database(data_file).close()
    assert not scratch.exists()


def test_a_wrong_application_id_on_coachdesks_schema_is_damage(data_file):
    set_application_id(data_file, 12345)
    with pytest.raises(StorageError) as refused:
        files.inspect_file(data_file)
    assert refused.value.problem is Problem.CORRUPT
    _assert_damaged_and_untouched(data_file)


def test_another_programs_database_is_still_not_ours(tmp_path):
    other = tmp_path / "other.db"
    with closing(dbapi.connect(other)) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("PRAGMA application_id = 12345")
    with pytest.raises(StorageError) as refused:
        files.inspect_file(other)
    assert refused.value.problem is Problem.NOT_COACHDESK


@pytest.mark.parametrize("table", sorted(files.HEAD_TABLES - {"alembic_version"}))
def test_a_missing_table_is_damage(data_file, table):
    drop_table(data_file, table)
    _assert_damaged_and_untouched(data_file)


def test_the_head_tables_are_the_models_tables():
    assert {*Base.metadata.tables, "alembic_version"} == files.HEAD_TABLES


@pytest.mark.parametrize("emptied", ["zero bytes", "no tables"])
def test_an_emptied_file_beside_backups_is_damage(data_file, emptied):
    backups.make_backup(data_file, data_file.parent / "backups", backups.BackupKind.ROUTINE)
    data_file.unlink()
    if emptied == "zero bytes":
        empty_file(data_file)
    else:
        with closing(dbapi.connect(data_file)) as connection:
            connection.execute("PRAGMA user_version = 1")  # an SQLite file with no table
    _assert_damaged_and_untouched(data_file)


def test_an_emptied_file_is_damage_beside_backups_in_the_chosen_folder(data_file, tmp_path):
    chosen = tmp_path / "Dropbox" / "CoachDesk"
    chosen.mkdir(parents=True)
    backups.make_backup(data_file, chosen, backups.BackupKind.ROUTINE)
    data_file.write_bytes(b"")
    with pytest.raises(StorageError) as refused:
        open_database(data_file, chosen)
    assert "there are backups of a practice beside it" in refused.value.message
    assert data_file.read_bytes() == b""


def test_an_empty_file_with_no_backup_is_a_new_practice(tmp_path):
    path = tmp_path / "coachdesk.db"
    path.write_bytes(b"")
    open_database(path, tmp_path / "backups").close()
    assert files.inspect_file(path).state is files.FileState.CURRENT


def test_the_start_up_check_sees_a_value_a_check_constraint_forbids(data_file):
    with closing(dbapi.connect(data_file, isolation_level=None)) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute("UPDATE clients SET status = 'actvie' WHERE name = 'Ben'")
    before = _digests(data_file.parent)
    error = diagnose(data_file)
    assert error is not None and error.problem in DAMAGED
    assert _digests(data_file.parent) == before
