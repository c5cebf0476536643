"""A microphone level meter: a thin horizontal bar with a peak mark that holds, then falls back.

The level is drawn on a decibel scale (-60 dB to 0 dB), as audio meters are: on
a linear scale normal speech would hardly move the bar. The colours come from
the theme's style sheet (``QWidget#levelMeter { qproperty-barColor: … }``), and
from the palette when there is none.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Property, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["LevelMeter", "meter_fraction"]

FLOOR_DB = -60.0
HOT_FRACTION = 1 - 3.0 / -FLOOR_DB  # from -3 dB the bar turns to the warning colour
TICK_MS = 40
HOLD_TICKS = 20  # the peak mark stays ~0.8 s
FALL_PER_TICK = 0.02  # then falls a fiftieth of the bar per tick (the whole bar in ~2 s)


def meter_fraction(level: float) -> float:
    """A linear peak level 0..1 as the part of the bar it fills (0 at -60 dB or below, 1 at full scale)."""
    if not level > 0:  # also catches NaN
        return 0.0
    db = 20 * math.log10(min(1.0, level))
    return max(0.0, min(1.0, 1 - db / FLOOR_DB))


class LevelMeter(QWidget):
    """Shows the level given to ``set_level`` (0..1, linear), with a decaying peak hold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelMeter")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Microphone level")
        palette = self.palette()
        self._groove = QColor(palette.color(QPalette.ColorRole.Mid))
        self._bar = QColor(palette.color(QPalette.ColorRole.Highlight))
        self._hot = QColor("#d0574f")
        self._peak_colour = QColor(palette.color(QPalette.ColorRole.WindowText))
        self._fraction = 0.0
        self._peak = 0.0
        self._hold = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._fall)

    def set_level(self, level: float) -> None:
        """The current peak level, 0..1 (linear amplitude)."""
        self._fraction = meter_fraction(level)
        if self._fraction >= self._peak:
            self._peak, self._hold = self._fraction, HOLD_TICKS
        if self._peak > self._fraction and not self._timer.isActive():
            self._timer.start()
        self.update()

    def level_fraction(self) -> float:
        """How much of the bar is filled (0..1)."""
        return self._fraction

    def peak_fraction(self) -> float:
        """Where the peak mark is (0..1)."""
        return self._peak

    def _fall(self) -> None:
        if self._hold > 0:
            self._hold -= 1
        else:
            self._peak = max(self._fraction, self._peak - FALL_PER_TICK)
        if self._peak <= self._fraction:
            self._timer.stop()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(160, 10)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        height = min(float(self.height()), 10.0)
        top = (self.height() - height) / 2
        width = float(self.width())
        radius = height / 2
        painter.setBrush(self._groove)
        painter.drawRoundedRect(QRectF(0, top, width, height), radius, radius)
        if self._fraction > 0:
            filled = max(height, width * self._fraction)
            painter.setBrush(self._bar)
            painter.drawRoundedRect(QRectF(0, top, filled, height), radius, radius)
            hot_start = width * HOT_FRACTION
            if filled > hot_start:
                painter.setClipRect(QRectF(hot_start, top, filled - hot_start, height))
                painter.setBrush(self._hot)
                painter.drawRoundedRect(QRectF(0, top, filled, height), radius, radius)
                painter.setClipping(False)
        if self._peak > 0:
            x = min(width - 2, max(0.0, width * self._peak - 2))
            painter.setBrush(self._hot if self._peak >= HOT_FRACTION else self._peak_colour)
            painter.drawRect(QRectF(x, top, 2, height))
        painter.end()

    # -- colours the style sheets set ----------------------------------------------------------

    def _get_groove(self) -> QColor:
        return self._groove

    def _set_groove(self, colour: QColor) -> None:
        self._groove = QColor(colour)
        self.update()

    def _get_bar(self) -> QColor:
        return self._bar

    def _set_bar(self, colour: QColor) -> None:
        self._bar = QColor(colour)
        self.update()

    def _get_hot(self) -> QColor:
        return self._hot

    def _set_hot(self, colour: QColor) -> None:
        self._hot = QColor(colour)
        self.update()

    def _get_peak(self) -> QColor:
        return self._peak_colour

    def _set_peak(self, colour: QColor) -> None:
        self._peak_colour = QColor(colour)
        self.update()

    grooveColor = Property(QColor, _get_groove, _set_groove)
    barColor = Property(QColor, _get_bar, _set_bar)
    hotColor = Property(QColor, _get_hot, _set_hot)
    peakColor = Property(QColor, _get_peak, _set_peak)
