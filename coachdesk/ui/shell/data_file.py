"""The data file's life in the window: opening it (a damaged one offered the newest
verified backup), the background integrity check, backups, check, restore and recovery.

``MainWindow`` takes these from ``DataFileFlows``; they use the window's paths, settings,
pages and status bar, and never hold a database session of their own.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from coachdesk.storage import backups
    from coachdesk.storage.database import Database
    from coachdesk.storage.errors import StorageError

logger = logging.getLogger(__name__)


class DataFileFlows:
    """What the main window does with its data file (a mixin of ``MainWindow``)."""

    def open_database(self) -> bool:
        """Open the data file and build the pages; on a known problem explain and close."""
        from coachdesk.storage.database import open_database
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.common.messages import show_problem

        if self.needs_unlocking():
            if self.unlock_page is None:  # else shown before the first paint already
                self.show_unlock()
            return False
        try:
            db = open_database(self.paths.database, self.backup_folder())
        except StorageError as exc:
            logger.warning("data file refused: %s", exc.problem)
            from coachdesk.storage.backups import DAMAGED

            if exc.problem in DAMAGED:
                return self.recover_damaged(exc)
            self.exit_code = 1
            show_problem(self, exc.message, self.tr("Cannot open your data"))
            self.close()
            return False
        self.attach_database(db)
        return self.db is not None  # a damaged file found on reading may have been refused

    def backup_folder(self) -> Path:
        from coachdesk.preferences import backup_folder

        return backup_folder(self.paths, self.settings)

    def _check_in_background(self, db: Database) -> None:
        """The full integrity check, once per opening, off the GUI thread: damage that the
        quick checks at opening cannot see (a bad page deep in the file) is caught here."""
        from coachdesk.storage.backups import diagnose
        from coachdesk.ui.common.background import BackgroundTask

        if self.db is not db:
            return
        task = BackgroundTask(lambda _progress: (db, diagnose(db.path)), "integrity check")
        task.done.connect(self._on_integrity_checked)
        task.start()

    def _on_integrity_checked(self, outcome: tuple[Database, StorageError | None]) -> None:
        from coachdesk.storage.backups import DAMAGED

        checked, problem = outcome
        # Not when the data file was swapped meanwhile (a restore): that file is not this.
        if problem is not None and self.db is checked and problem.problem in DAMAGED:
            self.recover_damaged(problem)

    def warn_about_risky_place(self) -> None:
        """Once per data folder: explain why a synced folder or network drive is risky."""
        from coachdesk.preferences import RISKY_PLACE_SHOWN_KEY
        from coachdesk.storage.places import risky_reason

        folder = str(self.paths.data_dir)
        if self.settings.value(RISKY_PLACE_SHOWN_KEY, "") == folder:
            return
        reason = risky_reason(self.paths.data_dir)
        if reason is None:
            return
        self.settings.setValue(RISKY_PLACE_SHOWN_KEY, folder)
        QMessageBox.information(
            self,
            self.tr("Your data folder is in a risky place"),
            self.tr(
                "CoachDesk keeps your data in {folder}, but {reason}.\n\n"
                "Sync services and network drives can copy or swap a database file while it "
                "is being written, which can damage it. Keep the data folder on this "
                "computer's own disk (start CoachDesk with --data-dir, or set "
                "COACHDESK_DATA_DIR), and choose that synced folder or drive as the backup "
                "folder instead (File → Backup settings…)."
            ).format(folder=folder, reason=self.tr(reason)),
        )

    def back_up_now(self) -> None:
        if self.backups is not None:
            self.backups.back_up(manual=True)

    def edit_backup_settings(self) -> None:
        from coachdesk.ui.dialogs.backup_settings import BackupSettingsDialog

        dialog = BackupSettingsDialog(self.paths, self.settings, self)
        if dialog.exec() and self.backups is not None and self.db is not None:
            self.backups.start(self.db)  # the status line now speaks of the chosen folder

    def check_data_file(self) -> None:
        from coachdesk.storage.backups import CheckReport, check_database
        from coachdesk.ui.common.attempt import attempt_in_background
        from coachdesk.ui.common.messages import show_problem

        checked = attempt_in_background(
            self, lambda: check_database(self.paths.database), self.tr("Checking your data file…")
        )
        report = checked.value
        if not isinstance(report, CheckReport):
            return
        if report.index_problem is not None:
            self._offer_index_repair(report.index_problem)
            return
        if report.healthy:
            QMessageBox.information(
                self,
                self.tr("Check the data file"),
                self.tr(
                    "Your data file is healthy: SQLite's integrity check and the check of "
                    "links between records found no problem."
                ),
            )
        else:
            show_problem(
                self,
                report.describe()
                + "\n\n"
                + self.tr("Use File → Restore from a backup to go back to a healthy copy."),
                self.tr("Your data file has problems"),
            )

    def _offer_index_repair(self, problem: str) -> None:
        """The records are whole and only the search index is off: write it afresh."""
        from coachdesk.storage.search import repair
        from coachdesk.ui.common.attempt import attempt_in_background

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Check the data file"),
            self.tr("Your records are whole, but search may miss some of them."),
            parent=self,
        )
        box.setInformativeText(
            problem
            + " "
            + self.tr(
                "Repairing writes the index afresh from your records; nothing else changes. "
                "On a large practice it takes a minute."
            )
        )
        repair_button = box.addButton(
            self.tr("&Repair the index"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("&Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(repair_button)
        box.exec()
        if box.clickedButton() is not repair_button:
            return
        db = self.database()
        done = attempt_in_background(
            self, lambda: repair(db), self.tr("Writing the search index afresh…")
        )
        if done.value is not None:
            from coachdesk.ui.widgets.result_bar import report_result

            report_result(self, done.value.describe())

    def _backup_folders(self) -> list[Path]:
        from coachdesk.preferences import copy_to_folder

        folders = [self.backup_folder()]
        copy_to = copy_to_folder(self.settings)
        if copy_to is not None and copy_to.is_dir():
            folders.append(copy_to)
        return folders

    def restore_backup(self) -> None:
        """Choose a backup and restore it (after one more question)."""
        from coachdesk.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self._backup_folders(), self)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_from(dialog.chosen)

    def restore_from(self, source: Path, *, ask: bool = True) -> bool:
        """Replace the data with the backup ``source`` and reopen on it."""
        from datetime import UTC, datetime

        from coachdesk.display.timefmt import format_when
        from coachdesk.storage.backups import BackupSummary, verify
        from coachdesk.ui.common.attempt import attempt_in_background
        from coachdesk.ui.common.messages import confirm

        if not self.unlock_backup(source):
            return False
        verified = attempt_in_background(
            self,
            lambda: verify(source),
            self.tr("Checking the backup…"),
            title=self.tr("Not restored"),
        )
        summary = verified.value
        if not isinstance(summary, BackupSummary):
            return False
        taken = datetime.fromtimestamp(source.stat().st_mtime, UTC)
        if ask and not confirm(
            self,
            self.tr("Restore this backup?"),
            self.tr(
                "Replace your current data with {name} ({when}: {clients} clients, "
                "{sessions} sessions)?\n\nYour current data is saved first as a “before a "
                "restore” copy in the backup folder."
            ).format(
                name=source.name,
                when=format_when(taken),
                clients=f"{summary.clients:,}",
                sessions=f"{summary.sessions:,}",
            ),
            self.tr("Restore"),
        ):
            return False
        return self._replace_data(source, set_aside_first=False)

    def _replace_data(self, source: Path | None, *, set_aside_first: bool) -> bool:
        """Restore ``source`` (None: start an empty file) and reopen; the damaged file, if
        ``set_aside_first``, is renamed aside untouched first."""
        from coachdesk.storage import backups
        from coachdesk.storage.database import open_database
        from coachdesk.ui.common.attempt import attempt_in_background

        if self.backups is not None:
            self.backups.wait_for_backup()
        self._detach_database()
        database, folder = self.paths.database, self.backup_folder()

        def work() -> tuple[Database, backups.RestoreResult | None, Path | None]:
            aside = backups.set_aside(database) if set_aside_first else None
            result = backups.restore(source, database, folder) if source else None
            return open_database(database, folder), result, aside

        restored = attempt_in_background(
            self, work, self.tr("Restoring…"), title=self.tr("Not restored")
        )
        if restored.value is None:
            return self.open_database()  # the data file is as it was
        db, result, aside = restored.value
        self.attach_database(db)
        self._report_restore(result, aside or (result.set_aside if result is not None else None))
        return True

    def _report_restore(self, result: backups.RestoreResult | None, aside: Path | None) -> None:
        """Say in the result bar what the restore did, with its undo: restoring the copy of
        the data as it was (itself restored the same way, after a copy of this data)."""
        from coachdesk.ui.shell.backup_control import what_it_holds

        notes, actions = [], []
        folder = None
        if result is None:
            notes.append(self.tr("You now have an empty data file."))
        else:
            restored = result.restored
            notes.append(
                self.tr("Restored {name}: {holds}.").format(
                    name=restored.path.name,
                    holds=what_it_holds(restored.clients, restored.sessions),
                )
            )
            if result.safety_copy is not None:
                safety_copy = result.safety_copy
                folder = safety_copy.parent
                notes.append(
                    self.tr("Your data as it was is kept in {path}.").format(path=safety_copy)
                )
                actions.append(
                    (
                        self.tr("Undo the restore"),
                        lambda: self.restore_from(safety_copy, ask=False),
                    )
                )
        if aside is not None:
            folder = folder or aside.parent
            notes.append(
                self.tr("The damaged file is kept, untouched, as {path}.").format(path=aside)
            )
        self.result_bar.show_result(" ".join(notes), folder=folder, actions=actions)

    def recover_damaged(self, problem: StorageError) -> bool:
        """The data file is damaged: explain, keep it, and offer the newest good backup."""
        from datetime import UTC, datetime

        from coachdesk.display.timefmt import format_when
        from coachdesk.storage.backups import BackupSummary, newest_verified
        from coachdesk.ui.common.attempt import attempt_in_background

        self._detach_database()
        folders = self._backup_folders()
        candidate = attempt_in_background(
            self, lambda: newest_verified(*folders), self.tr("Looking for a backup…")
        ).value
        box = QMessageBox(
            QMessageBox.Icon.Critical, self.tr("Your data file is damaged"), "", parent=self
        )
        box.setText(
            self.tr(
                "{message}\n\nCoachDesk has not changed the damaged file. If you restore a "
                "backup or start afresh, it is renamed aside and kept, never overwritten."
            ).format(message=problem.message)
        )
        restore = other = empty = None
        if isinstance(candidate, BackupSummary):
            taken = datetime.fromtimestamp(candidate.path.stat().st_mtime, UTC)
            box.setInformativeText(
                self.tr(
                    "The newest backup that passes every check is from {when} ({clients} "
                    "clients, {sessions} sessions). Anything entered after it is not in it."
                ).format(
                    when=format_when(taken),
                    clients=f"{candidate.clients:,}",
                    sessions=f"{candidate.sessions:,}",
                )
            )
            restore = box.addButton(
                self.tr("Restore this backup"), QMessageBox.ButtonRole.AcceptRole
            )
            other = box.addButton(self.tr("Choose another…"), QMessageBox.ButtonRole.ActionRole)
        else:
            box.setInformativeText(
                self.tr(
                    "No backup that passes every check was found. You can start with an empty "
                    "data file, or quit and look for a backup copy elsewhere."
                )
            )
            empty = box.addButton(self.tr("Start an empty file"), QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore or quit_button)
        box.setEscapeButton(quit_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore and isinstance(candidate, BackupSummary):
            return self._replace_data(candidate.path, set_aside_first=True)
        if clicked is other:
            from coachdesk.ui.dialogs.restore import RestoreDialog

            dialog = RestoreDialog(folders, self)
            if dialog.exec() and dialog.chosen is not None:
                return self._replace_data(dialog.chosen, set_aside_first=True)
        if clicked is empty:
            return self._replace_data(None, set_aside_first=True)
        self.exit_code = 1
        self.close()
        return False
