"""The pieces the Stats screen draws with: a review heatmap and Qt Charts bar/line charts.

Charts are plain Qt Charts (PySide6-Addons), themed to match the app's light or
dark stylesheet; the heatmap is a small painted widget (Qt Charts has no
calendar view), one cell per day, weeks as columns, as GitHub and Anki draw it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

__all__ = ["BarChart", "HeatmapWidget", "Palette", "StatesBar", "palette", "value_ticks"]


@dataclass(frozen=True)
class Palette:
    """Colours for one theme (the stylesheets' own colours)."""

    background: str
    text: str
    muted: str
    grid: str
    accent: str
    empty_cell: str
    scale: tuple[str, ...]  # heatmap, from few reviews to many
    states: tuple[str, ...]  # new, learning, review, suspended


_LIGHT = Palette("#ffffff", "#1f2328", "#6b7280", "#ebe9e3", "#3b6fd8", "#ebe9e3",
                 ("#c6d7f7", "#8fb0ef", "#5a89e4", "#2f5fc4"), ("#3b78d8", "#d0574f", "#3f9d62", "#b0a999"))
_DARK = Palette("#202327", "#e6e6e3", "#9aa0a6", "#2f3338", "#6b9cff", "#2a2e33",
                ("#243a63", "#31549a", "#4a76d0", "#7fa6ff"), ("#6b9cff", "#ef7d75", "#6cc48f", "#6f6a60"))


def palette() -> Palette:
    """The palette of the theme the app is showing (``apply_theme`` records it on the app)."""
    app = QApplication.instance()
    theme = app.property("flashdeckTheme") if app is not None else None
    return _DARK if theme == "dark" else _LIGHT


class HeatmapWidget(QWidget):
    """Reviews per day from ``start`` to ``end``: 7 rows (Mon–Sun) × one column per week."""

    CELL = 12
    GAP = 3
    LEFT = 30
    TOP = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatmap")
        self.setMouseTracking(True)
        # Wider cells are also taller: the layout asks heightForWidth for the height.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.start = self.end = date.today()
        self.counts: dict[date, int] = {}
        self.maximum = 0

    def set_data(self, start: date, end: date, counts: dict[date, int]) -> None:
        self.start, self.end, self.counts = start, end, dict(counts)
        self.maximum = max(counts.values(), default=0)
        self.updateGeometry()
        self.update()

    def _first_monday(self) -> date:
        return self.start - timedelta(days=self.start.weekday())

    def weeks(self) -> int:
        return (self.end - self._first_monday()).days // 7 + 1

    def sizeHint(self) -> QSize:
        step = self.CELL + self.GAP
        return QSize(self.LEFT + self.weeks() * step + 4, self.TOP + 7 * step + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        step = max(4.0, min(20.0, (width - self.LEFT - 4) / max(1, self.weeks())))
        return int(self.TOP + 7 * step) + 4

    def _step(self) -> float:
        # Shrink the cells to fit a narrow window rather than cutting off the year.
        room = (self.width() - self.LEFT - 4) / max(1, self.weeks())
        return max(4.0, min(20.0, room))

    def cell_rect(self, day: date) -> QRectF:
        step = self._step()
        offset = (day - self._first_monday()).days
        size = max(2.0, step - self.GAP * step / (self.CELL + self.GAP))
        return QRectF(self.LEFT + (offset // 7) * step, self.TOP + (offset % 7) * step, size, size)

    def level(self, count: int) -> int:
        """0 for no reviews, else 1–4 in quarters of the busiest day."""
        if count <= 0 or self.maximum <= 0:
            return 0
        return min(4, 1 + (4 * (count - 1)) // self.maximum)

    def day_at(self, point: QPoint) -> date | None:
        day = self.start
        while day <= self.end:
            if self.cell_rect(day).contains(point.toPointF()):
                return day
            day += timedelta(days=1)
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(QColor(colours.muted))
        step = self._step()
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(QRectF(0, self.TOP + row * step - 2, self.LEFT - 4, step + 4),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        day = self.start
        last_month = None
        while day <= self.end:
            rect = self.cell_rect(day)
            if day.month != last_month and day.day <= 7:
                painter.setPen(QColor(colours.muted))
                painter.drawText(QRectF(rect.left(), 0, 40, self.TOP - 4), Qt.AlignmentFlag.AlignLeft,
                                 day.strftime("%b"))
                last_month = day.month
            level = self.level(self.counts.get(day, 0))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colours.empty_cell if level == 0 else colours.scale[level - 1]))
            painter.drawRoundedRect(rect, 2, 2)
            day += timedelta(days=1)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is None:
            QToolTip.hideText()
            return
        count = self.counts.get(day, 0)
        text = f"{day.strftime('%a %-d %b %Y')}: {count} review{'s' if count != 1 else ''}"
        QToolTip.showText(event.globalPosition().toPoint(), text, self)


class BarChart(QChartView):
    """One value per day as bars (or as a line), on an axis of days counted from today.

    The x axis is numeric ("days from today" / "days ago") rather than dated
    categories: Qt Charts elides category labels that are wider than a bar,
    and a month of dates never fits. It re-themes itself on every update.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setMaximumHeight(280)
        self.title = title
        self.values: list[float | None] = []
        self.x_labels: list[tuple[float, str]] = []  # (position, text) under the bars, left to right
        self.y_labels: list[str] = []  # the value axis's labels, bottom up
        self.setChart(QChart())

    def set_data(self, values: Sequence[float | None], *, x_title: str, days_ago: bool = False,
                 line: bool = False, unit: str = "%d", whole: bool = True) -> None:
        """``values[i]`` for day ``i``: from today on, or with ``days_ago`` the days ending today (oldest first).

        Either way the values are drawn in the order given, left to right: today is the
        first bar of a forecast and the last (rightmost, labelled "today") of a history.
        ``None`` is no data. The value axis's ticks are whole numbers for ``whole`` counts (``unit``
        formats them), else quarters or halves too when the values are small.
        """
        self.values = list(values)
        colours = palette()
        chart = QChart()
        chart.setTitle(self.title)
        chart.setTitleBrush(QColor(colours.text))
        chart.legend().setVisible(False)
        chart.setBackgroundBrush(QColor(colours.background))
        chart.setBackgroundRoundness(10)
        chart.setMargins(QMargins(4, 4, 4, 4))
        count = len(self.values)
        x_axis = self._day_axis(count, days_ago)
        x_axis.setTitleText(x_title)
        x_axis.setTitleBrush(QColor(colours.muted))
        y_axis = QValueAxis()
        top, step = value_ticks(max([v for v in self.values if v is not None] + [0.0]), whole=whole)
        y_axis.setRange(0, top)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(0)
        y_axis.setTickInterval(step)
        y_axis.setLabelFormat(unit if step >= 1 else "%.1f")
        self.y_labels = [y_axis.labelFormat() % (step * i) for i in range(round(top / step) + 1)]
        for axis in (x_axis, y_axis):
            axis.setLabelsColor(QColor(colours.muted))
            axis.setGridLineColor(QColor(colours.grid))
            axis.setLinePenColor(QColor(colours.grid))
        x_axis.setGridLineVisible(False)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        if line:
            series = QLineSeries()
            series.setColor(QColor(colours.accent))
            for index, value in enumerate(self.values):
                if value is not None:
                    series.append(index, value)
            series.setPointsVisible(True)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        else:
            bars = QBarSet("")
            bars.append([float(v or 0) for v in self.values])
            bars.setColor(QColor(colours.accent))
            bars.setBorderColor(QColor(colours.accent))
            bar_series = QBarSeries()
            bar_series.append(bars)
            bar_series.setBarWidth(0.8)
            chart.addSeries(bar_series)
            # Bars need a category axis; it stays hidden under the day axis that is shown.
            categories = QBarCategoryAxis()
            categories.append([str(i) for i in range(count)])
            categories.setVisible(False)
            chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
            bar_series.attachAxis(categories)
            bar_series.attachAxis(y_axis)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        self.setBackgroundBrush(QColor(colours.background))

    def _day_axis(self, count: int, days_ago: bool) -> QValueAxis | QCategoryAxis:
        """Days from today (0, 7, 14 …) under a forecast; "28 … 7, today" under a history, today at the right.

        Numbers rather than dates: a month of dates never fits under the bars.
        """
        if not days_ago:
            axis = QValueAxis()
            axis.setRange(-0.5, count - 0.5)
            axis.setTickType(QValueAxis.TickType.TicksDynamic)
            axis.setTickAnchor(0)
            axis.setTickInterval(7 if count <= 45 else 14)
            axis.setLabelFormat("%d")
            self.x_labels = [(float(i), str(i)) for i in range(0, count, 7 if count <= 45 else 14)]
            return axis
        labels = QCategoryAxis()
        labels.setRange(-0.5, count - 0.5)
        labels.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.x_labels = [(float(count - 1 - back), "today" if back == 0 else str(back))
                         for back in sorted(range(0, count, 7), reverse=True)]
        for position, text in self.x_labels:
            labels.append(text, position)
        return labels


def value_ticks(top: float, most: int = 5, *, whole: bool = False) -> tuple[float, float]:
    """(axis maximum, tick step) for values up to ``top``: whole-number steps of 1, 2, 5, 10, 20 … (a
    step of 0.5 or less only below 2), at most ``most`` of them, so no two ticks read alike ("0, 0, 1, 1")."""
    if top <= 0:
        return 1.0, 1.0
    if top < 2 and not whole:
        step = 0.25 if top <= 1 else 0.5
        return math.ceil(top / step) * step, step
    magnitude = 10 ** math.floor(math.log10(top / most)) if top > most else 1
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if math.ceil(top / step) <= most:
            return float(math.ceil(top / step) * step), float(step)
    return float(math.ceil(top / (10 * magnitude)) * 10 * magnitude), float(10 * magnitude)


class StatesBar(QWidget):
    """Card states as one proportional bar with a legend (new, learning, review, suspended)."""

    NAMES = ("New", "Learning", "Review", "Suspended")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statesBar")
        self.counts: tuple[int, ...] = (0, 0, 0, 0)
        self.setMinimumHeight(64)

    def set_counts(self, new: int, learning: int, review: int, suspended: int) -> None:
        self.counts = (new, learning, review, suspended)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, 64)

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = sum(self.counts)
        width = self.width() - 2
        x = 1.0
        painter.setPen(Qt.PenStyle.NoPen)
        if total == 0:
            painter.setBrush(QColor(colours.empty_cell))
            painter.drawRoundedRect(QRectF(1, 4, width, 18), 5, 5)
        for count, colour in zip(self.counts, colours.states, strict=True):
            if count:
                part = width * count / total
                painter.setBrush(QColor(colour))
                painter.drawRect(QRectF(x, 4, part, 18))
                x += part
        legend_x = 1.0
        for name, count, colour in zip(self.NAMES, self.counts, colours.states, strict=True):
            painter.setBrush(QColor(colour))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(QRectF(legend_x, 36, 10, 10), 2, 2)
            painter.setPen(QColor(colours.text))
            text = f"{name} {count}"
            painter.drawText(QRectF(legend_x + 14, 30, 200, 22), Qt.AlignmentFlag.AlignVCenter, text)
            legend_x += 14 + painter.fontMetrics().horizontalAdvance(text) + 18
        painter.end()
