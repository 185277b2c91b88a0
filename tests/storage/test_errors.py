"""Environment failures become one error type with a plain message."""

from __future__ import annotations

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import connections
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.errors import Problem, StorageError, storage_error_from


def sqlite_error(kind: type[dbapi.Error], code: int, message: str) -> dbapi.Error:
    error = kind(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("code", "problem", "words"),
    [
        (5, Problem.LOCKED, "busy"),
        (8, Problem.READ_ONLY, "read-only"),
        (13, Problem.DISK_FULL, "full"),
        (11, Problem.CORRUPT, "damaged"),
        (26, Problem.NOT_A_DATABASE, "not a database"),
        (10 | (3 << 8), Problem.IO, "could not be read or written"),
    ],
)
def test_sqlite_failures_map_to_plain_problems(code, problem, words):
    error = storage_error_from(sqlite_error(dbapi.OperationalError, code, "x"))
    assert error is not None
    assert error.problem is problem
    assert words in error.message


def test_bugs_are_not_disguised_as_storage_problems():
    assert storage_error_from(ValueError("bug")) is None
    assert storage_error_from(dbapi.IntegrityError("CHECK constraint failed")) is None


def test_a_locked_file_raises_storage_error(db, monkeypatch):
    create_client(db, ClientData(name="Ada"))
    blocker = dbapi.connect(db.path, isolation_level=None, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        monkeypatch.setattr(connections, "BUSY_TIMEOUT_MS", 10)
        db.engine.dispose()
        with pytest.raises(StorageError) as caught:
            create_client(db, ClientData(name="Grace"))
        assert caught.value.problem is Problem.LOCKED
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert [row.name for row in list_clients(db)] == ["Ada"]


def test_a_damaged_file_raises_storage_error(app_paths):
    db = open_database(app_paths.database)
    for number in range(300):
        create_client(db, ClientData(name=f"Client {number}", private_notes="x" * 500))
    db.close()
    with dbapi.connect(app_paths.database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(app_paths.database.read_bytes())
    page = 4096
    raw[3 * page : 40 * page] = b"\xde\xad" * ((37 * page) // 2)
    app_paths.database.write_bytes(bytes(raw))
    with pytest.raises(StorageError) as caught:
        db = open_database(app_paths.database)
        try:
            list_clients(db)
        finally:
            db.close()
    assert caught.value.problem is Problem.CORRUPT
    assert "damaged" in caught.value.message
