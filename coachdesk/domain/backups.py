"""Which routine backups to keep, and how overdue the next one is.

Rotation (the same shape as Anki's): every backup taken today is kept; then,
going back in time, the newest backup of each of the 12 most recent earlier
days, then the newest of each of 10 earlier weeks, then the newest of each of
12 earlier months.  Everything older is let go.  Only routine backups are
rotated: the copies taken before a migration or a restore are never chosen
here (the storage layer does not pass them in).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

DAILY = 12
WEEKLY = 10
MONTHLY = 12
AUTOMATIC_INTERVAL = timedelta(minutes=30)
OVERDUE_AFTER = timedelta(days=7)


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
