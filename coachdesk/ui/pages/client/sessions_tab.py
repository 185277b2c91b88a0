"""The client page's Sessions tab: every session, newest first, with what to do before
the next one (and guests the client has not been told about) marked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from coachdesk.display.timefmt import format_when, with_their_time
from coachdesk.display.translate import translator
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.text import one_line
from coachdesk.ui.pages.client.list_tab import ListTab, wrapped_tip
from coachdesk.ui.widgets.row_model import Column, RowTableModel
from coachdesk.ui.widgets.style import WARNING_MARK

if TYPE_CHECKING:
    from coachdesk.ui.pages.client.actions import ClientActions

_tr = translator("SessionsTab")


def session_columns(now: Callable[[], datetime]) -> list[Column[SessionRow]]:
    """The columns; what needs attention is judged by ``now()``."""

    def when(row: SessionRow) -> str:
        text = with_their_time(format_when(row.start), row.start, row.client_time_zone)
        return text + " " + _tr("(moved)") if row.rescheduled else text

    def session_tip(row: SessionRow) -> str | None:
        lines = []
        if row.rescheduled:
            lines.append(_tr("Moved from {when}").format(when=format_when(row.original_start)))
        if row.agenda.strip():
            lines.append(_tr("Agenda: {agenda}").format(agenda=row.agenda.strip()))
        return wrapped_tip("\n".join(lines))

    def guests(row: SessionRow) -> str:
        names = ", ".join(
            f"{guest.name} ({guest.role})" if guest.role else guest.name for guest in row.guests
        )
        if row.unannounced_guests and row.needs_attention(now()):
            return f"{WARNING_MARK} {names}"
        return names

    def guest_tip(row: SessionRow) -> str | None:
        lines = [
            (f"{guest.name} ({guest.role})" if guest.role else guest.name)
            + " — "
            + (
                _tr("client told {when}").format(when=format_when(guest.client_informed_at))
                if guest.announced
                else _tr("client not told")
            )
            for guest in row.guests
        ]
        return wrapped_tip("\n".join(lines))

    def to_do(row: SessionRow) -> str:
        if not row.needs_attention(now()):
            return ""
        return f"{WARNING_MARK} " + "; ".join(row.to_do_before())

    return [
        Column(_tr("When"), when, sort_key=lambda row: row.start, tooltip=session_tip),
        Column(_tr("Status"), lambda row: _tr(row.status.label)),
        Column(_tr("Medium"), lambda row: _tr(row.medium.label)),
        Column(
            _tr("Place"),
            lambda row: one_line(row.location),
        ),
        Column(
            _tr("Guests"),
            guests,
            tooltip=guest_tip,
            warning=lambda row: bool(row.unannounced_guests) and row.needs_attention(now()),
        ),
        Column(
            _tr("To do"),
            to_do,
            tooltip=session_tip,
            warning=lambda row: row.needs_attention(now()),
        ),
    ]


class SessionsTab(ListTab):
    """``now`` is the time the page was last read: what needs attention is judged by it."""

    def __init__(
        self,
        settings: QSettings,
        actions: ClientActions,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        model = RowTableModel(session_columns(now))
        super().__init__("sessions", model, settings, (3, 4, 5), parent)
        self.add_button(self.tr("New…"), actions.new_session, self.tr("Schedule a session"))
        self.open_button = self.add_button(self.tr("Open…"), actions.open_selected_session)
        self.prepare_button = self.add_button(
            self.tr("Prepare…"),
            actions.prepare_selected_session,
            self.tr("What matters for this session, and what to do first (Ctrl+R)"),
        )
        self.bar.addStretch(1)
        self.on_open(actions.open_selected_session)

    def update_buttons(self) -> None:
        selected = self.selected() is not None
        self.open_button.setEnabled(selected)
        self.prepare_button.setEnabled(selected)
