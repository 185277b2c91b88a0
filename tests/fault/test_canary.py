"""A client's name and words stay where the coach keeps them: after a session of use (the
window, with a client looked up, opened and prepared for; then the commands that read,
print, back up, check and export, all logging in detail) the log, the settings and the
temporary folder hold none of them.  The data
file, its -wal/-shm, the backups and the files the coach asked for are where they belong.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import MatterData, SessionData
from coachdesk.paths import AppPaths
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.matters import create_matter
from coachdesk.storage.sessions import create_session

pytestmark = pytest.mark.fault

NAME = "Zephyrine Quillfeather"
GUEST = "Ondrej Vrbkaster"
WORDS = "tell me before Ondrej sits in, the marmalade rule"
NOTES = "worried about the Kestrelwood merger"
CANARIES = (NAME, "Zephyrine", "Quillfeather", GUEST, "Vrbkaster", "marmalade", "Kestrelwood")


def _practice(paths: AppPaths) -> tuple[int, int]:
    paths.ensure()
    db = open_database(paths.database)
    try:
        client = create_client(db, ClientData(name=NAME, private_notes=NOTES))
        create_matter(db, MatterData(client, WORDS, why=NOTES, importance=3))
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
        session = create_session(
            db,
            SessionData(client, start, agenda=f"{NOTES} with {GUEST}"),
            [(GUEST, "board member", None)],
        )
    finally:
        db.close()
    return client, session


def _coachdesk(data: Path, temp: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--verbose", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temp)},
        timeout=120,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)


def _hits(folder: Path, skip: set[Path] = frozenset()) -> list[str]:
    """Every file under ``folder`` (but ``skip`` and what lies under it) holding a canary,
    in UTF-8 or UTF-16 (Qt's settings on some systems), in any case."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(path == s or s in path.parents for s in skip):
            continue
        content = path.read_bytes().lower()
        for canary in CANARIES:
            text = canary.lower()
            if text.encode() in content or text.encode("utf-16-le") in content:
                found.append(f"{path.relative_to(folder)}: {canary}")
    return found


def test_a_session_of_use_leaves_no_client_words_outside_the_data(qtbot, tmp_path, monkeypatch):
    from coachdesk.app import open_settings
    from coachdesk.logs import setup_logging
    from coachdesk.ui.shell.main_window import MainWindow

    data, temp, out = tmp_path / "data", tmp_path / "temp", tmp_path / "asked-for"
    temp.mkdir()
    out.mkdir()
    paths = AppPaths.under(data)
    client, session = _practice(paths)

    root = logging.getLogger()
    level = root.level
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert setup_logging(paths, verbose=True)  # the window logs to the file, as in the app
    try:
        main = MainWindow(paths, open_settings(paths), automatic_backups=False)
        qtbot.addWidget(main)
        main.show()
        assert main.open_database()
        main.go_clients()
        main.ensure_pages().clients.filter_edit.setText("Zephyrine")
        main.show_client(client)
        main.prepare(session)
        main.close()
    finally:
        for handler in [h for h in root.handlers if getattr(h, "coachdesk", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)

    for args in (
        ("clients",),
        ("sessions",),
        ("prep", str(session), "--json"),
        ("prep", str(session), "--pdf", str(out / "prep.pdf")),
        ("backup",),
        ("check",),
        ("export", str(out / "all.json")),
        ("dossier", str(client), "--pdf", str(out / "record.pdf")),
        ("ics", str(out / "sessions.ics")),
        ("--smoke-test",),
    ):
        _coachdesk(data, temp, *args)

    kept = {paths.database, paths.backup_dir}
    kept |= {paths.database.with_name(paths.database.name + s) for s in ("-wal", "-shm")}
    assert "main window closed" in paths.log_file.read_text(encoding="utf-8"), "no window log"
    assert paths.settings_file.exists()
    assert _hits(out), "the canaries are not in what the coach asked for: the search is blind"
    assert _hits(data, kept) == []
    assert _hits(temp) == []
