"""Spreadsheet rules: formula neutralisation, reading CSV text, header names, checking rows."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.data_format import ImportRefused
from coachdesk.domain.spreadsheet import (
    FORMULA_STARTS,
    MAX_COLUMNS,
    check_clients,
    clients_from_table,
    guess_mapping,
    header_key,
    neutralise,
    parse_csv,
    restore,
    unused_columns,
)
from coachdesk.domain.vocab import ClientStatus, Medium


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=already", "''=already"),
        ("'''+x", "''''+x"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("'quoted'", "'quoted'"),
        ("'", "'"),
        ("", ""),
        (" =leading space", " =leading space"),
    ],
)
def test_formula_like_cells_get_one_quote_and_come_back(text, cell):
    assert neutralise(text) == cell
    assert restore(cell) == text


@given(st.text())
def test_neutralised_cells_never_start_a_formula_and_always_come_back(text):
    cell = neutralise(text)
    assert cell[:1] not in FORMULA_STARTS
    assert restore(cell) == text


@given(st.text())
def test_a_cell_that_was_never_neutralised_only_loses_a_quote_it_could_have_got(text):
    """restore() changes a cell only when neutralise() could have written it."""
    restored = restore(text)
    assert restored == text or neutralise(restored) == text


def test_comma_semicolon_and_tab_separated_files_read_alike():
    for delimiter in (",", ";", "\t"):
        text = delimiter.join(["Name", "Email"]) + "\r\n" + delimiter.join(["Ana", "a@b.org"])
        table = parse_csv(text)
        assert table.header == ("Name", "Email")
        assert table.rows == (("Ana", "a@b.org"),)
        assert table.delimiter == delimiter


def test_quoted_cells_keep_commas_quotes_newlines_and_emoji():
    text = 'name,notes\r\n"O\'Neil, Zoë","She said ""hi""\nthen 🎉"\r\nBob,\r\n'
    table = parse_csv(text)
    assert table.rows == (("O'Neil, Zoë", 'She said "hi"\nthen 🎉'), ("Bob", ""))
    assert table.row_number(1) == 3  # the header is row 1, whatever lines a cell spans


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name\r\n"unclosed\r\n', "unexpected end of data"),
        ('name,email\r\n"a"b,c\r\n', r"row 2 \(line 2\): ',' expected after '\"'"),
        ("\r\nname\r\n", "row 1: the first row should name the columns"),
        ("name\r\n" + "x" * 200_000 + "\r\n", "row 2 .*a cell is too long"),
        (",".join(["c"] * (MAX_COLUMNS + 1)), f"more than {MAX_COLUMNS} columns"),
        ("name\r\nA\x00B\r\n", "NUL character"),
    ],
)
def test_malformed_csv_is_refused_naming_the_row(text, message):
    with pytest.raises(ImportRefused, match=message):
        parse_csv(text)


def test_header_names_are_recognised_in_any_case_and_punctuation():
    header = [
        "Full Name",
        "E-mail Address",
        "Mobile",
        "Company",
        "Job Title",
        "Favourite colour",
        "notes",
        "Email",
    ]
    mapping = guess_mapping(header)
    assert mapping == {
        "name": 0,
        "email": 1,  # the first email column wins
        "phone": 2,
        "organisation": 3,
        "role": 4,
        "private_notes": 6,
    }
    assert header_key("  E-MAIL_address ") == "e mail address"


def test_our_own_export_header_maps_every_client_field():
    header = (
        "ref,name,preferred_name,pronouns,email,phone,organisation,role,status,started_on,"
        "usual_medium,usual_location,private_notes,sessions,created_at,updated_at"
    )
    table = parse_csv(header)
    mapping = guess_mapping(table.header)
    assert unused_columns(table, mapping) == ["ref", "sessions", "created_at", "updated_at"]


def table(text: str):
    return parse_csv(text)


def test_rows_become_clients_with_spreadsheet_row_numbers():
    t = table(
        "First name,Last name,Email,Status,Started on,Medium,Notes\r\n"
        'Ana,Silva,ana@example.org,Paused,2024-02-29,In person," keep  "\r\n'
        ",,,,,,\r\n"
        "'+Bo,,,,,,\r\n"
    )
    clients, problems, _total = clients_from_table(t, guess_mapping(t.header))
    assert problems == []
    assert [(c.row, c.data.name) for c in clients] == [(2, "Ana Silva"), (4, "+Bo")]
    ana = clients[0]
    assert ana.data.status is ClientStatus.PAUSED
    assert ana.data.started_on.isoformat() == "2024-02-29"
    assert ana.usual_medium is Medium.IN_PERSON
    assert ana.data.private_notes == " keep  "  # notes are taken as they are


def test_every_bad_row_is_listed_with_its_row_and_field():
    t = table(
        "name,email,phone,status,started on\r\n"
        "Ana,ana@example.org,,,\r\n"
        "Bob,not-an-email,,,\r\n"
        ",c@example.org,,,\r\n"
        "Dee,,12,,\r\n"
        "Eve,,,retired,\r\n"
        "Fay,,,,03/05/2024\r\n"
        "Gus,,,,,extra\r\n"
    )
    clients, problems, total = check_clients(t, guess_mapping(t.header))
    assert [client.row for client in clients] == [2]
    assert problems == [
        "row 3, email: The email address should look like name@example.com.",
        "row 4, name: The client needs a name.",
        "row 5, phone: The phone number should have 6 to 20 digits, with spaces, +, -, ( ) "
        "allowed.",
        "row 6, status: “retired” is not one of prospect, active, paused, ended",
        "row 7, started_on: “03/05/2024” is not a date written like 2024-03-05",
        "row 8: 6 cells, but the header names only 5 columns",
    ]
    assert total == 6
    # Rows, not files: the good row comes in, the others are said.
    good, said, count = clients_from_table(t, guess_mapping(t.header))
    assert ([c.row for c in good], said, count) == ([2], problems, 6)
    # With no good row at all, nothing can be imported.
    bad = table("name,email\r\nBob,not-an-email\r\n,c@example.org\r\n")
    with pytest.raises(ImportRefused, match=r"^row 2, email: .* \(and 1 more problem\)$"):
        clients_from_table(bad, guess_mapping(bad.header))


def test_without_a_name_column_nothing_can_be_imported():
    t = table("Email,Phone\r\na@example.org,\r\n")
    with pytest.raises(ImportRefused, match="no column is chosen for the client's name"):
        clients_from_table(t, guess_mapping(t.header))


def test_a_mapping_to_a_column_that_is_not_there_is_refused():
    t = table("Name\r\nAna\r\n")
    with pytest.raises(ImportRefused, match="email: there is no column 5"):
        clients_from_table(t, {"name": 0, "email": 4})


def test_csv_written_by_the_csv_module_reads_back():
    buffer = io.StringIO(newline="")
    rows = [["name", "notes"], ["A, B", 'x "y"\r\nz'], ["😀", ""]]
    csv.writer(buffer).writerows(rows)
    t = parse_csv(buffer.getvalue())
    assert [list(t.header), *map(list, t.rows)] == rows
