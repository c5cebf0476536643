"""A document's blocks as a tree of headed sections, and blocks back into Markdown field text.

The parsers of hand-written material (outline, star, questions, pitch) work on
this tree, whatever reader made the blocks: a ``###Heading###:`` in a text
file, a Word "Heading 3" and an HTML ``<h3>`` all open the same section.
:class:`Leftovers` collects the lines that went into no field of their own,
for the import report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from flashdeck.core.document import Block, BlockKind
from flashdeck.core.notes import Unmapped

__all__ = ["Leftovers", "Section", "build_tree", "first_line", "plain", "render_blocks"]


@dataclass(eq=False)
class Section:
    """A heading (``None`` for the text before the first one), its own blocks and its sub-sections."""

    heading: Block | None
    level: int
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = None

    @property
    def title(self) -> str:
        return plain(self.heading.text) if self.heading is not None else ""

    @property
    def line(self) -> int | None:
        if self.heading is not None:
            return self.heading.where.line
        return first_line(self.blocks)

    def all_blocks(self) -> Iterator[Block]:
        """Own blocks, then each sub-section's heading and blocks, in document order."""
        yield from self.blocks
        for child in self.children:
            if child.heading is not None:
                yield child.heading
            yield from child.all_blocks()

    def has_content(self) -> bool:
        return bool(self.blocks) or any(c.has_content() or c.heading is not None for c in self.children)


def build_tree(blocks: Iterable[Block]) -> Section:
    """Sections nest by heading level; the root holds what comes before the first heading."""
    root = Section(None, 0)
    stack = [root]
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            while stack[-1].level >= block.level:
                stack.pop()
            section = Section(block, block.level, parent=stack[-1])
            stack[-1].children.append(section)
            stack.append(section)
        else:
            stack[-1].blocks.append(block)
    return root


def first_line(blocks: Sequence[Block]) -> int | None:
    return next((b.where.line for b in blocks if b.where.line is not None), None)


def plain(text: str) -> str:
    """Inline Markdown without the emphasis around it: ``**Title**`` → ``Title``."""
    text = text.strip()
    for mark in ("**", "__", "*", "_"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            return text[len(mark):-len(mark)].strip()
    return text


_INDENT = "    "  # four spaces nest a list in every Markdown dialect (Python-Markdown needs four)


def _marker(block: Block) -> str:
    marker = f"{block.number if block.number is not None else 1}. " if block.ordered else "- "
    if block.checked is not None:
        marker += "[x] " if block.checked else "[ ] "
    return marker


def _block_lines(block: Block, base: int) -> list[str]:
    depth = max(0, block.level - base)
    pad = _INDENT * depth
    if block.kind is BlockKind.ITEM:
        return [pad + _marker(block) + block.text]
    if block.kind is BlockKind.HEADING:
        if block.label == "bold":
            return [f"**{block.text}**"]
        if block.label == "caps":
            return [block.text]
        return ["#" * block.level + " " + block.text]
    if block.kind is BlockKind.LABEL:
        text = f"{block.label}: {block.text}".rstrip() if block.text else f"{block.label}:"
        return [pad + text]
    if block.kind is BlockKind.ROW:
        return ["| " + " | ".join(cell.replace("|", "\\|") for cell in block.cells) + " |"]
    return [pad + line if line else line for line in block.text.split("\n")]


def render_blocks(blocks: Sequence[Block], base: int | None = None) -> str:
    """Blocks as Markdown: lists nested by four spaces, a blank line between paragraphs, tables whole.

    ``base`` is the nesting level written flush left (default: the shallowest item's).
    """
    if not blocks:
        return ""
    if base is None:
        base = min((b.level for b in blocks if b.kind in (BlockKind.ITEM, BlockKind.PARAGRAPH, BlockKind.LABEL)),
                   default=0)
    lines: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            tight = (block.kind is previous.kind and block.kind in (BlockKind.ITEM, BlockKind.ROW))
            if not tight:
                lines.append("")
        out = _block_lines(block, base)
        if block.kind is BlockKind.ROW and (previous is None or previous.kind is not BlockKind.ROW):
            out = [*out, "|" + "---|" * max(1, len(block.cells))]
        lines.extend(out)
        previous = block
    return "\n".join(lines).strip("\n")


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Leftovers:
    """The lines that became no field of their own, and where they were kept instead."""

    items: list[Unmapped] = field(default_factory=list)

    def add(self, blocks: Iterable[Block], kept_in: str) -> None:
        for block in blocks:
            text = block.plain().strip()
            if text:
                self.items.append(Unmapped(block.where.line, _short(text), kept_in))
