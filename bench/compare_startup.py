#!/usr/bin/env python3
"""The app's first window beside Anki's desktop app (aqt), under Xvfb: time from process start to first paint.

Both are measured the same way, alternating, several runs each:
- the parent notes the wall-clock time, starts the app as a new process (``python -m flashdeck`` on
  a collection with the bundled decks; ``aqt`` on its first profile: one collection, Anki's default deck);
- the app's main window gets an event filter for its first Paint event; right after that paint
  (a zero-delay timer) the child writes the wall-clock time to a file and quits. FlashDeck does
  this itself when ``FLASHDECK_FIRST_PAINT_FILE`` is set; for aqt a small launcher adds the same
  filter from ``gui_hooks.main_window_did_init`` and then runs ``aqt.run()``.

The first start of each (creating the collection; for aqt also its profile, with the language
chosen as on a first run) is not timed. The Anki interpreter is found as in ``compare_anki.py``
(``$ANKI_PYTHON`` or ``.bench-anki-venv``; it needs ``aqt[qt6]``: ``pip install 'aqt[qt6]'``).

  python bench/compare_startup.py [--runs 7] [--json] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare_anki import anki_python  # noqa: E402

# Runs in Anki's interpreter: aqt with a first-paint probe on its main window.
ANKI_LAUNCHER = r"""
import os, sys, time
stamp = os.environ["BENCH_FIRST_PAINT_FILE"]
from aqt import gui_hooks
from aqt.qt import QEvent, QObject, QTimer, QApplication

if os.environ.get("BENCH_FIRST_RUN"):
    # The first start asks for a language (a modal dialog): answer it as a user would.
    from aqt.profiles import ProfileManager
    ProfileManager.setDefaultLang = lambda self, idx: self.setLang("en_US")

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    with open(stamp, "w") as fh:
        fh.write(f"{time.time():.6f}\n")
    QApplication.instance().closeAllWindows()
    os._exit(0)  # the time is written; skip Anki's shutdown (backup, sync check)

def probe():
    from aqt import mw
    mw._bench_first_paint = FirstPaint(mw)
    mw.installEventFilter(mw._bench_first_paint)

gui_hooks.main_window_did_init.append(probe)
import aqt
sys.argv = ["anki", *sys.argv[1:]]
aqt.run()
"""


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A private Xvfb on a free display number (it writes the number once it accepts clients)."""
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    if not number:
        raise SystemExit("Xvfb did not start")
    return proc, f":{number}"


def flashdeck_cmd(db: Path) -> list[str]:
    return [sys.executable, "-m", "flashdeck", "--db", str(db)]


def anki_cmd(py: str, base: Path) -> list[str]:
    return [py, "-c", ANKI_LAUNCHER, "-b", str(base)]  # its one profile ("User 1") opens by itself


def timed_start(cmd: list[str], env: dict[str, str], stamp: Path) -> float:
    stamp.unlink(missing_ok=True)
    start = time.time()
    subprocess.run(cmd, env=env, check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (float(stamp.read_text()) - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    apy = anki_python()
    if subprocess.run([apy, "-c", "import aqt"], capture_output=True).returncode != 0:
        raise SystemExit(f"Anki's desktop app is not installed beside {apy}: {apy} -m pip install 'aqt[qt6]'")
    work = Path(tempfile.mkdtemp(prefix="flashdeck_startup_cmp_"))
    xvfb, display = start_xvfb()
    try:
        stamp = work / "paint.txt"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "FLASHDECK_FIRST_PAINT_FILE": str(stamp), "BENCH_FIRST_PAINT_FILE": str(stamp),
               "QTWEBENGINE_DISABLE_SANDBOX": "1"}  # root on this machine: Chromium refuses its sandbox
        db, base = work / "c.db", work / "anki-base"
        # Untimed first starts: FlashDeck creates the collection (bundled decks), aqt its profile.
        timed_start(flashdeck_cmd(db), env, stamp)
        timed_start(anki_cmd(apy, base), {**env, "BENCH_FIRST_RUN": "1"}, stamp)
        loads, fd, anki = [], [], []
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            fd.append(timed_start(flashdeck_cmd(db), env, stamp))
            anki.append(timed_start(anki_cmd(apy, base), env, stamp))
        result = {
            "flashdeck_ms": fd, "anki_ms": anki,
            "flashdeck_median_ms": statistics.median(fd), "anki_median_ms": statistics.median(anki),
            "ratio": statistics.median(fd) / statistics.median(anki),
            "runs": args.runs, "loadavg_1min": loads,
            "machine": f"{platform.platform()} | {os.cpu_count()} CPUs",
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['machine']} | {result['timestamp']}")
    print(f"first paint from process start, median of {args.runs} (alternating runs; load avg "
          f"{min(loads):.1f}-{max(loads):.1f}):")
    print(f"  FlashDeck {result['flashdeck_median_ms']:.0f} ms  (runs: {', '.join(f'{v:.0f}' for v in fd)})")
    print(f"  Anki aqt  {result['anki_median_ms']:.0f} ms  (runs: {', '.join(f'{v:.0f}' for v in anki)})")
    print(f"  ratio {result['ratio']:.2f} (FlashDeck/Anki)")


if __name__ == "__main__":
    main()
