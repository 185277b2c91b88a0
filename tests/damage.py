"""Ways the tests damage a data file the way a crash, a sync tool or another program would,
shared by the storage, start-up, window and smoke-test cases."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from coachdesk.storage.connections import add_functions
from coachdesk.storage.driver import dbapi


def run_sql(path: Path, *statements: str) -> None:
    """Run ``statements`` on ``path`` with plain SQLite, each committed at once."""
    with closing(dbapi.connect(path, isolation_level=None)) as connection:
        add_functions(connection)  # the search index's triggers call them
        for statement in statements:
            connection.execute(statement)


def empty_file(path: Path) -> None:
    """Cut the file to 0 bytes (a sync tool's placeholder, a failed copy)."""
    path.write_bytes(b"")


def drop_table(path: Path, table: str) -> None:
    run_sql(path, "PRAGMA foreign_keys = OFF", f"DROP TABLE {table}")


def set_application_id(path: Path, value: int) -> None:
    run_sql(path, f"PRAGMA application_id = {value}")
