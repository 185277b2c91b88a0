"""A session's time as a client in another time zone reads it.

The coach sees every session in their own time.  A client with a zone of their own
(``ClientData.time_zone``) reads the same moment on another clock; where the two wall
clocks say something different, the app shows the client's time beside the coach's
("Tue 1 Dec, 10:00 (16:00 for Dan)").  ``their_time`` decides whether it differs and
what the client's clock says; the words and the locale's clock are the display layer's
(``display.timefmt.format_their_time``).

A zone whose offset is the coach's at that moment (London in winter for a coach in
Lisbon) reads the same: nothing is added.  An unknown zone name (a file from another
computer) is treated as none: the session still shows, in the coach's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.notice import ZoneError, shift_differs, zone_named


@dataclass(frozen=True)
class TheirTime:
    """What the client's clock says at a moment the coach's says something else."""

    wall: datetime
    """The client's wall-clock reading (naive)."""
    zone_name: str
    place: str
    """The zone's place, as a coach says it: "New York", "Buenos Aires", "UTC"."""
    days_after: int
    """The client's date minus the coach's: 1 when it is already tomorrow for them."""

    @property
    def other_day(self) -> bool:
        return self.days_after != 0


def place_name(zone_name: str) -> str:
    """The place an IANA name stands for: "America/New_York" -> "New York",
    "America/Argentina/Buenos_Aires" -> "Buenos Aires", "UTC" -> "UTC"."""
    return zone_name.strip().rsplit("/", 1)[-1].replace("_", " ")


def _coach_reading(start: datetime, coach_zone: tzinfo | None) -> datetime:
    return start.astimezone(coach_zone) if coach_zone is not None else local_or_utc(start)


def their_time(
    start: datetime, zone_name: str, coach_zone: tzinfo | None = None
) -> TheirTime | None:
    """How a client in ``zone_name`` reads ``start`` (aware), when their wall clock says
    other than the coach's (``coach_zone``; None: this computer's local time, as the
    screens show it); None when they have no zone, an unknown one, or the same reading."""
    if not zone_name.strip():
        return None
    try:
        zone = zone_named(zone_name)
    except ZoneError:
        return None
    if zone is None:
        return None
    try:
        coach = _coach_reading(start, coach_zone)
        coach_tz = coach.tzinfo
        assert coach_tz is not None
        if not shift_differs(start, zone, coach_tz):
            return None
        wall = start.astimezone(zone).replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):  # a stored extreme date (year 1, 9999)
        return None
    return TheirTime(
        wall=wall,
        zone_name=zone_name.strip(),
        place=place_name(zone_name),
        days_after=(wall.date() - coach.date()).days,
    )


def hours_apart(moment: datetime, zone: tzinfo, coach_zone: tzinfo | None = None) -> timedelta:
    """How far ``zone``'s clock is ahead of the coach's at ``moment`` (negative: behind)."""
    theirs = moment.astimezone(zone).utcoffset()
    ours = _coach_reading(moment, coach_zone).utcoffset()
    assert theirs is not None and ours is not None
    return theirs - ours
