"""The clients list: the shared row model with the clients' columns, and its word filter."""

from __future__ import annotations

from typing import Any

from coachdesk.display.timefmt import format_when
from coachdesk.domain.clients import ClientRow
from coachdesk.ui.widgets.row_model import ID_ROLE, Column, RowTableModel, WordFilterProxy

__all__ = ["ID_ROLE", "ClientFilterProxy", "ClientTableModel", "format_when"]


def _name(client: ClientRow) -> str:
    if client.preferred_name and client.preferred_name != client.name:
        return f"{client.name} ({client.preferred_name})"
    return client.name


def _haystack(client: ClientRow) -> str:
    return " ".join((client.name, client.preferred_name, client.organisation, client.email))


class ClientTableModel(RowTableModel[ClientRow]):
    """Name, status, organisation, last and next session; sorted by name to start with.
    Clients without a session sort last by either session column, in both directions."""

    NAME, STATUS, ORGANISATION, LAST_SESSION, NEXT_SESSION = range(5)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[ClientRow]] = [
            Column(
                "Name",
                _name,
                sort_key=lambda client: client.name.casefold(),
                tooltip=lambda client: client.email or None,
            ),
            Column("Status", lambda client: client.status.label),
            Column(
                "Organisation",
                lambda client: client.organisation,
                sort_key=lambda client: client.organisation.casefold(),
            ),
            Column(
                "Last session",
                lambda client: format_when(client.last_session),
                sort_key=lambda client: client.last_session,
            ),
            Column(
                "Next session",
                lambda client: format_when(client.next_session),
                sort_key=lambda client: client.next_session,
            ),
        ]
        super().__init__(columns, haystack=_haystack, parent=parent)
        self.sort(self.NAME)

    def client_at(self, row: int) -> ClientRow:
        return self.row_at(row)


class ClientFilterProxy(WordFilterProxy):
    """Keeps the clients whose name, preferred name, organisation or email contain every
    word typed."""
