"""The few visual conventions shared across the app, kept native.

Warnings use one marker (a sign and a word, so they read without colour) and
one colour taken from a palette-aware choice, so they read in dark mode too.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

WARNING_MARK = "⚠"


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def warning_color() -> QColor:
    return QColor("#ffb74d") if is_dark() else QColor("#b3261e")


def warning_label_style() -> str:
    return f"color: {warning_color().name()};"
