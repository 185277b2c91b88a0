"""Erasing a client, from the window: a confirmation that names what will go.

``EraseDialog`` lists what erasing removes (``storage.erasure.erasure_summary``),
where else the client's name or email appears (other clients' records, left as
they are), and which backups still hold the client and until when (routine
backups rotate out: about 13 months with daily use; copies made before an
update or a restore are kept 30 days and until three newer ones of their kind
exist, ``domain.backups.safety_copies_to_keep``).  The Erase button stays disabled until
the client's name is typed, read as a person reads it (case, accents, spacing and
punctuation aside), or the word ERASE, which any keyboard can type whatever the
name's script (``domain.erasure.confirms_erasure``); a line under the field says
whether what is typed confirms.  Cancel is the default.  Erasing cannot be undone:
the window should also drop any undo entries for this client's records.

``erase_client_dialog(parent, db, client_id, backup_folders)`` runs the dialog
and returns the ``ErasureReport``, or ``None`` when the coach cancelled (or the
client was already gone, which is explained).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.translate import translator
from coachdesk.domain.erasure import (
    ERASE_WORD,
    backup_note,
    backups_gone_by,
    confirms_erasure,
)
from coachdesk.storage.database import Database
from coachdesk.storage.erasure import (
    ErasureReport,
    erase_client,
    erasure_summary,
    existing_backups,
)
from coachdesk.ui.common.attempt import attempt
from coachdesk.ui.widgets.style import WARNING_MARK, secondary, warning_label_style

_tr = translator("erase")


def _bullets(lines: Sequence[str]) -> str:
    """A list of ``lines``, each set in the window's direction: a line that starts with a
    name in Arabic or Hebrew would otherwise be laid out right to left."""
    rtl = QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    mark = "\u200f" if rtl else "\u200e"
    items = "".join(f"<li>{mark}{html.escape(line)}</li>" for line in lines)
    return f'<ul style="margin-top:0; margin-bottom:0;">{items}</ul>'


class EraseDialog(QDialog):
    """Confirm erasing ``client_id``; ``report`` after it is done.  Raises
    ``ClientNotFound`` when there is no such client."""

    erased = Signal(object)  # the ErasureReport

    def __init__(
        self,
        db: Database,
        client_id: int,
        backup_folders: Sequence[Path] = (),
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.client_id = client_id
        self.report: ErasureReport | None = None
        self.summary = erasure_summary(db, client_id)
        name = self.summary.name
        self.word = _tr("ERASE")
        self.setWindowTitle(_tr("Erase {name}").format(name=name))

        warning = QLabel(
            f"{WARNING_MARK} "
            + _tr(
                "Erasing removes {name} and everything recorded about them, for good. Unlike "
                "Delete, it cannot be undone."
            ).format(name=name)
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(warning_label_style() + " font-weight: bold;")

        lines = self.summary.lines()
        goes = QLabel(html.escape(_tr("What will go:")) + _bullets(lines))
        goes.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(goes)

        self.mentions = QLabel()
        self.mentions.setWordWrap(True)
        if self.summary.mentions:
            lines = [mention.describe() for mention in self.summary.mentions]
            if self.summary.more_mentions:
                lines.append(_tr("and {count} more").format(count=self.summary.more_mentions))
            intro = _tr(
                "{name}'s name or email also appears in other clients' records. These are "
                "not changed; edit them by hand if they should go:"
            ).format(name=name)
            self.mentions.setText(html.escape(intro) + _bullets(lines))
            layout.addWidget(self.mentions)

        routine, other = existing_backups(*backup_folders)
        day = today or datetime.now(UTC).astimezone().date()
        gone_by = QLocale().toString(QDate(backups_gone_by(day)), "MMMM yyyy")
        self.backups = QLabel(backup_note(name, routine, other, gone_by))
        self.backups.setWordWrap(True)
        layout.addWidget(self.backups)

        prompt = QLabel(
            html.escape(_tr("To confirm, type the client's name,"))
            + f" <b>{html.escape(name)}</b>, "
            + html.escape(_tr("or the word"))
            + f" <b>{html.escape(self.word)}</b>"
        )
        prompt.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_tr("The client's name or the word ERASE, to confirm"))
        prompt.setBuddy(self.name_edit)
        self.match_note = secondary(QLabel())
        self.match_note.setWordWrap(True)
        layout.addWidget(prompt)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.match_note)

        buttons = QDialogButtonBox()
        self.erase_button = QPushButton(_tr("&Erase for good"))
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.erase_button.clicked.connect(self._erase)
        buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._typed)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self.name_edit.setFocus()

    def confirmed(self) -> bool:
        """Whether what is typed confirms erasing this client."""
        return confirms_erasure(self.name_edit.text(), self.summary.name, (self.word, ERASE_WORD))

    def _typed(self, text: str) -> None:
        confirmed = self.confirmed()
        self.erase_button.setEnabled(confirmed)
        if not text.strip():
            self.match_note.clear()
        elif confirmed:
            self.match_note.setText(
                _tr("Confirmed: “Erase for good” erases {name}.").format(name=self.summary.name)
            )
        else:
            self.match_note.setText(
                _tr(
                    "Not yet: type {name} as shown (capitals, accents and spaces do not "
                    "matter), or {word}."
                ).format(name=self.summary.name, word=self.word)
            )

    def _erase(self) -> None:
        if not self.confirmed():
            return
        done = attempt(
            self,
            lambda: erase_client(self.db, self.client_id),
            gone=_tr("This client was deleted in the meantime."),
            on_gone=self.reject,
        )
        if not done:
            return
        self.report = done.value
        self.erased.emit(self.report)
        self.accept()


def erase_client_dialog(
    parent: QWidget | None,
    db: Database,
    client_id: int,
    backup_folders: Sequence[Path] = (),
) -> ErasureReport | None:
    """Run the confirmation and erase on "Erase for good"; None when cancelled."""
    made = attempt(
        parent,
        lambda: EraseDialog(db, client_id, backup_folders, parent),
        gone=_tr("This client was deleted in the meantime."),
    )
    dialog = made.value
    if dialog is None or dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.report
