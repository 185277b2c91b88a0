"""The ``coachdesk`` command: opens the app, or runs a headless subcommand.

Every subcommand goes through ``coachdesk.storage`` and ``coachdesk.domain``,
the same code the GUI uses; nothing here implements a rule of its own.

Exit codes: 0 success, 1 a problem the user can act on (message on stderr),
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from coachdesk import APP_NAME, __version__
from coachdesk.paths import DATA_DIR_ENV, AppPaths, resolve

logger = logging.getLogger(__name__)


def _add_data_dir(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"keep the data file, settings and logs in DIR (or set {DATA_DIR_ENV})",
    )


def build_parser() -> argparse.ArgumentParser:
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
    return parser


def _fail(message: str) -> int:
    print(f"coachdesk: {message}", file=sys.stderr)
    return 1


def _run_demo(paths: AppPaths, size: str, seed: int) -> int:
    from coachdesk.storage.database import open_database
    from coachdesk.storage.demo import DemoRefused, generate_demo

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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from coachdesk.paths import UserDirsForbidden

    try:
        paths = resolve(args.data_dir)
        paths.ensure()
    except UserDirsForbidden as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot use the data folder {args.data_dir or ''}: {exc.strerror or exc}")

    from coachdesk.logs import setup_logging

    try:
        setup_logging(paths, verbose=args.verbose)
    except OSError as exc:
        return _fail(f"cannot write the log in {paths.log_dir}: {exc.strerror or exc}")

    if args.command is None:
        from coachdesk.app import run_gui

        return run_gui(paths, smoke_test=args.smoke_test)

    from coachdesk.storage.errors import StorageError

    try:
        if args.command == "demo":
            return _run_demo(paths, args.size, args.seed)
    except StorageError as exc:
        logger.warning("command %s failed: %s", args.command, exc.problem)
        return _fail(exc.message)
    raise AssertionError(f"unhandled command {args.command}")
