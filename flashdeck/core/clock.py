"""Time comes from an injected clock, never from the wall clock directly.

Tests pass a :class:`ManualClock` and move it; the app passes :class:`SystemClock`.
The study day rolls over at ``day_start_hour`` local time (Anki's "next day
starts at", default 04:00), so late-night reviews count for the day before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol

from flashdeck.core.errors import InvalidInput

__all__ = ["Clock", "ClockError", "ManualClock", "StudyDay", "SystemClock", "check_clock", "study_day"]

# Answers are scheduled from the clock, up to 100 years ahead (FSRS's longest interval). A clock
# outside these years is wrong, not a date anyone rehearses an interview on: nothing is scheduled by it.
PLAUSIBLE_YEARS = (2000, 2999)


class ClockError(InvalidInput):
    """The clock says a time nothing should be scheduled from; the message is one line for the user."""


def check_clock(now: datetime) -> None:
    """``ClockError`` unless ``now`` is within ``PLAUSIBLE_YEARS``."""
    low, high = PLAUSIBLE_YEARS
    if not low <= now.year <= high:
        raise ClockError(f"the system clock says {now:%Y-%m-%d %H:%M} UTC, which cannot be right: "
                         "set the clock, then answer again (nothing was recorded)")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    @property
    def local_tz(self) -> tzinfo: ...


class SystemClock:
    """The real time, in the machine's local timezone."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    @property
    def local_tz(self) -> tzinfo:
        tz = datetime.now().astimezone().tzinfo
        return tz if tz is not None else UTC


class ManualClock:
    """A clock that only moves when told to (tests, benchmarks, simulations)."""

    def __init__(self, start: datetime, local_tz: tzinfo = UTC) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)
        self._tz = local_tz

    def now(self) -> datetime:
        return self._now

    @property
    def local_tz(self) -> tzinfo:
        return self._tz

    def advance(self, delta: timedelta = timedelta(0), **kwargs: float) -> datetime:
        self._now += delta + timedelta(**kwargs)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)


@dataclass(frozen=True)
class StudyDay:
    """One study day: its calendar date and its bounds in UTC."""

    date: date
    start: datetime
    end: datetime

    @property
    def start_ts(self) -> int:
        return int(self.start.timestamp())

    @property
    def end_ts(self) -> int:
        return int(self.end.timestamp())


def study_day(now: datetime, local_tz: tzinfo, day_start_hour: int = 4) -> StudyDay:
    """The study day that ``now`` falls in, given the local rollover hour."""
    local = now.astimezone(local_tz)
    shifted = local - timedelta(hours=day_start_hour)
    day = shifted.date()
    start_local = datetime(day.year, day.month, day.day, day_start_hour, tzinfo=local_tz)
    end_local = start_local + timedelta(days=1)
    # Re-localise so a DST change inside the day lands on the right wall-clock hour.
    end_local = datetime(end_local.year, end_local.month, end_local.day, day_start_hour, tzinfo=local_tz)
    return StudyDay(day, start_local.astimezone(UTC), end_local.astimezone(UTC))
