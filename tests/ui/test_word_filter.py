"""The lists' own filter (``widgets.row_model.WordFilterProxy``): the rows of a
``RowTableModel`` with every word typed, kept as a list of its rows, and the selection
going with them through filtering, sorting and reading the rows again."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from coachdesk.domain.folding import folded
from coachdesk.ui.widgets.row_model import (
    ID_ROLE,
    Column,
    RowTableModel,
    WordFilterProxy,
    filter_folded,
)

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    town: str


PEOPLE = [
    Person(1, "María José Fernández", "Sevilla"),
    Person(2, "Søren Sørensen", "Aarhus"),
    Person(3, "Ada Lovelace", "London"),
    Person(4, "Ana López", "Madrid"),
    Person(5, "Dan Okafor", "Lagos"),
]


def people_model() -> RowTableModel[Person]:
    model: RowTableModel[Person] = RowTableModel(
        [Column("Name", lambda p: p.name), Column("Town", lambda p: p.town)],
        haystack=lambda p: f"{p.name} {p.town}",
    )
    model.set_rows(PEOPLE)
    return model


@pytest.fixture
def view(qtbot):
    model = people_model()
    proxy = WordFilterProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    table._test_models = (model, proxy)  # kept alive as long as the view
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by name
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    qtbot.addWidget(table)
    table.show()
    return table


def ids(proxy: WordFilterProxy) -> list[int]:
    return [proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount(QModelIndex()))]


def selected(table: QTableView) -> list[int]:
    return [index.data(ID_ROLE) for index in table.selectionModel().selectedRows()]


def select(table: QTableView, person_id: int) -> None:
    proxy = table.model()
    table.selectRow(ids(proxy).index(person_id))


@pytest.mark.parametrize(
    "text",
    [
        "Daniel Okafor dan@example.com",  # plain ASCII: only lower-cased
        "María José Fernández",
        "Søren  Sørensen",  # two spaces kept
        "Ｍａｒｉａ ＬＯＰＥＺ",  # full width
        "e\u0301cole  \u0301accent first",  # a combining accent starting a word
        "ليـــلى حداد",  # Arabic with tatweel
        "Łukasz\tWójcik\nÆsir Œuvre ÞÓR",  # tab and newline inside a "word"
        "",
    ],
)
def test_the_quick_folding_is_the_folding(text):
    known: dict[str, str] = {}
    assert filter_folded(text, known) == folded(text)
    assert filter_folded(text, known) == folded(text)  # and from what it remembered


def test_the_proxy_passes_qt_model_tester_filtered_and_narrowed(qtmodeltester):
    proxy = WordFilterProxy()
    proxy.setSourceModel(people_model())
    proxy.set_filter_words("a")
    proxy.set_predicate(lambda person: person.id != 3)
    qtmodeltester.check(proxy, force_py=True)


def test_words_are_all_required_and_folded(view):
    proxy = view.model()
    proxy.set_filter_words("ana")
    assert ids(proxy) == [4]
    proxy.set_filter_words("MARIA sevilla")
    assert ids(proxy) == [1]
    proxy.set_filter_words("sorensen aarhus")
    assert ids(proxy) == [2]
    proxy.set_filter_words("maria london")
    assert ids(proxy) == []
    proxy.set_filter_words("")
    assert sorted(ids(proxy)) == [1, 2, 3, 4, 5]
    proxy.set_filter_words("london")
    assert proxy.mapToSource(proxy.index(0, 1)).data() == "London"
    source = proxy.sourceModel()
    assert proxy.mapFromSource(source.index(source.row_for_id(1), 0)).isValid() is False
    assert proxy.mapFromSource(source.index(source.row_for_id(3), 1)).data() == "London"


def test_the_selection_stays_on_its_row_while_it_shows(view):
    proxy = view.model()
    select(view, 4)
    proxy.set_filter_words("a")
    proxy.set_filter_words("an")
    assert selected(view) == [4]
    proxy.set_filter_words("zzz")
    assert selected(view) == []
    proxy.set_filter_words("")
    assert selected(view) == []  # a hidden row is let go, as Qt's own filter does


def test_sorting_and_reading_again_keep_the_filter_and_the_selection(view):
    proxy, source = view.model(), view.model().sourceModel()
    proxy.set_filter_words("a")
    select(view, 3)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by town, last first
    assert [proxy.index(row, 1).data() for row in range(proxy.rowCount())] == [
        "Sevilla",
        "Madrid",
        "London",
        "Lagos",
        "Aarhus",
    ]
    assert selected(view) == [3]
    source.set_rows([*PEOPLE, Person(6, "Zoë Ågren", "Malmö")])
    assert sorted(ids(proxy)) == [1, 2, 3, 4, 5, 6]
    proxy.set_filter_words("malmo")
    assert ids(proxy) == [6]


def test_one_more_letter_that_keeps_the_same_rows_changes_nothing(view):
    proxy = view.model()
    changes: list[int] = []
    proxy.layoutChanged.connect(lambda *_: changes.append(1))
    proxy.set_filter_words("sor")
    assert len(changes) == 1
    proxy.set_filter_words("sore")
    proxy.set_filter_words("soren ")
    assert ids(proxy) == [2] and len(changes) == 1
    proxy.set_filter_words("sorenx")
    assert ids(proxy) == [] and len(changes) == 2


def test_a_pinned_row_shows_until_the_filter_changes(view):
    proxy = view.model()
    proxy.set_filter_words("lagos")
    assert proxy.pin(3) is True  # hidden by the filter: shown anyway
    assert ids(proxy) == [3, 5]
    assert proxy.pin(5) is False  # the filter shows it anyway
    assert ids(proxy) == [5]
    proxy.pin(3)
    proxy.set_filter_words("lago")
    assert ids(proxy) == [5]


def test_a_model_that_overrides_data_is_refused():
    class Greyed(RowTableModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return super().data(index, role)

    with pytest.raises(TypeError, match="cell"):
        WordFilterProxy().setSourceModel(Greyed([Column("Name", lambda p: p.name)]))
