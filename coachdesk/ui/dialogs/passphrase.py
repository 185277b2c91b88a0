"""The dialogs of a protected practice: choosing a passphrase (to protect, or to change
it), proving the current one, and the recovery key shown once with its printable sheet."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.ui.common.file_dialogs import PAPERS, save_file
from coachdesk.ui.widgets.style import warning_label_style

PROTECTING = "protect"
CHANGING = "change"
PROVING = "prove"


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(300)
    return field


class PassphraseDialog(QDialog):
    """Asks for a new passphrase (twice), the current one, or both (``mode``)."""

    def __init__(self, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        titles = {
            PROTECTING: self.tr("Protect with a passphrase"),
            CHANGING: self.tr("Change passphrase"),
            PROVING: self.tr("Your passphrase"),
        }
        self.setWindowTitle(titles[mode])
        intro = QLabel(
            {
                PROTECTING: self.tr(
                    "Your data file, its backups and their copies will be encrypted: without "
                    "this passphrase (or the recovery key you get next) nobody can read them, "
                    "not even with the laptop, the USB stick or the cloud account.\n\nChoose "
                    "a passphrase of a few words that you will remember. If your computer "
                    "already encrypts its whole disk (BitLocker, FileVault, LUKS), that "
                    "protects this computer too, but not your backups elsewhere."
                ),
                CHANGING: self.tr(
                    "Type your current passphrase (or your recovery key), then the new one. "
                    "This takes a moment: your data is not re-encrypted."
                ),
                PROVING: self.tr("Type your passphrase (or your recovery key) to go on."),
            }[mode]
        )
        intro.setWordWrap(True)
        self.current = _password_field()
        self.new = _password_field()
        self.again = _password_field()
        form = QFormLayout()
        if mode in (CHANGING, PROVING):
            form.addRow(self.tr("&Current passphrase or recovery key:"), self.current)
        if mode in (PROTECTING, CHANGING):
            form.addRow(self.tr("&New passphrase:"), self.new)
            form.addRow(self.tr("&Again:"), self.again)
        self.problem = QLabel()
        self.problem.setObjectName("warning")
        self.problem.setStyleSheet(warning_label_style())
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText({PROTECTING: self.tr("Protect"), CHANGING: self.tr("Change")}.get(mode, "OK"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for field in (self.current, self.new, self.again):
            field.textEdited.connect(lambda _text: self.problem.hide())
        (self.current if mode in (CHANGING, PROVING) else self.new).setFocus()

    def current_secret(self) -> tuple[str, str]:
        """The current secret as (kind, text): a recovery key when it reads as one."""
        from coachdesk.storage import keys

        text = self.current.text()
        try:
            keys.read_recovery_key(text)
        except keys.WrongKey:
            return keys.PASSPHRASE, text
        return keys.RECOVERY, text

    def accept(self) -> None:
        from coachdesk.storage.keys import passphrase_problem

        if self.mode in (CHANGING, PROVING) and not self.current.text():
            self._say(self.tr("Type your current passphrase or recovery key."))
            return
        if self.mode in (PROTECTING, CHANGING):
            problem = passphrase_problem(self.new.text())
            if problem is not None:
                self._say(problem)
                return
            if self.new.text() != self.again.text():
                self._say(self.tr("The two new passphrases differ."))
                self.again.selectAll()
                return
        super().accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once: saved as its one-page sheet or written down before
    the coach may close it."""

    def __init__(
        self, recovery_key: str, data_folder: Path, made_at: datetime, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your recovery key"))
        self.recovery_key = recovery_key
        self.data_folder = data_folder
        self.made_at = made_at
        self.saved_to: Path | None = None
        intro = QLabel(
            self.tr(
                "If you ever forget your passphrase, this key opens your practice, its "
                "backups and encrypted exports, on this or a new computer. It is shown only "
                "now. Save its recovery sheet and print it, or write the key down, and keep "
                "it somewhere safe away from this computer."
            )
        )
        intro.setWordWrap(True)
        key = QLabel(recovery_key)
        key.setObjectName("recoveryKey")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        key.setFont(font)
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.save_button = QPushButton(self.tr("&Save the recovery sheet as PDF…"))
        self.save_button.clicked.connect(self.save_sheet)
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        self.kept = QCheckBox(self.tr("I have saved, printed or written down my recovery key"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.done_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.done_button.setText(self.tr("Done"))
        self.done_button.setEnabled(False)
        self.kept.toggled.connect(self.done_button.setEnabled)
        buttons.accepted.connect(self.accept)
        self.setMinimumWidth(580)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(key)
        layout.addSpacing(8)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved)
        layout.addWidget(self.kept)
        layout.addWidget(buttons)
        self.save_button.setFocus()

    def save_sheet(self) -> None:
        from coachdesk.printing.recovery_sheet import render_recovery_sheet
        from coachdesk.ui.common.messages import show_problem

        chosen = save_file(
            self,
            PAPERS,
            self.tr("Save the recovery sheet"),
            "CoachDesk recovery sheet.pdf",
            self.tr("PDF files (*.pdf)"),
        )
        if chosen is None:
            return
        try:
            self.saved_to = render_recovery_sheet(
                chosen, self.recovery_key, data_folder=self.data_folder, made_at=self.made_at
            )
        except OSError as exc:
            show_problem(
                self,
                self.tr("The sheet could not be saved: {reason}").format(
                    reason=exc.strerror or exc
                ),
            )
            return
        self.saved.setText(
            self.tr("Saved to {path}. Print it, then keep the paper, not the file.").format(
                path=self.saved_to
            )
        )

    def reject(self) -> None:
        """Esc and the close button do nothing until the key is kept (shown only once)."""
        if self.kept.isChecked():
            super().reject()


class RecoveryDrillDialog(QDialog):
    """Asks for the recovery key from the sheet, to open the newest backup with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Prove your recovery sheet"))
        intro = QLabel(
            self.tr(
                "Type the recovery key from your printed recovery sheet. CoachDesk opens your "
                "newest backup with it, to prove the sheet would get your practice back. "
                "Your data itself is not touched."
            )
        )
        intro.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Prove it"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.key)
        layout.addWidget(buttons)
        self.key.setFocus()
