"""Which routine backups to keep, and how overdue the next one is.

Rotation (the same shape as Anki's): every backup taken today is kept; then,
going back in time, the newest backup of each of the 12 most recent earlier
days, then the newest of each of 10 earlier weeks, then the newest of each of
12 earlier months.  Everything older is let go (``backups_to_keep``).

The safety copies taken before a migration or a restore are thinned by a rule of
their own (``safety_copies_to_keep``): of each kind, the newest three are kept, and
every one from the last 30 days.  So a copy is let go once it is over 30 days old
and three newer ones of its kind exist; a burst of copies (a migration tried again
and again) goes 30 days later, and a copy is never the last of its kind.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

DAILY = 12
WEEKLY = 10
MONTHLY = 12
AUTOMATIC_INTERVAL = timedelta(minutes=30)
OVERDUE_AFTER = timedelta(days=7)
SAFETY_NEWEST = 3  # safety copies of each kind always kept
SAFETY_DAYS = 30  # and every one younger than this


@dataclass(frozen=True)
class Limits:
    daily: int = DAILY
    weekly: int = WEEKLY
    monthly: int = MONTHLY


def backups_to_keep(
    taken: Iterable[datetime], today: date, limits: Limits = Limits()
) -> set[datetime]:
    """The times (of ``taken``) whose backups rotation keeps; ``today`` in the coach's zone,
    and each time in the same zone."""
    kept: set[datetime] = set()
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    daily, weekly, monthly = limits.daily, limits.weekly, limits.monthly
    for when in sorted(taken, reverse=True):
        day = when.date()
        iso = day.isocalendar()
        week, month = (iso.year, iso.week), (day.year, day.month)
        if day >= today:
            pass
        elif day in days:
            continue  # an older backup of a day already kept
        elif daily > 0:
            daily -= 1
        elif week not in weeks and weekly > 0:
            weekly -= 1
        elif month not in months and monthly > 0:
            monthly -= 1
        else:
            continue
        kept.add(when)
        days.add(day)
        weeks.add(week)
        months.add(month)
    return kept


def safety_copies_to_keep(copies: Iterable[tuple[K, str, datetime]], now: datetime) -> set[K]:
    """The keys of the safety copies kept, of ``copies`` given as (key, kind, taken at):
    the ``SAFETY_NEWEST`` newest of each kind, and every one taken less than
    ``SAFETY_DAYS`` days before ``now`` (times comparable with ``now``)."""
    by_kind: dict[str, list[tuple[datetime, K]]] = {}
    for key, kind, taken in copies:
        by_kind.setdefault(kind, []).append((taken, key))
    cutoff = now - timedelta(days=SAFETY_DAYS)
    kept: set[K] = set()
    for found in by_kind.values():
        newest_first = sorted(found, key=lambda pair: pair[0], reverse=True)
        for rank, (taken, key) in enumerate(newest_first):
            if rank < SAFETY_NEWEST or taken > cutoff:
                kept.add(key)
    return kept


def automatic_backup_due(
    changed_since_last: bool, last_backup: datetime | None, now: datetime
) -> bool:
    """An automatic backup is due when something changed and the last one is 30 minutes old."""
    if not changed_since_last:
        return False
    return last_backup is None or now - last_backup >= AUTOMATIC_INTERVAL


def backup_overdue(last_backup: datetime | None, now: datetime) -> bool:
    """No backup at all, or none for 7 days: the status bar turns to a warning."""
    return last_backup is None or now - last_backup > OVERDUE_AFTER
