"""Quick mode (a mock answer's last window) against Whisper's 30-s input: word error and time per window.

Each sentence, pair and triple of sentences of our test answers (tests/answers.py; 2-20 s in flite's
voice) is decoded as one window three ways: the 30-s input (as Rehearse decodes), the short input alone
(speech + QUICK_PAD_S, at least QUICK_MIN_S), and quick mode as shipped (the short input, decoded again
with 30 s when the text ``looks_repeated``). Printed: word error over all clips, seconds per clip, how
many clips fell back, and the load average (the machine is shared: times are noisy, errors are not).

Usage:  python bench/compare_quick_mode.py
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from answers import ANSWERS  # noqa: E402 (after the path above)
from speech import normalised_words, speak, word_error_rate  # noqa: E402

from flashdeck.analysis.audio import RATE, load_recording  # noqa: E402
from flashdeck.analysis.whisper import (  # noqa: E402
    QUICK_MIN_S,
    QUICK_PAD_S,
    WhisperRecognizer,
    context_prompt,
    looks_repeated,
)


def texts() -> list[str]:
    out = []
    for answer in ANSWERS:
        for beat in answer.spoken:
            sentences = re.split(r"(?<=[.!?])\s+", beat)
            out += [*sentences[:2], " ".join(sentences[:3])]
    return out


def main() -> None:
    from flashdeck.analysis.mel import FRAMES_PER_SECOND, WINDOW_FRAMES

    recognizer = WhisperRecognizer()
    prompt = context_prompt([])
    ways = {
        "30-s input": lambda s, n: recognizer._decode_piece(s, prompt, 0.0, WINDOW_FRAMES),
        "short input alone": lambda s, n: recognizer._decode_piece(
            s, prompt, 0.0, int(max(QUICK_MIN_S, n + QUICK_PAD_S) * FRAMES_PER_SECOND)),
    }
    fallbacks = 0

    def quick(samples, seconds):  # type: ignore[no-untyped-def]
        nonlocal fallbacks
        words = ways["short input alone"](samples, seconds)
        if looks_repeated([w.text for w in words], seconds):
            fallbacks += 1
            words = ways["30-s input"](samples, seconds)
        return words

    ways["quick mode (as shipped)"] = quick
    with tempfile.TemporaryDirectory(prefix="bench-quick-") as folder:
        clips = []
        for i, text in enumerate(texts()):
            samples = load_recording(speak(text, Path(folder) / f"{i}.wav")).samples
            clips.append((text, samples.astype("float32") / 32768.0))
    seconds = [len(s) / RATE for _t, s in clips]
    print(f"{len(clips)} clips of {min(seconds):.1f}-{max(seconds):.1f} s (mean {sum(seconds) / len(clips):.1f} s)")
    for name, decode in ways.items():
        errors = words = 0.0
        start = time.perf_counter()
        for (text, piece), length in zip(clips, seconds, strict=True):
            reference = normalised_words(text)
            heard = normalised_words(" ".join(w.text for w in decode(piece, length)))
            errors += word_error_rate(reference, heard) * len(reference)
            words += len(reference)
        took = (time.perf_counter() - start) / len(clips)
        print(f"{name:24} word error {errors / words:6.1%}  {took:.3f} s a clip  load {os.getloadavg()[0]:.1f}")
    print(f"quick mode fell back to the 30-s input on {fallbacks} clip(s)")


if __name__ == "__main__":
    main()
