"""The Rehearse screen's large timer: elapsed time against the card's target window, and the beat being spoken.

The counting and the laps are ``flashdeck.core.rehearsal.RehearsalTimer`` (pure,
tested on an injected clock); this widget draws it: a big m:ss coloured by zone
(before the window, in it, past it), the zoned bar with the window's marks, and
"Now: Action · Tab → Result". It ticks ten times a second, only while running
and visible.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from flashdeck.core.rehearsal import Lap, RehearsalTimer, TimerState, Window, Zone, format_clock, format_window
from flashdeck.ui.review.timer import SpeakBar
from flashdeck.ui.widgets import named, repolish

__all__ = ["BigTimer"]

TICK_MS = 100


class BigTimer(QWidget):
    """A stopwatch for one spoken attempt. ``toggle`` is Space, ``lap`` is Tab.

    ``started`` fires when an attempt begins; ``stopped(duration_s, laps)`` when it ends.
    """

    started = Signal()
    stopped = Signal(float, list)

    def __init__(self, parent: QWidget | None = None, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("bigTimer")
        self._monotonic = monotonic
        self.timer = RehearsalTimer(monotonic=monotonic)
        self._zone: Zone | None = None
        self._hints = True

        # Sizes and fonts come from the style sheet (QLabel#bigClock): its QWidget rule would override setFont.
        self.clock = named(QLabel("0:00", self), "bigClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.window_label = named(QLabel("", self), "bigWindow")
        self.window_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zone_label = named(QLabel("", self), "bigZone")
        self.zone_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = SpeakBar(self)
        self.bar.setFixedHeight(12)
        self.beat_label = named(QLabel("", self), "beatLine")
        self.beat_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.clock)
        row = QHBoxLayout()
        row.addWidget(self.window_label)
        row.addStretch(1)
        row.addWidget(self.zone_label)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        layout.addWidget(self.beat_label)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self.set_card(None, ())

    # -- set-up ----------------------------------------------------------------------------------

    def set_card(self, window: Window | None, beats: Sequence[str]) -> None:
        """Time attempts at a card with this target window (``None``: none) and these beats."""
        self.timer = RehearsalTimer(window, beats, monotonic=self._monotonic)
        self._hints = True
        self._ticker.stop()
        if window is None:
            self.window_label.setText("no target window")
            self.bar.hide()
        else:
            self.window_label.setText(f"target {format_window(window)}")
            self.bar.show()
        self.tick()

    @property
    def state(self) -> TimerState:
        return self.timer.state

    @property
    def zone(self) -> Zone | None:
        return self._zone

    # -- Space and Tab ---------------------------------------------------------------------------

    def toggle(self) -> TimerState:
        """Start a new attempt, or end the one running."""
        if self.timer.running:
            self.timer.stop()
            self.tick()
            self._ticker.stop()
            self.stopped.emit(self.timer.elapsed(), self.timer.laps())
        else:
            self.timer.start()
            self.tick()
            self._sync_ticker()
            self.started.emit()
        return self.timer.state

    def lap(self) -> Lap | None:
        """Move on to the next beat (nothing when idle or on the last beat)."""
        closed = self.timer.lap()
        if closed is not None:
            self.tick()
        return closed

    def follow(self, timer: RehearsalTimer, *, hints: bool = False) -> None:
        """Show a timer another screen drives (the mock interview's session); ``hints``: the Space/Tab line."""
        self.timer = timer
        self._hints = hints
        self.tick()
        self._sync_ticker()

    def reset(self) -> None:
        self.timer.reset()
        self._ticker.stop()
        self.tick()

    # -- drawing ---------------------------------------------------------------------------------

    def tick(self) -> None:
        elapsed = self.timer.elapsed()
        self.clock.setText(format_clock(elapsed))
        window = self.timer.window
        zone = self.timer.zone() if self.timer.state != "idle" else None
        if window is not None:
            self.bar.set_state(elapsed, window)
        self.zone_label.setText(self._zone_text(elapsed, window, zone))
        self.beat_label.setText(self._beat_text())
        if zone != self._zone:
            self._zone = zone
            for widget in (self.clock, self.bar, self.zone_label):
                widget.setProperty("zone", zone or "")
                repolish(widget)

    @staticmethod
    def _zone_text(elapsed: float, window: Window | None, zone: Zone | None) -> str:
        if window is None or zone is None:
            return ""
        if zone == "before":
            return f"{format_clock(window[0] - elapsed)} to the window"
        if zone == "in":
            return f"in the window · {format_clock(window[1] - elapsed)} left"
        return f"past the window by {format_clock(elapsed - window[1])}"

    def _beat_text(self) -> str:
        timer = self.timer
        if not self._hints and timer.state != "running":
            return ""
        if timer.state == "idle":
            first = timer.beat_name(0) if timer.beats else None
            return "Space to start" + (f" · first beat: {first}" if first else "")
        if timer.state == "stopped":
            return "Space to start another attempt"
        following = timer.next_beat
        now = f"Now: {timer.current_beat}"
        return now + (f"  ·  Tab → {following}" if following else "  ·  last beat")

    # -- ticking only while seen -----------------------------------------------------------------

    def _sync_ticker(self) -> None:
        if self.timer.running and self.isVisible():
            self._ticker.start()
        else:
            self._ticker.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()
        self._sync_ticker()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._ticker.stop()

    @property
    def ticking(self) -> bool:
        return self._ticker.isActive()
