"""A really full file system under the data folder, the backup folder and the log: a small
tmpfs mounted in a private mount namespace of a child process (it vanishes with it),
filled with a filler file to leave nothing, or about the size of what is being written.

Every case: no traceback, done in bounded time, what was saved kept whole (byte for byte
where nothing should change), a plain message saying the disk is full, and no partial
file left behind (a backup's ``.partial`` and its ``-wal``/``-shm``, a restore's
``.restoring``, a migration's safety copy, an export's partial file).

The same on an encrypted practice (``protected``): the scenario's process and the
``coachdesk`` commands it runs unlock it with the passphrase file named by
``COACHDESK_PASSPHRASE_FILE``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from coachdesk.cli.parser import PASSPHRASE_FILE_ENV
from coachdesk.storage import files
from coachdesk.storage.backups import PARTIAL_SUFFIX, RESTORING_SUFFIX
from coachdesk.storage.private_files import PART_SUFFIX
from tests.fault.protected import copy_practice, protect, titled
from tests.fault.test_backup_target import _private_mount_refused
from tests.storage.test_database import make_database_at

pytestmark = pytest.mark.fault

LEFTOVERS = (PARTIAL_SUFFIX, RESTORING_SUFFIX, PART_SUFFIX, "-journal")
BOUND_S = 120  # each scenario, set-up included; a full disk must not make anything hang


@pytest.fixture
def full_fs(tmp_path: Path, protected: bool, passphrase: Path):
    """``run(scenario, mount, size_kb, free, source)``: the scenario's findings and the time
    it took, on a tmpfs of ``size_kb`` on ``mount`` with ``free`` bytes left; with the
    passphrase file named in the environment on an encrypted practice."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to mount a small file system privately")
    refused = _private_mount_refused(tmp_path)
    if refused is not None:
        pytest.skip(f"cannot mount a tmpfs in a private mount namespace here: {refused}")

    def run(scenario: str, mount: Path, size_kb: int, free: int, source: Path) -> dict[str, Any]:
        mount.mkdir(parents=True, exist_ok=True)
        result = tmp_path / f"{scenario}-{free}.json"
        script = (
            'mount -t tmpfs -o "size=$1" tmpfs "$2" && '
            'exec "$3" -m tests.fault.full_fs "$4" "$2" "$5" "$6" "$7"'
        )
        started = time.monotonic()
        done = subprocess.run(
            [
                *("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"),
                *(f"{size_kb}k", str(mount), sys.executable, scenario, str(free)),
                *(str(result), str(source)),
            ],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parents[2],
            env={**os.environ, **({PASSPHRASE_FILE_ENV: str(passphrase)} if protected else {})},
            timeout=BOUND_S * 2,
        )
        elapsed = time.monotonic() - started
        assert done.returncode == 0, done.stderr
        assert elapsed < BOUND_S, f"{scenario} took {elapsed:.0f} s"
        return json.loads(result.read_text())

    return run


def _no_leftovers(files: list[str] | dict[str, str]) -> None:
    left = [name for name in files if name.endswith(LEFTOVERS) or f"{PARTIAL_SUFFIX}-" in name]
    assert left == [], left


def _clean(run: dict[str, Any]) -> None:
    """No traceback, no logging error, no crash: a plain message or nothing."""
    for stream in ("out", "err"):
        assert "Traceback" not in run[stream], run[stream]
        assert "--- Logging error ---" not in run[stream], run[stream]


@pytest.mark.parametrize("free", [0, 64 * 1024], ids=["nothing-free", "64k-free"])
def test_the_data_folder_fills_up_while_records_are_written(
    full_fs, demo_practice, protected, tmp_path, free, report
):
    found = full_fs("record", tmp_path / "data", 4096, free, demo_practice)
    problem, message = found["outcome"]
    report(
        titled(f"data folder full while writing ({free:,} bytes free)", protected),
        f"{len(found['added'])} records written, then refused ({problem}): "
        f"{message.split('. ')[0]}; {found['seconds']:.1f} s",
    )
    assert problem == "disk_full", message
    assert "is full" in message and "nothing already saved was lost" in message
    assert found["after"] == found["before"] + found["added"]  # each record whole, or not at all
    assert found["integrity"] == "ok"
    assert found["seconds"] < 60
    _no_leftovers(found["files"])
    _clean(found["later"])
    assert found["later"]["code"] == 0 and found["later"]["out"].strip() == "healthy"


@pytest.fixture(scope="module")
def older_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data file as the first release left it, with a client in it."""
    from coachdesk.storage.driver import dbapi

    path = tmp_path_factory.mktemp("first-release") / "coachdesk.sqlite3"
    make_database_at(path, "0001")
    with dbapi.connect(path) as connection:
        connection.execute(
            "INSERT INTO clients (id, name, preferred_name, pronouns, email, phone, organisation,"
            " role, status, private_notes, usual_location, created_at, updated_at)"
            " VALUES (7, 'Dan', '', '', '', '', '', '', 'active', ?, '',"
            " '2026-01-01 09:00:00.000000', '2026-01-01 09:00:00.000000')",
            ("n" * 200_000,),
        )
    connection.close()
    return path


@pytest.fixture(scope="module")
def encrypted_older_file(older_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same file, encrypted (protected while at the first release's schema), in WAL
    mode like the plain one (a conversion leaves the file in rollback mode; the first
    connection that may write switches it, which rewrites page 1)."""
    path = copy_practice(older_file, tmp_path_factory.mktemp("first-release-encrypted") / "x")
    path = path.rename(path.with_name("coachdesk.sqlite3"))
    protect(path)
    with closing(files.connect(path)):
        pass
    return path


@pytest.mark.parametrize("room", ["nothing", "the copy only"])
def test_the_data_folder_fills_up_during_a_migration(
    full_fs, protected, request, tmp_path, room, report
):
    """Nothing free: the safety copy cannot be made. Room for the copy only: it is made,
    then the migration itself finds the disk full, and the copy (of a file left as it
    was) goes again."""
    older_file = request.getfixturevalue("encrypted_older_file" if protected else "older_file")
    free = 0 if room == "nothing" else older_file.stat().st_size + 80 * 1024
    found = full_fs("migration", tmp_path / "data", 2048, free, older_file)
    run = found["run"]
    report(
        titled(f"data folder full during a migration ({room})", protected),
        f"exit {run['code']} in {run['seconds']:.1f} s: {run['err'].strip()[:120]}",
    )
    _clean(run)
    assert run["seconds"] < 60
    assert found["integrity"] == "ok" and found["names"] == ["Dan"]
    if run["code"] == 0:  # the migration found room after all: done, whole
        assert found["revision"] != "0001"
        return
    assert run["code"] == 1
    assert "full" in run["err"], run["err"]
    assert found["revision"] == "0001"
    after = {name: digest for name, digest in found["after"].items() if "logs" not in name}
    assert after["coachdesk.sqlite3"] == found["before"]["coachdesk.sqlite3"]
    assert not [name for name in after if name.startswith("backups")], after  # no copy left
    _no_leftovers(after)


@pytest.mark.parametrize("room", ["nothing", "half a backup", "a backup", "a backup and a page"])
def test_the_backup_folder_fills_up(full_fs, demo_practice, protected, tmp_path, room, report):
    source = copy_practice(demo_practice, tmp_path / "data" / "coachdesk.sqlite3")
    size = source.stat().st_size
    free = {"nothing": 0, "half a backup": size // 2, "a backup": size}.get(room, size + 4096)
    found = full_fs("backup", tmp_path / "stick", (size // 1024) * 3 + 64, free, source)
    run = found["run"]
    report(
        titled(f"backup folder full ({room})", protected),
        f"exit {run['code']} in {run['seconds']:.1f} s: {run['err'].strip()[:140]}",
    )
    _clean(run)
    assert run["seconds"] < 60
    _no_leftovers(found["after"])
    older = {name: found["after"].get(name) for name in found["before"]}
    assert older == found["before"]  # the older backups byte for byte
    if run["code"] == 0:
        assert room != "nothing" and room != "half a backup"
        assert len(found["after"]) == 3
        return
    assert run["code"] == 1
    assert "is full" in run["err"] and "disk or drive error" not in run["err"]
    assert "older backups are untouched" in run["err"]
    assert found["after"] == found["before"]


def test_the_log_folder_is_full(full_fs, demo_practice, protected, tmp_path, report):
    data = tmp_path / "data"
    data.mkdir()
    found = full_fs("log", data / "logs", 256, 0, demo_practice)
    report(
        titled("log folder full", protected),
        ", ".join(
            f"{name}: exit {run['code']} ({run['seconds']:.1f} s)"
            for name, run in found["runs"].items()
        ),
    )
    assert found["first"]["code"] == 0
    for name, run in found["runs"].items():
        _clean(run)
        assert run["code"] == 0, f"{name}: {run['err']}"
        assert run["seconds"] < 60, name
        assert run["err"].count("\n") <= 2, f"{name}: {run['err']}"  # a line at most
