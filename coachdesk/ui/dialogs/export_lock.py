"""How a protected practice's file is written: encrypted (chosen for the coach) or not.

``ExportLockDialog`` asks before a client's record, an export or a prep sheet is
written (``choose_lock``).  Encrypted, the files are
PDFs that any PDF reader opens with the passphrase or with the recovery key (typed in
capitals, no spaces or dashes); the passphrase is typed here and checked against the
practice before anything is written.  Not encrypted stays a choice, said plainly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.printing.locked import PdfLock
from coachdesk.ui.widgets.style import warning_label_style


class ExportLockDialog(QDialog):
    """After ``exec()``: ``lock`` is the lock to write with, or None for unencrypted."""

    def __init__(self, database: Path, what: str, parent: QWidget | None = None) -> None:
        """``what``: the files, as the coach would say it ("Dan's record")."""
        super().__init__(parent)
        self.database = database
        self.lock: PdfLock | None = None
        self.setWindowTitle(self.tr("Encrypt {what}?").format(what=what))
        intro = QLabel(
            self.tr(
                "Your practice is protected with a passphrase. {what} can be written the same way."
            ).format(what=what)
        )
        intro.setWordWrap(True)
        self.encrypted = QRadioButton(self.tr("&Encrypted (recommended)"))
        encrypted_note = QLabel(
            self.tr(
                "PDFs that any PDF reader opens with your passphrase, or with the recovery "
                "key typed in capitals, no spaces or dashes. Data files (JSON, spreadsheets) "
                "are attached to one."
            )
        )
        encrypted_note.setWordWrap(True)
        encrypted_note.setIndent(24)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Your passphrase"))
        self.passphrase.textEdited.connect(lambda _text: self._choose_encrypted())
        self.plain = QRadioButton(self.tr("&Not encrypted"))
        plain_note = QLabel(
            self.tr("Anyone who has the files can read them, private notes included.")
        )
        plain_note.setWordWrap(True)
        plain_note.setIndent(24)
        plain_note.setStyleSheet(warning_label_style())
        group = QButtonGroup(self)
        group.addButton(self.encrypted)
        group.addButton(self.plain)
        self.encrypted.setChecked(True)
        self.encrypted.toggled.connect(self.passphrase.setEnabled)
        self.problem = QLabel()
        self.problem.setStyleSheet(warning_label_style())
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Go on…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        under_encrypted = QVBoxLayout()
        under_encrypted.setContentsMargins(24, 0, 0, 0)
        under_encrypted.addWidget(self.passphrase)
        under_encrypted.addWidget(self.problem)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.encrypted)
        layout.addWidget(encrypted_note)
        layout.addLayout(under_encrypted)
        layout.addSpacing(6)
        layout.addWidget(self.plain)
        layout.addWidget(plain_note)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.passphrase.setFocus()

    def _choose_encrypted(self) -> None:
        self.encrypted.setChecked(True)
        self.problem.hide()

    def accept(self) -> None:
        from coachdesk.domain.refusal import Refusal
        from coachdesk.storage import protection
        from coachdesk.storage.errors import StorageError

        if self.plain.isChecked():
            self.lock = None
            super().accept()
            return
        if not self.passphrase.text():
            self._say(self.tr("Type your passphrase: the files will open with it."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt: a moment
        try:
            self.lock = PdfLock(*protection.export_secrets(self.database, self.passphrase.text()))
        except (Refusal, StorageError) as exc:
            self.passphrase.selectAll()
            self._say(exc.message)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        super().accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.passphrase.setFocus()


def choose_lock(parent: QWidget | None, database: Path, what: str) -> tuple[bool, PdfLock | None]:
    """Whether to go on writing ``what`` of the practice at ``database``, and the lock to
    write it with (None: unencrypted); a plain practice goes on unencrypted unasked."""
    from coachdesk.storage.encrypted_files import envelope_for

    if envelope_for(database) is None:
        return True, None
    asked = ExportLockDialog(database, what, parent)
    return bool(asked.exec()), asked.lock
