"""A client's name and words stay where the coach keeps them: after a session of use (the
window, with a client looked up, opened and prepared for; then the commands that read,
print, back up, check and export, all logging in detail) the log, the settings and the
temporary folder hold none of them.  The data
file, its -wal/-shm, the backups and the files the coach asked for are where they belong.

On an encrypted practice (``protected``) the same session holds none of them anywhere
outside the files the coach asked for: not the data file, its -wal (holding commits
when the folder is scanned) and -shm, the backups, the key envelope, the log, the
settings, the temporary folder, nor the passphrase.  The practice is made as the app
makes one (a real key envelope); the window runs with its key held in this process
(``protection.unlock``, what its unlock screen does), the commands unlock it with the
passphrase file named by ``COACHDESK_PASSPHRASE_FILE``.
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

from coachdesk.cli.parser import PASSPHRASE_FILE_ENV
from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import MatterData, SessionData
from coachdesk.paths import AppPaths
from coachdesk.storage import encrypted_files, keys, protection
from coachdesk.storage.clients import create_client, update_client
from coachdesk.storage.database import open_database
from coachdesk.storage.matters import create_matter
from coachdesk.storage.sessions import create_session
from tests.fault.protected import PASSPHRASE, PROTECTED, passphrase_file, titled

pytestmark = pytest.mark.fault

NAME = "Zephyrine Quillfeather"
GUEST = "Ondrej Vrbkaster"
WORDS = "tell me before Ondrej sits in, the marmalade rule"
NOTES = "worried about the Kestrelwood merger"
CANARIES = (NAME, "Zephyrine", "Quillfeather", GUEST, "Vrbkaster", "marmalade", "Kestrelwood")


def _practice(paths: AppPaths, protected: bool) -> tuple[int, int]:
    paths.ensure()
    if protected:
        protection.start_protected(paths.database, PASSPHRASE)  # the real scrypt cost
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


def _coachdesk(data: Path, temp: Path, secret: Path | None, *args: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temp)}
    if secret is not None:
        env[PASSPHRASE_FILE_ENV] = str(secret)
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--verbose", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)


def _under(path: Path, skip: set[Path]) -> bool:
    return any(path == s or s in path.parents for s in skip)


def _hits(
    folder: Path, skip: set[Path] = frozenset(), canaries: tuple[str, ...] = CANARIES
) -> list[str]:
    """Every file under ``folder`` (but ``skip`` and what lies under it) holding a canary,
    in UTF-8 or UTF-16 (Qt's settings on some systems), in any case."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or _under(path, skip):
            continue
        content = path.read_bytes().lower()
        for canary in canaries:
            text = canary.lower()
            if text.encode() in content or text.encode("utf-16-le") in content:
                found.append(f"{path.relative_to(folder)}: {canary}")
    return found


@pytest.mark.parametrize("protected", PROTECTED)
def test_a_session_of_use_leaves_no_client_words_outside_the_data(
    qtbot, tmp_path, monkeypatch, protected, report
):
    from coachdesk.app import open_settings
    from coachdesk.logs import setup_logging
    from coachdesk.ui.shell.main_window import MainWindow

    data, temp, out = tmp_path / "data", tmp_path / "temp", tmp_path / "asked-for"
    temp.mkdir()
    out.mkdir()
    paths = AppPaths.under(data)
    client, session = _practice(paths, protected)
    secret = passphrase_file(tmp_path / "secret") if protected else None
    if protected:  # what the window's unlock screen does, in this process
        encrypted_files.forget_keys()
        protection.unlock(paths.database, keys.PASSPHRASE, PASSPHRASE)

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
        _coachdesk(data, temp, secret, *args)

    assert "main window closed" in paths.log_file.read_text(encoding="utf-8"), "no window log"
    assert paths.settings_file.exists()
    assert _hits(out), "the canaries are not in what the coach asked for: the search is blind"
    temp_files = sum(1 for p in temp.rglob("*") if p.is_file())
    if not protected:
        kept = {paths.database, paths.backup_dir}
        kept |= {paths.database.with_name(paths.database.name + s) for s in ("-wal", "-shm")}
        data_hits, temp_hits = _hits(data, kept), _hits(temp)
        outside = [p for p in data.rglob("*") if p.is_file() and not _under(p, kept)]
        report(
            titled("canary after a session of use", protected),
            f"{len(outside)} files in the data folder outside the data file, its -wal/-shm "
            f"and the backups (the log, the settings) and {temp_files} in the temporary "
            f"folder: {len(data_hits) + len(temp_hits)} hits of the client's name and words",
        )
        assert data_hits == []
        assert temp_hits == []
        return

    # Encrypted: the whole data folder, with commits of the canary's words in the -wal.
    db = open_database(paths.database, paths.backup_dir)
    try:
        update_client(db, client, ClientData(name=NAME, private_notes=f"{NOTES}, {WORDS}"))
        with db.read() as connection:  # a second connection: the WAL stays
            connection.execute("SELECT count(*) FROM clients").fetchone()
            wal = paths.database.with_name(paths.database.name + "-wal")
            assert wal.stat().st_size > 0
            scanned = sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file())
            assert {"coachdesk.sqlite3", "coachdesk.sqlite3-wal", "coachdesk.sqlite3-shm"} <= set(
                scanned
            ), scanned
            assert encrypted_files.sidecar(paths.database).exists()
            made = [p for p in paths.backup_dir.iterdir() if p.suffix == ".sqlite3"]
            assert made and all(encrypted_files.trailer_size(p) > 0 for p in made), made
            everywhere = (*CANARIES, PASSPHRASE)
            data_hits, temp_hits = (
                _hits(data, canaries=everywhere),
                _hits(temp, canaries=everywhere),
            )
    finally:
        db.close()
    report(
        titled("canary after a session of use", protected),
        f"{len(scanned)} files in the data folder (the data file, its -wal and -shm, "
        f"{len(made)} backup(s), the key envelope, the log, the settings) and "
        f"{temp_files} in the temporary folder: "
        f"{len(data_hits) + len(temp_hits)} hits of the client's name and words or the "
        "passphrase",
    )
    assert data_hits == []
    assert temp_hits == []
