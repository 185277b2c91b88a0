"""The ``clients``, ``ics``, ``dossier`` and ``erase`` subcommands.

* ``clients [--json]``: every client with their id, to find the id the others take.
* ``ics FILE.ics [--days N]``: write the planned sessions of the next N days (default 90)
  as a calendar file.  ``ics --import FILE.ics [--yes]``: print what importing the
  calendar would create and what it leaves out (and why); create the sessions only with
  ``--yes``, or after a "y" on a terminal.
* ``dossier CLIENT_ID --pdf FILE [--json FILE]``: a client's own record, everything held
  about them, as a readable PDF and/or JSON.
* ``erase CLIENT_ID [--yes]``: remove a client and every record of theirs for good, after
  naming what will go; asks on a terminal unless ``--yes``.

Commands that write the data file (``ics --import``, ``erase``) take the data folder's
lock, so they refuse to run while the app has it open.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.cli.common import backup_folders, fail, print_json, with_database

if TYPE_CHECKING:
    from coachdesk.paths import AppPaths
    from coachdesk.printing.locked import PdfLock
    from coachdesk.storage.database import Database

COMMANDS = ("clients", "ics", "dossier", "erase")


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one of ``COMMANDS``; ``StorageError`` is left to ``main`` to explain."""
    if args.command == "clients":
        return with_database(paths, _run_clients, args.json)
    if args.command == "ics" and args.import_:
        return _locked(paths, _run_ics_import, Path(args.file), args.yes)
    if args.command == "ics":
        return with_database(paths, _run_ics_export, Path(args.file), args.days)
    if args.command == "dossier":
        from coachdesk.cli import secrets

        try:
            lock, warn_plain = secrets.file_lock(args, paths.database)
        except secrets.NoSecret as exc:
            return fail(exc.message)
        return with_database(
            paths, _run_dossier, args.client_id, args.pdf, args.json, lock, warn_plain
        )
    if args.command == "erase":
        return _locked(paths, _run_erase, args.client_id, args.yes, paths)
    raise AssertionError(f"not a command of this module: {args.command}")


def _locked(paths: AppPaths, run: Callable[..., int], *args: object) -> int:
    """Run a write with the data folder's lock held (refused while the app is open)."""
    from coachdesk.storage.lock import COMMAND, InstanceLock

    with InstanceLock(paths.data_dir, kind=COMMAND):
        return with_database(paths, run, *args)


def _ask(question: str) -> bool:
    """Ask a yes/no question on the terminal; no is the default."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}


# --- clients ----------------------------------------------------------------------------------


def _run_clients(db: Database, as_json: bool) -> int:
    from coachdesk.storage.client_list import client_choices

    rows = client_choices(db)
    if as_json:
        print_json(
            [
                {
                    "id": row.id,
                    "name": row.name,
                    "preferred_name": row.preferred_name,
                    "status": row.status.value,
                    "organisation": row.organisation,
                    "email": row.email,
                }
                for row in rows
            ]
        )
        return 0
    if not rows:
        print("No clients.")
    for row in rows:
        extra = "  ".join(part for part in (row.email, row.organisation) if part)
        print(f"{row.id:>7}  {row.name}  ({row.status.label.lower()})  {extra}".rstrip())
    return 0


# --- calendar ---------------------------------------------------------------------------------


def _run_ics_export(db: Database, target: Path, days: int) -> int:
    from coachdesk.storage.calendar import CalendarError, export_ics

    try:
        result = export_ics(db, target, days=days)
    except CalendarError as exc:
        return fail(exc.message)
    except OSError as exc:
        return fail(f"cannot write {target}: {exc.strerror or exc}")
    sessions = f"{result.events} session" + ("" if result.events == 1 else "s")
    print(f"{sessions} of the next {days} days written to {result.path}")
    return 0


def _run_ics_import(db: Database, source: Path, yes: bool) -> int:
    from coachdesk.storage.calendar import (
        CalendarError,
        describe_preview,
        import_ics,
        import_ics_preview,
    )

    try:
        preview = import_ics_preview(db, source)
    except CalendarError as exc:
        return fail(exc.message)
    print("\n".join(describe_preview(preview)))
    count = len(preview.to_create)
    if count == 0:
        print("\nNothing to create.")
        return 0
    sessions = f"{count} session" + ("" if count == 1 else "s")
    if not yes:
        if not sys.stdin.isatty():
            print(f"\nNothing was created: run again with --yes to create the {sessions}.")
            return 0
        if not _ask(f"\nCreate these {sessions}?"):
            print("Nothing was created.")
            return 0
    try:
        result = import_ics(db, preview)
    except CalendarError as exc:
        return fail(exc.message)
    print(f"Created {len(result.created)} planned session(s).")
    return 0


# --- a client's own record --------------------------------------------------------------------


def _run_dossier(
    db: Database,
    client_id: int,
    pdf: str | None,
    json_file: str | None,
    lock: PdfLock | None,
    warn_plain: bool,
) -> int:
    """``lock``: the files are encrypted PDFs (the JSON attached to one); ``warn_plain``:
    a protected practice's record written unencrypted (``--plain``), said on stderr."""
    from coachdesk.cli.secrets import PLAIN_WARNING
    from coachdesk.storage.clients import ClientNotFound
    from coachdesk.storage.dossier import client_record, write_record_json

    if not pdf and not json_file:
        return fail("say where to write the record: --pdf FILE and/or --json FILE")
    try:
        record = client_record(db, client_id)
    except ClientNotFound:
        return fail(f"no client with id {client_id}; see 'coachdesk clients'")
    name = record["client"]["name"]
    from coachdesk.printing.locked import opens_with

    opens = f" {opens_with(lock)}" if lock else ""
    if lock is not None or pdf:
        from coachdesk.app import create_gui_application

        create_gui_application()  # a PDF needs Qt's text layout (offscreen without a screen)
    written: list[Path] = []
    if json_file:
        target = Path(json_file)
        try:
            if lock is None:
                where = write_record_json(record, target)
            else:
                from coachdesk.printing.dossier import locked_json_name, render_locked_record_json
                from coachdesk.printing.locked_files import locked_name

                target = locked_name(target)
                path = render_locked_record_json(record, target, lock)
                where = f"{path}, attached as {locked_json_name(record)}"
        except OSError as exc:
            return fail(f"cannot write {target}: {exc.strerror or exc}")
        print(f"{name}'s record written as JSON to {where}.{opens}")
        written.append(target)
    if pdf:
        from coachdesk.printing.dossier import render_dossier

        try:
            result = render_dossier(record, Path(pdf), lock=lock)
        except OSError as exc:
            return fail(f"cannot write {pdf}: {exc.strerror or exc}")
        print(f"{name}'s record written to {result.path} ({result.pages} pages).{opens}")
        written.append(result.path)
    if warn_plain:
        for path in written:
            print(PLAIN_WARNING.format(path=path), file=sys.stderr)
    return 0


# --- erase ------------------------------------------------------------------------------------


def _run_erase(db: Database, client_id: int, yes: bool, paths: AppPaths) -> int:
    from coachdesk.domain.erasure import backup_note, backups_gone_by
    from coachdesk.storage.clients import ClientNotFound
    from coachdesk.storage.erasure import erase_client, erasure_summary, existing_backups

    try:
        summary = erasure_summary(db, client_id)
    except ClientNotFound:
        return fail(f"no client with id {client_id}; see 'coachdesk clients'")
    folder, copy_to = backup_folders(paths)
    routine, other = existing_backups(*(f for f in (folder, copy_to) if f is not None))
    gone_by = backups_gone_by(datetime.now(UTC).astimezone().date())
    print(f"Erasing {summary.name} (client {client_id}) removes, for good:")
    for line in summary.lines():
        print(f"  - {line}")
    if summary.mentions:
        print(
            f"\n{summary.name}'s name or email also appears in other clients' records. "
            "These are not changed; edit them by hand if they should go:"
        )
        for mention in summary.mentions:
            print(f"  - {mention.describe()}")
        if summary.more_mentions:
            print(f"  - and {summary.more_mentions} more")
    print("\n" + backup_note(summary.name, routine, other, gone_by.isoformat()))
    print("This cannot be undone.")
    if not yes:
        if not sys.stdin.isatty():
            return fail("nothing was erased: add --yes to erase without asking")
        if not _ask(f"\nErase {summary.name} and all their records?"):
            print("Nothing was erased.")
            return 0
    try:
        report = erase_client(db, client_id)
    except ClientNotFound:
        return fail(f"no client with id {client_id}; see 'coachdesk clients'")
    print(f"Erased {report.name} and {report.total:,} records of theirs.")
    return 0
