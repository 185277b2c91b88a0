"""The coach's preferences (backup folders, feedback questions), shared by the GUI and the
command line.

They live in the settings file (QSettings, INI format, in the config folder),
next to window state; only QtCore is needed to read them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from coachdesk.paths import AppPaths

if TYPE_CHECKING:
    from datetime import datetime

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


FEEDBACK_QUESTIONS_KEY = "feedback/questions"


def feedback_questions(settings: QSettings) -> tuple[str, ...]:
    """The questions the client is asked (on the form and the printed card): the coach's
    saved list, or ``DEFAULT_FEEDBACK_QUESTIONS`` when none is saved (or it is unreadable)."""
    import json

    from coachdesk.domain.vocab import DEFAULT_FEEDBACK_QUESTIONS

    raw = settings.value(FEEDBACK_QUESTIONS_KEY, "")
    try:
        saved = json.loads(str(raw)) if raw else None
    except ValueError:
        saved = None
    if not isinstance(saved, list):
        return DEFAULT_FEEDBACK_QUESTIONS
    questions = tuple(q.strip() for q in saved if isinstance(q, str) and q.strip())
    return questions or DEFAULT_FEEDBACK_QUESTIONS


def set_feedback_questions(settings: QSettings, questions: tuple[str, ...] | list[str]) -> None:
    """Store the question list (stored as JSON: an INI list of one would read back as a
    string).  Raises ``ValueError`` for an empty list or a blank question."""
    import json

    cleaned = [question.strip() for question in questions]
    if not cleaned or not all(cleaned):
        raise ValueError("the feedback questions need at least one question, none blank")
    settings.setValue(FEEDBACK_QUESTIONS_KEY, json.dumps(cleaned, ensure_ascii=False))
    settings.sync()


AUTO_LOCK_KEY = "security/auto_lock_minutes"
AUTO_LOCK_CHOICES = (5, 15, 30, 60, 0)  # minutes without input; 0: never
AUTO_LOCK_DEFAULT = 15


def auto_lock_minutes(settings: QSettings) -> int:
    """After how many idle minutes a protected practice locks itself (0: never)."""
    try:
        minutes = int(settings.value(AUTO_LOCK_KEY, AUTO_LOCK_DEFAULT))
    except (TypeError, ValueError):
        return AUTO_LOCK_DEFAULT
    return minutes if minutes in AUTO_LOCK_CHOICES else AUTO_LOCK_DEFAULT


def set_auto_lock_minutes(settings: QSettings, minutes: int) -> None:
    settings.setValue(AUTO_LOCK_KEY, int(minutes))


RECOVERY_PROVEN_KEY = "security/recovery_proven_at"  # ISO 8601, UTC


def recovery_proven_at(settings: QSettings) -> datetime | None:
    """When the recovery sheet last opened the newest backup (the drill), if ever."""
    from datetime import datetime

    raw = settings.value(RECOVERY_PROVEN_KEY, "")
    try:
        return datetime.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def set_recovery_proven_at(settings: QSettings, when: datetime) -> None:
    settings.setValue(RECOVERY_PROVEN_KEY, when.isoformat(timespec="seconds"))
