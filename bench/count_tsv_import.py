#!/usr/bin/env python3
"""Instructions of the TSV import (bench_core's ``add_csv``), counted by valgrind's callgrind.

Timings on a shared 2-core machine move by ±30 % from minute to minute; an instruction count moves by
~0.02 %. For each N this runs ``add_csv``'s timed part — writing the TSV, then ``import_file`` — in a
fresh process under ``valgrind --tool=callgrind``, counting only that part (callgrind's client requests,
from a tiny C helper compiled here), as ``compare_anki.py --only tsv`` times it: ``flashdeck.collection``
imported and the collection created first, uncounted. Hash seed fixed, bytecode cached first.

Needs valgrind and a C compiler (``apt-get install valgrind gcc``). Takes ~10 s at 1k, ~1 min at 10k.

Usage:
  python bench/count_tsv_import.py --n 1000 --n 10000
  python bench/count_tsv_import.py --n 10000 --phases   # also per phase: read+parse, plan, rows, insert, commit
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

_HELPER = r"""
#include <valgrind/callgrind.h>
void cg_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void cg_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
void cg_dump(const char *s) { CALLGRIND_DUMP_STATS_AT(s); }
"""
PHASES = ("write_tsv", "read", "plan", "rows", "insert", "commit")


def child(n: int, workdir: str, helper: str, phases: bool) -> None:
    """bench_core.add_csv's timed part, counted (with a dump at each phase's end when ``phases``)."""
    import ctypes
    import functools
    import time

    sys.path[:0] = [REPO, HERE]
    import bench_core

    import flashdeck.collection  # noqa: F401  (not counted, as in bench_core's worker)
    from flashdeck.collection import facade
    from flashdeck.storage import store

    cg = ctypes.CDLL(helper)
    cg.cg_dump.argtypes = [ctypes.c_char_p]

    def dump_after(owner: object, name: str, ends: str, starts: str) -> None:
        fn = getattr(owner, name)

        @functools.wraps(fn)
        def wrapped(*args: object, **kwargs: object) -> object:
            cg.cg_dump(starts.encode())
            try:
                return fn(*args, **kwargs)
            finally:
                cg.cg_dump(ends.encode())

        setattr(owner, name, wrapped)

    if phases:  # each dump ends the phase named (a dump between two phases holds next to nothing)
        dump_after(facade, "read_document", "read", "write_tsv")
        dump_after(facade.Collection, "plan", "plan", "-")
        dump_after(store.Store, "insert_notes_and_cards", "insert", "rows")
    d = os.path.join(workdir, "csv")
    os.makedirs(d, exist_ok=True)
    col = bench_core.open_collection(os.path.join(d, "collection.db"), time.time())
    tsv = os.path.join(d, "notes.tsv")
    cg.cg_start()
    with open(tsv, "w", encoding="utf-8") as f:
        f.write("#separator:tab\n#html:true\n#columns:Front\tBack\n")
        for i in range(n):
            f.write(f"{bench_core.front(i)}\t{bench_core.back(i)}\n")
    report = col.import_file(tsv, fmt="csv", deck=bench_core.DECK)
    cg.cg_dump(b"commit")
    cg.cg_stop()
    assert report.added == n, (report.added, n)
    col.close()


def count(n: int, helper: str, phases: bool, tmp: str) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONHASHSEED"] = "0"
    me = [sys.executable, os.path.abspath(__file__), "--_child", str(n), "--_helper", helper]
    warm = os.path.join(tmp, f"warm{n}")
    subprocess.run([*me[:3], "100", "--_helper", helper, "--_workdir", warm], env=env, check=True,
                   capture_output=True)  # (bytecode written first: a user's installed app has its .pyc files)
    shutil.rmtree(warm, ignore_errors=True)
    out = os.path.join(tmp, f"cg{n}.out")
    run = subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                          *me, "--_workdir", os.path.join(tmp, f"w{n}"), *(["--_phases"] if phases else [])],
                         env=env, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-3000:])
        raise SystemExit(f"callgrind run failed at N={n}")
    total = int(re.search(r"Collected : (\d+)", run.stderr).group(1))  # type: ignore[union-attr]
    counts = {"total": total}
    parts = [p for p in os.listdir(tmp) if p.startswith(f"cg{n}.out.")]
    for part in sorted(parts, key=lambda p: int(p.rsplit(".", 1)[1])):
        with open(os.path.join(tmp, part)) as fh:
            text = fh.read(4096)
        name = re.search(r"Client Request: (\S+)", text)
        events = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
        if name and events and name.group(1) in PHASES:
            counts[name.group(1)] = counts.get(name.group(1), 0) + int(events.group(1))
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, action="append", help="rows (repeatable; default 1000 and 10000)")
    ap.add_argument("--phases", action="store_true", help="also count each phase")
    ap.add_argument("--_child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_helper", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_workdir", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_phases", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child is not None:
        child(args._child, args._workdir, args._helper, args._phases)
        return
    if not shutil.which("valgrind") or not shutil.which("cc"):
        raise SystemExit("needs valgrind and a C compiler (apt-get install valgrind gcc)")
    tmp = tempfile.mkdtemp(prefix="flashdeck_count_")
    try:
        source = os.path.join(tmp, "cg.c")
        with open(source, "w") as fh:
            fh.write(_HELPER)
        helper = os.path.join(tmp, "libcg.so")
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", helper, source], check=True)
        columns = ("total", *PHASES) if args.phases else ("total",)
        print("N".rjust(7) + "".join(c.rjust(15) for c in columns) + "   (instructions; write_tsv is the bench's own)")
        for n in args.n or [1000, 10000]:
            counts = count(n, helper, args.phases, tmp)
            print(f"{n:>7}" + "".join(f"{counts.get(c, 0):>15,}" for c in columns), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
