"""The window's actions are declared once (``ui.shell.actions.ACTIONS``): the menus and the
shortcuts come from that table, and the README's keyboard table says the same keys."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence

from coachdesk.ui.shell.actions import ACTIONS, MENUS, key_sequences
from coachdesk.ui.shell.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"


def _portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def _readme_keys() -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text.split("## Keyboard", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in table.splitlines():
        cell = re.match(r"\|\s*([^|]+?)\s*\|", line)
        if cell and not set(cell.group(1)) <= set("-"):
            keys.update(part.strip() for part in cell.group(1).split(" / "))
    return keys


def test_every_shortcut_is_in_the_readme_and_no_key_is_used_twice(qapp):
    every = [_portable(key) for spec in ACTIONS for key in key_sequences(spec.keys)]
    assert len(every) == len(set(every))
    # The first key of each action is the one the README promises, on every platform.
    first = {_portable(key_sequences(spec.keys)[0]) for spec in ACTIONS if spec.keys}
    assert sorted(first - _readme_keys()) == []


def test_the_menus_hold_the_table_in_its_order(qtbot, app_paths, settings):
    window = MainWindow(app_paths, settings)
    qtbot.addWidget(window)
    shown = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions():
            if action.menu() is not None:
                shown[action.menu().title()] = [a for a in action.menu().actions()]
        shown[menu.title()] = [a for a in menu.actions() if not a.isSeparator()]
    for menu in MENUS:
        declared = [getattr(window, spec.name) for spec in ACTIONS if spec.menu == menu.key]
        in_menu = [a for a in shown[menu.text] if a.menu() is None]
        assert in_menu == declared, menu.key
    # Until a data file is open, only what works without one is enabled.
    for spec in ACTIONS:
        if not spec.undo:
            assert getattr(window, spec.name).isEnabled() is not spec.needs_data, spec.name


def test_shortcuts_are_assigned_once_a_file_is_open(qtbot, app_paths, settings, db):
    window = MainWindow(app_paths, settings)
    qtbot.addWidget(window)
    window.attach_database(db)
    for spec in ACTIONS:
        action = getattr(window, spec.name)
        assert action.shortcuts() == key_sequences(spec.keys), spec.name
