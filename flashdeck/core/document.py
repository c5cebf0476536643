"""The document model: what every reader produces and every importer reads.

A PDF, a Word file, a saved web page, pasted text and a Markdown file all
become the same :class:`Document`: a flat list of :class:`Block` (headings
with their level, paragraphs with their hard-wrapped lines joined, list items
with their nesting, ``Label: value`` lines, table rows), each knowing where it
came from (page and line) so that messages can name it. Because the importers
see only this model, one playbook as .txt, .pdf, .docx or .html yields the
same notes.

Two text views serve the importers that work line by line:

- :meth:`Document.lines` — one plain line per block (headings without marks),
  blank lines between paragraphs: the shape of text a PDF tool extracts, which
  the generated-playbook and competency-guide importers read;
- :meth:`Document.markdown` — Markdown (``#`` headings, ``-`` items), which the
  importers of hand-written notes read.

Documents that were text to begin with keep it (:attr:`Document.text`), so
exact formats (deck files, CSV) are parsed from the very characters the user
wrote, with the line numbers their editor shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Block", "BlockKind", "Document", "Where"]


@dataclass(frozen=True)
class Where:
    """Where a block starts in its source: a 1-based line, a 1-based page, or both."""

    line: int | None = None
    page: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    LABEL = "label"
    ROW = "row"


@dataclass(frozen=True)
class Block:
    """One unit of a document.

    ``text`` is inline Markdown on one line (``**bold**`` and ``*italic*`` kept,
    wrapped lines joined). Per kind:

    - ``HEADING``: ``level`` 1–6 (1 is the largest); ``label`` says how a heading of
      hand-written text was marked when it was not a Markdown heading (``bold``, ``caps``);
    - ``ITEM``: ``level`` is the nesting depth (0 = top), ``ordered`` and
      ``number`` for numbered items, ``checked`` for to-do items (``None``: no box);
    - ``LABEL``: ``label`` is the label, ``text`` the value (may be empty when
      the value is the blocks that follow); ``level`` > 0 when it is nested under a list item;
    - ``PARAGRAPH``: ``level`` > 0 when it is nested under a list item of depth ``level - 1``
      (a toggle's body); a fenced code block is one paragraph holding its lines;
    - ``ROW``: ``cells`` are the cells of one table row; ``text`` joins them with tabs.
    """

    kind: BlockKind
    text: str
    level: int = 0
    ordered: bool = False
    number: int | None = None
    checked: bool | None = None
    label: str = ""
    cells: tuple[str, ...] = ()
    where: Where = field(default_factory=Where)

    @classmethod
    def heading(cls, text: str, level: int, where: Where | None = None) -> Block:
        return cls(BlockKind.HEADING, text, level=max(1, min(6, level)), where=where or Where())

    @classmethod
    def paragraph(cls, text: str, where: Where | None = None) -> Block:
        return cls(BlockKind.PARAGRAPH, text, where=where or Where())

    @classmethod
    def item(cls, text: str, level: int = 0, *, ordered: bool = False, number: int | None = None,
             checked: bool | None = None, where: Where | None = None) -> Block:
        return cls(BlockKind.ITEM, text, level=max(0, level), ordered=ordered, number=number, checked=checked,
                   where=where or Where())

    @classmethod
    def labelled(cls, label: str, value: str, where: Where | None = None) -> Block:
        return cls(BlockKind.LABEL, value, label=label, where=where or Where())

    @classmethod
    def row(cls, cells: Iterable[str], where: Where | None = None) -> Block:
        cells = tuple(cells)
        return cls(BlockKind.ROW, "\t".join(cells), cells=cells, where=where or Where())

    def plain(self) -> str:
        """The block as one plain line (see :meth:`Document.lines`)."""
        if self.kind is BlockKind.ITEM:
            return "  " * self.level + self._marker() + self.text
        if self.kind is BlockKind.LABEL:
            return f"{self.label}: {self.text}".rstrip()
        return self.text

    def as_markdown(self) -> str:
        """The block as Markdown (see :meth:`Document.markdown`)."""
        if self.kind is BlockKind.HEADING:
            return "#" * self.level + " " + self.text
        return self.plain()

    def _marker(self) -> str:
        marker = f"{self.number if self.number is not None else 1}. " if self.ordered else "- "
        if self.checked is not None:
            marker += "[x] " if self.checked else "[ ] "
        return marker


# Runs of these stay together, one per line, with no blank line between them. Labels are not among
# them: each is a paragraph of its own in a PDF, Word file or web page, and the text views keep the
# blank line a paragraph has, whichever reader found the label.
_RUNS = (BlockKind.ITEM, BlockKind.ROW)


@dataclass
class Document:
    """A document as blocks, with the facts a reader knew about it."""

    source: str
    blocks: list[Block] = field(default_factory=list)
    title: str = ""  # from the file's own metadata (HTML <title>, DOCX core properties, PDF info)
    text: str | None = None  # the exact text, for documents that were text to begin with
    origin: str = "text"  # which reader made it: text, markdown, pdf, pdf-text (extracted from a PDF), docx, html
    warnings: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)  # running headers/footers a reader took away (one of each)
    # Settings written at the top of a Markdown file ("---" / "title: My prep" / "---"): key → value,
    # and how many lines they took (they are not blocks).
    meta: dict[str, str] = field(default_factory=dict)
    meta_lines: int = 0

    def lines(self) -> list[str]:
        """One plain line per block; a blank line between blocks except inside a run of items or rows."""
        return [line for line, _ in self.located_lines(markdown=False)]

    def markdown(self) -> str:
        """The document as Markdown text."""
        return "\n".join(line for line, _ in self.located_lines(markdown=True))

    def located_lines(self, *, markdown: bool = False) -> list[tuple[str, Where]]:
        """The text views' lines, each with where its block came from (blank lines carry the next block's)."""
        out: list[tuple[str, Where]] = []
        previous: BlockKind | None = None
        for block in self.blocks:
            if previous is not None and not (block.kind == previous and block.kind in _RUNS):
                out.append(("", block.where))
            out.append((block.as_markdown() if markdown else block.plain(), block.where))
            previous = block.kind
        return out

    def where_of_line(self, index: int, *, markdown: bool = False) -> Where:
        """Where the 0-based line ``index`` of a text view came from."""
        located = self.located_lines(markdown=markdown)
        if not located:
            return Where()
        return located[max(0, min(index, len(located) - 1))][1]
