#!/usr/bin/env python3
"""Anki interchange benchmark: export and import of an N-note package, and Anki's own import of ours.

Figures (seconds, median of --repeat runs):
  anki_build_s        Anki builds N Basic notes, answers 1 card in 10 (3 answers each) and exports a
                      modern .apkg with scheduling (setup, not FlashDeck's work; shown for scale)
  import_modern_s     ``Collection.import_file`` of that package: read, replay history, write, media
  reimport_s          the same package again (everything unchanged)
  export_apkg_s       ``flashdeck export --format apkg`` of the imported deck (through ``export_apkg``)
  anki_opens_ours_s   Anki's own importer on our package (for scale)
  export_csv_s / import_csv_s   the CSV round trip of the same deck
plus the package sizes and this process's peak RSS.

Usage: python bench/bench_anki_interchange.py [--n 10000] [--repeat 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def build_anki_package(root: Path, n: int) -> tuple[Path, float]:
    from anki.collection import Collection as AnkiCollection
    from anki.collection import DeckIdLimit
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    start = time.perf_counter()
    col = AnkiCollection(str(root / "anki" / "collection.anki2"))
    try:
        deck_id = col.decks.id("Bench")
        basic = col.models.by_name("Basic")
        for i in range(n):
            note = col.new_note(basic)
            note["Front"], note["Back"] = f"Question {i} about systems", f"Answer {i}<br>second line"
            note.tags = ["bench", f"group{i % 10}"]
            col.add_note(note, deck_id)
        card_ids = list(col.find_cards(f"did:{deck_id}"))[:: 10]
        for cid in card_ids:
            card = col.get_card(cid)
            for ease in (3, 3, 4):
                card.start_timer()
                col.sched.answerCard(card, ease)
                card.load()
        out = root / "bench.apkg"
        col.export_anki_package(out_path=str(out), limit=DeckIdLimit(deck_id), options=ExportAnkiPackageOptions(
            with_scheduling=True, with_media=False, legacy=False))
    finally:
        col.close()
    return out, time.perf_counter() - start


def run_once(n: int) -> dict[str, Any]:
    from anki.collection import Collection as AnkiCollection
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from flashdeck.collection import Collection
    from flashdeck.collection.apkg_write import export_apkg
    from flashdeck.collection.csv_export import export_csv

    with tempfile.TemporaryDirectory(prefix="flashdeck-bench-anki-") as tmp:
        root = Path(tmp)
        (root / "anki").mkdir()
        package, build_s = build_anki_package(root, n)
        figures: dict[str, Any] = {"n": n, "anki_build_s": build_s, "package_bytes": package.stat().st_size}
        with Collection.open(root / "fd" / "collection.db", fuzz=False) as col:
            figures["import_modern_s"], report = _timed(lambda: col.import_file(package))
            figures["imported_notes"] = report.added
            figures["imported_reviews"] = (report.package or {}).get("reviews_imported", 0)
            figures["reimport_s"], again = _timed(lambda: col.import_file(package))
            assert again.added == 0, "re-import must add nothing"
            ours = root / "ours.apkg"
            figures["export_apkg_s"], _ = _timed(lambda: export_apkg(col, "Bench", ours))
            figures["export_apkg_bytes"] = ours.stat().st_size
            csv_path = root / "ours.csv"
            figures["export_csv_s"], _ = _timed(lambda: export_csv(col, "Bench", csv_path))
        with Collection.open(root / "fd2" / "collection.db", fuzz=False) as fresh:
            figures["import_csv_s"], csv_report = _timed(lambda: fresh.import_file(csv_path))
            assert csv_report.added == n
        (root / "anki2").mkdir()
        anki = AnkiCollection(str(root / "anki2" / "collection.anki2"))
        try:
            figures["anki_opens_ours_s"], _ = _timed(lambda: anki.import_anki_package(ImportAnkiPackageRequest(
                package_path=str(ours), options=ImportAnkiPackageOptions(with_scheduling=True))))
        finally:
            anki.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    runs = [run_once(args.n) for _ in range(args.repeat)]
    summary = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    summary["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    for key, value in summary.items():
        print(f"{key:>20}  {value:.3f}" if isinstance(value, float) else f"{key:>20}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
