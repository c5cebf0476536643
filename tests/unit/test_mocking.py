"""Mock interviews on a real collection (SQLite, and PostgreSQL for the review link): the plan is stored at the
start, every answer as it ends, grades are reviews (undoable), the report is built from what is stored."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from flashdeck.collection import Collection, mocking, rehearsing
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.rehearsal import Lap
from flashdeck.core.scheduling import Phase, Rating


def _prep(col: Collection) -> None:
    col.add_notes([
        NoteDraft("story", {"title": "Warehouse errors", "answers": "Tell me about a time you fixed a process.",
                            "situation": "Night shift errors", "task": "Cut errors", "action": "Scanners",
                            "result": "Errors down", "follow_ups": "- Who pushed back?\n- What would you redo?"}),
        NoteDraft("question", {"prompt": "Why do you want this role?", "great": "Mission; fit; growth"}),
        NoteDraft("curveball", {"prompt": "How many piano tuners are in Paris?", "framework": "Clarify → Estimate"}),
        NoteDraft("pitch", {"label": "30-second pitch", "text": "I build reliable systems."}),
        NoteDraft("concept", {"term": "Idempotence", "definition": "Same result twice"}),  # not spoken: never asked
    ], deck="Prep")
    col.add_notes([NoteDraft("question", {"prompt": "Tell me about your team lead.", "great": "Support"})],
                  deck="Other")


def test_the_plan_draws_spoken_cards_of_the_chosen_decks(col: Collection) -> None:
    _prep(col)
    record = mocking.start_session(col, decks=["Prep"], count=10, rng=random.Random(2))
    prompts = [q.prompt for q in record.questions]
    assert len(prompts) == 4 and "Tell me about your team lead." not in prompts
    assert "Tell me about a time you fixed a process." in prompts  # the question the story answers
    assert "Give your pitch: 30-second pitch" in prompts
    story = next(q for q in record.questions if q.kind == "story")
    assert story.follow_up in ("Who pushed back?", "What would you redo?")
    assert story.beats == ("Situation", "Task", "Action", "Result") and story.window == (120, 180)
    assert mocking.unfinished_sessions(col)[0].id == record.id
    with pytest.raises(LookupError, match="no deck named 'Nope'"):
        mocking.start_session(col, decks=["Nope"])
    with pytest.raises(ValueError, match="no spoken cards in Empty"):
        col.ensure_deck("Empty")
        mocking.start_session(col, decks=["Empty"])


def test_due_cards_come_first(col: Collection, clock: ManualClock) -> None:
    _prep(col)
    pitch = next(c for c in col.search("kind:pitch"))
    col.answer(pitch, Rating.GOOD)
    col.answer(pitch, Rating.GOOD)
    clock.advance(timedelta(days=30))
    record = mocking.start_session(col, decks=["Prep"], count=2, rng=random.Random(0))
    assert record.questions[0].card_id == pitch


@pytest.mark.parametrize("any_db", ["sqlite", "postgresql"], indirect=True)
def test_answers_grades_undo_and_the_report(any_col: Collection) -> None:
    col = any_col
    _prep(col)
    record = mocking.start_session(col, decks=["Prep"], count=3, follow_ups=True, rng=random.Random(5))
    assert mocking.resume_position(col, record) == 0
    laps = [Lap("Situation", 0, 20), Lap("Task", 20, 40)]
    first = mocking.record_answer(col, record, 0, duration_ms=130_000, laps=laps)
    assert first.target == record.questions[0].window and first.laps == tuple(laps)
    if record.questions[0].follow_up:
        follow = mocking.record_answer(col, record, 0, duration_ms=40_000, follow_up=True)
        assert follow.target == (30, 90)
    assert mocking.resume_position(col, record) == 1  # what a resume continues with
    mocking.record_answer(col, record, 1, duration_ms=20_000)
    with pytest.raises(LookupError, match="question 3"):
        mocking.grade(col, record, 2, Rating.GOOD)

    mocking.grade(col, record, 0, Rating.AGAIN)
    mocking.grade(col, record, 1, Rating.EASY)
    rows = mocking.report(col, record)
    assert [r.grade for r in rows] == [1, 4, None] and [r.answered for r in rows] == [True, True, False]
    assert rows[0].duration_s == 130 and rows[0].laps == tuple(laps)
    for row in rows[:2]:
        state = col.card(row.card_id).state
        assert state.reps == 1
        assert state.phase == (Phase.LEARNING if row.grade == 1 else Phase.REVIEW)
    assert col.store.scalar("SELECT count(*) FROM revlog") == 2

    undone = col.undo()  # the last grade goes, and its link with it
    assert undone is not None and undone.card_id == rows[1].card_id
    assert [r.grade for r in mocking.report(col, record)] == [1, None, None]
    assert col.card(rows[1].card_id).state.phase == Phase.NEW
    mocking.grade(col, record, 1, Rating.GOOD)
    assert [r.grade for r in mocking.report(col, record)] == [1, 3, None]

    mocking.finish_session(col, record)
    assert mocking.unfinished_sessions(col) == []
    page = mocking.report_page(col, record)
    assert record.questions[0].prompt.split()[0] in page and "Not answered." in page


def test_deleting_an_attempt_or_its_card_leaves_a_report_that_says_so(col: Collection) -> None:
    _prep(col)
    record = mocking.start_session(col, decks=["Prep"], count=2, follow_ups=False, rng=random.Random(1))
    made = mocking.record_answer(col, record, 0, duration_ms=50_000)
    rehearsing.delete_attempt(col, made.id)
    assert not mocking.report(col, record)[0].answered
    mocking.record_answer(col, record, 1, duration_ms=50_000)
    col.delete_notes([col.card(record.questions[1].card_id).note_id])
    rows = mocking.report(col, record)
    assert not rows[1].answered and rows[1].prompt == record.questions[1].prompt  # the plan keeps the words
