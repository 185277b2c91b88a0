"""The one door to SQLite: every connection CoachDesk makes to one of its files (the data
file, a backup, a scratch copy), for the plain-SQL reads, the ORM's engines, the start-up
checks, backups and restores, is opened by ``open_sqlite``, so what every connection needs
is given in one place: an encrypted file's key among them (``encrypted_files.key_for``).
``tests/test_layers.py`` checks that no other module imports a SQLite driver and that
every engine gets its connections from here.

The driver is ``driver.dbapi`` (SQLCipher's), for plain and encrypted files alike."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coachdesk.storage import encrypted_files
from coachdesk.storage.driver import dbapi

BUSY_TIMEOUT_MS = 5000
FIND_KEY = b""  # ``open_sqlite``'s default: the key the file needs, if any


# The search index's two functions (``storage.search``): its triggers call them, so every
# connection that may write a record has them.  ``domain.search`` (and its stemmer) is
# imported on the first write, not on the way to the first page.
WORDS_FUNCTION = "coachdesk_index_words"
STEMS_FUNCTION = "coachdesk_index_stems"
DIGEST_FUNCTION = "coachdesk_index_digest"


def _index_words(text: str | None) -> str:
    from coachdesk.domain.search import index_words

    return index_words(text or "")


def _index_stems(text: str | None, language: str | None) -> str:
    from coachdesk.domain.search import index_stems

    return index_stems(text or "", language or "")


def _index_digest(text: str | None, language: str | None) -> int:
    """A 64-bit digest of what a row of the index was made from (its text and language)."""
    from hashlib import blake2b

    made = blake2b(f"{language or ''}\x00{text or ''}".encode(), digest_size=8).digest()
    return int.from_bytes(made, "big", signed=True)


def add_functions(connection: dbapi.Connection) -> None:
    """Give ``connection`` the SQL functions the data file's triggers call."""
    connection.create_function(WORDS_FUNCTION, 1, _index_words, deterministic=True)
    connection.create_function(STEMS_FUNCTION, 2, _index_stems, deterministic=True)
    connection.create_function(DIGEST_FUNCTION, 2, _index_digest, deterministic=True)


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
    key: bytes | None = FIND_KEY,
) -> dbapi.Connection:
    """A connection to ``path`` in autocommit mode (the caller, or SQLAlchemy, opens the
    transactions) that waits ``BUSY_TIMEOUT_MS`` for a lock, then runs each of
    ``pragmas`` ("foreign_keys = ON"); closed again if one fails.  ``read_only`` opens it
    ``mode=ro`` (``immutable``: see ``read_only_uri``).

    ``key``: by default the held key an encrypted file needs (``StorageError`` NEEDS_KEY
    when none is held), none for a plain or new file; a data key to create an encrypted
    file; None for a plain one.  An encrypted connection keeps its temporary tables and
    indexes in memory, so nothing of it is written unencrypted."""
    if key == FIND_KEY:
        key = encrypted_files.key_for(path)
    # An engine's pool hands a connection to one thread at a time, not always the thread
    # that made it (a background import, then the window).
    options = {"isolation_level": None, "check_same_thread": False}
    if read_only:
        connection = dbapi.connect(read_only_uri(path, immutable=immutable), uri=True, **options)
    else:
        connection = dbapi.connect(path, **options)
    try:
        # SQLCipher writes its own errors (a wrong key's failed HMAC) to stderr otherwise.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key:
            connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            connection.execute("PRAGMA temp_store = MEMORY")
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        add_functions(connection)
        for pragma in pragmas:
            connection.execute(f"PRAGMA {pragma}")
    except BaseException:
        connection.close()
        raise
    return connection
