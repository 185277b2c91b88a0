"""Small charts drawn with QPainter: scores over time, and counts as bars.

Why not QtCharts: it is not in PySide6-Essentials (it would add the
PySide6-Addons wheel, about 150 MB more installed), and these two charts need a
few dozen lines each.  The drawing functions take a painter, a rectangle and a
palette, so the same code paints on screen (the widget's palette: light or
dark) and on paper (``print_palette``: black on white).

The data behind a chart is plain (``LineChartData`` / ``BarChartData``) and
kept on the widget as ``chart.data``, so what is drawn can be checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class LineSeries:
    name: str
    values: tuple[float | None, ...]  # one per column; None leaves a gap
    dashed: bool = False

    @property
    def points(self) -> int:
        return sum(1 for value in self.values if value is not None)


@dataclass(frozen=True)
class LineChartData:
    title: str
    labels: tuple[str, ...]  # one per column (e.g. the session dates), oldest first
    series: tuple[LineSeries, ...]
    low: float = 1.0
    high: float = 5.0


@dataclass(frozen=True)
class BarChartData:
    title: str
    bars: tuple[tuple[str, int], ...]


def print_palette() -> QPalette:
    """Black on white, for paper whatever the screen's colours."""
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#ffffff"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.WindowText, "#000000"),
        (QPalette.ColorRole.Text, "#000000"),
        (QPalette.ColorRole.Highlight, "#1f5fa8"),
        (QPalette.ColorRole.Mid, "#9a9a9a"),
    ):
        palette.setColor(role, QColor(color))
    return palette


def _series_color(palette: QPalette, index: int) -> QColor:
    """The first series in the highlight colour, the others in the text colour (dashed)."""
    if index == 0:
        return palette.color(QPalette.ColorRole.Highlight)
    color = QColor(palette.color(QPalette.ColorRole.Text))
    color.setAlphaF(0.75)
    return color


def _grid_color(palette: QPalette) -> QColor:
    color = QColor(palette.color(QPalette.ColorRole.Text))
    color.setAlphaF(0.18)
    return color


def paint_line_chart(
    painter: QPainter, rect: QRectF, data: LineChartData, palette: QPalette
) -> None:
    """Scores (``data.low``..``data.high``) per column, one line per series, with a legend."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetricsF(painter.font())
    line = metrics.height()
    text = palette.color(QPalette.ColorRole.Text)
    painter.setPen(text)
    title_rect = QRectF(rect.left(), rect.top(), rect.width(), line)
    painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft, data.title)

    # Legend on the title line, right-aligned.
    x = rect.right()
    for index, series in reversed(list(enumerate(data.series))):
        label_width = metrics.horizontalAdvance(series.name)
        x -= label_width
        painter.setPen(text)
        painter.drawText(QPointF(x, rect.top() + metrics.ascent()), series.name)
        x -= line * 1.6
        pen = QPen(_series_color(palette, index), 2)
        if series.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        middle = rect.top() + line / 2
        painter.drawLine(QPointF(x, middle), QPointF(x + line * 1.3, middle))
        x -= line

    axis_width = metrics.horizontalAdvance("5") + line * 0.6
    plot = QRectF(
        rect.left() + axis_width,
        rect.top() + line * 1.5,
        rect.width() - axis_width - line * 0.5,
        rect.height() - line * 3,
    )
    span = data.high - data.low or 1.0

    def y_of(value: float) -> float:
        return plot.bottom() - (value - data.low) / span * plot.height()

    for level in range(int(data.low), int(data.high) + 1):
        y = y_of(level)
        painter.setPen(QPen(_grid_color(palette), 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(text)
        painter.drawText(
            QRectF(rect.left(), y - line / 2, axis_width - line * 0.3, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(level),
        )

    columns = len(data.labels)
    if columns == 0:
        painter.setPen(text)
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No feedback yet")
        painter.restore()
        return

    def x_of(column: int) -> float:
        if columns == 1:
            return plot.center().x()
        return plot.left() + column / (columns - 1) * plot.width()

    # Date labels: first, last, and as many between as fit.
    widest = max(metrics.horizontalAdvance(label) for label in data.labels) + line
    step = max(1, int(widest * columns / max(plot.width(), 1)) + 1)
    # (the last label is pulled in from the right edge: keep more room before it)
    shown = {c for c in range(0, columns, step) if x_of(columns - 1) - x_of(c) >= 1.5 * widest}
    shown.add(columns - 1)  # the latest session always, without a neighbour crowding it
    painter.setPen(text)
    for column in sorted(shown):
        label = data.labels[column]
        width = metrics.horizontalAdvance(label)
        left = min(max(x_of(column) - width / 2, rect.left()), rect.right() - width)
        painter.drawText(QPointF(left, plot.bottom() + line * 1.1), label)

    for index, series in enumerate(data.series):
        color = _series_color(palette, index)
        pen = QPen(color, 2)
        if series.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        path = QPainterPath()
        started = False
        for column, value in enumerate(series.values):
            if value is None:
                started = False
                continue
            point = QPointF(x_of(column), y_of(value))
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        radius = line * 0.22
        for column, value in enumerate(series.values):
            if value is None:
                continue
            painter.setPen(QPen(color, 1.5))
            # Reported: filled dots; predicted: hollow ones (tell apart without colour).
            painter.setBrush(Qt.BrushStyle.NoBrush if series.dashed else color)
            painter.drawEllipse(QPointF(x_of(column), y_of(value)), radius, radius)
    painter.restore()


def paint_bar_chart(painter: QPainter, rect: QRectF, data: BarChartData, palette: QPalette) -> None:
    """Horizontal bars with their labels and counts."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetricsF(painter.font())
    line = metrics.height()
    text = palette.color(QPalette.ColorRole.Text)
    painter.setPen(text)
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line), data.title)
    if not data.bars:
        painter.restore()
        return
    label_width = max(metrics.horizontalAdvance(label) for label, _ in data.bars) + line * 0.5
    count_width = metrics.horizontalAdvance("0000")
    top = rect.top() + line * 1.4
    row = min(line * 1.5, (rect.bottom() - top) / len(data.bars))
    largest = max((count for _, count in data.bars), default=0) or 1
    width = rect.width() - label_width - count_width - line * 0.5
    bar_color = palette.color(QPalette.ColorRole.Highlight)
    for number, (label, count) in enumerate(data.bars):
        y = top + number * row
        painter.setPen(text)
        painter.drawText(
            QRectF(rect.left(), y, label_width, row),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        length = width * count / largest
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar_color)
        painter.drawRect(QRectF(rect.left() + label_width, y + row * 0.2, length, row * 0.6))
        painter.setPen(text)
        painter.drawText(
            QRectF(rect.left() + label_width + length + line * 0.3, y, count_width, row),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            str(count),
        )
    painter.restore()


class _Chart(QWidget):
    """A chart widget: ``data`` is what is drawn, by the class's ``paint`` function."""

    paint: Callable[[QPainter, QRectF, Any, QPalette], None]

    def __init__(self, data: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(240)
        self.set_data(data)

    def set_data(self, data: Any) -> None:
        self.data = data
        self.setAccessibleName(data.title)
        self.setFixedHeight(self.height_for(data))
        self.update()

    def height_for(self, _data: Any) -> int:
        return self.fontMetrics().height() * 12

    def sizeHint(self) -> QSize:
        return QSize(480, self.height_for(self.data))

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        type(self).paint(painter, area, self.data, self.palette())
        painter.end()


class LineChart(_Chart):
    """Scores over time (``LineChartData``)."""

    paint = staticmethod(paint_line_chart)


class BarChart(_Chart):
    """Counts as horizontal bars (``BarChartData``); as tall as its bars."""

    paint = staticmethod(paint_bar_chart)

    def height_for(self, data: BarChartData) -> int:
        return int(self.fontMetrics().height() * (1.6 + 1.5 * max(1, len(data.bars)))) + 8
