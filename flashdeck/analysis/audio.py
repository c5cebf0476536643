"""Reading a recording (WAV or FLAC, any sample rate, any channels) as 16 kHz mono 16-bit samples.

Both the voice-activity detector and the recogniser want exactly that.
``soundfile`` reads WAV and FLAC (its wheel carries libsndfile); resampling is
a windowed-sinc low-pass followed by linear interpolation in numpy, which is
plenty for speech and keeps scipy out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashdeck.core.errors import InvalidInput

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["RATE", "AudioError", "Recording", "load_recording", "resample"]

RATE = 16000


class AudioError(InvalidInput):
    """The file is missing, not audio, or in a format we cannot read."""


@dataclass(frozen=True)
class Recording:
    """16 kHz mono int16 samples, and the duration of the file as recorded."""

    samples: npt.NDArray[np.int16]
    duration_s: float
    source_rate: int


def _lowpass(signal: npt.NDArray[np.float32], cutoff: float, taps: int = 63) -> npt.NDArray[np.float32]:
    """A Hamming-windowed sinc FIR; ``cutoff`` is a fraction of the sample rate (0–0.5)."""
    import numpy as np

    n = np.arange(taps) - (taps - 1) / 2
    kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    kernel /= kernel.sum()
    return np.convolve(signal, kernel.astype(np.float32), mode="same")


def resample(signal: npt.NDArray[np.float32], rate: int, target: int = RATE) -> npt.NDArray[np.float32]:
    """Mono float samples from ``rate`` to ``target`` Hz (anti-aliased when going down)."""
    import numpy as np

    if rate == target or len(signal) == 0:
        return signal
    if rate > target:
        # Keep below the new Nyquist frequency, with a little room for the filter's slope.
        signal = _lowpass(signal, 0.45 * target / rate)
    count = max(1, round(len(signal) * target / rate))
    positions = np.arange(count, dtype=np.float64) * (rate / target)
    return np.interp(positions, np.arange(len(signal)), signal).astype(np.float32)


def load_recording(path: str | os.PathLike[str]) -> Recording:
    """Read ``path`` and convert it for analysis. Raises ``AudioError`` with a reason people understand."""
    import numpy as np
    import soundfile

    source = os.fspath(path)
    if not os.path.isfile(source):
        raise AudioError(f"{source}: no such file")
    try:
        data, rate = soundfile.read(source, dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError) as err:
        raise AudioError(f"{source}: not a WAV or FLAC recording ({err})") from None
    mono = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    duration = len(mono) / rate if rate else 0.0
    converted = resample(np.ascontiguousarray(mono, dtype=np.float32), int(rate))
    samples = np.clip(np.round(converted * 32767.0), -32768, 32767).astype(np.int16)
    return Recording(samples, duration, int(rate))
