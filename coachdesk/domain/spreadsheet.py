"""Spreadsheets (CSV): the rules for cells going out and clients coming in.

Going out, a cell that a spreadsheet would read as a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a single quote in
front (``neutralise``), so opening an export never runs anything.  Coming in,
that quote is taken off again (``restore``), so exported clients import as
they were.  A cell that already starts with quotes before such a character
gets one more quote, which keeps the two exact inverses.

Clients come in from a table of text (``parse_csv``) through a mapping from the
app's fields to columns: ``guess_mapping`` proposes one from the header names
(the command line uses it as it is; the import dialog lets the coach change
it).  ``check_clients`` turns the rows into client records or lists every
problem as ``row 7, email: …``, where row numbers are the spreadsheet's own:
the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from coachdesk.domain.clients import ClientData, validate_client
from coachdesk.domain.data_format import MAX_PROBLEMS, ImportRefused, parse_date, text_problem
from coachdesk.domain.practice import LINE_MAX
from coachdesk.domain.vocab import ClientStatus, Medium

FORMULA_STARTS = frozenset("=+-@\t\r")
MAX_CSV_BYTES = 50_000_000
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL = 131_072  # the csv module's own limit on one cell


# --- cells going out and coming back ------------------------------------------------------------


def _formula_like(text: str) -> bool:
    rest = text.lstrip("'")
    return bool(rest) and rest[0] in FORMULA_STARTS


def neutralise(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates: a quote in front of a formula-like start."""
    return "'" + text if _formula_like(text) else text


def restore(cell: str) -> str:
    """The text ``neutralise`` was given: the quote it added taken off, nothing else."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell) else cell


# --- reading a table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvTable:
    """A spreadsheet's header and rows, as text.  ``rows[i]`` is spreadsheet row
    ``header_row + 1 + i``; blank rows are kept, so numbers match what the coach sees."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    delimiter: str = ","
    encoding: str = "UTF-8"
    """How the file's text was written (UTF-8, UTF-16, Windows-1252), as the preview says."""
    header_row: int = 1
    """The row the header stands on (LinkedIn's export has notes above it)."""

    def row_number(self, index: int) -> int:
        return index + self.header_row + 1

    def column_name(self, column: int) -> str:
        name = self.header[column].strip() if column < len(self.header) else ""
        return name or f"column {column + 1}"


DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
_SNIFF_LINES = 20  # the lines, after the header, whose separators are counted


def _separators(line: str) -> dict[str, int]:
    outside = re.sub(r'"[^"]*"', "", line)
    return {sep: outside.count(sep) for sep in DELIMITERS}


def _delimiter(lines: list[str]) -> str:
    """The separator of a table whose first lines are ``lines`` (the header first): comma,
    or the semicolon (Excel where the comma is the decimal mark) or tab some spreadsheets
    write.  The one found the same number of times on the header and the most lines after
    it wins, so a comma inside a header name of a semicolon file does not decide; then
    the one the header holds most of."""
    header, rows = _separators(lines[0]), [_separators(line) for line in lines[1:] if line]

    def score(sep: str) -> tuple[int, int]:
        agreeing = sum(row[sep] == header[sep] for row in rows) if header[sep] else -1
        return agreeing, header[sep]

    best = max(DELIMITERS, key=score)
    return best if header[best] else ","


def _sep_line(line: str) -> str | None:
    """The separator an Excel "sep=;" first line names, or None."""
    if line.strip().lower().startswith("sep=") and len(line.strip()) == 5:
        return line.strip()[4]
    return None


def parse_csv(text: str) -> CsvTable:
    """The table in CSV ``text`` (RFC 4180; comma, semicolon or tab separated).

    Raises ``ImportRefused`` for malformed quoting, too many rows or columns, a
    cell too long, or text that cannot be stored (NUL characters).
    """
    if problem := text_problem(text):
        raise ImportRefused([f"the file {problem}"])
    lines = text.split("\n", _SNIFF_LINES + 2)[: _SNIFF_LINES + 1]
    named = _sep_line(lines[0])
    rows: list[tuple[str, ...]] = []
    if named is not None:  # Excel's "sep=;" line: the separator, then the table
        text = text.split("\n", 1)[1] if "\n" in text else ""
    delimiter = named or _delimiter(lines[1:] if named is not None else lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            if len(rows) > MAX_ROWS:
                raise ImportRefused([f"the file has more than {MAX_ROWS:,} rows"])
            if len(record) > MAX_COLUMNS:
                raise ImportRefused(
                    [f"row {len(rows) + 1}: more than {MAX_COLUMNS} columns ({len(record)})"]
                )
            rows.append(tuple(record))
    except csv.Error as exc:
        text_of = str(exc)
        if "field larger than field limit" in text_of:
            text_of = f"a cell is too long (more than {MAX_CELL:,} characters)"
        raise ImportRefused([f"row {len(rows) + 1} (line {reader.line_num}): {text_of}"]) from None
    if rows and not any(cell.strip() for cell in rows[0]):
        raise ImportRefused(["row 1: the first row should name the columns, but it is blank"])
    if not rows:
        raise ImportRefused(["the file is empty"])
    return CsvTable(rows[0], tuple(rows[1:]), delimiter)


# --- clients: fields and header names -----------------------------------------------------------


@dataclass(frozen=True)
class CsvField:
    """An app field a column can fill, with the header names that are recognised for it."""

    name: str
    label: str
    headers: tuple[str, ...]
    fallbacks: tuple[str, ...] = ()
    """Header names taken only when none of ``headers`` is there (Outlook's "Title", its
    honorific, when there is no "Job Title"; a work phone when there is no mobile)."""


CLIENT_FIELDS: tuple[CsvField, ...] = (
    CsvField(
        "name",
        "Name",
        (
            "name",
            "full name",
            "fullname",
            "client",
            "client name",
            "coachee",
            "contact",
            "contact name",
            "display name",
            "anzeigename",
        ),
    ),
    CsvField(
        "first_name",
        "First name",
        ("first name", "firstname", "given name", "forename", "vorname", "prénom", "nombre"),
    ),
    CsvField(
        "last_name",
        "Last name",
        (
            "last name",
            "lastname",
            "surname",
            "family name",
            "second name",
            "nachname",
            "nom",
            "nom de famille",
            "apellidos",
            "apellido",
        ),
    ),
    CsvField(
        "preferred_name",
        "Preferred name",
        ("preferred name", "preferred", "nickname", "known as", "goes by"),
    ),
    CsvField("pronouns", "Pronouns", ("pronouns", "pronoun")),
    CsvField(
        "email",
        "Email",
        (
            "email",
            "e mail",
            "email address",
            "e mail address",
            "mail",
            "email 1",
            "e mail 1 value",
            "email 1 value",
            "primary email",
            "e mail adresse",
            "adresse de messagerie",
            "adresse e mail",
            "dirección de correo electrónico",
            "correo electrónico",
        ),
        ("secondary email", "e mail 2 address", "e mail 2 value"),
    ),
    CsvField(
        "phone",
        "Phone",
        (
            "phone",
            "telephone",
            "tel",
            "phone number",
            "telephone number",
            "mobile",
            "mobile phone",
            "mobile number",
            "cell",
            "cell phone",
            "phone 1 value",
            "mobile phone number",
            "mobiltelefon",
            "téléphone mobile",
            "teléfono móvil",
        ),
        (
            "work phone",
            "business phone",
            "telefon geschäftlich",
            "téléphone bureau",
            "teléfono del trabajo",
            "home phone",
            "telefon privat",
            "téléphone domicile",
            "teléfono particular",
        ),
    ),
    CsvField(
        "organisation",
        "Organisation",
        (
            "organisation",
            "organization",
            "organisation name",
            "organization name",
            "company",
            "company name",
            "employer",
            "org",
            "organization 1 name",
            "firma",
            "société",
            "organización",
            "compañía",
            "empresa",
        ),
    ),
    # Outlook's "Title" is the honorific (Mr., Dr.): its "Job Title" is the role.
    CsvField(
        "role",
        "Role",
        (
            "role",
            "job title",
            "position",
            "organization 1 title",
            "organization title",
            "job",
            "berufsbezeichnung",
            "fonction",
            "puesto",
            "cargo",
        ),
        ("title",),
    ),
    CsvField("status", "Status", ("status", "client status")),
    CsvField(
        "started_on", "Started on", ("started on", "started", "start date", "client since", "since")
    ),
    CsvField(
        "private_notes",
        "Notes",
        ("notes", "note", "private notes", "comments", "comment", "notizen", "notas"),
    ),
    CsvField("usual_medium", "Usual medium", ("usual medium", "medium")),
    CsvField(
        "usual_location", "Usual place or link", ("usual location", "usual place", "location")
    ),
    CsvField("time_zone", "Time zone", ("time zone", "timezone", "time_zone", "tz")),
)

FIELD_NAMES = tuple(f.name for f in CLIENT_FIELDS)
ColumnMapping = Mapping[str, int]
"""App field name -> column index; fields without a column are left out."""


def header_key(header: str) -> str:
    """A header name as compared: any case, punctuation and extra spaces ignored."""
    return " ".join(re.sub(r"[\W_]+", " ", header.casefold()).split())


def guess_mapping(header: Sequence[str]) -> dict[str, int]:
    """The column for each app field whose header name is a recognised one: the leftmost,
    a fallback name only when none of the field's own names is there ("Job Title" before
    Outlook's "Title")."""
    ranks = {}
    for f in CLIENT_FIELDS:
        for rank, names in enumerate((f.headers, f.fallbacks)):
            for name in names:
                ranks.setdefault(header_key(name), (f.name, rank))
    best: dict[str, tuple[int, int]] = {}
    for column, name in enumerate(header):
        found = ranks.get(header_key(name))
        if found is None:
            continue
        field, rank = found
        if field not in best or (rank, column) < best[field]:
            best[field] = (rank, column)
    return {field: column for field, (_rank, column) in best.items()}


NAME_FIELDS = ("name", "first_name", "last_name")
MULTI_VALUE = ":::"
HEADER_SEARCH_ROWS = 10


def with_header_found(table: CsvTable) -> CsvTable:
    """``table`` read from the row that is its header: the first row when a name column is
    recognised in it, else the first of the next ``HEADER_SEARCH_ROWS`` rows where one is
    (and another field too), as under the notes LinkedIn's export starts with."""
    if any(field in guess_mapping(table.header) for field in NAME_FIELDS):
        return table
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        mapping = guess_mapping(row)
        if any(field in mapping for field in NAME_FIELDS) and len(mapping) >= 2:
            return replace(
                table,
                header=tuple(row),
                rows=table.rows[index + 1 :],
                header_row=table.row_number(index),
            )
    return table


def unused_columns(table: CsvTable, mapping: ColumnMapping) -> list[str]:
    """The names of the columns no field takes: they are not imported."""
    used = set(mapping.values())
    return [table.column_name(c) for c in range(len(table.header)) if c not in used]


# --- clients: checking rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class CsvClient:
    """One row's client, checked: its spreadsheet row number and the values to store."""

    row: int
    data: ClientData
    usual_medium: Medium | None = None
    usual_location: str = ""


def _choice(value: str, vocabulary: type[ClientStatus] | type[Medium]) -> object | None:
    wanted = header_key(value)
    for member in vocabulary:
        if wanted in (header_key(member.value), header_key(member.label)):
            return member
    return None


def _allowed(vocabulary: Iterable[ClientStatus] | Iterable[Medium]) -> str:
    return ", ".join(member.label.lower() for member in vocabulary)


def check_clients(
    table: CsvTable, mapping: ColumnMapping
) -> tuple[list[CsvClient], list[str], int]:
    """The clients of ``table`` under ``mapping``, and the problems found: (clients, the
    first ``MAX_PROBLEMS`` problems, how many problems in all).  Blank rows are skipped."""
    problems: list[str] = []
    total = 0

    def problem(text: str) -> None:
        nonlocal total
        total += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(text)

    for field, column in mapping.items():
        if field not in FIELD_NAMES:
            problem(f"{field}: not a client field")
        elif not 0 <= column < max(len(table.header), 1):
            problem(f"{field}: there is no column {column + 1}")
    if not ({"name", "first_name", "last_name"} & set(mapping)):
        problem(
            "no column is chosen for the client's name (recognised headers: “Name”, "
            "“Full name”, or “First name” and “Last name”)"
        )
    if total:
        return [], problems, total
    clients: list[CsvClient] = []
    width = len(table.header)
    for index, cells in enumerate(table.rows):
        row = table.row_number(index)
        if not any(cell.strip() for cell in cells):
            continue
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            problem(f"row {row}: {len(cells)} cells, but the header names only {width} columns")
            continue

        def cell(field: str, cells: tuple[str, ...] = cells, strip: bool = True) -> str:
            column = mapping.get(field)
            if column is None or column >= len(cells):
                return ""
            value = restore(cells[column])
            return value.strip() if strip else value

        # Google joins a contact's several emails or phones in one cell with " ::: ": the
        # first is kept, the others go to the notes.
        others: list[str] = []
        multi: dict[str, str] = {}
        for field, label in (("email", "Other email"), ("phone", "Other phone")):
            first, *rest = [part.strip() for part in cell(field).split(MULTI_VALUE)]
            multi[field] = first
            others += [f"{label}: {part}" for part in rest if part]
        notes = "\n".join(part for part in (cell("private_notes", strip=False), *others) if part)

        name = cell("name") or " ".join(
            part for part in (cell("first_name"), cell("last_name")) if part
        )
        status: object = ClientStatus.ACTIVE
        if cell("status"):
            status = _choice(cell("status"), ClientStatus)
            if status is None:
                problem(
                    f"row {row}, status: “{cell('status')}” is not one of {_allowed(ClientStatus)}"
                )
                continue
        started: date | None = None
        if cell("started_on"):
            started = parse_date(cell("started_on"))
            if started is None:
                problem(
                    f"row {row}, started_on: “{cell('started_on')}” is not a date written "
                    "like 2024-03-05"
                )
                continue
        medium: object = None
        if cell("usual_medium"):
            medium = _choice(cell("usual_medium"), Medium)
            if medium is None:
                problem(
                    f"row {row}, usual_medium: “{cell('usual_medium')}” is not one of "
                    f"{_allowed(Medium)}"
                )
                continue
        location = cell("usual_location")
        if len(location) > LINE_MAX:
            problem(f"row {row}, usual_location: too long (at most {LINE_MAX} characters)")
            continue
        data = ClientData(
            name=name,
            preferred_name=cell("preferred_name"),
            pronouns=cell("pronouns"),
            email=multi["email"],
            phone=multi["phone"],
            organisation=cell("organisation"),
            role=cell("role"),
            status=status,  # type: ignore[arg-type]
            started_on=started,
            private_notes=notes,
            time_zone=cell("time_zone"),
        )
        errors = validate_client(data).errors
        for error in errors:
            problem(f"row {row}, {error.field}: {error.message}")
        if not errors:
            clients.append(CsvClient(row, data.normalised(), medium, location))  # type: ignore[arg-type]
    return clients, problems, total


def clients_from_table(
    table: CsvTable, mapping: ColumnMapping
) -> tuple[list[CsvClient], list[str], int]:
    """The clients of ``table`` whose rows are good, with the problems of the rows that are
    not (they are left out, each said): (clients, problems, how many in all).  A table with
    no good row is refused (``ImportRefused`` listing its problems, and the separator when
    it was split at the wrong one)."""
    clients, problems, total = check_clients(table, mapping)
    if total and not clients:
        if hint := separator_hint(table):
            problems, total = [*problems[: MAX_PROBLEMS - 1], hint], total + 1
        raise ImportRefused(problems, total)
    return clients, problems, total


def separator_hint(table: CsvTable) -> str | None:
    """A sentence naming the separator the table was read with, when its header also holds
    another one (a table split at the wrong separator fails on every other cell)."""
    used = DELIMITER_NAMES[table.delimiter]
    for sep in DELIMITERS:
        if sep != table.delimiter and any(sep in cell for cell in table.header):
            return (
                f"the file was read as separated by {used} (the separator its first row holds "
                f"most), but its first row also holds {DELIMITER_NAMES[sep]}: save it again "
                "with one separator"
            )
    return None
