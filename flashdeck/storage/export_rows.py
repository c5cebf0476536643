"""The SQL behind exporting a deck: its notes (with sub-decks) as exporters need them, and as a deck file holds them.

``flashdeck.collection.gather`` and ``Collection.export_deck`` turn the rows into notes.
"""

from __future__ import annotations

from typing import Any

from flashdeck.storage.rows import DeckFileNote, ExportNoteRow
from flashdeck.storage.store import Store

__all__ = ["deck_file_rows", "note_ords_under", "note_rows_under"]


def note_rows_under(store: Store, deck: str) -> list[ExportNoteRow]:
    """The notes of ``deck`` and of ``deck::…``, oldest first. LIKE also matches where the name has ``%`` or
    ``_``: the caller checks the prefix."""
    return list(map(ExportNoteRow._make, store.fetchall(
        "SELECT n.id, n.guid, n.kind, n.fields, n.tags, d.name, n.created_ms, n.modified_ms "
        "FROM notes n JOIN decks d ON d.id = n.deck_id WHERE d.name = ? OR d.name LIKE ? ORDER BY n.id",
        (deck, deck + "::%"),
    )))


def note_ords_under(store: Store, deck: str) -> list[tuple[Any, ...]]:
    """(note id, ord) of the cards of the notes ``note_rows_under`` reads (the same LIKE caveat), by note then ord."""
    return store.fetchall(
        "SELECT c.note_id, c.ord FROM cards c JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = n.deck_id "
        "WHERE d.name = ? OR d.name LIKE ? ORDER BY c.note_id, c.ord", (deck, deck + "::%"))


def deck_file_rows(store: Store, deck_id: int) -> list[DeckFileNote]:
    """One deck's own notes, oldest first."""
    return list(map(DeckFileNote._make, store.fetchall(
        "SELECT kind, fields, tags, guid, target_low, target_high FROM notes WHERE deck_id=? ORDER BY id",
        (deck_id,),
    )))
