"""STAR stories in a run of blocks: however the parts are labelled, with whatever surrounds them.

The blocks of a story's region (see :mod:`flashdeck.core.importers.handwritten`)
are first read as *units*: a STAR label (``Situation:``, ``**Task**``, ``## Action``,
``R –``, ``(S)``, ``situation -``, ``Situation (verify)``), a question the story
answers (``Question:`` or a line such as "Tell me about a time … ."), a title, a
story field (``Anchor:``, ``Follow-ups:``), a coaching label (``What to showcase``,
``What to avoid``, ``Tips``), a heading, or content. A new story starts where a
part repeats (a second Situation); the question, title or heading just above
its first part belongs to it, the coaching after a story's Result to that story.

A coaching rubric becomes the story's own checklist (one line per point, with
its example) and an "avoid" list in its notes; prose that is no part of the
story is kept in its notes and listed as unmapped. A story missing one of the
four parts is an error naming its first line: nothing half-made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from flashdeck.core.document import Block, BlockKind
from flashdeck.core.importers.labels import (
    STAR_ORDER,
    coaching_kind,
    is_question,
    question_or_answer,
    star_label,
    story_field,
)
from flashdeck.core.importers.sections import Leftovers, plain, render_blocks
from flashdeck.core.importers.text_blocks import label_of_line
from flashdeck.core.notes import ImportFormatError, NoteDraft

__all__ = ["Unit", "count_parts", "may_have_parts", "read_stories", "title_from_question", "units_of"]

_STRUCTURAL = {"star", "question", "title", "field", "coaching"}
_STARTERS = {"question", "title", "heading", "soft_question"}


@dataclass
class Unit:
    """One block read for a story: its role, the name it labels and the text after the label."""

    role: str  # star | question | soft_question | title | field | coaching | heading | content
    block: Block
    name: str = ""  # star part, story field, coaching kind, or a heading's text
    rest: str = ""
    level: int | None = None  # the heading level, for parts and labels written as headings
    label: str = ""  # the label as written (coaching)


def _classify_label(label: str, rest: str, block: Block, level: int | None, letters: bool) -> Unit | None:
    star = star_label(label, letters=letters)
    if star is not None and not star.rest:
        return Unit("star", block, star.part, rest, level)
    if question_or_answer(label) == "q":
        return Unit("question", block, "", rest, level)
    if (name := story_field(label)) is not None:
        return Unit("title" if name == "title" else "field", block, name, rest, level)
    if (kind := coaching_kind(label)) is not None:
        return Unit("coaching", block, kind, rest, level, plain(label))
    return None


# A STAR label needs one of these words (or a lone S/T/A/R): most blocks are ruled out by one search.
_MAYBE_STAR = re.compile(r"situation|context|task|action|result|outcome|(?<![^\W\d_])[STAR](?![^\W\d_])",
                         re.IGNORECASE)


def _classify(block: Block, letters: bool, lenient: bool) -> Unit:
    nested = block.kind in (BlockKind.PARAGRAPH, BlockKind.LABEL, BlockKind.ITEM) and block.level > 0
    if block.kind is BlockKind.ROW or nested or (block.kind is BlockKind.ITEM and not lenient):
        return Unit("content", block)
    return _classify_cached(block, letters, lenient)


@lru_cache(maxsize=65536)
def _classify_cached(block: Block, letters: bool, lenient: bool) -> Unit:
    text = block.text
    if block.kind is BlockKind.HEADING:
        heading = plain(text)
        star = star_label(heading, letters=letters)
        if star is not None:
            return Unit("star", block, star.part, star.rest, block.level)
        found = _classify_label(heading.rstrip(":"), "", block, block.level, letters)
        if found is not None:
            return found
        if is_question(heading):
            return Unit("question", block, "", heading, block.level)
        return Unit("heading", block, heading, "", block.level)
    if block.kind is BlockKind.LABEL and block.level == 0:
        found = _classify_label(block.label, block.text, block, None, letters)
        return found or Unit("content", block)
    if block.kind is BlockKind.PARAGRAPH and block.level == 0:
        star = star_label(text, letters=letters)
        if star is not None:
            return Unit("star", block, star.part, star.rest)
        words = text.split()
        if len(words) <= 6 and not re.search(r"[.!?]$", text) and (kind := coaching_kind(text)):
            return Unit("coaching", block, kind, "", None, plain(text))  # "Tips" alone on a line
        if is_question(text):
            return Unit("soft_question", block, "", text)
    if lenient and block.kind is BlockKind.ITEM and block.level == 0 and (found_label := label_of_line(text)):
        found = _classify_label(found_label.label, found_label.value, block, None, letters)
        if found is not None and found.role == "star":
            return found
    return Unit("content", block)


def units_of(blocks: Sequence[Block], *, lenient: bool = False) -> list[Unit]:
    """The blocks read as story units; lone letters (``S:`` …) count only when three or more are used."""
    units = [_classify(b, True, lenient) for b in blocks]
    letters = {u.name for u in units if u.role == "star" and _letter_only(u)}
    if len(letters) >= 3:
        return units
    return [_classify(b, False, lenient) if u.role == "star" and _letter_only(u) else u
            for b, u in zip(blocks, units, strict=True)]


def _letter_only(unit: Unit) -> bool:
    star = None
    if unit.block.kind is BlockKind.LABEL:
        star = star_label(unit.block.label)
    elif unit.block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING):
        star = star_label(plain(unit.block.text))
    elif unit.block.kind is BlockKind.ITEM and (found := label_of_line(unit.block.text)):
        star = star_label(found.label)
    return star is not None and star.letter_only


def count_parts(units: Sequence[Unit]) -> set[str]:
    return {u.name for u in units if u.role == "star"}


def may_have_parts(blocks: Sequence[Block]) -> bool:
    """Whether any block could hold a STAR label (a cheap test before reading them as units)."""
    return any(_MAYBE_STAR.search(b.label if b.kind is BlockKind.LABEL else b.text) for b in blocks
               if b.kind is not BlockKind.ROW and (b.kind is not BlockKind.ITEM or b.level == 0))


# -- splitting a region into stories ---------------------------------------------------------------


@dataclass
class _Story:
    parts: list[int]  # unit indices of its STAR labels
    head: tuple[int, int] = (0, 0)  # [start, end) of the units above its first part
    tail: tuple[int, int] = (0, 0)  # [start, end) of the units after its last part's text


def _ends_part(unit: Unit, part: Unit) -> bool:
    if unit.role in _STRUCTURAL:
        return True
    if unit.role == "heading":
        return part.level is None or (unit.level is not None and unit.level <= part.level)
    return False


def _body_end(units: Sequence[Unit], start: int, stop: int) -> int:
    """Where the text of the part at ``start`` ends (before ``stop``)."""
    part = units[start]
    for index in range(start + 1, stop):
        if _ends_part(units[index], part):
            return index
    return stop


def _split(units: Sequence[Unit]) -> list[_Story]:
    stories: list[_Story] = []
    for index, unit in enumerate(units):
        if unit.role != "star":
            continue
        order = STAR_ORDER.index(unit.name)
        if stories and order > max(STAR_ORDER.index(units[i].name) for i in stories[-1].parts):
            stories[-1].parts.append(index)
        else:
            stories.append(_Story([index]))
    for n, story in enumerate(stories):
        first = story.parts[0]
        if n == 0:
            story.head = (0, first)
            continue
        previous = stories[n - 1]
        end = _body_end(units, previous.parts[-1], first)
        starter = next((i for i in range(end, first) if units[i].role in _STARTERS), first)
        previous.tail = (end, starter)
        story.head = (starter, first)
    if stories:
        last = stories[-1]
        last.tail = (_body_end(units, last.parts[-1], len(units)), len(units))
    return stories


# -- one story's fields ----------------------------------------------------------------------------

_LEAD = re.compile(
    r"^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
    r"(?:tell\s+(?:me|us)\s+about|describe|give\s+(?:me\s+|us\s+)?an\s+example\s+of|talk\s+about|"
    r"share|walk\s+(?:me|us)\s+through)\s+"
    r"(?:(?:a|an|the)\s+)?(?:(?:time|situation|moment|occasion|example|instance)\s+)?"
    r"(?:(?:when|where|in\s+which|that)\s+)?(?:you\s+)?",
    re.IGNORECASE,
)


def title_from_question(question: str) -> str:
    """A short title from an interview question: "Tell me about a time you X?" → "X"."""
    text = " ".join(question.split()).rstrip("?.!")
    short = _LEAD.sub("", text, count=1).strip() or text
    if short != text:
        # The title is the candidate's own story: "with your manager" → "with my manager".
        short = re.sub(r"\byour\b", "my", re.sub(r"\byourself\b", "myself", short))
    words = short.split()
    if len(words) > 8:
        short = " ".join(words[:8]) + "…"
    return short[:1].upper() + short[1:]


def title_from_text(text: str) -> str:
    """A title for a story that has none: the first words of its Situation."""
    first = re.split(r"(?<=[.!?;])\s", " ".join(plain(text).split()), maxsplit=1)[0].rstrip(".!?;,")
    first = re.sub(r"[*_`\[\]]", "", first)
    words = first.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "") if words else "STAR story"


def _groups(units: Sequence[Unit], start: int, end: int) -> list[tuple[Unit | None, list[Block]]]:
    """Units ``[start, end)`` as (label unit, the content blocks under it); leading content has no label."""
    groups: list[tuple[Unit | None, list[Block]]] = []
    for unit in units[start:end]:
        if unit.role == "content":
            if not groups:
                groups.append((None, []))
            groups[-1][1].append(unit.block)
        else:
            groups.append((unit, []))
    return groups


def _points(blocks: Sequence[Block]) -> list[str]:
    """A rubric as checklist lines: one per point, its example (what is nested under it) beside it."""
    items: list[list[str]] = []
    top = min((b.level for b in blocks if b.kind is BlockKind.ITEM), default=0)
    for block in blocks:
        text = plain(block.plain().strip() if block.kind is BlockKind.LABEL else block.text.strip())
        if not text:
            continue
        if (block.kind is BlockKind.ITEM and block.level == top) or not items or (block.kind is BlockKind.LABEL \
                and block.level == 0) or (block.kind is BlockKind.PARAGRAPH and block.level == 0):
            items.append([text])
        else:
            items[-1].append(text)
    return [f"- {point[0]}" + (f" — {'; '.join(point[1:])}" if len(point) > 1 else "") for point in items]


class _Fields:
    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}

    def add(self, name: str, text: str) -> None:
        if text.strip():
            self.values.setdefault(name, []).append(text.strip())

    def joined(self, name: str, sep: str = "\n\n") -> str:
        return sep.join(self.values.get(name, []))


def _label_and_text(unit: Unit, blocks: list[Block]) -> tuple[str, list[Block]]:
    """A label's own text: what followed it on its line, else the first paragraph under it."""
    if unit.rest:
        return unit.rest, blocks
    if blocks and blocks[0].kind in (BlockKind.PARAGRAPH, BlockKind.LABEL) and blocks[0].level == 0:
        return blocks[0].plain() if blocks[0].kind is BlockKind.LABEL else blocks[0].text, blocks[1:]
    return "", blocks


def _story_note(units: Sequence[Unit], story: _Story, source: str, leftovers: Leftovers) -> NoteDraft:
    fields = _Fields()
    part_units = {units[i].name: i for i in story.parts}
    for name in STAR_ORDER:
        index = part_units[name]
        unit = units[index]
        body = [u.block for u in units[index + 1:_body_end(units, index, len(units))]]
        text = render_blocks(body)
        fields.add(name, "\n\n".join(t for t in (unit.rest, text) if t))
        if not fields.values.get(name):
            raise ImportFormatError(f"{name.capitalize()} has no text", source=source, line=unit.block.where.line)
    title = heading = ""
    questions: list[str] = []
    prose: list[Block] = []
    notes: list[str] = []
    for start, end, in_head in ((*story.head, True), (*story.tail, False)):
        for label, blocks in _groups(units, start, end):
            if label is None:
                prose += blocks
                continue
            if label.role in ("question", "soft_question"):
                text, more = _label_and_text(label, blocks)
                if text:
                    questions.append(" ".join(plain(text).split()))
                prose += more
            elif label.role == "title":
                text, more = _label_and_text(label, blocks)
                title = title or " ".join(plain(text).split())
                prose += more
            elif label.role == "heading":
                if in_head:  # a heading over the story titles it; one after it only heads more notes
                    heading = heading or label.name
                else:
                    prose.append(label.block)
                prose += blocks
            elif label.role == "field":
                fields.add(label.name, "\n\n".join(t for t in (label.rest, render_blocks(blocks)) if t))
            elif label.role == "coaching":
                content = [Block.paragraph(label.rest, label.block.where), *blocks] if label.rest else blocks
                if label.name == "checklist":
                    fields.add("checklist", "\n".join(_points(content)))
                else:
                    notes.append(f"**{label.label.rstrip(':')}**\n\n" + render_blocks(content))
    title = title or heading or (title_from_question(questions[0]) if questions else "")
    title = title or title_from_text(fields.joined("situation") or fields.joined("result"))
    if questions:
        fields.add("use_for", "\n".join(f"- {q}" for q in dict.fromkeys(questions)))
        fields.values.setdefault("answers", [questions[0]])
    body_prose = render_blocks(prose)
    if body_prose:
        leftovers.add(prose, f"the notes of story {title!r}")
    values = {"title": title}
    for name in ("anchor", "values", "use_for", *STAR_ORDER, "follow_ups", "checklist", "answers"):
        if fields.values.get(name):
            values[name] = fields.joined(name, "\n" if name in ("use_for", "checklist") else "\n\n")
    note_text = "\n\n".join(t for t in (fields.joined("notes"), body_prose, *notes) if t)
    if note_text:
        values["notes"] = note_text
    first = story.head[0] if story.head[0] < story.head[1] else story.parts[0]
    return NoteDraft("story", values, line=units[first].block.where.line)


def _check(units: Sequence[Unit], story: _Story, source: str) -> None:
    names = [units[i].name for i in story.parts]
    missing = [name.capitalize() for name in STAR_ORDER if name not in names]
    if missing:
        found = ", ".join(n.capitalize() for n in STAR_ORDER if n in names)
        raise ImportFormatError(
            f"the story starting here has no {' or '.join(missing)} label (found {found})",
            source=source,
            line=units[story.parts[0]].block.where.line,
        )


def read_stories(blocks: Sequence[Block], source: str, leftovers: Leftovers) -> list[NoteDraft]:
    """The stories in a region of blocks (a story missing a part is an :class:`ImportFormatError`)."""
    units = units_of(blocks)
    if len(count_parts(units)) < 4:
        lenient = units_of(blocks, lenient=True)
        if len(count_parts(lenient)) == 4:
            units = lenient
    stories = _split(units)
    for story in stories:
        _check(units, story, source)
    return [_story_note(units, story, source, leftovers) for story in stories]
