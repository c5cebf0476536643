"""The real `flashdeck` process in a real window: Enter, Space, 3 records one Good review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from helpers import run_cli


def _xdotool(display: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, timeout=30, check=check)
    return done.stdout.strip()


def _wait_for(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Poll a condition on another process (there is no signal to wait on across processes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_enter_space_3_records_one_good_review(tmp_path: Path, xvfb_display: str) -> None:
    db = tmp_path / "c.db"
    cards = tmp_path / "cards.tsv"
    cards.write_text("What does STAR stand for?\tSituation, Task, Action, Result\n", encoding="utf-8")
    assert run_cli("import", str(cards), "--deck", "Prep", db=db).returncode == 0
    env = {**os.environ, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen([sys.executable, "-m", "flashdeck", "--db", str(db)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # --sync waits until the window exists and is mapped.
        window = _xdotool(xvfb_display, "search", "--sync", "--onlyvisible", "--name", "^FlashDeck$").split()[0]
        _xdotool(xvfb_display, "windowfocus", "--sync", window)
        for key in ("Return", "space", "3"):
            _xdotool(xvfb_display, "key", "--window", window, "--clearmodifiers", key)

        def one_review() -> bool:
            stats = json.loads(run_cli("stats", "--json", db=db).stdout)
            return bool(stats["reviews"] >= 1)

        _wait_for(one_review)
        # The window is gone before xdotool sends the key release, so it reports
        # BadWindow: the app's own exit code is what tells us the quit worked.
        _xdotool(xvfb_display, "key", "--window", window, "ctrl+q", check=False)
        assert app.wait(timeout=20) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        _out, err = app.communicate()
    stats = json.loads(run_cli("stats", "--json", db=db).stdout)
    assert stats["reviews"] == 1
    assert stats["ratings_today"] == {"again": 0, "hard": 0, "good": 1, "easy": 0}
    assert "Traceback" not in err
