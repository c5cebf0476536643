"""The interview window's rules, as plain date arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flashdeck.core.daybins import DayMapper
from flashdeck.core.interview_plan import InterviewWindow, new_per_day

INTERVIEW = date(2026, 12, 20)
WINDOW = InterviewWindow(INTERVIEW, DayMapper(UTC, 4), final_days=3)
D = timedelta(days=1)


def test_the_final_window_is_the_days_just_before_the_interview() -> None:
    assert (WINDOW.first_day, WINDOW.last_day) == (date(2026, 12, 17), date(2026, 12, 19))
    assert WINDOW.days_left(date(2026, 12, 10)) == 10
    assert WINDOW.days_left(date(2026, 12, 25)) == 0


def test_a_due_date_past_the_window_is_brought_into_it() -> None:
    reviewed = date(2026, 12, 1)
    capped = {WINDOW.cap_day(date(2027, 3, 1), reviewed, card_id) for card_id in range(30)}
    assert capped == {date(2026, 12, 17), date(2026, 12, 18), date(2026, 12, 19)}  # spread by card id


def test_due_dates_before_or_inside_the_window_are_kept() -> None:
    reviewed = date(2026, 12, 1)
    assert WINDOW.cap_day(date(2026, 12, 5), reviewed) == date(2026, 12, 5)
    assert WINDOW.cap_day(date(2026, 12, 19), reviewed) == date(2026, 12, 19)


def test_a_review_inside_the_window_is_the_last_look() -> None:
    assert WINDOW.cap_day(date(2027, 1, 30), date(2026, 12, 18)) == date(2027, 1, 30)
    assert WINDOW.cap_day(date(2027, 1, 30), date(2026, 12, 21)) == date(2027, 1, 30)


def test_the_cap_never_falls_on_or_before_the_review_day() -> None:
    # Reviewed the day before the window opens: the capped day is at least the next day.
    for card_id in range(6):
        assert WINDOW.cap_day(date(2027, 2, 1), date(2026, 12, 16), card_id) >= date(2026, 12, 17)


def test_cap_due_moves_to_the_start_of_the_capped_study_day() -> None:
    reviewed = datetime(2026, 12, 1, 10, tzinfo=UTC)
    due = datetime(2027, 3, 1, 10, tzinfo=UTC)
    capped = WINDOW.cap_due(int(due.timestamp()), int(reviewed.timestamp()), card_id=1)
    assert capped == int(datetime(2026, 12, 18, 4, tzinfo=UTC).timestamp())
    kept = int(datetime(2026, 12, 10, 10, tzinfo=UTC).timestamp())
    assert WINDOW.cap_due(kept, int(reviewed.timestamp())) == kept


def test_new_cards_are_spread_to_finish_before_the_window() -> None:
    # From 1 Dec, the last day to meet new cards is 16 Dec: 16 days.
    assert new_per_day(160, date(2026, 12, 1), WINDOW) == 10
    assert new_per_day(161, date(2026, 12, 1), WINDOW) == 11
    assert new_per_day(0, date(2026, 12, 1), WINDOW) == 0
    # Inside the window, what is left is spread over the days before the interview.
    assert new_per_day(6, date(2026, 12, 18), WINDOW) == 3
    assert new_per_day(6, date(2026, 12, 20), WINDOW) == 0  # the day itself: nothing more to plan
    assert new_per_day(6, date(2026, 12, 16), WINDOW) == 6
