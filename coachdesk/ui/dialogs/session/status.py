"""Asking before a session's status changes where a slip would hurt: cancelling it, and
marking held (or a no-show) a session that has not started yet."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QWidget

from coachdesk.display.timefmt import format_when
from coachdesk.display.translate import translator
from coachdesk.domain.vocab import SessionStatus
from coachdesk.ui.common.messages import confirm

_tr = translator("session status")


def confirm_status(
    parent: QWidget | None,
    status: SessionStatus,
    client_name: str,
    start: datetime,
    now: datetime | None = None,
) -> bool:
    """Whether to go on setting ``status`` on the session with ``client_name`` at
    ``start``: asked for a cancellation, and for held or no-show before the start."""
    when = format_when(start)
    if status is SessionStatus.CANCELLED:
        return confirm(
            parent,
            _tr("Cancel session"),
            _tr("Cancel the session with {name} on {when}?").format(name=client_name, when=when),
            _tr("Cancel session"),
        )
    if status in (SessionStatus.HELD, SessionStatus.NO_SHOW) and start > (now or datetime.now(UTC)):
        label = _tr("Mark held") if status is SessionStatus.HELD else _tr("Mark a no-show")
        return confirm(
            parent,
            _tr("The session has not started yet"),
            _tr("The session with {name} is on {when}, still to come. {action} already?").format(
                name=client_name, when=when, action=label
            ),
            label,
        )
    return True
