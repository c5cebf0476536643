"""Personal parameters: fitted on a history generated from known parameters, they beat the defaults."""

from __future__ import annotations

from fsrs.scheduler import DEFAULT_PARAMETERS
from helpers import basic_notes
from stats_history import TRUE_PARAMETERS, SimulatedUser

from flashdeck.collection import Collection
from flashdeck.collection.optimize import MIN_REVIEWS, _evaluate, _items, card_histories
from flashdeck.core.clock import ManualClock
from flashdeck.core.scheduling import Rating


def test_too_little_history_says_how_many_more_reviews(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(5), deck="D")
    SimulatedUser(col, clock).study_days(4)
    usable = len(_items(card_histories(col)))
    assert 0 < usable < MIN_REVIEWS
    result = col.optimize()
    assert result.status == "not_enough_reviews" and not result.kept and not result.changes  # nothing written
    assert result.needed == MIN_REVIEWS - usable
    assert f"{MIN_REVIEWS - usable} more reviews" in result.reason
    assert col.scheduler.settings.parameters == tuple(DEFAULT_PARAMETERS)


def test_histories_start_at_the_first_sight_and_count_days(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="D")
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.GOOD)
    clock.advance(minutes=10)
    col.answer(card.id, Rating.GOOD)
    clock.advance(days=3)
    col.answer(card.id, Rating.AGAIN)
    today = col.today().date.toordinal()
    assert card_histories(col) == {card.id: [(today - 3, 3), (today - 3, 3), (today, 1)]}
    items = _items(card_histories(col))
    assert len(items) == 1  # only the review on a later day is something to predict
    # The bindings expose a review only through its repr.
    assert [repr(r) for r in items[0].reviews] == ["FSRSReview { rating: 3, delta_t: 0 }",
                                                   "FSRSReview { rating: 3, delta_t: 0 }",
                                                   "FSRSReview { rating: 1, delta_t: 3 }"]
    assert items[0].long_term_review_cnt() == 1


def test_fitted_parameters_beat_the_defaults_and_are_kept(col: Collection, clock: ManualClock,
                                                          db_path: object) -> None:
    col.add_notes(basic_notes(200), deck="D")
    col.set_deck_limits("D", new_per_day=20, reviews_per_day=9999)
    SimulatedUser(col, clock, seed=5).study_days(60)
    items = _items(card_histories(col))
    assert len(items) >= MIN_REVIEWS
    result = col.optimize()
    assert result.status == "kept" and result.kept
    assert result.before is not None and result.after is not None
    assert result.after.log_loss < result.before.log_loss and result.after.rmse < result.before.rmse
    # The fit comes close to the truth: within 0.01 of the log loss of the parameters that made the history.
    truth = _evaluate(items, TRUE_PARAMETERS)
    assert result.after.log_loss < truth.log_loss + 0.01
    assert len(result.parameters_after) == 21
    assert col.scheduler.settings.parameters == result.parameters_after
    reopened = Collection.open(str(db_path), clock=clock)
    try:
        assert reopened.scheduler.settings.parameters == result.parameters_after
        assert reopened.get_config("optimizer_last")["status"] == "kept"
    finally:
        reopened.close()
    # Fitting again on the same history finds nothing better: the parameters stay.
    again = col.optimize()
    assert not again.kept and again.parameters_before == result.parameters_after


def test_dry_run_changes_nothing(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(200), deck="D")
    SimulatedUser(col, clock, seed=9).study_days(50)
    result = col.optimize(apply=False)
    assert result.after is not None and not result.kept and not result.changes
    assert col.scheduler.settings.parameters == tuple(DEFAULT_PARAMETERS)
    assert col.get_config("optimizer_last") is None
    assert col.optimize().changes.config  # a fit that ran keeps its verdict (and its parameters if better)


def test_retention_tradeoff_costs_more_reviews_for_more_retention(col: Collection) -> None:
    col.add_notes(basic_notes(300), deck="D")
    rows = col.retention_tradeoff()
    assert [row.retention for row in rows] == [0.8, 0.85, 0.9, 0.95]
    loads = [row.reviews_per_day for row in rows]
    assert loads == sorted(loads) and loads[-1] > 1.5 * loads[0]
    remembered = [row.memorized for row in rows]
    assert remembered == sorted(remembered) and remembered[-1] <= 300
