"""A `flashdeck import` killed with SIGKILL leaves all of the file's notes or none.

The child is killed at points observed from outside (see hardening_kit): as it
starts, once it has the database open, as its write transaction spills pages
into the write-ahead log (at growing fractions of the log's final size), while
the committed log is copied back into the database, and once that is done.
After each kill the collection is opened again: `flashdeck check` passes, the
deck that was there before is untouched, and the imported deck has every note
of the file or none of them.
"""

from __future__ import annotations

import functools
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from hardening_kit import Child, file_size, write_lock_holder
from helpers import START, basic_notes, run_cli

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating

NOTES = 10_000


def _base_collection(path: Path) -> None:
    """A collection with history to lose: a deck of 200 notes, 60 of them answered."""
    with Collection.open(path, clock=ManualClock(START, UTC), fuzz=False) as col:
        col.add_notes(basic_notes(200, prefix="kept"), deck="Kept")
        col.set_deck_limits("Kept", new_per_day=60, reviews_per_day=100)
        for i in range(60):
            card = col.next_card()
            assert card is not None
            col.answer(card.id, Rating.EASY if i % 3 else Rating.GOOD)


def _snapshot(db: Path, deck: str) -> list[tuple[object, ...]]:
    """Every note, card and review of ``deck``, read the way a restarted process reads them."""
    with sqlite3.connect(db) as raw:
        rows = raw.execute(
            "SELECT n.id, n.guid, n.fields, c.id, c.phase, c.stability, c.due, c.reps, "
            "(SELECT group_concat(r.id || ':' || r.rating) FROM revlog r WHERE r.card_id = c.id) "
            "FROM notes n JOIN decks d ON d.id = n.deck_id JOIN cards c ON c.note_id = n.id "
            "WHERE d.name = ? ORDER BY c.id", (deck,)).fetchall()
    raw.close()
    return rows


def _imported(db: Path) -> tuple[int, int, bool]:
    with sqlite3.connect(db) as raw:
        notes, cards = raw.execute(
            "SELECT count(DISTINCT n.id), count(c.id) FROM notes n JOIN decks d ON d.id = n.deck_id "
            "LEFT JOIN cards c ON c.note_id = n.id WHERE d.name = 'Imported'").fetchone()
        deck = raw.execute("SELECT count(*) FROM decks WHERE name = 'Imported'").fetchone()[0]
    raw.close()
    return notes, cards, bool(deck)


class _Watch:
    """What a kill point looks at: this run's database, its log, and the sizes to compare with."""

    def __init__(self, db: Path, base_size: int, peak_log: int) -> None:
        self.db, self.log = db, Path(f"{db}-wal")
        self.base_size, self.peak_log = base_size, peak_log
        self.log_grew = False

    def log_size(self) -> int:
        size = file_size(self.log) or 0
        self.log_grew = self.log_grew or size > 0
        return size


def _log_share(share: float) -> Callable[[_Watch], bool]:
    return lambda w: w.log_size() >= max(1, int(share * w.peak_log))


KILL_POINTS: list[tuple[str, Callable[[_Watch], bool]]] = [
    ("as it starts", lambda w: True),
    ("with the collection open", lambda w: w.log.exists()),
    *[(f"with the log at {share:.0%} of its final size", _log_share(share))
      for share in (0.0, 0.2, 0.4, 0.6, 0.8, 0.98)],
    ("while the log is copied into the database", lambda w: (file_size(w.db) or 0) > w.base_size),
    ("once the log is emptied", lambda w: w.log_size() == 0 and w.log_grew),
]


def _import(db: Path, tsv: Path) -> Child:
    return Child(["--db", str(db), "import", str(tsv), "--deck", "Imported", "--format", "csv"])


def test_sigkill_during_a_large_import_leaves_all_of_the_file_or_none(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    _base_collection(base)
    kept = _snapshot(base, "Kept")
    tsv = tmp_path / "big.tsv"
    tsv.write_text("".join(f"imported question {i}\timported answer {i} {'x' * (i % 50)}\n" for i in range(NOTES)),
                   encoding="utf-8")

    # An import left alone, to learn how large its log grows on this machine.
    whole = tmp_path / "whole.db"
    shutil.copyfile(base, whole)
    peak = {"log": 0}

    def track_peak() -> bool:
        peak["log"] = max(peak["log"], file_size(Path(f"{whole}-wal")) or 0)
        return False

    with _import(whole, tsv) as child:
        assert not child.kill_when(track_peak)
        assert child.proc.returncode == 0, child.err
    assert _imported(whole) == (NOTES, NOTES, True)
    assert peak["log"] > 1_000_000, "the import should spill pages to the log before it commits"

    outcomes: dict[str, str] = {}
    inside_transaction = 0
    last_torn: Path | None = None
    for index, (label, point) in enumerate(KILL_POINTS):
        db = tmp_path / f"kill{index}.db"
        shutil.copyfile(base, db)
        watch = _Watch(db, base.stat().st_size, peak["log"])
        with _import(db, tsv) as child:
            killed = child.kill_when(functools.partial(point, watch), db=db)
            assert killed or child.proc.returncode == 0, child.err
        assert write_lock_holder(db) is None
        notes, cards, deck = _imported(db)
        assert (notes, cards, deck) in ((0, 0, False), (NOTES, NOTES, True)), f"half an import {label}"
        assert _snapshot(db, "Kept") == kept, f"the existing deck changed when killed {label}"
        check = run_cli("check", "--json", db=db)
        assert (check.returncode, json.loads(check.stdout)) == (0, {"ok": True, "problems": []}), label
        outcomes[label] = "all" if notes else "none"
        if killed and child.held_write_lock_when_killed and not notes:
            inside_transaction += 1
            last_torn = db

    assert set(outcomes.values()) == {"none", "all"}, outcomes
    # Most kills landed inside the open write transaction, not only before or after it.
    assert inside_transaction >= 4, outcomes
    # Importing the file again after a torn attempt gives the whole file, once.
    assert last_torn is not None
    again = run_cli("import", str(tsv), "--deck", "Imported", "--format", "csv", db=last_torn)
    assert again.returncode == 0, again.stderr
    assert f"{NOTES} added" in again.stdout
    assert _imported(last_torn) == (NOTES, NOTES, True)
    assert _snapshot(last_torn, "Kept") == kept
