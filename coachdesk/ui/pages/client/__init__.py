"""The page for one client (``ClientPage``): their essentials in a header, and tabs for
sessions, what matters to them, breaches and repairs, promises, a timeline and feedback."""

from coachdesk.ui.pages.client.page import ClientPage

__all__ = ["ClientPage"]
