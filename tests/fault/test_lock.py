"""The data-folder lock: one writer per data folder, and no stale lock after kill -9.

A child process takes the lock (as a running CoachDesk does).  While it holds it, a
second ``InstanceLock`` and the writing commands (``coachdesk restore``, ``coachdesk
demo``) refuse with "already open", exit code 1 and no traceback, leaving the data file
alone.  Killed with kill -9, the holder leaves a lock the next CoachDesk takes over at
once, knowing it recovered it; released cleanly, it leaves nothing to recover.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest

from coachdesk.storage import backups
from coachdesk.storage.database import open_database
from coachdesk.storage.lock import AlreadyOpen, InstanceLock
from tests.fault import workers
from tests.fault.harness import Child, digest

pytestmark = pytest.mark.fault


def _hold(forkserver, folder):
    """A child holding the lock on ``folder``, and the pipe that tells it to let go."""
    orders, tell = forkserver.Pipe(duplex=False)
    holder = Child(forkserver, workers.lock_holder, str(folder), orders)
    orders.close()
    assert holder.wait_for_any(), f"the holder did not take the lock: {holder.records}"
    return holder, tell


def _coachdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


def test_a_second_instance_is_refused_while_the_first_holds_the_folder(
    forkserver, demo_backup, tmp_path, report
):
    data = tmp_path / "data"
    data.mkdir()
    database = data / "coachdesk.sqlite3"
    open_database(database, data / "backups").close()
    holder, tell = _hold(forkserver, data)
    try:
        pid = holder.records[0]
        with pytest.raises(AlreadyOpen) as refused:
            InstanceLock(data).acquire()
        assert "already open" in refused.value.message and str(pid) in refused.value.message

        before = digest(database)
        commands = {
            "restore": _coachdesk("--data-dir", str(data), "restore", str(demo_backup)),
            "demo": _coachdesk("--data-dir", str(data), "demo"),
        }
        for name, done in commands.items():
            assert done.returncode == 1, (name, done.stdout, done.stderr)
            assert "already open" in done.stderr, (name, done.stderr)
            assert "Traceback" not in done.stderr, (name, done.stderr)
        assert digest(database) == before
        assert not backups.list_backups(data / "backups")  # not even a safety copy
    finally:
        tell.send(b"release")
        holder.finish()
    assert workers.DONE in holder.records, "the holder did not release cleanly"
    after_clean_exit = InstanceLock(data).acquire()
    assert not after_clean_exit.recovered  # nothing to recover from a clean release
    after_clean_exit.release()
    report(
        "second instance",
        f"InstanceLock, coachdesk restore and coachdesk demo refused while another process "
        f"held the folder: {refused.value.message.split(':')[0]}",
    )


def test_a_lock_left_by_kill_9_is_recovered(forkserver, tmp_path, runs, seed, report):
    total = runs(20, 100)
    rng = random.Random(f"{seed}:stale-lock")
    data = tmp_path / "data"
    data.mkdir()
    recovered = 0
    for run in range(total):
        holder, tell = _hold(forkserver, data)
        time.sleep(rng.uniform(0, 0.005))
        holder.kill()
        tell.close()
        assert holder.killed
        lock = InstanceLock(data).acquire()  # raises AlreadyOpen if the lock outlived it
        assert lock.recovered, f"run {run} (seed {seed}): the crash was not noticed"
        recovered += lock.recovered
        lock.release()
    report(
        "stale lock after kill -9",
        f"{total} holders killed, the lock recovered at once {recovered} times",
    )
