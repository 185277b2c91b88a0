"""The unlock screen of a practice protected with a passphrase, at start-up and after
Lock now: nothing of the practice is shown until its passphrase (or the recovery key) is
typed.  A wrong one is said under the field and the coach tries again; the file is never
touched by a failed try."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk import APP_NAME


class UnlockPage(QWidget):
    """Emits ``unlocked`` once ``try_secret(kind, secret)`` accepted what was typed."""

    unlocked = Signal()

    def __init__(
        self, try_secret: Callable[[str, str], str | None], parent: QWidget | None = None
    ) -> None:
        """``try_secret`` unlocks the practice, or returns why it could not (shown)."""
        super().__init__(parent)
        self.setObjectName("unlockPage")
        self._try_secret = try_secret
        self.recovery = False
        title = QLabel(self.tr("Your practice is locked"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.field_label = QLabel()
        self.field = QLineEdit()
        self.field.setObjectName("secret")
        self.field.setMinimumWidth(320)
        self.field.setMaximumWidth(520)
        self.field_label.setBuddy(self.field)
        self.problem = QLabel()
        self.problem.setObjectName("warning")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.switch_button = QPushButton()
        self.switch_button.setFlat(True)
        self.switch_button.clicked.connect(lambda: self.use_recovery_key(not self.recovery))
        self.field.returnPressed.connect(self.submit)
        self.field.textEdited.connect(lambda _text: self.problem.hide())

        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(self.intro)
        column.addSpacing(14)
        column.addWidget(self.field_label)
        column.addWidget(self.field)
        column.addWidget(self.problem)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.use_recovery_key(False)

    def use_recovery_key(self, recovery: bool) -> None:
        """Ask for the recovery key (from the recovery sheet) instead of the passphrase."""
        self.recovery = recovery
        self.field.clear()
        self.problem.hide()
        if recovery:
            self.intro.setText(
                self.tr(
                    "Type the recovery key from your recovery sheet. Capitals, spaces and "
                    "dashes do not matter."
                )
            )
            self.field_label.setText(self.tr("&Recovery key"))
            self.field.setEchoMode(QLineEdit.EchoMode.Normal)
            self.field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
            self.switch_button.setText(self.tr("Use the passphrase instead"))
        else:
            self.intro.setText(
                self.tr(
                    "{app} keeps this practice encrypted. Type your passphrase to open it."
                ).format(app=APP_NAME)
            )
            self.field_label.setText(self.tr("&Passphrase"))
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
            self.field.setPlaceholderText("")
            self.switch_button.setText(self.tr("Forgot it? Use the recovery key…"))
        self.field.setFocus()

    def submit(self) -> None:
        # Not at the top: QtCore.Qt builds all its enums on first use, and this page can
        # be the window's first paint.
        from PySide6.QtCore import Qt

        from coachdesk.storage.keys import PASSPHRASE, RECOVERY

        secret = self.field.text()
        if not secret.strip():
            self._say(self.tr("Type it first."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problem = self._try_secret(RECOVERY if self.recovery else PASSPHRASE, secret)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem is not None:
            self.field.selectAll()
            self._say(problem)
            return
        self.field.clear()
        self.unlocked.emit()

    def _say(self, text: str) -> None:
        # The style is loaded here, not before the window's first paint (this page's).
        from coachdesk.ui.widgets.style import warning_label_style

        self.problem.setStyleSheet(warning_label_style())
        self.problem.setText(text)
        self.problem.show()
        self.field.setFocus()
