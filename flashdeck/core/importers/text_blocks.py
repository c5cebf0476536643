"""Text (plain or Markdown) → the document model.

Markdown's block structure (headings, nested lists, paragraphs, fenced code,
tables, block quotes) is parsed by markdown-it-py, a maintained CommonMark
parser; what hand-written notes add on top of Markdown is recognised here:

- headings written without the space (``##Title``), with closing marks and a
  colon (``###Vision alignment points###:``), a line that is bold and nothing
  else (``**Why this company**``) and an ALL-CAPS line (``WHY THIS ROLE``); the
  last two become headings one level below the deepest ``#`` heading, in the
  order their styles first appear;
- ``Label: value`` lines (``**Label:** value`` too) become LABEL blocks, one
  per line, and a short first line set directly over text or a list
  (``Why this company`` + the points) becomes a LABEL whose value is what follows;
- bullets typed as ``•`` or ``◦``, and ``☐``/``☑`` boxes, read as Markdown lists;
- a list item's own text ends where a line that is a label, or the answer to
  a question item, begins: that text is nested under the item (a Notion toggle);
- a line after a list item that is not indented starts a new block when the item
  ended a sentence (pasted text does not indent its paragraphs).

Every block keeps the line it started on in the user's file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from flashdeck.core.document import Block, BlockKind, Document, Where

__all__ = ["label_of_line", "text_document"]

# "##Title", "###Title###:", "## Title ##" → "## Title" (a hashtag line "#tag #other" stays text).
_LOOSE_ATX = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<hashes>#{1,6})(?P<body>[^#\s].*?|)[ \t]*#*[ \t]*:?[ \t]*$")
# Hashtags ("#prep #amazon", "#todo") are text; a single capitalised "#Closing" is a heading.
_HASHTAGS = re.compile(r"^(?:#[^\W\d_A-Z]\w*|#\w+(?:[ \t]+#\w+)+)[ \t]*$")
_GLYPH_BULLET = re.compile(r"^(?P<indent>[ \t]*)[•◦▪‣●○■·][ \t]+")
_GLYPH_BOX = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+][ \t]+)?(?P<box>[☐□❑☑☒✅✔])[ \t]+")
_ITEM_LINE = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_CHECK = re.compile(r"^\[(?P<mark>[ xX])\][ \t]+")
_TABLE_LINE = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_SENTENCE_END = re.compile(r"[.?!:;)\"”’。？！：]$")
# "(S) …", "(a) …", "(2) …": an enumerated line, which starts a paragraph of its own.
_ENUMERATED = re.compile(r"^\((?:[A-Za-z]|\d{1,2})\)[ \t]+\S")
# "S - Situation", "situation -", "Task — what I had to do": a label set off by a dash, starting a line.
_DASH_LABEL = re.compile(r"^\(?[^\W_]{1,20}\)?(?:[ \t]+[^\W_]{1,20}){0,2}(?:[ \t]+[-–—]+(?:[ \t]+\S.*)?|[ \t]*[-–—]+)$")

# A label: up to six words (letters of any script, digits, a few joining marks) before a colon.
_LABEL = re.compile(
    r"^(?P<label>[^\W\d_][^\W_]*(?:[ \t'’/&+#().–—-]{1,3}[^\W_]+){0,5}[)]?)[ \t]*:(?:[ \t]+(?P<value>\S.*)|[ \t]*)$"
)
_BOLD_LABEL = re.compile(
    r"^(?:\*\*|__)(?P<label>[^*_\n]{1,60}?)[ \t]*(?P<colon>:)?[ \t]*(?:\*\*|__)"
    r"(?:[ \t]*(?P<after>[:–—-])?[ \t]*(?P<value>.*))?$"
)
_URLISH = re.compile(r"^[a-z][a-z0-9+.-]*$", re.IGNORECASE)  # "https" in "https://…" is no label
_MAX_LABEL_CHARS = 48
# markdown-it stops reading (and drops the rest of the document) past its nesting limit, so nesting is
# capped first: deeper list items become siblings at the deepest level, deeper quotes lose their extra ">".
_MAX_INDENT = 40
_MAX_QUOTES = 8
_MAX_NESTING = 64
_DEEP_QUOTE = re.compile(rf"^((?:[ \t]*>){{{_MAX_QUOTES}}})(?:[ \t]*>)+")
_MAX_SHORT_WORDS = 8


@dataclass(frozen=True)
class LineLabel:
    """What a line says it labels: ``label`` and the ``value`` after it (may be empty)."""

    label: str
    value: str
    bold: bool


def label_of_line(line: str) -> LineLabel | None:
    """``"Situation: text"`` / ``"**Task:** text"`` / ``"**Result**: text"`` → the label and its value."""
    text = line.strip()
    bold = _BOLD_LABEL.match(text)
    if bold and (bold.group("colon") or bold.group("after") or not (bold.group("value") or "").strip()):
        label = bold.group("label").strip().rstrip(":").strip()
        value = (bold.group("value") or "").strip()
        if label and (bold.group("colon") or bold.group("after")):
            return LineLabel(label, value, True)
        return None  # bold and nothing else: a heading, not a label
    plain = _LABEL.match(text)
    if plain is None:
        return None
    label = plain.group("label")
    value = plain.group("value") or ""
    if len(label) > _MAX_LABEL_CHARS or (_URLISH.match(label) and value.startswith("//")):
        return None
    words = label.split()
    # Prose such as "The reason was simple: …" is no label; "Why it works: …" and "Q: …" are.
    if len(words) > 4 and not all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return None
    return LineLabel(label, value.strip(), False)


_BOLD_ONLY = re.compile(r"^(?:\*\*|__)(?P<text>[^*_\n]+?)(?:\*\*|__)$")


def _bold_heading(line: str) -> str | None:
    match = _BOLD_ONLY.match(line.strip())
    if match is None:
        return None
    text = match.group("text").strip()
    return None if not text or text.endswith(":") else text


def _caps_heading(line: str) -> str | None:
    """An ALL-CAPS line (at least three capital letters, no lower-case one, not a sentence)."""
    text = line.strip().strip("*_").strip()
    if text != text.upper() or len(text) > 120:
        return None  # a lower-case letter (the common case, decided at C speed)
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or any(c.islower() for c in letters) or not any(c.isupper() for c in letters):
        return None
    if len(text.split()) > 10 or text.endswith((".", ",", ";")) or len(letters) < len(text) / 3:
        return None
    return text.rstrip(":").strip()


def _short_line(line: str) -> bool:
    """A line that can title what follows it: short, not a sentence, not a list item."""
    text = line.strip()
    return (0 < len(text.split()) <= _MAX_SHORT_WORDS and len(text) <= 60 and not re.search(r"[.?!:;,。？！]$", text)
            and not _ITEM_LINE.match(line) and not text.startswith(("|", ">", "`")))


def _indent_of(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _looks_like_new_block(line: str) -> bool:
    return (label_of_line(line) is not None or _bold_heading(line) is not None or _caps_heading(line) is not None
            or bool(_TABLE_LINE.match(line)) or line.lstrip().startswith("#"))


def _normalise(text: str) -> tuple[list[str], list[int]]:
    """The lines Markdown is parsed from, and each one's line in the user's text.

    Lines are rewritten in place (headings, bullets, boxes) and blank lines are
    inserted where hand-written text starts a block Markdown would run on.
    """
    out: list[str] = []
    origin: list[int] = []
    in_fence = False
    in_list = False  # the last unindented block is a list
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        fence = stripped.startswith(("```", "~~~"))
        if stripped and _indent_of(line) > _MAX_INDENT:
            line = " " * _MAX_INDENT + line.expandtabs(4).lstrip()
        line = _DEEP_QUOTE.sub(r"\1", line)
        if stripped and not in_fence and not fence:
            atx = _LOOSE_ATX.match(line)
            if atx and not _HASHTAGS.match(stripped):
                line = f"{atx.group('indent')}{atx.group('hashes')} {atx.group('body').strip()}".rstrip()
            line = _GLYPH_BULLET.sub(lambda m: f"{m.group('indent')}- ", line)
            line = _GLYPH_BOX.sub(
                lambda m: f"{m.group('indent')}- [{' ' if m.group('box') in '☐□❑' else 'x'}] ", line)
            adjacent = bool(out and out[-1].strip())
            if _ITEM_LINE.match(line):
                in_list = in_list or _indent_of(line) == 0
            elif _indent_of(line) == 0:
                if in_list and adjacent and out[-1].rstrip().endswith(("?", "？")) and _ITEM_LINE.match(out[-1]) \
                        and not _looks_like_new_block(line):
                    # A question pasted as a bullet with its answer flush under it (a toggle, copied):
                    # the answer is nested under the question, as the toggle had it.
                    line = " " * (_indent_of(out[-1]) + 4) + line.lstrip()
                elif in_list and adjacent and (_SENTENCE_END.search(out[-1].strip()) or _looks_like_new_block(line)):
                    out.append("")  # pasted text: a paragraph after a list, not the last item's continuation
                    origin.append(number)
                    in_list = False
                elif not adjacent:
                    in_list = False
            if _TABLE_LINE.match(line) and out and out[-1].strip() and not _TABLE_LINE.match(out[-1]):
                out.append("")
                origin.append(number)
        if fence:
            in_fence = not in_fence
        out.append(line)
        origin.append(number)
    return out, origin


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # No indented code blocks: hand-written notes indent prose, never code.
    # No link reference definitions either: "[1]: https://…" in notes is text to keep, not markup to hide.
    return (MarkdownIt("commonmark", {"html": True, "maxNesting": _MAX_NESTING}).enable("table")
            .disable(["code", "reference", "inline"]))  # inline Markdown stays as written: blocks only


class _HtmlText(HTMLParser):
    """The text of an HTML block in Markdown (Notion's <details>/<summary> toggles and <aside> callouts):
    its lines. HTML documents — files, pasted web pages, HTML on standard input — are the HTML reader's
    (``flashdeck.readers``), which keeps their headings and lists; this keeps the text a Markdown file
    carries in HTML from being lost."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.summary: list[str] = []
        self.body: list[str] = []
        self._in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "summary":
            self._in_summary = True
        elif tag in ("p", "br", "div", "tr", "ul", "ol", "li") or re.fullmatch(r"h[1-6]", tag):
            self.body.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary":
            self._in_summary = False
        elif tag in ("li", "p", "div") or re.fullmatch(r"h[1-6]", tag):
            self.body.append("\n")

    def handle_data(self, data: str) -> None:
        (self.summary if self._in_summary else self.body).append(data)


class _Builder:
    """Walks markdown-it's tokens and appends blocks."""

    def __init__(self, origin: list[int]) -> None:
        self.origin = origin
        self.blocks: list[Block] = []
        self.lists: list[tuple[bool, int]] = []  # (ordered, depth) of the open lists
        self.item_number: int | None = None
        self.item_open = False  # the next paragraph is an item's own text
        self.item_depth = 0
        self.checked_next: bool | None = None
        self.pseudo_styles: list[str] = []  # "bold", "caps" in order of first appearance
        self.pseudo: list[tuple[int, str]] = []  # (block index, style) of headings given a level at the end
        self.max_atx = 0

    def where(self, index: int) -> Where:
        return Where(line=self.origin[min(index, len(self.origin) - 1)])

    @property
    def depth(self) -> int:
        return len(self.lists)

    def pseudo_heading(self, text: str, style: str, index: int) -> None:
        if style not in self.pseudo_styles:
            self.pseudo_styles.append(style)
        self.pseudo.append((len(self.blocks), style))
        self.blocks.append(Block.heading(text, 1, self.where(index)))

    def label(self, found: LineLabel, index: int, level: int) -> None:
        label = found.label
        block = Block.labelled(label, found.value, self.where(index))
        if level:
            block = Block(BlockKind.LABEL, block.text, level=level, label=label, where=block.where)
        self.blocks.append(block)

    def paragraph(self, lines: list[str], first: int, level: int) -> None:
        """A paragraph's lines: labels and headings split off, the rest joined."""
        run: list[str] = []
        run_start = first
        open_label = False  # the last block is this paragraph's label whose value may wrap onto the next line

        def flush() -> None:
            if run:
                text = " ".join(part.strip() for part in run)
                self.blocks.append(Block(BlockKind.PARAGRAPH, text, level=level, where=self.where(run_start)))
                run.clear()

        for offset, line in enumerate(lines):
            index = first + offset
            bold = None if level else _bold_heading(line)
            found = None if bold else label_of_line(line)
            caps = None if level or bold or found else _caps_heading(line)
            if bold or caps:
                flush()
                self.pseudo_heading(bold or caps or "", "bold" if bold else "caps", index)
                open_label = False
            elif found is not None:
                flush()
                self.label(found, index, level)
                open_label = bool(found.value) and not _SENTENCE_END.search(found.value)
            elif open_label:
                last = self.blocks[-1]  # a hard-wrapped value: "Situation: we had a problem" / "with deploys."
                value = f"{last.text} {line.strip()}"
                self.blocks[-1] = Block(BlockKind.LABEL, value, level=last.level, label=last.label, where=last.where)
                open_label = not _SENTENCE_END.search(value)
            elif (offset == 0 and len(lines) > 1 and _short_line(line)
                  and len(lines[1].strip()) > len(line.strip())) or _DASH_LABEL.match(line.strip()) \
                    or _ENUMERATED.match(line.strip()):
                # "Why this company" over its text, "S - Situation", "situation - we had…": a line of its own
                flush()
                run_start = index
                run.append(line)
                if not (_DASH_LABEL.match(line.strip()) or _ENUMERATED.match(line.strip())) or len(line.split()) <= 5:
                    flush()  # a long "situation - we had…" line goes on onto its wrapped lines
            else:
                if not run:
                    run_start = index
                run.append(line)
        flush()

    def item_text(self, lines: list[str], first: int) -> None:
        """The first paragraph of a list item: its own text, then what is nested under it."""
        text = lines[0].strip()
        checked = self.checked_next
        if box := _CHECK.match(text):
            checked = box.group("mark") != " "
            text = text[box.end():].strip()
        own = [text]
        rest_at = len(lines)
        for offset in range(1, len(lines)):
            line = lines[offset]
            if label_of_line(line) is not None or own[-1].rstrip().endswith(("?", "？")):
                rest_at = offset
                break
            own.append(line.strip())
        ordered = bool(self.lists and self.lists[-1][0])
        self.blocks.append(Block.item(" ".join(own), self.item_depth, ordered=ordered,
                                      number=self.item_number if ordered else None, checked=checked,
                                      where=self.where(first)))
        if rest_at < len(lines):
            self.paragraph(lines[rest_at:], first + rest_at, self.item_depth + 1)

    def finish(self) -> list[Block]:
        # Below every "#" heading; an ALL-CAPS line above a bold one when a document uses both.
        base = self.max_atx
        ranks: list[str] = [style for style in ("caps", "bold") if style in self.pseudo_styles]
        for index, style in self.pseudo:
            level = min(6, base + 1 + ranks.index(style))
            block = self.blocks[index]
            self.blocks[index] = Block(BlockKind.HEADING, block.text, level=level, label=style, where=block.where)
        return self.blocks


def _inline_lines(token: Any) -> list[str]:
    return [line for line in token.content.split("\n")]


def _html_block(builder: _Builder, token: Any, level: int) -> None:
    reader = _HtmlText()
    reader.feed(token.content)
    reader.close()
    first = token.map[0] if token.map else 0
    source_lines = token.content.split("\n")

    def line_of(text: str) -> int:
        """The line of the block that holds ``text`` (the block's first line when it cannot tell)."""
        return first + next((n for n, line in enumerate(source_lines) if text[:30] in html.unescape(line)), 0)

    body = [" ".join(line.split()) for line in "".join(reader.body).split("\n")]
    body = [line for line in body if line]
    summary = " ".join("".join(reader.summary).split())
    if summary and not token.content.lstrip().lower().startswith("<details"):
        body.insert(0, summary)  # a <summary> outside a toggle is just text
        summary = ""
    if summary:
        builder.blocks.append(Block.item(summary, level, where=builder.where(line_of(summary))))
    level = level + 1 if summary else level
    for line in body:
        builder.paragraph([line], line_of(line), level)


def _table(builder: _Builder, tokens: list[Any], start: int) -> int:
    """Rows of a table from ``start`` (its ``table_open``); returns the index after ``table_close``."""
    index = start + 1
    cells: list[str] = []
    row_line = 0
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            cells, row_line = [], token.map[0] if token.map else row_line
        elif token.type == "inline":
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            builder.blocks.append(Block.row(cells, builder.where(row_line)))
        index += 1
    return index + 1


def _walk(builder: _Builder, tokens: list[Any]) -> None:
    index = 0
    heading_level = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            builder.lists.append((kind == "ordered_list_open", len(builder.lists)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            builder.lists.pop()
        elif kind == "list_item_open":
            builder.item_open = True
            builder.item_depth = builder.depth - 1
            info = token.info
            builder.item_number = int(info) if info.isdigit() else None
            builder.checked_next = None
        elif kind == "list_item_close":
            if builder.item_open:  # an empty item ("-" alone)
                builder.item_open = False
        elif kind == "heading_open":
            heading_level = int(token.tag[1])
            inline = tokens[index + 1]
            lines = _inline_lines(inline)
            first = token.map[0]
            if token.markup in ("=", "-") and len(lines) > 1:
                builder.paragraph(lines, first, builder.depth)  # "---" under a paragraph: a rule, not a heading
            else:
                text = " ".join(part.strip() for part in lines).strip().rstrip(":").strip()
                text = re.sub(r"^(\*\*|__)(.+)\1$", r"\2", text).strip()
                if text:
                    builder.max_atx = max(builder.max_atx, heading_level)
                    builder.blocks.append(Block.heading(text, heading_level, builder.where(first)))
            index += 3
            continue
        elif kind == "paragraph_open":
            inline = tokens[index + 1]
            lines = _inline_lines(inline)
            first = token.map[0]
            after = tokens[index + 3] if index + 3 < len(tokens) else None
            over_list = (after is not None and after.type in ("bullet_list_open", "ordered_list_open")
                         and after.map is not None and after.map[0] == token.map[1])
            if builder.item_open:
                builder.item_open = False
                builder.item_text(lines, first)
            elif over_list and len(lines) == 1 and _short_line(lines[0]) and not _bold_heading(lines[0]) \
                    and not _caps_heading(lines[0]):
                # "Why this company" directly over its points: a label whose value is the list
                builder.label(LineLabel(lines[0].strip(), "", False), first, builder.depth and builder.item_depth + 1)
            else:
                builder.paragraph(lines, first, builder.depth and builder.item_depth + 1)
            index += 3
            continue
        elif kind in ("fence", "code_block"):
            fence = token.markup or "```"
            body = f"{fence}{token.info}\n{token.content}{fence}"
            level = builder.depth and builder.item_depth + 1
            if builder.item_open:
                builder.item_open = False
                builder.blocks.append(Block.item("", builder.item_depth, where=builder.where(token.map[0])))
            builder.blocks.append(Block(BlockKind.PARAGRAPH, body, level=level, where=builder.where(token.map[0])))
        elif kind == "html_block":
            _html_block(builder, token, builder.depth and builder.item_depth + 1)
        elif kind == "table_open":
            index = _table(builder, tokens, index)
            continue
        index += 1


_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z][\w-]*[ \t]*:")


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """A YAML-style ``---`` block at the top: its simple keys, and the lines it spans."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    values: dict[str, str] = {}
    for index in range(1, min(len(lines), 40)):
        line = lines[index]
        if line.strip() in ("---", "..."):
            return values, index + 1
        if line.strip() and not _FRONT_MATTER_KEY.match(line) and not line.startswith((" ", "\t", "-")):
            return {}, 0  # not front matter after all: a thematic break over prose
        key, _, value = line.partition(":")
        values[key.strip().casefold()] = value.strip().strip("\"'")
    return {}, 0


class _BlocksOnDemand(list[Block]):
    """A text document's blocks, read the first time anything asks for them.

    Formats parsed from the exact text (CSV, deck files) never look at the blocks,
    so a 50,000-row TSV does not pay for a Markdown parse it does not need.
    """

    def __init__(self, make: Callable[[], list[Block]]) -> None:
        super().__init__()
        self._make: Callable[[], list[Block]] | None = make

    def _fill(self) -> None:
        make, self._make = self._make, None
        if make is not None:
            super().extend(make())

    def __iter__(self) -> Iterator[Block]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        self._fill()
        return super().__getitem__(index)

    def __contains__(self, value: object) -> bool:
        self._fill()
        return super().__contains__(value)

    def __reversed__(self) -> Iterator[Block]:
        self._fill()
        return super().__reversed__()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None  # a list: unhashable

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()

    def copy(self) -> list[Block]:
        self._fill()
        return list(super().__iter__())

    def index(self, value: Block, *args: Any) -> int:
        self._fill()
        return super().index(value, *args)

    def count(self, value: Block) -> int:
        self._fill()
        return super().count(value)

    def append(self, value: Block) -> None:
        self._fill()
        super().append(value)

    def extend(self, values: Iterable[Block]) -> None:
        self._fill()
        super().extend(values)

    def insert(self, index: Any, value: Block) -> None:
        self._fill()
        super().insert(index, value)

    def __setitem__(self, index: Any, value: Any) -> None:
        self._fill()
        super().__setitem__(index, value)

    def __delitem__(self, index: Any) -> None:
        self._fill()
        super().__delitem__(index)

    def remove(self, value: Block) -> None:
        self._fill()
        super().remove(value)

    def pop(self, index: Any = -1) -> Block:
        self._fill()
        return super().pop(index)


# Past this, a document is read line by line (headings, items, labels, paragraphs; no code fences,
# tables or lazy list continuations): markdown-it-py reads some 100 KB a second. Imports never get here
# (notes are read up to MAX_NOTES_LINES, flashdeck.core.importers); the parsers called directly on text
# (star.parse, outline.parse …) still must not take minutes on a long one.
LINE_BY_LINE_LINES = 20_000
LINE_BY_LINE_CHARS = 2_000_000
_ATX_LINE = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*$")
_ITEM_PARTS = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|(?P<number>\d{1,9})[.)])[ \t]+(?P<text>.*)$")


def _walk_lines(builder: _Builder, lines: list[str]) -> None:
    """The line-by-line reader for very large documents (see ``LINE_BY_LINE_LINES``)."""
    run: list[str] = []
    run_start = 0

    def flush() -> None:
        if run:
            builder.paragraph(list(run), run_start, 0)
            run.clear()

    for index, line in enumerate(lines):
        if not line.strip():
            flush()
        elif heading := _ATX_LINE.match(line):
            flush()
            if heading.group(2):
                builder.max_atx = max(builder.max_atx, len(heading.group(1)))
                builder.blocks.append(Block.heading(heading.group(2), len(heading.group(1)), builder.where(index)))
        elif item := _ITEM_PARTS.match(line):
            flush()
            number = item.group("number")
            builder.lists = [(number is not None, 0)]
            builder.item_depth = _indent_of(line) // 2
            builder.item_number = int(number) if number else None
            builder.checked_next = None
            builder.item_text([item.group("text")], index)
        else:
            if not run:
                run_start = index
            run.append(line)
    flush()


def _read_blocks(text: str, meta_lines: int) -> list[Block]:
    raw_lines = text.split("\n")
    if meta_lines:
        raw_lines = [""] * meta_lines + raw_lines[meta_lines:]
    lines, line_origin = _normalise("\n".join(raw_lines))
    builder = _Builder(line_origin)
    if len(lines) > LINE_BY_LINE_LINES or len(text) > LINE_BY_LINE_CHARS:
        _walk_lines(builder, lines)
    else:
        _walk(builder, _parser().parse("\n".join(lines)))
    return [b for b in builder.finish() if b.text or b.kind is BlockKind.LABEL or b.kind is BlockKind.ROW]


def text_document(text: str, source: str = "<text>", *, origin: str = "text") -> Document:
    """The blocks of a text document (read when first asked for); the text itself is kept for formats
    parsed from it exactly."""
    text = text.lstrip("\ufeff")
    if "\r" in text:  # (one pass to look: each replacement is a pass over the text, and most have none)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, meta_lines = _front_matter(text.split("\n", 40)[:40])
    blocks = _BlocksOnDemand(lambda: _read_blocks(text, meta_lines))
    return Document(source=source, blocks=blocks, text=text, origin=origin, meta=meta, meta_lines=meta_lines)
