"""The rotating log file.

Logs hold ids, events and environment facts (version, OS, paths) for support;
never client content such as names or notes.  Database errors are logged with
their SQL parameters hidden (``hide_parameters`` on the engine) for the same
reason.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path

from coachdesk import APP_NAME, __version__
from coachdesk.paths import AppPaths, DataFolderError, make_folder

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
RETRY_AFTER_S = 300.0  # a log that could not be written is tried again this long after
MAX_BYTES = 1_000_000  # the log is rotated before it would grow past this
KEEP = 5  # rotated logs kept: coachdesk.log.1 (the newest) to coachdesk.log.5

_log_status = "not set up"


class QuietFileHandler(logging.FileHandler):
    """The log file, rotated at ``MAX_BYTES`` (``KEEP`` kept), that goes quiet when it
    cannot be written.

    The rotation is ``logging.handlers.RotatingFileHandler``'s, with its method names,
    done here because that module imports sockets, pickle and queues: a twentieth of a
    bare start, on the path to the window's first paint.

    ``logging.Handler.handleError`` prints "--- Logging error ---" and a traceback on
    stderr for every record it cannot write: on a full disk, every line the app logs.
    Here a failed write says so once, in one line on stderr, drops what was buffered and
    writes nothing for ``RETRY_AFTER_S`` seconds; then it tries again (silently: the
    first line said it all)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8")
        self.failed = False  # a write has failed (said once on stderr)
        self._quiet_until = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if time.monotonic() < self._quiet_until:
            return
        try:
            if self.shouldRollover(record):
                self.doRollover()
        except OSError:
            self.handleError(record)
            return
        super().emit(record)

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        path = self.baseFilename
        if os.path.exists(path) and not os.path.isfile(path):  # a device or a pipe, say
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() + len(self.format(record)) + len(self.terminator) >= MAX_BYTES

    def doRollover(self) -> None:
        """coachdesk.log -> .1, .1 -> .2 … the oldest let go; then a new, empty log."""
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        for number in range(KEEP - 1, 0, -1):
            older = f"{self.baseFilename}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{number + 1}")
        os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        global _log_status
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):  # a record that cannot be formatted: a bug
            super().handleError(record)
            return
        reason = exc.strerror or str(exc)
        if not self.failed:
            self.failed = True
            print(
                f"coachdesk: cannot write the log file {self.baseFilename} ({reason}); "
                "carrying on without it",
                file=sys.stderr,
                flush=True,
            )
        _log_status = f"{self.baseFilename} (not written since {time.strftime('%H:%M')}: {reason})"
        self._quiet_until = time.monotonic() + RETRY_AFTER_S
        stream, self.stream = self.stream, None  # reopened on the next try
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.close()  # drops the buffered lines it could not write


def setup_logging(paths: AppPaths, *, verbose: bool = False) -> bool:
    """Send log records to ``paths.log_file`` (rotated at ``MAX_BYTES``, ``KEEP`` kept).

    The log is optional: when the file cannot be opened (an unwritable log folder, a full
    disk), say so once on stderr and carry on without it.  True when the file is used."""
    global _log_status
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "coachdesk", False):
            root.removeHandler(handler)
            handler.close()
    handler: logging.Handler
    try:
        make_folder(paths.log_dir)
        handler = QuietFileHandler(paths.log_file)
    except (DataFolderError, OSError) as exc:
        if isinstance(exc, DataFolderError):
            reason = f"{exc.path} is a file, not a folder" if exc.not_a_folder else exc.reason
        else:
            reason = exc.strerror or str(exc)
        print(
            f"coachdesk: cannot write the log file {paths.log_file} ({reason}); "
            "carrying on without it",
            file=sys.stderr,
            flush=True,
        )
        _log_status = f"{paths.log_file} (not written: {reason})"
        # Records go nowhere rather than to logging's last resort, which prints them.
        handler = logging.NullHandler()
    else:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        _log_status = str(paths.log_file)
    handler.coachdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    system = " ".join(os.uname()[::2]) if hasattr(os, "uname") else sys.platform
    logging.getLogger(__name__).info(
        "%s %s on Python %s, %s; data=%s config=%s logs=%s",
        APP_NAME,
        __version__,
        sys.version.split()[0],
        system,
        paths.data_dir,
        paths.config_dir,
        paths.log_dir,
    )
    return isinstance(handler, QuietFileHandler)


def log_status() -> str:
    """Where the log is written, or where it would be and why it is not (for the About box
    and crash reports)."""
    return _log_status


def environment_summary() -> str:
    """Version details for the About box and crash reports."""
    import platform

    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"Platform {platform.platform()}",
        f"Log {log_status()}",
    ]
    try:
        import PySide6
        from PySide6 import QtCore

        lines.append(f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}")
    except ImportError:
        pass
    try:
        import sqlalchemy

        lines.append(f"SQLAlchemy {sqlalchemy.__version__}")
    except ImportError:
        pass
    from coachdesk.storage.driver import dbapi

    lines.append(f"SQLite {dbapi.sqlite_version} (SQLCipher)")
    return "\n".join(lines)
