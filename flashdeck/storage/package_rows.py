"""The SQL behind importing an Anki package's review history (``flashdeck.collection.package_import``).

Both reads run inside the import's own write transaction, 500 ids to a statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flashdeck.storage.store import Tx

__all__ = ["card_ids_by_guid", "review_times"]

_CHUNK = 500


def _rows(tx: Tx, statement: str, ids: Sequence[Any]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        out += tx.execute(statement.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return out


def card_ids_by_guid(tx: Tx, guids: Sequence[str]) -> dict[tuple[str, int], int]:
    """(note guid, card ord) → card id, for the notes with these guids."""
    return {(guid, ordinal): card_id for guid, ordinal, card_id in _rows(
        tx, "SELECT n.guid, c.ord, c.id FROM notes n JOIN cards c ON c.note_id = n.id WHERE n.guid IN ({marks})",
        guids)}


def review_times(tx: Tx, card_ids: Sequence[int]) -> dict[int, set[int]]:
    """card id → the times (ms) of its reviews, for the cards with any."""
    out: dict[int, set[int]] = {}
    for card_id, reviewed_ms in _rows(tx, "SELECT card_id, reviewed_ms FROM revlog WHERE card_id IN ({marks})",
                                      card_ids):
        out.setdefault(card_id, set()).add(int(reviewed_ms))
    return out
