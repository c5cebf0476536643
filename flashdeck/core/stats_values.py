"""The sections of the Stats screen's figures as values: heatmap, forecast, retention, card states, rehearsal.

``flashdeck.collection.stats`` builds them and ``Collection.stats_full`` returns them
(in ``flashdeck.collection.stats_results.FullStats``); they live here, in core, because
``flashdeck.core.stats_text`` reads them and core may not import the collection.
Each ``to_dict`` is the section's JSON in ``flashdeck stats --json``, pinned byte for byte
by tests/cli/test_cli_json_pinned.py: same keys, same order, dates as ISO strings.
Figures that follow from others (totals, maxima, rates) are properties, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = [
    "AttemptsOnDay",
    "CardCounts",
    "CardStates",
    "DayActivity",
    "Forecast",
    "Heatmap",
    "PaceOnDay",
    "PassRate",
    "RecentRehearsal",
    "Retention",
    "RetentionPeriod",
]


@dataclass(frozen=True, slots=True)
class CardStates:
    """Cards by phase; suspended cards are counted only as suspended."""

    new: int = 0
    learning: int = 0
    review: int = 0
    suspended: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "learning": self.learning, "review": self.review, "suspended": self.suspended}


@dataclass(frozen=True, slots=True)
class CardCounts(CardStates):
    """Cards by phase and in all: the full figures' states (the summary's ``states`` has no total)."""

    total: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"new": self.new, "learning": self.learning, "review": self.review, "suspended": self.suspended,
                "total": self.total}


@dataclass(frozen=True, slots=True)
class DayActivity:
    """One study day's reviews and the time they took."""

    date: date
    reviews: int
    time_ms: int

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "reviews": self.reviews, "time_ms": self.time_ms}


@dataclass(frozen=True, slots=True)
class Heatmap:
    """Reviews per study day from ``start`` to ``end`` (JSON ``from`` and ``to``), both included."""

    start: date
    end: date
    days: tuple[DayActivity, ...]  # only the days with reviews, oldest first
    years: tuple[int, ...]  # from the year of the first review to this one: the years the screen offers

    @property
    def total_reviews(self) -> int:
        return sum(day.reviews for day in self.days)

    @property
    def active_days(self) -> int:
        return len(self.days)

    @property
    def max_reviews(self) -> int:
        return max((day.reviews for day in self.days), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "days": [day.to_dict() for day in self.days],
            "total_reviews": self.total_reviews,
            "active_days": self.active_days,
            "max_reviews": self.max_reviews,
            "years": list(self.years),
        }


@dataclass(frozen=True, slots=True)
class Forecast:
    """Cards falling due on each study day from ``start`` (today, JSON ``from``); day 0 includes the overdue."""

    start: date
    days: tuple[int, ...]
    overdue: int

    @property
    def next_30(self) -> int:
        return sum(self.days[:30])

    @property
    def next_90(self) -> int:
        return sum(self.days[:90])

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "days": list(self.days), "overdue": self.overdue,
                "next_30": self.next_30, "next_90": self.next_90}


@dataclass(frozen=True, slots=True)
class PassRate:
    """Reviews and how many of them were not answered Again."""

    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        """The share passed, to 4 places; ``None`` without reviews (not 0%: nothing was asked)."""
        return round(self.passed / self.reviews, 4) if self.reviews else None

    def to_dict(self) -> dict[str, Any]:
        return {"reviews": self.reviews, "passed": self.passed, "rate": self.rate}


@dataclass(frozen=True, slots=True)
class RetentionPeriod:
    """True retention over ``days`` study days (today and the days before), per card kind and in all."""

    days: int
    by_kind: Mapping[str, PassRate]  # only the kinds reviewed in the period

    @property
    def name(self) -> str:
        """``"30d"``: the period's key in the JSON and its name in ``flashdeck stats``."""
        return f"{self.days}d"

    @property
    def total(self) -> PassRate:
        return PassRate(sum(r.reviews for r in self.by_kind.values()), sum(r.passed for r in self.by_kind.values()))

    def to_dict(self) -> dict[str, Any]:
        return {**self.total.to_dict(), "by_kind": {kind: rate.to_dict() for kind, rate in self.by_kind.items()}}


@dataclass(frozen=True, slots=True)
class Retention:
    """True retention over each period, shortest first."""

    periods: tuple[RetentionPeriod, ...]

    def period(self, days: int) -> RetentionPeriod:
        for period in self.periods:
            if period.days == days:
                return period
        raise KeyError(f"no {days}-day retention period")

    def to_dict(self) -> dict[str, Any]:
        return {period.name: period.to_dict() for period in self.periods}


@dataclass(frozen=True, slots=True)
class AttemptsOnDay:
    date: date
    attempts: int

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "attempts": self.attempts}


@dataclass(frozen=True, slots=True)
class PaceOnDay:
    """The day's average speaking pace over its transcribed attempts."""

    date: date
    wpm: float

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "wpm": self.wpm}


@dataclass(frozen=True, slots=True)
class RecentRehearsal:
    """Spoken rehearsal over the last study days (30 on the Stats screen); False ``available``: no attempts table.

    Durations and targets are in seconds; the average target is each window's midpoint.
    """

    available: bool
    attempts: int = 0
    per_day: tuple[AttemptsOnDay, ...] = ()
    with_target: int = 0
    in_window: int = 0  # attempts with a target that ended inside it
    avg_duration_s: float | None = None
    avg_target_s: float | None = None
    pace: tuple[PaceOnDay, ...] = ()

    @property
    def in_window_share(self) -> float | None:
        return round(self.in_window / self.with_target, 4) if self.with_target else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "available": self.available,
            "attempts": self.attempts,
            "per_day": [day.to_dict() for day in self.per_day],
            "with_target": self.with_target,
            "in_window": self.in_window,
            "in_window_share": self.in_window_share,
            "avg_duration_s": self.avg_duration_s,
            "avg_target_s": self.avg_target_s,
            "pace": [day.to_dict() for day in self.pace],
        }
