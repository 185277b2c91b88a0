"""``main``: the command line, the data folder and the log, then the window or a
subcommand.  A failure before the window exists is said on stderr, and in a message
window too where someone could see one."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from coachdesk.cli.common import backup_folders, fail
from coachdesk.cli.parser import build_parser, opens_the_app
from coachdesk.paths import DATA_DIR_ENV, AppPaths, DataFolderError, make_private, resolve

logger = logging.getLogger(__name__)


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
    code = fail(message)
    if _window_can_be_seen():
        _show_start_problem(message[:1].upper() + message[1:])
    return code


def _show_start_problem(message: str) -> None:
    """The problem in a window of its own, creating the application first (here, not in
    ``ui.common.messages``: the lowest room of the window does not import the app)."""
    from PySide6.QtCore import QCoreApplication

    from coachdesk.app import create_application
    from coachdesk.ui.common.messages import show_problem

    create_application()
    show_problem(None, message, QCoreApplication.translate("messages", "CoachDesk cannot start"))


def _backup_folders_to_make_private(paths: AppPaths) -> list[Path]:
    """The backup folders chosen in the settings, if any (read with QtCore only when the
    settings file has a [backup] section: the commands would not load Qt otherwise)."""
    try:
        chosen = b"[backup]" in paths.settings_file.read_bytes()
    except OSError:
        return []
    if not chosen:
        return []
    folder, copy_to = backup_folders(paths)
    return [path for path in (folder, copy_to) if path is not None]


def main(argv: Sequence[str] | None = None) -> int:
    """The ``coachdesk`` command (``argv`` without the program's name); the exit code."""
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
        return fail(str(exc))
    except DataFolderError as exc:
        message = _data_folder_problem(exc, paths, args.data_dir)
        return _cannot_open_the_app(message) if opens_app else fail(message)

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
            return fail(problem)
        from coachdesk.app import run_gui

        if args.smoke_test:  # headless: a protected practice is unlocked as for a command
            from coachdesk.cli import secrets

            try:
                secrets.unlock(args, paths.database, f"the practice in {paths.data_dir}")
            except secrets.NoSecret as exc:
                return fail(f"smoke test failed: {exc.message}")
        return run_gui(paths, smoke_test=args.smoke_test)

    from coachdesk.cli import backup, clients, data, protection, search, secrets, sessions
    from coachdesk.storage.errors import StorageError

    try:
        args.unlocked_with = secrets.unlock(
            args, paths.database, f"the practice in {paths.data_dir}"
        )
        restoring = getattr(args, "file", None) if args.command == "restore" else None
        if restoring:
            secrets.unlock(args, Path(restoring).expanduser().absolute(), restoring)
        for family in (sessions, data, backup, clients, protection, search):
            if args.command in family.COMMANDS:
                return family.run(args, paths)
    except StorageError as exc:
        logger.warning("command %s failed: %s", args.command, exc.problem)
        return fail(exc.message)
    except secrets.NoSecret as exc:
        logger.warning("command %s: the practice stays locked", args.command)
        return fail(exc.message)
    except BrokenPipeError:
        # The reader went away (``coachdesk sessions | head``): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    raise AssertionError(f"unhandled command {args.command}")
