"""A small chart drawn with QPainter: scores over time, each point at its date.

Why not QtCharts: it is not in PySide6-Essentials (it would add the
PySide6-Addons wheel, about 150 MB more installed), and this chart needs a
few dozen lines.  The drawing functions take a painter, a rectangle and a
palette, so the same code paints on screen (the widget's palette: light or
dark) and on paper (``print_palette``: black on white).

The data behind a chart is plain (``LineChartData``) and kept on the widget as
``chart.data``; where each part goes is worked out apart from the painting
(``line_chart_geometry``), so what is drawn can be checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from coachdesk.display.translate import translator

_tr = translator("charts")


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
    positions: tuple[float, ...]  # where each column stands in time (e.g. in days), oldest first
    series: tuple[LineSeries, ...]
    low: float = 1.0
    high: float = 5.0


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


@dataclass(frozen=True)
class LegendEntry:
    series: int
    sample: QRectF  # where the series' line is shown
    text: QRectF  # where its name is written


@dataclass(frozen=True)
class LineChartGeometry:
    """Where everything of a line chart goes in its rectangle (``line_chart_geometry``)."""

    title: str  # elided to the room the legend leaves it
    title_rect: QRectF
    legend: tuple[LegendEntry, ...]
    plot: QRectF
    points: tuple[tuple[QPointF | None, ...], ...]  # by series, then column
    labels: tuple[tuple[int, QRectF], ...]  # (column, where its label is written)
    radii: tuple[float, ...]  # each series' marker
    order: tuple[int, ...]  # the series in the order drawn, the last on top


def _x_positions(positions: Sequence[float], left: float, width: float) -> list[float]:
    """Each column's x, in proportion to its position (in time): sessions a week apart sit
    twice as far apart as sessions three or four days apart."""
    if not positions:
        return []
    first, last = min(positions), max(positions)
    if last - first <= 0:
        return [left + width / 2] * len(positions)
    return [left + (value - first) / (last - first) * width for value in positions]


def _placed_labels(
    labels: Sequence[str], xs: Sequence[float], metrics: QFontMetricsF, y: float, rect: QRectF
) -> list[tuple[int, QRectF]]:
    """The labels that fit without touching one another, each measured: the latest first,
    then the earliest, then the others from the newest back; in column order."""
    if not labels:
        return []
    line = metrics.height()
    gap = line * 0.6
    order = [len(labels) - 1, 0, *range(len(labels) - 2, 0, -1)]
    placed: list[tuple[int, QRectF]] = []
    for column in dict.fromkeys(order):
        if column < 0:
            continue
        width = metrics.horizontalAdvance(labels[column])
        if width > rect.width():
            continue
        left = min(max(xs[column] - width / 2, rect.left()), rect.right() - width)
        box = QRectF(left, y, width, line)
        if all(not box.adjusted(-gap, 0, gap, 0).intersects(other) for _, other in placed):
            placed.append((column, box))
    return sorted(placed, key=lambda item: item[0])


def line_chart_geometry(
    rect: QRectF, data: LineChartData, metrics: QFontMetricsF
) -> LineChartGeometry:
    """Lay out ``data`` in ``rect``: the title (elided) and the legend on the first line, the
    score axis, the points at their dates, and the date labels that fit."""
    line = metrics.height()
    # The legend, right-aligned on the title line: [sample] name, [sample] name.
    legend: list[LegendEntry] = []
    x = rect.right()
    for index, series in reversed(list(enumerate(data.series))):
        name_width = metrics.horizontalAdvance(series.name)
        x -= name_width
        text = QRectF(x, rect.top(), name_width, line)
        x -= line * 1.6
        sample = QRectF(x, rect.top(), line * 1.3, line)
        legend.insert(0, LegendEntry(index, sample, text))
        x -= line
    room = max(0.0, x - rect.left())
    title = metrics.elidedText(data.title, Qt.TextElideMode.ElideRight, room)
    title_rect = QRectF(rect.left(), rect.top(), room, line)

    axis_width = metrics.horizontalAdvance("5") + line * 0.6
    inset = line * 0.5  # room for a marker at either end
    plot = QRectF(
        rect.left() + axis_width,
        rect.top() + line * 1.7,
        rect.width() - axis_width - line * 0.5,
        rect.height() - line * 3.4,
    )
    xs = _x_positions(data.positions, plot.left() + inset, plot.width() - 2 * inset)
    span = data.high - data.low or 1.0

    def y_of(value: float) -> float:
        return plot.bottom() - (value - data.low) / span * plot.height()

    points = tuple(
        tuple(
            None if value is None or column >= len(xs) else QPointF(xs[column], y_of(value))
            for column, value in enumerate(series.values)
        )
        for series in data.series
    )
    labels = _placed_labels(data.labels, xs, metrics, plot.bottom() + line * 0.6, rect)
    # A prediction (dashed) is drawn first, with a ring larger than the report's dot: where
    # both are equal the report's line and dot stay in sight, ringed by the prediction.
    radii = tuple(line * (0.38 if series.dashed else 0.22) for series in data.series)
    order = tuple(sorted(range(len(data.series)), key=lambda i: not data.series[i].dashed))
    return LineChartGeometry(
        title, title_rect, tuple(legend), plot, points, tuple(labels), radii, order
    )


def _series_pen(palette: QPalette, index: int, series: LineSeries) -> QPen:
    pen = QPen(_series_color(palette, index), 1.5 if series.dashed else 2.5)
    if series.dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def paint_line_chart(
    painter: QPainter, rect: QRectF, data: LineChartData, palette: QPalette
) -> None:
    """Scores (``data.low``..``data.high``) at their dates, one line per series, with a legend."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetricsF(painter.font())
    geometry = line_chart_geometry(rect, data, metrics)
    line = metrics.height()
    text = palette.color(QPalette.ColorRole.Text)
    painter.setPen(text)
    painter.drawText(geometry.title_rect, Qt.AlignmentFlag.AlignLeft, geometry.title)
    for entry in geometry.legend:
        series = data.series[entry.series]
        painter.setPen(text)
        painter.drawText(entry.text, Qt.AlignmentFlag.AlignLeft, series.name)
        painter.setPen(_series_pen(palette, entry.series, series))
        middle = entry.sample.center().y()
        painter.drawLine(
            QPointF(entry.sample.left(), middle), QPointF(entry.sample.right(), middle)
        )

    plot = geometry.plot
    axis_width = plot.left() - rect.left()
    span = data.high - data.low or 1.0
    for level in range(int(data.low), int(data.high) + 1):
        y = plot.bottom() - (level - data.low) / span * plot.height()
        painter.setPen(QPen(_grid_color(palette), 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(text)
        painter.drawText(
            QRectF(rect.left(), y - line / 2, axis_width - line * 0.3, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(level),
        )

    if not data.labels:
        painter.setPen(text)
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, _tr("No feedback yet"))
        painter.restore()
        return

    painter.setPen(text)
    for column, box in geometry.labels:
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, data.labels[column])

    for index in geometry.order:
        series = data.series[index]
        color = _series_color(palette, index)
        path = QPainterPath()
        started = False
        for point in geometry.points[index]:
            if point is None:
                started = False
            elif started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setPen(_series_pen(palette, index, series))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        radius = geometry.radii[index]
        for point in geometry.points[index]:
            if point is None:
                continue
            painter.setPen(QPen(color, 1.5))
            # Reported: filled dots; predicted: hollow rings (tell apart without colour).
            painter.setBrush(Qt.BrushStyle.NoBrush if series.dashed else color)
            painter.drawEllipse(point, radius, radius)
    painter.restore()


class LineChart(QWidget):
    """Scores over time: ``data`` (``LineChartData``) is what is drawn."""

    def __init__(self, data: LineChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(240)
        self.set_data(data)

    def set_data(self, data: LineChartData) -> None:
        self.data = data
        self.setAccessibleName(data.title)
        self.setToolTip(data.title)  # the whole title, where the chart had to shorten it
        self.setFixedHeight(self.fontMetrics().height() * 12)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, self.fontMetrics().height() * 12)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        paint_line_chart(painter, area, self.data, self.palette())
        painter.end()
