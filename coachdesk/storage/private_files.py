"""Files written whole and readable by the owner only, through a partial file that is not
left behind.

Every file CoachDesk writes to replace another (an export, a PDF, a backup, a restored data
file) is first written as a *partial* file next to it, created 0600 whatever the umask,
and renamed over its target only when whole; a failure removes the partial file.

A process that is killed cannot remove its own, so the next writer does.  Which process
may legitimately be writing a partial file?  Only the one that created it, and only while
it runs: so the writer holds its partial file open and locked (``flock``, which the kernel
drops with the process however it ends) until it is renamed or removed, and a partial
file nobody holds is abandoned, whatever its age.  On Windows a file held open cannot be
deleted, which gives the same rule.  Partial names end in ``PART_SUFFIX`` (a backup's in
``.partial``), CoachDesk's own, so no other program's files are touched.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PART_SUFFIX = ".coachdesk-part"
_ATTEMPTS = 3  # a cleaner may remove a partial file between its creation and its lock

logger = logging.getLogger(__name__)


def _lock(fd: int, *, wait: bool) -> bool:
    """Lock the open file ``fd`` for this process (see the module notes): ``False`` when
    another process holds it, or when the file system cannot lock files (some network
    shares), and a writer then goes on without."""
    if os.name != "posix":
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def create_partial(path: Path, *, exclusive: bool = True) -> int:
    """Create the partial file ``path`` empty, owner-only, and hold it: the open, locked file
    descriptor, to close once ``path`` is renamed or removed.  With ``exclusive``, a file
    already there is an error (``FileExistsError``); otherwise it is waited for (another
    process writing the same target) and emptied.  Raises ``OSError``."""
    flags = os.O_RDWR | os.O_CREAT | (os.O_EXCL if exclusive else 0)
    for _attempt in range(_ATTEMPTS):
        fd = os.open(path, flags, 0o600)
        try:
            _lock(fd, wait=True)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:  # not removed by a cleaner between the creation and the lock
                os.ftruncate(fd, 0)
                if os.name == "posix":
                    os.fchmod(fd, 0o600)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    raise FileExistsError(f"{path} keeps being removed while it is created")


def remove_partial(path: Path, suffixes: Iterable[str] = ()) -> None:
    """Remove the partial file ``path`` and the files named ``path`` + each of ``suffixes``
    (SQLite's ``-wal``, ``-shm`` and ``-journal`` beside it), if they are there."""
    for each in (path, *(path.with_name(path.name + suffix) for suffix in suffixes)):
        each.unlink(missing_ok=True)


def remove_abandoned(path: Path, suffixes: Iterable[str] = ()) -> bool:
    """``remove_partial`` unless a running process still holds ``path`` (see the module
    notes); whether it was removed.  Files beside a partial file that is gone are removed."""
    if os.name != "posix":
        try:
            remove_partial(path, suffixes)
        except OSError:  # held open by its writer
            return False
        return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        fd = None
    except OSError:
        return False
    try:
        if fd is not None and not _lock(fd, wait=False):
            return False
        remove_partial(path, suffixes)
    except OSError:
        return False
    finally:
        if fd is not None:
            os.close(fd)
    return True


def clear_abandoned(
    folder: Path, pattern: str, suffix: str, companions: Iterable[str] = ()
) -> list[Path]:
    """Remove the abandoned partial files in ``folder`` whose names match ``pattern`` and end
    in ``suffix`` (or in ``suffix`` and one of ``companions``, left without their file),
    with their companions; the partial files removed."""
    endings = tuple(companions)
    found: set[Path] = set()
    try:
        for path in folder.glob(pattern):
            name = next(
                (
                    path.name.removesuffix(ending)
                    for ending in endings
                    if path.name.endswith(suffix + ending)
                ),
                path.name,
            )
            if name.endswith(suffix):
                found.add(path.with_name(name))
    except OSError:
        return []
    return [path for path in sorted(found) if remove_abandoned(path, endings)]


def _release(fd: int | None) -> None:
    """Close ``fd``, a partial file held open (which lets go of its lock), if there is one."""
    if fd is not None:
        os.close(fd)


@contextmanager
def private_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through (mode 0600), a piece at a time: a partial file next
    to it, flushed to disk and renamed over ``path`` when the block ends, so ``path`` is never
    half written.  When the block (or the writing) raises, the partial file is removed and
    ``path`` is left as it was.  Partial files of writers killed earlier in that folder are
    removed first."""
    path = Path(path)
    partial = path.with_name(path.name + PART_SUFFIX)
    clear_abandoned(path.parent, f"*{PART_SUFFIX}", PART_SUFFIX)
    with (
        renamed_into_place(partial, path, exclusive=False) as fd,
        os.fdopen(os.dup(fd), "wb") as handle,
    ):
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextmanager
def renamed_into_place(
    partial: Path, target: Path, *, leftovers: Iterable[str] = (), exclusive: bool = True
) -> Iterator[int]:
    """Write ``target`` through ``partial``: created owner-only and held (see the module
    notes) while the block writes it, syncs it and checks it; when the block ends, renamed
    onto ``target`` and the rename made durable.  When the block raises, the partial file
    goes, with the files named after it with each of ``leftovers`` (SQLite's ``-wal`` …),
    and ``target`` is left as it was; once renamed, ``target`` stays.  Yields the held
    file descriptor."""
    held: int | None = create_partial(partial, exclusive=exclusive)
    try:
        yield held
        if os.name == "nt":  # Windows renames no file held open
            _release(held)
            held = None
        os.replace(partial, target)
    except BaseException:
        _release(held)
        held = None
        remove_partial(partial, leftovers)
        raise
    finally:
        _release(held)
    # ``target`` is in place now, whatever follows: a folder that cannot be synced (one the
    # coach may write to but not read, a file system without folder fsync) is no failure.
    try:
        fsync_folder(target.parent)
    except OSError as exc:
        logger.warning("the rename of %s may not be on the disk yet: %s", target.name, exc)


def fsync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (POSIX; Windows has no folder handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (mode 0600), replacing it as a whole: never half written.

    Raises ``OSError`` when the file cannot be written; nothing is left behind then."""
    with private_writer(path) as handle:
        handle.write(data)
    return Path(path)
