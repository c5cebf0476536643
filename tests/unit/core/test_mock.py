"""The mock interview's pure rules: choosing the questions, the clock, the session's states."""

from __future__ import annotations

import random

import pytest

from flashdeck.core.mock import (
    DEFAULT_GRACE_S,
    FOLLOW_UP_WINDOW,
    NO_WINDOW_LIMIT_S,
    Candidate,
    MockSession,
    PlannedQuestion,
    answer_limit_s,
    choose_questions,
    follow_up_questions,
    plan_session,
    weakness,
)


def cand(card_id: int, *, note: int | None = None, kind: str = "question", due: bool = False,
         r: float | None = 0.9, grades: tuple[int, ...] = (), window: tuple[int, int] | None = (120, 180),
         follow_ups: tuple[str, ...] = ()) -> Candidate:
    return Candidate(card_id, note if note is not None else card_id, kind, f"Question {card_id}?", window, due, r,
                     grades, follow_ups)


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_the_clock_stops_at_the_upper_bound_plus_the_grace() -> None:
    assert answer_limit_s((120, 180), 15) == 195
    assert answer_limit_s((25, 35), 0) == 35
    assert answer_limit_s(None, 10) == NO_WINDOW_LIMIT_S + 10
    assert answer_limit_s((60, 120), -5) == 120  # a negative grace is no grace


def test_due_cards_come_first_least_retrievable_first_then_the_weakest() -> None:
    pool = [cand(1, r=0.95), cand(2, due=True, r=0.8), cand(3, r=0.3), cand(4, due=True, r=0.6),
            cand(5, r=0.9, grades=(1, 1)), cand(6, r=None)]
    chosen = choose_questions(pool, count=5, rng=random.Random(1))
    assert [c.card_id for c in chosen] == [4, 2, 3, 5, 6]  # 3: R 0.3; 5: two Agains; 6: unknown
    # Poor recent attempts weigh: card 5 (R 0.9, two Agains) is weaker than card 1 (R 0.95, no attempts).
    assert weakness(pool[4]) > weakness(pool[0])
    assert weakness(cand(7, r=0.9, grades=(4, 4))) < weakness(cand(8, r=0.9))


def test_never_two_cards_of_one_note() -> None:
    pool = [cand(1, note=10, due=True, r=0.2), cand(2, note=10, due=True, r=0.1), cand(3, note=11)]
    chosen = choose_questions(pool, count=3, rng=random.Random(0))
    assert [c.card_id for c in chosen] == [2, 3]


def test_a_curveball_now_and_then_never_first_and_due_cards_kept() -> None:
    pool = [cand(i, due=i <= 2, r=0.5 + i / 100) for i in range(1, 9)]
    pool += [cand(20, kind="curveball", r=0.99), cand(21, kind="curveball", r=0.98)]
    for seed in range(20):
        chosen = choose_questions(pool, count=8, rng=random.Random(seed))
        kinds = [c.kind for c in chosen]
        assert len(chosen) == 8 and kinds.count("curveball") == 2  # one in every four
        assert kinds[0] != "curveball"
        assert {1, 2} <= {c.card_id for c in chosen}  # cards due today are never swapped out
    assert sum(c.kind == "curveball" for c in choose_questions(pool, count=2)) == 0  # too short for one


def test_a_length_in_minutes_counts_each_limit_with_the_grace() -> None:
    pool = [cand(1, window=(120, 180)), cand(2, window=(120, 180)), cand(3, window=(25, 35))]
    # 10 minutes: two 3:15 questions (6:30) leave 3:30; the third (0:50) fits.
    assert len(choose_questions(pool, minutes=10, grace_s=15)) == 3
    # 6 minutes: the second 3:15 does not fit, the 0:50 pitch does.
    assert [c.card_id for c in choose_questions(pool, minutes=6, grace_s=15)] == [1, 3]
    assert len(choose_questions([cand(i) for i in range(9)])) == 5  # the default length


def test_follow_ups_are_read_from_the_story_and_one_is_planned() -> None:
    text = "- Why that order? — guidance the coach wrote\n- What would you change?\n3. Who disagreed?"
    assert follow_up_questions(text) == ("Why that order?", "What would you change?", "Who disagreed?")
    chosen = [cand(1, kind="story", follow_ups=follow_up_questions(text)), cand(2)]
    planned = plan_session(chosen, rng=random.Random(3))
    assert planned[0].follow_up in follow_up_questions(text) and planned[1].follow_up is None
    assert all(q.follow_up is None for q in plan_session(chosen, follow_ups=False))
    assert PlannedQuestion.from_dict(planned[0].to_dict()) == planned[0]


def _session(clock: Clock, **kwargs: object) -> MockSession:
    questions = [PlannedQuestion(1, "Tell me about a time…", (120, 180), "story", "Why then?",
                                 ("Situation", "Task", "Action", "Result")),
                 PlannedQuestion(2, "Your 30-second pitch", (25, 35), "pitch")]
    return MockSession(questions, monotonic=clock, **kwargs)  # type: ignore[arg-type]


def test_the_session_asks_answers_follows_up_and_moves_on() -> None:
    clock = Clock()
    session = _session(clock)
    assert session.phase == "asking" and session.asked_text() == "Tell me about a time…"
    assert session.tick() == [] and session.end_answer() is None  # nothing runs while the question is asked
    clock.t += 7  # the voice takes its time: not counted
    session.question_asked()
    assert session.phase == "answering"
    clock.t += 40
    assert session.beat() is not None  # Tab: Situation → Task
    clock.t += 90
    assert session.tick() == ["window_start"]  # 2:10: inside the window
    assert session.tick() == []  # each cue once
    clock.t += 20
    position, follow, seconds, laps = session.end_answer() or (None, None, 0.0, [])
    assert (position, follow, seconds) == (0, False, 150) and [lap.beat for lap in laps] == ["Situation", "Task"]
    assert session.phase == "follow_up_asking" and session.asked_text() == "Why then?"
    assert session.window() == FOLLOW_UP_WINDOW
    session.question_asked()
    clock.t += 30
    assert session.end_answer() == (0, True, 30, session.answered[(0, True)].laps)
    assert session.phase == "asking" and session.current is not None and session.current.card_id == 2


def test_the_clock_ends_an_answer_at_the_limit_with_cues() -> None:
    clock = Clock()
    session = _session(clock, start_at=1, grace_s=5)
    session.question_asked()
    clock.t += 36
    assert session.tick() == ["window_start", "window_end"]
    clock.t += 3
    assert session.tick() == [] and session.phase == "answering"
    clock.t += 2  # 41 s: 35 + 5 passed
    assert session.tick() == ["time_up"]
    assert session.phase == "report" and session.answered[(1, False)].reason == "time"
    assert session.answered[(1, False)].duration_s == pytest.approx(41)
    session.finish()
    assert session.phase == "done"


def test_follow_ups_off_and_resuming_past_the_end() -> None:
    clock = Clock()
    session = _session(clock, follow_ups=False)
    session.question_asked()
    session.end_answer()
    assert session.phase == "asking" and session.position == 1
    assert _session(clock, start_at=2).phase == "report"
    assert DEFAULT_GRACE_S > 0
