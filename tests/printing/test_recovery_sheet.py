"""The printed recovery sheet: the key exactly, the plain instructions, one page, owner-only,
the data folder in any script and any length, and clear errors where it cannot be written.

The PDF is read back with poppler's ``pdftotext`` and ``pdfinfo``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize

from coachdesk.display.timefmt import format_clock, to_qdatetime
from coachdesk.printing.recovery_sheet import KEY_ALPHABET, render_recovery_sheet
from coachdesk.storage.private_files import PART_SUFFIX

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="pdftotext/pdfinfo (poppler-utils) are needed to read the printed PDF back",
    ),
]

KEY = "7K2M-QX9D-0A1B-WWMM-H4TZ-8PRS-V3NE-ZG6C"
GROUPS = KEY.split("-")
MADE_AT = datetime(2026, 11, 26, 12, 5, tzinfo=UTC)  # the same day in every zone
FOLDER = Path("/home/coach/.local/share/CoachDesk")
PAGES = [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter]
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # pdftotext adds some
INSTRUCTIONS = (
    "CoachDesk recovery sheet",
    "Made on 26 November 2026 at",
    "If you forget your passphrase, this key opens your CoachDesk data, its backups and"
    " encrypted exports, on this or a new computer.",
    "In CoachDesk: on the unlock screen choose Use recovery key… and type the key.",
    "coachdesk --recovery-key-file FILE",
    "Keep this sheet somewhere safe, away from your laptop: a drawer at home, a safe.",
    "Never photograph it into a cloud, and never email it.",
    "Anyone with this sheet and your files can read your notes.",
    "File → New recovery sheet…",
    "coachdesk recovery-sheet --pdf FILE",
    "makes this one stop working",
    "Where this sheet is kept:",
)


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path) -> str:
    """The page's words, lines joined (a wrapped sentence reads as one)."""
    return " ".join(BIDI_CONTROLS.sub("", run("pdftotext", str(path), "-")).split())


def printed_groups(text: str) -> list[str]:
    """The four-character words in the key's box, between its label and its note."""
    box = text.split("YOUR RECOVERY KEY", 1)[1].split("There is no letter", 1)[0]
    return re.findall(rf"\b[{KEY_ALPHABET}]{{4}}\b", box)


def pdf_info(path: Path, field: str) -> str:
    line = next(x for x in run("pdfinfo", str(path)).splitlines() if x.startswith(f"{field}:"))
    return line.split(":", 1)[1].strip()


def sheet(folder: Path, *, data_folder: Path = FOLDER, **options: object) -> Path:
    target = folder / "recovery sheet.pdf"
    assert render_recovery_sheet(target, KEY, data_folder=data_folder, made_at=MADE_AT, **options)
    return target


@pytest.mark.parametrize("page", PAGES, ids=["A4", "Letter"])
def test_the_key_and_the_instructions_are_on_one_owner_only_page(qapp, tmp_path, page):
    target = sheet(tmp_path, page_size=QPageSize(page))
    text = pdf_text(target)
    assert pdf_info(target, "Pages") == "1"
    size = "(letter)" if page is QPageSize.PageSizeId.Letter else "(A4)"
    assert pdf_info(target, "Page size").endswith(size)
    # Two rows of four groups, each group whole (one word), in the key's order.
    assert " ".join(GROUPS[:4]) in text and " ".join(GROUPS[4:]) in text
    assert printed_groups(text) == GROUPS
    for words in INSTRUCTIONS:
        assert words in text, words
    clock = format_clock(to_qdatetime(MADE_AT).time())
    assert f"Made on 26 November 2026 at {clock}." in text
    assert f"It belongs to the CoachDesk data in this folder: {FOLDER}" in text
    assert "ﬁ" not in text  # no ligatures: "file" is searchable as typed
    assert pdf_info(target, "Title") == "CoachDesk recovery sheet"  # no key in the metadata
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(f"*{PART_SUFFIX}"))


def test_a_key_in_small_letters_is_printed_in_capitals(qapp, tmp_path):
    target = tmp_path / "sheet.pdf"
    render_recovery_sheet(target, KEY.lower(), data_folder=FOLDER, made_at=MADE_AT)
    assert printed_groups(pdf_text(target)) == GROUPS


@pytest.mark.parametrize(
    "folder",
    [
        Path("/home/דנה/מסמכים/אימון/CoachDesk"),
        Path("/home/مريم/المستندات/CoachDesk"),
    ],
    ids=["hebrew", "arabic"],
)
def test_a_right_to_left_data_folder_keeps_its_order_and_the_page(qapp, tmp_path, folder):
    target = sheet(tmp_path, data_folder=folder)
    text = pdf_text(target)
    assert pdf_info(target, "Pages") == "1"
    # Its names in their order, the separators between them (Arabic's letter forms, as
    # pdftotext gives them, read as its letters).
    assert str(folder) in unicodedata.normalize("NFKC", text)
    assert "It belongs to the CoachDesk data in this folder:" in text
    assert " ".join(GROUPS[:4]) in text and " ".join(GROUPS[4:]) in text
    assert "Where this sheet is kept:" in text


@pytest.mark.parametrize("page", PAGES, ids=["A4", "Letter"])
@pytest.mark.parametrize(
    "folder",
    [
        Path("/home/coach", *(f"a-very-long-folder-name-number-{n}" for n in range(12)), "Desk"),
        Path("/home/coach", "x" * 600),
    ],
    ids=["many-folders", "one-long-name"],
)
def test_a_long_data_folder_is_shortened_in_the_middle_on_one_page(qapp, tmp_path, folder, page):
    target = sheet(tmp_path, data_folder=folder, page_size=QPageSize(page))
    text = pdf_text(target)
    assert pdf_info(target, "Pages") == "1"
    assert "/home/coach/" in text and "…" in text
    if folder.name == "Desk":
        assert "/a-very-long-folder-name-number-11/Desk" in text  # its own name stays
    lines = run("pdftotext", "-layout", str(target), "-").splitlines()
    start = next(n for n, line in enumerate(lines) if "/home/coach/" in line)
    end = next(n for n, line in enumerate(lines) if "YOUR RECOVERY KEY" in line)
    shown = [line.strip() for line in lines[start:end] if line.strip()]
    assert 1 <= len(shown) <= 3  # PATH_LINES
    assert not any(line.endswith("-") for line in shown)  # no break at a name's hyphen
    for words in INSTRUCTIONS:
        assert words in text, words


def test_a_target_in_a_missing_folder_is_a_clear_os_error(qapp, tmp_path):
    target = tmp_path / "not there" / "sheet.pdf"
    with pytest.raises(FileNotFoundError) as caught:
        render_recovery_sheet(target, KEY, data_folder=FOLDER, made_at=MADE_AT)
    assert caught.value.strerror  # what the window and the commands show
    assert not (tmp_path / "not there").exists()


def test_a_target_that_cannot_be_a_file_is_a_clear_os_error(qapp, tmp_path):
    (tmp_path / "a file").write_text("not a folder")
    with pytest.raises(NotADirectoryError) as caught:
        render_recovery_sheet(
            tmp_path / "a file" / "sheet.pdf", KEY, data_folder=FOLDER, made_at=MADE_AT
        )
    assert caught.value.strerror
    (tmp_path / "a folder.pdf").mkdir()
    with pytest.raises(IsADirectoryError):
        render_recovery_sheet(tmp_path / "a folder.pdf", KEY, data_folder=FOLDER, made_at=MADE_AT)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a file", "a folder.pdf"]


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions that bind the user"
)
def test_an_unwritable_folder_is_a_clear_os_error_and_the_older_sheet_stays(qapp, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    older = folder / "sheet.pdf"
    older.write_bytes(b"%PDF- the older sheet")
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError) as caught:
            render_recovery_sheet(older, KEY, data_folder=FOLDER, made_at=MADE_AT)
        assert caught.value.strerror
        assert older.read_bytes() == b"%PDF- the older sheet"
        assert [p.name for p in folder.iterdir()] == ["sheet.pdf"]
    finally:
        folder.chmod(0o700)


FULL_DISK = textwrap.dedent(
    """
    import json, resource, signal, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from PySide6.QtGui import QGuiApplication
    from coachdesk.printing.recovery_sheet import render_recovery_sheet

    app = QGuiApplication([])
    target, limit = Path(sys.argv[1]), int(sys.argv[2])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        render_recovery_sheet(
            target, sys.argv[3], data_folder=Path("/data"), made_at=datetime.now(UTC)
        )
    except OSError as exc:
        print(json.dumps(["OSError", exc.strerror or str(exc)]))
    else:
        print(json.dumps(["ok", ""]))
    """
)


@pytest.mark.fault
@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("limit", [0, 3000], ids=["nothing-free", "3000-bytes-free"])
def test_a_full_disk_is_an_os_error_and_the_older_sheet_stays_whole(tmp_path, limit):
    """As ``tests.fault.test_pdf_full_disk`` does for the other papers (its ``render_*``
    list does not hold this writer)."""
    older = tmp_path / "sheet.pdf"
    older.write_bytes(b"%PDF- the older sheet, kept whole")
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(older), str(limit), KEY],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outcome, reason = json.loads(done.stdout)
    assert outcome == "OSError" and reason
    assert KEY not in done.stdout + done.stderr
    assert (
        hashlib.sha256(older.read_bytes()).digest()
        == hashlib.sha256(b"%PDF- the older sheet, kept whole").digest()
    )
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


@pytest.mark.parametrize(
    "wrong",
    [
        "7K2M-QX9D-0A1B-WWMM-H4TZ-8PRS-V3NE",  # seven groups
        "7K2MQX9D0A1BWWMMH4TZ8PRSV3NEZG6C",  # not grouped
        "7K2M-QX9D-0A1B-WWMM-H4TZ-8PRS-V3NE-ZG6O",  # an O is not in Crockford's alphabet
        "7K2M-QX9D-0A1B-WWMM-H4TZ-8PRS-V3NE-ZG6",
    ],
)
def test_a_key_of_the_wrong_shape_writes_nothing_and_is_not_quoted(qapp, tmp_path, wrong):
    target = tmp_path / "sheet.pdf"
    with pytest.raises(ValueError) as caught:
        render_recovery_sheet(target, wrong, data_folder=FOLDER, made_at=MADE_AT)
    assert wrong not in str(caught.value) and wrong[:4] not in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_the_key_is_never_logged(qapp, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    sheet(tmp_path)
    with pytest.raises(OSError):
        render_recovery_sheet(tmp_path / "no" / "x.pdf", KEY, data_folder=FOLDER, made_at=MADE_AT)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert all(group not in logged for group in GROUPS)
