"""Every form dialog (``FormDialog``) opens with the keyboard in its first field to fill (a
radio button whose group has its choice made is passed over), Tab goes
through the fields before the buttons, and Ctrl+Enter saves from any field.

The dialogs are the subclasses of ``FormDialog`` in the catalogue of every dialog
(``dialog_catalogue``): a new one not listed in ``FORMS`` fails
``test_every_form_dialog_is_walked``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QRadioButton, QWidget

from coachdesk.storage.client_list import list_clients
from coachdesk.ui.dialogs.forms import FormDialog
from tests.ui.dialog_catalogue import dialog_classes, opened

pytestmark = pytest.mark.gui


FORMS = (
    "ClientDialog",
    "SessionDialog",
    "MatterDialog",
    "BreachDialog",
    "PromiseDialog",
    "ReviewDialog",
)


def _chosen(field: QWidget) -> bool:
    """A radio button of a group whose choice is made already: the keyboard passes it."""
    if not isinstance(field, QRadioButton):
        return False
    parent = field.parentWidget()
    return any(radio.isChecked() for radio in parent.findChildren(QRadioButton))


def test_every_form_dialog_is_walked():
    forms = {cls.__name__ for cls in dialog_classes() if issubclass(cls, FormDialog)}
    assert forms == set(FORMS)


@pytest.mark.parametrize("name", FORMS)
def test_the_keyboard_starts_in_the_first_field_and_tabs_to_the_buttons_last(
    qtbot, db, tmp_path, settings, name
):
    dialog = opened(db, tmp_path, settings)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = [field for field in dialog.fields() if field.window() is dialog]
    first = next(field for field in fields if field.isEnabled() and not _chosen(field))
    assert dialog.focusWidget() is first, f"{name}: the keyboard is on {dialog.focusWidget()!r}"
    assert dialog.focusWidget() not in dialog.buttons.buttons()
    tab_stops, widget = [], fields[0]
    while True:
        widget = widget.nextInFocusChain()
        if widget is fields[0] or len(tab_stops) > 500:
            break
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.window() is dialog:
            tab_stops.append(widget)
    buttons = [tab_stops.index(button) for button in dialog.buttons.buttons()]
    later_fields = [tab_stops.index(field) for field in fields[1:] if field in tab_stops]
    assert max(later_fields, default=-1) < min(buttons), f"{name}: a button before a field"
    dialog.reject()


def test_a_new_clients_name_is_typed_where_the_keyboard_is_and_ctrl_enter_saves(qtbot, db):
    from coachdesk.ui.dialogs.client import ClientDialog

    dialog = ClientDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # a shortcut needs its window active
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClicks(dialog.focusWidget(), "Ada Lovelace")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [client.name for client in list_clients(db)] == ["Ada Lovelace"]


def test_a_click_on_the_hour_selects_it_so_typing_replaces_it(qtbot):
    from PySide6.QtCore import QDate, QDateTime, QPoint, QTime
    from PySide6.QtWidgets import QDateTimeEdit, QLineEdit, QVBoxLayout

    from coachdesk.ui.dialogs.forms import dated

    window = QWidget()
    layout = QVBoxLayout(window)
    other = QLineEdit()
    edit = dated(QDateTimeEdit())
    layout.addWidget(other)
    layout.addWidget(edit)
    edit.setDisplayFormat("dd/MM/yyyy HH:mm")
    edit.setDateTime(QDateTime(QDate(2026, 12, 3), QTime(22, 0)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    other.setFocus()
    line = edit.lineEdit()
    hour = line.fontMetrics().horizontalAdvance("03/12/2026 2") + line.textMargins().left() + 2
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(hour, line.height() // 2))
    qtbot.waitUntil(lambda: line.selectedText() == "22")
    qtbot.keyClicks(edit, "09")
    assert edit.time() == QTime(9, 0)
