"""The ``coachdesk`` command: opens the app, or runs a headless subcommand.

Subcommands: ``demo`` (fill an empty data folder with a made-up practice),
``sessions`` (list sessions with their ids), ``prep SESSION_ID`` (what to do
and what matters before one session, as text or ``--json``), ``backup``,
``restore FILE`` and ``check`` (the data file's safety), ``export`` and ``import``
(all the data as JSON, spreadsheets as CSV: ``docs/data-format.md``).

``clients``, ``ics``, ``dossier`` and ``erase`` (a client's own record, erasing a
client, calendar files) are in ``cli_clients``.

Every subcommand goes through ``coachdesk.storage`` and ``coachdesk.domain``,
the same code the GUI uses; nothing here implements a rule of its own.  Qt is
imported only where the GUI's own code is needed: the printed sheet (QtGui)
and the backup folders chosen in the settings (QtCore).

Commands that write the data file (``demo``, ``restore``, ``import``) take the data
folder's lock first, so they refuse to run while the app has it open.
Everything the process creates is readable by the owner only (umask 077).

Exit codes: 0 success, 1 a problem the user can act on (message on stderr),
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachdesk import APP_NAME, __version__
from coachdesk.domain.dates import local_or_utc
from coachdesk.paths import DATA_DIR_ENV, AppPaths, DataFolderError, make_private, resolve

if TYPE_CHECKING:
    from coachdesk.domain.practice import BreachRow, PromiseRow, SessionRow
    from coachdesk.domain.prep import Prep
    from coachdesk.storage.database import Database

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 30
_PER_CLIENT_READS = 20  # above this many matching clients, read once and filter


def _add_data_dir(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"keep the data file, settings and logs in DIR (or set {DATA_DIR_ENV})",
    )


_GLOBAL_FLAGS = ("--smoke-test", "--verbose")


def opens_the_app(argv: Sequence[str]) -> bool:
    """Whether ``argv`` only opens the app (global options, no subcommand, no help): then
    the subcommands' parsers, a tenth of the time to the first painted window, are not
    built."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--data-dir" and rest:
            rest.pop(0)
        elif not (arg in _GLOBAL_FLAGS or arg.startswith("--data-dir=")):
            return False
    return True


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; ``commands=False`` leaves out the subcommands."""
    parser = argparse.ArgumentParser(
        prog="coachdesk",
        description=f"{APP_NAME}: clients, sessions and what matters to each client.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_data_dir(parser, default=None)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open and migrate the data file, build and paint the main window once, then exit",
    )
    parser.add_argument("--verbose", action="store_true", help="log debug details")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    return _add_commands(parser)


def _add_commands(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="fill an empty data folder with a made-up practice to explore",
        description="Fill an empty data folder with a made-up, realistic practice. "
        "Refuses a data file that already holds clients.",
    )
    demo.add_argument(
        "--size",
        choices=("demo", "career", "stress"),
        default="demo",
        help="demo: 12 clients; career: 300 clients, 15k sessions; "
        "stress: 3,000 clients, 150k sessions (default: demo)",
    )
    demo.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    # Accept --data-dir after the subcommand too, without overriding one given before it.
    _add_data_dir(demo, default=argparse.SUPPRESS)

    sessions = commands.add_parser(
        "sessions",
        help="list sessions with their ids",
        description="List sessions with their ids, in start order. With neither --upcoming "
        f"nor --client, lists the sessions of the next {DEFAULT_DAYS} days.",
    )
    sessions.add_argument(
        "--upcoming", action="store_true", help="only planned sessions from now on"
    )
    sessions.add_argument(
        "--client",
        metavar="NAME",
        help="only the sessions of clients whose name contains NAME (any case)",
    )
    sessions.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_data_dir(sessions, default=argparse.SUPPRESS)

    prep = commands.add_parser(
        "prep",
        help="what to do and what matters before one session",
        description="Prepare one session: the checklist, what matters to the client ranked "
        "with the reasons, repairs in progress, promises due, last time and discovery "
        "prompts. Find the id with 'coachdesk sessions'.",
    )
    prep.add_argument("session_id", type=int, metavar="SESSION_ID", help="the session's id")
    prep.add_argument("--json", action="store_true", help="print JSON instead of text")
    prep.add_argument(
        "--pdf",
        metavar="FILE",
        help="also write the one-page prep sheet to FILE (items kept off printouts are left out)",
    )
    _add_data_dir(prep, default=argparse.SUPPRESS)

    backup = commands.add_parser(
        "backup",
        help="make a verified backup of the data file now",
        description="Make a consistent, verified copy of the data file (SQLite's online "
        "backup API, integrity-checked) in the backup folder chosen in the app (default: "
        "'backups' in the data folder), rotate old routine backups, and copy it to the "
        "'copy to' folder if one is set. Safe while the app is open.",
    )
    backup.add_argument(
        "--to", metavar="DIR", help="write the backup into DIR (which must exist) instead"
    )
    backup.add_argument(
        "--list", action="store_true", help="list the backups (newest first) instead"
    )
    _add_data_dir(backup, default=argparse.SUPPRESS)

    restore = commands.add_parser(
        "restore",
        help="replace the data file with a backup",
        description="Replace the data file with FILE, a CoachDesk backup (it is verified "
        "first; an older one is brought up to date). The current data is saved first as a "
        "'before-restore' copy in the backup folder. CoachDesk must be closed.",
    )
    restore.add_argument("file", metavar="FILE", help="the backup to restore")
    _add_data_dir(restore, default=argparse.SUPPRESS)

    check = commands.add_parser(
        "check",
        help="check the data file's integrity",
        description="Run SQLite's integrity and foreign-key checks on the data file. Prints "
        "'healthy' and exits 0, or describes the problem and exits 1.",
    )
    _add_data_dir(check, default=argparse.SUPPRESS)

    export = commands.add_parser(
        "export",
        help="write all the data to a JSON file, or spreadsheets (CSV)",
        description="Write every client with all their records to FILE.json in the "
        "documented CoachDesk data format (docs/data-format.md), or with --csv DIR the "
        "clients, sessions, items and breaches as clients.csv, sessions.csv, items.csv and "
        "breaches.csv in DIR. Safe while the app is open; the files are readable by you only.",
    )
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("file", nargs="?", metavar="FILE.json", help="the JSON file to write")
    target.add_argument("--csv", metavar="DIR", help="write the four CSV files into DIR instead")
    _add_data_dir(export, default=argparse.SUPPRESS)

    import_ = commands.add_parser(
        "import",
        help="add the data of a JSON export, or clients from a CSV file",
        description="Add what FILE holds: a CoachDesk JSON export (FILE.json), or clients "
        "from a spreadsheet (FILE.csv, columns recognised by their header names: name, "
        "email, phone, organisation, role, …). All or nothing: one invalid record refuses "
        "the whole import and nothing changes. Clients already in CoachDesk (same name and "
        "email) are skipped and listed. CoachDesk must be closed.",
    )
    import_.add_argument("file", metavar="FILE", help="a .json export or a .csv of clients")
    import_.add_argument(
        "--merge",
        action="store_true",
        help="(JSON) add the records of clients already in CoachDesk to them, changing "
        "nothing they have, instead of skipping those clients",
    )
    _add_data_dir(import_, default=argparse.SUPPRESS)

    from coachdesk import cli_clients  # clients, ics, dossier, erase

    cli_clients.add_parsers(commands, lambda sub: _add_data_dir(sub, default=argparse.SUPPRESS))
    return parser


def _fail(message: str) -> int:
    print(f"coachdesk: {message}", file=sys.stderr)
    return 1


def _run_demo(paths: AppPaths, size: str, seed: int) -> int:
    from coachdesk.demo import DemoRefused, generate_demo
    from coachdesk.storage.database import open_database
    from coachdesk.storage.lock import COMMAND, InstanceLock

    with InstanceLock(paths.data_dir, kind=COMMAND):
        db = open_database(paths.database, paths.backup_dir)
        try:
            counts = generate_demo(db, size, seed=seed)
        except DemoRefused as exc:
            return _fail(str(exc))
        finally:
            db.close()
    print(
        f"Demo practice ({size}) written to {paths.database}: {counts.clients:,} clients, "
        f"{counts.sessions:,} sessions, {counts.matters:,} things that matter, "
        f"{counts.breaches:,} breaches, {counts.promises:,} promises, "
        f"{counts.feedback:,} feedback records."
    )
    return 0


# --- sessions and prep -------------------------------------------------------------------------


def _mark() -> str:
    """The warning mark, or "!" where the terminal cannot show it."""
    from coachdesk.domain.vocab import WARNING_MARK

    try:
        WARNING_MARK.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return "!"
    return WARNING_MARK


def _local(value: datetime) -> datetime:
    return local_or_utc(value)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else _local(value).isoformat(timespec="seconds")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _print_json(value: object) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def session_json(session: SessionRow) -> dict[str, Any]:
    """A session as ``sessions --json`` and ``prep --json`` print it."""
    return {
        "id": session.id,
        "client": session.client_name,
        "start": _iso(session.start),
        "duration_minutes": session.duration_minutes,
        "medium": session.medium.value,
        "location": session.location,
        "status": session.status.value,
        "guests": [
            {
                "name": guest.name,
                "role": guest.role,
                "brought_by": guest.brought_by.value,
                "client_informed_at": _iso(guest.client_informed_at),
            }
            for guest in session.guests
        ],
        "agenda": session.agenda,
        "recorded": session.recorded,
        "recording_consent_at": _iso(session.recording_consent_at),
        "moves": [
            {
                "from": _iso(move.from_start),
                "to": _iso(move.to_start),
                "moved_at": _iso(move.moved_at),
                "confirmed_at": _iso(move.confirmed_at),
            }
            for move in session.moves
        ],
        "to_do": session.to_do_before(),
    }


def _session_line(session: SessionRow, mark: str) -> str:
    when = _local(session.start).strftime("%Y-%m-%d %H:%M")
    line = (
        f"{session.id:>7}  {when}  {session.client_name}  "
        f"{session.medium.label}  {session.status.label}"
    )
    notes = [f"guest not told: {guest.name}" for guest in session.unannounced_guests]
    if session.reschedule_unconfirmed:
        notes.append("new time not confirmed")
    if notes:
        line += "  " + "  ".join(f"{mark} {note}" for note in notes)
    return line


def _run_sessions(db: Database, upcoming: bool, client: str | None, as_json: bool) -> int:
    from coachdesk.domain.vocab import SessionStatus
    from coachdesk.storage.client_list import client_choices
    from coachdesk.storage.sessions import list_sessions

    now = datetime.now(UTC)
    start_from: datetime | None = None
    start_to: datetime | None = None
    statuses = None
    if upcoming:
        start_from, statuses = now, (SessionStatus.PLANNED,)
    elif client is None:
        start_from, start_to = now, now + timedelta(days=DEFAULT_DAYS)
    if client is None:
        found = list_sessions(db, start_from=start_from, start_to=start_to, statuses=statuses)
    else:
        wanted = client.casefold()
        ids = [
            row.id
            for row in client_choices(db)
            if wanted in row.name.casefold() or wanted in row.preferred_name.casefold()
        ]
        if not ids:
            return _fail(f"no client's name contains {client!r}; see the clients in the app")
        if len(ids) > _PER_CLIENT_READS:
            # Each read opens a connection: for a broad match one read and a filter is faster.
            wanted_ids = set(ids)
            found = [
                s
                for s in list_sessions(db, start_from=start_from, statuses=statuses)
                if s.client_id in wanted_ids
            ]
        else:
            found = []
            for client_id in ids:
                found += list_sessions(
                    db, client_id=client_id, start_from=start_from, statuses=statuses
                )
            found.sort(key=lambda s: (s.start, s.id))
    if as_json:
        _print_json([session_json(s) for s in found])
        return 0
    if not found:
        print("No sessions.")
        return 0
    mark = _mark()
    for session in found:
        print(_session_line(session, mark))
    return 0


def _breach_json(breach: BreachRow) -> dict[str, Any]:
    return {
        "id": breach.id,
        "statement": breach.matter_statement,
        "category": breach.category.value,
        "occurred_on": _day(breach.occurred_on),
        "what_happened": breach.what_happened,
        "how_it_landed": breach.how_it_landed,
        "severity": breach.severity,
        "repair_status": breach.repair_status.value,
        "repair_notes": breach.repair_notes,
    }


def _promise_json(promise: PromiseRow) -> dict[str, Any]:
    return {
        "id": promise.id,
        "owner": promise.owner.value,
        "text": promise.text,
        "due_on": _day(promise.due_on),
        "made_on": _day(promise.made_on),
    }


def prep_json(prep: Prep, session: SessionRow) -> dict[str, Any]:
    """The prep of one session as ``prep --json`` prints it."""
    last = prep.last_time
    return {
        "session": session_json(session),
        "circumstances": [
            {"trigger": c.trigger.value if c.trigger else None, "reason": c.reason}
            for c in prep.circumstances
        ],
        "checklist": [
            {
                "kind": item.kind,
                "text": item.text,
                "reasons": list(item.reasons),
                "priority": item.priority,
                "stated_wish": item.stated_wish,
                "quote": item.quote,
                "ref_id": item.ref_id,
                "wish_ids": list(item.wish_ids),
            }
            for item in prep.checklist
        ],
        "items": [
            {
                "id": ranked.matter.id,
                "statement": ranked.matter.statement,
                "why": ranked.matter.why,
                "category": ranked.matter.category.value,
                "importance": ranked.matter.importance,
                "rank": ranked.rank,
                "reasons": list(ranked.reasons),
                "keep_off_printouts": ranked.matter.keep_off_printouts,
            }
            for ranked in prep.items
        ],
        "repairs": [_breach_json(b) for b in prep.repairs],
        "promises_due": [_promise_json(p) for p in prep.promises_due],
        "last_time": None
        if last is None
        else {
            "id": last.id,
            "start": _iso(last.start),
            "medium": last.medium.value,
            "location": last.location,
            "agenda": last.agenda,
            "notes": last.private_notes,
        },
        "trust_trend": _trust_json(prep),
        "discovery_prompts": list(prep.discovery_prompts),
    }


def _trust_json(prep: Prep) -> dict[str, Any] | None:
    trend = prep.trust_trend
    if trend is None:
        return None
    cal = trend.calibration
    return {
        "last_scores": [{"question": q, "reported": score} for q, score in trend.last_scores],
        "last_comment": trend.last_comment,
        "direction": trend.direction.value if trend.direction else None,
        "calibration": None
        if cal is None
        else {"sessions": cal.sessions, "expected": cal.expected, "reported": cal.reported},
        "raised": trend.raised,
    }


def _indented(text: str, indent: str) -> list[str]:
    return [indent + line for line in text.strip().splitlines()]


def prep_text(prep: Prep, session: SessionRow, client: str) -> str:
    """The prep of one session as readable text, in the panel's order."""
    from coachdesk.domain.vocab import GuestSource

    mark = _mark()
    when = _local(session.start).strftime("%Y-%m-%d %H:%M")
    who = session.client_name
    if client != session.client_name:
        who = f"{client} ({session.client_name})"
    lines = [
        f"Prep for {who}, session {session.id}",
        f"{when}, {session.duration_minutes} min, {session.medium.label}"
        + (f", {session.location}" if session.location else "")
        + f" ({session.status.label.lower()})",
    ]
    for guest in session.guests:
        label = f"{guest.name} ({guest.role})" if guest.role else guest.name
        if guest.brought_by is GuestSource.CLIENT:
            told = "brought by the client"
        else:
            told = "told" if guest.announced else f"{mark} {client} not told yet"
        lines.append(f"Guest: {label}, {told}")
    if session.agenda.strip():
        lines.append("Agenda:")
        lines += _indented(session.agenda, "  ")
    if prep.circumstances:
        lines.append("This session: " + "; ".join(c.reason for c in prep.circumstances))

    lines += ["", "BEFORE THE SESSION"]
    if not prep.checklist:
        lines.append("  Nothing to do first.")
    for number, item in enumerate(prep.checklist, start=1):
        lines.append(f"  {number}. {mark} {item.text}")
        if item.quote:
            lines.append(f"     {client} said: “{item.quote}”")
        lines.append(f"     Why: {'; '.join(item.reasons)}")

    lines += ["", "WHAT MATTERS FOR THIS SESSION"]
    if not prep.items:
        lines.append("  Nothing recorded yet.")
    for ranked in prep.items:
        matter = ranked.matter
        extra = ", keep off printouts" if matter.keep_off_printouts else ""
        lines.append(
            f"  {ranked.rank}. “{matter.statement}”"
            f"  ({matter.category.label}, importance {matter.importance}{extra})"
        )
        if ranked.reasons:
            lines.append(f"     Why: {'; '.join(ranked.reasons)}")

    if prep.repairs:
        lines += ["", "REPAIRS IN PROGRESS"]
        for breach in prep.repairs:
            lines.append(
                f"  - {breach.occurred_on.isoformat()}: “{breach.matter_statement}”"
                f" (repair {breach.repair_status.label.lower()})"
            )
            if breach.what_happened.strip():
                lines += _indented(breach.what_happened, "    ")

    if prep.promises_due:
        lines += ["", "PROMISES DUE"]
        for promise in prep.promises_due:
            due = promise.due_on.isoformat() if promise.due_on else ""
            lines.append(f"  - {promise.owner.label}, due {due}: {promise.text}")

    if prep.last_time is not None:
        last = prep.last_time
        lines += ["", "LAST TIME"]
        lines.append(
            f"  {_local(last.start).strftime('%Y-%m-%d %H:%M')}, {last.medium.label}"
            + (f", {last.location}" if last.location else "")
        )
        if last.agenda.strip():
            lines.append("  Agenda:")
            lines += _indented(last.agenda, "    ")
        if last.private_notes.strip():
            lines.append("  Notes:")
            lines += _indented(last.private_notes, "    ")

    if prep.trust_trend is not None:
        title = "TRUST TREND" + (f"  {_mark()} raised" if prep.trust_trend.raised else "")
        lines += ["", title]
        lines += [f"  {line}" for line in prep.trust_trend.lines(client)]
        if prep.trust_trend.last_comment:
            lines.append(f"  Last comment: “{prep.trust_trend.last_comment}”")

    if prep.discovery_prompts:
        lines += ["", "DISCOVERY PROMPTS"]
        lines += [f"  - {prompt}" for prompt in prep.discovery_prompts]
    return "\n".join(lines)


def _write_sheet(data: Any, prep: Any, target: str) -> int:
    """The printed sheet needs Qt's text layout (QtGui): offscreen when there is no screen."""
    from coachdesk.app import create_gui_application

    create_gui_application()
    from coachdesk.printing.prep_sheet import render_prep_sheet

    try:
        result = render_prep_sheet(data, Path(target), prep=prep)
    except OSError as exc:
        return _fail(f"cannot write {target}: {exc.strerror or exc}")
    print(f"Prep sheet written to {result.path}", file=sys.stderr)
    return 0


def _run_prep(db: Database, session_id: int, as_json: bool, pdf: str | None = None) -> int:
    from coachdesk.domain.prep import build_prep
    from coachdesk.storage.errors import RecordNotFound
    from coachdesk.storage.prep import load_prep_input

    try:
        data = load_prep_input(db, session_id)
    except RecordNotFound:
        return _fail(f"no session with id {session_id}")
    prep = build_prep(data)
    if as_json:
        _print_json(prep_json(prep, data.session))
    else:
        print(prep_text(prep, data.session, data.client_name))
    if pdf:
        return _write_sheet(data, prep, pdf)
    return 0


# --- backup, restore, check -----------------------------------------------------------------


def _backup_folders(paths: AppPaths) -> tuple[Path, Path | None]:
    from coachdesk.preferences import backup_folder, copy_to_folder, open_settings

    settings = open_settings(paths)
    return backup_folder(paths, settings), copy_to_folder(settings)


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def _run_backup(paths: AppPaths, to: str | None, listing: bool) -> int:
    from coachdesk.storage import backups
    from coachdesk.storage.errors import StorageError

    folder, copy_to = _backup_folders(paths)
    if to:
        folder, copy_to = Path(to).expanduser().absolute(), None
    if listing:
        entries = backups.list_backups(folder)
        if not entries:
            print(f"No backups in {folder}.", file=sys.stderr)
            return 0
        for entry in entries:
            counts = backups.peek(entry.path)
            held = f"{counts[0]:,} clients, {counts[1]:,} sessions" if counts else "unreadable"
            print(
                f"{_local(entry.taken_at):%Y-%m-%d %H:%M}  {entry.kind.value:<16}  "
                f"{_size(entry.size):>9}  {held}  {entry.path}"
            )
        return 0
    if not paths.database.is_file():
        return _fail(f"there is no data file to back up at {paths.database}")
    summary = backups.make_backup(paths.database, folder)
    backups.rotate(folder)
    print(
        f"Backup written and verified: {summary.path} "
        f"({summary.clients:,} clients, {summary.sessions:,} sessions, {_size(summary.size)})"
    )
    if copy_to is not None:
        try:
            copied = backups.copy_backup(summary.path, copy_to)
        except StorageError as exc:
            print(f"coachdesk: warning: {exc.message}", file=sys.stderr)
        else:
            backups.rotate(copy_to)
            print(f"Copied to {copied}")
    return 0


def _run_restore(paths: AppPaths, source: str) -> int:
    from coachdesk.storage import backups
    from coachdesk.storage.database import open_database
    from coachdesk.storage.lock import COMMAND, InstanceLock

    with InstanceLock(paths.data_dir, kind=COMMAND):
        folder, _copy_to = _backup_folders(paths)
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


def _run_check(paths: AppPaths) -> int:
    from coachdesk.storage.backups import check_database

    report = check_database(paths.database)
    if report.healthy:
        print("healthy")
        return 0
    return _fail(report.describe())


# --- export and import ------------------------------------------------------------------------


def _run_export(db: Database, file: str | None, csv_dir: str | None) -> int:
    if csv_dir is not None:
        from coachdesk.storage.portable_csv import export_csv

        folder = Path(csv_dir).expanduser()
        written = export_csv(db, folder)
        print(f"Wrote {', '.join(path.name for path in written)} to {folder}")
        return 0
    from coachdesk.storage.portable_json import write_export

    assert file is not None
    summary = write_export(db, Path(file).expanduser())
    print(
        f"Exported {summary.clients:,} clients and {summary.sessions:,} sessions to "
        f"{summary.path} ({_size(summary.size)})"
    )
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
        return _fail("--merge is for JSON exports; a CSV import skips clients already there")
    with InstanceLock(paths.data_dir, kind=COMMAND):
        db = open_database(paths.database, paths.backup_dir)
        try:
            if spreadsheet:
                report = import_clients_csv(db, source)
            else:
                report = import_file(db, source, merge=merge)
        except ImportRefused as exc:
            details = "\n".join(f"  {line}" for line in exc.describe().splitlines())
            return _fail(f"nothing was imported from {source}:\n{details}")
        finally:
            db.close()
    print(report.summary())
    return 0


def _writable(paths: AppPaths) -> bool:
    """Whether the data folder (and the data file, if there is one) may be written."""
    database = paths.database
    return os.access(paths.data_dir, os.W_OK) and (
        not database.exists() or os.access(database, os.W_OK)
    )


def _with_database(paths: AppPaths, run: Any, *args: object) -> int:
    """Run ``run(db, *args)`` on the data file; read-only (no lock, nothing written) when
    the data folder cannot be written, so a practice on a read-only medium can be exported."""
    from coachdesk.storage.database import open_database, open_read_only

    if _writable(paths):
        db = open_database(paths.database, paths.backup_dir)
    else:
        logger.info(
            "the data folder %s cannot be written: reading the data file read-only, "
            "without the folder's lock",
            paths.data_dir,
        )
        db = open_read_only(paths.database)
    try:
        return run(db, *args)
    finally:
        db.close()


def _data_folder_problem(exc: DataFolderError, paths: AppPaths, given: str | None) -> str:
    """What keeps the data folder from being made, naming the path that failed."""
    origin = "--data-dir" if given else DATA_DIR_ENV if os.environ.get(DATA_DIR_ENV) else None
    if exc.not_a_folder:
        if exc.path == paths.data_dir and origin:
            return f"{origin} names a file, not a folder: {exc.path}"
        return f"cannot use the data folder {paths.data_dir}: {exc.path} is a file, not a folder"
    if exc.path == paths.data_dir:
        return f"cannot use the data folder {paths.data_dir}: {exc.reason}"
    return f"cannot use the data folder {paths.data_dir}: cannot create {exc.path}: {exc.reason}"


def _window_can_be_seen() -> bool:
    """Whether a message window would reach someone: a display, a platform that shows
    windows (offscreen and minimal show nothing, and a box there would wait for ever), and
    the libraries Qt needs."""
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal"):
        return False
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False
    from coachdesk.system_libraries import start_problem

    return start_problem() is None


def _cannot_open_the_app(message: str) -> int:
    """A failure before the app's window exists: on stderr, and in a message window too,
    since an app started from a launcher has no terminal to show stderr."""
    logger.warning("cannot start: %s", message)
    code = _fail(message)
    if _window_can_be_seen():
        from coachdesk.ui.common.messages import show_start_problem

        show_start_problem(message[:1].upper() + message[1:])
    return code


def _backup_folders_to_make_private(paths: AppPaths) -> list[Path]:
    """The backup folders chosen in the settings, if any (read with QtCore only when the
    settings file has a [backup] section: the commands would not load Qt otherwise)."""
    try:
        chosen = b"[backup]" in paths.settings_file.read_bytes()
    except OSError:
        return []
    if not chosen:
        return []
    folder, copy_to = _backup_folders(paths)
    return [path for path in (folder, copy_to) if path is not None]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(commands=not opens_the_app(argv)).parse_args(argv)
    if os.name == "posix":
        os.umask(0o077)  # coaching notes: every file and folder created is the owner's only
    from coachdesk.paths import UserDirsForbidden

    opens_app = args.command is None and not args.smoke_test
    try:
        paths = resolve(args.data_dir)
        missing = paths.ensure()
    except UserDirsForbidden as exc:
        return _fail(str(exc))
    except DataFolderError as exc:
        message = _data_folder_problem(exc, paths, args.data_dir)
        return _cannot_open_the_app(message) if opens_app else _fail(message)

    from coachdesk.logs import setup_logging

    setup_logging(paths, verbose=args.verbose)  # optional: says so on stderr when it cannot
    for line in missing:
        logger.warning("cannot create %s", line)
    # Before SQLite opens the data file: its -wal and -shm get the data file's mode.
    for line in make_private(paths, _backup_folders_to_make_private(paths)):
        logger.info("made private: %s", line)

    if args.command is None:
        from coachdesk.system_libraries import start_problem

        problem = start_problem()  # before Qt: it would abort without a word
        if problem is not None:
            logger.error("Qt cannot start: %s", problem)
            return _fail(problem)
        from coachdesk.app import run_gui

        return run_gui(paths, smoke_test=args.smoke_test)

    from coachdesk.storage.errors import StorageError

    try:
        if args.command == "demo":
            return _run_demo(paths, args.size, args.seed)
        if args.command == "sessions":
            return _with_database(paths, _run_sessions, args.upcoming, args.client, args.json)
        if args.command == "prep":
            return _with_database(paths, _run_prep, args.session_id, args.json, args.pdf)
        if args.command == "backup":
            return _run_backup(paths, args.to, args.list)
        if args.command == "restore":
            return _run_restore(paths, args.file)
        if args.command == "check":
            return _run_check(paths)
        if args.command == "export":
            return _with_database(paths, _run_export, args.file, args.csv)
        if args.command == "import":
            return _run_import(paths, args.file, args.merge)
        from coachdesk import cli_clients

        if args.command in cli_clients.COMMANDS:
            return cli_clients.run(args, paths)
    except StorageError as exc:
        logger.warning("command %s failed: %s", args.command, exc.problem)
        return _fail(exc.message)
    except BrokenPipeError:
        # The reader went away (``coachdesk sessions | head``): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    raise AssertionError(f"unhandled command {args.command}")
