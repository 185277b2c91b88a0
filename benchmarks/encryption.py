"""An encrypted practice against the same practice plain, in one run (used by run.py).

``python benchmarks/encryption.py PLAIN_DIR ENCRYPTED_DIR PASSPHRASE_FILE RUNS``: both
copies in one process (offscreen), the key held with ``protection.unlock``; prints one
JSON object:

* ``kdf_s``: unwrapping the data key with the passphrase alone (``keys.unwrap``: scrypt,
  then AES-GCM), median of RUNS; ``unlock_s``: ``protection.unlock`` (reading the envelope
  and holding the key as well);
* ``today_ms``, ``client_page_ms``, ``prep_panel_ms``, ``backup_s``: ``{"plain",
  "encrypted", "ratio"}``, medians of RUNS interleaved runs (which copy goes first
  alternates):

  - Today: ``go_today`` until painted (as ``pages.py``'s switches);
  - the client page of the client with the most sessions: ``client_page.show_client``
    until painted (``pages.py``'s "open");
  - the prep panel: ``PrepPanel.show_session`` of the latest session of the client with
    the most active items, until painted (``prep_gui.py``);
  - a verified backup: ``storage.backups.make_backup`` (``backup.py``);

* ``backup_steps``: each step of a backup alone, for both copies: the online backup (with
  the envelope's trailer for the encrypted one), the fsync, the verification.

``python benchmarks/encryption.py --first-data DATA_DIR [PASSPHRASE_FILE]``: one fresh
start, as a coach who has typed the passphrase would have it: the window painted (the
unlock prompt's stand-in), then the timed path to the first data, ``unlock`` (with
PASSPHRASE_FILE) + ``open_database`` + attaching it, whose Today page reads
``storage.overview.today_overview`` and is painted.  Prints one JSON object with each
step's seconds (``today_reads_s`` is the reads alone, inside ``attach_paint_s``).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pages import heaviest_client, timed
from prep_gui import heaviest_session

from coachdesk.app import create_application, open_settings
from coachdesk.paths import AppPaths
from coachdesk.storage import backups, encrypted_files, files, keys, protection
from coachdesk.storage.database import open_database
from coachdesk.ui.shell import main_window
from coachdesk.ui.shell.main_window import MainWindow

KINDS = ("plain", "encrypted")
SETTLE_S = 0.05  # the event loop runs between two measurements (Today's deferred rows)


def passphrase_from(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


def settle(app, seconds: float = SETTLE_S) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        app.processEvents()


def quiet_window(data_dir: Path) -> MainWindow:
    """The main window on ``data_dir``: no automatic backup and no background check, so
    nothing but the measured work runs."""
    main_window.INTEGRITY_CHECK_DELAY_MS = 10**8
    paths = AppPaths.under(data_dir)
    window = MainWindow(paths, open_settings(paths), automatic_backups=False)
    window.resize(1100, 700)
    window.show()
    return window


def key_derivation(database: Path, passphrase: str, runs: int) -> dict[str, float]:
    envelope = encrypted_files.envelope_for(database)
    assert envelope is not None, f"{database} is not encrypted"
    kdf = []
    for _ in range(runs):
        started = time.perf_counter()
        keys.unwrap(envelope, keys.PASSPHRASE, passphrase)
        kdf.append(time.perf_counter() - started)
    started = time.perf_counter()
    protection.unlock(database, keys.PASSPHRASE, passphrase)
    unlock = time.perf_counter() - started
    return {"kdf_s": statistics.median(kdf), "kdf_samples": kdf, "unlock_s": unlock}


def backup_steps(source: Path, scratch: Path) -> dict[str, float]:
    """A backup's steps one after another (in ``make_backup`` the fsync and the check
    overlap)."""
    target = scratch / f"steps-{source.parent.name}.sqlite3"
    target.unlink(missing_ok=True)
    target.touch()
    started = time.perf_counter()
    files.sqlite_backup(source, target)
    envelope = encrypted_files.envelope_for(source)
    if envelope is not None:
        encrypted_files.add_trailer(target, envelope)
    copied = time.perf_counter()
    files.fsync_file(target)
    synced = time.perf_counter()
    backups.verify(target)
    checked = time.perf_counter()
    target.unlink()
    return {
        "online_backup_s": copied - started,
        "fsync_s": synced - copied,
        "verify_s": checked - synced,
    }


def paired(samples: dict[str, list[float]]) -> dict[str, object]:
    plain, encrypted = (statistics.median(samples[kind]) for kind in KINDS)
    return {"plain": plain, "encrypted": encrypted, "ratio": encrypted / plain, "samples": samples}


def compare(plain_dir: Path, encrypted_dir: Path, passphrase: str, runs: int) -> dict:
    from coachdesk.ui.dialogs.prep import PrepPanel

    encrypted_files.forget_keys()
    derivation = key_derivation(encrypted_dir / "coachdesk.sqlite3", passphrase, runs)
    app = create_application()
    windows, panels, targets = {}, {}, {}
    for kind, folder in zip(KINDS, (plain_dir, encrypted_dir), strict=True):
        window = quiet_window(folder)
        window.attach_database(open_database(window.paths.database, window.paths.backup_dir))
        window.db.warm_up()
        client_id, history = heaviest_client(window.paths.database)
        session_id, items = heaviest_session(window.paths.database)
        panel = PrepPanel(window.db)
        panel.resize(700, 900)
        panel.show()
        windows[kind], panels[kind] = window, panel
        targets[kind] = (client_id, history, session_id, items)
    assert targets["plain"] == targets["encrypted"], "the two copies hold different data"
    client_id, history, session_id, items = targets["plain"]

    def prep(kind: str) -> None:
        panels[kind].show_session(session_id)
        panels[kind].repaint()

    pages = {name: {kind: [] for kind in KINDS} for name in ("today", "client", "prep")}
    for kind in KINDS:  # a first visit of each, not measured (it builds the pages)
        windows[kind].show_client(client_id)
        windows[kind].go_today()
        prep(kind)
    settle(app)
    for run in range(runs):
        for kind in KINDS if run % 2 == 0 else KINDS[::-1]:
            window = windows[kind]
            pages["today"][kind].append(timed(window.go_today, window))
            settle(app)
            window.show_client(client_id)
            settle(app)
            pages["client"][kind].append(
                timed(lambda w=window: w.client_page.show_client(client_id), window)
            )
            settle(app)
            panel = panels[kind]
            pages["prep"][kind].append(timed(lambda p=panel: p.show_session(session_id), panel))
            settle(app)
    sources = {kind: windows[kind].paths.database for kind in KINDS}
    for kind in KINDS:
        panels[kind].close()
        windows[kind].close()

    made = {kind: [] for kind in KINDS}
    steps = {}
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-encryption-") as scratch_name:
        scratch = Path(scratch_name)
        for kind in KINDS:  # warm: both files in the page cache
            shutil.copyfile(sources[kind], scratch / "warm.sqlite3")
        (scratch / "warm.sqlite3").unlink()
        for run in range(runs):
            for kind in KINDS if run % 2 == 0 else KINDS[::-1]:
                folder = scratch / f"backups-{kind}-{run}"
                folder.mkdir()  # a chosen folder is never made by a backup
                started = time.perf_counter()
                backups.make_backup(sources[kind], folder)
                made[kind].append(time.perf_counter() - started)
                shutil.rmtree(folder)
        for kind in KINDS:
            steps[kind] = backup_steps(sources[kind], scratch)
    return {
        "runs": runs,
        **derivation,
        "client": history,
        "prep_items": items,
        "size_mb": {kind: sources[kind].stat().st_size / 1e6 for kind in KINDS},
        "today_ms": paired(pages["today"]),
        "client_page_ms": paired(pages["client"]),
        "prep_panel_ms": paired(pages["prep"]),
        "backup_s": paired(made),
        "backup_steps": steps,
    }


def first_data(data_dir: Path, passphrase: str | None) -> dict[str, float]:
    """One start's path from the passphrase to Today painted (see the module notes)."""
    from coachdesk.ui.pages.today import page as today_page

    reads: list[float] = []
    read_today = today_page.today_overview

    def timed_reads(*args, **kwargs):
        started = time.perf_counter()
        try:
            return read_today(*args, **kwargs)
        finally:
            reads.append(time.perf_counter() - started)

    today_page.today_overview = timed_reads
    app = create_application()
    window = quiet_window(data_dir)
    window.repaint()
    settle(app, 0.2)
    started = time.perf_counter()
    if passphrase is not None:
        protection.unlock(window.paths.database, keys.PASSPHRASE, passphrase)
    unlocked = time.perf_counter()
    db = open_database(window.paths.database, window.backup_folder())
    opened = time.perf_counter()
    window.attach_database(db)
    window.repaint()
    painted = time.perf_counter()
    assert window.pages.currentWidget() is window.today_page, "Today is not the first page"
    window.close()
    return {
        "unlock_s": unlocked - started,
        "open_s": opened - unlocked,
        "attach_paint_s": painted - opened,
        "today_reads_s": sum(reads),
        "total_s": painted - started,
    }


def main() -> None:
    if sys.argv[1] == "--first-data":
        passphrase = passphrase_from(Path(sys.argv[3])) if len(sys.argv) > 3 else None
        result = first_data(Path(sys.argv[2]), passphrase)
    else:
        plain_dir, encrypted_dir = Path(sys.argv[1]), Path(sys.argv[2])
        passphrase = passphrase_from(Path(sys.argv[3]))
        result = compare(plain_dir, encrypted_dir, passphrase, int(sys.argv[4]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
