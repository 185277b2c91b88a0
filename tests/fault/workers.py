"""What the child processes of the fault-injection tests run, and how they report back.

The children are forked from a ``multiprocessing`` forkserver that has imported this
module (and with it SQLAlchemy, Alembic and CoachDesk's storage layer) once, so a child
starts in milliseconds and can be killed at any moment of real storage work.

A child reports through the write end of a pipe in 8-byte records (``RECORD``): writes
under ``PIPE_BUF`` are atomic, so after a ``kill -9`` the parent reads every record the
child finished writing and never half of one.  A record is sent only after the storage
call it acknowledges has returned.
"""

from __future__ import annotations

import os
import random
import select
import signal
import struct
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy.orm import configure_mappers

from coachdesk.domain.clients import ClientData
from coachdesk.storage import backups, keys, protection
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.errors import StorageError
from coachdesk.storage.lock import InstanceLock
from coachdesk.storage.models import Client, Promise

configure_mappers()  # the ORM's first-use work, done once in the forkserver too

RECORD = struct.Struct("<q")
STARTING = -2  # about to call the storage layer (open / restore / ...)
OPENED = -1  # open_database returned
DONE = -3  # the storage call under test returned


def _say(out: Connection, value: int) -> None:
    os.write(out.fileno(), RECORD.pack(value))


def logged(stderr: str, target: Callable[..., None], *args: object) -> None:
    """Run ``target(*args)`` with this process's stderr (where a failing child's traceback
    goes) in the file ``stderr``, for the parent to show."""
    fd = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 2)
    os.close(fd)
    target(*args)


def unlocking(
    database: str, passphrase_file: str, target: Callable[..., None], *args: object
) -> None:
    """Unlock the encrypted file ``database`` with the passphrase on the first line of
    ``passphrase_file``, as CoachDesk does before it opens the file, then run
    ``target(*args)``: the child holds the key in its own memory."""
    passphrase = Path(passphrase_file).read_text(encoding="utf-8").splitlines()[0]
    protection.unlock(Path(database), keys.PASSPHRASE, passphrase)
    target(*args)


def noop(out: Connection) -> None:
    """Started once to bring the forkserver up before the first timed run."""
    _say(out, DONE)


# --- kill -9 of a writer -------------------------------------------------------------------


def writer(database: str, first: int, seed: int, out: Connection) -> None:
    """Open the data file (creating and migrating it if missing), then add clients
    ``K<first>``, ``K<first + 1>``, ... one unit of work each, until killed; each number
    is reported after ``create_client`` returned."""
    rng = random.Random(seed)
    path = Path(database)
    _say(out, STARTING)
    db = open_database(path, path.parent / "backups")
    _say(out, OPENED)
    number = first
    while True:
        # Notes of 0 to 12 kB: some commits fit in a page, others span several WAL frames.
        notes = "n" * rng.choice((0, 10, 300, 5000, 12000))
        create_client(db, ClientData(name=f"K{number}", private_notes=notes))
        _say(out, number)
        number += 1


# --- backups while another process writes --------------------------------------------------


def pair_writer(database: str, seed: int, out: Connection) -> None:
    """Add client ``W<i>`` and its commitment ``W<i>`` in ONE unit of work, for i = 0, 1,
    ..., until killed; report i after each commit.  Paced (a pause of up to 2 ms after
    each commit) so the file grows slowly while the backups run."""
    rng = random.Random(seed)
    db = open_database(Path(database))
    number = 0
    while True:
        with db.session() as session:
            client = Client(name=f"W{number}", private_notes="w" * rng.choice((0, 200, 3000)))
            session.add(client)
            session.add(Promise(client=client, text=f"W{number}"))
        _say(out, number)
        number += 1
        time.sleep(rng.uniform(0, 0.002))


# --- kill -9 during restore ----------------------------------------------------------------


def restorer(source: str, database: str, backup_folder: str, out: Connection) -> None:
    """Restore ``source`` over ``database``; report STARTING before and DONE after."""
    _say(out, STARTING)
    backups.restore(Path(source), Path(database), Path(backup_folder))
    _say(out, DONE)


def restorer_stopped_while_copying(
    source: str, database: str, backup_folder: str, out: Connection
) -> None:
    """``restorer``, stopped while it writes the new copy of the data file: it reports
    DONE there and waits to be killed."""
    from coachdesk.storage import files

    real = files.sqlite_backup

    def copying(src: Path, target: Path, progress: object = None, **options: object) -> None:
        if target.name.endswith(files.RESTORING_SUFFIX):
            _say(out, DONE)
            while True:
                time.sleep(60)
        real(src, target, progress, **options)  # type: ignore[arg-type]

    files.sqlite_backup = copying  # type: ignore[assignment]
    backups.restore(Path(source), Path(database), Path(backup_folder))


# --- a backup target that fills up or is read-only -----------------------------------------


def _outcome(run: object, out: Connection) -> None:
    try:
        result = run()  # type: ignore[operator]
    except StorageError as exc:
        out.send(("StorageError", exc.problem.value, exc.message))
    except BaseException as exc:
        out.send(("other", repr(exc), traceback.format_exc()))
    else:
        out.send(("ok", str(result), ""))


def backup_with_size_limit(source: str, folder: str, limit: int, out: Connection) -> None:
    """``make_backup`` with every file this process writes limited to ``limit`` bytes
    (RLIMIT_FSIZE, SIGXFSZ ignored so the write fails with EFBIG instead of killing us)."""
    import resource  # POSIX only

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    _outcome(lambda: backups.make_backup(Path(source), Path(folder)).path, out)


def backup_as_user(source: str, folder: str, uid: int, gid: int, out: Connection) -> None:
    """``make_backup`` after dropping root for ``uid``/``gid`` (so permissions apply)."""
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    _outcome(lambda: backups.make_backup(Path(source), Path(folder)).path, out)


# --- the data-folder lock ------------------------------------------------------------------


def lock_holder(folder: str, orders: Connection, out: Connection) -> None:
    """Take the data-folder lock and report our pid; then wait, holding it, until killed or
    told (any message on ``orders``) to release it cleanly, which is reported as DONE."""
    lock = InstanceLock(Path(folder)).acquire()
    _say(out, os.getpid())
    select.select([orders.fileno()], [], [])
    lock.release()
    _say(out, DONE)
