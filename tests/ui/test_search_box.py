"""The search box in the real window: Ctrl+K, results as you type, the keys, and each
kind of record opened where it lives."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coachdesk.storage.search import SHOWN, Kind
from coachdesk.ui.dialogs.search.box import SearchBox
from coachdesk.ui.dialogs.search.results import HIT_ROLE
from tests.helpers import when_modal
from tests.storage.rich_client import add_rich_client


def rich(window) -> int:
    ids = add_rich_client(window.db, "Amélie Sørensen", "amelie@example.com", "ZQMARK")
    window.go_today()
    return ids.client


def typed(qtbot, box: SearchBox, text: str) -> None:
    qtbot.keyClicks(box.edit, text)
    qtbot.waitUntil(lambda: not box._pending.isActive())


def kinds_shown(box: SearchBox) -> list[Kind]:
    return list(
        dict.fromkeys(box.model.index(row).data(HIT_ROLE).kind for row in box.model.hit_rows())
    )


def open_box_and(window, qtbot, action) -> None:
    seen = when_modal(lambda box: action(box))
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)


def test_ctrl_k_opens_the_box_and_results_come_as_you_type(window, qtbot):
    rich(window)
    states: dict[str, object] = {}

    def look(box):
        assert isinstance(box, SearchBox)
        qtbot.waitUntil(lambda: box.focusWidget() is box.edit, timeout=2000)
        typed(qtbot, box, "amel")
        states["kinds"] = kinds_shown(box)
        box.edit.clear()
        typed(qtbot, box, "zqmark")
        states["all"] = kinds_shown(box)
        states["chosen"] = box.view.currentIndex().data(HIT_ROLE)
        box.edit.clear()
        typed(qtbot, box, "nothing like it")
        states["status"] = box.status.text()
        qtbot.keyClick(box.edit, Qt.Key.Key_Escape)

    open_box_and(window, qtbot, look)
    assert states["kinds"] == [Kind.CLIENT]
    assert states["all"] == list(SHOWN)  # every kind, the client's own words first
    assert states["chosen"].kind is Kind.MATTER
    assert "Nothing found for “nothing like it”" in states["status"]


def test_arrows_and_enter_open_an_item_on_its_clients_page(window, qtbot):
    client_id = rich(window)
    picked: list = []

    def choose(box):
        typed(qtbot, box, '"my health"')
        picked.append(box.view.currentIndex().data(HIT_ROLE))
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)

    open_box_and(window, qtbot, choose)
    page = window.built.client
    assert page.client_id == client_id
    assert page.tabs.currentWidget() is page.matters_tab
    assert page.matters_tab.selected_id() == picked[0].record_id


def test_down_moves_past_the_headings_to_the_next_kind(window, qtbot):
    rich(window)
    chosen: list = []

    def walk(box):
        typed(qtbot, box, "zqmark")
        for _ in range(len(box.model.hit_rows()) + 2):  # past the last: stays there
            chosen.append(box.view.currentIndex().data(HIT_ROLE).kind)
            qtbot.keyClick(box.edit, Qt.Key.Key_Down)
        qtbot.keyClick(box.edit, Qt.Key.Key_Escape)

    open_box_and(window, qtbot, walk)
    assert chosen[0] is Kind.MATTER and chosen[-1] is Kind.CLIENT
    assert chosen == sorted(chosen, key=lambda kind: kind.value)


def test_a_session_opens_in_its_dialog(window, qtbot):
    rich(window)
    dialogs: list[str] = []

    def choose(box):
        typed(qtbot, box, "next agenda")
        assert box.view.currentIndex().data(HIT_ROLE).kind is Kind.SESSION
        when_modal(lambda dialog: (dialogs.append(type(dialog).__name__), dialog.reject()))
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)

    open_box_and(window, qtbot, choose)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=3000)
    assert dialogs == ["SessionDialog"]


def test_ctrl_f_on_a_clients_page_searches_instead_of_leaving_it(window, qtbot):
    client_id = rich(window)
    window.show_client(client_id)
    boxes: list = []
    when_modal(lambda box: (boxes.append(type(box).__name__), box.reject()))
    window.find_action.trigger()
    assert boxes == ["SearchBox"]
    assert window.built.client.client_id == client_id
    assert window.clients_stack.currentWidget() is window.built.client


def test_the_search_button_heads_the_navigation(window, qtbot):
    rich(window)
    assert window.search_button.isVisible()
    boxes: list = []
    when_modal(lambda box: (boxes.append(box), box.reject()))
    window.search_button.click()
    assert boxes and isinstance(boxes[0], SearchBox)


def test_nothing_typed_is_kept_in_the_settings(window, qtbot, settings):
    rich(window)

    def search(box):
        typed(qtbot, box, "sorensen")
        qtbot.keyClick(box.edit, Qt.Key.Key_Escape)

    open_box_and(window, qtbot, search)
    settings.sync()
    assert not any("sorensen" in str(settings.value(key)).casefold() for key in settings.allKeys())


def test_check_the_data_file_offers_to_repair_an_index_out_of_step(window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    from coachdesk.storage import search
    from tests.helpers import click_button

    rich(window)
    with window.db.session() as session:
        session.connection().exec_driver_sql(
            "DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_index LIMIT 3)"
        )
    offered: list[str] = []

    def answer(box):
        if isinstance(box, QMessageBox):
            offered.append(box.text() + " " + box.informativeText())
            click_button(box, "Repair the index")

    when_modal(answer)
    window.check_action.trigger()
    qtbot.waitUntil(lambda: "written afresh" in window.result_bar.text.text(), timeout=5000)
    assert "search may miss some" in offered[0] and "3 rows" in offered[0]
    assert "coachdesk check" not in offered[0]  # the window says what to do in the window
    with window.db.read() as connection:
        assert search.differences(connection) == 0


def test_the_search_button_names_the_key_as_this_platform_writes_it(window):
    from PySide6.QtGui import QKeySequence

    native = QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)
    assert window.search_button.text().endswith(native)
