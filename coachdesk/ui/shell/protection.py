"""A practice protected with a passphrase, in the window: the unlock screen (at start-up
and after Lock now), and File → Protect with a passphrase…, Change passphrase…, New
recovery sheet…, Remove protection….

Converting the file (protect, remove) lets go of it first, as a restore does, and opens
it again afterwards; changing the passphrase or the recovery key only re-wraps the key.
``MainWindow`` takes these from ``ProtectionFlows``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from PySide6.QtWidgets import QPushButton

    from coachdesk.ui.pages.unlock import UnlockPage
    from coachdesk.ui.shell.idle_lock import IdleLock

logger = logging.getLogger(__name__)


class ProtectionFlows:
    """What the main window does for a protected practice (a mixin of ``MainWindow``)."""

    unlock_page: UnlockPage | None = None
    recovery_status: QPushButton | None = None
    idle_lock: IdleLock | None = None

    # --- locked -----------------------------------------------------------------------------

    def needs_unlocking(self) -> bool:
        """Whether the data file is encrypted and its key is not held."""
        from coachdesk.storage import encrypted_files
        from coachdesk.storage.errors import StorageError

        try:
            envelope = encrypted_files.envelope_for(self.paths.database)
        except StorageError:
            return False  # a damaged envelope: opening says so
        return envelope is not None and encrypted_files.held_key(envelope.key_id) is None

    def show_unlock(self) -> None:
        """Hide everything of the practice behind the unlock screen."""
        from coachdesk.ui.pages.unlock import UnlockPage

        if self.unlock_page is None:
            self.unlock_page = UnlockPage(self._try_unlock)
            self.unlock_page.unlocked.connect(self._on_unlocked)
            self.pages.addWidget(self.unlock_page)
        self.nav.hide()
        self.search_button.hide()
        self.pages.setCurrentWidget(self.unlock_page)
        self.statusBar().clearMessage()
        self.file_label.setText(self.tr("Locked"))
        if self.recovery_status is not None:  # shown again once unlocked
            self.recovery_status.hide()
        self.unlock_page.use_recovery_key(False)

    def _try_unlock(self, kind: str, secret: str) -> str | None:
        from coachdesk.domain.refusal import Refusal
        from coachdesk.storage import protection
        from coachdesk.storage.errors import StorageError

        try:
            protection.unlock(self.paths.database, kind, secret)
        except (Refusal, StorageError) as exc:
            logger.info("unlock refused")
            return exc.message
        return None

    def _on_unlocked(self) -> None:
        page, self.unlock_page = self.unlock_page, None
        if page is not None:
            self.pages.removeWidget(page)
            page.deleteLater()
        logger.info("practice unlocked")
        self.open_database()

    def unlock_backup(self, backup: Path) -> bool:
        """Before a backup is read: an encrypted one whose key is not held (another
        computer's practice, or this one before it was protected anew) is opened with its
        own passphrase or recovery key, asked here.  False when the coach gave up."""
        from coachdesk.domain.refusal import Refusal
        from coachdesk.storage import encrypted_files, protection
        from coachdesk.storage.errors import StorageError
        from coachdesk.ui.dialogs.passphrase import PROVING, PassphraseDialog

        try:
            envelope = encrypted_files.envelope_for(backup)
        except StorageError:
            return True  # a damaged envelope: the check that follows says so
        if envelope is None or encrypted_files.held_key(envelope.key_id) is not None:
            return True
        dialog = PassphraseDialog(PROVING, self)
        dialog.setWindowTitle(self.tr("This backup is protected"))
        try:
            while dialog.exec():
                kind, secret = dialog.current_secret()
                try:
                    protection.unlock(backup, kind, secret)
                    return True
                except (Refusal, StorageError) as exc:
                    dialog.problem.setText(exc.message)
                    dialog.problem.show()
            return False
        finally:
            dialog.deleteLater()

    def lock_now(self) -> None:
        """Let go of the practice and its key: only the unlock screen is left."""
        from coachdesk.storage import encrypted_files

        if not self.is_protected():
            self._show_message(
                self.tr("Lock now needs a passphrase: File → Protect with a passphrase…")
            )
            return
        if self.backups is not None:
            self.backups.wait_for_backup()
        self._detach_database()
        encrypted_files.forget_keys()
        if self.idle_lock is not None:
            self.idle_lock.stop()
        logger.info("practice locked")
        self.show_unlock()

    def watch_idle_time(self) -> None:
        """Once a protected practice is open: lock it after the chosen idle time."""
        from coachdesk.ui.shell.idle_lock import IdleLock

        if not self.is_protected():
            if self.idle_lock is not None:
                self.idle_lock.stop()
            return
        if self.idle_lock is None:
            self.idle_lock = IdleLock(self)
        self.idle_lock.start()

    # --- the recovery drill -----------------------------------------------------------------

    def show_recovery_status(self) -> None:
        """In the status bar, for a protected practice: when the recovery sheet was last
        proven, or a button asking for the drill once it is due."""
        if not self.is_protected() or self.db is None:
            if self.recovery_status is not None:
                self.recovery_status.hide()
            return  # a plain practice loads nothing of the protection
        from datetime import UTC, datetime

        from PySide6.QtWidgets import QPushButton

        from coachdesk.display.timefmt import format_long_day
        from coachdesk.domain.recovery_drill import drill_due
        from coachdesk.preferences import recovery_proven_at
        from coachdesk.storage import protection
        from coachdesk.storage.errors import StorageError

        if self.recovery_status is None:
            self.recovery_status = QPushButton()
            self.recovery_status.setObjectName("recoveryStatus")
            self.recovery_status.setFlat(True)
            self.recovery_status.clicked.connect(self.prove_recovery_sheet)
            self.statusBar().addPermanentWidget(self.recovery_status)
        proven = recovery_proven_at(self.settings)
        try:
            made = protection.recovery_made(self.paths.database)
        except (StorageError, ValueError):
            self.recovery_status.hide()
            return
        if drill_due(proven, made, datetime.now(UTC)):
            text = (
                self.tr("⚠ Prove your recovery sheet…")
                if proven is None or proven < made
                else self.tr("⚠ Recovery sheet last proven {when}: prove it again…").format(
                    when=format_long_day(proven)
                )
            )
        elif proven is not None and proven >= made:
            text = self.tr("Recovery proven {when}").format(when=format_long_day(proven))
        else:
            text = self.tr("Recovery sheet not proven yet…")
        self.recovery_status.setText(text)
        self.recovery_status.show()

    def prove_recovery_sheet(self) -> None:
        """The drill: open the newest backup with the recovery key alone (after making one
        when none was made under the current sheet yet)."""
        from datetime import UTC, datetime

        from coachdesk.preferences import copy_to_folder, set_recovery_proven_at
        from coachdesk.storage import protection
        from coachdesk.storage.backups import routine_backup
        from coachdesk.storage.errors import Problem, StorageError
        from coachdesk.ui.common.attempt import attempt_in_background
        from coachdesk.ui.dialogs.passphrase import RecoveryDrillDialog

        if self.db is None or not self.is_protected():
            return
        dialog = RecoveryDrillDialog(self)
        try:
            if not dialog.exec():
                return
            key = dialog.key.text()
        finally:
            dialog.deleteLater()
        database, folder = self.paths.database, self.backup_folder()

        def drill() -> tuple[Path, int]:
            try:
                return protection.prove_recovery(database, folder, key)
            except StorageError as exc:
                if exc.problem is not Problem.CANNOT_OPEN:
                    raise
                routine_backup(database, folder, copy_to_folder(self.settings))
                return protection.prove_recovery(database, folder, key)

        proven = attempt_in_background(
            self,
            drill,
            self.tr("Opening your newest backup with the recovery key…"),
            title=self.tr("Recovery not proven"),
        )
        if proven.value is None:
            self.show_recovery_status()
            return
        backup, clients = proven.value
        set_recovery_proven_at(self.settings, datetime.now(UTC))
        self.show_recovery_status()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            self,
            self.tr("Recovery proven"),
            self.tr(
                "Your recovery sheet works: it opened your backup {name} ({clients} clients) "
                "on its own. Keep the sheet where it is."
            ).format(name=backup.name, clients=clients),
        )

    def choose_auto_lock(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from coachdesk.preferences import (
            AUTO_LOCK_CHOICES,
            auto_lock_minutes,
            set_auto_lock_minutes,
        )

        names = [
            self.tr("After {minutes} minutes without use").format(minutes=minutes)
            if minutes
            else self.tr("Never")
            for minutes in AUTO_LOCK_CHOICES
        ]
        current = AUTO_LOCK_CHOICES.index(auto_lock_minutes(self.settings))
        chosen, ok = QInputDialog.getItem(
            self,
            self.tr("Auto-lock"),
            self.tr("Lock a protected practice by itself:"),
            names,
            current,
            False,
        )
        if ok:
            set_auto_lock_minutes(self.settings, AUTO_LOCK_CHOICES[names.index(chosen)])
            self.watch_idle_time()

    def is_protected(self) -> bool:
        # encrypted_files, not protection: a plain practice never loads the cryptography.
        from coachdesk.storage.encrypted_files import envelope_for
        from coachdesk.storage.errors import StorageError

        try:
            return envelope_for(self.paths.database) is not None
        except StorageError:
            return True

    # --- the conversions --------------------------------------------------------------------

    def protect_with_passphrase(self) -> bool:
        """Protect the practice; whether it is protected now."""
        from datetime import UTC, datetime

        from coachdesk.storage import protection
        from coachdesk.ui.dialogs.passphrase import PROTECTING, PassphraseDialog

        if self.is_protected():
            self._show_message(self.tr("Your practice is already protected with a passphrase."))
            return True
        dialog = PassphraseDialog(PROTECTING, self)
        try:
            if not dialog.exec():
                return False
            passphrase = dialog.new.text()
        finally:
            dialog.deleteLater()
        now = datetime.now(UTC)
        recovery_key = self._convert(
            lambda: protection.protect(self.paths.database, passphrase, now),
            self.tr("Encrypting your data…"),
            self.tr("Not protected"),
        )
        if recovery_key is None:
            return False
        self._show_recovery_key(recovery_key, now)
        self._offer_encrypted_backup()
        self.result_bar.show_result(self.tr("Your practice is now protected with your passphrase."))
        return True

    def remove_protection(self) -> None:
        from coachdesk.storage import protection
        from coachdesk.ui.common.messages import confirm

        if not self.is_protected():
            return
        if not confirm(
            self,
            self.tr("Remove the protection?"),
            self.tr(
                "Your data file will be decrypted: anyone with this computer, or a copy of "
                "the file, can then read it with any SQLite tool. Backups made from now on are "
                "plain too; the encrypted ones stay encrypted."
            ),
            self.tr("Remove protection"),
        ):
            return
        done = self._convert(
            lambda: protection.unprotect(self.paths.database) or True,
            self.tr("Decrypting your data…"),
            self.tr("Protection not removed"),
        )
        if done:
            self.result_bar.show_result(self.tr("Your practice is no longer protected."))

    def _convert(self, work, text: str, title: str):  # noqa: ANN001 (a callback)
        """Let go of the file, run the conversion ``work`` in the background, open the file
        again (converted, or as it was); the work's result, or None when it failed."""
        from coachdesk.ui.common.attempt import attempt_in_background

        if self.backups is not None:
            self.backups.wait_for_backup()
        self._detach_database()
        done = attempt_in_background(self, work, text, title=title)
        self.open_database()
        return done.value if done else None

    def change_passphrase(self) -> None:
        from coachdesk.storage import protection
        from coachdesk.ui.common.attempt import attempt_in_background
        from coachdesk.ui.dialogs.passphrase import CHANGING, PassphraseDialog

        dialog = PassphraseDialog(CHANGING, self)
        try:
            while dialog.exec():
                kind, secret = dialog.current_secret()
                new = dialog.new.text()
                changed = attempt_in_background(
                    self,
                    lambda kind=kind, secret=secret, new=new: protection.change_passphrase(
                        self.paths.database, kind, secret, new
                    ),
                    self.tr("Changing your passphrase…"),
                    title=self.tr("Passphrase not changed"),
                )
                if changed:
                    self.result_bar.show_result(self.tr("Passphrase changed."))
                    return
        finally:
            dialog.deleteLater()

    def new_recovery_sheet(self) -> None:
        from datetime import UTC, datetime

        from coachdesk.storage import protection
        from coachdesk.ui.common.attempt import attempt_in_background
        from coachdesk.ui.dialogs.passphrase import PROVING, PassphraseDialog

        dialog = PassphraseDialog(PROVING, self)
        try:
            while dialog.exec():
                kind, secret = dialog.current_secret()
                now = datetime.now(UTC)
                made = attempt_in_background(
                    self,
                    lambda kind=kind, secret=secret, now=now: protection.new_recovery_key(
                        self.paths.database, kind, secret, now
                    ),
                    self.tr("Making a new recovery key…"),
                    title=self.tr("No new recovery key"),
                )
                if made.value is not None:
                    self._show_recovery_key(made.value, now)
                    self.result_bar.show_result(
                        self.tr("A new recovery key was made; the old sheet no longer works.")
                    )
                    return
        finally:
            dialog.deleteLater()

    def _show_recovery_key(self, recovery_key: str, now: datetime) -> None:
        from coachdesk.ui.dialogs.passphrase import RecoveryKeyDialog

        dialog = RecoveryKeyDialog(recovery_key, self.paths.data_dir, now, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _offer_encrypted_backup(self) -> None:
        """Older backups are plain: make an encrypted one now, and offer to delete them."""
        from coachdesk.storage import encrypted_files
        from coachdesk.storage.backups import list_backups
        from coachdesk.ui.common.messages import confirm

        folder = self.backup_folder()
        plain = [
            entry.path
            for entry in list_backups(folder)
            if not encrypted_files.looks_encrypted(entry.path)
        ]
        if not plain:
            return
        if not confirm(
            self,
            self.tr("Replace your plain backups?"),
            self.tr(
                "Your {count} older backups in {folder} are not encrypted. CoachDesk can make "
                "an encrypted backup now and delete them.\n\nDeleting a file does not wipe it "
                "from an SSD or from a synced folder's history: for that, your disk's own "
                "encryption or the sync service's settings are needed."
            ).format(count=len(plain), folder=folder),
            self.tr("Replace them"),
        ):
            return
        from coachdesk.preferences import copy_to_folder
        from coachdesk.storage.backups import routine_backup
        from coachdesk.ui.common.attempt import attempt_in_background

        copy_to = copy_to_folder(self.settings)
        made = attempt_in_background(
            self,
            lambda: routine_backup(self.paths.database, folder, copy_to),
            self.tr("Making an encrypted backup…"),
            title=self.tr("Plain backups kept"),
        )
        if not made:
            return
        removed = 0
        for path in plain:
            try:
                path.unlink()
                removed += 1
            except OSError:
                logger.warning("could not delete a plain backup")
        self.result_bar.show_result(
            self.tr("Made an encrypted backup and deleted {count} plain ones.").format(
                count=removed
            ),
            folder=folder,
        )
