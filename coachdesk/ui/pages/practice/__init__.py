"""The practice page (``page``): its period bar, figures tree, records tables and words."""

from coachdesk.ui.pages.practice.page import PracticePage
from coachdesk.ui.pages.practice.tree import FIGURE_ROLE

__all__ = ["FIGURE_ROLE", "PracticePage"]
