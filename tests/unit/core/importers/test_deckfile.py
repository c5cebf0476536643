"""The native deck file: parsing, errors with lines, and byte-exact round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.importers import deckfile, detect_format
from flashdeck.core.kinds import KINDS
from flashdeck.core.notes import DeckMeta, ImportFormatError, NoteDraft

DECK = """---
deck: Stories
description: My best stories.
kind: story
target: 2:00-3:00
tags: star, mine
---

## Saved the launch
<!-- id: launch; tags: outage -->

### Situation

Two days before launch the build broke.

### Task

Get it green.

## A note with body text
<!-- kind: basic -->

Just the back, written under the heading.
"""


def test_parse_header_and_notes() -> None:
    result = deckfile.parse(DECK, "stories.md")
    assert result.deck == DeckMeta("Stories", "My best stories.", "story", (120, 180), ("star", "mine"))
    first, second = result.notes
    assert first.kind == "story" and first.guid == "launch" and first.line == 9
    assert first.fields == {
        "title": "Saved the launch",
        "situation": "Two days before launch the build broke.",
        "task": "Get it green.",
    }
    assert first.tags == ("star", "mine", "outage")
    assert second.kind == "basic"
    assert second.fields["back"] == "Just the back, written under the heading."


def test_detected_from_content() -> None:
    assert detect_format(DECK, "whatever.txt") == "deck"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ndeck: X\ncolour: red\n---\n", 3, "unknown header line"),
        ("---\ndeck: X\n", 1, "never closed"),
        ("---\ndeck: X\nkind: story\n---\n\n## T\n\n### Situaton\n\nx\n", 8, "unknown field 'Situaton'"),
        ("---\ndeck: X\n---\n\n## A\n<!-- colour: red -->\n", 6, "unknown note setting"),
        ("---\ndeck: X\n---\n\n## A\n\n### Back\n\nx\n\n## A\n\n### Back\n\ny\n", 11, "same title"),
        ("---\ndeck: X\nkind: nope\n---\n", 1, "unknown kind"),
        ("---\ndeck: X\n---\n\n## A\n<!-- target: soon -->\n", 5, "not a time window"),
    ],
)
def test_errors_name_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        deckfile.parse(text, "bad.md")
    assert info.value.line == line
    assert str(info.value).startswith(f"bad.md:{line}: ")
    assert message in str(info.value)


def test_canonical_round_trip() -> None:
    result = deckfile.parse(DECK, "stories.md")
    canonical = deckfile.write_deck(result.deck, result.notes)
    again = deckfile.parse(canonical, "stories.md")
    assert deckfile.write_deck(again.deck, again.notes) == canonical
    assert [n.fields for n in again.notes] == [n.fields for n in result.notes]


@pytest.mark.parametrize("path", sorted((REPO / "decks").glob("*.md")), ids=lambda p: p.name)
def test_bundled_decks_are_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = deckfile.parse(text, str(path))
    assert result.warnings == []
    assert deckfile.write_deck(result.deck, result.notes) == text


def test_bundled_decks_are_big_enough() -> None:
    total = sum(len(deckfile.parse(p.read_text(), str(p)).notes) for p in (REPO / "decks").glob("*.md"))
    assert total >= 60


# Field values as the Collection stores them: stripped, non-empty.
_value = st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\r") | st.just("\n"),
                 min_size=1, max_size=60).map(str.strip).filter(bool)
_line = st.sampled_from(["## heading", "### field", "\\## escaped", "#", "##", "- bullet", "<!-- id: x -->", "---"])
_body = st.lists(_value | _line, min_size=1, max_size=4).map("\n".join).map(str.strip).filter(bool)


@st.composite
def _notes(draw: st.DrawFn) -> list[NoteDraft]:
    notes = []
    for index in range(draw(st.integers(1, 4))):
        kind = KINDS[draw(st.sampled_from(sorted(KINDS)))]
        fields = {kind.title_field: draw(_value) + f" {index}"}
        for name in kind.field_names[1:]:
            if draw(st.booleans()):
                fields[name] = draw(_body)
        tags = tuple(draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), max_size=3, unique=True)))
        slug = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
        guid = draw(st.one_of(st.none(), slug.map(lambda s, i=index: f"{s}{i}")))
        notes.append(NoteDraft(kind.name, fields, tags, guid))
    return notes


@settings(max_examples=300, deadline=None)
@given(notes=_notes(), default_kind=st.sampled_from(sorted(KINDS)))
def test_export_import_export_is_identical(notes: list[NoteDraft], default_kind: str) -> None:
    meta = DeckMeta("Fuzz deck", "desc", default_kind, None, ("t1",))
    first = deckfile.write_deck(meta, notes)
    parsed = deckfile.parse(first, "fuzz.md")
    assert [n.fields for n in parsed.notes] == [n.fields for n in notes]
    assert deckfile.write_deck(parsed.deck, parsed.notes) == first


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        deckfile.parse(text, "fuzz.md")
    except ImportFormatError as err:
        assert str(err).startswith("fuzz.md")
