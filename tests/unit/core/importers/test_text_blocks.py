"""Text → the document model: the heading, label, list and toggle styles of hand-written notes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.document import Block, BlockKind
from flashdeck.core.importers.text_blocks import label_of_line, text_document


def _blocks(text: str) -> list[Block]:
    return text_document(text, "t.md").blocks


def _shape(text: str) -> list[tuple[str, int, str]]:
    return [(b.kind.value, b.level, b.label or b.text) for b in _blocks(text)]


def test_every_heading_style() -> None:
    text = ("# One\n\n##Two\n\n###Vision alignment points###:\n\n## Closing hashes ##\n\n**Bold only**\n\n"
            "ALL CAPS LINE\n\n#Closing\n\n#interview #prep\n\n#todo\n")
    headings = [(b.text, b.level, b.label) for b in _blocks(text) if b.kind is BlockKind.HEADING]
    assert headings == [
        ("One", 1, ""), ("Two", 2, ""), ("Vision alignment points", 3, ""), ("Closing hashes", 2, ""),
        # Below the deepest "#" heading; an ALL-CAPS line ranks above a bold one.
        ("Bold only", 5, "bold"), ("ALL CAPS LINE", 4, "caps"), ("Closing", 1, ""),
    ]
    texts = [b.text for b in _blocks(text) if b.kind is BlockKind.PARAGRAPH]
    assert texts == ["#interview #prep", "#todo"]  # hashtags are text


def test_labels_in_their_common_spellings() -> None:
    assert _shape("Situation: we had a problem\n**Task:** fix it\n**Action**: I did\nQ: Why?\nWhy it works:\n") == [
        ("label", 0, "Situation"), ("label", 0, "Task"), ("label", 0, "Action"), ("label", 0, "Q"),
        ("label", 0, "Why it works"),
    ]
    assert [b.text for b in _blocks("Situation: we had a problem\nthat spread to two teams.\nTask: x\n")] == [
        "we had a problem that spread to two teams.", "x"]  # a wrapped value joins its label
    for prose in ("The reason it failed was simple: no tests.", "https://example.com: the site", "10:30 standup",
                  "See [1]: a note"):
        assert label_of_line(prose) is None, prose
    assert label_of_line("Вопрос: почему?") is not None and label_of_line("问题: 为什么") is not None


def test_lists_nest_and_keep_numbers_and_boxes() -> None:
    text = ("1. first\n2. second\n   - nested\n     - deeper\n- [x] done\n- [ ] open\n☐ glyph box\n"
            "☑ ticked glyph\n• dot\n")
    items = [(b.text, b.level, b.ordered, b.number, b.checked) for b in _blocks(text)]
    assert items == [
        ("first", 0, True, 1, None), ("second", 0, True, 2, None), ("nested", 1, False, None, None),
        ("deeper", 2, False, None, None), ("done", 0, False, None, True), ("open", 0, False, None, False),
        ("glyph box", 0, False, None, False), ("ticked glyph", 0, False, None, True), ("dot", 0, False, None, None),
    ]


def test_toggles_answer_nested_under_their_question() -> None:
    notion = "- What motivates you?\n\n    Shipping things people use.\n"
    pasted = "• Why this role?\nBecause the team owns its data.\n• Next one?\n"
    details = "<details>\n<summary>How do you onboard?</summary>\nRead the pipeline first.\n</details>\n"
    for text in (notion, pasted, details):
        blocks = _blocks(text)
        assert (blocks[0].kind, blocks[0].level) == (BlockKind.ITEM, 0), text
        assert (blocks[1].kind, blocks[1].level) == (BlockKind.PARAGRAPH, 1), text


def test_a_short_line_over_text_or_a_list_stands_alone() -> None:
    assert _shape("Why this company\n- mission\n- team\n") == [
        ("label", 0, "Why this company"), ("item", 0, "mission"), ("item", 0, "team")]
    assert _shape("S - Situation\nThe situation was tense.\n(T) Keep it calm.\n") == [
        ("paragraph", 0, "S - Situation"), ("paragraph", 0, "The situation was tense."),
        ("paragraph", 0, "(T) Keep it calm.")]
    # Wrapped prose stays one paragraph.
    assert _shape("We moved the batch job to a replica so the\nreports stopped blocking writes.\n") == [
        ("paragraph", 0, "We moved the batch job to a replica so the reports stopped blocking writes.")]


def test_pasted_text_after_a_list_is_a_paragraph_not_the_last_item() -> None:
    assert _shape("- one\n- two.\nThen a new paragraph.\n") == [
        ("item", 0, "one"), ("item", 0, "two."), ("paragraph", 0, "Then a new paragraph.")]
    assert _shape("- a point that wraps\nonto the next line\n") == [
        ("item", 0, "a point that wraps onto the next line")]


def test_tables_code_and_front_matter() -> None:
    doc = text_document("---\ntitle: My prep\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n# code\n```\n", "t.md")
    assert doc.meta == {"title": "My prep"} and doc.meta_lines == 3
    rows = [b.cells for b in doc.blocks if b.kind is BlockKind.ROW]
    assert rows == [("a", "b"), ("1", "2")]
    assert doc.blocks[-1].text == "```\n# code\n```"


def test_every_block_knows_its_line_in_the_users_file() -> None:
    text = "- item.\nPasted after.\n\n| a |\n|---|\n\nQ: one\nA: two\n"
    assert [(b.where.line, b.text) for b in _blocks(text)] == [
        (1, "item."), (2, "Pasted after."), (4, "a"), (7, "one"), (8, "two")]


def test_deep_nesting_is_capped_not_dropped() -> None:
    text = "".join("  " * i + f"- level {i}\n" for i in range(300)) + ">" * 100 + " quoted\n\nafter\n"
    texts = [b.text for b in _blocks(text)]
    assert texts[:3] == ["level 0", "level 1", "level 2"] and "level 299" in texts
    assert texts[-2:] == ["quoted", "after"]


_WORDS = ["Situation", "task", "why", "Q", "A", "I", "led", "the", "team", "é", "日本", "Почему", "40%", "x"]
_PREFIXES = ["", "", "- ", "* ", "1. ", "  - ", "    ", "## ", "#", "**", "• ", "> ", "| ", "(S) ", "S: ", "```"]
_SUFFIXES = ["", "", ":", "?", ".", "**", " -", " |", "###:"]
_line = st.tuples(st.sampled_from(_PREFIXES), st.lists(st.sampled_from(_WORDS), max_size=6).map(" ".join),
                  st.sampled_from(_SUFFIXES)).map("".join)


@settings(max_examples=250, deadline=None)
@given(st.lists(st.one_of(_line, st.just("")), max_size=30))
def test_no_word_is_lost(lines: list[str]) -> None:
    """Whatever the shape, every word of the text is in some block (nothing a user wrote disappears)."""
    text = "\n".join(lines)
    doc = text_document(text, "fuzz.md")
    kept = " ".join(f"{b.label} {b.text} {' '.join(b.cells)}" for b in doc.blocks)
    for word in re.findall(r"\w+", text):
        assert word in kept or word == "1", (word, text)  # "1" of an empty "1. " item is list markup
    for block in doc.blocks:
        assert block.where.line is not None and 1 <= block.where.line <= len(lines)
