"""The result bar: what just happened, said in full where the coach is looking, with what
they can do next (open the file, show its folder, undo), until they close it or the next
result takes its place.

A window that has one (the main window, above its pages; the prep window, above its
buttons) gets every important result in it: a backup made or failed, a restore, a file
saved, an import.  ``report_result(parent, …)`` finds the bar of ``parent``'s window, else
of the window behind it, and falls back to a message box when there is none (a dialog
opened on its own).

Files and folders are opened with the system's program through the bar's ``opener``
(``QDesktopServices.openUrl`` by default, given a local-file URL, never one built from a
string); tests give the bar their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from coachdesk import APP_NAME

Opener = Callable[[QUrl], bool]
Action = tuple[str, Callable[[], object]]  # a button's text and what it does


class Tone(Enum):
    DONE = "done"  # it went through
    WARNING = "warning"  # it did not, or only in part: the words say what to do


_COLOURS = {  # (background, border, text), light then dark
    (Tone.DONE, False): ("#e7f4ea", "#7fbf8e", "#14361d"),
    (Tone.DONE, True): ("#1d3524", "#3f7a4e", "#e3f3e6"),
    (Tone.WARNING, False): ("#fdf0e1", "#e0a25a", "#4a2a06"),
    (Tone.WARNING, True): ("#3d2c17", "#a8732f", "#fbe9d2"),
}


def system_open(url: QUrl) -> bool:
    """Open ``url`` with the system's program for it (the default opener)."""
    return QDesktopServices.openUrl(url)


class ResultBar(QFrame):
    """An inline message with actions and a close button; hidden until a result comes."""

    dismissed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        opener: Opener | None = None,
        margins: tuple[int, int, int, int] = (0, 0, 0, 0),
    ) -> None:
        """``margins`` (top, right, bottom, left, in pixels) are outside its border, and
        take no room while it is hidden."""
        super().__init__(parent)
        self.setObjectName("result_bar")
        self.opener: Opener = opener or system_open
        self.margins = margins
        self.tone = Tone.DONE
        self._look: tuple[Tone, bool] | None = None  # the tone and palette styled for
        self.file: Path | None = None
        self.folder: Path | None = None
        self.mark = QLabel()
        self.text = QLabel()
        self.text.setObjectName("result_text")
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.close_button = QToolButton()  # reached with Tab, as a tool button is
        self.close_button.setObjectName("result_close")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close this message (Esc)"))
        self.close_button.setAccessibleName(self.tr("Close this message"))
        self.close_button.clicked.connect(self.dismiss)
        self.buttons: list[QPushButton] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 6, 6, 6)
        self._row.setSpacing(8)
        self._row.addWidget(self.mark)
        self._row.addWidget(self.text, 1)
        self._row.addWidget(self.close_button)
        self._flags_set = False
        self.hide()

    def _set_flags(self) -> None:
        """What needs ``QtCore.Qt``, on the first result: the main window builds its bar
        before its first paint, which must not load that namespace (``shell.main_window``)."""
        if self._flags_set:
            return
        self._flags_set = True
        qt = QtCore.Qt
        self.text.setTextFormat(qt.TextFormat.PlainText)  # a path is never taken for markup
        self.text.setTextInteractionFlags(qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.mark, self.close_button):
            self._row.setAlignment(widget, qt.AlignmentFlag.AlignVCenter)

    # --- showing a result -------------------------------------------------------------------

    def show_result(
        self,
        text: str,
        *,
        tone: Tone = Tone.DONE,
        file: Path | None = None,
        folder: Path | None = None,
        actions: Sequence[Action] = (),
    ) -> None:
        """Show ``text`` in place of what the bar said before.  ``file``: offer Open and
        Show in folder; ``folder`` (without a file): offer Show in folder; ``actions``:
        further buttons (Undo, Try again …), in order, after those."""
        from coachdesk.ui.widgets.style import WARNING_MARK  # not before the first paint

        self._set_flags()
        self.tone, self.file = tone, file
        self.folder = file.parent if file is not None else folder
        self.mark.setText(WARNING_MARK if tone is Tone.WARNING else "✓")
        self.text.setText(text)
        self.setAccessibleName(text)
        for button in self.buttons:
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        if file is not None:
            self._add_button(self.tr("Open"), self.open_file)
        if self.folder is not None:
            self._add_button(self.tr("Show in folder"), self.show_folder)
        for label, do in actions:
            self._add_button(label, lambda _checked=False, do=do: self._run(do))
        self._restyle()
        self.show()

    def _add_button(self, label: str, do: Callable[[], object]) -> None:
        button = QPushButton(label)
        button.setAutoDefault(False)
        button.clicked.connect(do)
        self._row.insertWidget(self._row.indexOf(self.close_button), button, 0)
        self.buttons.append(button)

    def _run(self, do: Callable[[], object]) -> None:
        """An action's button: the bar closes first (the action may show its own result)."""
        self.dismiss()
        do()

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def button(self, label: str) -> QPushButton | None:
        """The action button showing ``label``, if any."""
        return next((b for b in self.buttons if b.text() == label), None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event) -> None:  # noqa: ANN001 (Qt's QEvent)
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self._flags_set:  # once it said one
            self._restyle()

    def _restyle(self) -> None:
        from coachdesk.ui.widgets.style import is_dark

        look = (self.tone, is_dark())
        if look == self._look:  # a style sheet set is itself a palette change
            return
        self._look = look
        background, border, text = _COLOURS[look]
        margin = " ".join(f"{pixels}px" for pixels in self.margins)
        self.setStyleSheet(
            f"QFrame#result_bar {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; margin: {margin}; }}"
            f"QFrame#result_bar QLabel {{ color: {text}; background: transparent; }}"
        )

    # --- the actions ------------------------------------------------------------------------

    def open_file(self) -> None:
        """Open the file with the system's program; said in the bar when none does."""
        file = self.file
        if file is None:
            return
        if not file.exists():
            self._cannot_open(self.tr("{file} is no longer there.").format(file=file))
        elif not self.opener(QUrl.fromLocalFile(str(file))):
            self._cannot_open(
                self.tr("No program on this computer opened {file}.").format(file=file)
            )

    def show_folder(self) -> None:
        """Open the folder the result is in, in the system's file manager."""
        folder = self.folder
        if folder is None:
            return
        if not folder.is_dir():
            self._cannot_open(
                self.tr("The folder {folder} is no longer there.").format(folder=folder)
            )
        elif not self.opener(QUrl.fromLocalFile(str(folder))):
            self._cannot_open(
                self.tr("No program on this computer opened the folder {folder}.").format(
                    folder=folder
                )
            )

    def _cannot_open(self, why: str) -> None:
        folder = self.folder if self.folder is not None and self.folder.is_dir() else None
        self.show_result(why, tone=Tone.WARNING, folder=folder)


def result_bar_of(widget: QWidget | None) -> ResultBar | None:
    """The result bar of ``widget``'s window, else of the window behind it, and so on."""
    while widget is not None:
        top = widget.window()
        for bar in top.findChildren(ResultBar):
            if bar.window() is top:
                return bar
        widget = top.parentWidget()
    return None


def report_result(
    parent: QWidget | None,
    text: str,
    *,
    title: str = APP_NAME,
    tone: Tone = Tone.DONE,
    file: Path | None = None,
    folder: Path | None = None,
    actions: Sequence[Action] = (),
) -> None:
    """Show a result in the bar of ``parent``'s window (``ResultBar.show_result``), or in a
    message box titled ``title`` when there is no bar to show it in."""
    bar = result_bar_of(parent)
    if bar is not None:
        bar.show_result(text, tone=tone, file=file, folder=folder, actions=actions)
    else:
        icon = QMessageBox.Icon.Warning if tone is Tone.WARNING else QMessageBox.Icon.Information
        QMessageBox(icon, title, text, parent=parent).exec()
