"""A copy of a data file in WAL mode on a really read-only medium (a tmpfs remounted
read-only in a private mount namespace): SQLite cannot make the ``-shm`` a WAL-mode file
needs there, yet the copy is whole and must be verified, restored from and exported.
The same for an encrypted copy (with its key envelope), unlocked with the passphrase."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.storage import encrypted_files
from tests.fault.protected import PASSPHRASE, titled
from tests.fault.test_backup_target import _private_mount_refused

pytestmark = pytest.mark.fault

_CHECKS = """
import sys
from pathlib import Path
from coachdesk.storage import protection
from coachdesk.storage.backups import verify
from coachdesk.storage.database import open_read_only
copy = Path(sys.argv[1])
if len(sys.argv) > 2:
    protection.unlock(copy, "passphrase", sys.stdin.readline().rstrip("\\n"))
summary = verify(copy)
print("verified", summary.clients, summary.sessions)
db = open_read_only(copy)
with db.read() as connection:
    print("read", connection.execute("SELECT count(*) FROM clients").fetchone()[0])
"""


def test_a_wal_mode_copy_on_a_read_only_drive_is_read_and_verified(
    demo_practice, protected, tmp_path, report
):
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to mount a read-only file system privately")
    refused = _private_mount_refused(tmp_path)
    if refused is not None:
        pytest.skip(f"cannot mount a tmpfs in a private mount namespace here: {refused}")
    # WAL mode, as the app keeps it (an encrypted file's header is read decrypted)
    assert encrypted_files.header_of(demo_practice)[18:20] == b"\x02\x02"
    mount = tmp_path / "stick"
    mount.mkdir()
    script = (
        'mount -t tmpfs -o size=64m tmpfs "$1" && cp "$2" "$1/coachdesk.sqlite3" && '
        '{ [ ! -e "$2.keys" ] || cp "$2.keys" "$1/coachdesk.sqlite3.keys"; } && '
        'mount -o remount,ro "$1" && exec "$3" -c "$4" "$1/coachdesk.sqlite3" $5'
    )
    done = subprocess.run(
        [
            *("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"),
            *(str(mount), str(demo_practice), sys.executable, _CHECKS),
            *(["unlock"] if protected else []),
        ],
        input=PASSPHRASE + "\n" if protected else "",
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("verified ")
    assert "\nread " in done.stdout
    report(
        titled("WAL-mode copy on a read-only drive", protected),
        done.stdout.strip().replace("\n", ", "),
    )
