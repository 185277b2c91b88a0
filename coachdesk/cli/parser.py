"""The command line: ``build_parser`` and ``opens_the_app``, every subcommand's options.

Building the subcommands' parsers is a tenth of the time to the first painted window:
``main`` leaves them out when the command line only opens the app."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from coachdesk import APP_NAME, __version__
from coachdesk.cli.common import DEFAULT_DAYS
from coachdesk.paths import DATA_DIR_ENV

PASSPHRASE_FILE_ENV = "COACHDESK_PASSPHRASE_FILE"


def _add_data_dir(parser: argparse.ArgumentParser, *, default: object) -> None:
    """The options every command takes, before or after its name: the data folder and
    where the passphrase or recovery key of a protected practice is read from."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"keep the data file, settings and logs in DIR (or set {DATA_DIR_ENV})",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=default,
        help="read a protected practice's passphrase from the first line of FILE "
        f"(or set {PASSPHRASE_FILE_ENV}); without either, it is asked on the terminal",
    )
    parser.add_argument(
        "--recovery-key-file",
        metavar="FILE",
        default=default,
        help="open a protected practice with the recovery key in FILE instead",
    )


_GLOBAL_FLAGS = ("--smoke-test", "--verbose")
_GLOBAL_OPTIONS = ("--data-dir", "--passphrase-file", "--recovery-key-file")


def _option_with_value(arg: str) -> bool:
    name, equals, _value = arg.partition("=")
    return bool(equals) and name in _GLOBAL_OPTIONS


def opens_the_app(argv: Sequence[str]) -> bool:
    """Whether ``argv`` only opens the app (global options, no subcommand, no help): then
    the subcommands' parsers, a tenth of the time to the first painted window, are not
    built."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in _GLOBAL_OPTIONS and rest:
            rest.pop(0)
        elif arg not in _GLOBAL_FLAGS and not _option_with_value(arg):
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
        help="also write the one-page prep sheet to FILE (items kept off printouts are left out; "
        "a protected practice's sheet opens with the passphrase or the recovery key)",
    )
    prep.add_argument(
        "--plain",
        action="store_true",
        help="a protected practice's sheet unencrypted (to send to a printer), readable by "
        "anyone who has the file",
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
        description="Run SQLite's integrity and foreign-key checks on the data file, and "
        "check its search index. Prints 'healthy' and exits 0, or describes the problem and "
        "exits 1. With --repair-index, writes the search index afresh from the records "
        "(CoachDesk must be closed).",
    )
    check.add_argument(
        "--repair-index",
        action="store_true",
        help="rebuild the search index from the records, and say how far off it was",
    )
    _add_data_dir(check, default=argparse.SUPPRESS)

    search = commands.add_parser(
        "search",
        help="find clients and their records by their words",
        description="Search every client, session (agenda, notes, place, guests), item that "
        "matters, breach, promise and feedback comment, as the window's search box does: "
        "case and accents ignored, a word finds the words it begins and its other forms, "
        'all words required, "quoted phrases" as written. The words are never logged.',
    )
    search.add_argument("words", nargs="+", metavar="WORDS", help="what to look for")
    search.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_data_dir(search, default=argparse.SUPPRESS)

    export = commands.add_parser(
        "export",
        help="write all the data to a JSON file, or spreadsheets (CSV)",
        description="Write every client with all their records to FILE.json in the "
        "documented CoachDesk data format (docs/data-format.md), or with --csv DIR the "
        "clients, sessions, items and breaches as clients.csv, sessions.csv, items.csv and "
        "breaches.csv in DIR. Safe while the app is open; the files are readable by you only. "
        "A practice protected with a passphrase writes them attached to an encrypted PDF "
        "(FILE.json.pdf, DIR/coachdesk-spreadsheets.pdf) that opens with the passphrase or "
        "the recovery key, unless --plain.",
    )
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("file", nargs="?", metavar="FILE.json", help="the JSON file to write")
    target.add_argument("--csv", metavar="DIR", help="write the four CSV files into DIR instead")
    export.add_argument(
        "--plain",
        action="store_true",
        help="a protected practice's export unencrypted, readable by anyone who has the file "
        "(else it is attached to a PDF that opens with the passphrase or the recovery key)",
    )
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

    _add_client_commands(commands)
    protect = commands.add_parser(
        "protect",
        help="protect the practice with a passphrase (encrypts the data file)",
        description="Encrypt the data file with a new key, opened by a passphrase (asked on "
        "the terminal, or read with --new-passphrase-file) or by the recovery key this "
        "prints once. Backups made from now on are encrypted too; older plain backups are "
        "left as they are (delete them yourself: deleting does not wipe a file from an SSD).",
    )
    protect.add_argument(
        "--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )
    protect.add_argument("--pdf", metavar="FILE", help="also write the recovery sheet to FILE")
    _add_data_dir(protect, default=argparse.SUPPRESS)

    change = commands.add_parser(
        "change-passphrase",
        help="change the passphrase of a protected practice (takes a moment)",
        description="Wrap the data key anew with a new passphrase; the file itself is not "
        "re-encrypted. Proven with the current passphrase or the recovery key.",
    )
    change.add_argument(
        "--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )
    _add_data_dir(change, default=argparse.SUPPRESS)

    unprotect = commands.add_parser(
        "unprotect",
        help="remove the protection: decrypt the data file",
        description="Decrypt the data file into a plain SQLite file. Backups made from now "
        "on are plain; encrypted ones stay encrypted.",
    )
    _add_data_dir(unprotect, default=argparse.SUPPRESS)

    sheet = commands.add_parser(
        "recovery-sheet",
        help="make a new recovery key and write its recovery sheet",
        description="Make a new recovery key for a protected practice and write its one-page "
        "recovery sheet to FILE. The old sheet stops working for this data file and for "
        "the backups made from now on.",
    )
    sheet.add_argument("--pdf", metavar="FILE", required=True, help="the sheet's PDF file")
    _add_data_dir(sheet, default=argparse.SUPPRESS)

    return parser


def _add_client_commands(commands: argparse._SubParsersAction) -> None:
    """``clients``, ``ics``, ``dossier`` and ``erase``: one client's records."""
    from coachdesk.domain.vocab import CALENDAR_DAYS  # light: parsed every run

    clients = commands.add_parser(
        "clients",
        help="list clients with their ids",
        description="List every client with their id, status and email, by name.",
    )
    clients.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_data_dir(clients, default=argparse.SUPPRESS)

    ics = commands.add_parser(
        "ics",
        help="export upcoming sessions to a calendar file, or import one",
        description=f"Write the planned sessions of the next {CALENDAR_DAYS} days to FILE "
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
        default=CALENDAR_DAYS,
        metavar="N",
        help=f"export the sessions of the next N days (default: {CALENDAR_DAYS})",
    )
    ics.add_argument(
        "--import", dest="import_", action="store_true", help="import FILE instead of writing it"
    )
    ics.add_argument(
        "--yes", action="store_true", help="with --import: create the sessions without asking"
    )
    _add_data_dir(ics, default=argparse.SUPPRESS)

    dossier = commands.add_parser(
        "dossier",
        help="a client's own record: everything held about them, as PDF and JSON",
        description="Write everything CoachDesk holds about one client, for the client: a "
        "readable PDF in plain language (--pdf) and the same as JSON (--json). Private "
        "notes included. Find the id with 'coachdesk clients'. For a practice protected "
        "with a passphrase both are encrypted PDFs that open with the passphrase or the "
        "recovery key (the JSON attached to one, FILE.pdf), unless --plain.",
    )
    dossier.add_argument("client_id", type=int, metavar="CLIENT_ID", help="the client's id")
    dossier.add_argument("--pdf", metavar="FILE", help="write the readable record to FILE")
    dossier.add_argument("--json", metavar="FILE", help="write the record as JSON to FILE")
    dossier.add_argument(
        "--plain",
        action="store_true",
        help="a protected practice's record unencrypted, readable by anyone who has the file",
    )
    _add_data_dir(dossier, default=argparse.SUPPRESS)

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
    _add_data_dir(erase, default=argparse.SUPPRESS)
