"""The interview plan (``Collection.study_plan``, what Home and ``flashdeck plan`` show) at 1k/10k/50k cards.

Each collection has a history: 80 % of the cards are review cards with varied
memory states (every one distinct, as a real history makes them), 20 % are new;
the interview is 30 days away. Prints the median of a few runs and the number of
scheduler calls the projection made and its CPU time (less
sensitive to other processes than wall time), with the load average beside them.

    .venv/bin/python bench/bench_plan.py            # N = 1000, 10000, 50000
    .venv/bin/python bench/bench_plan.py --n 10000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Scheduler

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def build(path: str, n: int, seed: int = 7) -> Collection:
    col = Collection.open(path, clock=ManualClock(START, UTC), fuzz=False)
    col.add_notes([NoteDraft("basic", {"front": f"Q{i}", "back": f"A{i}"}) for i in range(n)], deck="Prep")
    rng = random.Random(seed)
    now = int(START.timestamp())
    rows = []
    for card_id, in col.store.fetchall("SELECT id FROM cards"):
        if rng.random() < 0.2:
            continue  # stays new
        stability = rng.uniform(1.0, 200.0)
        last = now - rng.randrange(1, 60) * 86400 - rng.randrange(0, 86400)
        rows.append((stability, rng.uniform(1.0, 10.0), last, last + int(stability * 86400), card_id))
    # BENCH-ONLY: a history written straight into the table (no revlog), as bench_core's make_all_due does.
    with col.store.transaction() as conn:
        conn.executemany("UPDATE cards SET phase=2, step=NULL, stability=?, difficulty=?, last_review=?, due=?, "
                         "reps=3 WHERE id=?", rows)
    col.set_deck_limits("Prep", new_per_day=20, reviews_per_day=100000)
    col.set_interview_date(col.today().date + timedelta(days=30))
    return col


def measure(n: int, repeats: int) -> dict[str, float]:
    calls = 0
    original = Scheduler.review

    def counting(self: Scheduler, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    with tempfile.TemporaryDirectory() as workdir:
        col = build(os.path.join(workdir, "c.db"), n)
        times, cpu = [], []
        for _ in range(repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            plan = col.study_plan()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        Scheduler.review = counting  # type: ignore[method-assign]
        try:
            col.study_plan()
        finally:
            Scheduler.review = original  # type: ignore[method-assign]
        col.close()
    return {"n": n, "median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000,
            "cpu_ms": statistics.median(cpu) * 1000,
            "scheduler_calls": calls, "cards_seen": plan.final_window.cards_seen if plan.final_window else 0,
            "cards": plan.cards}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, action="append")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (2 cores)", file=sys.stderr)
    print(f"{'cards':>7} {'median ms':>10} {'min ms':>8} {'cpu ms':>8} {'fsrs calls':>10} {'seen in window':>15}")
    for n in args.n or [1000, 10000, 50000]:
        r = measure(n, args.repeats)
        print(f"{r['n']:>7} {r['median_ms']:>10.1f} {r['min_ms']:>8.1f} {r['cpu_ms']:>8.1f} {r['scheduler_calls']:>10} "
              f"{r['cards_seen']:>7}/{r['cards']}")
    print(f"load average after {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
