"""Study days for many timestamps at once (statistics, forecasts, the optimizer).

A study day starts at ``day_start_hour`` local time (see :func:`flashdeck.core.clock.study_day`).
Time zones move in steps of whole quarter hours and the day starts on a whole
hour, so every quarter-hour bucket of epoch time falls inside one study day:
the mapping is computed once per bucket, not once per review.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

__all__ = ["BUCKET_S", "DayMapper"]

BUCKET_S = 900  # a quarter of an hour


class DayMapper:
    """Epoch seconds → study date, and study date → the epoch second it starts."""

    def __init__(self, tz: tzinfo, day_start_hour: int = 4) -> None:
        self.tz = tz
        self.day_start_hour = day_start_hour
        self._shift = timedelta(hours=day_start_hour)
        self._by_bucket: dict[int, date] = {}

    def day_of(self, ts: float) -> date:
        """The study date that the instant ``ts`` (epoch seconds) belongs to."""
        bucket = int(ts // BUCKET_S)
        day = self._by_bucket.get(bucket)
        if day is None:
            local = datetime.fromtimestamp(bucket * BUCKET_S, self.tz)
            day = self._by_bucket[bucket] = (local - self._shift).date()
        return day

    def day_of_bucket(self, bucket: int) -> date:
        """The study date of a quarter-hour bucket (``ts // BUCKET_S``, as SQL can group by)."""
        return self.day_of(bucket * BUCKET_S)

    def start_of(self, day: date) -> int:
        """The epoch second at which study day ``day`` begins."""
        local = datetime(day.year, day.month, day.day, self.day_start_hour, tzinfo=self.tz)
        return int(local.timestamp())
