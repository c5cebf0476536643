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
    reviews = tuple(
        ReviewEntry(int(r.reviewed_ms), Rating(int(r.rating)), Phase(int(r.phase_before)),
                    max(0, int(r.due_after) - int(r.reviewed_ms) // 1000), int(r.duration_ms or 0))
        for r in card_history.review_rows(col.store, card_id)
    )
    spec = kind_by_name(facts.kind)
    return CardInfo(card_id, view.note_id, facts.deck_name, facts.title, spec.label, spec.templates[facts.ord].name,
                    view.spoken, int(facts.created_ms), int(facts.modified_ms), view.state, bool(facts.suspended),
                    reviews, tuple(rehearsing.attempts_for_card(col, card_id)))
