"""Property tests of the importers: whatever a file holds, an import either adds it whole or
refuses it with ``ImportRefused`` naming the place, and then the database is unchanged."""

from __future__ import annotations

import copy
import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.domain.data_format import ImportRefused
from coachdesk.storage.backups import check_database
from coachdesk.storage.database import Database, open_database
from coachdesk.storage.portable_csv import export_csv, import_clients_csv
from coachdesk.storage.portable_json import export_document, import_document, parse_json
from tests.storage.portable_data import add_awkward_practice, dump, new_database

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["2025-03-03", "2025-03-03T09:00:00Z", "session-1", "promise-1", "video"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


class Template:
    """A data file with the awkward practice, copied afresh for every example."""

    def __init__(self, folder: Path) -> None:
        db = new_database(folder / "template")
        add_awkward_practice(db)
        self.document = export_document(db)
        self.csv = export_csv(db, folder / "csv")[0].read_bytes()
        db.close()
        self.file = folder / "template" / "coachdesk.sqlite3"
        new_database(folder / "empty").close()
        self.empty = folder / "empty" / "coachdesk.sqlite3"
        self.folder = folder
        self.count = itertools.count()

    def copy(self, *, empty: bool = False) -> Database:
        """A copy of the practice (or of an empty data file) to import into."""
        target = self.folder / f"copy-{next(self.count)}"
        target.mkdir()
        shutil.copyfile(self.empty if empty else self.file, target / "coachdesk.sqlite3")
        return open_database(target / "coachdesk.sqlite3")


@pytest.fixture
def template(tmp_path) -> Template:
    return Template(tmp_path)


def paths(value: object, path: tuple = ()) -> Iterator[tuple]:
    """Every place in a decoded JSON document, the document itself first."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*path, index))


def place(path: tuple) -> str:
    """A path written as the import writes places: clients[0].sessions[2].start."""
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        elif key.isidentifier() and len(key) <= 40:
            text += f".{key}" if text else key
        else:
            text += "[" + repr(key if len(key) <= 40 else key[:39] + "…") + "]"
    return text


def get(document: object, path: tuple) -> object:
    for key in path:
        document = document[key]  # type: ignore[index]
    return document


@st.composite
def mutations(draw, document: dict) -> tuple[dict, tuple, str]:
    """The document with one change: a value replaced, a key removed or added, a list entry
    repeated or dropped.  Returns (document, the place changed, what was done)."""
    mutated = copy.deepcopy(document)
    where = draw(st.sampled_from(list(paths(mutated))))
    kind = draw(st.sampled_from(["replace", "remove", "add", "repeat", "drop"]))
    target = get(mutated, where)
    if kind == "replace" and where:
        get(mutated, where[:-1])[where[-1]] = draw(json_values)
        return mutated, where, kind
    if kind == "remove" and where and isinstance(get(mutated, where[:-1]), dict):
        del get(mutated, where[:-1])[where[-1]]
        return mutated, where, kind
    if kind in ("repeat", "drop") and isinstance(target, list) and target:
        index = draw(st.integers(0, len(target) - 1))
        if kind == "repeat":
            target.insert(index, copy.deepcopy(target[index]))
        else:
            del target[index]
        return mutated, (*where, index), kind
    if isinstance(target, dict):
        key = draw(st.text(max_size=8))
        target[key] = draw(json_values)
        return mutated, (*where, key), "add"
    mutated[draw(st.text(max_size=8))] = draw(json_values)
    return mutated, (), "add"


PLACE = re.compile(r"^(clients|format|version|exported_at|\[|the file |[^\s:\[]+: unknown field)")


def record_of(place_: str) -> str:
    """The record a place is in: ``clients[0].sessions[2]`` for ``clients[0].sessions[2].start``."""
    return re.sub(r"(\.[^.\[]*|\[[^\]]*\])$", "", place_)


def related(problem: str, where: tuple) -> bool:
    """The problem is at the change, inside it, around it, or at another field of the changed
    record (a rule across fields: a repair dated before its breach)."""
    changed = place(where)
    around = [place(where[:n]) for n in range(1, len(where) + 1)]
    return (
        not where
        or problem.startswith(record_of(changed))
        or any(problem.startswith(f"{p}: ") for p in around)
    )


def test_a_changed_export_imports_whole_or_not_at_all(template):
    @FUZZ
    @given(change=mutations(template.document), merge=st.booleans())
    def check(change, merge):
        document, where, kind = change
        db = template.copy()
        try:
            before = dump(db)
            try:
                report = import_document(db, document, merge=merge)
            except ImportRefused as refused:
                assert dump(db) == before
                for problem in refused.problems:
                    assert PLACE.match(problem), problem
                assert any(related(problem, where) for problem in refused.problems) or any(
                    "ref" in problem for problem in refused.problems
                ), (kind, place(where), refused.problems)
            else:
                assert report.added.clients + len(report.skipped) + len(report.merged) == len(
                    document["clients"]
                )
                assert check_database(db.path).healthy
        finally:
            db.close()

    check()


def test_any_json_text_is_refused_cleanly_or_imported(template, tmp_path):
    @FUZZ
    @given(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
    def check(text):
        db = template.copy()
        try:
            before = dump(db)
            try:
                import_document(db, parse_json(text))
            except ImportRefused as refused:
                assert refused.problems and all(refused.problems)
                assert dump(db) == before

        finally:
            db.close()

    check()


CSV_PLACE = re.compile(r"^(row \d+|no column|.*\.csv |the file )")


def test_any_bytes_as_a_csv_file_are_refused_cleanly_or_imported(template, tmp_path):
    @FUZZ
    @given(
        st.binary(max_size=300)
        | st.text(alphabet=st.sampled_from("name,email;\"\r\n\t=+-@'aé🎉\x00 "), max_size=120).map(
            str.encode
        )
    )
    def check(data):
        path = tmp_path / "in.csv"
        path.write_bytes(data)
        db = template.copy()
        try:
            before = dump(db)
            try:
                import_clients_csv(db, path)
            except ImportRefused as refused:
                assert dump(db) == before
                for problem in refused.problems:
                    assert CSV_PLACE.match(problem), problem
            else:
                assert check_database(db.path).healthy
        finally:
            db.close()

    check()


def test_a_changed_cell_leaves_out_its_row_only_and_names_it(template, tmp_path):
    import csv
    import io

    text = template.csv[3:].decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header, rows = records[0], records[1:]

    @FUZZ
    @given(
        row=st.integers(0, len(rows) - 1),
        column=st.integers(0, len(header) - 1),
        value=st.text(
            alphabet=st.characters(exclude_categories=("Cs",), exclude_characters='\r\n"\x00'),
            max_size=300,
        ),
    )
    def check(row, column, value):
        changed = [list(r) for r in rows]
        changed[row][column] = value
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerows([header, *changed])
        path = tmp_path / "clients.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        db = template.copy(empty=True)
        try:
            try:
                report = import_clients_csv(db, path)
            except ImportRefused as refused:
                assert dump(db)["clients"] == []
                assert all(p.startswith(f"row {row + 2}") for p in refused.problems), (
                    refused.problems
                )
            else:
                # Rows, not files: only the changed row can be left out, and it is named.
                left = [note for note in report.notes if note.endswith("; not imported")]
                assert all(note.startswith(f"row {row + 2}") for note in left), left
                assert report.added.clients + len(report.skipped) + len(left) == len(rows)
        finally:
            db.close()

    check()
