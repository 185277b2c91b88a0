"""The passphrase and the recovery key on the command line: read from a file named by
``--passphrase-file`` / ``COACHDESK_PASSPHRASE_FILE`` or ``--recovery-key-file``, or asked
on the terminal; never taken from an argument, never logged, never put into a message.

A scheduled command (``coachdesk backup`` from cron) has no terminal: it reads the file,
and without one says how to give it."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.cli.parser import PASSPHRASE_FILE_ENV
from coachdesk.storage import keys

if TYPE_CHECKING:
    from coachdesk.printing.locked import PdfLock

TRIES = 3  # on a terminal; a file is read once


class NoSecret(Exception):
    """No passphrase or recovery key could be had; ``message`` says how to give one."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _file_secret(name: str, what: str) -> str:
    path = Path(name).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not text"
        raise NoSecret(f"cannot read the {what} file {path}: {reason}") from exc
    secret = text.splitlines()[0] if text.splitlines() else ""
    if not secret.strip():
        raise NoSecret(f"the {what} file {path} is empty")
    return secret


def given_secret(args: argparse.Namespace) -> tuple[str, str] | None:
    """The passphrase or recovery key named on the command line (kind, secret), if any."""
    recovery_file = getattr(args, "recovery_key_file", None)
    if recovery_file:
        return keys.RECOVERY, _file_secret(recovery_file, "recovery key")
    passphrase_file = getattr(args, "passphrase_file", None) or os.environ.get(PASSPHRASE_FILE_ENV)
    if passphrase_file:
        return keys.PASSPHRASE, _file_secret(passphrase_file, "passphrase")
    return None


def _no_terminal(what: str) -> NoSecret:
    return NoSecret(
        f"{what} is protected with a passphrase and there is no terminal to ask it on: give "
        f"it with --passphrase-file FILE or {PASSPHRASE_FILE_ENV}, or the recovery key with "
        "--recovery-key-file FILE"
    )


def secrets_to_try(args: argparse.Namespace, what: str):  # noqa: ANN201 (a generator)
    """The secrets to try, one after another: the one given (once), or up to ``TRIES``
    passphrases asked on the terminal."""
    given = given_secret(args)
    if given is not None:
        yield given
        return
    if not sys.stdin.isatty():
        raise _no_terminal(what)
    for _ in range(TRIES):
        yield keys.PASSPHRASE, getpass.getpass(f"Passphrase for {what}: ")


def new_passphrase(args: argparse.Namespace) -> str:
    """The new passphrase: from ``--new-passphrase-file``, else asked twice on the
    terminal until both agree and it is long enough."""
    named = getattr(args, "new_passphrase_file", None)
    if named:
        chosen = _file_secret(named, "new passphrase")
        problem = keys.passphrase_problem(chosen)
        if problem is not None:
            raise NoSecret(problem[:1].lower() + problem[1:])
        return chosen
    if not sys.stdin.isatty():
        raise NoSecret(
            "no terminal to ask the new passphrase on: give it with --new-passphrase-file FILE"
        )
    while True:
        chosen = getpass.getpass("New passphrase: ")
        problem = keys.passphrase_problem(chosen)
        if problem is not None:
            print(problem, file=sys.stderr)
            continue
        if getpass.getpass("The same passphrase again: ") == chosen:
            return chosen
        print("The two passphrases differ. Try again.", file=sys.stderr)


def unlock(args: argparse.Namespace, path: Path, what: str) -> tuple[str, str] | None:
    """Hold the key of the encrypted file ``path`` (the data file, a backup), unwrapped with
    the secret given or asked; a plain file, or one whose key is held, needs nothing.
    The secret that opened it (kind, secret), or None.  ``NoSecret`` when no secret opens
    it (each wrong try is said on stderr)."""
    from coachdesk.storage import encrypted_files, protection

    envelope = encrypted_files.envelope_for(path)
    if envelope is None or encrypted_files.held_key(envelope.key_id) is not None:
        return None
    refused = ""
    for kind, secret in secrets_to_try(args, what):
        try:
            protection.unlock(path, kind, secret)
            return kind, secret
        except keys.WrongKey as exc:
            refused = exc.message
            if given_secret(args) is None:
                print(refused, file=sys.stderr)
    raise NoSecret(refused[:1].lower() + refused[1:] if refused else f"{what} stays locked")


PLAIN_WARNING = "coachdesk: warning: {path} is not encrypted: anyone who has the file can read it"


def file_lock(args: argparse.Namespace, database: Path) -> tuple[PdfLock | None, bool]:
    """``export_lock``, and whether the file is a protected practice's written unencrypted
    (``--plain``: the caller warns with ``PLAIN_WARNING``)."""
    from coachdesk.storage.encrypted_files import envelope_for

    lock = export_lock(args, database)
    return lock, lock is None and envelope_for(database) is not None


def export_lock(args: argparse.Namespace, database: Path) -> PdfLock | None:
    """How a file the command writes of a protected practice is locked: with the
    passphrase (the one the practice was unlocked with, else given or asked) and the
    recovery key the envelope keeps.  None for a plain practice, or with ``--plain`` (the
    caller warns).  ``NoSecret`` when no passphrase of the practice is to be had."""
    from coachdesk.printing.locked import PdfLock
    from coachdesk.storage import encrypted_files, protection

    if getattr(args, "plain", False) or encrypted_files.envelope_for(database) is None:
        return None
    candidates: list[str] = []
    used = getattr(args, "unlocked_with", None)
    if used is not None and used[0] == keys.PASSPHRASE:
        candidates.append(used[1])
    named = getattr(args, "passphrase_file", None) or os.environ.get(PASSPHRASE_FILE_ENV)
    if not candidates and named:
        candidates.append(_file_secret(named, "passphrase"))
    if not candidates:
        if not sys.stdin.isatty():
            raise NoSecret(
                "an encrypted export opens with your passphrase, and there is no terminal to "
                f"ask it on: give it with --passphrase-file FILE or {PASSPHRASE_FILE_ENV}, or "
                "write the file unencrypted with --plain"
            )
        candidates = (
            getpass.getpass("Passphrase (the file will open with it): ") for _ in range(TRIES)
        )
    refused = ""
    for passphrase in candidates:
        try:
            return PdfLock(*protection.export_secrets(database, passphrase))
        except keys.WrongKey as exc:
            refused = exc.message
            print(refused, file=sys.stderr)
    raise NoSecret(refused[:1].lower() + refused[1:] if refused else "no passphrase given")
