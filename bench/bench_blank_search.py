"""How long ``is:blank`` takes on a large collection (the browser runs it as the user types).

    python bench/bench_blank_search.py [--notes 10000 --notes 50000]

Each collection has notes of three sorts in equal thirds: with a ``[blank]`` to
fill, with only a Markdown link or task box (brackets that are no blank), and
plain. ``is:blank`` narrows with SQL ``LIKE`` and decides with the renderer's
pattern in Python; the figure is the median of 5 searches, beside a plain word
search for scale. Prints the load average: other work on the machine skews it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from flashdeck.collection import Collection
from flashdeck.core.notes import NoteDraft


def _notes(n: int) -> list[NoteDraft]:
    backs = ("We cut costs by [how much?] in [year].", "See [the runbook](https://example.org/r) and - [x] done.",
             "Plain text with no brackets at all, a little longer than a word or two.")
    return [NoteDraft("basic", {"front": f"Question {i}", "back": backs[i % 3]}) for i in range(n)]


def _median_ms(col: Collection, query: str) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(5):
        start = time.perf_counter()
        found = len(col.search(query))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, action="append")
    sizes = parser.parse_args().notes or [10_000, 50_000]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp, Collection.open(Path(tmp) / "bench.db") as col:
            col.add_notes(_notes(n), deck="Bench")
            for query in ("is:blank", "-is:blank", "question"):
                ms, found = _median_ms(col, query)
                print(f"{n:>6} notes  {query:<10} {ms:8.1f} ms  ({found} cards)  load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
