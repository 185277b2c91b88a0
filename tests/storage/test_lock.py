"""One writer per data folder: the instance lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.storage.errors import Problem, StorageError
from coachdesk.storage.lock import LOCK_NAME, AlreadyOpen, InstanceLock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock and kill -9 are POSIX")

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from coachdesk.storage.lock import InstanceLock

    lock = InstanceLock(Path(sys.argv[1])).acquire()
    print("held", flush=True)
    time.sleep(120)
    """
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def holder(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """Another CoachDesk process holding the lock on ``folder`` (killed at the end)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()


def test_acquire_then_release(folder):
    lock = InstanceLock(folder)
    assert not lock.held
    assert lock.acquire() is lock
    assert lock.held
    assert not lock.recovered
    assert (folder / LOCK_NAME).read_text() == str(os.getpid())
    lock.release()
    assert not lock.held
    assert (folder / LOCK_NAME).read_text() == ""  # an empty file: the holder ended cleanly
    lock.release()  # releasing twice is harmless


def test_acquiring_twice_on_the_same_lock_is_harmless(folder):
    lock = InstanceLock(folder).acquire()
    try:
        assert lock.acquire() is lock
        assert lock.held
    finally:
        lock.release()


def test_a_second_lock_in_the_same_process_is_refused(folder):
    # flock belongs to the open file description: a second open of the file conflicts
    # even within one process, as a second window on the same folder would.
    first = InstanceLock(folder).acquire()
    try:
        second = InstanceLock(folder)
        with pytest.raises(AlreadyOpen) as caught:
            second.acquire()
        assert not second.held
        error = caught.value
        assert isinstance(error, StorageError)
        assert error.problem is Problem.LOCKED
        assert error.holder == str(os.getpid())
        assert error.message == (
            f"CoachDesk is already open on this data folder (process {os.getpid()}): {folder}. "
            "Switch to that window, or close it and try again."
        )
        assert first.held
        assert (folder / LOCK_NAME).read_text() == str(os.getpid())  # the holder's pid kept
    finally:
        first.release()


def test_release_then_another_can_take_it(folder):
    first = InstanceLock(folder).acquire()
    first.release()
    second = InstanceLock(folder).acquire()
    try:
        assert second.held
        assert not second.recovered  # the first one released it properly
    finally:
        second.release()
    assert first.acquire().held  # and back again
    first.release()


def test_the_lock_file_is_readable_by_the_owner_only(folder):
    lock = InstanceLock(folder).acquire()
    try:
        assert (folder / LOCK_NAME).stat().st_mode & 0o777 == 0o600
    finally:
        lock.release()


def test_a_missing_data_folder_is_a_plain_error(tmp_path):
    with pytest.raises(StorageError) as caught:
        InstanceLock(tmp_path / "not-there").acquire()
    assert caught.value.problem is Problem.CANNOT_OPEN
    assert "cannot use its data folder" in caught.value.message


def test_another_process_holding_the_lock_is_named(folder, holder):
    lock = InstanceLock(folder)
    with pytest.raises(AlreadyOpen) as caught:
        lock.acquire()
    assert caught.value.holder == str(holder.pid)
    assert f"(process {holder.pid})" in caught.value.message
    assert not lock.held


def test_a_lock_left_by_a_process_killed_with_sigkill_is_recovered(folder, holder):
    with pytest.raises(AlreadyOpen):
        InstanceLock(folder).acquire()
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=30) == -signal.SIGKILL
    assert (folder / LOCK_NAME).read_text() == str(holder.pid)  # the dead holder's hint is left

    lock = InstanceLock(folder).acquire()
    try:
        assert lock.held
        assert lock.recovered
        assert (folder / LOCK_NAME).read_text() == str(os.getpid())
    finally:
        lock.release()
    again = InstanceLock(folder).acquire()
    assert not again.recovered  # released cleanly this time
    again.release()


def test_a_holder_that_exits_normally_without_releasing_also_frees_the_lock(folder):
    script = HOLDER.replace('print("held", flush=True)\ntime.sleep(120)', "")
    assert "sleep" not in script
    done = subprocess.run([sys.executable, "-c", script, str(folder)], timeout=60, check=False)
    assert done.returncode == 0
    lock = InstanceLock(folder).acquire()
    try:
        assert lock.recovered  # it never said it ended cleanly
    finally:
        lock.release()
