"""The after-session review, offered when a session is marked held.

Three short questions that take under a minute for a typical client:

1. Did the coach honour what matters to the client?  The items this session
   made relevant come first, each with why (``domain.relevance``); the other
   active items are folded.  Each is honoured, missed or not relevant
   (the default); a missed one becomes a breach linked to the session.
   When a notice the session called for came too late or never (a guest the coach
   brought announced after the notice the client asked for, a moved session's new
   time confirmed late: ``domain.late_notice``), one line each says so in plain words,
   with "Log as a breach of “<item>”" (the item that asked for it, else a new item in
   plain words): ticked, the breach is recorded with the review in those words (they
   can be edited), dated the session's day, and the item counts as missed in it (a
   "Missed" answer on the same item left in its default words adds no second breach).
   A notice already logged in the same words is not offered again.
2. The open promises due by the session's date: kept, missed or still open.
3. Anything new that matters to them, in their words: each becomes an item
   whose source is this session.

Nothing is written until "Save review", and then all of it in one unit of work
(``storage.review.save_review``): if the file cannot be written, nothing is,
and the dialog stays open with every answer so the coach can simply save again.
"Skip" (or Escape) writes nothing.  Each answer row is ``answers``'s.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_long_day
from coachdesk.domain.clients import FieldError
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.practice import (
    MatterData,
    SessionRow,
    validate_breach,
    validate_matter,
)
from coachdesk.domain.relevance import relevant_matters
from coachdesk.domain.vocab import IMPORTANCE_WORDS, HonourOutcome, PromiseStatus, Trigger
from coachdesk.domain.wording import read_statement
from coachdesk.storage.clients import get_client
from coachdesk.storage.database import Database
from coachdesk.storage.matters import list_matters
from coachdesk.storage.promises import list_promises
from coachdesk.storage.review import (
    Answer,
    MissedItem,
    ReviewData,
    ReviewResult,
    late_notices_to_log,
    save_review,
)
from coachdesk.storage.sessions import get_session, list_sessions
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.dialogs.forms import FormDialog
from coachdesk.ui.dialogs.review.answers import (
    NOT_RELEVANT,
    LateNoticeReview,
    MatterReview,
    PromiseReview,
)
from coachdesk.ui.widgets.style import scaled_font, secondary

TRIGGERS_ROLE = Qt.ItemDataRole.UserRole + 1
"""On an added item: the trigger values proposed from its words."""


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class ReviewDialog(FormDialog):
    """Review a held session.  Raises ``RecordNotFound`` if the session is gone and
    ``StorageError`` if it cannot be read (``offer_review`` handles both)."""

    def __init__(self, db: Database, session_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.session_id = session_id
        self.session: SessionRow = get_session(db, session_id)
        client = get_client(db, self.session.client_id)
        self.client_name = client.preferred_name.strip() or client.name
        history = list_sessions(db, client_id=self.session.client_id)
        matters = list_matters(db, self.session.client_id, include_retired=False)
        self.session_day: date = local_or_utc(self.session.start).date()
        due = [
            promise
            for promise in list_promises(db, self.session.client_id, status=PromiseStatus.OPEN)
            if promise.due_on is not None and promise.due_on <= self.session_day
        ]
        self._summary = ""

        self.setWindowTitle(self.tr("After the session with {name}").format(name=self.client_name))
        intro = QLabel(
            self.tr(
                "{name}, {day}. Only what you change is recorded; skip if you are busy."
            ).format(name=self.session.client_name, day=format_long_day(self.session.start))
        )
        intro.setWordWrap(True)
        secondary(intro)

        missed_text = self.tr("Missed during the session on {day}").format(
            day=format_long_day(self.session.start)
        )
        relevant = relevant_matters(self.session, matters, history, promises=due)
        relevant_ids = {matter.id for matter, _reasons in relevant}
        others = [matter for matter in matters if matter.id not in relevant_ids]
        self.matter_rows = [
            MatterReview(matter, reasons, missed_text) for matter, reasons in relevant
        ] + [MatterReview(matter, [], missed_text) for matter in others]
        self.relevant_rows = self.matter_rows[: len(relevant)]
        self.other_rows = self.matter_rows[len(relevant) :]
        self.promise_rows = [PromiseReview(promise, self.client_name) for promise in due]
        self.missed_text = missed_text
        self.late_rows = [
            LateNoticeReview(notice) for notice in late_notices_to_log(db, session_id)
        ]

        self.column = column = QWidget()
        self.column_layout = QVBoxLayout(column)
        self.column_layout.addWidget(intro)
        self._build_matters()
        self._build_late()
        self._build_promises()
        self._build_new_items()
        self.column_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(column)
        self.form.addRow(self.scroll)

        self.save_button.setText(self.tr("Save review"))
        self.skip_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.skip_button.setText(self.tr("Skip"))
        self.skip_button.setToolTip(self.tr("Close without recording anything (Esc)"))
        if isinstance(self.save_button, QPushButton):
            self.save_button.setDefault(True)

        for row in self.matter_rows:
            row.choices.group.idToggled.connect(lambda *_args: self.revalidate())
            row.choices.group.idToggled.connect(lambda *_args: self._fit_to_contents())
            self.watch(row.what_happened)
        for late in self.late_rows:
            late.log_box.toggled.connect(lambda *_args: self.revalidate())
            late.log_box.toggled.connect(lambda *_args: self._fit_to_contents())
            self.watch(late.what_happened)
        self.watch(self.new_item)
        self.revalidate()
        self._fit_to_contents()
        first = self.relevant_rows[0].choices.button(NOT_RELEVANT) if self.relevant_rows else None
        (first or self.new_item).setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_to_contents(self) -> None:
        """As tall as the questions need (so most reviews need no scrolling), within the screen;
        it grows when more is shown, never shrinks under the coach's hand."""
        column = self.column
        column.layout().activate()
        screen = self.screen().availableGeometry()
        width = min(max(640, self.width() if self.isVisible() else 0), screen.width())
        margins = self.layout().contentsMargins()
        inner = width - margins.left() - margins.right()
        height = (
            column.heightForWidth(inner)
            + self.buttons.sizeHint().height()
            + (0 if self.problem_label.isHidden() else self.problem_label.sizeHint().height())
            + self.layout().spacing() * 3
            + margins.top()
            + margins.bottom()
            + 8
        )
        height = min(height, int(screen.height() * 0.85))
        if self.isVisible():
            height = max(height, self.height())
        self.resize(width, height)

    # --- building ---------------------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setFont(scaled_font(self.font(), 1.15, bold=True))
        label.setWordWrap(True)
        self.column_layout.addSpacing(8)
        self.column_layout.addWidget(label)
        return label

    def _note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        secondary(label)
        self.column_layout.addWidget(label)
        return label

    def _build_matters(self) -> None:
        self._heading(
            self.tr("Did you honour what matters to {name}?").format(name=self.client_name)
        )
        if not self.matter_rows:
            self._note(
                self.tr(
                    "You have not recorded yet what matters to {name}. Add it below, in their "
                    "words."
                ).format(name=self.client_name)
            )
        elif not self.relevant_rows:
            self._note(
                self.tr("None was flagged by this session; open the list if one came up anyway.")
            )
        for row in self.relevant_rows:
            self.column_layout.addWidget(row)
        self.others_toggle = QToolButton()
        self.others_toggle.setText(
            self.tr("Other things that matter to {name} ({count})").format(
                name=self.client_name, count=len(self.other_rows)
            )
        )
        self.others_toggle.setCheckable(True)
        self.others_toggle.setAutoRaise(True)
        self.others_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.others_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.others_toggle.setVisible(bool(self.other_rows))
        self.others = QWidget()
        others_layout = QVBoxLayout(self.others)
        others_layout.setContentsMargins(16, 0, 0, 0)
        for row in self.other_rows:
            others_layout.addWidget(row)
        self.others.hide()
        self.others_toggle.toggled.connect(self._toggle_others)
        self.column_layout.addWidget(self.others_toggle)
        self.column_layout.addWidget(self.others)

    def _toggle_others(self, shown: bool) -> None:
        self.others.setVisible(shown)
        self.others_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        if shown:
            self._fit_to_contents()

    def _build_late(self) -> None:
        if not self.late_rows:
            return
        self._heading(self.tr("Notice given too late"))
        self._note(
            self.tr(
                "These did not reach {name} in time. Tick one to log it as a breach with this "
                "review, in the words below."
            ).format(name=self.client_name)
        )
        for row in self.late_rows:
            self.column_layout.addWidget(row)

    def _build_promises(self) -> None:
        self._heading(self.tr("Promises due by this session"))
        if not self.promise_rows:
            self._note(self.tr("No open promises were due by this session."))
        for row in self.promise_rows:
            self.column_layout.addWidget(row)

    def _build_new_items(self) -> None:
        self._heading(self.tr("Anything new that matters to them?"))
        self.new_item = QLineEdit()
        self.new_item.setPlaceholderText(self.tr("In their words — press Enter to add"))
        self.new_item.installEventFilter(self)
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_new_item)
        self.new_item.textChanged.connect(
            lambda text: self.add_button.setEnabled(bool(text.strip()))
        )
        self.add_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.new_item, 1)
        row.addWidget(self.add_button)
        self.column_layout.addLayout(row)
        self.new_items = QListWidget()
        self.new_items.setToolTip(self.tr("Press Delete to remove one"))
        self.new_items.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.new_items.hide()
        self.column_layout.addWidget(self.new_items)
        self.new_items_note = self._note("")
        self.new_items_note.hide()

    # --- new items --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the new-item line adds the item (and saves the review when it is empty);
        Delete in the list of added items removes one."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if watched is self.new_item and enter and self.new_item.text().strip():
                self.add_new_item()
                return True
            if watched is self.new_items and event.matches(QKeySequence.StandardKey.Delete):
                self.new_items.takeItem(self.new_items.currentRow())
                self.new_items.setVisible(self.new_items.count() > 0)
                self.new_items_note.setVisible(self.new_items.count() > 0)
                return True
        return super().eventFilter(watched, event)

    def add_new_item(self) -> None:
        text = self.new_item.text().strip()
        if not text or validate_matter(self._matter_data(text)):
            self.revalidate()
            return
        readings = read_statement(text)
        label = f"“{text}”"
        if readings:
            label += "  " + self.tr("— comes up when: {triggers}").format(
                triggers=", ".join(self.tr(r.trigger.label) for r in readings)
            )
        self.new_items.addItem(label)
        added = self.new_items.item(self.new_items.count() - 1)
        added.setData(Qt.ItemDataRole.UserRole, text)
        if readings:
            # Proposed from their words; unticking adds the item without them.
            added.setData(TRIGGERS_ROLE, [r.trigger.value for r in readings])
            added.setFlags(added.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            added.setCheckState(Qt.CheckState.Checked)
            added.setToolTip(
                self.tr("Proposed from their words; untick to add it without these triggers")
            )
        if self.new_items.count() == 1:
            self.new_items.installEventFilter(self)
        self.new_items.show()
        saved_as = self._matter_data(text)
        self.new_items_note.setText(
            self.tr(
                "Added as {category}, importance “{importance}”, with the triggers ticked; "
                "to change that, edit the item on {name}'s page (What matters) once saved."
            ).format(
                category=self.tr(saved_as.category.label),
                importance=self.tr(IMPORTANCE_WORDS[saved_as.importance]),
                name=self.client_name,
            )
        )
        self.new_items_note.show()
        self.new_items.setFixedHeight(
            min(6, self.new_items.count()) * self.new_items.sizeHintForRow(0)
            + 2 * self.new_items.frameWidth()
        )
        self.new_item.clear()
        self._fit_to_contents()

    def added_triggers(self) -> dict[str, frozenset[Trigger]]:
        """The triggers proposed from each added item's words that the coach kept ticked."""
        found: dict[str, frozenset[Trigger]] = {}
        for number in range(self.new_items.count()):
            item = self.new_items.item(number)
            values = item.data(TRIGGERS_ROLE)
            if values and item.checkState() == Qt.CheckState.Checked:
                found[item.data(Qt.ItemDataRole.UserRole)] = frozenset(map(Trigger, values))
        return found

    def added_items(self) -> list[str]:
        """The new items' words, with whatever is still typed in the line (not lost on save)."""
        items = [
            self.new_items.item(number).data(Qt.ItemDataRole.UserRole)
            for number in range(self.new_items.count())
        ]
        pending = self.new_item.text().strip()
        return items + ([pending] if pending else [])

    # --- validation and saving --------------------------------------------------------------

    def review(self) -> ReviewData:
        """The coach's answers: the items missed, the promises marked, the new items."""
        return ReviewData(
            session_id=self.session_id,
            occurred_on=min(self.session_day, date.today()),
            missed=tuple(
                MissedItem(row.matter.id, row.what_happened.text())
                for row in self.matter_rows
                if row.missed
                and not (
                    row.matter.id in self._late_logged()
                    and row.what_happened.text().strip() == self.missed_text
                )
            ),
            promises=tuple(
                (row.promise.id, status)
                for row in self.promise_rows
                if (status := row.status()) is not None
            ),
            new_items=tuple(self.added_items()),
            new_item_triggers=self.added_triggers(),
            answers=self.answers(),
            late=tuple(row.late_breach() for row in self.late_rows if row.logged),
        )

    def _late_logged(self) -> set[int]:
        """The items of the late notices ticked to be logged as breaches."""
        return {
            row.notice.matter_id
            for row in self.late_rows
            if row.logged and row.notice.matter_id is not None
        }

    def answers(self) -> tuple[Answer, ...]:
        """Every item this session made relevant, as answered (not relevant included: the
        share honoured counts only the others), and any other item marked honoured or
        missed; an item left "not relevant" whose late notice is logged as a breach is
        missed."""
        logged = self._late_logged()

        def outcome(row: MatterReview) -> HonourOutcome:
            if row.outcome is HonourOutcome.NOT_RELEVANT and row.matter.id in logged:
                return HonourOutcome.MISSED
            return row.outcome

        fired = [Answer(row.matter.id, outcome(row), fired=True) for row in self.relevant_rows]
        others = [
            Answer(row.matter.id, outcome(row))
            for row in self.other_rows
            if outcome(row) is not HonourOutcome.NOT_RELEVANT
        ]
        return tuple(fired + others)

    def _matter_data(self, statement: str) -> MatterData:
        return self.review().matter_data(self.session.client_id, statement, date.today())

    def problems(self) -> list[str | FieldError]:
        """The same rules ``save_review`` applies: each missed item's and logged late
        notice's breach and the words still in the new-item line (added items were checked
        when added)."""
        review, today = self.review(), date.today()
        found = [
            error.message
            for item in review.missed
            for error in validate_breach(review.breach_data(item), today)
        ]
        found += [
            error.message
            for item in review.late
            for error in validate_breach(review.late_breach_data(item), today)
        ]
        pending = self.new_item.text().strip()
        if pending:
            matter = review.matter_data(self.session.client_id, pending, today)
            found += [error.message for error in validate_matter(matter)]
        return list(dict.fromkeys(found))

    def save(self) -> int:
        """Write the whole review at once: if it fails, nothing was written and every answer
        is still here to save again."""
        self._summary = self._describe(save_review(self.db, self.review()))
        return self.session_id

    def _describe(self, result: ReviewResult) -> str:
        parts = []
        if result.honoured:
            parts.append(
                _plural(result.honoured, self.tr("item honoured"), self.tr("items honoured"))
            )
        if result.breaches:
            parts.append(_plural(result.breaches, self.tr("breach"), self.tr("breaches")))
        if result.promises_kept:
            parts.append(
                _plural(result.promises_kept, self.tr("promise kept"), self.tr("promises kept"))
            )
        if result.promises_missed:
            parts.append(
                _plural(
                    result.promises_missed, self.tr("promise missed"), self.tr("promises missed")
                )
            )
        if result.new_items:
            parts.append(_plural(result.new_items, self.tr("new item"), self.tr("new items")))
        if not parts:
            return self.tr("Review saved: nothing to record.")
        return self.tr("Review saved: {parts}.").format(parts=", ".join(parts))

    def summary(self) -> str:
        """What the saved review recorded ("Review saved: 1 breach, 1 promise kept, 1 new
        item."); empty until it is saved."""
        return self._summary


def offer_review(db: Database, session_id: int, parent: QWidget | None = None) -> str | None:
    """Show the review of a session just marked held; the summary if saved, None if skipped
    (or the session could not be read, which is explained)."""
    built = attempt(
        parent,
        lambda: ReviewDialog(db, session_id, parent),
        gone=QCoreApplication.translate("ReviewDialog", "This session was deleted."),
    )
    dialog = built.value
    if dialog is None:
        return None
    try:
        return dialog.summary() if dialog.exec() else None
    finally:
        dialog.deleteLater()
