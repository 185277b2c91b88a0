"""The one way the app asks for a file or a folder, so no dialog starts in the folder
CoachDesk happened to be started from.

Each dialog names the kind of file it is about (``EXPORTS``, ``IMPORTS``, ``CALENDARS``,
``PAPERS``, ``BACKUPS``).  It starts in the last folder the coach used for that kind,
remembered in the settings (``files/last_folder/<kind>``), and the first time, or when
that folder is gone (a USB stick taken out), in the coach's Documents folder (their home
folder when there is none).  The settings are the window's: the nearest widget, from the
dialog's parent up, with a ``settings`` attribute that is a ``QSettings`` (the main
window's); without one nothing is remembered and every dialog starts in Documents.

Qt's own static dialogs are used (``QFileDialog.getSaveFileName`` …), so each platform
shows its native one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

EXPORTS = "exports"  # the practice's JSON and spreadsheets
IMPORTS = "imports"  # JSON and spreadsheets coming in
CALENDARS = "calendars"  # .ics files, in and out
PAPERS = "papers"  # PDFs to print or hand over: prep sheets, records, cards, the recovery sheet
BACKUPS = "backups"  # backup files and folders
KINDS = (EXPORTS, IMPORTS, CALENDARS, PAPERS, BACKUPS)

LAST_FOLDER_KEY = "files/last_folder/{kind}"


def documents_folder() -> Path:
    """The coach's Documents folder, or their home folder when it does not exist."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def settings_near(widget: QWidget | None) -> QSettings | None:
    """The settings of the window ``widget`` belongs to (see the module notes)."""
    while widget is not None:
        settings = getattr(widget, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        widget = widget.parentWidget()
    return None


def _usable(folder: Path | None) -> bool:
    return folder is not None and folder.is_absolute() and folder.is_dir()


def start_folder(parent: QWidget | None, kind: str, first: Path | None = None) -> Path:
    """Where a dialog for ``kind`` starts: the last folder used for it, if it is still
    there, else ``first`` (where such files are made, e.g. the backup folder) if it is,
    else Documents."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of file: {kind!r}")
    settings = settings_near(parent)
    if settings is not None:
        remembered = settings.value(LAST_FOLDER_KEY.format(kind=kind), "")
        if remembered and _usable(Path(str(remembered))):
            return Path(str(remembered))
    if first is not None and _usable(first):
        return first
    return documents_folder()


def remember_folder(parent: QWidget | None, kind: str, folder: Path) -> None:
    """Remember ``folder`` as the last one used for ``kind``."""
    settings = settings_near(parent)
    if settings is not None:
        settings.setValue(LAST_FOLDER_KEY.format(kind=kind), str(folder))


def save_file(
    parent: QWidget | None, kind: str, title: str, suggested_name: str, filters: str
) -> Path | None:
    """Ask where to save a file, offering ``suggested_name`` in the folder for ``kind``;
    the chosen path (remembered), or None when cancelled."""
    start = start_folder(parent, kind) / suggested_name
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return _chosen(parent, kind, name, folder=False)


def open_file(
    parent: QWidget | None, kind: str, title: str, filters: str, first: Path | None = None
) -> Path | None:
    """Ask for a file to read, from the folder for ``kind`` (``start_folder``); None when
    cancelled."""
    start = start_folder(parent, kind, first)
    name, _filter = QFileDialog.getOpenFileName(parent, title, str(start), filters)
    return _chosen(parent, kind, name, folder=False)


def choose_folder(
    parent: QWidget | None, kind: str, title: str, start: Path | None = None
) -> Path | None:
    """Ask for a folder, from ``start`` when it exists (a folder already set), else the
    folder for ``kind``; None when cancelled."""
    begin = start if start is not None and _usable(start) else start_folder(parent, kind)
    folder = QFileDialog.getExistingDirectory(parent, title, str(begin))
    return _chosen(parent, kind, folder, folder=True)


def _chosen(parent: QWidget | None, kind: str, name: str, *, folder: bool) -> Path | None:
    if not name:
        return None
    path = Path(name)
    remember_folder(parent, kind, path if folder else path.parent)
    return path
