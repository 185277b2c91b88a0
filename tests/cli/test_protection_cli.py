"""A protected practice on the command line: the passphrase from a file or the
environment (never an argument), the conversions, the recovery sheet, and a backup that
restores on a fresh data folder with the passphrase or the recovery key alone."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coachdesk.cli import main
from coachdesk.storage import encrypted_files, files

PASSPHRASE = "tea on the balcony at six"


def _secret_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.fixture
def protected(tmp_path, capsys) -> tuple[Path, Path, str]:
    """A protected demo practice: its data folder, its passphrase file, its recovery key."""
    data = tmp_path / "data"
    passphrase = _secret_file(tmp_path, "passphrase", PASSPHRASE)
    assert main(["demo", "--data-dir", str(data), "--passphrase-file", str(passphrase)]) == 0
    out = capsys.readouterr().out
    recovery_key = re.search(r"recovery key \(shown once\): (\S+)", out)
    assert recovery_key is not None
    encrypted_files.forget_keys()  # each command below unlocks on its own, as a new process
    return data, passphrase, recovery_key.group(1)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_with_a_passphrase_file_makes_an_encrypted_practice(protected, capsys):
    data, passphrase, _ = protected
    database = data / "coachdesk.sqlite3"
    assert not database.read_bytes().startswith(files.SQLITE_HEADER)
    assert main(["sessions", "--data-dir", str(data), "--passphrase-file", str(passphrase)]) == 0
    assert "Amélie" in capsys.readouterr().out


def test_without_a_terminal_or_a_file_a_command_says_how_to_give_the_passphrase(protected, capsys):
    data, _, _ = protected
    before = _digest(data / "coachdesk.sqlite3")
    assert main(["sessions", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "protected with a passphrase and there is no terminal" in err
    assert "--passphrase-file FILE or COACHDESK_PASSPHRASE_FILE" in err
    assert _digest(data / "coachdesk.sqlite3") == before


def test_a_wrong_passphrase_is_said_plainly_and_leaves_the_file_and_log_clean(
    protected, tmp_path, capsys
):
    data, _, _ = protected
    wrong = _secret_file(tmp_path, "wrong", "not the right one at all")
    before = _digest(data / "coachdesk.sqlite3")
    assert main(["check", "--data-dir", str(data), "--passphrase-file", str(wrong)]) == 1
    err = capsys.readouterr().err
    assert "that passphrase does not open this practice" in err
    assert "not the right one" not in err
    assert _digest(data / "coachdesk.sqlite3") == before
    log = "".join(path.read_text() for path in (data / "logs").glob("*"))
    assert "not the right one" not in log and PASSPHRASE not in log


def test_a_scheduled_backup_reads_the_passphrase_file_named_in_the_environment(
    protected, monkeypatch, capsys
):
    data, passphrase, _ = protected
    monkeypatch.setenv("COACHDESK_PASSPHRASE_FILE", str(passphrase))
    assert main(["backup", "--data-dir", str(data)]) == 0
    (made,) = (data / "backups").glob("coachdesk-backup-*.sqlite3")
    assert encrypted_files.trailer_size(made) > 0
    assert b"Am\xc3\xa9lie" not in made.read_bytes()


@pytest.mark.gui  # the sheet is laid out with Qt
def test_the_passphrase_changes_and_a_new_recovery_sheet_retires_the_old_key(
    protected, tmp_path, capsys
):
    data, passphrase, old_recovery = protected
    new = _secret_file(tmp_path, "new", "a different long passphrase")
    old_key = _secret_file(tmp_path, "old-key", old_recovery)
    base = ["--data-dir", str(data)]
    database = data / "coachdesk.sqlite3"
    before = _digest(database)
    assert (
        main(
            [
                "change-passphrase",
                *base,
                "--passphrase-file",
                str(passphrase),
                "--new-passphrase-file",
                str(new),
            ]
        )
        == 0
    )
    assert _digest(database) == before  # re-wrapped, not re-encrypted
    encrypted_files.forget_keys()
    assert main(["sessions", *base, "--passphrase-file", str(passphrase)]) == 1
    encrypted_files.forget_keys()
    sheet = tmp_path / "sheet.pdf"
    assert main(["recovery-sheet", *base, "--pdf", str(sheet), "--passphrase-file", str(new)]) == 0
    assert sheet.is_file() and sheet.stat().st_mode & 0o077 == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "CoachDesk recovery sheet" in text
    capsys.readouterr()
    encrypted_files.forget_keys()
    assert main(["sessions", *base, "--recovery-key-file", str(old_key)]) == 1
    assert "recovery key does not open" in capsys.readouterr().err


def test_unprotect_then_protect_again_keeps_the_data(protected, tmp_path, capsys):
    data, passphrase, _ = protected
    base = ["--data-dir", str(data), "--passphrase-file", str(passphrase)]
    assert main(["export", str(tmp_path / "before.json"), "--plain", *base]) == 0
    assert main(["unprotect", *base]) == 0
    database = data / "coachdesk.sqlite3"
    assert database.read_bytes().startswith(files.SQLITE_HEADER)
    encrypted_files.forget_keys()
    assert main(["protect", "--data-dir", str(data), "--new-passphrase-file", str(passphrase)]) == 0
    assert "Your recovery key" in capsys.readouterr().out
    encrypted_files.forget_keys()
    assert main(["export", str(tmp_path / "after.json"), "--plain", *base]) == 0

    def clients(path: Path) -> str:
        import json

        return json.dumps(json.loads(path.read_text())["clients"], sort_keys=True)

    assert clients(tmp_path / "before.json") == clients(tmp_path / "after.json")


@pytest.mark.parametrize("with_recovery_key", [False, True])
def test_a_backup_alone_restores_on_a_fresh_data_folder(
    protected, tmp_path, capsys, with_recovery_key
):
    data, passphrase, recovery_key = protected
    assert main(["backup", "--data-dir", str(data), "--passphrase-file", str(passphrase)]) == 0
    (made,) = (data / "backups").glob("coachdesk-backup-*.sqlite3")
    carried = tmp_path / "usb" / made.name
    carried.parent.mkdir()
    shutil.copyfile(made, carried)
    encrypted_files.forget_keys()
    fresh = tmp_path / "new-laptop"
    secret = (
        ["--recovery-key-file", str(_secret_file(tmp_path, "key", recovery_key))]
        if with_recovery_key
        else ["--passphrase-file", str(passphrase)]
    )
    assert main(["restore", str(carried), "--data-dir", str(fresh), *secret]) == 0
    encrypted_files.forget_keys()
    capsys.readouterr()
    assert main(["sessions", "--data-dir", str(fresh), *secret]) == 0
    assert "Amélie" in capsys.readouterr().out


def test_the_backup_list_calls_a_backup_under_another_key_locked(protected, tmp_path, capsys):
    data, passphrase, _ = protected
    other = tmp_path / "other"
    other_secret = _secret_file(tmp_path, "other-passphrase", "another practice's passphrase")
    assert main(["demo", "--data-dir", str(other), "--passphrase-file", str(other_secret)]) == 0
    encrypted_files.forget_keys()
    assert main(["backup", "--data-dir", str(other), "--passphrase-file", str(other_secret)]) == 0
    encrypted_files.forget_keys()
    assert main(["backup", "--data-dir", str(data), "--passphrase-file", str(passphrase)]) == 0
    own = sorted((data / "backups").glob("coachdesk-backup-*.sqlite3"))[-1]
    foreign = own.with_name("coachdesk-backup-20200101-000000.sqlite3")
    shutil.copyfile(sorted((other / "backups").glob("coachdesk-*.sqlite3"))[-1], foreign)
    encrypted_files.forget_keys()
    capsys.readouterr()
    listed = ["backup", "--list", "--data-dir", str(data), "--passphrase-file", str(passphrase)]
    assert main(listed) == 0
    lines = {line.split()[-1]: line for line in capsys.readouterr().out.splitlines()}
    assert "locked (another passphrase" in lines[str(foreign)]
    assert "clients" in lines[str(own)]


@pytest.mark.gui
def test_a_protected_practices_record_is_written_encrypted_unless_plain_is_asked(
    qapp, protected, tmp_path, capsys
):
    from pypdf import PasswordType, PdfReader

    from coachdesk.printing.locked import owner_password

    data, passphrase, recovery_key = protected
    common = ["--data-dir", str(data), "--passphrase-file", str(passphrase)]
    json_target, pdf_target = tmp_path / "record.json", tmp_path / "record.pdf"
    assert (
        main(["dossier", "1", "--json", str(json_target), "--pdf", str(pdf_target), *common]) == 0
    )
    out = capsys.readouterr()
    assert "opens with your passphrase, or with your recovery key" in out.out
    assert not json_target.exists()  # the JSON is attached to a locked PDF instead
    for path in (tmp_path / "record.json.pdf", pdf_target):
        assert PdfReader(path).decrypt(PASSPHRASE) == PasswordType.USER_PASSWORD
        assert PdfReader(path).decrypt(owner_password(recovery_key)) == PasswordType.OWNER_PASSWORD
        assert PdfReader(path).decrypt("a guess at it") == PasswordType.NOT_DECRYPTED

    encrypted_files.forget_keys()
    plain = tmp_path / "plain.json"
    assert main(["dossier", "1", "--json", str(plain), "--plain", *common]) == 0
    assert "is not encrypted: anyone who has the file can read it" in capsys.readouterr().err
    assert plain.read_text(encoding="utf-8").startswith("{")


def test_a_record_unlocked_with_the_recovery_key_needs_the_passphrase_to_be_encrypted(
    protected, tmp_path, capsys
):
    data, _, recovery_key = protected
    key_file = _secret_file(tmp_path, "recovery", recovery_key)
    where = ["--data-dir", str(data), "--recovery-key-file", str(key_file)]
    code = main(["dossier", "1", "--pdf", str(tmp_path / "r.pdf"), *where])
    assert code != 0
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and "--plain" in err
    assert recovery_key not in err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.gui
def test_a_protected_practices_export_is_attached_to_a_locked_pdf_and_imports_back(
    qapp, protected, tmp_path, capsys
):
    from pypdf import PdfReader

    from coachdesk.printing.locked import owner_password

    data, passphrase, recovery_key = protected
    common = ["--data-dir", str(data), "--passphrase-file", str(passphrase)]
    assert main(["export", str(tmp_path / "all.json"), *common]) == 0
    assert main(["export", "--csv", str(tmp_path / "sheets"), *common]) == 0
    locked = tmp_path / "all.json.pdf"
    assert not (tmp_path / "all.json").exists()
    by_recovery = PdfReader(locked, password=owner_password(recovery_key))
    (attached,) = by_recovery.attachments["all.json"]
    sheets = PdfReader(tmp_path / "sheets" / "coachdesk-spreadsheets.pdf", password=PASSPHRASE)
    assert sorted(sheets.attachments) == [
        "breaches.csv",
        "clients.csv",
        "items.csv",
        "sessions.csv",
    ]
    for path in (locked, tmp_path / "sheets" / "coachdesk-spreadsheets.pdf"):
        assert b"Okafor" not in path.read_bytes()

    saved = tmp_path / "saved.json"
    saved.write_bytes(attached)
    capsys.readouterr()
    assert main(["import", str(saved), "--data-dir", str(tmp_path / "fresh")]) == 0
    assert "Imported 12 clients" in capsys.readouterr().out

    encrypted_files.forget_keys()
    assert main(["export", str(tmp_path / "open.json"), "--plain", *common]) == 0
    assert "open.json is not encrypted" in capsys.readouterr().err


@pytest.mark.gui
def test_a_protected_practices_prep_sheet_is_locked_unless_plain_for_the_printer(
    qapp, protected, tmp_path, capsys
):
    from pypdf import PasswordType, PdfReader

    data, passphrase, _ = protected
    common = ["--data-dir", str(data), "--passphrase-file", str(passphrase)]
    sheet, printable = tmp_path / "sheet.pdf", tmp_path / "printable.pdf"
    assert main(["prep", "1", "--pdf", str(sheet), *common]) == 0
    assert "opens with your passphrase" in capsys.readouterr().err
    assert PdfReader(sheet).decrypt(PASSPHRASE) == PasswordType.USER_PASSWORD
    encrypted_files.forget_keys()
    assert main(["prep", "1", "--pdf", str(printable), "--plain", *common]) == 0
    assert "printable.pdf is not encrypted" in capsys.readouterr().err
    assert not PdfReader(printable).is_encrypted
