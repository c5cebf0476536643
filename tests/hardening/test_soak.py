"""Long use, in short: the code of bench/soak.py for 2 000 reviews, asserting its invariants (not its timings).

The full run (100 000 reviews, latency and RSS per window) is ``python bench/soak.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from helpers import REPO, basic_notes

from flashdeck.collection import UNDO_STEPS, Collection
from flashdeck.core.scheduling import Rating


def _soak_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("soak", REPO / "bench" / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_two_thousand_simulated_reviews_keep_every_invariant(tmp_path: Path) -> None:
    soak = _soak_module()
    windows = []
    result = soak.soak(tmp_path / "soak.db", 2_000, seed=3, window=500, check_every=250, on_window=windows.append)
    assert result.problems == []  # check() after every 250 reviews, and the review log count at the end
    assert result.checks == 2_000 // 250 + 1
    assert result.reviews == 2_000 and result.undone > 0  # the undo path ran too
    assert [w.reviews for w in windows] == [500, 1000, 1500, 2000]
    assert windows[-1].notes > soak.FIRST_NOTES  # material was imported between sessions
    assert result.days > 10
    with Collection.open(tmp_path / "soak.db") as col:
        # Every transition happened: new → learning → review, and lapses (review → relearning → review).
        moves = {(a, b) for a, b in col.store.fetchall("SELECT DISTINCT phase_before, phase_after FROM revlog")}
        assert {(0, 1), (1, 2), (2, 2), (2, 3), (3, 2)} <= moves
        assert col.store.scalar("SELECT count(*) FROM revlog") == result.expected_log_rows
        assert col.check() == []


def test_the_same_seed_gives_the_same_collection(tmp_path: Path) -> None:
    soak = _soak_module()
    digests = []
    for run in ("a", "b"):
        soak.soak(tmp_path / f"{run}.db", 300, seed=11, window=300, check_every=300)
        with Collection.open(tmp_path / f"{run}.db") as col:
            digests.append(col.store.fetchall("SELECT card_id, rating, reviewed_ms, due_after FROM revlog ORDER BY id"))
    assert digests[0] == digests[1] and len(digests[0]) >= 290


def test_the_undo_history_is_bounded(col: Collection) -> None:
    """A session of thousands of answers keeps the last UNDO_STEPS of them, not all (memory stays flat)."""
    col.add_notes(basic_notes(UNDO_STEPS + 20), deck="D")
    col.set_deck_limits("D", new_per_day=UNDO_STEPS + 20, reviews_per_day=0)
    answered = []
    while (card := col.next_card()) is not None:
        col.answer(card.id, Rating.EASY)
        answered.append(card.id)
    assert len(answered) == UNDO_STEPS + 20
    undone = []
    while (entry := col.undo()) is not None:
        assert entry.answer and entry.label == "answer"
        undone.append(entry.card_id)
    assert undone == answered[::-1][:UNDO_STEPS]  # the newest, newest first
    assert col.store.scalar("SELECT count(*) FROM revlog") == 20
    assert col.check() == []
