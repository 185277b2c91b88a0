"""The encrypted practice of the fault-injection tests: each scenario runs on a plain data
file and on one encrypted with a passphrase (``PROTECTED``, the ``protected`` fixture),
and reports the encrypted figures on their own line (``titled``).

A process that works on an encrypted file holds its key the way CoachDesk does: it
unlocks the file with the passphrase (``unlock``; a child process reads it from a file,
``workers.unlocking``; a ``coachdesk`` command from ``COACHDESK_PASSPHRASE_FILE``).

The suite unlocks in hundreds of child processes, so the key envelopes of its practices
are made with a cheaper scrypt cost (``quick_envelopes``; the cost is stored in the
envelope, and unwrapping it runs the real code).  Nothing else differs: the data file,
its WAL and its backups are encrypted as any protected practice's are.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coachdesk.storage import encrypted_files, keys, protection

PASSPHRASE = "the tide comes in at nine"
QUICK_SCRYPT_N = 2**10  # about 1 ms to unwrap, instead of a quarter of a second
PROTECTED = [pytest.param(False, id="plain"), pytest.param(True, id="encrypted")]


def titled(name: str, protected: bool) -> str:
    """The name of a figures line: the encrypted variant's is its own line."""
    return f"{name} (encrypted)" if protected else name


@contextmanager
def quick_envelopes() -> Iterator[None]:
    """Key envelopes made inside unwrap in a millisecond (see the module notes)."""
    init = keys.Slot.__init__
    saved = init.__defaults__
    assert saved == (keys.SCRYPT_N, keys.SCRYPT_R, keys.SCRYPT_P), saved
    init.__defaults__ = (QUICK_SCRYPT_N, keys.SCRYPT_R, keys.SCRYPT_P)
    try:
        yield
    finally:
        init.__defaults__ = saved


def start_protected(database: Path) -> None:
    """Make the new data file ``database`` one to be created encrypted (its envelope
    beside it); its key is held by this process."""
    with quick_envelopes():
        protection.start_protected(database, PASSPHRASE)


def protect(database: Path) -> None:
    """Encrypt the plain data file ``database``; its key is held by this process."""
    with quick_envelopes():
        protection.protect(database, PASSPHRASE)


def unlock(path: Path) -> None:
    """Hold the key of the encrypted file ``path`` (a data file, a backup, a copy)."""
    protection.unlock(path, keys.PASSPHRASE, PASSPHRASE)


def passphrase_file(folder: Path) -> Path:
    """A file holding the passphrase, as ``--passphrase-file`` reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    path.chmod(0o644)  # a child that drops root reads it too
    return path


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is an encrypted file of ours (a data file with its envelope beside
    it, or a backup ending with one)."""
    return encrypted_files.looks_encrypted(path) and encrypted_files.envelope_for(path) is not None


def copy_practice(source: Path, target: Path) -> Path:
    """Copy the closed data file ``source`` to ``target`` with its key envelope, if any."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    envelope = encrypted_files.sidecar(source)
    if envelope.exists():
        shutil.copyfile(envelope, encrypted_files.sidecar(target))
    return target
