#!/usr/bin/env python3
"""Statistics for a heavy user, FlashDeck beside Anki: 50,000 cards and 1,000,000 reviews, the same history in both.

The history is generated here, from one seed, by the same code on both sides: reviews spread over
the last two years (one every ~63 s, each at a distinct millisecond), each of a random card, ratings
Again/Hard/Good/Easy 10/10/70/10 %, 2-20 s each; a card's first review is a learning step, an Again
sends a card to relearning. Then every card is a review card due some day from two years ago to
60 days ahead (its last review plus an interval). FlashDeck gets it through ``Collection.add_notes``
and its review log table, Anki through ``col.add_notes`` and its ``revlog`` table (the rows Anki's
scheduler would write: id = the review's time in ms, ease, interval, time, type).

Measured, each side in its own process (median of ``--repeat``, first call reported apart):
- in process, the statistics computation: FlashDeck's ``col.stats()`` + ``col.stats_full()`` (what
  ``flashdeck stats --json`` computes: counts, heatmap, 90-day forecast, retention, card states,
  30 days of time, rehearsal); Anki's ``graphs`` backend call over the whole collection and one
  year (what its Statistics screen draws: reviews per day, future due, card counts, intervals,
  ease, hours, buttons, retention);
- the fresh-process command, wall time from start to exit: ``python -m flashdeck --db C stats
  --json`` against ``python -c`` that imports anki, opens the collection, computes the graphs and
  prints them as JSON (Anki has no statistics command; this is the least such a command does).

  python bench/compare_stats.py [--cards 50000] [--reviews 1000000] [--repeat 5] [--json] [--out F]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

HERE = os.path.dirname(os.path.abspath(__file__))
DAY_MS = 86_400_000
SEED = 7
# Again, Hard, Good, Easy: cumulative shares
RATING_CUTS = (0.10, 0.20, 0.90)


def front(i: int) -> str:
    return f"Question {i}: what is the capital of country{i}?"


def back(i: int) -> str:
    return f"Answer {i}: <b>city{i}</b>, population {i * 37 % 100000}"


def history(cards: int, reviews: int, now_ms: int) -> Iterator[tuple[int, int, int, int, int, int]]:
    """(card index, time ms, rating 1-4, duration ms, reviews of the card before, time of its last review or 0)."""
    rng = random.Random(SEED)
    span = 730 * DAY_MS
    step = span // reviews
    start = now_ms - span - DAY_MS
    done = [0] * cards
    last = [0] * cards
    for i in range(reviews):
        at = start + i * step + rng.randrange(step)
        card = rng.randrange(cards)
        roll = rng.random()
        rating = 1 if roll < RATING_CUTS[0] else 2 if roll < RATING_CUTS[1] else 3 if roll < RATING_CUTS[2] else 4
        yield card, at, rating, rng.randint(2000, 20000), done[card], last[card]
        done[card] += 1
        last[card] = at


def final_states(cards: int, now_ms: int) -> Iterator[tuple[int, int, int, int, int]]:
    """(card index, reviews, lapses, last review ms, interval days) after the history."""
    reps, lapses, last = [0] * cards, [0] * cards, [0] * cards
    for card, at, rating, _, _, _ in history(cards, ARGS.reviews, now_ms):
        reps[card] += 1
        lapses[card] += rating == 1
        last[card] = at
    rng = random.Random(SEED + 1)
    for i in range(cards):
        yield i, reps[i], lapses[i], last[i] or now_ms - DAY_MS, rng.randint(1, 60)


# --------------------------------------------------------------------------- FlashDeck side


def build_flashdeck(path: str, now_ms: int) -> None:
    from datetime import UTC, datetime

    from flashdeck.collection import Collection
    from flashdeck.core.clock import ManualClock
    from flashdeck.core.notes import NoteDraft

    col = Collection.open(path, clock=ManualClock(datetime.fromtimestamp(now_ms / 1000, tz=UTC)), fuzz=False)
    col.add_notes([NoteDraft("basic", {"front": front(i), "back": back(i)}) for i in range(ARGS.cards)], deck="Heavy")
    ids = [r[0] for r in col.store.fetchall("SELECT id FROM cards ORDER BY id")]
    rows = []
    for card, at, rating, spent, before, last in history(ARGS.cards, ARGS.reviews, now_ms):
        phase_before = 0 if before == 0 else 2
        phase_after = 3 if rating == 1 else 2
        interval_s = 600 if rating == 1 else 86400 * (1 + rating * 2)
        rows.append((ids[card], at, rating, spent, phase_before, None, 5.0 if before else None,
                     5.0 if before else None, last // 1000, last // 1000 if before else None,
                     phase_after, None, 5.0, 5.0, at // 1000 + interval_s))
    with col.store.transaction() as tx:
        col.store.insert_reviews(tx, rows)
        tx.executemany("UPDATE cards SET phase=2, stability=?, difficulty=5, due=?, last_review=?, reps=?, lapses=? "
                       "WHERE id=?",
                       [(float(ivl), last // 1000 + ivl * 86400, last // 1000, reps, lapses, ids[i])
                        for i, reps, lapses, last, ivl in final_states(ARGS.cards, now_ms)])
    col.close()


def measure_flashdeck(path: str, now_ms: int) -> dict:
    from datetime import UTC, datetime

    from flashdeck.collection import Collection
    from flashdeck.core.clock import ManualClock

    col = Collection.open(path, clock=ManualClock(datetime.fromtimestamp(now_ms / 1000, tz=UTC)), fuzz=False)

    def compute() -> dict:
        return {**col.stats().to_dict(), **col.stats_full().to_dict()}

    out = timed(compute)
    out["reviews_in_heatmap"] = out.pop("result")["heatmap"]["total_reviews"]
    col.close()
    return out


# --------------------------------------------------------------------------- Anki side


def build_anki(path: str, now_ms: int) -> None:
    from anki.collection import AddNoteRequest, Collection

    col = Collection(path)
    col.set_config("fsrs", True)
    did = col.decks.id("Heavy")
    basic = col.models.by_name("Basic")
    reqs = []
    for i in range(ARGS.cards):
        note = col.new_note(basic)
        note["Front"], note["Back"] = front(i), back(i)
        reqs.append(AddNoteRequest(note=note, deck_id=did))
    col.add_notes(reqs)
    ids = col.db.list("SELECT id FROM cards ORDER BY id")
    rows = []
    last_ivl = [0] * ARGS.cards
    for card, at, rating, spent, before, _last in history(ARGS.cards, ARGS.reviews, now_ms):
        kind = 0 if before == 0 else 2 if rating == 1 and last_ivl[card] > 0 else 1
        ivl = -600 if rating == 1 else 1 + rating * 2
        rows.append((at, ids[card], -1, rating, ivl, last_ivl[card], 2500, min(spent, 60000), kind))
        last_ivl[card] = ivl
    crt = col.crt
    col.close()
    # The history goes in with the sqlite3 module: the backend's executemany takes ~50 ms a thousand rows.
    import sqlite3

    db = sqlite3.connect(path)
    with db:
        db.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                       "VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("UPDATE cards SET type=2, queue=2, due=?, ivl=?, factor=2500, reps=?, lapses=? WHERE id=?",
                       [((last // 1000 + ivl * 86400 - crt) // 86400, ivl, reps, lapses, ids[i])
                        for i, reps, lapses, last, ivl in final_states(ARGS.cards, now_ms)])
    db.close()


def measure_anki(path: str, now_ms: int) -> dict:
    from anki.collection import Collection

    col = Collection(path)
    out = timed(lambda: col._backend.graphs(search="", days=365))
    response = out.pop("result")
    out["reviews_in_graphs"] = sum(day.learn + day.relearn + day.young + day.mature + day.filtered
                                   for day in response.reviews.count.values())
    col.close()
    return out


ANKI_COMMAND = (
    "import sys\nfrom anki.collection import Collection\nfrom google.protobuf.json_format import MessageToJson\n"
    "col = Collection(sys.argv[1])\nprint(MessageToJson(col._backend.graphs(search='', days=365)))\ncol.close()\n"
)


# --------------------------------------------------------------------------- common


def timed(fn) -> dict:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(ARGS.repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {"first_ms": first, "median_ms": statistics.median(times), "min_ms": min(times), "result": result}


def fresh_process(cmd: list[str]) -> dict:
    times = []
    for _ in range(ARGS.repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": statistics.median(times), "min_ms": min(times), "runs": times}


def worker(side: str, path: str, now_ms: int) -> dict:
    t0 = time.perf_counter()
    (build_anki if side == "anki" else build_flashdeck)(path, now_ms)
    built = time.perf_counter() - t0
    size = os.path.getsize(path)
    load = os.getloadavg()[0]
    stats = (measure_anki if side == "anki" else measure_flashdeck)(path, now_ms)
    return {"build_s": built, "size_mb": size / 1e6, "loadavg_before": load, "in_process": stats}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=50_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out", default=None)
    ap.add_argument("--keep", default=None, metavar="DIR", help="build the collections in DIR and keep them")
    ap.add_argument("--_side", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_path", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_now", type=int, default=None, help=argparse.SUPPRESS)
    global ARGS
    ARGS = ap.parse_args()
    if ARGS._side:
        print(json.dumps(worker(ARGS._side, ARGS._path, ARGS._now)))
        return

    sys.path.insert(0, HERE)
    from compare_anki import anki_python

    apy = anki_python()
    now_ms = int(time.time() * 1000)
    work = ARGS.keep or tempfile.mkdtemp(prefix="flashdeck_stats_cmp_", dir="/tmp")
    os.makedirs(work, exist_ok=True)
    sides = {"anki": (apy, os.path.join(work, "heavy.anki2")),
             "flashdeck": (sys.executable, os.path.join(work, "heavy.db"))}
    report: dict = {"meta": {"cards": ARGS.cards, "reviews": ARGS.reviews, "repeat": ARGS.repeat,
                             "machine": f"{platform.platform()} | {os.cpu_count()} CPUs",
                             "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z")}}
    try:
        for side, (py, path) in sides.items():
            print(f"... building and measuring {side}", file=sys.stderr, flush=True)
            common = ["--cards", str(ARGS.cards), "--reviews", str(ARGS.reviews), "--repeat", str(ARGS.repeat)]
            out = subprocess.run([py, os.path.abspath(__file__), "--_side", side, "--_path", path,
                                  "--_now", str(now_ms), *common], capture_output=True, text=True)
            if out.returncode != 0:
                sys.stderr.write(out.stderr)
                raise SystemExit(f"{side} worker failed")
            report[side] = json.loads(out.stdout.strip().splitlines()[-1])
        # The fresh-process commands, alternating, on the collections just built.
        fd_cmd = [sys.executable, "-m", "flashdeck", "--db", sides["flashdeck"][1], "stats", "--json"]
        anki_cmd = [apy, "-c", ANKI_COMMAND, sides["anki"][1]]
        report["meta"]["loadavg_before_commands"] = os.getloadavg()[0]
        report["flashdeck"]["command"] = fresh_process(fd_cmd)
        report["anki"]["command"] = fresh_process(anki_cmd)
    finally:
        if not ARGS.keep:
            shutil.rmtree(work, ignore_errors=True)
    a, f = report["anki"], report["flashdeck"]
    report["ratio_in_process"] = f["in_process"]["median_ms"] / a["in_process"]["median_ms"]
    report["ratio_command"] = f["command"]["median_ms"] / a["command"]["median_ms"]
    if ARGS.out:
        with open(ARGS.out, "w") as fh:
            json.dump(report, fh, indent=2)
    if ARGS.json:
        print(json.dumps(report, indent=2))
        return
    m = report["meta"]
    print(f"{m['machine']} | {m['timestamp']} | {m['cards']:,} cards, {m['reviews']:,} reviews, "
          f"median of {m['repeat']}")
    print(f"load avg before: Anki {a['loadavg_before']:.2f}, FlashDeck {f['loadavg_before']:.2f}, "
          f"commands {m['loadavg_before_commands']:.2f}")
    print(f"{'':34}{'Anki':>10}{'FlashDeck':>11}{'ratio':>8}")
    rows = [("stats in process ms (median)", a["in_process"]["median_ms"], f["in_process"]["median_ms"]),
            ("stats in process ms (first call)", a["in_process"]["first_ms"], f["in_process"]["first_ms"]),
            ("stats command, fresh process ms", a["command"]["median_ms"], f["command"]["median_ms"]),
            ("building the collection s", a["build_s"], f["build_s"]),
            ("collection file MB", a["size_mb"], f["size_mb"])]
    for label, va, vf in rows:
        print(f"{label:34}{va:10.1f}{vf:11.1f}{vf / va:8.2f}")
    print(f"reviews in the year's figures: Anki {a['in_process']['reviews_in_graphs']:,}, "
          f"FlashDeck {f['in_process']['reviews_in_heatmap']:,}")


ARGS: argparse.Namespace

if __name__ == "__main__":
    main()
