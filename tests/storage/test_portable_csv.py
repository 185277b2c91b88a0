"""Spreadsheets: the four CSV files, formula neutralisation, and clients imported from CSV."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date

import pytest

from coachdesk.demo import generate_demo
from coachdesk.domain.data_format import ImportRefused
from coachdesk.domain.spreadsheet import FORMULA_STARTS, MAX_CSV_BYTES, guess_mapping
from coachdesk.storage.portable_csv import (
    BREACH_COLUMNS,
    CLIENT_COLUMNS,
    CSV_FILES,
    ITEM_COLUMNS,
    SESSION_COLUMNS,
    export_csv,
    import_clients,
    import_clients_csv,
    read_csv,
)
from tests.storage.portable_data import AWKWARD, add_awkward_practice, dump, new_database

pytestmark = pytest.mark.usefixtures("local_zone")

BOM = b"\xef\xbb\xbf"


def rows_of(path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(BOM)
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_the_four_files_are_written_owner_only_with_a_bom(db, tmp_path):
    add_awkward_practice(db)
    written = export_csv(db, tmp_path / "out" / "nested")
    assert [path.name for path in written] == list(CSV_FILES)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(BOM)
    assert stat.S_IMODE((tmp_path / "out" / "nested").stat().st_mode) == 0o700
    headers = {
        path.name: next(csv.reader(io.StringIO(path.read_bytes()[3:].decode()))) for path in written
    }
    assert headers == {
        "clients.csv": list(CLIENT_COLUMNS),
        "sessions.csv": list(SESSION_COLUMNS),
        "items.csv": list(ITEM_COLUMNS),
        "breaches.csv": list(BREACH_COLUMNS),
    }


def test_rows_are_rfc_4180_with_crlf_and_quoted_line_breaks(db, tmp_path):
    add_awkward_practice(db)
    [clients, *_] = export_csv(db, tmp_path)
    text = clients.read_bytes()[3:].decode()
    assert text.startswith("ref,name,preferred_name,")
    assert text.split("\r\n", 1)[0].count(",") == len(CLIENT_COLUMNS) - 1
    assert text.endswith("\r\n")
    assert '"Zoë ""Z"" O\'Neil, Jr."' in text  # quotes doubled, the cell quoted
    notes = "\n".join(AWKWARD)
    assert f'"\'{notes.replace(chr(34), chr(34) * 2)}"' in text  # line breaks kept, quoted
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert len(records) == 4  # the header and three clients, whatever their line breaks


def test_no_exported_cell_starts_like_a_formula(db, tmp_path):
    generate_demo(db, "demo", today=date(2025, 3, 10))
    add_awkward_practice(db)
    for path in export_csv(db, tmp_path):
        for row in csv.reader(io.StringIO(path.read_bytes()[3:].decode(), newline="")):
            for cell in row:
                assert cell[:1] not in FORMULA_STARTS, (path.name, cell)


def test_formula_like_text_is_written_with_a_quote_in_front(db, tmp_path):
    add_awkward_practice(db)
    export_csv(db, tmp_path)
    [zoe, *_] = rows_of(tmp_path / "clients.csv")
    assert zoe["phone"] == "'+44 20 7946 0000"
    assert zoe["preferred_name"] == "'@zo"
    assert zoe["organisation"] == "'-minus & Co, Ltd"
    assert zoe["private_notes"].startswith("'=HYPERLINK(")
    sessions = rows_of(tmp_path / "sessions.csv")
    assert sessions[0]["location"] == "'" + AWKWARD[0]
    assert sessions[0]["guests"] == "Maria Lopez (BUILT TO LEAD); =cmd|' /C calc'!A0"
    assert sessions[0]["guests_not_told"] == "'=cmd|' /C calc'!A0"
    moved = sessions[2]
    assert moved["guests_brought_by"] == "sponsor; client"
    assert moved["guests_not_told"] == "Sam Sponsor", "a guest the client brings needs no word"
    assert (moved["moves"], sessions[0]["moves"]) == ("2", "0")
    items = rows_of(tmp_path / "items.csv")
    assert items[1]["statement"] == "'-dash first"
    assert [item["language"] for item in items[:2]] == ["de", ""]
    breaches = rows_of(tmp_path / "breaches.csv")
    assert breaches[0]["repair_notes"] == "'" + AWKWARD[0]


def test_the_files_link_by_the_refs_of_the_json_export(db, tmp_path):
    add_awkward_practice(db)
    export_csv(db, tmp_path)
    sessions = rows_of(tmp_path / "sessions.csv")
    items = rows_of(tmp_path / "items.csv")
    breaches = rows_of(tmp_path / "breaches.csv")
    assert [s["ref"] for s in sessions] == ["session-1", "session-2", "session-3", "session-4"]
    assert sessions[0]["client_ref"] == "client-1"
    assert sessions[0]["start_utc"] == "2025-03-03T09:00:00.123456Z"
    assert sessions[0]["recorded"] == "yes"
    assert sessions[0]["feedback_scores"] == "4, 5"
    assert items[0]["triggers"] == "confidentiality; guests"
    assert items[0]["source_session_ref"] == "session-1"
    assert breaches[0]["item_ref"] == items[0]["ref"]
    assert (breaches[0]["session_ref"], breaches[0]["promise_ref"]) == ("session-1", "promise-1")


def test_exported_clients_import_back_exactly(db, tmp_path):
    """Formulas, quotes, commas, newlines and emoji all come back as they were."""
    add_awkward_practice(db)
    [clients_csv, *_] = export_csv(db, tmp_path)
    fresh = new_database(tmp_path / "fresh")
    try:
        report = import_clients_csv(fresh, clients_csv)
        assert report.added.clients == 2  # "ana" has the same name and email as "Ana"
        assert report.notes[0] == "row 4: ana is the same as row 3; skipped"
        assert report.notes[-1] == (
            "Columns not imported (no matching field): ref, sessions, created_at, updated_at"
        )
        columns = (
            "name, preferred_name, pronouns, email, phone, organisation, role, status,"
            " started_on, private_notes, usual_medium, usual_location"
        )
        query = f"SELECT {columns} FROM clients ORDER BY id LIMIT 2"
        with db.read() as conn:
            expected = conn.execute(query).fetchall()
        with fresh.read() as conn:
            imported = conn.execute(query).fetchall()
        assert imported == expected
        assert imported[0][9] == "\n".join(AWKWARD)
    finally:
        fresh.close()


def test_a_spreadsheets_own_csv_imports_with_its_header_names(db, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(
        "First Name;Last Name;E-mail Address;Mobile Phone;Company;Job Title;Birthday\n"
        "Ana;Silva;ana@example.org;+351 912 345 678;Atlas;CFO;1990-01-01\n"
        "Bo;Kim;;;;;\n",
        encoding="utf-8",
    )
    report = import_clients_csv(db, path)
    assert report.added.clients == 2
    assert report.notes == ("Columns not imported (no matching field): Birthday",)
    with db.read() as conn:
        rows = conn.execute(
            "SELECT name, email, phone, organisation, role FROM clients ORDER BY id"
        ).fetchall()
    assert rows == [
        ("Ana Silva", "ana@example.org", "+351 912 345 678", "Atlas", "CFO"),
        ("Bo Kim", "", "", "", ""),
    ]


def test_an_explicit_mapping_chooses_the_columns(db, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Who,Reach me at,Extra\nAna,ana@example.org,x\n", encoding="utf-8")
    table = read_csv(path)
    assert guess_mapping(table.header) == {}
    report = import_clients(db, table, {"name": 0, "email": 1})
    assert report.added.clients == 1
    with db.read() as conn:
        assert conn.execute("SELECT name, email FROM clients").fetchall() == [
            ("Ana", "ana@example.org")
        ]


def test_a_bad_row_is_left_out_and_said_the_good_ones_come_in(db, tmp_path):
    add_awkward_practice(db)
    path = tmp_path / "clients.csv"
    rows = ["name,email"] + [f"Client {n},c{n}@example.org" for n in range(2, 7)]
    rows.insert(6, "Bad Email,not an email")  # spreadsheet row 7
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    report = import_clients_csv(db, path)
    assert report.added.clients == 5
    assert report.notes[0] == (
        "row 7, email: The email address should look like name@example.com.; not imported"
    )
    with db.read() as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM clients")}
    assert "Bad Email" not in names and {f"Client {n}" for n in range(2, 7)} <= names


def test_a_file_with_no_good_row_changes_nothing(db, tmp_path):
    add_awkward_practice(db)
    path = tmp_path / "clients.csv"
    path.write_text("name,email\r\nBad Email,not an email\r\n,x@example.org\r\n")
    before = dump(db)
    with pytest.raises(ImportRefused) as refused:
        import_clients_csv(db, path)
    assert refused.value.problems[0].startswith("row 2, email:")
    assert dump(db) == before


def test_clients_already_there_are_skipped_and_named(db, tmp_path):
    add_awkward_practice(db)
    path = tmp_path / "clients.csv"
    path.write_text(
        'name,email\n"ZOË ""Z"" O\'NEIL, JR.",zoe@EXAMPLE.org\nNew Person,new@example.org\n',
        encoding="utf-8",
    )
    report = import_clients_csv(db, path)
    assert report.added.clients == 1
    assert report.skipped == ('ZOË "Z" O\'NEIL, JR.',)
    assert report.notes == ('row 2: ZOË "Z" O\'NEIL, JR. is already in CoachDesk; skipped',)
    assert "Import with merge" not in report.summary()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x00\xfe\xffN", "UTF-32"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "is a zip archive"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", r"\(\.xlsx\)"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan\r\nEND:VCARD\r\n", "holds contacts as vCards"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "is a calendar file"),
    ],
)
def test_files_that_are_not_utf8_csv_are_refused(db, tmp_path, data, message):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    before = dump(db)
    with pytest.raises(ImportRefused, match=message):
        import_clients_csv(db, path)
    assert dump(db) == before


def test_a_bom_is_accepted(db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(BOM + "Name\nZoë\n".encode())
    assert import_clients_csv(db, path).added.clients == 1


def test_a_csv_over_the_size_cap_is_refused(db, tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_CSV_BYTES + 1)
    with pytest.raises(ImportRefused, match=r"too large to import \(50\.0 MB; at most 50 MB\)"):
        read_csv(path)


def test_a_nul_byte_in_utf8_text_is_named_with_its_line_not_called_utf16(db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"Name,Email\nAnna Berg,anna@example.org\nZo\x00e Li,zoe@example.org\n")
    with pytest.raises(ImportRefused) as refused:
        import_clients_csv(db, path)
    assert refused.value.message == (
        f"{path} is a binary file, not text: it contains a NUL byte at line 3"
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Name,Email\r\nAnna Berg,anna@example.org\r\n".encode("utf-16-le"), "UTF-16"),
        ("Name,Email\r\nAnna Berg,anna@example.org\r\n".encode("utf-16"), "UTF-16"),
        ("Name,Email\r\nZoë Müller,anna@example.org\r\n".encode("cp1252"), "Windows-1252"),
        ("Name,Email\r\nZoë “Z” Müller,anna@example.org\r\n".encode("cp1252"), "Windows-1252"),
        ("\ufeffName,Email\r\nZoë,anna@example.org\r\n".encode(), "UTF-8"),
    ],
)
def test_utf16_and_windows_1252_spreadsheets_are_read_and_say_so(db, tmp_path, data, encoding):
    from coachdesk.storage.portable_csv import read_csv

    path = tmp_path / "in.csv"
    path.write_bytes(data)
    table = read_csv(path)
    assert table.encoding == encoding
    text = data.decode({"UTF-16": "utf-16", "Windows-1252": "cp1252"}.get(encoding, "utf-8-sig"))
    name = text.lstrip("\ufeff").splitlines()[1].split(",")[0]
    assert table.rows[0][0] == name
    report = import_clients_csv(db, path)
    assert report.added.clients == 1


@pytest.mark.parametrize(
    "text",
    [
        # Excel where the comma is the decimal mark: semicolons, and commas in a header
        # name, as many as the semicolons of the header line.
        "Name;E-mail;Phone, mobile, work\r\nAnna Berg;anna@example.org;+49 30 1234567\r\n"
        "Zoë Li;zoe@example.org;+49 30 7654321\r\n",
        # Excel's own hint line naming the separator.
        "sep=;\r\nName;Phone;Email\r\nAnna Berg;+49 30 1234567;anna@example.org\r\n"
        "Zoë Li;+49 30 7654321;zoe@example.org\r\n",
        "Name\tPhone\tEmail\r\nAnna Berg\t+49 30 1234567\tanna@example.org\r\n"
        "Zoë Li\t+49 30 7654321\tzoe@example.org\r\n",
    ],
    ids=["semicolons with a comma in a header", "sep= line", "tabs"],
)
def test_semicolon_and_tab_separated_files_import(db, tmp_path, text):
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    report = import_clients_csv(db, path)
    assert report.added.clients == 2
    with db.read() as conn:
        emails = sorted(row[0] for row in conn.execute("SELECT email FROM clients"))
    assert emails == ["anna@example.org", "zoe@example.org"]


def test_a_file_split_at_the_wrong_separator_names_the_separator(db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Name;Email,Phone\r\nAnna Berg;anna@example.org,+49 30 1234567\r\n", "utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_clients_csv(db, path)
    assert refused.value.problems[-1] == (
        "the file was read as separated by commas (the separator its first row holds most), "
        "but its first row also holds semicolons: save it again with one separator"
    )
