"""The prep panel: before a session, what matters for *this* session and why.

``PrepPanel`` reads one session with ``storage.prep.load_prep_input`` (one read),
ranks it with ``domain.prep.build_prep`` and shows the result in one scrolling
column (``column.PrepColumn``: the header, the checklist, what matters, repairs,
promises, last time, the trust trend and the discovery prompts).

Ticking a checklist entry records it (``tell_guest`` → the guest's "client informed"
time, ``confirm_time`` → the new time confirmed, ``confirm_place`` → how and where
confirmed, ``ask_recording`` → the client's consent to the recording), at the panel's
clock, and pushes a ``ChangeCommand`` on the panel's own undo stack: the entry stays in
the list as done, with the time ("✓ Told Dan … at 21:18"), until Ctrl+Z (or its Undo
button) puts back exactly what the tick replaced and the entry is open again.  The stack
holds the ticks of the session shown; showing another session starts it afresh.

The whole column is rebuilt on every load, so a load costs about as many widgets as
are visible; errors (the session deleted, the file unreadable) show as a plain line
in the panel.  After a rebuild the keyboard stays on the checklist: the entry just
reopened, else the next open entry, else the Undo button.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.paper import paper_filter
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.prep import (
    ASK_RECORDING,
    CONFIRM_CLOCKS,
    CONFIRM_PLACE,
    CONFIRM_TIME,
    TELL_GUEST,
    ChecklistItem,
    Prep,
    PrepInput,
    build_prep,
)
from coachdesk.storage import sessions as session_storage
from coachdesk.storage.database import Database
from coachdesk.storage.prep import load_prep_input
from coachdesk.storage.undo import ChangedRows
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.common.undo import ChangeCommand, UndoStack
from coachdesk.ui.dialogs.prep.checklist import KIND_ROLE, REF_ROLE, DoneEntry
from coachdesk.ui.dialogs.prep.column import PrepColumn, message_column


class TickCommand(ChangeCommand):
    """One checklist tick on the undo stack, with what the list shows while it stands."""

    def __init__(
        self,
        db: Database,
        text: str,
        changed: ChangedRows,
        done: DoneEntry,
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(db, text, changed, refresh)
        self.done = done


class PrepPanel(QWidget):
    """Shows the prep for one session.  Emits ``status_message`` for the status bar and
    ``changed`` after a checklist tick, or its undo or redo, wrote to the database (pages
    refresh then).

    ``clock`` gives "now" (aware); tests pass a fixed one."""

    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock or (lambda: datetime.now(UTC))
        self.session_id: int | None = None
        self.prep: Prep | None = None
        self.data: PrepInput | None = None  # what ``prep`` was built from: the sheet prints it
        self.session: SessionRow | None = None
        self.client_name = ""
        self.undo_stack = UndoStack(self)
        # Redrawn once the stack has moved (its index is set after a command's undo runs),
        # but not for the panel's own push or clear, which redraw themselves.
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self._quiet = False
        self._ticks: list[TickCommand] = []  # the stack's commands, oldest first
        self._focus_next: tuple[str, int | None] | None = None  # an entry to land on
        self.undo_action = self._stack_action(
            QAction(self.tr("&Undo tick"), self), QKeySequence.StandardKey.Undo
        )
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.redo_action = self._stack_action(
            self.undo_stack.createRedoAction(self, self.tr("&Redo")), QKeySequence.StandardKey.Redo
        )
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a tab stop: Tab goes from one thing to do to the next (Page Down on any of
        # them still scrolls); with nothing to do the column takes the focus itself.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._show_message(self.tr("Choose a session to prepare for."))

    def _stack_action(self, action: QAction, key: QKeySequence.StandardKey) -> QAction:
        action.setShortcuts(QKeySequence.keyBindings(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    # --- public -------------------------------------------------------------------------------

    def show_session(self, session_id: int) -> None:
        """Read, rank and show the prep for ``session_id``.  Another session than the one
        shown starts with an empty undo stack: its ticks are not this session's."""
        if session_id != self.session_id:
            self._quiet = True
            self.undo_stack.clear()
            self._quiet = False
            self._ticks = []
        self.session_id = session_id
        self.reload()

    def reload(self) -> None:
        """Read the current session again (after a tick or an edit elsewhere)."""
        if self.session_id is None:
            return
        session_id = self.session_id
        had_focus = self._has_focus()
        loaded = attempt(
            self,
            lambda: load_prep_input(self.db, session_id, now=self.clock()),
            gone=self.tr("This session no longer exists (perhaps it was deleted)."),
            inline=self._show_message,
        )
        if loaded.value is None:
            self.prep = self.data = self.session = None
            return
        data = loaded.value
        self.prep = build_prep(data)
        self.data = data
        self.session = data.session
        self.client_name = data.client_name
        shown = self._ticks[: self.undo_stack.index()]
        column = PrepColumn(
            self,
            self.prep,
            data.session,
            data.client_name,
            paper=paper_filter(data.matters, (data.client_name, data.session.client_name)),
            print_notes=data.print_private_notes,
            tick=self._tick,
            done=tuple(command.done for command in shown),
            undo=self.undo,
        )
        self._set_content(column)
        if had_focus:
            self.focus_first_action()

    @property
    def fold_button(self) -> QToolButton | None:
        """The "N more…" toggle of what matters; None when every item is shown."""
        column = self.scroll.widget()
        return column.fold_button if isinstance(column, PrepColumn) else None

    @property
    def undo_button(self) -> QToolButton | None:
        """The Undo button beside the latest tick; None when nothing can be undone."""
        column = self.scroll.widget()
        return column.undo_button if isinstance(column, PrepColumn) else None

    def checklist_boxes(self) -> list[QCheckBox]:
        """The checklist's checkboxes (its open entries), in order."""
        content = self.scroll.widget()
        return [box for box in content.findChildren(QCheckBox) if box.property(KIND_ROLE)]

    def done_texts(self) -> list[str]:
        """The checklist's done entries as shown ("✓ Told Dan … at 21:18"), in order."""
        column = self.scroll.widget()
        return (
            [label.text() for label in column.done_labels] if isinstance(column, PrepColumn) else []
        )

    def focus_first_action(self) -> None:
        """Put the keyboard on the checklist: the entry just reopened by an undo, else the
        first open entry, else the Undo button, else the column (to scroll it)."""
        boxes = self.checklist_boxes()
        wanted = self._focus_next
        self._focus_next = None
        target: QWidget | None = next(
            (box for box in boxes if (box.property(KIND_ROLE), box.property(REF_ROLE)) == wanted),
            boxes[0] if boxes else self.undo_button,
        )
        (target or self.scroll).setFocus(Qt.FocusReason.ShortcutFocusReason)
        # Shown as keyboard focus, so the style draws it: the coach sees where Space lands.
        self.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)

    # --- showing ------------------------------------------------------------------------------

    def _has_focus(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and (focused is self or self.isAncestorOf(focused))

    def _show_message(self, text: str) -> None:
        self._set_content(message_column(self, text))

    def _set_content(self, content: QWidget) -> None:
        old = self.scroll.takeWidget()
        self.scroll.setWidget(content)
        if old is not None:
            old.deleteLater()

    def _stack_moved(self, _index: int) -> None:
        """An undo or redo went through (or a failed one was stepped back): redraw."""
        if self._quiet:
            return
        self.reload()
        self.changed.emit()

    # --- ticking ------------------------------------------------------------------------------

    def _tick(self, entry: ChecklistItem, index: int) -> None:
        """Record a ticked checklist entry (at the panel's clock) and push its undo; the
        entry stays in the list, done, at ``index``."""
        ref_id = entry.ref_id
        if ref_id is None:
            return
        when = self.clock()
        writes: dict[str, tuple[Callable[[], ChangedRows], str]] = {
            TELL_GUEST: (
                lambda: session_storage.set_guest_informed(self.db, ref_id, True, when),
                self.tr("Recorded: {name} was told about the guest."),
            ),
            CONFIRM_TIME: (
                lambda: session_storage.confirm_reschedule(self.db, ref_id, when),
                self.tr("Recorded: {name} confirmed the new time."),
            ),
            CONFIRM_PLACE: (
                lambda: session_storage.confirm_place(self.db, ref_id, when),
                self.tr("Recorded: {name} knows how and where you will meet."),
            ),
            ASK_RECORDING: (
                lambda: session_storage.record_recording_consent(self.db, ref_id, when),
                self.tr("Recorded: {name} agreed to the recording."),
            ),
            CONFIRM_CLOCKS: (
                lambda: session_storage.confirm_clocks(self.db, ref_id, when),
                self.tr("Recorded: the time is confirmed with {name} across the clock change."),
            ),
        }
        if entry.kind not in writes:
            return
        write, done = writes[entry.kind]
        written = attempt(self, write)
        if not written or written.value is None:
            self.reload()
            return
        command = TickCommand(
            self.db,
            entry.text,
            written.value,
            DoneEntry(entry, when, index),
            refresh=lambda: None,  # the stack's move redraws (``_stack_moved``)
        )
        self._ticks = [*self._ticks[: self.undo_stack.index()], command]
        self._quiet = True
        self.undo_stack.push(command)
        self._quiet = False
        self.reload()
        self.status_message.emit(
            self.tr("{done} Press Ctrl+Z in the prep window to undo.").format(
                done=done.format(name=self.client_name)
            )
        )
        self.changed.emit()

    def undo(self) -> None:
        """Undo the latest tick (what Ctrl+Z and the Undo button do)."""
        if self.undo_stack.canUndo():
            latest = self._ticks[self.undo_stack.index() - 1].done.entry
            self._focus_next = (latest.kind, latest.ref_id)
        self.undo_stack.undo()
