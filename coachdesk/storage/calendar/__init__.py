"""Calendar files (.ics, RFC 5545): export upcoming sessions, import planned ones.

This package's face: its public names, from where they live.

- ``export``: ``export_ics`` writes the planned sessions of the next days, one event each
  (private notes are never written), readable by the owner only.
- ``reading``: a file read with bounds whatever it holds (size, lines, events, depth,
  time), refused with a ``CalendarError`` when it is past them or not a calendar.
- ``events``: what one event says (start, length, place), or why it is left out.
- ``zones``: the time zones of a file's events, resolved without trusting the file.
- ``importing``: ``import_ics_preview`` says which sessions an import would create and
  which events it leaves out and why; ``import_ics`` creates them in one transaction, or
  none; ``describe_preview`` says a preview as text.
- ``shared``: ``CalendarError`` and the UIDs of our sessions' events.

Reading and writing the format is left to the ``icalendar`` library; the rules (what an
event says about a session, which client an event is for) are in
``coachdesk.domain.calendar``.
"""

from coachdesk.storage.calendar.export import (
    DEFAULT_DAYS,
    ExportResult,
    calendar_bytes,
    export_ics,
)
from coachdesk.storage.calendar.importing import (
    ImportResult,
    NewSession,
    NotImported,
    Preview,
    describe_preview,
    import_ics,
    import_ics_preview,
)
from coachdesk.storage.calendar.shared import CalendarError, session_uid

__all__ = [
    "DEFAULT_DAYS",
    "CalendarError",
    "ExportResult",
    "ImportResult",
    "NewSession",
    "NotImported",
    "Preview",
    "calendar_bytes",
    "describe_preview",
    "export_ics",
    "import_ics",
    "import_ics_preview",
    "session_uid",
]
