"""The card browser's view of the collection: sortable searches and table rows.

The browser asks for all matching ids once (cheap: one indexed query) and then
for rows a page at a time, so 50 000 cards cost one query plus the visible rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashdeck.core.errors import InvalidInput
from flashdeck.core.scheduling import Phase

if TYPE_CHECKING:
    from flashdeck.storage.store import Store

__all__ = ["SORTS", "BrowseRow", "browse_rows", "sort_clause"]

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
}


def sort_clause(sort: str, descending: bool) -> str:
    try:
        expression = SORTS[sort]
    except KeyError:
        raise InvalidInput(f"cannot sort by {sort!r} (one of: {', '.join(SORTS)})") from None
    direction = " DESC" if descending else ""
    parts = [part.strip() + direction for part in expression.split(", ")]
    return ", ".join([*parts, "c.id" + direction])


@dataclass(frozen=True)
class BrowseRow:
    card_id: int
    note_id: int
    deck: str
    kind: str
    title: str
    template: int
    phase: Phase
    due: int
    interval_days: float | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    suspended: bool
    buried_until: int
    tags: tuple[str, ...]


def browse_rows(store: Store, card_ids: list[int]) -> list[BrowseRow]:
    """Table rows for ``card_ids``, in that order."""
    if not card_ids:
        return []
    marks = ",".join("?" * len(card_ids))
    rows = store.fetchall(
        "SELECT c.id, c.note_id, d.name, n.kind, n.title, c.ord, c.phase, c.due, c.last_review, c.stability, "
        "c.difficulty, c.reps, c.lapses, c.suspended, c.buried_until, n.tags "
        "FROM cards c JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = c.deck_id "
        f"WHERE c.id IN ({marks})",
        card_ids,
    )
    by_id = {}
    for r in rows:
        interval = None if r[8] is None else (r[7] - r[8]) / 86400
        by_id[r[0]] = BrowseRow(r[0], r[1], r[2], r[3], r[4], r[5], Phase(r[6]), r[7], interval, r[9], r[10],
                                r[11], r[12], bool(r[13]), r[14], tuple(r[15].split()))
    return [by_id[cid] for cid in card_ids if cid in by_id]
