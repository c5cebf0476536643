"""A card's attempts over time: duration against the target window, with pace and coverage.

Qt Charts, themed like the Stats screen. The x axis counts attempts (1, 2, 3 …),
not dates: several attempts in one evening would otherwise sit on top of each
other. Duration (minutes) is on the left axis over a shaded band for the
target window; pace (words a minute) and coverage (%) share the right axis.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from flashdeck.collection.rehearsing import Attempt
from flashdeck.ui.stats.charts import palette

__all__ = ["AttemptChart"]

_PACE = "#c27c0e"
_COVERAGE = "#8a5cc7"
_WINDOW = "#3f9d62"


def _themed(axis: QValueAxis, text: str, muted: str, grid: str) -> QValueAxis:
    axis.setTitleText(text)
    axis.setTitleBrush(QColor(muted))
    axis.setLabelsColor(QColor(muted))
    axis.setGridLineColor(QColor(grid))
    axis.setLinePenColor(QColor(grid))
    return axis


class AttemptChart(QChartView):
    """``set_attempts`` redraws; ``series_points`` exposes what is drawn (for tests)."""

    def __init__(self, parent: QChartView | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attemptChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.series_points: dict[str, list[tuple[float, float]]] = {}
        self.set_attempts([])

    def set_attempts(self, attempts: Sequence[Attempt]) -> None:
        colours = palette()
        chart = QChart()
        chart.setBackgroundBrush(QColor(colours.background))
        chart.setBackgroundRoundness(10)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setLabelColor(QColor(colours.text))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        count = len(attempts)
        x_axis = _themed(QValueAxis(), "attempt", colours.muted, colours.grid)
        x_axis.setRange(0.5, max(1, count) + 0.5)
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(1)
        x_axis.setTickInterval(max(1, count // 8))
        x_axis.setLabelFormat("%d")
        x_axis.setGridLineVisible(False)
        minutes = _themed(QValueAxis(), "minutes", colours.muted, colours.grid)
        right = _themed(QValueAxis(), "wpm · %", colours.muted, colours.grid)
        right.setGridLineVisible(False)
        right.setLabelFormat("%d")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(minutes, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(right, Qt.AlignmentFlag.AlignRight)

        points: dict[str, list[tuple[float, float]]] = {"duration": [], "window_low": [], "window_high": [],
                                                        "pace": [], "coverage": []}
        for number, item in enumerate(attempts, 1):
            points["duration"].append((number, item.duration_s / 60))
            if item.target is not None:
                points["window_low"].append((number, item.target[0] / 60))
                points["window_high"].append((number, item.target[1] / 60))
            if item.wpm is not None:
                points["pace"].append((number, item.wpm))
            if item.coverage is not None:
                points["coverage"].append((number, item.coverage * 100))
        self.series_points = points

        if points["window_low"]:
            # A band from the first to the last attempt with a window; a lone attempt gets a visible width.
            # The band's edges are not added to the chart; parented to it, they live exactly as long as it does.
            low, high = QLineSeries(chart), QLineSeries(chart)
            xs = [x for x, _ in points["window_low"]]
            pad = 0.4 if len(xs) == 1 else 0.0
            for (x, lo), (_, hi) in zip(points["window_low"], points["window_high"], strict=True):
                for dx in ((-pad, pad) if pad else (0.0,)):
                    low.append(QPointF(x + dx, lo))
                    high.append(QPointF(x + dx, hi))
            band = QAreaSeries(high, low)
            band.setName("target window")
            fill = QColor(_WINDOW)
            fill.setAlphaF(0.18)
            band.setBrush(fill)
            band.setPen(QPen(Qt.PenStyle.NoPen))
            chart.addSeries(band)
            band.attachAxis(x_axis)
            band.attachAxis(minutes)
        self._line(chart, "duration", points["duration"], colours.accent, x_axis, minutes, width=2.5)
        self._line(chart, "pace (wpm)", points["pace"], _PACE, x_axis, right, dashed=True)
        self._line(chart, "coverage %", points["coverage"], _COVERAGE, x_axis, right, dashed=True)

        top = max([y for _, y in points["duration"] + points["window_high"]] + [1.0])
        minutes.setRange(0, top * 1.15)
        minutes.applyNiceNumbers()
        right.setRange(0, max([y for _, y in points["pace"] + points["coverage"]] + [100.0]) * 1.1)
        right.applyNiceNumbers()
        if count == 0:
            chart.setTitle("No attempts yet: Space starts one")
            chart.setTitleBrush(QColor(colours.muted))
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        self.setBackgroundBrush(QColor(colours.background))

    @staticmethod
    def _line(chart: QChart, name: str, values: list[tuple[float, float]], colour: str, x_axis: QValueAxis,
              y_axis: QValueAxis, *, width: float = 1.5, dashed: bool = False) -> None:
        if not values:
            return
        line = QLineSeries()
        line.setName(name)
        pen = QPen(QColor(colour))
        pen.setWidthF(width)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        line.setPen(pen)
        dots = QScatterSeries()
        dots.setColor(QColor(colour))
        dots.setBorderColor(QColor(colour))
        dots.setMarkerSize(7 if not dashed else 5)
        for x, y in values:
            line.append(QPointF(x, y))
            dots.append(QPointF(x, y))
        for series in (line, dots):
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        for marker in chart.legend().markers(dots):
            marker.setVisible(False)  # one legend entry per measure, not two
