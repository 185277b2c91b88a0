"""Which files are encrypted, where each one's key envelope is, and the data keys this
process holds.

An encrypted file is an SQLCipher 4 database (its defaults: 4096-byte pages, AES-256-CBC,
HMAC-SHA512, 80 reserved bytes per page) keyed with the raw data key.  Its envelope
(``keys``) travels with it:

* the data file keeps it beside itself, in ``<data file>.keys`` (written whole, never
  half), and inside every backup made of it, so any backup alone opens the file too;
* a restore of a backup under another key writes the backup's envelope to
  ``<data file>.keys.next`` first, headed by the SQLCipher salt of the file it belongs to
  (the restored copy: every copy has its own salt), then renames that copy over the data
  file, then the envelope over ``.keys``: killed between the two, the envelope whose salt
  is the data file's is the one read (``envelope_for``), and the next open settles it
  (``settle_next``);
* a backup or copy is the database followed by a **trailer**: the envelope, its length
  (8 bytes, big-endian) and ``TRAILER_MAGIC``.  SQLite reads only the pages the header
  counts, so any SQLCipher tool opens the file as it is.

``key_for`` finds the key a file needs among the held ones; ``connections.open_sqlite``
asks it for every connection, so every path that opens a file (the fast plain-SQL reads
before the first paint included) opens an encrypted one the same way.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.storage.errors import Problem, StorageError

if TYPE_CHECKING:
    from coachdesk.storage.keys import Envelope

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECAR_SUFFIX = ".keys"
NEXT_SUFFIX = ".keys.next"
TRAILER_MAGIC = b"\x00CoachDesk keys1"
TRAILER_LENGTH = 8
PAGE_SIZE = 4096
RESERVED = 80  # SQLCipher 4's per-page IV (16 bytes) and HMAC-SHA512 (64)
SALT = 16  # the first bytes of an SQLCipher file: its salt, in place of SQLite's magic
MAX_ENVELOPE = 64 * 1024

_held: dict[str, bytes] = {}
_lock = threading.Lock()


def hold(data_key: bytes) -> str:
    """Keep ``data_key`` for this process's connections; return its key id."""
    from coachdesk.storage.keys import key_id

    name = key_id(data_key)
    with _lock:
        _held[name] = data_key
    return name


def forget_keys() -> None:
    """Let go of every held key (locking, or a test's end)."""
    with _lock:
        _held.clear()


def held_key(name: str) -> bytes | None:
    with _lock:
        return _held.get(name)


def sidecar(database: Path) -> Path:
    return database.with_name(database.name + SIDECAR_SUFFIX)


def next_sidecar(database: Path) -> Path:
    return database.with_name(database.name + NEXT_SUFFIX)


def write_next(database: Path, copy: Path, envelope: Envelope) -> None:
    """Before ``copy`` (encrypted, finished) is renamed over ``database``: its envelope in
    ``<database>.keys.next``, headed by its salt, written whole (see the module notes)."""
    from coachdesk.storage.private_files import write_private

    salt = _read(copy, SALT)
    write_private(next_sidecar(database), salt.hex().encode() + b"\n" + envelope.to_bytes())


def _next_envelope(database: Path) -> bytes | None:
    """The envelope in ``<database>.keys.next`` if it belongs to the data file as it is
    now (a restore renamed its copy into place), else None."""
    try:
        salt, _, data = next_sidecar(database).read_bytes().partition(b"\n")
    except OSError:
        return None
    return data if data and salt == _read(database, SALT).hex().encode() else None


def settle_next(database: Path) -> None:
    """Finish what a restore began (see the module notes): the next envelope over ``.keys``
    once its file is the data file; else (its copy never replaced the data file) gone.
    Call with the data folder's lock held, after the restore's partial file is cleared."""
    from coachdesk.storage.private_files import write_private

    pending = next_sidecar(database)
    if not pending.exists():
        return
    data = _next_envelope(database)
    if data is not None:
        write_private(sidecar(database), data)
    pending.unlink(missing_ok=True)


def _read(path: Path, size: int, offset: int = 0) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            if offset < 0:
                handle.seek(offset, os.SEEK_END)
            else:
                handle.seek(offset)
            return handle.read(size)
    except OSError:
        return b""


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` is there, not empty, and not a plain SQLite file: an encrypted one,
    if an envelope goes with it (``envelope_for``)."""
    head = _read(path, len(SQLITE_HEADER))
    return bool(head) and head != SQLITE_HEADER


def is_locked(path: Path) -> bool:
    """Whether ``path`` is an encrypted file of ours (an envelope in its trailer or beside
    it) while this process holds no key: the window's first paint is then its unlock
    screen.  Reads a few bytes; neither parses the envelope nor loads the cryptography."""
    with _lock:
        if _held:
            return False
    if not looks_encrypted(path):
        return False
    return sidecar(path).is_file() or trailer_envelope(path) is not None


def trailer_envelope(path: Path) -> bytes | None:
    """The envelope bytes at the end of ``path``, or None when it has no trailer."""
    tail = _read(path, TRAILER_LENGTH + len(TRAILER_MAGIC), -(TRAILER_LENGTH + len(TRAILER_MAGIC)))
    if len(tail) != TRAILER_LENGTH + len(TRAILER_MAGIC) or not tail.endswith(TRAILER_MAGIC):
        return None
    length = int.from_bytes(tail[:TRAILER_LENGTH], "big")
    if not 0 < length <= MAX_ENVELOPE:
        return None
    data = _read(path, length, -(length + len(tail)))
    return data if len(data) == length else None


def trailer_size(path: Path) -> int:
    """How many bytes at the end of ``path`` are its trailer (0 without one)."""
    data = trailer_envelope(path)
    return 0 if data is None else len(data) + TRAILER_LENGTH + len(TRAILER_MAGIC)


def envelope_for(path: Path) -> Envelope | None:
    """The envelope of the encrypted file ``path`` (its trailer, else the ``.keys`` file
    beside it), or None for a plain file, or one with no envelope.  A missing or empty
    file with a ``.keys`` file beside it is to be created encrypted: that envelope."""
    head = _read(path, len(SQLITE_HEADER))
    if head == SQLITE_HEADER:
        return None  # a plain file: read without loading the cryptography
    data = (trailer_envelope(path) or _next_envelope(path)) if head else None
    if data is None:
        try:
            data = sidecar(path).read_bytes()
        except OSError:
            return None
    from coachdesk.storage.keys import DamagedEnvelope, envelope_from_bytes

    try:
        return envelope_from_bytes(data)
    except DamagedEnvelope as exc:
        raise StorageError(
            Problem.NEEDS_KEY,
            f"The key envelope of {path} cannot be read ({exc.message}). Open a backup with "
            "your passphrase or recovery key instead.",
        ) from exc


def key_for(path: Path) -> bytes | None:
    """The data key that opens ``path``: None for a plain (or new) file; a held key for an
    encrypted one, or ``StorageError(NEEDS_KEY)`` when none is held."""
    envelope = envelope_for(path)
    if envelope is None:
        return None
    key = held_key(envelope.key_id)
    if key is None:
        raise StorageError(Problem.NEEDS_KEY, message_for_key(path))
    return key


def message_for_key(path: Path) -> str:
    with _lock:
        other = bool(_held)
    if other:
        return (
            f"{path} was encrypted with another key: it is not this practice's, or it was "
            "made before the practice's protection was set up anew. Open it with its own "
            "passphrase or recovery key."
        )
    return f"{path} is protected with a passphrase. Unlock it with its passphrase or recovery key."


def add_trailer(copy: Path, envelope: Envelope) -> None:
    """End the finished copy ``copy`` of an encrypted file with ``envelope``, so the copy
    alone opens with the passphrase or the recovery key (the caller syncs it)."""
    data = envelope.to_bytes()
    with Path(copy).open("ab") as handle:
        handle.write(data + len(data).to_bytes(TRAILER_LENGTH, "big") + TRAILER_MAGIC)


def write_sidecar(database: Path, envelope: Envelope) -> None:
    """Keep ``envelope`` beside the data file ``database``, written whole (never half)."""
    from coachdesk.storage.private_files import write_private

    write_private(sidecar(database), envelope.to_bytes())


def decrypted_header(page: bytes, data_key: bytes) -> bytes:
    """SQLite's 100-byte header from the encrypted first page ``page`` (AES-256-CBC with
    the page's own IV; the salt stands where SQLite's magic string would), so the checks
    that read a header (``files``, ``companions``) read an encrypted file's as well."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if len(page) < PAGE_SIZE:
        return b""
    iv = page[PAGE_SIZE - RESERVED : PAGE_SIZE - RESERVED + 16]
    decryptor = Cipher(algorithms.AES(data_key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(page[SALT : SALT + 96]) + decryptor.finalize()
    return SQLITE_HEADER + plain[:84]


def header_of(path: Path, size: int = 100) -> bytes:
    """The first ``size`` (at most 100) bytes of ``path``'s SQLite header, decrypted for an
    encrypted file; the raw bytes of any other.  ``StorageError`` NEEDS_KEY when the
    file is encrypted and its key is not held: a locked file is never taken for a damaged
    one."""
    key = key_for(path) if looks_encrypted(path) else None
    if key is not None:
        return decrypted_header(_read(path, PAGE_SIZE), key)[:size]
    return _read(path, size)
