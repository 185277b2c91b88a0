"""Reading a calendar file (.ics) with bounds, whatever the file holds.

``read_file`` gives a file's events (``RawEvent``: only the properties the import uses,
not alarms, not repetition rules, not the thousands of X- properties a hostile file may
repeat) and its time zones (``CalendarFile``).  The file must be UTF-8 text (a BOM is
allowed), at most ``MAX_BYTES`` bytes and ``MAX_EVENTS`` events, nested at most
``MAX_DEPTH`` components deep; it is read within ``MAX_LINES`` lines and, with a
``Budget``, ``READ_SECONDS`` in all.  Anything else is refused with a ``CalendarError``
naming the problem.  An event with more than ``MAX_EVENT_LINES`` used lines, or a line
over ``MAX_LINE_CHARS``, is kept with its ``problem`` (it is then left out).
"""

from __future__ import annotations

import io
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from coachdesk.domain.file_kinds import HEAD_BYTES, Door, kind_of, wrong_door
from coachdesk.domain.practice import TEXT_MAX
from coachdesk.storage.calendar.shared import CalendarError

MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 1_000_000
MAX_EVENTS = 20_000
MAX_EVENT_LINES = 500
MAX_LINE_CHARS = 5 * TEXT_MAX
MAX_DEPTH = 8
READ_SECONDS = 3.0  # the most one file may take to read, however it is made


def _utf16(raw: bytes) -> str | None:
    """The codec of UTF-16 text (by its byte-order mark, or by the zero bytes of a text
    in Latin letters), None for anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:200]
    if len(head) >= 20 and head[1::2].count(0) > len(head) // 2 * 0.9 and head[0]:
        return "utf-16-le"
    if len(head) >= 20 and head[0::2].count(0) > len(head) // 2 * 0.9 and head[1]:
        return "utf-16-be"
    return None


def _decoded(raw: bytes, name: str) -> str:
    """The text of a calendar file: UTF-8 (with or without a BOM), or UTF-16 as some
    Windows programs write it."""
    utf16 = _utf16(raw)
    if utf16 is not None:
        try:
            text = raw.decode(utf16).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise CalendarError(f"{name} is not readable UTF-16 text.") from exc
        if "\x00" in text:
            raise CalendarError(f"{name} is not a calendar file: it holds binary data.")
        return text
    if b"\x00" in raw:
        raise CalendarError(
            f"{name} is not a calendar file: it holds binary data (byte {raw.index(0) + 1})."
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CalendarError(
            f"{name} is not UTF-8 text (line {line}); calendar files are UTF-8 or UTF-16. "
            "Export it again from the calendar app."
        ) from exc


def _read_text(path: Path) -> str:
    name = Path(path).name
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise CalendarError(
                f"{name} is too large for a calendar file ({size / 1_000_000:.1f} MB; "
                f"at most {MAX_BYTES // 1_000_000} MB are read)."
            )
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CalendarError(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    if len(raw) > MAX_BYTES:
        raise CalendarError(f"{name} is too large for a calendar file.")
    said = wrong_door(kind_of(raw[:HEAD_BYTES]), Door.CALENDAR, name)
    if said is not None:
        raise CalendarError(said + ".")
    text = _decoded(raw, name)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise CalendarError(
            f"{name} is not an iCalendar (.ics) file: it should begin with BEGIN:VCALENDAR."
        )
    depth = deepest = 0
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        word = line[:6].upper()
        if word.startswith("BEGIN:"):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                raise CalendarError(
                    f"{name}, line {number}: components are nested too deeply "
                    f"(more than {MAX_DEPTH})."
                )
        elif word.startswith("END:"):
            depth -= 1
    return text


@dataclass
class RawEvent:
    """One VEVENT as read from the file: its line, what properties it has and the ones
    the import uses, as (name, parameters, value)."""

    line: int
    names: set[str] = field(default_factory=set)
    kept: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    problem: str = ""


@dataclass
class CalendarFile:
    events: list[RawEvent]
    zones: dict[str, list[tuple[str, str]]]  # TZID -> the VTIMEZONE's (name, value) lines
    zone_texts: dict[str, str]


_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")
_KEPT = {
    "UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "STATUS", "LOCATION", "DESCRIPTION",
    "ATTENDEE", "URL", "CONFERENCE", "X-GOOGLE-CONFERENCE",
}  # fmt: skip


class Budget:
    """The time one file may take to read: past it, ``CalendarError``."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise CalendarError(
                f"{self.name} takes too long to read (more than {self.seconds:g} seconds); "
                "nothing was imported. Export a shorter period from the calendar app."
            )


def _parts(line: str) -> tuple[str, dict[str, str], str]:
    from icalendar.parser import Contentline

    if len(line) > MAX_LINE_CHARS:
        raise ValueError("the line is too long")
    head, colon, value = line.partition(":")
    if colon and ";" not in head and '"' not in head and "\\" not in value:  # most lines
        return head.upper(), {}, value
    name, params, value = Contentline(line).parts()
    return name.upper(), {key.upper(): str(item) for key, item in params.items()}, value


def _split(text: str, name: str, budget: Budget) -> CalendarFile:
    """The file's events and time zones, read line by line within ``budget`` and the
    caps: at most ``MAX_LINES`` lines, ``MAX_EVENTS`` events, ``MAX_DEPTH`` levels deep,
    ``MAX_EVENT_LINES`` used lines per event (more: that event is left out)."""
    unfolded = re.sub(r"\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    found = CalendarFile([], {}, {})
    stack: list[str] = []
    event: RawEvent | None = None
    zone: list[str] | None = None
    count = 0
    for number, ending in enumerate(io.StringIO(unfolded), start=1):
        line = ending.rstrip("\n")
        if not line.strip():
            continue
        count += 1
        if count % 1000 == 0:
            budget.check()
        if count > MAX_LINES:
            raise CalendarError(f"{name} has more than {MAX_LINES:,} lines; it is not read.")
        if not _LINE.match(line):
            raise CalendarError(
                f"{name} is not a readable calendar: line {number} is not a calendar line."
            )
        word, _sep, rest = line.partition(":")
        word = word.upper()
        if word in ("BEGIN", "END"):
            component = rest.strip().upper()
            if word == "BEGIN":
                if not stack and component != "VCALENDAR":
                    raise CalendarError(
                        f"{name} is not a readable calendar: line {number} is outside it."
                    )
                stack.append(component)
                if len(stack) > MAX_DEPTH:
                    raise CalendarError(
                        f"{name}, line {number}: components are nested too deeply "
                        f"(more than {MAX_DEPTH})."
                    )
                if len(stack) == 2 and component == "VEVENT":
                    event = RawEvent(number)
                    found.events.append(event)
                    if len(found.events) > MAX_EVENTS:
                        raise CalendarError(
                            f"{name} holds more than {MAX_EVENTS:,} events; "
                            f"at most {MAX_EVENTS:,} are read."
                        )
                elif len(stack) == 2 and component == "VTIMEZONE":
                    zone = []
            elif not stack or stack[-1] != component:
                raise CalendarError(
                    f"{name} is not a readable calendar: line {number} ends a "
                    f"{component or 'nameless'} component that was not begun."
                )
            else:
                stack.pop()
                if len(stack) == 1:
                    event = None
                    if zone is not None and component == "VTIMEZONE":
                        _keep_zone(found, [*zone, line])
                    zone = None
            if zone is not None:
                zone.append(line)
            continue
        if not stack:
            raise CalendarError(f"{name} is not a readable calendar: line {number} is outside it.")
        if zone is not None:
            zone.append(line)
        elif event is not None and len(stack) == 2:
            _keep_property(event, line, word.partition(";")[0])
    if stack:
        raise CalendarError(f"{name} is not a readable calendar: it ends inside {stack[-1]}.")
    return found


def _keep_property(event: RawEvent, line: str, word: str) -> None:
    event.names.add(word)
    if word not in _KEPT or event.problem:
        return
    if len(event.kept) >= MAX_EVENT_LINES:
        event.problem = f"it has too many properties (more than {MAX_EVENT_LINES})"
        return
    if len(line) > MAX_LINE_CHARS:
        event.problem = f"its {word} is too long (more than {MAX_LINE_CHARS:,} characters)"
        return
    try:
        event.kept.append(_parts(line))
    except ValueError:
        if word == "DTSTART":
            event.problem = "its start time cannot be read"


def _keep_zone(found: CalendarFile, lines: list[str]) -> None:
    """A VTIMEZONE of the file, by its TZID; a zone whose lines cannot be read is kept
    with no rules (its events are then left out)."""
    tzid = ""
    rules: list[tuple[str, str]] = []
    for line in lines[1:-1]:
        try:
            word, _params, value = _parts(line)
        except ValueError:
            rules = []
            break
        if word == "TZID":
            tzid = value
        rules.append((word, value))
    if tzid and tzid not in found.zones:
        found.zones[tzid] = rules
        found.zone_texts[tzid] = "\r\n".join(lines) + "\r\n"


def read_file(path: Path, budget: Budget) -> CalendarFile:
    """The events and time zones of the file at ``path``, read within ``budget`` and the caps."""
    return _split(_read_text(path), Path(path).name, budget)
