"""The base for editing dialogs: validation as you type, one result signal.

A subclass builds its fields into ``self.form``, calls ``self.watch(widget)``
for each input, and implements ``problems()`` (what is wrong now, in plain
words) and ``save()`` (write through ``coachdesk.storage``, return the saved
id); ``confirm_save()`` may ask a question before a valid form is saved.
The base keeps Save disabled while anything is wrong, shows why in a label
under the form, and emits ``saved(id)`` when the write succeeded.  When it is
shown, the keyboard is in the form's first field and Tab goes through the fields
in their order before the buttons; Ctrl+Enter saves from any field.
A storage problem (disk full, file locked…) is shown as a message and the
dialog stays open with everything the coach typed.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TypeVar

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.clients import FieldError
from coachdesk.domain.dates import EARLIEST_DAY, LATEST_DAY
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.widgets.style import WARNING_MARK, warning_label_style

DateEditT = TypeVar("DateEditT", bound=QDateTimeEdit)


class _SelectsSection(QObject):
    """Clicking into a part of a date or time (the hour, the day) selects that part, so what
    is typed replaces it, as it does when Tab arrives there."""

    def __init__(self, edit: QDateTimeEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        edit.lineEdit().installEventFilter(self)  # the clicks go to its line

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease:
            edit, section = self.edit, self.edit.currentSection()
            QTimer.singleShot(0, edit, lambda: edit.setSelectedSection(section))
        return False


def dated(edit: DateEditT) -> DateEditT:
    """A date (and time) field with a calendar pop-up that offers only the years
    CoachDesk accepts (``domain.dates``), so no dialog can store a year-1 date; a click on
    one of its parts selects it (``_SelectsSection``)."""
    _SelectsSection(edit)
    edit.setCalendarPopup(True)
    edit.setDateRange(
        QDate(EARLIEST_DAY.year, EARLIEST_DAY.month, EARLIEST_DAY.day),
        QDate(LATEST_DAY.year, LATEST_DAY.month, LATEST_DAY.day),
    )
    return edit


def _row_widgets(item: QLayoutItem) -> list[QWidget]:
    """The widgets placed in a form row (a widget, or a layout of them, nested or not)."""
    widget = item.widget()
    if widget is not None:
        return [widget]
    layout = item.layout()
    if layout is None:
        return []
    return [
        found for index in range(layout.count()) for found in _row_widgets(layout.itemAt(index))
    ]


def _contained(item: QLayoutItem) -> list[QWidget]:
    """Every widget of a form row, their children too."""
    return [w for top in _row_widgets(item) for w in (top, *top.findChildren(QWidget))]


def _reachable(item: QLayoutItem) -> list[QWidget]:
    """The widgets of a form row that take Tab focus (a widget's own, or else its shown
    children's)."""

    def tabs(widget: QWidget) -> bool:
        return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)

    found: list[QWidget] = []
    for top in _row_widgets(item):
        if tabs(top):
            found.append(top)
        else:
            found += [c for c in top.findChildren(QWidget) if tabs(c) and not c.isHidden()]
    return found


def _to_fill(field: QWidget) -> bool:
    """Where the keyboard starts: the first enabled field, passing over radio buttons whose
    group has its choice made already (Shift+Tab reaches them)."""
    if not field.isEnabled():
        return False
    if isinstance(field, QRadioButton):
        group = field.group()
        if group is not None:
            return group.checkedButton() is None
        parent = field.parentWidget()
        siblings = parent.findChildren(QRadioButton) if parent is not None else [field]
        return not any(radio.isChecked() for radio in siblings if radio.autoExclusive())
    return True


class FormDialog(QDialog):
    saved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._touched = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
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
        self._keyboard_placed = False
        self._field_notes: dict[str, QLabel] = {}
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._on_save)

    def fields(self) -> list[QWidget]:
        """The widgets the keyboard reaches in the form, row by row."""
        found: list[QWidget] = []
        for row in range(self.form.rowCount()):
            for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole):
                item = self.form.itemAt(row, role)
                if item is not None:
                    found += _reachable(item)
        return found

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._keyboard_placed:
            return
        self._keyboard_placed = True
        fields = [field for field in self.fields() if field.window() is self]
        for before, after in pairwise([*fields, *self.buttons.buttons()]):
            QWidget.setTabOrder(before, after)
        first = next((field for field in fields if _to_fill(field)), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)

    @property
    def save_button(self) -> QAbstractButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def watch(self, *widgets: QWidget) -> None:
        """Re-validate whenever one of ``widgets`` changes."""
        for widget in widgets:
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self._changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._changed)
            elif isinstance(widget, QDateTimeEdit):
                widget.dateTimeChanged.connect(self._changed)
            elif isinstance(widget, QSpinBox):
                widget.valueChanged.connect(self._changed)
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                widget.toggled.connect(self._changed)
            else:
                raise TypeError(f"cannot watch {type(widget).__name__}")

    def problems(self) -> list[str | FieldError]:
        """What stops the form from being saved: a ``FieldError`` is said under its field
        (when ``say_at`` named one), anything else under the form."""
        raise NotImplementedError

    def say_at(self, field: str, widget: QWidget) -> None:
        """Say the problems of ``field`` (a ``FieldError``'s name) on a line under
        ``widget``'s row of the form."""
        note = QLabel()
        note.setObjectName(f"problem_{field}")
        note.setWordWrap(True)
        note.hide()
        row = self._row_of(widget)
        if row is None:
            raise ValueError(f"{widget!r} is not in the form")
        self.form.insertRow(row + 1, "", note)
        self._field_notes[field] = note

    def _row_of(self, widget: QWidget) -> int | None:
        for row in range(self.form.rowCount()):
            for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole):
                item = self.form.itemAt(row, role)
                if item is not None and widget in _contained(item):
                    return row
        return None

    def field_note(self, field: str) -> str:
        """What is said under ``field`` now ("" when nothing)."""
        note = self._field_notes.get(field)
        return note.text() if note is not None and not note.isHidden() else ""

    def confirm_save(self) -> bool:
        """Called when the form is valid, before ``save()``; False keeps the dialog open."""
        return True

    def save(self) -> int:
        raise NotImplementedError

    def _changed(self) -> None:
        self._touched = True
        self.revalidate()

    def revalidate(self) -> None:
        """Enable Save only when valid and say why not: quietly until the coach has typed
        something (a fresh form is not a mistake), as a warning after that."""
        problems = self.problems()
        self.save_button.setEnabled(not problems)
        at_fields: dict[str, list[str]] = {}
        rest: list[str] = []
        for problem in problems:
            if isinstance(problem, FieldError) and problem.field in self._field_notes:
                at_fields.setdefault(problem.field, []).append(problem.message)
            else:
                rest.append(problem.message if isinstance(problem, FieldError) else problem)
        for field, note in self._field_notes.items():
            self._say(note, list(dict.fromkeys(at_fields.get(field, []))))
        self._say(self.problem_label, list(dict.fromkeys(rest)))

    def _say(self, label: QLabel, messages: list[str]) -> None:
        """Quietly until the coach has typed something (a fresh form is not a mistake), as
        a warning after that."""
        if not messages:
            label.clear()
            label.hide()
            return
        if self._touched:
            label.setStyleSheet(warning_label_style())
            label.setText(f"{WARNING_MARK} " + " ".join(messages))
        else:
            label.setStyleSheet("")
            label.setText(" ".join(messages))
        label.show()

    def _on_save(self) -> None:
        if self.problems():
            self._touched = True
            self.revalidate()
            return
        if not self.confirm_save():
            return
        # The rules were checked as the coach typed; a refusal here (a rule that needs the
        # database) or a storage problem is explained, and the dialog stays open.
        saved = attempt(
            self,
            self.save,
            gone=self.tr(
                "Not saved: this was deleted in the meantime (perhaps in another window)."
            ),
            on_gone=self.reject,
            title=self.tr("Not saved"),
        )
        if not saved or saved.value is None:
            return
        self.saved.emit(saved.value)
        self.accept()
