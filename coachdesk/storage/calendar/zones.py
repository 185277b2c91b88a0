"""Time zones of a calendar file, resolved without trusting the file.

A TZID is looked up by name first, in the system's zone database (``zoneinfo``):
an IANA name ("Europe/Berlin"), a Windows zone ID ("W. Europe Standard Time", by
icalendar's Windows-to-IANA map) or a "globally unique" ID ending in an IANA name
("/freeassociation.sourceforge.net/Europe/Berlin").  Only a name the system does not
know is read from the file's own VTIMEZONE, and only when its rules are sane: every
part starts between ``FIRST_RULE_YEAR`` and ``LAST_YEAR``, repeats at most yearly
with the parts real zones use (``_RULE_PARTS``), and the zone has at most
``MAX_PARTS`` parts and ``MAX_RDATES`` listed transitions.  Anything else would make
reading one time walk every minute since 1600 (a 500-byte file can do that), so such
a zone is "not usable" and its events are left out, never read in the computer's zone.
``FileZones`` resolves the zones of one file's events, each once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import tzinfo
from io import StringIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coachdesk.domain.dates import LAST_YEAR
from coachdesk.storage.calendar.reading import CalendarFile

FIRST_RULE_YEAR = 1600  # Outlook writes its zones' rules from 1601
MAX_PARTS = 500
MAX_RDATES = 2000
MAX_LINES = 5000
_RULE_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYDAY", "BYMONTHDAY", "WKST"}
_LISTED = {"BYMONTH": 12, "BYDAY": 7, "BYMONTHDAY": 7}
_IANA = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$")


class ZoneProblem(ValueError):
    """Why an event's time zone cannot be used; ``reason`` is said in the preview."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def unknown(tzid: str) -> ZoneProblem:
    return ZoneProblem(f"its time zone '{tzid}' is unknown")


def unusable(tzid: str) -> ZoneProblem:
    return ZoneProblem(f"its time zone '{tzid}' has rules that are not usable")


def system_zone(tzid: str) -> tzinfo | None:
    """The system's zone for ``tzid`` (an IANA name, a Windows zone ID or a globally
    unique ID ending in an IANA name), or None."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    cleaned = tzid.strip().strip("/")
    names = [cleaned, WINDOWS_TO_OLSON.get(cleaned, "")]
    if tzid.strip().startswith("/"):
        parts = cleaned.split("/")
        names += ["/".join(parts[start:]) for start in range(1, len(parts))]
    for name in names:
        if not name or not _IANA.match(name):
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return None


def _year(value: str) -> int | None:
    digits = value.strip()[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else None


def _rule_is_sane(value: str) -> bool:
    parts: dict[str, str] = {}
    for item in value.split(";"):
        key, _sep, setting = item.partition("=")
        parts[key.strip().upper()] = setting.strip()
    if parts.get("FREQ", "").upper() != "YEARLY" or not set(parts) <= _RULE_PARTS:
        return False
    if not parts.get("INTERVAL", "1").isdigit() or int(parts.get("INTERVAL", "1")) < 1:
        return False
    if "UNTIL" in parts and _year(parts["UNTIL"]) is None:
        return False
    return all(len(parts[key].split(",")) <= most for key, most in _LISTED.items() if key in parts)


def sane_rules(lines: Iterable[tuple[str, str]]) -> bool:
    """Whether a VTIMEZONE's (name, value) content lines, its parts' included, are rules
    that cost little to use (see the module's description)."""
    parts = rdates = 0
    for count, (name, value) in enumerate(lines, start=1):
        if count > MAX_LINES:
            return False
        if name == "BEGIN":
            parts += 1
            if value.upper() not in ("STANDARD", "DAYLIGHT") or parts > MAX_PARTS:
                return False
        elif name == "DTSTART":
            year = _year(value)
            if year is None or not FIRST_RULE_YEAR <= year <= LAST_YEAR:
                return False
        elif name == "RRULE" and not _rule_is_sane(value):
            return False
        elif name == "RDATE":
            rdates += value.count(",") + 1
            if rdates > MAX_RDATES or any(
                _year(item) is None or not FIRST_RULE_YEAR <= (_year(item) or 0) <= LAST_YEAR
                for item in value.split(",")
            ):
                return False
        elif name in ("EXRULE", "EXDATE"):
            return False
    return parts > 0


def file_zone(tzid: str, text: str) -> tzinfo:
    """The zone a VTIMEZONE's text (already found sane) describes; ``ZoneProblem`` when
    the rules cannot be read."""
    from dateutil.tz import tzical

    try:
        zone = tzical(StringIO(text)).get()
    except Exception as exc:  # dateutil raises several types for rules it cannot read
        raise unusable(tzid) from exc
    assert zone is not None
    return zone


class FileZones:
    """The zones of one file's events, each resolved once (see the module's description)."""

    def __init__(self, found: CalendarFile) -> None:
        self.file = found
        self.resolved: dict[str, tzinfo | ZoneProblem] = {}

    def zone(self, tzid: str) -> tzinfo:
        if tzid not in self.resolved:
            self.resolved[tzid] = self._resolve(tzid)
        resolved = self.resolved[tzid]
        if isinstance(resolved, ZoneProblem):
            raise resolved
        return resolved

    def _resolve(self, tzid: str) -> tzinfo | ZoneProblem:
        zone = system_zone(tzid)
        if zone is not None:
            return zone
        rules = self.file.zones.get(tzid)
        if rules is None:
            return unknown(tzid)
        if not sane_rules(rules):
            return unusable(tzid)
        try:
            return file_zone(tzid, self.file.zone_texts[tzid])
        except ZoneProblem as problem:
            return problem
