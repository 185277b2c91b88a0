"""The coach's own time zone, with its rules (not only today's offset).

Deadlines in days and the clock-change courtesy need the zone's rules, which
an aware ``datetime`` of local time does not carry (only a fixed offset).  The zone is read
from ``TZ`` when it names one, else from ``/etc/localtime`` (by the name it links to, or
its rules read from the file); where neither is there (Windows, or a ``TZ`` of POSIX
rules), today's fixed offset.
"""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")


def local_zone() -> tzinfo:
    """This computer's zone, read afresh each time (the tests and a traveller change it)."""
    name = os.environ.get("TZ", "").lstrip(":").strip()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            return _fixed()
    try:
        target = str(LOCALTIME.resolve())
        if "/zoneinfo/" in target:
            return ZoneInfo(target.split("/zoneinfo/", 1)[1])
        with LOCALTIME.open("rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return _fixed()


def _fixed() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def local_zone_name() -> str:
    """The IANA name of this computer's zone, or "" when it has none."""
    zone = local_zone()
    key = getattr(zone, "key", "")
    return key if key and key != "localtime" else ""
