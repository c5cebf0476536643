"""The store on both backends: transactions, parameters, booleans, 64-bit times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from helpers import basic_notes

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import NoteDraft
from flashdeck.core.scheduling import Rating
from flashdeck.storage.store import Store


@pytest.fixture
def store(any_db: str) -> Iterator[Store]:
    opened = Store(any_db)
    yield opened
    opened.close()


def _add_deck(store: Store, name: str) -> int:
    with store.transaction() as tx:
        return store.insert_deck(tx, {"name": name, "description": "", "default_kind": None, "target_low": None,
                                      "target_high": None, "tags": "", "new_per_day": 20,
                                      "reviews_per_day": 200, "created_ms": 0})


def test_reads_inside_a_transaction_belong_to_it(store: Store) -> None:
    """A read between writes neither commits them early nor misses them."""
    _add_deck(store, "Kept")
    with pytest.raises(KeyError), store.transaction() as tx:
        store.insert_deck(tx, {"name": "Gone", "description": "", "default_kind": None, "target_low": None,
                               "target_high": None, "tags": "", "new_per_day": 1, "reviews_per_day": 1,
                               "created_ms": 0})
        assert store.in_transaction
        assert store.deck_id("Gone") is not None  # its own uncommitted write
        tx.execute("UPDATE decks SET description='changed' WHERE name='Kept'")
        raise KeyError("the action fails after a read")
    assert not store.in_transaction
    assert [r[1] for r in store.deck_rows()] == ["Kept"]
    assert store.scalar("SELECT description FROM decks WHERE name='Kept'") == ""


def test_transactions_do_not_nest(store: Store) -> None:
    with store.transaction(), pytest.raises(RuntimeError, match="do not nest"), store.transaction():
        pass
    _add_deck(store, "Still works")
    assert store.deck_id("Still works") is not None


def test_execute_returns_the_cursor(store: Store) -> None:
    _add_deck(store, "A")
    _add_deck(store, "B")
    with store.transaction() as tx:
        assert tx.execute("UPDATE decks SET new_per_day=5").rowcount == 2
        assert tx.execute("SELECT name FROM decks ORDER BY name").fetchall() == [("A",), ("B",)]


def test_percent_signs_in_statements_and_parameters(store: Store) -> None:
    """Drivers with %s placeholders must see a literal % doubled, once."""
    _add_deck(store, "100% sure")
    _add_deck(store, "100x sure")
    assert store.fetchall("SELECT name FROM decks WHERE name LIKE '%\\%%' ESCAPE '\\'") == [("100% sure",)]
    assert store.fetchall("SELECT name FROM decks WHERE name LIKE ? ESCAPE '\\'", ("100\\%%",)) == [("100% sure",)]
    assert store.scalar("SELECT count(*) FROM decks WHERE name LIKE '100_ sure'") == 2


def test_search_treats_percent_and_underscore_as_text(any_col: Collection) -> None:
    any_col.add_notes([NoteDraft("basic", {"front": "cut costs by 50%", "back": "x"}),
                       NoteDraft("basic", {"front": "cut costs by 500", "back": "y"}),
                       NoteDraft("basic", {"front": "snake_case names", "back": "z"})], deck="D")
    assert len(any_col.search('"50%"')) == 1
    assert len(any_col.search("snake_case")) == 1
    assert len(any_col.search("snake%case")) == 0


def test_booleans_round_trip(any_col: Collection) -> None:
    any_col.add_notes(basic_notes(3), deck="D")
    a, b, c = any_col.search("deck:D")
    any_col.suspend([a, c])
    assert any_col.store.flags([a, b, c]) == {a: (True, 0), b: (False, 0), c: (True, 0)}
    assert [r.suspended for r in any_col.browse_rows([a, b])] == [True, False]
    assert any_col.stats().states.suspended == 2
    any_col.undo()
    assert any_col.search("is:suspended") == []


def test_due_dates_after_2038(any_col: Collection, clock: ManualClock) -> None:
    """Epoch seconds beyond 2**31 (19 January 2038) are stored and read back exactly."""
    clock.set(datetime(2038, 1, 10, 10, 0, tzinfo=UTC))
    any_col.add_notes(basic_notes(1), deck="D")
    card_id = any_col.search("deck:D")[0]
    for _ in range(4):
        after = any_col.answer(card_id, Rating.EASY, duration_ms=2**31 + 5).state  # a card left open for 25 days
        clock.set(datetime.fromtimestamp(after.due, UTC))
    assert after.due > 2**31
    assert any_col.card(card_id).state == after
    assert any_col.store.scalar("SELECT max(due_after) FROM revlog") == after.due
    assert any_col.store.scalar("SELECT min(duration_ms) FROM revlog") == 2**31 + 5
    assert any_col.check() == []


_MOVED = {"phase": 1, "step": 1, "stability": 2.5, "difficulty": 4.25, "due": 1_800_000_123,
          "last_review": 1_700_000_000, "reps": 7, "lapses": 2}


@pytest.mark.parametrize("column", sorted(_MOVED))
def test_an_exact_answer_lands_only_on_the_state_it_started_from(any_col: Collection, column: str) -> None:
    """The answer to the card on screen starts from the state it was shown in: moved in any part since
    (not only its reps), the write is refused and nothing is written; unmoved, it lands."""
    from dataclasses import replace

    from flashdeck.core.errors import CardChanged
    from flashdeck.storage.store import state_of

    any_col.add_notes(basic_notes(1), deck="D")
    card_id = any_col.search("deck:D")[0]
    store = any_col.store
    shown = state_of(store.card_row(card_id))  # type: ignore[arg-type]
    after = replace(shown, phase=shown.phase.__class__(2), reps=shown.reps + 1, due=shown.due + 86400,
                    stability=3.0, difficulty=5.0, last_review=1_750_000_000)
    log = (card_id, 1, 3, 0, int(shown.phase), shown.step, shown.stability, shown.difficulty, shown.due,
           shown.last_review, 2, None, 3.0, 5.0, after.due)
    with store.transaction() as tx:
        tx.execute(f"UPDATE cards SET {column}=? WHERE id=?", (_MOVED[column], card_id))
    moved = state_of(store.card_row(card_id))  # type: ignore[arg-type]
    assert moved != shown
    with pytest.raises(CardChanged):
        store.answer(card_id, after, log, 0, None, shown, exact=True)
    assert state_of(store.card_row(card_id)) == moved  # type: ignore[arg-type]
    assert store.scalar("SELECT count(*) FROM revlog") == 0
    # From the state it is in now, the same answer lands.
    store.answer(card_id, replace(after, reps=moved.reps + 1), log, 0, None, moved, exact=True)
    assert state_of(store.card_row(card_id)) == replace(after, reps=moved.reps + 1)  # type: ignore[arg-type]
    assert store.scalar("SELECT count(*) FROM revlog") == 1
