"""The interview plan for a whole collection: what is left to cover on each day until the interview.

The rules themselves (the final window, the cap, the pace of new cards) live in
:mod:`flashdeck.core.interview_plan`; this module applies them to the cards in
the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flashdeck.core.interview_plan import InterviewWindow, new_per_day
from flashdeck.core.plan_projection import DeckPace, PlanCard, Projection, project
from flashdeck.core.queue import LEARN_AHEAD_S
from flashdeck.core.scheduling import CardState, Phase, Scheduler
from flashdeck.storage import plan_queries, queries

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike


__all__ = ["FinalWindow", "PlanDay", "StudyPlan", "capped_reviews", "new_quota", "study_plan"]


@dataclass(frozen=True)
class PlanDay:
    """One study day of the plan: the reviews and new cards it brings."""

    day: date
    reviews: int
    new: int
    final_window: bool  # one of the last days before the interview, when every card comes back

    @property
    def total(self) -> int:
        return self.reviews + self.new

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "reviews": self.reviews, "new": self.new, "total": self.total,
                "final_window": self.final_window}


@dataclass(frozen=True)
class FinalWindow:
    """The last days before the interview and how many cards come back in them."""

    first: date
    last: date
    cards_seen: int

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "cards_seen": self.cards_seen}


@dataclass(frozen=True)
class StudyPlan:
    """What is left to cover on each day until the interview; with no date set, only ``today``.

    ``to_dict`` is the JSON ``flashdeck plan --json`` prints (pinned by tests/cli/test_cli_json_pinned.py).
    """

    today: date
    interview_date: date | None = None
    days_left: int | None = None
    final_days: int = 0
    final_window: FinalWindow | None = None
    cards: int = 0
    new_remaining: int = 0
    new_per_day: int = 0
    days: tuple[PlanDay, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        if self.interview_date is None or self.final_window is None:
            return {"interview_date": None, "today": self.today.isoformat(), "days_left": None, "days": []}
        return {
            "interview_date": self.interview_date.isoformat(),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "final_days": self.final_days,
            "final_window": self.final_window.to_dict(),
            "cards": self.cards,
            "new_remaining": self.new_remaining,
            "new_per_day": self.new_per_day,
            "days": [day.to_dict() for day in self.days],
        }


def new_quota(col: CollectionLike, window: InterviewWindow,
              done: dict[int, tuple[int, int]] | None = None) -> dict[int, int]:
    """deck id → new cards a day that deck must introduce to be ready in time.

    Counted from the new cards left at the start of the study day (those left
    now plus those introduced today), so the figure holds still all day.
    """
    day = col.today()
    if done is None:
        done = queries.done_today(col.store, day.start_ts * 1000)
    left = plan_queries.new_left_by_deck(col.store)
    out = {}
    for deck_id in set(left) | set(done):
        remaining = int(left.get(deck_id, 0)) + done.get(deck_id, (0, 0))[0]
        out[deck_id] = new_per_day(remaining, day.date, window)
    return out


def capped_reviews(col: CollectionLike, window: InterviewWindow) -> list[tuple[int, int]]:
    """(card id, new due) for review cards due after the final window and last seen before it."""
    days = window.days
    rows = plan_queries.reviews_due_from(col.store, days.start_of(window.last_day + timedelta(days=1)))
    today_ts = col.today().start_ts
    out = []
    for row in rows:
        capped = window.cap_due(int(row.due), int(row.last_review if row.last_review is not None else today_ts),
                                int(row.id))
        if capped != row.due:
            out.append((int(row.id), capped))
    return out


def _projection(col: CollectionLike, window: InterviewWindow) -> Projection:
    """The plan's days, from the cards as they are now (see :mod:`flashdeck.core.plan_projection`)."""
    day = col.today()
    today = day.date.toordinal()
    done = queries.done_today(col.store, day.start_ts * 1000)
    phases = {int(p): p for p in Phase}
    cards = [
        PlanCard(c.id, c.note_id, c.deck_id,
                 CardState(phases[c.phase], c.step, c.stability, c.difficulty, c.due, c.last_review),
                 c.buried_until >= today)
        for c in plan_queries.scheduled_cards(col.store)
    ]
    new: dict[int, list[tuple[int, int]]] = {}
    buried: set[int] = set()
    for card in plan_queries.new_cards(col.store):
        new.setdefault(int(card.deck_id), []).append((int(card.id), int(card.note_id)))
        if int(card.buried_until) >= today:
            buried.add(int(card.id))
    decks = [DeckPace(int(deck.id), new.get(deck.id, []), int(deck.reviews_per_day), *done.get(deck.id, (0, 0)),
                      buried_today=frozenset(cid for cid, _ in new.get(deck.id, []) if cid in buried))
             for deck in col.store.deck_rows()]
    # A plan is a forecast: no fuzz, whatever the collection's setting.
    scheduler = Scheduler(replace(col.scheduler.settings, enable_fuzzing=False))
    return project(cards, decks, window=window, today=day.date, now_ts=int(col.clock.now().timestamp()),
                   scheduler=scheduler, learn_ahead_s=LEARN_AHEAD_S)


def study_plan(col: CollectionLike) -> StudyPlan:
    """Per study day from today to the day before the interview: the reviews and new cards it will bring.

    Projected with the real scheduler, every card answered Good on the day it
    falls due, new cards at the interview's even pace, review intervals capped
    into the final window (see :func:`flashdeck.core.plan_projection.project`).
    ``final_window.cards_seen`` of the ``cards`` are studied in the final window.
    """
    window = col.interview_window()
    today = col.today().date
    if window is None:
        return StudyPlan(today)
    projection = _projection(col, window)
    return StudyPlan(
        today=today,
        interview_date=window.interview,
        days_left=window.days_left(today),
        final_days=window.final_days,
        final_window=FinalWindow(window.first_day, window.last_day, projection.seen_in_window),
        cards=projection.cards,
        new_remaining=plan_queries.new_remaining(col.store),
        new_per_day=projection.new_per_day_today,
        days=tuple(PlanDay(d.day, d.reviews, d.new, window.first_day <= d.day <= window.last_day)
                   for d in projection.days),
    )
