#!/usr/bin/env python3
"""Rehearsal analysis benchmark: a 3-minute spoken answer, analysed end to end.

Generates the recording with flite (the "rms" voice pocketsphinx recognises),
then times ``flashdeck.analysis.analyze`` on it: reading, voice activity,
transcription and delivery feedback. The issue's target: under 45 s on this
2-core machine. Prints the median of ``--runs`` runs (default 3).

Usage:
  python bench/bench_analysis.py            # table
  python bench/bench_analysis.py --json     # one JSON object
Needs: flite and sox (apt-get install flite sox).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from speech import STORY  # the test story: ~2 minutes in flite's voice

from flashdeck.analysis import analyze

# A second part, so three minutes are not one story said twice.
MORE = """\
A year later a new problem came up. Our search page returned results in four seconds, and the support team \
received about thirty complaints a week. I asked to lead the work, and my manager agreed. We had six weeks. \
I started with the slowest queries. I found that every search read the whole product table, so I added an \
index and a small cache for the most common searches. We tested the change on ten percent of the traffic \
first. The page answered in half a second, and the complaints fell to two a week. I wrote a short guide for \
the other teams, and three of them used the same approach in the next quarter.
"""


def make_recording(folder: Path, minutes: float = 3.0) -> Path:
    """flite speech of at least ``minutes``, trimmed to exactly that length with sox."""
    flite, sox = shutil.which("flite"), shutil.which("sox")
    if not flite or not sox:
        sys.exit("bench_analysis: needs flite and sox (apt-get install flite sox)")
    text = folder / "answer.txt"
    text.write_text(STORY + MORE + STORY, encoding="utf-8")
    raw, out = folder / "raw.wav", folder / "answer.wav"
    subprocess.run([flite, "-voice", "rms", "-f", str(text), "-o", str(raw)], check=True)
    subprocess.run([sox, str(raw), "-c", "1", str(out), "trim", "0", str(minutes * 60)], check=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        audio = make_recording(Path(tmp), args.minutes)
        times, result = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            result = analyze(audio, target=(120, 180))
            times.append(time.perf_counter() - start)
    assert result is not None
    figures = {
        "audio_s": round(result.duration_s, 1),
        "runs": [round(t, 2) for t in times],
        "median_s": round(statistics.median(times), 2),
        "real_time_factor": round(statistics.median(times) / result.duration_s, 3),
        "words": result.words,
        "target_s": 45,
        "python": platform.python_version(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"analysed {figures['audio_s']} s of speech ({figures['words']} words) in "
              f"{figures['median_s']} s (median of {args.runs}: {figures['runs']}), "
              f"{figures['real_time_factor']}x real time; target < 45 s")
    return 0 if figures["median_s"] < 45 else 1


if __name__ == "__main__":
    sys.exit(main())
