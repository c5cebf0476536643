#!/usr/bin/env python3
"""Fault injection: random kills, full disks and damaged files across review, import, backup and restore.

Each run starts from a collection with a verified backup, picks an operation
(review, import, backup, restore) and a fault, and then looks at what is left:

- kill: the real ``flashdeck`` command is killed with SIGKILL at a random moment
  (for a review, after a random number of answers it confirmed on stdout);
- disk-full: the collection lives on a small tmpfs filled up to a random number
  of free bytes (0 to 256 kB) before the operation runs; then space is freed;
- corrupt: bytes of a random page are overwritten, or the file is truncated at a
  random point, and then the operation runs on it.

Afterwards: every answer the review confirmed must be in the collection (lost
answers are counted: the promise is 0); no command may print a traceback; and
the collection must pass ``flashdeck check`` — or, when it is damaged, ``flashdeck
restore`` of the newest good backup must repair it (then it must pass ``check``).

Usage (root: the full disks are real tmpfs mounts):
  python bench/faults.py                  # 60 runs, seed 1
  python bench/faults.py --runs 200 --seed 7 --json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DECK_FILES = sorted((REPO / "decks").glob("*.md"))
OPERATIONS = ("review", "import", "backup", "restore")
FAULTS = ("kill", "disk-full", "corrupt")
_CONFIRMED = re.compile(r"answered \w+ \(card (\d+)\)")


@dataclass
class Outcome:
    operation: str
    fault: str
    confirmed: int = 0  # answers the review printed as done
    lost: int = 0  # of those, missing afterwards
    check_passed: bool = False  # check passed without a restore
    repaired: bool = False  # damaged, and restore of the newest good backup made check pass
    unrecovered: bool = False  # neither: a failure of the promise
    traceback: bool = False
    notes: list[str] = field(default_factory=list)


def flashdeck(db: Path, *args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flashdeck", "--db", str(db), *args], input=stdin,
                          capture_output=True, text=True, timeout=timeout, check=False)


def reviews(db: Path) -> int | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return int(conn.execute("SELECT count(*) FROM revlog").fetchone()[0])
    except sqlite3.Error:
        return None


# -- the starting point -----------------------------------------------------------------------------


def make_base(folder: Path) -> tuple[Path, Path]:
    """A collection of the shipped decks with some answers, and its verified backup."""
    db = folder / "collection.db"
    done = flashdeck(db, "import", *map(str, DECK_FILES))
    assert done.returncode == 0, done.stderr
    flashdeck(db, "review", "--limit", "15", stdin="\n3\n" * 15)
    made = flashdeck(db, "backup")
    assert made.returncode == 0, made.stderr
    return db, Path(made.stdout.strip())


def copy_collection(base_db: Path, base_backup: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "collection.db"
    shutil.copyfile(base_db, db)
    (folder / "backups").mkdir(exist_ok=True)
    shutil.copyfile(base_backup, folder / "backups" / base_backup.name)
    return db


# -- faults -------------------------------------------------------------------------------------------


def corrupt(db: Path, rng: random.Random) -> str:
    data = bytearray(db.read_bytes())
    if rng.random() < 0.5:
        cut = rng.randrange(1, len(data))
        db.write_bytes(bytes(data[:cut]))
        return f"truncated at {cut} of {len(data)} bytes"
    page = rng.randrange(0, len(data) // 4096)
    start = page * 4096 + rng.randrange(0, 3000)
    for offset in range(rng.randrange(8, 600)):
        if start + offset < len(data):
            data[start + offset] = rng.randrange(256)
    db.write_bytes(bytes(data))
    return f"bytes overwritten on page {page + 1}"


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int) -> Path:
    filler = folder / "filler"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(filler, "wb") as fh:
        remaining = max(0, free - leave)
        with contextlib.suppress(OSError):
            while remaining > 0:
                chunk = min(remaining, 1 << 20)
                fh.write(b"\0" * chunk)
                remaining -= chunk
            fh.flush()
    return filler


def run_killed(argv: list[str], stdin: str, rng: random.Random, operation: str) -> tuple[str, bool, bool]:
    """Run a command and SIGKILL it at a random moment: its stdout up to then, whether it was killed,
    and whether it printed a traceback."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    out = b""
    if operation == "review":
        target = rng.randrange(0, 25)  # after this many confirmed answers (plus a random sliver of time)
        deadline = time.monotonic() + 60
        while proc.poll() is None and len(_CONFIRMED.findall(out.decode(errors="replace"))) < target:
            ready, _, _ = select.select([proc.stdout], [], [], 0.05)
            if ready:
                out += os.read(proc.stdout.fileno(), 65536)
            assert time.monotonic() < deadline
        time.sleep(rng.random() * 0.01)
    else:
        time.sleep(rng.random() * 1.2)  # these take from ~0.3 s to ~1.5 s
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.stdin = None  # written and closed above
    rest, err = proc.communicate()
    out += rest
    return out.decode(errors="replace"), killed, b"Traceback" in err


# -- one run ------------------------------------------------------------------------------------------


def operation_args(operation: str, backup: Path, rng: random.Random) -> tuple[list[str], str]:
    if operation == "review":
        return ["review", "--limit", "40"], "\n3\n" * 40
    if operation == "import":
        return ["import", str(rng.choice(DECK_FILES)), "--deck", f"Copy {rng.randrange(1000)}"], ""
    if operation == "backup":
        return ["backup"], ""
    return ["restore", backup.name], ""


def one_run(index: int, base: tuple[Path, Path], work: Path, rng: random.Random) -> Outcome:
    operation, fault = rng.choice(OPERATIONS), rng.choice(FAULTS)
    outcome = Outcome(operation, fault)
    folder = work / f"run{index}"
    mounted = small_disk(folder) if fault == "disk-full" else contextlib.nullcontext(folder)
    with mounted:
        db = copy_collection(*base, folder)
        before = reviews(db) or 0
        args, stdin = operation_args(operation, base[1], rng)
        filler = None
        if fault == "corrupt":
            outcome.notes.append(corrupt(db, rng))
        if fault == "disk-full":
            filler = fill(folder, rng.randrange(0, 256 * 1024))
        if fault == "kill":
            out, killed, outcome.traceback = run_killed([sys.executable, "-m", "flashdeck", "--db", str(db), *args],
                                                        stdin, rng, operation)
            outcome.notes.append("killed" if killed else "finished first")
        else:
            done = flashdeck(db, *args, stdin=stdin)
            out = done.stdout
            outcome.traceback = "Traceback" in done.stderr
            if done.returncode not in (0, 1) or (done.returncode == 1 and len(done.stderr.splitlines()) != 1):
                outcome.notes.append(f"exit {done.returncode}: {done.stderr.strip()[:200]}")
        outcome.confirmed = len(_CONFIRMED.findall(out)) if operation == "review" else 0
        if filler is not None:
            filler.unlink()  # space again: what is on disk now is what the user has
        after = reviews(db)
        if after is not None and operation == "review" and fault != "corrupt":
            outcome.lost = max(0, before + outcome.confirmed - after)
        check = flashdeck(db, "check")
        outcome.traceback = outcome.traceback or "Traceback" in check.stderr + check.stdout
        if check.returncode == 0:
            outcome.check_passed = True
        else:
            repaired = flashdeck(db, "restore", base[1].name)
            outcome.traceback = outcome.traceback or "Traceback" in repaired.stderr
            outcome.repaired = repaired.returncode == 0 and flashdeck(db, "check").returncode == 0
            outcome.unrecovered = not outcome.repaired
            if outcome.unrecovered:
                outcome.notes.append(f"check: {check.stdout.strip()[:120]} {check.stderr.strip()[:120]}; "
                                     f"restore: {repaired.stderr.strip()[:200]}")
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if os.geteuid() != 0:
        parser.error("the full disks are real tmpfs mounts: run as root")
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="flashdeck-faults-"))
    outcomes: list[Outcome] = []
    started = time.monotonic()
    try:
        base = make_base(work / "base")
        for index in range(args.runs):
            outcomes.append(one_run(index, base, work, rng))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {
        "runs": len(outcomes),
        "seed": args.seed,
        "by_operation_and_fault": dict(Counter(f"{o.operation}/{o.fault}" for o in outcomes)),
        "confirmed_answers": sum(o.confirmed for o in outcomes),
        "confirmed_answers_lost": sum(o.lost for o in outcomes),
        "check_passed": sum(o.check_passed for o in outcomes),
        "repaired_by_restore": sum(o.repaired for o in outcomes),
        "unrecovered": sum(o.unrecovered for o in outcomes),
        "tracebacks": sum(o.traceback for o in outcomes),
        "seconds": round(time.monotonic() - started, 1),
    }
    if args.json:
        print(json.dumps({"summary": summary, "runs": [asdict(o) for o in outcomes]}, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key:>24}: {value}")
        for outcome in outcomes:
            if outcome.lost or outcome.unrecovered or outcome.traceback:
                print(f"  !! {outcome}")
    bad = summary["confirmed_answers_lost"] or summary["unrecovered"] or summary["tracebacks"]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
