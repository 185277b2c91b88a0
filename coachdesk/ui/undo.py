"""One undo command for every delete: the delete is done, then pushed here to be undone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from coachdesk.storage.database import Database
from coachdesk.storage.errors import StorageError
from coachdesk.storage.undo import DeletedRows, restore
from coachdesk.ui.messages import show_problem


class DeleteCommand(QUndoCommand):
    """Undo puts the rows back under their old ids; redo deletes them again.

    ``delete_again`` repeats the delete (returning a fresh snapshot) and
    ``refresh`` redraws whatever shows the rows.  The first redo (run by
    ``QUndoStack.push``) does nothing: the delete already happened.
    """

    def __init__(
        self,
        db: Database,
        text: str,
        deleted: DeletedRows,
        delete_again: Callable[[], DeletedRows],
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self.db = db
        self.deleted = deleted
        self.delete_again = delete_again
        self.refresh = refresh
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        try:
            self.deleted = self.delete_again()
        except StorageError as exc:
            show_problem(None, exc.message)
            self.setObsolete(True)
        self.refresh()

    def undo(self) -> None:
        try:
            restore(self.db, self.deleted)
        except StorageError as exc:
            show_problem(None, exc.message)
            self.setObsolete(True)
        self.refresh()
