"""The command line: version, smoke test, demo, data folder option, errors."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk import __version__
from coachdesk.cli import build_parser, main
from coachdesk.storage.driver import dbapi
from coachdesk.storage.files import FileState, inspect_file


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"CoachDesk {__version__}"


def test_data_dir_is_accepted_before_or_after_the_subcommand(tmp_path):
    parser = build_parser()
    before = parser.parse_args(["--data-dir", str(tmp_path), "demo"])
    after = parser.parse_args(["demo", "--size", "career", "--data-dir", str(tmp_path)])
    assert before.data_dir == after.data_dir == str(tmp_path)
    assert after.size == "career"
    assert parser.parse_args(["--data-dir", "x", "demo"]).data_dir == "x"


def test_smoke_test_on_an_empty_folder_leaves_a_migrated_database(tmp_path):
    result = run("--smoke-test", "--data-dir", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout
    assert inspect_file(tmp_path / "new" / "coachdesk.sqlite3").state is FileState.CURRENT


def test_smoke_test_uses_the_environment_variable(tmp_path):
    result = run("--smoke-test", env={"COACHDESK_DATA_DIR": str(tmp_path / "env")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env" / "coachdesk.sqlite3").exists()


def test_smoke_test_fails_with_a_message_on_a_foreign_file(tmp_path):
    (tmp_path / "coachdesk.sqlite3").write_bytes(b"PK\x03\x04 a zip file")
    before = hashlib.sha256((tmp_path / "coachdesk.sqlite3").read_bytes()).hexdigest()
    result = run("--smoke-test", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "not a database file" in result.stderr
    assert "Traceback" not in result.stderr
    after = hashlib.sha256((tmp_path / "coachdesk.sqlite3").read_bytes()).hexdigest()
    assert before == after


def test_demo_fills_an_empty_folder_then_refuses_it(tmp_path, capsys):
    assert main(["demo", "--data-dir", str(tmp_path)]) == 0
    assert "clients" in capsys.readouterr().out
    with dbapi.connect(tmp_path / "coachdesk.sqlite3") as conn:
        clients = conn.execute("SELECT count(*) FROM clients").fetchone()[0]
    assert clients >= 10
    assert main(["--data-dir", str(tmp_path), "demo"]) == 1
    assert "coachdesk:" in capsys.readouterr().err
    with dbapi.connect(tmp_path / "coachdesk.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == clients


def test_smoke_test_on_a_demo_practice(tmp_path):
    assert main(["demo", "--data-dir", str(tmp_path)]) == 0
    result = run("--smoke-test", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_data_dir_that_cannot_be_created_is_explained(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(blocker / "sub"), "demo"]) == 1
    assert "cannot use the data folder" in capsys.readouterr().err


def test_unknown_size_is_a_usage_error(tmp_path):
    result = run("demo", "--size", "huge", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_python_dash_m_and_the_entry_point_agree():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"CoachDesk {__version__}"
    script = Path(sys.executable).parent / ("coachdesk.exe" if os.name == "nt" else "coachdesk")
    assert script.exists(), "the coachdesk entry point is not installed"
    entry = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert entry.stdout == result.stdout


def test_an_unwritable_log_is_explained_once_and_the_command_runs(tmp_path, capsys):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "coachdesk.log").mkdir()  # a folder where the log file should be
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    assert capsys.readouterr().err == (
        f"coachdesk: cannot write the log file {tmp_path / 'logs' / 'coachdesk.log'} "
        "(Is a directory); carrying on without it\n"
    )


@pytest.mark.parametrize(
    ("argv", "opens"),
    [
        ([], True),
        (["--data-dir", "x"], True),
        (["--data-dir=x", "--verbose", "--smoke-test"], True),
        (["check"], False),
        (["--data-dir", "x", "backup"], False),
        (["--data-dir"], False),  # the full parser explains the missing folder
        (["-h"], False),
        (["--version"], False),
        (["backpu"], False),  # a typo gets "invalid choice", listing the commands
    ],
)
def test_only_a_plain_launch_skips_building_the_subcommands(argv, opens):
    from coachdesk.cli import opens_the_app

    assert opens_the_app(argv) is opens
    if opens:
        args = build_parser(commands=False).parse_args(argv)
        assert args.command is None
        assert args == build_parser().parse_args(argv)
