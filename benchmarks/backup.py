"""A verified backup of a demo database against a plain copy (used by run.py).

Run as ``python benchmarks/backup.py DATA_DIR RUNS``; prints one JSON object:

* ``copy_s``: a plain copy of the data file (``shutil.copyfile``) plus ``fsync``,
  median of RUNS;
* ``backup_s``: ``storage.backups.make_backup`` on the same file: SQLite's online
  backup API, fsync, integrity check and schema check of the copy, rename and
  folder fsync, median of RUNS, interleaved with the copies;
* ``ratio``: ``backup_s / copy_s``;
* ``copy_phase_s`` / ``fsync_phase_s`` / ``check_phase_s``: where a backup's time
  goes, each step alone: the online backup, the fsync of the copy, and the
  verification of the copy (in ``make_backup`` the last two run at the same time);
* ``check_workers``: how many cores share the integrity check;
* ``gui_backup_s`` / ``longest_stall_ms``: "Back up now" in the real main window
  (the backup runs in a thread), with a 5 ms timer on the GUI thread; the stall is
  the longest gap between two of its ticks beyond its interval, i.e. how long the
  window could not paint or answer a click.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coachdesk.paths import AppPaths
from coachdesk.storage import backups, files
from coachdesk.storage.backups import verification

TICK_MS = 5
SETTLE_S = 3.0


def plain_copy(source: Path, target: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(source, target)
    files.fsync_file(target)
    return time.perf_counter() - started


def verified_backup(source: Path, folder: Path) -> float:
    started = time.perf_counter()
    backups.make_backup(source, folder)
    return time.perf_counter() - started


def phases(source: Path, scratch: Path) -> tuple[float, float, float]:
    target = scratch / "phases.sqlite3"
    target.unlink(missing_ok=True)
    target.touch()
    started = time.perf_counter()
    files.sqlite_backup(source, target)
    copied = time.perf_counter()
    files.fsync_file(target)
    synced = time.perf_counter()
    backups.verify(target)
    return copied - started, synced - copied, time.perf_counter() - synced


def gui_backup(data_dir: Path, scratch: Path) -> tuple[float, float]:
    """Back up now in the main window; the backup's time and the longest GUI stall."""
    from PySide6.QtCore import QTimer

    from coachdesk.app import create_application
    from coachdesk.preferences import open_settings, set_backup_folders
    from coachdesk.storage.database import open_database
    from coachdesk.ui.shell import main_window
    from coachdesk.ui.shell.main_window import MainWindow

    main_window.INTEGRITY_CHECK_DELAY_MS = 10**8  # measure the backup alone

    app = create_application()
    config = scratch / "config"
    paths = AppPaths(data_dir=data_dir, config_dir=config, log_dir=scratch)
    config.mkdir(exist_ok=True)
    settings = open_settings(paths)
    set_backup_folders(settings, scratch / "gui-backups", None)
    window = MainWindow(paths, settings)
    window.attach_database(open_database(paths.database))
    window.show()
    settle = time.perf_counter() + SETTLE_S  # let Today finish filling in first
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.005)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    task = window.backups.back_up(manual=True)
    assert task is not None
    task.wait()
    elapsed = time.perf_counter() - started
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    stall = max(gaps, default=elapsed) * 1000 - TICK_MS
    window.backups.timer.stop()
    window.db.close()
    window.db = None  # no closing backup: this run measures one
    window.close()
    return elapsed, max(stall, 0.0)


def main() -> None:
    data_dir, runs = Path(sys.argv[1]), int(sys.argv[2])
    source = data_dir / "coachdesk.sqlite3"
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-backup-") as scratch_name:
        scratch = Path(scratch_name)
        plain_copy(source, scratch / "warm.sqlite3")  # both read a warm page cache
        copies, made = [], []
        for run in range(runs):
            target = scratch / f"copy-{run}.sqlite3"
            copies.append(plain_copy(source, target))
            target.unlink()
            folder = scratch / f"backups-{run}"
            folder.mkdir()  # a backup makes only the data folder's own backup folder
            made.append(verified_backup(source, folder))
            shutil.rmtree(folder)
        copy_phase, fsync_phase, check_phase = phases(source, scratch)
        gui_s, stall_ms = gui_backup(data_dir, scratch)
    copy_s, backup_s = statistics.median(copies), statistics.median(made)
    print(
        json.dumps(
            {
                "size_mb": source.stat().st_size / 1e6,
                "runs": runs,
                "copy_s": copy_s,
                "backup_s": backup_s,
                "ratio": backup_s / copy_s,
                "copy_phase_s": copy_phase,
                "fsync_phase_s": fsync_phase,
                "check_phase_s": check_phase,
                "check_workers": verification.CHECK_WORKERS,
                "gui_backup_s": gui_s,
                "longest_stall_ms": stall_ms,
            }
        )
    )


if __name__ == "__main__":
    main()
