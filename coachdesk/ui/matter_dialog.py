"""Capture or edit something that matters to a client, in their own words.

Also the pieces the other record dialogs (a breach, a promise) share: the
``RecordDialog`` base with its client row (a ``ClientPicker`` when the dialog
was opened without a client, e.g. from a global shortcut), and the small
fields used wherever a matter is entered (``TextBox``, ``CategoryCombo``,
``ImportanceCombo``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from coachdesk.display.timefmt import format_day, format_when
from coachdesk.domain.practice import MatterData, MatterRow, validate_matter
from coachdesk.domain.vocab import IMPORTANCE_WORDS, Category, Trigger
from coachdesk.storage.clients import get_client
from coachdesk.storage.database import Database
from coachdesk.storage.matters import create_matter, get_matter, update_matter
from coachdesk.storage.sessions import find_session
from coachdesk.ui.client_picker import ClientPicker
from coachdesk.ui.forms import FormDialog
from coachdesk.ui.trigger_suggestions import TriggerSuggestions

WORDS_SCALE = 1.25


def compact_combo(combo: QComboBox) -> None:
    """Fill the row, but never stretch the dialog for a long entry (a 5,000-character
    statement, a 200-character name)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


class TextBox(QPlainTextEdit):
    """A multi-line field a few lines tall in which Tab moves on.

    ``words=True`` marks the client's own words: a larger font than the coach's notes.
    """

    def __init__(
        self,
        lines: int,
        placeholder: str = "",
        *,
        words: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        if words:
            font = self.font()
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * WORDS_SCALE)
            else:
                font.setPixelSize(round(font.pixelSize() * WORDS_SCALE))
            self.setFont(font)
        self.lines = lines

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        document = 2 * self.document().documentMargin()
        return round(self.fontMetrics().lineSpacing() * lines + document + frame)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(self.lines))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height_for(min(self.lines, 2)))


class CategoryCombo(QComboBox):
    """The five Cs of trustworthiness."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for category in Category:
            self.addItem(self.tr(category.label), category.value)
        self.set_value(Category.CONNECTION)

    def value(self) -> Category:
        return Category(self.currentData())

    def set_value(self, category: Category) -> None:
        self.setCurrentIndex(self.findData(Category(category).value))


class ImportanceCombo(QComboBox):
    """Importance 1–3, each with its words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for level, words in IMPORTANCE_WORDS.items():
            self.addItem(f"{level} — {self.tr(words)}", level)
        self.set_value(2)

    def value(self) -> int:
        return int(self.currentData())

    def set_value(self, level: int) -> None:
        self.setCurrentIndex(self.findData(level))


class LanguageCombo(QComboBox):
    """The language of the client's words (stemming and reading), or "guess"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code, label in (
            ("", self.tr("Guess from their words")),
            ("en", "English"),
            ("de", "Deutsch"),
            ("fr", "Français"),
            ("es", "Español"),
        ):
            self.addItem(label, code)

    def value(self) -> str:
        return str(self.currentData())

    def set_value(self, code: str) -> None:
        self.setCurrentIndex(max(0, self.findData(code)))


class RecordDialog(FormDialog):
    """A form for one client's record.

    The first row names the client, or is a ``ClientPicker`` when the dialog was
    opened without one.  A rule the storage layer enforces but the form missed is
    shown in plain words rather than as a crash.
    """

    def __init__(self, db: Database, client_id: int | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.db = db
        self.fixed_client_id = client_id
        self.client_picker: ClientPicker | None = None

    def add_client_row(self) -> None:
        """Add the client's name, or the picker, as the first row of the form."""
        if self.fixed_client_id is None:
            self.client_picker = ClientPicker(self.db)
            self.form.addRow(self.tr("&Client"), self.client_picker)
            self.watch(self.client_picker, self.client_picker.lineEdit())
            return
        name = QLabel(get_client(self.db, self.fixed_client_id).name)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        self.form.addRow(self.tr("Client"), name)

    def current_client_id(self) -> int | None:
        if self.client_picker is not None:
            return self.client_picker.chosen_id()
        return self.fixed_client_id

    def client_problems(self) -> list[str]:
        if self.current_client_id() is not None:
            return []
        if self.client_picker is not None and self.client_picker.count() == 0:
            return [self.tr("Add a client first.")]
        return [self.tr("Choose the client.")]


class MatterDialog(RecordDialog):
    """“What matters to them”: capture a new item (``matter_id`` None) or edit one.

    ``source_session_id``: the session it was captured from, shown and stored.
    Raises ``RecordNotFound`` when ``matter_id`` no longer exists.
    """

    def __init__(
        self,
        db: Database,
        *,
        client_id: int | None,
        matter_id: int | None = None,
        source_session_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        existing: MatterRow | None = None
        if matter_id is not None:
            existing = get_matter(db, matter_id)
            client_id = existing.client_id
        super().__init__(db, client_id, parent)
        self.setWindowTitle(self.tr("What matters to them"))
        self.matter_id = matter_id
        self.captured_on = existing.captured_on if existing else date.today()
        self.source_session_id = source_session_id
        if self.source_session_id is None and existing is not None:
            self.source_session_id = existing.source_session_id
        self.last_confirmed_on: date | None = existing.last_confirmed_on if existing else None
        self.active = existing.active if existing else True

        self.add_client_row()
        if self.source_session_id is not None:
            self.form.addRow(
                self.tr("From session"), QLabel(self._describe_session(self.source_session_id))
            )

        self.statement = TextBox(
            3,
            self.tr("“Let me know ahead of time if someone else will join”"),
            words=True,
        )
        self.statement.setToolTip(self.tr("What they said, as close to their words as you can"))
        self.why = TextBox(2, self.tr("Your note: why it matters to them, where it comes from"))
        self.category = CategoryCombo()
        self.importance = ImportanceCombo()

        self.trigger_boxes: dict[Trigger, QCheckBox] = {}
        triggers = QWidget()
        grid = QGridLayout(triggers)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = (len(Trigger) + 1) // 2
        for index, trigger in enumerate(Trigger):
            box = QCheckBox(self.tr(trigger.label))
            self.trigger_boxes[trigger] = box
            grid.addWidget(box, index % rows, index // rows)

        self.language = LanguageCombo()
        self.suggestions = TriggerSuggestions(
            self.statement, self.trigger_boxes, self.language.value
        )
        self.language.currentIndexChanged.connect(self.suggestions.refresh)

        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText(self.tr("Words to look for in an agenda: board, sponsor"))
        self.keep_off_printouts = QCheckBox(self.tr("Keep off printouts (sensitive)"))

        self.confirmed_label = QLabel()
        self.confirm_button = QPushButton(self.tr("Confirmed t&oday"))
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setToolTip(self.tr("The client told you today that this still matters"))
        self.confirm_button.clicked.connect(self.confirm_today)
        confirmed_row = QHBoxLayout()
        confirmed_row.addWidget(self.confirmed_label, 1)
        confirmed_row.addWidget(self.confirm_button)

        self.form.addRow(self.tr("In their &words"), self.statement)
        self.form.addRow("", self.suggestions)
        self.form.addRow(self.tr("&Why (your note)"), self.why)
        self.form.addRow(self.tr("C&ategory"), self.category)
        self.form.addRow(self.tr("&Importance"), self.importance)
        self.form.addRow(self.tr("Comes up when"), triggers)
        self.form.addRow(self.tr("&Keywords"), self.keywords)
        self.form.addRow(self.tr("&Language"), self.language)
        self.form.addRow("", self.keep_off_printouts)
        self.form.addRow(self.tr("Last confirmed"), confirmed_row)

        self.active_label = QLabel()
        self.active_button = QPushButton()
        self.active_button.setAutoDefault(False)
        self.active_button.clicked.connect(self.toggle_active)
        if existing is not None:
            active_row = QHBoxLayout()
            active_row.addWidget(self.active_label, 1)
            active_row.addWidget(self.active_button)
            self.form.addRow(self.tr("State"), active_row)
            self._load(existing)

        self._show_confirmed()
        self._show_active()
        self.watch(self.statement, self.why, self.keywords)
        self.revalidate()
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    def _describe_session(self, session_id: int) -> str:
        session = find_session(self.db, session_id)
        if session is None:
            return self.tr("a session that was since deleted")
        return self.tr("Captured in the session on {when}").format(when=format_when(session.start))

    def _load(self, row: MatterRow) -> None:
        self.statement.setPlainText(row.statement)
        self.why.setPlainText(row.why)
        self.category.set_value(row.category)
        self.importance.set_value(row.importance)
        for trigger, box in self.trigger_boxes.items():
            box.setChecked(trigger in row.triggers)
        self.keywords.setText(row.keywords)
        self.keep_off_printouts.setChecked(row.keep_off_printouts)
        self.language.set_value(row.language)
        self.suggestions.refresh()

    def confirm_today(self) -> None:
        """The client confirmed today that it still matters (stored on Save)."""
        self.last_confirmed_on = date.today()
        self._show_confirmed()

    def toggle_active(self) -> None:
        """Retire (left out of session prep) or reactivate; stored on Save."""
        self.active = not self.active
        self._show_active()

    def _show_confirmed(self) -> None:
        if self.last_confirmed_on is None:
            self.confirmed_label.setText(self.tr("not yet"))
        elif self.last_confirmed_on == date.today():
            self.confirmed_label.setText(self.tr("today"))
        else:
            self.confirmed_label.setText(format_day(self.last_confirmed_on))
        self.confirm_button.setEnabled(self.last_confirmed_on != date.today())

    def _show_active(self) -> None:
        if self.active:
            self.active_label.setText(self.tr("Active: used when preparing sessions"))
            self.active_button.setText(self.tr("&Retire"))
        else:
            self.active_label.setText(self.tr("Retired: left out of session prep"))
            self.active_button.setText(self.tr("&Reactivate"))

    def data(self) -> MatterData:
        return MatterData(
            client_id=self.current_client_id() or 0,
            statement=self.statement.toPlainText(),
            why=self.why.toPlainText(),
            category=self.category.value(),
            importance=self.importance.value(),
            triggers=frozenset(
                trigger for trigger, box in self.trigger_boxes.items() if box.isChecked()
            ),
            keywords=self.keywords.text(),
            source_session_id=self.source_session_id,
            captured_on=self.captured_on,
            last_confirmed_on=self.last_confirmed_on,
            keep_off_printouts=self.keep_off_printouts.isChecked(),
            active=self.active,
            language=self.language.value(),
        )

    def problems(self) -> list[str]:
        return self.client_problems() + [error.message for error in validate_matter(self.data())]

    def save(self) -> int:
        if self.matter_id is None:
            return create_matter(self.db, self.data())
        update_matter(self.db, self.matter_id, self.data())
        return self.matter_id
