"""Adding, editing, validating, deleting and undoing through the real window and dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.domain.clients import ClientData
from coachdesk.domain.vocab import ClientStatus
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.clients import client_contents, create_client, get_client
from coachdesk.ui.dialogs.client import ClientDialog
from tests.helpers import click_button, message_text, when_modal
from tests.storage.test_clients import add_history, dump, table_counts

pytestmark = pytest.mark.gui


def start_page(window):
    window.welcome_page.plain_choice.setChecked(True)  # protection is tried in its own tests
    window.welcome_page.empty_button.click()
    return window.clients_page


def test_empty_database_shows_the_welcome_then_an_empty_state(window):
    assert window.pages.currentWidget() is window.welcome_page
    page = start_page(window)
    assert window.pages.currentWidget() is window.clients_stack
    assert window.clients_stack.currentWidget() is page
    assert page.stack.currentWidget() is page.empty_label
    assert "Ctrl+N" in page.empty_label.text()


def test_demo_button_fills_the_practice(window, db):
    window.welcome_page.plain_choice.setChecked(True)
    window.welcome_page.demo_button.click()
    assert window.pages.currentWidget() is window.today_page
    window.go_clients()
    assert window.clients_page.model.rowCount() >= 10
    assert len(list_clients(db)) == window.clients_page.model.rowCount()


def test_add_a_client_through_the_dialog(qtbot, window, db):
    page = start_page(window)

    def fill(dialog):
        assert isinstance(dialog, ClientDialog)
        assert not dialog.save_button.isEnabled()
        assert "needs a name" in dialog.field_note("name")
        qtbot.keyClicks(dialog.name, "Dan Okafor")
        assert dialog.save_button.isEnabled()
        assert dialog.field_note("name") == "" and dialog.problem_label.isHidden()
        qtbot.keyClicks(dialog.email, "dan@")
        assert not dialog.save_button.isEnabled()
        assert "name@example.com" in dialog.field_note("email")
        qtbot.keyClicks(dialog.email, "example.com")
        qtbot.keyClicks(dialog.organisation, "Northwind")
        dialog.status.setCurrentIndex(dialog.status.findData(ClientStatus.PROSPECT.value))
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    seen = when_modal(fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen, "Ctrl+N did not open the dialog"
    rows = list_clients(db)
    assert [(row.name, row.email, row.organisation, row.status) for row in rows] == [
        ("Dan Okafor", "dan@example.com", "Northwind", ClientStatus.PROSPECT)
    ]
    assert page.selected_id() == rows[0].id
    assert page.stack.currentWidget() is page.table


def test_escape_cancels_without_saving(qtbot, window, db):
    page = start_page(window)

    def type_and_escape(dialog):
        qtbot.keyClicks(dialog.name, "Not saved")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    seen = when_modal(type_and_escape)
    page.new_client()
    assert seen, "the dialog did not open"
    assert list_clients(db) == []


def test_edit_a_client(qtbot, window, db):
    client_id = create_client(db, ClientData(name="Ada", phone="020 7946 0958"))
    page = start_page(window)
    page.reload()
    page.select_id(client_id)

    def edit(dialog):
        assert dialog.name.text() == "Ada"
        dialog.phone.clear()
        qtbot.keyClicks(dialog.phone, "call me")
        assert not dialog.save_button.isEnabled()
        assert "phone" in dialog.field_note("phone")
        dialog.phone.clear()
        qtbot.keyClicks(dialog.phone, "+44 20 7946 0000")
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Ada Lovelace")
        dialog.save_button.click()

    when_modal(edit)
    page.edit_selected()
    data = get_client(db, client_id)
    assert (data.name, data.phone) == ("Ada Lovelace", "+44 20 7946 0000")
    assert page.model.client_at(0).name == "Ada Lovelace"


def test_delete_names_what_goes_and_can_be_undone(qtbot, window, db):
    create_client(db, ClientData(name="Ada"))
    client_id = create_client(db, ClientData(name="Dan Okafor"))
    add_history(db, client_id)
    before = table_counts(db)
    before_dump = dump(db)
    page = start_page(window)
    page.reload()
    page.select_id(client_id)

    messages: list[str] = []

    def answer(box, button):
        messages.append(message_text(box))
        click_button(box, button)

    when_modal(lambda box: answer(box, "Cancel"))
    page.delete_button.click()
    assert table_counts(db) == before

    when_modal(lambda box: answer(box, "Delete"))
    window.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: page.table.hasFocus())
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(messages) == 2
    assert messages[0] == messages[1]
    assert "Delete Dan Okafor?" in messages[0]
    assert "3 sessions" in messages[0] and "1 thing that matters to them" in messages[0]
    assert "undo" in messages[0]
    assert [row.name for row in list_clients(db)] == ["Ada"]
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dump(db) == before_dump
    assert client_contents(db, client_id).sessions == 3
    assert page.selected_id() == client_id

    window.undo_stack.redo()
    assert [row.name for row in list_clients(db)] == ["Ada"]
    window.undo_stack.undo()
    assert table_counts(db) == before


def test_status_change_from_the_context_menu_action(window, db):
    client_id = create_client(db, ClientData(name="Ada"))
    page = start_page(window)
    page.reload()
    page.select_id(client_id)
    page.set_status(ClientStatus.ENDED)
    assert get_client(db, client_id).status is ClientStatus.ENDED
    assert page.model.client_at(0).status is ClientStatus.ENDED


def test_filter_as_you_type_and_the_no_match_state(qtbot, window, db):
    for name in ("Ada Lovelace", "Dan Okafor", "Grace Hopper"):
        create_client(db, ClientData(name=name))
    page = start_page(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.filter_edit
    qtbot.keyClicks(page.filter_edit, "hop")
    assert page.proxy.rowCount() == 1
    qtbot.keyClicks(page.filter_edit, "xyz")
    assert page.stack.currentWidget() is page.empty_label
    assert "hopxyz" in page.empty_label.text()


def test_list_state_is_remembered(qtbot, app_paths, settings, db):
    from coachdesk.ui.shell.main_window import MainWindow

    create_client(db, ClientData(name="Ada"))
    first = MainWindow(app_paths, settings)
    qtbot.addWidget(first)
    first.attach_database(db)
    first.go_clients()
    first.resize(700, 500)
    first.clients_page.table.horizontalHeader().resizeSection(2, 333)
    first.close()

    from coachdesk.storage.database import open_database

    second = MainWindow(app_paths, settings)
    qtbot.addWidget(second)
    second.attach_database(open_database(app_paths.database))
    second.go_clients()
    assert (second.width(), second.height()) == (700, 500)
    assert second.clients_page.table.horizontalHeader().sectionSize(2) == 333
    second.close()


def test_a_double_click_opens_the_client_once(qtbot, window, db):
    client_id = create_client(db, ClientData(name="Ada"))
    page = start_page(window)
    page.reload()
    opened: list[int] = []
    page.open_client.connect(opened.append)
    rect = page.table.visualRect(page.proxy.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [client_id]


def test_printing_private_notes_is_off_unless_the_coach_ticks_it(qtbot, db):
    client_id = create_client(db, ClientData(name="Dan Okafor", private_notes="Tired lately"))
    dialog = ClientDialog(db, client_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.print_private_notes
    assert not box.isChecked()
    assert "stay off paper" in dialog.print_private_notes_note.text()
    assert dialog.print_private_notes_note.isVisible()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    assert dialog.save() == client_id
    assert get_client(db, client_id).print_private_notes is True
    assert get_client(db, client_id).private_notes == "Tired lately"

    again = ClientDialog(db, client_id)
    qtbot.addWidget(again)
    assert again.print_private_notes.isChecked()
    again.print_private_notes.setChecked(False)
    again.save()
    assert get_client(db, client_id).print_private_notes is False


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("maria", ["María José Fernández"]),
        ("jose fern", ["María José Fernández"]),
        ("sorensen", ["Søren Sørensen"]),
        ("ＬＵＫＡＳＺ", ["Łukasz Wójcik"]),
        ("wojcik lukasz", ["Łukasz Wójcik"]),
        ("AMELIE", ["Amélie Dubois"]),
    ],
)
def test_the_filter_matches_as_a_person_reads(qtbot, window, db, typed, found):
    for name in ("María José Fernández", "Søren Sørensen", "Łukasz Wójcik", "Amélie Dubois"):
        create_client(db, ClientData(name=name))
    page = start_page(window)
    page.filter_edit.setText(typed)
    shown = [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]
    assert shown == found


def test_down_moves_into_the_list_and_enter_opens_from_the_filter(qtbot, window, db):
    for name in ("Ada Lovelace", "Dan Okafor", "Grace Hopper"):
        create_client(db, ClientData(name=name))
    page = start_page(window)
    opened: list[int] = []
    page.open_client.connect(opened.append)
    window.activateWindow()
    page.focus_filter()
    qtbot.keyClicks(page.filter_edit, "o")  # Dan Okafor, Grace Hopper, Ada Lovelace
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    first = page.proxy.index(0, 0).data()
    assert [get_client(db, client_id).name for client_id in opened] == [first]
    page.table.clearSelection()
    page.focus_filter()
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.selected_id() is not None


def test_a_client_saved_under_a_filter_is_shown_with_a_note(qtbot, window, db):
    create_client(db, ClientData(name="Ada Lovelace"))
    page = start_page(window)
    page.filter_edit.setText("ada")
    messages: list[str] = []
    page.status_message.connect(messages.append)

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "Grace Hopper")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    page.new_client()
    shown = [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]
    assert "Grace Hopper" in shown and page.stack.currentWidget() is page.table
    assert get_client(db, page.selected_id()).name == "Grace Hopper"
    assert "does not match “ada”" in messages[-1]
    page.filter_edit.setText("ad")  # a new filter lets it go
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["Ada Lovelace"]
