"""Lines laid out on pages → blocks: wrapped lines joined, headings and items found.

Two readers meet here. The PDF reader gives each line its position in points,
its font size and which runs are bold; the reader of text that a PDF tool
extracted gives positions in character columns (one line of text = one unit
of height, a blank line a gap). Everything below works on either, so a PDF and
its extracted text are de-paginated by the same rules (the page furniture is
taken away first, by :mod:`flashdeck.readers.furniture`):

- **paragraphs**: a line break is the layout's, not the author's, when the next
  line's first word would not have fitted on the line (the line is full), the
  lines share a style and no gap, indent or list marker separates them; a word
  hyphenated at the end of a line is joined back;
- **headings** come from font size (each size larger than the body's is a level)
  and from short lines that are bold throughout; **items** from list markers,
  their nesting from the marker's indent;
- **table rows** from tabs between words: a line whose cells a tab separates (in a
  PDF's text layer, or in text that Acrobat, Preview or a table-aware tool copied)
  is a row, wrapped over as many lines as its cells need. A table drawn as cells
  placed on the page, with no tab in its text, is read as text, cell after cell.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from flashdeck.core.document import Block, Where
from flashdeck.readers.inline import Run, all_bold, checkbox_prefix, markdown, paragraph_block

__all__ = ["HYPHEN", "Line", "Run", "blocks_from_pages"]

# Where PDFium joined a word hyphenated over a line break (its mark for the hyphen).
HYPHEN = "\ufffe"
_MARKED_HYPHEN = re.compile(rf"(\w+){HYPHEN}(\w+)")

# A list item's marker at the start of a line: a bullet glyph, or a number with "." or ")".
_BULLET = re.compile(r"^(?P<marker>[•◦▪▫‣○●■□⁃∙–*-])\s+(?=\S)")
_NUMBER = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?=\S)")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = ".!?:;)\"”’"
# How far (in line heights) the next line may start below this one and still continue its paragraph.
_PARAGRAPH_GAP = 0.55
_HEADING_RATIO = 1.12  # a font this much larger than the body's is a heading's


@dataclass
class Line:
    """One line of a page as laid out: its runs and where it sits.

    Units are the reader's: points for a PDF (``top`` grows down the page), character
    columns and line indices for extracted text (``height`` 1). ``size`` is the font
    size (0 when unknown); ``char_width`` the average advance of one character.
    """

    runs: list[Run]
    page: int
    x0: float
    x1: float
    top: float
    height: float
    size: float = 0.0
    char_width: float = 1.0
    source_line: int | None = None
    hyphen_end: bool = False  # the line ends in a hyphen the layout inserted (a soft hyphen)
    page_height: float = 0.0  # a PDF page's height (0 for extracted text)

    @cached_property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @cached_property
    def bold(self) -> bool:
        """Bold throughout (spaces aside)."""
        return all_bold(self.runs)

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def where(self) -> Where:
        return Where(line=self.source_line, page=self.page)


# --- paragraphs ------------------------------------------------------------------------------------


@dataclass
class _Para:
    kind: str  # heading | paragraph | item
    lines: list[Line]
    level: int = 0
    ordered: bool = False
    number: int | None = None
    text_x0: float = 0.0  # where an item's text (after its marker) starts
    runs: list[Run] = field(default_factory=list)


def _marker(text: str) -> tuple[re.Match[str] | None, bool]:
    stripped = text.lstrip()
    if match := _NUMBER.match(stripped):
        return match, True
    return _BULLET.match(stripped), False


def _first_word(text: str) -> str:
    stripped = text.lstrip()
    if stripped and _wide(stripped[0]):
        return stripped[0]
    return stripped.split(" ", 1)[0] if stripped else ""


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _starts_symbol(text: str) -> bool:
    """A line opening with an emoji or a symbol (✓, ◀, 🎯) starts a block of its own."""
    stripped = text.lstrip()
    return bool(stripped) and unicodedata.category(stripped[0]) in ("So", "Sk")


@dataclass
class _Geometry:
    body_size: float
    right: float  # where full lines end
    heading_sizes: list[float]  # descending: level 1 first
    bullet_indents: list[float]  # ascending: nesting level 0 first
    unspaced: bool = False  # extracted text without blank lines between its paragraphs
    wrap_at: float = 0.0  # a line whose next word would reach this far was wrapped by the layout


def _geometry(pages: Sequence[Sequence[Line]]) -> _Geometry:
    sizes: Counter[float] = Counter()
    rights: list[float] = []
    for page in pages:
        for line in page:
            sizes[round(line.size * 2) / 2] += len(line.text)
            rights.append(line.x1)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    headings = sorted((s for s in sizes if body and s >= body * _HEADING_RATIO), reverse=True)
    rights.sort()
    right = rights[int(0.95 * (len(rights) - 1))] if rights else 0.0
    indents = sorted({round(ln.x0 + _indent_of(ln), 0) for page in pages for ln in page if _marker(ln.text)[0]})
    merged: list[float] = []
    for x in indents:
        if not merged or x - merged[-1] > 3:
            merged.append(x)
    return _Geometry(body, right, headings[:5], merged)


def _indent_of(line: Line) -> float:
    """Leading spaces, in the line's units (text lines keep their indent as spaces)."""
    text = line.text
    return (len(text) - len(text.lstrip())) * line.char_width


def _level_of(geometry: _Geometry, x: float) -> int:
    if not geometry.bullet_indents:
        return 0
    return min(range(len(geometry.bullet_indents)), key=lambda i: abs(geometry.bullet_indents[i] - x))


def _heading_level(geometry: _Geometry, line: Line) -> int | None:
    if geometry.body_size and line.size >= geometry.body_size * _HEADING_RATIO:
        size = round(line.size * 2) / 2
        levels = geometry.heading_sizes
        return 1 + min(range(len(levels)), key=lambda i: abs(levels[i] - size)) if levels else 1
    return None


def _fits(line: Line, next_line: Line, right: float, slack: float) -> bool:
    """Whether the next line's first word would have fitted at the end of ``line`` (so the break was meant)."""
    word = _first_word(next_line.text)
    width = sum(2 if _wide(c) else 1 for c in word)
    space = 0 if word and _wide(word[0]) else 1
    return line.x1 + (space + width) * line.char_width <= right - slack


def _is_row(line: Line) -> bool:
    """A line of a table row: a tab separates its cells (a row wrapped at a cell boundary has it at an end)."""
    return "\t" in line.text.strip(" ")


def _continues(para: _Para, line: Line, nxt: Line, geometry: _Geometry, text_mode: bool) -> bool:
    """Whether ``nxt`` continues the paragraph whose last line is ``line``."""
    if para.kind not in ("row", "paragraph") and _is_row(nxt):
        return False  # a table row is no heading's or item's continuation
    tail = line.text.rstrip()
    head = nxt.text.lstrip()[:1]
    hyphenated = len(tail) > 1 and tail[-1] == "-" and tail[-2].isalpha()
    mid_sentence = bool(tail) and (tail[-1].isalpha() or tail[-1] == "," or hyphenated) and head.islower()
    if nxt.page != line.page:
        # A paragraph runs on over a page break mid-sentence; a page that ends a sentence ends its paragraph.
        if not tail or not (tail[-1].isalnum() or tail[-1] in ",;-\u00ad") or _wide(tail[-1]):
            return False
    elif nxt.top - line.bottom > _PARAGRAPH_GAP * line.height and not (
            text_mode and mid_sentence and nxt.top - line.bottom <= 1.5 * line.height):
        return False  # a gap ends a paragraph (extracted text may put a blank line mid-sentence: not that)
    if (para.kind == "row" or _is_row(nxt)) and (line.text.rstrip(" ").endswith("\t")
                                                 or nxt.text.lstrip(" ").startswith("\t")):
        return True  # the row wrapped where one cell ends and the next begins
    if geometry.unspaced and tail.endswith(tuple(_SENTENCE_END)) and (head.isupper() or head.isdigit()
                                                                     or head in "\"“‘(["):
        return False  # text with no blank lines to mark paragraphs: a sentence that ends a line ends its paragraph
    if _marker(nxt.text)[0] is not None or _starts_symbol(nxt.text):
        return False
    if abs(nxt.size - line.size) > 0.6 or (line.bold and not nxt.bold):
        return False  # a bold line (a heading, a label) ends where plain text starts
    if not mid_sentence and _fits(line, nxt, geometry.wrap_at, 0.0 if text_mode else 2 * line.char_width):
        return False
    x0 = nxt.x0 + _indent_of(nxt)
    if para.kind == "item":
        return x0 > para.text_x0 - 1.5 * line.char_width  # an item's text runs on under its text, not its marker
    # The continuation of a paragraph starts at the margin; an indented line starts a new paragraph.
    return x0 <= para.lines[0].x0 + _indent_of(para.lines[0]) + 2 * line.char_width + (0 if text_mode else 1)


def _paragraphs(pages: Sequence[Sequence[Line]], geometry: _Geometry, text_mode: bool) -> list[_Para]:
    paras: list[_Para] = []
    for page in pages:
        for line in page:
            if not line.text.strip():
                continue
            current = paras[-1] if paras else None
            if current is not None and _continues(current, current.lines[-1], line, geometry, text_mode):
                current.lines.append(line)
                if _is_row(line):
                    current.kind = "row"  # a row whose first cell wrapped before its first tab
                continue
            match, ordered = _marker(line.text)
            level = _heading_level(geometry, line)
            if match is not None and level is None:
                marker_x = line.x0 + _indent_of(line)
                text_x0 = marker_x + line.char_width
                paras.append(_Para("item", [line], level=_level_of(geometry, round(marker_x, 0)), ordered=ordered,
                                   number=int(match.group("number")) if ordered else None, text_x0=text_x0))
            elif level is not None:
                paras.append(_Para("heading", [line], level=level))
            elif _is_row(line):
                paras.append(_Para("row", [line]))
            else:
                paras.append(_Para("paragraph", [line]))
    return paras


def _joined_runs(para: _Para, vocabulary: set[str]) -> list[Run]:
    """The paragraph's lines as one run list: wrapped lines joined with a space, hyphenated words rejoined."""
    out: list[Run] = []
    for n, line in enumerate(para.lines):
        runs = [Run(r.text, r.bold) for r in line.runs]
        if n == 0:
            match, _ = _marker(line.text)
            _strip_leading(runs, len(line.text) - len(line.text.lstrip()) + (match.end() if match and
                                                                            para.kind == "item" else 0))
        else:
            lead = line.text[: len(line.text) - len(line.text.lstrip())]
            _strip_leading(runs, len(lead))
            previous = out[-1].text if out else ""
            glue = "\t" if "\t" in lead else _glue(previous, line.text.lstrip(), para.lines[n - 1].hyphen_end,
                                                   vocabulary)
            if glue == "drop-hyphen":
                out[-1].text = previous[:-1]
            elif glue:
                out.append(Run(glue, out[-1].bold and bool(runs) and runs[0].bold))
        out.extend(r for r in runs if r.text)
    for run in out:
        run.text = _unhyphenate(run.text, vocabulary)
    while out and not out[-1].text.rstrip():
        out.pop()
    if out:
        out[-1].text = out[-1].text.rstrip()
    return out


def _untab(runs: list[Run]) -> None:
    """Tabs outside a table row are spacing."""
    for run in runs:
        run.text = run.text.replace("\t", " ")


def _strip_leading(runs: list[Run], count: int) -> None:
    while count > 0 and runs:
        take = min(count, len(runs[0].text))
        runs[0].text = runs[0].text[take:]
        count -= take
        if not runs[0].text:
            runs.pop(0)


def _glue(previous: str, following: str, soft_hyphen: bool, vocabulary: set[str]) -> str:
    """What joins a line to the next: a space, nothing (CJK; a hyphenated word) or the hyphen dropped."""
    previous = previous.rstrip()
    if not previous or not following:
        return " "
    if _wide(previous[-1]) and _wide(following[0]):
        return ""
    if previous[-1] in "([{“‘«" or (previous[-1] in "\"'" and (len(previous) == 1 or previous[-2] == " ")):
        return ""  # an opening quote or bracket: the layout broke the line right after it
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha() and following[0].islower():
        head = re.split(r"[^\w-]", previous[:-1])[-1]
        tail = re.split(r"[^\w-]", following)[0]
        if soft_hyphen or ((head + tail).casefold() in vocabulary and f"{head}-{tail}".casefold() not in vocabulary):
            return "drop-hyphen"
        return ""
    return " "


def _vocabulary(pages: Sequence[Sequence[Line]]) -> set[str]:
    """The document's own words (and hyphenated compounds): what decides a line-end hyphen."""
    words: set[str] = set()
    for page in pages:
        for line in page:
            words.update(w.casefold() for w in re.findall(r"\w[\w-]*", line.text.replace(HYPHEN, " ")))
    return words


def _unhyphenate(text: str, vocabulary: set[str]) -> str:
    """A word PDFium joined over a line break: without the hyphen when the document spells it so
    elsewhere ("respons-ibility"), with it otherwise (a compound such as "follow-up" keeps its hyphen)."""
    if HYPHEN not in text:
        return text

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        if (head + tail).casefold() in vocabulary and f"{head}-{tail}".casefold() not in vocabulary:
            return head + tail
        return f"{head}-{tail}"

    return _MARKED_HYPHEN.sub(join, text).replace(HYPHEN, "-")


def _text_wrap_width(pages: Sequence[Sequence[Line]], widest: float) -> float:
    """How far a line's next word must reach for the break to be a wrap, learnt from sure wraps.

    Text extracted from a proportional font has full lines of varying length. Where a line ends
    mid-sentence and the next carries on in lower case, the break was surely a wrap: the next word
    did not fit. Nearly all such words reach past the width found here; a shorter line ended on purpose.
    """
    reaches = []
    for page in pages:
        for line, nxt in itertools.pairwise(page):
            tail, head = line.text.rstrip(), nxt.text.lstrip()
            if tail and head and (tail[-1].isalpha() or tail[-1] == ",") and head[0].islower() \
                    and nxt.top - line.bottom <= _PARAGRAPH_GAP * line.height:
                reaches.append(line.x1 + 1 + len(_first_word(head)))
    if len(reaches) < 5:
        return 0.85 * widest
    reaches.sort()
    return reaches[len(reaches) // 10] - 1


def _unspaced(pages: Sequence[Sequence[Line]]) -> bool:
    """Whether extracted text has no blank lines (a gap between consecutive lines) to mark its paragraphs."""
    breaks = gaps = 0
    for page in pages:
        for line, nxt in itertools.pairwise(page):
            breaks += 1
            gaps += nxt.top - line.bottom > _PARAGRAPH_GAP * line.height
    return breaks > 0 and gaps < 0.05 * breaks


def blocks_from_pages(pages: Sequence[Sequence[Line]], *, text_mode: bool = False) -> list[Block]:
    """The blocks of de-paginated pages (furniture already removed)."""
    geometry = _geometry(pages)
    geometry.unspaced = text_mode and _unspaced(pages)
    geometry.wrap_at = _text_wrap_width(pages, geometry.right) if text_mode else geometry.right
    vocabulary = _vocabulary(pages)
    bold_level = min(6, len(geometry.heading_sizes) + 1)
    blocks: list[Block] = []
    for para in _paragraphs(pages, geometry, text_mode):
        runs = _joined_runs(para, vocabulary)
        where = para.lines[0].where()
        if not markdown(runs):
            continue
        if para.kind == "row":
            blocks.append(Block.row([cell.strip() for cell in markdown(runs).split("\t")], where))
            continue
        _untab(runs)
        if para.kind == "heading":
            blocks.append(Block.heading(markdown(Run(r.text) for r in runs), para.level, where))
        elif para.kind == "item":
            checked, text = checkbox_prefix(markdown(runs))
            blocks.append(Block.item(text, para.level, ordered=para.ordered, number=para.number, checked=checked,
                                     where=where))
        elif (block := paragraph_block(runs, where, bold_level)) is not None:
            blocks.append(block)
    return blocks
