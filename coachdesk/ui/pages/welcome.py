"""The first-run screen of an empty data file: protect it with a passphrase (chosen
first), then start empty or explore a demo practice."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk import APP_NAME
from coachdesk.ui.widgets.style import secondary


class WelcomePage(QWidget):
    start_empty = Signal()
    explore_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Welcome to {app}").format(app=APP_NAME))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            self.tr(
                "{app} keeps your clients, your sessions and the small things each client "
                "has told you matter to them — in their own words — so you walk into every "
                "session prepared.\n\nEverything stays in one file on this computer."
            ).format(app=APP_NAME)
        )
        intro.setWordWrap(True)
        self.protect_choice = QRadioButton(self.tr("&Protect it with a passphrase (recommended)"))
        protect_note = QLabel(
            self.tr(
                "Your notes, their backups and copies are encrypted: without your passphrase "
                "nobody reads them, even with this laptop, a USB stick or your cloud account. "
                "You choose the passphrase next and get a recovery sheet to print, in case "
                "you forget it."
            )
        )
        self.plain_choice = QRadioButton(self.tr("&Don't protect it"))
        plain_note = QLabel(
            self.tr(
                "Anyone with this computer or a backup can read your notes with any database "
                "tool. Choose this only if the disk is encrypted (BitLocker, FileVault, LUKS) "
                "and your backups stay on it. You can protect it later: File → Protect with a "
                "passphrase…"
            )
        )
        self.choice = QButtonGroup(self)
        for button in (self.protect_choice, self.plain_choice):
            self.choice.addButton(button)
        self.protect_choice.setChecked(True)
        for note in (protect_note, plain_note):
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 6)
            secondary(note)
        self.empty_button = QPushButton(self.tr("Start with an empty practice"))
        self.empty_button.setDefault(True)
        self.empty_button.clicked.connect(self.start_empty)
        self.demo_button = QPushButton(self.tr("Explore a demo practice"))
        self.demo_button.clicked.connect(self.explore_demo)
        demo_note = QLabel(
            self.tr(
                "The demo fills this data file with a dozen made-up clients, to try CoachDesk "
                "out. Your real clients would sit beside them: for your own practice, start "
                "with an empty one. A made-up client can be erased at any time (Client → Erase "
                "for good…)."
            )
        )
        demo_note.setWordWrap(True)
        small = QFont(demo_note.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        demo_note.setFont(small)

        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addSpacing(12)
        column.addWidget(intro)
        column.addSpacing(14)
        for widget in (self.protect_choice, protect_note, self.plain_choice, plain_note):
            column.addWidget(widget)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(8)
        column.addWidget(demo_note)
        column.addStretch(2)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(560)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(holder, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addStretch(1)

    def wants_protection(self) -> bool:
        return self.protect_choice.isChecked()
