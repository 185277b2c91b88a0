"""Backups taken while another process writes are whole, consistent snapshots.

The writer adds client ``W<i>`` and its commitment ``W<i>`` in one unit of work, i = 0,
1, 2, ...  A consistent snapshot therefore holds exactly W0..Wk, each with its partner,
and at least every pair whose commit was acknowledged before the backup began.  Half of
the backups copy a few pages per step with a slow progress callback (a GUI repainting),
so the writer commits between the steps of one backup.

The same on an encrypted practice (``protected``): the writer unlocks it with the
passphrase, and every backup must also be encrypted and end with its key envelope.
"""

from __future__ import annotations

import random
import time
from contextlib import closing

import pytest

from coachdesk.storage import backups, encrypted_files, files
from tests.fault import workers
from tests.fault.harness import Child, connect, integrity
from tests.fault.protected import copy_practice, is_encrypted, titled

pytestmark = pytest.mark.fault


def _pairs(path) -> tuple[list[int], int, int]:
    """The numbers of the W clients, how many of them lack their commitment, and how
    many W commitments there are."""
    with closing(connect(path)) as connection:
        numbers = sorted(
            int(name[1:])
            for (name,) in connection.execute("SELECT name FROM clients WHERE name GLOB 'W[0-9]*'")
        )
        unmatched = connection.execute(
            "SELECT count(*) FROM clients c WHERE c.name GLOB 'W[0-9]*' AND NOT EXISTS "
            "(SELECT 1 FROM commitments m WHERE m.client_id = c.id AND m.text = c.name)"
        ).fetchone()[0]
        commitments = connection.execute(
            "SELECT count(*) FROM commitments WHERE text GLOB 'W[0-9]*'"
        ).fetchone()[0]
    return numbers, unmatched, commitments


def test_backups_taken_while_another_process_writes_are_consistent(
    forkserver, demo_practice, protected, passphrase, tmp_path, runs, seed, report, monkeypatch
):
    total = runs(50, 200)
    rng = random.Random(f"{seed}:backup-while-writing" + (":encrypted" if protected else ""))
    database = copy_practice(demo_practice, tmp_path / "data" / "coachdesk.sqlite3")
    folder = tmp_path / "backups"
    folder.mkdir()
    writer = Child(
        forkserver,
        workers.pair_writer,
        str(database),
        rng.random(),
        stderr=tmp_path / "err",
        unlock=(database, passphrase) if protected else None,
    )
    problems: list[str] = []
    overlapped = multi_step = 0
    largest = 0
    default_step = files.BACKUP_STEP_PAGES
    try:
        assert writer.wait_for(0), f"the writer did not start: {writer.errors()}"
        for run in range(total):
            small_steps = run % 2 == 0
            pause = rng.uniform(0, 0.001)
            steps = [0]

            def progress(_fraction: float, pause: float = pause, steps: list = steps) -> None:
                steps[0] += 1
                time.sleep(pause)

            monkeypatch.setattr(files, "BACKUP_STEP_PAGES", 8 if small_steps else default_step)
            acknowledged_before = len([n for n in writer.drain() if n >= 0])
            summary = backups.make_backup(database, folder, progress=progress)
            acknowledged_after = len([n for n in writer.drain() if n >= 0])
            where = f"backup {run} (seed {seed}, small steps={small_steps})"
            overlapped += acknowledged_after > acknowledged_before
            multi_step += steps[0] > 1

            backups.verify(summary.path)  # raises if the backup is not whole
            if is_encrypted(summary.path) != protected:
                problems.append(f"{where}: {'not ' if protected else ''}encrypted, unlike its file")
            if protected and encrypted_files.trailer_size(summary.path) == 0:
                problems.append(f"{where}: no key envelope at its end")
            verdict = integrity(summary.path)
            numbers, unmatched, commitments = _pairs(summary.path)
            count = len(numbers)
            largest = max(largest, count)
            if verdict != "ok":
                problems.append(f"{where}: integrity check: {verdict}")
            if numbers != list(range(count)):
                problems.append(f"{where}: W numbers with gaps: {numbers[:5]}...{numbers[-5:]}")
            if unmatched or commitments != count:
                problems.append(
                    f"{where}: {unmatched} W clients without their commitment, "
                    f"{commitments} commitments for {count} clients"
                )
            # The snapshot was taken after the backup began and before it ended.
            if not acknowledged_before <= count <= acknowledged_after + 1:
                problems.append(
                    f"{where}: holds {count} pairs; {acknowledged_before} were acknowledged "
                    f"before it began, {acknowledged_after} when it ended"
                )
            summary.path.unlink()
    finally:
        writer.kill()
    assert not list(folder.glob("*.partial"))
    report(
        titled("backups while writing", protected),
        f"{total} backups, {len(problems)} inconsistent or damaged; "
        f"{overlapped} with commits landing during the backup, {multi_step} copied in "
        f"several steps; up to {largest:,} pairs per backup",
    )
    assert not problems, problems[:5]
    assert writer.killed, f"the writer failed: {writer.errors()}"
    # The writer really wrote while backups were being taken, between their steps.
    assert overlapped > 0 and multi_step > 0
