"""Statistics against hand-computed figures: heatmap, forecast, true retention, states, rehearsal.

The collection lives in New York with the day starting at 04:00, so study days
are not UTC days: a review at 02:30 local time counts for the day before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flashdeck.collection import Collection
from flashdeck.collection.stats import full_stats
from flashdeck.collection.stats_results import AttemptsOnDay, CardCounts, DayActivity, PaceOnDay, RecentRehearsal
from flashdeck.core.clock import ManualClock
from flashdeck.core.daybins import DayMapper
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating

NY = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 21)


def at(day_offset: int, hour: int = 10, minute: int = 0) -> datetime:
    """Local wall-clock time ``day_offset`` days from TODAY, as UTC."""
    day = TODAY + timedelta(days=day_offset)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=NY).astimezone(UTC)


@pytest.fixture
def ny(tmp_path: Path) -> Iterator[tuple[Collection, ManualClock]]:
    clock = ManualClock(at(-400), NY)
    col = Collection.open(tmp_path / "ny.db", clock=clock, fuzz=False)
    col.add_notes([NoteDraft("basic", {"front": f"A{i}", "back": "x"}) for i in range(6)], deck="A")
    col.add_notes([NoteDraft("beats", {"title": f"B{i}", "beats": "1. one"}) for i in range(3)], deck="B")
    yield col, clock
    col.close()


def ids(col: Collection, deck: str) -> list[int]:
    return col.search(f"deck:{deck}")


def make_review(col: Collection, card_id: int) -> None:
    """Put a card in the review phase, due now, last seen five days ago."""
    now = int(col.clock.now().timestamp())
    with col.store.transaction() as tx:
        tx.execute("UPDATE cards SET phase=2, step=NULL, stability=5.0, difficulty=5.0, due=?, last_review=?, "
                   "reps=3 WHERE id=?", (now, now - 5 * 86400, card_id))


def review(col: Collection, clock: ManualClock, when: datetime, card_id: int, rating: Rating,
           seconds: int = 10) -> None:
    clock.set(when)
    make_review(col, card_id)
    col.answer(card_id, rating, duration_ms=seconds * 1000)


def test_day_mapper_uses_local_time_and_the_day_start() -> None:
    days = DayMapper(NY, 4)
    assert days.day_of(at(0, 3, 59).timestamp()) == TODAY - timedelta(days=1)
    assert days.day_of(at(0, 4, 0).timestamp()) == TODAY
    assert days.start_of(TODAY) == int(at(0, 4).timestamp())
    # Clocks go back at 02:00 on 1 Nov 2026: the study day from 04:00 on 31 Oct lasts 25 hours.
    assert days.start_of(date(2026, 11, 1)) - days.start_of(date(2026, 10, 31)) == 25 * 3600
    assert days.start_of(date(2026, 11, 2)) - days.start_of(date(2026, 11, 1)) == 24 * 3600


def test_heatmap_and_true_retention_match_hand_counts(ny: tuple[Collection, ManualClock]) -> None:
    col, clock = ny
    a, b = ids(col, "A"), ids(col, "B")
    review(col, clock, at(-400), a[0], Rating.AGAIN)  # outside every period
    review(col, clock, at(-400, 11), a[1], Rating.GOOD)
    review(col, clock, at(-100), a[0], Rating.GOOD)
    review(col, clock, at(-100, 11), a[1], Rating.GOOD)
    review(col, clock, at(-100, 12), b[0], Rating.AGAIN)
    review(col, clock, at(-20), a[0], Rating.HARD, seconds=30)
    review(col, clock, at(-20, 11), b[0], Rating.GOOD, seconds=30)
    review(col, clock, at(-6), a[1], Rating.AGAIN)
    review(col, clock, at(-5, 2, 30), b[1], Rating.EASY)  # 02:30 belongs to day -6
    review(col, clock, at(0, 9), b[1], Rating.GOOD, seconds=45)
    clock.set(at(0, 9, 30))
    col.answer(a[5], Rating.AGAIN, duration_ms=5000)  # a new card: learning, not retention
    figures = full_stats(col)

    heat = figures.heatmap
    assert heat.start == TODAY - timedelta(days=364) and heat.end == TODAY
    by_day = {d.date: (d.reviews, d.time_ms) for d in heat.days}
    assert by_day == {
        TODAY - timedelta(days=100): (3, 30_000),
        TODAY - timedelta(days=20): (2, 60_000),
        TODAY - timedelta(days=6): (2, 20_000),
        TODAY: (2, 50_000),
    }
    assert (heat.total_reviews, heat.active_days, heat.max_reviews) == (9, 4, 3)
    assert heat.years == (2025, 2026)
    assert full_stats(col, year=2025).heatmap.total_reviews == 2  # the two at day -400 (Oct 2025)

    retention = figures.retention
    assert {p.name: (p.total.reviews, p.total.passed, p.total.rate) for p in retention.periods} == {
        "7d": (3, 2, 0.6667), "30d": (5, 4, 0.8), "365d": (8, 6, 0.75)}
    assert {kind: (r.reviews, r.passed, r.rate) for kind, r in retention.period(30).by_kind.items()} == {
        "basic": (2, 1, 0.5), "beats": (3, 3, 1.0)}
    assert full_stats(col, "B").retention.period(365).total.reviews == 4

    times = figures.time
    assert len(times) == 30 and times[-1] == DayActivity(TODAY, 2, 50_000)
    assert times[-7].reviews == 2 and sum(t.reviews for t in times) == 6


def test_forecast_counts_each_study_day(ny: tuple[Collection, ManualClock]) -> None:
    col, clock = ny
    clock.set(at(0, 10))
    a, b = ids(col, "A"), ids(col, "B")
    dues = {
        a[0]: at(-1),          # overdue: counted today
        a[1]: at(0, 23),       # tonight
        a[2]: at(1, 3),        # 03:00 tomorrow is still today's study day
        a[3]: at(1, 5),        # tomorrow
        a[4]: at(29),          # the last day of the 30
        b[0]: at(30),          # only in the 90
        b[1]: at(95),          # beyond both
    }
    with col.store.transaction() as tx:
        for card_id, due in dues.items():
            tx.execute("UPDATE cards SET phase=2, stability=9, difficulty=5, due=?, last_review=? WHERE id=?",
                       (int(due.timestamp()), int(at(-10).timestamp()), card_id))
        tx.execute("UPDATE cards SET phase=1, step=1, due=? WHERE id=?", (int(at(0, 10, 10).timestamp()), b[2]))
    col.suspend([a[3]])
    forecast = full_stats(col).forecast
    assert forecast.start == TODAY
    assert forecast.days[0] == 4  # overdue + tonight + 03:00 tomorrow + the learning card
    assert forecast.days[1] == 0  # the suspended card does not count
    assert (forecast.days[29], forecast.days[30], forecast.overdue) == (1, 1, 1)
    assert (forecast.next_30, forecast.next_90, len(forecast.days)) == (5, 6, 90)
    deck_b = full_stats(col, "B")
    assert deck_b.forecast.next_90 == 2
    assert deck_b.states == CardCounts(new=0, learning=1, review=2, suspended=0, total=3)
    assert full_stats(col).states == CardCounts(new=1, learning=1, review=6, suspended=1, total=9)


def test_figures_without_reviews_keep_their_json_shape(ny: tuple[Collection, ManualClock]) -> None:
    """The JSON of what the pinned files (tests/data/cli_json, a studied collection) never show: no reviews yet.

    Compared as JSON text, so the order of the keys counts too."""
    col, clock = ny
    clock.set(at(0, 12))
    empty_period = {"reviews": 0, "passed": 0, "rate": None, "by_kind": {}}
    assert json.dumps(full_stats(col).to_dict()) == json.dumps({
        "deck": None,
        "study_day": TODAY.isoformat(),
        "heatmap": {"from": (TODAY - timedelta(days=364)).isoformat(), "to": TODAY.isoformat(), "days": [],
                    "total_reviews": 0, "active_days": 0, "max_reviews": 0, "years": [2026]},
        "forecast": {"from": TODAY.isoformat(), "days": [0] * 90, "overdue": 0, "next_30": 0, "next_90": 0},
        "retention": {"7d": empty_period, "30d": empty_period, "365d": empty_period},
        "states": {"new": 9, "learning": 0, "review": 0, "suspended": 0, "total": 9},
        "time": [{"date": (TODAY - timedelta(days=back)).isoformat(), "reviews": 0, "time_ms": 0}
                 for back in range(29, -1, -1)],
        "rehearsal": {"available": True, "attempts": 0, "per_day": [], "with_target": 0, "in_window": 0,
                      "in_window_share": None, "avg_duration_s": None, "avg_target_s": None, "pace": []},
    })


def test_unknown_deck_is_an_error(col: Collection) -> None:
    with pytest.raises(LookupError):
        full_stats(col, "nope")


def test_rehearsal_is_empty_without_attempts(col: Collection) -> None:
    figures = full_stats(col).rehearsal
    assert figures == RecentRehearsal(available=True)
    # Its JSON (the pinned files have attempts in every case):
    assert figures.to_dict() == {"available": True, "attempts": 0, "per_day": [], "with_target": 0, "in_window": 0,
                                 "in_window_share": None, "avg_duration_s": None, "avg_target_s": None, "pace": []}


def test_rehearsal_figures_from_attempts(ny: tuple[Collection, ManualClock]) -> None:
    col, clock = ny
    clock.set(at(0, 12))
    a, b = ids(col, "A"), ids(col, "B")
    # Only the columns the statistics read (migration 0004_attempts made the table).
    with col.store.transaction() as tx:
        rows = [
            (a[0], at(-40), 150_000, 120, 180, 140.0),  # too old: outside the 30 days
            (a[0], at(-2), 150_000, 120, 180, 140.0),   # inside 2:00-3:00
            (a[1], at(-2, 11), 200_000, 120, 180, 120.0),  # over
            (b[0], at(0, 9), 100_000, 120, 180, None),  # short, no transcript yet
            (b[1], at(0, 10), 60_000, None, None, 160.0),  # no target
        ]
        tx.executemany("INSERT INTO attempts (card_id, started_ms, duration_ms, target_low, target_high, wpm) "
                       "VALUES (?,?,?,?,?,?)",
                       [(c, int(t.timestamp() * 1000), d, lo, hi, w) for c, t, d, lo, hi, w in rows])
    figures = full_stats(col).rehearsal
    assert figures.available is True and figures.attempts == 4
    assert figures.per_day == (AttemptsOnDay(TODAY - timedelta(days=2), 2), AttemptsOnDay(TODAY, 2))
    assert (figures.with_target, figures.in_window, figures.in_window_share) == (3, 1, 0.3333)
    assert figures.avg_duration_s == 127.5  # (150 + 200 + 100 + 60) / 4
    assert figures.avg_target_s == 150.0
    assert figures.pace == (PaceOnDay(TODAY - timedelta(days=2), 130.0), PaceOnDay(TODAY, 160.0))
    # The pace's JSON, keys in order (the pinned files have no transcribed attempt):
    assert json.dumps(figures.to_dict()["pace"]) == json.dumps([{"date": (TODAY - timedelta(days=2)).isoformat(),
                                                                 "wpm": 130.0},
                                                                {"date": TODAY.isoformat(), "wpm": 160.0}])
    assert full_stats(col, "B").rehearsal.attempts == 2


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_figures_match_a_count_of_every_review(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The statistics queries (a range per study day, kinds → cards → each card's reviews, cards due
    in the window) against a count of every review and card row in Python, over 400 days of a seeded
    history across a DST change, two decks and two kinds, with the deck filter and without."""
    import random

    db = str(tmp_path / "ref.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    clock = ManualClock(at(0, 12), NY)
    col = Collection.open(db, clock=clock, fuzz=False)
    try:
        col.add_notes([NoteDraft("basic", {"front": f"A{i}", "back": "x"}) for i in range(8)], deck="A")
        col.add_notes([NoteDraft("beats", {"title": f"B{i}", "beats": "1. one"}) for i in range(5)], deck="A::Sub")
        col.add_notes([NoteDraft("basic", {"front": f"C{i}", "back": "x"}) for i in range(4)], deck="C")
        rng = random.Random(3)
        cards = col.store.fetchall("SELECT c.id, n.kind, d.name FROM cards c JOIN notes n ON n.id = c.note_id "
                                   "JOIN decks d ON d.id = c.deck_id")
        now = int(clock.now().timestamp())
        rows = []
        for _ in range(1500):
            card_id = rng.choice(cards)[0]
            when_ms = (now - rng.randint(0, 400 * 86400)) * 1000 + rng.randint(0, 999)
            rows.append((card_id, when_ms, rng.randint(1, 4), rng.randint(1000, 30000), rng.choice([0, 1, 2, 2, 3]),
                         None, None, None, 0, None, 2, None, 5.0, 5.0, when_ms // 1000 + 86400))
        with col.store.transaction() as tx:
            col.store.insert_reviews(tx, rows)
            for card_id, _kind, _deck in cards:
                tx.execute("UPDATE cards SET phase=?, due=?, suspended=? WHERE id=?",
                           (rng.choice([0, 1, 2, 2, 3]), now + rng.randint(-5 * 86400, 120 * 86400),
                            rng.random() < 0.1, card_id))
        mapper = DayMapper(NY, col.day_start_hour)
        today = col.today().date
        state = {r[0]: r[1:] for r in col.store.fetchall("SELECT id, phase, due, suspended FROM cards")}
        for deck in (None, "A"):
            in_deck = {cid for cid, _k, name in cards if deck is None or name == deck or name.startswith(deck + "::")}
            kind_of = {cid: kind for cid, kind, _n in cards}
            figures = full_stats(col, deck)
            expected_days: dict[str, list[int]] = {}
            for card_id, when_ms, _rating, spent, *_ in rows:
                day = mapper.day_of(when_ms / 1000)
                if card_id in in_deck and today - timedelta(days=364) <= day <= today:
                    slot = expected_days.setdefault(day.isoformat(), [0, 0])
                    slot[0] += 1
                    slot[1] += spent
            assert {d.date.isoformat(): [d.reviews, d.time_ms] for d in figures.heatmap.days} == expected_days
            for period in (7, 30, 365):
                since = mapper.start_of(today - timedelta(days=period - 1)) * 1000
                by_kind: dict[str, list[int]] = {}
                for card_id, when_ms, rating, _s, phase_before, *_ in rows:
                    if card_id in in_deck and phase_before == 2 and when_ms >= since:
                        slot = by_kind.setdefault(kind_of[card_id], [0, 0])
                        slot[0] += 1
                        slot[1] += rating > 1
                got = figures.retention.period(period)
                assert {k: [v.reviews, v.passed] for k, v in got.by_kind.items()} == by_kind
                assert got.total.reviews == sum(v[0] for v in by_kind.values())
            per_day, overdue = [0] * 90, 0
            for card_id in in_deck:
                phase, due, suspended = state[card_id]
                if phase in (1, 2, 3) and not suspended:
                    offset = (mapper.day_of(due) - today).days
                    overdue += offset < 0
                    if offset < 90:
                        per_day[max(offset, 0)] += 1
            assert list(figures.forecast.days) == per_day
            assert figures.forecast.overdue == overdue
            assert sum(per_day) > 0 and expected_days
    finally:
        col.close()
