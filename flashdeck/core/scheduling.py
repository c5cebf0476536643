"""FSRS scheduling on plain card states, through py-fsrs.

The collection stores a card's memory state as a :class:`CardState` (plain
numbers, times as epoch seconds); this module turns it into a py-fsrs card,
reviews it and turns it back. ``review`` is a pure function of the state, the
rating and the time, as py-fsrs's own ``review_card`` is.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State as FsrsState
from fsrs.scheduler import DEFAULT_PARAMETERS

from flashdeck.core.errors import InvalidInput

__all__ = [
    "CardState",
    "Phase",
    "Rating",
    "Scheduler",
    "SchedulerSettings",
    "format_interval",
]


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @classmethod
    def parse(cls, text: str) -> Rating:
        """``"3"`` or ``"good"`` → ``Rating.GOOD``."""
        text = text.strip().casefold()
        if text.isdigit() and 1 <= int(text) <= 4:
            return cls(int(text))
        try:
            return cls[text.upper()]
        except KeyError:
            raise InvalidInput(f"not a rating: {text!r} (1-4 or again/hard/good/easy)") from None


class Phase(IntEnum):
    """A card's phase; ``NEW`` is ours, the others are py-fsrs's states."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class CardState:
    """Everything the scheduler knows about one card. Times are epoch seconds (UTC)."""

    phase: Phase = Phase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int = 0
    last_review: int | None = None
    reps: int = 0
    lapses: int = 0


@dataclass(frozen=True)
class SchedulerSettings:
    desired_retention: float = 0.9
    learning_steps_min: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_min: tuple[float, ...] = (10.0,)
    maximum_interval: int = 36500
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    enable_fuzzing: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SchedulerSettings:
        known = {f for f in cls.__dataclass_fields__}
        clean = {k: v for k, v in data.items() if k in known}
        for key in ("learning_steps_min", "relearning_steps_min", "parameters"):
            if key in clean:
                clean[key] = tuple(clean[key])
        return cls(**clean)

    def validated(self) -> SchedulerSettings:
        if not 0.7 <= self.desired_retention <= 0.99:
            raise InvalidInput("desired retention must be between 0.70 and 0.99")
        if self.maximum_interval < 1:
            raise InvalidInput("maximum interval must be at least one day")
        if any(step <= 0 for step in self.learning_steps_min + self.relearning_steps_min):
            raise InvalidInput("learning steps must be positive minutes")
        FsrsScheduler(parameters=self.parameters)  # raises on out-of-bounds parameters
        return self


_UTC = UTC
_TO_FSRS_STATE = {
    Phase.NEW: FsrsState.Learning,
    Phase.LEARNING: FsrsState.Learning,
    Phase.REVIEW: FsrsState.Review,
    Phase.RELEARNING: FsrsState.Relearning,
}


_FROM_FSRS_STATE = {
    FsrsState.Learning: Phase.LEARNING,
    FsrsState.Review: Phase.REVIEW,
    FsrsState.Relearning: Phase.RELEARNING,
}
_TO_FSRS_RATING = {
    Rating.AGAIN: FsrsRating.Again,
    Rating.HARD: FsrsRating.Hard,
    Rating.GOOD: FsrsRating.Good,
    Rating.EASY: FsrsRating.Easy,
}


class _FsrsCard(FsrsCard):
    """py-fsrs's card, copied cheaply: ``review_card`` copies the card it is given, and ``copy.copy``'s
    generic path (``__reduce_ex__``, then rebuilding) cost more than the review's own arithmetic."""

    def __copy__(self) -> _FsrsCard:
        copied = object.__new__(_FsrsCard)
        copied.__dict__.update(self.__dict__)
        return copied


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, _UTC)


@dataclass
class Scheduler:
    """py-fsrs's scheduler, configured from :class:`SchedulerSettings`."""

    settings: SchedulerSettings = field(default_factory=SchedulerSettings)

    def __post_init__(self) -> None:
        s = self.settings
        self._fsrs = FsrsScheduler(
            parameters=s.parameters,
            desired_retention=s.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in s.learning_steps_min),
            relearning_steps=tuple(timedelta(minutes=m) for m in s.relearning_steps_min),
            maximum_interval=s.maximum_interval,
            enable_fuzzing=s.enable_fuzzing,
        )
        self._preview = (
            self._fsrs
            if not s.enable_fuzzing
            else FsrsScheduler(
                parameters=s.parameters,
                desired_retention=s.desired_retention,
                learning_steps=self._fsrs.learning_steps,
                relearning_steps=self._fsrs.relearning_steps,
                maximum_interval=s.maximum_interval,
                enable_fuzzing=False,
            )
        )

    @staticmethod
    def to_fsrs(state: CardState, card_id: int = 0) -> FsrsCard:
        return _FsrsCard(
            card_id=card_id,
            state=_TO_FSRS_STATE[state.phase],
            step=0 if state.phase == Phase.NEW else state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=_dt(state.due),
            last_review=None if state.last_review is None else _dt(state.last_review),
        )

    @staticmethod
    def _from_fsrs(card: FsrsCard, before: CardState, rating: Rating) -> CardState:
        lapse = before.phase == Phase.REVIEW and rating == Rating.AGAIN
        return CardState(
            phase=_FROM_FSRS_STATE[card.state],
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=int(card.due.timestamp()),
            last_review=None if card.last_review is None else int(card.last_review.timestamp()),
            reps=before.reps + 1,
            lapses=before.lapses + (1 if lapse else 0),
        )

    def review(self, state: CardState, rating: Rating, now: datetime) -> CardState:
        """The card's state after answering ``rating`` at ``now`` (UTC)."""
        card, _log = self._fsrs.review_card(self.to_fsrs(state), _TO_FSRS_RATING[rating], now)
        return self._from_fsrs(card, state, rating)

    def preview(self, state: CardState, now: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give (unfuzzed, as Anki shows them)."""
        fsrs_card = self.to_fsrs(state)
        out = {}
        for rating in Rating:
            card, _ = self._preview.review_card(fsrs_card, FsrsRating(int(rating)), now)
            out[rating] = card.due - now
        return out

    def interval_days(self, stability: float) -> int:
        """The interval (whole days, unfuzzed) a review card gets for ``stability``: py-fsrs's own rounding.

        A review answered Good never lowers stability (FSRS's recall formula), so this
        is also a lower bound on the interval that answer will give.
        """
        return int(self._preview._next_interval(stability=stability))

    def retrievability(self, state: CardState, now: datetime) -> float:
        if state.phase == Phase.NEW:
            return 0.0
        return float(self._fsrs.get_card_retrievability(self.to_fsrs(state), now))


def format_interval(delta: timedelta) -> str:
    """``10m``, ``3h``, ``1d``, ``4mo``, ``1.2y``, like Anki's answer buttons."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"


def with_due(state: CardState, due: int) -> CardState:
    return replace(state, due=due)
