"""A wrong clock: nothing is scheduled from an impossible one, and cards answered while it ran ahead
come back once it is right again.

Found by trying: a clock years ahead pushed every card answered into that future (after the clock
was corrected they stayed out of reach for years); in year 9990 an answer raised ``OverflowError``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers import START, basic_notes

from flashdeck.collection import Collection
from flashdeck.collection.failures import describe_failure
from flashdeck.core.clock import ClockError, ManualClock
from flashdeck.core.scheduling import Rating


def test_an_impossible_clock_schedules_nothing(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(3), deck="D")
    card = col.next_card()
    assert card is not None
    for when in (datetime(9990, 1, 1, 10, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC)):
        clock.set(when)
        with pytest.raises(ClockError) as raised:
            col.answer(card.id, Rating.EASY)
        assert describe_failure(raised.value).message == (
            f"the system clock says {when:%Y-%m-%d %H:%M} UTC, which cannot be right: set the clock, then answer "
            "again (nothing was recorded)")
        with pytest.raises(ClockError):
            col.interval_preview(card.id)
    assert col.store.scalar("SELECT count(*) FROM revlog") == 0
    assert col.decks()[0].new == 3  # reading still works


def test_the_last_plausible_year_never_overflows(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="D")
    [card_id] = col.search("deck:D")
    now = datetime(2999, 12, 31, 10, tzinfo=UTC)
    clock.set(now)
    last = int((now - timedelta(days=30000)).timestamp())
    with col.store.transaction() as tx:  # a card learnt for a lifetime: the next interval is FSRS's cap
        tx.execute("UPDATE cards SET phase=2, stability=30000, difficulty=1, last_review=?, due=?, reps=0 "
                   "WHERE id=?", (last, int(now.timestamp()), card_id))
    assert col.interval_preview(card_id)[Rating.EASY] == "100y"
    col.answer(card_id, Rating.EASY)
    assert datetime.fromtimestamp(col.card(card_id).state.due, UTC).year == 3099
    assert col.check() == []


def test_cards_answered_while_the_clock_ran_ahead_come_back(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(6), deck="D")
    clock.set(START + timedelta(days=5 * 365))  # the clock jumps years ahead
    answered = []
    for _ in range(3):
        card = col.next_card()
        assert card is not None
        col.answer(card.id, Rating.EASY)
        answered.append(card.id)
    intervals = {cid: col.store.scalar("SELECT due - last_review FROM cards WHERE id=?", (cid,)) for cid in answered}
    assert min(intervals.values()) >= 86400  # Easy: days
    ahead = col.store.fetchall("SELECT id, reviewed_ms FROM revlog ORDER BY id")
    clock.set(START + timedelta(days=1))  # corrected
    with Collection.open(col.store.path, clock=clock, fuzz=False) as later:  # type: ignore[arg-type]
        later.counts()  # today's queue is built: the cards from "the future" are brought back
        now = int(clock.now().timestamp())
        for cid in answered:
            due, last = later.store.fetchall("SELECT due, last_review FROM cards WHERE id=?", (cid,))[0]
            assert (last, due - now) == (now, intervals[cid])  # the interval the answer gave, from now
        assert later.store.fetchall("SELECT id, reviewed_ms FROM revlog ORDER BY id") == ahead  # history kept
        assert later.check() == []
        clock.advance(seconds=max(intervals.values()) + 60)
        later.select_deck(None)
        seen = set()
        while (card := later.next_card()) is not None:
            seen.add(card.id)
            later.answer(card.id, Rating.EASY)
        assert set(answered) <= seen  # due again within their interval, not years later
