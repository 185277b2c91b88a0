"""The rotating log file.

Logs hold ids, events and environment facts (version, OS, paths) for support;
never client content such as names or notes.  Database errors are logged with
their SQL parameters hidden (``hide_parameters`` on the engine) for the same
reason.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys

from coachdesk import APP_NAME, __version__
from coachdesk.paths import AppPaths

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(paths: AppPaths, *, verbose: bool = False) -> None:
    """Send log records to ``paths.log_file`` (rotated at 1 MB, 5 kept)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "coachdesk", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    file_handler.coachdesk = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
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


def environment_summary() -> str:
    """Version details for the About box and crash reports."""
    import platform

    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"Platform {platform.platform()}",
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
    import sqlite3

    lines.append(f"SQLite {sqlite3.sqlite_version}")
    return "\n".join(lines)
