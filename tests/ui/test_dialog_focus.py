"""Every dialog opens with the keyboard in its first field (the first thing to type in or
choose, in tab order); a dialog with nothing to fill in opens on its default button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from tests.ui.dialog_catalogue import dialog_classes, opened

pytestmark = pytest.mark.gui

FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
"""What a coach types in or chooses from."""

CHOICES = (QAbstractButton,)
"""Check boxes are fields too, when they come first; push buttons that are not the
dialog's own buttons as well (a dialog's one choice: "Choose file…"); radio buttons while
their group has no choice made (a score still to give), not once one is (the default)."""


def _tab_chain(dialog: QDialog) -> list[QWidget]:
    """The dialog's widgets Tab reaches, in order."""
    chain: list[QWidget] = []
    widget = dialog.nextInFocusChain()
    while widget is not dialog and widget not in chain:
        reachable = (
            widget.window() is dialog
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        )
        if reachable:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _in_button_box(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QDialogButtonBox):
            return True
        parent = parent.parentWidget()
    return False


def _chosen(widget: QWidget) -> bool:
    if not isinstance(widget, QRadioButton):
        return False
    group = widget.group()
    if group is not None:
        return group.checkedButton() is not None
    parent = widget.parentWidget()
    return any(radio.isChecked() for radio in parent.findChildren(QRadioButton))


def first_field(dialog: QDialog) -> QWidget | None:
    chain = _tab_chain(dialog)
    for widget in chain:
        if isinstance(widget, FIELDS) or (
            isinstance(widget, CHOICES) and not _chosen(widget) and not _in_button_box(widget)
        ):
            return widget
    defaults = [w for w in chain if isinstance(w, QPushButton) and w.isDefault()]
    return defaults[0] if defaults else (chain[0] if chain else None)


def _describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    text = widget.text() if isinstance(widget, QAbstractButton) else widget.accessibleName()
    return f"{type(widget).__name__}({text!r}, {widget.objectName()!r})"


def test_every_dialog_is_in_the_catalogue(db, tmp_path, settings):
    names = {name.split(" (")[0] for name in opened(db, tmp_path, settings)}
    assert {cls.__name__ for cls in dialog_classes()} == names


def test_every_dialog_opens_on_its_first_field(qtbot, db, tmp_path, settings):
    wrong = []
    for name, make in opened(db, tmp_path, settings).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        expected = first_field(dialog)
        focused = dialog.focusWidget()
        if focused is not expected:
            wrong.append(f"{name}: on {_describe(focused)}, first is {_describe(expected)}")
        dialog.reject()
    assert wrong == [], "\n".join(wrong)
