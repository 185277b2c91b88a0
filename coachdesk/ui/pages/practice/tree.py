"""The figures of the practice page as a tree: breaches (by category), by trigger, time to
repair, the coach's promises, the items that came up, the notices given on time, their
predictions and the clients whose scores fall.  Each
row carries its ``Figure`` (``FIGURE_ROLE``); a heading without records carries None.
Each category's count has a bar beside it, in proportion to the largest (``BAR_ROLE``),
so the categories are counted once, in the tree, and still compared at a glance."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from coachdesk.domain.reliability import PracticeReport
from coachdesk.ui.pages.practice.figures import (
    Figure,
    FigureKind,
    calibration_words,
    days_text,
    honour_share,
    kept_share,
    notices_of,
    notices_text,
    notices_tooltip,
    score_text,
    signed,
)
from coachdesk.ui.widgets.style import scaled_font

FIGURE_ROLE = Qt.ItemDataRole.UserRole + 20
BAR_ROLE = Qt.ItemDataRole.UserRole + 21  # a count's share of the largest, 0..1 (None: no bar)
BAR_EMS = 6  # the longest bar, in widths of "M"


class _BarDelegate(QStyledItemDelegate):
    """The number column: the number, and for a row with a ``BAR_ROLE`` a bar before it."""

    def _bar_room(self, option: QStyleOptionViewItem) -> float:
        return option.fontMetrics.horizontalAdvance("M") * BAR_EMS

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(BAR_ROLE) is None:
            return size
        return QSize(size.width() + int(self._bar_room(option)) + 8, size.height())

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        share = index.data(BAR_ROLE)
        if share is None:
            return
        number = option.fontMetrics.horizontalAdvance(str(index.data() or "")) + 8
        room = min(self._bar_room(option), option.rect.width() - number - 4)
        if room <= 0:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        height = option.rect.height() * 0.5
        left = option.rect.right() - number - room
        bar = QRectF(left, option.rect.center().y() - height / 2 + 1, room * share, height)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(option.palette.color(role))
        painter.drawRect(bar)
        painter.restore()


class FiguresTree(QTreeWidget):
    """The tree of figures, a figure and its number on each row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Figure"), self.tr("Number")])
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setIndentation(16)
        self.setAccessibleName(self.tr("Figures"))
        tree_header = self.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setItemDelegateForColumn(1, _BarDelegate(self))

    def figure(self, item: QTreeWidgetItem | None) -> Figure | None:
        """The figure of a row (None for a heading without records, or no row)."""
        return item.data(0, FIGURE_ROLE) if item is not None else None

    def _add(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        text: str,
        number: str,
        figure: Figure | None,
        tooltip: str = "",
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text, number])
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setData(0, FIGURE_ROLE, figure)
        if figure is None:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if tooltip:
            item.setToolTip(0, tooltip)
            item.setToolTip(1, tooltip)
        if isinstance(parent, QTreeWidget):
            font = scaled_font(self.font(), 1.0)
            item.setFont(0, font)
            item.setFont(1, font)
        return item

    def fill(self, report: PracticeReport) -> None:
        """One row per figure of ``report``, under eight headings."""
        tree = self
        breaches = self._add(
            tree, self.tr("Breaches"), f"{len(report.breaches):,}", Figure(FigureKind.BREACHES)
        )
        largest = max((len(rows) for _category, rows in report.by_category), default=0)
        for category, rows in report.by_category:
            item = self._add(
                breaches,
                self.tr(category.label),
                f"{len(rows):,}",
                Figure(FigureKind.CATEGORY, category.value),
            )
            item.setData(1, BAR_ROLE, len(rows) / largest if largest else 0.0)

        triggers = self._add(tree, self.tr("By trigger"), "", Figure(FigureKind.TRIGGERS))
        for trigger, rows in report.by_trigger:
            label = trigger.label
            self._add(
                triggers,
                label[:1].upper() + label[1:],
                f"{len(rows):,}",
                Figure(FigureKind.TRIGGER, trigger.value),
            )
        if not report.by_trigger:
            self._add(triggers, self.tr("No breaches of matters with triggers"), "", None)

        median = report.median_repair_days
        repairs = self._add(
            tree,
            self.tr("Time to repair (median)"),
            days_text(median) if median is not None else "–",
            Figure(FigureKind.REPAIRS),
        )
        if report.mean_repair_days is not None:
            self._add(
                repairs,
                self.tr("Average (mean)"),
                days_text(round(report.mean_repair_days, 1)),
                Figure(FigureKind.REPAIRED, "mean"),
            )
        self._add(
            repairs, self.tr("Repaired"), f"{len(report.repairs):,}", Figure(FigureKind.REPAIRED)
        )
        self._add(
            repairs,
            self.tr("Still open"),
            f"{len(report.still_open):,}",
            Figure(FigureKind.STILL_OPEN),
        )

        share = kept_share(report)
        promises = self._add(
            tree,
            self.tr("Your promises due"),
            self.tr("{share}% kept").format(share=share) if share is not None else "–",
            Figure(FigureKind.PROMISES),
        )
        for kind, text, rows in (
            (FigureKind.KEPT, self.tr("Kept"), report.kept),
            (FigureKind.MISSED, self.tr("Missed"), report.missed),
            (FigureKind.OPEN_PROMISES, self.tr("Still open"), report.open_promises),
        ):
            self._add(promises, text, f"{len(rows):,}", Figure(kind))

        honour = honour_share(report)
        honoured = self._add(
            tree,
            self.tr("Items that came up"),
            self.tr("{share}% honoured").format(share=honour) if honour is not None else "–",
            Figure(FigureKind.HONOUR),
        )
        for kind, text, rows in (
            (FigureKind.HONOURED, self.tr("Honoured"), report.honoured),
            (FigureKind.NOT_HONOURED, self.tr("Missed"), report.not_honoured),
        ):
            self._add(honoured, text, f"{len(rows):,}", Figure(kind))

        record = notices_of(report)
        notices = self._add(
            tree,
            self.tr("Notices given on time"),
            notices_text(report),
            Figure(FigureKind.NOTICES),
            notices_tooltip(),
        )
        for kind, text, rows in (
            (FigureKind.NOTICES_ON_TIME, self.tr("In time"), record.on_time),
            (FigureKind.NOTICES_LATE, self.tr("Late or never"), record.late),
        ):
            self._add(notices, text, f"{len(rows):,}", Figure(kind), notices_tooltip())

        cal = report.calibration
        calibration = self._add(
            tree,
            self.tr("Your predictions"),
            self.tr("gap {gap}").format(gap=signed(cal.gap)) if cal is not None else "–",
            Figure(FigureKind.CALIBRATION),
            calibration_words(report),
        )
        if cal is not None:
            self._add(
                calibration,
                self.tr("You expected"),
                score_text(cal.expected),
                Figure(FigureKind.CALIBRATION, "expected"),
            )
            self._add(
                calibration,
                self.tr("Clients reported"),
                score_text(cal.reported),
                Figure(FigureKind.CALIBRATION, "reported"),
            )

        falling = self._add(
            tree,
            self.tr("Clients with falling scores"),
            f"{len(report.falling):,}",
            Figure(FigureKind.FALLING),
        )
        for client in report.falling:
            self._add(
                falling,
                client.name,
                f"{score_text(client.before)} → {score_text(client.recent)}",
                Figure(FigureKind.FALLING_CLIENT, str(client.client_id)),
            )

    def figure_item(self, figure: Figure) -> QTreeWidgetItem | None:
        """The tree row of ``figure`` (None when the report has no such figure)."""
        iterator = [self.topLevelItem(n) for n in range(self.topLevelItemCount())]
        while iterator:
            item = iterator.pop(0)
            if item.data(0, FIGURE_ROLE) == figure:
                return item
            iterator.extend(item.child(n) for n in range(item.childCount()))
        return None

    def select_figure(self, figure: Figure) -> None:
        """Make ``figure`` the current row (nothing when the report has no such figure)."""
        item = self.figure_item(figure)
        if item is not None:
            self.setCurrentItem(item)
