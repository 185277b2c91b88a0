"""The prep panel (``panel``), the column it shows (``column``) and its window with the
prep sheet's printing (``dialog``)."""

from coachdesk.ui.dialogs.prep.column import TOP_ITEMS
from coachdesk.ui.dialogs.prep.dialog import PrepDialog
from coachdesk.ui.dialogs.prep.panel import PrepPanel

__all__ = ["TOP_ITEMS", "PrepDialog", "PrepPanel"]
