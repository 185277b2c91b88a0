"""Failures before the window exists: named precisely, on stderr for every command and in
a message window too for the app (an app started from a launcher has no terminal); and a
practice on a read-only medium can still be exported."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.cli import main, start
from coachdesk.paths import DATA_DIR_ENV, AppPaths
from tests.helpers import message_text, when_modal


def test_a_data_dir_naming_a_file_is_called_a_file(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("not a folder", encoding="utf-8")
    assert main(["clients", "--data-dir", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"coachdesk: --data-dir names a file, not a folder: {target}\n"
    )


def test_the_environment_variable_naming_a_file_is_called_a_file(tmp_path, capsys, monkeypatch):
    target = tmp_path / "notes.txt"
    target.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(target))
    assert main(["clients"]) == 1
    assert capsys.readouterr().err == (
        f"coachdesk: {DATA_DIR_ENV} names a file, not a folder: {target}\n"
    )


def test_a_file_in_the_way_of_a_parent_is_named(tmp_path, capsys):
    blocker = tmp_path / "stick"
    blocker.write_text("", encoding="utf-8")
    assert main(["clients", "--data-dir", str(blocker / "CoachDesk")]) == 1
    assert capsys.readouterr().err == (
        f"coachdesk: cannot use the data folder {blocker / 'CoachDesk'}: {blocker} is a file, "
        "not a folder\n"
    )


def test_a_folder_that_cannot_be_made_is_named_when_it_comes_from_the_environment(
    tmp_path, capsys, monkeypatch
):
    """The path came from the environment, not --data-dir: the message still names it."""
    folder = tmp_path / "practice"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))

    def refused(self: Path, *_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    assert main(["clients"]) == 1
    monkeypatch.undo()
    assert capsys.readouterr().err == (
        f"coachdesk: cannot use the data folder {folder}: Permission denied\n"
    )


def test_the_app_shows_a_failure_before_its_window_in_a_message_window(
    tmp_path, qapp, qtbot, monkeypatch, capsys
):
    target = tmp_path / "notes.txt"
    target.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(start, "_window_can_be_seen", lambda: True)
    texts: list[str] = []
    when_modal(lambda box: (texts.append(message_text(box)), box.accept()))
    assert main(["--data-dir", str(target)]) == 1
    assert texts == [f"--data-dir names a file, not a folder: {target}"]
    assert f"--data-dir names a file, not a folder: {target}" in capsys.readouterr().err


def test_no_message_window_where_nobody_could_see_it(tmp_path, monkeypatch, capsys):
    """The smoke test, the commands and an offscreen app only report on stderr: a box there
    would wait for ever."""
    target = tmp_path / "notes.txt"
    target.write_text("not a folder", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(start, "_show_start_problem", shown.append)
    monkeypatch.setattr(start, "_window_can_be_seen", lambda: True)
    assert main(["--smoke-test", "--data-dir", str(target)]) == 1
    assert main(["clients", "--data-dir", str(target)]) == 1
    monkeypatch.undo()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not start._window_can_be_seen()
    assert shown == []
    assert capsys.readouterr().err.count("names a file, not a folder") == 2


# --- a practice on a read-only medium ---------------------------------------------------------


def _read_only_refused(tmp_path: Path) -> str | None:
    """Why this machine cannot bind-mount a folder read-only in a private mount namespace."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return "needs root and unshare(1) to mount a folder read-only privately"
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(
        [
            *("unshare", "--mount", "--propagation", "private", "sh", "-c"),
            'mount --bind -o ro "$1" "$1"',
            *("sh", str(probe)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode == 0:
        return None
    return done.stderr.strip() or f"unshare exited with {done.returncode}"


def _on_read_only_medium(medium: Path, *commands: list[str]) -> subprocess.CompletedProcess[str]:
    """Run each coachdesk command with ``medium`` mounted read-only (EROFS, as a locked SD
    card or a read-only share), one after the other; their outputs separated by a line."""
    python = sys.executable
    script = 'mount --bind -o ro "$1" "$1" || exit 99; shift; ' + "; ".join(
        f'"$@" {" ".join(_quote(arg) for arg in command)}; echo "rc=$?"; echo ==== >&2'
        for command in commands
    )
    return subprocess.run(
        [
            *("unshare", "--mount", "--propagation", "private", "sh", "-c", script),
            *("sh", str(medium), python, "-m", "coachdesk"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<folder>"
        for path in sorted(folder.rglob("*"))
    }


def test_a_practice_on_a_read_only_medium_can_be_exported(tmp_path):
    refused = _read_only_refused(tmp_path)
    if refused is not None:
        pytest.skip(f"cannot mount a folder read-only here: {refused}")
    source = AppPaths.under(tmp_path / "practice")
    assert main(["demo", "--data-dir", str(source.data_dir)]) == 0
    medium = tmp_path / "sd-card"
    medium.mkdir()
    shutil.copyfile(source.database, medium / "coachdesk.sqlite3")  # only the data file
    before = _contents(medium)
    out = tmp_path / "out"
    out.mkdir()
    data = ["--data-dir", str(medium)]
    done = _on_read_only_medium(
        medium,
        ["export", str(out / "practice.json"), *data],
        ["export", "--csv", str(out / "csv"), *data],
        ["ics", str(out / "sessions.ics"), *data],
        ["dossier", "1", "--json", str(out / "record.json"), *data],
        ["clients", *data],
        ["sessions", "--client", "a", *data],
        ["import", str(out / "csv" / "clients.csv"), *data],
    )
    assert done.returncode == 0, done.stderr
    codes = [line for line in done.stdout.splitlines() if line.startswith("rc=")]
    assert codes == ["rc=0"] * 6 + ["rc=1"], done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads((out / "practice.json").read_text(encoding="utf-8"))["clients"]
    assert (out / "csv" / "clients.csv").stat().st_size > 100
    assert b"BEGIN:VEVENT" in (out / "sessions.ics").read_bytes()
    assert (out / "record.json").is_file()
    # The import, a write, is refused with the reason, and nothing was written beside the file.
    assert f"CoachDesk cannot use the data folder {medium}: it is read-only" in done.stderr
    assert _contents(medium) == before
