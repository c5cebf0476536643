"""Read-side SQL: queue candidates, counts, search, and a config key read inside a write."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from flashdeck.core.kinds import KINDS
from flashdeck.core.search import Term
from flashdeck.storage import blank_search
from flashdeck.storage.sqlite_driver import sqlite3
from flashdeck.storage.store import Store, Tx

__all__ = [
    "BEFORE_ANY_DUE",
    "DeckCandidates",
    "DeckLimits",
    "bring_back_future_cards",
    "count_available",
    "done_today",
    "has_config",
    "id_list",
    "introduced_and_reviewed_since",
    "queue_candidates",
    "search_card_ids",
]

_VISIBLE = "deck_id=? AND NOT suspended AND buried_until<?"

DeckLimits = dict[int, tuple[int, int]]  # deck id -> (new left today, reviews left today)


def done_today(store: Store, day_start_ms: int) -> dict[int, tuple[int, int]]:
    """deck id → (new cards introduced, reviews done) since the study day began."""
    reviewed = (
        "FROM revlog r JOIN cards c ON c.id = r.card_id WHERE r.reviewed_ms >= ? AND r.phase_before IN (0, 2)"
    )
    rows: list[tuple[int, int, int]]
    if store.sqlite:
        # SQLite groups by sorting every review of the day (it has no hash aggregate): that sort was two
        # thirds of this query, and a fresh process builds its first queue on it. One small number per
        # review (deck id and phase together) in one text, counted in Python, takes a third less time
        # (0.75 against 1.13 ms for 2,000 reviews; JSON, whose integer parse is slow, 0.88).
        found = store.scalar(f"SELECT group_concat(c.deck_id * 4 + r.phase_before) {reviewed}", (day_start_ms,))
        # A deck id beyond ±2**61 (only a hand-made file has one: the app numbers decks from 1) overflows
        # into a float: that day is grouped by SQLite instead.
        if found is None or "." not in found:
            tally = Counter(found.split(",") if found else ())
            rows = [(int(key) >> 2, int(key) & 3, count) for key, count in tally.items()]
        else:
            rows = _grouped_reviews(store, reviewed, day_start_ms)
    else:
        rows = _grouped_reviews(store, reviewed, day_start_ms)
    out: dict[int, list[int]] = {}
    for deck_id, phase, count in rows:
        slot = out.setdefault(deck_id, [0, 0])
        slot[0 if phase == 0 else 1] += count
    return {k: (v[0], v[1]) for k, v in out.items()}


def _grouped_reviews(store: Store, reviewed: str, day_start_ms: int) -> list[tuple[int, int, int]]:
    return [(int(deck_id), int(phase), int(count)) for deck_id, phase, count in store.fetchall(
        f"SELECT c.deck_id, r.phase_before, count(*) {reviewed} GROUP BY c.deck_id, r.phase_before",
        (day_start_ms,))]


class DeckCandidates(NamedTuple):
    """One deck's cards for today's queue: learning (due, id) rows, then review and new card ids in order."""

    learning: list[tuple[int, int]]
    review: list[int]
    new: list[int]


def queue_candidates(store: Store, limits: DeckLimits, today: int, day_end_ts: int) -> dict[int, DeckCandidates]:
    """Each deck's candidates for today (in ``limits``' order), at most its (new, review) limit of each.

    Each list is one range of ``ix_cards_deck_phase_due`` (it holds due, id, suspended and buried_until), no
    card row read; the id lists come back as one JSON array each (``id_list``). A shorter limit gives a
    prefix of a longer one's list.
    """
    out: dict[int, DeckCandidates] = {}
    for deck_id, (new_left, review_left) in limits.items():
        learning: list[tuple[int, int]] = store.fetchall(
            f"SELECT due, id FROM cards WHERE {_VISIBLE} AND phase IN (1, 3) AND due<?",
            (deck_id, today, day_end_ts),
        )
        review: list[int] = []
        new: list[int] = []
        if review_left > 0:
            review = id_list(
                store,
                f"SELECT id FROM cards WHERE {_VISIBLE} AND phase=2 AND due<? ORDER BY due, id LIMIT ?",
                (deck_id, today, day_end_ts, review_left), numpy_ok=False,
            )
        if new_left > 0:
            new = id_list(
                store,
                # New cards all have due=0; ordering by (due, id) walks the index instead of sorting.
                f"SELECT id FROM cards WHERE {_VISIBLE} AND phase=0 ORDER BY due, id LIMIT ?",
                (deck_id, today, new_left), numpy_ok=False,
            )
        out[deck_id] = DeckCandidates(learning, review, new)
    return out


def count_available(
    store: Store, deck_id: int, today: int, day_end_ts: int, learn_until_ts: int
) -> tuple[int, int, int]:
    """(new, learning, review) cards available in a deck, before daily limits.

    Three ranges of ``ix_cards_deck_phase_due``, which also holds ``suspended`` and ``buried_until``
    (0008): only the entries counted are read, and no card row.
    """
    row = store.fetchall(
        f"SELECT (SELECT count(*) FROM cards WHERE {_VISIBLE} AND phase=0), "
        f"(SELECT count(*) FROM cards WHERE {_VISIBLE} AND phase IN (1, 3) AND due<=?), "
        f"(SELECT count(*) FROM cards WHERE {_VISIBLE} AND phase=2 AND due<?)",
        (deck_id, today, deck_id, today, learn_until_ts, deck_id, today, day_end_ts),
    )[0]
    return (int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))


def introduced_and_reviewed_since(store: Store, since_ms: int) -> tuple[int, int]:
    """(new cards introduced, reviews done) since ``since_ms`` in every deck together: one index range of the
    review log, no card read. Each deck's own figure (``done_today``) is at most these."""
    row = store.fetchall("SELECT count(*) FILTER (WHERE phase_before = 0), count(*) FILTER (WHERE phase_before = 2) "
                         "FROM revlog WHERE reviewed_ms >= ?", (since_ms,))[0]
    return int(row[0] or 0), int(row[1] or 0)


def has_config(tx: Tx, key: str) -> bool:
    """Whether ``key`` is in the config, read inside the caller's write transaction (so no other writer can add it
    between this read and the caller's write)."""
    return tx.scalar("SELECT value FROM config WHERE key=?", (key,)) is not None


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _wild(value: str) -> str:
    return _like_escape(value.casefold()).replace("*", "%")


def _spoken_clause() -> tuple[str, list[Any]]:
    pairs = [
        (kind.name, ordinal)
        for kind in KINDS.values()
        for ordinal, tpl in enumerate(kind.templates)
        if tpl.spoken
    ]
    clause = " OR ".join("(n.kind=? AND c.ord=?)" for _ in pairs)
    return f"({clause})", [v for pair in pairs for v in pair]


def _deck_ids(store: Store, value: str) -> list[int]:
    """The ids of the decks ``deck:value`` names (sub-decks included), read before the card query."""
    pattern = _wild(value)
    return [r[0] for r in store.fetchall(
        "SELECT id FROM decks WHERE lower(name) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\' ORDER BY id",
        (pattern, pattern + "::%"))]


BEFORE_ANY_DUE = -(2**63)  # the smallest 64-bit integer: below any due date (an open lower bound in SQL)


def _term_sql(store: Store, term: Term, now_ts: int, today: int, day_end_ts: int) -> tuple[str, list[Any]]:
    value = term.value
    if term.field == "text":
        return "n.search_text LIKE ? ESCAPE '\\'", [f"%{_like_escape(value.casefold())}%"]
    if term.field == "deck":
        # The deck ids as literals: with one deck (the usual case) the planner walks that deck's cards
        # in id order in ix_cards_deck_id_state and needs no sort; a subquery would hide that.
        ids = _deck_ids(store, value)
        if len(ids) == 1:
            return "c.deck_id=?", ids
        return (f"c.deck_id IN ({','.join('?' * len(ids))})", list(ids)) if ids else ("0=1", [])
    if term.field == "kind":
        return "n.kind=?", [value.casefold()]
    if term.field == "tag":
        return "lower(n.tags) LIKE ? ESCAPE '\\'", [f"% {_wild(value)} %"]
    if term.field == "id":
        return "c.id=?", [int(value)]
    if term.field == "note":
        return "n.id=?", [int(value)]
    if term.field == blank_search.NOTE_IDS:  # is:blank, resolved to note ids (integers: safe to inline)
        note_ids = ",".join(str(int(i)) for i in value.split())
        return (f"n.id IN ({note_ids})" if note_ids else "1=0"), []
    state = value.casefold()
    if state == "due":
        # One comparison against the phase's own bound costs SQLite fewer steps per card than the phases'
        # two branches (~0.1 ms of ~1.2 at 10,000 cards, interleaved). A new card's bound is the smallest
        # integer, not NULL: NULL would make "-is:due" leave new cards out.
        return (
            f"(c.due < CASE c.phase WHEN 2 THEN ? WHEN 1 THEN ? WHEN 3 THEN ? ELSE {BEFORE_ANY_DUE} END "
            "AND c.buried_until<? AND NOT c.suspended)",
            [day_end_ts, now_ts + 1, now_ts + 1, today],
        )
    if state == "spoken":
        return _spoken_clause()
    simple = {
        "new": ("c.phase=0", []),
        "learning": ("c.phase IN (1, 3)", []),
        "review": ("c.phase=2", []),
        "suspended": ("c.suspended", []),
        "buried": ("c.buried_until>=?", [today]),
    }
    sql, params = simple[state]
    return sql, list(params)


def search_card_ids(
    store: Store,
    terms: Sequence[Term],
    *,
    now_ts: int,
    today: int,
    day_end_ts: int,
    order: str = "c.id",
    limit: int | None = None,
) -> list[int]:
    clauses, params = [], []
    resolved = blank_search.resolve_blanks(store, terms)
    due_terms = [term for term in resolved if _is_due(term) and not term.negated]
    descending_due = _DUE_ORDERS.get(order)
    for term in resolved:
        if descending_due is not None and len(due_terms) == 1 and term is due_terms[0]:
            continue  # in each phase's own branch below
        sql, values = _term_sql(store, term, now_ts, today, day_end_ts)
        clauses.append(f"NOT {sql}" if term.negated else sql)
        params += values
    if descending_due is not None and len(due_terms) == 1:
        return _due_cards_by_due(store, clauses, params, descending_due, now_ts=now_ts, today=today,
                                 day_end_ts=day_end_ts, limit=limit)
    where = " AND ".join(clauses) or "1=1"
    joins = _joins(where, order)
    descending = _by_id_alone(order)
    if limit is None and descending is not None and store.sqlite and _JSON_IDS:
        # The ids straight into one aggregate, sorted in Python afterwards: an ordered subquery under the
        # aggregate runs as a co-routine that costs as much again as the index scan (4.6 vs 2.3 ms for
        # 50,000 cards), and the rows come in id order from the indexes anyway, where the sort is linear.
        found = store.fetchall(f"SELECT json_group_array(c.id) FROM cards c{joins} WHERE {where}", params)
        ids = _json_ids(found[0][0]) if found else []
        ids.sort(reverse=descending)
        return ids
    statement = f"SELECT c.id FROM cards c{joins} WHERE {where} ORDER BY {order}"
    if limit is not None:
        statement += f" LIMIT {int(limit)}"
    return id_list(store, statement, params)


def _joins(*sql: str) -> str:
    """The joins a card query needs for the SQL it holds: most searches need cards alone."""
    joins = ""
    if any("n." in part for part in sql):
        joins += " JOIN notes n ON n.id = c.note_id"
    if any("d." in part for part in sql):
        joins += " JOIN decks d ON d.id = c.deck_id"
    return joins


def _is_due(term: Term) -> bool:
    return term.field == "is" and term.value.casefold() == "due"


# The browser's "due" order (``browse_queries.SORTS``), ascending and descending: due cards are never new,
# so within them it is the due time, then the id.
_DUE_ORDERS = {
    "CASE WHEN c.phase = 0 THEN 1 ELSE 0 END, c.due, c.id": False,
    "CASE WHEN c.phase = 0 THEN 1 ELSE 0 END DESC, c.due DESC, c.id DESC": True,
}


def _due_cards_by_due(store: Store, clauses: list[str], params: list[Any], descending: bool, *, now_ts: int,
                      today: int, day_end_ts: int, limit: int | None) -> list[int]:
    """``is:due`` with the other terms' ``clauses``, in due order: one branch per phase that can be due, each a
    range of ``ix_cards_deck_phase_due`` already in (due, id) order, merged by SQLite (``MERGE (UNION ALL)``)
    instead of sorting every due card (2.5 against 4.7 ms for 9,000 of 10,000 cards)."""
    joins = _joins(*clauses)
    where = "".join(f"{clause} AND " for clause in clauses)
    branches, values = [], []
    for phase, before in ((2, day_end_ts), (1, now_ts + 1), (3, now_ts + 1)):
        branches.append(f"SELECT c.id, c.due FROM cards c{joins} WHERE {where}c.phase={phase} AND c.due<? "
                        "AND c.buried_until<? AND NOT c.suspended")
        values += [*params, before, today]
    direction = " DESC" if descending else ""
    statement = " UNION ALL ".join(branches) + f" ORDER BY 2{direction}, 1{direction}"
    if limit is not None:
        statement += f" LIMIT {int(limit)}"
    return id_list(store, statement, values)


def _by_id_alone(order: str) -> bool | None:
    """Whether ``order`` sorts by the card id alone: False ascending, True descending, None another order."""
    parts = {part.strip() for part in order.split(",")}
    if parts == {"c.id"}:
        return False
    if parts == {"c.id DESC"}:
        return True
    return None


# JSON1 is built into SQLite from 3.38 on.
_JSON_IDS = sqlite3.sqlite_version_info >= (3, 38, 0)


def id_list(store: Store, statement: str, params: Sequence[Any] = (), *, numpy_ok: bool = True) -> list[int]:
    """The ``id`` column of ``statement``'s rows (integers; its first column), in its order.

    On SQLite the rows come back as one JSON array built inside SQLite: a search can list 50,000
    cards, and one Python tuple and int per row cost about twice what building and parsing the array
    does. The aggregate reads its subquery in that subquery's order (SQLite does not flatten an
    ordered subquery into an aggregate).
    """
    if store.sqlite and _JSON_IDS:
        rows = store.fetchall(f"SELECT json_group_array(id) FROM ({statement})", params)
        return _json_ids(rows[0][0], numpy_ok=numpy_ok) if rows else []
    return [r[0] for r in store.fetchall(statement, params)]


# Above this many characters (~5,000 ids) numpy reads the array: a C loop into int64 then one list, about half
# what json.loads takes (it builds and checks every token as Python objects first). numpy is imported on the
# first such search only: it costs ~0.1 s, more than the searches below the threshold ever save.
_NUMPY_IDS_CHARS = 32_768


def _json_ids(text: str, *, numpy_ok: bool = True) -> list[int]:
    """The integers of a JSON array of integers (``json_group_array``'s result).

    ``numpy_ok=False``: never numpy (the study queue, built once per process and day, would pay its
    import for a saving of a fraction of a millisecond)."""
    if len(text) < _NUMPY_IDS_CHARS or not numpy_ok:
        ids: list[int] = json.loads(text)
        return ids
    import numpy

    # Only integers come here (card or note ids from SQLite), so the separator split is all there is to parse.
    listed: list[int] = numpy.fromstring(text[1:-1], dtype=numpy.int64, sep=",").tolist()
    return listed


def bring_back_future_cards(store: Store, now_ts: int) -> int:
    """Cards answered while the clock was ahead (their last review is after now): keep the interval the
    answer gave, from now. Without this, correcting a clock that ran years ahead would leave those
    cards out of reach for years. Returns how many cards moved (0 in the usual case, at one index read).
    """
    newest = store.scalar("SELECT max(reviewed_ms) FROM revlog")
    if newest is None or int(newest) <= (now_ts + 86400) * 1000:
        return 0
    with store.transaction() as tx:
        return int(tx.execute(
            "UPDATE cards SET due = ? + (due - last_review), last_review = ? WHERE last_review > ?",
            (now_ts, now_ts, now_ts + 86400)).rowcount)
