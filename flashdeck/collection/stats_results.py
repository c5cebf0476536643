"""The statistics as values: what ``Collection.stats()`` and ``Collection.stats_full()`` return.

Each carries its own ``to_dict`` (py-fsrs's habit): the JSON ``flashdeck stats --json`` prints,
pinned byte for byte by tests/cli/test_cli_json_pinned.py. The sections of the full figures
(heatmap, forecast, retention, rehearsal, time per day) keep that JSON shape as dictionaries:
the Stats screen and ``flashdeck.core.stats_text`` (below the collection layer) read them so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flashdeck.core.queue import QueueCounts

__all__ = ["BasicStats", "CardStates", "FullStats", "RatingCounts"]


@dataclass(frozen=True)
class RatingCounts:
    again: int = 0
    hard: int = 0
    good: int = 0
    easy: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"again": self.again, "hard": self.hard, "good": self.good, "easy": self.easy}


@dataclass(frozen=True)
class CardStates:
    """Cards by phase; suspended cards are counted only as suspended."""

    new: int = 0
    learning: int = 0
    review: int = 0
    suspended: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "learning": self.learning, "review": self.review, "suspended": self.suspended}


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
    heatmap: dict[str, Any]
    forecast: dict[str, Any]
    retention: dict[str, Any]
    states: dict[str, int]  # new, learning, review, suspended and total
    time: list[dict[str, Any]]
    rehearsal: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "study_day": self.study_day.isoformat(),
            "heatmap": self.heatmap,
            "forecast": self.forecast,
            "retention": self.retention,
            "states": self.states,
            "time": self.time,
            "rehearsal": self.rehearsal,
        }
