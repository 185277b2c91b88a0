"""The checklist's rows, for the prep panel's column (``ChecklistRows`` is its base).

An open entry is a checkbox, the action in bold at the normal size, and for a stated
wish the client's words under it, quieter but whole, with "they asked for this".  A
ticked entry stays where it stood as done, with the time in the coach's zone ("✓ Told
Dan about Maria Lopez at 21:18"); the latest tick has an Undo button beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_clock, to_qdatetime
from coachdesk.domain.notice import NoticeState
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.prep import (
    ASK_RECORDING,
    CONFIRM_CLOCKS,
    CONFIRM_PLACE,
    CONFIRM_TIME,
    TELL_GUEST,
    ChecklistItem,
)
from coachdesk.domain.text import quoted
from coachdesk.ui.widgets.style import (
    scaled_font,
    secondary,
    visible_indicator,
    warning_label_style,
)

KIND_ROLE = "prepKind"
"""Dynamic property on a checklist checkbox: the entry's kind (tests and wiring use it)."""

REF_ROLE = "prepRef"
"""Dynamic property on a checklist checkbox: the entry's ``ref_id`` (the guest or session)."""


@dataclass(frozen=True)
class DoneEntry:
    """A checklist entry ticked in this window: what it was, when, and where it stood."""

    entry: ChecklistItem
    at: datetime
    index: int


def _plain(text: str) -> str:
    """Text for a button label: an ampersand is not a mnemonic."""
    return text.replace("&", "&&")


def text_label(
    text: str,
    *,
    font: QFont | None = None,
    quiet: bool = False,
    warn: bool = False,
    name: str = "",
) -> QLabel:
    """A plain-text label that wraps (never cuts) and can be selected with the mouse;
    ``quiet`` for the secondary colour, ``warn`` for the warning colour."""
    shown = QLabel(text)
    shown.setWordWrap(True)
    shown.setTextFormat(Qt.TextFormat.PlainText)
    shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if font is not None:
        shown.setFont(font)
    if quiet:
        secondary(shown)
    if warn:
        shown.setStyleSheet(warning_label_style())
    if name:
        shown.setObjectName(name)
    return shown


class ChecklistRows(QWidget):
    """What the column needs to show the checklist: the client, the session, what a tick
    and an undo call.  ``undo_button`` is the latest tick's Undo (None without one) and
    ``done_labels`` the done entries' lines, in order."""

    def __init__(
        self,
        parent: QWidget,
        session: SessionRow,
        client: str,
        tick: Callable[[ChecklistItem, int], None],
        undo: Callable[[], None] | None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.client = client
        self._tick = tick
        self._undo = undo
        self._latest: DoneEntry | None = None
        self.undo_button: QToolButton | None = None
        self.done_labels: list[QLabel] = []

    def _small_font(self) -> QFont:
        return scaled_font(self.font(), 0.9, bold=False)

    def _small(self, text: str, name: str = "") -> QLabel:
        return text_label(text, font=self._small_font(), quiet=True, name=name)

    def _checklist(
        self,
        body: QVBoxLayout,
        entries: Sequence[ChecklistItem],
        done: Sequence[DoneEntry],
        client: str,
    ) -> None:
        rows: list[ChecklistItem | DoneEntry] = list(entries)
        for finished in sorted(done, key=lambda d: d.index):
            rows.insert(min(finished.index, len(rows)), finished)
        if not rows:
            body.addWidget(self._small(self.tr("Nothing to do before this session.")))
            return
        for index, row in enumerate(rows):
            if isinstance(row, DoneEntry):
                self._done_row(body, row, latest=row is self._latest)
            else:
                self._open_row(body, row, index, client)

    def _open_row(self, body: QVBoxLayout, entry: ChecklistItem, index: int, client: str) -> None:
        box = QCheckBox(_plain(entry.text))
        box.setProperty(KIND_ROLE, entry.kind)
        box.setProperty(REF_ROLE, entry.ref_id)
        box.setFont(scaled_font(self.font(), 1.0))  # the thing to do: bold, normal size
        box.setToolTip(self.tr("Tick when done; CoachDesk records it (Ctrl+Z undoes it)"))
        visible_indicator(box)
        box.toggled.connect(lambda checked, e=entry, i=index: self._tick(e, i) if checked else None)
        # Left-aligned at its own width, so a click anywhere on the line's text hits it.
        body.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
        # Under the action's text, past the box: by when, then the client's words.
        indent = self.style().pixelMetric(
            QStyle.PixelMetric.PM_IndicatorWidth, None, box
        ) + self.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, box)
        words = QVBoxLayout()
        words.setContentsMargins(indent, 0, 0, 0)
        words.setSpacing(1)
        body.addLayout(words)
        if entry.deadline is not None:
            words.addWidget(self._due_label(entry, client))
        if entry.stated_wish and entry.quote:
            quote = text_label(quoted(entry.quote), quiet=True, name="clientWords")
            words.addWidget(quote)
            words.addWidget(
                self._small(self.tr("{name} asked for this").format(name=client), "statedWish")
            )

    def _due_label(self, entry: ChecklistItem, client: str) -> QLabel:
        """ "By Mon 30 Nov, 10:00 · 2 working days' notice, as Dan asked", in the warning
        colour when it is near, with "Overdue" first when it has passed."""
        assert entry.notice is not None
        if entry.notice_words:
            why = self.tr("“{words}”, as {name} asked").format(
                words=entry.notice_words, name=client
            )
        else:
            why = self.tr("{notice} notice").format(notice=entry.notice.text)
        if entry.state is NoticeState.OVERDUE:
            text = self.tr("Overdue: was due {due} · {why}").format(due=entry.due_text, why=why)
        elif entry.state is NoticeState.NEAR:
            text = self.tr("Soon: {due} · {why}").format(due=entry.due_text, why=why)
        else:
            text = f"{entry.due_text[:1].upper()}{entry.due_text[1:]} · {why}"
        label = text_label(
            text,
            font=scaled_font(self.font(), 0.9, bold=entry.state is not NoticeState.PENDING),
            quiet=entry.state is NoticeState.PENDING,
            warn=entry.state is not NoticeState.PENDING,
            name="noticeDue",
        )
        label.setProperty("noticeState", entry.state.value)
        return label

    def _done_text(self, done: DoneEntry) -> str:
        entry, client = done.entry, self.client
        at = format_clock(to_qdatetime(done.at).time())
        if entry.kind == TELL_GUEST:
            guest = next((g.name for g in self.session.guests if g.id == entry.ref_id), "")
            text = self.tr("Told {name} about {guest} at {time}").format(
                name=client, guest=guest, time=at
            )
        elif entry.kind == CONFIRM_TIME:
            text = self.tr("{name} confirmed the new time at {time}").format(name=client, time=at)
        elif entry.kind == CONFIRM_PLACE:
            text = self.tr("Confirmed with {name} how and where you will meet at {time}").format(
                name=client, time=at
            )
        elif entry.kind == ASK_RECORDING:
            text = self.tr("{name} agreed to the recording at {time}").format(name=client, time=at)
        elif entry.kind == CONFIRM_CLOCKS:
            text = self.tr("Confirmed the time with {name} at {time}").format(name=client, time=at)
        else:
            text = self.tr("{text}: done at {time}").format(text=entry.text, time=at)
        return f"✓ {text}"

    def _done_row(self, body: QVBoxLayout, done: DoneEntry, *, latest: bool) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        line = text_label(self._done_text(done), quiet=True, name="doneEntry")
        self.done_labels.append(line)
        # As wide as its one line, wrapping only when the window is narrower: the Undo
        # button stays right after the words.
        line.setMaximumWidth(line.fontMetrics().horizontalAdvance(line.text()) + 4)
        row.addWidget(line, 1)
        if latest and self._undo is not None:
            button = QToolButton()
            button.setText(self.tr("Undo"))
            button.setToolTip(self.tr("Undo this tick (Ctrl+Z): it is open again"))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.clicked.connect(self._undo)
            self.undo_button = button
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(0)  # what the words leave over, once they stand on one line
        body.addLayout(row)
