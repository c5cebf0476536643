#!/usr/bin/env python3
"""FlashDeck beside Anki's core, in one run: each figure side by side with the ratio.

For every N (alternating: Anki, then FlashDeck, then the next N) this runs
``../shared/bench/anki_bench.py --n N --json`` in an Anki venv and
``bench/bench_core.py --n N --json`` in this interpreter, then prints
``metric | Anki | FlashDeck | FlashDeck/Anki | target`` (ratio < 1: FlashDeck
is faster) and which performance targets hold.

The Anki interpreter: ``$ANKI_PYTHON`` if set, else ``.bench-anki-venv/bin/python``
at the repository root; if neither exists, ``.bench-anki-venv`` is created
(``python -m venv`` + ``pip install anki``).

With ``--heavy-stats`` it also runs ``compare_stats.py`` (statistics for 50,000 cards and 1,000,000
reviews, in process and as a fresh ``flashdeck stats --json``, beside Anki's own statistics over the
same history), with ``--interleaved-answers`` ``compare_answers.py`` (next+answer in short alternating
rounds between two open collections, which the fsync's drift cannot tilt) and with ``--first-window``
``compare_startup.py`` (the first window beside Anki's
desktop app under Xvfb), and prints their tables after the others.

Usage:
  python bench/compare_anki.py --n 1000 --n 10000 --n 50000
  python bench/compare_anki.py --n 1000 --n 10000 --n 50000 --heavy-stats --first-window
  python bench/compare_anki.py --n 10000 --json --out /tmp/compare.json
  python bench/compare_anki.py --n 1000 --n 50000 --repeat 5 --only tsv   # the TSV import alone
  python bench/compare_anki.py --n 1000 --n 10000 --n 50000 --rounds 7     # alternating rounds, medians

``--rounds R`` runs R rounds per N, each one Anki worker and one FlashDeck worker, Anki first in even rounds
and FlashDeck first in odd ones, and shows each side's median over the rounds with the number of rounds in
which FlashDeck was faster. This machine's speed drifts by up to half over minutes (the same worker, run
twice a minute apart, can take 1.6 or 3.3 ms for the same search); back-to-back blocks of runs let that
drift land on one side, alternating rounds spread it over both.

``--only tsv`` runs just the TSV import (anki_bench's ``add_csv`` and bench_core's, each in a fresh process),
alternating Anki and FlashDeck run by run so that both sides see the same load, and prints the medians, the
ratio and the load average before every run.
"""



from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BENCH_CORE = os.path.join(HERE, "bench_core.py")
DEFAULT_ANKI_BENCH = os.path.normpath(os.path.join(REPO, "..", "shared", "bench", "anki_bench.py"))
ANKI_VENV = os.path.join(REPO, ".bench-anki-venv")

# Targets (docs/DESIGN "Performance targets" + the benchmark issue).
BULK_ADD_10K_S = 0.3
IMPORT_COLLECTION_MS = 175.0


def anki_python() -> str:
    env = os.environ.get("ANKI_PYTHON")
    if env:
        if not os.path.exists(env):
            raise SystemExit(f"ANKI_PYTHON={env} does not exist")
        return env
    py = os.path.join(ANKI_VENV, "bin", "python")
    if os.path.exists(py):
        return py
    print(f"creating {ANKI_VENV} (python -m venv + pip install anki) ...", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "venv", ANKI_VENV], check=True)
    subprocess.run([py, "-m", "pip", "install", "--quiet", "anki"], check=True)
    return py


def run_json(cmd: list[str]) -> dict:
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"failed (rc={out.returncode}): {' '.join(cmd)}")
    text = out.stdout
    return json.loads(text[text.index("{"):])  # type: ignore[no-any-return]


def dig(d: Any, *keys: str) -> Any:
    for k in keys:
        if d is None or k not in d:
            return None
        d = d[k]
    return d


Getter = Callable[[dict, dict], Any]  # (meta, result) -> value


def A(*keys: str, scale: float = 1.0) -> Getter:
    def get(meta: dict, r: dict) -> Any:
        v = dig({"meta": meta, **r}, *keys)
        return v * scale if isinstance(v, (int, float)) and not isinstance(v, bool) else v
    return get


# (label, Anki getter, FlashDeck getter) -- FlashDeck reads its flat headline keys
# ("h") or its full result; Anki reads its result (or "meta").
ROWS: list[tuple[str, Getter, Getter]] = [
    ("bulk add s", A("add_notes", "bulk_add_notes", "total_s"), A("h", "bulk_add_s")),
    ("queue build ms", A("answer_new", "first_get_queued_cards_ms"), A("h", "queue_build_ms")),
    ("new: next+answer mean ms", A("answer_new", "next_plus_answer", "mean_ms"), A("h", "next_answer_new_mean_ms")),
    ("new: next+answer p50 ms", A("answer_new", "next_plus_answer", "p50_ms"), A("h", "next_answer_new_p50_ms")),
    ("new: next+answer p99 ms", A("answer_new", "next_plus_answer", "p99_ms"), A("h", "next_answer_new_p99_ms")),
    ("set due date (all) s", A("set_due_date_all_s"), A("h", "set_due_date_all_s")),
    ("rev: queue build ms", A("answer_review", "first_get_queued_cards_ms"), A("h", "queue_build_review_ms")),
    ("rev: next+answer mean ms", A("answer_review", "next_plus_answer", "mean_ms"),
     A("h", "next_answer_review_mean_ms")),
    ("rev: next+answer p50 ms", A("answer_review", "next_plus_answer", "p50_ms"), A("h", "next_answer_review_p50_ms")),
    ("rev: next+answer p99 ms", A("answer_review", "next_plus_answer", "p99_ms"), A("h", "next_answer_review_p99_ms")),
    ("count due (deck list) ms", A("search", "deck_due_tree", "median_ms"), A("h", "count_due_ms")),
    ("count due (SQL) ms", A("search", "count_due_sql", "median_ms"), A("h", "count_due_sql_ms")),
    ("search 'is:due' ms", A("search", "find_cards_is_due", "median_ms"), A("h", "search_ms", "is_due", "median_ms")),
    ("search 'is:due' by due ms", A("search", "find_cards_is_due_ordered", "median_ms"),
     A("search", "is_due_ordered", "median_ms")),
    ("search 'is:new' ms", A("search", "find_cards_is_new", "median_ms"), A("h", "search_ms", "is_new", "median_ms")),
    ("search whole deck ms", A("search", "find_cards_whole_deck", "median_ms"),
     A("h", "search_ms", "whole_deck", "median_ms")),
    ("search text ms", A("search", "find_cards_text", "median_ms"), A("h", "search_ms", "text", "median_ms")),
    ("fresh proc: open+close ms", A("open_fresh_process", "open_plus_close_ms"), A("h", "open_fresh_ms")),
    ("fresh proc: first queue ms", A("open_fresh_process", "first_queue_ms"), A("h", "open_fresh", "first_queue_ms")),
    ("fresh proc: wall ms", A("open_fresh_process", "process_wall_ms"), A("h", "open_fresh_process_wall_ms")),
    ("TSV import ms", A("add_notes", "csv_import", "total_s", scale=1000.0), A("h", "import_ms")),
    ("peak RSS MB", A("peak_rss_mb"), A("h", "peak_rss_mb")),
    ("import collection ms", A("meta", "import_anki_collection_ms"), A("h", "import_collection_ms")),
    ("persist check ok", A("persist_check", "ok"), A("h", "persist_ok")),
]
# label -> the target, checked at every N
TARGETS: dict[str, str] = {
    "queue build ms": "<= Anki",
    "new: next+answer mean ms": "<= Anki",
    "new: next+answer p99 ms": "<= Anki",
    "rev: next+answer mean ms": "<= Anki",
    "rev: next+answer p99 ms": "<= Anki",
    "bulk add s": f"<= {BULK_ADD_10K_S} s per 10k",
    "import collection ms": f"<= {IMPORT_COLLECTION_MS:.0f} ms",
    "persist check ok": "True",
}


def judge(label: str, n: int, va: Any, vf: Any) -> tuple[str | None, bool | None]:
    """The row's target (with its figure where it has one) and whether FlashDeck's value ``vf`` meets it."""
    target = TARGETS.get(label)
    met = None
    if target == "<= Anki":
        met = vf <= va
    elif label == "bulk add s":
        per_10k = vf * 10000 / n
        met = per_10k <= BULK_ADD_10K_S
        target = f"{target} ({per_10k:.3f} s/10k)"
    elif label == "import collection ms":
        met = vf <= IMPORT_COLLECTION_MS
    elif label == "persist check ok":
        met = vf is True
    return target, met


def _numeric(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _rows(n: int, values: list[tuple[str, Any, Any]], wins: list[int | None] | None = None) -> dict:
    rows, targets = [], []
    for index, (label, va, vf) in enumerate(values):
        ratio = vf / va if _numeric(va) and _numeric(vf) and va else None
        target, met = judge(label, n, va, vf)
        row = {"metric": label, "anki": va, "flashdeck": vf, "ratio": ratio, "target": target, "met": met}
        if wins is not None:
            row["flashdeck_faster_rounds"] = wins[index]
        rows.append(row)
        if target is not None:
            targets.append({"metric": label, "target": target, "anki": va, "flashdeck": vf, "met": met})
    return {"n": n, "rows": rows, "targets": targets}


def values(anki: dict, fd: dict) -> list[tuple[str, Any, Any]]:
    """(label, Anki's value, FlashDeck's value) for every row, from one worker report of each side."""
    a_meta, a_res = anki["meta"], anki["results"][0]
    f_meta, f_res = fd["meta"], {**fd["results"][0], "h": fd["headline"][0]}
    return [(label, ga(a_meta, a_res), gf(f_meta, f_res)) for label, ga, gf in ROWS]


def compare(n: int, anki: dict, fd: dict) -> dict:
    return _rows(n, values(anki, fd))


def compare_rounds(n: int, rounds: list[tuple[dict, dict]]) -> dict:
    """Rows from several rounds of one Anki and one FlashDeck worker each: each side's median over the rounds,
    and in how many rounds FlashDeck's figure was the lower (the machine's speed drifts over minutes, and
    rounds that alternate which side runs first give both sides the same drift)."""
    import statistics

    per_round = [values(anki, fd) for anki, fd in rounds]
    merged: list[tuple[str, Any, Any]] = []
    wins: list[int | None] = []
    for index, (label, _, _) in enumerate(per_round[0]):
        a_all = [r[index][1] for r in per_round]
        f_all = [r[index][2] for r in per_round]
        if all(_numeric(v) for v in a_all + f_all):
            merged.append((label, statistics.median(a_all), statistics.median(f_all)))
            wins.append(sum(f < a for a, f in zip(a_all, f_all, strict=True)))
        elif all(isinstance(v, bool) for v in a_all + f_all):
            merged.append((label, all(a_all), all(f_all)))
            wins.append(None)
        else:
            merged.append((label, a_all[0], f_all[0]))
            wins.append(None)
    return _rows(n, merged, wins)


def fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"


def print_report(report: dict) -> None:
    m = report["meta"]
    print(f"{m['platform']} | {m['cpus']} CPUs | python {m['python']} | anki {m['anki_version']} | "
          f"flashdeck {m['flashdeck_version']} | {m['timestamp']}")
    for c in report["comparisons"]:
        loads = f"{c['loadavg_before_anki']:.2f}/{c['loadavg_before_flashdeck']:.2f}"
        print(f"\nN = {c['n']}   (ratio = FlashDeck/Anki; < 1 means FlashDeck is faster)"
              f"   highest load avg before Anki/FlashDeck: {loads}")
        w = max(len(r["metric"]) for r in c["rows"]) + 2
        print("metric".ljust(w) + "Anki".rjust(10) + "FlashDeck".rjust(11) + "ratio".rjust(8) + "   target")
        for r in c["rows"]:
            tgt = ""
            if r["target"] is not None:
                tgt = f"{r['target']}: {'met' if r['met'] else 'MISSED'}"
            ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
            faster = r.get("flashdeck_faster_rounds")
            rounds = "" if faster is None else f"   FlashDeck faster in {faster}/{c['rounds']} rounds"
            print(r["metric"].ljust(w) + fmt(r["anki"]).rjust(10) + fmt(r["flashdeck"]).rjust(11)
                  + ratio.rjust(8) + "   " + tgt + rounds)
    missed = [(c["n"], t) for c in report["comparisons"] for t in c["targets"] if not t["met"]]
    print("\ntargets: " + ("all met" if not missed else f"{len(missed)} missed"))
    for n, t in missed:
        print(f"  N={n}: {t['metric']} = {fmt(t['flashdeck'])} (Anki {fmt(t['anki'])}); target {t['target']}")


# Anki's side of ``--only tsv``: anki_bench's own add_csv in a fresh process (the worker runs it the same way).
_ANKI_TSV_CHILD = (
    "import json, os, sys; sys.path.insert(0, os.path.dirname(sys.argv[1])); import anki_bench; "
    "import anki.collection; print(json.dumps(anki_bench.add_csv(sys.argv[2], int(sys.argv[3]))))"
)


def compare_tsv(ns: list[int], repeat: int, apy: str, anki_bench: str, workdir: str) -> list[dict]:
    """The TSV import alone: per N, ``repeat`` pairs of runs (Anki then FlashDeck), medians of the totals."""
    import statistics

    out = []
    for n in ns:
        runs: list[dict[str, Any]] = []
        for r in range(repeat):
            where = os.path.join(workdir, f"tsv_n{n}_{r}")
            la_a = os.getloadavg()[0]
            anki = run_json([apy, "-c", _ANKI_TSV_CHILD, anki_bench, os.path.join(where, "anki"), str(n)])
            la_f = os.getloadavg()[0]
            fd = run_json([sys.executable, BENCH_CORE, "--n", str(n), "--_tsv_child", os.path.join(where, "fd")])
            runs.append({"anki_ms": anki["total_s"] * 1000, "flashdeck_ms": fd["total_s"] * 1000,
                         "load_before_anki": la_a, "load_before_flashdeck": la_f})
            shutil.rmtree(where, ignore_errors=True)
        a = statistics.median(x["anki_ms"] for x in runs)
        f = statistics.median(x["flashdeck_ms"] for x in runs)
        out.append({"n": n, "anki_ms": a, "flashdeck_ms": f, "ratio": f / a,
                    "ratio_per_pair": [x["flashdeck_ms"] / x["anki_ms"] for x in runs], "runs": runs})
    return out


def print_tsv(rows: list[dict]) -> None:
    print("TSV import alone (median of the runs; ratio = FlashDeck/Anki, < 1: FlashDeck faster)")
    print("N".rjust(7) + "Anki ms".rjust(10) + "FlashDeck ms".rjust(14) + "ratio".rjust(7) + "   per pair"
          + "   load before Anki/FlashDeck, per pair")
    for row in rows:
        pairs = " ".join(f"{x:.2f}" for x in row["ratio_per_pair"])
        loads = " ".join(f"{x['load_before_anki']:.1f}/{x['load_before_flashdeck']:.1f}" for x in row["runs"])
        print(f"{row['n']:>7}{row['anki_ms']:>10.1f}{row['flashdeck_ms']:>14.1f}{row['ratio']:>7.2f}   {pairs}"
              f"   {loads}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, action="append", help="collection size (repeatable)")
    ap.add_argument("--repeat", type=int, default=1, help="worker runs per N on each side (medians)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="rounds per N, each one Anki and one FlashDeck run (alternating which goes first); "
                         "the table shows each side's median over the rounds and FlashDeck's wins")
    ap.add_argument("--answers", type=int, default=1000, help="consecutive answers per phase")
    ap.add_argument("--json", action="store_true", help="print the JSON report instead of tables")
    ap.add_argument("--out", default=None, help="also write the JSON report (with both raw outputs) here")
    ap.add_argument("--anki-bench", default=os.environ.get("ANKI_BENCH", DEFAULT_ANKI_BENCH))
    ap.add_argument("--heavy-stats", action="store_true", help="also compare statistics for a heavy user")
    ap.add_argument("--first-window", action="store_true", help="also compare the first window with Anki's (Xvfb)")
    ap.add_argument("--interleaved-answers", action="store_true",
                    help="also compare next+answer in alternating rounds (compare_answers.py) at the same N")
    ap.add_argument("--only", choices=["tsv"], default=None,
                    help="run one comparison alone (tsv: the TSV import, Anki and FlashDeck alternating)")
    args = ap.parse_args()
    ns = args.n or [1000, 10000, 50000]
    apy = anki_python()
    workdir = tempfile.mkdtemp(prefix="flashdeck_compare_", dir="/tmp")
    if args.only == "tsv":
        try:
            rows = compare_tsv(ns, max(1, args.repeat), apy, args.anki_bench, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if args.out:
            with open(args.out, "w") as fh:
                json.dump(rows, fh, indent=2)
        if args.json:
            print(json.dumps(rows, indent=2))
        else:
            print(time.strftime("%Y-%m-%dT%H:%M:%S%z"))
            print_tsv(rows)
        return
    comparisons, raw = [], []
    try:
        for n in ns:
            rounds, loads = [], []
            for r in range(args.rounds):
                anki_cmd = [apy, args.anki_bench, "--n", str(n), "--json", "--repeat", str(args.repeat),
                            "--answers", str(args.answers), "--skip-one-by-one",
                            "--workdir", os.path.join(workdir, f"anki_n{n}_{r}")]
                fd_cmd = [sys.executable, BENCH_CORE, "--n", str(n), "--json", "--repeat", str(args.repeat),
                          "--answers", str(args.answers), "--workdir", os.path.join(workdir, f"fd_n{n}_{r}")]
                # Odd rounds run FlashDeck first, so that neither side always follows the other.
                order = [("anki", anki_cmd), ("fd", fd_cmd)]
                out: dict[str, dict] = {}
                load: dict[str, float] = {}
                for side, cmd in order if r % 2 == 0 else order[::-1]:
                    load[side] = os.getloadavg()[0]
                    out[side] = run_json(cmd)
                anki, fd, la_a, la_f = out["anki"], out["fd"], load["anki"], load["fd"]
                rounds.append((anki, fd))
                loads.append((la_a, la_f))
                raw.append({"n": n, "round": r, "anki": anki, "flashdeck": fd})
            c = compare(n, *rounds[0]) if args.rounds == 1 else compare_rounds(n, rounds)
            c["rounds"] = args.rounds
            c["loadavg_before_anki"] = max(la for la, _ in loads)
            c["loadavg_before_flashdeck"] = max(lf for _, lf in loads)
            comparisons.append(c)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = {
        "meta": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "anki_python": apy,
            "anki_version": raw[0]["anki"]["meta"]["anki_version"],
            "flashdeck_version": raw[0]["flashdeck"]["meta"]["flashdeck_version"],
            "ns": ns,
            "repeat": args.repeat,
            "rounds": args.rounds,
            "answers_per_phase": args.answers,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "ratio": "FlashDeck/Anki (< 1: FlashDeck faster)",
        },
        "comparisons": comparisons,
        "all_targets_met": all(t["met"] for c in comparisons for t in c["targets"]),
    }
    extras = [(flag, script) for flag, script in (("interleaved_answers", "compare_answers.py"),
                                                    ("heavy_stats", "compare_stats.py"),
                                                    ("first_window", "compare_startup.py")) if getattr(args, flag)]
    for flag, script in extras:
        sizes = [a for n in ns for a in ("--n", str(n))] if flag == "interleaved_answers" else []
        report[flag] = run_json([sys.executable, os.path.join(HERE, script), "--json", *sizes])
    if args.out:
        with open(args.out, "w") as fh:
            json.dump({**report, "raw": raw}, fh, indent=2)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print_report(report)
    for flag, script in extras:
        print(f"\n{script}:")
        if flag == "interleaved_answers":
            from compare_answers import print_table

            print_table(report[flag]["results"])
        else:
            print(json.dumps(report[flag], indent=2))


if __name__ == "__main__":
    main()
