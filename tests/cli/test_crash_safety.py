"""A review process killed with SIGKILL loses no rating it had confirmed."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from helpers import run_cli

CONFIRMED = re.compile(r"answered (\w+) \(card (\d+)\)")


def test_sigkill_during_review_keeps_every_confirmed_answer(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    cards = tmp_path / "cards.tsv"
    cards.write_text("".join(f"front {i}\tback {i}\n" for i in range(60)), encoding="utf-8")
    assert run_cli("import", str(cards), db=db).returncode == 0

    child = subprocess.Popen(
        [sys.executable, "-m", "flashdeck", "--db", str(db), "review"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    # Queue up far more answers than we will let it finish, so the kill lands mid-stream.
    child.stdin.write("\n3\n\n1\n" * 30)
    child.stdin.flush()
    confirmed: list[tuple[str, int]] = []
    for line in child.stdout:
        match = CONFIRMED.search(line)
        if match:
            confirmed.append((match.group(1), int(match.group(2))))
            if len(confirmed) == 17:
                break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    for stream in (child.stdin, child.stdout, child.stderr):
        # The reader is dead: what it had not read is meant to be lost.
        with contextlib.suppress(BrokenPipeError):
            stream.close()
    assert child.returncode == -signal.SIGKILL

    import sqlite3

    with sqlite3.connect(db) as raw:
        logged = raw.execute("SELECT card_id, rating FROM revlog ORDER BY id").fetchall()
    names = {"again": 1, "hard": 2, "good": 3, "easy": 4}
    # Every confirmed rating is there, in order; at most the one in flight may follow.
    assert logged[: len(confirmed)] == [(cid, names[name]) for name, cid in confirmed]
    assert len(logged) - len(confirmed) in (0, 1)

    check = run_cli("check", "--json", db=db)
    assert check.returncode == 0, check.stdout
    assert json.loads(check.stdout) == {"ok": True, "problems": []}
