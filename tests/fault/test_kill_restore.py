"""kill -9 during a restore: the data file is always the old one or the new one, whole.

The old data is a small practice (half of the runs with a WAL full of commits a crash
left behind, which the restore must fold in before replacing the file); the new one is a
verified backup of the demo practice.  Each run restores in a child killed at a random
moment inside the restore (measured once, uninterrupted).  Then, as CoachDesk would on
its next start, the start-up check and ``open_database`` must accept the data file,
leftovers must be gone, and its contents must be exactly the old or the new data.

The same on an encrypted practice (``protected``): the old data and the backup are
encrypted with the practice's key, and the restorer unlocks it with the passphrase.
Restoring a backup made under *another* key (before the protection was set up anew)
is pinned down apart, at the moments that matter: while the new copy is written, and
between its rename and its key envelope's.
"""

from __future__ import annotations

import errno
import random
import shutil
import time
from pathlib import Path

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.storage import backups, encrypted_files
from coachdesk.storage import files as files_module
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.errors import StorageError
from tests.fault import workers
from tests.fault.harness import Child, copy_with_companions, fingerprint, integrity
from tests.fault.protected import (
    copy_practice,
    is_encrypted,
    passphrase_file,
    start_protected,
    titled,
    unlock,
)

pytestmark = pytest.mark.fault

DATA_NAME = "coachdesk.sqlite3"


def _old_data(folder: Path, backup: Path) -> tuple[Path, Path]:
    """A closed small practice, and the same one as a crash left it (commits in its WAL);
    encrypted with the same key as ``backup`` when that one is encrypted."""
    closed = folder / "closed" / DATA_NAME
    closed.parent.mkdir(parents=True)
    envelope = encrypted_files.envelope_for(backup)
    if envelope is not None:  # the practice's own backup: its key is the practice's
        encrypted_files.write_sidecar(closed, envelope)
    db = open_database(closed, closed.parent / "backups")
    for number in range(30):
        create_client(db, ClientData(name=f"O{number}", private_notes="o" * 500))
    db.close()
    crashed = copy_practice(closed, folder / "crashed" / DATA_NAME)
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
    for suffix in ("", "-wal", encrypted_files.SIDECAR_SUFFIX):
        source = old.with_name(old.name + suffix)
        if source.exists():
            shutil.copyfile(source, database.with_name(database.name + suffix))
    return database


def _restore_time(forkserver, source: Path, old: Path, folder: Path, unlock) -> float:
    """How long an uninterrupted restore takes here, to aim the kills inside it."""
    database = _place(old, folder)
    child = Child(
        forkserver,
        workers.restorer,
        str(source),
        str(database),
        str(folder / "backups"),
        stderr=folder / "stderr.txt",
        unlock=unlock and (database, unlock),
    )
    assert child.wait_for(workers.STARTING), child.errors()
    started = time.perf_counter()
    assert child.wait_for(workers.DONE), child.errors()
    took = time.perf_counter() - started
    child.finish()
    return took


def test_kill_9_during_restore_leaves_the_old_or_the_new_data(
    forkserver, demo_practice_backup, protected, passphrase, tmp_path, runs, seed, report
):
    demo_backup = demo_practice_backup
    total = runs(50, 300)
    rng = random.Random(f"{seed}:kill-restore" + (":encrypted" if protected else ""))
    olds = _old_data(tmp_path / "old", demo_backup)
    assert all(is_encrypted(old) == protected for old in olds)
    expected_old = {old: _fingerprint_of(old, tmp_path / "scratch") for old in olds}
    expected_new = _fingerprint_of(demo_backup, tmp_path / "scratch")
    assert expected_new not in expected_old.values()
    unlock = passphrase if protected else None

    duration = max(
        _restore_time(forkserver, demo_backup, olds[1], tmp_path / f"calibration-{n}", unlock)
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
            unlock=unlock and (database, unlock),
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
        if is_encrypted(database) != protected:
            problems.append(f"{where}: the data file is {'not ' if protected else ''}encrypted")
            continue
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
        titled("kill -9 during restore", protected),
        f"{total} runs, {len(problems)} with a data file neither old nor new or not intact; "
        f"old data kept {outcomes['old']}, new data in place {outcomes['new']}; a .restoring "
        f"leftover (cleared on open) {restoring_left}, a .partial safety copy left in the "
        f"backup folder {partial_left} (both cleared at the next start); an uninterrupted "
        f"restore takes {duration * 1000:.0f} ms",
    )
    assert not problems, "\n".join(problems[:5])
    # Kills landed both before and after the moment the new file replaced the old one.
    assert outcomes["old"] > 0 and outcomes["new"] > 0


# --- a backup made under another key -------------------------------------


def _other_key_practice(folder: Path, name: str) -> Path:
    """A closed encrypted practice of its own key, with one client ``name``."""
    database = folder / DATA_NAME
    database.parent.mkdir(parents=True)
    start_protected(database)
    db = open_database(database, database.parent / "backups")
    try:
        create_client(db, ClientData(name=name, private_notes=name * 50))
    finally:
        db.close()
    return database


@pytest.mark.parametrize("cut", ["kill -9", "disk full"])
def test_a_restore_of_a_backup_under_another_key_cut_short_leaves_the_old_data_openable(
    forkserver, tmp_path, cut, monkeypatch
):
    """The old practice and a backup made under another key (the practice's protection
    set up anew since, or another practice's), both opened with the passphrase.  Cut short
    while the new copy is being written (the child is killed there, or the disk is full),
    the restore must leave the old data file as it was and openable with its passphrase
    at the next start."""
    old = _other_key_practice(tmp_path / "old", "O")
    before = fingerprint(old)
    other = _other_key_practice(tmp_path / "other", "N")
    backup = backups.make_backup(other, other.parent / "backups").path
    assert encrypted_files.envelope_for(backup).key_id != encrypted_files.envelope_for(old).key_id
    if cut == "kill -9":
        passphrase = passphrase_file(tmp_path / "secret")
        child = Child(  # unlocks the data file, then the backup (the same passphrase)
            forkserver,
            workers.unlocking,
            str(backup),
            str(passphrase),
            workers.restorer_stopped_while_copying,
            str(backup),
            str(old),
            str(old.parent / "backups"),
            stderr=tmp_path / "err",
            unlock=(old, passphrase),
        )
        assert child.wait_for(workers.DONE), child.errors()  # copying the new file now
        child.kill()
    else:
        real = files_module.sqlite_backup

        def full(source: Path, target: Path, progress=None, **options) -> None:
            if not target.name.endswith(backups.RESTORING_SUFFIX):
                return real(source, target, progress, **options)
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files_module, "sqlite_backup", full)
        with pytest.raises(StorageError):
            backups.restore(backup, old, old.parent / "backups")
        monkeypatch.undo()

    # The next start: the coach unlocks the practice with its passphrase.
    encrypted_files.forget_keys()
    unlock(old)
    assert backups.diagnose(old) is None
    assert fingerprint(old) == before


class Killed(BaseException):
    """The process dies here (nothing after it runs, no handler catches it)."""


def _plain_practice(folder: Path, name: str) -> Path:
    """A closed plain practice with one client ``name`` (and a stale key envelope beside
    it, as one whose protection was removed by hand)."""
    database = folder / DATA_NAME
    database.parent.mkdir(parents=True)
    db = open_database(database, database.parent / "backups")
    try:
        create_client(db, ClientData(name=name))
    finally:
        db.close()
    stale = _other_key_practice(folder / "stale", "S")
    shutil.copyfile(encrypted_files.sidecar(stale), encrypted_files.sidecar(database))
    return database


def test_a_restore_taking_the_backups_key_killed_after_its_rename_opens_with_it(
    tmp_path, monkeypatch
):
    """A practice without a held key (here a plain one) takes an encrypted backup's key.
    Killed after the restored copy replaced the data file and before its envelope
    replaced the old one: the start reads the envelope whose salt is the data file's, the
    backup's passphrase opens it, and the open settles the envelope in place."""
    old = _plain_practice(tmp_path / "old", "O")
    other = _other_key_practice(tmp_path / "other", "N")
    backup = backups.make_backup(other, other.parent / "backups").path
    expected = fingerprint(other)
    restored_key = encrypted_files.envelope_for(backup).key_id

    settle = encrypted_files.settle_next

    def killed(database: Path) -> None:
        if encrypted_files.next_sidecar(database).exists():  # the restore's own, at its end
            raise Killed
        settle(database)

    monkeypatch.setattr(encrypted_files, "settle_next", killed)
    with pytest.raises(Killed):
        backups.restore(backup, old, old.parent / "backups")
    monkeypatch.undo()
    assert encrypted_files.next_sidecar(old).exists()
    assert encrypted_files.envelope_for(encrypted_files.sidecar(old)) is None  # not read

    encrypted_files.forget_keys()
    unlock(old)
    assert backups.diagnose(old) is None
    open_database(old, old.parent / "backups").close()
    assert not encrypted_files.next_sidecar(old).exists()
    encrypted_files.forget_keys()
    unlock(old)  # from the .keys file alone now
    assert encrypted_files.envelope_for(old).key_id == restored_key
    assert fingerprint(old) == expected


def test_the_envelope_of_a_copy_never_renamed_in_is_not_read_and_goes(tmp_path):
    """Killed after the restore wrote the next envelope and before its rename: the old
    data file keeps its own envelope, and the next open removes the other one with the
    restore's partial copy."""
    old = _other_key_practice(tmp_path / "old", "O")
    before = fingerprint(old)
    other = _other_key_practice(tmp_path / "other", "N")
    partial = old.with_name(DATA_NAME + backups.RESTORING_SUFFIX)
    shutil.copyfile(other, partial)
    encrypted_files.write_next(old, partial, encrypted_files.envelope_for(other))

    encrypted_files.forget_keys()
    unlock(old)
    assert backups.diagnose(old) is None
    open_database(old, old.parent / "backups").close()
    assert not partial.exists() and not encrypted_files.next_sidecar(old).exists()
    assert fingerprint(old) == before


@pytest.mark.parametrize("made", ["under another key", "before the protection"])
def test_a_protected_practice_stays_protected_under_its_own_key_after_a_restore(tmp_path, made):
    """Whatever the backup (another key's, or a plain one made before the protection),
    the restored practice is encrypted with its own data key: its passphrase and its
    recovery sheet keep opening it, and no other envelope is left beside it."""
    practice = _other_key_practice(tmp_path / "practice", "P")
    own_key = encrypted_files.envelope_for(practice).key_id
    if made == "under another key":
        other = _other_key_practice(tmp_path / "other", "N")
    else:
        other = _plain_practice(tmp_path / "other", "N")
    backup = backups.make_backup(other, other.parent / "backups").path
    expected = fingerprint(other)

    backups.restore(backup, practice, practice.parent / "backups")
    assert is_encrypted(practice)
    assert not encrypted_files.next_sidecar(practice).exists()
    encrypted_files.forget_keys()
    unlock(practice)
    assert encrypted_files.envelope_for(practice).key_id == own_key
    assert backups.diagnose(practice) is None
    assert fingerprint(practice) == expected
