"""A client's own record as JSON: every record of that client, every field, nothing of
anyone else."""

from __future__ import annotations

import json
import os

import pytest

from coachdesk.storage.client_records import OWNED
from coachdesk.storage.clients import ClientNotFound
from coachdesk.storage.dossier import client_record, write_record_json
from coachdesk.storage.models import Base
from tests.storage.rich_client import NOW, add_rich_client, link_other_client_to

ZEB = ("Zebulon Quartermaine", "zeb@quartermaine.example", "ZQMARK")
ANA = ("Ana Li", "ana@li.example", "ANAMARK")

SECTIONS = {
    "clients": "client",
    "coaching_sessions": "sessions",
    "guests": "sessions.guests",
    "session_moves": "sessions.moves",
    "matters": "matters",
    "matter_triggers": "matters.triggers",
    "honour_checks": "matters.honour_checks",
    "commitments": "promises",
    "breaches": "breaches",
    "pulse_checks": "feedback",
    "pulse_answers": "feedback.answers",
}


@pytest.fixture
def record(db):
    zeb = add_rich_client(db, *ZEB)
    ana = add_rich_client(db, *ANA)
    link_other_client_to(db, ana, zeb)
    return zeb, ana, client_record(db, zeb.client, now=NOW)


def records_of(record: dict, section: str) -> list[dict]:
    outer, _dot, inner = section.partition(".")
    found = record[outer] if isinstance(record[outer], list) else [record[outer]]
    if inner:
        found = [item for parent in found for item in parent[inner]]
    return found


def test_every_record_and_every_field_of_the_client_is_there(record):
    zeb, _ana, data = record
    assert set(SECTIONS) == {table for table, _where in OWNED}
    for table, section in SECTIONS.items():
        items = records_of(data, section)
        if table == "matter_triggers":
            assert sorted(items) == ["confidentiality", "guests"]
            continue
        assert sorted(item["id"] for item in items) == sorted(zeb.rows[table]), table
        columns = {column.name for column in Base.metadata.tables[table].columns}
        parent_links = {"client_id", "pulse_check_id"}
        if table in ("guests", "session_moves"):
            parent_links.add("session_id")
        if table == "honour_checks":
            parent_links.add("matter_id")
        for item in items:
            assert columns - parent_links <= set(item), (table, columns - set(item))

    assert data["client"]["name"] == ZEB[0]
    assert data["client"]["private_notes"] == "Client notes ZQMARK"
    assert data["exported_at"] == "2026-11-26T12:00:00+00:00"
    held = data["sessions"][0]
    assert held["start"].endswith("+00:00") and held["status"] == "held"
    assert held["private_notes"] == "Session notes ZQMARK"
    assert held["guests"][0]["name"] == "Guest ZQMARK"
    assert held["guests"][0]["brought_by"] == "sponsor"
    assert [move["from_start"] for move in held["moves"]] == [
        "2026-11-11T12:00:00+00:00",
        held["moves"][1]["from_start"],
    ]
    assert held["moves"][1]["to_start"] == held["start"]
    assert held["recording_consent_at"] is None
    assert data["sessions"][1]["moves"] == []
    assert data["client"]["print_private_notes"] is False
    assert data["matters"][0]["language"] == "en"
    assert data["breaches"][0]["how_it_landed"] == "I felt ambushed ZQMARK"
    assert data["breaches"][0]["matter_statement"].startswith("Tell me ahead of time")
    assert data["matters"][1]["keep_off_printouts"] is True  # theirs to see, even so
    assert data["feedback"][0]["session_start"] == held["start"]
    assert [a["reported"] for a in data["feedback"][0]["answers"]] == [3, 2]


def test_nothing_of_another_client_is_in_the_record(record):
    _zeb, ana, data = record
    text = json.dumps(data, ensure_ascii=False)
    for marker in ANA:
        assert marker not in text
    assert f'"id": {ana.client},' not in json.dumps(data["client"])


def test_the_json_file_is_the_record_and_is_private(record, tmp_path):
    _zeb, _ana, data = record
    target = write_record_json(data, tmp_path / "zeb.json")
    assert json.loads(target.read_text(encoding="utf-8")) == data
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600


def test_an_unknown_client_has_no_record(db):
    with pytest.raises(ClientNotFound):
        client_record(db, 42)
