"""In-process timings of the practice pages on a demo practice (used by run.py).

Run as ``python benchmarks/pages.py DATA_DIR RUNS``; prints one JSON object:

* ``client_page_ms``: opening the client page of the client with the most
  history (sessions + items + breaches + promises), from the call until the
  page has painted, median of RUNS;
* ``switch_ms``: switching between the pages (Today, Clients, Sessions, a
  client page) through the navigation, each until painted: median and worst.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coachdesk.app import create_application, open_settings
from coachdesk.paths import AppPaths
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.database import open_database
from coachdesk.ui.shell.main_window import MainWindow


def heaviest_client(database: Path) -> tuple[int, dict[str, int]]:
    # CoachDesk's own connection: it opens an encrypted copy too (its key held).
    with closing(open_sqlite(database, read_only=True)) as conn:
        client_id, sessions = conn.execute(
            "SELECT client_id, count(*) FROM coaching_sessions GROUP BY client_id"
            " ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        matters = conn.execute(
            "SELECT count(*) FROM matters WHERE client_id = ?", (client_id,)
        ).fetchone()[0]
        promises = conn.execute(
            "SELECT count(*) FROM commitments WHERE client_id = ?", (client_id,)
        ).fetchone()[0]
    return client_id, {"sessions": sessions, "matters": matters, "promises": promises}


def timed(action, widget) -> float:
    started = time.perf_counter()
    action()
    widget.repaint()
    return (time.perf_counter() - started) * 1000


def opened_window(data_dir: Path) -> tuple[object, MainWindow, AppPaths]:
    """The real main window, shown offscreen at 1100x700 on the practice in ``data_dir``,
    its write path warmed up (what every window benchmark starts from)."""
    paths = AppPaths.under(data_dir)
    app = create_application()
    window = MainWindow(paths, open_settings(paths))
    window.resize(1100, 700)
    window.show()
    window.attach_database(open_database(paths.database, paths.backup_dir))
    app.processEvents()
    window.db.warm_up()
    return app, window, paths


def main() -> None:
    data_dir, runs = Path(sys.argv[1]), int(sys.argv[2])
    app, window, paths = opened_window(data_dir)
    client_id, history = heaviest_client(paths.database)

    window.show_client(client_id)
    app.processEvents()
    opening = [
        timed(lambda: window.client_page.show_client(client_id), window) for _ in range(runs)
    ]

    switches: list[float] = []
    for _ in range(runs):
        for action in (window.go_today, window.go_clients, window.go_sessions):
            switches.append(timed(action, window))
        switches.append(timed(lambda: window.show_client(client_id), window))
    window.close()
    print(
        json.dumps(
            {
                "client": history,
                "client_page_ms": statistics.median(opening),
                "client_page_worst_ms": max(opening),
                "switch_median_ms": statistics.median(switches),
                "switch_worst_ms": max(switches),
            }
        )
    )


if __name__ == "__main__":
    main()
