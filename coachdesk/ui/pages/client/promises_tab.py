"""The client page's Promises tab: what the coach and the client promised, by when, with
the overdue ones marked; kept, or missed and logged as a breach."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from coachdesk.display.timefmt import format_day
from coachdesk.display.translate import translator
from coachdesk.domain.practice import PromiseRow
from coachdesk.domain.text import one_line
from coachdesk.domain.vocab import PromiseOwner, PromiseStatus
from coachdesk.ui.pages.client.list_tab import ListTab
from coachdesk.ui.widgets.row_model import Column, RowTableModel
from coachdesk.ui.widgets.style import WARNING_MARK

if TYPE_CHECKING:
    from coachdesk.ui.pages.client.actions import ClientActions

_tr = translator("PromisesTab")


def promise_columns(now: Callable[[], datetime]) -> list[Column[PromiseRow]]:
    """The columns; a promise is overdue by the local date of ``now()``."""

    def overdue(row: PromiseRow) -> bool:
        return row.overdue(now().astimezone().date())

    def due(row: PromiseRow) -> str:
        text = format_day(row.due_on)
        return f"{WARNING_MARK} {text} " + _tr("(overdue)") if overdue(row) else text

    return [
        Column(
            _tr("Owner"),
            lambda row: _tr("Coach") if row.owner is PromiseOwner.COACH else _tr("Client"),
        ),
        Column(
            _tr("Promise"),
            lambda row: one_line(row.text),
        ),
        Column(_tr("Due"), due, sort_key=lambda row: row.due_on, warning=overdue),
        Column(_tr("Status"), lambda row: _tr(row.status.label)),
    ]


class PromisesTab(ListTab):
    """``now`` is the time the page was last read: overdue is judged by it."""

    def __init__(
        self,
        settings: QSettings,
        actions: ClientActions,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        model = RowTableModel(promise_columns(now))
        super().__init__("promises", model, settings, (1,), parent)
        # Sorted by no column: the rows keep the order of the read (see storage.reads).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.add_button(self.tr("New…"), actions.new_promise)
        self.kept_button = self.add_button(self.tr("Kept"), actions.keep_selected_promise)
        self.missed_button = self.add_button(
            self.tr("Missed → log as breach…"),
            actions.miss_selected_promise,
            self.tr("Mark the promise missed and record the breach"),
        )
        self.delete_button = self.add_button(self.tr("Delete"), actions.delete_selected_promise)
        self.bar.addStretch(1)
        self.on_open(actions.edit_selected_promise)
        self.on_delete_key(actions.delete_selected_promise)

    def update_buttons(self) -> None:
        promise: PromiseRow | None = self.selected()
        self.kept_button.setEnabled(
            promise is not None and promise.status is not PromiseStatus.KEPT
        )
        self.missed_button.setEnabled(
            promise is not None and promise.status is not PromiseStatus.MISSED
        )
        self.delete_button.setEnabled(promise is not None)
