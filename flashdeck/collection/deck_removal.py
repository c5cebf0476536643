"""Deleting a deck, the way a user does it: see what goes, back up, delete, drop its recordings.

There is no undo for this: the backup made just before is the way back
(``flashdeck restore``, or Settings → Backups). A collection on a server has no
file FlashDeck can back up: the caller is told (``backup`` is None) and its own
database backups are the way back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from flashdeck.collection import rehearsing
from flashdeck.core.changes import Changes
from flashdeck.core.errors import NotFound
from flashdeck.storage import deck_removal as sql

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = ["DeckContents", "DeckRemoval", "can_back_up", "deck_contents", "delete_deck"]


@dataclass(frozen=True)
class DeckContents:
    """What deleting a deck takes with it."""

    decks: tuple[str, ...]  # the deck and its sub-decks
    notes: int
    cards: int
    reviews: int
    attempts: int

    def summary(self) -> str:
        """"12 notes, 30 cards, 41 reviews and 3 rehearsals" (what a confirmation names)."""
        parts = [_count(self.notes, "note"), _count(self.cards, "card"), _count(self.reviews, "review")]
        if self.attempts:
            parts.append(_count(self.attempts, "rehearsal"))
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def to_dict(self) -> dict[str, object]:
        return {"decks": list(self.decks), "notes": self.notes, "cards": self.cards, "reviews": self.reviews,
                "attempts": self.attempts}


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def deck_contents(col: CollectionLike, name: str) -> DeckContents:
    """What deleting ``name`` would delete (``NotFound`` for no such deck)."""
    decks = sql.deck_ids_under(col.store, name)
    if not any(deck_name == name for _id, deck_name in decks):
        raise NotFound(f"no deck named {name!r} (decks: {', '.join(col.deck_names()) or 'none'})")
    notes, cards, reviews, attempts = sql.held_in_decks(col.store, [deck_id for deck_id, _name in decks])
    return DeckContents(tuple(deck_name for _id, deck_name in decks), notes, cards, reviews, attempts)


def can_back_up(col: CollectionLike) -> bool:
    """Whether this collection is a file FlashDeck can back up (not a database on a server)."""
    return col.store.path is not None


class DeckRemoval(NamedTuple):
    """What a deck deletion took, the backup made first (None: a collection on a server), what changed."""

    contents: DeckContents
    backup: Path | None

    @property
    def changes(self) -> Changes:
        # A pair still (``contents, backup = delete_deck(…)``); the deletion changes the same things every time.
        return Changes(decks=True, notes=True, cards=True, reviews=True, attempts=True)


def delete_deck(col: CollectionLike, name: str) -> DeckRemoval:
    """Back up (a collection file), then delete ``name`` and its sub-decks; (what went, the backup or None).

    A backup that cannot be written (a full disk, a read-only folder) raises ``BackupError`` and nothing
    is deleted.
    """
    from flashdeck.collection.backup import backup_now

    contents = deck_contents(col, name)
    backup = backup_now(col) if can_back_up(col) else None
    decks = sql.deck_ids_under(col.store, name)
    recordings = rehearsing.recordings_of_notes(col, sql.note_ids_in_decks(col.store, [i for i, _n in decks]))
    col.delete_deck(name)
    # Their attempts went with the cards; their recordings (and only theirs) go now.
    rehearsing.remove_recordings(col, recordings)
    return DeckRemoval(contents, backup)
