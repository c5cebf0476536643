"""The SQL for deleting a deck: what it holds, and the delete itself (the rest cascades)."""

from __future__ import annotations

from collections.abc import Sequence

from flashdeck.storage.store import Store, Tx

__all__ = ["deck_ids_under", "delete_decks", "held_in_decks", "note_ids_in_decks"]


def deck_ids_under(store: Store, name: str) -> list[tuple[int, str]]:
    """(id, name) of the deck ``name`` and its sub-decks (``name::…``), by name."""
    return [(int(i), str(n)) for i, n in store.fetchall("SELECT id, name FROM decks ORDER BY name")
            if n == name or str(n).startswith(name + "::")]


def _marks(ids: Sequence[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"  # integers: safe to inline, no parameter limit


def note_ids_in_decks(store: Store, deck_ids: Sequence[int]) -> list[int]:
    return [int(r[0]) for r in store.fetchall(f"SELECT id FROM notes WHERE deck_id IN ({_marks(deck_ids)})")]


def held_in_decks(store: Store, deck_ids: Sequence[int]) -> tuple[int, int, int, int]:
    """(notes, cards, reviews, rehearsal attempts) that deleting these decks deletes."""
    marks = _marks(deck_ids)
    # A card goes with its deck, and with its note when the note's deck goes.
    cards = f"SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.deck_id IN ({marks}) " \
            f"OR n.deck_id IN ({marks})"
    row = store.fetchall(
        f"SELECT (SELECT count(*) FROM notes WHERE deck_id IN ({marks})), (SELECT count(*) FROM ({cards}) AS k), "
        f"(SELECT count(*) FROM revlog WHERE card_id IN ({cards})), "
        f"(SELECT count(*) FROM attempts WHERE card_id IN ({cards}))")[0]
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def delete_decks(tx: Tx, deck_ids: Sequence[int]) -> None:
    """Delete the decks; their notes, cards, review log and attempts go by the foreign keys' cascade."""
    tx.execute(f"DELETE FROM decks WHERE id IN ({_marks(deck_ids)})")
