"""Capture or edit something that matters to a client, in their own words.

The fields and the ``RecordDialog`` base it shares with the breach and promise
dialogs are in ``record_fields``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from coachdesk.display.timefmt import format_day, format_when
from coachdesk.domain.clients import FieldError
from coachdesk.domain.practice import MatterData, MatterRow, validate_matter
from coachdesk.domain.vocab import Trigger
from coachdesk.storage.database import Database
from coachdesk.storage.matters import create_matter, get_matter, update_matter
from coachdesk.storage.sessions import find_session
from coachdesk.ui.dialogs.record_fields import (
    CategoryCombo,
    ImportanceCombo,
    LanguageCombo,
    NoticeCombo,
    RecordDialog,
    TextBox,
)
from coachdesk.ui.widgets.trigger_suggestions import TriggerSuggestions


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

        self.notice = NoticeCombo()
        self.notice_hint = QLabel()
        self.notice_hint.setObjectName("noticeReading")
        self.notice_hint.setEnabled(False)  # drawn as a quiet hint
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice)
        notice_row.addWidget(self.notice_hint)
        notice_row.addStretch(1)
        notice_label = QLabel(self.tr("&Notice needed"))
        notice_label.setBuddy(self.notice)

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
        self.form.addRow(self.tr("W&hy (your note)"), self.why)
        self.form.addRow(self.tr("C&ategory"), self.category)
        self.form.addRow(self.tr("&Importance"), self.importance)
        self.form.addRow(self.tr("Comes up when"), triggers)
        self.form.addRow(notice_label, notice_row)
        self.form.addRow(self.tr("&Keywords"), self.keywords)
        self.form.addRow(self.tr("&Language"), self.language)
        self.say_at("statement", self.statement)
        self.say_at("notice", self.notice)
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
        self.watch(self.statement, self.why, self.keywords, self.notice.lineEdit())
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
        self.notice.set_value(row.notice)
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
            notice=self.notice.value(),
        )

    def revalidate(self) -> None:
        reading = self.notice.reading()
        self.notice_hint.setText(reading)
        self.notice_hint.setVisible(bool(reading))
        super().revalidate()

    def problems(self) -> list[str | FieldError]:
        return [*self.client_problems(), *validate_matter(self.data())]

    def save(self) -> int:
        if self.matter_id is None:
            return create_matter(self.db, self.data())
        update_matter(self.db, self.matter_id, self.data())
        return self.matter_id
