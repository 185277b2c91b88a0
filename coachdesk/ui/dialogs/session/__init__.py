"""The session dialog (``dialog``) with its guests editor (``guests``) and start (``start``)."""

from coachdesk.ui.dialogs.session.dialog import SessionDialog
from coachdesk.ui.dialogs.session.guests import GUEST_BROUGHT_BY, GUEST_INFORMED, GUEST_NAME

__all__ = ["GUEST_BROUGHT_BY", "GUEST_INFORMED", "GUEST_NAME", "SessionDialog"]
