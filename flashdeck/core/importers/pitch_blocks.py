"""Talking points under a pitch heading ("Tell me about yourself", "Why this company?", "Why Acme").

The points become a spoken ``pitch`` note whose beats are the points, in order,
so a rehearsal can check each was said; what a point carries underneath it (a
fact, a number, an example — nested bullets, an indented line, or an "e.g." in
the point itself) becomes a ``concept`` note to recall, titled by the point.
Paragraphs under the heading (a written-out pitch) are the pitch's text, and a
``Tip:`` line its tip.
"""

from __future__ import annotations

import re

from flashdeck.core.document import Block, BlockKind
from flashdeck.core.importers.labels import label_key
from flashdeck.core.importers.sections import Section, plain, render_blocks
from flashdeck.core.notes import NoteDraft

__all__ = ["read_pitch"]

_EXAMPLE = re.compile(r"\s*(?:[—–-]+\s*|\(\s*|[,;:]\s*)(?:e\.\s?g\.|for example|for instance|example:|ex:)\s*",
                      re.IGNORECASE)
_SUFFIX = re.compile(r"\s*[-–—:]?\s*(?:talking points|pitch notes|notes)\s*$", re.IGNORECASE)


def _split_example(point: str) -> tuple[str, str]:
    """``"Their API — e.g. I shipped on it"`` → (``"Their API"``, ``"I shipped on it"``)."""
    match = _EXAMPLE.search(point)
    if match is None or match.start() == 0:
        return point, ""
    example = point[match.end():].strip().rstrip(")").strip()
    return point[: match.start()].strip(), example


def read_pitch(section: Section) -> list[NoteDraft]:
    """The pitch note (and the recall notes of its facts) of a pitch section."""
    label = _SUFFIX.sub("", section.title).strip() or section.title
    if label.isupper():
        label = label.capitalize()  # "WHY THIS ROLE" reads as a title, not a shout
    blocks: list[Block] = list(section.blocks)
    for child in section.children:  # sub-headings under a pitch are its points
        assert child.heading is not None
        blocks.append(Block.item(child.title, 0, where=child.heading.where))
        blocks += [Block(b.kind, b.text, level=b.level + 1, ordered=b.ordered, number=b.number, checked=b.checked,
                         label=b.label, cells=b.cells, where=b.where) for b in child.all_blocks()]
    items = [b for b in blocks if b.kind is BlockKind.ITEM]
    top = min((b.level for b in items), default=0)
    points: list[tuple[Block, list[Block]]] = []
    text: list[Block] = []
    tip = ""
    for block in blocks:
        if block.kind is BlockKind.ITEM and block.level == top:
            points.append((block, []))
        elif block.kind is BlockKind.LABEL and block.level == 0 and label_key(block.label) in ("tip", "tips"):
            tip = block.text
        elif block.kind is BlockKind.LABEL and block.level == 0 and block.text and not points:
            points.append((Block.item(f"{block.label}: {block.text}", top, where=block.where), []))
        elif points and block.level > top:
            points[-1][1].append(block)
        else:
            text.append(block)
    beats: list[str] = []
    notes: list[NoteDraft] = []
    for item, under in points:
        point, example = _split_example(plain(item.text))
        beats.append(point)
        facts = [example] if example else []
        detail = render_blocks(under)
        if detail:
            facts.append(detail)
        if facts:
            fields = {"term": f"{label.rstrip('?:.')} — {point}", "definition": "\n\n".join(facts)}
            notes.append(NoteDraft("concept", fields, tags=("talking-point",), line=item.where.line))
    fields = {"label": label}
    if text:
        fields["text"] = render_blocks(text)
    if beats:
        fields["beats"] = "\n".join(f"{n}. {beat}" for n, beat in enumerate(beats, 1))
    if tip:
        fields["tip"] = tip
    line = section.line
    return [NoteDraft("pitch", fields, line=line), *notes]

