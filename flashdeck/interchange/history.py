"""Replaying an Anki review history through our FSRS scheduler.

Anki's own scheduling numbers (intervals, ease factors, its FSRS memory state)
are not copied: the ratings and their times are replayed through
:class:`flashdeck.core.scheduling.Scheduler`, so an imported card's stability,
difficulty, due date and phase are exactly what FlashDeck would have computed
had those reviews been done here. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from flashdeck.core.scheduling import CardState, Rating, Scheduler

__all__ = ["Replayed", "counted", "replay"]

# Anki's revlog types: 0 learning, 1 review, 2 relearning, 3 filtered (cram), 4 manual, 5 rescheduled.
_RATED_KINDS = frozenset({0, 1, 2, 3})
_MANUAL = 4


@dataclass(frozen=True)
class Replayed:
    time_ms: int
    rating: Rating
    duration_ms: int
    before: CardState
    after: CardState


def counted(ease: int, kind: int) -> bool:
    """Whether a revlog row is a real answer (Again..Easy), not a manual reschedule."""
    return 1 <= ease <= 4 and kind in _RATED_KINDS


def replay(scheduler: Scheduler, reviews: Iterable[tuple[int, int, int, int]]) -> list[Replayed]:
    """Replay ``(time_ms, ease, kind, duration_ms)`` rows, oldest first, from a new card.

    Rows that are not answers are skipped; a manual row with ease 0 is Anki's
    "Forget"/"Reset": the card starts again as new, as Anki's own FSRS does.
    """
    state = CardState()
    out: list[Replayed] = []
    for time_ms, ease, kind, duration_ms in sorted(reviews):
        if kind == _MANUAL and ease == 0:
            state = CardState()
            continue
        if not counted(ease, kind):
            continue
        when = datetime.fromtimestamp(time_ms / 1000, UTC)
        rating = Rating(ease)
        after = scheduler.review(state, rating, when)
        out.append(Replayed(time_ms, rating, duration_ms, state, after))
        state = after
    return out
