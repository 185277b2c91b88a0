"""The main window shell: opening the data file, status bar, About, crash dialog."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from coachdesk import __version__
from coachdesk.domain.clients import ClientData
from coachdesk.storage.clients import create_client
from coachdesk.ui.shell import crash
from coachdesk.ui.shell.main_window import MainWindow
from tests.helpers import click_button, message_text, when_modal

pytestmark = pytest.mark.gui


def test_status_bar_names_the_data_file(window, app_paths):
    assert str(app_paths.database) in window.file_label.text()


def test_a_practice_with_clients_opens_on_today_and_navigates(qtbot, app_paths, settings, db):
    create_client(db, ClientData(name="Ada"))
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.show()
    assert main.open_database()
    assert main.pages.currentWidget() is main.today_page
    assert [main.nav.item(row).text() for row in range(main.nav.count())] == [
        "Today",
        "Clients",
        "Sessions",
        "Your practice",
    ]
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    qtbot.keyClick(main, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main.pages.currentWidget() is main.clients_stack
    assert main.clients_page.model.rowCount() == 1
    qtbot.keyClick(main, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert main.pages.currentWidget() is main.sessions_stack
    qtbot.keyClick(main, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert main.pages.currentWidget() is main.practice_stack
    qtbot.waitUntil(lambda: not main.practice_page.reading)
    main.nav.setCurrentRow(0)
    assert main.pages.currentWidget() is main.today_page
    main.close()


def test_opening_a_client_from_the_list_shows_their_page_and_back(qtbot, window, db):
    client_id = create_client(db, ClientData(name="Ada Lovelace"))
    window.go_clients()
    window.clients_page.select_id(client_id)
    window.clients_page.table.setFocus()
    qtbot.keyClick(window.clients_page.table, Qt.Key.Key_Return)
    assert window.clients_stack.currentWidget() is window.client_page
    assert window.client_page.client_id == client_id
    assert window.context_client() == client_id
    window.client_page.back_requested.emit()
    assert window.clients_stack.currentWidget() is window.clients_page


def test_a_foreign_file_is_explained_and_the_window_closes(qtbot, app_paths, settings):
    app_paths.database.write_text("not a database")
    main = MainWindow(app_paths, settings)
    qtbot.addWidget(main)
    main.show()
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), click_button(box, "Quit")))
    assert not main.open_database()
    assert "is not a database file" in texts[0]
    assert "has not changed the damaged file" in texts[0]
    assert main.exit_code == 1
    assert not main.isVisible()
    assert app_paths.database.read_text() == "not a database"


def test_about_box_shows_the_version(window):
    texts: list[str] = []

    def read(box):
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        box.accept()

    when_modal(read)
    window.show_about()
    assert __version__ in texts[0]


def test_unexpected_errors_open_the_crash_dialog_with_copyable_details(qtbot, window, caplog):
    def copy_and_close(dialog):
        assert isinstance(dialog, crash.CrashDialog)
        dialog.copy_button.click()
        dialog.reject()

    when_modal(copy_and_close)
    words = "secret client words"
    try:
        raise ZeroDivisionError(words)
    except ZeroDivisionError:
        crash.handle_exception(*sys.exc_info())
    copied = QGuiApplication.clipboard().text()
    assert __version__ in copied and "ZeroDivisionError" in copied
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ZeroDivisionError" in logged
    assert "secret client words" not in logged


def activate(qtbot, main):
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)


@pytest.mark.parametrize(
    ("key", "dialog_name"),
    [
        (Qt.Key.Key_I, "MatterDialog"),
        (Qt.Key.Key_B, "BreachDialog"),
    ],
)
def test_shortcuts_on_a_client_page_open_dialogs_for_that_client(
    qtbot, window, db, key, dialog_name
):
    client_id = create_client(db, ClientData(name="Ada Lovelace"))
    window.show_client(client_id)
    activate(qtbot, window)
    seen = when_modal(lambda dialog: dialog.reject())
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    assert [type(dialog).__name__ for dialog in seen] == [dialog_name]
    assert seen[0].current_client_id() == client_id


def test_new_session_shortcut_from_today_asks_for_the_client(qtbot, window, db):
    create_client(db, ClientData(name="Ada Lovelace"))
    window.go_today()
    activate(qtbot, window)
    seen = when_modal(lambda dialog: dialog.reject())
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [type(dialog).__name__ for dialog in seen] == ["SessionDialog"]
    assert seen[0].client_picker is not None
    assert window.pages.currentWidget() is window.sessions_stack


def test_marking_a_session_held_offers_the_review_after_the_dialog_closes(qtbot, window, db):
    from datetime import UTC, datetime, timedelta

    from coachdesk.domain.practice import SessionData
    from coachdesk.domain.vocab import SessionStatus
    from coachdesk.storage.sessions import create_session, get_session

    client_id = create_client(db, ClientData(name="Ada"))
    session_id = create_session(db, SessionData(client_id, datetime.now(UTC) - timedelta(hours=2)))
    opened: list[str] = []

    def review(dialog):
        opened.append(type(dialog).__name__)
        dialog.reject()

    def mark_held(dialog):
        opened.append(type(dialog).__name__)
        when_modal(review)
        dialog.held_button.click()

    when_modal(mark_held)
    window.edit_session(session_id)
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert opened == ["SessionDialog", "ReviewDialog"]
    assert get_session(db, session_id).status is SessionStatus.HELD


def upcoming_with_guest(db):
    from datetime import UTC, datetime, timedelta

    from coachdesk.domain.practice import SessionData
    from coachdesk.storage.sessions import add_guest, create_session

    client_id = create_client(db, ClientData(name="Dan Okafor"))
    session_id = create_session(db, SessionData(client_id, datetime.now(UTC) + timedelta(days=1)))
    return session_id, add_guest(db, session_id, "Maria Lopez", "BUILT TO LEAD")


def test_today_is_fresh_after_ticking_a_guest_and_closing_with_escape(qtbot, window, db):
    session_id, guest_id = upcoming_with_guest(db)
    window.go_today()
    assert window.today_page.overview.sessions[0].unannounced_guests

    def tick_and_escape(dialog):
        dialog.set_guest_told(guest_id, True)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(tick_and_escape)
    window.edit_session(session_id)
    assert not window.today_page.overview.sessions[0].unannounced_guests


def test_undo_refreshes_the_page_in_view(qtbot, window, db):
    session_id, _guest = upcoming_with_guest(db)
    window.go_sessions()
    window.sessions_page.select_id(session_id)
    when_modal(lambda box: click_button(box, "Delete"))
    window.sessions_page.delete_selected()
    window.go_today()
    assert window.today_page.overview.sessions == ()
    window.undo_stack.undo()
    assert [row.id for row in window.today_page.overview.sessions] == [session_id]


def test_prepare_opens_the_prep_panel_for_the_session_in_view_and_ticks_refresh_today(
    qtbot, window, db
):
    from coachdesk.storage.sessions import get_session

    session_id, _guest = upcoming_with_guest(db)
    window.go_today()
    tree = window.today_page.sessions_tree
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = window._prep_dialog
    assert dialog is not None and dialog.isVisible()
    boxes = dialog.panel.checklist_boxes()
    assert boxes[0].text() == "Tell Dan Okafor ahead of time that Maria Lopez will join"
    boxes[0].click()
    assert get_session(db, session_id).guests[0].client_informed_at is not None
    assert not window.today_page.overview.sessions[0].unannounced_guests
    dialog.close()


def test_prepare_without_a_session_in_view_says_what_to_do(window, db):
    create_client(db, ClientData(name="Ada"))
    window.go_today()
    window.prepare()
    assert "Select a session" in window.statusBar().currentMessage()


def test_the_client_page_prepares_the_selected_session(qtbot, window, db):
    session_id, _guest = upcoming_with_guest(db)
    window.show_client(1)
    tab = window.client_page.sessions_tab
    tab.select_id(session_id)
    window.client_page.prepare_button.click()
    dialog = window._prep_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.panel.session.id == session_id
    dialog.close()
