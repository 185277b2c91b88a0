"""The ``backup``, ``restore`` and ``check`` subcommands: the data file's safety."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.cli.common import backup_folders, fail, size_text
from coachdesk.domain.dates import local_or_utc

if TYPE_CHECKING:
    from coachdesk.paths import AppPaths

COMMANDS = ("backup", "restore", "check")


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one of ``COMMANDS``; ``StorageError`` is left to ``main`` to explain."""
    if args.command == "backup":
        return _run_backup(paths, args.to, args.list)
    if args.command == "restore":
        return _run_restore(paths, args.file)
    if args.command == "check":
        return _run_repair_index(paths) if args.repair_index else _run_check(paths)
    raise AssertionError(f"not a command of this module: {args.command}")


def _run_backup(paths: AppPaths, to: str | None, listing: bool) -> int:
    from coachdesk.storage import backups

    folder, copy_to = backup_folders(paths)
    if to:
        folder, copy_to = Path(to).expanduser().absolute(), None
    if listing:
        entries = backups.list_backups(folder)
        if not entries:
            print(f"No backups in {folder}.", file=sys.stderr)
            return 0
        for entry in entries:
            counts = backups.peek(entry.path)
            if counts == backups.LOCKED:
                held = "locked (another passphrase: restore asks for it)"
            elif counts:
                held = f"{counts[0]:,} clients, {counts[1]:,} sessions"
            else:
                held = "unreadable"
            print(
                f"{local_or_utc(entry.taken_at):%Y-%m-%d %H:%M}  {entry.kind.value:<16}  "
                f"{size_text(entry.size):>9}  {held}  {entry.path}"
            )
        return 0
    if not paths.database.is_file():
        return fail(f"there is no data file to back up at {paths.database}")
    outcome = backups.routine_backup(paths.database, folder, copy_to)
    summary = outcome.summary
    print(
        f"Backup written and verified: {summary.path} "
        f"({summary.clients:,} clients, {summary.sessions:,} sessions, {size_text(summary.size)})"
    )
    if outcome.copy_warning is not None:
        print(f"coachdesk: warning: {outcome.copy_warning}", file=sys.stderr)
    elif outcome.copied_to is not None:
        print(f"Copied to {outcome.copied_to}")
    return 0


def _run_restore(paths: AppPaths, source: str) -> int:
    from coachdesk.storage import backups
    from coachdesk.storage.database import open_database
    from coachdesk.storage.lock import COMMAND, InstanceLock

    with InstanceLock(paths.data_dir, kind=COMMAND):
        folder, _copy_to = backup_folders(paths)
        result = backups.restore(Path(source).expanduser(), paths.database, folder)
        open_database(paths.database, folder).close()  # brings an older backup up to date
    restored = result.restored
    print(
        f"Restored {restored.path.name}: {restored.clients:,} clients, "
        f"{restored.sessions:,} sessions."
    )
    if result.safety_copy is not None:
        print(f"The data as it was is kept in {result.safety_copy}")
    if result.set_aside is not None:
        print(f"The damaged data file was kept, untouched, as {result.set_aside}")
    return 0


def _run_repair_index(paths: AppPaths) -> int:
    from coachdesk.storage.database import open_database
    from coachdesk.storage.lock import COMMAND, InstanceLock
    from coachdesk.storage.search import repair

    with InstanceLock(paths.data_dir, kind=COMMAND):
        db = open_database(paths.database, paths.backup_dir)
        try:
            outcome = repair(db)
        finally:
            db.close()
    print(outcome.describe())
    return 0


def _run_check(paths: AppPaths) -> int:
    from coachdesk.storage.backups import check_database

    report = check_database(paths.database)
    if report.healthy:
        print("healthy")
        return 0
    return fail(report.describe())
