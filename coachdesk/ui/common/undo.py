"""Undo for writes: the write is done, then pushed here to be undone (until the app closes).

``DeleteCommand`` puts deleted rows back; ``ChangeCommand`` puts back the values a write
replaced (a prep tick's recorded time, a session closed from Today).  ``UndoStack`` tells
each command which stack it is on so a command whose undo or redo fails (the file is
busy, the row changed since) can step the stack back and stay available to try again,
instead of leaving the stack claiming something happened that did not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from coachdesk.storage.errors import RecordNotFound, StorageError
from coachdesk.ui.common.messages import show_problem

if TYPE_CHECKING:
    from coachdesk.storage.database import Database
    from coachdesk.storage.undo import ChangedRows, DeletedRows


class UndoStack(QUndoStack):
    def push(self, command: QUndoCommand) -> None:
        if isinstance(command, WriteCommand):
            command.stack = self
        super().push(command)


class WriteCommand(QUndoCommand):
    """A write already done, pushed to be undone (``write_back``) and redone
    (``write_again``), each a write of its own that may fail and leave the file as it was.

    ``refresh`` redraws whatever shows the rows.  The first redo (run by
    ``QUndoStack.push``) does nothing: the write already happened.
    """

    def __init__(self, text: str, refresh: Callable[[], None]) -> None:
        super().__init__(text)
        self.refresh = refresh
        self.stack: QUndoStack | None = None
        self._skip_redo = True  # push() calls redo(); the write already happened
        self._skip_undo = False

    def write_again(self) -> None:
        raise NotImplementedError

    def write_back(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        try:
            self.write_again()
        except (StorageError, RecordNotFound) as exc:
            self._skip_undo = True
            self._failed(exc, step_back=QUndoStack.undo)
            return
        self.refresh()

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        try:
            self.write_back()
        except (StorageError, RecordNotFound) as exc:
            self._skip_redo = True
            self._failed(exc, step_back=QUndoStack.redo)
            return
        self.refresh()

    def _failed(self, exc: Exception, step_back: Callable[[QUndoStack], None]) -> None:
        """Nothing changed in the file: put the stack back where it was, then explain."""
        if isinstance(exc, StorageError):
            message = exc.message
        else:
            message = QCoreApplication.translate(
                "DeleteCommand", "It was changed elsewhere in the meantime."
            )
        text = QCoreApplication.translate(
            "DeleteCommand", "Could not undo or redo “{action}”. {message}"
        ).format(action=self.text(), message=message)
        stack = self.stack

        def afterwards() -> None:
            # After the stack has finished its own step: never re-enter it from inside.
            if stack is not None:
                step_back(stack)
            self.refresh()
            show_problem(None, text)

        QTimer.singleShot(0, afterwards)


class DeleteCommand(WriteCommand):
    """Undo puts the rows back under their old ids; redo deletes them again.

    ``delete_again`` repeats the delete (returning a fresh snapshot)."""

    def __init__(
        self,
        db: Database,
        text: str,
        deleted: DeletedRows,
        delete_again: Callable[[], DeletedRows],
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(text, refresh)
        self.db = db
        self.deleted = deleted
        self.delete_again = delete_again

    def write_again(self) -> None:
        self.deleted = self.delete_again()

    def write_back(self) -> None:
        # Imported here: the window's stack is built before SQLAlchemy has loaded.
        from coachdesk.storage.undo import restore

        restore(self.db, self.deleted)


class ChangeCommand(WriteCommand):
    """Undo puts back the values a write replaced; redo writes them again.  Each refuses
    (and the stack steps back) when the row was changed since."""

    def __init__(
        self, db: Database, text: str, changed: ChangedRows, refresh: Callable[[], None]
    ) -> None:
        super().__init__(text, refresh)
        self.db = db
        self.changed = changed

    def write_again(self) -> None:
        from coachdesk.storage.undo import reapply

        reapply(self.db, self.changed)

    def write_back(self) -> None:
        from coachdesk.storage.undo import revert

        revert(self.db, self.changed)
