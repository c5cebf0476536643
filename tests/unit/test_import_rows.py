"""New notes whose rows are made a column at a time (``collection.new_rows``) and inserted many rows a
statement: the rows, cards and ids are what one note at a time makes. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.collection import Collection
from flashdeck.collection.new_rows import _columns, fields_json_column
from flashdeck.core.clock import ManualClock
from flashdeck.core.kinds import kind_by_name
from flashdeck.core.notes import DeckMeta, NoteDraft, ParseResult, derive_guid
from flashdeck.storage.store import _ROWS_PER_INSERT, AS_STORED


@pytest.fixture
def col(any_col: Collection) -> Iterator[Collection]:
    yield any_col


def _stored(col: Collection) -> list[tuple[object, ...]]:
    return col.store.fetchall("SELECT n.id, n.guid, n.kind, n.title, n.fields, n.tags, n.search_text, n.target_low, "
                              "n.target_high, n.created_ms, n.modified_ms, n.imported, d.name FROM notes n "
                              "JOIN decks d ON d.id = n.deck_id ORDER BY n.id")


def _expected(drafts: list[NoteDraft], deck: str, first_id: int, now_ms: int, imported: str | None
              ) -> list[tuple[object, ...]]:
    """Each draft's row as the writer's loop makes it, value by value."""
    return [(first_id + i, derive_guid(deck, d.kind, d.title), d.kind, d.title,
             json.dumps(d.fields, ensure_ascii=False, sort_keys=True), f" {' '.join(d.tags)} " if d.tags else "",
             "\n".join(d.fields.values()).casefold(), *(d.target or (None, None)), now_ms, now_ms, imported, deck)
            for i, d in enumerate(drafts)]


def _cards(col: Collection) -> list[tuple[object, ...]]:
    return col.store.fetchall("SELECT c.id, c.note_id, c.ord, d.name FROM cards c JOIN decks d ON d.id = c.deck_id "
                              "ORDER BY c.id")


@pytest.mark.parametrize("count", [1, _ROWS_PER_INSERT - 1, _ROWS_PER_INSERT, 2 * _ROWS_PER_INSERT + 57])
def test_alike_notes_are_the_rows_and_cards_one_at_a_time_makes(col: Collection, clock: ManualClock,
                                                                 count: int) -> None:
    """Notes of one kind, field names, tags and target: every row and card as the loop would make them, ids
    following the notes already there, statements of many rows and the rest a row at a time."""
    col.add_notes([NoteDraft("basic", {"front": "Already here", "back": "x"})], deck="Other")
    drafts = [NoteDraft("story", {"title": f"Story {i} — Zürich \"quoted\" \\ back\\slash",
                                  "situation": f"Line one\nline\ttwo {i} ÉTÉ 中文 %s {{}}",
                                  "result": f"-{i}%"}, ("star", "zürich"), target=(60, 120))
              for i in range(count)]
    col.import_result(ParseResult("star", drafts, DeckMeta("Stories")), source="stories.md")
    now_ms = int(clock.now().timestamp() * 1000)
    stored = _stored(col)
    assert stored[1:] == _expected(drafts, "Stories", 2, now_ms, AS_STORED)
    ordinals = [o for o, _t in kind_by_name("story").templates_for(drafts[0].fields)]
    assert len(ordinals) == 1
    assert _cards(col)[1:] == [(2 + i, 2 + i, ordinals[0], "Stories") for i in range(count)]


def test_alike_notes_without_a_card_and_notes_of_the_api(col: Collection, clock: ManualClock) -> None:
    """Notes of one field alone; notes typed in the app keep no "as imported"; a note of another
    field set among them sends the plan through the loop, with the same rows."""
    fronts = [NoteDraft("basic", {"front": f"Only a front {i}"}) for i in range(150)]
    col.import_result(ParseResult("csv", fronts, DeckMeta("Fronts")), source="fronts.csv")
    typed = [NoteDraft("basic", {"front": f"Typed {i}", "back": f"Answer {i}"}, ("mine",)) for i in range(120)]
    col.add_notes(typed, deck="Typed")
    mixed = [NoteDraft("basic", {"front": f"Mixed {i}", "back": "b"} if i != 77 else {"front": f"Mixed {i}"})
             for i in range(130)]
    col.import_result(ParseResult("csv", mixed, DeckMeta("Mixed")), source="mixed.csv")
    now_ms = int(clock.now().timestamp() * 1000)
    assert _stored(col) == (_expected(fronts, "Fronts", 1, now_ms, AS_STORED)
                            + _expected(typed, "Typed", 151, now_ms, None)
                            + _expected(mixed, "Mixed", 271, now_ms, AS_STORED))
    expected = [(row[0], ordinal, row[12]) for row in _stored(col)
                for ordinal, _tpl in kind_by_name(str(row[2])).templates_for(json.loads(str(row[4])))]
    assert [row[1:] for row in _cards(col)] == expected
    assert [row[0] for row in _cards(col)] == list(range(1, len(expected) + 1))


_TEXT = st.text(st.sampled_from(['a', 'Z', ' ', '"', '\\', '\n', '\t', '\r', '\x00', '\x1f', '\x7f', 'é', '中', '%',
                                 '{', '\u2028', '\ud800', '😀']), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["front", "back", "notes", "ä", "%s", '"q"', "z\n"]), min_size=1, max_size=4,
                unique=True).flatmap(lambda names: st.tuples(st.just(tuple(names)), st.lists(
                    st.fixed_dictionaries({name: _TEXT for name in names}), min_size=1, max_size=5))))
def test_the_fields_json_column_is_json_dumps(case: tuple[tuple[str, ...], list[dict[str, str]]]) -> None:
    names, rows = case
    rows = [{name: row[name] for name in names} for row in rows]  # (the dicts' order: the names')
    assert fields_json_column(_columns(rows, names), names) == [json.dumps(row, ensure_ascii=False, sort_keys=True)
                                                                for row in rows]


def test_alike_notes_are_planned_as_a_dry_run_plans_them(col: Collection, tmp_path: Path) -> None:
    """A real import plans alike notes a column at a time, a dry run (which lists the notes) one by one:
    the same ids, blanks and counts; two notes of one title, or a deck named by the rows, go one by one."""
    lines = [f"Question {i} [with a blank]?\tAnswer {i} [[another]] [x]\n" if i % 7 == 0 else
             f"Question {i}: Zürich, C# & 40%?\tAnswer {i}\n" for i in range(300)]
    for name, text in (("alike.tsv", "".join(lines)), ("twins.tsv", "".join(lines) + lines[3]),
                       ("decks.tsv", "#deck column:3\n" + "".join(f"Q {i}\tA {i}\tDeck {i % 2}\n" for i in range(50)))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        deck = None if name == "decks.tsv" else f"Planned {name}"
        dry = col.import_file(path, deck=deck, dry_run=True)
        real = col.import_file(path, deck=deck)
        assert {**real.to_dict(), "dry_run": True} == dry.to_dict()
        assert real.added == len(dry.notes) and (name != "alike.tsv" or len(real.blanks) == 43)
        stored = {row[0] for row in col.store.fetchall("SELECT guid FROM notes")}
        assert {note["id"] for note in dry.notes} <= stored
