"""The client page's What matters tab: the client's own words first and in bold, retired
items hidden unless "Show retired" is ticked (and greyed when shown); beside each, how
often the after-session reviews said it was honoured."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QCheckBox, QWidget

from coachdesk.display.timefmt import format_day
from coachdesk.display.translate import translator
from coachdesk.domain.practice import MatterRow
from coachdesk.domain.text import one_line, quoted
from coachdesk.domain.vocab import IMPORTANCE_WORDS, Trigger
from coachdesk.ui.pages.client.list_tab import ListTab, level_text
from coachdesk.ui.widgets.row_model import Column, RowTableModel
from coachdesk.ui.widgets.style import WARNING_MARK

if TYPE_CHECKING:
    from coachdesk.ui.pages.client.actions import ClientActions

_tr = translator("MattersTab")


def _trigger_labels(triggers: frozenset[Trigger]) -> str:
    return "; ".join(trigger.label for trigger in Trigger if trigger in triggers)


class MatterModel(RowTableModel[MatterRow]):
    """Retired items are greyed (and say so in words)."""

    def cell(self, number: int, column_number: int, role: int) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and 0 <= number < self.rowCount()
            and not self.row_at(number).active
        ):
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return super().cell(number, column_number, role)


def matter_columns() -> list[Column[MatterRow]]:
    def breaches(row: MatterRow) -> str:
        if not row.breaches:
            return ""
        if row.open_breaches:
            return f"{WARNING_MARK} " + _tr("{open} of {total} open").format(
                open=row.open_breaches, total=row.breaches
            )
        return _tr("{total}, none open").format(total=row.breaches)

    def honoured(row: MatterRow) -> str:
        if not row.answered:
            return ""
        return _tr("{honoured} of {answered}").format(honoured=row.honoured, answered=row.answered)

    def honoured_tip(row: MatterRow) -> str | None:
        if not row.answered:
            return None
        return _tr(
            "Your reviews: honoured in {honoured} of the {answered} sessions where it came up"
            " (not counting “not relevant”)"
        ).format(honoured=row.honoured, answered=row.answered)

    def statement(row: MatterRow) -> str:
        text = quoted(row.statement)
        return text if row.active else text + " " + _tr("(retired)")

    def why_tip(row: MatterRow) -> str | None:
        """Why it matters, when the coach wrote it down (the words themselves are shown)."""
        return "<p><i>" + html.escape(one_line(row.why)) + "</i></p>" if row.why.strip() else None

    return [
        Column(
            _tr("What matters to them"),
            statement,
            sort_key=lambda row: row.statement.casefold(),
            tooltip=why_tip,
            bold=lambda row: True,
        ),
        Column(_tr("Category"), lambda row: _tr(row.category.label)),
        Column(
            _tr("Importance"),
            lambda row: level_text(row.importance, IMPORTANCE_WORDS),
            sort_key=lambda row: row.importance,
        ),
        Column(
            _tr("Triggers"),
            lambda row: _trigger_labels(row.triggers),
            tooltip=lambda row: _trigger_labels(row.triggers) or None,
        ),
        Column(
            _tr("Last confirmed"),
            lambda row: format_day(row.last_confirmed_on),
            sort_key=lambda row: row.last_confirmed_on,
        ),
        Column(
            _tr("Honoured"),
            honoured,
            sort_key=lambda row: row.honoured / row.answered if row.answered else -1.0,
            tooltip=honoured_tip,
        ),
        Column(
            _tr("Breaches"),
            breaches,
            sort_key=lambda row: (row.open_breaches, row.breaches),
            warning=lambda row: row.open_breaches > 0,
        ),
    ]


def _active(row: MatterRow) -> bool:
    return row.active


class MattersTab(ListTab):
    """Retired items are hidden unless “Show retired” is ticked."""

    def __init__(
        self, settings: QSettings, actions: ClientActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "matters",
            MatterModel(matter_columns()),
            settings,
            (0,),
            parent,
        )
        # Sorted by no column: the rows keep the order of the read (see storage.reads).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.add_button(self.tr("Capture what matters…"), actions.capture_matter)
        self.edit_button = self.add_button(self.tr("Edit…"), actions.edit_selected_matter)
        self.confirm_button = self.add_button(
            self.tr("Confirmed today"),
            actions.confirm_selected_matter,
            self.tr("The client confirmed today that this still matters"),
        )
        self.retire_button = self.add_button(self.tr("Retire"), actions.toggle_selected_matter)
        self.delete_button = self.add_button(self.tr("Delete…"), actions.delete_selected_matter)
        self.bar.addStretch(1)
        self.show_retired = QCheckBox(self.tr("Show retired"))
        self.show_retired.toggled.connect(self._on_show_retired)
        self.bar.addWidget(self.show_retired)
        self.proxy.set_predicate(_active)
        self.on_open(actions.edit_selected_matter)
        self.on_delete_key(actions.delete_selected_matter)

    def set_matters(self, rows: tuple[MatterRow, ...]) -> None:
        """Show ``rows`` (retired ones too: the filter hides them)."""
        self.set_rows(rows, self._empty_text(bool(rows)))

    def update_buttons(self) -> None:
        matter: MatterRow | None = self.selected()
        for button in (
            self.edit_button,
            self.confirm_button,
            self.retire_button,
            self.delete_button,
        ):
            button.setEnabled(matter is not None)
        self.retire_button.setText(
            self.tr("Reactivate") if matter is not None and not matter.active else self.tr("Retire")
        )

    def _empty_text(self, recorded: bool) -> str:
        if recorded and not self.show_retired.isChecked():
            return self.tr(
                "Everything recorded here is retired. Tick “Show retired” to see it, "
                "or click “Capture what matters…” to write down something new that matters to them."
            )
        return self.tr(
            "Nothing recorded yet. When the client says something matters to them, "
            "click “Capture what matters…” and write it in their own words."
        )

    def _on_show_retired(self, show: bool) -> None:
        self.proxy.set_predicate(None if show else _active)
        self.refresh_empty(self._empty_text(self.model.rowCount() > 0))
