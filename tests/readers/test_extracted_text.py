"""Text a PDF tool extracted is recognised by its pages and de-paginated; every other text is left alone."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from helpers import DATA, REPO, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from flashdeck.core.document import BlockKind
from flashdeck.readers import read_bytes, read_path

PARAGRAPHS = [
    "We moved the nightly invoice run to an event queue so that each customer's bill was ready within "
    "minutes, and the support team stopped answering the same three questions every morning.",
    "The first version dropped events when the queue restarted; I added idempotent consumers and a replay "
    "tool, which took two sprints and saved the launch from a week of respon\u00adsibility disputes.",
    "Follow-up questions came from finance, who wanted the audit trail kept for seven years.",
]


def pdftotext(pages: list[list[str]], *, form_feeds: bool, width: int = 72) -> str:
    """Pages as pdftotext writes them: each paragraph wrapped at the width, a header and a numbered footer."""
    out = []
    for number, paragraphs in enumerate(pages, start=1):
        lines = ["Northwind Freight · Data Engineer interview playbook", ""]
        for paragraph in paragraphs:
            wrapped = textwrap.wrap(paragraph.replace("\u00ad", ""), width)
            # a typesetter's hyphen: break "responsibility" at its soft hyphen when it falls at a line end
            lines += [*wrapped, ""]
        lines += [f"Dana Whitfield · Confidential · {number}"]
        out.append("\n".join(lines) + "\n")
    return ("\f" if form_feeds else "").join(out)


@pytest.mark.parametrize("form_feeds", [True, False], ids=["form-feeds", "no-form-feeds"])
def test_pdf_tool_text_loses_its_furniture_and_wraps(form_feeds: bool) -> None:
    pages = [[f"{p} (Page {n} of my notes.)" for p in (PARAGRAPHS[n - 1:] + PARAGRAPHS[:n - 1]) * 2]
             for n in range(1, 4)]
    text = pdftotext(pages, form_feeds=form_feeds)
    doc = read_bytes(text.encode(), source="playbook.txt")
    assert doc.origin == "pdf-text" and doc.text is None  # the parsers read the cleaned blocks
    expected = [p.replace("\u00ad", "") for page in pages for p in page]
    assert [b.text for b in doc.blocks] == expected
    assert {b.kind for b in doc.blocks} == {BlockKind.PARAGRAPH}
    assert [b.where.page for b in doc.blocks] == [1] * 6 + [2] * 6 + [3] * 6


def test_a_word_hyphenated_at_a_line_end_is_joined() -> None:
    line_one = "The audit needed a clear owner, so I took the respon-"
    text = "\f".join(f"Header line\n\n{body}\n\nFooter · Confidential · {n}\n" for n, body in enumerate([
        f"{line_one}\nsibility for the archive, and the follow-\nup questions from finance.",
        "My responsibility ended when the archive passed review and the follow-up was done.",
        "Nothing else.",
    ], start=1))
    doc = read_bytes(text.encode(), source="x.txt")
    assert doc.blocks[0].text == ("The audit needed a clear owner, so I took the responsibility for the archive, "
                                  "and the follow-up questions from finance.")


def test_ordinary_text_goes_to_the_text_reader_untouched() -> None:
    files = [p for p in sorted(DATA.rglob("*")) if p.suffix in (".txt", ".md", ".csv", ".tsv") and p.is_file()]
    files += sorted((REPO / "decks").glob("*.md"))
    assert len(files) > 20
    for path in files:
        doc = read_path(str(path))
        assert doc.origin == "text" and doc.text == path.read_text(encoding="utf-8").replace("\r\n", "\n"), path


def test_hand_wrapped_notes_with_a_repeated_line_stay_text() -> None:
    note = "\n".join(textwrap.wrap(" ".join(PARAGRAPHS), 60))
    text = "\n\n".join(f"## Story {n}\n\nSITUATION\n\n{note}" for n in range(6))
    assert read_bytes(text.encode(), source="notes.md").origin == "text"


def test_numbered_story_titles_are_not_page_numbers() -> None:
    """Lines that count up (story numbers) do not paginate a text: a page mark has furniture words or a
    running neighbour, and pages are long."""
    text = "\n\n".join(f"{n}\n\nStory {n}\n\n" + "\n".join(textwrap.wrap(PARAGRAPHS[0], 50)) for n in range(1, 8))
    assert read_bytes(text.encode(), source="stories.txt").origin == "text"


@pytest.mark.seed_docs
@pytest.mark.parametrize("name", ["002_02a86573ada4a25d.txt", "003_2c0bcdf519b42f55.txt"])
def test_the_seed_texts_are_not_taken_for_pdf_extractions(name: str) -> None:
    path: Path = SEEDS / name
    doc = read_path(str(path))
    assert doc.origin == "text" and doc.text == path.read_text(encoding="utf-8")


def test_rows_a_pdf_tool_copied_with_tabs_are_table_rows() -> None:
    # Acrobat, Preview and table-aware tools copy a table's cells with tabs between them; a row too
    # long for the page wraps (here after a cell, so the tab ends the line).
    rows = ["SECTION\tTITLE\tWHAT YOU GET", "2\tWhere you stand\tYour fit, in one page",
            "3\tWhat they want\t", "The criteria behind the advert", ""]
    text = pdftotext([PARAGRAPHS * 2, ["TABLE", *PARAGRAPHS[:2]], PARAGRAPHS[::-1] * 2], form_feeds=True)
    text = text.replace("TABLE\n\n", "\n".join(rows) + "\n")
    doc = read_bytes(text.encode(), source="copied.txt")
    assert doc.origin == "pdf-text" and doc.furniture
    assert [b.cells for b in doc.blocks if b.kind is BlockKind.ROW] == [
        ("SECTION", "TITLE", "WHAT YOU GET"), ("2", "Where you stand", "Your fit, in one page"),
        ("3", "What they want", "The criteria behind the advert")]
    assert "\t" not in "".join(b.text for b in doc.blocks if b.kind is not BlockKind.ROW)
    assert len([b for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]) == 6 + 2 + 6


def _wraps_line_by_line(text: str) -> int:
    """The wrap count as first written: every pair of lines, one by one."""
    import itertools
    import re

    count = 0
    for line, following in itertools.pairwise(text.split("\n")):
        line, following = line.rstrip(), following.lstrip()
        if line and following and re.search(r"[\w,]$", line) and following[0].islower():
            count += 1
    return count


def test_wrap_count_is_the_line_by_line_count() -> None:
    """The fast count (line breaks before a possibly lower-case line, found by one regular expression)
    agrees with the pair-by-pair count on text of every shape: trailing spaces and tabs, CR LF, empty
    and blank lines, Unicode line separators, accented and non-Latin letters, digits, punctuation."""
    import random

    from flashdeck.readers.sniff import wraps as _wraps

    rng = random.Random(12)
    starts = ["Q", "q", "É", "é", "ж", "Ж", " ", "", "1", "\u2028x", "\t", "_x", "(a", "ß", "ǅ"]
    ends = ["", ".", ",", " ", "\r", "\t", "\u2028", "é,", "9", "_", "  \t", ";", "ж"]
    words = ["the", "cache", "Привет", "über", "42", "naïve", "x_y"]
    for _ in range(300):
        text = "\n".join(rng.choice(starts) + " ".join(rng.choices(words, k=rng.randint(0, 4))) + rng.choice(ends)
                         for _ in range(rng.randint(0, 30)))
        expected = _wraps_line_by_line(text)
        assert _wraps(text, 10**9) == expected, repr(text)
        assert _wraps(text, 3) == min(expected, 3)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["\ufeff", " ", "\n", "\u2028", "\xa0", "<", "!--", "-->", "html", "HTML", "p",
                                 "b", ">", "/", "x", "é"]), max_size=12).map("".join))
def test_html_is_told_as_the_whole_pattern_tells_it(text: str) -> None:
    """Looking for a "<" first (after a byte-order mark and white space) decides as the pattern alone did."""
    from flashdeck.readers.sniff import _HTML_START, looks_like_html

    assert looks_like_html(text.encode(), "x.txt") == bool(re.match(_HTML_START, text))
