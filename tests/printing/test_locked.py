"""Locked PDFs: the client's record (and its JSON, attached) encrypted so that standard
tools open it with the passphrase or the recovery key and nothing else; read back with
pypdf and with poppler's own tools, as a coach's reader would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader

from coachdesk.printing.dossier import (
    locked_json_name,
    render_dossier,
    render_locked_record_json,
)
from coachdesk.printing.locked import PdfLock, owner_password
from coachdesk.storage.dossier import client_record
from tests.storage.rich_client import NOW, add_rich_client

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfdetach") is None,
        reason="pdftotext/pdfdetach (poppler-utils) read the locked PDFs back",
    ),
]

PASSPHRASE = "tea on the balcony at six"
RECOVERY_KEY = "8H1W-RH8N-GPZY-JQTN-JJ2P-9DWN-2ESE-D2KV"
LOCK = PdfLock(PASSPHRASE, RECOVERY_KEY)
NAME = "Zebulon Quartermaine"


@pytest.fixture
def record(db):
    zeb = add_rich_client(db, NAME, "zeb@quartermaine.example", "ZQMARK")
    return client_record(db, zeb.client, now=NOW)


def _poppler(tool: str, option: str, password: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([tool, option, password, *args], capture_output=True, text=True)


def test_a_locked_record_opens_with_the_passphrase_or_the_recovery_key_alone(
    qapp, record, tmp_path
):
    path = render_dossier(record, tmp_path / "record.pdf", lock=LOCK).path
    raw = path.read_bytes()
    for canary in (NAME, "ZQMARK", "Quartermaine"):
        assert canary.encode() not in raw  # not in the title, the text nor the metadata

    reader = PdfReader(path)
    assert reader.is_encrypted
    assert reader.decrypt("not the passphrase") == PasswordType.NOT_DECRYPTED
    assert PdfReader(path).decrypt(PASSPHRASE) == PasswordType.USER_PASSWORD
    assert PdfReader(path).decrypt(owner_password(RECOVERY_KEY)) == PasswordType.OWNER_PASSWORD

    by_passphrase = _poppler("pdftotext", "-upw", PASSPHRASE, str(path), "-")
    by_recovery = _poppler("pdftotext", "-opw", owner_password(RECOVERY_KEY), str(path), "-")
    assert by_passphrase.returncode == by_recovery.returncode == 0
    assert "ZQMARK" in by_passphrase.stdout and by_passphrase.stdout == by_recovery.stdout
    assert subprocess.run(["pdftotext", str(path), "-"], capture_output=True).returncode != 0


def test_the_json_record_is_attached_to_a_locked_pdf_that_says_how_to_save_it(
    qapp, record, tmp_path
):
    path = render_locked_record_json(record, tmp_path / "record.json.pdf", LOCK)
    assert b"ZQMARK" not in path.read_bytes()
    listed = _poppler("pdfdetach", "-opw", owner_password(RECOVERY_KEY), "-list", str(path))
    assert locked_json_name(record) in listed.stdout
    saved = tmp_path / "saved.json"
    done = _poppler("pdfdetach", "-upw", PASSPHRASE, "-save", "1", "-o", str(saved), str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(saved.read_text(encoding="utf-8")) == json.loads(
        json.dumps(record, default=str)
    )
    cover = _poppler("pdftotext", "-upw", PASSPHRASE, str(path), "-").stdout
    assert locked_json_name(record) in cover
    assert "no spaces or dashes" in " ".join(cover.split())
    assert "Attached:" in cover


def test_a_lock_never_shows_its_secrets():
    assert PASSPHRASE not in repr(LOCK) and RECOVERY_KEY not in repr(LOCK)


def test_files_are_attached_to_a_locked_pdf_only(qapp, tmp_path):
    from coachdesk.printing.page import write_pdf

    with pytest.raises(ValueError):
        write_pdf(tmp_path / "x.pdf", "x", lambda _writer: None, attachments={"a": b"1"})
    assert not Path(tmp_path / "x.pdf").exists()


def test_a_lock_without_the_recovery_copy_says_how_to_get_one():
    from coachdesk.printing.locked import opens_with

    assert "recovery key typed in capitals" in opens_with(LOCK)
    assert "New recovery sheet" in opens_with(PdfLock(PASSPHRASE, None))
