"""The Today page (``page``) with its sections (``section``) and week of sessions (``sessions``)."""

from coachdesk.ui.pages.today.page import TodayPage
from coachdesk.ui.pages.today.sessions import FIRST_BATCH

__all__ = ["FIRST_BATCH", "TodayPage"]
