#!/usr/bin/env python3
"""Time from process start to the main window's first paint, in a fresh process.

Runs the real `flashdeck` app (python -m flashdeck) on a collection with the
bundled decks under Xvfb (or whatever DISPLAY is set), N times, and prints the
median and max. The app writes the wall-clock time of its first paint to a
file (FLASHDECK_FIRST_PAINT_FILE) and quits. Target: under 0.5 s.

  python bench/bench_startup.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def start_xvfb() -> tuple[subprocess.Popen[bytes] | None, str]:
    if os.environ.get("DISPLAY"):
        return None, os.environ["DISPLAY"]
    display = ":87"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # bench only: Xvfb has no readiness signal we can wait on cheaply
    return proc, display


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flashdeck_startup_"))
    xvfb, display = start_xvfb()
    try:
        db = work / "c.db"
        # First run creates the collection and loads the bundled decks: not timed.
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        stamp = work / "paint.txt"
        env["FLASHDECK_FIRST_PAINT_FILE"] = str(stamp)
        subprocess.run([sys.executable, "-m", "flashdeck", "--db", str(db)], env=env, check=True, timeout=60)
        times = []
        for _ in range(args.runs):
            stamp.unlink(missing_ok=True)
            start = time.time()
            subprocess.run([sys.executable, "-m", "flashdeck", "--db", str(db)], env=env, check=True, timeout=60)
            times.append((float(stamp.read_text()) - start) * 1000)
        result = {"first_paint_median_ms": statistics.median(times), "first_paint_max_ms": max(times),
                  "runs": args.runs, "target_ms": 500}
        if args.json:
            print(json.dumps(result))
        else:
            print(f"first paint: median {result['first_paint_median_ms']:.0f} ms, "
                  f"max {result['first_paint_max_ms']:.0f} ms over {args.runs} runs (target < 500 ms)")
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
