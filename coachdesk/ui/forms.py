"""The base for editing dialogs: validation as you type, one result signal.

A subclass builds its fields into ``self.form``, calls ``self.watch(widget)``
for each input, and implements ``problems()`` (what is wrong now, in plain
words) and ``save()`` (write through ``coachdesk.storage``, return the saved
id).  The base keeps Save disabled while anything is wrong, shows why in a
label under the form, and emits ``saved(id)`` when the write succeeded.
A storage problem (disk full, file locked…) is shown as a message and the
dialog stays open with everything the coach typed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.storage.errors import StorageError
from coachdesk.ui.messages import show_problem
from coachdesk.ui.style import WARNING_MARK, warning_label_style


class FormDialog(QDialog):
    saved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(warning_label_style())
        self.problem_label.setObjectName("problemLabel")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

    @property
    def save_button(self) -> QAbstractButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def watch(self, *widgets: QWidget) -> None:
        """Re-validate whenever one of ``widgets`` changes."""
        for widget in widgets:
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self.revalidate)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.revalidate)
            elif isinstance(widget, QDateEdit):
                widget.dateChanged.connect(self.revalidate)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self.revalidate)
            else:
                raise TypeError(f"cannot watch {type(widget).__name__}")

    def problems(self) -> list[str]:
        raise NotImplementedError

    def save(self) -> int:
        raise NotImplementedError

    def revalidate(self) -> None:
        problems = self.problems()
        self.save_button.setEnabled(not problems)
        if problems:
            self.problem_label.setText(f"{WARNING_MARK} " + " ".join(problems))
            self.problem_label.show()
        else:
            self.problem_label.clear()
            self.problem_label.hide()

    def _on_save(self) -> None:
        if self.problems():
            self.revalidate()
            return
        try:
            saved_id = self.save()
        except StorageError as exc:
            show_problem(self, exc.message, self.tr("Not saved"))
            return
        self.saved.emit(saved_id)
        self.accept()
