"""The one door to SQLite: every connection CoachDesk makes to one of its files (the data
file, a backup, a scratch copy), for the plain-SQL reads, the ORM's engines, the start-up
checks, backups and restores, is opened by ``open_sqlite``, so what every connection needs
is given in one place.  ``tests/test_layers.py`` checks that no other module calls
``sqlite3.connect`` and that every engine gets its connections from here."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

BUSY_TIMEOUT_MS = 5000


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """The SQLite URI that opens ``path`` read-only.  ``Path.as_uri`` percent-encodes the
    path, so a "?", "#" or "%" in a folder's name stays part of the name.  ``immutable``
    tells SQLite nothing can change the file (a read-only medium): it then reads a WAL-mode
    file without the ``-shm`` it could not create there."""
    return f"{Path(path).absolute().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def open_sqlite(
    path: Path,
    *,
    read_only: bool = False,
    immutable: bool = False,
    pragmas: Iterable[str] = (),
) -> sqlite3.Connection:
    """A connection to ``path`` in autocommit mode (the caller, or SQLAlchemy, opens the
    transactions) that waits ``BUSY_TIMEOUT_MS`` for a lock, then runs each of
    ``pragmas`` ("foreign_keys = ON"); closed again if one fails.  ``read_only`` opens it
    ``mode=ro`` (``immutable``: see ``read_only_uri``)."""
    # An engine's pool hands a connection to one thread at a time, not always the thread
    # that made it (a background import, then the window).
    options = {"isolation_level": None, "check_same_thread": False}
    if read_only:
        connection = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True, **options)
    else:
        connection = sqlite3.connect(path, **options)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        for pragma in pragmas:
            connection.execute(f"PRAGMA {pragma}")
    except BaseException:
        connection.close()
        raise
    return connection
