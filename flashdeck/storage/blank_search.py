"""``is:blank``: notes with a ``[bracketed blank]`` still to fill in.

A blank is what the card renderer marks (``flashdeck.core.blanks.BLANK``): bracketed
text that is not a link, a task box or an Anki sound tag. SQL alone cannot tell those
apart, so ``LIKE`` narrows the notes to those with a bracket pair and the renderer's
own pattern decides; the term then becomes a list of note ids. Nothing is stored, so
no migration and no stale marker: a note is a match the moment its last blank is filled.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashdeck.core.blanks import BLANK
from flashdeck.core.search import Term
from flashdeck.storage.store import Store

__all__ = ["NOTE_IDS", "notes_with_blanks", "resolve_blanks"]

NOTE_IDS = "note_ids"  # the internal term a resolved is:blank becomes (value: note ids, space-separated)


def notes_with_blanks(store: Store) -> list[int]:
    """Ids of the notes any field of which has a blank to fill."""
    # search_text holds every field (case-folded: brackets and what is between them stay blanks or not alike).
    rows = store.fetchall("SELECT id, search_text FROM notes WHERE search_text LIKE '%[%]%' ORDER BY id")
    return [int(note_id) for note_id, text in rows if BLANK.search(text)]


def resolve_blanks(store: Store, terms: Sequence[Term]) -> list[Term]:
    """``terms`` with every ``is:blank`` replaced by the ids of the notes it matches (read once)."""
    ids: str | None = None
    out = []
    for term in terms:
        if term.field == "is" and term.value.casefold() == "blank":
            if ids is None:
                ids = " ".join(map(str, notes_with_blanks(store)))
            term = Term(NOTE_IDS, ids, term.negated)
        out.append(term)
    return out
