"""How fast the card browser opens, scrolls and re-sorts on a large collection.

    QT_QPA_PLATFORM=offscreen python bench/bench_browser.py [--cards 50000] [--json]

Builds a collection (a few decks and kinds, some cards reviewed so the
scheduling columns vary), then measures with ``time.perf_counter``:

- first page: construct the BrowserScreen, show it, and process events until
  its table has painted rows (median of 5 fresh screens);
- scrolling: top to bottom one page at a time, each step being
  ``verticalScrollBar().setValue`` plus a synchronous repaint (max and p99);
- a sort change (header click on Difficulty, then Due), until repainted.

Targets: first page < 200 ms at 50 000 cards; every scroll step < 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QMessageLogContext, QObject, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating
from flashdeck.ui.browse.model import DIFFICULTY, DUE
from flashdeck.ui.browse.screen import BrowserScreen
from flashdeck.ui.events import AppEvents

DECKS = ("Behavioural", "System design", "Values", "Pitches")


def build(path: Path, cards: int, reviewed: int) -> Collection:
    clock = ManualClock(datetime(2026, 11, 21, 10, 0, tzinfo=UTC), UTC)
    col = Collection.open(path, clock=clock, fuzz=False)
    per_deck = cards // len(DECKS)
    for d, deck in enumerate(DECKS):
        count = per_deck if d < len(DECKS) - 1 else cards - per_deck * (len(DECKS) - 1)
        drafts = []
        for i in range(count):
            match i % 3:
                case 0:
                    drafts.append(NoteDraft("basic", {"front": f"{deck} question {i}", "back": f"Answer {i}"},
                                            ("prep",)))
                case 1:
                    drafts.append(NoteDraft("concept", {"term": f"{deck} term {i}", "definition": f"Means {i}"},
                                            ("values", "long-term")))
                case _:
                    drafts.append(NoteDraft("ask", {"question": f"{deck} ask {i}?"}, ("closing",)))
        col.add_notes(drafts, deck=deck)
    ids = col.search("", sort="created")
    step = max(1, len(ids) // max(1, reviewed))
    ratings = (Rating.GOOD, Rating.EASY, Rating.HARD, Rating.AGAIN)
    for n, cid in enumerate(ids[::step][:reviewed]):
        col.answer(cid, ratings[n % 4])
    clock.advance(timedelta(days=2))
    return col


def _quiet(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # The offscreen platform says this of every window; anything else is worth seeing.
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


class _FullCollections:
    """Counts Python's full garbage collections, the one pause the browser does not control."""

    def __init__(self) -> None:
        self.count = 0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.count += 1

    def stop(self) -> None:
        gc.callbacks.remove(self._seen)


class PaintCounter(QObject):
    """Counts paint events reaching the table's viewport."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def first_page(app: QApplication, col: Collection, size: tuple[int, int]) -> tuple[float, int]:
    events = AppEvents()
    counter = PaintCounter()
    start = time.perf_counter()
    screen = BrowserScreen(col, events)
    screen.table.viewport().installEventFilter(counter)
    screen.resize(*size)
    screen.show()
    while counter.paints == 0:
        app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000
    fetched = screen.model.fetched_rows
    screen.close()
    screen.deleteLater()
    app.processEvents()
    return elapsed, fetched


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=50_000)
    parser.add_argument("--reviewed", type=int, default=2_000, help="cards answered once, so columns vary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() after building, as an app may do after start-up (see the report)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    qInstallMessageHandler(_quiet)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    results: dict[str, object] = {"cards": args.cards, "platform": app.platformName()}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        col = build(Path(tmp) / "bench.db", args.cards, args.reviewed)
        results["build_s"] = round(time.perf_counter() - t0, 2)
        if args.gc_freeze:
            gc.collect()
            gc.freeze()
        results["gc_frozen"] = args.gc_freeze
        total = len(col.search(""))
        results["cards"] = total

        t0 = time.perf_counter()
        col.search("", sort="due")
        results["search_all_by_due_ms"] = round((time.perf_counter() - t0) * 1000, 1)

        for size in ((1280, 800), (800, 600)):
            timings, fetched = [], 0
            for _ in range(args.runs):
                elapsed, fetched = first_page(app, col, size)
                timings.append(elapsed)
            results[f"first_page_ms_{size[0]}x{size[1]}"] = {
                "median": round(statistics.median(timings), 1), "max": round(max(timings), 1),
                "rows_fetched": fetched}

        screen = BrowserScreen(col, AppEvents())
        screen.resize(1280, 800)
        screen.show()
        app.processEvents()
        bar, viewport = screen.table.verticalScrollBar(), screen.table.viewport()
        steps: list[float] = []
        gc_steps: list[float] = []  # steps during which Python ran a full (generation 2) collection
        full_collections = _FullCollections()
        value = 0
        scroll_start = time.perf_counter()
        while value < bar.maximum():
            value = min(bar.maximum(), value + bar.pageStep())
            before = full_collections.count
            t0 = time.perf_counter()
            bar.setValue(value)
            viewport.repaint()
            app.processEvents()
            steps.append((time.perf_counter() - t0) * 1000)
            if full_collections.count != before:
                gc_steps.append(steps[-1])
        full_collections.stop()
        results["scroll"] = {
            "steps": len(steps),
            "total_s": round(time.perf_counter() - scroll_start, 2),
            "mean_ms": round(statistics.fmean(steps), 2),
            "p99_ms": round(percentile(steps, 99), 2),
            "max_ms": round(max(steps), 2),
            "max_ms_without_full_gc": round(max(set(steps) - set(gc_steps)), 2),
            "full_gc_steps_ms": [round(x, 1) for x in gc_steps],
            "rows_fetched": screen.model.fetched_rows,
        }

        sorts = {}
        for name, column in (("difficulty", DIFFICULTY), ("due", DUE), ("due_descending", DUE)):
            t0 = time.perf_counter()
            screen.table.horizontalHeader().sectionClicked.emit(column)
            viewport.repaint()
            app.processEvents()
            sorts[name] = round((time.perf_counter() - t0) * 1000, 1)
        results["sort_change_ms"] = sorts

        t0 = time.perf_counter()
        screen.search_box.setText("term 12")
        screen.apply_search()
        viewport.repaint()
        results["search_text_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        screen.close()
        col.close()

    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, shown in results.items():
            print(f"{key:>28}: {shown}")
    first, scroll = results["first_page_ms_1280x800"], results["scroll"]
    assert isinstance(first, dict) and isinstance(scroll, dict)
    ok = first["median"] < 200 and scroll["max_ms"] < 50
    print("targets met" if ok else "TARGETS MISSED (first page < 200 ms, every scroll step < 50 ms)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
