"""The search box (Ctrl+K): one box over every client and every word kept of them.

Results come as the coach types (``storage.search``: folded, prefix, every word required,
"quoted phrases", stems), grouped by kind with the client's own words first, each with
its client, date and the matching words.  Up and Down choose from the box itself, Enter
(or a click) opens the record where it lives (``chosen`` tells the window which), Esc
closes and gives the keyboard back to where it was.  What is typed is kept nowhere: not
in the settings, not in the log, not after the box closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.search import parse_query
from coachdesk.storage.database import Database
from coachdesk.storage.errors import StorageError
from coachdesk.storage.search import Hit, Results, search
from coachdesk.ui.dialogs.search.results import HIT_ROLE, ResultDelegate, ResultsModel

_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 5,
    Qt.Key.Key_PageUp: -5,
}


class SearchBox(QDialog):
    """Search everything; ``exec()`` accepted means ``chosen`` is the hit to open."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.chosen: Hit | None = None
        self.setWindowTitle(self.tr("Search"))
        self.setObjectName("search_box")

        self.edit = QLineEdit()
        self.edit.setObjectName("search_words")
        self.edit.setPlaceholderText(
            self.tr("Search clients, what matters, sessions, notes, promises, feedback…")
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(self.tr("Search everything"))
        font = self.edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.edit.setFont(font)
        self.edit.installEventFilter(self)

        self.model = ResultsModel(self)
        self.view = QListView()
        self.view.setObjectName("search_results")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ResultDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the box
        self.view.clicked.connect(self._open)

        self.status = QLabel()
        self.status.setObjectName("search_status")
        self.status.setWordWrap(True)
        self.hint = QLabel(self.tr("↑ ↓ choose   ·   Enter opens   ·   Esc closes"))
        self.hint.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)

        # Keys typed faster than a search are read once: the last text wins.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.run)
        self.edit.textChanged.connect(lambda _text: self._pending.start())
        self._say_empty()
        self._fit(parent)

    def _fit(self, parent: QWidget | None) -> None:
        if parent is None:
            self.resize(640, 480)
            return
        window = parent.window()
        width = min(max(560, int(window.width() * 0.6)), max(window.width() - 40, 400))
        height = max(360, int(window.height() * 0.75))
        self.resize(width, height)
        corner = window.mapToGlobal(window.rect().topLeft())
        self.move(corner.x() + (window.width() - width) // 2, corner.y() + 40)

    def _say_empty(self) -> None:
        self.status.setText(
            self.tr(
                "Type a name or a few words the client said. Every word is required; use "
                '"quotes" for words in a row.'
            )
        )

    # --- searching ----------------------------------------------------------------------------

    def run(self) -> None:
        """Search for what the box holds now and show the results, the first one chosen."""
        text = self.edit.text()
        if not parse_query(text):
            self.model.set_results(Results(text, ()))
            self._say_empty()
            return
        try:
            with self.db.read() as connection:
                results = search(connection, text)
        except StorageError as exc:
            self.model.set_results(Results(text, ()))
            self.status.setText(exc.message)
            return
        self.model.set_results(results)
        rows = self.model.hit_rows()
        if not rows:
            self.status.setText(self.tr("Nothing found for “{text}”.").format(text=text.strip()))
            return
        self.status.setText(self._found(results, len(rows)))
        self._select(rows[0])

    def _found(self, results: Results, count: int) -> str:
        more = any(group.more for group in results.groups)
        shown = (
            self.tr("{n} shown, the newest of each kind").format(n=count)
            if more
            else self.tr("{n} found").format(n=count)
        )
        return self.tr("{shown}. Enter opens the one chosen.").format(shown=shown)

    def _select(self, row: int) -> None:
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _move(self, step: int) -> None:
        rows = self.model.hit_rows()
        if not rows:
            return
        current = self.view.currentIndex().row()
        at = rows.index(current) if current in rows else -1
        self._select(rows[max(0, min(len(rows) - 1, at + step))])
        if at + step < 0:
            self.view.scrollToTop()  # the first group's heading back in sight

    # --- opening ------------------------------------------------------------------------------

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is None:
            return
        self.chosen = hit
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _MOVES:
                self._move(_MOVES[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._pending.isActive():  # typed and Enter at once: search first
                    self._pending.stop()
                    self.run()
                self._open(self.view.currentIndex())
                return True
        return super().eventFilter(watched, event)
