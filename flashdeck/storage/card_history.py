"""The SQL behind a card's info pane: its note's dates and its review log (table ``revlog``)."""

from __future__ import annotations

from typing import Any

from flashdeck.storage.store import Store

__all__ = ["REVIEW_COLUMNS", "card_facts", "review_rows"]

REVIEW_COLUMNS = ("reviewed_ms", "rating", "duration_ms", "phase_before", "phase_after", "due_after",
                  "stability_after", "difficulty_after")


def card_facts(store: Store, card_id: int) -> tuple[Any, ...] | None:
    """(note created ms, note modified ms, deck name, note title, note kind, card ord, suspended), or None."""
    rows = store.fetchall(
        "SELECT n.created_ms, n.modified_ms, d.name, n.title, n.kind, c.ord, c.suspended FROM cards c "
        "JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = c.deck_id WHERE c.id=?",
        (card_id,),
    )
    return rows[0] if rows else None


def review_rows(store: Store, card_id: int) -> list[tuple[Any, ...]]:
    """The card's reviews, oldest first, in ``REVIEW_COLUMNS`` order."""
    return store.fetchall(
        f"SELECT {', '.join(REVIEW_COLUMNS)} FROM revlog WHERE card_id=? ORDER BY reviewed_ms, id", (card_id,))
