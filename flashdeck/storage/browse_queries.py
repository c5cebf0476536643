"""The SQL behind the card browser and ``flashdeck notes``: sort orders and table rows.

``flashdeck.collection.browsing`` turns the rows into ``BrowseRow`` and ``NoteListing``.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashdeck.core.errors import InvalidInput
from flashdeck.storage.rows import BrowseRecord, NoteCard
from flashdeck.storage.store import Store

__all__ = ["BROWSE_COLUMNS", "SORTS", "browse_rows", "note_guids_and_cards", "sort_clause"]

# Sort key -> SQL expression over cards c, notes n, decks d (ties broken by card id).
SORTS: dict[str, str] = {
    "created": "c.id",
    "due": "CASE WHEN c.phase = 0 THEN 1 ELSE 0 END, c.due",
    "interval": "CASE WHEN c.last_review IS NULL THEN -1 ELSE c.due - c.last_review END",
    "difficulty": "CASE WHEN c.difficulty IS NULL THEN -1 ELSE c.difficulty END",
    "stability": "CASE WHEN c.stability IS NULL THEN -1 ELSE c.stability END",
    "lapses": "c.lapses",
    "reps": "c.reps",
    "title": "lower(n.title)",
    "deck": "lower(d.name)",
    "kind": "n.kind",
    "card": "n.kind, c.ord",
}

# What ``browse_rows`` returns, in order.
BROWSE_COLUMNS = ("id", "note_id", "deck", "kind", "title", "ord", "phase", "due", "last_review", "stability",
                  "difficulty", "reps", "lapses", "suspended", "buried_until", "tags")


def sort_clause(sort: str, descending: bool) -> str:
    """The ORDER BY list for a ``SORTS`` key (card id last, so the order is total)."""
    try:
        expression = SORTS[sort]
    except KeyError:
        raise InvalidInput(f"cannot sort by {sort!r} (one of: {', '.join(SORTS)})") from None
    direction = " DESC" if descending else ""
    parts = [part.strip() + direction for part in expression.split(", ")]
    return ", ".join([*parts, "c.id" + direction])


def browse_rows(store: Store, card_ids: Sequence[int]) -> list[BrowseRecord]:
    """The ``BROWSE_COLUMNS`` of these cards (one statement: the caller pages them), in no particular order."""
    marks = ",".join("?" * len(card_ids))
    return list(map(BrowseRecord._make, store.fetchall(
        "SELECT c.id, c.note_id, d.name, n.kind, n.title, c.ord, c.phase, c.due, c.last_review, c.stability, "
        "c.difficulty, c.reps, c.lapses, c.suspended, c.buried_until, n.tags "
        "FROM cards c JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = c.deck_id "
        f"WHERE c.id IN ({marks})",
        card_ids,
    )))


def note_guids_and_cards(store: Store, note_ids: Sequence[int]) -> tuple[dict[int, str], list[NoteCard]]:
    """(note id → guid, the notes' cards by note then ord) for these notes, 500 at a time."""
    guids: dict[int, str] = {}
    cards: list[NoteCard] = []
    for start in range(0, len(note_ids), 500):
        chunk = list(note_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        guids.update(store.fetchall(f"SELECT id, guid FROM notes WHERE id IN ({marks})", chunk))
        cards += map(NoteCard._make, store.fetchall(
            f"SELECT note_id, ord, id FROM cards WHERE note_id IN ({marks}) ORDER BY note_id, ord", chunk))
    return guids, cards
