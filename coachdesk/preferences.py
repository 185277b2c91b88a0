"""The coach's backup preferences, shared by the GUI and the command line.

They live in the settings file (QSettings, INI format, in the config folder),
next to window state; only QtCore is needed to read them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from coachdesk.paths import AppPaths

BACKUP_FOLDER_KEY = "backup/folder"
COPY_TO_KEY = "backup/copy_to"
RISKY_PLACE_SHOWN_KEY = "warnings/risky_place_shown"


def open_settings(paths: AppPaths) -> QSettings:
    """Window state and preferences: a small INI file in the config folder, no client content."""
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


def _path(settings: QSettings, key: str) -> Path | None:
    value = settings.value(key, "")
    return Path(str(value)).expanduser() if value else None


def backup_folder(paths: AppPaths, settings: QSettings) -> Path:
    """Where backups go: the chosen folder, else ``backups`` inside the data folder."""
    return _path(settings, BACKUP_FOLDER_KEY) or paths.backup_dir


def copy_to_folder(settings: QSettings) -> Path | None:
    """The optional second folder each backup is copied to (a USB stick, a synced folder)."""
    return _path(settings, COPY_TO_KEY)


def set_backup_folders(settings: QSettings, folder: Path | None, copy_to: Path | None) -> None:
    """Store the folders (``None``: the default folder / no second copy)."""
    settings.setValue(BACKUP_FOLDER_KEY, str(folder) if folder else "")
    settings.setValue(COPY_TO_KEY, str(copy_to) if copy_to else "")
    settings.sync()
