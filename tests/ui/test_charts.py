"""The line chart: points at their dates, date labels that never overlap, a title that
gives way to the legend, and an exact prediction that leaves the report in sight."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from coachdesk.ui.widgets.charts import (
    LineChart,
    LineChartData,
    LineSeries,
    line_chart_geometry,
    paint_line_chart,
    print_palette,
)

pytestmark = pytest.mark.gui

RECT = QRectF(0, 0, 480, 180)


def chart(positions, reported, predicted, labels=None, title="I felt understood today"):
    return LineChartData(
        title=title,
        labels=tuple(labels or (f"day {p:g}" for p in positions)),
        positions=tuple(positions),
        series=(
            LineSeries("Reported", tuple(reported)),
            LineSeries("Your prediction", tuple(predicted), dashed=True),
        ),
    )


@pytest.fixture
def metrics(qapp):
    return QFontMetricsF(QFont())


def xs(geometry, series=0):
    return [point.x() for point in geometry.points[series] if point is not None]


def test_points_stand_in_proportion_to_their_dates(metrics):
    data = chart((0, 7, 14, 42), (4, 3, 4, 5), (4, None, 5, 5))
    geometry = line_chart_geometry(RECT, data, metrics)
    x = xs(geometry)
    assert geometry.plot.left() < x[0] < x[-1] < geometry.plot.right()
    whole = x[-1] - x[0]
    for position, at in zip(data.positions, x, strict=True):
        assert (at - x[0]) / whole == pytest.approx(position / 42)
    assert geometry.points[1][1] is None  # no prediction that day: a gap, not a point
    assert geometry.points[1][2].x() == pytest.approx(x[2])


def test_one_session_stands_in_the_middle(metrics):
    geometry = line_chart_geometry(RECT, chart((5,), (3,), (4,)), metrics)
    assert xs(geometry)[0] == pytest.approx(geometry.plot.center().x())
    assert [column for column, _ in geometry.labels] == [0]


@pytest.mark.parametrize("width", [240, 480, 900])
def test_date_labels_never_overlap_and_the_latest_is_always_shown(metrics, width):
    # Sessions bunched together and then spread out, with labels of different lengths.
    positions = [0, 1, 2, 3, 4, 5, 6, 20, 21, 40, 41, 42, 80, 81, 82, 83, 84, 85, 86, 120]
    labels = [f"{'Wednesday ' if n % 3 else ''}{n + 1} Mar 2026" for n in range(len(positions))]
    rect = QRectF(0, 0, width, 180)
    data = chart(positions, [3] * len(positions), [4] * len(positions), labels)
    geometry = line_chart_geometry(rect, data, metrics)
    boxes = [box for _, box in geometry.labels]
    assert len(boxes) >= 2
    for first, second in combinations(boxes, 2):
        assert not first.intersects(second)
    for column, box in geometry.labels:
        assert box.width() == pytest.approx(metrics.horizontalAdvance(labels[column]))
        assert rect.left() <= box.left() and box.right() <= rect.right()
    assert geometry.labels[-1][0] == len(positions) - 1
    assert geometry.labels[0][0] == 0
    if width >= 900:
        assert len(boxes) > 4  # room for more than the ends


def test_a_long_title_gives_way_to_the_legend(metrics):
    title = "I trust my coach to keep their word about what we agreed, " * 3
    geometry = line_chart_geometry(RECT, chart((0, 7), (3, 4), (3, 4), title=title), metrics)
    assert geometry.title.endswith("…") and geometry.title != title
    assert metrics.horizontalAdvance(geometry.title) <= geometry.title_rect.width()
    legend_left = min(entry.sample.left() for entry in geometry.legend)
    assert geometry.title_rect.right() < legend_left
    for first, second in combinations(geometry.legend, 2):
        assert not first.text.intersects(second.text)
        assert not first.sample.intersects(second.text)
    short = line_chart_geometry(RECT, chart((0, 7), (3, 4), (3, 4)), metrics)
    assert short.title == "I felt understood today"


def test_an_exact_prediction_rings_the_report_under_it(metrics):
    geometry = line_chart_geometry(RECT, chart((0, 7), (4, 4), (4, 4)), metrics)
    assert geometry.points[0] == geometry.points[1]
    assert geometry.order == (1, 0)  # the prediction first, the report on top
    assert geometry.radii[1] > geometry.radii[0] + 2  # a ring around the dot, not over it


def colour_at(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(round(point.x()), round(point.y()))


def bluish(color: QColor) -> bool:
    return color.blue() > color.red() + 40


def test_where_prediction_and_report_agree_the_report_still_shows(qapp):
    palette = print_palette()
    data = chart((0, 7, 14), (4, 4, 2), (4, 4, 5))
    image = QImage(480, 180, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_line_chart(painter, RECT, data, palette)
    geometry = line_chart_geometry(RECT, data, QFontMetricsF(painter.font()))
    painter.end()
    first, second, _third = geometry.points[0]
    # The report's line, between the two sessions where the prediction was exact.
    assert bluish(colour_at(image, (first + second) / 2))
    assert bluish(colour_at(image, second))  # its dot
    ring = second - QPointF(0, geometry.radii[1])  # above: no line passes there
    assert colour_at(image, ring).lightness() < 160  # the prediction's ring around it
    assert not bluish(colour_at(image, ring))


def test_the_widget_names_its_whole_question(qtbot):
    title = "I trust my coach to keep their word about what we agreed, even when inconvenient"
    widget = LineChart(chart((0, 7), (3, 4), (3, 4), title=title))
    qtbot.addWidget(widget)
    assert widget.toolTip() == title and widget.accessibleName() == title
    empty = LineChart(chart((), (), ()))
    qtbot.addWidget(empty)
    empty.resize(480, 200)
    empty.grab()  # paints "No feedback yet" without a point to place
