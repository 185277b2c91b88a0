"""Backups from the window: Back up now, the automatic backups, and the status bar line.

Automatic backups: every ``CHECK_INTERVAL_MS`` the controller asks whether the
data file changed since the last backup and the last one is 30 minutes old
(``domain.backups.automatic_backup_due``), and on close it backs up when
anything changed.  Each is a routine backup (``storage.backups.routine_backup``):
rotated and, when a "copy to" folder is set, copied there; a missing copy-to folder
is a gentle note in the status bar, not an error.

Back up now's result, and any backup that failed, are said in the window's result bar
(with Show in folder, Try again, Backup settings…); an automatic backup that fails again
for the same reason is not said again (the status line keeps saying it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from coachdesk.display.translate import translator
from coachdesk.domain.backups import automatic_backup_due, backup_overdue
from coachdesk.paths import AppPaths
from coachdesk.preferences import backup_folder, copy_to_folder
from coachdesk.ui.common.background import BackgroundTask
from coachdesk.ui.widgets.elided_label import ElidedLabel
from coachdesk.ui.widgets.result_bar import Tone, report_result
from coachdesk.ui.widgets.style import WARNING_MARK, warning_label_style

if TYPE_CHECKING:
    from coachdesk.storage.backups import BackupOutcome
    from coachdesk.storage.database import Database

logger = logging.getLogger(__name__)

_tr = translator("BackupController")

CHECK_INTERVAL_MS = 60_000
PROGRESS_AFTER_MS = 400  # a quick backup finishes before any progress window shows


def what_it_holds(clients: int, sessions: int) -> str:
    """ "1 client and 12 sessions": what a backup holds, in words."""
    client_words = _tr("1 client") if clients == 1 else _tr("{count} clients")
    session_words = _tr("1 session") if sessions == 1 else _tr("{count} sessions")
    return _tr("{clients} and {sessions}").format(
        clients=client_words.format(count=f"{clients:,}"),
        sessions=session_words.format(count=f"{sessions:,}"),
    )


@dataclass(frozen=True)
class _Started:
    at: datetime
    writes: int  # the data file's write count then
    manual: bool


class _Progress(QProgressDialog):
    @Slot(float)
    def show_fraction(self, fraction: float) -> None:
        self.setValue(min(99, round(fraction * 100)))


class BackupController(QObject):
    """Owns the backup timer, the running backup and the "Last backup" status label."""

    backed_up = Signal(object)  # BackupOutcome
    message = Signal(str)
    edit_settings = Signal()  # a result's "Backup settings…"

    def __init__(self, paths: AppPaths, settings: QSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self.window = parent
        self.task: BackgroundTask | None = None
        self._started: _Started | None = None  # of the running or last backup
        self.last_backup: datetime | None = None
        self.last_place: Path | None = None
        self.failure: str | None = None
        self.db: Database | None = None
        self._changed_before = False  # written since the last backup, before this window
        self._writes_backed_up = 0
        self.label = ElidedLabel()
        self.label.setObjectName("backup_status")
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.maybe_back_up)

    # --- state ------------------------------------------------------------------------------

    def folder(self) -> Path:
        return backup_folder(self.paths, self.settings)

    def copy_to(self) -> Path | None:
        return copy_to_folder(self.settings)

    def start(self, db: Database) -> None:
        """Read when the last backup was made and start watching ``db`` for changes; remove
        what backups killed earlier left in the backup folders."""
        from coachdesk.storage.backups import changed_since, clear_partials, latest_backup

        self.db = db
        for folder in (self.folder(), self.copy_to()):
            if folder is not None:
                clear_partials(folder)
        latest = latest_backup(self.folder())
        if latest is not None:
            self.last_backup, self.last_place = latest.taken_at, latest.path.parent
        self._changed_before = changed_since(db.path, self.last_backup)
        self._writes_backed_up = db.writes
        self.update_status()
        self.timer.start()

    def changed(self) -> bool:
        """Whether anything was written since the last backup."""
        if self.db is None:
            return False
        return self._changed_before or self.db.writes != self._writes_backed_up

    def _holds_nothing(self) -> bool:
        """Whether the practice watched has no client yet (a read; False when unreadable)."""
        from coachdesk.storage.client_list import count_clients
        from coachdesk.storage.errors import StorageError

        if self.db is None:
            return False
        try:
            return count_clients(self.db) == 0
        except StorageError:
            return False

    def update_status(self, now: datetime | None = None) -> None:
        from coachdesk.display.timefmt import format_when

        now = now or datetime.now(UTC)
        if self.failure:
            text = self.tr("{mark} Last backup failed: {reason}").format(
                mark=WARNING_MARK, reason=self.failure
            )
            warn = True
        elif self.last_backup is None and self._holds_nothing():
            # A brand-new practice: nothing to lose yet, so nothing to warn about.
            text = self.tr("No backup yet: backups start once you add a client")
            warn = False
        elif self.last_backup is None:
            text = self.tr("{mark} No backup yet (File → Back up now)").format(mark=WARNING_MARK)
            warn = True
        else:
            days = (now - self.last_backup).days
            warn = backup_overdue(self.last_backup, now)
            when = format_when(self.last_backup)
            if warn:
                text = self.tr("{mark} Last backup {days} days ago ({when}), in {place}").format(
                    mark=WARNING_MARK, days=days, when=when, place=self.last_place
                )
            else:
                text = self.tr("Last backup: {when}, in {place}").format(
                    when=when, place=self.last_place
                )
        self.label.setText(text)
        self.label.setToolTip(text)
        self.label.setStyleSheet(warning_label_style() if warn else "")

    # --- backing up -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def back_up(self, *, manual: bool) -> BackgroundTask | None:
        """Start a backup in the background (none if one is running); returns its task."""
        from coachdesk.storage.backups import routine_backup

        if self.busy:
            if manual:
                self.message.emit(self.tr("A backup is already running."))
            return None
        database, folder, copy_to = self.paths.database, self.folder(), self.copy_to()
        writes = self.db.writes if self.db is not None else 0
        task = BackgroundTask(
            lambda progress: routine_backup(database, folder, copy_to, progress), "backup"
        )
        task.done.connect(self._on_done)
        task.failed.connect(self._on_failed)
        self.task, self._started = task, _Started(datetime.now(UTC), writes, manual)
        if manual:
            self._show_progress(task, self.tr("Backing up your data…"))
        else:
            self.message.emit(self.tr("Backing up…"))
        task.start()
        return task

    def _show_progress(self, task: BackgroundTask, text: str) -> None:
        dialog = _Progress(text, "", 0, 100, self.window)
        dialog.setCancelButton(None)
        dialog.setWindowTitle(self.tr("Backup"))
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.setAutoClose(True)
        dialog.setValue(0)
        task.progress.connect(dialog.show_fraction)
        task.finished.connect(dialog.close)
        task.finished.connect(dialog.deleteLater)

    @Slot(object)
    def _on_done(self, outcome: BackupOutcome) -> None:
        assert self._started is not None
        self.failure = None
        self.last_backup = self._started.at  # anything written after this is not in it
        self._changed_before = False
        self._writes_backed_up = self._started.writes
        self.last_place = outcome.summary.path.parent
        self.update_status()
        path = outcome.summary.path
        if self._started.manual:
            self._report_made(outcome)
        else:  # every half hour: a line in the status bar, not a result to read
            text = self.tr("Backup saved: {path}").format(path=path)
            if outcome.copy_warning:
                text += " " + self.tr("(Not copied: {reason})").format(reason=outcome.copy_warning)
            self.message.emit(text)
        self.backed_up.emit(outcome)

    def _report_made(self, outcome: BackupOutcome) -> None:
        """Back up now's result, in the window's result bar."""
        summary = outcome.summary
        text = self.tr("Backup made: {holds}, checked, in {path}.").format(
            holds=what_it_holds(summary.clients, summary.sessions), path=summary.path
        )
        if outcome.copied_to is not None:
            text += " " + self.tr("A copy is in {path}.").format(path=outcome.copied_to)
        if outcome.copy_warning:
            text += " " + self.tr("It was not copied to your second folder: {reason}").format(
                reason=outcome.copy_warning
            )
            report_result(
                self.window,
                text,
                tone=Tone.WARNING,
                folder=summary.path.parent,
                actions=[(self.tr("Backup settings…"), self.edit_settings.emit)],
            )
            return
        report_result(self.window, text, folder=summary.path.parent)

    @Slot(object)
    def _on_failed(self, exc: Exception) -> None:
        from coachdesk.storage.errors import StorageError

        reason = (
            exc.message
            if isinstance(exc, StorageError)
            else self.tr("an unexpected error (see the log).")
        )
        again = self.failure == reason  # the automatic backups retry every minute
        self.failure = reason
        self.update_status()
        assert self._started is not None
        if again and not self._started.manual:
            return
        report_result(
            self.window,
            self.tr("The backup was not made: {reason}").format(reason=reason),
            title=self.tr("The backup was not made"),
            tone=Tone.WARNING,
            actions=[
                (self.tr("Try again"), lambda: self.back_up(manual=True)),
                (self.tr("Backup settings…"), self.edit_settings.emit),
            ],
        )

    def maybe_back_up(self) -> None:
        """The timer's check: back up when something changed and 30 minutes have passed."""
        if self.busy:
            return
        now = datetime.now(UTC)
        self.update_status(now)
        if automatic_backup_due(self.changed(), self.last_backup, now):
            self.back_up(manual=False)

    def wait_for_backup(self) -> None:
        """Wait until a running backup has finished (at once when none runs)."""
        if self.task is not None and self.task.running:
            self.task.wait()

    def back_up_before_closing(self) -> None:
        """On close: wait for a running backup; make one when anything changed."""
        self.timer.stop()
        self.wait_for_backup()
        if self.changed():
            task = self.back_up(manual=True)
            if task is not None:
                task.wait()
