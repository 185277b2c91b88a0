"""``PrepDialog``: a resizable, non-modal window around a ``PrepPanel`` that Escape
closes, with the prep sheet's print preview and "Save as PDF".  Both print the prep the
panel shows, as it shows it: never a second read that could rank differently.

It opens at the size and place it had when last closed (``GEOMETRY_KEY`` in the app's
settings), else wide enough for the column's two-column layout where the screen allows
and most of the screen's height; its minimum fits a 1024×640 screen.  The keyboard starts
on the checklist's first open entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from coachdesk.display.timefmt import format_long_day
from coachdesk.domain.dates import local_or_utc
from coachdesk.domain.prep import Prep, PrepInput
from coachdesk.storage.database import Database
from coachdesk.ui.common.file_dialogs import PAPERS, save_file
from coachdesk.ui.common.messages import show_problem
from coachdesk.ui.dialogs.prep.column import WIDE_FROM_CHARS
from coachdesk.ui.dialogs.prep.panel import PrepPanel
from coachdesk.ui.widgets.result_bar import ResultBar

GEOMETRY_KEY = "prep_window/geometry"
"""Where the window's size and place are kept in the app's settings."""


class PrepDialog(QDialog):
    """A resizable window around a ``PrepPanel``; non-modal when opened with ``show()``.

    Escape and Close close it.  ``panel.changed`` / ``panel.status_message`` are forwarded
    as ``changed`` / ``status_message``.  With ``settings`` it keeps its size and place
    there between openings (and between runs)."""

    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        db: Database,
        session_id: int | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._just_shown = False
        self.setSizeGripEnabled(True)
        self.panel = PrepPanel(db, self, clock=clock)
        self.panel.changed.connect(self.changed)
        self.panel.changed.connect(self._retitle)
        self.panel.status_message.connect(self.status_message)
        buttons = QDialogButtonBox()
        buttons.rejected.connect(self.reject)
        self.print_button = buttons.addButton(
            self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setToolTip(self.tr("Preview and print the one-page prep sheet"))
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button = buttons.addButton(
            self.tr("Save as P&DF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.clicked.connect(self.save_pdf)
        # Made last, so Tab reaches the buttons as they stand: Print, Save as PDF, Close.
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_shortcut.activated.connect(self.print_sheet)
        self.result_bar = ResultBar()  # a saved sheet is said here, where the coach is
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.result_bar)
        layout.addWidget(buttons)
        # Set once in the dialog, so Enter closes it, as before, even after Tab passed Print.
        close.setDefault(True)
        metrics, margins = self.fontMetrics(), layout.contentsMargins()
        # Small enough for a 1024×640 screen, wide enough for the buttons and a readable line.
        self.setMinimumSize(
            max(buttons.sizeHint().width(), metrics.averageCharWidth() * 72)
            + margins.left()
            + margins.right(),
            metrics.lineSpacing() * 28,
        )
        self._place()
        self.setWindowTitle(self.tr("Prepare for session"))
        if session_id is not None:
            self.show_session(session_id)

    def _place(self) -> None:
        """The size and place it was closed at, else wide enough for two columns (or most
        of the screen's width) and most of its height."""
        saved = self.settings.value(GEOMETRY_KEY) if self.settings is not None else None
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            return
        metrics = self.fontMetrics()
        # Room for the two columns where the screen has it.
        wanted = QSize(
            metrics.averageCharWidth() * (WIDE_FROM_CHARS + 30), metrics.lineSpacing() * 56
        )
        screen = self.screen().availableGeometry().size()
        self.resize(
            wanted.boundedTo(QSize(screen.width() * 9 // 10, screen.height() * 9 // 10)).expandedTo(
                self.minimumSize()
            )
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.panel.focus_first_action()
        self._just_shown = True

    def changeEvent(self, event: QEvent) -> None:
        """Once the window is active, mark the first action again: activating a window
        restores its focus as a plain one, which the style does not draw."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self._just_shown
        ):
            self._just_shown = False
            self.panel.focus_first_action()

    def hideEvent(self, event: QHideEvent) -> None:
        """Closed by Escape, Close or the window's frame: keep the size and place."""
        if self.settings is not None:
            self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().hideEvent(event)

    def show_session(self, session_id: int) -> None:
        self.panel.show_session(session_id)
        self._retitle()

    def show_for(self, session_id: int) -> None:
        """Show (non-modal) for ``session_id``, bring the window to the front and put the
        keyboard on the first thing to do."""
        self.show_session(session_id)
        self.show()
        self.raise_()
        self.activateWindow()
        self.panel.focus_first_action()

    def _shown(self) -> tuple[PrepInput, Prep] | None:
        """What the panel shows, as it shows it: the sheet prints that, never a re-read
        that could rank differently."""
        panel = self.panel
        if panel.data is None or panel.prep is None:
            return None
        return panel.data, panel.prep

    def print_sheet(self) -> None:
        """The system print preview, then print dialog, for the one-page sheet."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from coachdesk.printing.page import default_page_size
        from coachdesk.printing.prep_sheet import paint_prep_sheet

        shown = self._shown()
        if shown is None:
            return
        data, prep = shown
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(default_page_size())
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(self.tr("Prep sheet: {name}").format(name=data.client_name))
        preview.paintRequested.connect(lambda device: paint_prep_sheet(data, device, prep=prep))
        preview.exec()

    def save_pdf(self) -> None:
        """Save the one-page sheet as a PDF where the coach chooses."""
        from coachdesk.printing.prep_sheet import render_prep_sheet
        from coachdesk.ui.dialogs.export_lock import choose_lock

        shown = self._shown()
        if shown is None:
            return
        data, prep = shown
        go_on, lock = choose_lock(self, self.panel.db.path, self.tr("The prep sheet"))
        if not go_on:
            return
        suggested = (
            f"Prep {data.session.client_name} {local_or_utc(data.session.start):%Y-%m-%d}.pdf"
        )
        target = save_file(
            self,
            PAPERS,
            self.tr("Save the prep sheet as PDF"),
            suggested,
            self.tr("PDF files (*.pdf)"),
        )
        if target is None:
            return
        try:
            result = render_prep_sheet(data, target, prep=prep, lock=lock)
        except OSError as exc:
            show_problem(
                self,
                self.tr("The prep sheet could not be saved: {reason}").format(
                    reason=exc.strerror or exc
                ),
            )
            return
        said = self.tr("Prep sheet saved to {path}.").format(path=result.path)
        if lock is not None:
            from coachdesk.printing.locked import opens_with

            said += " " + self.tr(opens_with(lock))
        self.result_bar.show_result(said, file=result.path)

    def _retitle(self) -> None:
        session = self.panel.session
        if session is None:
            self.setWindowTitle(self.tr("Prepare for session"))
        else:
            self.setWindowTitle(
                self.tr("Prepare: {name}, {day}").format(
                    name=session.client_name, day=format_long_day(session.start)
                )
            )
