"""The clients list model and its filter proxy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt

from coachdesk.domain.clients import ClientRow
from coachdesk.domain.vocab import ClientStatus
from coachdesk.ui.pages.client_model import (
    ID_ROLE,
    ClientFilterProxy,
    ClientTableModel,
    format_when,
)

pytestmark = pytest.mark.gui

ROWS = [
    ClientRow(
        1,
        "Dan Okafor",
        "Dan",
        ClientStatus.ACTIVE,
        "Northwind",
        "dan@example.com",
        datetime(2026, 11, 19, 9, tzinfo=UTC),
        datetime(2026, 11, 28, 9, tzinfo=UTC),
    ),
    ClientRow(2, "Ada Lovelace", "", ClientStatus.PAUSED, "Analytical Engines", ""),
    ClientRow(
        3,
        "Zoë Ågren",
        "",
        ClientStatus.PROSPECT,
        "Nordic Care",
        "zoe@example.se",
        datetime(2026, 10, 1, 9, tzinfo=UTC),
        None,
    ),
]


@pytest.fixture
def model(qtbot):
    model = ClientTableModel()
    model.set_rows(ROWS)
    return model


def test_model_passes_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_qt_model_tester(qtmodeltester, model):
    proxy = ClientFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_words("a")
    qtmodeltester.check(proxy, force_py=True)


def test_rows_are_kept_sorted_by_name_by_default(model):
    assert [model.client_at(row).id for row in range(3)] == [2, 1, 3]


def test_cells_show_name_status_and_organisation(model):
    dan, ada, zoe = (model.row_for_id(client_id) for client_id in (1, 2, 3))
    assert model.index(dan, ClientTableModel.NAME).data() == "Dan Okafor (Dan)"
    assert model.index(ada, ClientTableModel.STATUS).data() == "Paused"
    assert model.index(zoe, ClientTableModel.ORGANISATION).data() == "Nordic Care"
    assert model.index(ada, ClientTableModel.LAST_SESSION).data() == ""
    shown = model.index(dan, ClientTableModel.NEXT_SESSION).data()
    assert shown and shown == format_when(ROWS[0].next_session)
    assert model.rowCount(model.index(0, 0)) == 0


def test_filter_matches_every_word_in_name_organisation_or_email(model):
    proxy = ClientFilterProxy()
    proxy.setSourceModel(model)

    def ids() -> list[int]:
        return [proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount(QModelIndex()))]

    proxy.set_filter_words("north")
    assert ids() == [1]
    proxy.set_filter_words("ZOË nordic")
    assert ids() == [3]
    proxy.set_filter_words("example.se")
    assert ids() == [3]
    proxy.set_filter_words("nobody")
    assert ids() == []
    proxy.set_filter_words("")
    assert sorted(ids()) == [1, 2, 3]


def test_sorting_keeps_the_selected_client_selected(qtbot, model):
    from PySide6.QtWidgets import QTableView

    proxy = ClientFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.selectRow(0)
    selected = view.selectionModel().selectedRows()[0].data(ID_ROLE)
    view.sortByColumn(ClientTableModel.ORGANISATION, Qt.SortOrder.DescendingOrder)
    assert view.selectionModel().selectedRows()[0].data(ID_ROLE) == selected
    organisations = [proxy.index(row, 2).data() for row in range(3)]
    assert organisations == sorted(organisations, reverse=True)


def test_sorting_by_last_session_puts_clients_without_one_last(model):
    proxy = ClientFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(ClientTableModel.LAST_SESSION, Qt.SortOrder.AscendingOrder)
    order = [proxy.index(row, 0).data(ID_ROLE) for row in range(3)]
    assert order == [3, 1, 2]
    proxy.sort(ClientTableModel.LAST_SESSION, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(row, 0).data(ID_ROLE) for row in range(3)] == [1, 3, 2]
    model.set_rows(list(reversed(ROWS)))
    assert [proxy.index(row, 0).data(ID_ROLE) for row in range(3)] == [1, 3, 2]
    proxy.sort(ClientTableModel.NAME, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(row, 0).data(ID_ROLE) for row in range(3)] == [2, 1, 3]
