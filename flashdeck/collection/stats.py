"""Collection statistics (the figures behind ``flashdeck stats`` and the Stats screen).

Days are study days (they roll over at the collection's day-start hour, local
time). Python computes where each study day starts (:class:`flashdeck.core.daybins.DayMapper`)
and the SQL (``flashdeck.storage.stats_queries``) counts reviews between those instants,
or groups cards by quarter-hour buckets of epoch time that Python maps to study days,
so the figures are right in any time zone and on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flashdeck.collection.stats_results import (
    AttemptsOnDay,
    BasicStats,
    CardCounts,
    CardStates,
    DayActivity,
    Forecast,
    FullStats,
    Heatmap,
    PaceOnDay,
    PassRate,
    RatingCounts,
    RecentRehearsal,
    Retention,
    RetentionPeriod,
)
from flashdeck.core.daybins import DayMapper
from flashdeck.core.errors import NotFound
from flashdeck.storage import stats_queries

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = [
    "RETENTION_PERIODS",
    "basic_stats",
    "card_states",
    "daily_activity",
    "deck_ids",
    "forecast",
    "full_stats",
    "heatmap",
    "rehearsal",
    "retention",
]

RETENTION_PERIODS = (7, 30, 365)
FORECAST_DAYS = 90
RECENT_DAYS = 30


def basic_stats(col: CollectionLike) -> BasicStats:
    store = col.store
    day = col.today()
    states = card_states(col)
    ratings = stats_queries.ratings_since(store, day.start_ts * 1000)
    return BasicStats(
        notes=stats_queries.note_count(store),
        cards=states.total,
        decks=len(store.deck_rows()),
        reviews=stats_queries.review_count(store),
        reviews_today=sum(ratings.values()),
        ratings_today=RatingCounts(*(int(ratings.get(value, 0)) for value in (1, 2, 3, 4))),
        time_today_ms=stats_queries.time_since(store, day.start_ts * 1000),
        due=col.due_counts(),
        states=CardStates(states.new, states.learning, states.review, states.suspended),
        study_day=day.date,
    )


# -- helpers ---------------------------------------------------------------------------------


def deck_ids(col: CollectionLike, deck: str | None) -> list[int] | None:
    """The ids of ``deck`` and its sub-decks (``None``: every deck). Raises ``NotFound`` for no such deck."""
    if deck is None:
        return None
    ids = [row.id for row in col.store.deck_rows() if row.name == deck or row.name.startswith(deck + "::")]
    if not ids:
        raise NotFound(f"no deck named {deck!r}")
    return ids


def _mapper(col: CollectionLike) -> DayMapper:
    return DayMapper(col.clock.local_tz, col.day_start_hour)


def daily_activity(col: CollectionLike, ids: Sequence[int] | None, start: date,
                   end: date) -> dict[date, tuple[int, int]]:
    """study day → (reviews, milliseconds spent) for days from ``start`` to ``end`` inclusive (days with none left out).

    One range of ``ix_revlog_reviewed_ms`` per study day (``storage.stats_queries.reviews_per_day``).
    """
    mapper = _mapper(col)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if not days:
        return {}
    starts = [mapper.start_of(day) * 1000 for day in [*days, end + timedelta(days=1)]]
    rows = stats_queries.reviews_per_day(col.store, list(itertools.pairwise(starts)), ids)
    day_at = dict(zip(starts, days, strict=False))  # the last start ends the last day
    out = {day_at[int(r.lo)]: (int(r.reviews), int(r.spent_ms or 0)) for r in rows if r.reviews}
    return dict(sorted(out.items()))


# -- the figures -----------------------------------------------------------------------------


def heatmap(col: CollectionLike, ids: Sequence[int] | None = None, year: int | None = None) -> Heatmap:
    """Reviews per study day for one calendar ``year``, or the 365 days ending today."""
    today = col.today().date
    if year is None:
        start, end = today - timedelta(days=364), today
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    days = daily_activity(col, ids, start, end)
    first_ms = stats_queries.first_review_ms(col.store)
    first_year = _mapper(col).day_of(first_ms / 1000).year if first_ms is not None else today.year
    return Heatmap(start=start, end=end, days=tuple(DayActivity(d, n, ms) for d, (n, ms) in days.items()),
                   years=tuple(range(first_year, today.year + 1)))


def forecast(col: CollectionLike, ids: Sequence[int] | None = None, days: int = FORECAST_DAYS) -> Forecast:
    """Cards (learning and review, not suspended) falling due on each of the next ``days`` study days.

    Anything overdue counts on day 0 (today), as it is still to be done today.
    """
    mapper = _mapper(col)
    today = col.today().date
    # Where each study day from today on starts; cards due after the last day shown count nowhere.
    starts = [mapper.start_of(today + timedelta(days=offset)) for offset in range(days + 1)]
    overdue, *per_day = stats_queries.due_per_day(col.store, starts, ids)
    if per_day:
        per_day[0] += overdue
    return Forecast(start=today, days=tuple(per_day), overdue=overdue)


def retention(col: CollectionLike, ids: Sequence[int] | None = None,
              periods: Sequence[int] = RETENTION_PERIODS) -> Retention:
    """True retention: the share of reviews of cards in the review phase not answered Again.

    Learning and relearning steps are left out (as Anki's true retention does):
    they test minutes-old memories. Period ``N`` is today and the N-1 days before.
    """
    mapper = _mapper(col)
    today = col.today().date
    since = [mapper.start_of(today - timedelta(days=period - 1)) * 1000 for period in periods]
    if not since:
        return Retention(())
    rows = stats_queries.retention_rows(col.store, since, ids)
    out: list[RetentionPeriod] = []
    for index, period in enumerate(periods):
        by_kind = {kind: PassRate(int(sums_[2 * index] or 0), int(sums_[2 * index + 1] or 0))
                   for kind, *sums_ in rows if sums_[2 * index]}
        out.append(RetentionPeriod(period, by_kind))
    return Retention(tuple(out))


def card_states(col: CollectionLike, ids: Sequence[int] | None = None) -> CardCounts:
    """How many cards are new, learning, in review, suspended (suspended cards counted only there), and in all."""
    return CardCounts(*stats_queries.card_state_counts(col.store, ids))


def rehearsal(col: CollectionLike, ids: Sequence[int] | None = None, days: int = RECENT_DAYS) -> RecentRehearsal:
    """Spoken rehearsal over the last ``days`` study days (zeros until rehearsal attempts exist).

    ``in_window_share`` is the share of attempts with a target that ended inside
    it; the average target is each window's midpoint. Targets are in seconds.
    """
    if not stats_queries.has_attempts_table(col.store):
        return RecentRehearsal(available=False)
    mapper = _mapper(col)
    today = col.today().date
    start = today - timedelta(days=days - 1)
    rows = stats_queries.attempt_rows_since(col.store, mapper.start_of(start) * 1000, ids)
    if not rows:
        return RecentRehearsal(available=True)
    per_day: dict[date, int] = {}
    pace: dict[date, list[float]] = {}
    with_target = in_window = 0
    durations: list[float] = []
    targets: list[float] = []
    for row in rows:
        low, high, wpm = row.target_low, row.target_high, row.wpm
        day = mapper.day_of(row.started_ms / 1000)
        per_day[day] = per_day.get(day, 0) + 1
        seconds = (row.duration_ms or 0) / 1000
        durations.append(seconds)
        if low is not None and high is not None and high > 0:
            with_target += 1
            in_window += low <= seconds <= high
            targets.append((low + high) / 2)
        if wpm:
            pace.setdefault(day, []).append(float(wpm))
    return RecentRehearsal(
        available=True,
        attempts=len(rows),
        per_day=tuple(AttemptsOnDay(d, n) for d, n in sorted(per_day.items())),
        with_target=with_target,
        in_window=in_window,
        avg_duration_s=round(sum(durations) / len(durations), 1),
        avg_target_s=round(sum(targets) / len(targets), 1) if targets else None,
        pace=tuple(PaceOnDay(d, round(sum(v) / len(v), 1)) for d, v in sorted(pace.items())),
    )


def full_stats(col: CollectionLike, deck: str | None = None, *, year: int | None = None) -> FullStats:
    """Every figure of the Stats screen, for one deck (with sub-decks) or all."""
    ids = deck_ids(col, deck)
    today = col.today().date
    recent = daily_activity(col, ids, today - timedelta(days=RECENT_DAYS - 1), today)
    days = [today - timedelta(days=back) for back in range(RECENT_DAYS - 1, -1, -1)]
    time_per_day = tuple(DayActivity(day, *recent.get(day, (0, 0))) for day in days)
    return FullStats(
        deck=deck,
        study_day=today,
        heatmap=heatmap(col, ids, year),
        forecast=forecast(col, ids),
        retention=retention(col, ids),
        states=card_states(col, ids),
        time=time_per_day,
        rehearsal=rehearsal(col, ids),
    )
