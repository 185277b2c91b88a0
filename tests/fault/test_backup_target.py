"""A backup target that fills up, and one that is read-only.

Full: the backup runs in a child whose files may not grow past a limit (RLIMIT_FSIZE,
with SIGXFSZ ignored, so a write past it fails with EFBIG as on a full disk), at limits
from nothing to just under the size the backup needs; and once on a really full file
system, a small tmpfs mounted in a private mount namespace.  Read-only: we run as root, for
whom permissions do not apply, so the child drops to an unprivileged user first; the
backup folder is then either someone else's, or the user's own but without write
permission.  Either way: a StorageError with a plain message, no partial file, and the
older backups byte for byte as they were.

The same on an encrypted practice (``protected``): the children unlock it with the
passphrase first, and the backup that fits must be encrypted, with its key envelope.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coachdesk.cli.parser import PASSPHRASE_FILE_ENV
from coachdesk.storage import backups, encrypted_files
from coachdesk.storage.database import open_database
from tests.fault import workers
from tests.fault.harness import Child, digest
from tests.fault.protected import copy_practice, is_encrypted, titled

pytestmark = pytest.mark.fault

UNPRIVILEGED = 65534  # "nobody" on most systems; any uid without rights here will do


def _contents(folder: Path) -> dict[str, str]:
    """The files in ``folder``, by name, with their hashes."""
    return {path.name: digest(path) for path in folder.iterdir()}


def _older_backups(source: Path, folder: Path) -> dict[str, str]:
    """Two older backups in ``folder`` (made here); their names and hashes."""
    folder.mkdir(exist_ok=True)
    for day in (1, 2):
        backups.make_backup(source, folder, now=datetime(2025, 1, day, 9, 0, tzinfo=UTC))
    return _contents(folder)


def test_a_backup_target_that_fills_up(
    forkserver, demo_practice, protected, passphrase, tmp_path, report
):
    data = tmp_path / "data"
    source = copy_practice(demo_practice, data / "coachdesk.sqlite3")
    unlock = (source, passphrase) if protected else None
    folder = tmp_path / "usb-stick"
    older = _older_backups(source, folder)
    size = next(iter(folder.iterdir())).stat().st_size
    page = 4096
    # Nothing at all; inside the header page; on and off page boundaries; one byte short.
    limits = [0, 100, page, 3 * page + 1000, size // 2, size - page, size - 1]
    # The data file stays open meanwhile, as in the app (its -shm exists and is sized).
    db = open_database(source, data / "backups")
    outcomes: dict[str, int] = {}
    problems: list[str] = []
    try:
        with db.read() as connection:
            connection.execute("SELECT count(*) FROM clients").fetchone()
            for limit in limits:
                child = Child(
                    forkserver,
                    workers.backup_with_size_limit,
                    str(source),
                    str(folder),
                    limit,
                    unlock=unlock,
                )
                kind, detail, message = child.recv()
                child.finish()
                where = f"limit {limit:,} bytes"
                outcomes[detail] = outcomes.get(detail, 0) + 1
                if kind != "StorageError":
                    problems.append(f"{where}: {kind} {detail}\n{message}")
                    continue
                if detail not in ("disk_full", "io"):
                    problems.append(f"{where}: reported as {detail}: {message}")
                if str(folder) not in message or "older backups are untouched" not in message:
                    problems.append(f"{where}: not a plain message: {message}")
                if _contents(folder) != older:
                    problems.append(f"{where}: left {sorted(_contents(folder))}")
            # A limit above what the backup needs: the same child succeeds.
            child = Child(
                forkserver,
                workers.backup_with_size_limit,
                str(source),
                str(folder),
                10 * size,
                unlock=unlock,
            )
            control = child.recv()
            child.finish()
    finally:
        db.close()
    report(
        titled("backup target fills up", protected),
        f"{len(limits)} limits from 0 to {size - 1:,} bytes (backup: {size:,}): "
        f"{len(problems)} problems; reported as "
        + ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
        + "; older backups untouched, no partial file",
    )
    assert not problems, "\n".join(problems)
    assert control[0] == "ok", control
    assert Path(control[1]).name not in older and backups.verify(Path(control[1]))
    assert is_encrypted(Path(control[1])) == protected
    assert (encrypted_files.trailer_size(Path(control[1])) > 0) == protected


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own temporary folders are root's,
    mode 0700, on the way)."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("needs root, to drop to an unprivileged user in a child process")
    base = Path(tempfile.mkdtemp(prefix="coachdesk-fault-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base)


@pytest.mark.parametrize("whose", ["root's folder", "own folder without write permission"])
def test_a_read_only_backup_target(
    forkserver, demo_practice, protected, passphrase, open_folder, whose, report
):
    data = open_folder / "data"
    source = copy_practice(demo_practice, data / "coachdesk.sqlite3")
    folder = open_folder / "backups"
    older = _older_backups(source, folder)
    for path in data.iterdir():  # the data (and its key envelope) is the user's own
        os.chown(path, UNPRIVILEGED, UNPRIVILEGED)
    os.chown(data, UNPRIVILEGED, UNPRIVILEGED)
    if whose == "root's folder":
        folder.chmod(0o755)  # readable by anyone, writable by root only
    else:
        for path in (folder, *folder.iterdir()):
            os.chown(path, UNPRIVILEGED, UNPRIVILEGED)
        folder.chmod(0o500)  # the user's own, but read-only

    child = Child(  # unlocks first (as root, reading the passphrase file), then drops root
        forkserver,
        workers.backup_as_user,
        str(source),
        str(folder),
        UNPRIVILEGED,
        UNPRIVILEGED,
        unlock=(source, passphrase) if protected else None,
    )
    kind, detail, message = child.recv()
    child.finish()
    folder.chmod(0o700)
    report(
        titled(f"read-only backup target ({whose})", protected),
        f"refused with {kind} ({detail}): {message.split('. ')[0]}; no partial file, older "
        f"backups untouched",
    )
    assert kind == "StorageError", f"{detail}\n{message}"
    assert "may not write to the backup folder" in message and str(folder) in message
    assert "older backups are untouched" in message
    assert _contents(folder) == older  # no partial file, the older backups as they were


def _private_mount_refused(tmp_path: Path) -> str | None:
    """Why this machine refuses a tmpfs in a private mount namespace (a container without
    CAP_SYS_ADMIN, a chroot), or None.  Tried on its own first, so that a failure of the
    test itself is a real defect."""
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(
        [
            *("unshare", "--mount", "--propagation", "private"),
            *("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode == 0:
        return None
    return done.stderr.strip() or f"unshare exited with {done.returncode}"


def test_a_backup_target_that_is_really_full(
    demo_practice, protected, passphrase, tmp_path, report
):
    """The same on a real full file system: a small tmpfs, mounted in a private mount
    namespace of a child process (it vanishes with it), holding two older backups."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to mount a small file system privately")
    refused = _private_mount_refused(tmp_path)
    if refused is not None:
        pytest.skip(f"cannot mount a tmpfs in a private mount namespace here: {refused}")
    source = copy_practice(demo_practice, tmp_path / "coachdesk.sqlite3")
    folder = tmp_path / "full-stick"
    folder.mkdir()
    pages = (source.stat().st_size // 4096) * 5 // 2 + 1  # room for 2.5 backups
    result_file = tmp_path / "result.json"
    script = (
        'mount -t tmpfs -o "size=$1" tmpfs "$2" && '
        'exec "$3" -m tests.fault.full_disk "$4" "$2" "$5"'
    )
    done = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
            f"{pages * 4}k",
            str(folder),
            sys.executable,
            str(source),
            str(result_file),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        env={**os.environ, **({PASSPHRASE_FILE_ENV: str(passphrase)} if protected else {})},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(result_file.read_text())
    kind, detail, message = result["outcome"]
    report(
        titled("backup target really full (tmpfs)", protected),
        f"refused with {kind} ({detail}): {message.split(';')[0]}",
    )
    assert kind == "StorageError", f"{detail}\n{message}"
    assert detail == "disk_full" and "is full" in message and str(folder) in message
    assert "older backups are untouched" in message
    assert result["after"] == result["before"]  # no partial file, older backups as they were
    assert len(result["before"]) == 2
