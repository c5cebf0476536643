from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flashdeck.core.clock import ManualClock, study_day


def test_day_starts_at_four_local() -> None:
    tz = ZoneInfo("Europe/Berlin")
    before = datetime(2026, 11, 21, 2, 59, tzinfo=UTC)  # 03:59 in Berlin
    after = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # 04:00 in Berlin
    assert study_day(before, tz).date == date(2026, 11, 20)
    assert study_day(after, tz).date == date(2026, 11, 21)
    day = study_day(after, tz)
    assert day.start == after
    assert (day.end - day.start).total_seconds() == 86400


def test_custom_rollover_hour() -> None:
    now = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
    assert study_day(now, UTC, 0).date == date(2026, 11, 21)
    assert study_day(now, UTC, 4).date == date(2026, 11, 20)


def test_dst_day_is_23_hours() -> None:
    tz = ZoneInfo("Europe/Berlin")
    # Clocks go forward at 02:00 on 2026-03-29: the study day from 04:00 on the
    # 28th to 04:00 on the 29th is one hour short.
    day = study_day(datetime(2026, 3, 28, 12, tzinfo=UTC), tz)
    assert day.date == date(2026, 3, 28)
    assert (day.end - day.start).total_seconds() == 23 * 3600


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
    first = clock.now()
    assert clock.now() == first
    clock.advance(minutes=10)
    assert (clock.now() - first).total_seconds() == 600
