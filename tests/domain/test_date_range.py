"""One range of dates: year 1 and 9999 are refused, and a stored one is shown (in UTC)
without crashing, in a far-west, a far-east and the UTC zone (each in a child process
with TZ set, so the suite's own zone does not hide the overflow)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from coachdesk.domain.practice import SessionData, validate_session

ZONES = ["Pacific/Pago_Pago", "Pacific/Kiritimati", "UTC"]
CHILD = r"""
from datetime import UTC, datetime
from coachdesk.domain.dates import local_or_utc
from coachdesk.storage.portable_csv import _local
for year in (1, 9999):
    moment = datetime(year, 1, 1, 0, 30, tzinfo=UTC) if year == 1 else datetime(
        9999, 12, 31, 23, 30, tzinfo=UTC)
    print(local_or_utc(moment).isoformat(), _local(moment.isoformat()))
"""


@pytest.mark.parametrize("year", [1, 1899, 2201, 9999])
def test_a_session_outside_the_years_is_refused_naming_the_field(year):
    [problem] = validate_session(SessionData(client_id=1, start=datetime(year, 6, 1, tzinfo=UTC)))
    assert problem.field == "start"
    assert f"({year:04d}) should be within the years 1900 to 2200" in problem.message


@pytest.mark.parametrize("zone", ZONES)
def test_a_stored_extreme_date_is_shown_in_every_zone(zone):
    run = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": zone},
        timeout=30,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "0001-01-01T00:30:00+00:00 0001-01-01 00:30",
        "9999-12-31T23:30:00+00:00 9999-12-31 23:30",
    ]
