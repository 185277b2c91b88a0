"""The full JSON export and import: the format, round trips, duplicates and merging,
all-or-nothing, and the guards on what a file may hold."""

from __future__ import annotations

import copy
import json
import stat
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from coachdesk.demo import generate_demo
from coachdesk.domain.data_format import FORMAT, MAX_FILE_BYTES, RECORDS, VERSION, ImportRefused
from coachdesk.storage.database import Database
from coachdesk.storage.models import Base
from coachdesk.storage.portable_json import (
    check_file,
    dump_document,
    export_document,
    import_document,
    import_file,
    read_import,
    write_export,
)
from coachdesk.storage.private_files import PART_SUFFIX
from tests.storage.portable_data import add_awkward_practice, dump, new_database

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "coachdesk-data.schema.json").read_text(
        encoding="utf-8"
    )
)
DEMO_TODAY = date(2025, 3, 10)


def without_time(document: dict) -> dict:
    rest = dict(document)
    rest.pop("exported_at")
    return rest


def round_trip(db: Database, folder: Path) -> tuple[dict, dict]:
    """Export ``db``, import the file into an empty data folder, export that again."""
    path = folder / "export.json"
    write_export(db, path)
    first = read_import(path)
    fresh = new_database(folder / "fresh")
    try:
        import_file(fresh, path)
        second = export_document(fresh)
    finally:
        fresh.close()
    return first, second


def check_schema(document: dict) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


# --- the format ---------------------------------------------------------------------------------


def test_the_schema_file_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_an_export_has_format_version_time_and_refs_not_ids(db):
    add_awkward_practice(db)
    document = export_document(db)
    assert document["format"] == FORMAT == "coachdesk-data"
    assert document["version"] == VERSION == 1
    assert document["exported_at"].endswith("Z")
    zoe = document["clients"][0]
    assert zoe["ref"] == "client-1"
    assert [s["ref"] for s in zoe["sessions"]] == ["session-1", "session-2", "session-3"]
    first = zoe["sessions"][0]
    assert first["start"] == "2025-03-03T09:00:00.123456Z"
    assert zoe["promises"][0]["session"] == "session-1"
    breach = zoe["matters"][0]["breaches"][0]
    assert (breach["session"], breach["promise"]) == ("session-1", "promise-1")
    assert zoe["matters"][0]["triggers"] == ["confidentiality", "guests"]
    ana = document["clients"][1]
    assert ana["matters"][0]["source_session"] == "session-3"  # a link across clients
    assert not any(key.endswith("id") for key in keys(document))


def keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys(v) for v in value))
    return set()


def test_every_column_of_every_table_has_a_field():
    """A column added to a model without a field in the format would be lost by an export."""
    fields = {record.name: set(record.by_name) for record in RECORDS}
    renamed = {
        ("matters", "source_session_id"): ("matter", "source_session"),
        ("breaches", "session_id"): ("breach", "session"),
        ("breaches", "commitment_id"): ("breach", "promise"),
        ("commitments", "session_id"): ("promise", "session"),
        ("session_moves", "from_start"): ("move", "from"),
        ("session_moves", "to_start"): ("move", "to"),
        ("honour_checks", "session_id"): ("honour_check", "session"),
    }
    record_of = {
        "clients": "client",
        "coaching_sessions": "session",
        "guests": "guest",
        "session_moves": "move",
        "matters": "matter",
        "breaches": "breach",
        "commitments": "promise",
        "pulse_checks": "feedback",
        "pulse_answers": "answer",
        "honour_checks": "honour_check",
    }
    structural = {"id", "client_id", "session_id", "matter_id", "pulse_check_id"}
    missing = []
    for table in Base.metadata.sorted_tables:
        if table.name == "matter_triggers":
            assert "triggers" in fields["matter"]
            continue
        for column in table.columns:
            record, name = renamed.get((table.name, column.name), (record_of[table.name], None))
            name = name or column.name
            if name in structural and (table.name, column.name) not in renamed:
                continue
            if name not in fields[record]:
                missing.append(f"{table.name}.{column.name}")
    assert missing == []


def test_an_export_validates_against_the_published_schema(db):
    add_awkward_practice(db)
    check_schema(export_document(db))


def test_the_demo_export_validates_against_the_published_schema(db):
    generate_demo(db, "demo", today=DEMO_TODAY)
    check_schema(export_document(db))


def test_the_schema_rejects_what_the_import_rejects(db):
    add_awkward_practice(db)
    document = export_document(db)
    bad = copy.deepcopy(document)
    bad["clients"][0]["sessions"][0]["medium"] = "zoom"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert list(validator.iter_errors(bad))
    with pytest.raises(ImportRefused, match=r"clients\[0\]\.sessions\[0\]\.medium"):
        import_document(db, bad)


def test_the_file_is_utf8_json_readable_by_the_owner_only(db, tmp_path):
    add_awkward_practice(db)
    path = tmp_path / "out.json"
    summary = write_export(db, path)
    assert summary.clients == 3 and summary.sessions == 4
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "Café ☕".encode() in data  # readable text, not \u escapes
    assert json.loads(data) == json.loads(dump_document(read_import(path)))
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))


def test_an_export_replaces_the_file_whole(db, tmp_path):
    path = tmp_path / "out.json"
    path.write_text("old content that is longer than nothing" * 100)
    write_export(db, path)
    assert read_import(path)["clients"] == []


# --- round trips --------------------------------------------------------------------------------


def test_round_trip_of_awkward_data_is_exact(db, tmp_path):
    add_awkward_practice(db)
    first, second = round_trip(db, tmp_path)
    assert without_time(second) == without_time(first)
    assert first["clients"][0]["private_notes"].startswith('=HYPERLINK("http://evil')


def test_the_round_trip_carries_moves_consent_guest_source_language_and_print_choice(db, tmp_path):
    add_awkward_practice(db)
    first, second = round_trip(db, tmp_path)
    zoe = second["clients"][0]
    assert zoe["print_private_notes"] is True
    assert second["clients"][1]["print_private_notes"] is False
    held, _twin, moved = zoe["sessions"]
    assert held["recording_consent_at"] == "2025-03-02T09:00:00.000005Z"
    assert [g["brought_by"] for g in held["guests"]] == ["coach", "coach"]
    assert [g["brought_by"] for g in moved["guests"]] == ["sponsor", "client"]
    assert [(m["from"], m["to"], m["confirmed_at"]) for m in moved["moves"]] == [
        ("2025-03-16T09:00:00Z", "2025-03-15T12:00:00Z", "2025-03-04T09:05:00Z"),
        ("2025-03-15T12:00:00Z", "2025-03-17T09:00:00Z", None),
    ]
    assert moved["moves"][1]["moved_at"] == "2025-03-05T09:00:00.000001Z"
    assert [m["language"] for m in zoe["matters"]] == ["de", ""]
    assert second == {**first, "exported_at": second["exported_at"]}


def test_an_older_file_without_the_newer_fields_imports_with_defaults_and_its_one_move(db):
    document = {
        "format": FORMAT,
        "version": 1,
        "clients": [
            {
                "name": "Kim",
                "sessions": [
                    {
                        "start": "2025-03-05T09:00:00Z",
                        "original_start": "2025-03-04T09:00:00Z",
                        "reschedule_confirmed_at": "2025-03-01T10:00:00Z",
                        "updated_at": "2025-02-28T08:00:00Z",
                        "guests": [{"name": "Lee"}],
                    },
                    {"start": "2025-03-12T09:00:00Z"},
                ],
                "matters": [{"statement": "Ask me first", "captured_on": "2025-01-01"}],
            }
        ],
    }
    import_document(db, document)
    kim = export_document(db)["clients"][0]
    assert kim["print_private_notes"] is False
    moved, plain = kim["sessions"]
    assert moved["original_start"] == "2025-03-04T09:00:00Z"
    assert [(m["from"], m["to"], m["moved_at"], m["confirmed_at"]) for m in moved["moves"]] == [
        (
            "2025-03-04T09:00:00Z",
            "2025-03-05T09:00:00Z",
            "2025-02-28T08:00:00Z",
            "2025-03-01T10:00:00Z",
        )
    ]
    assert plain["moves"] == [] and plain["recording_consent_at"] is None
    assert moved["guests"][0]["brought_by"] == "coach"
    assert kim["matters"][0]["language"] == ""


def test_an_unknown_guest_source_or_language_is_refused(db):
    document = {
        "format": FORMAT,
        "version": 1,
        "clients": [
            {
                "name": "Kim",
                "sessions": [
                    {
                        "start": "2025-03-05T09:00:00Z",
                        "guests": [{"name": "Lee", "brought_by": "x"}],
                    }
                ],
                "matters": [{"statement": "Hi", "captured_on": "2025-01-01", "language": "it"}],
            }
        ],
    }
    with pytest.raises(ImportRefused) as refused:
        import_document(db, document)
    assert "clients[0].sessions[0].guests[0].brought_by" in refused.value.describe()
    assert "clients[0].matters[0].language" in refused.value.describe()


def test_round_trip_of_the_demo_practice_is_exact(db, tmp_path):
    generate_demo(db, "demo", today=DEMO_TODAY)
    first, second = round_trip(db, tmp_path)
    assert len(first["clients"]) == 12
    assert without_time(second) == without_time(first)


@pytest.fixture(scope="session")
def career(tmp_path_factory) -> Database:
    """The career practice (300 clients, 15,000 sessions), built once per test run."""
    database = new_database(tmp_path_factory.mktemp("career"))
    generate_demo(database, "career", today=DEMO_TODAY)
    yield database
    database.close()


def test_round_trip_of_the_career_practice_is_exact(career, tmp_path):
    first, second = round_trip(career, tmp_path)
    assert len(first["clients"]) == 300
    assert sum(len(c["sessions"]) for c in first["clients"]) == 15_000
    assert without_time(second) == without_time(first)


def test_exporting_some_clients_leaves_links_to_others_empty(db):
    add_awkward_practice(db)
    with db.read() as conn:
        ana_id = conn.execute("SELECT id FROM clients WHERE name = 'Ana'").fetchone()[0]
    document = export_document(db, client_ids=[ana_id])
    [ana] = document["clients"]
    assert ana["matters"][0]["source_session"] is None  # Zoë's session is not in the file
    assert ana["matters"][0]["breaches"][0]["session"] == "session-1"  # Ana's own
    check_schema(document)


# --- importing into a data file that has clients ------------------------------------------------


def client_rows(db: Database) -> list[tuple]:
    with db.read() as conn:
        return conn.execute("SELECT id, name, email, phone FROM clients ORDER BY id").fetchall()


def test_import_into_a_non_empty_file_adds_and_skips_duplicates(db, tmp_path):
    add_awkward_practice(db)
    document = export_document(db)
    document["clients"] += [{"name": "New One", "email": "new@example.org"}, {"name": "New Two"}]
    document["clients"][0]["email"] = "ZOE@Example.ORG"  # any case: still the same client
    path = tmp_path / "practice.json"
    path.write_bytes(dump_document(document))
    assert check_file(db, path) == [c["name"] for c in document["clients"][:3]]
    before = dump(db)
    report = import_document(db, document)
    assert report.added.describe() == "2 clients"
    assert report.skipped == ('Zoë "Z" O\'Neil, Jr.', "Ana", "ana")
    assert "Skipped 3 clients already in CoachDesk" in report.summary()
    assert not report.notes  # Ana's link to Zoë's session went with Ana
    after = dump(db)
    assert [row[0] for row in client_rows(db)][3:] == [4, 5]
    assert [row[1] for row in client_rows(db)][3:] == ["New One", "New Two"]
    for table in ("coaching_sessions", "matters", "breaches", "commitments", "pulse_checks"):
        assert after[table] == before[table]


def test_a_link_to_a_skipped_clients_record_is_left_empty_and_reported(db, tmp_path):
    add_awkward_practice(db)
    document = export_document(db)
    ana = document["clients"][1]
    ana["name"] = "Ana Newcomer"  # not a duplicate any more; her matter links to Zoë's session
    report = import_document(db, document)
    assert report.added.clients == 1
    assert report.notes == (
        "clients[1].matters[0].source_session: 'session-3' belongs to a skipped client; "
        "the link was left empty",
    )
    with db.read() as conn:
        source = conn.execute(
            "SELECT source_session_id FROM matters WHERE statement = 'Crossing link'"
            " ORDER BY id DESC"
        ).fetchone()[0]
    assert source is None


def test_merge_adds_the_duplicates_records_and_changes_nothing_there(db, tmp_path):
    add_awkward_practice(db)
    document = export_document(db)
    zoe = document["clients"][0]
    with db.session() as s:
        from coachdesk.storage.models import Client

        existing = s.query(Client).filter_by(email="zoe@example.org").one()
        existing.phone = ""  # a blank to fill
        existing.role = "Kept as it is"
        zoe_id = existing.id
    zoe["role"] = "Not this"
    zoe["sessions"].append(
        {
            "ref": "new-session",
            "start": "2026-01-05T10:00:00Z",
            "guests": [{"name": "New Guest"}],
        }
    )
    zoe["sessions"][0]["guests"].append({"name": "Late addition", "role": "Observer"})
    zoe["matters"][0]["breaches"].append(
        {"occurred_on": "2026-01-05", "what_happened": "Again", "session": "new-session"}
    )
    zoe["promises"].append({"text": "A new promise", "session": "new-session"})
    document["clients"] = [zoe]
    report = import_document(db, document, merge=True)
    assert report.merged == (zoe["name"],)
    assert report.added.clients == 0
    assert report.added.sessions == 1
    assert report.added.guests == 2
    assert report.added.breaches == 1
    assert report.added.promises == 1
    assert report.added.matters == 0
    assert report.already_there > 0
    with db.read() as conn:
        phone, role = conn.execute(
            "SELECT phone, role FROM clients WHERE id = ?", (zoe_id,)
        ).fetchone()
        sessions = conn.execute(
            "SELECT count(*) FROM coaching_sessions WHERE client_id = ?", (zoe_id,)
        ).fetchone()[0]
        breach_session = conn.execute(
            "SELECT s.start FROM breaches AS b JOIN coaching_sessions AS s ON s.id = b.session_id"
            " WHERE b.what_happened = 'Again'"
        ).fetchone()[0]
    assert phone == "+44 20 7946 0000"  # the blank was filled
    assert role == "Kept as it is"  # a value there is never overwritten
    assert sessions == 4
    assert breach_session.startswith("2026-01-05 10:00:00")


def test_merging_the_same_file_twice_adds_nothing_the_second_time(db, tmp_path):
    generate_demo(db, "demo", today=DEMO_TODAY)
    document = export_document(db)
    fresh = new_database(tmp_path / "fresh")
    try:
        first = import_document(fresh, document, merge=True)
        before = dump(fresh)
        again = import_document(fresh, document, merge=True)
        assert first.added.clients == 12
        assert again.added.describe() == "nothing"
        assert again.merged and again.already_there > 0
        after = dump(fresh)
        assert {t: rows for t, rows in after.items() if t != "clients"} == {
            t: rows for t, rows in before.items() if t != "clients"
        }
    finally:
        fresh.close()


def test_imported_records_get_new_ids_after_any_ever_used(db):
    add_awkward_practice(db)
    document = export_document(db)
    with db.session() as s:
        from sqlalchemy import text

        s.execute(text("DELETE FROM clients WHERE name = 'ana'"))
    for client in document["clients"]:
        client["name"] += " (imported)"
    import_document(db, document)
    with db.read() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM clients ORDER BY id")]
    assert ids == [1, 2, 4, 5, 6]  # 3 was used once: never again


# --- all or nothing -----------------------------------------------------------------------------


def broken(document: dict, *path: object, value: object) -> dict:
    copy_ = copy.deepcopy(document)
    target = copy_
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy_


BAD_VALUES = [
    # (where, as dotted keys; the value put there; what the message must say)
    ("clients.0.sessions.2.start", "next Tuesday", r"sessions\[2\]\.start: not a date"),
    ("clients.0.sessions.0.start", "2025-03-03T09:00:00", r"start: not a date and time with a t"),
    ("clients.0.sessions.0.start", "0001-01-01T00:00:00+05:00", r"sessions\[0\]\.start: not a"),
    ("clients.1.started_on", "2025-02-30", r"clients\[1\]\.started_on: not a date"),
    ("clients.0.email", "zoe at example", r"clients\[0\]\.email: The email address"),
    ("clients.0.name", "  ", r"clients\[0\]\.name: The client needs a name"),
    ("clients.0.name", None, r"clients\[0\]\.name: must not be null"),
    ("clients.0.status", "retired", r"clients\[0\]\.status: 'retired' is not one of"),
    ("clients.0.matters.0.importance", 4, r"importance: 4 is out of range \(1 to 3\)"),
    ("clients.0.matters.0.importance", True, r"importance: not a whole number"),
    ("clients.0.matters.0.triggers", ["guests", "guests"], r"triggers\[1\]: 'guests' is repeated"),
    ("clients.0.matters.0.triggers", ["zoom"], r"triggers\[0\]: 'zoom' is not one of"),
    ("clients.0.matters.0.source_session", "s-99", r"'s-99' is not the ref of any session"),
    ("clients.0.matters.0.source_session", "promise-1", r"is the ref of a promise, not of a"),
    ("clients.0.matters.0.breaches.0.repaired_on", "2025-03-01", r"repaired_on: The repair can"),
    ("clients.0.sessions.0.feedback.answers.0.reported", 6, r"reported: 6 is out of range"),
    ("clients.0.sessions.0.guests.0.name", "", r"guests\[0\]\.name: The guest needs a name"),
    ("clients.0.sessions.0.duration_minutes", 60.5, r"duration_minutes: not a whole number"),
    ("clients.0.sessions.1.ref", "session-1", r"\.ref: 'session-1' is used by another record"),
    ("clients.0.emial", "x", r"clients\[0\]\.emial: unknown field"),
    ("clients.0.private_notes", "a\x00b", r"private_notes: contains a NUL character"),
    ("clients.0.private_notes", "a\ud800b", r"private_notes: is not valid Unicode text"),
    ("clients.0.role", "x" * 201, r"role: too long \(201 characters; at most 200\)"),
    ("clients.0.sessions", {}, r"clients\[0\]\.sessions: not a list but an object"),
    ("clients.2", "Ana", r"clients\[2\]: not an object but 'Ana'"),
    ("version", 2, r"version: the file is in version 2 of the format, written by a newer"),
    ("format", "something-else", r"format: 'something-else' is not “coachdesk-data”"),
]


@pytest.mark.parametrize(("where", "value", "message"), BAD_VALUES)
def test_an_invalid_record_refuses_the_whole_import_naming_the_place(db, where, value, message):
    add_awkward_practice(db)
    document = export_document(db)
    for client in document["clients"]:
        client["name"] += " 2"  # not duplicates: everything would be added
    path = [int(key) if key.isdigit() else key for key in where.split(".")]
    bad = broken(document, *path, value=value)
    before = dump(db)
    with pytest.raises(ImportRefused, match=message):
        import_document(db, bad)
    assert dump(db) == before


def test_a_missing_required_field_is_named(db):
    document = {"format": FORMAT, "version": 1, "clients": [{"sessions": [{}]}]}
    with pytest.raises(ImportRefused) as refused:
        import_document(db, document)
    assert refused.value.problems == (
        "clients[0].name: missing",
        "clients[0].sessions[0].start: missing",
    )
    assert refused.value.message == "clients[0].name: missing (and 1 more problem)"


def test_many_problems_are_counted_and_the_first_ones_listed(db):
    document = {
        "format": FORMAT,
        "version": 1,
        "clients": [{"name": "A", "email": "bad"} for _ in range(50)],
    }
    with pytest.raises(ImportRefused) as refused:
        import_document(db, document)
    assert refused.value.total == 50
    assert len(refused.value.problems) == 20
    assert refused.value.describe().endswith("… and 30 more")


def test_a_minimal_hand_written_document_imports_with_defaults(db):
    document = {
        "format": FORMAT,
        "version": 1,
        "clients": [
            {
                "name": "Kim",
                "sessions": [{"ref": "s", "start": "2025-05-01T10:00+02:00"}],
                "matters": [
                    {"statement": "Be on time", "captured_on": "2025-05-01", "source_session": "s"}
                ],
            }
        ],
    }
    report = import_document(db, document)
    assert report.added.describe() == "1 client, 1 session, 1 thing that matters"
    [kim] = export_document(db)["clients"]
    assert kim["status"] == "active"
    assert kim["sessions"][0]["start"] == "2025-05-01T08:00:00Z"
    assert kim["sessions"][0]["medium"] == "video"
    assert kim["matters"][0]["source_session"] == kim["sessions"][0]["ref"]


def test_a_failure_while_writing_leaves_the_database_unchanged(db, monkeypatch):
    add_awkward_practice(db)
    document = export_document(db)
    for client in document["clients"]:
        client["name"] += " again"
    before = dump(db)
    import coachdesk.storage.portable_json.importing as module

    real = module.insert_rows

    def half_then_fail(session, rows):
        real(session, {"clients": rows["clients"], "coaching_sessions": rows["coaching_sessions"]})
        raise OSError("the disk went away")

    monkeypatch.setattr(module, "insert_rows", half_then_fail)
    with pytest.raises(OSError):
        import_document(db, document)
    assert dump(db) == before


# --- guards on the file -------------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


VALID = json.dumps({"format": FORMAT, "version": 1, "clients": [{"name": "Kim"}]})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"is empty"),
        (b"   \n", r"is empty"),
        (b"\xff\xfe" + VALID.encode("utf-16-le"), r"UTF-16 \(or UTF-32\), not UTF-8"),
        (VALID.encode("utf-16-le"), r"looks like UTF-16 text"),
        (VALID.replace("Kim", "Zoë").encode("latin-1"), r"not UTF-8 text \(line 1, byte \d+\)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"is a binary file"),
        (b"{'format': 1}", r"not valid JSON: Expecting property name"),
        (b'{"format": "coachdesk-data", "format": "x"}', r"the field 'format' appears twice"),
        (b'{"a": NaN}', r"holds NaN"),
        (b'{"a": ' + b"1" * 5000 + b"}", r"not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, r"nested too deeply"),
        (b"[1, 2]", r"holds a list, not a CoachDesk export"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_clearly(db, tmp_path, data, message):
    path = write(tmp_path, data)
    before = dump(db)
    with pytest.raises(ImportRefused, match=message):
        import_file(db, path)
    assert dump(db) == before


def test_a_utf8_file_with_a_byte_order_mark_imports(db, tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())
    assert import_file(db, path).added.clients == 1


def test_deep_nesting_inside_a_record_is_named(db):
    value: object = "x"
    for _ in range(40):
        value = [value]
    document = {"format": FORMAT, "version": 1, "clients": [{"name": value}]}
    with pytest.raises(ImportRefused) as refused:
        import_document(db, document)
    assert refused.value.problems[0].startswith("clients[0].name[0][0]")
    assert "nested too deeply (more than 12 levels)" in refused.value.problems[0]


def test_a_file_over_the_size_cap_is_refused_without_reading_it(db, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is really written
    with pytest.raises(ImportRefused, match=r"too large to import \(320\.0 MB; at most 320 MB\)"):
        read_import(path)
    small = write(tmp_path, VALID.encode(), "small.json")
    with pytest.raises(ImportRefused, match="too large"):
        read_import(small, max_bytes=10)


def test_a_missing_file_or_a_folder_is_refused(tmp_path):
    with pytest.raises(ImportRefused, match="cannot be read"):
        read_import(tmp_path / "nowhere.json")
    with pytest.raises(ImportRefused, match="is a folder"):
        read_import(tmp_path)


def test_the_round_trip_carries_notice_time_zone_and_clocks_confirmed(db, tmp_path):
    document = {
        "format": FORMAT,
        "version": 1,
        "clients": [
            {
                "name": "Dan Okafor",
                "time_zone": "America/New_York",
                "sessions": [
                    {
                        "start": "2027-04-05T15:00:00Z",
                        "clocks_confirmed_at": "2027-03-01T09:00:00Z",
                    }
                ],
                "matters": [
                    {
                        "statement": "Tell me before anyone joins",
                        "captured_on": "2026-01-01",
                        "triggers": ["guests"],
                        "notice": "two  working days",
                    }
                ],
            }
        ],
    }
    import_document(db, document)
    first, second = round_trip(db, tmp_path)
    dan = second["clients"][0]
    assert dan["time_zone"] == "America/New_York"
    assert dan["sessions"][0]["clocks_confirmed_at"] == "2027-03-01T09:00:00Z"
    assert dan["matters"][0]["notice"] == "two working days"  # the client's words, spaced once
    assert second == {**first, "exported_at": second["exported_at"]}


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        ("time_zone", "Mars/Olympus", "clients[0].time_zone"),
        ("notice", "whenever suits", "clients[0].matters[0].notice"),
        ("notice", "2² days", "clients[0].matters[0].notice"),
    ],
)
def test_a_zone_or_notice_that_says_nothing_is_refused_with_its_place(db, where, value, path):
    client: dict = {
        "name": "Kim",
        "matters": [{"statement": "Ask me first", "captured_on": "2025-01-01"}],
    }
    if where == "time_zone":
        client["time_zone"] = value
    else:
        client["matters"][0]["notice"] = value
    with pytest.raises(ImportRefused) as refused:
        import_document(db, {"format": FORMAT, "version": 1, "clients": [client]})
    assert path in refused.value.describe()
