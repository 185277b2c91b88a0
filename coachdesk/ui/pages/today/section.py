"""A section of the Today page: a heading (with a count and its buttons), then a list
that grows to show its rows, or the empty state in its place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coachdesk.ui.widgets.lists import ListTable
from coachdesk.ui.widgets.style import scaled_font, secondary

MAX_ROWS_SHOWN = 12
FEWEST_ROWS_SHOWN = 3
SHARED_PAGE_ROWS = 2
"""What the sessions and the promises keep on a short page (the notices come first)."""
FRAME_HEIGHT = "frameHeight"  # the view's property: its height with no rows
ROW_HEIGHT = "oneRowHeight"  # ...and a one-line row's
FEWEST_ROWS = "fewestRows"  # ...and how many rows it keeps however short the page


def fit_to_contents(
    view: QAbstractScrollArea,
    header: QHeaderView,
    row_height: int,
    fewest: int = FEWEST_ROWS_SHOWN,
) -> None:
    """Grow the view to show its rows, up to a dozen (a busy week, a large practice: then
    it scrolls itself).  When the page is short the sections share its height, each down
    to ``fewest`` rows, so every section stays in sight without scrolling the page.  A
    hidden ``header`` takes no height."""
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
    heading = 0 if header.isHidden() else header.sizeHint().height()
    frame = heading + 2 * view.frameWidth()
    view.setMaximumHeight(frame + MAX_ROWS_SHOWN * row_height)
    view.setProperty(FRAME_HEIGHT, frame)
    view.setProperty(ROW_HEIGHT, row_height)
    view.setProperty(FEWEST_ROWS, fewest)


class Section(QWidget):
    """A heading, then a list, or the empty state in its place."""

    def __init__(
        self,
        title: str,
        view: QWidget,
        parent: QWidget | None = None,
        actions: tuple[QWidget, ...] = (),
        hint: QLabel | None = None,
    ) -> None:
        """``hint``: a quiet line beside the title saying what the list's clicks do, shown
        with the list."""
        super().__init__(parent)
        self.base_title = title
        self.hint = hint
        self.title = QLabel(title)
        self.title.setFont(scaled_font(self.font(), 1.15))
        self.view = view
        self.actions = actions
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        secondary(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        if hint is not None:
            heading.addSpacing(12)
            heading.addWidget(hint, 0, Qt.AlignmentFlag.AlignBaseline)
        heading.addStretch(1)
        for action in actions:
            heading.addWidget(action)
        layout.addLayout(heading)
        layout.addWidget(self.view)
        if isinstance(view, ListTable):  # its rows grow and shrink with its width
            view.fitted.connect(self._keep_fewest_rows)
        layout.addWidget(self.empty_label)

    def _keep_fewest_rows(self) -> None:
        """However short the page, the list keeps its first rows whole (a table's rows as
        tall as their wrapped words), and a short list is never stretched to three."""
        frame, row_height = self.view.property(FRAME_HEIGHT), self.view.property(ROW_HEIGHT)
        if not isinstance(frame, int) or not isinstance(row_height, int):
            return
        fewest_rows = self.view.property(FEWEST_ROWS)
        if not isinstance(fewest_rows, int):
            fewest_rows = FEWEST_ROWS_SHOWN
        if isinstance(self.view, ListTable):
            count = min(fewest_rows, self.view.model().rowCount())
            rows = sum(self.view.rowHeight(row) for row in range(count))
        else:
            rows = fewest_rows * row_height
        fewest = min(frame + rows, self.view.maximumHeight())
        self.view.setMinimumHeight(min(fewest, self.view.sizeHint().height()))

    def show_rows(
        self, count: int, empty_text: str, *, shown: int | None = None, more: str = ""
    ) -> None:
        """``count`` rows in all; when only ``shown`` of them are listed, ``more`` (with
        ``{shown}``) says so under the list."""
        self.title.setText(f"{self.base_title} ({count:,})" if count else self.base_title)
        self.view.setVisible(count > 0)
        for action in self.actions:
            action.setVisible(count > 0)
        if self.hint is not None:
            self.hint.setVisible(count > 0)
        self._keep_fewest_rows()
        capped = shown is not None and shown < count
        self.empty_label.setVisible(count == 0 or capped)
        self.empty_label.setText(more.format(shown=shown) if capped else empty_text)
