"""kill -9 during a restore: the data file is always the old one or the new one, whole.

The old data is a small practice (half of the runs with a WAL full of commits a crash
left behind, which the restore must fold in before replacing the file); the new one is a
verified backup of the demo practice.  Each run restores in a child killed at a random
moment inside the restore (measured once, uninterrupted).  Then, as CoachDesk would on
its next start, the start-up check and ``open_database`` must accept the data file,
leftovers must be gone, and its contents must be exactly the old or the new data.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import backups
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from tests.fault import workers
from tests.fault.harness import Child, copy_with_companions, fingerprint, integrity

pytestmark = pytest.mark.fault

DATA_NAME = "coachdesk.sqlite3"


def _old_data(folder: Path) -> tuple[Path, Path]:
    """A closed small practice, and the same one as a crash left it (commits in its WAL)."""
    closed = folder / "closed" / DATA_NAME
    closed.parent.mkdir(parents=True)
    db = open_database(closed, closed.parent / "backups")
    for number in range(30):
        create_client(db, ClientData(name=f"O{number}", private_notes="o" * 500))
    db.close()
    crashed = folder / "crashed" / DATA_NAME
    crashed.parent.mkdir()
    shutil.copyfile(closed, crashed)
    db = open_database(crashed, crashed.parent / "backups")
    for number in range(30, 60):
        create_client(db, ClientData(name=f"O{number}"))
    # The pooled connection keeps the WAL un-checkpointed: copy it as a crash leaves it.
    image = copy_with_companions(crashed, folder / "crash-image")
    db.close()
    assert image.with_name(DATA_NAME + "-wal").stat().st_size > 0
    return closed, image


def _fingerprint_of(path: Path, scratch: Path) -> str:
    """The contents of a data file, read from a copy (reading may fold its WAL in)."""
    copy = copy_with_companions(path, scratch)
    try:
        return fingerprint(copy)
    finally:
        shutil.rmtree(scratch)


def _place(old: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    database = folder / DATA_NAME
    for suffix in ("", "-wal"):
        source = old.with_name(old.name + suffix)
        if source.exists():
            shutil.copyfile(source, database.with_name(database.name + suffix))
    return database


def _restore_time(forkserver, source: Path, old: Path, folder: Path) -> float:
    """How long an uninterrupted restore takes here, to aim the kills inside it."""
    database = _place(old, folder)
    child = Child(
        forkserver,
        workers.restorer,
        str(source),
        str(database),
        str(folder / "backups"),
        stderr=folder / "stderr.txt",
    )
    assert child.wait_for(workers.STARTING), child.errors()
    started = time.perf_counter()
    assert child.wait_for(workers.DONE), child.errors()
    took = time.perf_counter() - started
    child.finish()
    return took


def test_kill_9_during_restore_leaves_the_old_or_the_new_data(
    forkserver, demo_backup, tmp_path, runs, seed, report
):
    total = runs(50, 300)
    rng = random.Random(f"{seed}:kill-restore")
    olds = _old_data(tmp_path / "old")
    expected_old = {old: _fingerprint_of(old, tmp_path / "scratch") for old in olds}
    expected_new = _fingerprint_of(demo_backup, tmp_path / "scratch")
    assert expected_new not in expected_old.values()

    duration = max(
        _restore_time(forkserver, demo_backup, olds[1], tmp_path / f"calibration-{n}")
        for n in range(3)
    )
    outcomes = {"old": 0, "new": 0}
    problems: list[str] = []
    restoring_left = partial_left = 0
    for run in range(total):
        old = olds[run % 2]
        database = _place(old, tmp_path / f"run-{run}")
        backup_folder = database.parent / "backups"
        delay = rng.uniform(0, 1.5 * duration)
        child = Child(
            forkserver,
            workers.restorer,
            str(demo_backup),
            str(database),
            str(backup_folder),
            stderr=tmp_path / f"err-{run}",
        )
        assert child.wait_for(workers.STARTING), child.errors()
        time.sleep(delay)
        child.kill()
        where = f"run {run} (seed {seed}, delay {delay * 1000:.2f} ms, hot WAL={run % 2 == 1})"
        if child.process.exitcode not in (-9, 0):
            problems.append(f"{where}: the restore failed by itself:\n{child.errors()[-2000:]}")
            continue
        restoring_left += database.with_name(DATA_NAME + backups.RESTORING_SUFFIX).exists()
        partial_left += bool(list(backup_folder.glob("*.partial")))
        if not database.exists():
            problems.append(f"{where}: the data file is gone")
            continue
        try:
            # What the next start does: the start-up check, then open (and clean up).
            problem = backups.diagnose(database)
            if problem is not None:
                problems.append(f"{where}: the start-up check says: {problem.message}")
                continue
            open_database(database, backup_folder).close()
        except Exception as exc:
            problems.append(f"{where}: opening it raised {exc!r}")
            continue
        if list(database.parent.glob(DATA_NAME + backups.RESTORING_SUFFIX + "*")):
            problems.append(f"{where}: the .restoring leftover (or its -wal/-shm) was not cleared")
        backups.clear_partials(backup_folder)  # what the window's start does for the folder
        left = sorted(path.name for path in backup_folder.glob(f"*{backups.PARTIAL_SUFFIX}*"))
        if left:
            problems.append(f"{where}: the next start left in the backup folder: {left}")
        verdict = integrity(database)
        if verdict != "ok":
            problems.append(f"{where}: integrity check: {verdict}")
        contents = fingerprint(database)
        if contents == expected_new:
            outcomes["new"] += 1
        elif contents == expected_old[old]:
            outcomes["old"] += 1
        else:
            problems.append(f"{where}: the data file is neither the old nor the new data")
        shutil.rmtree(database.parent)

    report(
        "kill -9 during restore",
        f"{total} runs, {len(problems)} with a data file neither old nor new or not intact; "
        f"old data kept {outcomes['old']}, new data in place {outcomes['new']}; a .restoring "
        f"leftover (cleared on open) {restoring_left}, a .partial safety copy left in the "
        f"backup folder {partial_left} (both cleared at the next start); an uninterrupted "
        f"restore takes {duration * 1000:.0f} ms",
    )
    assert not problems, "\n".join(problems[:5])
    # Kills landed both before and after the moment the new file replaced the old one.
    assert outcomes["old"] > 0 and outcomes["new"] > 0
