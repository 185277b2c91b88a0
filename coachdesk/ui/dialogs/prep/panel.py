"""The prep panel: before a session, what matters for *this* session and why.

``PrepPanel`` reads one session with ``storage.prep.load_prep_input`` (one read),
ranks it with ``domain.prep.build_prep`` and shows the result in one scrolling
column (``column.PrepColumn``: the header, the checklist, what matters, repairs,
promises, last time, the trust trend and the discovery prompts).

Ticking a checklist entry records it (``tell_guest`` → the guest's "client informed"
time, ``confirm_time`` → the new time confirmed, ``confirm_place`` → how and where
confirmed, ``ask_recording`` → the client's consent to the recording), reloads (the
entry leaves the list) and emits ``changed``.

The whole column is rebuilt on every load, so a load costs about as many widgets as
are visible; errors (the session deleted, the file unreadable) show as a plain line
in the panel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QScrollArea, QToolButton, QVBoxLayout, QWidget

from coachdesk.domain.paper import paper_filter
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.prep import (
    ASK_RECORDING,
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
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.dialogs.prep.column import KIND_ROLE, PrepColumn, message_column


class PrepPanel(QWidget):
    """Shows the prep for one session.  Emits ``status_message`` for the status bar and
    ``changed`` after a checklist tick wrote to the database (pages refresh then).

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
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._show_message(self.tr("Choose a session to prepare for."))

    # --- public -------------------------------------------------------------------------------

    def show_session(self, session_id: int) -> None:
        """Read, rank and show the prep for ``session_id``."""
        self.session_id = session_id
        self.reload()

    def reload(self) -> None:
        """Read the current session again (after a tick or an edit elsewhere)."""
        if self.session_id is None:
            return
        session_id = self.session_id
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
        column = PrepColumn(
            self,
            self.prep,
            data.session,
            data.client_name,
            paper=paper_filter(data.matters, (data.client_name, data.session.client_name)),
            print_notes=data.print_private_notes,
            tick=self._tick,
        )
        self._set_content(column)

    @property
    def fold_button(self) -> QToolButton | None:
        """The "N more…" toggle of what matters; None when every item is shown."""
        column = self.scroll.widget()
        return column.fold_button if isinstance(column, PrepColumn) else None

    def checklist_boxes(self) -> list[QCheckBox]:
        """The checklist's checkboxes, in order."""
        content = self.scroll.widget()
        return [box for box in content.findChildren(QCheckBox) if box.property(KIND_ROLE)]

    # --- showing ------------------------------------------------------------------------------

    def _show_message(self, text: str) -> None:
        self._set_content(message_column(self, text))

    def _set_content(self, content: QWidget) -> None:
        old = self.scroll.takeWidget()
        self.scroll.setWidget(content)
        if old is not None:
            old.deleteLater()

    # --- ticking ------------------------------------------------------------------------------

    def _tick(self, entry: ChecklistItem) -> None:
        """Record a ticked checklist entry, then read again (the entry leaves the list)."""
        ref_id = entry.ref_id
        if ref_id is None:
            return
        writes = {
            TELL_GUEST: (
                lambda: session_storage.set_guest_informed(self.db, ref_id, True),
                self.tr("Recorded: {name} was told about the guest."),
            ),
            CONFIRM_TIME: (
                lambda: session_storage.confirm_reschedule(self.db, ref_id),
                self.tr("Recorded: {name} confirmed the new time."),
            ),
            CONFIRM_PLACE: (
                lambda: session_storage.confirm_place(self.db, ref_id),
                self.tr("Recorded: {name} knows how and where you will meet."),
            ),
            ASK_RECORDING: (
                lambda: session_storage.record_recording_consent(self.db, ref_id, self.clock()),
                self.tr("Recorded: {name} agreed to the recording."),
            ),
        }
        if entry.kind not in writes:
            return
        write, done = writes[entry.kind]
        if not attempt(self, write):
            self.reload()
            return
        self.reload()
        self.status_message.emit(done.format(name=self.client_name))
        self.changed.emit()
