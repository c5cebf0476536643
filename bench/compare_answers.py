#!/usr/bin/env python3
"""next card + answer, FlashDeck beside Anki's core, interleaved round by round in one run.

Why a second comparison beside ``compare_anki.py``: both sides commit every answer with one fsync
(WAL, synchronous=FULL), and that fsync is most of an answer's time (0.2-0.5 ms of 0.3-0.6 ms here).
Its latency drifts by a third from one minute to the next on this machine, and ``compare_anki.py``
runs each side's 1,000 answers in a different process seconds apart, so a single pair's ratio
moves by ±0.3 with nothing changed. Here both collections stay open in two long-lived workers
(Anki's in its own venv, driven through ``../shared/bench/anki_bench.py``'s own ``answer_loop``;
FlashDeck's through ``bench_core.py``'s) and answer in short alternating rounds (the order flips
each round), so both see the same disk within a second or two; each round gives one ratio. Each round starts
with a few untimed answers on both sides (``WARM_UP``), so that neither pays for resuming after the other.

Per N and phase (new cards, then every card made due), it prints the mean per answer of each side
over all rounds, the median of the per-round ratios and their spread, and the load average.
``--no-sync`` runs both with synchronous=OFF: the CPU side of an answer alone (not durable: for
the comparison only).

Usage:
  python bench/compare_answers.py --n 1000 --n 10000 --n 50000
  python bench/compare_answers.py --n 10000 --rounds 20 --per-round 50 --no-sync
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import IO, Any

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ANKI_BENCH_DIR = os.path.normpath(os.path.join(REPO, "..", "shared", "bench"))
PHASES = ("new", "review")
# Answers each side gives untimed at the start of a round: a worker resumes after the other one's round,
# and its first answers would pay for caches the other process filled, more for the larger program.
WARM_UP = 5


# -- the workers (each runs in its own interpreter; one JSON line per command) ------------------


def _serve(answer: Any, make_due: Any) -> None:
    """Answer commands from stdin: ``new K`` / ``review K`` answer K cards, ``due`` makes every card due."""
    print(json.dumps({"ready": True}), flush=True)
    rounds = 0
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "due":
            make_due()
            print(json.dumps({"due": True}), flush=True)
        elif cmd in PHASES:
            rounds += 1
            print(json.dumps(answer(cmd, int(arg), rounds)), flush=True)
        elif cmd == "quit":
            return


def anki_worker(n: int, workdir: str, no_sync: bool) -> None:
    sys.path.insert(0, ANKI_BENCH_DIR)
    import anki_bench as ab

    _res, col, did = ab.add_bulk(workdir, n, keep_open=True)
    ab.set_high_limits(col, did)
    if no_sync:
        col.db.execute("pragma synchronous=off")

    def answer(phase: str, k: int, round_no: int) -> dict:
        mix = ab.NEW_MIX if phase == "new" else ab.REVIEW_MIX
        ab.answer_loop(col, WARM_UP, mix, ab.SEED - round_no)  # untimed: caches warm again after the pause
        r = ab.answer_loop(col, k, mix, ab.SEED + round_no)
        return {"answered": r["answered"], "mean_ms": r["next_plus_answer"]["mean_ms"]}

    def make_due() -> None:
        col.sched.set_due_date(col.find_cards(f"deck:{ab.DECK}"), "0")

    answer("new", 1, 0)  # the first call builds the queue: not part of any round
    _serve(answer, make_due)


def flashdeck_worker(n: int, workdir: str, no_sync: bool) -> None:
    sys.path.insert(0, REPO)
    sys.path.insert(0, HERE)
    import bench_core as bc

    _res, col, _path = bc.add_bulk(workdir, n, time.time())
    bc.set_high_limits(col)
    if no_sync:
        col.store._raw.execute("pragma synchronous=OFF")

    def answer(phase: str, k: int, round_no: int) -> dict:
        mix = bc.NEW_MIX if phase == "new" else bc.REVIEW_MIX
        bc.answer_loop(col, WARM_UP, mix, bc.SEED - round_no)
        r = bc.answer_loop(col, k, mix, bc.SEED + round_no)
        return {"answered": r["answered"], "mean_ms": r["next_plus_answer"]["mean_ms"]}

    answer("new", 1, 0)
    _serve(answer, lambda: bc.make_all_due(col))


# -- the coordinator ----------------------------------------------------------------------------


class Worker:
    def __init__(self, name: str, python: str, n: int, workdir: str, no_sync: bool) -> None:
        self.name = name
        cmd = [python, os.path.abspath(__file__), "--_worker", name, "--n", str(n), "--workdir", workdir]
        if no_sync:
            cmd.append("--no-sync")
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self._read()  # ready

    def _read(self) -> dict:
        out: IO[str] = self.proc.stdout  # type: ignore[assignment]
        while True:
            line = out.readline()
            if not line:
                raise SystemExit(f"the {self.name} worker stopped (rc={self.proc.wait()})")
            if line.startswith("{"):  # anything else a library printed is not an answer
                return json.loads(line)  # type: ignore[no-any-return]

    def ask(self, command: str) -> dict:
        stdin: IO[str] = self.proc.stdin  # type: ignore[assignment]
        stdin.write(command + "\n")
        stdin.flush()
        return self._read()

    def ask_quit(self) -> None:
        stdin: IO[str] = self.proc.stdin  # type: ignore[assignment]
        stdin.write("quit\n")
        stdin.flush()
        self.proc.wait()


def compare(n: int, rounds: int, per_round: int, anki_python: str, no_sync: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="fd-answers-") as tmp:
        anki = Worker("anki", anki_python, n, os.path.join(tmp, "anki"), no_sync)
        fd = Worker("flashdeck", sys.executable, n, os.path.join(tmp, "flashdeck"), no_sync)
        out: dict = {"n": n, "rounds": rounds, "per_round": per_round, "load_before": os.getloadavg()[0]}
        try:
            for phase in PHASES:
                if phase == "review":
                    anki.ask("due")
                    fd.ask("due")
                a_means, f_means, ratios = [], [], []
                for r in range(rounds):
                    pair = (anki, fd) if r % 2 == 0 else (fd, anki)
                    got = {w.name: w.ask(f"{phase} {per_round}") for w in pair}
                    if min(g["answered"] for g in got.values()) < per_round:
                        raise SystemExit(f"N={n} {phase}: a queue ran out (answered {got}); lower --rounds")
                    a, f = got["anki"]["mean_ms"], got["flashdeck"]["mean_ms"]
                    a_means.append(a)
                    f_means.append(f)
                    ratios.append(f / a)
                q = statistics.quantiles(ratios, n=4)
                out[phase] = {
                    "anki_mean_ms": statistics.fmean(a_means),
                    "flashdeck_mean_ms": statistics.fmean(f_means),
                    "ratio_of_means": statistics.fmean(f_means) / statistics.fmean(a_means),
                    "median_round_ratio": statistics.median(ratios),
                    "round_ratio_q1_q3": (q[0], q[2]),
                    "rounds_flashdeck_faster": sum(1 for x in ratios if x < 1.0),
                }
        finally:
            anki.ask_quit()
            fd.ask_quit()
        out["load_after"] = os.getloadavg()[0]
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="cards in the collection (repeatable)")
    ap.add_argument("--rounds", type=int, default=16, help="alternating rounds per phase")
    ap.add_argument("--per-round", type=int, default=50, help="answers per side per round")
    ap.add_argument("--no-sync", action="store_true", help="synchronous=OFF on both sides: the CPU part alone")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--_worker", choices=("anki", "flashdeck"), help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._worker:
        worker = anki_worker if args._worker == "anki" else flashdeck_worker
        worker(args.n[0], args.workdir, args.no_sync)
        return
    from compare_anki import anki_python

    results = [compare(n, args.rounds, args.per_round, anki_python(), args.no_sync) for n in args.n or [10000]]
    if args.json:
        print(json.dumps({"no_sync": args.no_sync, "results": results}, indent=2))
        return
    print_table(results, args.no_sync)


def print_table(results: list[dict], no_sync: bool = False) -> None:
    sync = "synchronous=OFF (CPU only)" if no_sync else "synchronous=FULL (every answer synced)"
    print(f"next+answer, interleaved rounds, {sync}; ratio = FlashDeck/Anki (< 1: FlashDeck faster)")
    print(f"{'N':>7} {'phase':7} {'Anki ms':>8} {'FD ms':>8} {'ratio':>6} {'median':>7} {'q1-q3':>11}"
          f" {'FD faster':>10} {'load':>9}")
    for r in results:
        for phase in PHASES:
            p = r[phase]
            q1, q3 = p["round_ratio_q1_q3"]
            print(f"{r['n']:>7} {phase:7} {p['anki_mean_ms']:8.3f} {p['flashdeck_mean_ms']:8.3f}"
                  f" {p['ratio_of_means']:6.2f} {p['median_round_ratio']:7.2f} {q1:5.2f}-{q3:<5.2f}"
                  f" {p['rounds_flashdeck_faster']:>4}/{r['rounds']:<5}"
                  f" {r['load_before']:4.1f}/{r['load_after']:<4.1f}")

if __name__ == "__main__":
    main()
