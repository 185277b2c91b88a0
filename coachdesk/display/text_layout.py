"""Text wrapped to a width, for the window and the paper alike: Qt's ``QTextLayout``
broken between words, and inside a word only when it is wider than a line (a long
address, a run of emoji)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPaintDevice, QTextLayout, QTextOption


def wrapped(
    text: str,
    font: QFont,
    width: float,
    *,
    device: QPaintDevice | None = None,
    direction: Qt.LayoutDirection | None = None,
) -> tuple[QTextLayout, float]:
    """``text`` laid out in lines of ``width`` (in ``device``'s units, the screen's when
    None), in ``direction`` when given; the layout and its height."""
    layout = QTextLayout(text, font, device) if device is not None else QTextLayout(text, font)
    option = QTextOption(Qt.AlignmentFlag.AlignLeft)
    if direction is not None:
        option.setTextDirection(direction)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0.0, height))
        height += line.height()
    layout.endLayout()
    return layout, height
