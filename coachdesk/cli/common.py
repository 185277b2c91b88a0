"""What the subcommands share: how they fail, print JSON and sizes, open the data file,
and find the backup folders chosen in the app."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachdesk.paths import AppPaths

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 30  # ``sessions`` without --upcoming or --client: the next this many days


def fail(message: str) -> int:
    """Say ``message`` on stderr; the exit code of a problem the user can act on."""
    print(f"coachdesk: {message}", file=sys.stderr)
    return 1


def print_json(value: object) -> None:
    import json  # not at the top: this module is on the path to the window's first paint

    print(json.dumps(value, indent=2, ensure_ascii=False))


def size_text(size: int) -> str:
    """A file's size in bytes as a person reads it: "3.2 MB", "48 kB"."""
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def backup_folders(paths: AppPaths) -> tuple[Path, Path | None]:
    """The backup folder and the "copy to" folder chosen in the app (reads QtCore's
    settings)."""
    from coachdesk.preferences import backup_folder, copy_to_folder, open_settings

    settings = open_settings(paths)
    return backup_folder(paths, settings), copy_to_folder(settings)


def _writable(paths: AppPaths) -> bool:
    """Whether the data folder (and the data file, if there is one) may be written."""
    database = paths.database
    return os.access(paths.data_dir, os.W_OK) and (
        not database.exists() or os.access(database, os.W_OK)
    )


def with_database(paths: AppPaths, run: Callable[..., int], *args: object) -> int:
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
