"""The ``clients``, ``ics``, ``dossier`` and ``erase`` commands: what they print, what they
write, and that the writing ones ask first and refuse while the app is open."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.domain.practice import SessionData
from coachdesk.storage.database import open_database
from coachdesk.storage.driver import dbapi
from coachdesk.storage.lock import InstanceLock
from coachdesk.storage.sessions import create_session
from tests.storage.rich_client import add_rich_client

ZEB = ("Zebulon Quartermaine", "zeb@quartermaine.example", "ZQMARK")
ANA = ("Ana Li", "ana@li.example", "ANAMARK")


@pytest.fixture
def folder(app_paths) -> Path:
    db = open_database(app_paths.database, app_paths.backup_dir)
    zeb = add_rich_client(db, *ZEB)
    ana = add_rich_client(db, *ANA)
    create_session(db, SessionData(client_id=zeb.client, start=datetime.now(UTC) + timedelta(3)))
    create_session(db, SessionData(client_id=ana.client, start=datetime.now(UTC) + timedelta(40)))
    db.close()
    return app_paths.data_dir


def ids(folder: Path) -> dict[str, int]:
    with dbapi.connect(folder / "coachdesk.sqlite3") as conn:
        return dict(conn.execute("SELECT name, id FROM clients").fetchall())


def count(folder: Path, table: str) -> int:
    with dbapi.connect(folder / "coachdesk.sqlite3") as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def calendar_for(folder: Path, tmp_path: Path) -> Path:
    """A calendar with one upcoming event for Ana (by her email), one for nobody."""
    start = (datetime.now(UTC) + timedelta(days=5)).strftime("%Y%m%dT100000Z")
    path = tmp_path / "mine.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:one@x\r\nDTSTART:{start}\r\nDURATION:PT50M\r\n"
        "SUMMARY:Catch-up\r\nATTENDEE:mailto:ANA@li.example\r\nEND:VEVENT\r\n"
        f"BEGIN:VEVENT\r\nUID:two@x\r\nDTSTART:{start}\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def test_clients_lists_the_ids(folder, capsys):
    assert main(["clients", "--json", "--data-dir", str(folder)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {c["name"]: c["id"] for c in listed} == ids(folder)
    assert main(["clients", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"{ids(folder)['Ana Li']}  Ana Li  (active)  ana@li.example" in out


def test_ics_writes_the_upcoming_sessions(folder, tmp_path, capsys):
    target = tmp_path / "out.ics"
    assert main(["ics", str(target), "--days", "30", "--data-dir", str(folder)]) == 0
    assert "written to" in capsys.readouterr().out
    text = target.read_text(encoding="utf-8")
    now = datetime.now(UTC)
    with dbapi.connect(folder / "coachdesk.sqlite3") as conn:
        starts = [
            datetime.fromisoformat(row[0]).replace(tzinfo=UTC)
            for row in conn.execute("SELECT start FROM coaching_sessions WHERE status='planned'")
        ]
    upcoming = [start for start in starts if now <= start < now + timedelta(days=30)]
    assert text.count("BEGIN:VEVENT") == len(upcoming) >= 1  # not the one in 40 days
    assert "Coaching: Zebulon Quartermaine" in text
    assert "Session notes" not in text and "Client notes" not in text


def test_ics_import_previews_then_creates_only_when_told(folder, tmp_path, capsys):
    calendar = calendar_for(folder, tmp_path)
    before = count(folder, "coaching_sessions")
    assert main(["ics", "--import", str(calendar), "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "mine.ics: 2 events, 1 session to create, 1 left out." in out
    assert "Ana Li  (by email)" in out
    assert "“Dentist”" in out and "no client is named in the title" in out
    assert "run again with --yes" in out
    assert count(folder, "coaching_sessions") == before

    assert main(["ics", "--import", str(calendar), "--yes", "--data-dir", str(folder)]) == 0
    assert "Created 1 planned session" in capsys.readouterr().out
    assert count(folder, "coaching_sessions") == before + 1


def test_ics_import_asks_on_a_terminal(folder, tmp_path, capsys, monkeypatch):
    calendar = calendar_for(folder, tmp_path)
    before = count(folder, "coaching_sessions")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["n", "y"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(answers))
    assert main(["ics", "--import", str(calendar), "--data-dir", str(folder)]) == 0
    assert "Nothing was created." in capsys.readouterr().out
    assert count(folder, "coaching_sessions") == before
    assert main(["ics", "--import", str(calendar), "--data-dir", str(folder)]) == 0
    assert count(folder, "coaching_sessions") == before + 1


def test_a_bad_calendar_is_explained_without_a_traceback(folder, tmp_path, capsys):
    bad = tmp_path / "photo.ics"
    bad.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    assert main(["ics", "--import", str(bad), "--yes", "--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coachdesk: photo.ics is not a calendar file")
    assert "Traceback" not in err


def test_writing_commands_refuse_while_the_app_is_open(folder, tmp_path, capsys):
    calendar = calendar_for(folder, tmp_path)
    with InstanceLock(folder):
        assert main(["ics", "--import", str(calendar), "--yes", "--data-dir", str(folder)]) == 1
        assert "already open" in capsys.readouterr().err
        zeb = str(ids(folder)["Zebulon Quartermaine"])
        assert main(["erase", zeb, "--yes", "--data-dir", str(folder)]) == 1
        assert "already open" in capsys.readouterr().err
    assert "Zebulon Quartermaine" in ids(folder)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_dossier_writes_the_pdf_and_the_json(qapp, folder, tmp_path, capsys):
    zeb = ids(folder)["Zebulon Quartermaine"]
    pdf, data = tmp_path / "zeb.pdf", tmp_path / "zeb.json"
    argv = ["dossier", str(zeb), "--pdf", str(pdf), "--json", str(data)]
    assert main([*argv, "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"written to {pdf}" in out and f"JSON to {data}" in out
    record = json.loads(data.read_text(encoding="utf-8"))
    assert record["client"]["name"] == "Zebulon Quartermaine"
    assert "ANAMARK" not in data.read_text(encoding="utf-8")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "What you told us matters to you" in " ".join(text.split())

    assert main(["dossier", "999", "--pdf", str(pdf), "--data-dir", str(folder)]) == 1
    assert "no client with id 999" in capsys.readouterr().err
    assert main(["dossier", str(zeb), "--data-dir", str(folder)]) == 1
    assert "--pdf FILE and/or --json FILE" in capsys.readouterr().err


def test_erase_names_what_goes_asks_and_then_erases(folder, capsys, monkeypatch):
    assert main(["backup", "--data-dir", str(folder)]) == 0
    zeb = str(ids(folder)["Zebulon Quartermaine"])
    capsys.readouterr()

    assert main(["erase", zeb, "--data-dir", str(folder)]) == 1  # not a terminal: no --yes
    captured = capsys.readouterr()
    assert "  - 3 sessions with their agendas and notes, and 2 guests" in captured.out
    assert "(1 of them retired)" in captured.out
    assert "The 1 existing backup still holds Zebulon Quartermaine's records" in captured.out
    assert "nothing was erased: add --yes" in captured.err
    assert "Zebulon Quartermaine" in ids(folder)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "")
    assert main(["erase", zeb, "--data-dir", str(folder)]) == 0
    assert "Nothing was erased." in capsys.readouterr().out
    assert "Zebulon Quartermaine" in ids(folder)

    assert main(["erase", zeb, "--yes", "--data-dir", str(folder)]) == 0
    assert "Erased Zebulon Quartermaine" in capsys.readouterr().out
    assert set(ids(folder)) == {"Ana Li"}
    assert main(["erase", zeb, "--yes", "--data-dir", str(folder)]) == 1
    assert f"no client with id {zeb}" in capsys.readouterr().err
