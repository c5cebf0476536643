"""The interview plan for a whole collection: what is left to cover on each day until the interview.

The rules themselves (the final window, the cap, the pace of new cards) live in
:mod:`flashdeck.core.interview_plan`; this module applies them to the cards in
the database.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flashdeck.core.interview_plan import InterviewWindow, new_per_day
from flashdeck.storage import queries

if TYPE_CHECKING:
    from flashdeck.collection import Collection

__all__ = ["capped_reviews", "new_quota", "study_plan"]


def new_quota(col: Collection, window: InterviewWindow,
              done: dict[int, tuple[int, int]] | None = None) -> dict[int, int]:
    """deck id → new cards a day that deck must introduce to be ready in time.

    Counted from the new cards left at the start of the study day (those left
    now plus those introduced today), so the figure holds still all day.
    """
    day = col.today()
    if done is None:
        done = queries.done_today(col.store, day.start_ts * 1000)
    left = dict(col.store.fetchall("SELECT deck_id, count(*) FROM cards WHERE phase=0 AND NOT suspended "
                                   "GROUP BY deck_id"))
    out = {}
    for deck_id in set(left) | set(done):
        remaining = int(left.get(deck_id, 0)) + done.get(deck_id, (0, 0))[0]
        out[deck_id] = new_per_day(remaining, day.date, window)
    return out


def capped_reviews(col: Collection, window: InterviewWindow) -> list[tuple[int, int]]:
    """(card id, new due) for review cards due after the final window and last seen before it."""
    days = window.days
    rows = col.store.fetchall(
        "SELECT id, due, last_review FROM cards WHERE phase=2 AND due>=?",
        (days.start_of(window.last_day + timedelta(days=1)),))
    today_ts = col.today().start_ts
    out = []
    for card_id, due, last_review in rows:
        capped = window.cap_due(int(due), int(last_review if last_review is not None else today_ts), int(card_id))
        if capped != due:
            out.append((int(card_id), capped))
    return out


def _new_cards_per_day(col: Collection, window: InterviewWindow, days_left: int) -> tuple[list[int], int]:
    """New cards to meet on each day, and the daily pace: each deck at its limit or the interview's, if higher."""
    quota = new_quota(col, window)
    done = queries.done_today(col.store, col.today().start_ts * 1000)
    left = dict(col.store.fetchall("SELECT deck_id, count(*) FROM cards WHERE phase=0 AND NOT suspended "
                                   "GROUP BY deck_id"))
    plan = [0] * days_left
    total_pace = 0
    for row in col.store.deck_rows():
        deck_id, remaining = row[0], int(left.get(row[0], 0))
        pace = max(int(row[7]), quota.get(deck_id, 0))
        total_pace += pace if remaining else 0
        for offset in range(days_left):
            # Today's share is what is left of today's allowance after what was already met.
            take = min(remaining, max(0, pace - done.get(deck_id, (0, 0))[0]) if offset == 0 else pace)
            plan[offset] += take
            remaining -= take
    return plan, total_pace


def _day_entry(day: date, window: InterviewWindow, reviews: int, new: int) -> dict[str, Any]:
    return {"date": day.isoformat(), "reviews": reviews, "new": new, "total": reviews + new,
            "final_window": window.first_day <= day <= window.last_day}


def study_plan(col: Collection) -> dict[str, Any]:
    """Per study day from today to the day before the interview: reviews already due and new cards to meet.

    Reviews are the cards scheduled so far (overdue ones count today, intervals
    capped into the final window); new cards follow the pace the interview asks
    for. Reviews that today's and later answers will add are not known yet.
    """
    window = col.interview_window()
    today = col.today().date
    if window is None:
        return {"interview_date": None, "today": today.isoformat(), "days_left": None, "days": []}
    days_left = window.days_left(today)
    mapper = window.days
    reviews = [0] * days_left
    capped = dict(capped_reviews(col, window))
    for card_id, due in col.store.fetchall(
            "SELECT id, due FROM cards WHERE phase IN (1, 2, 3) AND NOT suspended"):
        due_day = mapper.day_of(capped.get(card_id, due))
        offset = max(0, (due_day - today).days)
        if offset < days_left:
            reviews[offset] += 1
    new_plan, pace = _new_cards_per_day(col, window, days_left)
    plan_days = [_day_entry(today + timedelta(days=i), window, reviews[i], new_plan[i]) for i in range(days_left)]
    return {
        "interview_date": window.interview.isoformat(),
        "today": today.isoformat(),
        "days_left": days_left,
        "final_days": window.final_days,
        "final_window": {"from": window.first_day.isoformat(), "to": window.last_day.isoformat()},
        "new_remaining": int(col.store.scalar("SELECT count(*) FROM cards WHERE phase=0 AND NOT suspended") or 0),
        "new_per_day": pace,
        "days": plan_days,
    }
