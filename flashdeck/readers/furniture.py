"""Page furniture: the running headers, footers and page numbers a PDF repeats on its pages.

A line at the top or bottom of a page whose text (digits aside) recurs there on at
least half of the pages is furniture; its digits, if they change, must count the
pages ("… · Confidential · 12"). Only the outermost lines of a page are peeled off,
so a line that merely recurs in the text (a label, a repeated sentence) stays. A
one-page PDF has nothing to compare: a small line alone in the page's top or bottom
margin band is taken for its header or footer. The same rules serve a PDF (positions
in points: a header also sits at the same height on every page) and extracted text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

from flashdeck.readers.layout import Line

__all__ = ["page_number_offsets", "remove_furniture"]

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def _furniture_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).strip()


def _edge_lines(lines: Sequence[Line], depth: int = 3) -> list[tuple[str, Line]]:
    """The lines nearest the top and the bottom of a page, each with the edge it is at."""
    ordered = sorted(lines, key=lambda ln: ln.top)
    top, bottom = ordered[:depth], ordered[-depth:] if len(ordered) > depth else []
    return [("top", ln) for ln in top] + [("bottom", ln) for ln in bottom if ln not in top]


def page_number_offsets(numbers: Sequence[tuple[int, list[int]]]) -> bool:
    """Whether the numbers a recurring line carries on each page count the pages.

    ``numbers`` holds (page, the line's numbers) for each page the line is on. A line whose
    numbers never change (a date in a header) qualifies; one whose numbers change must have one
    that is the page number plus a constant, on at least 80 % of its pages.
    """
    if len({tuple(nums) for _, nums in numbers}) <= 1:
        return True
    offsets: Counter[int] = Counter()
    for page, nums in numbers:
        for value in set(nums):
            offsets[value - page] += 1
    return bool(offsets) and offsets.most_common(1)[0][1] >= 0.8 * len(numbers)


def remove_furniture(pages: Sequence[Sequence[Line]], *, geometric: bool) -> tuple[list[list[Line]], list[str]]:
    """The pages without their running headers, footers and page numbers; and the furniture found.

    With ``geometric`` (a PDF), a header must also sit at the same height on every page.
    """
    count = len(pages)
    if count < 2:
        return _single_page_furniture(pages) if geometric and pages else ([list(p) for p in pages], [])
    seen: dict[tuple[str, str, int], list[tuple[int, Line]]] = defaultdict(list)
    for index, page in enumerate(pages):
        for edge, line in _edge_lines(page):
            key = _furniture_key(line.text)
            if not key:
                continue
            height = round(line.top / 4) if geometric else 0
            seen[(edge, key, height)].append((index, line))
    if geometric:
        _merge_neighbour_heights(seen)
    needed = max(2, math.ceil(count * 0.5))
    qualified: set[tuple[str, str, int]] = set()
    for slot, hits in seen.items():
        pages_hit = {index for index, _ in hits}
        if len(pages_hit) < needed:
            continue
        numbers = [(index + 1, [int(d) for d in _DIGITS.findall(line.text)]) for index, line in hits]
        bare = slot[1].replace("#", "").strip(" -–—·.|/()[]") in ("", "page", "page of", "p.", "p")
        if bare and len({tuple(n) for _, n in numbers}) <= 1 and count > 2:
            continue  # the same bare number on every page is content, not a page number
        if page_number_offsets(numbers):
            qualified.add(slot)
    # Only the outermost lines of a page are peeled off, so a line that merely recurs in the text
    # (a label, a repeated sentence) is never taken for furniture.
    cleaned: list[list[Line]] = []
    found: dict[str, None] = {}
    for page in pages:
        ordered = sorted(page, key=lambda ln: ln.top)
        doomed: set[int] = set()
        for edge, run in (("top", ordered), ("bottom", ordered[::-1])):
            for line in run[:3]:
                height = round(line.top / 4) if geometric else 0
                key = _furniture_key(line.text)
                if not any((edge, key, h) in qualified for h in (height - 1, height, height + 1)):
                    break
                doomed.add(id(line))
                found.setdefault(line.text.strip(), None)
        cleaned.append([line for line in page if id(line) not in doomed])
    return cleaned, list(found)


_MARGIN_BAND = 0.06  # of the page's height: where a lone page's header or footer sits


def _single_page_furniture(pages: Sequence[Sequence[Line]]) -> tuple[list[list[Line]], list[str]]:
    """A one-page PDF's header and footer: nothing repeats, so they are told by where they sit.

    A line in the page's top or bottom margin band, apart from the text (a gap of more than two of
    its lines) and no larger than the body text, is furniture.
    """
    page = sorted(pages[0], key=lambda ln: ln.top)
    if len(page) < 4 or not page[0].page_height:
        return [list(pages[0])], []
    height = page[0].page_height
    sizes = Counter(round(ln.size * 2) / 2 for ln in page)
    body = sizes.most_common(1)[0][0]
    doomed: list[Line] = []
    first, second = page[0], page[1]
    if first.bottom < height * _MARGIN_BAND and second.top - first.bottom > 2 * first.height and first.size <= body:
        doomed.append(first)
    last, before = page[-1], page[-2]
    if last.top > height * (1 - _MARGIN_BAND) and last.top - before.bottom > 2 * last.height and last.size <= body:
        doomed.append(last)
    return [[ln for ln in pages[0] if not any(ln is d for d in doomed)]], [ln.text.strip() for ln in doomed]


def _merge_neighbour_heights(seen: dict[tuple[str, str, int], list[tuple[int, Line]]]) -> None:
    """Let a line a bucket away from its twins (rounding) count with them."""
    for key in sorted(seen, key=lambda k: -len(seen[k])):
        if key not in seen:
            continue
        edge, text, height = key
        for other in ((edge, text, height - 1), (edge, text, height + 1)):
            if other in seen and len(seen[other]) <= len(seen[key]):
                seen[key].extend(seen.pop(other))
