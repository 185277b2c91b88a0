"""Hostile calendar files: each is previewed in a child process under a time bound, an
address-space cap and a far-east time zone, and gives a clean preview or a clear
``CalendarError``, never a traceback, a hang or a time read in the computer's zone.

tests/data/hostile-ics/ holds small hand-written files (a VTIMEZONE repeating every
minute since 1600, RDATE floods, huge COUNTs, years 1 and 9999, deep nesting, thousands
of repeated properties, unknown and empty TZIDs, binary junk, UTF-16); the largest
case (a million lines) is written here, in the test's folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent.parent / "data" / "hostile-ics"
SECONDS = 15.0  # per file: a hang bound (the reader stops at READ_SECONDS), loose for CI
PEAK_MB = 400

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path

resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def peak_mb():
    # VmHWM is this program's own peak; ru_maxrss also counts the parent it was forked
    # from (the test run), which Linux carries across exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


from coachdesk.domain.clients import ClientData
from coachdesk.storage.calendar import CalendarError, describe_preview, import_ics_preview
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database

folder = Path(tempfile.mkdtemp())
db = open_database(folder / "coachdesk.db", folder / "backups")
create_client(db, ClientData(name="Dan Okafor"))
for name in sys.argv[1:]:
    print(json.dumps({"started": Path(name).name}), flush=True)
    began = time.monotonic()
    try:
        preview = import_ics_preview(db, Path(name))
        describe_preview(preview)
        outcome = {
            "created": [new.start.isoformat() for new in preview.to_create],
            "left": [item.reason for item in preview.unmatched],
        }
    except CalendarError as exc:
        outcome = {"refused": exc.message}
    outcome["file"] = Path(name).name
    outcome["seconds"] = time.monotonic() - began
    outcome["peak_mb"] = peak_mb()
    print(json.dumps(outcome), flush=True)
"""

NOT_USABLE = "has rules that are not usable"
EXPECTED: dict[str, tuple[str, str | tuple[str, ...]]] = {
    # file: ("refused" | "left" | "created", a fragment of the message, or the UTC start;
    # for a refusal, a tuple: any one of the fragments)
    "minutely-vtimezone.ics": ("left", f"'Coach/Minutely' {NOT_USABLE}"),
    "rdate-flood-vtimezone.ics": ("left", f"'Coach/Rdates' {NOT_USABLE}"),
    "huge-count-rrule.ics": ("left", f"'Coach/Count' {NOT_USABLE}"),
    "vtimezone-year-1.ics": ("left", f"'Coach/Ancient' {NOT_USABLE}"),
    "tzid-without-vtimezone-rules.ics": ("left", f"'Coach/Empty' {NOT_USABLE}"),
    "unknown-tzid.ics": ("left", "its time zone 'Mars/Olympus_Mons' is unknown"),
    "empty-tzid.ics": ("left", "its time zone is not named"),
    "rdate-flood-event.ics": ("left", "a repeating event"),
    "year-1.ics": ("left", "the year 0001) is outside the years 1900 to 2200"),
    "year-9999.ics": ("left", "the year 9999) is outside the years 1900 to 2200"),
    "year-9999-end-of-time.ics": ("left", "the year 9999) is outside"),
    "deeply-nested.ics": ("refused", "nested too deeply"),
    "binary-junk.ics": ("refused", "binary data"),
    "utf16.ics": ("created", "2027-12-03T10:00:00+00:00"),  # as Windows programs write it
    "property-repetition.ics": ("created", "2027-12-03T10:00:00+00:00"),
    "windows-zone-name.ics": ("created", "2027-12-03T09:00:00+00:00"),
    "sane-outlook-vtimezone.ics": ("created", "2027-07-01T08:00:00+00:00"),
    # Whichever guard comes first on the machine: the line count or the time budget.
    "a-million-lines.ics": ("refused", ("has more than 1,000,000 lines", "takes too long to read")),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    big = tmp_path_factory.mktemp("big") / "a-million-lines.ics"
    big.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20271203T100000Z\r\n"
        + b"X-A:1\r\n" * 1_200_000
        + b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    files = [*sorted(CORPUS.glob("*.ics")), big]
    env = {**os.environ, "TZ": "Pacific/Kiritimati"}  # UTC+14: a local reading shows
    try:
        run = subprocess.run(
            [sys.executable, "-c", CHILD, *map(str, files)],
            capture_output=True,
            text=True,
            env=env,
            timeout=SECONDS * len(files) + 10,
        )
    except subprocess.TimeoutExpired as exc:
        lines = (exc.stdout or b"").decode().splitlines() if exc.stdout else []
        pytest.fail(f"the previews hung; the last one begun: {lines[-1:] or 'none'}")
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, run.stderr
    found = [json.loads(line) for line in run.stdout.splitlines()]
    return {item["file"]: item for item in found if "file" in item}


def test_the_corpus_has_an_expectation_for_every_file():
    assert {path.name for path in CORPUS.glob("*.ics")} | {"a-million-lines.ics"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_calendar_gets_a_clear_answer_quickly(outcomes, name):
    outcome = outcomes[name]
    assert outcome["seconds"] < SECONDS
    assert outcome["peak_mb"] < PEAK_MB
    kind, expected = EXPECTED[name]
    if kind == "refused":
        fragments = expected if isinstance(expected, tuple) else (expected,)
        assert any(fragment in outcome["refused"] for fragment in fragments), outcome["refused"]
    elif kind == "left":
        assert outcome["created"] == []
        assert any(expected in reason for reason in outcome["left"]), outcome["left"]
    else:
        assert expected in outcome["created"]
