"""kill -9 of a process writing through the storage layer, at random moments.

Runs come in chains on one data folder: the first run of a chain starts from nothing, so
some kills land while the file is being created and migrated; the next runs open the
file the previous kill left behind (recovering it) and write on.  After every kill the
crash image (the data file with its WAL, copied as it lies on disk) must pass SQLite's
integrity check on a fresh connection, open with ``open_database``, and hold every
client whose ``create_client`` had returned in any run of the chain so far.

Each test runs on a plain data file and on an encrypted one (``protected``): each chain
of the encrypted runs starts from a new practice to be created encrypted (its key
envelope beside it), and every writer unlocks it with the passphrase before it starts.
"""

from __future__ import annotations

import random
import shutil
import time
from contextlib import closing

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import companions
from coachdesk.storage.backups import diagnose
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from tests.fault import workers
from tests.fault.harness import (
    Child,
    connect,
    copy_with_companions,
    digest,
    fingerprint,
    integrity,
    names,
)
from tests.fault.protected import PROTECTED, start_protected, titled

pytestmark = pytest.mark.fault

CHAIN = 8  # runs per data folder; the first one creates the file


def _new_practice(database, protected: bool) -> None:
    """A data folder for a new practice (to be created encrypted when ``protected``)."""
    database.parent.mkdir()
    if protected:
        start_protected(database)


def _calibrate(forkserver, folder, protected, passphrase) -> float:
    """How long creating and migrating a new file takes here (to aim kills at it)."""
    database = folder / "coachdesk.sqlite3"
    _new_practice(database, protected)
    unlock = (database, passphrase) if protected else None
    child = Child(forkserver, workers.writer, str(database), 0, 0, unlock=unlock)
    assert child.wait_for(workers.STARTING)
    started = time.perf_counter()
    assert child.wait_for(workers.OPENED)
    took = time.perf_counter() - started
    child.kill()
    return took


def test_kill_9_of_a_writer_loses_nothing_acknowledged(
    forkserver, tmp_path, runs, seed, report, protected, passphrase
):
    total = runs(100, 500) if protected else runs(200, 1000)
    rng = random.Random(f"{seed}:kill-writer" + (":encrypted" if protected else ""))
    creation = _calibrate(forkserver, tmp_path / "calibration", protected, passphrase)
    corrupt: list[str] = []
    lost: list[str] = []
    lost_commits: set[str] = set()
    failed: list[str] = []
    acknowledged = 0
    during_creation = during_reopen = while_writing = 0
    chain_acked: set[str] = set()
    created = False
    for run in range(total):
        if run % CHAIN == 0:
            database = tmp_path / f"chain-{run // CHAIN}" / "coachdesk.sqlite3"
            _new_practice(database, protected)
            chain_acked = set()
            created = False
        # Until a run got past open_database, the file is still to be created: aim at
        # creation and migration (and the first commits).  After that: at reopening the
        # file the last kill left (recovering its WAL) and writing on.
        fresh = not created
        delay = rng.uniform(0, 1.6 * creation if fresh else 0.04)
        child = Child(
            forkserver,
            workers.writer,
            str(database),
            run * 1_000_000,
            rng.random(),
            stderr=tmp_path / "writer-stderr.txt",
            unlock=(database, passphrase) if protected else None,
        )
        assert child.wait_for(workers.STARTING), f"run {run}: the writer did not start"
        time.sleep(delay)
        child.kill()
        where = f"run {run} (seed {seed}, delay {delay * 1000:.1f} ms, fresh={fresh})"
        if not child.killed:
            failed.append(
                f"{where}: the writer ended by itself, exit code {child.process.exitcode}:\n"
                + child.errors()[-3000:]
            )
            (tmp_path / "writer-stderr.txt").unlink(missing_ok=True)
            continue
        numbers = [n for n in child.records if n >= 0]
        acknowledged += len(numbers)
        chain_acked |= {f"K{n}" for n in numbers}
        if workers.OPENED not in child.records:
            if fresh:
                during_creation += 1
            else:
                during_reopen += 1
        else:
            created = True
            while_writing += 1

        image = copy_with_companions(database, tmp_path / "image") if database.exists() else None
        if image is not None:
            verdict = integrity(image)
            if verdict != "ok":
                corrupt.append(f"{where}: {verdict}")
            try:
                open_database(image, image.parent / "backups").close()
            except Exception as exc:
                corrupt.append(f"{where}: open_database raised {exc!r}")
            else:
                missing = chain_acked - names(image, "K[0-9]*")
                if missing:
                    lost_commits |= missing
                    lost.append(f"{where}: {len(missing)} lost, e.g. {sorted(missing)[:3]}")
            shutil.rmtree(image.parent)
        elif chain_acked:
            lost_commits |= chain_acked
            lost.append(f"{where}: the data file is gone")

    report(
        titled("kill -9 writer", protected),
        f"{total} runs, {len(corrupt)} corrupt, {len(lost_commits)} acknowledged commits lost, "
        f"{acknowledged:,} commits acknowledged, {len(failed)} restarts that could not open "
        f"the file; killed {during_creation}x while creating/migrating a new file, "
        f"{during_reopen}x while reopening a crashed one, {while_writing}x while writing",
    )
    assert not failed, "\n".join(failed[:3])
    assert not corrupt, corrupt[:5]
    assert not lost, lost[:5]
    # The runs really killed the writer while it created the file and while it wrote.
    assert during_creation > 0 and while_writing > 0 and acknowledged > 0


@pytest.mark.parametrize("protected", PROTECTED)
def test_a_hot_journal_left_by_a_crash_is_rolled_back_not_called_read_only(tmp_path, protected):
    """A file in rollback-journal mode (new, before the switch to WAL; restored, before it
    is reopened) killed mid-transaction keeps a hot -journal: opening it must roll the
    transaction back, not refuse the file as read-only or damaged."""
    live = tmp_path / "live" / "coachdesk.sqlite3"
    _new_practice(live, protected)
    db = open_database(live, live.parent / "backups")
    for number in range(20):
        create_client(db, ClientData(name=f"K{number}"))
    db.close()
    before = fingerprint(live)
    with closing(connect(live)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA cache_size = 1")  # spill changed pages into the file
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE clients SET private_notes = ?", ("changed " * 3000,))
        image = copy_with_companions(live, tmp_path / "image")  # the crash, as it lies on disk
        connection.execute("ROLLBACK")
    assert image.with_name(image.name + "-journal").stat().st_size > 0
    assert digest(image) != digest(live), "the image holds no half-written transaction"

    assert diagnose(image) is None
    open_database(image, image.parent / "backups").close()
    assert integrity(image) == "ok"
    assert fingerprint(image) == before


def _between_the_two_phases(live, change) -> None:
    """Leave ``live`` as a crash between the two phases of a commit leaves it: the new
    pages written into the file (page 1 among them), the hot -journal still beside it
    (synced: its magic and record count written), holding the pages as they were."""
    journal = live.with_name(live.name + "-journal")
    with closing(connect(live)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("PRAGMA user_version = 0")  # page 1 is journaled from the start
        connection.execute(change)
        kept = bytearray(journal.read_bytes())  # before the commit deletes it
        connection.execute("COMMIT")
    page_size = int.from_bytes(kept[24:28], "big")
    sector = int.from_bytes(kept[20:24], "big")
    kept[0:8] = companions.JOURNAL_MAGIC  # what the commit's first phase writes and syncs
    kept[8:12] = ((len(kept) - sector) // (page_size + 8)).to_bytes(4, "big")
    journal.write_bytes(kept)


@pytest.mark.parametrize("protected", PROTECTED)
def test_the_hot_journal_of_a_commit_cut_between_its_phases_is_the_files_own(tmp_path, protected):
    """Killed after a commit wrote the file and before it deleted the -journal (a new
    file switched to WAL, the old file of a restore switched out of it, a conversion):
    the journal is the file's own, and opening the file rolls the commit back."""
    live = tmp_path / "live" / "coachdesk.sqlite3"
    _new_practice(live, protected)
    db = open_database(live, live.parent / "backups")
    for number in range(20):
        create_client(db, ClientData(name=f"K{number}"))
    db.close()
    before = fingerprint(live)
    _between_the_two_phases(live, "UPDATE clients SET private_notes = 'changed'")
    # SQLite itself takes the journal for the file's own: a copy opens rolled back.
    assert fingerprint(copy_with_companions(live, tmp_path / "copy")) == before
    assert companions.foreign_companion(live) is None
    assert diagnose(live) is None
    open_database(live, live.parent / "backups").close()
    assert integrity(live) == "ok"
    assert fingerprint(live) == before
