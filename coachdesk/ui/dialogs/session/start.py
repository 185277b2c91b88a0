"""A session's start, and under it what changing it means.

Moving a planned session keeps its first start (storage does that): the field says so
as the coach changes the time, shows the time first planned with a button for "the
client confirmed the new time", and warns about a start that has already passed.  For a
client with a time zone of their own, a line under the start says their time when it is
not the coach's ("That is 16:00 for Dan, in New York."), following the start as it is
changed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coachdesk.display.timefmt import (
    format_their_time,
    format_when,
    from_qdatetime,
    to_qdatetime,
)
from coachdesk.domain.practice import SessionRow
from coachdesk.domain.their_time import place_name
from coachdesk.ui.dialogs.forms import dated
from coachdesk.ui.widgets.style import WARNING_MARK, warning_label_style


def default_start(now: datetime | None = None) -> datetime:
    """Tomorrow at the next full hour, local time."""
    local = (now or datetime.now(UTC)).astimezone()
    return (local + timedelta(days=1)).replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=1
    )


class StartField(QWidget):
    """The start (``start``), the client's time when it differs (``their_label``), the
    time first planned (``original_label``) with ``confirm_time_button``, the note on a
    move (``move_label``) and on a start that has passed (``past_label``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded: datetime | None = None
        self._loaded_start: QDateTime | None = None
        self.start = dated(QDateTimeEdit())
        locale = QLocale()
        date_format = locale.dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in date_format:
            date_format = date_format.replace("yy", "yyyy")
        clock = locale.timeFormat(QLocale.FormatType.ShortFormat).replace(":ss", "")
        self.start.setDisplayFormat(f"ddd {date_format} {clock}")
        self.start.setDateTime(to_qdatetime(default_start()))
        self.their_label = QLabel()
        self.their_label.setObjectName("theirTime")
        self.original_label = QLabel()
        self.original_label.setWordWrap(True)
        self.confirm_time_button = QPushButton(self.tr("Client con&firmed the new time"))
        original_row = QHBoxLayout()
        original_row.setContentsMargins(0, 0, 0, 0)
        original_row.addWidget(self.original_label, 1)
        original_row.addWidget(self.confirm_time_button)
        self.move_label = QLabel()
        self.move_label.setWordWrap(True)
        self.past_label = QLabel()
        self.past_label.setWordWrap(True)
        self.past_label.setStyleSheet(warning_label_style())
        self.past_label.setObjectName("pastWarning")
        start_layout = QVBoxLayout(self)
        start_layout.setContentsMargins(0, 0, 0, 0)
        start_layout.addWidget(self.start)
        start_layout.addWidget(self.their_label)
        start_layout.addLayout(original_row)
        start_layout.addWidget(self.move_label)
        start_layout.addWidget(self.past_label)
        self.their_label.hide()
        self.original_label.hide()
        self.confirm_time_button.hide()
        self.move_label.hide()
        self.past_label.hide()

    def load(self, row: SessionRow) -> None:
        """Show the session's start; a change of it is then a move."""
        self._loaded = row.start
        self._loaded_start = to_qdatetime(row.start)
        self.start.setDateTime(self._loaded_start)

    def changed(self) -> bool:
        """True when the coach has moved the loaded start."""
        return self._loaded_start is not None and self.start.dateTime() != self._loaded_start

    def value(self) -> datetime:
        """The start shown (the stored one, to the second, while it is not moved)."""
        if self._loaded is not None and not self.changed():
            return self._loaded
        return from_qdatetime(self.start.dateTime())

    def show_original(self, row: SessionRow, *, planned: bool) -> None:
        """The time first planned of a moved session, and whether the client confirmed."""
        if row.rescheduled and row.original_start is not None:
            text = self.tr("Originally planned for {when}.").format(
                when=format_when(row.original_start)
            )
            if row.reschedule_confirmed_at is not None:
                text += " " + self.tr("The client confirmed the new time on {when}.").format(
                    when=format_when(row.reschedule_confirmed_at)
                )
            self.original_label.setText(text)
            self.original_label.show()
            self.confirm_time_button.setVisible(
                row.reschedule_unconfirmed and planned and not self.changed()
            )
        else:
            self.original_label.hide()
            self.confirm_time_button.hide()

    def show_their_time(self, zone_name: str, who: str) -> None:
        """Under the start, the time ``who`` reads in ``zone_name`` when it is not the
        coach's; nothing for a client without a zone of their own or on the same time."""
        theirs = format_their_time(self.value(), zone_name, who) if zone_name else ""
        if theirs:
            self.their_label.setText(
                self.tr("That is {time}, in {place}.").format(
                    time=theirs, place=place_name(zone_name)
                )
            )
        self.their_label.setVisible(bool(theirs))

    def show_notes(self, row: SessionRow | None, *, planned: bool, in_the_past: bool) -> None:
        """Say what the start as it stands means (``row`` None: a new session)."""
        moving = row is not None and planned and self.changed()
        if moving and row is not None:
            back = row.original_start is not None and self.value() == row.original_start
            self.move_label.setText(
                self.tr("This moves the session back to its original time.")
                if back
                else self.tr("This moves the session; its original time is kept.")
            )
        self.move_label.setVisible(moving)
        if row is not None:
            self.confirm_time_button.setVisible(
                row.reschedule_unconfirmed and planned and not moving
            )
        if in_the_past:
            if row is None or self.changed():
                text = self.tr("This time has passed: the session would start in the past.")
            else:
                text = self.tr("Its time has passed: mark it held, no-show or cancelled.")
            self.past_label.setText(f"{WARNING_MARK} {text}")
            self.past_label.show()
        else:
            self.past_label.hide()
