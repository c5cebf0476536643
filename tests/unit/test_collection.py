"""The Collection: daily queue, limits, rollover, siblings, undo, flags, search, imports.

Every test runs twice, on SQLite and on PostgreSQL (``any_col``, see conftest).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import basic_notes

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock
from flashdeck.core.notes import ImportFormatError, NoteDraft
from flashdeck.core.scheduling import Phase, Rating


@pytest.fixture
def col(any_col: Collection) -> Collection:
    return any_col


def _answer_all(col: Collection, rating: Rating = Rating.GOOD, limit: int = 10_000) -> list[int]:
    seen = []
    while (card := col.next_card()) is not None and len(seen) < limit:
        col.answer(card.id, rating)
        seen.append(card.id)
    return seen


def _revlog(col: Collection) -> list[tuple[int, int]]:
    return [(r[0], r[1]) for r in col.store.fetchall("SELECT card_id, rating FROM revlog ORDER BY id")]


def test_new_cards_respect_the_daily_limit(col: Collection) -> None:
    col.add_notes(basic_notes(30), deck="D")
    col.set_deck_limits("D", new_per_day=5, reviews_per_day=100)
    assert col.counts().new == 5
    assert col.due_counts("D").new == 5
    first = col.next_card()
    assert first is not None
    col.answer(first.id, Rating.EASY)  # straight to review: no learning step today
    assert col.counts().new == 4
    # The limit counts what was introduced today, also after reopening.
    col.select_deck(None)
    assert col.counts().new == 4


def test_review_limit_and_order(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(6), deck="D")
    _answer_all(col, Rating.EASY)
    clock.advance(days=60)
    col.set_deck_limits("D", new_per_day=20, reviews_per_day=4)
    counts = col.counts()
    assert (counts.new, counts.learning, counts.review) == (0, 0, 4)
    card = col.next_card()
    assert card is not None and card.queue == "review"


def test_learning_first_then_reviews_then_new(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(2, "old"), deck="D")
    _answer_all(col, Rating.EASY)
    clock.advance(days=30)
    col.add_notes(basic_notes(2, "new"), deck="D")
    order = []
    while (card := col.next_card()) is not None:
        order.append(card.queue)
        col.answer(card.id, Rating.AGAIN if card.queue == "review" and "learning" not in order else Rating.EASY)
        if len(order) > 10:
            break
    assert order[0] == "review"
    first_new = order.index("new")
    assert all(q in ("review", "learning") for q in order[:first_new])


def test_learning_card_returns_when_due(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="D")
    card = col.next_card()
    assert card is not None
    after = col.answer(card.id, Rating.AGAIN).state
    assert after.phase == Phase.LEARNING
    assert col.counts().learning == 1
    clock.set(clock.now().fromtimestamp(after.due, clock.now().tzinfo))
    again = col.next_card()
    assert again is not None and again.id == card.id and again.queue == "learning"


def test_day_rollover_brings_due_reviews(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="D")
    card = col.next_card()
    assert card is not None
    after = col.answer(card.id, Rating.EASY).state
    due = clock.now().fromtimestamp(after.due, clock.now().tzinfo)
    assert due.hour == 10 and due.date() > clock.now().date()
    assert col.next_card() is None
    # A review is due for the whole study day it falls in: from 04:00, not from 10:00.
    clock.set(due.replace(hour=3, minute=59))
    assert col.next_card() is None
    clock.set(due.replace(hour=4, minute=0))
    shown = col.next_card()
    assert shown is not None and shown.queue == "review"


def test_day_start_hour_is_configurable(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="D")
    assert col.today().start.hour == 4
    col.set_day_start_hour(6)
    assert col.today().start.hour == 6


def test_siblings_are_buried_after_one_is_answered(col: Collection, clock: ManualClock) -> None:
    story = NoteDraft("story", {"title": "Outage", "situation": "S", "anchor": "cut 40%", "use_for": "failure"})
    col.add_notes([story], deck="D")
    cards = col.search("deck:D")
    assert len(cards) == 3
    assert col.counts().new == 3
    first = col.next_card()
    assert first is not None
    col.answer(first.id, Rating.GOOD)
    assert col.counts().new == 0
    assert sorted(col.search("is:buried")) == sorted(c for c in cards if c != first.id)
    # Buried for the rest of the day only.
    clock.advance(days=1)
    col.select_deck(None)
    assert col.search("is:buried") == []
    assert col.counts().new == 2


def test_undo_restores_state_exactly(col: Collection) -> None:
    col.add_notes([NoteDraft("story", {"title": "T", "situation": "S", "anchor": "A"})], deck="D")
    before_rows = col.store.fetchall("SELECT * FROM cards ORDER BY id")
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.HARD, duration_ms=4200)
    assert col.store.scalar("SELECT duration_ms FROM revlog") == 4200
    entry = col.undo()
    assert entry is not None and entry.label == "answer"
    assert col.store.fetchall("SELECT * FROM cards ORDER BY id") == before_rows
    assert col.store.scalar("SELECT count(*) FROM revlog") == 0
    again = col.next_card()
    assert again is not None and again.id == card.id
    assert col.undo() is None
    assert col.check() == []


def test_undo_of_a_review_after_several(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(1), deck="D")
    card_id = col.search("deck:D")[0]
    for _ in range(3):
        col.answer(card_id, Rating.GOOD)
        clock.advance(days=3)
    snapshot = col.store.fetchall("SELECT * FROM cards")
    col.answer(card_id, Rating.AGAIN)
    assert col.store.scalar("SELECT lapses FROM cards") == 1
    col.undo()
    assert col.store.fetchall("SELECT * FROM cards") == snapshot
    assert col.store.scalar("SELECT count(*) FROM revlog") == 3


def test_suspend_bury_and_their_undo(col: Collection) -> None:
    col.add_notes(basic_notes(3), deck="D")
    a, b, c = col.search("deck:D")
    col.suspend([a])
    assert col.search("is:suspended") == [a]
    assert col.counts().new == 2
    col.bury([b])
    assert col.search("is:buried") == [b]
    assert col.counts().new == 1
    col.undo()
    assert col.search("is:buried") == []
    col.unsuspend([a])
    assert col.search("is:suspended") == []
    col.suspend([c])
    col.undo()
    assert col.search("is:suspended") == []
    col.bury([c])
    col.unbury([c])
    assert col.counts().new == 3


def test_search_language(col: Collection) -> None:
    col.add_notes([NoteDraft("basic", {"front": "Caching layers", "back": "CDN"}, ("sd", "infra"))], deck="Design")
    col.add_notes([NoteDraft("basic", {"front": "Conflict", "back": "peer"}, ("bhv",))], deck="Design::Sub")
    col.add_notes([NoteDraft("question", {"prompt": "Why us?", "category": "Behavioural"})], deck="Other")
    assert len(col.search("deck:Design")) == 2  # with its sub-deck
    assert len(col.search("deck:design::sub")) == 1
    assert len(col.search("deck:D*")) == 2
    assert len(col.search("tag:infra")) == 1
    assert len(col.search("-tag:infra")) == 2
    assert len(col.search("kind:question")) == 1
    assert len(col.search("cdn")) == 1
    assert len(col.search('"why us"')) == 1
    assert len(col.search("is:new")) == 3
    assert len(col.search("is:due")) == 0
    assert len(col.search("is:spoken")) == 1
    with pytest.raises(ValueError):
        col.search("is:nonsense")


def test_bulk_add_is_one_transaction_and_counts(col: Collection) -> None:
    report = col.add_notes(basic_notes(2000), deck="Big")
    assert report.added == 2000
    assert col.stats().cards == 2000
    again = col.add_notes(basic_notes(2000), deck="Big")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2000)


def test_reimport_of_edited_notes_keeps_history(col: Collection, tmp_path: Path) -> None:
    deck = tmp_path / "d.md"
    deck.write_text("---\ndeck: D\n---\n\n## One\n\n### Back\n\nfirst\n\n## Two\n\n### Back\n\nsecond\n")
    assert col.import_file(deck).added == 2
    card = col.next_card()
    assert card is not None
    col.answer(card.id, Rating.GOOD)
    state = col.store.fetchall("SELECT phase, stability, reps FROM cards WHERE id=?", (card.id,))
    deck.write_text("---\ndeck: D\n---\n\n## One\n\n### Back\n\nfirst, edited\n")
    report = col.import_file(deck)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 0)
    assert report.missing == ["Two"]
    assert col.stats().notes == 2  # nothing deleted
    assert col.store.fetchall("SELECT phase, stability, reps FROM cards WHERE id=?", (card.id,)) == state
    assert col.store.scalar("SELECT count(*) FROM revlog") == 1
    note = col.note(card.note_id)
    assert note.fields["back"] in ("first, edited", "second")


def test_failed_import_writes_nothing(col: Collection, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ndeck: D\n---\n\n## Fine\n\n### Back\n\nok\n\n## Broken\n\n### Nope\n\nx\n")
    before = col.store.fetchall("SELECT count(*) FROM notes")
    with pytest.raises(ImportFormatError) as info:
        col.import_file(bad)
    assert str(info.value).startswith(f"{bad}:13:")
    assert col.store.fetchall("SELECT count(*) FROM notes") == before
    assert col.deck_names() == []


def test_dry_run_writes_nothing(col: Collection, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("front,back\nA,1\nB,2\n")
    report = col.import_file(path, dry_run=True)
    assert report.added == 2 and report.dry_run
    assert col.stats().notes == 0
    assert [n["title"] for n in report.notes] == ["A", "B"]


def test_edit_note_adds_cards_for_filled_templates(col: Collection) -> None:
    col.add_notes([NoteDraft("story", {"title": "T", "situation": "S"})], deck="D")
    assert len(col.search("deck:D")) == 1
    note_id = col.card(col.search("deck:D")[0]).note_id
    col.update_note(note_id, {"title": "T", "situation": "S", "anchor": "saved 2h/week"})
    assert len(col.search("deck:D")) == 2
    assert col.note(note_id).fields["anchor"] == "saved 2h/week"
    assert col.check() == []


def test_export_is_canonical(col: Collection, tmp_path: Path) -> None:
    from helpers import REPO

    source = REPO / "decks" / "behavioural-star.md"
    report = col.import_file(source)
    exported = col.export_deck(report.deck)
    assert exported == source.read_text(encoding="utf-8")


def test_targets_for_spoken_cards(col: Collection) -> None:
    col.add_notes([NoteDraft("pitch", {"label": "30-second pitch", "text": "Hi"}),
                   NoteDraft("story", {"title": "T", "situation": "S"}),
                   NoteDraft("question", {"prompt": "Design a cache", "category": "System design"})], deck="D")
    targets = {col.card(cid).kind: col.card(cid).target for cid in col.search("deck:D")}
    assert targets == {"pitch": (25, 35), "story": (120, 180), "question": None}


def test_check_finds_broken_invariants(col: Collection) -> None:
    col.add_notes(basic_notes(2), deck="D")
    assert col.check() == []
    with col.store.transaction() as conn:
        conn.execute("UPDATE cards SET reps = 3 WHERE id = 1")
        conn.execute("UPDATE notes SET fields = 'nope' WHERE id = 2")
    problems = col.check()
    assert any("card 1: 3 repetitions but 0" in p for p in problems)
    assert any("note 2: fields are not valid JSON" in p for p in problems)


def test_settings_persist(any_db: str, clock: ManualClock) -> None:
    from flashdeck.core.scheduling import SchedulerSettings

    with Collection.open(any_db, clock=clock, fuzz=False) as col:
        col.set_scheduler_settings(SchedulerSettings(desired_retention=0.85, maximum_interval=30))
    with Collection.open(any_db, clock=clock) as col:
        assert col.scheduler.settings.desired_retention == 0.85
        assert col.scheduler.settings.maximum_interval == 30
        assert json.loads(col.store.scalar("SELECT value FROM config WHERE key='scheduler'"))["enable_fuzzing"]


def test_browse_sorting_and_rows(col: Collection, clock: ManualClock) -> None:
    col.add_notes(basic_notes(5), deck="D")
    ids = col.search("deck:D")
    col.answer(ids[2], Rating.EASY)
    col.answer(ids[4], Rating.AGAIN)
    col.answer(ids[4], Rating.AGAIN)
    by_interval = col.search("deck:D", sort="interval", descending=True)
    assert by_interval[0] == ids[2]
    assert col.search("deck:D", sort="due")[-3:] == [ids[0], ids[1], ids[3]]  # new cards last
    rows = col.browse_rows([ids[4], ids[2]])
    assert [r.card_id for r in rows] == [ids[4], ids[2]]
    assert rows[0].deck == "D" and rows[0].kind == "basic" and rows[0].title == "Q4 front"
    assert rows[1].interval_days is not None and rows[1].interval_days > 1
    with pytest.raises(ValueError):
        col.search("", sort="colour")


def test_kind_targets_from_settings_override_the_default(col: Collection) -> None:
    col.add_notes([NoteDraft("story", {"title": "T", "situation": "S"})], deck="D")
    card_id = col.search("deck:D")[0]
    assert col.card(card_id).target == (120, 180)
    col.set_config("kind_targets", {"story": [90, 150]})
    assert col.card(card_id).target == (90, 150)
