"""What the browser's card-info pane shows: a card's dates, its scheduling and its history.

One read per pane refresh: the card, its note's dates, its review log and its
rehearsal attempts — the same facts Anki's "Card Info" gives, plus the attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashdeck.collection import rehearsing
from flashdeck.core.errors import NotFound
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.scheduling import CardState, Phase, Rating
from flashdeck.storage import card_history

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = ["CardInfo", "ReviewEntry", "card_info"]


@dataclass(frozen=True)
class ReviewEntry:
    """One answer: when, the grade, the card's phase before it, the interval it gave, the time taken."""

    reviewed_ms: int
    rating: Rating
    phase_before: Phase
    interval_s: int
    duration_ms: int


@dataclass(frozen=True)
class CardInfo:
    card_id: int
    note_id: int
    deck: str
    title: str
    kind_label: str
    template: str
    spoken: bool
    added_ms: int
    modified_ms: int
    state: CardState
    suspended: bool
    reviews: tuple[ReviewEntry, ...]
    attempts: tuple[rehearsing.Attempt, ...]

    @property
    def total_time_ms(self) -> int:
        return sum(r.duration_ms for r in self.reviews)


def card_info(col: CollectionLike, card_id: int) -> CardInfo:
    """Everything the info pane shows about one card (``NotFound`` if it is gone)."""
    view = col.card(card_id)
    facts = card_history.card_facts(col.store, card_id)
    if facts is None:
        raise NotFound(f"no card with id {card_id}")
    created_ms, modified_ms, deck, title, kind, ordinal, suspended = facts
    reviews = tuple(
        ReviewEntry(int(when), Rating(int(rating)), Phase(int(before)),
                    max(0, int(due_after) - int(when) // 1000), int(duration or 0))
        for when, rating, duration, before, _after, due_after, _stability, _difficulty
        in card_history.review_rows(col.store, card_id)
    )
    spec = kind_by_name(kind)
    return CardInfo(card_id, view.note_id, deck, title, spec.label, spec.templates[ordinal].name, view.spoken,
                    int(created_ms),
                    int(modified_ms), view.state, bool(suspended), reviews,
                    tuple(rehearsing.attempts_for_card(col, card_id)))
