"""What a write changed: the value every write on the ``Collection`` façade returns.

Anki's operations return ``OpChanges`` and its GUI tells the screens, which refresh from
what changed; FlashDeck does the same with ``Changes``. A screen asks only about what it
shows (the browser ignores a settings change, review ignores a new rehearsal attempt).

A write that also has an answer of its own returns a small result carrying ``.changes``
(as Anki's ``OpChangesWithCount``): ``Answered`` (the card's new state), ``ChangesWithCount``
(how many reviews an interview date brought forward), ``DecksDeleted`` (the names), ``Undone``
(the card to show again). An id the write made rides on ``Changes.new_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from flashdeck.core.scheduling import CardState

__all__ = ["NOTHING", "Answered", "Changes", "ChangesWithCount", "DecksDeleted", "Undone"]


@dataclass(frozen=True)
class Changes:
    """Which parts of the collection a write changed. ``a | b`` is what either changed.

    ``cards``: a card's schedule or flags (due, suspended, buried; new cards); ``notes``: a
    note's text or tags, notes added or deleted; ``decks``: decks made, renamed, deleted or their
    limits; ``config``: settings (the scheduler's, the day start, the interview date …);
    ``attempts``: spoken rehearsal attempts; ``reviews``: the review history.
    ``new_id``: the id of what the write made, where it made one.
    """

    cards: bool = False
    notes: bool = False
    decks: bool = False
    config: bool = False
    attempts: bool = False
    reviews: bool = False
    new_id: int | None = None

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        merged = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self) if f.name != "new_id"}
        # The later write's id wins: ``a | b`` reads "a, then b".
        return Changes(**merged, new_id=other.new_id if other.new_id is not None else self.new_id)

    def __bool__(self) -> bool:
        """Whether anything changed (an id alone is no change)."""
        return any(getattr(self, f.name) for f in fields(self) if f.name != "new_id")

    def names(self) -> tuple[str, ...]:
        """What changed, by name ("cards", "reviews"): for logs and messages."""
        return tuple(f.name for f in fields(self) if f.name != "new_id" and getattr(self, f.name))


NOTHING = Changes()


@dataclass(frozen=True)
class Answered:
    """A graded card: its new schedule and what the answer changed."""

    state: CardState
    changes: Changes
    revlog_id: int = 0


@dataclass(frozen=True)
class ChangesWithCount:
    """A write that also counts what it touched (e.g. reviews brought forward)."""

    count: int
    changes: Changes


@dataclass(frozen=True)
class DecksDeleted:
    """The decks a deletion removed (the deck and its sub-decks), by full name."""

    names: tuple[str, ...]
    changes: Changes


@dataclass(frozen=True)
class Undone:
    """What an undo put back, and what to show next.

    ``label``: what was undone ("answer", "suspend/bury"); ``card_id``: the card the study screen
    shows again — an answer's card, or the card the study session itself set aside — which the
    façade has put first in its queue (``next_card()`` returns it); ``None`` when no card should come
    back (e.g. a suspension made in the browser).
    """

    label: str
    changes: Changes
    card_id: int | None = None

    @property
    def answer(self) -> bool:
        """Whether an answer was taken back (its review is gone)."""
        return self.changes.reviews
