"""The one way lists look and behave: a read-only, row-selecting, sortable table, the
Delete key bound to the page's delete, and an empty state shown in the table's place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLabel, QStackedWidget, QTableView, QWidget


def list_table(model: QAbstractItemModel, sort_column: int = 0) -> QTableView:
    """A table for ``model``: whole rows selected one at a time, sorted by ``sort_column``
    (-1: kept in the model's order until the coach clicks a header)."""
    table = QTableView()
    table.setModel(model)
    table.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    return table


def on_delete_key(
    view: QWidget,
    slot: Callable[[], None],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> None:
    """Run ``slot`` when Delete is pressed in ``view`` (or in its children, unless
    ``context`` says ``WidgetShortcut``: the view itself must have the focus)."""
    action = QAction(view)
    action.setShortcut(QKeySequence.StandardKey.Delete)
    action.setShortcutContext(context)
    action.triggered.connect(slot)
    view.addAction(action)


def with_empty_state(view: QWidget) -> tuple[QStackedWidget, QLabel]:
    """A stack showing ``view``, or in its place a label saying what to do next."""
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setObjectName("emptyState")
    stack = QStackedWidget()
    stack.addWidget(view)
    stack.addWidget(label)
    return stack, label
