"""What the prep panel's tests share: the demo practice's moment, Dan's session with a
guest he has not been told about, and the panel's visible texts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QLabel, QWidget

from coachdesk.domain.vocab import SessionStatus
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import list_sessions

DEMO_TODAY = date(2026, 11, 26)  # a Thursday
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
TELL_DAN = "Tell Dan ahead of time that Maria Lopez will join"
DANS_WORDS = "“Let me know ahead of time if someone else will join”"


def clock() -> datetime:
    return NOW


def dans_guest_session(db: Database) -> int:
    for session in list_sessions(db, client_id=1):
        if session.status is SessionStatus.PLANNED and any(
            guest.name == "Maria Lopez" for guest in session.guests
        ):
            return session.id
    raise AssertionError("the demo has no upcoming session of Dan's with Maria Lopez")


def texts(widget: QWidget, name: str | None = None) -> list[str]:
    """The visible labels' texts under ``widget`` (only those named ``name``), in order."""
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if (name is None or label.objectName() == name) and label.isVisibleTo(widget)
    ]
