"""The notices of the coming sessions, read for Today and the reminders.

Run as ``python benchmarks/notices.py DATA_DIR RUNS``; prints one JSON object.

On the practice in DATA_DIR (read only: every read is a copy-free read transaction),
``storage.notices.coming_notices`` is timed RUNS times, after one untimed read that loads
the prep engine and warms SQLite's page cache:

* ``today_ms``: what Today reads on every visit, the notices due by the end of the next
  7 days (the median and the worst of the runs);
* ``reminders_ms``: what the reminders read at most every 10 minutes or after a write,
  the notices due within a day and 10 minutes;
* ``sessions`` and ``notices``: how many coming sessions the 7-day read looked at and
  how many notices it found.

Targets: ``today_ms`` under 100 ms on the career practice (Today's other reads take about
as long), ``reminders_ms`` under 250 ms on the stress practice (a read every 10 minutes).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coachdesk.paths import resolve
from coachdesk.storage.database import open_database
from coachdesk.storage.files import utc_text
from coachdesk.storage.notices import coming_notices, longest_notice

TARGETS = {"today_ms": 100.0, "reminders_ms": 250.0}


def _timed(read: object, runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        read()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return {"median": round(statistics.median(times), 1), "worst": round(max(times), 1)}


def main() -> None:
    folder, runs = Path(sys.argv[1]), int(sys.argv[2])
    paths = resolve(str(folder))
    db = open_database(paths.database, paths.backup_dir)
    try:
        now = datetime.now(UTC)
        week = now + timedelta(days=8)
        found = coming_notices(db, now, due_by=week)
        with db.read() as conn:
            sessions = conn.execute(
                "SELECT count(*) FROM coaching_sessions WHERE status = 'planned'"
                " AND start > ? AND start < ?",
                (utc_text(now), utc_text(week + longest_notice(db))),
            ).fetchone()[0]
        today = _timed(lambda: coming_notices(db, now, due_by=week), runs)
        soon = now + timedelta(days=1, minutes=10)
        reminders = _timed(lambda: coming_notices(db, now, due_by=soon), runs)
    finally:
        db.close()
    print(
        json.dumps(
            {
                "today_ms": today,
                "reminders_ms": reminders,
                "sessions": sessions,
                "notices": len(found),
                "targets": TARGETS,
            }
        )
    )


if __name__ == "__main__":
    main()
