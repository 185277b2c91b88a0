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
lock, so they refuse to run while the app has it open.  ``build_parser`` and ``main`` in
``coachdesk.cli`` call ``add_parsers`` and ``run``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachdesk.paths import AppPaths
    from coachdesk.storage.database import Database

COMMANDS = ("clients", "ics", "dossier", "erase")


def add_parsers(commands: Any, add_data_dir: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add this module's subcommands to ``commands`` (the subparsers of ``coachdesk``)."""
    from coachdesk.domain.vocab import CALENDAR_DAYS as DEFAULT_DAYS  # light: parsed every run

    clients = commands.add_parser(
        "clients",
        help="list clients with their ids",
        description="List every client with their id, status and email, by name.",
    )
    clients.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_data_dir(clients)

    ics = commands.add_parser(
        "ics",
        help="export upcoming sessions to a calendar file, or import one",
        description=f"Write the planned sessions of the next {DEFAULT_DAYS} days to FILE "
        "(iCalendar, for any calendar app: a reminder 30 minutes before, guests listed, no "
        "private notes). With --import, read FILE, a calendar exported from a calendar app, "
        "and create a planned session for each event that matches a client (by attendee "
        "email or by the client's name in the title): the preview lists what will be "
        "created and what is left out, and why. All-day and repeating events are left out.",
    )
    ics.add_argument("file", metavar="FILE.ics", help="the calendar file to write (or read)")
    ics.add_argument(
        "--days",
        type=int,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"export the sessions of the next N days (default: {DEFAULT_DAYS})",
    )
    ics.add_argument(
        "--import", dest="import_", action="store_true", help="import FILE instead of writing it"
    )
    ics.add_argument(
        "--yes", action="store_true", help="with --import: create the sessions without asking"
    )
    add_data_dir(ics)

    dossier = commands.add_parser(
        "dossier",
        help="a client's own record: everything held about them, as PDF and JSON",
        description="Write everything CoachDesk holds about one client, for the client: a "
        "readable PDF in plain language (--pdf) and the same as JSON (--json). Private "
        "notes included. Find the id with 'coachdesk clients'.",
    )
    dossier.add_argument("client_id", type=int, metavar="CLIENT_ID", help="the client's id")
    dossier.add_argument("--pdf", metavar="FILE", help="write the readable record to FILE")
    dossier.add_argument("--json", metavar="FILE", help="write the record as JSON to FILE")
    add_data_dir(dossier)

    erase = commands.add_parser(
        "erase",
        help="erase a client and all their records, for good",
        description="Remove a client and every record of theirs (sessions, guests, what "
        "matters, breaches, promises, feedback) from the data file. This cannot be undone; "
        "backups taken before still hold the client until they are rotated out. Asks first "
        "unless --yes. CoachDesk must be closed. Find the id with 'coachdesk clients'.",
    )
    erase.add_argument("client_id", type=int, metavar="CLIENT_ID", help="the client's id")
    erase.add_argument("--yes", action="store_true", help="erase without asking")
    add_data_dir(erase)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one of ``COMMANDS``; ``StorageError`` is left to ``cli.main`` to explain."""
    from coachdesk.cli import _with_database

    if args.command == "clients":
        return _with_database(paths, _run_clients, args.json)
    if args.command == "ics" and args.import_:
        return _locked(paths, _run_ics_import, Path(args.file), args.yes)
    if args.command == "ics":
        return _with_database(paths, _run_ics_export, Path(args.file), args.days)
    if args.command == "dossier":
        return _with_database(paths, _run_dossier, args.client_id, args.pdf, args.json)
    if args.command == "erase":
        return _locked(paths, _run_erase, args.client_id, args.yes, paths)
    raise AssertionError(f"not a command of this module: {args.command}")


def _fail(message: str) -> int:
    from coachdesk.cli import _fail

    return _fail(message)


def _locked(paths: AppPaths, run: Callable[..., int], *args: object) -> int:
    """Run a write with the data folder's lock held (refused while the app is open)."""
    from coachdesk.cli import _with_database
    from coachdesk.storage.lock import COMMAND, InstanceLock

    with InstanceLock(paths.data_dir, kind=COMMAND):
        return _with_database(paths, run, *args)


def _ask(question: str) -> bool:
    """Ask a yes/no question on the terminal; no is the default."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}


# --- clients ----------------------------------------------------------------------------------


def _run_clients(db: Database, as_json: bool) -> int:
    from coachdesk.cli import _print_json
    from coachdesk.storage.client_list import client_choices

    rows = client_choices(db)
    if as_json:
        _print_json(
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
        return _fail(exc.message)
    except OSError as exc:
        return _fail(f"cannot write {target}: {exc.strerror or exc}")
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
        return _fail(exc.message)
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
        return _fail(exc.message)
    print(f"Created {len(result.created)} planned session(s).")
    return 0


# --- a client's own record --------------------------------------------------------------------


def _run_dossier(db: Database, client_id: int, pdf: str | None, json_file: str | None) -> int:
    from coachdesk.storage.clients import ClientNotFound
    from coachdesk.storage.dossier import client_record, write_record_json

    if not pdf and not json_file:
        return _fail("say where to write the record: --pdf FILE and/or --json FILE")
    try:
        record = client_record(db, client_id)
    except ClientNotFound:
        return _fail(f"no client with id {client_id}; see 'coachdesk clients'")
    name = record["client"]["name"]
    if json_file:
        try:
            path = write_record_json(record, Path(json_file))
        except OSError as exc:
            return _fail(f"cannot write {json_file}: {exc.strerror or exc}")
        print(f"{name}'s record written as JSON to {path}")
    if pdf:
        from coachdesk.app import create_gui_application

        create_gui_application()  # the PDF needs Qt's text layout (offscreen without a screen)
        from coachdesk.printing.dossier import render_dossier

        try:
            result = render_dossier(record, Path(pdf))
        except OSError as exc:
            return _fail(f"cannot write {pdf}: {exc.strerror or exc}")
        print(f"{name}'s record written to {result.path} ({result.pages} pages)")
    return 0


# --- erase ------------------------------------------------------------------------------------


def _run_erase(db: Database, client_id: int, yes: bool, paths: AppPaths) -> int:
    from coachdesk.cli import _backup_folders
    from coachdesk.domain.erasure import backup_note, backups_gone_by
    from coachdesk.storage.clients import ClientNotFound
    from coachdesk.storage.erasure import erase_client, erasure_summary, existing_backups

    try:
        summary = erasure_summary(db, client_id)
    except ClientNotFound:
        return _fail(f"no client with id {client_id}; see 'coachdesk clients'")
    folder, copy_to = _backup_folders(paths)
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
            return _fail("nothing was erased: add --yes to erase without asking")
        if not _ask(f"\nErase {summary.name} and all their records?"):
            print("Nothing was erased.")
            return 0
    try:
        report = erase_client(db, client_id)
    except ClientNotFound:
        return _fail(f"no client with id {client_id}; see 'coachdesk clients'")
    print(f"Erased {report.name} and {report.total:,} records of theirs.")
    return 0
