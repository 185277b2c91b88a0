"""The few visual conventions shared across the app, kept native.

Warnings use one marker (a sign and a word, so they read without colour) and
one colour taken from a palette-aware choice, so they read in dark mode too.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel

from coachdesk.domain.vocab import WARNING_MARK

__all__ = [
    "WARNING_MARK",
    "is_dark",
    "scaled_font",
    "secondary",
    "visible_indicator",
    "warning_color",
    "warning_label_style",
]


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def warning_color() -> QColor:
    return QColor("#ffb74d") if is_dark() else QColor("#b3261e")


def warning_label_style() -> str:
    return f"color: {warning_color().name()};"


def scaled_font(font: QFont, scale: float, bold: bool = True) -> QFont:
    """``font`` scaled (and bold by default): headings and the client's own words."""
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * scale)
    scaled.setBold(bold)
    return scaled


def secondary(label: QLabel) -> QLabel:
    """Quieter than the main text but readable in light and dark palettes."""
    palette = label.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        (text.red() * 2 + window.red()) // 3,
        (text.green() * 2 + window.green()) // 3,
        (text.blue() * 2 + window.blue()) // 3,
    )
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(palette)
    return label


def visible_indicator(button: QAbstractButton) -> QAbstractButton:
    """A checkbox whose box stands out in a dark palette too.  Fusion outlines the box in
    the Window colour darkened, which vanishes on a dark window: there the button's own
    Window colour is lifted toward its text, so the outline reads (the fill, Base, and the
    check, Text, are left as they are)."""
    palette = button.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    if window.lightness() >= 128:
        return button
    lifted = QColor(
        (text.red() * 3 + window.red()) // 4,
        (text.green() * 3 + window.green()) // 4,
        (text.blue() * 3 + window.blue()) // 4,
    )
    palette.setColor(QPalette.ColorRole.Window, lifted)
    button.setPalette(palette)
    return button
