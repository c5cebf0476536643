"""The interview date on a whole collection: capped answers, spread new cards, the per-day plan.

A seeded simulated user studies every day up to the interview; afterwards every
card must have been seen in the final days before it.
"""

from __future__ import annotations

from datetime import date, timedelta

from helpers import basic_notes
from stats_history import SimulatedUser

from flashdeck.collection import Collection
from flashdeck.collection.planning import FinalWindow
from flashdeck.core.clock import ManualClock
from flashdeck.core.daybins import DayMapper
from flashdeck.core.interview_plan import FINAL_DAYS
from flashdeck.core.scheduling import Rating


def _reviews_per_card(col: Collection) -> dict[int, list[date]]:
    days = DayMapper(col.clock.local_tz, col.day_start_hour)
    out: dict[int, list[date]] = {}
    for card_id, reviewed_ms in col.store.fetchall("SELECT card_id, reviewed_ms FROM revlog ORDER BY reviewed_ms"):
        out.setdefault(card_id, []).append(days.day_of(reviewed_ms / 1000))
    return out


def test_every_card_is_seen_in_the_last_days_before_the_interview(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(120), deck="Prep")
    user = SimulatedUser(col, clock, seed=11)
    user.study_days(20)  # a history first: many cards have intervals running past the interview
    interview = col.today().date + timedelta(days=16)
    col.set_interview_date(interview)
    col.add_notes(basic_notes(150, prefix="late"), deck="Prep")  # more than 20 a day must now be met
    user.study_days(16)
    assert col.today().date == interview
    first_day = interview - timedelta(days=FINAL_DAYS)
    seen = _reviews_per_card(col)
    all_cards = [row[0] for row in col.store.fetchall("SELECT id FROM cards")]
    assert len(all_cards) == 270
    missing = [cid for cid in all_cards if not any(first_day <= d < interview for d in seen.get(cid, []))]
    assert missing == []
    # ... and nothing is left due after the interview without that last look (the property itself).
    days = DayMapper(col.clock.local_tz, col.day_start_hour)
    for card_id, due in col.store.fetchall("SELECT id, due FROM cards WHERE phase=2"):
        assert days.day_of(due) <= interview or max(seen[card_id]) >= first_day


def test_without_an_interview_intervals_run_on(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="Prep")
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.EASY)
    assert (col.card(card.id).state.due - int(clock.now().timestamp())) > 5 * 86400
    # With an interview tomorrow+4, the same answer would be capped into the window.
    col.add_notes(basic_notes(1, prefix="other"), deck="Prep")
    clock.advance(hours=24)  # today's even share of new cards (one) is already met
    col.set_interview_date(col.today().date + timedelta(days=5))
    second = col.next_card()
    assert second is not None and second.id != card.id
    after = col.answer(second.id, Rating.EASY).state
    days = DayMapper(clock.local_tz, col.day_start_hour)
    assert days.day_of(after.due) <= col.today().date + timedelta(days=4)


def test_setting_the_date_brings_scheduled_reviews_forward(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(30), deck="Prep")
    user = SimulatedUser(col, clock, seed=3)
    user.study_days(12)
    interview = col.today().date + timedelta(days=6)
    days = DayMapper(clock.local_tz, col.day_start_hour)
    late = [cid for cid, due in col.store.fetchall("SELECT id, due FROM cards WHERE phase=2")
            if days.day_of(due) > interview - timedelta(days=1)]
    assert late  # the history has long intervals to cap
    assert col.set_interview_date(interview).count == len(late)
    for _cid, due in col.store.fetchall("SELECT id, due FROM cards WHERE phase=2"):
        assert days.day_of(due) <= interview - timedelta(days=1)
    assert col.set_interview_date(None).count == 0
    assert col.interview_window() is None and col.study_plan().days == ()


def test_the_plan_lists_each_day_until_the_interview(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(90), deck="Prep")
    today = col.today().date
    col.set_interview_date(today + timedelta(days=10))
    plan = col.study_plan()
    assert plan.days_left == 10 and len(plan.days) == 10
    assert plan.final_window == FinalWindow(today + timedelta(days=7), today + timedelta(days=9), 90)
    # 90 new cards over the 7 days before the window: an even 13 a day, whatever the deck's own limit
    # (20 would front-load them, 5 would miss the date).
    assert plan.new_per_day == 13
    assert [d.new for d in plan.days] == [13, 13, 13, 13, 13, 13, 12, 0, 0, 0]
    assert [d.final_window for d in plan.days] == [False] * 7 + [True] * 3
    assert col.due_counts().new == 13  # the queue follows the plan
    col.set_deck_limits("Prep", new_per_day=5, reviews_per_day=200)
    plan = col.study_plan()
    assert plan.new_per_day == 13 and sum(d.new for d in plan.days) == 90
    assert col.due_counts().new == 13  # the queue follows the plan, not the lower deck limit


def test_after_the_interview_the_decks_own_limits_return(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(40), deck="Prep")
    col.set_deck_limits("Prep", new_per_day=7, reviews_per_day=200)
    col.set_interview_date(col.today().date + timedelta(days=2))
    assert col.due_counts().new == 20  # 40 cards, two days left before the interview: 20 a day
    clock.advance(hours=48)  # the interview day, the date still set
    assert col.today().date == col.interview_window().interview  # type: ignore[union-attr]
    assert col.due_counts().new == 7 and col.study_plan().days == ()
