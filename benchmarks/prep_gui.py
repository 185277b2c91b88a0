"""The prep panel and the printed sheet on a demo practice (used by run.py).

Run as ``python benchmarks/prep_gui.py DATA_DIR RUNS``; prints one JSON object:

* ``panel_ms``: ``PrepPanel.show_session`` for the latest session of the client
  with the most items (load, rank and render, until painted), median of RUNS;
* ``panel_seed_ms``: the same for the demo's first client (Dan), whose history is
  identical in every demo size, so the ratio between sizes shows whether prep
  cost grows with the size of the practice;
* ``sheet_ms``: reading that session's prep data, ranking it and writing the
  one-page sheet to a PDF, median of RUNS.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coachdesk.app import create_application
from coachdesk.domain.prep import build_prep
from coachdesk.printing.prep_sheet import render_prep_sheet
from coachdesk.storage.connections import open_sqlite
from coachdesk.storage.database import open_database
from coachdesk.storage.prep import load_prep_input
from coachdesk.ui.dialogs.prep import PrepPanel


def heaviest_session(database: Path) -> tuple[int, int]:
    """A session of the client with the most active items (the latest one), and that count.
    Read through CoachDesk's own connection, so an encrypted copy opens too (its key held)."""
    with closing(open_sqlite(database, read_only=True)) as conn:
        client_id, items = conn.execute(
            "SELECT client_id, count(*) FROM matters WHERE active GROUP BY client_id"
            " ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        (session_id,) = conn.execute(
            "SELECT id FROM coaching_sessions WHERE client_id = ? ORDER BY start DESC LIMIT 1",
            (client_id,),
        ).fetchone()
    return session_id, items


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    data_dir, runs = Path(sys.argv[1]), int(sys.argv[2])
    create_application()
    db = open_database(data_dir / "coachdesk.sqlite3")
    session_id, items = heaviest_session(db.path)
    panel = PrepPanel(db)
    panel.resize(700, 900)
    panel.show()

    def show() -> None:
        panel.show_session(session_id)
        panel.repaint()

    show()
    panel_times = [timed(show) for _ in range(runs)]

    with closing(open_sqlite(db.path, read_only=True)) as conn:
        (seed_session,) = conn.execute(
            "SELECT id FROM coaching_sessions WHERE client_id = 1 ORDER BY start DESC LIMIT 1"
        ).fetchone()

    def show_seed() -> None:
        panel.show_session(seed_session)
        panel.repaint()

    show_seed()
    seed_times = [timed(show_seed) for _ in range(runs)]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "sheet.pdf"

        def sheet() -> None:
            data = load_prep_input(db, session_id)
            render_prep_sheet(data, target, prep=build_prep(data))

        sheet()
        sheet_times = [timed(sheet) for _ in range(runs)]
    print(
        json.dumps(
            {
                "items": items,
                "panel_ms": statistics.median(panel_times),
                "panel_seed_ms": statistics.median(seed_times),
                "sheet_ms": statistics.median(sheet_times),
            }
        )
    )


if __name__ == "__main__":
    main()
