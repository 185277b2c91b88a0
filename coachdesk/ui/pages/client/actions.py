"""What the coach does on a client's page, record by record: edit the client, open or add
a session, what matters, a breach or a promise in its dialog, confirm or retire what
matters, keep or miss a promise, delete with undo.

Every read and write goes through ``common.attempt``: a refusal, a problem with the data
file or a record deleted meanwhile is told in the coach's words, and the page reads
again.  ``ClientActions`` is the base of ``ClientPage``, which builds the header and tabs
these actions read their selection from."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QTabWidget

from coachdesk.display.timefmt import format_day
from coachdesk.domain.practice import BreachRow, ClientOverview, MatterRow, PromiseRow
from coachdesk.domain.text import quoted
from coachdesk.domain.vocab import PromiseStatus
from coachdesk.storage.breaches import delete_breach
from coachdesk.storage.database import Database
from coachdesk.storage.matters import confirm_matter, delete_matter, set_matter_active
from coachdesk.storage.promises import delete_promise, set_promise_status
from coachdesk.storage.undo import DeletedRows
from coachdesk.ui.common.attempt import attempt, delete_with_undo, open_dialog, write_and_reload
from coachdesk.ui.common.messages import confirm, show_problem
from coachdesk.ui.pages.base import EditingPage

if TYPE_CHECKING:
    from coachdesk.ui.pages.client.breaches_tab import BreachesTab
    from coachdesk.ui.pages.client.feedback_tab import FeedbackTab
    from coachdesk.ui.pages.client.list_tab import ListTab
    from coachdesk.ui.pages.client.matters_tab import MattersTab
    from coachdesk.ui.pages.client.promises_tab import PromisesTab
    from coachdesk.ui.pages.client.sessions_tab import SessionsTab


class ClientActions(EditingPage):
    """The actions of a client's page; ``ClientPage`` gives them their widgets and data.

    Signals, which the main window connects: ``back_requested`` (return to the clients
    list), ``session_held`` (a session was marked held: offer the review),
    ``prepare_session`` (open the prep panel) and ``client_changed`` (the client was
    edited: refresh the clients list)."""

    back_requested = Signal()
    session_held = Signal(int)
    prepare_session = Signal(int)
    client_changed = Signal(int)

    db: Database
    undo_stack: QUndoStack
    settings: QSettings
    overview: ClientOverview | None
    tabs: QTabWidget
    sessions_tab: SessionsTab
    matters_tab: MattersTab
    breaches_tab: BreachesTab
    promises_tab: PromisesTab
    feedback_tab: FeedbackTab
    _client_id: int | None

    # --- dialogs ----------------------------------------------------------------------------

    def _open_dialog(
        self, make: Callable[[], Any], gone: str, on_saved: Callable[[int], None]
    ) -> None:
        """Build a dialog (it may read the database), run it, and reload after it saves."""
        open_dialog(self, make, gone=gone, on_gone=self.reload, on_saved=on_saved)

    def _after_save(self, tab: ListTab | None, message: str) -> Callable[[int], None]:
        def done(saved_id: int) -> None:
            self.reload()
            if tab is not None:
                self.tabs.setCurrentWidget(tab)
                tab.select_id(saved_id)
            self.status_message.emit(message)

        return done

    def edit_client(self) -> None:
        client_id = self._client_id
        if client_id is None:
            return
        from coachdesk.ui.dialogs.client import ClientDialog

        def saved(_saved_id: int) -> None:
            self.reload()
            self.client_changed.emit(client_id)
            self.status_message.emit(self.tr("Client saved."))

        self._open_dialog(
            lambda: ClientDialog(self.db, client_id, parent=self),
            self.tr("This client was deleted."),
            saved,
        )

    def new_session(self) -> None:
        if self._client_id is None:
            return
        self._open_session(None)

    def open_selected_session(self) -> None:
        session_id = self.sessions_tab.selected_id()
        if session_id is not None:
            self._open_session(session_id)

    def _open_session(self, session_id: int | None) -> None:
        from coachdesk.ui.dialogs.session import SessionDialog

        held: list[int] = []

        def make() -> Any:
            dialog = SessionDialog(
                self.db, client_id=self._client_id, session_id=session_id, parent=self
            )
            dialog.held.connect(held.append)
            dialog.changed.connect(self.reload)
            return dialog

        self._open_dialog(
            make,
            self.tr("This session was deleted."),
            self._after_save(self.sessions_tab, self.tr("Session saved.")),
        )
        # Passed on once the dialog is gone, so the review it leads to is not opened inside it.
        for held_id in held:
            self.session_held.emit(held_id)

    def record_feedback(self, session_id: int | None = None) -> None:
        """The prediction-first feedback form for ``session_id`` (default: the tab's choice)."""
        from coachdesk.preferences import feedback_questions
        from coachdesk.ui.dialogs.feedback import FeedbackDialog

        session_id = session_id if session_id is not None else self.feedback_tab.target_session()
        overview = self.overview
        if session_id is None or overview is None:
            self.status_message.emit(
                self.tr("Feedback is for a held session: mark one held first.")
            )
            return
        session = next((s for s in overview.sessions if s.id == session_id), None)
        if session is None:
            show_problem(self, self.tr("This session was deleted."))
            self.reload()
            return
        dialog = FeedbackDialog(
            self.db,
            session,
            overview.preferred_name.strip() or overview.name,
            feedback_questions(self.settings),
            self,
        )
        dialog.saved.connect(lambda _id: self.reload())
        dialog.exec()

    def print_feedback_card(self) -> None:
        """The half-page card with the feedback questions, to hand to the client."""
        from coachdesk.preferences import feedback_questions
        from coachdesk.ui.dialogs.feedback_card import print_feedback_card

        overview = self.overview
        name = (overview.preferred_name.strip() or overview.name) if overview else ""
        print_feedback_card(self, feedback_questions(self.settings), name)

    def prepare_selected_session(self) -> None:
        session_id = self.sessions_tab.selected_id()
        if session_id is not None:
            self.prepare_session.emit(session_id)

    def capture_matter(self) -> None:
        if self._client_id is None:
            return
        self._open_matter(None)

    def edit_selected_matter(self) -> None:
        matter_id = self.matters_tab.selected_id()
        if matter_id is not None:
            self._open_matter(matter_id)

    def _open_matter(self, matter_id: int | None) -> None:
        from coachdesk.ui.dialogs.matter import MatterDialog

        client_id = self._client_id
        assert client_id is not None
        self._open_dialog(
            lambda: MatterDialog(self.db, client_id=client_id, matter_id=matter_id, parent=self),
            self.tr("This item was deleted."),
            self._after_save(self.matters_tab, self.tr("Saved what matters to them.")),
        )

    def log_breach(self) -> None:
        """Log a breach; against the selected item when the What matters tab is showing."""
        if self._client_id is None:
            return
        matter_id = None
        if self.tabs.currentWidget() is self.matters_tab:
            matter_id = self.matters_tab.selected_id()
        self._open_breach(None, matter_id)

    def edit_selected_breach(self) -> None:
        breach_id = self.breaches_tab.selected_id()
        if breach_id is not None:
            self._open_breach(breach_id, None)

    def _open_breach(self, breach_id: int | None, matter_id: int | None) -> None:
        from coachdesk.ui.dialogs.breach import BreachDialog

        client_id = self._client_id
        assert client_id is not None
        self._open_dialog(
            lambda: BreachDialog(
                self.db, client_id=client_id, breach_id=breach_id, matter_id=matter_id, parent=self
            ),
            self.tr("This breach was deleted."),
            self._after_save(self.breaches_tab, self.tr("Breach saved.")),
        )

    def new_promise(self) -> None:
        if self._client_id is None:
            return
        self._open_promise(None)

    def edit_selected_promise(self) -> None:
        promise_id = self.promises_tab.selected_id()
        if promise_id is not None:
            self._open_promise(promise_id)

    def _open_promise(self, promise_id: int | None) -> None:
        from coachdesk.ui.dialogs.promise import PromiseDialog

        client_id = self._client_id
        assert client_id is not None
        self._open_dialog(
            lambda: PromiseDialog(self.db, client_id=client_id, promise_id=promise_id, parent=self),
            self.tr("This promise was deleted."),
            self._after_save(self.promises_tab, self.tr("Promise saved.")),
        )

    # --- actions on the selected row --------------------------------------------------------

    def _write(self, action: Callable[[], object], gone: str) -> bool:
        """A write on the selected row, then the page redrawn (``write_and_reload``)."""
        return write_and_reload(self, action, gone, self.reload)

    def confirm_selected_matter(self) -> None:
        matter: MatterRow | None = self.matters_tab.selected()
        if matter is None:
            return
        gone = self.tr("This item was deleted.")
        if self._write(lambda: confirm_matter(self.db, matter.id), gone):
            self.status_message.emit(
                self.tr("Confirmed today: {words}").format(words=quoted(matter.statement, 60))
            )

    def toggle_selected_matter(self) -> None:
        matter: MatterRow | None = self.matters_tab.selected()
        if matter is None:
            return
        active = not matter.active
        if self._write(
            lambda: set_matter_active(self.db, matter.id, active), self.tr("This item was deleted.")
        ):
            self.status_message.emit(
                self.tr("Reactivated.")
                if active
                else self.tr("Retired: it no longer shows in prep.")
            )

    def delete_selected_matter(self) -> None:
        matter: MatterRow | None = self.matters_tab.selected()
        if matter is None:
            return
        words = quoted(matter.statement, 60)
        if matter.breaches:
            also = (
                self.tr("the breach logged against it")
                if matter.breaches == 1
                else self.tr("the {n} breaches logged against it").format(n=matter.breaches)
            )
            message = self.tr(
                "Delete {words}? This also deletes {also}.\n\n"
                "You can undo this with Ctrl+Z until you close CoachDesk."
            ).format(words=words, also=also)
            if not confirm(self, self.tr("Delete what matters"), message, self.tr("Delete")):
                return
        self._delete(
            lambda: delete_matter(self.db, matter.id), words, self.tr("This item was deleted.")
        )

    def delete_selected_breach(self) -> None:
        breach: BreachRow | None = self.breaches_tab.selected()
        if breach is not None:
            self._delete(
                lambda: delete_breach(self.db, breach.id),
                self.tr("the breach of {day}").format(day=format_day(breach.occurred_on)),
                self.tr("This breach was deleted."),
            )

    def keep_selected_promise(self) -> None:
        promise_id = self.promises_tab.selected_id()
        if promise_id is None:
            return
        if self._write(
            lambda: set_promise_status(self.db, promise_id, PromiseStatus.KEPT),
            self.tr("This promise was deleted."),
        ):
            self.status_message.emit(self.tr("Promise kept."))

    def miss_selected_promise(self) -> None:
        promise_id = self.promises_tab.selected_id()
        if promise_id is None:
            return
        from coachdesk.ui.dialogs.promise import log_missed_promise

        logged = attempt(
            self,
            lambda: log_missed_promise(self.db, promise_id, parent=self),
            gone=self.tr("This promise was deleted."),
            on_gone=self.reload,
        )
        if not logged:
            return
        self.reload()
        if logged.value is not None:
            self.status_message.emit(self.tr("Promise missed; breach logged."))

    def delete_selected_promise(self) -> None:
        promise: PromiseRow | None = self.promises_tab.selected()
        if promise is not None:
            self._delete(
                lambda: delete_promise(self.db, promise.id),
                self.tr("the promise {words}").format(words=quoted(promise.text, 60)),
                self.tr("This promise was deleted."),
            )

    def _delete(self, delete: Callable[[], DeletedRows], label: str, gone: str) -> None:
        """Delete through storage, then offer undo; ``label`` names what went."""
        delete_with_undo(
            self,
            self.db,
            self.undo_stack,
            delete=delete,
            label=label,
            gone=gone,
            reload=self.reload,
            report=self.status_message.emit,
        )
