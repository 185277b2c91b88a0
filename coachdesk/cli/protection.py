"""The ``protect``, ``change-passphrase``, ``unprotect`` and ``recovery-sheet`` subcommands:
a practice protected with a passphrase (``storage.protection``).

``main`` has unlocked a protected practice before these run; each conversion takes the
data folder's lock, so it refuses to run while the app has the practice open."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.cli.common import fail
from coachdesk.cli.secrets import NoSecret, given_secret, new_passphrase, secrets_to_try

if TYPE_CHECKING:
    from coachdesk.paths import AppPaths

COMMANDS = ("protect", "change-passphrase", "unprotect", "recovery-sheet")


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one of ``COMMANDS``; ``StorageError`` and ``NoSecret`` are left to ``main``."""
    from coachdesk.storage import protection
    from coachdesk.storage.lock import COMMAND, InstanceLock

    protected = protection.is_protected(paths.database)
    if args.command == "protect":
        if protected:
            return fail("the practice is already protected with a passphrase")
    elif not protected:
        return fail(f"the practice in {paths.data_dir} is not protected with a passphrase")
    with InstanceLock(paths.data_dir, kind=COMMAND):
        if args.command == "protect":
            return _protect(args, paths)
        if args.command == "change-passphrase":
            return _change_passphrase(args, paths)
        if args.command == "unprotect":
            protection.unprotect(paths.database)
            print(
                f"The practice in {paths.data_dir} is no longer protected: its data file is "
                "plain. Encrypted backups stay encrypted."
            )
            return 0
        return _recovery_sheet(args, paths)


def _proof(args: argparse.Namespace, paths: AppPaths) -> tuple[str, str]:
    """The secret that proves the coach may change the keys: the one given, or the
    passphrase asked on the terminal (checked: three tries)."""
    from coachdesk.storage import encrypted_files, keys

    envelope = encrypted_files.envelope_for(paths.database)
    assert envelope is not None
    refused = ""
    for kind, secret in secrets_to_try(args, f"the practice in {paths.data_dir}"):
        try:
            keys.unwrap(envelope, kind, secret)
            return kind, secret
        except keys.WrongKey as exc:
            refused = exc.message
            if given_secret(args) is None:
                print(refused, file=sys.stderr)
    raise NoSecret(refused[:1].lower() + refused[1:])


def _protect(args: argparse.Namespace, paths: AppPaths) -> int:
    from coachdesk.storage import protection

    passphrase = new_passphrase(args)
    now = datetime.now(UTC)
    if paths.database.exists() and paths.database.stat().st_size > 0:
        recovery_key = protection.protect(paths.database, passphrase, now)
    else:
        recovery_key = protection.start_protected(paths.database, passphrase, now)
    print(f"The practice in {paths.data_dir} is now protected with your passphrase.")
    return _hand_over_recovery_key(args, paths, recovery_key, now)


def _hand_over_recovery_key(
    args: argparse.Namespace, paths: AppPaths, recovery_key: str, now: datetime
) -> int:
    """Show the recovery key once, and write its sheet when ``--pdf`` names a file."""
    code = 0
    if getattr(args, "pdf", None):
        code = _write_sheet(Path(args.pdf).expanduser(), recovery_key, paths, now)
    print(
        f"\nYour recovery key (shown once; it opens the practice if the passphrase is "
        f"forgotten):\n\n    {recovery_key}\n\nWrite it down or print its sheet, and keep "
        "it away from this computer."
    )
    return code


def _change_passphrase(args: argparse.Namespace, paths: AppPaths) -> int:
    from coachdesk.storage import protection

    kind, secret = _proof(args, paths)
    protection.change_passphrase(paths.database, kind, secret, new_passphrase(args))
    print("Passphrase changed. Backups made from now on open with the new passphrase.")
    return 0


def _recovery_sheet(args: argparse.Namespace, paths: AppPaths) -> int:
    from coachdesk.storage import protection

    kind, secret = _proof(args, paths)
    now = datetime.now(UTC)
    recovery_key = protection.new_recovery_key(paths.database, kind, secret, now)
    code = _write_sheet(Path(args.pdf).expanduser(), recovery_key, paths, now)
    print("A new recovery key was made: the old recovery sheet no longer opens this practice.")
    if code:
        print(f"\nYour new recovery key (shown once):\n\n    {recovery_key}\n")
    return code


def _write_sheet(target: Path, recovery_key: str, paths: AppPaths, now: datetime) -> int:
    """The sheet needs Qt's text layout (QtGui): offscreen when there is no screen."""
    from coachdesk.app import create_gui_application

    create_gui_application()
    from coachdesk.printing.recovery_sheet import render_recovery_sheet

    try:
        written = render_recovery_sheet(
            target, recovery_key, data_folder=paths.data_dir, made_at=now
        )
    except OSError as exc:
        return fail(f"cannot write the recovery sheet {target}: {exc.strerror or exc}")
    print(f"Recovery sheet written to {written}", file=sys.stderr)
    return 0
