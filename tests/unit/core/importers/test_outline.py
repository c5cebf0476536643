"""Outline notes: one card per heading section, nothing dropped silently."""

from __future__ import annotations

import pytest
from helpers import DATA as TEST_DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.importers import outline
from flashdeck.core.notes import ImportFormatError, ParseResult

DATA = TEST_DATA / "outline"


def _parse(name: str) -> ParseResult:
    return outline.parse((DATA / name).read_text(encoding="utf-8"), source=name)


def _fronts(result: ParseResult) -> list[str]:
    return [note.fields["front"] for note in result.notes]


def test_single_top_heading_names_the_deck_and_bullets_keep_indentation() -> None:
    result = _parse("prep_notes.md")
    assert result.format == "outline"
    assert result.deck.name == "Interview prep notes"
    assert _fronts(result) == [
        "Company research",
        "Questions I might get › Why do you want to work here?",  # closing hashes gone
        "Questions I might get › Biggest weakness",
        "Logistics",
    ]
    back = result.notes[0].fields["back"]
    # Nested bullets are written four spaces deep (every Markdown dialect nests them so), and "*"/"+"
    # bullets as "-": the same notes whether the outline came as text, Word or a web page.
    assert "    - Time tracking\n        - Mobile clock-in is the newest feature" in back
    assert "- Competitors worth naming\n- Their engineering blog posts weekly" in back
    assert result.notes[1].fields["back"].startswith("1. The product serves")
    assert all(note.kind == "basic" for note in result.notes)


def test_every_heading_without_a_note_is_explained() -> None:
    warnings = "\n".join(_parse("prep_notes.md").warnings)
    assert "prep_notes.md:1: 'Interview prep notes' is the document title" in warnings
    assert "prep_notes.md:13: 'Questions I might get' has no text of its own" in warnings
    assert "prep_notes.md:22: 'Logistics' has nothing under it" in warnings


def test_stray_text_and_deep_nesting() -> None:
    result = _parse("stray_and_deep.md")
    assert result.deck.name is None  # two top-level headings: no document title
    assert _fronts(result) == [
        "Stray and deep",
        "System design › Caching › Write-through",
        "System design › Caching › Write-through › When it hurts",
        "System design › Caching › Write-back",
        "Behavioural",
        "Behavioural › Conflict",
        "Behavioural › Failure",
    ]
    stray = result.notes[0]
    assert stray.line == 1
    assert stray.fields["back"].endswith("bring [printed copies] of the portfolio.")
    assert result.notes[2].fields["back"] == "- Write-heavy workloads\n    - every write pays twice"
    assert "Conflict" in result.notes[5].fields["front"] and "back" not in result.notes[5].fields
    assert any("text before the first heading became the note 'Stray and deep'" in w for w in result.warnings)
    assert any("'Caching' has no text of its own" in w for w in result.warnings)


def test_setext_headings_and_duplicate_titles() -> None:
    result = _parse("setext.txt")
    assert _fronts(result) == ["Salary conversation", "Questions to ask them", "Closing", "Closing (2)"]
    assert result.notes[3].line == 16
    assert any("a second note titled 'Closing'" in w for w in result.warnings)


def test_headingless_text_becomes_one_note_named_from_the_file() -> None:
    result = _parse("bullets_only.txt")
    assert _fronts(result) == ["Bullets only"]
    assert result.notes[0].fields["back"].startswith("- Arrive ten minutes early")
    assert any("has no headings" in w for w in result.warnings)


def test_unnamed_source_takes_the_front_from_the_first_line() -> None:
    result = outline.parse("- first point here\n- second\n")
    assert _fronts(result) == ["first point here"]


def test_headings_in_code_fences_and_a_rule_under_a_paragraph_stay_text() -> None:
    text = "# Tools\n```\n# not a heading\n```\nParagraph one\nstill one\n---\nafter\n"
    result = outline.parse(text)
    assert _fronts(result) == ["Tools"]
    back = result.notes[0].fields["back"]
    assert "```\n# not a heading\n```" in back
    # "---" under a paragraph of two lines is a rule (no heading); the text on both sides is kept.
    assert back.endswith("Paragraph one still one\n\nafter")


def test_front_matter_is_read_as_settings() -> None:
    result = outline.parse("---\ntitle: My prep\n---\n## A\nx\n## B\ny\n")
    assert result.deck.name == "My prep"
    assert _fronts(result) == ["A", "B"]
    assert any("read as settings" in w for w in result.warnings)


def test_empty_document_is_an_error() -> None:
    with pytest.raises(ImportFormatError):
        outline.parse("\n  \n", source="empty.md")


def test_detect_is_a_small_fallback_score() -> None:
    assert outline.detect("# Heading\ntext") == 3
    assert outline.detect("- a\n- b") == 2
    assert outline.detect("plain prose") == 1
    assert outline.detect("") == 0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["# A", "## B ##", "### C", "===", "---", "- x", "  * y", "1. z", "```", "", "#"]
            ),
            st.text(max_size=40),
        ),
        max_size=30,
    )
)
def test_fuzz_parse_returns_result_or_format_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        result = outline.parse(text)
    except ImportFormatError:
        return
    assert all(note.fields["front"] for note in result.notes)
    assert 0 <= outline.detect(text) <= 3
