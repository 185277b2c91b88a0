"""The client page's Breaches & repairs tab: what was missed, newest first, how it landed
in the client's words, and the repairs still open marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from coachdesk.display.timefmt import format_day
from coachdesk.display.translate import translator
from coachdesk.domain.practice import BreachRow
from coachdesk.domain.text import one_line, quoted
from coachdesk.domain.vocab import SEVERITY_WORDS
from coachdesk.ui.pages.client.list_tab import ListTab, level_text, wrapped_tip
from coachdesk.ui.widgets.row_model import Column, RowTableModel
from coachdesk.ui.widgets.style import WARNING_MARK

if TYPE_CHECKING:
    from coachdesk.ui.pages.client.actions import ClientActions

_tr = translator("BreachesTab")


def breach_columns() -> list[Column[BreachRow]]:
    def repair(row: BreachRow) -> str:
        if row.open:
            return f"{WARNING_MARK} {_tr(row.repair_status.label)}"
        return _tr("Repaired {day}").format(day=format_day(row.repaired_on)).strip()

    return [
        Column(
            _tr("Date"),
            lambda row: format_day(row.occurred_on),
            sort_key=lambda row: row.occurred_on,
        ),
        Column(
            _tr("What was missed"),
            lambda row: quoted(row.matter_statement),
            bold=lambda row: True,
        ),
        Column(
            _tr("What happened"),
            lambda row: one_line(row.what_happened),
        ),
        Column(
            _tr("How it landed"),
            lambda row: quoted(row.how_it_landed),
            bold=lambda row: True,
        ),
        Column(
            _tr("Severity"),
            lambda row: level_text(row.severity, SEVERITY_WORDS),
            sort_key=lambda row: row.severity,
        ),
        Column(
            _tr("Repair"),
            repair,
            sort_key=lambda row: (not row.open, row.repair_status.value),
            tooltip=lambda row: wrapped_tip(row.repair_notes),
            warning=lambda row: row.open,
        ),
    ]


class BreachesTab(ListTab):
    def __init__(
        self, settings: QSettings, actions: ClientActions, parent: QWidget | None = None
    ) -> None:
        model = RowTableModel(breach_columns())
        super().__init__("breaches", model, settings, (1, 2, 3), parent)
        self.add_button(self.tr("Log breach…"), actions.log_breach)
        self.repair_button = self.add_button(
            self.tr("Record repair…"),
            actions.edit_selected_breach,
            self.tr("Edit the breach and its repair"),
        )
        self.delete_button = self.add_button(self.tr("Delete"), actions.delete_selected_breach)
        self.bar.addStretch(1)
        self.on_open(actions.edit_selected_breach)
        self.on_delete_key(actions.delete_selected_breach)

    def update_buttons(self) -> None:
        selected = self.selected() is not None
        self.repair_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
