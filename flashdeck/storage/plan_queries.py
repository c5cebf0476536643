"""The SQL behind the interview plan (``flashdeck.collection.planning``): the cards it projects and the reviews an
interview date brings forward."""

from __future__ import annotations

from flashdeck.storage.rows import DueReviewRow, NewCardRow, ScheduledCardRow
from flashdeck.storage.store import Store, Tx

__all__ = ["move_due", "new_cards", "new_left_by_deck", "new_remaining", "reviews_due_from", "scheduled_cards"]


def new_left_by_deck(store: Store) -> dict[int, int]:
    """deck id → new cards not suspended (decks with none left out)."""
    return dict(store.fetchall("SELECT deck_id, count(*) FROM cards WHERE phase=0 AND NOT suspended "
                               "GROUP BY deck_id"))


def new_remaining(store: Store) -> int:
    """New cards not suspended, in every deck."""
    return int(store.scalar("SELECT count(*) FROM cards WHERE phase=0 AND NOT suspended") or 0)


def reviews_due_from(store: Store, from_ts: int) -> list[DueReviewRow]:
    """The review cards due at ``from_ts`` or later."""
    return list(map(DueReviewRow._make, store.fetchall(
        "SELECT id, due, last_review FROM cards WHERE phase=2 AND due>=?", (from_ts,))))


def scheduled_cards(store: Store) -> list[ScheduledCardRow]:
    """The learning and review cards not suspended."""
    return list(map(ScheduledCardRow._make, store.fetchall(
        "SELECT id, note_id, deck_id, phase, step, stability, difficulty, due, last_review, buried_until "
        "FROM cards WHERE phase IN (1, 2, 3) AND NOT suspended")))


def new_cards(store: Store) -> list[NewCardRow]:
    """The new cards not suspended, in the order they are introduced."""
    return list(map(NewCardRow._make, store.fetchall(
        "SELECT id, note_id, deck_id, buried_until FROM cards WHERE phase=0 AND NOT suspended ORDER BY due, id")))


def move_due(tx: Tx, moved: list[tuple[int, int]]) -> None:
    """Give each (card id, due) card that due."""
    tx.executemany("UPDATE cards SET due=? WHERE id=?", [(due, cid) for cid, due in moved])
