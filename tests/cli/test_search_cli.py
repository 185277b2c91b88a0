"""``coachdesk search`` and ``coachdesk check --repair-index``: what they print, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from coachdesk.cli import main
from coachdesk.paths import AppPaths
from coachdesk.storage.database import open_database
from tests.storage.rich_client import add_rich_client


def practice(tmp_path: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "practice")
    paths.ensure()
    db = open_database(paths.database, paths.backup_dir)
    try:
        add_rich_client(db, "Amélie Sørensen", "amelie@example.com", "ZQMARK")
    finally:
        db.close()
    return paths


def coachdesk(paths: AppPaths, *args: str) -> int:
    return main([*args, "--data-dir", str(paths.data_dir)])


def test_search_prints_the_hits_grouped_with_their_words(tmp_path, capsys):
    paths = practice(tmp_path)
    assert coachdesk(paths, "search", "sorensen") == 0
    out = capsys.readouterr().out
    assert out.startswith("Clients\n  Amélie Sørensen")
    assert coachdesk(paths, "search", "zqmark", "ahead") == 0
    out = capsys.readouterr().out
    assert out.startswith("What matters\n  Amélie Sørensen · 2026-04-01")
    assert "Tell me [ahead] of time if someone joins [ZQMARK]" in out


def test_search_json_gives_every_hit_with_its_highlights(tmp_path, capsys):
    paths = practice(tmp_path)
    assert coachdesk(paths, "search", "zqmark", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    kinds = [group["kind"] for group in document["groups"]]
    assert kinds == ["matter", "breach", "feedback", "promise", "session", "client"]
    for group in document["groups"]:
        for hit in group["hits"]:
            start, end = hit["highlights"][0]
            assert hit["snippet"][start:end].casefold() == "zqmark"
            assert hit["client"] == "Amélie Sørensen"


def test_nothing_found_is_said_and_no_words_is_refused(tmp_path, capsys):
    paths = practice(tmp_path)
    assert coachdesk(paths, "search", "nowhere") == 0
    assert capsys.readouterr().out == "Nothing found for “nowhere”.\n"
    assert coachdesk(paths, "search", "—", "!") == 1
    assert "give a word to search for" in capsys.readouterr().err


def test_the_searched_words_are_not_in_the_log(tmp_path, capsys):
    paths = practice(tmp_path)
    assert coachdesk(paths, "search", "sorensen") == 0
    logged = "".join(path.read_text() for path in paths.log_dir.glob("*.log*"))
    assert "sorensen" not in logged.casefold()


def test_repair_index_rewrites_an_index_out_of_step(tmp_path, capsys):
    paths = practice(tmp_path)
    db = open_database(paths.database)
    with db.session() as session:
        session.connection().exec_driver_sql("DELETE FROM search_index")
    db.close()
    assert coachdesk(paths, "check") == 1
    assert "--repair-index" in capsys.readouterr().err
    assert coachdesk(paths, "check", "--repair-index") == 0
    assert "were out of step before" in capsys.readouterr().out
    assert coachdesk(paths, "check") == 0
    assert coachdesk(paths, "search", "zqmark") == 0
    assert "What matters" in capsys.readouterr().out
