"""A corpus of data folders whose data file is damaged in the ways start-up must see
before it writes: empty or table-less files beside backups, a wrong application id on
CoachDesk's schema, a table or the schema record gone, a value only a CHECK constraint
forbids, a header cut short or not SQLite's, and companions of another file (a ``-wal``
of another page size, a ``-wal`` older than a file copied in over it, a hot
``-journal`` written for another file).

``build(source, folder)`` makes one folder per case, each with the data file, any
companions and a verified backup in ``backups/``; the random bit flips, cuts and zeroed
pages are in ``test_damaged_files.py``.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coachdesk.storage.backups import BackupKind, make_backup
from coachdesk.storage.files import HEAD_TABLES
from tests.damage import drop_table, empty_file, run_sql, set_application_id

DATA_NAME = "coachdesk.sqlite3"


@dataclass(frozen=True)
class Case:
    kind: str
    detail: str
    database: Path


_KILLED = """
import os, sys
from coachdesk.storage.connections import add_functions
from coachdesk.storage.driver import dbapi
connection = dbapi.connect(sys.argv[1], isolation_level=None)
add_functions(connection)  # the search index's triggers call them
connection.execute("PRAGMA journal_mode = " + sys.argv[2])
connection.execute("PRAGMA wal_autocheckpoint = 0")
connection.execute("PRAGMA cache_size = 1")
if sys.argv[2] == "DELETE":
    connection.execute("BEGIN")
for statement in sys.argv[3:]:
    connection.execute(statement)
os._exit(0)
"""


def _killed_writer(path: Path, mode: str, *statements: str) -> None:
    """Run ``statements`` on ``path`` in journal ``mode`` and die before closing: the
    commits stay in the -wal (WAL) or the transaction in a hot -journal (DELETE)."""
    subprocess.run([sys.executable, "-c", _KILLED, str(path), mode, *statements], check=True)


GROW = (
    "INSERT INTO clients (name, preferred_name, pronouns, email, phone, organisation, role, "
    "status, private_notes, usual_location, created_at, updated_at) "
    "SELECT name || ' again', '', '', '', '', '', '', 'active', hex(randomblob(2000)), '', "
    "created_at, updated_at FROM clients"
)


def _emptied(path: Path, rng: random.Random) -> str:
    empty_file(path)
    return "0 bytes"


def _table_less(path: Path, rng: random.Random) -> str:
    path.unlink()
    page_size = rng.choice((512, 1024, 4096, 8192, 65536))
    run_sql(path, f"PRAGMA page_size = {page_size}", "VACUUM")
    return f"an SQLite file with no table, pages of {page_size}"


def _wrong_id(path: Path, rng: random.Random) -> str:
    value = rng.choice((0, 1, rng.randrange(2, 2**31)))
    set_application_id(path, value)
    return f"application id {value}"


def _dropped_table(path: Path, rng: random.Random) -> str:
    table = rng.choice(sorted(HEAD_TABLES))
    drop_table(path, table)
    return f"table {table} dropped"


def _schema_record_emptied(path: Path, rng: random.Random) -> str:
    run_sql(path, "DELETE FROM alembic_version")
    return "alembic_version emptied"


def _check_only(path: Path, rng: random.Random) -> str:
    statement = rng.choice(
        (
            "UPDATE clients SET status = 'actvie' WHERE id = (SELECT min(id) FROM clients)",
            "UPDATE clients SET name = '  ' WHERE id = (SELECT max(id) FROM clients)",
            "UPDATE coaching_sessions SET duration_minutes = 0 "
            "WHERE id = (SELECT min(id) FROM coaching_sessions)",
            "UPDATE coaching_sessions SET medium = 'fax' "
            "WHERE id = (SELECT max(id) FROM coaching_sessions)",
            "UPDATE coaching_sessions SET status = 'maybe' "
            "WHERE id = (SELECT min(id) FROM coaching_sessions)",
        )
    )
    run_sql(path, "PRAGMA ignore_check_constraints = ON", statement)
    return statement.split(" WHERE")[0]


def _short_header(path: Path, rng: random.Random) -> str:
    size = rng.randrange(1, 100)
    path.write_bytes(path.read_bytes()[:size])
    return f"cut to {size} bytes, inside the header"


def _not_sqlite(path: Path, rng: random.Random) -> str:
    data = bytearray(path.read_bytes())
    data[rng.randrange(16)] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    return "a bit of the magic string flipped"


def _wal_of_another_page_size(path: Path, rng: random.Random) -> str:
    other = path.with_name("other.sqlite3")
    page_size = rng.choice((1024, 8192, 16384))
    run_sql(other, f"PRAGMA page_size = {page_size}", "CREATE TABLE t (x)")
    _killed_writer(other, "WAL", "INSERT INTO t VALUES (1)")
    os.replace(other.with_name(other.name + "-wal"), path.with_name(path.name + "-wal"))
    for leftover in path.parent.glob("other.sqlite3*"):
        leftover.unlink()
    return f"the -wal of a file with {page_size}-byte pages"


def _copied_over_a_crashed_file(path: Path, rng: random.Random) -> str:
    other = path.with_name("other.sqlite3")
    shutil.copyfile(path, other)
    _killed_writer(path, "WAL", "UPDATE clients SET name = 'from the old file'")
    hours = rng.choice((1, 5, 24, 24 * 30))
    then = time.time() - hours * 3600
    shm = path.with_name(path.name + "-shm")
    if rng.random() < 0.25:
        shm.unlink()  # the index is gone too: a -wal alone
    else:
        os.utime(shm, (then, then))
    os.utime(path.with_name(path.name + "-wal"), (then, then))
    os.replace(other, path)
    return f"another data file copied in {hours} h after the old one's -wal"


def _journal_of_another_file(path: Path, rng: random.Random) -> str:
    other = path.with_name("other.sqlite3")
    shutil.copyfile(path, other)
    run_sql(other, "PRAGMA journal_mode = DELETE")
    for _ in range(rng.randrange(1, 4)):  # the sibling's change counter moves on
        run_sql(other, "UPDATE clients SET private_notes = private_notes || '.'")
    _killed_writer(other, "DELETE", GROW)
    os.replace(other.with_name(other.name + "-journal"), path.with_name(path.name + "-journal"))
    other.unlink()
    return "the hot -journal of a sibling copy"


KINDS: dict[str, tuple[Callable[[Path, random.Random], str], int]] = {
    "emptied": (_emptied, 4),
    "table-less": (_table_less, 8),
    "wrong application id": (_wrong_id, 12),
    "table dropped": (_dropped_table, 14),
    "schema record emptied": (_schema_record_emptied, 2),
    "check constraint": (_check_only, 10),
    "short header": (_short_header, 8),
    "not sqlite": (_not_sqlite, 8),
    "foreign -wal (page size)": (_wal_of_another_page_size, 9),
    "foreign -wal (file copied in)": (_copied_over_a_crashed_file, 16),
    "foreign hot -journal": (_journal_of_another_file, 12),
}


def build(source: Path, folder: Path, seed: int) -> list[Case]:
    """One data folder per case under ``folder``, each holding a damaged copy of ``source``
    and a verified backup of it made before the damage."""
    rng = random.Random(f"{seed}:startup-corpus")
    template = folder / "template"
    template.mkdir(parents=True)
    backup = make_backup(source, template, BackupKind.ROUTINE).path
    cases = []
    for kind, (damage, count) in KINDS.items():
        for number in range(count):
            data_dir = folder / f"{kind.replace(' ', '-')}-{number}"
            (data_dir / "backups").mkdir(parents=True)
            shutil.copyfile(backup, data_dir / "backups" / backup.name)
            database = data_dir / DATA_NAME
            shutil.copyfile(source, database)
            detail = damage(database, rng)
            cases.append(Case(kind, detail, database))
    return cases
