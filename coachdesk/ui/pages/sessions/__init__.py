"""The Sessions page (``page``) and what its list shows (``rows``)."""

from coachdesk.ui.pages.sessions.page import SessionsPage
from coachdesk.ui.pages.sessions.rows import SESSION_RANGES

__all__ = ["SESSION_RANGES", "SessionsPage"]
