"""The files SQLite keeps beside the data file, read before anything folds them in.

A ``-wal`` holding commits or a "hot" ``-journal`` (a rollback a crash cut short) is part
of the data: the first connection that may write folds it into the file.  A companion
that belongs to *another* file (left behind when the data file was replaced or copied
in) would be folded in just the same, mixing another file's pages into this one, so
before the first write-capable connection CoachDesk asks whether each companion vouches
for this file, with the standard library only and without writing anything beside it:

* a ``-wal`` with frames is refused when its page size is not the file's, or when the
  file was written well after the WAL while the WAL holds frames not copied into it (the
  ``-shm`` beside it, SQLite's index of that WAL, says how many were): the file was
  replaced or copied in after the WAL was written.  SQLite keeps nothing in a WAL that
  names its file, so a sibling's WAL dated after the file cannot be told from its own;
* a hot ``-journal`` holds the pages as they were before the transaction it would undo.
  Page 1 is always among them, and the file's change counter (bytes 24-27 of page 1,
  raised once per transaction) equals the journaled one or is one above it.  Any other
  counter, or another page size, means the journal was written for another file.

A hot journal cannot be rolled back by a read-only connection, so ``rolled_back`` copies
the file and its journal into a scratch folder beside it and lets SQLite roll the copy
back there: the checks then read the file as it will be, and the original is untouched
until they pass.
"""

from __future__ import annotations

import errno
import shutil
import struct
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from coachdesk.storage import encrypted_files
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.errors import Problem, StorageError, message_for

SCRATCH_PREFIX = ".coachdesk-check-"
HEADER = 100
SUFFIXES = ("-wal", "-shm", "-journal")
WAL_HEADER = 32
SHM_FRAMES = slice(16, 20)  # mxFrame in the first copy of the WAL-index header
SHM_SALTS = slice(32, 40)  # aSalt in the same header
SHM_CHECKPOINT = slice(96, 100)  # nBackfill: the frames already copied into the file
# In WAL mode the file itself is written only by checkpoints, which follow the frames they
# copy within moments (a long one within a minute): a file written later than that, while
# its WAL holds frames not copied in, was put there after the WAL was written.
REPLACED_AFTER_S = 60.0
WAL_SALTS = slice(16, 24)
WAL_MAGIC = (0x377F0682, 0x377F0683)
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def has_companions(path: Path) -> bool:
    """Whether SQLite keeps a -wal, -shm or -journal beside ``path`` (without any, the
    file alone is the data)."""
    return any(companion(path, suffix).exists() for suffix in SUFFIXES)


def _read(path: Path, size: int, offset: int = 0) -> bytes:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(size)
    except OSError:
        return b""


def _page_size(header: bytes) -> int:
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def has_hot_journal(path: Path) -> bool:
    """Whether ``path`` has a ``-journal`` a crash left for SQLite to roll back (its header
    not zeroed; with CoachDesk's lock held no other program is writing it)."""
    head = _read(companion(path, "-journal"), len(JOURNAL_MAGIC))
    return head == JOURNAL_MAGIC and bool(_read(path, 1))


def _wal_problem(path: Path, header: bytes) -> str | None:
    wal_path = companion(path, "-wal")
    wal = _read(wal_path, WAL_HEADER)
    if len(wal) < WAL_HEADER or int.from_bytes(wal[:4], "big") not in WAL_MAGIC:
        return None  # no WAL, or one SQLite itself ignores: it is reset, never replayed
    frame = _read(wal_path, 24, WAL_HEADER)
    if len(frame) < 24 or frame[8:16] != wal[WAL_SALTS]:
        return None  # no frame of this WAL's generation: nothing SQLite would fold in
    if int.from_bytes(wal[8:12], "big") != _page_size(header):
        return f"its {wal_path.name} has pages of another size"
    shm = _read(companion(path, "-shm"), SHM_CHECKPOINT.stop)
    # SQLite's index of this very WAL (same salts) says whether its frames are in the file.
    taken_in = (
        len(shm) == SHM_CHECKPOINT.stop
        and shm[SHM_SALTS] == wal[WAL_SALTS]
        and (struct.unpack("=I", shm[SHM_CHECKPOINT])[0] >= struct.unpack("=I", shm[SHM_FRAMES])[0])
    )
    try:
        replaced = path.stat().st_mtime > wal_path.stat().st_mtime + REPLACED_AFTER_S
    except OSError:
        return None
    if replaced and not taken_in:
        return f"the file was replaced after its {wal_path.name} was written"
    return None


def _same_file(path: Path, journal: Path, offset: int, header: bytes) -> bool:
    """Whether the page 1 that ``journal`` holds at ``offset`` is ``path``'s own.

    Plain: SQLite's next change counter is one above the one in page 1, so the file's is
    the journaled one (page 1 not rewritten yet) or one above it.  SQLCipher: the journal
    holds page 1 encrypted anew, and the next counter is one above the ciphertext there
    was on disk, so counters tell nothing; but page 1 starts with the file's own random
    salt, which every copy of it (a backup, a restore) has different."""
    if encrypted_files.looks_encrypted(path):
        salt = encrypted_files.SALT
        return _read(journal, salt, offset) == _read(path, salt)
    before = int.from_bytes(_read(journal, HEADER, offset)[24:28], "big")
    now = int.from_bytes(header[24:28], "big")
    return now in (before, (before + 1) & 0xFFFFFFFF)


def _journal_problem(path: Path, header: bytes) -> str | None:
    if not has_hot_journal(path):
        return None
    journal = companion(path, "-journal")
    head = _read(journal, 28)
    sector = int.from_bytes(head[20:24], "big") or 512
    page_size = int.from_bytes(head[24:28], "big")
    if page_size != _page_size(header):
        return f"its {journal.name} has pages of another size"
    record = sector
    size = journal.stat().st_size
    while record + 4 + page_size + 4 <= size:
        number = int.from_bytes(_read(journal, 4, record), "big")
        if number == 1:
            if not _same_file(path, journal, record + 4, header):
                return f"its {journal.name} was written for another file"
            return None
        record += 4 + page_size + 4
    return None  # page 1 not journaled yet: the transaction changed nothing so far


def foreign_companion(path: Path) -> str | None:
    """Why a ``-wal`` or hot ``-journal`` beside ``path`` cannot be folded into it, or None
    (no such companion, or one that belongs to the file).  Reads only."""
    header = encrypted_files.header_of(path, HEADER)
    if len(header) < HEADER:
        return None
    return _wal_problem(path, header) or _journal_problem(path, header)


def foreign_companion_error(path: Path) -> StorageError | None:
    reason = foreign_companion(path)
    if reason is None:
        return None
    return StorageError(
        Problem.CORRUPT,
        f"The data file ({path}) is damaged: {reason}. CoachDesk has not folded it in. Do "
        "not delete either file: restore a backup, and keep them for support.",
    )


@contextmanager
def rolled_back(path: Path) -> Iterator[Path]:
    """``path`` as it will be once its hot journal is rolled back: a copy rolled back in a
    scratch folder beside it (removed afterwards), or ``path`` itself when there is no
    hot journal.  The original and its journal are not touched."""
    if not has_hot_journal(path):
        yield path
        return
    try:  # beside the file, never in the system's temp folder: the copy holds client data
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=path.parent))
    except OSError as exc:
        raise StorageError(Problem.READ_ONLY, message_for(Problem.READ_ONLY, path)) from exc
    try:
        copy = scratch / path.name
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(companion(path, "-journal"), companion(copy, "-journal"))
            envelope = encrypted_files.sidecar(path)
            if envelope.exists():  # an encrypted file: its copy needs the same key envelope
                shutil.copyfile(envelope, encrypted_files.sidecar(copy))
        except OSError as exc:
            problem = Problem.DISK_FULL if exc.errno == errno.ENOSPC else Problem.CANNOT_OPEN
            raise StorageError(problem, message_for(problem, path)) from exc
        with closing(open_sqlite(copy)) as connection:
            connection.execute("PRAGMA schema_version").fetchone()  # rolls the journal back
        yield copy
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def clear_scratch(folder: Path) -> None:
    """Remove scratch folders a check that was killed left in ``folder`` (call with the
    data folder's lock held: no other check is running there)."""
    try:
        leftovers = [entry for entry in folder.iterdir() if entry.name.startswith(SCRATCH_PREFIX)]
    except OSError:
        return
    for entry in leftovers:
        shutil.rmtree(entry, ignore_errors=True)
