"""The ``demo``, ``export`` and ``import`` subcommands: a made-up practice, and all the
data out to JSON or CSV and back in (``docs/data-format.md``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.cli.common import fail, size_text, with_database

if TYPE_CHECKING:
    from coachdesk.paths import AppPaths
    from coachdesk.printing.locked import PdfLock
    from coachdesk.storage.database import Database

COMMANDS = ("demo", "export", "import")


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one of ``COMMANDS``; ``StorageError`` is left to ``main`` to explain."""
    if args.command == "demo":
        return _run_demo(paths, args.size, args.seed, args)
    if args.command == "export":
        from coachdesk.cli import secrets

        try:
            lock, warn_plain = secrets.file_lock(args, paths.database)
        except secrets.NoSecret as exc:
            return fail(exc.message)
        return with_database(paths, _run_export, args.file, args.csv, lock, warn_plain)
    if args.command == "import":
        return _run_import(paths, args.file, args.merge)
    raise AssertionError(f"not a command of this module: {args.command}")


def _run_demo(paths: AppPaths, size: str, seed: int, args: argparse.Namespace) -> int:
    """The demo practice; encrypted when a passphrase is given (``--passphrase-file``) for
    a data folder without one."""
    from coachdesk.cli.secrets import given_secret
    from coachdesk.demo import DemoRefused, generate_demo
    from coachdesk.storage import keys, protection
    from coachdesk.storage.database import open_database
    from coachdesk.storage.lock import COMMAND, InstanceLock

    given = given_secret(args)
    recovery_key = None
    with InstanceLock(paths.data_dir, kind=COMMAND):
        wants_protection = given is not None and given[0] == keys.PASSPHRASE
        if wants_protection and not protection.is_protected(paths.database):
            assert given is not None
            if paths.database.exists() and paths.database.stat().st_size > 0:
                recovery_key = protection.protect(paths.database, given[1])
            else:
                recovery_key = protection.start_protected(paths.database, given[1])
        db = open_database(paths.database, paths.backup_dir)
        try:
            counts = generate_demo(db, size, seed=seed)
        except DemoRefused as exc:
            return fail(str(exc))
        finally:
            db.close()
    print(
        f"Demo practice ({size}) written to {paths.database}: {counts.clients:,} clients, "
        f"{counts.sessions:,} sessions, {counts.matters:,} things that matter, "
        f"{counts.breaches:,} breaches, {counts.promises:,} promises, "
        f"{counts.feedback:,} feedback records."
    )
    if recovery_key is not None:
        print(
            f"It is protected with your passphrase. Its recovery key (shown once): {recovery_key}"
        )
    return 0


def _run_export(
    db: Database,
    file: str | None,
    csv_dir: str | None,
    lock: PdfLock | None,
    warn_plain: bool,
) -> int:
    """``lock``: the export attached to a locked PDF; ``warn_plain``: a protected
    practice's export written unencrypted (``--plain``), said on stderr."""
    from coachdesk.cli.secrets import PLAIN_WARNING
    from coachdesk.printing.locked import opens_with

    opens = f" {opens_with(lock)}" if lock else ""
    if lock is not None:
        from coachdesk.app import create_gui_application

        create_gui_application()  # the cover page needs Qt's text layout
    if csv_dir is not None:
        folder = Path(csv_dir).expanduser()
        if lock is None:
            from coachdesk.storage.portable_csv import export_csv

            written = export_csv(db, folder)
            print(f"Wrote {', '.join(path.name for path in written)} to {folder}")
        else:
            from coachdesk.printing.locked_exports import csv_cover, write_locked_csv

            written = [write_locked_csv(db, folder, csv_cover(), lock)]
            print(f"Wrote the four spreadsheets, attached to {written[0]}.{opens}")
    else:
        assert file is not None
        target = Path(file).expanduser()
        if lock is None:
            from coachdesk.storage.portable_json import write_export

            summary = write_export(db, target)
        else:
            from coachdesk.printing.locked_exports import json_cover, write_locked_json
            from coachdesk.printing.locked_files import locked_name

            target = locked_name(target)
            summary = write_locked_json(db, target, json_cover(target), lock)
        print(
            f"Exported {summary.clients:,} clients and {summary.sessions:,} sessions to "
            f"{summary.path} ({size_text(summary.size)}).{opens}"
        )
        written = [summary.path]
    if warn_plain:
        for path in written:
            print(PLAIN_WARNING.format(path=path), file=sys.stderr)
    return 0


def _run_import(paths: AppPaths, file: str, merge: bool) -> int:
    from coachdesk.domain.data_format import ImportRefused
    from coachdesk.storage.database import open_database
    from coachdesk.storage.lock import COMMAND, InstanceLock
    from coachdesk.storage.portable_csv import import_clients_csv
    from coachdesk.storage.portable_json import import_file

    source = Path(file).expanduser()
    spreadsheet = source.suffix.lower() in (".csv", ".tsv")
    if spreadsheet and merge:
        return fail("--merge is for JSON exports; a CSV import skips clients already there")
    with InstanceLock(paths.data_dir, kind=COMMAND):
        db = open_database(paths.database, paths.backup_dir)
        try:
            if spreadsheet:
                report = import_clients_csv(db, source)
            else:
                report = import_file(db, source, merge=merge)
        except ImportRefused as exc:
            details = "\n".join(f"  {line}" for line in exc.describe().splitlines())
            return fail(f"nothing was imported from {source}:\n{details}")
        finally:
            db.close()
    print(report.summary())
    return 0
