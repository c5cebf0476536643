"""The three places a candidate reads today's counts agree with the database at every step.

The review screen and ``flashdeck review`` show ``Collection.counts()`` (the study queue);
Home and ``flashdeck due`` show ``Collection.due_counts()`` (a count per deck). Both must equal a
recount written here straight from the tables — whatever the candidate does: answer (a story's
answer buries its sibling cards), bury, suspend, undo, let time pass, start a new day.
"""

from __future__ import annotations

import itertools
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.queue import LEARN_AHEAD_S, QueueCounts

DATA = Path(__file__).resolve().parents[1] / "data"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_PER_DAY = 8  # under the deck's new cards, so the daily limit is what binds at first

Step = tuple[str, int]
_EXAMPLES = itertools.count()
STEPS = st.lists(
    st.tuples(st.sampled_from(["answer", "answer", "answer", "bury", "suspend", "undo", "minutes", "day"]),
              st.integers(min_value=0, max_value=50)),
    min_size=1, max_size=30,
)


def recount(col: Collection, deck: str) -> QueueCounts:
    """Today's counts from the tables alone: available cards, capped by what the limits leave."""
    day = col.today()
    now = int(col.clock.now().timestamp())
    store = col.store
    deck_id = next(d.id for d in col.decks() if d.name == deck)
    new_limit, review_limit = col.deck_limits(deck)
    visible = "deck_id=? AND NOT suspended AND buried_until<?"
    new, learning, review = store.fetchall(
        f"SELECT sum(CASE WHEN phase=0 THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN phase IN (1, 3) AND due<=? THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN phase=2 AND due<? THEN 1 ELSE 0 END) FROM cards WHERE {visible}",
        (now + LEARN_AHEAD_S, day.end_ts, deck_id, day.date.toordinal()))[0]
    introduced, reviewed = store.fetchall(
        "SELECT sum(CASE WHEN r.phase_before=0 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN r.phase_before=2 THEN 1 ELSE 0 END) "
        "FROM revlog r JOIN cards c ON c.id=r.card_id WHERE c.deck_id=? AND r.reviewed_ms>=?",
        (deck_id, day.start_ts * 1000))[0]
    return QueueCounts(new=min(int(new or 0), max(0, new_limit - int(introduced or 0))),
                       learning=int(learning or 0),
                       review=min(int(review or 0), max(0, review_limit - int(reviewed or 0))))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("counts") / "template.db"
    with Collection.open(path, clock=ManualClock(START), fuzz=False) as col:
        # Stories (two cards a note: burying siblings) between single-card questions, in one deck.
        for name in ("star/headings.md", "questions/qa_prep_sheet.txt", "star/bold_labels.md",
                     "star/with_coaching.md", "questions/fifteen_questions.md", "star/verify_and_dash_labels.md"):
            col.import_file(DATA / name, deck="Prep")
        (deck,) = col.deck_names()
        col.set_deck_limits(deck, new_per_day=NEW_PER_DAY, reviews_per_day=200)
        assert any(n > 1 for (n,) in col.store.fetchall("SELECT count(*) FROM cards GROUP BY note_id"))
    return path


def _apply(col: Collection, clock: ManualClock, step: Step) -> None:
    action, pick = step
    card = col.next_card()
    if action == "answer" and card is not None:
        col.answer(card.id, 1 + pick % 4)
    elif action in ("bury", "suspend") and card is not None:
        (col.bury if action == "bury" else col.suspend)([card.id])
    elif action == "undo":
        col.undo()
    elif action == "minutes":
        clock.advance(minutes=1 + pick)
    elif action == "day":
        clock.advance(hours=24)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_queue_due_and_recount_agree_after_every_step(steps: list[Step], template: Path, tmp_path: Path) -> None:
    db = tmp_path / f"example-{next(_EXAMPLES)}.db"
    shutil.copy(template, db)
    clock = ManualClock(START)
    with Collection.open(db, clock=clock, fuzz=False) as col:
        (deck,) = col.deck_names()
        col.select_deck(deck)
        for number, step in enumerate(steps, 1):
            _apply(col, clock, step)
            expected = recount(col, deck)
            where = f"after step {number} {step} of {steps}"
            assert col.counts() == expected, f"queue {col.counts()} != recount {expected} {where}"
            assert col.due_counts(deck) == expected, f"due {col.due_counts(deck)} != recount {expected} {where}"
    db.unlink()


def test_answering_a_story_card_keeps_new_at_the_limit_left(tmp_path: Path) -> None:
    """The issue's case: a story's siblings are buried, not introduced — New drops by one, not three."""
    clock = ManualClock(START)
    with Collection.open(tmp_path / "c.db", clock=clock, fuzz=False) as col:
        col.import_file(DATA / "playbooks" / "helios_backend_engineer.txt")
        (deck,) = col.deck_names()
        col.select_deck(deck)
        def siblings(card_id: int) -> int:
            return len(col.store.fetchall("SELECT id FROM cards WHERE note_id=(SELECT note_id FROM cards "
                                          "WHERE id=?)", (card_id,)))

        card = col.next_card()
        while card is not None and siblings(card.id) == 1:  # the single-card questions come first
            col.answer(card.id, 3)
            card = col.next_card()
        assert card is not None, "the playbook has stories"
        new_before_story = col.counts().new
        col.answer(card.id, 3)
        assert col.counts().new == new_before_story - 1
        assert col.counts() == col.due_counts(deck) == recount(col, deck)
