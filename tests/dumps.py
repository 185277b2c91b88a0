"""A data file's schema and rows as SQL text, to compare two files' data.

CoachDesk's SQLite driver (SQLCipher's build of ``sqlite3``) has no ``iterdump``; the
standard library's own runs on its connection (reading through it only: see
``test_layers``, no file is opened with the standard library's SQLite)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from sqlite3.dump import _iterdump

from coachdesk.storage.driver import dbapi


def dump_connection(connection: dbapi.Connection) -> list[str]:
    return list(_iterdump(connection))


def dump(path: Path) -> list[str]:
    """Everything in the plain SQLite file ``path``, read-only."""
    with closing(dbapi.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)) as conn:
        return dump_connection(conn)
