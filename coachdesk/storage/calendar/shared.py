"""What the calendar export and import share: ``CalendarError``, the refusal of a file
that cannot be read or imported, and the UID CoachDesk gives a session's event
(``session-<id>@coachdesk.local``), stable so a calendar app updates the event when the
file is imported again, and recognised on import as a session already in CoachDesk."""

from __future__ import annotations

import re

from coachdesk.domain.refusal import Refusal

UID_DOMAIN = "coachdesk.local"
OUR_UID = re.compile(rf"^session-(\d+)@{re.escape(UID_DOMAIN)}$")


class CalendarError(Refusal):
    """A calendar file that cannot be read or imported; ``message`` says why, for the coach."""


def session_uid(session_id: int) -> str:
    """The UID of the event of the session ``session_id``."""
    return f"session-{session_id}@{UID_DOMAIN}"
