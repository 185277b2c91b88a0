"""The base of the main window's data pages (Today, Clients, Sessions, Your practice, a
client's page): what the window may ask of whichever page is in view."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A page built on the open data file; it reads it again when asked.

    ``status_message(text)`` puts a line in the window's status bar (what was saved,
    what an undo did)."""

    status_message = Signal(str)

    def reload(self) -> None:
        """Read again what the page shows (after a write elsewhere, an undo, a restore)."""
        raise NotImplementedError

    def save_state(self) -> None:
        """Keep the page's view state (columns, sorting, tab, period) in the settings."""
