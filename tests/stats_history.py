"""Seeded synthetic review histories: a simulated user studying through the Collection.

The user's memory follows FSRS with *known* parameters (``TRUE_PARAMETERS``,
which forget faster than py-fsrs's defaults), while the app schedules with
whatever parameters it has. Recall is drawn from the true model with a seeded
``random.Random``, so a history is the same on every run; every answer goes
through ``Collection.answer`` on a ``ManualClock``, as a real review would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating

# Faster forgetting than the defaults: low initial stabilities, slower growth.
TRUE_PARAMETERS = (0.08, 0.4, 0.9, 3.0, 6.8, 0.9, 2.6, 0.02, 1.2, 0.12, 0.9, 1.8, 0.08, 0.3, 1.6,
                   0.5, 1.9, 0.6, 0.1, 0.06, 0.2)


@dataclass
class SimulatedUser:
    """A learner whose memory obeys FSRS with ``parameters``; studies each day at 09:00 UTC."""

    col: Collection
    clock: ManualClock
    seed: int = 7
    parameters: tuple[float, ...] = TRUE_PARAMETERS
    seconds_per_card: tuple[int, int] = (6, 40)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.memory = FsrsScheduler(parameters=self.parameters, enable_fuzzing=False,
                                    learning_steps=(), relearning_steps=())
        self.cards: dict[int, FsrsCard] = {}
        self.answers = 0

    def _rating(self, card_id: int, now: datetime) -> Rating:
        memory = self.cards.get(card_id)
        if memory is None:  # the first sight of a card: ratings as people give them
            return self.rng.choices(list(Rating), weights=(25, 10, 50, 15))[0]
        recalled = self.rng.random() < self.memory.get_card_retrievability(memory, now)
        if not recalled:
            return Rating.AGAIN
        return self.rng.choices((Rating.HARD, Rating.GOOD, Rating.EASY), weights=(15, 70, 15))[0]

    def study_day(self, max_cards: int = 10_000) -> int:
        """Answer everything due today (or ``max_cards``); returns how many answers."""
        done = 0
        while done < max_cards:
            card = self.col.next_card()
            if card is None:
                break
            now = self.clock.now()
            rating = self._rating(card.id, now)
            seconds = self.rng.randint(*self.seconds_per_card)
            self.col.answer(card.id, rating, duration_ms=seconds * 1000)
            memory = self.cards.get(card.id) or FsrsCard(card_id=card.id, due=now)
            self.cards[card.id], _ = self.memory.review_card(memory, FsrsRating(int(rating)), now)
            self.clock.advance(seconds=seconds)
            done += 1
        self.answers += done
        return done

    def study_days(self, days: int, *, skip_every: int = 0) -> int:
        """Study ``days`` consecutive days (skipping every ``skip_every``-th one, if set)."""
        total = 0
        for index in range(days):
            if not (skip_every and index % skip_every == skip_every - 1):
                total += self.study_day()
            self.next_morning()
        return total

    def next_morning(self) -> None:
        now = self.clock.now()
        tomorrow = datetime(now.year, now.month, now.day, 9, tzinfo=UTC) + timedelta(days=1)
        self.clock.set(tomorrow)
