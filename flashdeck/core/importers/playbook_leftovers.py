"""The parts of a playbook that fit no note kind, kept as notes to study anyway.

"Where you stand", "What they actually want", the mistakes to watch out for,
the delivery tips, the gap analysis and the questions that hurt a candidacy
are advice rather than pitches, stories or questions. They are not dropped:
each short heading in them starts a ``basic`` note (front "Part › Heading",
back its text), tagged ``unsorted``, and the import report lists their lines.
Headings in PDF text are lines of their own: short, not a sentence, with a
blank line on each side; a section number alone on a line starts a new part.
"""

from __future__ import annotations

import re

from flashdeck.core.importers.playbook_text import Context, Section, heading_text
from flashdeck.core.notes import NoteDraft, Unmapped

__all__ = ["leftover_notes"]

_SEPARATOR = " › "
_MAX_HEADING_WORDS = 9


def _is_heading(ctx: Context, index: int, start: int, end: int) -> bool:
    doc = ctx.doc
    raw = doc.raw[index]
    if doc.blank(index) or doc.page_number(index) or raw.startswith(("-", "•", "→", "|")) or "\t" in raw:
        return False
    if len(raw.split()) > _MAX_HEADING_WORDS or re.search(r"[.,;!?)\]]$", raw):
        return False
    before = index == start or doc.blank(index - 1) or doc.page_number(index - 1)
    after = index + 1 >= end or doc.blank(index + 1)
    return before and after


def leftover_notes(ctx: Context, regions: list[tuple[str, Section]]) -> tuple[list[NoteDraft], list[Unmapped]]:
    """Basic notes for the text in ``regions`` (named parts of the playbook no other parser reads)."""
    doc = ctx.doc
    notes: list[NoteDraft] = []
    unmapped: list[Unmapped] = []
    fronts: set[str] = set()
    for part, region in regions:
        top = part
        chunks: list[tuple[int, str, list[int]]] = []  # (heading line, front, content lines)
        pending_number = False
        for index in range(region.start, region.end):
            if doc.blank(index):
                continue
            if doc.page_number(index):
                pending_number = True
                continue
            if _is_heading(ctx, index, region.start, region.end):
                title = heading_text(doc.raw[index])
                if pending_number or (not chunks and index == region.start):
                    top = title
                    chunks.append((index, top, []))
                else:
                    chunks.append((index, f"{top}{_SEPARATOR}{title}", []))
                pending_number = False
                continue
            pending_number = False
            if not chunks:
                chunks.append((index, top, []))
            chunks[-1][2].append(index)
        for heading, front, lines in chunks:
            if not lines:
                continue
            text = doc.prose(min(lines), max(lines) + 1)
            name = front
            number = 2
            while name.casefold() in fronts:
                name, number = f"{front} ({number})", number + 1
            fronts.add(name.casefold())
            notes.append(NoteDraft("basic", {"front": name, "back": text}, tags=ctx.tags("unsorted"),
                                   line=heading + 1))
            for first, paragraph in doc.paragraphs(min(lines), max(lines) + 1):
                shown = paragraph if len(paragraph) <= 80 else paragraph[:79].rstrip() + "…"
                unmapped.append(Unmapped(first + 1, shown, f"note {name!r}"))
    return notes, unmapped
