"""The File and Client menus' export, import and erase, driven through the window."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QFileDialog

from coachdesk.demo import generate_demo
from coachdesk.domain.clients import ClientData
from coachdesk.storage.client_list import list_clients
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.ui.dialogs.erase import EraseDialog
from coachdesk.ui.shell.main_window import MainWindow
from tests.helpers import message_text, when_modal

pytestmark = pytest.mark.gui


def names(db) -> list[str]:
    return sorted(row.name for row in list_clients(db))


def test_export_everything_then_import_it_into_an_empty_folder(
    qtbot, window, db, tmp_path, monkeypatch, settings
):
    generate_demo(db, "demo")
    target = tmp_path / "out" / "practice.json"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_json_action.trigger()
    bar = window.result_bar
    assert bar.isVisible() and "12 clients" in bar.text.text() and str(target) in bar.text.text()
    assert bar.file == target and bar.button("Open") and bar.button("Show in folder")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["clients"]) == 12
    assert oct(target.stat().st_mode & 0o777) == "0o600"

    from coachdesk.paths import AppPaths

    other = AppPaths.under(tmp_path / "other")
    other.ensure()
    fresh = open_database(other.database)
    main = MainWindow(other, settings)
    qtbot.addWidget(main)
    main.attach_database(fresh)
    assert main.nav.isHidden()  # the welcome page of an empty file
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    main.import_json_action.trigger()
    assert main.result_bar.text.text().startswith("Imported 12 clients")
    assert main.result_bar.buttons == []  # nothing to open: the clients are in the list
    assert names(fresh) == names(db)
    assert not main.nav.isHidden()
    main.close()


def test_a_refused_import_explains_and_changes_nothing(window, db, tmp_path, monkeypatch):
    create_client(db, ClientData(name="Ada"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "coachdesk", "version": 1, "clients": [{"name": 5}]}')
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), box.accept()))
    window.import_json_action.trigger()
    assert "Nothing was imported" in texts[0]
    assert names(db) == ["Ada"]


def test_export_spreadsheets_writes_four_files(window, db, tmp_path, monkeypatch):
    create_client(db, ClientData(name="=cmd|' /C calc'!A0"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    window.export_csv_action.trigger()
    bar = window.result_bar
    assert "clients.csv" in bar.text.text() and str(tmp_path) in bar.text.text()
    assert bar.folder == tmp_path and [b.text() for b in bar.buttons] == ["Show in folder"]
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == [
        "breaches.csv",
        "clients.csv",
        "items.csv",
        "sessions.csv",
    ]
    assert "'=cmd" in (tmp_path / "clients.csv").read_text(encoding="utf-8-sig")


def test_erase_from_the_client_menu_removes_the_client(qtbot, window, db):
    keep = create_client(db, ClientData(name="Ada"))
    gone = create_client(db, ClientData(name="Bea Gone"))
    window.show_client(gone)

    def confirm(dialog):
        assert isinstance(dialog, EraseDialog)
        assert not dialog.erase_button.isEnabled()
        dialog.name_edit.setText("Bea Gone")
        dialog.erase_button.click()

    when_modal(confirm)
    window.erase_client_action.trigger()
    assert [row.id for row in list_clients(db)] == [keep]
    assert window.clients_stack.currentWidget() is window.clients_page
    assert window.undo_stack.count() == 0


def test_client_actions_need_a_client_in_view(window):
    window.go_today()
    window.erase_client_action.trigger()
    assert "Open a client" in window.statusBar().currentMessage()
