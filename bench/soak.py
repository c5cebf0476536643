#!/usr/bin/env python3
"""Long use: 100 000 simulated reviews through ``Collection``, watching for drift and broken invariants.

A simulated candidate studies every day for many months on a ManualClock that
moves by a few seconds of thinking per card and by whole days between sessions.
They recall each card with the probability FSRS's own forgetting curve gives
for its stability and the days since its last review, scaled by how hard that
note is for them; new cards get a typical first-sight mix of ratings. Along the
way they keep importing more material, sometimes undo a misclick, edit a note,
or suspend a card for a while: the paths a real year of use takes.

Every ``--window`` reviews it prints the answer latency (``Collection.answer``,
each one committed and synced) as mean, median and 99th percentile, the time to
fetch the next card, the process RSS, and every ``--check-every`` reviews it
runs ``Collection.check()``, which must find no problem. At the end: the ratio
of the last window's latency to the first's (flat is ~1) and the RSS growth.

Usage:
  python bench/soak.py                       # 100 000 reviews, table
  python bench/soak.py --reviews 20000 --json
  python bench/soak.py --db /tmp/soak.db --keep

Deterministic for a given ``--seed`` (py-fsrs's fuzz draws from the global
``random``, which is seeded too). tests/hardening/test_soak.py runs the same
code for 2 000 reviews and asserts the invariants, not the timings.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flashdeck.collection import CardView, Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Phase, Rating

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
DECK = "Soak"
FIRST_NOTES = 1500
MORE_NOTES, MORE_EVERY_DAYS = 400, 14
NEW_PER_DAY, REVIEWS_PER_DAY = 25, 400
# FSRS-6's default forgetting curve (py-fsrs: DECAY = -w20, FACTOR = 0.9 ** (1 / DECAY) - 1).
_DECAY = -0.1542
_FACTOR = 0.9 ** (1 / _DECAY) - 1


@dataclass
class Window:
    """One stretch of ``window`` reviews."""

    index: int
    reviews: int
    day: int
    notes: int
    cards: int
    answer_mean_ms: float
    answer_p50_ms: float
    answer_p99_ms: float
    next_card_mean_ms: float
    rss_mb: float


@dataclass
class SoakResult:
    reviews: int = 0
    undone: int = 0
    days: int = 0
    checks: int = 0
    problems: list[str] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    expected_log_rows: int = 0  # answers made minus answers undone: what revlog must hold

    def summary(self) -> dict[str, float]:
        first, last = self.windows[0], self.windows[-1]
        return {
            "answer_mean_last_over_first": round(last.answer_mean_ms / first.answer_mean_ms, 2),
            "answer_p99_last_over_first": round(last.answer_p99_ms / first.answer_p99_ms, 2),
            "rss_growth_mb": round(last.rss_mb - first.rss_mb, 1),
            "rss_last_over_first": round(last.rss_mb / first.rss_mb, 2),
        }


class Learner:
    """A simulated candidate: recalls with the probability FSRS predicts, give or take per note."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.hardness: dict[int, float] = {}

    def rate(self, card: CardView, now_ts: int) -> Rating:
        rng = self.rng
        # Some material is simply harder for this person: their stability there is lower than FSRS thinks.
        ease = self.hardness.setdefault(card.note_id, rng.lognormvariate(0.0, 0.35))
        state = card.state
        if state.phase == Phase.NEW or not state.stability or state.last_review is None:
            return rng.choices(list(Rating), weights=(20, 12, 55, 13))[0]
        elapsed_days = max(0.0, (now_ts - state.last_review) / 86400)
        recall = (1 + _FACTOR * elapsed_days / (state.stability * ease)) ** _DECAY
        if rng.random() > recall:
            return Rating.AGAIN
        return rng.choices((Rating.HARD, Rating.GOOD, Rating.EASY), weights=(15, 72, 13))[0]


def _notes(start: int, count: int) -> list[NoteDraft]:
    """Basic notes mostly, with stories (three cards each: siblings) and questions mixed in."""
    out = []
    for i in range(start, start + count):
        if i % 10 == 0:
            out.append(NoteDraft("story", {"title": f"Story {i}", "use_for": f"a time you shipped thing {i}",
                                           "anchor": f"{i % 90 + 10}% faster", "situation": "A slow release.",
                                           "task": "Speed it up.", "action": "Automated the checks.",
                                           "result": "Weekly releases."}))
        elif i % 10 == 1:
            out.append(NoteDraft("question", {"prompt": f"Question {i}: why this team?", "category": "behavioural"}))
        else:
            out.append(NoteDraft("basic", {"front": f"Term {i}", "back": f"Meaning of term {i}, with an example."}))
    return out


def rss_mb() -> float:
    """The resident set size now (not the peak), from /proc."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def soak(db: str | os.PathLike[str], reviews: int, *, seed: int = 7, window: int = 10_000,
         check_every: int = 10_000, on_window: Callable[[Window], None] | None = None) -> SoakResult:
    """Run ``reviews`` simulated reviews on a new collection at ``db``; the figures and problems found."""
    rng = random.Random(seed)
    random.seed(seed)  # py-fsrs's fuzz uses the global generator
    clock = ManualClock(START, UTC)
    learner = Learner(rng)
    result = SoakResult()
    answer_s: list[float] = []
    next_s: list[float] = []
    suspended: list[tuple[int, int]] = []  # (card id, day to unsuspend)
    note_count = 0
    with Collection.open(db, clock=clock, fuzz=True) as col:
        col.add_notes(_notes(0, FIRST_NOTES), deck=DECK)
        note_count = FIRST_NOTES
        col.set_deck_limits(DECK, new_per_day=NEW_PER_DAY, reviews_per_day=REVIEWS_PER_DAY)
        col.select_deck(DECK)
        while result.reviews < reviews:
            day = result.days
            clock.set(START + timedelta(days=day, minutes=rng.randrange(0, 180)))
            if day and day % MORE_EVERY_DAYS == 0:
                col.add_notes(_notes(note_count, MORE_NOTES), deck=DECK)
                note_count += MORE_NOTES
            while suspended and suspended[0][1] <= day:
                col.unsuspend([suspended.pop(0)[0]])
            while result.reviews < reviews:
                started = time.perf_counter()
                card = col.next_card()
                next_s.append(time.perf_counter() - started)
                if card is None:
                    break
                rating = learner.rate(card, int(clock.now().timestamp()))
                started = time.perf_counter()
                col.answer(card.id, rating, duration_ms=rng.randrange(3_000, 60_000))
                answer_s.append(time.perf_counter() - started)
                result.reviews += 1
                result.expected_log_rows += 1
                clock.advance(seconds=rng.uniform(4, 40))
                roll = rng.random()
                if roll < 0.005:  # a misclick, taken back and answered again
                    col.undo()
                    result.undone += 1
                    result.expected_log_rows -= 1
                elif roll < 0.006:
                    note = col.note(card.note_id)
                    col.update_note(card.note_id, {**note.fields, note_title_field(note): note.title + " (edited)"})
                elif roll < 0.007:
                    col.suspend([card.id])
                    suspended.append((card.id, day + rng.randrange(3, 30)))
                if result.reviews % check_every == 0:
                    result.problems += col.check()
                    result.checks += 1
                if result.reviews % window == 0:
                    gc.collect()
                    stats = col.stats()
                    done = Window(len(result.windows) + 1, result.reviews, day, stats.notes, stats.cards,
                                  1000 * statistics.fmean(answer_s), 1000 * statistics.median(answer_s),
                                  1000 * _percentile(answer_s, 0.99), 1000 * statistics.fmean(next_s), rss_mb())
                    result.windows.append(done)
                    answer_s.clear()
                    next_s.clear()
                    if on_window is not None:
                        on_window(done)
            result.days += 1
        result.problems += col.check()
        result.checks += 1
        logged = col.store.scalar("SELECT count(*) FROM revlog")
        if logged != result.expected_log_rows:
            result.problems.append(f"revlog holds {logged} reviews, the simulation made {result.expected_log_rows}")
    return result


def note_title_field(note: NoteDraft) -> str:
    from flashdeck.core.kinds import kind_by_name

    return kind_by_name(note.kind).title_field


def _print_window(w: Window) -> None:
    print(f"{w.index:>3} {w.reviews:>8} {w.day:>5} {w.notes:>6} {w.cards:>6} {w.answer_mean_ms:>9.3f} "
          f"{w.answer_p50_ms:>8.3f} {w.answer_p99_ms:>8.3f} {w.next_card_mean_ms:>9.3f} {w.rss_mb:>8.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--window", type=int, default=10_000)
    parser.add_argument("--check-every", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="collection file to create (default: a temporary one, deleted after)")
    parser.add_argument("--keep", action="store_true", help="keep the collection file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    workdir = None if args.db else tempfile.mkdtemp(prefix="flashdeck-soak-")
    db = Path(args.db) if args.db else Path(workdir or ".") / "soak.db"
    if db.exists():
        parser.error(f"{db} exists; the soak starts from an empty collection")
    if not args.json:
        print(f"{'win':>3} {'reviews':>8} {'day':>5} {'notes':>6} {'cards':>6} {'answer_ms':>9} {'p50_ms':>8} "
              f"{'p99_ms':>8} {'next_ms':>9} {'rss_mb':>8}")
    started = time.monotonic()
    try:
        result = soak(db, args.reviews, seed=args.seed, window=args.window, check_every=args.check_every,
                      on_window=None if args.json else _print_window)
    finally:
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            if workdir:
                os.rmdir(workdir)
    elapsed = time.monotonic() - started
    summary = result.summary() if result.windows else {}
    if args.json:
        print(json.dumps({**{k: v for k, v in asdict(result).items()}, "summary": summary,
                          "elapsed_s": round(elapsed, 1)}, indent=2))
    else:
        print(f"{result.reviews} reviews over {result.days} days ({result.undone} undone), {result.checks} checks, "
              f"{len(result.problems)} problem(s); {elapsed:.0f} s")
        for key, value in summary.items():
            print(f"{key}: {value}")
        for problem in result.problems[:20]:
            print(f"problem: {problem}")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
