"""The decks FlashDeck ships with, loaded into a fresh collection so it never opens empty."""

from __future__ import annotations

from pathlib import Path

from flashdeck.collection.protocol import CollectionLike

__all__ = ["bundled_deck_files", "seed_if_empty"]

_SEEDED_KEY = "bundled_decks_loaded"


def bundled_deck_files() -> list[Path]:
    """The shipped deck files: ``decks/`` in a source checkout, else inside the package."""
    here = Path(__file__).resolve().parents[1]  # the flashdeck package (this module is in collection/)
    for folder in (here.parent / "decks", here / "bundled_decks"):
        files = sorted(folder.glob("*.md"))
        if files:
            return files
    return []


def seed_if_empty(col: CollectionLike) -> int:
    """Import the bundled decks once, into a collection without notes. Returns notes added."""
    if col.get_config(_SEEDED_KEY, False) or col.stats().notes:
        return 0
    added = 0
    for path in bundled_deck_files():
        added += col.import_file(path, fmt="deck").added
    col.set_config(_SEEDED_KEY, True)
    return added
