"""Backup settings: the backup folder, and an optional second folder each backup is copied to.

A backup folder that does not exist yet is made when the settings are saved (inside a
folder that is there): backups never make a chosen folder that went missing afresh
(``storage.backups``), so a folder that is not there when a backup runs is reported.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.paths import AppPaths
from coachdesk.preferences import backup_folder, copy_to_folder, set_backup_folders
from coachdesk.ui.common.file_dialogs import BACKUPS, choose_folder
from coachdesk.ui.widgets.style import warning_label_style


def folder_problem(text: str, *, must_exist: bool) -> str | None:
    """Why ``text`` cannot be used as a folder, or None."""
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_absolute():
        return "Give the full path of the folder."
    if path.exists() and not path.is_dir():
        return "That is a file, not a folder."
    if path.is_dir():
        return None if os.access(path, os.W_OK) else "CoachDesk may not write to that folder."
    if must_exist:
        return None  # a copy-to folder may be on a drive that is not plugged in right now
    if not path.parent.is_dir():
        return (
            "The folder it would go in is not there: is the drive plugged in? Choose a "
            "folder that is there."
        )
    if not os.access(path.parent, os.W_OK):
        return "That folder does not exist and cannot be created."
    return None


class BackupSettingsDialog(QDialog):
    def __init__(self, paths: AppPaths, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backup settings"))
        self.paths = paths
        self.settings = settings
        current = backup_folder(paths, settings)
        self.folder_edit = QLineEdit("" if current == paths.backup_dir else str(current))
        self.folder_edit.setPlaceholderText(str(paths.backup_dir))
        copy_to = copy_to_folder(settings)
        self.copy_edit = QLineEdit(str(copy_to) if copy_to else "")
        self.copy_edit.setPlaceholderText(self.tr("none (a USB stick or a synced folder)"))
        self.problem = QLabel()
        self.problem.setStyleSheet(warning_label_style())
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Backup folder:"), self._row(self.folder_edit))
        form.addRow(self.tr("&Copy each backup to:"), self._row(self.copy_edit))
        note = QLabel(
            self.tr(
                "Backups are made on closing and every 30 minutes while you work, whenever "
                "something changed. A backup folder you chose is made when you save; if it "
                "goes missing later (a drive not plugged in, Dropbox not running), backups "
                "say so and are not made, rather than land in a new, local folder. A copy-to "
                "folder that is missing only gives a note in the status bar."
            )
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.folder_edit, self.copy_edit):
            edit.textChanged.connect(self._validate)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())
        self._validate()

    def _row(self, edit: QLineEdit) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(lambda: self._browse(edit))
        layout.addWidget(browse)
        return row

    def _browse(self, edit: QLineEdit) -> None:
        current = edit.text().strip()
        chosen = choose_folder(
            self,
            BACKUPS,
            self.tr("Choose a folder"),
            Path(current).expanduser() if current else None,
        )
        if chosen is not None:
            edit.setText(str(chosen))

    def problems(self) -> list[str]:
        found = []
        folder = folder_problem(self.folder_edit.text().strip(), must_exist=False)
        if folder:
            found.append(self.tr("Backup folder: {problem}").format(problem=self.tr(folder)))
        copy_to = folder_problem(self.copy_edit.text().strip(), must_exist=True)
        if copy_to:
            found.append(self.tr("Copy-to folder: {problem}").format(problem=self.tr(copy_to)))
        return found

    def _validate(self) -> None:
        found = self.problems()
        self.problem.setText("\n".join(found))
        self.problem.setVisible(bool(found))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not found)

    def save(self) -> None:
        if self.problems():
            return
        folder = self.folder_edit.text().strip()
        copy_to = self.copy_edit.text().strip()
        chosen = Path(folder).expanduser() if folder else None
        if chosen is not None:
            try:
                chosen.mkdir(mode=0o700, exist_ok=True)  # made now, never by a backup
            except OSError as exc:
                self.problem.setText(
                    self.tr("Backup folder: it cannot be made ({reason}).").format(
                        reason=exc.strerror or exc
                    )
                )
                self.problem.setVisible(True)
                return
        set_backup_folders(self.settings, chosen, Path(copy_to).expanduser() if copy_to else None)
        self.accept()
