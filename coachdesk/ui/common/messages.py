"""Message boxes with one look and one wording style across the app."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from coachdesk import APP_NAME


def show_problem(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Tell the coach about a problem they can act on (not a bug)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or APP_NAME, message, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def confirm(parent: QWidget | None, title: str, message: str, action: str) -> bool:
    """Ask before something consequential; the safe answer (Cancel) is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, message, parent=parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is yes
