"""The store's rows by name: each field is the column its SQL selects, on both backends."""

from __future__ import annotations

from flashdeck.collection import Collection
from flashdeck.core.notes import DeckMeta, NoteDraft, ParseResult
from flashdeck.storage.rows import CardAndKind, CardRecord, CardWithNote, DeckOrigin, DeckRow, NoteRow
from flashdeck.storage.store import state_of


def _story_deck(col: Collection) -> None:
    meta = DeckMeta("Прес::Stories", "Mine — 中文", "story", (60, 120), ("lead", "ops"))
    col.import_result(ParseResult("deck", [NoteDraft("pitch", {"label": "Лифт", "text": "Говорю"}, ("p",),
                                                     target=(30, 45))], meta), source="stories.md")
    col.set_deck_limits("Прес::Stories", new_per_day=7, reviews_per_day=70)


def test_deck_rows_name_their_columns(any_col: Collection) -> None:
    _story_deck(any_col)
    (deck,) = any_col.store.deck_rows()
    assert isinstance(deck, DeckRow)
    assert (deck.name, deck.description, deck.default_kind) == ("Прес::Stories", "Mine — 中文", "story")
    assert (deck.target_low, deck.target_high, deck.tags.split()) == (60, 120, ["lead", "ops"])
    assert (deck.new_per_day, deck.reviews_per_day) == (7, 70)
    assert deck.id == any_col.store.deck_id("Прес::Stories")
    assert any_col.store.deck_by_origin("Прес::Stories") == DeckOrigin(deck.id, "Прес::Stories", "Прес::Stories")
    any_col.rename_deck("Прес::Stories", "Истории")
    assert any_col.store.deck_by_origin("Прес::Stories") == DeckOrigin(deck.id, "Истории", "Прес::Stories")


def test_note_and_card_rows_name_their_columns(any_col: Collection) -> None:
    _story_deck(any_col)
    (card_id,) = any_col.search("")
    note = any_col.store.note_row(any_col.card(card_id).note_id)
    assert isinstance(note, NoteRow)
    assert (note.kind, note.title, note.tags.split(), note.target_low, note.target_high) == (
        "pitch", "Лифт", ["p"], 30, 45)
    deck_id = any_col.store.deck_rows()[0].id
    assert note.deck_id == deck_id and note.guid and note.created_ms == note.modified_ms > 0

    record = any_col.store.card_row(card_id)
    with_note = any_col.store.card_with_note(card_id)
    and_kind = any_col.store.card_and_kind(card_id)
    assert isinstance(record, CardRecord) and isinstance(with_note, CardWithNote)
    assert isinstance(and_kind, CardAndKind)
    assert (record.id, record.note_id, record.deck_id, record.ord, record.reps) == (card_id, note.id, deck_id, 0, 0)
    # The card part of each is the same row, which state_of reads by position as before.
    assert tuple(with_note[:len(record)]) == tuple(and_kind[:len(record)]) == tuple(record)
    assert state_of(with_note) == state_of(record)
    assert and_kind.kind == with_note.kind == "pitch"
    assert (with_note.note_target_low, with_note.note_target_high) == (30, 45)
    assert (with_note.deck_target_low, with_note.deck_target_high) == (60, 120)
    assert with_note.tags.split() == ["p"] and '"Говорю"' in with_note.fields
    assert any_col.card(card_id).target == (30, 45)  # the note's window before its deck's


def test_missing_rows_are_none(any_col: Collection) -> None:
    store = any_col.store
    assert store.card_row(404) is None and store.card_with_note(404) is None and store.card_and_kind(404) is None
    assert store.note_row(404) is None and store.deck_by_origin("nowhere") is None
