"""Scheduling agrees with py-fsrs for every rating and every state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from helpers import START

from flashdeck.core.scheduling import (
    CardState,
    Phase,
    Rating,
    Scheduler,
    SchedulerSettings,
    format_interval,
)

SETTINGS = SchedulerSettings(enable_fuzzing=False)


def _walk(sched: Scheduler, ratings: list[Rating]) -> tuple[CardState, int]:
    """Reach a state by answering ``ratings`` one after another, each when due."""
    state, now = CardState(due=int(START.timestamp())), START
    for rating in ratings:
        now = max(now, START.fromtimestamp(state.due, START.tzinfo)) + timedelta(seconds=1)
        state = sched.review(state, rating, now)
    return state, int(now.timestamp())


# Paths that end in each phase: new, learning, review, relearning.
PATHS = {
    "new": [],
    "learning": [Rating.AGAIN],
    "review": [Rating.GOOD, Rating.GOOD, Rating.GOOD],
    "relearning": [Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN],
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("rating", list(Rating))
def test_review_matches_py_fsrs(path: str, rating: Rating) -> None:
    ours = Scheduler(SETTINGS)
    state, last_ts = _walk(ours, PATHS[path])
    assert state.phase.name.lower() == path
    when = START.fromtimestamp(max(state.due, last_ts) + 3600, START.tzinfo)

    reference = FsrsScheduler(enable_fuzzing=False)
    card = Scheduler.to_fsrs(state)
    expected, _ = reference.review_card(card, FsrsRating(int(rating)), when)
    got = ours.review(state, rating, when)

    assert got.phase == Phase(int(expected.state))
    assert got.step == expected.step
    assert got.stability == pytest.approx(expected.stability)
    assert got.difficulty == pytest.approx(expected.difficulty)
    assert got.due == int(expected.due.timestamp())
    assert got.last_review == int(when.timestamp())
    assert got.reps == state.reps + 1
    lapsed = path == "review" and rating == Rating.AGAIN
    assert got.lapses == state.lapses + (1 if lapsed else 0)


def test_settings_are_used() -> None:
    short = Scheduler(SchedulerSettings(enable_fuzzing=False, learning_steps_min=(2.0,), maximum_interval=3))
    state = short.review(CardState(), Rating.AGAIN, START)
    assert state.due - int(START.timestamp()) == 120
    for _ in range(6):
        when = START.fromtimestamp(state.due, START.tzinfo) + timedelta(days=1)
        state = short.review(state, Rating.EASY, when)
        assert state.due - int(when.timestamp()) <= 3 * 86400


def test_preview_is_what_answering_gives() -> None:
    sched = Scheduler(SETTINGS)
    state, _ = _walk(sched, PATHS["review"])
    when = START + timedelta(days=30)
    preview = sched.preview(state, when)
    for rating in Rating:
        assert preview[rating] == timedelta(seconds=sched.review(state, rating, when).due - int(when.timestamp()))


def test_settings_round_trip_and_validation() -> None:
    settings = SchedulerSettings(desired_retention=0.85, learning_steps_min=(1.0, 5.0))
    assert SchedulerSettings.from_dict(__import__("json").loads(settings.to_json())) == settings
    with pytest.raises(ValueError, match="retention"):
        SchedulerSettings(desired_retention=0.5).validated()
    with pytest.raises(ValueError):
        SchedulerSettings(parameters=(1.0,) * 21).validated()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "<1m"), (600, "10m"), (3 * 3600, "3h"), (86400, "1d"), (4 * 86400, "4d"), (90 * 86400, "3mo"),
     (400 * 86400, "1.1y")],
)
def test_format_interval(seconds: int, text: str) -> None:
    assert format_interval(timedelta(seconds=seconds)) == text


def test_rating_parse() -> None:
    assert Rating.parse("3") is Rating.GOOD
    assert Rating.parse(" Easy ") is Rating.EASY
    with pytest.raises(ValueError):
        Rating.parse("5")
