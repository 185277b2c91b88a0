"""Where CoachDesk keeps its files.

Every location comes from here.  By default they are the platform's user
folders for the app "CoachDesk" (platformdirs).  ``--data-dir DIR`` or the
``COACHDESK_DATA_DIR`` environment variable moves all of them under ``DIR``
(data in ``DIR``, settings in ``DIR/config``, logs in ``DIR/logs``).

Nothing is created when this module is imported: ``AppPaths.ensure()`` creates
the folders, and only the start-up sequence calls it.

Tripwire: when ``COACHDESK_FORBID_USER_DIRS`` is set (the test suite sets it),
asking for the real user folders raises instead of returning them, so a test
that forgets its temporary folder fails loudly instead of touching a coach's
data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from coachdesk import APP_NAME

DATA_DIR_ENV = "COACHDESK_DATA_DIR"
FORBID_USER_DIRS_ENV = "COACHDESK_FORBID_USER_DIRS"
DATABASE_NAME = "coachdesk.sqlite3"


class UserDirsForbidden(RuntimeError):
    """The real user folders were asked for while the tripwire is set."""


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

    def ensure(self) -> None:
        """Create the folders (owner-only on POSIX) if they are missing."""
        for folder in (self.data_dir, self.config_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)

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
