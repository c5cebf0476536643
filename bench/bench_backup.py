#!/usr/bin/env python3
"""Backup (copy + verification), verification alone, restore (rebuild from rows) and open, at a few sizes.

Every backup is verified before it counts and every restore rebuilds the collection from the
backup's rows (docs/reliability.md); this measures what that costs. Best of ``--repeat`` runs.

Usage:
  python bench/bench_backup.py                 # 1 000, 10 000 and 50 000 notes
  python bench/bench_backup.py --n 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from flashdeck.collection import Collection
from flashdeck.collection.backup import backup_now
from flashdeck.collection.backup_check import sound_collection
from flashdeck.collection.restoring import restore
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating


def _best(times: list[float]) -> str:
    return f"{min(times) * 1000:7.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append", help="notes (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flashdeck-bench-backup-"))
    try:
        print(f"{'notes':>7} {'MB':>5} {'backup':>10} {'verify':>10} {'restore':>10} {'open':>8}")
        for n in args.n or [1000, 10000, 50000]:
            db = work / f"c{n}.db"
            with Collection.open(db, fuzz=False) as col:
                col.add_notes([NoteDraft("basic", {"front": f"Q{i}", "back": f"A{i} " * 20}) for i in range(n)],
                              deck="D")
                for _ in range(20):
                    card = col.next_card()
                    assert card is not None
                    col.answer(card.id, Rating.GOOD)
            backups, verifies, restores, opens = [], [], [], []
            for _ in range(args.repeat):
                with Collection.open(db) as col:
                    start = time.perf_counter()
                    made = backup_now(col)
                    backups.append(time.perf_counter() - start)
                start = time.perf_counter()
                assert sound_collection(made) == []
                verifies.append(time.perf_counter() - start)
                start = time.perf_counter()
                restore(db, made)
                restores.append(time.perf_counter() - start)
                start = time.perf_counter()
                Collection.open(db).close()
                opens.append(time.perf_counter() - start)
            size = db.stat().st_size / 1e6
            print(f"{n:>7} {size:>5.1f} {_best(backups)} {_best(verifies)} {_best(restores)} "
                  f"{min(opens) * 1000:6.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
