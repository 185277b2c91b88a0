"""The app's list (``widgets.lists.ListTable``) with the client's words: every word on
screen, wrapped, each row as tall as its text, and the columns following the window."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStyleOptionViewItem

from coachdesk.domain.text import quoted
from coachdesk.ui.widgets.lists import ROW_PADDING, list_table, text_height, wrapped_lines
from coachdesk.ui.widgets.row_model import Column, RowTableModel, WordFilterProxy

pytestmark = pytest.mark.gui

LONG = (
    "I need to know ahead of time if someone else will join, because when HR turned up "
    "unannounced last spring I felt ambushed and could not say what I had planned to say; "
    "a short message the day before is all it takes, and then I can prepare properly for "
    "the people in the room and for what I want from them."
)


@dataclass(frozen=True)
class Said:
    id: int
    day: str
    words: str
    importance: str


def columns() -> list[Column[Said]]:
    return [
        Column("Date", lambda row: row.day),
        Column("What matters to them", lambda row: quoted(row.words), bold=lambda row: True),
        Column("Importance", lambda row: row.importance),
    ]


@pytest.fixture
def table(qtbot):
    model = RowTableModel(columns())
    view = list_table(model, sort_column=-1, words=(1,))
    view._test_model = model  # keep it alive as long as the view
    qtbot.addWidget(view)
    view.resize(1024, 640)
    view.show()
    qtbot.waitExposed(view)
    return view


def rows(count: int, words: str = LONG) -> list[Said]:
    return [Said(n, "30 Nov 2026", f"{n} {words}", "3 — essential") for n in range(count)]


def text_room(view, column: int) -> int:
    """The width the delegate wraps a cell's text to."""
    margin = view.itemDelegate().margin()
    return view.columnWidth(column) - (1 if view.showGrid() else 0) - 2 * margin


def bold(view) -> QFont:
    font = QFont(view.font())
    font.setBold(True)
    return font


def test_a_long_statement_is_shown_in_full_and_its_row_grows(table):
    assert len(LONG) >= 300
    table._test_model.set_rows([Said(1, "30 Nov 2026", LONG, "3 — essential")])
    index = table.model().index(0, 1)
    shown = index.data()
    assert shown == f"“{LONG}”" and "…" not in shown
    room = text_room(table, 1)
    needed = text_height(shown, bold(table), room)
    lines = wrapped_lines(shown, bold(table), room)
    assert lines.lineCount() > 1
    # Every line fits the column, and the row holds every line.
    assert all(lines.lineAt(n).naturalTextWidth() <= room for n in range(lines.lineCount()))
    assert table.visualRect(index).height() >= needed + ROW_PADDING
    assert table.rowHeight(0) == needed + 2 * ROW_PADDING
    assert table.rowHeight(0) > table.row_height()
    # The delegate's size hint at the column's width covers the text too (Qt's own sizing).
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = table.visualRect(index)
    assert table.itemDelegate().sizeHint(option, index).height() >= needed
    assert table.textElideMode() == Qt.TextElideMode.ElideNone


def test_short_rows_stay_one_line_and_a_word_too_long_for_a_line_is_broken(table):
    unbroken = "https://meet.example/" + "x" * 400
    table._test_model.set_rows(
        [Said(1, "1 Dec 2026", "Start on time", "1 — good to know"), Said(2, "", unbroken, "")]
    )
    assert table.rowHeight(0) == table.row_height()
    room = text_room(table, 1)
    lines = wrapped_lines(quoted(unbroken), bold(table), room)
    assert lines.lineCount() > 1
    assert all(lines.lineAt(n).naturalTextWidth() <= room for n in range(lines.lineCount()))
    assert table.rowHeight(1) == text_height(quoted(unbroken), bold(table), room) + 10


def test_the_columns_follow_the_window(qtbot, table):
    table._test_model.set_rows(rows(20))
    widths = {}
    for width in (1024, 1920, 1024):
        table.resize(width, 640)
        qtbot.waitUntil(lambda width=width: table.width() == width)
        viewport = table.viewport().width()
        header = table.horizontalHeader()
        assert header.length() == viewport  # the columns fill the list, no sideways scroll
        widths[width] = [table.columnWidth(column) for column in range(3)]
        heights = [table.rowHeight(row) for row in range(20)]
        assert all(height > table.row_height() for height in heights)
        widths[width, "rows"] = heights[0]
    # The date and the importance keep their content's width; the words take the rest.
    assert widths[1024][0] == widths[1920][0] and widths[1024][2] == widths[1920][2]
    assert widths[1920][1] - widths[1024][1] >= 800
    # Wider columns, fewer lines.
    assert widths[1920, "rows"] < widths[1024, "rows"]
    one_line = [table.fontMetrics().horizontalAdvance(t) for t in ("30 Nov 2026", "3 — essential")]
    assert widths[1024][0] > one_line[0] and widths[1024][2] > one_line[1]


def test_sorting_filtering_and_a_larger_font_keep_every_row_tall_enough(qtbot, table):
    model = table._test_model
    proxy = WordFilterProxy(table)
    proxy.setSourceModel(model)
    table.setModel(proxy)
    model.set_rows([*rows(3), Said(9, "2 Dec 2026", "Short", "2 — matters")])

    def fits() -> bool:
        room = text_room(table, 1)
        return all(
            table.rowHeight(row)
            == max(
                table.row_height(),
                text_height(proxy.index(row, 1).data(), bold(table), room) + 2 * ROW_PADDING,
            )
            for row in range(proxy.rowCount(QModelIndex()))
        )

    assert fits()
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # "Short" first now
    assert proxy.index(0, 1).data() == "“Short”"
    qtbot.waitUntil(fits)
    assert table.rowHeight(0) == table.row_height()
    proxy.set_predicate(lambda row: row.id != 9)
    qtbot.waitUntil(fits)
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 2)  # as at 200 %
    before = table.rowHeight(0)
    table.setFont(font)
    qtbot.waitUntil(fits)
    assert table.rowHeight(0) > before


def test_a_list_of_500_long_rows_fits_a_resize_quickly(qtbot, table):
    started = time.perf_counter()
    table._test_model.set_rows(rows(500))
    elapsed = time.perf_counter() - started
    print(f"500 wrapped rows shown in {elapsed * 1000:.0f} ms")
    assert elapsed < 1.5, f"showing the rows took {elapsed * 1000:.0f} ms"
    started = time.perf_counter()
    table.resize(1600, 640)
    qtbot.waitUntil(lambda: table.width() == 1600)
    elapsed = time.perf_counter() - started
    print(f"500 wrapped rows re-fitted to a resize in {elapsed * 1000:.0f} ms")
    assert table.horizontalHeader().length() == table.viewport().width()
    assert elapsed < 1.0, f"the resize took {elapsed * 1000:.0f} ms"


def test_a_header_kept_from_before_the_lists_fitted_still_follows_the_window(qtbot, table):
    """A coach's settings hold the header of the lists with dragged widths: restored, the
    widths still follow the window."""
    old = list_table(RowTableModel(columns()), sort_column=-1)
    qtbot.addWidget(old)
    header = old.horizontalHeader()
    header.setSectionResizeMode(header.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.resizeSection(1, 123)
    table._test_model.set_rows(rows(5))
    fitted = [table.columnWidth(column) for column in range(3)]
    table.horizontalHeader().restoreState(header.saveState())
    assert table.columnWidth(1) == 123
    table.fit()
    assert [table.columnWidth(column) for column in range(3)] == fitted
    table.resize(1500, 640)
    qtbot.waitUntil(lambda: table.width() == 1500)
    assert table.columnWidth(1) > 1000
    assert table.horizontalHeader().length() == table.viewport().width()
    assert table.horizontalHeader().sectionResizeMode(1) == header.ResizeMode.Fixed


def test_each_rows_texts_are_worked_out_once_per_set_rows(qtbot):
    """Fitting reads every row and painting every cell in view: a slow text (a date in
    the coach's locale) is worked out once, and again only when the rows are set again."""
    asked: list[int] = []

    def day(row: Said) -> str:
        asked.append(row.id)
        return row.day

    model = RowTableModel([Column("Date", day), *columns()[1:]])
    view = list_table(model, sort_column=-1, words=(1,))
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    model.set_rows(rows(30))
    view.repaint()
    assert sorted(asked) == list(range(30))
    model.set_rows([Said(1, "1 Dec 2026", "Changed", "1 — good to know")])
    assert view.model().index(0, 0).data() == "1 Dec 2026"
    assert asked.count(1) == 2


def test_a_narrow_list_keeps_every_column_in_sight(qtbot):
    """Too narrow for every column's usual least width (a practice's records beside its
    figures): all give in alike and no column is pushed out of sight; the others' words
    stay whole while the client's words keep their share, and give way after."""

    @dataclass(frozen=True)
    class Record:
        id: int
        day: str
        client: str
        words: str
        category: str
        repair: str

    model = RowTableModel(
        [
            Column("Date", lambda r: r.day),
            Column("Client", lambda r: r.client),
            Column("What mattered", lambda r: quoted(r.words), bold=lambda r: True),
            Column("Category", lambda r: r.category),
            Column("Repair", lambda r: r.repair),
        ]
    )
    view = list_table(model, sort_column=-1, words=(2,))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    model.set_rows(
        [
            Record(n, "30 Nov 2026", "Søren Østergaard", LONG, "Communication", "Acknowledged")
            for n in range(3)
        ]
    )
    metrics = view.fontMetrics()
    em = metrics.horizontalAdvance("M")
    for width in (560, 420):
        view.resize(width, 400)
        qtbot.waitUntil(lambda width=width: view.width() == width)
        assert view.horizontalHeader().length() <= view.viewport().width()
        assert text_room(view, 2) >= 3 * em
        whole = [
            text_room(view, column) >= metrics.horizontalAdvance(word)
            for column, word in ((1, "Østergaard"), (3, "Communication"), (4, "Acknowledged"))
        ]
        assert all(whole) if width == 560 else not all(whole)


def test_the_rows_below_the_first_screenful_are_fitted_on_the_next_turn(qtbot, table):
    table._test_model.set_rows(rows(300))
    one_line = table.row_height()
    assert table.rowHeight(0) > one_line  # in sight: fitted at once
    last = table.model().rowCount() - 1
    qtbot.waitUntil(lambda: table.rowHeight(last) > one_line)
    for row in (0, 150, last):
        lines = wrapped_lines(table.model().index(row, 1).data(), bold(table), text_room(table, 1))
        assert table.rowHeight(row) >= lines.boundingRect().height()
