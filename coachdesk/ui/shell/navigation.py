"""Moving about the window and opening records: the pages, the client or session in
view, and the dialogs that create or edit a record (a mixin of ``MainWindow``)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget


class Navigation:
    """The window's pages and record dialogs (a mixin of ``MainWindow``)."""

    def go_today(self) -> None:
        self._leave_welcome()
        self._switch_to(self.today_page)  # type: ignore[arg-type]

    def go_clients(self) -> None:
        self._leave_welcome()
        self.ensure_pages()
        self.clients_stack.setCurrentWidget(self.clients_page)
        self._switch_to(self.clients_stack)

    def go_sessions(self) -> None:
        self._leave_welcome()
        self._switch_to(self.sessions_stack)

    def go_practice(self) -> None:
        """The private reliability view across clients."""
        self._leave_welcome()
        self._switch_to(self.practice_stack)

    def _leave_welcome(self) -> None:
        if self.nav.isHidden():
            self._show_navigation(self.clients_stack)

    def show_client(self, client_id: int) -> None:
        """Open the client page for ``client_id``."""
        self._leave_welcome()
        self.ensure_pages()
        assert self.client_page is not None
        self.client_page.show_client(client_id)
        self.clients_stack.setCurrentWidget(self.client_page)
        self._switch_to(self.clients_stack)

    def context_client(self) -> int | None:
        """The client the coach is looking at: the client page's, or the one selected."""
        if self.clients_page is None or self.pages.currentWidget() is not self.clients_stack:
            return None
        if self.clients_stack.currentWidget() is self.client_page:
            return self.client_page.client_id  # type: ignore[union-attr]
        return self.clients_page.selected_id()

    def _on_client_page(self) -> bool:
        return (
            self.client_page is not None
            and self.pages.currentWidget() is self.clients_stack
            and self.clients_stack.currentWidget() is self.client_page
        )

    def new_client(self) -> None:
        self.go_clients()
        self.clients_page.new_client()  # type: ignore[union-attr]

    def new_session(self) -> None:
        if self._on_client_page():
            self.client_page.new_session()  # type: ignore[union-attr]
            return
        client_id = self.context_client()
        if self.pages.currentWidget() is not self.sessions_stack:
            self.go_sessions()
        self.sessions_page.new_session(client_id)  # type: ignore[union-attr]

    def capture_matter(self) -> None:
        self._open_record_dialog("matter")

    def log_breach(self) -> None:
        self._open_record_dialog("breach")

    def new_promise(self) -> None:
        self._open_record_dialog("promise")

    def _open_record_dialog(self, kind: str) -> None:
        if self._on_client_page():
            page = self.client_page
            {"matter": page.capture_matter, "breach": page.log_breach, "promise": page.new_promise}[
                kind
            ]()  # type: ignore[union-attr]
            return
        from coachdesk.storage.errors import RecordNotFound, StorageError
        from coachdesk.ui.common.messages import show_storage_problem
        from coachdesk.ui.dialogs.breach import BreachDialog
        from coachdesk.ui.dialogs.matter import MatterDialog
        from coachdesk.ui.dialogs.promise import PromiseDialog

        dialog_class = {"matter": MatterDialog, "breach": BreachDialog, "promise": PromiseDialog}[
            kind
        ]
        try:
            dialog = dialog_class(self.db, client_id=self.context_client(), parent=self)
        except (StorageError, RecordNotFound) as exc:
            show_storage_problem(self, exc)
            self._refresh_current()
            return
        dialog.saved.connect(lambda _id: self._refresh_current())
        dialog.exec()

    def edit_session(self, session_id: int) -> None:
        from coachdesk.storage.errors import RecordNotFound, StorageError
        from coachdesk.ui.common.messages import show_storage_problem
        from coachdesk.ui.dialogs.session import SessionDialog

        try:
            dialog = SessionDialog(self.db, session_id=session_id, parent=self)
        except (StorageError, RecordNotFound) as exc:
            show_storage_problem(self, exc)
            self._refresh_current()
            return
        held: list[int] = []
        dialog.saved.connect(lambda _id: self._refresh_current())
        dialog.changed.connect(self._refresh_current)
        dialog.held.connect(held.append)
        dialog.exec()
        for held_id in held:  # after the dialog has closed, never nested inside it
            self.review_session(held_id)

    def review_session(self, session_id: int) -> None:
        """Offer the short after-session review (it can be skipped)."""
        from coachdesk.ui.dialogs.review import offer_review

        summary = offer_review(self.db, session_id, parent=self)  # type: ignore[arg-type]
        if summary:
            self._show_message(summary)
        self._refresh_current()

    def _refresh_current(self) -> None:
        if self._prep_dialog is not None and self._prep_dialog.isVisible():
            self._prep_dialog.panel.reload()  # type: ignore[attr-defined]
        current = self.pages.currentWidget()
        if isinstance(current, QStackedWidget):
            current = current.currentWidget()
        reload = getattr(current, "reload", None)
        if reload is not None:
            reload()

    def context_session(self) -> int | None:
        """The session the coach is looking at: selected on Today or Sessions, selected on
        the client page (else that client's next session)."""
        current = self.pages.currentWidget()
        if current is self.today_page:
            from coachdesk.ui.pages.today import ITEM_ROLE

            item = self.today_page.sessions_tree.currentItem()
            ids = item.data(0, ITEM_ROLE) if item is not None else None
            return ids[0] if ids else None
        if current is self.sessions_stack and self.sessions_page is not None:
            return self.sessions_page.selected_id()
        if self._on_client_page():
            page = self.client_page
            assert page is not None
            if page.tabs.currentWidget() is page.sessions_tab:
                selected = page.sessions_tab.selected_id()
                if selected is not None:
                    return selected
            upcoming = page.next_session()
            return upcoming.id if upcoming is not None else None
        return None

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
            self._prep_dialog = PrepDialog(self.db, parent=self)
            self._prep_dialog.status_message.connect(self._show_message)
            self._prep_dialog.changed.connect(self._refresh_current)
        self._prep_dialog.show_for(session_id)

    def find(self) -> None:
        if self.pages.currentWidget() is self.sessions_stack:
            self.sessions_page.focus_filter()  # type: ignore[union-attr]
            return
        self.go_clients()
        self.clients_page.focus_filter()  # type: ignore[union-attr]
