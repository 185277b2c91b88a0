"""The one way a page or dialog runs work that the coach may be told "no" about.

``attempt`` runs one storage read or write (or a request that may be refused) and
reports what a coach can act on: a refusal (``domain.refusal.Refusal``: a rule
broken, a file that cannot be imported…) or a problem with the data file
(``StorageError``: busy, full, read-only…) in a message box, a record deleted
meanwhile (``RecordNotFound``) with the caller's words and its ``on_gone``.  Anything
else is a bug and goes on to the crash dialog.  On top of it:

* ``attempt_in_background``: the same for slow work, off the GUI thread behind a busy
  window;
* ``write_and_reload``: a page's write, then the page redrawn;
* ``open_dialog``: build a dialog (which may read), run it, always clean it up;
* ``delete_with_undo``: delete, push the undo step, redraw, say "Press Ctrl+Z".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtWidgets import QDialog, QWidget

from coachdesk.display.translate import translator
from coachdesk.domain.refusal import Refusal
from coachdesk.ui.common.messages import show_problem

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from coachdesk.storage.database import Database
    from coachdesk.storage.undo import DeletedRows

T = TypeVar("T")
DialogT = TypeVar("DialogT", bound=QDialog)


_tr = translator("attempt")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What ``attempt`` gives back: true when the work went through, with its ``value``."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    parent: QWidget | None,
    work: Callable[[], T],
    *,
    gone: str | None = None,
    on_gone: Callable[[], None] | None = None,
    title: str | None = None,
    on_refusal: Callable[[Refusal], None] | None = None,
    inline: Callable[[str], None] | None = None,
) -> Outcome[T]:
    """Run ``work``; on a refusal, a storage problem or a record deleted meanwhile, say
    so and give a failed ``Outcome``.  ``gone``: the words for a deleted record;
    ``on_refusal``: takes a refusal instead of the box (e.g. to list its problems);
    ``inline``: shows every message in the page instead of a box."""
    from coachdesk.storage.errors import RecordNotFound, StorageError

    def say(message: str) -> None:
        if inline is not None:
            inline(message)
        else:
            show_problem(parent, message, title)

    try:
        return Outcome(True, work())
    except Refusal as exc:
        if on_refusal is not None:
            on_refusal(exc)
        else:
            say(exc.message)
    except StorageError as exc:
        say(exc.message)
    except RecordNotFound:
        say(gone or _tr("This was deleted in the meantime (perhaps in another window)."))
        if on_gone is not None:
            on_gone()
    return Outcome(False)


def attempt_in_background(
    parent: QWidget | None,
    work: Callable[[], T],
    text: str,
    *,
    title: str | None = None,
    on_refusal: Callable[[Refusal], None] | None = None,
) -> Outcome[T]:
    """``attempt`` for slow work: run off the GUI thread while a busy window says ``text``;
    its refusals and storage problems reported the same way, a bug to the crash dialog."""
    from coachdesk.ui.common.background import in_background

    return attempt(
        parent, lambda: in_background(parent, work, text), title=title, on_refusal=on_refusal
    )


def write_and_reload(
    parent: QWidget, work: Callable[[], object], gone: str | None, reload: Callable[[], None]
) -> bool:
    """A page's write, then ``reload``: also after a record was found gone (the page then
    shows what is left); not after a refusal or a storage problem (nothing changed)."""
    if attempt(parent, work, gone=gone, on_gone=reload):
        reload()
        return True
    return False


def open_dialog(
    parent: QWidget,
    make: Callable[[], DialogT],
    *,
    gone: str | None = None,
    on_gone: Callable[[], None] | None = None,
    on_saved: Callable[[int], None] | None = None,
) -> int | None:
    """Build a dialog with ``make`` (it may read the file: reported like ``attempt``), run
    it and delete it afterwards, whatever happened; its ``exec()`` result, or None when it
    could not be built.  ``on_saved`` is connected to the dialog's ``saved(id)``."""
    built = attempt(parent, make, gone=gone, on_gone=on_gone)
    dialog = built.value
    if dialog is None:
        return None
    try:
        if on_saved is not None:
            dialog.saved.connect(on_saved)  # type: ignore[attr-defined]
        return dialog.exec()
    finally:
        dialog.deleteLater()


def delete_with_undo(
    parent: QWidget,
    db: Database,
    undo_stack: QUndoStack,
    *,
    delete: Callable[[], DeletedRows],
    label: str,
    gone: str | None = None,
    reload: Callable[[], None],
    refresh: Callable[[], None] | None = None,
    report: Callable[[str], None],
) -> bool:
    """Delete through storage, push the undo step, redraw and say how to undo it.

    ``label`` names what went ("the session with Ada on 3 March"); ``refresh`` redraws
    after an undo or redo (``reload`` when not given); ``report`` shows the status line."""
    from coachdesk.ui.common.undo import DeleteCommand

    done = attempt(parent, delete, gone=gone, on_gone=reload)
    if not done or done.value is None:
        return False
    undo_stack.push(
        DeleteCommand(
            db,
            _tr("Delete {what}").format(what=label),
            done.value,
            delete_again=delete,
            refresh=refresh or reload,
        )
    )
    reload()
    report(_tr("Deleted {what}. Press Ctrl+Z to undo.").format(what=label))
    return True
