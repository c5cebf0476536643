"""Lists render as written: after a line, nested by the item's text column, numbers kept (issue #14)."""

from __future__ import annotations

import re

import pytest

from flashdeck.core.markdown_lists import relist
from flashdeck.core.render import render_markdown


def _flat(html: str) -> str:
    return re.sub(r"\s*\n\s*", "", html)


def test_a_bullet_list_straight_after_a_line_is_a_list() -> None:
    text = "Signals a panel listens for:\n- owns the outcome\n- quantifies it\n- names a trade-off"
    html = _flat(render_markdown(text))
    assert html == ("<p>Signals a panel listens for:</p>"
                    "<ul><li>owns the outcome</li><li>quantifies it</li><li>names a trade-off</li></ul>")


def test_a_numbered_list_after_a_bold_label_and_before_the_next_label() -> None:
    text = "**Steps:**\n1. Pause\n2. Acknowledge\n3. Reason\n\n**Avoid:** bluffing"
    html = _flat(render_markdown(text))
    assert "<p><strong>Steps:</strong></p><ol><li>Pause</li><li>Acknowledge</li><li>Reason</li></ol>" in html
    assert html.endswith("<p><strong>Avoid:</strong> bluffing</p>")


def test_numbers_go_on_after_a_paragraph_between_items() -> None:
    # Was shown 1, 2, 3, 1, 1: each item after the paragraph started a list of its own, its number dropped.
    text = ("1. Scope it\n2. Size it\n3. Ship it\n\nThen, once live:\n\n4. Measure\n\n"
            "and finally\n\n5. Retire the old path")
    html = _flat(render_markdown(text))
    assert '<ol start="4"><li>Measure</li></ol>' in html
    assert '<ol start="5"><li>Retire the old path</li></ol>' in html


def test_a_list_starting_at_three_starts_at_three() -> None:
    assert _flat(render_markdown("3. third\n4. fourth")) == '<ol start="3"><li>third</li><li>fourth</li></ol>'


@pytest.mark.parametrize("indent", [2, 3, 4])
def test_sub_items_indented_to_the_items_text_nest(indent: int) -> None:
    pad = " " * indent
    text = (f"1. Situation\n{pad}- the queue was full\n2. Action\n{pad}- added back-pressure\n"
            f"{pad}- paged the owner\n3. Result")
    html = _flat(render_markdown(text))
    assert html == ("<ol><li>Situation<ul><li>the queue was full</li></ul></li>"
                    "<li>Action<ul><li>added back-pressure</li><li>paged the owner</li></ul></li>"
                    "<li>Result</li></ol>")


def test_a_paragraph_indented_to_the_items_text_stays_in_the_item() -> None:
    html = _flat(render_markdown("1. First\n\n   Why: it unblocks the team.\n\n2. Second"))
    assert html == "<ol><li><p>First</p><p>Why: it unblocks the team.</p></li><li><p>Second</p></li></ol>"


def test_parenthesis_markers_are_numbered_lists() -> None:
    assert _flat(render_markdown("Plan\n1) listen\n2) ask")) == "<p>Plan</p><ol><li>listen</li><li>ask</li></ol>"


@pytest.mark.parametrize("text", [
    "Revenue grew every year until\n2019. Then it fell.",  # a number that is not 1 does not interrupt prose
    "Three dashes make a rule:\n- - -",
    "```\nsteps:\n- not a list in code\n```",
    "    indented code\n    - not a list",
])
def test_what_is_not_a_list_stays_what_it_was(text: str) -> None:
    assert "<li>" not in render_markdown(text)


def test_a_heading_ends_a_list_without_a_blank_line() -> None:
    assert _flat(render_markdown("- one\n# Next\ntext")) == "<ul><li>one</li></ul><h1>Next</h1><p>text</p>"


def test_blank_lines_and_text_outside_lists_are_untouched() -> None:
    lines = ["Para one", "continues", "", "  two", "", "# Head"]
    assert relist(lines) == lines


def test_non_latin_items_and_emoji_come_through() -> None:
    html = _flat(render_markdown("Проверка:\n- ❌ 没有数字\n- ✅ с цифрами 🚀"))
    assert html == "<p>Проверка:</p><ul><li>❌ 没有数字</li><li>✅ с цифрами 🚀</li></ul>"
