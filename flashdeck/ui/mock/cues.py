"""Soft sounds at a window's start and end: two short sine tones, made once, played with ``QSoundEffect``."""

from __future__ import annotations

import math
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QSoundEffect

__all__ = ["CuePlayer", "scratch_dir", "tone"]

RATE = 22050
VOLUME = 0.25  # soft: heard over one's own voice, not startling


_scratch: Path | None = None


def scratch_dir() -> Path:
    """One private folder per process for the cue tones and the spoken questions, removed at exit.

    Not a ``TemporaryDirectory`` per widget: its clean-up at garbage collection warns, and widgets come and go.
    """
    global _scratch
    if _scratch is None:
        import atexit
        import shutil

        _scratch = Path(tempfile.mkdtemp(prefix="flashdeck-mock-"))
        atexit.register(shutil.rmtree, _scratch, True)
    return _scratch


def tone(path: Path, frequency: float, seconds: float = 0.18) -> Path:
    """A sine tone faded in and out (no click), as 16-bit mono WAV."""
    count = int(RATE * seconds)
    fade = int(RATE * 0.03)
    frames = bytearray()
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade)
        frames += struct.pack("<h", int(12000 * envelope * math.sin(2 * math.pi * frequency * i / RATE)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return path


class CuePlayer(QObject):
    """``play("window_start")``: a rising tone; ``"window_end"`` and ``"time_up"``: a lower one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        folder = scratch_dir()
        self.played: list[str] = []
        self._effects: dict[str, QSoundEffect] = {}
        for name, frequency in (("window_start", 880.0), ("window_end", 587.0), ("time_up", 440.0)):
            effect = QSoundEffect(self)
            path = folder / f"{name}.wav"
            if not path.is_file():
                tone(path, frequency)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(VOLUME)
            self._effects[name] = effect

    def play(self, cue: str) -> None:
        effect = self._effects.get(cue)
        if effect is not None:
            self.played.append(cue)
            effect.play()
