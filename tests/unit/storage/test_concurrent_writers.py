"""Two processes use one collection at the same time and nothing is lost.

Each imports its own deck and answers its cards while the other does the same:
on SQLite the second writer waits for the lock (BEGIN IMMEDIATE + busy_timeout);
on PostgreSQL writers queue on an advisory lock (new ids are max(id) + 1).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import UTC
from pathlib import Path

from helpers import START

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock

WORKER = Path(__file__).resolve().parents[2] / "two_writers_worker.py"
CARDS_EACH = 120


def test_two_collections_answering_at_once_lose_nothing(any_db: str) -> None:
    Collection.open(any_db).close()  # created and migrated before either writer starts
    workers = [
        subprocess.Popen([sys.executable, str(WORKER), any_db, deck, str(CARDS_EACH)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for deck in ("Left", "Right")
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        for worker in workers:  # both are open and waiting: start them together
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        outputs = [worker.communicate(timeout=120) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    left, right = (json.loads(out.strip().splitlines()[-1]) for out, _err in outputs)
    # They really overlapped: each started before the other had finished.
    assert max(left["started"], right["started"]) < min(left["finished"], right["finished"])
    assert len(left["answered"]) == len(right["answered"]) == CARDS_EACH
    assert not set(left["answered"]) & set(right["answered"])

    with Collection.open(any_db, clock=ManualClock(START, UTC)) as col:
        logged = Counter(r[0] for r in col.store.fetchall("SELECT card_id FROM revlog"))
        assert logged == Counter(left["answered"] + right["answered"])  # every answer, once
        assert col.store.fetchall("SELECT count(*), min(reps), max(reps) FROM cards") == [(2 * CARDS_EACH, 1, 1)]
        assert sorted(col.deck_names()) == ["Left", "Right"]
        assert col.check() == []
