"""The log is optional and quiet: a log that cannot be written is said once, in one line,
and never stops a command or floods stderr with logging's own tracebacks."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.logs import log_status, setup_logging
from coachdesk.paths import AppPaths

FULL = Path("/dev/full")  # a real full device: every write fails with ENOSPC


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=180,
    )


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
def test_a_log_on_a_full_disk_is_said_once_and_the_command_succeeds(tmp_path):
    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    paths.log_file.symlink_to(FULL)
    done = _run("demo", "--data-dir", str(paths.data_dir))
    assert done.returncode == 0, done.stderr
    assert "Demo practice (demo) written" in done.stdout
    assert "Logging error" not in done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines == [
        f"coachdesk: cannot write the log file {paths.log_file} (No space left on device); "
        "carrying on without it"
    ]


def test_a_log_folder_that_cannot_be_made_does_not_stop_a_command(tmp_path, capsys):
    paths = AppPaths.under(tmp_path / "data")
    paths.data_dir.mkdir()
    paths.log_dir.write_text("a file where the log folder should be", encoding="utf-8")
    assert main(["clients", "--data-dir", str(paths.data_dir)]) == 0
    captured = capsys.readouterr()
    assert "No clients." in captured.out
    assert captured.err == (
        f"coachdesk: cannot write the log file {paths.log_file} ({paths.log_dir} is a file, "
        "not a folder); "
        "carrying on without it\n"
    )
    assert log_status().startswith(f"{paths.log_file} (not written: ")


def test_the_gui_opens_when_its_log_cannot_be_written(tmp_path):
    paths = AppPaths.under(tmp_path / "data")
    paths.data_dir.mkdir()
    paths.log_dir.write_text("a file where the log folder should be", encoding="utf-8")
    done = _run("--smoke-test", "--data-dir", str(paths.data_dir))
    assert done.returncode == 0, done.stderr
    assert "smoke test passed" in done.stdout
    assert "cannot write the log file" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_failed_write_goes_quiet_after_one_line(tmp_path, capsys, monkeypatch):
    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    assert setup_logging(paths)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "coachdesk", False))

    def full(_record: logging.LogRecord) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handler, "shouldRollover", full)
    for number in range(20):
        logging.getLogger("test").warning("line %s", number)
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert "Logging error" not in err
    assert "not written since" in log_status()


def test_the_log_is_rotated_before_it_outgrows_its_limit_and_keeps_five(tmp_path, monkeypatch):
    monkeypatch.setattr("coachdesk.logs.MAX_BYTES", 2_000)
    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()
    assert setup_logging(paths)
    for number in range(400):
        logging.getLogger("test").info("line %04d %s", number, "x" * 40)
    logged = sorted(path.name for path in paths.log_dir.iterdir())
    assert logged == [paths.log_file.name] + [f"{paths.log_file.name}.{n}" for n in range(1, 6)]
    for path in paths.log_dir.iterdir():
        assert 0 < path.stat().st_size < 2_000
    newest = paths.log_file.read_text(encoding="utf-8")
    assert "line 0399" in newest
    rotated = (paths.log_dir / f"{paths.log_file.name}.1").read_text(encoding="utf-8")
    first_kept = int(newest.split("line ")[1][:4])
    assert f"line {first_kept - 1:04d}" in rotated  # nothing lost between the two
