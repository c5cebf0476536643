"""The notes of a deck (and its sub-decks) as exporters need them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashdeck.core.errors import NotFound
from flashdeck.storage import export_rows

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = ["ExportNote", "deck_notes"]


@dataclass(frozen=True)
class ExportNote:
    guid: str
    kind: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    deck: str
    created_ms: int
    modified_ms: int
    ords: tuple[int, ...]  # the cards the note has


def deck_notes(col: CollectionLike, deck: str) -> list[ExportNote]:
    """Every note of ``deck`` and of its sub-decks (``deck::…``), oldest first; ``NotFound`` if there is neither."""
    names = col.deck_names()
    if not any(name == deck or name.startswith(deck + "::") for name in names):
        raise NotFound(f"no deck named {deck!r} (decks: {', '.join(names) or 'none'})")
    rows = export_rows.note_rows_under(col.store, deck)
    # A % or _ in the deck name widens LIKE's match: the prefix is checked again here.
    rows = [r for r in rows if r.deck_name == deck or r.deck_name.startswith(deck + "::")]
    wanted = {r.id for r in rows}
    ords: dict[int, list[int]] = {}
    for note_id, ordinal in export_rows.note_ords_under(col.store, deck):
        if note_id in wanted:
            ords.setdefault(note_id, []).append(ordinal)
    return [
        ExportNote(r.guid, r.kind, json.loads(r.fields), tuple(r.tags.split()), r.deck_name, r.created_ms,
                   r.modified_ms, tuple(ords.get(r.id, ())))
        for r in rows
    ]
