"""One writer per data folder: the instance lock."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.storage.errors import Problem, StorageError
from coachdesk.storage.lock import COMMAND, LOCK_NAME, AlreadyOpen, InstanceLock, LockRefused

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
    assert (folder / LOCK_NAME).read_text() == f"{os.getpid()} gui"
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
        assert (folder / LOCK_NAME).read_text() == f"{os.getpid()} gui"  # the holder's pid kept
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
    assert caught.value.message == (
        f"CoachDesk cannot use the data folder {tmp_path / 'not-there'}: it does not exist."
    )


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
    assert (folder / LOCK_NAME).read_text() == f"{holder.pid} gui"  # the dead holder's hint is left

    lock = InstanceLock(folder).acquire()
    try:
        assert lock.held
        assert lock.recovered
        assert (folder / LOCK_NAME).read_text() == f"{os.getpid()} gui"
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


def test_a_command_holding_the_lock_is_not_called_a_window(folder):
    command = InstanceLock(folder, kind=COMMAND).acquire()
    try:
        with pytest.raises(AlreadyOpen) as caught:
            InstanceLock(folder).acquire()
    finally:
        command.release()
    assert caught.value.kind == COMMAND
    assert caught.value.message == (
        f"Another CoachDesk command (pid {os.getpid()}) is using this data folder: {folder}. "
        "Try again when it has finished."
    )
    assert "window" not in caught.value.message


def test_a_lock_file_of_an_older_coachdesk_names_the_pid_without_guessing(folder):
    (folder / LOCK_NAME).write_text("4321")
    descriptor = os.open(folder / LOCK_NAME, os.O_RDWR)
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        with pytest.raises(AlreadyOpen) as caught:
            InstanceLock(folder, kind=COMMAND).acquire()
    finally:
        os.close(descriptor)
    assert caught.value.holder == "4321"
    assert "(process 4321)" in caught.value.message
    assert "Switch to that window" not in caught.value.message


def test_a_folder_in_the_lock_files_place_is_a_plain_refusal(folder):
    (folder / LOCK_NAME).mkdir()
    with pytest.raises(LockRefused) as caught:
        InstanceLock(folder).acquire()
    assert caught.value.message.startswith(
        f"CoachDesk cannot use the data folder {folder}: coachdesk.lock in it is a folder."
    )
    assert (folder / LOCK_NAME).is_dir()  # left as it was


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder anyway")
def test_a_read_only_data_folder_is_a_plain_refusal(folder):
    folder.chmod(0o500)
    try:
        with pytest.raises(LockRefused) as caught:
            InstanceLock(folder).acquire()
    finally:
        folder.chmod(0o700)
    assert caught.value.problem is Problem.READ_ONLY
    assert caught.value.message.startswith(
        f"CoachDesk cannot use the data folder {folder}: it is read-only."
    )


def test_a_full_disk_does_not_stop_the_lock(folder, monkeypatch):
    def full(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    lock = InstanceLock(folder).acquire()
    monkeypatch.undo()
    try:
        assert lock.held
        with pytest.raises(AlreadyOpen):
            InstanceLock(folder).acquire()  # still one writer
    finally:
        lock.release()


def test_a_read_only_file_system_is_a_plain_refusal(folder, monkeypatch):
    def read_only(*_args: object, **_kwargs: object) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(LockRefused) as caught:
        InstanceLock(folder).acquire()
    assert caught.value.message.startswith(
        f"CoachDesk cannot use the data folder {folder}: it is read-only."
    )
