"""The few visual conventions shared across the app, kept native.

Warnings use one marker (a sign and a word, so they read without colour) and
one colour taken from a palette-aware choice, so they read in dark mode too.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel

from coachdesk.domain.vocab import WARNING_MARK

__all__ = [
    "WARNING_MARK",
    "is_dark",
    "scaled_font",
    "secondary",
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
