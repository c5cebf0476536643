"""Playing back a recording: a play/pause button, a seek slider and "0:12 / 2:31".

``QMediaPlayer`` + ``QAudioOutput`` (the FFmpeg backend reads WAV and FLAC and
seeks in both). Keys while the player has the focus: K plays or pauses, J and L
jump 5 seconds back and forward (the slider's own arrow keys move 1 second).
A screen may bind K itself; its shortcut then wins and this widget never sees the key.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSlider, QWidget

from flashdeck.core.rehearsal import format_clock
from flashdeck.ui.widgets import named

__all__ = ["Player"]

JUMP_MS = 5000
PLAY_GLYPH, PAUSE_GLYPH = "▶", "❚❚"


def time_text(position_ms: int, duration_ms: int) -> str:
    """``"0:12 / 2:31"``."""
    return f"{format_clock(position_ms / 1000)} / {format_clock(duration_ms / 1000)}"


class Player(QWidget):
    """Plays one file at a time; ``load(None)`` empties it and disables the controls.

    Signals:
        positionChanged(int): the playback position in ms.
        failed(str): the file cannot be played (a one-line message for the user).
    """

    positionChanged = Signal(int)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._output = QAudioOutput(self)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._output)
        self._path: Path | None = None

        self.button = named(QPushButton(PLAY_GLYPH, self), "playerToggle")
        self.button.setToolTip("Play (K)")
        self.button.setAccessibleName("Play")
        self.button.setFixedWidth(44)
        self.slider = named(QSlider(Qt.Orientation.Horizontal, self), "playerSeek")
        # Seek when the handle is let go (or moved by keys or page clicks), not on every pixel of a drag.
        self.slider.setTracking(False)
        self.slider.setSingleStep(1000)
        self.slider.setPageStep(JUMP_MS)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.time_label = named(QLabel(time_text(0, 0), self), "playerTime")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = self.time_label.font()
        font.setStyleHint(font.StyleHint.Monospace)
        font.setFamily("DejaVu Sans Mono")
        self.time_label.setFont(font)
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance("00:00 / 00:00") + 6)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)

        self.button.clicked.connect(self.toggle)
        self.slider.valueChanged.connect(self.seek)
        self.slider.sliderMoved.connect(self._dragging)
        self._player.positionChanged.connect(self._position)
        self._player.durationChanged.connect(self._duration)
        self._player.playbackStateChanged.connect(self._state)
        self._player.errorOccurred.connect(self._error)
        self._set_enabled(False)

    # -- the interface -------------------------------------------------------------------------

    def load(self, path: Path | str | os.PathLike[str] | None) -> None:
        """Show ``path`` ready to play from the start; None clears the player (and lets go of the file)."""
        self._player.stop()
        self._path = None if path is None else Path(path)
        if self._path is None:
            self._player.setSource(QUrl())
            self._set_enabled(False)
            self.time_label.setText(time_text(0, 0))
            return
        if not self._path.is_file():
            self._player.setSource(QUrl())
            self._set_enabled(False)
            self.time_label.setText("Recording missing")
            self.failed.emit(f"The recording {self._path} is missing.")
            return
        self._player.setSource(QUrl.fromLocalFile(str(self._path)))
        self._set_enabled(True)
        self.time_label.setText(time_text(0, self._player.duration()))

    def play(self) -> None:
        if self._path is not None and self.button.isEnabled():
            self._player.play()

    def pause(self) -> None:
        self._player.pause()

    def stop(self) -> None:
        self._player.stop()

    def toggle(self) -> None:
        """Play or pause (the button and K)."""
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def seek(self, ms: int) -> None:
        if self._path is None:
            return
        duration = self._player.duration()
        self._player.setPosition(max(0, min(int(ms), duration)) if duration > 0 else max(0, int(ms)))

    def duration_ms(self) -> int:
        return int(self._player.duration())

    def position_ms(self) -> int:
        return int(self._player.position())

    def is_playing(self) -> bool:
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_K:
            self.toggle()
        elif key == Qt.Key.Key_J:
            self.seek(self.position_ms() - JUMP_MS)
        elif key == Qt.Key.Key_L:
            self.seek(self.position_ms() + JUMP_MS)
        else:
            super().keyPressEvent(event)

    # -- from Qt -------------------------------------------------------------------------------

    def _set_enabled(self, enabled: bool) -> None:
        self.button.setEnabled(enabled)
        self.slider.setEnabled(enabled)
        self.time_label.setEnabled(enabled)
        if not enabled:
            self._show_position(0, 0)

    def _show_position(self, position: int, duration: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setRange(0, max(0, duration))
            self.slider.setValue(position)
            self.slider.blockSignals(False)

    @Slot(int)
    def _dragging(self, value: int) -> None:
        self.time_label.setText(time_text(value, self._player.duration()))

    @Slot("qlonglong")
    def _position(self, position: int) -> None:
        duration = int(self._player.duration())
        self._show_position(int(position), duration)
        if not self.slider.isSliderDown():
            self.time_label.setText(time_text(int(position), duration))
        self.positionChanged.emit(int(position))

    @Slot("qlonglong")
    def _duration(self, duration: int) -> None:
        self._show_position(int(self._player.position()), int(duration))
        self.time_label.setText(time_text(int(self._player.position()), int(duration)))

    @Slot(QMediaPlayer.PlaybackState)
    def _state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.button.setText(PAUSE_GLYPH if playing else PLAY_GLYPH)
        self.button.setToolTip("Pause (K)" if playing else "Play (K)")
        self.button.setAccessibleName("Pause" if playing else "Play")

    @Slot(QMediaPlayer.Error, str)
    def _error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error == QMediaPlayer.Error.NoError:
            return
        self._set_enabled(False)
        self.time_label.setText("Cannot play")
        self.failed.emit(f"Cannot play {self._path}: {message}" if message else f"Cannot play {self._path}.")
