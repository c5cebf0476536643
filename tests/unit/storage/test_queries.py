"""The read queries (``flashdeck.storage.queries``) against straightforward references.

Searches and deck counts are written for speed: deck names resolved to ids before the card query,
ids returned as one JSON array on SQLite, index-only ranges for the counts, the per-deck tally of
today's reviews skipped where no limit can bind. Each is compared here with the plain form it
replaced — a join with decks per row, rows fetched one by one, the limits always applied — on a
varied collection (several decks and sub-decks, names with LIKE's wildcards and non-Latin letters,
every card state, suspended and buried cards, reviews today), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest

from flashdeck.collection import Collection
from flashdeck.collection.browsing import SORTS, sort_clause
from flashdeck.core.notes import NoteDraft
from flashdeck.core.queue import LEARN_AHEAD_S
from flashdeck.core.scheduling import Rating
from flashdeck.core.search import Term, parse_search
from flashdeck.storage import queries

DECKS = ["Design", "Design::Caching", "Design::Caching::CDN", "Behaviour", "100%_sure", "Собеседование", "Other"]
QUERIES = [
    "", "deck:Design", "deck:design::caching", "deck:D*", "deck:*", "deck:100%_sure", "deck:100__sure",
    "deck:собеседование", "deck:Nowhere", "-deck:Design", "deck:Design -deck:Design::Caching", "is:due",
    "is:new", "is:learning", "is:review", "is:suspended", "is:buried", "is:spoken", "-is:due",
    "deck:Design is:due", "deck:Behaviour is:new", "deck:D* is:review -is:suspended", "tag:infra",
    "-tag:infra deck:Other", "kind:question", "city", "deck:Design city", "cache is:due",
    "deck:Other is:due", "deck:Собеседование is:new",
]


def _reference_sql(term: Term, now_ts: int, today: int, day_end_ts: int) -> tuple[str, list[Any]]:
    """The terms as the search compiled them before: deck names matched per row through a join."""
    value = term.value
    if term.field == "deck":
        pattern = queries._wild(value)
        return "(lower(d.name) LIKE ? ESCAPE '\\' OR lower(d.name) LIKE ? ESCAPE '\\')", [pattern, pattern + "::%"]
    if term.field == "is" and value.casefold() == "due":
        return ("(NOT c.suspended AND c.buried_until<? AND ((c.phase IN (1, 3) AND c.due<=?) "
                "OR (c.phase=2 AND c.due<?)))", [today, now_ts, day_end_ts])
    return queries._term_sql(None, term, now_ts, today, day_end_ts)  # type: ignore[arg-type]


def _reference_search(col: Collection, query: str, order: str) -> list[int]:
    day = col.today()
    now_ts, today = int(col.clock.now().timestamp()), day.date.toordinal()
    clauses, params = [], []
    for term in parse_search(query):
        sql, values = _reference_sql(term, now_ts, today, day.end_ts)
        clauses.append(f"NOT {sql}" if term.negated else sql)
        params += values
    statement = ("SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = c.deck_id "
                 f"WHERE {' AND '.join(clauses) or '1=1'} ORDER BY {order}")
    return [row[0] for row in col.store.fetchall(statement, params)]


def _reference_decks(col: Collection) -> list[tuple[str, int, int, int]]:
    """Every deck's (name, new, learning, review) counted row by row, the daily limits always applied."""
    day, now = col.today(), int(col.clock.now().timestamp())
    limits = col._limits_left()
    out = []
    for deck_id, name, *_ in col.store.deck_rows():
        rows = col.store.fetchall("SELECT phase, due, suspended, buried_until FROM cards WHERE deck_id=?", (deck_id,))
        visible = [(p, due) for p, due, suspended, buried in rows if not suspended and buried < day.date.toordinal()]
        new = sum(1 for p, _ in visible if p == 0)
        learning = sum(1 for p, due in visible if p in (1, 3) and due <= now + LEARN_AHEAD_S)
        review = sum(1 for p, due in visible if p == 2 and due < day.end_ts)
        new_left, review_left = limits[deck_id]
        out.append((name, min(new, new_left), learning, min(review, review_left)))
    return out


@pytest.fixture
def varied(any_col: Collection) -> Collection:
    """Seven decks, four kinds, tags, and every card state, suspended and buried cards, reviews today."""
    col = any_col
    rng = random.Random(16)
    for index, deck in enumerate(DECKS):
        drafts = []
        for i in range(rng.randint(3, 9)):
            tags = tuple(rng.sample(["infra", "star", "sd", "бэкенд"], rng.randint(0, 2)))
            if i % 3 == 0:
                drafts.append(NoteDraft("question", {"prompt": f"Q{index}-{i} city {rng.random()}?",
                                                     "category": "Behavioural"}, tags))
            elif i % 3 == 1:
                drafts.append(NoteDraft("story", {"title": f"S{index}-{i}", "situation": "a cache fell over",
                                                  "result": "city"}, tags))
            else:
                drafts.append(NoteDraft("basic", {"front": f"F{index}-{i} Город", "back": "cache"}, tags))
        col.add_notes(drafts, deck=deck)
    col.set_deck_limits("Design", new_per_day=9999, reviews_per_day=9999)
    # Reviews today, so that the deck list's limits have something to subtract.
    for _ in range(6):
        card = col.next_card()
        assert card is not None
        col.answer(card.id, rng.choice([Rating.AGAIN, Rating.GOOD, Rating.EASY]))
    now = int(col.clock.now().timestamp())
    today = col.today().date.toordinal()
    ids = [r[0] for r in col.store.fetchall("SELECT id FROM cards ORDER BY id")]
    with col.store.transaction() as tx:
        for card_id in ids:
            roll = rng.random()
            if roll < 0.25:
                continue  # as it is (new, or answered above)
            phase = rng.choice([1, 2, 2, 3])
            due = now + rng.choice([-86400 * 3, -60, 0, 60, 600, 3600 * 30, 86400 * 5])
            tx.execute("UPDATE cards SET phase=?, due=?, stability=?, difficulty=?, last_review=?, reps=reps+1, "
                       "suspended=?, buried_until=? WHERE id=?",
                       (phase, due, 3.0, 5.0, now - 86400, rng.random() < 0.15,
                        today if rng.random() < 0.1 else rng.choice([0, today - 1]), card_id))
    col.select_deck(None)
    return col


def test_searches_match_the_plain_query(varied: Collection) -> None:
    col = varied
    assert len(col.search("")) > 40
    for query in QUERIES:
        for sort in SORTS:
            for descending in (False, True):
                expected = _reference_search(col, query, sort_clause(sort, descending))
                assert col.search(query, sort=sort, descending=descending) == expected, (query, sort, descending)
        limited = col.search(query, limit=3)
        assert limited == _reference_search(col, query, sort_clause("created", False))[:3], query


def test_search_results_include_matches_and_only_them(varied: Collection) -> None:
    """Not only the same as before: is:due is what it says, on rows read one by one."""
    col = varied
    day, now = col.today(), int(col.clock.now().timestamp())
    rows = col.store.fetchall("SELECT id, phase, due, suspended, buried_until FROM cards ORDER BY id")
    due = [cid for cid, phase, when, suspended, buried in rows
           if not suspended and buried < day.date.toordinal()
           and ((phase in (1, 3) and when <= now) or (phase == 2 and when < day.end_ts))]
    assert due and len(due) < len(rows)
    assert col.search("is:due") == due
    assert col.search("deck:Nowhere") == []


@pytest.mark.parametrize("limits", [(9999, 9999), (2, 1), (0, 0)])
def test_deck_counts_match_the_plain_count(varied: Collection, limits: tuple[int, int]) -> None:
    """With limits that bind (the per-deck tally of today's reviews applies) and that cannot."""
    col = varied
    for deck in DECKS:
        col.set_deck_limits(deck, new_per_day=limits[0], reviews_per_day=limits[1])
    summaries = col.decks()
    assert [(s.name, s.new, s.learning, s.review) for s in summaries] == _reference_decks(col)
    if limits == (0, 0):
        assert all(s.new == 0 and s.review == 0 for s in summaries)
    else:
        assert sum(s.review for s in summaries) > 0
    total = col.due_counts()
    assert (total.new, total.learning, total.review) == tuple(
        sum(c[i] for c in _reference_decks(col)) for i in (1, 2, 3))


def test_id_list_keeps_the_order_and_handles_no_rows(varied: Collection) -> None:
    col = varied
    statement = "SELECT id FROM cards ORDER BY due DESC, id DESC"
    assert queries.id_list(col.store, statement) == [r[0] for r in col.store.fetchall(statement)]
    assert queries.id_list(col.store, "SELECT id FROM cards WHERE id < 0") == []


def test_long_id_arrays_are_read_like_short_ones(monkeypatch: pytest.MonkeyPatch, varied: Collection) -> None:
    """Past a few thousand ids numpy reads the JSON array: the same integers, as a list of Python ints."""
    rng = random.Random(5)
    ids = [*sorted(rng.sample(range(1, 2**62), 8000)), 0, 1, 2**63 - 1]
    text = "[" + ",".join(map(str, ids)) + "]"
    assert len(text) > queries._NUMPY_IDS_CHARS
    read = queries._json_ids(text)
    assert read == ids and type(read) is list and all(type(i) is int for i in read)
    # The search itself takes that path when its threshold is lowered below its result.
    monkeypatch.setattr(queries, "_NUMPY_IDS_CHARS", 8)
    for query in ("", "is:due", "deck:Design"):
        assert varied.search(query) == _reference_search(varied, query, sort_clause("created", False)), query
        assert varied.search(query, descending=True) == _reference_search(varied, query, sort_clause("created", True))


def test_todays_reviews_are_tallied_per_deck_like_the_grouped_count(varied: Collection) -> None:
    """On SQLite the day's reviews come back as one number each (deck and phase) in one text, counted in Python;
    the tally is the plain GROUP BY's, deck by deck, with reviews in several decks and none before today."""
    col = varied
    for deck in ("Behaviour", "Собеседование", "Other"):
        # New and review cards only: the fixture's learning cards have no learning step to answer from.
        for card_id in (col.search(f"deck:{deck} is:new")[:1] + col.search(f"deck:{deck} is:review")[:2]):
            col.answer(card_id, Rating.GOOD)
    day_start_ms = col.today().start_ts * 1000
    grouped = col.store.fetchall(
        "SELECT c.deck_id, r.phase_before, count(*) FROM revlog r JOIN cards c ON c.id = r.card_id "
        "WHERE r.reviewed_ms >= ? AND r.phase_before IN (0, 2) GROUP BY c.deck_id, r.phase_before",
        (day_start_ms,))
    expected: dict[int, list[int]] = {}
    for deck_id, phase, count in grouped:
        expected.setdefault(deck_id, [0, 0])[0 if phase == 0 else 1] += count
    tally = queries.done_today(col.store, day_start_ms)
    assert len(tally) >= 3
    assert tally == {deck_id: (new, review) for deck_id, (new, review) in expected.items()}
    assert queries.done_today(col.store, day_start_ms + 86400 * 1000) == {}


def _exact_queue_lists(col: Collection, deck_filter: list[int] | None) -> tuple[list[Any], list[int], list[int]]:
    """The queue's lists as built before: today's reviews always tallied per deck, each deck read to its limits."""
    day = col.today()
    found = queries.queue_candidates(col.store, col._limits_left(deck_filter), day.date.toordinal(), day.end_ts)
    learning: list[Any] = []
    review: list[int] = []
    new: list[int] = []
    for deck in found.values():
        learning += deck.learning
        review += deck.review
        new += deck.new
    return learning, review, new


@pytest.mark.parametrize("limits", [(9999, 9999), (3, 2), (1, 9999), (9999, 1), (0, 0)])
def test_the_study_queue_skips_the_per_deck_tally_only_where_no_limit_can_bind(
        varied: Collection, limits: tuple[int, int]) -> None:
    """The queue reads each deck up to its own limits and tallies today's reviews per deck only when a deck
    found more than its limits less every deck's reviews today: the same lists as the exact path, with
    reviews in several decks, limits that bind and limits that cannot, one deck selected and all."""
    col = varied
    for deck in ("Behaviour", "Other", "Design::Caching"):
        for card_id in col.search(f"deck:{deck} is:new")[:2] + col.search(f"deck:{deck} is:review")[:1]:
            col.answer(card_id, Rating.GOOD)
    for deck in DECKS:
        col.set_deck_limits(deck, new_per_day=limits[0], reviews_per_day=limits[1])
    for selected in (None, "Design", "Other"):
        col.select_deck(selected)
        expected = _exact_queue_lists(col, col._deck_filter)
        found = col._queue_candidates(col.today())
        actual: tuple[list[Any], list[int], list[int]] = ([], [], [])
        for deck_candidates in found.values():
            actual[0].extend(deck_candidates.learning)
            actual[1].extend(deck_candidates.review)
            actual[2].extend(deck_candidates.new)
        assert actual == expected, (limits, selected)
        queue = col.counts()
        assert (queue.new, queue.review) == (len(expected[2]), len(expected[1]))
    col.select_deck(None)
    if limits == (9999, 9999):
        assert len(_exact_queue_lists(col, None)[2]) > 0  # the new lane had cards to read


def test_an_interview_date_paces_the_deck_list_as_it_paces_the_queue(any_col: Collection) -> None:
    """A deck with fewer new cards than its own limit still gets the interview date's quota in the deck
    list (the list's count used to skip the quota there, and showed every new card)."""
    col = any_col
    col.add_notes([NoteDraft("basic", {"front": f"Question {i}", "back": "answer"}) for i in range(10)], deck="Pace")
    col.set_deck_limits("Pace", new_per_day=20, reviews_per_day=200)
    col.set_interview_date(col.today().date + timedelta(days=40))
    listed = {deck.name: deck.new for deck in col.decks()}["Pace"]
    assert listed == col.counts().new
    assert 0 < listed < 10


def test_due_cards_in_due_order_come_from_one_branch_per_phase(varied: Collection) -> None:
    """``is:due`` sorted by due merges one index range per phase (learning, review, relearning): the same
    cards in the same order as the plain sorted query, both directions, with other terms and limits."""
    col = varied
    for query in ("is:due", "deck:Design is:due", "cache is:due", "is:due tag:infra", "is:due -deck:Other"):
        for descending in (False, True):
            expected = _reference_search(col, query, sort_clause("due", descending))
            assert col.search(query, sort="due", descending=descending) == expected, (query, descending)
            for limit in (1, 4):
                assert col.search(query, sort="due", descending=descending, limit=limit) == expected[:limit]
    due_ids = ",".join(map(str, col.search("is:due")))
    phases = {row[0] for row in col.store.fetchall(f"SELECT DISTINCT phase FROM cards WHERE id IN ({due_ids})")}
    assert phases == {1, 2, 3}  # every branch has cards to merge


def test_todays_reviews_in_a_deck_with_an_id_beyond_two_to_the_61_are_still_counted(col: Collection) -> None:
    """Deck id × 4 overflows SQLite's integers past 2**61 (a hand-made file; the app numbers decks from 1):
    that day's tally falls back to SQLite's GROUP BY instead of failing on a float. SQLite only: PostgreSQL's
    deck ids are 32-bit and always take the GROUP BY."""
    for deck_id, name in ((2**61 + 1, "Huge"), (-7, "Negative")):
        with col.store.transaction() as tx:
            tx.execute("INSERT INTO decks (id, name, description, tags, new_per_day, reviews_per_day, created_ms) "
                       "VALUES (?, ?, '', '', 20, 200, 0)", (deck_id, name))
        col.add_notes([NoteDraft("basic", {"front": f"In {name}", "back": "a"})], deck=name)
        col.answer(col.search(f"deck:{name}")[0], Rating.GOOD)
    tally = queries.done_today(col.store, col.today().start_ts * 1000)
    assert tally == {2**61 + 1: (1, 0), -7: (1, 0)}
    assert col.counts().new == 0
