"""A data folder whose lock cannot be taken (read-only, a folder named coachdesk.lock, a full
disk): the GUI shows a message box and exits 1, commands say so on stderr and exit 1, the
smoke test reports and exits; never a traceback or the crash dialog."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.paths import AppPaths
from coachdesk.storage.lock import LOCK_NAME

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and flock")


@pytest.fixture
def blocked(tmp_path: Path) -> AppPaths:
    """A data folder holding a practice, with a folder where the lock file should be."""
    paths = AppPaths.under(tmp_path / "data")
    assert main(["demo", "--data-dir", str(paths.data_dir)]) == 0
    assert main(["backup", "--data-dir", str(paths.data_dir)]) == 0
    (paths.data_dir / LOCK_NAME).unlink()  # the empty file a clean exit leaves
    (paths.data_dir / LOCK_NAME).mkdir()
    return paths


def refusal(paths: AppPaths) -> str:
    return (
        f"CoachDesk cannot use the data folder {paths.data_dir}: coachdesk.lock in it is a folder"
    )


@pytest.mark.parametrize("command", ["import", "restore", "demo", "erase"])
def test_a_command_explains_a_folder_in_the_locks_place(blocked, command, capsys, tmp_path):
    before = blocked.database.read_bytes()
    backup = next(blocked.backup_dir.glob("*.sqlite3"))
    csv = tmp_path / "clients.csv"
    csv.write_text("Name\nAnna Berg\n", encoding="utf-8")
    args = {
        "import": [str(csv)],
        "restore": [str(backup)],
        "demo": [],
        "erase": ["1", "--yes"],
    }[command]
    capsys.readouterr()
    assert main([command, *args, "--data-dir", str(blocked.data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"coachdesk: {refusal(blocked)}")
    assert blocked.database.read_bytes() == before


def test_the_smoke_test_explains_a_folder_in_the_locks_place(blocked):
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--smoke-test", "--data-dir", str(blocked.data_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert done.returncode == 1
    assert f"smoke test failed: {refusal(blocked)}" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_gui_shows_a_folder_in_the_locks_place_in_a_message_box(
    blocked, qapp, monkeypatch, capsys
):
    from coachdesk import app
    from coachdesk.ui.common import messages

    shown: list[str] = []
    monkeypatch.setattr(
        messages, "show_problem", lambda _parent, text, _title=None: shown.append(text)
    )
    monkeypatch.setattr(app, "install_crash_hook", lambda: None)
    assert app.run_gui(blocked) == 1
    assert shown == [
        refusal(blocked) + ". CoachDesk needs that name for a file: move the folder away."
    ]
    assert refusal(blocked) in capsys.readouterr().err


def test_the_gui_names_a_command_holding_the_lock(tmp_path, qapp, monkeypatch):
    from coachdesk import app
    from coachdesk.storage.lock import COMMAND, InstanceLock
    from coachdesk.ui.common import messages

    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    shown: list[str] = []
    monkeypatch.setattr(
        messages, "show_problem", lambda _parent, text, _title=None: shown.append(text)
    )
    monkeypatch.setattr(app, "install_crash_hook", lambda: None)
    with InstanceLock(paths.data_dir, kind=COMMAND):
        assert app.run_gui(paths) == 1
    assert len(shown) == 1
    assert shown[0].startswith(f"Another CoachDesk command (pid {os.getpid()})")
    assert "window" not in shown[0]


def _disk_full(_fd: int, _data: bytes) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_does_not_stop_an_import(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    csv = tmp_path / "clients.csv"
    csv.write_text("Name\nAnna Berg\n", encoding="utf-8")
    monkeypatch.setattr(os, "write", _disk_full)  # the lock's pid cannot be written
    assert main(["import", str(csv), "--data-dir", str(data)]) == 0
    monkeypatch.undo()
    assert "Imported 1 client" in capsys.readouterr().out


def test_a_full_disk_does_not_stop_the_smoke_test(tmp_path, qapp, monkeypatch, capsys):
    from coachdesk.app import run_smoke_test

    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    monkeypatch.setattr(os, "write", _disk_full)
    assert run_smoke_test(paths) == 0
    monkeypatch.undo()
    assert "smoke test passed" in capsys.readouterr().out


def test_a_command_held_lock_says_to_wait_for_it_not_to_switch_windows(tmp_path, capsys):
    from coachdesk.storage.lock import COMMAND, InstanceLock

    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    csv = tmp_path / "clients.csv"
    csv.write_text("Name\nAnna Berg\n", encoding="utf-8")
    with InstanceLock(paths.data_dir, kind=COMMAND):
        assert main(["import", str(csv), "--data-dir", str(paths.data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"coachdesk: Another CoachDesk command (pid {os.getpid()})")
    assert "Try again when it has finished" in err
    assert "window" not in err


def test_the_gui_on_a_read_only_data_folder_shows_why_in_a_message_box(
    tmp_path, qapp, monkeypatch, capsys
):
    """A read-only medium: the settings and log folders cannot be made and the lock cannot
    be taken.  The app still gets as far as saying so in a window (it used to stop on the
    missing log folder with a line on stderr only, which a launcher does not show)."""
    from coachdesk import app
    from coachdesk.ui.common import messages

    paths = AppPaths.under(tmp_path / "sd-card")
    paths.data_dir.mkdir()
    real_mkdir, real_open = Path.mkdir, os.open

    def read_only_mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self.is_relative_to(paths.data_dir) and self != paths.data_dir:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    def read_only_open(path: object, flags: int, *args: object) -> int:
        if Path(str(path)) == paths.data_dir / LOCK_NAME:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    shown: list[str] = []
    monkeypatch.setattr(Path, "mkdir", read_only_mkdir)
    monkeypatch.setattr(os, "open", read_only_open)
    monkeypatch.setattr(messages, "show_problem", lambda _p, text, _title=None: shown.append(text))
    monkeypatch.setattr(app, "install_crash_hook", lambda: None)
    assert main(["--data-dir", str(paths.data_dir)]) == 1
    monkeypatch.undo()
    message = f"CoachDesk cannot use the data folder {paths.data_dir}: it is read-only"
    assert len(shown) == 1
    assert shown[0].startswith(message)
    err = capsys.readouterr().err
    assert "cannot write the log file" in err
    assert message in err
