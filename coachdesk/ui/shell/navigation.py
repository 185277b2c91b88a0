"""Moving about the window: the pages (built on first use), the navigation list, the
client or session in view, and redrawing what is in view (a mixin of ``MainWindow``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6 import QtCore
from PySide6.QtWidgets import QListWidgetItem, QStackedWidget, QWidget

if TYPE_CHECKING:
    from coachdesk.storage.search import Hit
    from coachdesk.ui.pages.base import Page
    from coachdesk.ui.pages.client import ClientPage
    from coachdesk.ui.pages.clients import ClientsPage
    from coachdesk.ui.pages.practice import PracticePage
    from coachdesk.ui.pages.sessions import SessionsPage
    from coachdesk.ui.pages.today import TodayPage


class BuiltPages(NamedTuple):
    """The pages built on first use (only Today is needed at start-up, and the others
    load the write path)."""

    clients: ClientsPage
    client: ClientPage
    sessions: SessionsPage
    practice: PracticePage


class Navigation:
    """The window's pages and where the coach is (a mixin of ``MainWindow``)."""

    # --- the pages ---------------------------------------------------------------------------
    # Each built page by name, or None before the first use (the window's own code goes
    # through ``ensure_pages``; these are for whoever looks from outside: tests, scripts).

    @property
    def clients_page(self) -> ClientsPage | None:
        return self.built.clients if self.built is not None else None

    @property
    def client_page(self) -> ClientPage | None:
        return self.built.client if self.built is not None else None

    @property
    def sessions_page(self) -> SessionsPage | None:
        return self.built.sessions if self.built is not None else None

    @property
    def practice_page(self) -> PracticePage | None:
        return self.built.practice if self.built is not None else None

    def today(self) -> TodayPage:
        """The Today page (it exists while a data file is attached: the data actions are
        enabled only then)."""
        if self.today_page is None:
            raise RuntimeError("no data file is attached")
        return self.today_page

    def ensure_pages(self) -> BuiltPages:
        """The Clients, client, Sessions and practice pages (built once, on first use)."""
        if self.built is not None:
            return self.built
        from coachdesk.ui.pages.client import ClientPage
        from coachdesk.ui.pages.clients import ClientsPage
        from coachdesk.ui.pages.practice import PracticePage
        from coachdesk.ui.pages.sessions import SessionsPage

        db, undo, settings = self.database(), self.undo_stack, self.settings
        built = BuiltPages(
            ClientsPage(db, undo, settings),
            ClientPage(db, undo, settings),
            SessionsPage(db, undo, settings),
            PracticePage(db, settings),
        )
        for page in (built.clients, built.client, built.sessions, built.practice):
            page.status_message.connect(self._show_message)
        for page in (built.clients, built.sessions, built.practice):
            page.open_client.connect(self.show_client)
        built.client.back_requested.connect(self.go_clients)
        built.client.client_changed.connect(lambda _id: built.clients.reload())
        for page in (built.client, built.sessions):
            page.session_held.connect(self.review_session)
            page.prepare_session.connect(self.prepare)
        self.clients_stack.addWidget(built.clients)
        self.clients_stack.addWidget(built.client)
        self.sessions_stack.addWidget(built.sessions)
        self.practice_stack.addWidget(built.practice)
        self.built = built
        return built

    def _pages(self) -> list[Page]:
        built = self.built
        others = (built.clients, built.client, built.sessions, built.practice) if built else ()
        return [page for page in (self.today_page, *others) if page is not None]

    def _show_navigation(self, start: QWidget) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        for text, page in (
            (self.tr("Today"), self.today_page),
            (self.tr("Clients"), self.clients_stack),
            (self.tr("Sessions"), self.sessions_stack),
            (self.tr("Your practice"), self.practice_stack),
        ):
            item = QListWidgetItem(text)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, page)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        self.nav.show()
        self.search_button.show()
        self._switch_to(start)

    def _switch_to(self, page: QWidget) -> None:
        """Show ``page`` with fresh data and select its navigation entry."""
        for row in range(self.nav.count()):
            if self.nav.item(row).data(QtCore.Qt.ItemDataRole.UserRole) is page:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
        if isinstance(page, QStackedWidget):
            self.ensure_pages()
        self.pages.setCurrentWidget(page)
        self._reload_in_view()

    def _on_nav(self, row: int) -> None:
        item = self.nav.item(row)
        if item is not None:
            self._switch_to(item.data(QtCore.Qt.ItemDataRole.UserRole))

    def _page_in_view(self) -> Page | None:
        from coachdesk.ui.pages.base import Page  # after the first paint: it loads Qt's enums

        current = self.pages.currentWidget()
        if isinstance(current, QStackedWidget):
            current = current.currentWidget()
        return current if isinstance(current, Page) else None

    def _reload_in_view(self) -> None:
        page = self._page_in_view()
        if page is not None:
            page.reload()

    def _refresh_current(self) -> None:
        """Redraw what is in view (after a write elsewhere, an undo, an import)."""
        if self._prep_dialog is not None and self._prep_dialog.isVisible():
            self._prep_dialog.panel.reload()
        self._reload_in_view()

    # --- going places ------------------------------------------------------------------------

    def go_today(self) -> None:
        self._leave_welcome()
        self._switch_to(self.today())

    def go_clients(self) -> None:
        self._leave_welcome()
        self.clients_stack.setCurrentWidget(self.ensure_pages().clients)
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
        page = self.ensure_pages().client
        page.show_client(client_id)
        self.clients_stack.setCurrentWidget(page)
        self._switch_to(self.clients_stack)

    def find(self) -> None:
        """Into the filter of the list in view; on a client's page (no list of its own to
        filter) and elsewhere, the search box."""
        if self.pages.currentWidget() is self.sessions_stack:
            self.ensure_pages().sessions.focus_filter()
            return
        built = self.built
        if built is not None and self._page_in_view() is built.clients:
            built.clients.focus_filter()
            return
        self.search_everything()

    def search_everything(self) -> None:
        """The search box; the record chosen there is opened where it lives."""
        from PySide6.QtWidgets import QDialog

        from coachdesk.ui.dialogs.search.box import SearchBox

        if self.db is None or self.nav.isHidden():
            return
        box = SearchBox(self.database(), parent=self)
        try:
            if box.exec() == QDialog.DialogCode.Accepted and box.chosen is not None:
                self.open_hit(box.chosen)
        finally:
            box.deleteLater()

    def open_hit(self, hit: Hit) -> None:
        """Open a search's hit: a session in its dialog, a client on their page, anything
        else chosen on its tab of its client's page."""
        from coachdesk.storage.search import Kind

        if hit.kind is Kind.SESSION:
            self.edit_session(hit.record_id)
            return
        self.show_client(hit.client_id)
        if hit.kind is not Kind.CLIENT:
            self.ensure_pages().client.show_record(hit.kind.name.lower(), hit.record_id)

    # --- what is in view ---------------------------------------------------------------------

    def _client_page_in_view(self) -> ClientPage | None:
        built = self.built
        if built is None or self._page_in_view() is not built.client:
            return None
        return built.client

    def context_client(self) -> int | None:
        """The client the coach is looking at: the client page's, or the one selected."""
        built = self.built
        if built is None or self.pages.currentWidget() is not self.clients_stack:
            return None
        if self._page_in_view() is built.client:
            return built.client.client_id
        return built.clients.selected_id()

    def context_session(self) -> int | None:
        """The session the coach is looking at: selected on Today or Sessions, selected on
        the client page (else that client's next session)."""
        current = self.pages.currentWidget()
        if current is self.today_page:
            return self.today().sessions_tree.selected_session()
        if current is self.sessions_stack and self.built is not None:
            return self.built.sessions.selected_id()
        page = self._client_page_in_view()
        if page is not None:
            if page.tabs.currentWidget() is page.sessions_tab:
                selected = page.sessions_tab.selected_id()
                if selected is not None:
                    return selected
            upcoming = page.next_session()
            return upcoming.id if upcoming is not None else None
        return None
