"""Every command on a data folder, backup folder and export paths whose names hold "?", "#",
"%", spaces and non-Latin letters: the data file is exactly where it was asked to be, and
nothing is written to a path cut at one of those characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.paths import DATABASE_NAME
from coachdesk.storage.driver import dbapi

ODD = "Coaching?2026#1 %20 Сессии 日本"


def coachdesk(data: Path, *args: str) -> int:
    return main([*args, "--data-dir", str(data)])


def clients_in(database: Path) -> int:
    with closing(dbapi.connect(database)) as conn:
        return conn.execute("SELECT count(*) FROM clients").fetchone()[0]


def every_file(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def test_every_command_keeps_to_an_odd_path(tmp_path, capsys, qapp):
    root = tmp_path / "q"
    data = root / ODD
    database = data / DATABASE_NAME
    backups = root / f"backups?{ODD}"
    exports = root / f"exports#{ODD}"
    exports.mkdir(parents=True)
    backups.mkdir()  # a folder given to backup --to must be there

    assert coachdesk(data, "demo") == 0
    assert database.is_file()
    clients = clients_in(database)
    assert clients >= 10
    assert coachdesk(data, "check") == 0
    assert capsys.readouterr().out.strip().endswith("healthy")

    assert coachdesk(data, "backup") == 0
    assert coachdesk(data, "backup", "--to", str(backups)) == 0
    assert coachdesk(data, "backup", "--list") == 0
    assert coachdesk(data, "backup", "--to", str(backups), "--list") == 0
    listed = capsys.readouterr().out
    made = sorted(backups.glob("*.sqlite3"))
    assert len(made) == 1 and str(made[0]) in listed
    assert "unreadable" not in listed

    assert coachdesk(data, "sessions", "--upcoming", "--json") == 0
    sessions = json.loads(capsys.readouterr().out)
    assert sessions
    assert coachdesk(data, "prep", str(sessions[0]["id"]), "--json") == 0
    pdf = exports / "prep #1 %20 日本.pdf"
    assert coachdesk(data, "prep", str(sessions[0]["id"]), "--pdf", str(pdf)) == 0
    assert pdf.read_bytes().startswith(b"%PDF")

    json_file = exports / f"{ODD}.json"
    csv_dir = exports / f"csv?{ODD}"
    assert coachdesk(data, "export", str(json_file)) == 0
    assert coachdesk(data, "export", "--csv", str(csv_dir)) == 0
    assert (csv_dir / "clients.csv").is_file()
    ics = exports / f"{ODD}.ics"
    assert coachdesk(data, "ics", str(ics)) == 0
    assert ics.is_file()
    capsys.readouterr()

    assert coachdesk(data, "clients", "--json") == 0
    first = json.loads(capsys.readouterr().out)[0]["id"]
    dossier = exports / f"dossier?{first}"
    assert coachdesk(data, "dossier", str(first), "--json", f"{dossier}.json") == 0
    assert Path(f"{dossier}.json").is_file()

    other = root / f"other?{ODD}"
    assert coachdesk(other, "import", str(json_file)) == 0
    assert clients_in(other / DATABASE_NAME) == clients
    fresh = root / f"fresh#{ODD}"
    assert coachdesk(fresh, "import", str(csv_dir / "clients.csv")) == 0
    assert clients_in(fresh / DATABASE_NAME) == clients
    assert coachdesk(fresh, "ics", "--import", "--yes", str(ics)) == 0

    assert coachdesk(data, "erase", str(first), "--yes") == 0
    assert clients_in(database) == clients - 1
    assert coachdesk(data, "restore", str(made[0])) == 0
    assert clients_in(database) == clients
    assert coachdesk(data, "check") == 0
    capsys.readouterr()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    smoke = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--smoke-test", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert smoke.returncode == 0, smoke.stderr
    assert str(database) in smoke.stdout

    # Nothing at a path cut at "?" or "#" (SQLAlchemy's query string, a URI's fragment).
    assert {path.name for path in root.iterdir()} == {
        ODD,
        backups.name,
        exports.name,
        other.name,
        fresh.name,
    }
    stray = {
        path
        for path in every_file(tmp_path)
        if not any(path.is_relative_to(folder) for folder in (data, backups, exports, other, fresh))
    }
    assert stray == set()
    assert {path.name for path in data.glob("coachdesk.sqlite3*")} <= {
        DATABASE_NAME,
        f"{DATABASE_NAME}-wal",
        f"{DATABASE_NAME}-shm",
    }


@pytest.mark.parametrize("name", ["Coaching?2026", "a#b", "100% sure", "Сессии 日本"])
def test_the_data_file_is_written_where_it_was_asked(tmp_path, name):
    data = tmp_path / name
    assert coachdesk(data, "demo") == 0
    assert clients_in(data / DATABASE_NAME) >= 10
    assert sorted(path.name for path in tmp_path.iterdir()) == [name]
