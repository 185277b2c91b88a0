"""The coach's own time zone, with its rules (not only today's offset).

Deadlines in days and the clock-change courtesy need the zone's rules, which
an aware ``datetime`` of local time does not carry (only a fixed offset).  The zone is read
from ``TZ`` when it names one, else from ``/etc/localtime`` (by the name it links to, or
its rules read from the file); on Windows from the registry's zone key, by the Windows
to IANA map icalendar carries (the rules from the ``tzdata`` package); where none of them
is there (a ``TZ`` of POSIX rules), today's fixed offset.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")
WINDOWS = sys.platform == "win32"
WINDOWS_ZONE_KEY = r"SYSTEM\CurrentControlSet\Control\TimeZoneInformation"


def local_zone() -> tzinfo:
    """This computer's zone, read afresh each time (the tests and a traveller change it)."""
    name = os.environ.get("TZ", "").lstrip(":").strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            return _fixed()
    if WINDOWS:
        return _windows_zone() or _fixed()
    try:
        target = str(LOCALTIME.resolve())
        if "/zoneinfo/" in target:
            return ZoneInfo(target.split("/zoneinfo/", 1)[1])
        with LOCALTIME.open("rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return _fixed()


def _windows_zone() -> tzinfo | None:
    """The zone Windows is set to ("W. Europe Standard Time" read as Europe/Berlin)."""
    try:
        import winreg

        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, WINDOWS_ZONE_KEY) as key:
            name, _kind = winreg.QueryValueEx(key, "TimeZoneKeyName")
        return ZoneInfo(WINDOWS_TO_OLSON[str(name).strip("\x00 ")])
    except (ImportError, OSError, KeyError, ValueError, ZoneInfoNotFoundError):
        return None


def _fixed() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def local_zone_name() -> str:
    """The IANA name of this computer's zone, or "" when it has none."""
    zone = local_zone()
    key = getattr(zone, "key", "")
    return key if key and key != "localtime" else ""
