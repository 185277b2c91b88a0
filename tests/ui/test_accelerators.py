"""No two Alt+letter accelerators clash: in each menu, in the window (its menu titles
and what the page in view shows: Today, the clients, a client's page on each tab, the
sessions, your practice), and in each dialog (``dialog_catalogue``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from coachdesk.demo import generate_demo
from tests.ui.dialog_catalogue import opened

pytestmark = pytest.mark.gui


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _clashes(named: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = defaultdict(list)
    for where, text in named:
        letter = _letter(text)
        if letter:
            by_letter[letter].append(f"{where} {text!r}")
    return {letter: all_ for letter, all_ in by_letter.items() if len(all_) > 1}


def _shown(root: QWidget) -> list[tuple[str, str]]:
    """The accelerated texts ``root`` shows now (its own window's widgets only)."""
    named = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root or not widget.isVisibleTo(root):
            continue
        kind = type(widget).__name__
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            named.append((kind, widget.text()))
        elif isinstance(widget, QGroupBox):
            named.append((kind, widget.title()))
        elif isinstance(widget, QTabWidget):
            named += [(kind, widget.tabText(i)) for i in range(widget.count())]
    return named


@pytest.fixture
def window(qtbot, app_paths, settings):
    from coachdesk.storage.database import open_database
    from coachdesk.ui.shell.main_window import MainWindow

    db = open_database(app_paths.database, app_paths.backup_dir)
    generate_demo(db, "demo", seed=1)
    db.close()
    main = MainWindow(app_paths, settings, automatic_backups=False)
    qtbot.addWidget(main)
    main.resize(1440, 900)
    main.show()
    main.open_database()
    return main


def test_no_menu_has_two_items_on_one_letter(window):
    for title in window.menuBar().actions():
        items = [("item", action.text()) for action in title.menu().actions()]
        assert _clashes(items) == {}, title.text()
    assert _clashes(("menu", a.text()) for a in window.menuBar().actions()) == {}


def test_no_page_shares_a_letter_with_another_control_or_a_menu(qtbot, window):
    menus = [("menu", action.text()) for action in window.menuBar().actions()]

    def settled() -> list[tuple[str, str]]:
        qtbot.wait(50)
        return menus + _shown(window)

    views = {"Today": settled()}
    window.go_clients()
    views["the clients"] = settled()
    window.show_client(1)
    tabs = window.findChild(QTabWidget)
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        views[f"a client's {tabs.tabText(index)!r} tab"] = settled()
    window.go_sessions()
    views["the sessions"] = settled()
    window.go_practice()
    views["your practice"] = settled()
    clashes = {view: found for view, named in views.items() if (found := _clashes(named))}
    assert clashes == {}


def test_no_dialog_shares_a_letter(qtbot, db, tmp_path, settings):
    clashes = {}
    for name, open_ in opened(db, tmp_path, settings).items():
        dialog = open_()
        qtbot.addWidget(dialog)
        dialog.show()
        found = _clashes(_shown(dialog))
        if found:
            clashes[name] = found
        dialog.reject()
    assert clashes == {}
