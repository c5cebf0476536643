"""Transcribing while the candidate speaks: closed windows of a recording that is still growing.

The recorder writes a 16 kHz mono 16-bit WAV as it goes. ``LiveTranscript``
reads what has been written so far (a thread of its own, every
``POLL_S``), finds speech with the same voice-activity rules as the final
analysis, and decodes every window that is closed — ended by a pause of
``PAUSE_CUT_S``, by a breath once it is ``SETTLE_S`` long, or full. When the attempt ends, ``finish()`` hands over the
words heard so far and where they stop; the final ``analyze`` decodes only
what comes after (typically the last sentence), so the feedback is on screen
seconds after the last word instead of a minute later.

Anything unexpected (another format, a file that cannot be read) just stops
the live part: the final analysis then decodes everything, as before.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flashdeck.analysis.audio import RATE
from flashdeck.analysis.transcribe import Word
from flashdeck.analysis.voice import AGGRESSIVENESS, FRAME, FRAME_S, MIN_SPEECH_S
from flashdeck.analysis.whisper import PAUSE_CUT_S, SETTLE_GAP_S, context_prompt, plan_windows

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from flashdeck.analysis.recognizers import Recognizer

__all__ = ["LIVE_MAX_S", "POLL_S", "SETTLE_S", "LiveTranscript"]

POLL_S = 0.3
# What is still undecoded when the speaker stops is decoded after Space, so live windows are kept short:
# one closes at the next breath (SETTLE_GAP_S) once it is SETTLE_S long, and at LIVE_MAX_S at the latest.
# Shorter windows give the model less context; measured on our flite answers (docs/performance.md),
# 8-s windows cost no more than noise in word error, and bound the final pass to ~1 s of decoding.
SETTLE_S = 8.0
LIVE_MAX_S = 16.0


def _data_offset(head: bytes) -> int | None:
    """Where the samples start in a WAV header, if it is 16 kHz mono 16-bit PCM; else None."""
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, pcm = 12, False
    while pos + 8 <= len(head):
        chunk, size = head[pos:pos + 4], struct.unpack("<I", head[pos + 4:pos + 8])[0]
        if chunk == b"fmt ":
            fmt, channels, rate = struct.unpack("<HHI", head[pos + 8:pos + 16])
            bits = struct.unpack("<H", head[pos + 22:pos + 24])[0]
            pcm = fmt in (1, 0xFFFE) and channels == 1 and rate == RATE and bits == 16
        elif chunk == b"data":
            return pos + 8 if pcm else None
        pos += 8 + size + (size & 1)
    return None


class LiveTranscript:
    """Decodes a growing recording in the background; ``finish()`` returns ``(words, until_s)``."""

    def __init__(self, path: str | Path, recognizer: Callable[[], Recognizer]) -> None:
        import webrtcvad

        self.path = Path(path)
        self._recognizer = recognizer
        self._vad = webrtcvad.Vad(AGGRESSIVENESS)
        self._offset: int | None = None
        self._pcm = bytearray()
        self._frames = 0  # frames given to the voice detector so far
        self._run_start: int | None = None
        self._spans: list[tuple[float, float]] = []
        self.words: list[Word] = []
        self.until_s = 0.0
        self.failed: str | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()  # held while a window is decoded
        self._thread = threading.Thread(target=self._run, name="live-transcript", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop soon, without waiting (the attempt was discarded)."""
        self._stop.set()

    def finish(self) -> tuple[list[Word], float]:
        """Stop (after the window being decoded, if any) and hand over what was heard."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            return list(self.words), self.until_s

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self.poll()
                self._stop.wait(POLL_S)
        except Exception as exc:  # the final analysis decodes everything instead
            self.failed = str(exc) or type(exc).__name__

    # -- one step --------------------------------------------------------------------------------

    def poll(self) -> int:
        """Read what was written since the last call and decode the windows now closed; how many."""
        self._read()
        self._detect()
        return self._decode_closed()

    def _read(self) -> None:
        if not self.path.is_file():
            return
        with self.path.open("rb") as handle:
            if self._offset is None:
                self._offset = _data_offset(handle.read(4096))
                if self._offset is None:
                    return
            handle.seek(self._offset + len(self._pcm))
            self._pcm += handle.read()

    def _samples(self) -> npt.NDArray[np.int16]:
        import numpy as np

        usable = len(self._pcm) - len(self._pcm) % 2
        return np.frombuffer(bytes(self._pcm[:usable]), dtype="<i2")

    def _detect(self) -> None:
        """Voice activity on the new whole frames: the same rules as ``voice.detect_voice``."""
        step = FRAME * 2
        while (self._frames + 1) * step <= len(self._pcm):
            frame = bytes(self._pcm[self._frames * step:(self._frames + 1) * step])
            speech = self._vad.is_speech(frame, RATE)
            if speech and self._run_start is None:
                self._run_start = self._frames
            elif not speech and self._run_start is not None:
                if (self._frames - self._run_start) * FRAME_S >= MIN_SPEECH_S:
                    self._spans.append((self._run_start * FRAME_S, self._frames * FRAME_S))
                self._run_start = None
            self._frames += 1

    def _decode_closed(self) -> int:
        heard = self._frames * FRAME_S
        spans = [(max(s, self.until_s), e) for s, e in self._spans if e > self.until_s]
        if self._run_start is not None:
            # The speech going on now counts as far as it is heard: a window it makes longer than
            # LIVE_MAX_S is cut (at its longest gap) now, not when the speaker next draws breath.
            spans.append((max(self._run_start * FRAME_S, self.until_s), heard))
        windows = plan_windows(spans, max_s=LIVE_MAX_S, floor_s=self.until_s, settle_s=SETTLE_S)
        closed = windows[:-1]
        if windows and self._run_start is None:
            # The last window is closed by the silence after it, by the rules plan_windows applies
            # between spans: a pause, or a breath once the window is SETTLE_S long.
            speech_end = spans[-1][1]
            silence = heard - speech_end
            start, end = windows[-1]
            if silence >= PAUSE_CUT_S or (speech_end - start >= SETTLE_S and silence >= SETTLE_GAP_S):
                closed.append((start, min(end, speech_end + silence / 2)))  # padding, not the next word
        if not closed:
            return 0
        recognizer = self._recognizer()
        samples = self._samples()
        for start, end in closed:
            if self._stop.is_set():
                break
            with self._lock:
                decode = getattr(recognizer, "transcribe_window", None)
                if decode is None:  # not Whisper: the final analysis decodes everything
                    return 0
                self.words.extend(decode(samples, start, end, context_prompt(self.words)))
                self.until_s = end
        return len(closed)
