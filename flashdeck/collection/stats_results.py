"""The statistics as values: what ``Collection.stats()`` and ``Collection.stats_full()`` return.

Each carries its own ``to_dict`` (py-fsrs's habit): the JSON ``flashdeck stats --json`` prints,
pinned byte for byte by tests/cli/test_cli_json_pinned.py. The sections of the full figures
(heatmap, forecast, retention, card states, rehearsal, time per day) are the values of
``flashdeck.core.stats_values``, re-exported here: ``flashdeck.core.stats_text``, below the
collection layer, reads them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flashdeck.core.queue import QueueCounts
from flashdeck.core.stats_values import (
    AttemptsOnDay,
    CardCounts,
    CardStates,
    DayActivity,
    Forecast,
    Heatmap,
    PaceOnDay,
    PassRate,
    RecentRehearsal,
    Retention,
    RetentionPeriod,
)

__all__ = [
    "AttemptsOnDay",
    "BasicStats",
    "CardCounts",
    "CardStates",
    "DayActivity",
    "Forecast",
    "FullStats",
    "Heatmap",
    "PaceOnDay",
    "PassRate",
    "RatingCounts",
    "RecentRehearsal",
    "Retention",
    "RetentionPeriod",
]


@dataclass(frozen=True)
class RatingCounts:
    again: int = 0
    hard: int = 0
    good: int = 0
    easy: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"again": self.again, "hard": self.hard, "good": self.good, "easy": self.easy}


@dataclass(frozen=True)
class BasicStats:
    """The collection at a glance: sizes, today's work, what is due now."""

    notes: int
    cards: int
    decks: int
    reviews: int
    reviews_today: int
    ratings_today: RatingCounts
    time_today_ms: int
    due: QueueCounts
    states: CardStates
    study_day: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "cards": self.cards,
            "decks": self.decks,
            "reviews": self.reviews,
            "reviews_today": self.reviews_today,
            "ratings_today": self.ratings_today.to_dict(),
            "time_today_ms": self.time_today_ms,
            "due": self.due.to_dict(),
            "states": self.states.to_dict(),
            "study_day": self.study_day.isoformat(),
        }


@dataclass(frozen=True)
class FullStats:
    """Every figure of the Stats screen for one deck (with its sub-decks) or all (``deck`` None)."""

    deck: str | None
    study_day: date
    heatmap: Heatmap
    forecast: Forecast
    retention: Retention
    states: CardCounts
    time: tuple[DayActivity, ...]  # each of the last 30 study days, oldest first, today last
    rehearsal: RecentRehearsal

    def to_dict(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "study_day": self.study_day.isoformat(),
            "heatmap": self.heatmap.to_dict(),
            "forecast": self.forecast.to_dict(),
            "retention": self.retention.to_dict(),
            "states": self.states.to_dict(),
            "time": [day.to_dict() for day in self.time],
            "rehearsal": self.rehearsal.to_dict(),
        }
