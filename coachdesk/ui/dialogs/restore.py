"""Choosing a backup to restore: the backups found, with date, kind, size and what they hold.

The list is read from the backup folder and the "copy to" folder and shown at
once.  Counting clients and sessions opens each file (read-only), a few
hundredths of a second for a large one, so a thread counts them and fills them
in as it goes.  Nothing is restored here: the dialog returns the chosen file
and the window restores it after asking once more.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.display.timefmt import format_when
from coachdesk.storage.backups import LOCKED, BackupEntry, BackupKind, list_backups, peek
from coachdesk.ui.common.background import BackgroundTask
from coachdesk.ui.common.file_dialogs import BACKUPS, open_file


def kind_label(kind: BackupKind) -> str:
    return {
        BackupKind.ROUTINE: QtCore.QCoreApplication.translate("restore", "Backup"),
        BackupKind.BEFORE_MIGRATION: QtCore.QCoreApplication.translate(
            "restore", "Before an update"
        ),
        BackupKind.BEFORE_RESTORE: QtCore.QCoreApplication.translate("restore", "Before a restore"),
    }[kind]


def size_text(size: int) -> str:
    locale = QtCore.QLocale()
    return locale.formattedDataSize(size, 1, QtCore.QLocale.DataSizeFormat.DataSizeSIFormat)


class _Counter(BackgroundTask):
    """Counts what each backup holds, in a thread; ``counted`` (row, counts or ``None``)
    reaches the GUI thread queued."""

    counted = QtCore.Signal(int, object)

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(lambda _progress: self._count(paths), "count backups")
        self._stop = threading.Event()

    def _count(self, paths: list[Path]) -> None:
        for row, path in enumerate(paths):
            if self._stop.is_set():
                return
            self._emit("counted", row, peek(path))

    def stop(self) -> None:
        """Count no further file; the one in hand (read-only) finishes in the thread, so a
        slow drive never holds up the window."""
        self._stop.set()


class RestoreDialog(QDialog):
    """Lists the backups in ``folders``; ``chosen`` is the file to restore after accept."""

    COLUMNS = ("Taken", "Kind", "Clients", "Sessions", "Size", "Folder")

    def __init__(self, folders: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.chosen: Path | None = None
        self.folders = folders
        self.entries: list[BackupEntry] = list_backups(*folders)

        intro = QLabel(
            self.tr(
                "Choose the backup to go back to. Your current data is saved first as a "
                "“before a restore” copy, so this can be undone by restoring that copy."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.entries), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(text) for text in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._fill()
        self.table.doubleClicked.connect(lambda _index: self._restore_selected())
        self.empty = QLabel(
            self.tr("No backups were found in {folders}. Use “Other file…” to pick one.").format(
                folders=", ".join(str(folder) for folder in folders)
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setVisible(not self.entries)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.setEnabled(bool(self.entries))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button = QPushButton(self.tr("&Other file…"))
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._restore_selected)
        self.other_button.clicked.connect(self._choose_file)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(760, 420)
        if self.entries:
            self.table.selectRow(0)
            self.table.setFocus()
        self.counter = _Counter([entry.path for entry in self.entries])
        self.counter.counted.connect(self._show_counts)
        self.counter.start()

    def _fill(self) -> None:
        align_right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        for row, entry in enumerate(self.entries):
            cells = (
                format_when(entry.taken_at),
                kind_label(entry.kind),
                "…",
                "…",
                size_text(entry.size),
                str(entry.path.parent),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(entry.path))
                if column in (2, 3, 4):
                    item.setTextAlignment(align_right)
                self.table.setItem(row, column, item)

    @QtCore.Slot(int, object)
    def _show_counts(self, row: int, counts: tuple[int, int] | str | None) -> None:
        tip = ""
        if counts == LOCKED:
            clients, sessions = self.tr("locked"), ""
            tip = self.tr(
                "Protected with another passphrase (another practice's, or from before the "
                "protection was set up anew). Restoring it asks for that passphrase or its "
                "recovery key."
            )
        elif counts:
            clients, sessions = f"{counts[0]:,}", f"{counts[1]:,}"
        else:
            clients, sessions = self.tr("unreadable"), ""
        self.table.item(row, 2).setText(clients)
        self.table.item(row, 2).setToolTip(tip)
        self.table.item(row, 3).setText(sessions)

    def done(self, result: int) -> None:
        self.counter.stop()
        super().done(result)

    def _restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.chosen = self.entries[rows[0].row()].path
            self.accept()

    def _choose_file(self) -> None:
        chosen = open_file(
            self,
            BACKUPS,
            self.tr("Restore from a file"),
            self.tr("CoachDesk backups (*.sqlite3);;All files (*)"),
            first=self.folders[0] if self.folders else None,
        )
        if chosen is not None:
            self.chosen = chosen
            self.accept()
