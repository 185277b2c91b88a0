"""How much notice a client needs, and by when the coach must give it.

A client says it in their own terms: "a day ahead", "two working days", "a week",
"48 hours".  ``parse_notice`` reads such words into a ``Notice`` (a count and a unit);
``Notice.text`` is the one stored and exported form ("2 working days"), which
``parse_notice`` reads back.  An item with no notice of its own uses its checklist
entry's default (``DEFAULT_NOTICE``: a guest 24 hours, a move 48 hours).

Deadlines (``deadline``) are counted back from the session's start:
    * hours: that many real hours before the start (a clock change in between does not
      stretch or shrink them);
    * days and weeks: the same time of day that many calendar days earlier, in the
      place whose days they are (the client's zone when they have one, else the
      coach's), so "a day ahead" of 10:00 is 10:00 the day before across a clock change;
    * working days: that many whole working days (Monday to Friday, 24 hours each) of
      working time before the start; weekends do not count.  A Monday 10:00 session with
      one working day's notice is due by Friday 10:00; a Saturday one by Friday 00:00
      (all of Friday is then ahead of the guest).
A wall-clock time that does not exist (the hour skipped when clocks go forward) is
read as the moment the clocks changed, and an hour that happens twice as its first
time; a session in the second pass of that hour counts its days from the end of the
first.  So a later session never gets an earlier deadline, and a longer notice never a
later one.

``NoticeState``: pending, near (less than ``NEAR`` to go) or overdue (passed).

Clock changes (``clock_change``): the coach and a client abroad see the same session
at different local times; when their two places change their clocks on different dates
between now and the session, the difference between them changes, and the client may
arrive an hour off.  ``clock_change`` names the first such change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from coachdesk.domain.dates import local_or_utc

NEAR = timedelta(hours=24)
MAX_NOTICE_DAYS = 60
"""The longest notice, in any unit (60 days, 60 working days, 8 weeks, 1,440 hours)."""
SCAN_DAYS = 400
"""Clock changes are looked for this far ahead at most (beyond it, a year has passed)."""
ZONE_MAX = 64
NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
"""Files of the zone database that are no place (one is the computer's own zone)."""


class NoticeUnit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working days"
    WEEKS = "weeks"


_SINGULAR = {
    NoticeUnit.HOURS: "hour",
    NoticeUnit.DAYS: "day",
    NoticeUnit.WORKING_DAYS: "working day",
    NoticeUnit.WEEKS: "week",
}
_NOMINAL_HOURS = {
    NoticeUnit.HOURS: 1,
    NoticeUnit.DAYS: 24,
    NoticeUnit.WORKING_DAYS: 24,
    NoticeUnit.WEEKS: 168,
}
_LIMIT = {
    NoticeUnit.HOURS: MAX_NOTICE_DAYS * 24,
    NoticeUnit.DAYS: MAX_NOTICE_DAYS,
    NoticeUnit.WORKING_DAYS: MAX_NOTICE_DAYS,
    NoticeUnit.WEEKS: MAX_NOTICE_DAYS // 7,
}


@dataclass(frozen=True)
class Notice:
    count: int
    unit: NoticeUnit

    @property
    def text(self) -> str:
        """The stored form, and how the app says it: "24 hours", "1 working day"."""
        unit = _SINGULAR[self.unit] if self.count == 1 else self.unit.value
        return f"{self.count} {unit}"

    @property
    def ahead(self) -> str:
        """In a sentence: "a day ahead", "2 working days ahead", "48 hours ahead"."""
        if self.count == 1:
            article = "an" if self.unit is NoticeUnit.HOURS else "a"
            return f"{article} {_SINGULAR[self.unit]} ahead"
        return f"{self.text} ahead"

    @property
    def nominal(self) -> timedelta:
        """Its length in hours as if days were 24 hours and no weekend came between."""
        return timedelta(hours=self.count * _NOMINAL_HOURS[self.unit])


HOURS_24 = Notice(24, NoticeUnit.HOURS)
HOURS_48 = Notice(48, NoticeUnit.HOURS)

# The checklist entries' kinds (``domain.prep``) and the notice each needs by default.
TELL_GUEST = "tell_guest"
CONFIRM_TIME = "confirm_time"
CONFIRM_PLACE = "confirm_place"
ASK_RECORDING = "ask_recording"
CONFIRM_CLOCKS = "confirm_clocks"
DEFAULT_NOTICE: dict[str, Notice] = {
    TELL_GUEST: HOURS_24,
    CONFIRM_TIME: HOURS_48,
    CONFIRM_PLACE: HOURS_24,
    ASK_RECORDING: HOURS_24,
    CONFIRM_CLOCKS: HOURS_48,
}
REMINDER_WORDS: dict[str, str] = {
    TELL_GUEST: "tell them about a guest who will join",
    CONFIRM_TIME: "confirm the new time",
    CONFIRM_PLACE: "confirm how and where you will meet",
    ASK_RECORDING: "ask before recording",
    CONFIRM_CLOCKS: "confirm the time: the clocks change",
}
"""What a reminder says is due, without a name or a word the client said (a notification
can be read by anyone near the screen)."""
PRESETS: tuple[Notice, ...] = (
    Notice(24, NoticeUnit.HOURS),
    Notice(48, NoticeUnit.HOURS),
    Notice(1, NoticeUnit.DAYS),
    Notice(2, NoticeUnit.WORKING_DAYS),
    Notice(1, NoticeUnit.WEEKS),
)
"""What the item dialog offers first; any other words the client used can be typed."""


# --- reading a client's words -----------------------------------------------------------------

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fourteen": 14,
    "a couple of": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
}
_UNITS = {
    "h": NoticeUnit.HOURS,
    "hr": NoticeUnit.HOURS,
    "hrs": NoticeUnit.HOURS,
    "hour": NoticeUnit.HOURS,
    "hours": NoticeUnit.HOURS,
    "d": NoticeUnit.DAYS,
    "day": NoticeUnit.DAYS,
    "days": NoticeUnit.DAYS,
    "wd": NoticeUnit.WORKING_DAYS,
    "w": NoticeUnit.WEEKS,
    "wk": NoticeUnit.WEEKS,
    "wks": NoticeUnit.WEEKS,
    "week": NoticeUnit.WEEKS,
    "weeks": NoticeUnit.WEEKS,
}
_WORKING = ("working", "work", "business")
_FILLER = re.compile(
    r"\b(?:at\s+least|at\s+the\s+latest|ahead(?:\s+of\s+time)?|in\s+advance|beforehand|"
    r"(?:before|prior\s+to)\s+the\s+session|before|of\s+notice|notice|prior)\b"
)


class NoticeError(ValueError):
    """Words that do not say a notice; the message says what would."""


def parse_notice(words: str) -> Notice | None:
    """The notice ``words`` say ("a day ahead", "2 working days", "48h", "a week's notice");
    None for no words (the checklist's default applies).  Raises ``NoticeError``."""
    text = " ".join(words.casefold().replace("’", "'").replace("-", " ").split())
    text = re.sub(r"'s\b|(?<=s)'", "", text)  # "a week's notice", "two days' notice"
    if not text:
        return None
    if text in ("the day before", "a day before", "the previous day"):
        return Notice(1, NoticeUnit.DAYS)
    bare = " ".join(_FILLER.sub(" ", text).split())
    notice = _read(re.sub(r"^(\d+)([a-z]+)$", r"\1 \2", bare))
    if notice is None:
        raise NoticeError(
            f"“{words.strip()}” does not say a notice: write it as hours, days, working days "
            "or weeks (“24 hours”, “a day”, “2 working days”, “a week”)."
        )
    if not 1 <= notice.count <= _LIMIT[notice.unit]:
        raise NoticeError(
            f"A notice is between 1 hour and {MAX_NOTICE_DAYS} days "
            f"({_LIMIT[notice.unit]} {notice.unit.value} at most)."
        )
    return notice


def _read(words: str) -> Notice | None:
    """A count ("2", "two", "a couple of", none: one) then a unit; None if it is not that."""
    count, unit_words = 1, words
    first = words.split(" ", 1)[0]
    if first.isascii() and first.isdigit():  # "²" is a digit int() does not read
        count, unit_words = int(first), words[len(first) :]
    else:
        for number in sorted(_NUMBERS, key=len, reverse=True):
            if words.startswith(number + " "):
                count, unit_words = _NUMBERS[number], words[len(number) :]
                break
    parts = unit_words.split()
    if len(parts) == 2 and parts[0] in _WORKING and parts[1] in ("day", "days"):
        return Notice(count, NoticeUnit.WORKING_DAYS)
    if len(parts) == 1 and parts[0] in _UNITS:
        return Notice(count, _UNITS[parts[0]])
    return None


# --- deadlines --------------------------------------------------------------------------------


def _change_between(zone: tzinfo, low: datetime, high: datetime) -> datetime:
    """The first whole second in (``low``, ``high``] (UTC) at which ``zone``'s offset is no
    longer the one it had at ``low``: a clock change, to the second (they fall on one)."""
    before = low.astimezone(zone).utcoffset()
    first, last = int(low.timestamp()), int(high.timestamp()) + 1
    while last - first > 1:
        middle = (first + last) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == before:
            first = middle
        else:
            last = middle
    return datetime.fromtimestamp(last, UTC)


def localize(wall: datetime, zone: tzinfo) -> datetime:
    """The aware moment a naive wall-clock time ``wall`` names in ``zone``: the first of an
    hour that happens twice, and the moment of the change for one that is skipped."""
    first = wall.replace(tzinfo=zone, fold=0)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # Skipped: the change lies between the two readings.
    readings = (wall.replace(tzinfo=zone, fold=1).astimezone(UTC), first.astimezone(UTC))
    return _change_between(zone, min(readings), max(readings)).astimezone(zone)


def _unturned_wall(moment: datetime, zone: tzinfo) -> datetime:
    """The wall-clock time of ``moment`` in ``zone`` as if clocks never went back: in the
    second pass of an hour that happens twice, the time the first pass ended (so days
    counted back from a later session never end earlier)."""
    local = moment.astimezone(zone)
    wall = local.replace(tzinfo=None)
    if not local.fold:
        return wall
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)  # the same wall, first pass
    change = _change_between(zone, first, moment.astimezone(UTC))
    back = (first.astimezone(zone).utcoffset() or timedelta(0)) - (
        local.utcoffset() or timedelta(0)
    )
    return change.astimezone(zone).replace(tzinfo=None) + back


def _working_back(wall: datetime, days: int) -> datetime:
    """The naive wall time ``days`` whole working days (of 24 hours) of working time before
    ``wall``; Saturdays and Sundays hold none."""
    remaining = timedelta(days=days)
    cursor = wall
    while True:
        day = cursor.date() if cursor.time() != time() else cursor.date() - timedelta(days=1)
        day_start = datetime.combine(day, time())
        if day.weekday() < 5:
            available = cursor - day_start
            if available >= remaining:
                return cursor - remaining
            remaining -= available
        cursor = day_start


def deadline(start: datetime, notice: Notice, zone: tzinfo) -> datetime:
    """By when ``notice`` must be given for a session starting at ``start`` (aware), the
    days counted in ``zone``; in UTC (aware times of one zone compare by their wall clock,
    which an hour that happens twice would put out of order)."""
    if notice.unit is NoticeUnit.HOURS:
        return start.astimezone(UTC) - timedelta(hours=notice.count)
    wall = _unturned_wall(start, zone)
    if notice.unit is NoticeUnit.WORKING_DAYS:
        return localize(_working_back(wall, notice.count), zone).astimezone(UTC)
    days = notice.count * (7 if notice.unit is NoticeUnit.WEEKS else 1)
    return localize(wall - timedelta(days=days), zone).astimezone(UTC)


class NoticeState(StrEnum):
    PENDING = "pending"
    NEAR = "near"
    OVERDUE = "overdue"


def state_at(due: datetime, now: datetime) -> NoticeState:
    if now >= due:
        return NoticeState.OVERDUE
    if due - now <= NEAR:
        return NoticeState.NEAR
    return NoticeState.PENDING


def on_time(given_at: datetime | None, due: datetime) -> bool:
    """Whether a notice given at ``given_at`` (None: never) came by ``due``."""
    return given_at is not None and given_at <= due


def say_moment(moment: datetime, zone: tzinfo | None = None) -> str:
    """ "Mon 30 Nov, 10:00": a moment in ``zone`` (default: the coach's local time)."""
    local = moment.astimezone(zone) if zone is not None else local_or_utc(moment)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


# --- time zones -------------------------------------------------------------------------------


class ZoneError(ValueError):
    """A time zone name the system does not know."""


def zone_named(name: str) -> tzinfo | None:
    """The zone of an IANA name ("America/New_York"); None for no name.  Raises
    ``ZoneError`` for a name this computer does not know."""
    name = name.strip()
    if not name:
        return None
    if (
        len(name) > ZONE_MAX
        or name.startswith(("/", "."))
        or ".." in name
        or name in NOT_PLACES
        or name.startswith(("posix/", "right/"))
    ):
        raise ZoneError(f"“{name[:ZONE_MAX]}” is not a time zone this computer knows.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ZoneError(
            f"“{name}” is not a time zone this computer knows: use a name such as "
            "“Europe/London” or “America/New_York”."
        ) from None


def zone_names() -> list[str]:
    """Every IANA zone name this computer knows, sorted, the deprecated aliases left out."""
    names = sorted(
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix", "right"))
    )
    return [*names, "UTC"]


def shift_differs(start: datetime, zone: tzinfo, other: tzinfo) -> bool:
    """Whether ``start`` reads as another wall-clock time in ``zone`` than in ``other``."""
    return start.astimezone(zone).replace(tzinfo=None) != start.astimezone(other).replace(
        tzinfo=None
    )


@dataclass(frozen=True)
class ClockChange:
    """The first clock change between now and a session that changes the difference between
    the coach's and the client's time; ``whose``: "client" or "coach"."""

    whose: str
    on: date


@lru_cache(maxsize=512)
def _changes_in(zone: tzinfo, year: int) -> tuple[datetime, ...]:
    """The moments (UTC) of ``year`` when ``zone``'s offset changes, to the second; read a
    day at a time once per zone and year (every checklist asks again)."""
    found: list[datetime] = []
    cursor = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while cursor < end:
        following = min(cursor + timedelta(days=1), end)
        if following.astimezone(zone).utcoffset() != cursor.astimezone(zone).utcoffset():
            found.append(_change_between(zone, cursor, following))
        cursor = following
    return tuple(found)


def _changes(zone: tzinfo, low: datetime, high: datetime) -> list[datetime]:
    """The moments (UTC) in (``low``, ``high``] when ``zone``'s offset changes."""
    return [
        moment
        for year in range(low.year, high.year + 1)
        for moment in _changes_in(zone, year)
        if low < moment <= high
    ]


def clock_change(
    now: datetime, start: datetime, coach_zone: tzinfo, client_zone: tzinfo | None
) -> ClockChange | None:
    """The first clock change of either place between ``now`` and ``start`` after which the
    two places are another number of hours apart; None when there is none (or no zone)."""
    if client_zone is None or start <= now:
        return None
    low = now.astimezone(UTC)
    high = min(start.astimezone(UTC), low + timedelta(days=SCAN_DAYS))

    def apart(moment: datetime) -> timedelta | None:
        client = moment.astimezone(client_zone).utcoffset()
        coach = moment.astimezone(coach_zone).utcoffset()
        return None if client is None or coach is None else client - coach

    before = apart(low)
    moments = [(m, "client", client_zone) for m in _changes(client_zone, low, high)]
    moments += [(m, "coach", coach_zone) for m in _changes(coach_zone, low, high)]
    # Two places changing on the same day (New York and Chicago, an hour apart) are
    # the same distance apart once the day is over, or at the session if it comes first.
    for moment, whose, zone in sorted(moments, key=lambda entry: (entry[0], entry[1])):
        if apart(min(moment + timedelta(days=1), high)) != before:
            return ClockChange(whose, moment.astimezone(zone).date())
    return None
