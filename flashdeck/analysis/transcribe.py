"""Offline transcription with pocketsphinx (its US English model ships inside the wheel).

Two things beyond a plain ``Decoder()``:

- Fillers. "um", "uh" and "er" are in the pronunciation dictionary, but the
  language model makes them so unlikely that they are never output. A filler
  dictionary (the model's ``noisedict`` plus ``++UM++``, ``++UH++``,
  ``++ER++``; ``fillers.dict`` beside this file) lets the decoder insert them
  between words at ``FILLPROB``. It also inserts very short "uh"s where a voice
  merely hesitates; those under ``MIN_FILLER_S`` are dropped (measured on flite
  speech: every true filler it found was ≥ 0.18 s, the false ones ≤ 0.09 s).
- Progress and cancellation. Audio goes in one second at a time; between
  chunks the caller hears how far we are and may stop us.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashdeck.analysis.audio import RATE

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["AnalysisCancelled", "Transcriber", "Word"]

FILLER_DICT = Path(__file__).with_name("fillers.dict")
FILLPROB = 1e-3  # 1e-2 and up put an "uh" into every other sentence of clean speech
MIN_FILLER_S = 0.1
FILLER_WORDS = {"++UM++": "um", "++UH++": "uh", "++ER++": "er"}
# Measured on a 2-minute flite story on this 2-core machine: the defaults decode at
# 0.24× real time (WER 12 %); without the second (flat-lexicon) pass and with at most
# 3000 active HMMs a frame, 0.12× real time at the same WER (10 %). A 3-minute answer
# then takes ~20 s instead of ~45 s.
SPEED = {"fwdflat": False, "maxhmmpf": 3000}
CHUNK = RATE  # samples per process_raw call: one second
MAX_SPLITS = 3  # an utterance the decoder fails on is halved at most this many times
_ALTERNATE = re.compile(r"\(\d+\)$")  # "was(2)": the second pronunciation of "was"


class AnalysisCancelled(Exception):
    """The caller asked to stop (``cancelled()`` returned true)."""


@dataclass(frozen=True)
class Word:
    """A recognised word (fillers as "um"/"uh"/"er") and where it was said, in seconds."""

    text: str
    start_s: float
    end_s: float


class Transcriber:
    """One pocketsphinx decoder, set up once (≈0.3 s) and reused for every utterance of a recording."""

    engine = version = "pocketsphinx"

    def __init__(self) -> None:
        import pocketsphinx

        # loglevel FATAL: pocketsphinx otherwise prints pages of configuration to stderr.
        self._decoder: Any = pocketsphinx.Decoder(samprate=RATE, fdict=os.fspath(FILLER_DICT), fillprob=FILLPROB,
                                                  loglevel="FATAL", **SPEED)

    def transcribe(self, samples: npt.NDArray[np.int16], utterances: Sequence[tuple[float, float]],
                   progress: Callable[[float], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, *, from_s: float = 0.0,
                   context: Sequence[Word] = (), quick: bool = False) -> list[Word]:
        """Decode each ``(start_s, end_s)`` stretch; ``progress`` gets 0.0–1.0 of the audio decoded.

        ``from_s``, ``context`` (the live transcription's hand-over) and ``quick`` are not used: pocketsphinx
        decodes every utterance on its own, and the live part is Whisper's only.
        """
        total = sum(max(0.0, e - s) for s, e in utterances) or 1.0
        done = 0.0
        words: list[Word] = []

        def advance(seconds: float) -> None:
            nonlocal done
            if cancelled is not None and cancelled():
                raise AnalysisCancelled
            done += seconds
            if progress is not None:
                progress(min(1.0, done / total))

        for start, end in utterances:
            words.extend(self._decode(samples, start, end, advance, MAX_SPLITS))
        return words

    def _decode(self, samples: npt.NDArray[np.int16], start_s: float, end_s: float,
                advance: Callable[[float], None], splits_left: int) -> list[Word]:
        piece = samples[int(start_s * RATE):int(end_s * RATE)]
        decoder = self._decoder
        decoder.start_utt()
        try:
            for offset in range(0, len(piece), CHUNK):
                chunk = piece[offset:offset + CHUNK]
                decoder.process_raw(chunk.tobytes(), False, False)
                advance(len(chunk) / RATE)
        finally:
            decoder.end_utt()
        segments = decoder.seg()
        if decoder.hyp() is None or segments is None:
            # The search found no path through the whole stretch (it happens on odd
            # sounds): halve it and try each half, so one bad sound costs one phrase.
            if splits_left == 0 or end_s - start_s < 2.0:
                return []
            middle = (start_s + end_s) / 2
            advance(-(end_s - start_s))  # the halves are decoded again
            return (self._decode(samples, start_s, middle, advance, splits_left - 1)
                    + self._decode(samples, middle, end_s, advance, splits_left - 1))
        frame_rate = decoder.config["frate"] or 100
        out = []
        for seg in segments:
            text = _ALTERNATE.sub("", seg.word)
            begin = start_s + seg.start_frame / frame_rate
            finish = start_s + (seg.end_frame + 1) / frame_rate
            if text in FILLER_WORDS:
                if finish - begin >= MIN_FILLER_S:
                    out.append(Word(FILLER_WORDS[text], begin, finish))
            elif not (text.startswith(("<", "[", "+"))):
                out.append(Word(text, begin, finish))
        return out
