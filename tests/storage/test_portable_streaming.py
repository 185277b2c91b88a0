"""The JSON export and import hold one client at a time, not the practice: the same bytes
and the same refusals as reading and writing the whole document, in bounded memory."""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coachdesk.domain.data_format import FORMAT, VERSION, ImportRefused, document_parts
from coachdesk.storage import json_parts
from coachdesk.storage.database import Database
from coachdesk.storage.portable_json import (
    dump_document,
    export_document,
    import_document,
    import_file,
    parse_json,
    read_import,
    write_export,
)
from tests.storage.portable_data import add_awkward_practice, dump, new_database

CLIENTS = 200
NOTES = "n" * 90_000  # a client's private notes: the file is about 18 MB


def big_practice(db: Database) -> None:
    """``CLIENTS`` clients whose notes make each of them about 90 KB of the file."""
    clients = [
        {
            "name": f"Client {number}",
            "email": f"c{number}@example.org",
            "private_notes": NOTES,
            "sessions": [{"ref": f"session-{number}", "start": "2024-03-05T09:30:00Z"}],
            "promises": [{"text": "Send the notes", "session": f"session-{number}"}],
        }
        for number in range(CLIENTS)
    ]
    import_document(db, {"format": FORMAT, "version": VERSION, "clients": clients})


def peak_bytes(action: Callable[[], object]) -> int:
    """The most memory Python held at once while ``action`` ran, above what it held before."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _peak = tracemalloc.get_traced_memory()
        action()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


# --- export -----------------------------------------------------------------------------------


def test_the_streamed_file_is_byte_for_byte_the_whole_document(db, tmp_path):
    add_awkward_practice(db)
    path = tmp_path / "practice.json"
    summary = write_export(db, path)
    written = path.read_bytes()
    document = export_document(db)
    document["exported_at"] = json.loads(written)["exported_at"]
    assert written == dump_document(document)
    assert summary.size == len(written)
    assert summary.clients == len(document["clients"])
    assert summary.sessions == sum(len(c["sessions"]) for c in document["clients"])


def test_an_export_without_clients_is_the_whole_document_too(db, tmp_path):
    path = tmp_path / "empty.json"
    write_export(db, path)
    written = path.read_bytes()
    assert written == dump_document({**json.loads(written), "clients": []})


def test_an_export_holds_about_one_client_not_the_practice(db, tmp_path):
    big_practice(db)
    path = tmp_path / "practice.json"
    peak = peak_bytes(lambda: write_export(db, path))
    size = path.stat().st_size
    assert size > CLIENTS * len(NOTES)
    # The whole document as text alone is the size of the file; a client is 1/200 of it.
    assert peak < size / 10, f"{peak / 1e6:.1f} MB held writing a {size / 1e6:.1f} MB file"


def test_a_failed_export_leaves_no_file(db, tmp_path, monkeypatch):
    big_practice(db)
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "practice.json"
    path.write_text("the previous export")
    calls = {"n": 0}
    original = json.dumps

    def fail_late(*args: object, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == CLIENTS // 2:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(json, "dumps", fail_late)
    with pytest.raises(Exception, match="disk is full"):
        write_export(db, path)
    assert path.read_text() == "the previous export"
    assert [p.name for p in folder.iterdir()] == ["practice.json"]


# --- import -----------------------------------------------------------------------------------


def test_an_import_holds_about_one_client_not_the_file(db, tmp_path):
    big_practice(db)
    path = tmp_path / "practice.json"
    write_export(db, path)
    size = path.stat().st_size
    fresh = new_database(tmp_path / "fresh")
    try:
        peak = peak_bytes(lambda: import_file(fresh, path))
        assert dump(fresh) == dump(db)
    finally:
        fresh.close()
    # The text of the file alone is its size; the decoded tree several times that.
    assert peak < size / 3, f"{peak / 1e6:.1f} MB held importing a {size / 1e6:.1f} MB file"


def test_an_invalid_last_client_refuses_the_file_and_changes_nothing(db, tmp_path):
    add_awkward_practice(db)
    document = export_document(db)
    last = len(document["clients"]) - 1
    document["clients"][last]["sessions"] = [{"start": "soon"}]
    path = tmp_path / "bad.json"
    path.write_bytes(dump_document(document))
    fresh = new_database(tmp_path / "fresh")
    try:
        before = dump(fresh)
        with pytest.raises(ImportRefused) as refused:
            import_file(fresh, path)
        assert refused.value.problems[0].startswith(f"clients[{last}].sessions[0].start: ")
        assert dump(fresh) == before
    finally:
        fresh.close()


def test_a_link_to_a_later_clients_record_is_made(db, tmp_path):
    document = {
        "format": FORMAT,
        "version": VERSION,
        "clients": [
            {"name": "Ana", "promises": [{"text": "Call Ben", "session": "session-b"}]},
            {"name": "Ben", "sessions": [{"ref": "session-b", "start": "2024-03-05T09:30:00Z"}]},
        ],
    }
    path = tmp_path / "linked.json"
    path.write_bytes(dump_document(document))
    import_file(db, path)
    [ana, _ben] = export_document(db)["clients"]
    assert ana["promises"][0]["session"] == "session-1"


# --- reading a file in pieces -------------------------------------------------------------------


def pieces(text: str, size: int) -> Iterator[str]:
    return (text[start : start + size] for start in range(0, len(text), size))


def read_in_pieces(text: str, size: int) -> object:
    """The document ``json_parts`` reads from ``text`` given ``size`` characters at a time."""
    document: object = None
    fields: dict[str, object] = {}
    for kind, key, value in json_parts.parts(pieces(text, size)):
        if kind == "document":
            document = value
        elif kind == "field":
            fields[key] = value
        elif kind == "clients":
            fields[key] = []
        else:
            fields[key].append(value)  # type: ignore[attr-defined]
    return fields if document is None else document


WELL_FORMED = [
    '{"format": "coachdesk-data", "version": 1, "clients": [{"name": "A"}, {"name": "B"}]}',
    '  {\n "clients" : [ ] , "n": -12.5e3, "t": true}\n',
    "{}",
    '{"clients": {"not": "a list"}, "x": [1, 2, [3]]}',
    "[1, 2, 3]",
    '"just text"',
    "12345678901234567890",
    '{"s": "\\u00e9\\n\\"", "clients": [123456, null, false, "é"]}',
]

BROKEN = [
    '{"format": "coachdesk-data", "clients": [{"name": "A"} {"name": "B"}]}',
    '{"clients": [{"name": "A"},]}',
    '{"clients": [{"name": "A"}]',
    '{"clients": [{"name": "A"}]}\n  extra',
    '{"a": 1,}',
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    '{\n  "clients": [\n    {"name": "A\nB"}\n  ]\n}',
    '{"clients": [{"name": "A", "name": "B"}]}',
    '{"a": 1, "a": 2}',
    '{"a": NaN}',
    '{"a": tru}',
    '{"a": "\\u12"}',
    '{"a": "unterminated',
    "[1, 2",
    "{'a': 1}",
    "\n\n   {\n\n  }  x",
]


@pytest.mark.parametrize("size", [1, 3, 16, 1000])
def test_pieces_read_as_the_whole_text(size):
    for text in WELL_FORMED:
        assert read_in_pieces(text, size) == parse_json(text), text


@pytest.mark.parametrize("size", [1, 3, 16, 1000])
def test_a_broken_file_is_refused_as_the_whole_text_is(size):
    for text in BROKEN:
        with pytest.raises(ImportRefused) as whole:
            parse_json(text)
        with pytest.raises(ImportRefused) as streamed:
            read_in_pieces(text, size)
        assert streamed.value.problems == whole.value.problems, text


def test_a_file_and_its_decoded_document_have_the_same_parts(tmp_path):
    text = WELL_FORMED[0]
    assert list(json_parts.parts(iter([text]))) == list(document_parts(parse_json(text)))


def test_a_refused_file_says_so_before_what_its_records_lack(db, tmp_path):
    # Not JSON further on wins over a wrong format at the top, as with the whole text.
    path = tmp_path / "bad.json"
    path.write_text('{"format": "something else", "clients": [{"name": "A"} oops]}')
    with pytest.raises(ImportRefused, match="not valid JSON: Expecting ',' delimiter"):
        import_file(db, Path(path))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"  \n",
        "{}".encode("utf-16"),
        b"{\x00}",
        '{"clients": [{"name": "Zo\xeb"}]}'.encode("latin-1"),
        b'\xef\xbb\xbf{"format": "coachdesk-data", "version": 1, "clients": [{"name": 1}]}',
        b'{"format": "coachdesk-data", "version": 1, "clients": [{"name": "A"}]} x',
    ],
)
def test_import_file_refuses_a_file_as_reading_it_whole_does(db, tmp_path, data):
    path = tmp_path / "file.json"
    path.write_bytes(data)
    with pytest.raises(ImportRefused) as whole:
        import_document(db, read_import(path))
    with pytest.raises(ImportRefused) as streamed:
        import_file(db, path)
    assert streamed.value.problems == whole.value.problems
