"""What each study day until the interview will really ask: a projection with the real scheduler.

The plan answers every card Good on the day it is due, the way the study queue
would serve it (learning first, then reviews up to each deck's daily limit,
then new cards at the interview's even pace, one card per note a day as sibling
burying allows), with py-fsrs through :class:`~flashdeck.core.scheduling.Scheduler`
(unfuzzed) and with the collection's interval cap into the final window. Each
day's figures are then what the candidate will see if they keep up.

Cards in the same state are simulated together: new cards met on the same day
share one state, and so do the cards they become, so the number of scheduler
calls grows with days × distinct states, not with cards. A long history makes
every card's state distinct; above :data:`EXACT_UP_TO` such cards their
stability and difficulty are rounded (3 significant digits, 2 decimals) so
that they group too — the projection then may put a card a day off.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from flashdeck.core.interview_plan import InterviewWindow, new_per_day
from flashdeck.core.scheduling import CardState, Phase, Rating, Scheduler

__all__ = ["EXACT_UP_TO", "DayFigures", "DeckPace", "PlanCard", "Projection", "project"]

EXACT_UP_TO = 2000
_LEARNING = (Phase.LEARNING, Phase.RELEARNING)
# A review card whose next interval runs past the interview: its exact state no longer matters.
_LONG = CardState(Phase.REVIEW, None, math.inf, None)


@dataclass(frozen=True, slots=True)
class PlanCard:
    """A card that has been studied (learning, review, relearning), not suspended."""

    card_id: int
    note_id: int
    deck_id: int
    state: CardState
    buried_today: bool = False


@dataclass(frozen=True)
class DeckPace:
    """One deck's limits and its new cards (``(card id, note id)`` in the queue's order)."""

    deck_id: int
    new_cards: Sequence[tuple[int, int]]
    reviews_per_day: int
    new_done_today: int = 0
    reviews_done_today: int = 0
    buried_today: frozenset[int] = frozenset()  # new cards that wait for tomorrow


@dataclass(frozen=True)
class DayFigures:
    day: date
    reviews: int  # cards studied before (learning, review), each counted once a day
    new: int  # cards met for the first time


@dataclass(frozen=True)
class Projection:
    days: list[DayFigures]
    cards: int  # every card the plan covers (new and studied, not suspended)
    seen_in_window: int  # of those, the ones studied in the final window (or there already)
    new_per_day_today: int  # today's even pace, summed over decks (what today's queue allows)


@dataclass
class _Group:
    deck_id: int
    state: CardState
    ids: list[int] = field(default_factory=list)


class _Days:
    """Groups of cards per day offset, merged when their state is the same."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.slots: list[dict[tuple[object, ...], _Group]] = [{} for _ in range(count)]

    def add(self, offset: int, deck_id: int, state: CardState, ids: Iterable[int]) -> None:
        if offset >= self.count:
            return  # due after the interview: not part of the plan
        key = (deck_id, state.phase, state.step, state.stability, state.difficulty, state.due, state.last_review)
        group = self.slots[max(0, offset)].get(key)
        if group is None:
            group = self.slots[max(0, offset)][key] = _Group(deck_id, state)
        group.ids.extend(ids)


def _at(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def project(cards: Sequence[PlanCard], decks: Sequence[DeckPace], *, window: InterviewWindow, today: date,
            now_ts: int, scheduler: Scheduler, learn_ahead_s: int = 1200) -> Projection:
    """The study days from ``today`` to the day before the interview, each card answered Good when due.

    ``decks`` in the queue's deck order; ``scheduler`` should not fuzz (a plan is a forecast).
    """
    mapper = window.days
    days_left = window.days_left(today)
    offset_in_day = now_ts - mapper.start_of(today)
    notes: dict[int, int] = {c.card_id: c.note_id for c in cards}
    for deck in decks:
        notes.update(dict(deck.new_cards))
    per_note: dict[int, int] = {}
    for note_id in notes.values():
        per_note[note_id] = per_note.get(note_id, 0) + 1
    siblings = {note_id for note_id, n in per_note.items() if n > 1}
    rounded = len(cards) > EXACT_UP_TO
    slots = _Days(days_left)
    seen: set[int] = set()
    first_day_ts = mapper.start_of(window.first_day)
    starts: dict[date, int] = {}

    def start_of(day: date) -> int:
        ts = starts.get(day)
        if ts is None:
            ts = starts[day] = mapper.start_of(day)
        return ts

    long_at: dict[float, int] = {}  # stability → interval days
    first_look: dict[tuple[int, int, CardState], list[int]] = {}
    for card in cards:
        state = card.state
        if state.last_review is not None and state.last_review >= first_day_ts:
            seen.add(card.card_id)
        due_day = mapper.day_of(state.due)
        offset = max((due_day - today).days, 1 if card.buried_today else 0)
        if state.phase == Phase.REVIEW and state.stability is not None:
            # Reviews wait for their day, not their hour. One whose next interval already runs past the
            # interview needs no state at all (see _beyond): such cards, most of a long history, group.
            day = today + timedelta(days=offset)
            interval = long_at.get(state.stability)
            if interval is None:
                interval = long_at[state.stability] = scheduler.interval_days(state.stability)
            # Exact: the due time kept, as the queue orders a day's reviews by it (and by id) — which sibling
            # comes first and which cards a review limit holds back depend on it.
            due = start_of(day) if rounded else state.due
            if interval >= (window.interview - day).days:
                state = CardState(Phase.REVIEW, None, math.inf, None, due)
            elif rounded:
                state = CardState(Phase.REVIEW, None, float(f"{state.stability:.3g}"),
                                  None if state.difficulty is None else round(state.difficulty, 2), due,
                                  None if state.last_review is None else
                                  start_of(mapper.day_of(state.last_review)) + offset_in_day)
        key = (offset, card.deck_id, state)
        loaded = first_look.get(key)
        if loaded is None:
            first_look[key] = [card.card_id]
        else:
            loaded.append(card.card_id)
    for (offset, deck_id, state), ids in first_look.items():
        slots.add(offset, deck_id, state, ids)
    del first_look

    pending = {deck.deck_id: list(deck.new_cards) for deck in decks}
    deck_order = {deck.deck_id: i for i, deck in enumerate(decks)}
    out: list[DayFigures] = []
    new_today_pace = 0
    for index in range(days_left):
        day = today + timedelta(days=index)
        day_end = mapper.start_of(day + timedelta(days=1))
        at = now_ts if index == 0 else min(mapper.start_of(day) + offset_in_day, day_end - 1)
        met: set[int] = set()  # notes studied today: their other cards are buried until tomorrow
        # (not in the final window: Collection.answer buries no siblings there, every card must be seen)
        in_window = day >= window.first_day

        def place(deck_id: int, state: CardState, ids: list[int], index: int = index, day: date = day) -> None:
            """Queue the cards answered today on the day they next fall due (never today again)."""
            due_day = mapper.day_of(state.due)
            if state.phase != Phase.REVIEW or day >= window.first_day or due_day <= window.last_day:
                slots.add(max(index + 1, (due_day - today).days), deck_id, state, ids)
                return
            # As Collection.answer caps it: into the window, spread over its days by card id.
            # (InterviewWindow.cap_day, worked out once for the whole group: first + card id % span.)
            first = max(window.first_day, day + timedelta(days=1))
            span = (window.last_day - first).days + 1
            by_rest: dict[int, list[int]] = {}
            for card_id in ids:
                rest = card_id % span
                part = by_rest.get(rest)
                if part is None:
                    by_rest[rest] = [card_id]
                else:
                    part.append(card_id)
            assert all(window.cap_day(due_day, day, part[0]) == first + timedelta(days=rest)
                       for rest, part in by_rest.items())
            by_day = {first + timedelta(days=rest): part for rest, part in by_rest.items()}
            for capped, part in by_day.items():
                slots.add(max(index + 1, (capped - today).days), deck_id,
                          replace(state, due=mapper.start_of(capped)), part)

        def advance(state: CardState, at: int = at, day_end: int = day_end) -> CardState:
            state = scheduler.review(state, Rating.GOOD, _at(at))
            while state.phase in _LEARNING and state.due < day_end:
                state = scheduler.review(state, Rating.GOOD, _at(at if state.due <= at + learn_ahead_s else state.due))
            return state

        groups = sorted(slots.slots[index].values(), key=lambda g: (
            g.state.phase == Phase.REVIEW, deck_order.get(g.deck_id, 0) if g.state.phase == Phase.REVIEW else 0,
            g.state.due))
        review_left = {deck.deck_id: deck.reviews_per_day - (deck.reviews_done_today if index == 0 else 0)
                       for deck in decks}
        reviews = 0
        for group in groups:
            deck_id = group.deck_id
            is_review = group.state.phase == Phase.REVIEW
            kept, deferred = group.ids, []
            if (siblings and not in_window) or (is_review and review_left.get(deck_id, 0) < len(kept)):
                kept = []
                for card_id in sorted(group.ids):  # the queue's order: due, then id
                    if is_review and review_left.get(deck_id, 0) <= 0:
                        deferred.append(card_id)
                        continue
                    note_id = notes[card_id]
                    if note_id in siblings and not in_window:
                        if note_id in met:
                            deferred.append(card_id)
                            continue
                        met.add(note_id)
                    if is_review:
                        review_left[deck_id] -= 1
                    kept.append(card_id)
            elif is_review:
                review_left[deck_id] -= len(kept)
            if deferred:
                slots.add(index + 1, deck_id, group.state, deferred)
            if kept:
                reviews += len(kept)
                if in_window:
                    seen.update(kept)
                if group.state.phase == Phase.REVIEW and _beyond(group.state, day, window, scheduler):
                    # Its next look is after the interview whatever the new state: capped into the window
                    # from before it, gone from the plan inside it. No scheduler call needed.
                    if day < window.first_day:
                        place(deck_id, replace(_LONG, due=window.days.start_of(window.interview)), kept)
                    continue
                place(deck_id, advance(group.state), kept)
        new = 0
        for deck in decks:
            waiting = pending[deck.deck_id]
            done = deck.new_done_today if index == 0 else 0
            quota = new_per_day(len(waiting) + done, day, window)
            if index == 0:
                new_today_pace += quota
            wanted = max(0, quota - done)
            met_now: list[int] = []
            skipped: list[tuple[int, int]] = []
            position = 0
            while position < len(waiting) and len(met_now) < wanted:
                card_id, note_id = waiting[position]
                position += 1
                if index == 0 and card_id in deck.buried_today:
                    skipped.append((card_id, note_id))
                    continue
                if note_id in siblings and not in_window:
                    if note_id in met:
                        skipped.append((card_id, note_id))
                        continue
                    met.add(note_id)
                met_now.append(card_id)
            pending[deck.deck_id] = skipped + waiting[position:]
            if met_now:
                new += len(met_now)
                if in_window:
                    seen.update(met_now)
                place(deck.deck_id, advance(CardState()), met_now)
        out.append(DayFigures(day, reviews, new))
        slots.slots[index].clear()
    total = len(cards) + sum(len(deck.new_cards) for deck in decks)
    return Projection(out, total, len(seen), new_today_pace)



def _beyond(state: CardState, day: date, window: InterviewWindow, scheduler: Scheduler) -> bool:
    """Whether answering this review card Good on ``day`` schedules it on or after the interview day.

    Good never lowers a review card's stability, so its interval is at least the one its
    present stability gives.
    """
    if state.stability is None:
        return False
    if math.isinf(state.stability):
        return True
    return scheduler.interval_days(state.stability) >= (window.interview - day).days
