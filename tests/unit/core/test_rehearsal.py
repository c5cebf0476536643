"""The rehearsal timer, beat laps and coaching checks, on an injected clock."""

from __future__ import annotations

import pytest
from helpers import ManualMonotonic

from flashdeck.core.rehearsal import (
    STAR_BEATS,
    Lap,
    RehearsalTimer,
    bar_fraction,
    beat_lines,
    beats_for,
    check_laps,
    format_clock,
    format_window,
    shares,
    zone_for,
)

FakeClock = ManualMonotonic


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_zones_and_clock_text() -> None:
    assert [zone_for(t, (120, 180)) for t in (0, 119.9, 120, 180, 180.1)] == ["before", "before", "in", "in", "over"]
    assert format_clock(75.9) == "1:15" and format_clock(-3) == "0:00"
    assert format_window((120, 180)) == "2:00–3:00"
    assert bar_fraction(112.5, (120, 180)) == 0.5 and bar_fraction(999, (120, 180)) == 1.0


def test_review_timer_reexports_the_core_functions() -> None:
    from flashdeck.ui.review import timer as review_timer

    assert review_timer.zone_for is zone_for and review_timer.format_clock is format_clock


def test_timer_counts_only_while_running(clock: FakeClock) -> None:
    timer = RehearsalTimer((120, 180), monotonic=clock)
    assert timer.state == "idle" and timer.elapsed() == 0.0 and timer.zone() == "before"
    clock.advance(5)
    assert timer.elapsed() == 0.0  # not started: no time passes
    timer.start()
    clock.advance(130)
    assert timer.elapsed() == 130 and timer.zone() == "in" and timer.running
    timer.stop()
    clock.advance(60)
    assert timer.elapsed() == 130 and timer.state == "stopped"


def test_space_toggles_and_a_new_start_is_a_new_attempt(clock: FakeClock) -> None:
    timer = RehearsalTimer((120, 180), monotonic=clock)
    assert timer.toggle() == "running"
    clock.advance(200)
    assert timer.zone() == "over"
    assert timer.toggle() == "stopped"
    assert timer.toggle() == "running"
    assert timer.elapsed() == 0.0 and timer.laps() == [Lap("Part 1", 0.0, 0.0)]


def test_star_laps(clock: FakeClock) -> None:
    timer = RehearsalTimer((120, 180), STAR_BEATS, monotonic=clock)
    assert timer.lap() is None  # not running
    timer.start()
    assert timer.current_beat == "Situation" and timer.next_beat == "Task"
    clock.advance(20)
    assert timer.lap() == Lap("Situation", 0, 20)
    clock.advance(15)
    timer.lap()
    assert timer.current_beat == "Action" and timer.next_beat == "Result"
    clock.advance(100)
    timer.lap()
    clock.advance(25)
    assert timer.next_beat is None and timer.lap() is None  # nothing after Result
    assert timer.laps()[-1] == Lap("Result", 135, 160)  # the open lap, up to now
    timer.stop()
    laps = timer.laps()
    assert [lap.beat for lap in laps] == list(STAR_BEATS)
    assert [lap.duration_s for lap in laps] == [20, 15, 100, 25]
    assert shares(laps) == [0.125, 0.09375, 0.625, 0.15625]
    assert check_laps(laps) == []


def test_laps_without_beats_are_numbered_parts(clock: FakeClock) -> None:
    timer = RehearsalTimer(None, monotonic=clock)
    timer.start()
    for _ in range(3):
        clock.advance(10)
        timer.lap()
    timer.stop()
    assert [lap.beat for lap in timer.laps()] == ["Part 1", "Part 2", "Part 3", "Part 4"]
    assert timer.zone() is None


def test_reset(clock: FakeClock) -> None:
    timer = RehearsalTimer((30, 60), ("a", "b"), monotonic=clock)
    timer.start()
    clock.advance(5)
    timer.lap()
    timer.reset()
    assert timer.state == "idle" and timer.laps() == [] and timer.elapsed() == 0.0


def _star(s: float, t: float, a: float | None, r: float | None) -> list[Lap]:
    laps, at = [], 0.0
    for beat, seconds in zip(STAR_BEATS, (s, t, a, r), strict=True):
        if seconds is not None:
            laps.append(Lap(beat, at, at + seconds))
            at += seconds
    return laps


def test_coaching_flags() -> None:
    codes = lambda laps: [f.code for f in check_laps(laps)]  # noqa: E731
    assert codes(_star(20, 20, 100, 20)) == []
    assert codes(_star(40, 20, 100, 20)) == ["long_setup"]
    assert codes(_star(30, 15, 20, 60)) == ["action_not_largest", "action_short"]
    assert codes(_star(10, 10, 40, 30)) == ["action_short"]  # largest, but only 44 %
    assert codes(_star(10, 10, 100, None)) == ["no_result"]
    assert codes(_star(10, 10, 100, 2)) == ["short_result"]
    assert codes(_star(10, 10, None, None)) == ["no_action", "no_result"]
    message = check_laps(_star(40, 20, 100, 20))[0].message
    assert "1:00" in message and "50 s" in message


def test_own_beats_must_all_be_reached() -> None:
    laps = [Lap("I noticed", 0, 10), Lap("I advocated", 10, 30)]
    flags = check_laps(laps, ("I noticed", "I advocated", "I delivered"))
    assert [(f.code, f.beat) for f in flags] == [("missing", "I delivered")]


def test_beats_from_notes() -> None:
    assert beats_for("story", {}) == STAR_BEATS
    assert beats_for("beats", {"beats": "1. I noticed\n2. I advocated\n- I delivered"}) == (
        "I noticed", "I advocated", "I delivered")
    assert beats_for("pitch", {"beats": "Who I am → What I did → Why here"}) == ("Who I am", "What I did", "Why here")
    assert beats_for("pitch", {"text": "Hello"}) == ()
    assert beats_for("question", {"prompt": "Why?"}) == ()
    assert beat_lines("* **Bold step**\n\n  a) second") == ("Bold step", "second")


def test_lap_round_trips() -> None:
    lap = Lap("Action", 12.3456, 80.0)
    assert Lap.from_dict(lap.to_dict()) == Lap("Action", 12.346, 80.0)
