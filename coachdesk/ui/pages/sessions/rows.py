"""What the Sessions page lists: the preset periods (``SESSION_RANGES``) and the table
model of sessions, with its columns and the To do words (``SessionsModel``).  A client
with a clock of their own that says another time has it beside the coach's in When:
"01/12/2026 10:00 (16:00 in New York)"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject

from coachdesk.display.timefmt import format_their_time, format_when, with_their_time
from coachdesk.domain.practice import SessionRow, local_midnight
from coachdesk.domain.vocab import Medium, SessionStatus
from coachdesk.ui.widgets.row_model import Column, RowTableModel
from coachdesk.ui.widgets.style import WARNING_MARK


@dataclass(frozen=True)
class SessionRange:
    """A preset range of starts, counted in days from the start of today (local time)."""

    label: str
    from_days: int | None
    to_days: int | None
    until_now: bool = False

    @property
    def newest_first(self) -> bool:
        """Past periods list (and cap) from the most recent back."""
        return self.until_now or self.from_days is None

    def bounds(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """[from, to) of the period; past periods end now."""
        today = now.astimezone().date()
        start = end = None
        if self.from_days is not None:
            start = local_midnight(today + timedelta(days=self.from_days))
        if self.to_days is not None:
            end = local_midnight(today + timedelta(days=self.to_days))
        return start, now if self.until_now else end


SESSION_RANGES: tuple[SessionRange, ...] = (
    SessionRange("Next 7 days", 0, 7),
    SessionRange("Next 30 days", 0, 30),
    SessionRange("Past 30 days", -30, None, until_now=True),
    SessionRange("Past year", -365, None, until_now=True),
    SessionRange("All upcoming", 0, None),
    SessionRange("Everything", None, None),
)
DEFAULT_PERIOD = 1


def guest_names(row: SessionRow) -> str:
    return ", ".join(guest.name for guest in row.guests)


class SessionsModel(RowTableModel[SessionRow]):
    """The sessions read for the page; ``now`` (set at each read) decides which upcoming
    sessions carry the warning for something to do first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(self._columns(), haystack=self.haystack, parent=parent)
        self.now = datetime.now(UTC)

    def _columns(self) -> list[Column[SessionRow]]:
        return [
            Column(
                "When",
                self.when_text,
                sort_key=lambda row: row.start,
                tooltip=self._when_tooltip,
            ),
            Column("Client", lambda row: row.client_name),
            Column("Medium", lambda row: self.tr(row.medium.label)),
            Column("Status", lambda row: self.tr(row.status.label)),
            Column(
                "Guests",
                guest_names,
                tooltip=lambda row: (
                    "\n".join(
                        f"{guest.name} ({guest.role})" if guest.role else guest.name
                        for guest in row.guests
                    )
                    or None
                ),
            ),
            Column(
                "To do",
                self.to_do_text,
                sort_key=lambda row: 0 if self._needs_attention(row) else 1,
                tooltip=self._to_do_tooltip,
                warning=self._needs_attention,
            ),
            Column("Place or link", lambda row: row.location, tooltip=lambda row: row.location),
        ]

    @staticmethod
    def when_text(row: SessionRow) -> str:
        """The start in the coach's time, and the client's beside it where it differs."""
        when = format_when(row.start)
        if not row.client_time_zone:
            return when
        return with_their_time(when, row.start, row.client_time_zone)

    def _needs_attention(self, row: SessionRow) -> bool:
        return row.needs_attention(self.now)

    def to_do_text(self, row: SessionRow) -> str:
        """'⚠ tell the client Maria Lopez will join', or 'moved from …' for a moved session."""
        if self._needs_attention(row):
            return f"{WARNING_MARK} " + "; ".join(row.to_do_before())
        if row.rescheduled and row.original_start is not None:
            return self.tr("moved from {when}").format(when=format_when(row.original_start))
        return ""

    def _to_do_tooltip(self, row: SessionRow) -> str | None:
        lines = []
        if self._needs_attention(row):
            lines += [self.tr("Before the session:")]
            lines += [f"• {thing}" for thing in row.to_do_before()]
        if row.rescheduled and row.original_start is not None:
            lines.append(self.tr("Moved from {when}.").format(when=format_when(row.original_start)))
        return "\n".join(lines) or None

    def _when_tooltip(self, row: SessionRow) -> str:
        text = self.tr("{minutes} minutes").format(minutes=row.duration_minutes)
        if row.client_time_zone:
            theirs = format_their_time(row.start, row.client_time_zone, row.client_name)
            text += "\n" + (
                self.tr("{theirs} ({zone})").format(theirs=theirs, zone=row.client_time_zone)
                if theirs
                else self.tr("{client}'s time zone: {zone}, the same time as yours").format(
                    client=row.client_name, zone=row.client_time_zone
                )
            )
        if row.rescheduled and row.original_start is not None:
            text += "\n" + self.tr("Moved from {when}.").format(
                when=format_when(row.original_start)
            )
        return text

    @staticmethod
    def haystack(row: SessionRow) -> str:
        """What the text filter looks in: the client, place, agenda, guests, medium, status."""
        # Read for every session at the first keystroke: the labels are looked up, not
        # worked out by the enums' properties (5,000 sessions: a few milliseconds).
        guests = " ".join([f"{guest.name} {guest.role}" for guest in row.guests])
        return " ".join(
            (
                row.client_name,
                row.location,
                row.agenda,
                guests,
                _MEDIUM_LABELS[row.medium],
                _STATUS_LABELS[row.status],
            )
        )


_MEDIUM_LABELS = {medium: medium.label for medium in Medium}
_STATUS_LABELS = {status: status.label for status in SessionStatus}
