"""The fields and the base the record dialogs share (an item, a breach, a promise): the
client's words box, the category, importance, severity and language choices, the notice
an item asks for, the optional session of a client, and ``RecordDialog``, a form for one
client's record."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from coachdesk.display.timefmt import format_when
from coachdesk.domain.notice import (
    CONFIRM_TIME,
    DEFAULT_NOTICE,
    PRESETS,
    TELL_GUEST,
    NoticeError,
    parse_notice,
)
from coachdesk.domain.text import clip, first_line
from coachdesk.domain.vocab import IMPORTANCE_WORDS, SEVERITY_WORDS, Category
from coachdesk.storage.clients import get_client
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import find_session, list_sessions
from coachdesk.ui.dialogs.client_picker import ClientPicker
from coachdesk.ui.dialogs.forms import FormDialog

WORDS_SCALE = 1.25
SESSIONS_SHOWN = 100


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


class LevelCombo(QComboBox):
    """A level 1–3, each with its words (the table the client's record uses too);
    the middle one to start with."""

    def __init__(self, words: Mapping[int, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for level, text in words.items():
            self.addItem(f"{level} — {self.tr(text)}", level)
        self.set_value(2)

    def value(self) -> int:
        return int(self.currentData())

    def set_value(self, level: int) -> None:
        self.setCurrentIndex(self.findData(level))


class ImportanceCombo(LevelCombo):
    """Importance: good to know, matters, essential."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(IMPORTANCE_WORDS, parent)


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


class NoticeCombo(QComboBox):
    """How much notice the client asked for, in their own words: left empty, the default
    (a guest 24 hours, a move 48 hours); one of ``PRESETS`` from the list; or any words
    typed ("two working days").  ``value()`` is what is stored; ``reading()`` says how
    the words are read, for the hint beside the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setCompleter(None)  # an inline completion would turn a typed "2" into "24 hours"
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.default_label = self.tr("The default")
        self.addItem(self.default_label, "")
        for notice in PRESETS:
            self.addItem(notice.text, notice.text)
        self.lineEdit().setPlaceholderText(self.default_label)
        self.lineEdit().setMaxLength(200)
        self.setToolTip(
            self.tr(
                "How long ahead they want to hear of a guest joining or a move, in their "
                "words (“two working days”); empty: {default}"
            ).format(default=self.default_words())
        )
        self.set_value("")
        # Choosing "The default" from the list leaves the field empty, as typed.
        self.activated.connect(self._on_activated)

    def default_words(self) -> str:
        """What the default is: "a guest 24 hours, a move 48 hours"."""
        return self.tr("a guest {guest}, a move {move}").format(
            guest=DEFAULT_NOTICE[TELL_GUEST].text, move=DEFAULT_NOTICE[CONFIRM_TIME].text
        )

    def _on_activated(self, index: int) -> None:
        if index == 0:
            self.setEditText("")

    def value(self) -> str:
        """The client's words as typed ("" for the default)."""
        text = " ".join(self.currentText().split())
        return "" if text.casefold() == self.default_label.casefold() else text

    def set_value(self, words: str) -> None:
        index = self.findData(words) if words else -1
        if index > 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(words)

    def reading(self) -> str:
        """How the words are read ("read as: 2 working days"), what the default is when
        empty, "" when they say no notice (the form says why under the field)."""
        try:
            notice = parse_notice(self.value())
        except NoticeError:
            return ""
        if notice is None:
            return self.tr("the default: {words}").format(words=self.default_words())
        return self.tr("read as: {notice}").format(notice=notice.text)


class SessionPicker(QComboBox):
    """An optional session of one client: "No particular session" or one of their
    sessions, newest first."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        compact_combo(self)

    def load(self, client_id: int | None, selected: int | None = None) -> None:
        """Offer ``client_id``'s sessions and select ``selected`` (kept even if it is old)."""
        self.clear()
        self.addItem(self.tr("No particular session"), None)
        if client_id is None:
            return
        sessions = list_sessions(
            self.db, client_id=client_id, newest_first=True, limit=SESSIONS_SHOWN
        )
        if selected is not None and selected not in {session.id for session in sessions}:
            found = find_session(self.db, selected)
            if found is None:
                selected = None
            else:
                sessions.append(found)
        for session in sessions:
            label = f"{format_when(session.start)} · {self.tr(session.status.label)}"
            if session.agenda.strip():
                label += f" · {clip(first_line(session.agenda), 40)}"
            self.addItem(label, session.id)
        if selected is not None:
            self.setCurrentIndex(max(0, self.findData(selected)))

    def chosen_id(self) -> int | None:
        return self.currentData()


class SeverityCombo(LevelCombo):
    """Severity: minor, real, serious."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(SEVERITY_WORDS, parent)
