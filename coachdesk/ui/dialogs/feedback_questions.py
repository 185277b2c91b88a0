"""Editing the feedback questions: what clients are asked on the form and the printed card.

A list the coach edits in place (double-click or F2), with Add, Remove, Move
up/down and Reset to the defaults.  At least one question; a blank or repeated
question (ignoring case and spaces) and lists longer than the printed card holds
are refused with a message under the list, and Save stays disabled until they
are fixed.  The text being typed counts at once, before it is committed.

Feedback already recorded is not touched: each answer keeps the question text
it was asked under (coachdesk.domain.feedback), so the list only shapes the
feedback recorded from now on.  The dialog says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from coachdesk.domain.vocab import DEFAULT_FEEDBACK_QUESTIONS
from coachdesk.preferences import feedback_questions, set_feedback_questions
from coachdesk.printing.feedback_card import MAX_QUESTION_LENGTH, MAX_QUESTIONS
from coachdesk.ui.widgets.style import secondary, warning_label_style


def _same(text: str) -> str:
    """How two questions compare: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


def question_problems(questions: Sequence[str]) -> list[str]:
    """Why the list cannot be saved as it is, in plain words (empty when it can)."""
    problems: list[str] = []
    if not questions:
        return ["Keep at least one question: the feedback form needs something to ask."]
    seen: dict[str, int] = {}
    for number, question in enumerate(questions, start=1):
        text = question.strip()
        if not text:
            problems.append(f"Question {number} is empty: type it, or remove it.")
            continue
        if len(text) > MAX_QUESTION_LENGTH:
            problems.append(
                f"Question {number} is too long for the printed card "
                f"({len(text)} characters, {MAX_QUESTION_LENGTH} at most)."
            )
        first = seen.setdefault(_same(text), number)
        if first != number:
            problems.append(f"Questions {first} and {number} are the same: “{text}”.")
    if len(questions) > MAX_QUESTIONS:
        problems.append(
            f"The printed card has room for {MAX_QUESTIONS} questions: "
            f"remove {len(questions) - MAX_QUESTIONS}."
        )
    return problems


class _QuestionDelegate(QStyledItemDelegate):
    """A line editor for a question, telling the dialog the text as it is typed."""

    def __init__(self, dialog: FeedbackQuestionsDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.editor: QLineEdit | None = None

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(MAX_QUESTION_LENGTH)
        editor.setPlaceholderText(self.tr("Type the question, e.g. “I felt understood today”"))
        row = index.row()
        editor.textEdited.connect(lambda text: self.dialog._typed(row, text))
        self.editor = editor
        return editor

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, " ".join(editor.text().split()), Qt.ItemDataRole.EditRole)


class FeedbackQuestionsDialog(QDialog):
    """The coach's feedback questions; Save stores them with ``set_feedback_questions``."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._typing: tuple[int, str] | None = None  # (row, text) while a question is edited
        self.setWindowTitle(self.tr("Feedback questions"))

        intro = QLabel(
            self.tr(
                "Your clients answer these on a scale of 1 to 5 (1 = not at all, "
                "5 = completely), on the feedback form and on the printed card. "
                "Double-click a question to change its words."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.delegate = _QuestionDelegate(self)
        self.list.setItemDelegate(self.delegate)
        self.list.setAccessibleName(self.tr("Feedback questions"))

        self.add_button = QPushButton(self.tr("&Add"))
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move &down"))
        self.reset_button = QPushButton(self.tr("Re&set to defaults"))
        self.reset_button.setToolTip(
            "\n".join(f"• {question}" for question in DEFAULT_FEEDBACK_QUESTIONS)
        )
        side = QVBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.reset_button)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)

        self.note = QLabel(
            self.tr(
                "Feedback you have already recorded keeps the questions it was asked under: "
                "changing, removing or reordering questions here only changes the feedback "
                "you record from now on."
            )
        )
        self.note.setWordWrap(True)
        secondary(self.note)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(warning_label_style())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(self.add_question)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.reset_button.clicked.connect(self.reset_to_defaults)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _item: self._refresh())
        self.list.currentRowChanged.connect(lambda _row: self._refresh())
        self.delegate.closeEditor.connect(self._editor_closed)

        self._fill(feedback_questions(settings))
        self.resize(600, 420)

    # --- the list ---------------------------------------------------------------------------

    def questions(self) -> tuple[str, ...]:
        """The list as it stands, the question being typed included (spaces tidied)."""
        texts = [self.list.item(row).text() for row in range(self.list.count())]
        if self._typing is not None and self._typing[0] < len(texts):
            texts[self._typing[0]] = self._typing[1]
        return tuple(" ".join(text.split()) for text in texts)

    def problems(self) -> list[str]:
        return question_problems(self.questions())

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _fill(self, questions: Sequence[str], current: int = 0) -> None:
        self._finish_editing()
        self.list.blockSignals(True)
        self.list.clear()
        for question in questions:
            self.list.addItem(self._item(question))
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(max(0, min(current, self.list.count() - 1)))
        self._refresh()

    def _finish_editing(self) -> None:
        """Commit the question being typed (if any) before the list changes shape."""
        editor = self.delegate.editor
        if editor is not None and self.list.state() == QAbstractItemView.State.EditingState:
            self.list.commitData(editor)
            self.list.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.delegate.editor = None
        self._typing = None

    def _typed(self, row: int, text: str) -> None:
        self._typing = (row, text)
        self._refresh()

    def _editor_closed(self) -> None:
        self.delegate.editor = None
        self._typing = None
        self._refresh()

    def _refresh(self) -> None:
        if not Shiboken.isValid(self.save_button):
            return  # an open editor committing while the dialog is being destroyed
        found = self.problems()
        self.problem.setText("\n".join(found))
        self.problem.setVisible(bool(found))
        self.save_button.setEnabled(not found)
        row = self.list.currentRow()
        count = self.list.count()
        chosen = 0 <= row < count
        self.add_button.setEnabled(count < MAX_QUESTIONS)
        self.add_button.setToolTip(
            ""
            if count < MAX_QUESTIONS
            else self.tr("The printed card has room for {count} questions.").format(
                count=MAX_QUESTIONS
            )
        )
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < count - 1)

    # --- actions ----------------------------------------------------------------------------

    def add_question(self) -> None:
        """A new, empty question at the end, open for typing."""
        self._finish_editing()
        if self.list.count() >= MAX_QUESTIONS:
            return
        item = self._item("")
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self.list.editItem(item)
        self._refresh()

    def edit_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._finish_editing()
            self.list.editItem(item)

    def remove_current(self) -> None:
        self._finish_editing()
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._refresh()

    def move_current(self, step: int) -> None:
        """Move the chosen question up (``-1``) or down (``+1``)."""
        self._finish_editing()
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._refresh()

    def reset_to_defaults(self) -> None:
        self._fill(DEFAULT_FEEDBACK_QUESTIONS)

    def done(self, result: int) -> None:
        """Closing (Save, Cancel, Escape): an editor still open is dropped, not committed."""
        editor = self.delegate.editor
        if editor is not None and self.list.state() == QAbstractItemView.State.EditingState:
            self.list.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        self.delegate.editor = None
        super().done(result)

    def save(self) -> None:
        self._finish_editing()
        if self.problems():
            self._refresh()
            return
        set_feedback_questions(self.settings, self.questions())
        self.accept()
