"""What the façade hands the screens: a deck with its counts, a card as a screen shows it.

Its own module, below the façade and its managers, so that a manager can name
``CardView`` (through ``protocol.CollectionLike``) without importing the façade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flashdeck.core.scheduling import CardState

__all__ = ["CardView", "DeckSummary"]


@dataclass(frozen=True)
class DeckSummary:
    id: int
    name: str
    description: str
    new: int
    learning: int
    review: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "new": self.new, "learning": self.learning, "review": self.review}


@dataclass(frozen=True)
class CardView:
    """A card as a screen shows it."""

    id: int
    note_id: int
    deck_id: int
    ord: int
    kind: str
    template: str
    spoken: bool
    target: tuple[int, int] | None
    state: CardState
    fields: dict[str, str]
    queue: str | None = None
    tags: tuple[str, ...] = ()
    deck: str = ""  # the deck's full name ("Prep::Stories")
    suspended: bool = False
    buried_until: int = 0  # a study day's ordinal: buried through that day

    def render(self) -> tuple[str, str]:
        # Imported here: Markdown and the HTML sanitiser are most of what loading the collection would cost
        # (~25 ms), and a command that shows no card never needs them.
        from flashdeck.core.render import render_card

        return render_card(self.kind, self.ord, self.fields, self.tags)

    def studied_on(self, day_ordinal: int) -> bool:
        """Whether the card can be studied on that study day (not suspended, not buried through it)."""
        return not self.suspended and self.buried_until < day_ordinal
