"""The HTML reader: a saved page's main content (never its chrome), a clipboard fragment, structure kept."""

from __future__ import annotations

import pytest
from docgen import html_fragment, html_page

from flashdeck.core.document import Block, BlockKind
from flashdeck.core.notes import ImportFormatError
from flashdeck.readers import MAX_HTML_ELEMENTS, document_kind, read_bytes

BLOCKS = [
    Block.heading("Customer focus", 1),
    Block.heading("Signals", 2),
    Block.paragraph("The candidate **talked to users** before building."),
    Block.paragraph("**Situation**"),
    Block.item("Read fifty tickets"),
    Block.item("Sorted them by theme", 1),
    Block.item("Counted the top three", 2, ordered=True, number=1),
    Block.item("Joined support calls"),
    Block.row(["Level", "Expectation"]),
    Block.row(["Senior", "Changes a plan from evidence"]),
    Block.paragraph("Ключевой сигнал: 以客户为中心 🤝"),
]
CHROME = ["Pricing", "Sign in", "Related guide number", "All rights reserved", "cookies", "Accept all",
          "newsletter", "font-family", "dataLayer", "PrepSite"]


def shape(blocks: list[Block]) -> list[tuple[BlockKind, int, str]]:
    return [(b.kind, b.level, b.text) for b in blocks]


EXPECTED = [
    (BlockKind.HEADING, 1, "Customer focus"),
    (BlockKind.HEADING, 2, "Signals"),
    (BlockKind.PARAGRAPH, 0, "The candidate **talked to users** before building."),
    (BlockKind.HEADING, 3, "Situation"),
    (BlockKind.ITEM, 0, "Read fifty tickets"),
    (BlockKind.ITEM, 1, "Sorted them by theme"),
    (BlockKind.ITEM, 2, "Counted the top three"),
    (BlockKind.ITEM, 0, "Joined support calls"),
    (BlockKind.ROW, 0, "Level\tExpectation"),
    (BlockKind.ROW, 0, "Senior\tChanges a plan from evidence"),
    (BlockKind.LABEL, 0, "以客户为中心 🤝"),  # "Label: value", as the text reader reads it
]


@pytest.mark.parametrize("semantic", [True, False], ids=["semantic-tags", "div-soup"])
def test_a_saved_page_gives_its_content_and_none_of_its_chrome(semantic: bool) -> None:
    page = html_page(BLOCKS, title="Customer focus — PrepSite", semantic=semantic)
    doc = read_bytes(page.encode(), source="guide.html")
    assert doc.origin == "html" and doc.title == "Customer focus — PrepSite"
    assert shape(doc.blocks) == EXPECTED
    text = "\n".join(doc.lines())
    assert not [word for word in CHROME if word in text]


def test_a_clipboard_fragment_is_content_throughout() -> None:
    data = html_fragment(BLOCKS).encode()
    assert document_kind(data, "<clipboard>") == "html"  # no file name: told by its tags
    assert shape(read_bytes(data, source="<clipboard>").blocks) == EXPECTED


def test_a_bare_fragment_without_html_or_body() -> None:
    doc = read_bytes(b"<h2>Why us?</h2><p>Because <b>you</b> ship.</p><ul><li>one<ul><li>two</li></ul></li></ul>",
                     source="<clipboard>")
    assert shape(doc.blocks) == [(BlockKind.HEADING, 2, "Why us?"), (BlockKind.PARAGRAPH, 0, "Because **you** ship."),
                                 (BlockKind.ITEM, 0, "one"), (BlockKind.ITEM, 1, "two")]


def test_google_docs_bold_wrappers_notion_ticks_definitions_and_line_breaks() -> None:
    html = ('<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">'
            '<p><span style="font-weight:700">Task:</span><span style="font-weight:400"> cut the build time</span></p>'
            '<p>Situation: slow builds<br>Action: cached the layers</p></b>'
            '<ul class="to-do-list"><li><div class="checkbox checkbox-on"></div> <span>Book a room</span></li>'
            '<li><input type="checkbox"> Print the CV</li></ul>'
            '<dl><dt>Result</dt><dd>Builds take six minutes</dd></dl>'
            '<ul class="toggle"><li><details open><summary>Why Kotlin?</summary><p>The team knew it.</p></details>'
            '</li></ul>')
    doc = read_bytes(html.encode(), source="<clipboard>")
    assert [(b.kind, b.level, b.text, b.label, b.checked) for b in doc.blocks] == [
        (BlockKind.LABEL, 0, "cut the build time", "Task", None),
        (BlockKind.LABEL, 0, "slow builds", "Situation", None),
        (BlockKind.LABEL, 0, "cached the layers", "Action", None),
        (BlockKind.ITEM, 0, "Book a room", "", True),
        (BlockKind.ITEM, 0, "Print the CV", "", False),
        (BlockKind.LABEL, 0, "Builds take six minutes", "Result", None),
        (BlockKind.ITEM, 0, "Why Kotlin?", "", None),
        (BlockKind.ITEM, 1, "The team knew it.", "", None),
    ]


def test_a_page_in_windows_1252_as_its_meta_says() -> None:
    page = html_page([Block.paragraph("“Café” — résumé")], charset="windows-1252").encode("cp1252")
    assert read_bytes(page, source="old.html").lines() == ["“Café” — résumé"]


def test_a_30_mb_page_is_refused_in_one_line_without_parsing_it_for_long() -> None:
    row = "<div><span>cell</span></div>"
    page = ("<html><body>" + row * (30 * 1024 * 1024 // len(row)) + "</body></html>").encode()
    assert len(page) > 30 * 1024 * 1024
    with pytest.raises(ImportFormatError) as caught:
        read_bytes(page, source="huge.html")
    message = str(caught.value)
    assert message.startswith("huge.html: this page has ") and "\n" not in message
    assert f"HTML elements; the limit is {MAX_HTML_ELEMENTS:,}" in message


def test_a_30_mb_page_of_scripts_and_pictures_reads_its_small_content() -> None:
    """A page saved "complete" is mostly inline scripts, styles and images: within limits, the text is read."""
    filler = "<script>" + "var x = 1;" * (10 * 1024 * 1024 // 10) + "</script>"
    picture = '<img src="data:image/png;base64,' + "A" * (10 * 1024 * 1024) + '">'
    style = "<style>" + ".a{color:red}" * (9 * 1024 * 1024 // 13) + "</style>"
    page = f"<html><head>{style}</head><body>{filler}<main><h1>Prep</h1><p>Know the numbers.</p></main>" \
           f"{picture}</body></html>"
    assert len(page) > 29 * 1024 * 1024
    assert read_bytes(page.encode(), source="saved.html").lines() == ["Prep", "", "Know the numbers."]
