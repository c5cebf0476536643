"""The SQL behind a card's info pane: its note's dates and its review log (table ``revlog``)."""

from __future__ import annotations

from flashdeck.storage.rows import CardFacts, ReviewLogRow
from flashdeck.storage.store import Store

__all__ = ["REVIEW_COLUMNS", "card_facts", "review_rows"]

# The select list is the row's fields, so a column added to one is in the other.
REVIEW_COLUMNS = ReviewLogRow._fields


def card_facts(store: Store, card_id: int) -> CardFacts | None:
    """The card's note dates, deck, title, kind, template and whether it is suspended; None for no such card."""
    rows = store.fetchall(
        "SELECT n.created_ms, n.modified_ms, d.name, n.title, n.kind, c.ord, c.suspended FROM cards c "
        "JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = c.deck_id WHERE c.id=?",
        (card_id,),
    )
    return CardFacts._make(rows[0]) if rows else None


def review_rows(store: Store, card_id: int) -> list[ReviewLogRow]:
    """The card's reviews, oldest first."""
    return list(map(ReviewLogRow._make, store.fetchall(
        f"SELECT {', '.join(REVIEW_COLUMNS)} FROM revlog WHERE card_id=? ORDER BY reviewed_ms, id", (card_id,))))
