"""The search index and the search box (used by run.py).

Run as ``python benchmarks/search.py box DATA_DIR RUNS``, ``python benchmarks/search.py
import CAREER_DIR RUNS`` or ``python benchmarks/search.py size DATA_DIR``; each prints one
JSON object.

``box``: the real main window, offscreen at 1100x700, on the practice in DATA_DIR, and the
search box opened over it.  Realistic words are typed one key at a time and deleted back
one Backspace at a time, and each keystroke is timed from the key press to the end of the
results' repaint (the box's search runs on the next turn of the event loop, so the pending
events are processed until it has run; the list is repainted then if Qt had not).  The
first of 1 + RUNS rounds is reported apart (the first time the process reads those pages
of the index and stems those words).

``import``: the JSON export of the career practice in CAREER_DIR imported into an empty
data file, interleaved RUNS times with and without the index (its table and triggers
dropped from the empty file first): the extra write cost of keeping the index.

``size``: the bytes of the data file in DATA_DIR that the index takes: a VACUUMed copy
with the index, less a VACUUMed copy without it.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORDS = ("maria", "sorensen", "lopez ana", "board meeting", '"ahead of time"', "a", "rec")
TARGETS = {"median_ms": 16.0, "worst_ms": 50.0, "import_extra": 0.10}


def _box(data_dir: Path, runs: int) -> dict[str, object]:
    from filters import Paints, settle  # the lists' benchmark, beside this one
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from coachdesk.app import create_application, open_settings
    from coachdesk.paths import AppPaths
    from coachdesk.storage.database import open_database
    from coachdesk.ui.dialogs.search.box import SearchBox
    from coachdesk.ui.shell.main_window import MainWindow

    paths = AppPaths.under(data_dir)
    app = create_application()
    window = MainWindow(paths, open_settings(paths), automatic_backups=False)
    window.resize(1100, 700)
    window.show()
    db = open_database(paths.database, paths.backup_dir)
    window.attach_database(db)
    app.processEvents()
    settle(app)
    box = SearchBox(db, window)
    box.show()
    app.processEvents()

    paints = Paints([box.view.viewport()])

    def keystroke(key: str | Qt.Key) -> float:
        paints.count = 0
        started = time.perf_counter()
        QTest.keyClick(box.edit, key)
        while box._pending.isActive():
            app.processEvents()
        app.processEvents()
        if not paints.count:
            box.view.viewport().repaint()
        return (time.perf_counter() - started) * 1000

    rounds: list[list[tuple[str, float]]] = []
    for _ in range(1 + runs):
        timings = []
        for word in WORDS:
            for count in range(1, len(word) + 1):
                timings.append((word[:count], keystroke(word[count - 1])))
            for count in range(len(word) - 1, -1, -1):
                timings.append((word[:count] + "⌫", keystroke(Qt.Key.Key_Backspace)))
        rounds.append(timings)
    box.close()
    window.close()
    db.close()
    return {
        "words": list(WORDS),
        "runs": runs,
        "first_round": _figures(rounds[0]),
        "steady": _figures([stroke for timings in rounds[1:] for stroke in timings]),
        "targets": TARGETS,
    }


def _figures(timings: list[tuple[str, float]]) -> dict[str, object]:
    times = sorted(ms for _text, ms in timings)
    worst = max(timings, key=lambda stroke: stroke[1])
    return {
        "keystrokes": len(times),
        "median_ms": statistics.median(times),
        "p90_ms": times[int(0.9 * (len(times) - 1))],
        "worst_ms": worst[1],
        "worst_after": worst[0],
    }


def _without_index(database: Path) -> None:
    from coachdesk.storage import search
    from coachdesk.storage.connections import open_sqlite

    with closing(open_sqlite(database)) as connection:
        search.drop(connection)


def _import(career: Path, runs: int) -> dict[str, object]:
    from coachdesk.paths import AppPaths
    from coachdesk.storage.database import open_database
    from coachdesk.storage.portable_json import import_file, write_export

    source = open_database(AppPaths.under(career).database)
    with tempfile.TemporaryDirectory() as scratch:
        exported = Path(scratch) / "career.json"
        write_export(source, exported)
        source.close()
        seconds: dict[str, list[float]] = {"with": [], "without": []}
        for number in range(1 + runs):
            for kind in ("with", "without") if number % 2 else ("without", "with"):
                folder = Path(scratch) / f"{kind}-{number}"
                folder.mkdir()
                database = folder / "coachdesk.sqlite3"
                open_database(database).close()
                if kind == "without":
                    _without_index(database)
                db = open_database(database)
                started = time.perf_counter()
                import_file(db, exported)
                elapsed = time.perf_counter() - started
                db.close()
                if number:  # the first pair warms the caches and the stemmers up
                    seconds[kind].append(elapsed)
                shutil.rmtree(folder)
    with_index = statistics.median(seconds["with"])
    without = statistics.median(seconds["without"])
    return {
        "runs": runs,
        "with_index_s": with_index,
        "without_index_s": without,
        "extra": with_index / without - 1,
        "targets": TARGETS,
    }


def _vacuumed_size(database: Path) -> int:
    from coachdesk.storage.connections import open_sqlite

    with closing(open_sqlite(database)) as connection:
        connection.execute("VACUUM")
    return database.stat().st_size


def _size(data_dir: Path) -> dict[str, object]:
    from coachdesk.paths import AppPaths
    from coachdesk.storage import search
    from coachdesk.storage.connections import open_sqlite

    original = AppPaths.under(data_dir).database
    with tempfile.TemporaryDirectory(dir=original.parent.parent) as scratch:
        copy = Path(scratch) / "coachdesk.sqlite3"
        shutil.copyfile(original, copy)
        with closing(open_sqlite(copy)) as connection:
            rows = connection.execute(f"SELECT count(*) FROM {search.TABLE}").fetchone()[0]
        with_index = _vacuumed_size(copy)
        _without_index(copy)
        without = _vacuumed_size(copy)
    return {
        "rows": rows,
        "file_with_index_mb": with_index / 1e6,
        "file_without_index_mb": without / 1e6,
        "index_mb": (with_index - without) / 1e6,
    }


def main() -> None:
    what, folder = sys.argv[1], Path(sys.argv[2])
    if what == "box":
        result = _box(folder, int(sys.argv[3]))
    elif what == "import":
        result = _import(folder, int(sys.argv[3]))
    else:
        result = _size(folder)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
