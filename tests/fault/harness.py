"""The parent's side of the fault-injection tests: start a child, read its reports, kill
it, and look at what it left on disk.

A plain file is read with the standard library's ``sqlite3``, a reader independent of the
code under test; an encrypted one (``protected.is_encrypted``) with the keyed driver
through ``connections.open_sqlite``, once this process holds its key."""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import time
from contextlib import closing
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from coachdesk.storage.connections import add_functions, open_sqlite
from coachdesk.storage.driver import dbapi
from coachdesk.storage.encrypted_files import SIDECAR_SUFFIX
from tests.dumps import dump_connection
from tests.fault import workers
from tests.fault.protected import is_encrypted
from tests.fault.workers import RECORD

COMPANIONS = ("-wal", "-shm", "-journal")


class Child:
    """A forkserver child running ``target(*args, out)``; ``out`` is the write end of a
    pipe the child reports on (8-byte records, or pickled messages with ``recv``).
    ``unlock=(database, passphrase_file)``: the child first unlocks the encrypted file
    ``database`` with the passphrase in ``passphrase_file`` (``workers.unlocking``)."""

    def __init__(
        self,
        context: BaseContext,
        target: object,
        *args: object,
        stderr: Path | None = None,
        unlock: tuple[Path, Path] | None = None,
    ) -> None:
        if unlock is not None:
            args = (str(unlock[0]), str(unlock[1]), target, *args)
            target = workers.unlocking
        self._reader, writer = context.Pipe(duplex=False)
        self.stderr = stderr
        if stderr is None:
            self.process = context.Process(target=target, args=(*args, writer), daemon=True)
        else:
            self.process = context.Process(
                target=workers.logged, args=(str(stderr), target, *args, writer), daemon=True
            )
        self.process.start()
        writer.close()  # ours: EOF on the reader once the child is gone
        self._buffer = b""
        self._eof = False
        self.records: list[int] = []

    def _pump(self, timeout: float) -> bool:
        """Read what is there (waiting up to ``timeout``); False when nothing came."""
        if self._eof:
            return False
        ready, _, _ = select.select([self._reader.fileno()], [], [], timeout)
        if not ready:
            return False
        chunk = os.read(self._reader.fileno(), 65536)
        if not chunk:
            self._eof = True
            return False
        self._buffer += chunk
        whole = len(self._buffer) - len(self._buffer) % RECORD.size
        self.records += [value for (value,) in RECORD.iter_unpack(self._buffer[:whole])]
        self._buffer = self._buffer[whole:]
        return True

    def wait_for(self, value: int, timeout: float = 30.0) -> bool:
        """Wait until the child reports ``value``; False if it ended or time ran out."""
        deadline = time.monotonic() + timeout
        while value not in self.records:
            left = deadline - time.monotonic()
            if left <= 0 or (not self._pump(left) and self._eof):
                return value in self.records
        return True

    def wait_for_any(self, timeout: float = 30.0) -> bool:
        """Wait for the child's first report; False if it ended or time ran out."""
        deadline = time.monotonic() + timeout
        while not self.records:
            left = deadline - time.monotonic()
            if left <= 0 or (not self._pump(left) and self._eof):
                return bool(self.records)
        return True

    def drain(self) -> list[int]:
        """Everything reported so far, without waiting."""
        while self._pump(0):
            pass
        return self.records

    def _read_to_end(self) -> None:
        while not self._eof:
            self._pump(5.0)
        # A record cut in half cannot happen (atomic pipe writes): say so loudly if it does.
        assert not self._buffer, f"a torn report record: {self._buffer!r}"

    def kill(self) -> None:
        """SIGKILL (a no-op if it already ended), then collect every complete record."""
        self.process.kill()
        self.finish()

    def finish(self, timeout: float = 30.0) -> None:
        self.process.join(timeout)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        self._read_to_end()
        self._reader.close()

    def recv(self, timeout: float = 60.0) -> object:
        """One pickled message (children that ``send`` a result)."""
        if not self._reader.poll(timeout):
            raise AssertionError("the child sent nothing")
        return self._reader.recv()

    def errors(self) -> str:
        """What the child wrote on stderr (a traceback if it failed), when it was kept."""
        if self.stderr is None or not self.stderr.exists():
            return ""
        return self.stderr.read_text(errors="replace")

    @property
    def killed(self) -> bool:
        return self.process.exitcode == -9


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def connect(path: Path, *, read_only: bool = False) -> Any:
    """A connection in autocommit mode to the plain file ``path`` (``sqlite3``) or to the
    encrypted one (``open_sqlite``, with the key this process holds)."""
    if is_encrypted(path):
        return open_sqlite(path, read_only=read_only)
    if read_only:
        return dbapi.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, isolation_level=None)
    connection = dbapi.connect(path, isolation_level=None)
    add_functions(connection)  # the search index's triggers call them
    return connection


def integrity(path: Path, *, read_only: bool = False) -> str:
    """'ok', or what SQLite's integrity check (on a fresh connection) says is wrong.  On a
    read-only connection SQLite does not verify CHECK constraints (it does not even parse
    them), so ``read_only=True`` checks the structure alone."""
    try:
        with closing(connect(path, read_only=read_only)) as connection:
            connection.text_factory = bytes  # damaged names in the messages need not be UTF-8
            rows = connection.execute("PRAGMA integrity_check").fetchall()
    except (dbapi.DatabaseError, UnicodeDecodeError, MemoryError) as exc:
        # SQLite refused the file (an error message quoting damaged bytes is not UTF-8;
        # a damaged length in the search index's pages asks SQLite for more memory than
        # there is, SQLITE_NOMEM).
        return f"{type(exc).__name__}: {exc}"
    messages = [row[0].decode("utf-8", "replace") for row in rows]
    return "ok" if messages == ["ok"] else "; ".join(messages[:3])


def fingerprint(path: Path) -> str:
    """A hash of everything in the database (schema and rows, as ``iterdump`` prints it;
    the keyed driver has no ``iterdump``: the standard library's own, on its connection)."""
    with closing(connect(path)) as connection:
        return hashlib.sha256("\n".join(dump_connection(connection)).encode()).hexdigest()


def names(path: Path, pattern: str) -> set[str]:
    with closing(connect(path)) as connection:
        rows = connection.execute("SELECT name FROM clients WHERE name GLOB ?", (pattern,))
        return {row[0] for row in rows}


def copy_with_companions(database: Path, folder: Path) -> Path:
    """Copy a data file as it lies on disk (with its -wal / -journal, and the key envelope
    of an encrypted one; the -shm index is rebuilt from the WAL) into ``folder``: a crash
    image to examine without touching it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / database.name
    for suffix in ("", "-wal", "-journal", SIDECAR_SUFFIX):
        source = database.with_name(database.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
