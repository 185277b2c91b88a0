"""The main window's actions, declared once: the menus and the keyboard shortcuts are both
built from ``ACTIONS`` (and the README's keyboard table is checked against it).

Shortcuts are assigned after the first paint (``assign_shortcuts``): building a
``QKeySequence`` pulls in PySide6's whole ``Qt`` namespace, a fifth of a bare start.  Keys
are therefore written here as text: a portable key string ("Ctrl+Shift+N"), or
"standard:<member>" for the platform's own keys of a ``StandardKey`` (all of them: Redo is
Ctrl+Shift+Z on Linux and macOS, Ctrl+Y on Windows).  The first key is the one the README
and the menus show; Quit is Ctrl+Q everywhere, as the README says (Windows has no standard
Quit key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence

CONTEXT = "MainWindow"  # the translation context of the texts below, as before the table


class Menu(NamedTuple):
    key: str  # "file", or "file/export" for a submenu of File
    text: str


class Action(NamedTuple):
    name: str  # the window attribute that holds the QAction ("new_client_action")
    menu: str  # a ``Menu.key``
    text: str
    slot: str  # the window method it runs
    keys: tuple[str, ...] = ()  # key strings, or "standard:<StandardKey member>"
    needs_data: bool = True  # enabled only once a data file is open
    separator_before: bool = False
    role: str = ""  # a QAction.MenuRole member, for the macOS application menu
    undo: str = ""  # "undo" / "redo": made by the window's undo stack instead


MENUS: tuple[Menu, ...] = (
    Menu("file", "&File"),
    Menu("file/export", "&Export"),
    Menu("file/import", "&Import"),
    Menu("edit", "&Edit"),
    Menu("client", "&Client"),
    Menu("go", "&Go"),
    Menu("help", "&Help"),
)

ACTIONS: tuple[Action, ...] = (
    Action("new_client_action", "file", "New &client…", "new_client", keys=("standard:New",)),
    Action("new_session_action", "file", "New &session…", "new_session", keys=("Ctrl+Shift+N",)),
    Action(
        "new_matter_action", "file", "Capture what &matters…", "capture_matter", keys=("Ctrl+I",)
    ),
    Action("log_breach_action", "file", "Log a &breach…", "log_breach", keys=("Ctrl+B",)),
    Action("new_promise_action", "file", "New &promise…", "new_promise", keys=("Ctrl+Shift+P",)),
    Action(
        "prepare_action",
        "file",
        "P&repare for the session…",
        "prepare",
        keys=("Ctrl+R",),
        separator_before=True,
    ),
    Action(
        "export_json_action",
        "file/export",
        "Everything as &JSON…",
        "export_json",
        separator_before=True,  # before the Export submenu
    ),
    Action("export_csv_action", "file/export", "&Spreadsheets (CSV)…", "export_csv"),
    Action(
        "export_ics_action",
        "file/export",
        "Upcoming sessions to a &calendar (.ics)…",
        "export_ics",
    ),
    Action("import_json_action", "file/import", "From a CoachDesk &JSON file…", "import_json"),
    Action("import_csv_action", "file/import", "Clients from a &spreadsheet (CSV)…", "import_csv"),
    Action("import_ics_action", "file/import", "Sessions from a &calendar (.ics)…", "import_ics"),
    Action(
        "backup_action",
        "file",
        "Back &up now",
        "back_up_now",
        keys=("Ctrl+Shift+B",),
        separator_before=True,
    ),
    Action("restore_action", "file", "Res&tore from a backup…", "restore_backup"),
    Action("check_action", "file", "C&heck the data file…", "check_data_file"),
    Action("backup_settings_action", "file", "Backup setti&ngs…", "edit_backup_settings"),
    Action("feedback_questions_action", "file", "&Feedback questions…", "edit_feedback_questions"),
    Action(
        "protect_action",
        "file",
        "Protect &with a passphrase…",
        "protect_with_passphrase",
        separator_before=True,
    ),
    Action("change_passphrase_action", "file", "Chan&ge passphrase…", "change_passphrase"),
    Action("recovery_sheet_action", "file", "New reco&very sheet…", "new_recovery_sheet"),
    Action("prove_recovery_action", "file", "Prove the recover&y sheet…", "prove_recovery_sheet"),
    Action("unprotect_action", "file", "Rem&ove protection…", "remove_protection"),
    Action("lock_action", "file", "&Lock now", "lock_now", keys=("Ctrl+L",)),
    Action("auto_lock_action", "file", "&Auto-lock…", "choose_auto_lock", needs_data=False),
    Action(
        "quit_action",
        "file",
        "&Quit",
        "close",
        keys=("Ctrl+Q",),
        needs_data=False,
        separator_before=True,
        role="QuitRole",
    ),
    Action(
        "undo_action", "edit", "&Undo", "", keys=("standard:Undo",), needs_data=False, undo="undo"
    ),
    Action(
        "redo_action",
        "edit",
        "&Redo",
        "",
        keys=("Ctrl+Shift+Z", "standard:Redo"),
        needs_data=False,
        undo="redo",
    ),
    Action(
        "search_action",
        "edit",
        "&Search everything…",
        "search_everything",
        keys=("Ctrl+K",),
        separator_before=True,
    ),
    Action("find_action", "edit", "&Find in this list…", "find", keys=("standard:Find",)),
    Action(
        "client_record_action", "client", "Their &record (PDF and JSON)…", "export_client_record"
    ),
    Action("erase_client_action", "client", "&Erase for good…", "erase_client"),
    Action("go_today_action", "go", "&Today", "go_today", keys=("Ctrl+1",)),
    Action("go_clients_action", "go", "&Clients", "go_clients", keys=("Ctrl+2",)),
    Action("go_sessions_action", "go", "&Sessions", "go_sessions", keys=("Ctrl+3",)),
    Action("go_practice_action", "go", "Your &practice (private)", "go_practice", keys=("Ctrl+4",)),
    Action(
        "about_action",
        "help",
        "&About {app}",
        "show_about",
        needs_data=False,
        role="AboutRole",
    ),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def build_menus(window: QMainWindow, undo_stack: QUndoStack, app_name: str) -> list[QAction]:
    """Build the menu bar of ``window`` from ``ACTIONS``, setting each action as the window
    attribute it names; return the actions that need a data file (disabled until then)."""
    menus = {menu.key: QMenu(_tr(menu.text), window) for menu in MENUS}
    for menu in MENUS:
        if "/" not in menu.key:
            window.menuBar().addMenu(menus[menu.key])
    needing_data: list[QAction] = []
    placed: set[str] = set()
    for spec in ACTIONS:
        parent = spec.menu.rpartition("/")[0]
        # A submenu sits in its parent where its first action comes in the table.
        opens_submenu = bool(parent) and spec.menu not in placed
        if spec.separator_before:
            menus[parent if opens_submenu else spec.menu].addSeparator()
        if opens_submenu:
            menus[parent].addMenu(menus[spec.menu])
        placed.add(spec.menu)
        action = _make(window, undo_stack, spec, app_name)
        menus[spec.menu].addAction(action)
        setattr(window, spec.name, action)
        if spec.needs_data:
            action.setEnabled(False)
            needing_data.append(action)
    return needing_data


def _make(window: QMainWindow, undo_stack: QUndoStack, spec: Action, app_name: str) -> QAction:
    text = _tr(spec.text).format(app=app_name)
    if spec.undo:
        make = undo_stack.createUndoAction if spec.undo == "undo" else undo_stack.createRedoAction
        return make(window, text)
    action = QAction(text, window)
    if spec.role:
        action.setMenuRole(getattr(QAction.MenuRole, spec.role))
    slot = getattr(window, spec.slot)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def key_sequences(keys: tuple[str, ...]) -> list[QKeySequence]:
    """The ``QKeySequence``s an ``Action.keys`` stands for, the first first, none twice."""
    from PySide6.QtGui import QKeySequence

    found: list[QKeySequence] = []
    for key in keys:
        if key.startswith("standard:"):
            member = getattr(QKeySequence.StandardKey, key.removeprefix("standard:"))
            sequences = QKeySequence.keyBindings(member)
        else:
            sequences = [QKeySequence(key)]
        found += [sequence for sequence in sequences if sequence not in found]
    return found


def assign_shortcuts(window: QMainWindow) -> None:
    """Give each action of ``ACTIONS`` its keys (after the first paint; see the module)."""
    for spec in ACTIONS:
        if spec.keys:
            getattr(window, spec.name).setShortcuts(key_sequences(spec.keys))
