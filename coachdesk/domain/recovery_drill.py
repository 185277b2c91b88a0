"""The recovery drill: from time to time the coach proves the recovery sheet still opens
the practice, by opening the newest backup with it.  A sheet never tried is the one that
fails on the day it is needed."""

from __future__ import annotations

from datetime import datetime, timedelta

DRILL_EVERY = timedelta(days=30)


def drill_due(
    last_proven: datetime | None,
    recovery_made: datetime,
    now: datetime,
    every: timedelta = DRILL_EVERY,
) -> bool:
    """Whether to ask for the drill now: ``every`` after the sheet was last proven, or after
    it was made when it never was (a new sheet is proven by its own drill, not an old one's)."""
    since = max(last_proven, recovery_made) if last_proven is not None else recovery_made
    return now - since >= every
