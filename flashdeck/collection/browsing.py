"""The card browser's view of the collection: sortable searches and table rows.

The browser asks for all matching ids once (cheap: one indexed query) and then
for rows a page at a time, so 50 000 cards cost one query plus the visible rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flashdeck.core.scheduling import Phase
from flashdeck.storage import browse_queries
from flashdeck.storage.browse_queries import SORTS, sort_clause  # the sort keys the browser and façade name

if TYPE_CHECKING:
    from flashdeck.storage.store import Store

__all__ = ["SORTS", "BrowseRow", "NoteListing", "browse_rows", "note_listing", "sort_clause"]


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
    by_id = {}
    for r in browse_queries.browse_rows(store, card_ids):
        interval = None if r.last_review is None else (r.due - r.last_review) / 86400
        by_id[r.id] = BrowseRow(r.id, r.note_id, r.deck_name, r.kind, r.title, r.ord, Phase(r.phase), r.due, interval,
                                r.stability, r.difficulty, r.reps, r.lapses, bool(r.suspended), r.buried_until,
                                tuple(r.tags.split()))
    return [by_id[cid] for cid in card_ids if cid in by_id]


@dataclass(frozen=True)
class NoteListing:
    """A note as ``flashdeck notes`` lists it: both of its ids, and its cards by template."""

    id: int  # what `flashdeck render`, the browser and the editor use
    guid: str  # its stable id (``d:…`` derived, or the deck file's own), which imports print
    kind: str
    deck: str
    title: str
    tags: tuple[str, ...]
    cards: tuple[tuple[int, int], ...]  # (template number from 1, card id)

    def to_dict(self, template_names: tuple[str, ...]) -> dict[str, Any]:
        return {"id": self.id, "guid": self.guid, "kind": self.kind, "deck": self.deck, "title": self.title,
                "tags": list(self.tags),
                "cards": [{"card": n, "template": template_names[n - 1], "id": cid} for n, cid in self.cards]}


def note_listing(store: Store, card_ids: list[int]) -> list[NoteListing]:
    """The notes of ``card_ids``, in the order their first card comes, with every one of their cards."""
    rows: list[BrowseRow] = []
    for start in range(0, len(card_ids), 500):
        rows += browse_rows(store, card_ids[start:start + 500])
    note_ids = list(dict.fromkeys(row.note_id for row in rows))
    cards: dict[int, list[tuple[int, int]]] = {}
    guids, note_cards = browse_queries.note_guids_and_cards(store, note_ids)
    for card in note_cards:
        cards.setdefault(card.note_id, []).append((card.ord + 1, card.id))
    first: dict[int, BrowseRow] = {}
    for row in rows:
        first.setdefault(row.note_id, row)
    return [NoteListing(nid, str(guids.get(nid, "")), first[nid].kind, first[nid].deck, first[nid].title,
                        first[nid].tags, tuple(cards.get(nid, ())))
            for nid in note_ids]
