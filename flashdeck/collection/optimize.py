"""Personal FSRS parameters: fit them to the user's own reviews with fsrs-rs-python.

fsrs-rs (Rust, through ``fsrs_rs_python``) trains in milliseconds without
torch; py-fsrs then schedules with the result (both use the same 21 FSRS-6
parameters). ``fsrs_rs_python`` is imported only when one of these functions
runs, so opening a collection never pays for it.

A fit is kept only if it predicts the user's own history better than the
parameters in use, by both measures fsrs-rs's ``evaluate`` gives (log loss
and RMSE over bins); otherwise nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from flashdeck.core.changes import NOTHING, Changes
from flashdeck.core.daybins import DayMapper
from flashdeck.core.scheduling import SchedulerSettings
from flashdeck.storage import stats_queries

if TYPE_CHECKING:
    from flashdeck.collection.protocol import CollectionLike

__all__ = [
    "MIN_REVIEWS",
    "TRADEOFF_LEVELS",
    "Evaluation",
    "OptimizeResult",
    "TradeoffRow",
    "card_histories",
    "optimize_parameters",
    "retention_tradeoff",
]

# Reviews on a later day than the card's previous one: what FSRS learns from.
# Below this a fit mostly learns noise (Anki asks for a few hundred too).
MIN_REVIEWS = 400
TRADEOFF_LEVELS = (0.80, 0.85, 0.90, 0.95)


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse: float

    def better_than(self, other: Evaluation) -> bool:
        return self.log_loss < other.log_loss and self.rmse <= other.rmse

    def to_dict(self) -> dict[str, float]:
        return {"log_loss": round(self.log_loss, 5), "rmse": round(self.rmse, 5)}


@dataclass(frozen=True)
class OptimizeResult:
    """What a fit found; ``kept`` says whether the collection now schedules with it."""

    reviews: int
    needed: int = 0
    before: Evaluation | None = None
    after: Evaluation | None = None
    parameters_before: tuple[float, ...] = ()
    parameters_after: tuple[float, ...] = ()
    kept: bool = False
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    changes: Changes = NOTHING  # what the fit wrote (the parameters if kept, the last verdict); not in to_dict

    @property
    def status(self) -> str:
        if self.needed:
            return "not_enough_reviews"
        return "kept" if self.kept else "not_better"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reviews": self.reviews,
            "needed": self.needed,
            "before": None if self.before is None else self.before.to_dict(),
            "after": None if self.after is None else self.after.to_dict(),
            "parameters_before": [round(p, 4) for p in self.parameters_before],
            "parameters_after": [round(p, 4) for p in self.parameters_after],
            "kept": self.kept,
            "message": self.reason,
        }


@dataclass(frozen=True)
class TradeoffRow:
    """The expected daily load at one desired retention (a year simulated by fsrs-rs)."""

    retention: float
    reviews_per_day: float
    minutes_per_day: float
    memorized: float  # cards remembered at the end of the year

    def to_dict(self) -> dict[str, float]:
        return {"retention": self.retention, "reviews_per_day": self.reviews_per_day,
                "minutes_per_day": self.minutes_per_day, "memorized": self.memorized}


def card_histories(col: CollectionLike) -> dict[int, list[tuple[int, int]]]:
    """card id → [(study-day ordinal, rating), …] from the card's last time as a new card on."""
    mapper = DayMapper(col.clock.local_tz, col.day_start_hour)
    out: dict[int, list[tuple[int, int]]] = {}
    for card_id, reviewed_ms, rating, phase_before in stats_queries.review_history(col.store):
        if phase_before == 0:
            out[card_id] = []  # a (re)start as new: what came before describes another memory
        history = out.get(card_id)
        if history is not None:  # reviews of a card whose start is not in the log are unusable
            history.append((mapper.day_of(reviewed_ms / 1000).toordinal(), int(rating)))
    return out


def _items(histories: dict[int, list[tuple[int, int]]]) -> list[Any]:
    from fsrs_rs_python import FSRSItem, FSRSReview

    items = []
    for history in histories.values():
        reviews = []
        previous = history[0][0] if history else 0
        for day, rating in history:
            reviews.append(FSRSReview(rating, day - previous))
            # One item per review on a new day: the model predicts that review from those before it.
            if day > previous:
                items.append(FSRSItem(list(reviews)))
            previous = day
    return items


def _evaluate(items: list[Any], parameters: tuple[float, ...]) -> Evaluation:
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(items)
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


def _clamped(parameters: list[float]) -> tuple[float, ...]:
    # fsrs-rs and py-fsrs clamp to nearly the same ranges; py-fsrs refuses anything outside its own.
    return tuple(min(max(p, low), high)
                 for p, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True))


def optimize_parameters(col: CollectionLike, *, apply: bool = True) -> OptimizeResult:
    """Fit parameters to the whole review history; keep them (``apply``) only if they are better."""
    from fsrs_rs_python import FSRS

    stored = SchedulerSettings.from_dict(col.get_config("scheduler", {}))
    current = tuple(stored.parameters)
    items = _items(card_histories(col))
    if len(items) < MIN_REVIEWS:
        needed = MIN_REVIEWS - len(items)
        return OptimizeResult(len(items), needed, parameters_before=current,
                              reason=f"{needed} more reviews needed (on a later day than the card's previous "
                                     f"review) before your own parameters can be fitted; you have {len(items)}.")
    before = _evaluate(items, current)
    fitted = _clamped(FSRS(list(current)).compute_parameters(items))
    after = _evaluate(items, fitted)
    better = after.better_than(before)
    if better and apply:
        col.set_scheduler_settings(replace(stored, parameters=fitted))
    verdict = ("Kept: your own parameters predict your reviews better."
               if better else "Not kept: the fitted parameters are no better than the ones in use.")
    result = OptimizeResult(len(items), 0, before, after, current, fitted, better and apply, verdict)
    if apply:
        changes = col.set_config("optimizer_last", {"study_day": col.today().date.isoformat(), **result.to_dict()})
        result = replace(result, changes=changes)
    return result


def retention_tradeoff(col: CollectionLike, levels: tuple[float, ...] = TRADEOFF_LEVELS, *,
                       days: int = 365, seed: int = 42) -> list[TradeoffRow]:
    """Expected daily load at each desired retention, from fsrs-rs's simulator.

    The simulated deck has the collection's size and is learnt at its daily new
    limits, with the parameters in use; review time per card is the user's own
    average when there is enough history to know it.
    """
    from fsrs_rs_python import default_simulator_config, simulate

    settings = SchedulerSettings.from_dict(col.get_config("scheduler", {}))
    config = default_simulator_config()
    cards = stats_queries.unsuspended_card_count(col.store)
    new_per_day = sum(int(deck.new_per_day) for deck in col.store.deck_rows())
    config.deck_size = max(1, cards)
    config.learn_span = days
    config.learn_limit = max(1, new_per_day)
    config.max_cost_perday = 24 * 3600.0  # the load unconstrained: that is what the user wants to see
    config.max_ivl = float(settings.maximum_interval)
    timed, mean_ms = stats_queries.timed_reviews(col.store)
    if timed >= 50 and mean_ms is not None:
        costs = config.state_rating_costs
        default_mean = sum(sum(row) for row in costs) / 12
        scale = mean_ms / 1000 / default_mean
        config.state_rating_costs = [[c * scale for c in row] for row in costs]
    out = []
    for level in levels:
        result = simulate(list(settings.parameters), level, config, seed=seed)
        span = max(1, len(result.review_cnt_per_day))
        out.append(TradeoffRow(
            retention=level,
            reviews_per_day=round(sum(result.review_cnt_per_day) / span, 1),
            minutes_per_day=round(sum(result.cost_per_day) / span / 60, 1),
            memorized=round(result.memorized_cnt_per_day[-1], 1) if result.memorized_cnt_per_day else 0.0,
        ))
    return out
