"""Every dialog of the app, opened on a small practice: the keyboard tests walk them all.

``dialog_classes()`` finds every ``QDialog`` subclass in ``coachdesk.ui``; ``opened(db,
folder, settings)`` gives a way to open each.  A dialog added without one fails
``tests/ui/test_dialog_focus.py::test_every_dialog_is_in_the_catalogue``."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

import coachdesk.ui
from coachdesk.domain.clients import ClientData
from coachdesk.domain.practice import SessionData
from coachdesk.domain.vocab import DEFAULT_FEEDBACK_QUESTIONS, SessionStatus
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import Database
from coachdesk.storage.sessions import add_guest, create_session, get_session, set_session_status

ABSTRACT = {"FormDialog", "RecordDialog"}  # bases, never opened themselves


def dialog_classes() -> set[type]:
    for info in pkgutil.walk_packages(coachdesk.ui.__path__, "coachdesk.ui."):
        importlib.import_module(info.name)
    found: set[type] = set()
    todo: list[type] = [QDialog]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return {
        cls
        for cls in found
        if cls.__module__.startswith("coachdesk.") and cls.__name__ not in ABSTRACT
    }


def opened(db: Database, folder: Path, settings: QSettings) -> dict[str, Callable[[], QDialog]]:
    """A maker for every dialog, by class name (each builds a fresh dialog)."""
    from coachdesk.paths import AppPaths
    from coachdesk.storage import keys
    from coachdesk.storage.calendar import import_ics_preview
    from coachdesk.ui.dialogs.backup_settings import BackupSettingsDialog
    from coachdesk.ui.dialogs.breach import BreachDialog
    from coachdesk.ui.dialogs.client import ClientDialog
    from coachdesk.ui.dialogs.csv_import import CsvImportDialog
    from coachdesk.ui.dialogs.erase import EraseDialog
    from coachdesk.ui.dialogs.export_lock import ExportLockDialog
    from coachdesk.ui.dialogs.feedback import FeedbackDialog
    from coachdesk.ui.dialogs.feedback_questions import FeedbackQuestionsDialog
    from coachdesk.ui.dialogs.ics_import import IcsImportDialog
    from coachdesk.ui.dialogs.matter import MatterDialog
    from coachdesk.ui.dialogs.passphrase import (
        CHANGING,
        PROTECTING,
        PassphraseDialog,
        RecoveryDrillDialog,
        RecoveryKeyDialog,
    )
    from coachdesk.ui.dialogs.prep import PrepDialog
    from coachdesk.ui.dialogs.promise import PromiseDialog
    from coachdesk.ui.dialogs.restore import RestoreDialog
    from coachdesk.ui.dialogs.review.dialog import ReviewDialog
    from coachdesk.ui.dialogs.search.box import SearchBox
    from coachdesk.ui.dialogs.session.dialog import SessionDialog
    from coachdesk.ui.shell.backup_control import _Progress
    from coachdesk.ui.shell.crash import CrashDialog
    from tests.storage.test_calendar import SAMPLE

    client = create_client(db, ClientData(name="Dan Okafor", preferred_name="Dan"))
    now = datetime.now(UTC)
    held = create_session(db, SessionData(client_id=client, start=now - timedelta(hours=2)))
    set_session_status(db, held, SessionStatus.HELD)
    coming = create_session(db, SessionData(client_id=client, start=now + timedelta(days=1)))
    add_guest(db, coming, "Maria Lopez")  # something to do first: the prep's first action
    paths = AppPaths.under(folder)
    return {
        "ClientDialog": lambda: ClientDialog(db),
        "SessionDialog": lambda: SessionDialog(db, client_id=client),
        "MatterDialog": lambda: MatterDialog(db, client_id=client),
        "BreachDialog": lambda: BreachDialog(db, client_id=client),
        "PromiseDialog": lambda: PromiseDialog(db, client_id=client),
        "ReviewDialog": lambda: ReviewDialog(db, held),
        "FeedbackDialog": lambda: FeedbackDialog(
            db, get_session(db, held), "Dan", DEFAULT_FEEDBACK_QUESTIONS
        ),
        "FeedbackQuestionsDialog": lambda: FeedbackQuestionsDialog(settings),
        "PrepDialog": lambda: PrepDialog(db, coming),
        "EraseDialog": lambda: EraseDialog(db, client, [paths.backup_dir]),
        "ExportLockDialog": lambda: ExportLockDialog(db.path, "the client's record"),
        "IcsImportDialog": lambda: IcsImportDialog(db, import_ics_preview(db, SAMPLE, now=now)),
        "CsvImportDialog": lambda: CsvImportDialog(db),
        "RestoreDialog": lambda: RestoreDialog([paths.backup_dir]),
        "SearchBox": lambda: SearchBox(db),
        "BackupSettingsDialog": lambda: BackupSettingsDialog(paths, settings),
        "PassphraseDialog": lambda: PassphraseDialog(PROTECTING),
        "PassphraseDialog (change)": lambda: PassphraseDialog(CHANGING),
        "RecoveryKeyDialog": lambda: RecoveryKeyDialog(keys.new_recovery_key(), folder, now, None),
        "RecoveryDrillDialog": lambda: RecoveryDrillDialog(),
        "CrashDialog": lambda: CrashDialog("Traceback (most recent call last): …"),
        "_Progress": lambda: _Progress("Backing up…", "Cancel", 0, 100),
    }
