"""The ``sessions`` and ``prep`` subcommands on a demo practice built with today's date."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.demo import SEED_CLIENT_NAME, SEED_GUEST_NAME, SEED_MATTER_STATEMENT
from coachdesk.domain.vocab import GuestSource
from coachdesk.storage.database import open_database
from coachdesk.storage.sessions import get_session, set_guest_brought_by, set_guest_informed


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--data-dir", str(folder)]) == 0
    return folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path, capsys) -> Path:
    """A private copy of the demo practice (the demo is built once per module)."""
    folder = tmp_path / "practice"
    shutil.copytree(demo_template, folder)
    capsys.readouterr()
    return folder


def run_json(capsys, *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def seed_session(capsys, demo_dir: Path) -> dict:
    sessions = run_json(capsys, "sessions", "--upcoming", "--json", "--data-dir", str(demo_dir))
    found = [
        s
        for s in sessions
        if s["client"] == SEED_CLIENT_NAME
        and any(guest["name"] == SEED_GUEST_NAME for guest in s["guests"])
    ]
    assert len(found) == 1
    return found[0]


def test_upcoming_sessions_show_the_guest_not_yet_told(demo_dir, capsys):
    session = seed_session(capsys, demo_dir)
    assert session["status"] == "planned"
    assert any(SEED_GUEST_NAME in thing for thing in session["to_do"])
    guest = next(g for g in session["guests"] if g["name"] == SEED_GUEST_NAME)
    assert guest["client_informed_at"] is None
    assert "+" in session["start"][10:] or "-" in session["start"][10:]  # has an offset
    assert set(session) >= {"id", "start", "duration_minutes", "medium", "location"}

    assert main(["sessions", "--upcoming", "--data-dir", str(demo_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    line = next(text for text in lines if text.split()[0] == str(session["id"]))
    assert SEED_CLIENT_NAME in line
    assert f"guest not told: {SEED_GUEST_NAME}" in line


def test_client_filter_narrows_and_an_unknown_client_is_explained(demo_dir, capsys):
    everyone = run_json(capsys, "sessions", "--upcoming", "--json", "--data-dir", str(demo_dir))
    dans = run_json(capsys, "sessions", "--client", "okaf", "--json", "--data-dir", str(demo_dir))
    assert dans and {s["client"] for s in dans} == {SEED_CLIENT_NAME}
    assert len({s["client"] for s in everyone}) > 1
    assert any(s["status"] == "held" for s in dans)  # without --upcoming: past ones too

    upcoming = run_json(
        capsys, "sessions", "--client", "OKAF", "--upcoming", "--json", "--data-dir", str(demo_dir)
    )
    assert upcoming and all(s["status"] == "planned" for s in upcoming)
    assert len(upcoming) < len(dans)

    assert main(["sessions", "--client", "nobody-like-this", "--data-dir", str(demo_dir)]) == 1
    captured = capsys.readouterr()
    assert "coachdesk:" in captured.err and "nobody-like-this" in captured.err
    assert captured.out == ""


def test_prep_json_puts_the_clients_own_words_first(demo_dir, capsys):
    session = seed_session(capsys, demo_dir)
    prep = run_json(capsys, "prep", str(session["id"]), "--json", "--data-dir", str(demo_dir))
    assert prep["session"]["id"] == session["id"]
    first = prep["checklist"][0]
    assert first["quote"] == SEED_MATTER_STATEMENT
    assert first["stated_wish"] is True
    assert first["text"] == f"Tell Dan ahead of time that {SEED_GUEST_NAME} will join"
    assert first["reasons"]
    assert [item["rank"] for item in prep["items"]] == list(range(1, len(prep["items"]) + 1))
    # Dan's overdue promise fires follow_up too, and its item has an open repair.
    assert SEED_MATTER_STATEMENT in [item["statement"] for item in prep["items"][:2]]
    fields = {"statement", "category", "importance", "reasons", "keep_off_printouts"}
    assert all(set(item) >= fields for item in prep["items"])
    assert {"trigger": "guests"}.items() <= prep["circumstances"][0].items()
    for key in ("repairs", "promises_due", "last_time", "discovery_prompts"):
        assert key in prep


def test_prep_text_reads_in_the_design_order(demo_dir, capsys):
    session = seed_session(capsys, demo_dir)
    assert main(["prep", str(session["id"]), "--data-dir", str(demo_dir)]) == 0
    text = capsys.readouterr().out
    assert f"Tell Dan ahead of time that {SEED_GUEST_NAME} will join" in text
    assert f"“{SEED_MATTER_STATEMENT}”" in text
    order = [text.index(heading) for heading in ("BEFORE THE SESSION", "WHAT MATTERS", "LAST TIME")]
    assert order == sorted(order)


def test_ticking_the_guest_removes_the_entry(demo_dir, capsys):
    session = seed_session(capsys, demo_dir)
    prep = run_json(capsys, "prep", str(session["id"]), "--json", "--data-dir", str(demo_dir))
    guest_id = prep["checklist"][0]["ref_id"]
    db = open_database(demo_dir / "coachdesk.sqlite3")
    try:
        set_guest_informed(db, guest_id, True)
    finally:
        db.close()
    prep = run_json(capsys, "prep", str(session["id"]), "--json", "--data-dir", str(demo_dir))
    assert not any(SEED_GUEST_NAME in item["text"] for item in prep["checklist"])
    assert prep["session"]["guests"][0]["client_informed_at"] is not None
    again = seed_session(capsys, demo_dir)
    assert again["to_do"] == []


def test_data_dir_before_the_subcommand_works_too(demo_dir, capsys):
    after = run_json(capsys, "sessions", "--upcoming", "--json", "--data-dir", str(demo_dir))
    before = run_json(capsys, "--data-dir", str(demo_dir), "sessions", "--upcoming", "--json")
    assert before == after
    session_id = str(after[0]["id"])
    assert main(["--data-dir", str(demo_dir), "prep", session_id]) == 0
    assert capsys.readouterr().out.startswith("Prep for ")


def test_default_listing_is_the_next_30_days(demo_dir, capsys):
    listed = run_json(capsys, "sessions", "--json", "--data-dir", str(demo_dir))
    upcoming = run_json(capsys, "sessions", "--upcoming", "--json", "--data-dir", str(demo_dir))
    limit = datetime.now().astimezone() + timedelta(days=30)
    assert all(datetime.fromisoformat(s["start"]) < limit for s in listed)
    assert {s["id"] for s in upcoming if datetime.fromisoformat(s["start"]) < limit} <= {
        s["id"] for s in listed
    }


def test_an_unknown_session_is_explained_without_a_traceback(demo_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "coachdesk", "prep", "999999", "--data-dir", str(demo_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "coachdesk: no session with id 999999" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_session_id_must_be_a_number(demo_dir, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["prep", "tomorrow", "--data-dir", str(demo_dir)])
    assert stopped.value.code == 2
    assert "invalid int value" in capsys.readouterr().err


def test_a_broad_client_match_lists_the_same_sessions_either_way(demo_dir, capsys, monkeypatch):
    argv = ["sessions", "--client", "a", "--json", "--data-dir", str(demo_dir)]
    one_by_one = run_json(capsys, *argv)
    monkeypatch.setattr("coachdesk.cli.sessions._PER_CLIENT_READS", 0)
    read_once = run_json(capsys, *argv)
    assert read_once == one_by_one
    assert len({s["client"] for s in read_once}) > 1
    starts = [datetime.fromisoformat(s["start"]) for s in read_once]
    assert starts == sorted(starts)


def printed_sheet(session_id: int, demo_dir: Path, target: Path) -> str:
    """Run ``coachdesk prep ID --pdf`` as a coach would (no display) and read the PDF back."""
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    argv = ["prep", str(session_id), "--pdf", str(target), "--data-dir", str(demo_dir)]
    result = subprocess.run(
        [sys.executable, "-m", "coachdesk", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) needed")
def test_prep_pdf_writes_the_one_page_sheet(demo_dir, capsys, tmp_path):
    session = seed_session(capsys, demo_dir)
    target = tmp_path / "sheet.pdf"
    text = printed_sheet(session["id"], demo_dir, target)
    assert SEED_MATTER_STATEMENT in text
    assert f"{SEED_GUEST_NAME}" in text
    pages = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert "Pages:           1" in pages


def test_prep_pdf_into_a_missing_folder_is_explained(qapp, demo_dir, capsys, tmp_path):
    # qapp first: the command reuses the test session's QApplication.
    session = seed_session(capsys, demo_dir)
    code = main(
        [
            "prep",
            str(session["id"]),
            "--pdf",
            str(tmp_path / "no" / "such" / "x.pdf"),
            "--data-dir",
            str(demo_dir),
        ]
    )
    assert code == 1
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) needed")
def test_once_the_guest_is_announced_the_printed_sheet_no_longer_asks_for_it(
    demo_dir, capsys, tmp_path
):
    session = seed_session(capsys, demo_dir)
    db = open_database(demo_dir / "coachdesk.sqlite3")
    try:
        guest = next(g for g in session["guests"] if g["name"] == SEED_GUEST_NAME)
        prep = run_json(capsys, "prep", str(session["id"]), "--json", "--data-dir", str(demo_dir))
        set_guest_informed(db, prep["checklist"][0]["ref_id"], True)
    finally:
        db.close()
    text = printed_sheet(session["id"], demo_dir, tmp_path / "after.pdf")
    assert guest["name"] in text  # still listed as a guest …
    assert "Tell Dan ahead of time" not in text  # … but no longer something to do
    assert "not told yet" not in text


def test_listed_guests_say_who_brought_them(demo_dir, capsys):
    session = seed_session(capsys, demo_dir)
    guest = next(g for g in session["guests"] if g["name"] == SEED_GUEST_NAME)
    assert guest["brought_by"] == "coach"
    db = open_database(demo_dir / "coachdesk.sqlite3")
    try:
        (row,) = [g for g in get_session(db, session["id"]).guests if g.name == SEED_GUEST_NAME]
        set_guest_brought_by(db, row.id, GuestSource.CLIENT)
    finally:
        db.close()
    again = seed_session(capsys, demo_dir)
    assert [g["brought_by"] for g in again["guests"]] == ["client"]
    assert again["to_do"] == [], "a guest the client brings needs no word to them"


def test_prep_says_by_when_in_the_clients_terms_and_both_times(tmp_path, capsys):
    from datetime import UTC
    from zoneinfo import ZoneInfo

    from coachdesk.domain.notice import Notice, NoticeUnit, deadline, say_moment

    today = datetime.now(UTC).date() + timedelta(days=14)
    wednesday = today + timedelta(days=(2 - today.weekday()) % 7)
    start = datetime(wednesday.year, wednesday.month, wednesday.day, 15, tzinfo=UTC)
    new_york = ZoneInfo("America/New_York")
    document = {
        "format": "coachdesk-data",
        "version": 1,
        "clients": [
            {
                "name": "Daniel Okafor",
                "preferred_name": "Dan",
                "time_zone": "America/New_York",
                "sessions": [
                    {
                        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "guests": [{"name": "Maria Lopez"}],
                    }
                ],
                "matters": [
                    {
                        "statement": "Let me know ahead of time if someone else will join",
                        "captured_on": "2026-10-01",
                        "triggers": ["guests"],
                        "notice": "two working days",
                    }
                ],
            }
        ],
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    data = str(tmp_path / "data")
    assert main(["import", str(source), "--data-dir", data]) == 0
    capsys.readouterr()
    (session,) = run_json(capsys, "sessions", "--upcoming", "--json", "--data-dir", data)
    assert session["client_time_zone"] == "America/New_York"
    assert session["client_start"] == start.astimezone(new_york).isoformat()
    prep = run_json(capsys, "prep", str(session["id"]), "--json", "--data-dir", data)
    (entry,) = prep["checklist"]
    # Two working days in Dan's days: the Monday before, at the session's time in New York.
    due = deadline(start, Notice(2, NoticeUnit.WORKING_DAYS), new_york)
    assert due.astimezone(new_york).weekday() == 0
    assert due.astimezone(new_york).time() == start.astimezone(new_york).time()
    assert datetime.fromisoformat(entry["deadline"]) == due
    assert (entry["notice"], entry["notice_words"], entry["state"]) == (
        "2 working days",
        "two working days",
        "pending",
    )
    assert entry["by"] == f"by {say_moment(due)}"
    assert main(["prep", str(session["id"]), "--data-dir", data]) == 0
    text = capsys.readouterr().out
    assert "in New York)" in text
    assert f"will join (by {say_moment(due)})" in text
