#!/usr/bin/env python3
"""FlashDeck core benchmark: the work of ``../shared/bench/anki_bench.py``, through ``Collection``.

For each collection size N (each N in its own child process, so peak RSS is per N):
  a) add N basic notes in bulk (``Collection.add_notes``) and, in a second
     collection, import the same N notes from a TSV file (``import_file(fmt="csv")``)
  b) next card + answer for K consecutive cards (``next_card`` -> ``answer``),
     first on new cards, then on due review cards
  c) counting due cards and four searches
  d) opening the collection in a fresh process, and a persistence check
  e) peak RSS (VmHWM)
plus ``python -c "import flashdeck.collection"`` (median of 5 runs).

Same texts, rating mixes, seeds and daily limits (9999) as anki_bench.

Usage:
  python bench/bench_core.py --n 1000 --json     # one N, JSON on stdout
  python bench/bench_core.py --n 1000 --n 10000  # several N, table
  python bench/bench_core.py                     # N = 1000, 10000, 50000

Time: the collection runs on a ManualClock pinned at the wall-clock time the
worker started (not moving during the run). Anki's loop runs on the real clock
but finishes 1000 answers in well under a minute, so no learning card (due in
>= 1 minute) falls due during it either; both show learning cards early only
through the 20-minute learn-ahead, once nothing else is left.

Review phase (the counterpart of Anki's ``sched.set_due_date(all, "0")``):
FlashDeck has no "set due date" action, so the bench writes the card state
directly with ONE BENCH-ONLY SQL UPDATE through ``col.store`` (see
``make_all_due``): every card of the deck becomes a review card (phase=2)
with stability 5 days, difficulty 5, last review 3 days ago, due now; no
review-log rows are written. The queue is then rebuilt by
``col.select_deck("Bench")``. Timed as ``set_due_date_all_s``.

Persistence: ``Collection.answer`` commits every answer (WAL,
synchronous=FULL) before it returns. ``persist_check`` answers 5 cards in a
child that exits with ``os._exit(0)`` (no close, no atexit) and counts the
review-log rows afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_NS = (1000, 10000, 50000)
DECK = "Bench"
SEED = 42
# rating mixes (Again, Hard, Good, Easy) in percent -- as anki_bench
NEW_MIX = (10, 10, 60, 20)
REVIEW_MIX = (10, 10, 70, 10)
DAILY_LIMIT = 9999  # the largest limit Anki accepts; anki_bench uses it
SEARCH_REPEATS = 5
COUNT_REPEATS = 5
FRESH_PROC_OPEN_REPEATS = 3
IMPORT_REPEATS = 5
HERE = os.path.abspath(__file__)
# Started by path (compare_anki.py does), Python puts bench/ first on sys.path, and an editable install
# then imports the package from wherever it was installed (another worktree): measure this checkout.
if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))


def front(i: int) -> str:
    return f"Question {i}: what is the capital of country{i}?"


def back(i: int) -> str:
    return f"Answer {i}: <b>city{i}</b>, population {i * 37 % 100000}"


def rss_mb() -> float:
    """Peak RSS of this process (VmHWM, this address space only) in MiB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def pct(sorted_vals: list[float], p: float) -> float:
    """Nearest-rank percentile, the same formula as anki_bench."""
    if not sorted_vals:
        return float("nan")
    k = min(len(sorted_vals) - 1, max(0, round(p / 100.0 * len(sorted_vals) + 0.5) - 1))
    return sorted_vals[k]


def summarize_ms(vals_s: list[float]) -> dict:
    v = sorted(x * 1000.0 for x in vals_s)
    if not v:
        return {"n": 0}
    return {
        "n": len(v),
        "mean_ms": statistics.fmean(v),
        "p50_ms": pct(v, 50),
        "p95_ms": pct(v, 95),
        "p99_ms": pct(v, 99),
        "max_ms": v[-1],
        "total_s": sum(v) / 1000.0,
    }


def timed_repeats(fn, repeats: int):
    times, res = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = fn()
        times.append(time.perf_counter() - t0)
    return {"first_ms": times[0] * 1000, "median_ms": statistics.median(times) * 1000,
            "min_ms": min(times) * 1000}, res


def file_sizes(path: str) -> dict:
    return {"db" + s.replace("-", "_"): (os.path.getsize(path + s) if os.path.exists(path + s) else 0)
            for s in ("", "-wal", "-shm")}


# --------------------------------------------------------------------------
# worker: everything for one N, in its own process
# --------------------------------------------------------------------------


def make_clock(at: float):
    from datetime import UTC, datetime

    from flashdeck.core.clock import ManualClock

    return ManualClock(datetime.fromtimestamp(at, tz=UTC))


def open_collection(path: str, at: float):
    from flashdeck.collection import Collection

    return Collection.open(path, clock=make_clock(at), fuzz=False)


def add_bulk(workdir: str, n: int, at: float):
    from flashdeck.core.notes import NoteDraft

    d = os.path.join(workdir, "bulk")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "collection.db")
    col = open_collection(path, at)
    t0 = time.perf_counter()
    drafts = [NoteDraft(kind="basic", fields={"front": front(i), "back": back(i)}) for i in range(n)]
    t1 = time.perf_counter()
    report = col.add_notes(drafts, deck=DECK)  # one transaction, committed
    t2 = time.perf_counter()
    assert report.added == n, report
    cards = col.store.scalar("SELECT count(*) FROM cards")
    assert cards == n, cards
    return {
        "total_s": t2 - t0,
        "build_drafts_s": t1 - t0,
        "add_notes_call_s": t2 - t1,
        "per_note_ms": (t2 - t0) / n * 1000,
        "notes_per_s": n / (t2 - t0),
    }, col, path


def add_csv(workdir: str, n: int, at: float) -> dict:
    """TSV import, written exactly as anki_bench's add_csv writes it."""
    d = os.path.join(workdir, "csv")
    os.makedirs(d, exist_ok=True)
    col = open_collection(os.path.join(d, "collection.db"), at)
    tsv = os.path.join(d, "notes.tsv")
    t0 = time.perf_counter()
    with open(tsv, "w", encoding="utf-8") as f:
        f.write("#separator:tab\n#html:true\n#columns:Front\tBack\n")
        for i in range(n):
            f.write(f"{front(i)}\t{back(i)}\n")
    t1 = time.perf_counter()
    report = col.import_file(tsv, fmt="csv", deck=DECK)
    t2 = time.perf_counter()
    assert report.added == n, (report.added, n)
    assert col.store.scalar("SELECT count(*) FROM cards") == n
    col.close()
    return {
        "total_s": t2 - t0,
        "write_tsv_s": t1 - t0,
        "import_s": t2 - t1,
        "per_note_ms": (t2 - t0) / n * 1000,
        "notes_per_s": n / (t2 - t0),
    }


def set_high_limits(col) -> dict:
    col.set_deck_limits(DECK, new_per_day=DAILY_LIMIT, reviews_per_day=DAILY_LIMIT)
    new, rev = col.deck_limits(DECK)
    assert (new, rev) == (DAILY_LIMIT, DAILY_LIMIT)
    col.select_deck(DECK)
    return {"new_per_day": new, "rev_per_day": rev}


def answer_loop(col, k: int, mix, seed: int) -> dict:
    """next card + answer, k times, the way a review screen does it."""
    from flashdeck.core.scheduling import Rating

    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    rng = random.Random(seed)
    total, t_get, t_ans = [], [], []
    kinds = {"new": 0, "learning": 0, "review": 0}
    # first call after invalidation builds the queue (cost ~ N)
    t0 = time.perf_counter()
    first = col.next_card()
    first_s = time.perf_counter() - t0
    c = col.counts()
    counts_before = (c.new, c.learning, c.review)
    del first
    for _ in range(k):
        t0 = time.perf_counter()
        card = col.next_card()
        if card is None:
            break
        t1 = time.perf_counter()
        rating = rng.choices(ratings, weights=mix)[0]
        col.answer(card.id, rating, int((t1 - t0) * 1000))  # committed (fsync) before it returns
        t2 = time.perf_counter()
        total.append(t2 - t0)
        t_get.append(t1 - t0)
        t_ans.append(t2 - t1)
        kinds[card.queue or "new"] += 1
    return {
        "answered": len(total),
        "first_next_card_ms": first_s * 1000,
        "counts_before": counts_before,
        "card_kinds": kinds,
        "next_plus_answer": summarize_ms(total),
        "next_only": summarize_ms(t_get),
        "answer_only": summarize_ms(t_ans),
    }


# BENCH-ONLY: FlashDeck has no "set due date" action; this is the stand-in for
# Anki's sched.set_due_date(all_cards, "0"). It is not a Collection API and
# bypasses undo and the review log on purpose.
BENCH_MAKE_DUE_SQL = (
    "UPDATE cards SET phase=2, step=NULL, stability=?, difficulty=?, last_review=?, due=?, "
    "reps=CASE WHEN reps=0 THEN 1 ELSE reps END, buried_until=0 "
    "WHERE deck_id=? AND NOT suspended{extra}"
)


def make_all_due(col, limit: int | None = None) -> int:
    """Every (or ``limit``) card of the deck becomes a review card due now; returns how many."""
    now = int(col.clock.now().timestamp())
    deck_id = col.store.deck_id(DECK)
    extra = ""
    params: list = [5.0, 5.0, now - 3 * 86400, now, deck_id]
    if limit is not None:
        extra = " AND id IN (SELECT id FROM cards WHERE deck_id=? ORDER BY id LIMIT ?)"
        params += [deck_id, limit]
    with col.store.transaction() as conn:
        done = conn.execute(BENCH_MAKE_DUE_SQL.format(extra=extra), tuple(params))
        count = done.rowcount
    col.select_deck(DECK)  # invalidates and rebuilds the study queue on next use
    return int(count)


def searches(col, n: int) -> dict:
    out = {}
    queries = {
        "is_due": f"deck:{DECK} is:due",
        "is_new": f"deck:{DECK} is:new",
        "whole_deck": f"deck:{DECK}",
        "text": f"deck:{DECK} city{n // 2}",  # substring scan of note fields
    }
    for key, qs in queries.items():
        stats, ids = timed_repeats(lambda qs=qs: col.search(qs), SEARCH_REPEATS)
        stats["query"] = qs
        stats["hits"] = len(ids)
        out[key] = stats
    stats, ids = timed_repeats(lambda: col.search(f"deck:{DECK} is:due", sort="due"), SEARCH_REPEATS)
    stats["hits"] = len(ids)
    out["is_due_ordered"] = stats
    out["headline_ms"] = max(out[k]["median_ms"] for k in queries)
    out["headline"] = "slowest of the four queries' medians"
    return out


def count_due(col) -> tuple[dict, dict]:
    """(due_counts(deck) -- the deck-list counts --, a plain SQL count of due reviews)."""

    def tree():
        c = col.due_counts(DECK)
        return (c.new, c.learning, c.review)

    stats, c = timed_repeats(tree, COUNT_REPEATS)
    stats["counts_new_lrn_rev"] = c
    stats["note"] = "Collection.due_counts; capped by daily limits (9999)"
    day = col.today()
    deck_id = col.store.deck_id(DECK)
    sql_stats, cnt = timed_repeats(
        lambda: col.store.scalar(
            "SELECT count(*) FROM cards WHERE deck_id=? AND phase=2 AND due<?", (deck_id, day.end_ts)
        ),
        COUNT_REPEATS,
    )
    sql_stats["count"] = cnt
    return stats, sql_stats


def worker(n: int, k: int, workdir: str, keep: bool) -> dict:
    at = time.time()
    t_imp = time.perf_counter()
    import flashdeck.collection  # noqa: F401

    import_s = time.perf_counter() - t_imp
    from flashdeck import __version__ as fd_version

    res: dict = {"n": n, "answers_requested": k, "flashdeck_version": fd_version,
                 "in_process_import_s": import_s, "rss_after_import_mb": rss_mb(),
                 "clock_at": at}
    os.makedirs(workdir, exist_ok=True)

    # a) adding notes: TSV import (own collection), then bulk add (kept open)
    add = {"csv_import": add_csv(workdir, n, at)}
    if not keep:
        shutil.rmtree(os.path.join(workdir, "csv"))
    bulk, col, path = add_bulk(workdir, n, at)
    add["bulk_add_notes"] = bulk
    res["add_notes"] = add
    raw = col.store._raw  # the sqlite3 connection, only to read pragmas
    res["pragmas"] = {p: raw.execute(f"pragma {p}").fetchone()[0]
                      for p in ("journal_mode", "synchronous", "locking_mode", "page_size")}

    # b) new cards
    res["limits"] = set_high_limits(col)
    res["answer_new"] = answer_loop(col, k, NEW_MIX, SEED)
    row = col.store.fetchall("SELECT stability, difficulty FROM cards WHERE phase<>0 LIMIT 1")
    res["fsrs_memory_state_sample"] = (
        {"stability": round(row[0][0], 4), "difficulty": round(row[0][1], 4)} if row and row[0][0] else None
    )

    # b') due reviews: the bench-only stand-in for set_due_date(all, "0")
    t0 = time.perf_counter()
    res["made_due"] = make_all_due(col)
    res["set_due_date_all_s"] = time.perf_counter() - t0
    res["answer_review"] = answer_loop(col, k, REVIEW_MIX, SEED + 1)

    # extra (not part of next+answer): render question+answer HTML
    cids = col.search(f"deck:{DECK}", limit=200)
    times = []
    for cid in cids:
        card = col.card(cid)
        t0 = time.perf_counter()
        card.render()
        times.append(time.perf_counter() - t0)
    res["render_q_and_a"] = summarize_ms(times)

    # c) counts and search
    res["count_due"], res["count_due_sql"] = count_due(col)
    res["search"] = searches(col, n)
    res["revlog_rows"] = col.store.scalar("SELECT count(*) FROM revlog")

    res["size_open"] = file_sizes(path)
    t0 = time.perf_counter()
    col.close()
    res["close_s"] = time.perf_counter() - t0
    res["size_closed"] = file_sizes(path)
    res["size_closed_mb"] = res["size_closed"]["db"] / 1e6

    # d) reopen in-process (module imported, page cache warm)
    opens, firsts, closes = [], [], []
    for _ in range(5):
        t0 = time.perf_counter()
        c = open_collection(path, at)
        t1 = time.perf_counter()
        c.next_card()
        t2 = time.perf_counter()
        c.close()
        t3 = time.perf_counter()
        opens.append(t1 - t0)
        firsts.append(t2 - t1)
        closes.append(t3 - t2)
    res["reopen_in_process"] = {
        "open_median_ms": statistics.median(opens) * 1000,
        "first_queue_median_ms": statistics.median(firsts) * 1000,
        "close_median_ms": statistics.median(closes) * 1000,
        "open_plus_close_median_ms": statistics.median(
            [a + b for a, b in zip(opens, closes, strict=True)]
        ) * 1000,
    }

    # d') open in a fresh process: import + open + first queue + close
    runs = []
    for _ in range(FRESH_PROC_OPEN_REPEATS):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, HERE, "--_open_child", path, "--_at", repr(at)],
                             check=True, capture_output=True, text=True)
        outer = (time.perf_counter() - t0) * 1000
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["outer_wall_ms"] = outer
        runs.append(r)
    med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    res["open_fresh_process"] = {
        "import_ms": med("import_ms"),
        "open_ms": med("open_ms"),
        "first_queue_ms": med("first_queue_ms"),
        "close_ms": med("close_ms"),
        "open_plus_close_ms": med("open_ms") + med("close_ms"),
        "process_wall_ms": med("wall_ms"),
        "outer_wall_ms": med("outer_wall_ms"),
        "peak_rss_mb": med("peak_rss_mb"),
    }

    # persistence: 5 answers in a child that exits without close()
    before = _revlog_count(path, at, ensure_due=5)
    subprocess.run([sys.executable, HERE, "--_persist_child", path, "--_at", repr(at)],
                   check=True, capture_output=True)
    after = _revlog_count(path, at)
    res["persist_check"] = {"revlog_before": before, "revlog_after_child_killed_without_close": after,
                            "ok": after - before == 5}

    res["peak_rss_mb"] = rss_mb()
    if not keep:
        shutil.rmtree(os.path.dirname(path))
    return res


def _revlog_count(path: str, at: float, ensure_due: int = 0) -> int:
    c = open_collection(path, at)
    try:
        if ensure_due:
            c.select_deck(DECK)
            if c.counts().total < ensure_due:
                # small N: the answer phases may have emptied today's queue
                make_all_due(c, limit=ensure_due)
        return int(c.store.scalar("SELECT count(*) FROM revlog"))
    finally:
        c.close()


def open_child(path: str, at: float) -> None:
    w0 = time.perf_counter()
    t0 = time.perf_counter()
    from flashdeck.collection import Collection

    t1 = time.perf_counter()
    col = Collection.open(path, clock=make_clock(at), fuzz=False)
    t2 = time.perf_counter()
    col.next_card()  # builds the study queue
    t3 = time.perf_counter()
    col.close()
    t4 = time.perf_counter()
    print(json.dumps({
        "import_ms": (t1 - t0) * 1000,
        "open_ms": (t2 - t1) * 1000,
        "first_queue_ms": (t3 - t2) * 1000,
        "close_ms": (t4 - t3) * 1000,
        "wall_ms": (t4 - w0) * 1000,  # excludes interpreter startup, as anki_bench
        "peak_rss_mb": rss_mb(),
    }))


def persist_child(path: str, at: float) -> None:
    from flashdeck.collection import Collection
    from flashdeck.core.scheduling import Rating

    col = Collection.open(path, clock=make_clock(at), fuzz=False)
    col.select_deck(DECK)
    for _ in range(5):
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.GOOD, 1000)
    sys.stdout.flush()
    os._exit(0)  # no close(), no atexit: only what was committed survives


# --------------------------------------------------------------------------
# parent
# --------------------------------------------------------------------------


def median_subprocess_ms(args: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(args, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def sqlite_commit_floor(workdir: str, commits: int = 1000) -> dict:
    """stdlib sqlite3, WAL + synchronous=FULL: one tiny update per commit (as anki_bench)."""
    d = tempfile.mkdtemp(dir=workdir)
    p = os.path.join(d, "floor.db")
    con = sqlite3.connect(p, isolation_level=None)
    con.execute("pragma journal_mode=wal")
    con.execute("pragma synchronous=FULL")
    con.execute("create table t (id integer primary key, v integer)")
    con.execute("insert into t values (1, 0)")
    times = []
    for i in range(commits):
        t0 = time.perf_counter()
        con.execute("begin")
        con.execute("update t set v=? where id=1", (i,))
        con.execute("commit")
        times.append(time.perf_counter() - t0)
    con.close()
    shutil.rmtree(d)
    s = summarize_ms(times)
    return {"mean_ms": s["mean_ms"], "p99_ms": s["p99_ms"], "commits": commits}


def run_worker_subprocess(n: int, args, workdir: str) -> dict:
    cmd = [sys.executable, HERE, "--_worker", "--n", str(n), "--answers", str(args.answers),
           "--workdir", os.path.join(workdir, f"n{n}")]
    if args.keep:
        cmd.append("--keep")
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"worker for N={n} failed (rc={out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_merge(runs: list):
    """Element-wise median of numeric leaves across repeated runs (as anki_bench)."""
    first = runs[0]
    if isinstance(first, bool):
        return all(runs)
    if first is None or isinstance(first, str):
        return first
    if isinstance(first, (int, float)):
        return first if all(r == first for r in runs) else statistics.median(runs)
    if isinstance(first, dict):
        return {k: median_merge([r[k] for r in runs if k in r]) for k in first}
    if isinstance(first, (list, tuple)) and all(
        isinstance(r, (list, tuple)) and len(r) == len(first) for r in runs
    ):
        return [median_merge([r[i] for r in runs]) for i in range(len(first))]
    return first


def headline(r: dict, import_collection_ms: float) -> dict:
    """The contract's flat keys, from one N's full result."""
    new, rev = r["answer_new"]["next_plus_answer"], r["answer_review"]["next_plus_answer"]
    search = r["search"]
    return {
        "n": r["n"],
        "bulk_add_s": r["add_notes"]["bulk_add_notes"]["total_s"],
        "queue_build_ms": r["answer_new"]["first_next_card_ms"],
        "queue_build_review_ms": r["answer_review"]["first_next_card_ms"],
        "next_answer_new_mean_ms": new["mean_ms"],
        "next_answer_new_p50_ms": new["p50_ms"],
        "next_answer_new_p99_ms": new["p99_ms"],
        "next_answer_review_mean_ms": rev["mean_ms"],
        "next_answer_review_p50_ms": rev["p50_ms"],
        "next_answer_review_p99_ms": rev["p99_ms"],
        "set_due_date_all_s": r["set_due_date_all_s"],
        "count_due_ms": r["count_due"]["median_ms"],
        "count_due_sql_ms": r["count_due_sql"]["median_ms"],
        "search_ms": {
            **{k: {f: search[k][f] for f in ("median_ms", "hits", "query")}
               for k in ("is_due", "is_new", "whole_deck", "text")},
            "headline_ms": search["headline_ms"],
        },
        "open_fresh_ms": r["open_fresh_process"]["open_plus_close_ms"],
        "open_fresh_process_wall_ms": r["open_fresh_process"]["process_wall_ms"],
        "open_fresh": r["open_fresh_process"],
        "import_ms": r["add_notes"]["csv_import"]["total_s"] * 1000,
        "peak_rss_mb": r["peak_rss_mb"],
        "import_collection_ms": import_collection_ms,
        "persist_ok": r["persist_check"]["ok"],
    }


ROWS = [
    ("bulk add s", "bulk_add_s"),
    ("queue build ms", "queue_build_ms"),
    ("new: next+answer mean ms", "next_answer_new_mean_ms"),
    ("new: next+answer p50 ms", "next_answer_new_p50_ms"),
    ("new: next+answer p99 ms", "next_answer_new_p99_ms"),
    ("set due (all) s", "set_due_date_all_s"),
    ("rev: queue build ms", "queue_build_review_ms"),
    ("rev: next+answer mean ms", "next_answer_review_mean_ms"),
    ("rev: next+answer p50 ms", "next_answer_review_p50_ms"),
    ("rev: next+answer p99 ms", "next_answer_review_p99_ms"),
    ("count due ms", "count_due_ms"),
    ("count due (SQL) ms", "count_due_sql_ms"),
    ("search headline ms", ("search_ms", "headline_ms")),
    ("fresh proc: open+close ms", "open_fresh_ms"),
    ("fresh proc: wall ms", "open_fresh_process_wall_ms"),
    ("TSV import ms", "import_ms"),
    ("peak RSS MB", "peak_rss_mb"),
    ("persist check ok", "persist_ok"),
]


def print_table(report: dict) -> None:
    meta = report["meta"]
    print(f"flashdeck {meta['flashdeck_version']} | python {meta['python']} | {meta['cpus']} CPUs | "
          f"{meta['platform']} | median of {meta['repeat']} run(s) per N")
    print(f"python -c 'import flashdeck.collection': median {meta['import_collection_ms']:.0f} ms "
          f"(bare interpreter {meta['python_startup_ms']:.0f} ms); sqlite3 commit floor mean "
          f"{meta['sqlite_commit_floor']['mean_ms']:.3f} ms")
    hs = report["headline"]
    w0 = max(len(r[0]) for r in ROWS) + 2
    print("metric".ljust(w0) + "".join(f"N={h['n']}".rjust(12) for h in hs))
    for label, key in ROWS:
        cells = []
        for h in hs:
            v = h[key[0]][key[1]] if isinstance(key, tuple) else h[key]
            if isinstance(v, bool) or not isinstance(v, float):
                cells.append(str(v))
            else:
                cells.append(f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}")
        print(label.ljust(w0) + "".join(c.rjust(12) for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, action="append", help="collection size (repeatable)")
    ap.add_argument("--answers", type=int, default=1000, help="consecutive answers per phase")
    ap.add_argument("--repeat", type=int, default=1, help="fresh worker runs per N (medians)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--out", default=None, help="also write the JSON report to this file")
    ap.add_argument("--workdir", default=None, help="where collections are created (default: a /tmp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the collections")
    ap.add_argument("--_worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--_open_child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_persist_child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_at", type=float, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_tsv_child", default=None, help=argparse.SUPPRESS)  # a workdir: the TSV import alone
    args = ap.parse_args()

    if args._tsv_child:
        # compare_anki.py --only tsv: one TSV import in a fresh process, as the worker runs it first
        os.makedirs(args._tsv_child, exist_ok=True)
        import flashdeck.collection  # noqa: F401  (not timed, as in the worker)

        print(json.dumps(add_csv(args._tsv_child, args.n[0], time.time())))
        return

    if args._open_child:
        open_child(args._open_child, args._at)
        return
    if args._persist_child:
        persist_child(args._persist_child, args._at)
        return
    if args._worker:
        print(json.dumps(worker(args.n[0], args.answers, args.workdir, args.keep)))
        return

    ns = args.n or list(DEFAULT_NS)
    workdir = args.workdir or tempfile.mkdtemp(prefix="flashdeck_bench_", dir="/tmp")
    os.makedirs(workdir, exist_ok=True)
    try:
        import_cmd = [sys.executable, "-c", "import flashdeck.collection"]
        import_ms = median_subprocess_ms(import_cmd, IMPORT_REPEATS)
        startup_ms = median_subprocess_ms([sys.executable, "-c", "pass"], IMPORT_REPEATS)
        floor = sqlite_commit_floor(workdir)
        from flashdeck import __version__ as fd_version

        report: dict = {
            "meta": {
                "flashdeck_version": fd_version,
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "answers_per_phase": args.answers,
                "repeat": args.repeat,
                "rating_mix_new_AHGE_pct": NEW_MIX,
                "rating_mix_review_AHGE_pct": REVIEW_MIX,
                "seed": SEED,
                "daily_limits": DAILY_LIMIT,
                "import_collection_ms": import_ms,
                "python_startup_ms": startup_ms,
                "sqlite_commit_floor": floor,
                "workdir": workdir,
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            },
            "results": [],
        }
        for n in ns:
            runs = []
            for r in range(max(1, args.repeat)):
                print(f"... flashdeck N={n} (run {r + 1}/{args.repeat})", file=sys.stderr, flush=True)
                runs.append(run_worker_subprocess(n, args, workdir))
            merged = median_merge(runs)
            merged["runs"] = len(runs)
            report["results"].append(merged)
        report["headline"] = [headline(r, import_ms) for r in report["results"]]
        if len(report["headline"]) == 1:
            # `--n N --json`: the contract's flat keys at the top level too
            report.update({k: v for k, v in report["headline"][0].items() if k != "n"})
            report["n"] = ns[0]
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    if args.out:
        with open(args.out, "w") as fh:
            json.dump(report, fh, indent=2)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
