"""One of two processes writing to the same collection at once (see test_concurrent_writers).

Usage: two_writers_worker.py DB DECK N. Opens the collection, prints "ready",
waits for "go" on stdin, then imports N notes into DECK and answers each of
their cards once. Prints a JSON line: when it started and finished
(``time.monotonic``, comparable across processes) and the cards it answered.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC

from helpers import START, basic_notes

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating


def main(db: str, deck: str, count: int) -> None:
    col = Collection.open(db, clock=ManualClock(START, UTC), fuzz=False)
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("no go")
    started = time.monotonic()
    col.add_notes(basic_notes(count, prefix=deck), deck=deck)
    col.set_deck_limits(deck, new_per_day=count, reviews_per_day=count)
    col.select_deck(deck)
    answered = []
    while (card := col.next_card()) is not None:
        col.answer(card.id, Rating.EASY)  # straight to review: each card is shown once today
        answered.append(card.id)
    finished = time.monotonic()
    col.close()
    print(json.dumps({"started": started, "finished": finished, "answered": answered}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
