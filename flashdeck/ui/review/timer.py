"""The compact speaking timer shown on spoken cards during review.

The arithmetic (which zone an elapsed time falls in, how far along the bar is,
how a time reads) is pure and lives in ``flashdeck.core.rehearsal`` (re-exported
here), so it is tested without Qt or real time. The widget only asks an
injected ``monotonic`` clock for "now" and ticks four times a second while it
is visible and running.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from flashdeck.core.rehearsal import (  # re-exported: the zone arithmetic lives in core
    BAR_OVERRUN,
    Window,
    Zone,
    bar_fraction,
    bar_span,
    format_clock,
    format_window,
    zone_for,
)
from flashdeck.ui.widgets import repolish

__all__ = [
    "BAR_OVERRUN",
    "SpeakBar",
    "SpeakTimer",
    "Window",
    "Zone",
    "bar_fraction",
    "bar_span",
    "format_clock",
    "format_window",
    "zone_for",
]

TICK_MS = 250  # four ticks a second: the seconds display never lags by more than a quarter


class SpeakBar(QProgressBar):
    """A thin bar filled by elapsed time, with two marks where the target window starts and ends.

    The fill colour follows the dynamic property ``zone`` in the style sheet
    (``QProgressBar[zone="in"]::chunk``); the marks use the palette's text colour, faintly.
    """

    STEPS = 1000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakBar")
        self.setRange(0, self.STEPS)
        self.setTextVisible(False)
        self.setFixedHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._window: Window = (0, 1)
        self._elapsed = 0.0

    def set_state(self, elapsed_s: float, window: Window) -> None:
        self._elapsed, self._window = elapsed_s, window
        self.setValue(round(bar_fraction(elapsed_s, window) * self.STEPS))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        mark = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        mark.setAlphaF(0.45)
        span = bar_span(self._window)
        for seconds in self._window:
            x = round(self.width() * seconds / span)
            painter.fillRect(QRectF(x - 1, 0, 2, self.height()), mark)
        painter.end()


class SpeakTimer(QWidget):
    """Elapsed m:ss, the target window, and a zoned bar; runs from card shown to answer revealed.

    The widget, its elapsed label and its bar carry a dynamic property ``zone``
    ("before" | "in" | "over") for the style sheet.
    """

    def __init__(self, parent: QWidget | None = None, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("speakTimer")
        self._monotonic = monotonic
        self._window: Window = (0, 1)
        self._started: float | None = None
        self._stopped_at: float | None = None

        self.elapsed_label = QLabel("0:00", self)
        self.elapsed_label.setObjectName("speakElapsed")
        font = self.elapsed_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        font.setStyleHint(font.StyleHint.Monospace)
        self.elapsed_label.setFont(font)
        self.window_label = QLabel("", self)
        self.window_label.setObjectName("speakWindow")
        self.bar = SpeakBar(self)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self.elapsed_label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.window_label)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._zone: Zone = "before"
        for widget in (self, self.elapsed_label, self.bar):
            widget.setProperty("zone", self._zone)

    # -- state -----------------------------------------------------------------------------

    @property
    def target(self) -> Window:
        """The target window in seconds (not ``window()``: that is QWidget's top-level window)."""
        return self._window

    @property
    def running(self) -> bool:
        return self._started is not None and self._stopped_at is None

    @property
    def zone(self) -> Zone:
        return self._zone

    def elapsed(self) -> float:
        """Seconds since ``start``, frozen at ``stop``."""
        if self._started is None:
            return 0.0
        end = self._stopped_at if self._stopped_at is not None else self._monotonic()
        return max(0.0, end - self._started)

    def start(self, window: Window) -> None:
        """Start counting from now against ``window`` (seconds)."""
        self._window = window
        self.window_label.setText(f"target {format_window(window)}")
        self.window_label.setToolTip("The target window for a spoken answer")
        self._started, self._stopped_at = self._monotonic(), None
        self.tick()
        self._sync_ticker()

    def stop(self) -> None:
        """Freeze the time shown (the answer is revealed: speaking is over)."""
        if self.running:
            self._stopped_at = self._monotonic()
            self.tick()
        self._ticker.stop()

    def tick(self) -> None:
        """Redraw from the clock; the QTimer calls this while running and visible."""
        elapsed = self.elapsed()
        self.elapsed_label.setText(format_clock(elapsed))
        self.bar.set_state(elapsed, self._window)
        zone = zone_for(elapsed, self._window)
        if zone != self._zone:
            self._zone = zone
            for widget in (self, self.elapsed_label, self.bar):
                widget.setProperty("zone", zone)
                repolish(widget)

    # -- ticking only while seen -------------------------------------------------------------

    def _sync_ticker(self) -> None:
        if self.running and self.isVisible():
            if not self._ticker.isActive():
                self._ticker.start()
        else:
            self._ticker.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()  # catch up at once after being hidden
        self._sync_ticker()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._ticker.stop()

    @property
    def ticking(self) -> bool:
        """Whether the QTimer is live (it should be only while running and visible)."""
        return self._ticker.isActive()
