"""Stored UTC times are shown and typed in the coach's local time zone."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from coachdesk.display.timefmt import format_when, from_qdatetime, to_qdatetime

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("local_zone")]

CHECK = """
from datetime import UTC, datetime
from coachdesk.display.timefmt import format_when, to_qdatetime, from_qdatetime
value = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
shown = to_qdatetime(value)
print(shown.time().hour(), format_when(value), from_qdatetime(shown) == value)
"""


@pytest.mark.parametrize(
    ("zone", "hour"), [("America/New_York", 7), ("Asia/Kolkata", 17), ("UTC", 12)]
)
def test_times_show_in_the_local_zone_and_round_trip(zone, hour):
    env = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, check=True
    )
    shown_hour, *text, round_trip = result.stdout.split()
    assert int(shown_hour) == hour
    assert f"{hour:02d}:" in " ".join(text) or f"{hour}:" in " ".join(text)
    assert round_trip == "True"


def test_round_trip_in_this_process():
    value = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert from_qdatetime(to_qdatetime(value)) == value
    assert format_when(None) == ""
    with pytest.raises(ValueError):
        to_qdatetime(datetime(2026, 1, 1))


def test_a_stored_year_1_time_is_shown_in_utc_not_converted():
    from datetime import UTC, datetime

    from coachdesk.display.timefmt import to_qdatetime

    shown = to_qdatetime(datetime(1, 1, 1, 0, 30, tzinfo=UTC))
    assert (shown.date().year(), shown.time().hour(), shown.time().minute()) == (1, 0, 30)
