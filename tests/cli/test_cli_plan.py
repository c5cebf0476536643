"""The README's promise, tested against the plan `flashdeck plan --json` prints.

README: "review intervals are capped so that every card comes back in the last three
days before the interview, new cards are paced to be met in time". The plan is
printed by the real command (a child process, on the real clock); then a candidate
follows it — every card due answered Good, each day — through the Collection, and
each day must bring exactly what the printed plan said, and every card must come
back in the final window.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from helpers import basic_notes, run_cli
from stats_history import SimulatedUser

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock, SystemClock
from flashdeck.core.daybins import DayMapper
from flashdeck.core.scheduling import Phase

DATA = Path(__file__).resolve().parents[1] / "data"


def _printed_plan(db: Path, interview: date) -> dict[str, Any]:
    result = run_cli("plan", "--interview-date", interview.isoformat(), "--json", db=db)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def _follow(col: Collection, clock: ManualClock, days: int) -> list[tuple[int, int]]:
    """Answer everything the queue gives, Good, each day; (reviews, new) per day, each card once a day."""
    out = []
    for _ in range(days):
        first_seen_new: dict[int, bool] = {}
        while (card := col.next_card()) is not None:
            first_seen_new.setdefault(card.id, card.state.phase == Phase.NEW)
            col.answer(card.id, 3)
        out.append((sum(not new for new in first_seen_new.values()), sum(first_seen_new.values())))
        clock.advance(hours=24)
    return out


def test_the_printed_plan_comes_true_and_brings_every_card_back_in_the_last_three_days(tmp_path: Path) -> None:
    db = tmp_path / "prep.db"
    tz = SystemClock().local_tz
    history_clock = ManualClock(datetime.now(UTC).replace(microsecond=0) - timedelta(days=6), tz)
    with Collection.open(db, clock=history_clock, fuzz=False) as col:
        # Stories (three cards a note, siblings buried) beside single-card questions, in three decks.
        col.import_file(DATA / "playbooks" / "helios_backend_engineer.txt")
        col.import_file(DATA / "star" / "headings.md", deck="Stories")
        col.import_file(DATA / "questions" / "fifteen_questions.md", deck="Questions")
        col.add_notes(basic_notes(60), deck="Basics")
        SimulatedUser(col, history_clock, seed=5).study_days(3)  # a history, with lapses and learning cards
        total = int(col.store.scalar("SELECT count(*) FROM cards WHERE NOT suspended"))
    interview = date.today() + timedelta(days=12)
    for _attempt in range(2):  # once more if the study day rolled over between the two clocks
        plan = _printed_plan(db, interview)
        clock = ManualClock(datetime.now(UTC).replace(microsecond=0), tz)
        col = Collection.open(db, clock=clock, fuzz=False)
        if col.today().date.isoformat() == plan["today"]:
            break
        col.close()
    with col:
        assert plan["cards"] == total and plan["new_remaining"] > 0
        # The promise, as printed: every card is studied in the final window.
        assert plan["final_window"]["cards_seen"] == total
        # Evenly paced: today's new cards equal the days after (a card at most between two days).
        before_window = [d["new"] for d in plan["days"] if not d["final_window"] and d["new"]]
        assert before_window and max(before_window) - min(before_window) <= 3  # one a day per deck, 3 decks
        printed = [(d["reviews"], d["new"]) for d in plan["days"]]
        assert _follow(col, clock, len(printed)) == printed
        window_start = DayMapper(tz, col.day_start_hour).start_of(date.fromisoformat(plan["final_window"]["from"]))
        seen = {cid for (cid,) in col.store.fetchall("SELECT DISTINCT card_id FROM revlog WHERE reviewed_ms >= ?",
                                                     (window_start * 1000,))}
        assert len(seen) == total


def test_home_today_figure_is_the_plan_for_today_not_the_sum_of_deck_limits(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    with Collection.open(tmp_path / "c.db", clock=clock, fuzz=False) as col:
        for deck in ("A", "B", "C", "D"):
            col.add_notes(basic_notes(30, prefix=deck), deck=deck)  # 4 decks × a limit of 20 = "80 a day"
        col.set_interview_date(col.today().date + timedelta(days=13))
        plan = col.study_plan()
        # 30 new cards per deck over the 10 days before the window: 3 a deck, 12 in all — not 80.
        assert plan.new_per_day == 12 == plan.days[0].new == col.due_counts().new
