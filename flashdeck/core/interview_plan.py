"""Preparing for a dated interview: cap review intervals, spread new cards.

The *final window* is the last ``final_days`` study days before the interview
day. Every card should be seen in it, so the memory is fresh on the day:

- a review *before* the window that would next fall due after the window's
  last day is brought forward into the window (:meth:`InterviewWindow.cap_due`);
  capped cards are spread over the window's days by card id, so they do not all
  land on one day;
- a review *inside* the window (or later) is left alone: it already is the
  last look before the interview;
- new cards are introduced at an even pace so the last one is met the day
  before the window opens (:func:`new_per_day`).

Everything here is plain arithmetic on dates; the collection supplies the day
boundaries through a :class:`~flashdeck.core.daybins.DayMapper`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from flashdeck.core.daybins import DayMapper

__all__ = ["FINAL_DAYS", "InterviewWindow", "new_per_day"]

FINAL_DAYS = 3


@dataclass(frozen=True)
class InterviewWindow:
    """The interview day and the study days just before it, on a collection's calendar."""

    interview: date
    days: DayMapper
    final_days: int = FINAL_DAYS

    @property
    def first_day(self) -> date:
        """The first day of the final window."""
        return self.interview - timedelta(days=self.final_days)

    @property
    def last_day(self) -> date:
        """The last day of the final window: the day before the interview."""
        return self.interview - timedelta(days=1)

    def cap_day(self, due_day: date, reviewed_day: date, card_id: int = 0) -> date:
        """The day a card reviewed on ``reviewed_day`` should next be due, given it would be ``due_day``."""
        if reviewed_day >= self.first_day or due_day <= self.last_day:
            return due_day
        first = max(self.first_day, reviewed_day + timedelta(days=1))
        span = (self.last_day - first).days + 1
        return first + timedelta(days=card_id % span)

    def cap_due(self, due_ts: int, reviewed_ts: int, card_id: int = 0) -> int:
        """``due_ts`` (epoch seconds), moved to the start of a day in the window if it must be."""
        due_day = self.days.day_of(due_ts)
        capped = self.cap_day(due_day, self.days.day_of(reviewed_ts), card_id)
        return due_ts if capped == due_day else self.days.start_of(capped)

    def days_left(self, today: date) -> int:
        """Study days from today up to the interview, today included, the interview day not."""
        return max(0, (self.interview - today).days)


def new_per_day(new_cards: int, today: date, window: InterviewWindow) -> int:
    """New cards a day needed (from today on) so every one is introduced before the final window.

    A card met for the first time needs a day or two of learning and a review
    after it; introducing the last ones before the window opens lets the
    window's own reviews be their last look. When the window has already begun
    what is left is spread over the days that remain before the interview.
    """
    if new_cards <= 0 or today >= window.interview:
        return 0
    deadline = window.first_day - timedelta(days=1)
    if deadline < today:
        deadline = window.last_day
    days = (deadline - today).days + 1
    return new_cards if days <= 0 else math.ceil(new_cards / days)
