"""The plan's projection on its own: the scheduler's interval rule it leans on, and large histories."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from flashdeck.core import plan_projection
from flashdeck.core.daybins import DayMapper
from flashdeck.core.interview_plan import InterviewWindow
from flashdeck.core.plan_projection import DeckPace, PlanCard, project
from flashdeck.core.scheduling import CardState, Phase, Rating, Scheduler, SchedulerSettings

TODAY = date(2026, 3, 2)
MAPPER = DayMapper(UTC, 4)
NOW = MAPPER.start_of(TODAY) + 5 * 3600


@pytest.mark.parametrize("retention", [0.8, 0.9, 0.97])
def test_interval_days_is_the_interval_a_good_answer_gives_and_never_more(retention: float) -> None:
    """The projection skips reviews whose next look is past the interview: only sound if this holds."""
    scheduler = Scheduler(SchedulerSettings(desired_retention=retention, enable_fuzzing=False))
    rng = random.Random(3)
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for _ in range(200):
        stability = rng.uniform(0.5, 400)
        last = now - timedelta(days=rng.randrange(1, 200))
        state = CardState(Phase.REVIEW, None, stability, rng.uniform(1, 10), int(now.timestamp()),
                          int(last.timestamp()), 3)
        after = scheduler.review(state, Rating.GOOD, now)
        assert after.stability is not None and after.stability >= stability
        given = round((after.due - int(now.timestamp())) / 86400)
        assert given == scheduler.interval_days(after.stability)
        assert given >= scheduler.interval_days(stability)


def _history(count: int, window: InterviewWindow, seed: int = 9) -> list[PlanCard]:
    """Review cards with distinct states, their due dates capped as setting the interview date caps them."""
    rng = random.Random(seed)
    cards = []
    for card_id in range(1, count + 1):
        stability = rng.uniform(0.5, 40)
        last = NOW - rng.randrange(1, 30) * 86400 - rng.randrange(0, 86400)
        due = window.cap_due(last + int(stability * 86400), last, card_id)
        state = CardState(Phase.REVIEW, None, stability, rng.uniform(1, 10), due, last, 2)
        cards.append(PlanCard(card_id, card_id, 1, state))
    return cards


def test_a_long_history_is_grouped_and_still_keeps_the_promise(monkeypatch: pytest.MonkeyPatch) -> None:
    window = InterviewWindow(TODAY + timedelta(days=20), MAPPER)
    cards = _history(3000, window)
    new = [DeckPace(1, [(10_000 + i, 10_000 + i) for i in range(300)], 10_000)]
    scheduler = Scheduler(SchedulerSettings(enable_fuzzing=False))
    rounded = project(cards, new, window=window, today=TODAY, now_ts=NOW, scheduler=scheduler)
    monkeypatch.setattr(plan_projection, "EXACT_UP_TO", 10_000)
    exact = project(cards, new, window=window, today=TODAY, now_ts=NOW, scheduler=scheduler)
    for plan in (rounded, exact):
        assert plan.cards == plan.seen_in_window == 3300
        paced = [d.new for d in plan.days[:17]]  # 300 over the 17 days before the window: 17 or 18 a day
        assert sum(paced) == 300 and max(paced) - min(paced) <= 1 and min(paced) == 17
    # Rounding moves a few cards by a day, no more.
    assert sum(d.reviews for d in rounded.days) == pytest.approx(sum(d.reviews for d in exact.days), rel=0.02)
    for a, b in zip(rounded.days, exact.days, strict=True):
        assert abs(a.reviews - b.reviews) <= max(5, b.reviews // 10)
