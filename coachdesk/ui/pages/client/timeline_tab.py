"""The client page's Timeline tab: sessions, what matters, breaches, repairs and promises
in one list, newest first; double-clicking an entry opens it in its own tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWidget

from coachdesk.display.timefmt import format_day, format_when
from coachdesk.display.translate import translator
from coachdesk.domain.practice import TimelineEntry
from coachdesk.domain.text import one_line
from coachdesk.ui.pages.client.list_tab import ListTab
from coachdesk.ui.widgets.row_model import Column, RowTableModel

_tr = translator("TimelineTab")


def timeline_columns() -> list[Column[TimelineEntry]]:
    kinds = {
        "session": _tr("Session"),
        "matter": _tr("What matters"),
        "breach": _tr("Breach"),
        "repair": _tr("Repair"),
        "promise": _tr("Promise"),
    }

    def when(entry: TimelineEntry) -> str:
        if entry.kind == "session":
            return format_when(entry.when)
        return format_day(entry.when.date())

    return [
        Column(_tr("Date"), when, sort_key=lambda entry: (entry.when, entry.kind)),
        Column(_tr("Kind"), lambda entry: kinds.get(entry.kind, entry.kind)),
        Column(_tr("What"), lambda entry: entry.title),
        Column(
            _tr("Detail"),
            lambda entry: one_line(entry.detail),
            bold=lambda entry: entry.kind == "matter",
        ),
    ]


class TimelineTab(ListTab):
    """``open_entry`` shows the selected entry in its own tab."""

    def __init__(
        self, settings: QSettings, open_entry: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        model = RowTableModel(timeline_columns())
        super().__init__("timeline", model, settings, (3,), parent)
        hint = QLabel(self.tr("Double-click an entry to open it in its tab."))
        hint.setEnabled(False)
        self.bar.addWidget(hint)
        self.bar.addStretch(1)
        self.on_open(open_entry)
