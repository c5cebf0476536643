"""The SQL behind the statistics (``flashdeck.collection.stats``) and the FSRS fit (``flashdeck.collection.optimize``).

Each function is one statement over a ``Store``; Python (in the collection) turns
the rows into study days and figures. ``deck_ids`` narrows a figure to those decks
(``None``: every deck). The statements were tuned against the indexes they name
(docs/performance.md): change one only with its benchmark.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from flashdeck.storage.queries import BEFORE_ANY_DUE
from flashdeck.storage.rows import AttemptTiming, DayReviews
from flashdeck.storage.store import Store

__all__ = [
    "attempt_rows_since",
    "card_state_counts",
    "due_per_day",
    "first_review_ms",
    "has_attempts_table",
    "note_count",
    "ratings_since",
    "retention_rows",
    "review_count",
    "review_history",
    "reviews_per_day",
    "time_since",
    "timed_reviews",
    "unsuspended_card_count",
]


def _deck_clause(ids: Sequence[int] | None, column: str = "c.deck_id") -> tuple[str, list[Any]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(ids))})", list(ids)


# -- the totals (``flashdeck stats``) ---------------------------------------------------------


def ratings_since(store: Store, since_ms: int) -> dict[int, int]:
    """rating → how many reviews got it since ``since_ms``."""
    return dict(store.fetchall("SELECT rating, count(*) FROM revlog WHERE reviewed_ms >= ? GROUP BY rating",
                               (since_ms,)))


def note_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM notes") or 0)


def review_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM revlog") or 0)


def time_since(store: Store, since_ms: int) -> int:
    """Milliseconds spent answering since ``since_ms``."""
    return int(store.scalar("SELECT coalesce(sum(duration_ms), 0) FROM revlog WHERE reviewed_ms >= ?",
                            (since_ms,)) or 0)


def card_state_counts(store: Store, deck_ids: Sequence[int] | None = None) -> tuple[int, int, int, int, int]:
    """(new, learning, review, suspended, total) cards; suspended cards counted only as suspended."""
    clause, params = _deck_clause(deck_ids, "deck_id")
    new, learning, review, suspended, total = store.fetchall(
        "SELECT sum(CASE WHEN phase=0 AND NOT suspended THEN 1 ELSE 0 END), "
        "sum(CASE WHEN phase IN (1, 3) AND NOT suspended THEN 1 ELSE 0 END), "
        "sum(CASE WHEN phase=2 AND NOT suspended THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN suspended THEN 1 ELSE 0 END), count(*) FROM cards WHERE 1=1{clause}", params)[0]
    return int(new or 0), int(learning or 0), int(review or 0), int(suspended or 0), int(total or 0)


# -- the Stats screen -------------------------------------------------------------------------


def reviews_per_day(store: Store, bounds: Sequence[tuple[int, int]],
                    deck_ids: Sequence[int] | None = None) -> list[DayReviews]:
    """The reviews of each [lo, hi) range of review times (ms) in ``bounds``, in order.

    One range of ``ix_revlog_reviewed_ms`` per day (the index holds the durations): a year of
    reviews is counted where it lies, never sorted into groups.
    """
    clause, deck_params = "", []
    if deck_ids is not None:
        clause = f" AND card_id IN (SELECT id FROM cards WHERE deck_id IN ({','.join('?' * len(deck_ids))}))"
        deck_params = list(deck_ids)
    in_day = f"FROM revlog WHERE reviewed_ms >= lo AND reviewed_ms < hi{clause}"
    return list(map(DayReviews._make, store.fetchall(
        f"WITH days(lo, hi) AS (VALUES {', '.join(['(CAST(? AS BIGINT), CAST(? AS BIGINT))'] * len(bounds))}) "
        f"SELECT lo, (SELECT count(*) {in_day}), (SELECT sum(duration_ms) {in_day}) FROM days",
        (*(bound for pair in bounds for bound in pair), *deck_params, *deck_params),
    )))


def first_review_ms(store: Store) -> int | None:
    """When the first review in the collection was given (None: none yet)."""
    first = store.scalar("SELECT min(reviewed_ms) FROM revlog")
    return None if first is None else int(first)


def due_per_day(store: Store, starts: Sequence[int], deck_ids: Sequence[int] | None = None) -> list[int]:
    """How many learning and review cards (not suspended) fall due before ``starts[0]``, then in each
    ``[starts[i], starts[i + 1])`` (epoch seconds): ``len(starts)`` counts.

    One range of ``ix_cards_deck_phase_due`` per deck, phase and day, counted where the entries lie: grouping
    every card by a bucket of its due time sorted them all (50,000 cards: ~60 ms; these ranges: ~4 ms).
    """
    if deck_ids is None:
        decks, deck_params = "deck_id IN (SELECT id FROM decks)", []
    else:
        decks, deck_params = f"deck_id IN ({','.join('?' * len(deck_ids))})", list(deck_ids)
    bounds = [BEFORE_ANY_DUE, *starts]
    rows = store.fetchall(
        f"WITH days(lo, hi) AS (VALUES {', '.join(['(CAST(? AS BIGINT), CAST(? AS BIGINT))'] * len(starts))}) "
        f"SELECT lo, (SELECT count(*) FROM cards WHERE {decks} AND phase IN (1, 2, 3) AND due >= lo AND due < hi "
        "AND NOT suspended) FROM days ORDER BY lo",
        (*(bound for pair in itertools.pairwise(bounds) for bound in pair), *deck_params),
    )
    return [int(count) for _lo, count in rows]


def retention_rows(store: Store, since: Sequence[int], deck_ids: Sequence[int] | None = None) -> list[tuple[Any, ...]]:
    """(kind, then for each start in ``since``: reviews, passed) of the reviews of cards in the review phase.

    ``since`` holds one start (ms) per period; passed means not answered Again.
    """
    clause, params = _deck_clause(deck_ids)
    longest = min(since)
    # Counted with FILTER, not sum(CASE …): fewer steps a review (165 → 110 ms for a year of 500,000 reviews),
    # and the longest period, which the WHERE clause already bounds, tests no time at all.
    sums, bounds = [], []
    for start in since:
        if start == longest:
            sums.append("count(*), count(*) FILTER (WHERE r.rating > 1)")
        else:
            sums.append("count(*) FILTER (WHERE r.reviewed_ms >= ?), "
                        "count(*) FILTER (WHERE r.reviewed_ms >= ? AND r.rating > 1)")
            bounds += [start, start]
    # Every period in one pass, in this join order (CROSS JOIN fixes it on SQLite): notes by kind from
    # ix_notes_kind, so the kinds come grouped; their cards; each card's reviews since the longest
    # period, one range of ix_revlog_card_id. No review row is read and none is sorted.
    return store.fetchall(
        f"SELECT n.kind, {', '.join(sums)} FROM notes n CROSS JOIN cards c CROSS JOIN revlog r "
        f"WHERE c.note_id = n.id AND r.card_id = c.id AND r.reviewed_ms >= ? AND r.phase_before = 2{clause} "
        "GROUP BY n.kind ORDER BY n.kind",
        (*bounds, longest, *params))


def has_attempts_table(store: Store) -> bool:
    """Whether the rehearsal attempts table exists yet."""
    if store.sqlite:
        return store.scalar("SELECT name FROM sqlite_master WHERE type='table' AND name='attempts'") is not None
    return store.scalar("SELECT table_name FROM information_schema.tables WHERE table_name='attempts' "
                        "AND table_schema = current_schema()") is not None


def attempt_rows_since(store: Store, since_ms: int, deck_ids: Sequence[int] | None = None) -> list[AttemptTiming]:
    """The rehearsal attempts since ``since_ms``, oldest first."""
    clause, params = _deck_clause(deck_ids)
    return list(map(AttemptTiming._make, store.fetchall(
        "SELECT a.started_ms, a.duration_ms, a.target_low, a.target_high, a.wpm FROM attempts a "
        f"JOIN cards c ON c.id = a.card_id WHERE a.started_ms >= ?{clause} ORDER BY a.started_ms",
        (since_ms, *params))))


# -- the FSRS fit -----------------------------------------------------------------------------


def review_history(store: Store) -> list[tuple[Any, ...]]:
    """(card_id, reviewed_ms, rating, phase_before) of every review, card by card, oldest first."""
    return store.fetchall("SELECT card_id, reviewed_ms, rating, phase_before FROM revlog "
                          "ORDER BY card_id, reviewed_ms, id")


def unsuspended_card_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM cards WHERE NOT suspended") or 0)


def timed_reviews(store: Store) -> tuple[int, float | None]:
    """(how many reviews have a duration, their mean duration in ms or None)."""
    count, mean = store.fetchall("SELECT count(*), avg(duration_ms) FROM revlog WHERE duration_ms > 0")[0]
    return int(count or 0), None if mean is None else float(mean)
