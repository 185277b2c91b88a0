"""The export and import commands: files written, messages, exit codes, the data folder's lock."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.demo import generate_demo
from coachdesk.paths import AppPaths
from coachdesk.storage.database import open_database
from coachdesk.storage.lock import InstanceLock
from tests.storage.portable_data import add_awkward_practice, dump


def folder(tmp_path: Path, name: str, *, demo: bool = False) -> AppPaths:
    paths = AppPaths.under(tmp_path / name)
    paths.ensure()
    db = open_database(paths.database, paths.backup_dir)
    try:
        if demo:
            generate_demo(db, "demo", today=date(2025, 3, 10))
            add_awkward_practice(db)
    finally:
        db.close()
    return paths


def coachdesk(paths: AppPaths, *args: str) -> int:
    return main([*args, "--data-dir", str(paths.data_dir)])


def database_dump(paths: AppPaths) -> dict:
    db = open_database(paths.database, paths.backup_dir)
    try:
        return dump(db)
    finally:
        db.close()


def test_export_then_import_into_an_empty_folder(tmp_path, capsys):
    source = folder(tmp_path, "source", demo=True)
    out = tmp_path / "practice.json"
    assert coachdesk(source, "export", str(out)) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Exported 15 clients and 154 sessions to {out} (")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    target = folder(tmp_path, "target")
    assert coachdesk(target, "import", str(out)) == 0
    assert capsys.readouterr().out.startswith("Imported 15 clients, 154 sessions, ")
    again = tmp_path / "again.json"
    assert coachdesk(target, "export", str(again)) == 0
    first, second = json.loads(out.read_text()), json.loads(again.read_text())
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second


def test_importing_the_same_file_again_skips_every_client_or_merges_nothing(tmp_path, capsys):
    source = folder(tmp_path, "source", demo=True)
    out = tmp_path / "practice.json"
    coachdesk(source, "export", str(out))
    before = database_dump(source)
    assert coachdesk(source, "import", str(out)) == 0
    said = capsys.readouterr().out
    assert "Imported nothing." in said
    assert "Skipped 15 clients already in CoachDesk" in said
    assert "Import with merge" in said
    assert database_dump(source) == before
    assert coachdesk(source, "import", str(out), "--merge") == 0
    assert "Merged into the existing clients" in capsys.readouterr().out
    after = database_dump(source)
    # "ana" merges into "Ana" (same name and email) and fills her blank notes (and so her
    # words in the search index); nothing else.
    changed = {"clients", "search_index"}
    assert {t: r for t, r in after.items() if t not in changed} == {
        t: r for t, r in before.items() if t not in changed
    }


def test_export_csv_writes_the_four_files(tmp_path, capsys):
    source = folder(tmp_path, "source", demo=True)
    target = tmp_path / "sheets"
    assert coachdesk(source, "export", "--csv", str(target)) == 0
    assert capsys.readouterr().out.strip() == (
        f"Wrote clients.csv, sessions.csv, items.csv, breaches.csv to {target}"
    )
    assert sorted(p.name for p in target.iterdir()) == [
        "breaches.csv",
        "clients.csv",
        "items.csv",
        "sessions.csv",
    ]


def test_import_csv_adds_clients_and_reports_ignored_columns(tmp_path, capsys):
    target = folder(tmp_path, "target")
    sheet = tmp_path / "clients.csv"
    sheet.write_text("Name,Email,Shoe size\nAna,ana@example.org,38\n", encoding="utf-8")
    assert coachdesk(target, "import", str(sheet)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Imported 1 client.",
        "Columns not imported (no matching field): Shoe size",
    ]


def test_a_bad_row_is_left_out_and_said_and_the_others_come_in(tmp_path, capsys):
    target = folder(tmp_path, "target", demo=True)
    sheet = tmp_path / "clients.csv"
    sheet.write_text(
        "name,email\nA,a@example.org\nB,b@example.org\nC,c@example.org\n"
        "D,d@example.org\nE,e@example.org\nF,f at example\nG,\n",
        encoding="utf-8",
    )
    assert coachdesk(target, "import", str(sheet)) == 0
    out = capsys.readouterr().out
    assert "row 7, email: The email address should look like name@example.com.; not imported" in out
    assert "Imported 6 clients" in out


def test_an_invalid_json_record_fails_naming_the_place(tmp_path, capsys):
    source = folder(tmp_path, "source", demo=True)
    out = tmp_path / "practice.json"
    coachdesk(source, "export", str(out))
    document = json.loads(out.read_text())
    document["clients"][3]["sessions"][12]["start"] = "next Tuesday"
    document["clients"][5]["email"] = "nobody"
    out.write_text(json.dumps(document))
    target = folder(tmp_path, "target")
    before = database_dump(target)
    assert coachdesk(target, "import", str(out)) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"coachdesk: nothing was imported from {out}:"
    assert lines[1].startswith("  clients[3].sessions[12].start: not a date and time")
    assert lines[2] == "  clients[5].email: The email address should look like name@example.com."
    assert database_dump(target) == before


def test_import_refuses_while_the_app_has_the_folder_open(tmp_path, capsys):
    source = folder(tmp_path, "source", demo=True)
    out = tmp_path / "practice.json"
    coachdesk(source, "export", str(out))
    target = folder(tmp_path, "target")
    before = database_dump(target)
    lock = InstanceLock(target.data_dir).acquire()  # the app, open on the target folder
    try:
        assert coachdesk(target, "import", str(out)) == 1
    finally:
        lock.release()
    assert "CoachDesk is already open on this data folder" in capsys.readouterr().err
    assert database_dump(target) == before


def test_export_works_while_the_app_is_open(tmp_path):
    source = folder(tmp_path, "source", demo=True)
    lock = InstanceLock(source.data_dir).acquire()
    try:
        assert coachdesk(source, "export", str(tmp_path / "out.json")) == 0
    finally:
        lock.release()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "missing.json"), "cannot be read"),
        (("import", "sheet.csv", "--merge"), "--merge is for JSON exports"),
    ],
)
def test_problems_are_one_line_on_stderr_with_exit_1(tmp_path, capsys, args, message):
    target = folder(tmp_path, "target")
    (tmp_path / "sheet.csv").write_text("name\nAna\n")
    resolved = [str(tmp_path / a) if a.endswith((".json", ".csv")) else a for a in args]
    assert coachdesk(target, *resolved) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_export_into_a_folder_it_cannot_write_is_a_clear_problem(tmp_path, capsys):
    source = folder(tmp_path, "source")
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert coachdesk(source, "export", str(blocker / "out.json")) == 1
    assert "could not be written" in capsys.readouterr().err
    assert coachdesk(source, "export", "--csv", str(blocker / "sheets")) == 1
    assert "could not be written" in capsys.readouterr().err


def test_export_needs_a_file_or_csv_folder(tmp_path, capsys):
    source = folder(tmp_path, "source")
    with pytest.raises(SystemExit) as stopped:
        coachdesk(source, "export")
    assert stopped.value.code == 2
    assert "one of the arguments FILE.json --csv is required" in capsys.readouterr().err


def test_import_names_a_nul_byte_and_reads_a_semicolon_file(tmp_path, capsys):
    paths = folder(tmp_path, "data")
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"Name,Email\nAnna Berg\x00,anna@example.org\n")
    assert coachdesk(paths, "import", str(nul)) == 1
    err = capsys.readouterr().err
    assert "contains a NUL byte at line 2" in err
    assert "UTF-16" not in err
    semicolons = tmp_path / "excel.csv"
    semicolons.write_text(
        "sep=;\r\nName;E-mail;Phone\r\nAnna Berg;anna@example.org;+49 30 1234567\r\n",
        encoding="utf-8",
    )
    assert coachdesk(paths, "import", str(semicolons)) == 0
    assert "Imported 1 client" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("cal.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "coachdesk ics --import cal.ics"),
        ("people.vcf", b"BEGIN:VCARD\r\nFN:Dan\r\nEND:VCARD\r\n", "holds contacts as vCards"),
        ("google.zip", b"PK\x03\x04\x14\x00\x00\x00cal.ics", "is a zip archive: unpack it"),
    ],
)
def test_import_names_a_file_of_another_kind_and_the_command_that_takes_it(
    tmp_path, capsys, name, data, said
):
    source = tmp_path / name
    source.write_bytes(data)
    assert main(["import", str(source), "--data-dir", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert said in err
    assert "not valid JSON" not in err and "binary" not in err
    assert "Traceback" not in err


def test_the_calendar_import_names_contacts_for_what_they_are(tmp_path, capsys):
    source = tmp_path / "people.vcf"
    source.write_bytes(b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dan\r\nEND:VCARD\r\n")
    assert main(["ics", "--import", str(source), "--data-dir", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert "people.vcf holds contacts as vCards" in err
    assert "BEGIN:VCALENDAR" not in err
