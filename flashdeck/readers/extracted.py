"""Text that a PDF tool extracted: recognised, then de-paginated like the PDF itself.

``pdftotext``, a PDF viewer's "save as text" or copying a whole PDF gives text
with the layout's line breaks (hard-wrapped at the page width), the running
header and footer repeated on every page, and page numbers — often with a form
feed between pages. The parsers need the author's paragraphs, so such text is
turned into :class:`~flashdeck.readers.layout.Line` objects (positions in
character columns) and read by the same rules as a PDF
(:mod:`flashdeck.readers.layout`).

It is recognised by its pages, never by wrapping alone, so that ordinary text —
Markdown, hand-written notes (hard-wrapped or not), CSV, deck files, a
playbook's text with one paragraph per line — is left to the text reader untouched:

- form feeds between pages (what PDF tools write), or
- a line that recurs through the text carrying a page number that counts up
  ("… · Confidential · 12"), in text whose lines are hard-wrapped.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from typing import TYPE_CHECKING

from flashdeck.core.document import Document
from flashdeck.core.import_limits import MAX_PDF_PAGES
from flashdeck.readers.sniff import FRONT_MATTER, MIN_WRAPS, wraps

# The layout and furniture modules (and the line model) load only for text a PDF tool extracted: a CSV
# or notes file is ruled out before, without them.
if TYPE_CHECKING:
    from flashdeck.readers.layout import Line

__all__ = ["extracted_document"]

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_MIN_PAGE_MARKS = 3
_PAGE_LINES = 20


@functools.cache
def _furniture_words() -> re.Pattern[str]:
    """What a running footer or header says besides its page number (a heading such as "Story 3" says none
    of it). Compiled when first needed (0.6 ms; a CSV never is)."""
    return re.compile(r"\bpage\b|\bp\.\s*\d|confidential|©|\(c\)|copyright|all rights|[·|•]|\bof\s+\d",
                      re.IGNORECASE)


def extracted_document(text: str, source: str) -> Document | None:
    """The de-paginated document of PDF-extracted ``text``, or ``None`` when it is not that."""
    if FRONT_MATTER.match(text):
        return None  # a deck file
    if "\f" in text:
        raw_lines = text.split("\n")
        pages = _pages_by_form_feed(raw_lines)
        if sum(1 for page in pages if any(t.strip() for _, t in page)) < 2:
            return None
    else:
        # Wrapping first: it is cheap to rule out (CSV, a deck file, notes with a paragraph a line stop here),
        # and _page_breaks looks at every line.
        if wraps(text, MIN_WRAPS) < MIN_WRAPS:
            return None
        raw_lines = text.split("\n")  # (after the cheap test: a CSV of 50,000 rows stops before it)
        breaks = _page_breaks(raw_lines)
        if breaks is None:
            return None
        pages = _split(raw_lines, breaks)
    if len(pages) > MAX_PDF_PAGES:
        return None  # as long as a book: read as the text it is, not de-paginated (a PDF this long is refused)
    line_pages = [[_line(number, raw, index + 1) for number, raw in page if raw.strip()] for index, page in
                  enumerate(pages)]
    from flashdeck.readers.furniture import remove_furniture
    from flashdeck.readers.layout import blocks_from_pages

    line_pages, furniture = remove_furniture(line_pages, geometric=False)
    blocks = blocks_from_pages(line_pages, text_mode=True)
    return Document(source=source, blocks=blocks, origin="pdf-text", furniture=furniture)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _line(number: int, raw: str, page: int) -> Line:
    # Leading tabs indent; a tab between words separates a table row's cells (as Acrobat, Preview and
    # table-aware tools copy a table), kept for the layout (flashdeck.readers.layout).
    body = raw.rstrip()
    if body and "\t" in raw[len(body):]:
        body += "\t"  # the row wrapped after a cell
    indent = body[: len(body) - len(body.lstrip())]
    text = indent.replace("\t", "    ") + body[len(indent):]
    from flashdeck.readers.inline import Run
    from flashdeck.readers.layout import Line

    return Line([Run(text)], page, 0.0, float(_width(text)), float(number), 1.0, char_width=1.0,
                source_line=number, hyphen_end=text.endswith("\u00ad"))


def _pages_by_form_feed(raw_lines: list[str]) -> list[list[tuple[int, str]]]:
    pages: list[list[tuple[int, str]]] = [[]]
    for number, raw in enumerate(raw_lines, start=1):
        parts = raw.split("\f")
        for n, part in enumerate(parts):
            if n:
                pages.append([])
            if part.strip():
                pages[-1].append((number, part))
    return [page for page in pages if page] or [[]]


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).strip()


def _page_breaks(raw_lines: list[str]) -> list[tuple[int, bool]] | None:
    """Where pages end in text without form feeds: (line index, break before it) for each page mark.

    A page mark is a line that recurs at least three times, carries a number that grows by one
    at each occurrence (its page number) and some text besides (a bare number may be a story's or
    a section's). The occurrences must be spread through the text, not bunched.
    """
    occurrences: dict[str, list[tuple[int, int]]] = defaultdict(list)
    keys: dict[str, str] = {}
    for index, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if not stripped or len(stripped) > 120 or not _DIGITS.search(stripped) or stripped[0] in "#-*+>":
            continue
        numbers = _DIGITS.findall(stripped)
        shape = _DIGITS.sub("#", stripped)  # rows of a numbered list or CSV share one: keyed once
        key = keys.get(shape)
        if key is None:
            key = keys[shape] = _key(stripped)
        occurrences[key].append((index, int(numbers[-1])))
    best: list[tuple[int, int]] | None = None
    for key, hits in occurrences.items():
        if len(hits) < _MIN_PAGE_MARKS or sum(c.isalpha() for c in key) < 3:
            continue
        steps = [b[1] - a[1] for a, b in itertools.pairwise(hits)]
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(hits)]
        # Pages are long: a heading numbered "Story 3" recurs every few lines, a page's footer every 20 or more
        # (decided first: it is cheap, and every row of a numbered CSV shares one key).
        counts_pages = sum(1 for s in steps if s == 1) >= 0.8 * len(steps) and min(gaps) >= 5 \
            and sorted(gaps)[len(gaps) // 2] >= _PAGE_LINES
        if not counts_pages or not (_furniture_words().search(key) or _beside_a_repeat(raw_lines, hits)):
            continue
        if best is None or len(hits) > len(best):
            best = hits
    if best is None:
        return None
    first_content = next((i for i, raw in enumerate(raw_lines) if raw.strip()), 0)
    content_before = sum(1 for raw in raw_lines[first_content:best[0][0]] if raw.strip())
    at_top = content_before <= 3  # the marks head their pages (a header), else they close them (a footer)
    return [(index, at_top) for index, _ in best]


def _beside_a_repeat(raw_lines: list[str], hits: list[tuple[int, int]]) -> bool:
    """Whether the same line stands next to every page mark (a running header beside the footer)."""
    def neighbours(index: int) -> set[str]:
        near = [raw_lines[i].strip() for i in range(max(0, index - 3), min(len(raw_lines), index + 4)) if i != index]
        return {line for line in near if line}

    common = neighbours(hits[0][0])
    for index, _ in hits[1:]:
        common &= neighbours(index)
    return bool(common)


def _split(raw_lines: list[str], breaks: list[tuple[int, bool]]) -> list[list[tuple[int, str]]]:
    cuts = sorted({index if before else index + 1 for index, before in breaks})
    pages: list[list[tuple[int, str]]] = []
    start = 0
    for cut in [*cuts, len(raw_lines)]:
        page = [(n + 1, raw_lines[n]) for n in range(start, cut) if raw_lines[n].strip()]
        if page:
            pages.append(page)
        start = cut
    return pages
