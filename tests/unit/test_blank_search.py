"""``is:blank`` finds the notes with a [blank] to fill, and only those (issue #14), on SQLite and PostgreSQL."""

from __future__ import annotations

from flashdeck.collection import Collection
from flashdeck.core.notes import NoteDraft
from flashdeck.core.search import Term, parse_search


def _titles(col: Collection, query: str) -> list[str]:
    rows = col.browse_rows(col.search(query, sort="title"))
    return list(dict.fromkeys(r.title for r in rows))


def test_is_blank_parses() -> None:
    assert parse_search("-is:blank") == [Term("is", "blank", negated=True)]


def test_is_blank_finds_notes_with_blanks_to_fill(any_col: Collection) -> None:
    any_col.add_notes([
        NoteDraft("basic", {"front": "Team size", "back": "We were [how many?] engineers"}),
        NoteDraft("story", {"title": "Migration", "situation": "Late by [N] weeks", "result": "Shipped"}),
        NoteDraft("basic", {"front": "Links only", "back": "See [the docs](https://example.org)"}),
        NoteDraft("basic", {"front": "Tasks", "back": "- [ ] draft\n- [x] send"}),
        NoteDraft("basic", {"front": "Sound", "back": "[sound:intro.mp3]"}),
        NoteDraft("basic", {"front": "Filled", "back": "We were 12 engineers"}),
        NoteDraft("basic", {"front": "Пробел", "back": "Выручка выросла на [сколько?]"}),
    ], deck="Prep")
    assert _titles(any_col, "is:blank") == ["Migration", "Team size", "Пробел"]
    assert _titles(any_col, "-is:blank") == ["Filled", "Links only", "Sound", "Tasks"]
    assert _titles(any_col, "is:blank kind:story") == ["Migration"]
    # A story's three cards all match: the note has the blank.
    assert len(any_col.search("is:blank kind:story")) == len(any_col.search("kind:story"))
    note_id = any_col.browse_rows(any_col.search("is:blank kind:basic team"))[0].note_id
    any_col.update_note(note_id, {"front": "Team size", "back": "We were 9 engineers"})
    assert "Team size" not in _titles(any_col, "is:blank")


def test_is_blank_on_a_collection_without_blanks_is_empty(col: Collection) -> None:
    col.add_notes([NoteDraft("basic", {"front": "Plain", "back": "Nothing to fill"})], deck="Prep")
    assert col.search("is:blank") == []
    assert len(col.search("-is:blank")) == 1
