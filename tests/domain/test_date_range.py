"""One range of dates from every door: the dialogs' validators, the JSON format (every
date and time it carries), the CSV import; and a stored extreme date is shown (in UTC)
without crashing, in a far-west, a far-east and the UTC zone (``local_zone``)."""

from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import coachdesk
from coachdesk.domain.clients import ClientData, validate_client
from coachdesk.domain.data_format import FORMAT, VERSION, ImportRefused, parse_document
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.practice import (
    BreachData,
    MatterData,
    PromiseData,
    SessionData,
    validate_breach,
    validate_matter,
    validate_promise,
    validate_session,
)
from coachdesk.domain.spreadsheet import check_clients, guess_mapping, parse_csv
from coachdesk.domain.vocab import PromiseOwner, RepairStatus
from coachdesk.storage.portable_csv import _local

EXTREMES = [1, 1899, 2201, 9999]


def _day(year: int) -> date:
    return date(year, 6, 1)


VALIDATED = {
    "start": lambda y: validate_session(
        SessionData(client_id=1, start=datetime(y, 6, 1, tzinfo=UTC))
    ),
    "started_on": lambda y: list(
        validate_client(ClientData(name="Ada", started_on=_day(y))).errors
    ),
    "captured_on": lambda y: validate_matter(
        MatterData(client_id=1, statement="Tell me first", captured_on=_day(y))
    ),
    "last_confirmed_on": lambda y: validate_matter(
        MatterData(client_id=1, statement="Tell me first", last_confirmed_on=_day(y))
    ),
    "occurred_on": lambda y: validate_breach(
        BreachData(matter_id=1, occurred_on=_day(y), what_happened="Late"), date.max
    ),
    "repaired_on": lambda y: validate_breach(
        BreachData(
            matter_id=1,
            occurred_on=date(1900, 1, 1),
            what_happened="Late",
            repair_status=RepairStatus.REPAIRED,
            repaired_on=_day(y),
        ),
        date.max,
    ),
    "due_on": lambda y: validate_promise(
        PromiseData(client_id=1, owner=PromiseOwner.COACH, text="Send it", due_on=_day(y))
    ),
}


@pytest.mark.parametrize("year", EXTREMES)
@pytest.mark.parametrize("field", sorted(VALIDATED))
def test_every_date_a_dialog_saves_is_held_to_the_years(field, year):
    expected = f"({year:04d}) should be within the years 1900 to 2200"
    problems = [p for p in VALIDATED[field](year) if p.field == field and expected in p.message]
    assert len(problems) == 1, VALIDATED[field](year)


@pytest.mark.parametrize("field", sorted(VALIDATED))
def test_the_first_and_last_accepted_years_pass(field):
    for year in (1900, 2200):
        assert [p for p in VALIDATED[field](year) if p.field == field] == []


def _document() -> dict:
    """A small valid document with a date or time in every kind of record."""
    stamp = "2024-03-05T09:30:00Z"
    stamps = {"created_at": stamp, "updated_at": stamp}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": stamp,
        "clients": [
            {
                "ref": "c1",
                "name": "Ada",
                "started_on": "2024-01-01",
                **stamps,
                "matters": [
                    {
                        "ref": "m1",
                        "statement": "Tell me first",
                        "captured_on": "2024-01-02",
                        **stamps,
                    }
                ],
                "sessions": [{"ref": "s1", "start": stamp, **stamps}],
                "promises": [
                    {
                        "ref": "p1",
                        "owner": "coach",
                        "text": "Send it",
                        "due_on": "2024-04-01",
                        **stamps,
                    }
                ],
            }
        ],
    }


def _set(document: dict, path: tuple, value: str) -> dict:
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("clients", 0, "started_on"), "0001-01-01"),
        (("clients", 0, "created_at"), "9999-12-31T23:30:00Z"),
        (("clients", 0, "matters", 0, "captured_on"), "1899-12-31"),
        (("clients", 0, "sessions", 0, "start"), "0001-01-01T00:30:00Z"),
        (("clients", 0, "promises", 0, "due_on"), "2201-01-01"),
        (("exported_at",), "9999-01-01T00:00:00Z"),
    ],
)
def test_every_date_the_format_carries_is_held_to_the_years(path, value):
    document = _document()
    try:
        parse_document(document)
    except ImportRefused as exc:  # the sample itself must be valid for the test to mean much
        pytest.fail(f"the sample document is refused: {exc.describe()}")
    with pytest.raises(ImportRefused) as refused:
        parse_document(_set(document, path, value))
    text = refused.value.describe()
    assert f"the year {value[:4]} is outside the years 1900 to 2200" in text
    assert path[-1] in text


def test_a_csv_start_date_outside_the_years_is_refused_with_its_row():
    table = parse_csv("Name,Started on\nAda,2024-01-01\nBen,0001-01-01\n")
    clients, problems, total = check_clients(table, guess_mapping(table.header))
    assert [c.data.name for c in clients] == ["Ada"]
    assert total == 1
    assert "row 3" in problems[0] and "(0001) should be within the years 1900" in problems[0]


# ``x.astimezone()`` overflows for a stored year-1 or year-9999 time west or east of UTC:
# stored times go through ``local_or_utc``; only "now" (and a day's local midnight, and a
# backup's own time stamp) may be converted directly.
CONVERTS_NOW = re.compile(
    r"(now|now\(UTC\)\)?|now\(\)|clock\(\)|min\.time\(\)\)|taken_at)\.astimezone\(\)$"
)


def test_stored_times_are_never_converted_to_local_time_directly():
    package = Path(coachdesk.__file__).parent
    direct = []
    for source in sorted(package.rglob("*.py")):
        if source.name == "dates.py":
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"\.astimezone\(\)", line):
                if not CONVERTS_NOW.search(line[: match.end()]):
                    direct.append(f"{source.relative_to(package)}:{number}: {line.strip()}")
    assert direct == []


@pytest.mark.usefixtures("local_zone")
def test_a_stored_extreme_date_is_shown_in_every_zone():
    shown = []
    for moment in (
        datetime(1, 1, 1, 0, 30, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 30, tzinfo=UTC),
    ):
        shown.append((local_or_utc(moment).isoformat(), _local(moment.isoformat())))
    assert shown == [
        ("0001-01-01T00:30:00+00:00", "0001-01-01 00:30"),
        ("9999-12-31T23:30:00+00:00", "9999-12-31 23:30"),
    ]
