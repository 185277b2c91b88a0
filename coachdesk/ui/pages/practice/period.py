"""The period bar of the practice page: a preset ("Last 90 days"…) or From–To dates,
remembered in the settings, with "Reading…" while the figures are read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QSettings, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from coachdesk.domain.reliability import Period
from coachdesk.ui.pages.practice.figures import (
    CUSTOM,
    DEFAULT_PRESET,
    EARLIEST,
    PRESETS,
    preset_period,
)
from coachdesk.ui.widgets.style import secondary

DATE_DELAY_MS = 400  # wait for the coach to finish typing a date before reading


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodBar(QWidget):
    """Emits ``chosen`` when the figures should be read for a new period: at once for a
    preset, ``DATE_DELAY_MS`` after the coach stopped typing a date."""

    chosen = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.today: Callable[[], date] = date.today

        self.period_combo = QComboBox()
        for key, label in PRESETS:
            self.period_combo.addItem(self.tr(label), key)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setMinimumDate(_qdate(EARLIEST))
        self.from_edit.setSpecialValueText(self.tr("the beginning"))
        self.reading_label = QLabel(self.tr("Reading…"))
        secondary(self.reading_label)
        self.reading_label.hide()
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(DATE_DELAY_MS)
        self._date_timer.timeout.connect(self.chosen)

        period_row = QHBoxLayout(self)
        period_row.setContentsMargins(0, 0, 0, 0)
        for caption, widget in (
            (self.tr("&Period"), self.period_combo),
            (self.tr("F&rom"), self.from_edit),
            (self.tr("&to"), self.to_edit),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            period_row.addWidget(label)
            period_row.addWidget(widget)
            period_row.addSpacing(8)
        period_row.addWidget(self.reading_label)
        period_row.addStretch(1)

        self._restore()
        self.period_combo.currentIndexChanged.connect(self._on_preset_changed)
        self.from_edit.dateChanged.connect(self._on_date_edited)
        self.to_edit.dateChanged.connect(self._on_date_edited)

    def preset(self) -> str:
        return self.period_combo.currentData() or DEFAULT_PRESET

    def period(self) -> Period | None:
        """The chosen period, or None when the chosen dates are the wrong way round."""
        preset = preset_period(self.preset(), self.today())
        if preset is not None:
            return preset
        start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        return Period(start, end) if start <= end else None

    def catch_up(self) -> None:
        """Before a read: stop waiting for a typed date, and move a preset's dates on with
        the calendar ("Last 30 days" ends today)."""
        self._date_timer.stop()
        preset = preset_period(self.preset(), self.today())
        if preset is not None:
            self._show_dates(preset.start, preset.end)

    def set_period(self, start: date, end: date) -> None:
        """Choose dates, as the coach would in From and To (the caller reads them)."""
        self._date_timer.stop()
        self._show_dates(start, end)
        self._choose(CUSTOM)
        self.remember()

    def choose_preset(self, key: str) -> None:
        index = self.period_combo.findData(key)
        if index >= 0:
            self.period_combo.setCurrentIndex(index)

    def _choose(self, key: str) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(key), 0))
        self.period_combo.blockSignals(False)

    def _show_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _on_preset_changed(self, _index: int) -> None:
        self._date_timer.stop()
        preset = preset_period(self.preset(), self.today())
        if preset is not None:
            self._show_dates(preset.start, preset.end)
        self.remember()
        self.chosen.emit()

    def _on_date_edited(self, _day: QDate) -> None:
        self._choose(CUSTOM)
        self.remember()
        self._date_timer.start()

    def remember(self) -> None:
        """Keep the chosen preset (and chosen dates) in the settings."""
        self.settings.setValue("practice/period", self.preset())
        if self.preset() == CUSTOM:
            self.settings.setValue("practice/from", _pydate(self.from_edit.date()).isoformat())
            self.settings.setValue("practice/to", _pydate(self.to_edit.date()).isoformat())

    def _restore(self) -> None:
        key = str(self.settings.value("practice/period", DEFAULT_PRESET))
        if self.period_combo.findData(key) < 0:
            key = DEFAULT_PRESET
        self._choose(key)
        preset = preset_period(key, self.today())
        if preset is not None:
            self._show_dates(preset.start, preset.end)
        else:
            try:
                start = date.fromisoformat(str(self.settings.value("practice/from", "")))
                end = date.fromisoformat(str(self.settings.value("practice/to", "")))
            except ValueError:
                fallback = preset_period(DEFAULT_PRESET, self.today())
                assert fallback is not None
                start, end = fallback.start, fallback.end
            self._show_dates(start, end)
