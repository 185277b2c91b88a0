"""The after-session review dialog (``dialog``) and its answer rows (``answers``)."""

from coachdesk.ui.dialogs.review.dialog import ReviewDialog, offer_review

__all__ = ["ReviewDialog", "offer_review"]
