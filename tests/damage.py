"""Damaging a collection file the ways disks, tools and people do (for the safety tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import START, basic_notes

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating

PAGE = 4096


def make_collection(path: Path, notes: int = 300, answers: int = 10, prefix: str = "Q") -> None:
    """A collection of a few hundred notes (several pages of each table) with some answers."""
    with Collection.open(path, clock=ManualClock(START), fuzz=False) as col:
        col.add_notes([n for n in basic_notes(notes, prefix)], deck="Deck")
        for _ in range(answers):
            card = col.next_card()
            assert card is not None
            col.answer(card.id, Rating.GOOD)


def counts(path: Path) -> tuple[int, int, int]:
    """Notes, cards, reviews, read without changing the file."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM cards), "
                           "(SELECT count(*) FROM revlog)").fetchone()
    conn.close()
    return row


def flip_a_table_page(path: Path, table: str = "notes") -> None:
    """Overwrite the middle of one of ``table``'s pages below its root with noise: the file still opens, the
    schema reads fine, and SQLite's integrity check (and any read of those rows) finds the damage."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name=? AND pagetype='leaf'", (table,))]
    conn.close()
    assert len(pages) > 2, "the table needs several pages"
    page = pages[len(pages) // 2]
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * PAGE + 100)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(600)))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def overwrite_with_another_file(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
