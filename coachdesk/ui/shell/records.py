"""Creating and opening records from the window's menus: a client, a session, what
matters, a breach, a promise, the after-session review and the prep panel (a mixin of
``MainWindow``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog


class RecordFlows:
    """The menus' record dialogs (a mixin of ``MainWindow``)."""

    def new_client(self) -> None:
        self.go_clients()
        self.ensure_pages().clients.new_client()

    def new_session(self) -> None:
        client_page = self._client_page_in_view()
        if client_page is not None:
            client_page.new_session()
            return
        client_id = self.context_client()
        if self.pages.currentWidget() is not self.sessions_stack:
            self.go_sessions()
        self.ensure_pages().sessions.new_session(client_id)

    def capture_matter(self) -> None:
        self._open_record_dialog("matter")

    def log_breach(self) -> None:
        self._open_record_dialog("breach")

    def new_promise(self) -> None:
        self._open_record_dialog("promise")

    def _open_record_dialog(self, kind: str) -> None:
        page = self._client_page_in_view()
        if page is not None:
            {"matter": page.capture_matter, "breach": page.log_breach, "promise": page.new_promise}[
                kind
            ]()
            return
        from coachdesk.ui.common.attempt import open_dialog
        from coachdesk.ui.dialogs.breach import BreachDialog
        from coachdesk.ui.dialogs.matter import MatterDialog
        from coachdesk.ui.dialogs.promise import PromiseDialog

        dialog_class = {"matter": MatterDialog, "breach": BreachDialog, "promise": PromiseDialog}[
            kind
        ]
        db, client_id = self.database(), self.context_client()
        open_dialog(
            self,
            lambda: dialog_class(db, client_id=client_id, parent=self),
            on_gone=self._refresh_current,
            on_saved=lambda _id: self._refresh_current(),
        )

    def edit_session(self, session_id: int) -> None:
        from coachdesk.ui.common.attempt import open_dialog
        from coachdesk.ui.dialogs.session import SessionDialog

        held: list[int] = []
        db = self.database()

        def make() -> QDialog:
            dialog = SessionDialog(db, session_id=session_id, parent=self)
            dialog.changed.connect(self._refresh_current)
            dialog.held.connect(held.append)
            return dialog

        open_dialog(
            self, make, on_gone=self._refresh_current, on_saved=lambda _id: self._refresh_current()
        )
        for held_id in held:  # after the dialog has closed, never nested inside it
            self.review_session(held_id)

    def review_session(self, session_id: int) -> None:
        """Offer the short after-session review (it can be skipped)."""
        from coachdesk.ui.dialogs.review import offer_review

        summary = offer_review(self.database(), session_id, parent=self)
        if summary:
            self._show_message(summary)
        self._refresh_current()

    def prepare(self, session_id: int | None = None) -> None:
        """Open the prep panel for ``session_id`` (default: the session in view)."""
        from coachdesk.ui.dialogs.prep import PrepDialog

        session_id = session_id if session_id is not None else self.context_session()
        if session_id is None:
            self._show_message(
                self.tr("Select a session on Today or Sessions (or open a client) to prepare.")
            )
            return
        if self._prep_dialog is None:
            self._prep_dialog = PrepDialog(self.database(), parent=self, settings=self.settings)
            self._prep_dialog.status_message.connect(self._show_message)
            self._prep_dialog.changed.connect(self._refresh_current)
        self._prep_dialog.show_for(session_id)
