"""`flashdeck review` killed with SIGKILL inside an answer's own transaction loses no confirmed answer.

tests/cli/test_crash_safety.py kills the review after a number of confirmed
answers. This extends it to kills landing while the child holds SQLite's write
lock, that is while it writes an answer (see hardening_kit), at its 1st, 4th,
9th, 16th and 25th transaction: every confirmed answer is there, in order, and
the answer in flight is there whole (card and log) or not at all.
"""

from __future__ import annotations

import functools
import re
import shutil
import sqlite3
from pathlib import Path

from hardening_kit import Child, write_lock_holder
from helpers import run_cli

from flashdeck.collection import Collection

CONFIRMED = re.compile(r"answered (\w+) \(card (\d+)\)")
RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}


class _Transactions:
    """Counts the times the child takes the write lock (each answer is one transaction)."""

    def __init__(self, child: Child, db: Path) -> None:
        self.child, self.db = child, db
        self.taken, self.holding = 0, False

    def at(self, nth: int) -> bool:
        holding = write_lock_holder(self.db) == self.child.pid
        if holding and not self.holding:
            self.taken += 1
        self.holding = holding
        return holding and self.taken >= nth


def test_sigkill_while_an_answer_is_written_keeps_every_confirmed_answer(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    cards = tmp_path / "cards.tsv"
    cards.write_text("".join(f"front {i}\tback {i}\n" for i in range(80)), encoding="utf-8")
    assert run_cli("import", str(cards), db=base).returncode == 0
    with Collection.open(base) as col:
        col.set_deck_limits("cards", new_per_day=80, reviews_per_day=100)
    answers = "\n3\n\n1\n\n4\n\n2\n" * 30  # more than it will get through
    inside = 0
    for nth in (1, 4, 9, 16, 25):
        db = tmp_path / f"kill{nth}.db"
        shutil.copyfile(base, db)
        with Child(["--db", str(db), "review"], stdin=answers) as child:
            transactions = _Transactions(child, db)
            assert child.kill_when(functools.partial(transactions.at, nth), db=db), child.err
        inside += child.held_write_lock_when_killed
        confirmed = [(RATINGS[m[1]], int(m[2])) for m in CONFIRMED.finditer(child.out)]
        with sqlite3.connect(db) as raw:
            logged = [(rating, card) for card, rating in raw.execute("SELECT card_id, rating FROM revlog ORDER BY id")]
        raw.close()
        # Every confirmed answer, in order; at most the one in flight after them, and then whole.
        assert logged[: len(confirmed)] == confirmed, nth
        assert len(logged) - len(confirmed) in (0, 1), nth
        with Collection.open(db) as col:
            assert col.check() == []  # reps match the log card by card: no half-written answer
            assert col.store.scalar("SELECT sum(reps) FROM cards") == len(logged)
    assert inside >= 3  # the kills landed inside answers' transactions, not only between them
