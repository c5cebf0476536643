"""Voice activity: where the speaker talks and where they pause (``webrtcvad``, 30 ms frames).

The same spans serve twice: the talk time and pauses shown to the user, and
the places where the recogniser's utterances are cut (it decodes speech only,
so silence costs nothing and a failed utterance loses one phrase, not the talk).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashdeck.analysis.audio import RATE

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["FRAME_S", "MIN_PAUSE_S", "VoiceActivity", "detect_voice"]

FRAME_S = 0.03
FRAME = int(RATE * FRAME_S)
AGGRESSIVENESS = 2  # 0–3; 2 keeps soft word endings as speech and still rejects room noise
MIN_PAUSE_S = 0.5  # shorter gaps are the breath between phrases, not a pause a listener notices
SPLIT_GAP_S = 0.3  # the recogniser's utterances are cut at gaps this long
MIN_SPEECH_S = 0.09  # speech shorter than this (a click, a cough) does not end a pause


@dataclass(frozen=True)
class VoiceActivity:
    """Speech spans ``(start_s, end_s)`` in order, and the derived talk time and pauses."""

    spans: tuple[tuple[float, float], ...]
    duration_s: float

    @property
    def speech_s(self) -> float:
        return sum(end - start for start, end in self.spans)

    def gaps(self, min_s: float) -> list[tuple[float, float]]:
        """Silences of at least ``min_s`` between the first and the last word (not before or after)."""
        return [(a[1], b[0]) for a, b in zip(self.spans, self.spans[1:], strict=False) if b[0] - a[1] >= min_s]

    def pauses(self) -> list[tuple[float, float]]:
        return self.gaps(MIN_PAUSE_S)

    def utterances(self, pad_s: float = 0.15) -> list[tuple[float, float]]:
        """Stretches to decode one at a time: speech merged across gaps shorter than ``SPLIT_GAP_S``, padded."""
        merged: list[list[float]] = []
        for start, end in self.spans:
            if merged and start - merged[-1][1] < SPLIT_GAP_S:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        return [(max(0.0, s - pad_s), min(self.duration_s, e + pad_s)) for s, e in merged]


def detect_voice(samples: npt.NDArray[np.int16]) -> VoiceActivity:
    """Speech spans of 16 kHz mono int16 audio."""
    import webrtcvad

    vad = webrtcvad.Vad(AGGRESSIVENESS)
    count = len(samples) // FRAME
    raw = samples[: count * FRAME].tobytes()
    step = FRAME * 2
    flags = [vad.is_speech(raw[i * step:(i + 1) * step], RATE) for i in range(count)]
    spans: list[tuple[float, float]] = []
    start = None
    for i, speech in enumerate([*flags, False]):
        if speech and start is None:
            start = i
        elif not speech and start is not None:
            if (i - start) * FRAME_S >= MIN_SPEECH_S:
                spans.append((start * FRAME_S, i * FRAME_S))
            start = None
    return VoiceActivity(tuple(spans), len(samples) / RATE)
