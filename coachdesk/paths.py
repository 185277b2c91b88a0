"""Where CoachDesk keeps its files.

Every location comes from here.  By default they are the platform's user
folders for the app "CoachDesk" (platformdirs).  ``--data-dir DIR`` or the
``COACHDESK_DATA_DIR`` environment variable moves all of them under ``DIR``
(data in ``DIR``, settings in ``DIR/config``, logs in ``DIR/logs``).

Nothing is created when this module is imported: ``AppPaths.ensure()`` creates
the folders, and only the start-up sequence calls it.  ``make_private`` then takes
group and other permissions away from the folders and files CoachDesk keeps, however
they arrived (a data file copied in at 0644, a ``--data-dir`` made at 0755), before
SQLite opens the data file: SQLite gives its ``-wal`` and ``-shm`` the data file's mode.

Tripwire: when ``COACHDESK_FORBID_USER_DIRS`` is set (the test suite sets it),
asking for the real user folders raises instead of returning them, so a test
that forgets its temporary folder fails loudly instead of touching a coach's
data.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from coachdesk import APP_NAME

DATA_DIR_ENV = "COACHDESK_DATA_DIR"
FORBID_USER_DIRS_ENV = "COACHDESK_FORBID_USER_DIRS"
DATABASE_NAME = "coachdesk.sqlite3"


class UserDirsForbidden(RuntimeError):
    """The real user folders were asked for while the tripwire is set."""


class DataFolderError(Exception):
    """The data folder cannot be made or used.  ``path`` is the folder (or the file in a
    folder's place) that failed, which may be one of the data folder's parents."""

    def __init__(self, path: Path, reason: str, *, not_a_folder: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.not_a_folder = not_a_folder  # ``path`` is a file where a folder should be


def _file_in_the_way(folder: Path) -> Path | None:
    """``folder`` or the nearest of its parents that exists and is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents (owner-only on POSIX) unless it exists; raise
    ``DataFolderError`` naming the path that failed."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        in_the_way = _file_in_the_way(folder)
        if in_the_way is not None:
            raise DataFolderError(in_the_way, "not a folder", not_a_folder=True) from exc
        failed = Path(exc.filename) if exc.filename else folder
        raise DataFolderError(failed, exc.strerror or str(exc)) from exc


class AppPaths(NamedTuple):
    """The folders CoachDesk uses (a NamedTuple: ``dataclasses`` is not loaded at start-up)."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "coachdesk.log"

    def ensure(self) -> list[str]:
        """Create the folders (owner-only on POSIX) if they are missing.

        The data folder must exist afterwards (``DataFolderError`` if it cannot be made).
        The settings and log folders are optional: on a read-only medium the data can still
        be read and exported.  Returns what could not be made ("PATH: reason"), for the log.
        """
        make_folder(self.data_dir)
        missing = []
        for folder in (self.config_dir, self.log_dir):
            try:
                make_folder(folder)
            except DataFolderError as exc:
                missing.append(str(exc))
        return missing

    @classmethod
    def under(cls, base: Path) -> AppPaths:
        base = base.expanduser().absolute()
        return cls(data_dir=base, config_dir=base / "config", log_dir=base / "logs")


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The paths to use: ``data_dir`` if given, else ``$COACHDESK_DATA_DIR``, else the user dirs."""
    override = data_dir if data_dir not in (None, "") else os.environ.get(DATA_DIR_ENV)
    if override:
        return AppPaths.under(Path(override))
    if os.environ.get(FORBID_USER_DIRS_ENV):
        raise UserDirsForbidden(
            f"The real user folders were asked for while {FORBID_USER_DIRS_ENV} is set; "
            f"pass --data-dir or set {DATA_DIR_ENV}."
        )
    import platformdirs

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def _tighten(path: Path, changed: list[str]) -> None:
    """Take group and other permissions away from ``path``, never adding any (a folder at
    0500 stays read-only).  Skipped when ``path`` is missing or cannot be changed (another
    owner's, a read-only medium): opening must not fail on it."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if not mode & 0o077:
            return
        path.chmod(mode & ~0o077)
    except OSError:
        return
    changed.append(f"{path} was {mode:04o}, now {mode & ~0o077:04o}")


def _files(folder: Path, pattern: str) -> list[Path]:
    try:
        return [path for path in folder.glob(pattern) if path.is_file()]
    except OSError:
        return []


def make_private(paths: AppPaths, backup_folders: Iterable[Path] = ()) -> list[str]:
    """Make what CoachDesk keeps readable by the owner only, however it arrived: the data
    folder and its ``coachdesk*`` files (the data file, its ``-wal``, ``-shm`` and
    ``-journal``, the lock, copies kept aside), the default backup folder and its backups,
    the settings and log folders and their files, and the backups in ``backup_folders`` (folders
    chosen in the settings: the coach's own, so only the backups in them are changed).

    Returns one line per path whose mode was tightened ("PATH was 0644, now 0600"); nothing
    on systems without POSIX modes (Windows)."""
    if os.name != "posix":
        return []
    changed: list[str] = []
    for folder in (paths.data_dir, paths.backup_dir, paths.config_dir, paths.log_dir):
        _tighten(folder, changed)
    files = [
        *_files(paths.data_dir, "coachdesk*"),
        *_files(paths.backup_dir, "coachdesk-*"),
        *_files(paths.config_dir, "settings*"),
        *_files(paths.log_dir, "coachdesk.log*"),
    ]
    for folder in backup_folders:
        files += _files(folder, "coachdesk-*.sqlite3*")
    for path in files:
        _tighten(path, changed)
    return changed
